"use client";

import { useQuery } from "@tanstack/react-query";
import { type Column, Table } from "~/app/_components/table";
import { useTRPC } from "~/app/_components/trpc";
import { Alert, EmptyState, formatCost, formatDate, Skeleton } from "~/app/_components/ui";
import type { RouterOutputs } from "./types";

type Call = RouterOutputs["migrationDetails"]["llmCalls"]["calls"][number];

/** On a phone: what was asked (agent, object), what it cost, how it ended; wider screens add when, model, tokens, latency. */
const COLUMNS: Column<Call>[] = [
  {
    key: "when",
    header: "When",
    hideBelow: "sm",
    className: "whitespace-nowrap text-slate-600",
    cell: (c) => formatDate(c.createdAt),
  },
  {
    key: "object",
    header: "Agent and object",
    className: "max-w-[12rem] sm:max-w-none",
    cell: (c) => (
      <>
        <span className="block">{c.agent}</span>
        <span className="block truncate font-mono text-xs">{c.object ?? "—"}</span>
      </>
    ),
  },
  { key: "model", header: "Model", hideBelow: "md", className: "text-xs", cell: (c) => c.model },
  {
    key: "tokens",
    header: "Tokens in/out",
    align: "right",
    hideBelow: "sm",
    className: "whitespace-nowrap tabular-nums",
    cell: (c) => `${c.inputTokens.toLocaleString()} / ${c.outputTokens.toLocaleString()}`,
  },
  { key: "cost", header: "Cost", align: "right", className: "tabular-nums", cell: (c) => formatCost(c.costUsd) },
  {
    key: "latency",
    header: "Latency",
    align: "right",
    hideBelow: "sm",
    className: "tabular-nums",
    cell: (c) => `${(c.latencyMs / 1000).toFixed(1)} s`,
  },
  {
    key: "outcome",
    header: "Outcome",
    cell: (c) => (
      <span className={c.outcome === "ok" ? "text-green-700" : "text-amber-800"} title={c.error ?? undefined}>
        {c.outcome.replaceAll("_", " ")}
      </span>
    ),
  },
];

export function LlmCalls({ id, live }: { id: string; live: boolean }) {
  const trpc = useTRPC();
  const calls = useQuery(
    trpc.migrationDetails.llmCalls.queryOptions({ id }, { refetchInterval: live ? 5_000 : false }),
  );
  if (calls.isPending) return <Skeleton rows={3} label="Loading LLM calls…" />;
  if (calls.isError) return <Alert title="Could not load the LLM calls">{calls.error.message}</Alert>;
  const { totals, calls: list } = calls.data;
  if (list.length === 0) {
    return (
      <EmptyState title="No LLM calls.">
        Claude is asked only where the rules cannot translate faithfully, and only when the server has an Anthropic API
        key: this migration cost nothing.
      </EmptyState>
    );
  }
  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {[
          ["Calls", `${totals.calls} (${totals.ok} ok)`],
          ["Input tokens", totals.inputTokens.toLocaleString()],
          ["Output tokens", totals.outputTokens.toLocaleString()],
          ["Cost", formatCost(totals.costUsd)],
        ].map(([label, value]) => (
          <div key={label} className="rounded-md bg-white px-3 py-2 ring-1 ring-slate-200">
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className="text-lg font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <Table
        caption="LLM calls, newest first"
        columns={COLUMNS}
        rows={list}
        rowKey={(c) => String(c.id)}
        empty={null}
      />
    </div>
  );
}
