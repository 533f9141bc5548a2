"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useTRPC } from "~/app/_components/trpc";
import { Alert, Button, formatDate, StatusBadge } from "~/app/_components/ui";

export default function MigrationPage() {
  const { id } = useParams<{ id: string }>();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const migration = useQuery(trpc.migrations.get.queryOptions({ id }, { refetchInterval: 3_000, retry: false }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.migrations.pathKey() });
  const cancel = useMutation(trpc.migrations.cancel.mutationOptions({ onSuccess: refresh }));
  const retry = useMutation(trpc.migrations.retry.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.migrations.delete.mutationOptions({ onSuccess: () => router.push("/migrations") }));
  const actionError = cancel.error ?? retry.error ?? remove.error;

  if (migration.isPending) return <p className="text-sm text-slate-500">Loading migration…</p>;
  if (migration.isError) {
    return (
      <div className="space-y-4">
        <Alert>{migration.error.data?.code === "NOT_FOUND" ? "This migration does not exist or is not yours." : migration.error.message}</Alert>
        <Link href="/migrations" className="text-sm font-medium text-indigo-700 hover:underline">
          Back to migrations
        </Link>
      </div>
    );
  }
  const m = migration.data;
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{m.name}</h1>
        <StatusBadge status={m.status} />
      </div>
      {actionError && <Alert>{actionError.message}</Alert>}
      {m.error && <Alert>{m.error}</Alert>}
      <dl className="grid grid-cols-1 gap-4 rounded-lg bg-white p-6 text-sm ring-1 ring-slate-200 sm:grid-cols-2">
        <div>
          <dt className="text-slate-500">Source</dt>
          <dd>{m.sourceKind}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Target</dt>
          <dd>{m.target}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Progress</dt>
          <dd>
            <progress value={m.progress} max={1} className="h-2 w-40" aria-label={`${Math.round(m.progress * 100)}% done`} />
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Created</dt>
          <dd>{formatDate(m.createdAt)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Started</dt>
          <dd>{formatDate(m.startedAt)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Finished</dt>
          <dd>{formatDate(m.finishedAt)}</dd>
        </div>
      </dl>
      <div className="flex flex-wrap gap-3">
        {(m.status === "queued" || m.status === "running") && (
          <Button variant="secondary" onClick={() => cancel.mutate({ id })} disabled={cancel.isPending}>
            Cancel
          </Button>
        )}
        {(m.status === "failed" || m.status === "cancelled") && (
          <Button variant="secondary" onClick={() => retry.mutate({ id })} disabled={retry.isPending}>
            Retry
          </Button>
        )}
        {m.status !== "running" && (
          <Button variant="danger" onClick={() => confirm(`Delete migration “${m.name}”?`) && remove.mutate({ id })} disabled={remove.isPending}>
            Delete
          </Button>
        )}
      </div>
    </section>
  );
}
