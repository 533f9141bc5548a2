"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useTRPC } from "~/app/_components/trpc";
import { Alert, Button, EmptyState, formatCost, formatDate, LinkButton, ProgressBar, SearchField, Select, Skeleton, SOURCE_LABELS, StatusBadge, issuesText, statusLabel } from "~/app/_components/ui";
import { migrationSourceKind, migrationStatus } from "~/db/enums";

type StatusFilter = (typeof migrationStatus)[number] | "";
type SourceFilter = (typeof migrationSourceKind)[number] | "";

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export default function MigrationsPage() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<StatusFilter>("");
  const [sourceKind, setSourceKind] = useState<SourceFilter>("");
  const [searchText, setSearchText] = useState("");
  const search = useDebounced(searchText.trim(), 250);
  const filtered = !!(status || sourceKind || search);

  const list = useInfiniteQuery({
    ...trpc.migrations.list.infiniteQueryOptions(
      { limit: 20, status: status || undefined, sourceKind: sourceKind || undefined, search: search || undefined },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
    placeholderData: keepPreviousData,
    // Live without a reload: quick while something is queued or running, slow otherwise.
    refetchInterval: (query) =>
      query.state.data?.pages.some((p) => p.items.some((m) => m.status === "queued" || m.status === "running")) ? 2_000 : 15_000,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section className="space-y-5" aria-labelledby="migrations-title">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="migrations-title" className="text-2xl font-semibold">
          Migrations
        </h1>
        <LinkButton href="/migrations/new" variant="primary">
          New migration
        </LinkButton>
      </div>

      <form role="search" aria-label="Filter migrations" className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
        <SearchField label="Search" id="search" value={searchText} onChange={(e) => setSearchText(e.target.value)} placeholder="Search by name" className="min-w-48 flex-1" />
        <Select label="Status" id="status" value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
          <option value="">All</option>
          {migrationStatus.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </Select>
        <Select label="Source" id="source" value={sourceKind} onChange={(e) => setSourceKind(e.target.value as SourceFilter)}>
          <option value="">All</option>
          {migrationSourceKind.map((s) => (
            <option key={s} value={s}>
              {SOURCE_LABELS[s]}
            </option>
          ))}
        </Select>
        {filtered && (
          <Button
            type="button"
            variant="ghost"
            onClick={() => {
              setStatus("");
              setSourceKind("");
              setSearchText("");
            }}
          >
            Clear filters
          </Button>
        )}
      </form>

      {list.isError && (
        <Alert title="Could not load migrations">
          {list.error.message}{" "}
          <button type="button" className="font-medium underline" onClick={() => list.refetch()}>
            Try again
          </button>
        </Alert>
      )}
      {list.isPending && <Skeleton rows={4} label="Loading migrations…" />}
      {list.isSuccess && items.length === 0 && !filtered && (
        <EmptyState title="No migrations yet.">
          <Link href="/migrations/new" className="font-medium text-indigo-700 hover:underline">
            Start one from the sample database
          </Link>{" "}
          to see the six agents at work in a few seconds.
        </EmptyState>
      )}
      {list.isSuccess && items.length === 0 && filtered && <EmptyState title="No migrations match these filters." />}
      {items.length > 0 && (
        <div className="relative overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Your migrations, newest first{list.isFetching ? " (refreshing)" : ""}</caption>
            <thead className="bg-slate-50 text-left text-xs text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Name</th>
                <th scope="col" className="hidden px-4 py-2 font-medium md:table-cell">Source</th>
                <th scope="col" className="px-4 py-2 font-medium">Status</th>
                <th scope="col" className="hidden px-4 py-2 font-medium sm:table-cell">Progress</th>
                <th scope="col" className="px-4 py-2 text-right font-medium">Objects</th>
                <th scope="col" className="hidden px-4 py-2 text-right font-medium sm:table-cell">LLM cost</th>
                <th scope="col" className="hidden px-4 py-2 font-medium lg:table-cell">Started</th>
                <th scope="col" className="hidden px-4 py-2 font-medium lg:table-cell">Finished</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((m) => (
                <tr key={m.id} data-testid="migration-row" className="hover:bg-slate-50">
                  <td className="max-w-64 px-4 py-2.5">
                    <Link href={`/migrations/${m.id}`} className="block truncate font-medium text-indigo-700 hover:underline">
                      {m.name}
                    </Link>
                    <span className="block truncate text-xs text-slate-500 md:hidden">{m.sourceFilename ?? SOURCE_LABELS[m.sourceKind]}</span>
                  </td>
                  <td className="hidden px-4 py-2.5 md:table-cell">
                    <span className="block text-slate-800">{SOURCE_LABELS[m.sourceKind]}</span>
                    {m.sourceFilename && m.sourceKind === "upload" && <span className="block max-w-48 truncate text-xs text-slate-500">{m.sourceFilename}</span>}
                  </td>
                  <td className="px-4 py-2.5">
                    <StatusBadge status={m.status} />
                    {m.status === "completed_with_issues" && m.summary && (
                      <span data-testid="migration-issues" className="mt-0.5 block max-w-56 text-xs text-amber-800">
                        {issuesText(m.summary)}
                      </span>
                    )}
                    <span className="block text-xs tabular-nums text-slate-500 sm:hidden">{Math.round(m.progress * 100)}%</span>
                  </td>
                  <td className="hidden w-40 px-4 py-2.5 sm:table-cell">
                    <ProgressBar value={m.progress} label={`Progress of ${m.name}`} />
                  </td>
                  <td className="whitespace-nowrap px-4 py-2.5 text-right tabular-nums">
                    {m.summary ? (
                      // Views, procedures and functions proven against SQL Server's data; tables (only loaded) apart.
                      m.summary.programmable && m.summary.tables ? (
                        <span
                          title={`${m.summary.programmable.validated} of ${m.summary.programmable.total} views, procedures and functions validated; ${m.summary.tables.loaded} of ${m.summary.tables.total} source tables loaded`}
                        >
                          {m.summary.programmable.validated}/{m.summary.programmable.total}
                          <span className="sr-only"> views, procedures and functions validated,</span>
                          <span className="block text-xs text-slate-500">
                            {m.summary.tables.loaded}/{m.summary.tables.total} tables<span className="sr-only"> loaded</span>
                          </span>
                        </span>
                      ) : (
                        <span title={`${m.summary.validated} of ${m.summary.total} objects validated`}>
                          {m.summary.validated}/{m.summary.total}
                          <span className="sr-only"> validated</span>
                        </span>
                      )
                    ) : (
                      <span className="text-slate-400">—</span>
                    )}
                  </td>
                  <td className="hidden px-4 py-2.5 text-right tabular-nums sm:table-cell">{formatCost(m.llmCostUsd)}</td>
                  <td className="hidden whitespace-nowrap px-4 py-2.5 text-slate-600 lg:table-cell">{formatDate(m.startedAt)}</td>
                  <td className="hidden whitespace-nowrap px-4 py-2.5 text-slate-600 lg:table-cell">{formatDate(m.finishedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.hasNextPage && (
        <Button variant="secondary" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      )}
    </section>
  );
}
