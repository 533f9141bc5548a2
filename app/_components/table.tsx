import type { ReactNode } from "react";

/**
 * Below this width a column is left out; what the reader still needs from it goes into a cell that stays (e.g.
 * a second line under the name). Literal class names: Tailwind finds only what is written out in full.
 */
const HIDDEN_BELOW = { sm: "hidden sm:table-cell", md: "hidden md:table-cell", lg: "hidden lg:table-cell" } as const;

export type Column<Row> = {
  key: string;
  header: ReactNode;
  /** The header is read out but not shown (e.g. a column of action buttons). */
  srOnlyHeader?: boolean;
  cell: (row: Row) => ReactNode;
  align?: "left" | "right";
  /** The column only shows from this width up (phones see the columns that matter first). */
  hideBelow?: keyof typeof HIDDEN_BELOW;
  /** Extra classes for the column's cells (width, truncation, nowrap). */
  className?: string;
};

/**
 * A list of records as an accessible table: a caption for screen readers, scoped column headers, an empty state
 * instead of an empty grid, and a phone layout in which less important columns step aside. The table scrolls inside
 * its own frame, never the page, if its content is still wider than the screen.
 */
export function Table<Row>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  rowTestId,
  testId,
  size = "normal",
  framed = true,
}: {
  caption: string;
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Shown instead of the table when there is no row. */
  empty: ReactNode;
  rowTestId?: string;
  testId?: string;
  /** "compact": denser rows for tables inside a card. */
  size?: "normal" | "compact";
  /** false: no ring of its own (the table sits inside a card that has one). */
  framed?: boolean;
}) {
  if (rows.length === 0) return <>{empty}</>;
  const pad = size === "compact" ? "px-3 py-1.5 sm:px-4" : "px-3 py-2 sm:px-4 sm:py-2.5";
  const align = (c: Column<Row>) => (c.align === "right" ? "text-right" : "text-left");
  const hide = (c: Column<Row>) => (c.hideBelow ? HIDDEN_BELOW[c.hideBelow] : "");
  return (
    <div className={`relative max-w-full overflow-x-auto ${framed ? "rounded-lg bg-white ring-1 ring-slate-200" : ""}`}>
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-xs text-slate-600">
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={`${pad} font-medium ${align(c)} ${hide(c)}`}>
                {c.srOnlyHeader ? <span className="sr-only">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={rowKey(row)} data-testid={rowTestId} className="hover:bg-slate-50">
              {columns.map((c) => (
                <td key={c.key} className={`${pad} align-top ${align(c)} ${hide(c)} ${c.className ?? ""}`}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
