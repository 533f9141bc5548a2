import type { MigrationSummary, SummaryCounts } from "~/db/schema";

/** How a migration whose pipeline ran to the end is labelled. */
export type FinishedOutcome = "succeeded" | "completed_with_issues";

/** Objects that did not reach a green status: failed, returned other rows than expected, or need a person. */
export function issueCount(counts: Pick<SummaryCounts, "mismatch" | "needs_review" | "failed">): number {
  return (counts.mismatch ?? 0) + (counts.needs_review ?? 0) + (counts.failed ?? 0);
}

/**
 * The status of a migration whose pipeline ran to the end. Green `succeeded` only when every view, procedure
 * and function was validated (returned the expected rows) or, without expected data, executed, and every
 * source table was loaded (or executed): any object failed, mismatched or needing review makes it
 * `completed_with_issues`. Summaries from before programmable objects and tables were counted apart are judged
 * on their totals, which carry the same statuses.
 */
export function finishedStatus(
  summary: Pick<MigrationSummary, "mismatch" | "needs_review" | "failed" | "programmable" | "tables">,
): FinishedOutcome {
  const issues =
    summary.programmable && summary.tables
      ? issueCount(summary.programmable) + issueCount(summary.tables)
      : issueCount(summary);
  return issues > 0 ? "completed_with_issues" : "succeeded";
}

/** Statuses an owner's decision can take out of the issues: what the pipeline could not make green. */
const DECIDABLE = ["mismatch", "needs_review", "failed"] as const;
type Decidable = (typeof DECIDABLE)[number];
export const isDecidable = (status: string): status is Decidable => (DECIDABLE as readonly string[]).includes(status);

/**
 * The summary with the owner's decisions applied: an object accepted (with a note) or put out of scope no longer
 * counts as an issue; it moves from its status's count to `decided`, in the totals and in its group (source
 * tables apart from programmable objects), so `finishedStatus` can turn green when every remaining object is.
 * A decision on an object that is green (again, after a re-run) changes nothing.
 */
export function withDecisions(
  summary: MigrationSummary,
  objects: { key: string; kind: string; status: string }[],
  decisions: { objectKey: string; decision: "accepted" | "out_of_scope" }[],
): MigrationSummary {
  const out: MigrationSummary = {
    ...summary,
    ...(summary.programmable ? { programmable: { ...summary.programmable } } : {}),
    ...(summary.tables ? { tables: { ...summary.tables } } : {}),
    decided: { accepted: 0, out_of_scope: 0 },
  };
  const byKey = new Map(objects.map((o) => [o.key, o]));
  for (const d of decisions) {
    const object = byKey.get(d.objectKey);
    if (!object || !isDecidable(object.status)) continue;
    out[object.status] -= 1;
    const group = object.kind === "table" ? out.tables : out.programmable;
    if (group) group[object.status] -= 1;
    out.decided![d.decision] += 1;
  }
  return out;
}
