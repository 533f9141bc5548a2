import { z } from "zod";

/**
 * The names the web processes and the worker agree on: NOTIFY channels and the kinds of migration events. They live
 * here, below both, so the worker never imports server/ for them. Depends on nothing but zod: db/schema.ts types
 * `migration_events.kind` with it.
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
