"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CopyButton } from "~/app/_components/copy-button";
import { useTRPC } from "~/app/_components/trpc";
import { Alert, Button, Card, Field, formatDate, Skeleton, statusLabel } from "~/app/_components/ui";

const STATE_STYLE = { delivered: "text-green-800", failed: "text-red-700", pending: "text-slate-600" } as const;

/** Where to be told when a migration ends: a URL that gets a signed POST (chat, CI), with its recent calls. */
export function WebhookCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hook = useQuery(trpc.webhooks.get.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.get.queryKey() });
  const set = useMutation(trpc.webhooks.set.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.webhooks.remove.mutationOptions({ onSuccess: refresh }));
  const urlIssue = set.error?.data?.issues?.find((i) => i.path === "url")?.message;

  return (
    <Card title="Notifications" id="notifications">
      <div className="space-y-4 p-4 text-sm">
        <p className="text-slate-600">
          When one of your migrations ends, a <code className="rounded bg-slate-100 px-1">POST</code> with its outcome
          goes to this URL (a chat or CI webhook). Each call is signed:{" "}
          <code className="rounded bg-slate-100 px-1">X-DataMigrate-Signature</code> is{" "}
          <code className="rounded bg-slate-100 px-1">sha256=</code>HMAC-SHA256 of{" "}
          <code className="rounded bg-slate-100 px-1">&lt;X-DataMigrate-Timestamp&gt;.&lt;body&gt;</code> under the
          secret below. Failed calls are retried with growing pauses, up to 6 times.
        </p>
        {hook.isPending && <Skeleton rows={2} label="Loading your webhook…" />}
        {hook.isError && <Alert>{hook.error.message}</Alert>}
        {hook.isSuccess && (
          <>
            <form
              className="flex flex-wrap items-end gap-3"
              onSubmit={(event) => {
                event.preventDefault();
                set.mutate({ url: String(new FormData(event.currentTarget).get("webhookUrl") ?? "") });
              }}
            >
              <div className="min-w-64 flex-1">
                <Field
                  key={hook.data?.url ?? ""}
                  label="Webhook URL"
                  name="webhookUrl"
                  type="url"
                  required
                  maxLength={2000}
                  defaultValue={hook.data?.url ?? ""}
                  placeholder="https://hooks.example.com/…"
                  error={urlIssue}
                />
              </div>
              <Button type="submit" disabled={set.isPending}>
                {hook.data ? "Save" : "Add webhook"}
              </Button>
              {hook.data && (
                <Button type="button" variant="danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
                  Remove
                </Button>
              )}
            </form>
            {set.error && !urlIssue && <Alert>{set.error.message}</Alert>}
            {hook.data && (
              <>
                <div className="space-y-1">
                  <p className="text-xs font-medium text-slate-600">Signing secret</p>
                  <div className="flex flex-wrap items-center gap-2">
                    <code
                      data-testid="webhook-secret"
                      className="break-all rounded bg-slate-50 px-2 py-1 ring-1 ring-slate-200"
                    >
                      {hook.data.secret}
                    </code>
                    <CopyButton text={hook.data.secret} />
                  </div>
                </div>
                <div className="space-y-1">
                  <p className="text-xs font-medium text-slate-600">Recent calls</p>
                  {hook.data.deliveries.length === 0 ? (
                    <p className="text-slate-600">None yet: the next migration that ends is the first.</p>
                  ) : (
                    <ul className="divide-y divide-slate-100" data-testid="webhook-deliveries">
                      {hook.data.deliveries.map((d) => (
                        <li key={d.id} className="flex flex-wrap justify-between gap-2 py-1.5">
                          <span>
                            {d.migrationName ?? d.migrationId}{" "}
                            {d.migrationStatus && (
                              <span className="text-slate-500">({statusLabel(d.migrationStatus)})</span>
                            )}
                          </span>
                          <span className={STATE_STYLE[d.state]} data-testid="webhook-delivery-state">
                            {d.state}
                            {d.state === "delivered" && d.deliveredAt && ` ${formatDate(d.deliveredAt)}`}
                            {d.state !== "delivered" && d.lastError && ` — ${d.lastError}`}
                            {d.attempts > 1 && ` (${d.attempts} attempts)`}
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              </>
            )}
          </>
        )}
      </div>
    </Card>
  );
}
