"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { type Column, Table } from "~/app/_components/table";
import { EmptyState, FilterBar, SearchField, Select, StatusBadge } from "~/app/_components/ui";
import type { RouterOutputs } from "./types";

type ObjectRow = RouterOutputs["migrationDetails"]["objects"]["objects"][number];

export function comparisonText(c: ObjectRow["comparison"]) {
  if (!c) return "—";
  if (c.status === "not_compared") return "not compared";
  const rows = c.expectedRows !== undefined ? ` (${c.actualRows ?? "?"}/${c.expectedRows} rows)` : "";
  return `${c.status}${rows}`;
}

export function objectLabel(row: { status: string | null; stage: string }) {
  return row.status ?? (row.stage === "reported" ? "reported" : row.stage);
}

const STATUS_FILTERS = ["validated", "loaded", "mismatch", "executed", "needs_review", "failed"] as const;
/** Proven: a view or procedure with SQL Server's data, or a table with the input's rows. */
const proven = (status: string | null) => status === "validated" || status === "loaded";

/** On a phone: the object (its kind and reason under it) and its status; wider screens add the rest. */
const columns = (hrefFor: (key: string) => string): Column<ObjectRow>[] => [
  {
    key: "object",
    header: "Source object",
    className: "max-w-[14rem] sm:max-w-72",
    cell: (r) => (
      <>
        <Link href={hrefFor(r.key)} className="block truncate font-medium text-indigo-700 hover:underline">
          {r.object}
        </Link>
        <span className="block text-xs text-slate-500 sm:hidden">{r.kind}</span>
        {r.reason && !proven(r.status) && (
          <span className="block truncate text-xs text-slate-500" title={r.reason}>
            {r.reason}
          </span>
        )}
      </>
    ),
  },
  { key: "kind", header: "Kind", hideBelow: "sm", className: "text-slate-700", cell: (r) => r.kind },
  {
    key: "model",
    header: "Model",
    hideBelow: "md",
    cell: (r) => (
      <>
        {r.model ? <code className="text-xs">{r.model}</code> : <span className="text-slate-400">—</span>}
        {r.layer && <span className="block text-xs text-slate-500">{r.layer}</span>}
      </>
    ),
  },
  { key: "status", header: "Status", cell: (r) => <StatusBadge status={objectLabel(r)} /> },
  {
    key: "attempts",
    header: "Attempts",
    align: "right",
    hideBelow: "sm",
    className: "tabular-nums",
    cell: (r) => r.attempts || "—",
  },
  {
    key: "rows",
    header: "Rows",
    align: "right",
    hideBelow: "sm",
    className: "tabular-nums",
    cell: (r) => r.rows ?? "—",
  },
  {
    key: "comparison",
    header: "Comparison",
    hideBelow: "lg",
    className: "text-slate-700",
    cell: (r) => comparisonText(r.comparison),
  },
];

export function ObjectsTable({
  rows,
  final,
  hrefFor,
}: {
  rows: ObjectRow[];
  final: boolean;
  hrefFor: (key: string) => string;
}) {
  const [status, setStatus] = useState("");
  const [kind, setKind] = useState("");
  const [text, setText] = useState("");
  const kinds = useMemo(() => [...new Set(rows.map((r) => r.kind))], [rows]);
  const shown = rows.filter(
    (r) =>
      (!status || (status === "not_green" ? !proven(r.status) : objectLabel(r) === status)) &&
      (!kind || r.kind === kind) &&
      (!text || `${r.object} ${r.model ?? ""}`.toLowerCase().includes(text.toLowerCase())),
  );
  const counts = Object.fromEntries(STATUS_FILTERS.map((s) => [s, rows.filter((r) => r.status === s).length]));

  return (
    <div className="space-y-3">
      <FilterBar label="Filter objects">
        <SearchField
          label="Object or model contains"
          id="object-search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          className="w-full sm:w-auto sm:min-w-44 sm:flex-1"
        />
        <Select
          label="Object status"
          id="object-status"
          value={status}
          onChange={setStatus}
          all={`All (${rows.length})`}
          options={
            final
              ? [
                  {
                    value: "not_green",
                    label: `Not validated or loaded (${rows.filter((r) => !proven(r.status)).length})`,
                  },
                  ...STATUS_FILTERS.map((s) => ({ value: s, label: `${s.replace("_", " ")} (${counts[s]})` })),
                ]
              : [...new Set(rows.map(objectLabel))].map((s) => ({ value: s, label: s }))
          }
        />
        <Select
          label="Kind"
          id="object-kind"
          value={kind}
          onChange={setKind}
          options={kinds.map((k) => ({ value: k, label: k }))}
        />
      </FilterBar>
      {!final && rows.length > 0 && (
        <p className="text-xs text-slate-500">Statuses are provisional until the Evaluator has compared the data.</p>
      )}
      <Table
        caption={`Source objects: ${shown.length} of ${rows.length} shown`}
        columns={columns(hrefFor)}
        rows={shown}
        rowKey={(r) => r.key}
        testId="objects-table"
        rowTestId="object-row"
        empty={
          <EmptyState title={rows.length ? "No object matches these filters." : "No objects yet."}>
            {!rows.length && "The Assessment lists the objects once it has read the source."}
          </EmptyState>
        }
      />
    </div>
  );
}
