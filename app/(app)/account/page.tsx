"use client";

import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "~/app/_components/trpc";
import { Alert, Card, formatCost, Skeleton } from "~/app/_components/ui";
import { signOutAction } from "../../(auth)/actions";
import { WebhookCard } from "./webhook-card";

export default function AccountPage() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const stats = useQuery(trpc.migrations.stats.queryOptions());
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const activeKeys = keys.data?.filter(
    (k) => !k.revokedAt && (!k.expiresAt || new Date(k.expiresAt) > new Date()),
  ).length;

  return (
    <section className="max-w-3xl space-y-6" aria-labelledby="account-title">
      <h1 id="account-title" className="text-2xl font-semibold">
        Account
      </h1>
      <Card title="Profile" id="profile">
        <QueryState query={me} loading="Loading your profile…" />
        {me.data && (
          <dl className="grid grid-cols-1 gap-3 p-4 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-xs text-slate-500">Email</dt>
              <dd className="break-all font-medium" data-testid="account-email">
                {me.data.email}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Name</dt>
              <dd>{me.data.name ?? "—"}</dd>
            </div>
          </dl>
        )}
      </Card>

      <Card title="Usage" id="usage">
        <QueryState query={stats} loading="Loading usage…" />
        {stats.data && (
          <dl className="grid grid-cols-2 gap-3 p-4 text-sm sm:grid-cols-3 lg:grid-cols-5">
            {[
              ["Migrations", String(stats.data.total)],
              ["Succeeded", String(stats.data.migrations.succeeded ?? 0)],
              [
                "Views, procedures, functions validated",
                `${stats.data.objectsValidated} of ${stats.data.programmableMigrated}`,
              ],
              ["Source tables loaded", `${stats.data.tablesLoaded} of ${stats.data.tablesMigrated}`],
              ["LLM spend", formatCost(stats.data.llmCostUsd)],
            ].map(([label, value]) => (
              <div key={label} className="rounded-md bg-slate-50 px-3 py-2 ring-1 ring-slate-100">
                <dt className="text-xs text-slate-500">{label}</dt>
                <dd className="text-lg font-semibold tabular-nums">{value}</dd>
              </div>
            ))}
          </dl>
        )}
      </Card>

      <WebhookCard />

      <Card title="Access" id="access">
        <div className="space-y-3 p-4 text-sm text-slate-700">
          <p>
            {activeKeys === undefined ? "…" : activeKeys} active API key{activeKeys === 1 ? "" : "s"} for scripts and
            the CLI.{" "}
            <Link href="/api-keys" className="font-medium text-indigo-700 hover:underline">
              Manage keys
            </Link>{" "}
            ·{" "}
            <Link href="/scripts" className="font-medium text-indigo-700 hover:underline">
              Use it from scripts
            </Link>
          </p>
          <p className="text-slate-600">
            Sign-ins are protected against guessing: after 3 failed attempts the account waits a little longer between
            tries, after 10 it is locked for 15 minutes.
          </p>
          <form action={signOutAction}>
            <button
              type="submit"
              className="rounded-md bg-white px-3 py-2 font-medium text-slate-800 shadow-sm ring-1 ring-slate-300 hover:bg-slate-50"
            >
              Sign out of this browser
            </button>
          </form>
        </div>
      </Card>
    </section>
  );
}

/** A card's body while its query loads or after it failed; nothing once the data is there. */
function QueryState({ query, loading }: { query: UseQueryResult<unknown, { message: string }>; loading: string }) {
  if (query.isPending)
    return (
      <div className="p-4">
        <Skeleton rows={2} label={loading} />
      </div>
    );
  if (query.isError)
    return (
      <div className="p-4">
        <Alert>{query.error.message}</Alert>
      </div>
    );
  return null;
}
