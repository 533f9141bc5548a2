"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "~/app/_components/trpc";
import { Alert, Button, formatDate, StatusBadge } from "~/app/_components/ui";
import { migrationStatus } from "~/db/enums";

type StatusFilter = (typeof migrationStatus)[number] | "";

export default function MigrationsPage() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<StatusFilter>("");
  const list = useInfiniteQuery(
    trpc.migrations.list.infiniteQueryOptions(
      { limit: 20, status: status || undefined },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchInterval: 5_000 },
    ),
  );
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">Migrations</h1>
        <div className="flex items-center gap-3">
          <label htmlFor="status" className="text-sm text-slate-600">
            Status
          </label>
          <select
            id="status"
            value={status}
            onChange={(e) => setStatus(e.target.value as StatusFilter)}
            className="rounded-md border-0 py-1.5 pl-2 pr-8 text-sm ring-1 ring-slate-300"
          >
            <option value="">All</option>
            {migrationStatus.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <Link href="/migrations/new" className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700">
            New migration
          </Link>
        </div>
      </div>

      {list.isError && <Alert>Could not load migrations: {list.error.message}</Alert>}
      {list.isPending && <p className="text-sm text-slate-500">Loading migrations…</p>}
      {list.isSuccess && items.length === 0 && (
        <div className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600">
          No migrations{status ? ` with status ${status}` : ""} yet.{" "}
          <Link href="/migrations/new" className="font-medium text-indigo-700 hover:underline">
            Start one from the sample database
          </Link>
          .
        </div>
      )}
      {items.length > 0 && (
        <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Name</th>
                <th scope="col" className="px-4 py-2 font-medium">Source</th>
                <th scope="col" className="px-4 py-2 font-medium">Status</th>
                <th scope="col" className="px-4 py-2 font-medium">Progress</th>
                <th scope="col" className="px-4 py-2 font-medium">Created</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((m) => (
                <tr key={m.id} data-testid="migration-row">
                  <td className="px-4 py-2">
                    <Link href={`/migrations/${m.id}`} className="font-medium text-indigo-700 hover:underline">
                      {m.name}
                    </Link>
                  </td>
                  <td className="px-4 py-2">{m.sourceKind}</td>
                  <td className="px-4 py-2">
                    <StatusBadge status={m.status} />
                  </td>
                  <td className="px-4 py-2">
                    <progress value={m.progress} max={1} aria-label={`${Math.round(m.progress * 100)}% done`} className="h-2 w-24" />
                  </td>
                  <td className="px-4 py-2 text-slate-600">{formatDate(m.createdAt)}</td>
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
