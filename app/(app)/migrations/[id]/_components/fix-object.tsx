"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/app/_components/trpc";
import { Alert, Button, Card, formatDate } from "~/app/_components/ui";
import { ModelEditor } from "./model-editor";

const ISSUES = ["needs_review", "mismatch", "failed"];
const DECISION_LABEL = { accepted: "Accepted", out_of_scope: "Out of scope" } as const;

/**
 * What the owner can do about one object: re-run it (with what reads it), edit its model's SQL and rebuild,
 * accept it (needs review) or put it out of scope with a note; and what was done to it before.
 */
export function FixObject({
  id,
  object,
}: {
  id: string;
  object: { key: string; model: string | null; layer: string | null; status: string | null; sql: string | null };
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const overview = useQuery(trpc.migrationDetails.overview.queryOptions({ id }));
  const history = useQuery(trpc.migrationDetails.history.queryOptions({ id }));
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.migrationDetails.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.migrations.pathKey() });
  };
  const rerun = useMutation(trpc.migrations.rerunObjects.mutationOptions({ onSuccess: refresh }));
  const edit = useMutation(
    trpc.migrations.editModel.mutationOptions({ onSuccess: () => (setEditing(false), refresh()) }),
  );
  const decide = useMutation(
    trpc.migrations.decideObject.mutationOptions({ onSuccess: () => (setNote(""), refresh()) }),
  );
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(object.sql ?? "");
  const [note, setNote] = useState("");
  const [choice, setChoice] = useState<"accepted" | "out_of_scope">(
    object.status === "needs_review" ? "accepted" : "out_of_scope",
  );

  const status = overview.data?.migration.status;
  const busy = status === "queued" || status === "running";
  const hasReport = !!overview.data?.outputs;
  const decision = history.data?.decisions.find((d) => d.key === object.key) ?? null;
  const edited = object.model ? (history.data?.edits.find((e) => e.model === object.model) ?? null) : null;
  const runs = (history.data?.runs ?? []).filter(
    (r) => r.kind === "full" || r.kind === "expected" || (object.model !== null && r.models.includes(object.model)),
  );
  const error = rerun.error ?? edit.error ?? decide.error;
  const canEdit = object.model !== null && object.layer !== "staging" && object.sql !== null;

  return (
    <Card title="Fix this object" id="fix-object">
      <div className="space-y-4 p-4 text-sm" data-testid="fix-object">
        {busy && (
          <Alert tone="info">The migration is {status}: re-runs, edits and decisions are possible once it ends.</Alert>
        )}
        {!busy && !hasReport && (
          <Alert tone="info">This migration has no finished report to start from: re-run it whole first.</Alert>
        )}
        {error && <Alert>{error.message}</Alert>}

        <div className="flex flex-wrap items-center gap-2">
          {object.model && (
            <Button
              variant="secondary"
              disabled={busy || !hasReport || rerun.isPending}
              onClick={() => rerun.mutate({ id, keys: [object.key] })}
            >
              {rerun.isPending ? "Starting…" : "Re-run this object"}
            </Button>
          )}
          {canEdit && !editing && (
            <Button variant="secondary" disabled={busy || !hasReport} onClick={() => setEditing(true)}>
              Edit SQL
            </Button>
          )}
          <span className="text-xs text-slate-500">
            A re-run goes through the Tester, the Rebuilder and the Evaluator for this model and the models that read
            it; the others keep their results.
          </span>
        </div>

        {edited && (
          <p data-testid="edited-by" className="text-slate-700">
            Model SQL edited by <strong>{edited.editedBy}</strong> at {formatDate(edited.editedAt)}
          </p>
        )}

        {editing && (
          <form
            className="space-y-2"
            onSubmit={(e) => {
              e.preventDefault();
              edit.mutate({ id, key: object.key, sql: text });
            }}
          >
            <ModelEditor initial={object.sql ?? ""} onChange={setText} label={`dbt SQL of ${object.model}`} />
            <div className="flex flex-wrap gap-2">
              <Button type="submit" disabled={edit.isPending || busy}>
                {edit.isPending ? "Saving…" : "Save and rebuild"}
              </Button>
              <Button type="button" variant="secondary" onClick={() => setEditing(false)}>
                Discard
              </Button>
            </div>
            <p className="text-xs text-slate-500">
              dbt Jinja allowed: ref, source, var, config (materialized, enabled, tags…), is_incremental, if/for/set.
              The edit is kept in the project and named in the report.
            </p>
          </form>
        )}

        {decision ? (
          <div className="space-y-1" data-testid="decision">
            <p>
              <strong>{DECISION_LABEL[decision.decision]}</strong> by {decision.decidedBy} at{" "}
              {formatDate(decision.decidedAt)}
              {decision.note && <>: “{decision.note}”</>}
            </p>
            <Button
              variant="secondary"
              disabled={busy || decide.isPending}
              onClick={() => decide.mutate({ id, key: object.key, decision: null, note: "" })}
            >
              Take the decision back
            </Button>
          </div>
        ) : (
          object.status &&
          ISSUES.includes(object.status) && (
            <form
              className="space-y-2"
              onSubmit={(e) => {
                e.preventDefault();
                decide.mutate({ id, key: object.key, decision: choice, note });
              }}
            >
              <fieldset className="flex flex-wrap gap-4">
                <legend className="mb-1 font-medium text-slate-800">Decide on it</legend>
                {object.status === "needs_review" && (
                  <label className="inline-flex items-center gap-1.5">
                    <input
                      type="radio"
                      name="decision"
                      checked={choice === "accepted"}
                      onChange={() => setChoice("accepted")}
                    />{" "}
                    Accept as it is
                  </label>
                )}
                <label className="inline-flex items-center gap-1.5">
                  <input
                    type="radio"
                    name="decision"
                    checked={choice === "out_of_scope"}
                    onChange={() => setChoice("out_of_scope")}
                  />{" "}
                  Out of scope
                </label>
              </fieldset>
              <label className="block">
                <span className="text-slate-700">Note {choice === "accepted" ? "(required)" : "(optional)"}</span>
                <textarea
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  maxLength={2000}
                  rows={2}
                  className="mt-1 block w-full rounded-md border-0 px-2 py-1.5 ring-1 ring-slate-300 focus:ring-2 focus:ring-indigo-500"
                />
              </label>
              <Button type="submit" variant="secondary" disabled={busy || !hasReport || decide.isPending}>
                Save decision
              </Button>
            </form>
          )
        )}

        {runs.length > 0 && (
          <div>
            <p className="font-medium text-slate-800">Runs of this object</p>
            <ul className="text-xs text-slate-600" data-testid="object-runs">
              {runs.map((r) => (
                <li key={r.id}>
                  #{r.number} {formatDate(r.requestedAt)} · {r.reason} ·{" "}
                  {r.status ? r.status.replaceAll("_", " ") : "not finished"}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </Card>
  );
}
