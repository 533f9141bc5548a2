"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/app/_components/trpc";
import { CopyButton } from "~/app/_components/copy-button";
import { Table } from "~/app/_components/table";
import { Alert, Button, EmptyState, Field, formatDate } from "~/app/_components/ui";

export default function ApiKeysPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const [secret, setSecret] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: (key) => {
        setSecret(key.secret);
        void refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: refresh }));
  const issues = Object.fromEntries((create.error?.data?.issues ?? []).map((i) => [i.path, i.message]));

  return (
    <section className="space-y-8">
      <h1 className="text-2xl font-semibold">API keys</h1>
      <p className="text-sm text-slate-600">
        Keys authenticate scripts and the CLI: send{" "}
        <code className="rounded bg-slate-100 px-1">Authorization: Bearer &lt;key&gt;</code>.
      </p>

      {secret && (
        <div className="space-y-2 rounded-lg bg-green-50 p-4 ring-1 ring-green-200" role="status">
          <p className="text-sm font-medium text-green-900">Copy your new key now: it will not be shown again.</p>
          <code
            data-testid="new-api-key"
            className="block break-all rounded bg-white p-2 text-sm ring-1 ring-green-200"
          >
            {secret}
          </code>
          <div className="flex flex-wrap gap-2">
            <CopyButton text={secret} />
            <Button variant="secondary" onClick={() => setSecret(null)}>
              I have copied it
            </Button>
          </div>
        </div>
      )}

      <form
        className="flex flex-wrap items-end gap-4 rounded-lg bg-white p-4 ring-1 ring-slate-200"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const days = String(form.get("expiresInDays") ?? "");
          create.mutate({ name: String(form.get("name")), expiresInDays: days ? Number(days) : undefined });
          event.currentTarget.reset();
        }}
      >
        <div className="min-w-48 flex-1">
          <Field label="Key name" name="name" required maxLength={100} error={issues.name} />
        </div>
        <div className="w-40">
          <Field
            label="Expires in (days)"
            name="expiresInDays"
            type="number"
            min={1}
            max={3650}
            hint="Empty: never"
            error={issues.expiresInDays}
          />
        </div>
        <Button type="submit" disabled={create.isPending}>
          Create key
        </Button>
      </form>
      {create.error && !create.error.data?.issues && <Alert>{create.error.message}</Alert>}
      {revoke.error && <Alert>{revoke.error.message}</Alert>}

      {keys.isPending && <p className="text-sm text-slate-500">Loading keys…</p>}
      {keys.isError && <Alert>Could not load keys: {keys.error.message}</Alert>}
      {keys.data && (
        <Table
          caption="Your API keys"
          columns={[
            {
              key: "name",
              header: "Name",
              className: "max-w-[10rem] sm:max-w-none",
              cell: (key) => (
                <>
                  <span className="block truncate font-medium">{key.name}</span>
                  <span className="block font-mono text-xs text-slate-500 md:hidden">{key.prefix}…</span>
                  <span className="block text-xs text-slate-500 sm:hidden">
                    {key.expiresAt ? `expires ${formatDate(key.expiresAt)}` : "never expires"}
                  </span>
                </>
              ),
            },
            {
              key: "prefix",
              header: "Prefix",
              hideBelow: "md",
              className: "font-mono",
              cell: (key) => `${key.prefix}…`,
            },
            { key: "created", header: "Created", hideBelow: "md", cell: (key) => formatDate(key.createdAt) },
            { key: "used", header: "Last used", hideBelow: "lg", cell: (key) => formatDate(key.lastUsedAt) },
            {
              key: "expires",
              header: "Expires",
              hideBelow: "sm",
              cell: (key) => (key.expiresAt ? formatDate(key.expiresAt) : "Never"),
            },
            {
              key: "actions",
              header: "Actions",
              srOnlyHeader: true,
              align: "right",
              cell: (key) =>
                key.revokedAt ? (
                  <span className="text-slate-500">Revoked</span>
                ) : confirming === key.id ? (
                  // Revoking cannot be undone and breaks every script using the key: ask once more, in place.
                  <span
                    role="group"
                    aria-label={`Confirm revoking ${key.name}`}
                    className="inline-flex flex-wrap items-center justify-end gap-2"
                  >
                    <span className="text-slate-700">Scripts using it stop working.</span>
                    <Button
                      variant="danger"
                      disabled={revoke.isPending}
                      onClick={() => revoke.mutate({ id: key.id }, { onSettled: () => setConfirming(null) })}
                    >
                      Revoke now
                    </Button>
                    <Button variant="ghost" onClick={() => setConfirming(null)}>
                      Keep
                    </Button>
                  </span>
                ) : (
                  <Button variant="danger" onClick={() => setConfirming(key.id)} aria-label={`Revoke ${key.name}`}>
                    Revoke
                  </Button>
                ),
            },
          ]}
          rows={keys.data}
          rowKey={(key) => key.id}
          rowTestId="api-key-row"
          empty={<EmptyState title="No API keys yet." />}
        />
      )}
    </section>
  );
}
