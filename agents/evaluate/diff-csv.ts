// The browser build of csv-stringify: this module also runs in the dashboard, where Node's streams are absent.
import { stringify } from "csv-stringify/browser/esm/sync";
import type { DataDiff, DiffRow } from "~/agents/core/contracts";

export const DIFF_KIND_LABEL: Record<DiffRow["kind"], string> = {
  differing: "differs",
  only_expected: "only expected",
  only_actual: "only actual",
};

/** A data diff's rows as CSV: the kind of difference, then each column's expected and actual value. */
export function diffCsv(diff: DataDiff): string {
  const header = ["difference", ...diff.columns.flatMap((c) => [`${c} (expected)`, `${c} (actual)`])];
  // NULL becomes an empty field and an empty string a quoted "", so the two stay apart.
  const rows = diff.rows.map((row) => [
    DIFF_KIND_LABEL[row.kind],
    ...diff.columns.flatMap((_, i) => [row.expected?.[i] ?? undefined, row.actual?.[i] ?? undefined]),
  ]);
  return stringify([header, ...rows], {
    cast: { string: (value) => (value === "" ? { value, quoted_empty: true } : value) },
  });
}
