import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { findFreePort } from "~/db/embedded";
import { jobs, migrationArtifacts, migrations, sourceFiles } from "~/db/schema";
import { createTestDatabase } from "~/db/testing";
import { cancelMigration, createMigration, retryMigration } from "~/server/services/migrations";
import { effectiveLog } from "./testing/events";
import type { RunLimits } from "./run-migration";
import { startTestWorker } from "./testing/in-process";
import {
  createOwner,
  createSampleMigration,
  eventsOf,
  jobsOf,
  outcomeOf,
  waitFor,
  waitForMigration,
} from "./testing/migrations";
import { createTestRunner, interceptSaver } from "./testing/runner";
import { watchEvents } from "./testing/events";

/**
 * The migration runner (agents/worker/run-migration.ts) on the built-in sample, in this process: cancel, retry,
 * failures that exhaust the attempts, and the crash windows too narrow to hit with a kill (simulated exactly).
 */
let t: Awaited<ReturnType<typeof createTestDatabase>>;
let owner: string;
let baseline: { log: string[]; report: unknown; artifacts: string[] };
const cleanups: (() => Promise<void>)[] = [];

async function startRunnerWorker(
  options: {
    workerId?: string;
    adminUrl?: string;
    wrap?: (saver: BaseCheckpointSaver) => BaseCheckpointSaver;
    limits?: RunLimits;
  } = {},
) {
  const runner = await createTestRunner({
    db: t.db,
    sql: t.sql,
    url: t.url,
    adminUrl: options.adminUrl ?? t.adminUrl,
    ...(options.wrap ? { wrap: options.wrap } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const worker = startTestWorker(t.sql, {
    workerId: options.workerId ?? "runner",
    handle: runner.handle,
    pollIntervalMs: 100,
    leaseMs: 5_000,
  });
  cleanups.push(async () => {
    await worker.drain();
    await runner.end();
  });
  return { worker, runner };
}
async function stopWorkers() {
  await Promise.all(cleanups.splice(0).map((stop) => stop()));
}

beforeAll(async () => {
  t = await createTestDatabase();
  owner = await createOwner(t.db);
  await startRunnerWorker();
  const migration = await createSampleMigration(t.db, owner, "sample, uninterrupted");
  const done = await waitForMigration(t.db, migration.id);
  expect(done.status, done.error ?? "").toBe("succeeded");
  const artifacts = await t.db
    .select({ kind: migrationArtifacts.kind })
    .from(migrationArtifacts)
    .where(eq(migrationArtifacts.migrationId, migration.id));
  baseline = {
    log: effectiveLog(await eventsOf(t.sql, migration.id)).log,
    report: (await outcomeOf(t.db, migration.id)).report,
    artifacts: artifacts.map((a) => a.kind).sort(),
  };
  await stopWorkers();
}, 120_000);
afterEach(stopWorkers);
afterAll(() => t.drop());

/** Resolves when the migration writes an event of this agent and kind. */
async function onEvent(migrationId: string, agent: string, kind: string) {
  let seen!: () => void;
  const happened = new Promise<void>((resolve) => (seen = resolve));
  const watcher = await watchEvents(t.sql, migrationId, (e) => e.agent === agent && e.kind === kind && seen());
  return happened.finally(() => watcher.stop());
}

describe("cancel and retry", () => {
  it("stops a running migration in the middle of its step when it is cancelled, and a retry redoes only that step, to the uninterrupted run's result", async () => {
    const migration = await createSampleMigration(t.db, owner, "sample, cancelled");
    const testerStarted = onEvent(migration.id, "tester", "step_started");
    // The worker looks for a cancel every cancelPollMs. On a quiet machine the sample's whole tester step can take
    // less than the default second, so the cancel would land after it: polled every 25 ms, it lands well inside.
    await startRunnerWorker({ limits: { cancelPollMs: 25 } });
    await testerStarted;
    expect(await cancelMigration(t.db, owner, migration.id)).toMatchObject({ status: "cancelled" });

    const cancelled = await waitFor("the cancelled run to end", async () => {
      const events = await eventsOf(t.sql, migration.id);
      return events.at(-1)?.kind === "migration_finished" ? events : undefined;
    });
    // The tester was stopped where it was (a cancel does not wait for the step to end); nothing after it started.
    expect(cancelled.at(-1)).toMatchObject({ agent: "worker", message: "cancelled" });
    expect(cancelled.some((e) => e.agent === "tester" && e.kind === "step_finished")).toBe(false);
    expect(cancelled.some((e) => e.agent === "evaluator")).toBe(false);
    expect(await jobsOf(t.db, migration.id)).toMatchObject([{ status: "cancelled", lockedBy: null }]);
    expect((await waitForMigration(t.db, migration.id)).status).toBe("cancelled");

    expect(await retryMigration(t.db, owner, migration.id)).toMatchObject({ status: "queued" });
    const done = await waitForMigration(t.db, migration.id);
    expect(done.status, done.error ?? "").toBe("succeeded");
    expect((await outcomeOf(t.db, migration.id)).report).toEqual(baseline.report);
    // Only the step the cancel cut short ran twice: the retry went on from the tester.
    const log = effectiveLog(await eventsOf(t.sql, migration.id));
    expect(log.log.filter((e) => e !== "worker||migration_finished|cancelled")).toEqual(baseline.log);
    expect(log.redoneSteps).toEqual(["tester (attempt 1)"]);
    expect((await jobsOf(t.db, migration.id)).map((j) => j.status)).toEqual(["cancelled", "succeeded"]);
  });

  it("keeps a migration cancelled when the cancel arrives while its last step runs", async () => {
    let migrationId = "";
    // Cancels exactly when the report step has produced its result, before LangGraph records it.
    const cancelDuringReport = interceptSaver({
      async putWrites(saver, ...args) {
        if (args[1].some(([channel]) => channel === "finalReport")) await cancelMigration(t.db, owner, migrationId);
        return saver.putWrites(...args);
      },
    });
    const migration = await createSampleMigration(t.db, owner, "sample, cancelled at the end");
    migrationId = migration.id;
    await startRunnerWorker({ wrap: cancelDuringReport });
    await waitFor("the run to end", async () =>
      (await eventsOf(t.sql, migration.id)).at(-1)?.kind === "migration_finished" ? true : undefined,
    );
    await waitFor("the job to end", async () =>
      (await jobsOf(t.db, migration.id))[0]?.lockedBy === null ? true : undefined,
    );
    const [row] = await t.db.select().from(migrations).where(eq(migrations.id, migration.id));
    expect(row).toMatchObject({ status: "cancelled" });
    const events = await eventsOf(t.sql, migration.id);
    expect(events.filter((e) => e.kind === "migration_finished").map((e) => e.message)).toEqual(["cancelled"]);
  });
});

describe("failures", () => {
  it("retries a migration whose sandbox server is unreachable, then fails it with the attempts and the reason, and a retry resumes it", async () => {
    const closed = `postgres://postgres:postgres@127.0.0.1:${await findFreePort()}/postgres`;
    const migration = await createSampleMigration(t.db, owner, "sample, no sandbox");
    const { worker } = await startRunnerWorker({ adminUrl: closed });
    const failed = await waitForMigration(t.db, migration.id, 30_000);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/^Failed after 3 attempt\(s\): .+/);
    expect(worker.runs.map((r) => r.job.attempts)).toEqual([1, 2, 3]);
    const [job] = await jobsOf(t.db, migration.id);
    expect(job).toMatchObject({ status: "failed", attempts: 3 });
    const events = await eventsOf(t.sql, migration.id);
    expect(events.filter((e) => e.kind === "attempt_failed")).toHaveLength(2);
    expect(events.filter((e) => e.kind === "migration_finished").map((e) => e.message)).toEqual([failed.error]);
    // Steps before the tester ran once: each retry resumed at the tester.
    expect(events.filter((e) => e.agent === "executor" && e.kind === "step_finished")).toHaveLength(1);

    await stopWorkers();
    await startRunnerWorker();
    await retryMigration(t.db, owner, migration.id);
    const done = await waitForMigration(t.db, migration.id);
    expect(done.status, done.error ?? "").toBe("succeeded");
    expect((await outcomeOf(t.db, migration.id)).report).toEqual(baseline.report);
  });

  it("fails a migration whose uploaded source has disappeared, with that reason, instead of leaving it queued", async () => {
    const migration = await createMigration(t.db, owner, {
      name: "vanishing upload",
      source: {
        kind: "upload",
        file: {
          filename: "one.sql",
          contentBase64: Buffer.from("CREATE TABLE dbo.T (Id int NOT NULL)\nGO\n").toString("base64"),
        },
      },
      target: "postgres",
      options: {},
    });
    await t.db.delete(sourceFiles).where(eq(sourceFiles.userId, owner));
    await startRunnerWorker();
    const failed = await waitForMigration(t.db, migration.id, 30_000);
    expect(failed).toMatchObject({ status: "failed" });
    expect(failed.error).toContain("The migration's uploaded file is missing");
    expect(
      await waitFor("the job to fail", async () =>
        (await jobsOf(t.db, migration.id))[0]?.status === "failed" ? true : undefined,
      ),
    ).toBe(true);
  });
});

describe("a worker that lost its lease", () => {
  it("writes nothing more once another worker has taken its job over, and the new owner finishes the migration once", async () => {
    let migrationId = "";
    // The takeover happens exactly as the report step's result is being recorded: the old owner's run then
    // reaches its end (the graph has no step boundary left to stop it at) and tries to finish the migration.
    const takeOverDuringReport = interceptSaver({
      async putWrites(saver, ...args) {
        if (args[1].some(([channel]) => channel === "finalReport")) {
          await t.db.update(jobs).set({ lockedBy: "rescuer", attempts: 2 }).where(eq(jobs.migrationId, migrationId));
        }
        return saver.putWrites(...args);
      },
    });
    const migration = await createSampleMigration(t.db, owner, "sample, lease lost at the end");
    migrationId = migration.id;
    const { worker } = await startRunnerWorker({ workerId: "stalled", wrap: takeOverDuringReport });
    await waitFor("the old owner's run to end", async () =>
      worker.runs.length === 1 && worker.runningJobs === 0 ? true : undefined,
    );
    await stopWorkers();

    const [row] = await t.db.select().from(migrations).where(eq(migrations.id, migration.id));
    expect(row).toMatchObject({ status: "running", finishedAt: null });
    const events = await eventsOf(t.sql, migration.id);
    expect(events.filter((e) => e.kind === "migration_finished" || e.kind === "attempt_failed")).toEqual([]);
    expect(events.at(-1)).toMatchObject({ agent: "report", kind: "step_finished" });
    expect((await jobsOf(t.db, migration.id))[0]).toMatchObject({
      status: "running",
      lockedBy: "rescuer",
      attempts: 2,
    });

    // The rescuer's lease runs out in turn (it is only a row here); a real worker takes the job and finishes.
    await t.db
      .update(jobs)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(jobs.migrationId, migration.id));
    await startRunnerWorker({ workerId: "next-owner" });
    const done = await waitForMigration(t.db, migration.id);
    expect(done.status, done.error ?? "").toBe("succeeded");
    expect((await outcomeOf(t.db, migration.id)).report).toEqual(baseline.report);
    const log = effectiveLog(await eventsOf(t.sql, migration.id));
    expect(log.log).toEqual(baseline.log);
    expect(log.finishedEvents).toBe(1);
  });
});

describe("a migration's end", () => {
  /**
   * A commit-time check (a deferred constraint trigger, run by PostgreSQL as each transaction commits): a migration
   * may commit as succeeded, completed with issues or failed only together with its finished event. Whatever reads
   * the row (the dashboard, the SSE stream, a test) then never sees the end without its event, and no crash can
   * leave one without the other.
   */
  async function requireFinishedEventWithEnd() {
    await t.sql.unsafe(`
      create function test_end_has_event() returns trigger language plpgsql as $$
      begin
        if not exists (
          select 1 from migration_events e
          where e.migration_id = new.id and e.kind = 'migration_finished'
            and e.id > coalesce((select max(id) from migration_events
                                 where migration_id = new.id and kind in ('attempt_started', 'rerun_requested')), 0)
        ) then
          raise exception 'migration % committed as % without its finished event', new.id, new.status;
        end if;
        return null;
      end $$;
      create constraint trigger test_end_has_event after update of status on migrations
        deferrable initially deferred for each row
        when (new.status in ('succeeded', 'completed_with_issues', 'failed') and old.status is distinct from new.status)
        execute function test_end_has_event();`);
    return async () => {
      await t.sql.unsafe(`drop trigger test_end_has_event on migrations; drop function test_end_has_event();`);
    };
  }

  it("commits the migration's end and its finished event together, for a success and for a failure", async () => {
    const dropCheck = await requireFinishedEventWithEnd();
    try {
      await startRunnerWorker();
      const succeeded = await createSampleMigration(t.db, owner, "sample, end and event together");
      const done = await waitForMigration(t.db, succeeded.id);
      expect(done.status, done.error ?? "").toBe("succeeded");
      // Read once, right after the status: the event is already there, with the counts the row has.
      const [finished] = (await eventsOf(t.sql, succeeded.id)).filter((e) => e.kind === "migration_finished");
      expect(finished).toMatchObject({ agent: "worker", message: "succeeded" });
      await stopWorkers();

      // A budget no step fits in: the migration fails for good (no retry) with the reason.
      await startRunnerWorker({ limits: { migrationTimeoutMs: 1 } });
      const outOfTime = await createSampleMigration(t.db, owner, "sample, failed end and event together");
      const failed = await waitForMigration(t.db, outOfTime.id);
      expect(failed.status).toBe("failed");
      const events = await eventsOf(t.sql, outOfTime.id);
      expect(events.filter((e) => e.kind === "migration_finished").map((e) => e.message)).toEqual([failed.error]);
    } finally {
      await stopWorkers();
      await dropCheck();
    }
  });
});

/** A sample migration whose worker drains while the tester runs: it stops at the evaluator's boundary. */
async function drainedDuringTester(name: string) {
  const migration = await createSampleMigration(t.db, owner, name);
  const testerStarted = onEvent(migration.id, "tester", "step_started");
  const { worker } = await startRunnerWorker({ workerId: "shutting-down" });
  await testerStarted;
  await worker.drain();
  return migration;
}

describe("draining", () => {
  it("puts a drained migration back in the queue with a note saying why, and the next worker resumes it to the same result", async () => {
    const migration = await drainedDuringTester("sample, drained");

    const [row] = await t.db.select().from(migrations).where(eq(migrations.id, migration.id));
    expect(row).toMatchObject({ status: "queued", finishedAt: null });
    expect(row!.startedAt).not.toBeNull();
    const events = await eventsOf(t.sql, migration.id);
    expect(events.at(-1)).toMatchObject({
      agent: "worker",
      kind: "attempt_released",
      message: expect.stringContaining("another worker will resume"),
    });
    expect((await jobsOf(t.db, migration.id))[0]).toMatchObject({ status: "queued", lockedBy: null });

    await startRunnerWorker({ workerId: "next" });
    expect((await waitForMigration(t.db, migration.id)).status).toBe("succeeded");
    expect((await outcomeOf(t.db, migration.id)).report).toEqual(baseline.report);
    // Read right after the status: the finished event commits with it (run-migration.ts finish).
    expect(effectiveLog(await eventsOf(t.sql, migration.id)).log).toEqual(baseline.log);
  });
});

describe("crash windows too narrow to hit with a kill", () => {
  it("publishes, when resuming, the results of steps whose publication a crash cut off after their checkpoint", async () => {
    const migration = await drainedDuringTester("sample, artifacts lost"); // the tester's result checkpointed and published
    // As if killed right after LangGraph's checkpoints and before the dashboard's copies were written.
    await t.db.delete(migrationArtifacts).where(eq(migrationArtifacts.migrationId, migration.id));

    await startRunnerWorker({ workerId: "resuming" });
    expect((await waitForMigration(t.db, migration.id)).status).toBe("succeeded");
    const kinds = await t.db
      .select({ kind: migrationArtifacts.kind })
      .from(migrationArtifacts)
      .where(eq(migrationArtifacts.migrationId, migration.id));
    expect(kinds.map((k) => k.kind).sort()).toEqual(baseline.artifacts);
  });

  it("resumes, instead of starting over, a run cut off between a step's saved result and the checkpoint after it", async () => {
    // The executor's result reaches LangGraph (putWrites) and then the checkpoint that follows it fails, once, as
    // if the worker had been killed in between. LangGraph then reports no `next` step: the executor has its
    // writes, and nothing after it is scheduled yet.
    let executorWritten = false;
    let failedOnce = false;
    const crashAfterExecutor = interceptSaver({
      async putWrites(saver, ...args) {
        await saver.putWrites(...args);
        if (args[1].some(([channel]) => channel === "translations")) executorWritten = true;
      },
      async put(saver, ...args) {
        if (executorWritten && !failedOnce) {
          failedOnce = true;
          throw new Error("worker killed after the executor's writes, before its checkpoint");
        }
        return saver.put(...args);
      },
    });
    const migration = await createSampleMigration(t.db, owner, "sample, cut off after the executor's writes");
    await startRunnerWorker({ wrap: crashAfterExecutor });
    const done = await waitForMigration(t.db, migration.id, 60_000);
    expect(failedOnce).toBe(true);
    expect(done.status, done.error ?? "").toBe("succeeded");
    expect((await outcomeOf(t.db, migration.id)).report).toEqual(baseline.report);
    const events = await eventsOf(t.sql, migration.id);
    expect(events.filter((e) => e.kind === "attempt_failed")).toHaveLength(1);
    for (const agent of ["assessment", "planner", "executor"]) {
      expect(
        events.filter((e) => e.agent === agent && e.kind === "step_started"),
        agent,
      ).toHaveLength(1);
    }
  });

  it("fails a migration whose workers keep dying in it once its attempts are used up, instead of reclaiming it forever", async () => {
    const migration = await createSampleMigration(t.db, owner, "sample, poison");
    // Three workers claimed it in turn and died without a word (two leases were reclaimed, the last has run out).
    await t.db.update(migrations).set({ status: "running" }).where(eq(migrations.id, migration.id));
    await t.db
      .update(jobs)
      .set({
        status: "running",
        attempts: 3,
        crashes: 2,
        lockedBy: "dead-worker",
        lockedUntil: new Date(Date.now() - 1000),
      })
      .where(eq(jobs.migrationId, migration.id));
    const { worker } = await startRunnerWorker();
    const failed = await waitForMigration(t.db, migration.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toBe("the worker process died 3 times while running this migration (last step: none started)");
    const job = await waitFor("the job to fail", async () => {
      const [row] = await jobsOf(t.db, migration.id);
      return row?.status === "failed" ? row : undefined;
    });
    expect(job).toMatchObject({ poisoned: true, crashes: 3, attempts: 4 });
    expect(worker.runs).toHaveLength(1);
    expect((await eventsOf(t.sql, migration.id)).map((e) => e.kind)).toEqual(["migration_finished"]);
  });

  it("completes, without redoing or re-announcing anything, a job whose worker died after the migration finished", async () => {
    await startRunnerWorker();
    const migration = await createSampleMigration(t.db, owner, "sample, worker died at the very end");
    const done = await waitForMigration(t.db, migration.id);
    await waitFor("the job to complete", async () =>
      (await jobsOf(t.db, migration.id))[0]?.status === "succeeded" ? true : undefined,
    );
    const before = await eventsOf(t.sql, migration.id);
    await stopWorkers();

    // As if the worker had been killed between writing the migration's end and completing its job.
    await t.db
      .update(jobs)
      .set({ status: "running", lockedBy: "dead-worker", lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(jobs.migrationId, migration.id));
    const { worker } = await startRunnerWorker();
    const [job] = await waitFor("the job to be completed again", async () => {
      const rows = await jobsOf(t.db, migration.id);
      return rows[0]?.status === "succeeded" ? rows : undefined;
    });
    expect(job).toMatchObject({ attempts: 2 });
    expect(worker.runs).toHaveLength(1);
    expect(await eventsOf(t.sql, migration.id)).toEqual(before);
    const [row] = await t.db.select().from(migrations).where(eq(migrations.id, migration.id));
    expect(row).toMatchObject({ status: "succeeded", finishedAt: done.finishedAt, progress: 1 });
  });
});
