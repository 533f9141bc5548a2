"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/app/_components/trpc";
import { Alert, EmptyState, formatCost, formatDate, Skeleton } from "~/app/_components/ui";

export function LlmCalls({ id, live }: { id: string; live: boolean }) {
  const trpc = useTRPC();
  const calls = useQuery(trpc.migrationDetails.llmCalls.queryOptions({ id }, { refetchInterval: live ? 5_000 : false }));
  if (calls.isPending) return <Skeleton rows={3} label="Loading LLM calls…" />;
  if (calls.isError) return <Alert title="Could not load the LLM calls">{calls.error.message}</Alert>;
  const { totals, calls: list } = calls.data;
  if (list.length === 0) {
    return (
      <EmptyState title="No LLM calls.">
        Claude is asked only where the rules cannot translate faithfully, and only when the server has an Anthropic API key: this migration cost nothing.
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
      <div className="relative overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">LLM calls, newest first</caption>
          <thead className="bg-slate-50 text-left text-xs text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">When</th>
              <th scope="col" className="px-3 py-2 font-medium">Agent</th>
              <th scope="col" className="px-3 py-2 font-medium">Object</th>
              <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">Model</th>
              <th scope="col" className="px-3 py-2 text-right font-medium">Tokens in/out</th>
              <th scope="col" className="px-3 py-2 text-right font-medium">Cost</th>
              <th scope="col" className="hidden px-3 py-2 text-right font-medium sm:table-cell">Latency</th>
              <th scope="col" className="px-3 py-2 font-medium">Outcome</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {list.map((c) => (
              <tr key={c.id}>
                <td className="whitespace-nowrap px-3 py-2 text-slate-600">{formatDate(c.createdAt)}</td>
                <td className="px-3 py-2">{c.agent}</td>
                <td className="px-3 py-2 font-mono text-xs">{c.object ?? "—"}</td>
                <td className="hidden px-3 py-2 text-xs md:table-cell">{c.model}</td>
                <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">
                  {c.inputTokens.toLocaleString()} / {c.outputTokens.toLocaleString()}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{formatCost(c.costUsd)}</td>
                <td className="hidden px-3 py-2 text-right tabular-nums sm:table-cell">{(c.latencyMs / 1000).toFixed(1)} s</td>
                <td className="px-3 py-2">
                  <span className={c.outcome === "ok" ? "text-green-700" : "text-amber-800"} title={c.error ?? undefined}>
                    {c.outcome.replaceAll("_", " ")}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
