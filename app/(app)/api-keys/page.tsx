"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/app/_components/trpc";
import { CopyButton } from "~/app/_components/copy-button";
import { Alert, Button, Field, formatDate } from "~/app/_components/ui";

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
        Keys authenticate scripts and the CLI: send <code className="rounded bg-slate-100 px-1">Authorization: Bearer &lt;key&gt;</code>.
      </p>

      {secret && (
        <div className="space-y-2 rounded-lg bg-green-50 p-4 ring-1 ring-green-200" role="status">
          <p className="text-sm font-medium text-green-900">Copy your new key now: it will not be shown again.</p>
          <code data-testid="new-api-key" className="block break-all rounded bg-white p-2 text-sm ring-1 ring-green-200">
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
          <Field label="Expires in (days)" name="expiresInDays" type="number" min={1} max={3650} hint="Empty: never" error={issues.expiresInDays} />
        </div>
        <Button type="submit" disabled={create.isPending}>
          Create key
        </Button>
      </form>
      {create.error && !create.error.data?.issues && <Alert>{create.error.message}</Alert>}
      {revoke.error && <Alert>{revoke.error.message}</Alert>}

      {keys.isPending && <p className="text-sm text-slate-500">Loading keys…</p>}
      {keys.isError && <Alert>Could not load keys: {keys.error.message}</Alert>}
      {keys.isSuccess && keys.data.length === 0 && <p className="text-sm text-slate-600">No API keys yet.</p>}
      {keys.isSuccess && keys.data.length > 0 && (
        <div className="relative overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Name</th>
                <th scope="col" className="px-4 py-2 font-medium">Prefix</th>
                <th scope="col" className="px-4 py-2 font-medium">Created</th>
                <th scope="col" className="px-4 py-2 font-medium">Last used</th>
                <th scope="col" className="px-4 py-2 font-medium">Expires</th>
                <th scope="col" className="px-4 py-2 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {keys.data.map((key) => (
                <tr key={key.id} data-testid="api-key-row">
                  <td className="px-4 py-2 font-medium">{key.name}</td>
                  <td className="px-4 py-2 font-mono">{key.prefix}…</td>
                  <td className="px-4 py-2">{formatDate(key.createdAt)}</td>
                  <td className="px-4 py-2">{formatDate(key.lastUsedAt)}</td>
                  <td className="px-4 py-2">{key.expiresAt ? formatDate(key.expiresAt) : "Never"}</td>
                  <td className="px-4 py-2 text-right">
                    {key.revokedAt ? (
                      <span className="text-slate-500">Revoked</span>
                    ) : confirming === key.id ? (
                      // Revoking cannot be undone and breaks every script using the key: ask once more, in place.
                      <span role="group" aria-label={`Confirm revoking ${key.name}`} className="inline-flex items-center gap-2">
                        <span className="text-slate-700">Scripts using it stop working.</span>
                        <Button variant="danger" disabled={revoke.isPending} onClick={() => revoke.mutate({ id: key.id }, { onSettled: () => setConfirming(null) })}>
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
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
