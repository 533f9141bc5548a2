"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toBase64 } from "~/app/_components/base64";
import { useTRPC } from "~/app/_components/trpc";
import { Alert, Button, Card, formatDate, StatusBadge } from "~/app/_components/ui";

const KIND_LABEL = {
  full: "All six agents",
  objects: "Re-run of objects",
  failed: "Re-run of the failed objects",
  edit: "Edited model",
  expected: "New expected results",
} as const;

/** The counts a run ended with, in a line. */
function countsText(
  summary: {
    validated: number;
    loaded?: number;
    executed: number;
    mismatch: number;
    needs_review: number;
    failed: number;
    decided?: { accepted: number; out_of_scope: number };
  } | null,
) {
  if (!summary) return "";
  const parts = [
    `${summary.validated} validated`,
    summary.loaded ? `${summary.loaded} loaded` : "",
    summary.executed ? `${summary.executed} executed` : "",
    summary.mismatch ? `${summary.mismatch} mismatch` : "",
    summary.needs_review ? `${summary.needs_review} need review` : "",
    summary.failed ? `${summary.failed} failed` : "",
    summary.decided?.accepted ? `${summary.decided.accepted} accepted` : "",
    summary.decided?.out_of_scope ? `${summary.decided.out_of_scope} out of scope` : "",
  ];
  return parts.filter(Boolean).join(" · ");
}

/** The migration's runs, newest first: what was re-run and why, who asked, when, and the counts it ended with. */
export function RunsHistory({ id, busy }: { id: string; busy: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const history = useQuery(
    trpc.migrationDetails.history.queryOptions({ id }, { refetchInterval: busy ? 5_000 : false }),
  );
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.migrationDetails.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.migrations.pathKey() });
  };
  const attach = useMutation(trpc.migrations.attachExpected.mutationOptions({ onSuccess: refresh }));
  const [file, setFile] = useState<File | null>(null);
  const runs = history.data?.runs ?? [];

  return (
    <Card title="Runs" id="runs">
      <div className="space-y-3 p-4 text-sm" data-testid="runs-history">
        {runs.length === 0 ? (
          <p className="text-slate-600">{history.isPending ? "Loading…" : "No runs recorded for this migration."}</p>
        ) : (
          <ol className="divide-y divide-slate-100">
            {runs.map((r) => (
              <li key={r.id} className="space-y-0.5 py-2" data-testid="run">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">
                    #{r.number} {KIND_LABEL[r.kind]}
                  </span>
                  {r.status ? (
                    <StatusBadge status={r.status} />
                  ) : (
                    <StatusBadge status={busy && r === runs[0] ? "running" : "queued"} />
                  )}
                </div>
                <p className="break-words text-slate-700">{r.reason}</p>
                <p className="text-xs text-slate-500">
                  {r.requestedBy ? `by ${r.requestedBy}, ` : ""}
                  {formatDate(r.requestedAt)}
                  {r.finishedAt && ` → ${formatDate(r.finishedAt)}`}
                </p>
                {r.summary && <p className="text-xs tabular-nums text-slate-600">{countsText(r.summary)}</p>}
              </li>
            ))}
          </ol>
        )}
        <form
          className="flex flex-wrap items-center gap-2 border-t border-slate-100 pt-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (file)
              void toBase64(file).then((contentBase64) =>
                attach.mutate({ id, expected: { filename: file.name, contentBase64 } }),
              );
          }}
        >
          <label className="text-slate-700" htmlFor="attach-expected">
            Expected results (.zip)
          </label>
          <input
            id="attach-expected"
            type="file"
            accept=".zip"
            className="max-w-full text-xs"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
          <Button type="submit" variant="secondary" disabled={!file || busy || attach.isPending}>
            {attach.isPending ? "Attaching…" : "Attach and re-evaluate"}
          </Button>
        </form>
        {attach.error && <Alert>{attach.error.message}</Alert>}
        {busy && (
          <p className="text-xs text-slate-500">Changes wait until the migration is no longer queued or running.</p>
        )}
      </div>
    </Card>
  );
}
