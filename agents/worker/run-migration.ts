import { and, eq, ne, sql as sqlTag } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import { FINISHED_KIND } from "~/agents/core/event-kinds";
import { eventWriter, LeaseLostError, recordEvent } from "~/agents/events/record";
import { budgetFrom, DeadlineError, type StepProgress } from "~/agents/engine/steps";
import type { MigrationGraph } from "~/agents/graph/migration-graph";
import { InputError } from "~/agents/ingest";
import type { Llm } from "~/agents/llm";
import type { MigrationReport } from "~/agents/core/contracts";
import type { Database, Executor, Sql } from "~/db/client";
import { migrationRuns, migrations, type MigrationSummary } from "~/db/schema";
import { recordsEventsFirst } from "./checkpointer";
import { decidedSummary, pendingRun } from "./decisions";
import { totalCost } from "./llm-calls";
import { finishedStatus } from "./outcome";
import { runGraph } from "./run-graph";
import { loadSource } from "./source";
import { PermanentJobError, PoisonJobError, type JobHandler } from "./worker";

/**
 * The job's policy around running a migration's graph (./run-graph.ts): whether a claimed job is still to run
 * (deleted, cancelled, finished by a dead worker, poisoned), every write fenced by the job's lease, what stops it
 * (a cancel, polled; a drain; a lost lease), and how each ending is written: finished with its outcome, failed
 * for good (unusable input, a deadline, the last attempt), retried, or given back to the queue.
 */

/** Thrown at a step boundary when the run must stop there; the checkpoint keeps everything done so far. */
export class StopRun extends Error {
  constructor(readonly why: "cancelled" | "draining") {
    super(why === "cancelled" ? "the migration was cancelled" : "the worker is stopping");
  }
}

type Options = {
  db: Database;
  sql: Sql;
  graph: MigrationGraph;
  /** Superuser URL where sandboxes are created. */
  adminUrl: string;
  /** The dbt executable: the Tester and the Evaluator build with real `dbt build` (else the built-in compiler). */
  dbt?: string;
  /** Claude, when configured; null means rules only. */
  llm: Llm | null;
  /** LLM calls one migration step makes at once. */
  llmConcurrency?: number;
  limits?: RunLimits;
  log?: (message: string) => void;
};

/** How long things may take (runtime/env.ts has the defaults the worker runs with). */
export type RunLimits = {
  /** Longest one step may run; past it the migration fails, naming the step and what it was working on. */
  stepTimeoutMs?: number;
  /** Longest one attempt of a migration may run, all steps together. */
  migrationTimeoutMs?: number;
  /** Longest one statement may run in a sandbox; past it that model fails and the build goes on. */
  statementTimeoutMs?: number;
  /** How often a running migration checks whether it was cancelled (default 1 s). */
  cancelPollMs?: number;
};

/**
 * Runs one claimed job: the migration's LangGraph graph, from its last checkpoint (thread id = migration id),
 * streaming every step as an event. A cancel, a drain or a lost lease stops the step that is running, within about
 * a second (the sandbox statement running then is ended with it); a step past its deadline, or an attempt past the
 * migration's budget, fails the migration with the reason.
 */
export function createMigrationRunner(options: Options): JobHandler {
  const log = options.log ?? ((m: string) => console.log(`[worker] ${m}`));
  if (!recordsEventsFirst(options.graph.checkpointer)) {
    throw new Error(
      "the migration graph's checkpointer must be wrapped with recordEventsFirst (crash-resume depends on it)",
    );
  }

  return async function runMigration(job, signal) {
    const { db, sql } = options;
    const migrationId = job.migrationId;
    // Every event and every change to the migration row is written only while this worker still holds the job
    // (fenced): a worker whose lease expired must not overwrite what the job's new owner writes.
    const fence = { jobId: job.id, lockedBy: job.lockedBy };
    const write = eventWriter(db, migrationId, fence);
    const owned = sqlTag`exists (select 1 from jobs where id = ${fence.jobId} and locked_by = ${fence.lockedBy} and status = 'running')`;
    /** Changes the migration row if this worker still holds the job and the user has not cancelled it. */
    const updateOwned = async (set: PgUpdateSetSource<typeof migrations>, tx: Executor = db): Promise<boolean> => {
      const updated = await tx
        .update(migrations)
        .set({ ...set, updatedAt: sqlTag`now()` })
        .where(and(eq(migrations.id, migrationId), ne(migrations.status, "cancelled"), owned))
        .returning({ id: migrations.id });
      return updated.length > 0;
    };
    /** Why `updateOwned` changed nothing: the lease was lost (throws), or else the migration was cancelled. */
    const cancelledUnlessLeaseLost = async (): Promise<"cancelled"> => {
      const [still] = await db.execute<{ owned: boolean }>(sqlTag`select ${owned} as owned`);
      if (!still?.owned) throw new LeaseLostError();
      return "cancelled";
    };
    /** The migration_runs row this job is for, once read (finish records the run's end on it). */
    let run: Awaited<ReturnType<typeof pendingRun>> = null;
    if (job.attempts > job.maxAttempts) {
      // Only an expired lease gets a job past its last attempt: its workers died (out of memory, killed) or hung
      // in it. Running it yet again would most likely do the same, forever; checked before the source is even
      // read, since reading it may be what kills the process.
      const [status] = await db
        .select({ status: migrations.status })
        .from(migrations)
        .where(eq(migrations.id, migrationId));
      if (!status) return; // deleted
      if (status.status === "cancelled") return "cancelled";
      // Finished by the last attempt, whose worker died before it could complete the job.
      if (status.status === "succeeded" || status.status === "completed_with_issues" || status.status === "failed")
        return;
      const reason = await poisonReason(sql, migrationId, job.crashes);
      if (!(await finish("failed", reason))) return "cancelled";
      throw new PoisonJobError(reason);
    }
    let source;
    try {
      source = await loadSource(db, migrationId);
    } catch (error) {
      // As for a failing step: retried after a backoff, and the last attempt fails the migration with the reason.
      if (
        job.attempts >= job.maxAttempts &&
        !(await finish("failed", `Failed after ${job.attempts} attempt(s): ${(error as Error).message}`))
      )
        return "cancelled";
      throw error;
    }
    if (!source) return; // deleted while queued
    // What this job runs: the newest unfinished run (all six agents, or a re-run of some models).
    run = await pendingRun(db, migrationId);
    if (source.migration.status === "cancelled") return "cancelled"; // cancelled while queued
    // Finished by an attempt whose worker died before it could complete the job: nothing is left to do or say.
    if (
      source.migration.status === "succeeded" ||
      source.migration.status === "completed_with_issues" ||
      source.migration.status === "failed"
    )
      return;
    let lastProgressWrite = 0;
    const emit = async (event: StepProgress, overall: number) => {
      await write({
        agent: event.agent,
        object: event.object ?? null,
        kind: event.kind,
        message: event.message,
        progress: overall,
      });
      const now = Date.now();
      if (event.kind !== "object" || now - lastProgressWrite > 500) {
        lastProgressWrite = now;
        await updateOwned({ progress: overall }); // a cancel or a lost lease is acted on at the next step boundary
      }
    };
    // Events are written in order but off the steps' synchronous callbacks; failures surface at the next boundary.
    let pending: Promise<unknown> = Promise.resolve();
    const onProgress = (event: StepProgress) => {
      pending = pending.then(() => emit(event, event.progress));
      // A failed write (PostgreSQL restarting) surfaces where `pending` is awaited, at the next step boundary;
      // until then it must not count as an unhandled rejection, which would kill the whole worker process.
      pending.catch(() => {});
    };

    // Fenced, so that a cancel landing since the source was read is not overwritten with "running".
    if (
      !(await updateOwned({
        status: "running",
        startedAt: sqlTag`coalesce(${migrations.startedAt}, now())`,
        error: null,
      }))
    ) {
      return cancelledUnlessLeaseLost();
    }
    await write({
      agent: "worker",
      kind: "attempt_started",
      message: `attempt ${job.attempts} started`,
      progress: source.migration.progress,
    });

    // What stops a step while it runs: a cancel, and a lost lease (another worker owns the job now and will build
    // in the same sandboxes). A drain does not: it lets the step finish, so the next worker does not redo it, and
    // stops at the boundary (checkpointGate). A cancel reaches this worker only through the migration row (the API
    // does not know which worker runs it), so the row is polled while the run lasts: a cheap primary-key read.
    const stop = new AbortController();
    const onJobAbort = () => {
      if (signal.reason instanceof LeaseLostError) stop.abort(signal.reason);
    };
    if (signal.aborted) onJobAbort();
    else signal.addEventListener("abort", onJobAbort, { once: true });
    let checking = false;
    const cancelPoll = setInterval(() => {
      if (checking || stop.signal.aborted) return;
      checking = true;
      db.select({ status: migrations.status })
        .from(migrations)
        .where(eq(migrations.id, migrationId))
        .then(([current]) => {
          if (!current || current.status === "cancelled") stop.abort(new StopRun("cancelled"));
        })
        .catch(() => {}) // PostgreSQL unreachable for a moment: asked again on the next tick
        .finally(() => (checking = false));
    }, options.limits?.cancelPollMs ?? 1000);
    const limits = options.limits ?? {};

    try {
      const report = await runGraph({
        db,
        graph: options.graph,
        source,
        run,
        adminUrl: options.adminUrl,
        llm: options.llm,
        limits: {
          signal: stop.signal,
          ...(limits.stepTimeoutMs !== undefined ? { stepTimeoutMs: limits.stepTimeoutMs } : {}),
          // Per attempt: a resumed attempt redoes at most one step, and a run out of time is not retried.
          budget: budgetFrom(limits.migrationTimeoutMs),
        },
        onProgress,
        checkpointGate: async () => {
          await pending;
          if (signal.aborted) throw new StopRun("draining");
          if (stop.signal.aborted) throw stop.signal.reason as Error;
          const [current] = await db
            .select({ status: migrations.status })
            .from(migrations)
            .where(eq(migrations.id, migrationId));
          if (!current || current.status === "cancelled") throw new StopRun("cancelled");
        },
        flushEvents: () => pending, // see recordEventsFirst
        log,
        ...(options.dbt ? { dbt: options.dbt } : {}),
        ...(options.llmConcurrency ? { llmConcurrency: options.llmConcurrency } : {}),
        ...(limits.statementTimeoutMs !== undefined ? { statementTimeoutMs: limits.statementTimeoutMs } : {}),
      });
      await pending;
      const summary = await summaryOf(db, migrationId, report);
      // Green only when every object reached a green status or its owner decided on it; otherwise amber, with the
      // counts (./outcome.ts).
      const decided = await decidedSummary(db, migrationId, summary, report);
      if (!(await finish(finishedStatus(decided), null, decided))) return "cancelled";
    } catch (error) {
      await pending.catch(() => {});
      if (error instanceof LeaseLostError) throw error; // the new owner carries on; nothing more to write
      if (error instanceof StopRun) {
        if (error.why === "cancelled") {
          await write({ agent: "worker", kind: FINISHED_KIND, message: "cancelled", progress: null });
          return "cancelled";
        }
        // Draining: the worker gives the job back, and the migration waits in the queue (not "running") until
        // another worker resumes it from its last completed step. Best effort: the release happens regardless.
        await write({
          agent: "worker",
          kind: "attempt_released",
          message: `attempt ${job.attempts} stopped: its worker is shutting down; another worker will resume from the last completed step`,
          progress: null,
        })
          .then(() => updateOwned({ status: "queued" }))
          .catch((writeError: Error) =>
            log(`migration ${migrationId}: could not record the release: ${writeError.message}`),
          );
        throw error;
      }
      if (error instanceof PermanentJobError) throw error;
      if (error instanceof InputError) {
        const reason = `The source cannot be migrated: ${error.message}`;
        if (!(await finish("failed", reason))) return "cancelled";
        throw new PermanentJobError(reason); // retrying cannot help
      }
      if (error instanceof DeadlineError) {
        // The same input would run out of time again: no retry.
        if (!(await finish("failed", `Failed: ${error.message}`))) return "cancelled";
        throw new PermanentJobError(error.message);
      }
      const message = (error as Error).message;
      if (job.attempts >= job.maxAttempts) {
        if (!(await finish("failed", `Failed after ${job.attempts} attempt(s): ${message}`))) return "cancelled";
        throw error;
      }
      await write({
        agent: "worker",
        kind: "attempt_failed",
        message: `attempt ${job.attempts} failed: ${message}; it will be retried`,
        progress: null,
      });
      throw error;
    } finally {
      clearInterval(cancelPoll);
      signal.removeEventListener("abort", onJobAbort);
    }

    /**
     * Writes the migration's end. A cancel that arrived while the last step ran wins (the user was already told
     * it is cancelled): then the end written is "cancelled" and this returns false.
     */
    async function finish(
      status: "succeeded" | "completed_with_issues" | "failed",
      error: string | null,
      summary?: MigrationSummary,
    ): Promise<boolean> {
      const progress = status === "failed" ? undefined : 1;
      // One transaction: a reader never sees the migration ended without its finished event (the SSE stream and
      // the CLI stop at that event), and a crash cannot leave one without the other.
      const ended = await db.transaction(async (tx) => {
        const set = { status, error, progress, ...(summary ? { summary } : {}), finishedAt: sqlTag`now()` };
        if (!(await updateOwned(set, tx))) return false;
        // The run's line in the migration's history: when it ended, how, with which counts.
        if (run)
          await tx
            .update(migrationRuns)
            .set({ finishedAt: sqlTag`now()`, status, ...(summary ? { summary } : {}) })
            .where(eq(migrationRuns.id, run.id));
        await recordEvent(
          tx,
          {
            migrationId,
            agent: "worker",
            kind: FINISHED_KIND,
            message: error ?? status,
            progress: progress ?? null,
            payload: summary ?? null,
          },
          fence,
        );
        return true;
      });
      if (!ended) {
        await cancelledUnlessLeaseLost();
        await write({ agent: "worker", kind: FINISHED_KIND, message: "cancelled", progress: null });
        log(`migration ${migrationId}: cancelled`);
        return false;
      }
      log(`migration ${migrationId}: ${status}${error ? ` (${error})` : ""}`);
      return true;
    }
  };
}

/** What the finished migration's row records: the report's counts, and what its LLM calls cost. */
async function summaryOf(db: Database, migrationId: string, report: MigrationReport): Promise<MigrationSummary> {
  return {
    total: report.summary.total,
    validated: report.summary.validated ?? 0,
    loaded: report.summary.loaded ?? 0,
    mismatch: report.summary.mismatch ?? 0,
    executed: report.summary.executed ?? 0,
    needs_review: report.summary.needs_review ?? 0,
    failed: report.summary.failed ?? 0,
    // Programmable objects and source tables apart, for the dashboard's headline (agents/report).
    ...(report.summary.programmable && report.summary.tables
      ? { programmable: report.summary.programmable, tables: report.summary.tables }
      : {}),
    llmCostUsd: await totalCost(db, migrationId),
  };
}

/**
 * Why a job its workers kept dying in is failed: how often, and the step its last attempt was in. That is the
 * last step the attempt announced; one that announced none died reading its source (ingest runs first and
 * synchronously, so its own announcement may never have been written).
 */
async function poisonReason(sql: Sql, migrationId: string, crashes: number): Promise<string> {
  const [last] = await sql<{ attempted: boolean; agent: string | null }[]>`
    with attempt as (select max(id) as id from migration_events where migration_id = ${migrationId} and kind = 'attempt_started')
    select (select id from attempt) is not null as attempted,
      (select agent from migration_events
       where migration_id = ${migrationId} and kind = 'step_started' and id > coalesce((select id from attempt), 0)
       order by id desc limit 1) as agent`;
  const step = last?.agent ?? (last?.attempted ? "ingest" : "none started");
  const times = crashes === 1 ? "1 time" : `${crashes} times`;
  return `the worker process died ${times} while running this migration (last step: ${step})`;
}
