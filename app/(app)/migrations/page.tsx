"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { type Column, Table } from "~/app/_components/table";
import { useTRPC } from "~/app/_components/trpc";
import { useDebounced } from "~/app/_components/use-debounced";
import type { RouterOutputs } from "./[id]/_components/types";
import {
  Alert,
  Button,
  EmptyState,
  FilterBar,
  formatCost,
  formatDate,
  LinkButton,
  ProgressBar,
  SearchField,
  Select,
  Skeleton,
  SOURCE_LABELS,
  StatusBadge,
  issuesText,
  statusLabel,
} from "~/app/_components/ui";
import { provenText } from "~/agents/core/summary-text";
import { migrationSourceKind, migrationStatus } from "~/db/enums";

type StatusFilter = (typeof migrationStatus)[number] | "";
type SourceFilter = (typeof migrationSourceKind)[number] | "";

type MigrationRow = RouterOutputs["migrations"]["list"]["items"][number];

/** Views, procedures and functions proven against SQL Server's data; tables (only loaded) apart. */
function ObjectCounts({ m }: { m: MigrationRow }) {
  const s = m.summary;
  if (!s) return <span className="text-slate-400">—</span>;
  if (!s.programmable || !s.tables) {
    return (
      <span title={`${s.validated} of ${s.total} objects validated`}>
        {s.validated}/{s.total}
        <span className="sr-only"> validated</span>
      </span>
    );
  }
  return (
    <span
      title={`${s.programmable.validated} of ${s.programmable.total} views, procedures and functions validated; ${s.tables.loaded} of ${s.tables.total} source tables loaded`}
    >
      {s.programmable.validated}/{s.programmable.total}
      <span className="sr-only"> views, procedures and functions validated,</span>
      <span className="block text-xs text-slate-500">
        {s.tables.loaded}/{s.tables.total} tables<span className="sr-only"> loaded</span>
      </span>
    </span>
  );
}

/** On a phone: name (source under it) and status (progress and counts under it); wider screens add the rest. */
const COLUMNS: Column<MigrationRow>[] = [
  {
    key: "name",
    header: "Name",
    className: "max-w-[9rem] sm:max-w-64",
    cell: (m) => (
      <>
        <Link href={`/migrations/${m.id}`} className="block truncate font-medium text-indigo-700 hover:underline">
          {m.name}
        </Link>
        <span className="block truncate text-xs text-slate-500 md:hidden">
          {m.sourceFilename ?? SOURCE_LABELS[m.sourceKind]}
        </span>
      </>
    ),
  },
  {
    key: "source",
    header: "Source",
    hideBelow: "md",
    cell: (m) => (
      <>
        <span className="block text-slate-800">{SOURCE_LABELS[m.sourceKind]}</span>
        {m.sourceFilename && m.sourceKind === "upload" && (
          <span className="block max-w-48 truncate text-xs text-slate-500">{m.sourceFilename}</span>
        )}
      </>
    ),
  },
  {
    key: "status",
    header: "Status",
    cell: (m) => (
      <>
        <StatusBadge status={m.status} />
        {m.status === "completed_with_issues" && m.summary && (
          <span data-testid="migration-issues" className="mt-0.5 block max-w-56 text-xs text-amber-800">
            {issuesText(m.summary)}
          </span>
        )}
        {/* A phone has no Progress and Objects columns: both in short under the status. */}
        <span className="block text-xs tabular-nums text-slate-500 sm:hidden">
          {Math.round(m.progress * 100)}%{m.summary && ` · ${provenText(m.summary)}`}
        </span>
      </>
    ),
  },
  {
    key: "progress",
    header: "Progress",
    hideBelow: "sm",
    className: "w-40",
    cell: (m) => <ProgressBar value={m.progress} label={`Progress of ${m.name}`} />,
  },
  {
    key: "objects",
    header: "Objects",
    align: "right",
    hideBelow: "sm",
    className: "whitespace-nowrap tabular-nums",
    cell: (m) => <ObjectCounts m={m} />,
  },
  {
    key: "cost",
    header: "LLM cost",
    align: "right",
    hideBelow: "sm",
    className: "tabular-nums",
    cell: (m) => formatCost(m.llmCostUsd),
  },
  {
    key: "started",
    header: "Started",
    hideBelow: "lg",
    className: "whitespace-nowrap text-slate-600",
    cell: (m) => formatDate(m.startedAt),
  },
  {
    key: "finished",
    header: "Finished",
    hideBelow: "lg",
    className: "whitespace-nowrap text-slate-600",
    cell: (m) => formatDate(m.finishedAt),
  },
];

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
      query.state.data?.pages.some((p) => p.items.some((m) => m.status === "queued" || m.status === "running"))
        ? 2_000
        : 15_000,
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

      <FilterBar label="Filter migrations">
        <SearchField
          label="Search"
          id="search"
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          placeholder="Search by name"
          className="w-full sm:w-auto sm:min-w-48 sm:flex-1"
        />
        <Select
          label="Status"
          id="status"
          value={status}
          onChange={setStatus}
          options={migrationStatus.map((s) => ({ value: s, label: statusLabel(s) }))}
        />
        <Select
          label="Source"
          id="source"
          value={sourceKind}
          onChange={setSourceKind}
          options={migrationSourceKind.map((s) => ({ value: s, label: SOURCE_LABELS[s] }))}
        />
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
      </FilterBar>

      {list.isError && (
        <Alert title="Could not load migrations">
          {list.error.message}{" "}
          <button type="button" className="font-medium underline" onClick={() => list.refetch()}>
            Try again
          </button>
        </Alert>
      )}
      {list.isPending && <Skeleton rows={4} label="Loading migrations…" />}
      {list.data && (
        <Table
          caption={`Your migrations, newest first${list.isFetching ? " (refreshing)" : ""}`}
          columns={COLUMNS}
          rows={items}
          rowKey={(m) => m.id}
          rowTestId="migration-row"
          empty={
            filtered ? (
              <EmptyState title="No migrations match these filters." />
            ) : (
              <EmptyState title="No migrations yet.">
                <Link href="/migrations/new" className="font-medium text-indigo-700 hover:underline">
                  Start one from the sample database
                </Link>{" "}
                to see the six agents at work in a few seconds.
              </EmptyState>
            )
          }
        />
      )}
      {list.hasNextPage && (
        <Button variant="secondary" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      )}
    </section>
  );
}
