"use client";

import type { DataDiff } from "~/agents/core/contracts";
import { DIFF_KIND_LABEL, diffCsv } from "~/agents/evaluate/diff-csv";
import { Table } from "~/app/_components/table";
import { Button } from "~/app/_components/ui";

const SHOWN_ROWS = 20;

const percent = (matched: number, of: number) => (of === 0 ? "—" : `${Math.floor((matched / of) * 1000) / 10} %`);
const cell = (value: string | null | undefined) => (value === null || value === undefined ? "NULL" : value);

/**
 * A compared result, Datafold style: how many rows are identical, differ, or exist on one side only; each column's
 * match rate over the rows both sides have; the first differing rows side by side with the differing cells marked;
 * and those rows as a CSV.
 */
export function DataDiffView({ diff, fileName }: { diff: DataDiff; fileName: string }) {
  const paired = diff.identical + diff.differing;
  const imperfect = diff.columns
    .map((name, i) => ({ name, matched: diff.columnMatches[i] ?? 0 }))
    .filter((c) => c.matched < paired);
  const counts: [string, number, string][] = [
    ["identical", diff.identical, "text-green-800"],
    ["differ", diff.differing, "text-orange-800"],
    ["only expected", diff.onlyExpected, "text-red-800"],
    ["only actual", diff.onlyActual, "text-red-800"],
  ];
  return (
    <div className="space-y-3" data-testid="data-diff">
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {counts.map(([label, n, tone]) => (
          <div key={label} className="rounded bg-slate-50 px-2 py-1.5">
            <dt className="text-xs text-slate-600">rows {label}</dt>
            <dd
              className={`font-semibold tabular-nums ${n ? tone : "text-slate-500"}`}
              data-testid={`diff-${label.replace(" ", "-")}`}
            >
              {n}
            </dd>
          </div>
        ))}
      </dl>
      <p className="text-xs text-slate-600">
        Rows paired{" "}
        {diff.keyedBy.length
          ? `by their key (${diff.keyedBy.join(", ")})`
          : "by their values (no key: the closest rows are paired)"}
        .
      </p>
      {paired > 0 && (
        <Table
          caption="Column match rates"
          testId="column-match-rates"
          size="compact"
          framed={false}
          rows={
            imperfect.length
              ? imperfect
              : diff.columns.map((name, i) => ({ name, matched: diff.columnMatches[i] ?? 0 }))
          }
          rowKey={(c) => c.name}
          empty={null}
          columns={[
            { key: "column", header: "Column", cell: (c) => c.name, className: "font-mono" },
            {
              key: "rate",
              header: "Same value in rows on both sides",
              align: "right",
              className: "tabular-nums",
              cell: (c) => (
                <span className={c.matched < paired ? "font-semibold text-orange-800" : "text-slate-700"}>
                  {percent(c.matched, paired)} ({c.matched}/{paired})
                </span>
              ),
            },
          ]}
        />
      )}
      {imperfect.length > 0 && imperfect.length < diff.columns.length && (
        <p className="text-xs text-slate-600">Every other column: 100 %.</p>
      )}
      {diff.rows.length > 0 && (
        <>
          {/* Not the Table component: it renders one record per row with the same cell for every record, and here a
              row of the diff is two lines (expected over actual) under one merged Row cell (rowSpan), with each
              differing cell marked on its own (data-differs); a sticky header keeps the columns named while the
              frame scrolls. */}
          <div className="max-h-96 overflow-auto rounded ring-1 ring-slate-200">
            <table className="min-w-full text-xs" aria-label="Differing rows side by side" data-testid="diff-rows">
              <thead className="sticky top-0 bg-slate-50 text-left text-slate-600">
                <tr>
                  <th scope="col" className="px-2 py-1 font-medium">
                    Row
                  </th>
                  <th scope="col" className="px-2 py-1 font-medium">
                    Side
                  </th>
                  {diff.columns.map((c) => (
                    <th key={c} scope="col" className="whitespace-nowrap px-2 py-1 font-mono font-medium">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {diff.rows.slice(0, SHOWN_ROWS).map((row, r) =>
                  (["expected", "actual"] as const)
                    .filter((side) => row[side] !== null)
                    .map((side, s) => (
                      <tr key={`${r}-${side}`} className={s === 0 ? "border-t border-slate-200" : ""}>
                        {s === 0 && (
                          <td
                            rowSpan={row.expected && row.actual ? 2 : 1}
                            className="px-2 py-1 align-top text-slate-600"
                          >
                            {DIFF_KIND_LABEL[row.kind]}
                          </td>
                        )}
                        <td className="px-2 py-1 text-slate-500">{side}</td>
                        {diff.columns.map((c, i) => (
                          <td
                            key={c}
                            data-differs={row.differs.includes(i) && row.kind === "differing" ? "true" : undefined}
                            className={`whitespace-pre px-2 py-1 font-mono ${row.differs.includes(i) && row.kind === "differing" ? "bg-orange-100 font-semibold text-orange-900" : ""}`}
                          >
                            {cell(row[side]![i])}
                          </td>
                        ))}
                      </tr>
                    )),
                )}
              </tbody>
            </table>
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <Button variant="secondary" onClick={() => download(diff, fileName)}>
              Download diff CSV
            </Button>
            <span className="text-xs text-slate-600">
              {Math.min(SHOWN_ROWS, diff.rows.length)} of {diff.rows.length} shown; the CSV holds {diff.rows.length}
              {diff.truncated
                ? ` (the first; ${diff.differing + diff.onlyExpected + diff.onlyActual} rows differ in all)`
                : ""}
              .
            </span>
          </div>
        </>
      )}
    </div>
  );
}

function download(diff: DataDiff, fileName: string) {
  const url = URL.createObjectURL(new Blob([diffCsv(diff)], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
