import { z } from "zod";
import { ZMigrationSummary } from "./migration-summary";

/**
 * The names the web processes and the worker agree on: NOTIFY channels and the kinds of migration events. They live
 * here, below both, so the worker never imports server/ for them. Depends on nothing but zod and the summary's
 * schema: db/schema.ts types `migration_events.kind` and `migration_runs.kind` with them.
 */

/** Channel the web processes LISTEN on; the payload is `<event id>,<migration id>`. */
export const EVENTS_CHANNEL = "datamigrate_events";

/** Channel the agent worker LISTENs on; the payload is the job id. A hint only: workers also poll. */
export const JOBS_CHANNEL = "datamigrate_jobs";

/**
 * What a migration event records:
 * - an agent's step: `step_started`, `object` (one object done), `warning`, `step_finished`;
 * - the worker's attempts: `attempt_started`, `attempt_failed` (it will be retried), `attempt_released` (the worker
 *   is shutting down; another resumes it);
 * - `rerun_requested`: the start of a new run's timeline, what came before belongs to an earlier run;
 * - `migration_finished`: the last event of a migration (SSE streams close after it).
 */
export const ZEventKind = z.enum([
  "step_started",
  "object",
  "warning",
  "step_finished",
  "attempt_started",
  "attempt_failed",
  "attempt_released",
  "rerun_requested",
  "migration_finished",
]);
export type EventKind = z.infer<typeof ZEventKind>;

/** The event that starts a new run's timeline. */
export const RERUN_KIND = "rerun_requested" satisfies EventKind;

/** The kind of the last event of a migration: SSE streams close after it. */
export const FINISHED_KIND = "migration_finished" satisfies EventKind;

/** What a run of a migration is (`migration_runs.kind`): all six agents, or a re-run of some models and why. */
export const RUN_KINDS = ["full", "objects", "failed", "edit", "expected"] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** A `rerun_requested` event's payload when some models are re-run (server/services/fix-objects.ts). */
export const ZRerunPayload = z.object({
  runId: z.number().int(),
  kind: z.enum(RUN_KINDS),
  /** The models asked for; the timeline shows the first three agents as skipped for such a run. */
  models: z.array(z.string()),
});

/**
 * Each event kind with the payload it carries (`migration_events.payload`): validated when an event is written
 * (agents/events/record.ts), parsed when one is read (`readEventBody`). Only two kinds carry one: a finished
 * migration its counts (absent when it failed or was cancelled), a re-run of some models what it re-runs (absent
 * for a re-run of everything).
 */
export const ZEventBody = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal(FINISHED_KIND), payload: ZMigrationSummary.nullable().default(null) }),
  z.object({ kind: z.literal(RERUN_KIND), payload: ZRerunPayload.nullable().default(null) }),
  z.object({
    kind: ZEventKind.exclude([FINISHED_KIND, RERUN_KIND]),
    payload: z.null().default(null),
  }),
]);
/** An event's kind and payload as it is written (a payload-less kind may leave it out). */
export type EventBodyInput = z.input<typeof ZEventBody>;
/** An event's kind and payload as it is read. */
export type EventBody = z.output<typeof ZEventBody>;
/** A stored event's kind and payload as `readEventBody` reads them. */
export type StoredEventBody =
  (EventBody & { unreadable?: string }) | { kind: "unknown"; payload: null; unreadable: string };

/**
 * A stored event's kind and payload, parsed. Rows written by other versions must not break a reader (the SSE
 * stream, the timeline): a kind this version does not know reads as `unknown`; a known kind whose payload does
 * not parse keeps its kind (a finished event still ends the stream) and reads with no payload, as such an event
 * may have. `unreadable` says which of the two happened and why.
 */
export function readEventBody(kind: string, payload: unknown): StoredEventBody {
  const parsed = ZEventBody.safeParse({ kind, payload });
  if (parsed.success) return parsed.data;
  const known = ZEventKind.safeParse(kind);
  const unreadable = known.success
    ? `its payload does not read as a ${kind} event's: ${z.prettifyError(parsed.error)}`
    : `its kind "${kind}" is not one this version knows`;
  return known.success
    ? { ...ZEventBody.parse({ kind: known.data }), unreadable }
    : { kind: "unknown", payload: null, unreadable };
}
