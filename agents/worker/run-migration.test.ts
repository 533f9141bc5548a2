import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { migrations } from "~/db/schema";
import { createTestDatabase } from "~/db/testing";
import { cancelMigration, retryMigration } from "~/server/services/migrations";
import { effectiveLog } from "./testing/events";
import { startTestWorker } from "./testing/in-process";
import { createOwner, createSampleMigration, eventsOf, jobsOf, outcomeOf, waitFor, waitForMigration } from "./testing/migrations";
import { createTestRunner } from "./testing/runner";
import { watchEvents } from "./testing/events";

/**
 * The migration runner (agents/worker/run-migration.ts) on the built-in sample, in this process: cancel, retry.
 */
let t: Awaited<ReturnType<typeof createTestDatabase>>;
let owner: string;
let baseline: { log: string[]; report: unknown };
const cleanups: (() => Promise<void>)[] = [];

async function startRunnerWorker(options: { workerId?: string; adminUrl?: string; wrap?: (saver: BaseCheckpointSaver) => BaseCheckpointSaver } = {}) {
  const runner = await createTestRunner({ db: t.db, sql: t.sql, url: t.url, adminUrl: options.adminUrl ?? t.adminUrl, ...(options.wrap ? { wrap: options.wrap } : {}) });
  const worker = startTestWorker(t.sql, { workerId: options.workerId ?? "runner", handle: runner.handle, pollIntervalMs: 100, leaseMs: 5_000 });
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
  baseline = { log: effectiveLog(await eventsOf(t.sql, migration.id)).log, report: (await outcomeOf(t.db, migration.id)).report };
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
  it("stops a running migration at the next step boundary when it is cancelled, and a retry resumes it to the uninterrupted run's result", async () => {
    const migration = await createSampleMigration(t.db, owner, "sample, cancelled");
    const testerStarted = onEvent(migration.id, "tester", "step_started");
    await startRunnerWorker();
    await testerStarted;
    expect(await cancelMigration(t.db, owner, migration.id)).toMatchObject({ status: "cancelled" });

    const cancelled = await waitFor("the cancelled run to end", async () => {
      const events = await eventsOf(t.sql, migration.id);
      return events.at(-1)?.kind === "migration_finished" ? events : undefined;
    });
    // The tester finished the step it was in; nothing after it started.
    expect(cancelled.at(-1)).toMatchObject({ agent: "worker", message: "cancelled" });
    expect(cancelled.at(-2)).toMatchObject({ agent: "tester", kind: "step_finished" });
    expect(cancelled.some((e) => e.agent === "evaluator")).toBe(false);
    expect(await jobsOf(t.db, migration.id)).toMatchObject([{ status: "cancelled", lockedBy: null }]);
    expect((await waitForMigration(t.db, migration.id)).status).toBe("cancelled");

    expect(await retryMigration(t.db, owner, migration.id)).toMatchObject({ status: "queued" });
    const done = await waitForMigration(t.db, migration.id);
    expect(done.status, done.error ?? "").toBe("succeeded");
    expect((await outcomeOf(t.db, migration.id)).report).toEqual(baseline.report);
    // No step ran twice: the retry went on from the evaluator.
    const log = effectiveLog(await eventsOf(t.sql, migration.id));
    expect(log.log.filter((e) => e !== "worker||migration_finished|cancelled")).toEqual(baseline.log);
    expect(log.redoneSteps).toEqual([]);
    expect((await jobsOf(t.db, migration.id)).map((j) => j.status)).toEqual(["cancelled", "succeeded"]);
  });

  it("keeps a migration cancelled when the cancel arrives while its last step runs", async () => {
    let migrationId = "";
    // Cancels exactly when the report step has produced its result, before LangGraph records it.
    const cancelDuringReport = (saver: BaseCheckpointSaver) =>
      new Proxy(saver, {
        get(target, property) {
          if (property === "putWrites") {
            return async (...args: Parameters<BaseCheckpointSaver["putWrites"]>) => {
              if (args[1].some(([channel]) => channel === "finalReport")) await cancelMigration(t.db, owner, migrationId);
              return target.putWrites(...args);
            };
          }
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    const migration = await createSampleMigration(t.db, owner, "sample, cancelled at the end");
    migrationId = migration.id;
    await startRunnerWorker({ wrap: cancelDuringReport });
    await waitFor("the run to end", async () => ((await eventsOf(t.sql, migration.id)).at(-1)?.kind === "migration_finished" ? true : undefined));
    await waitFor("the job to end", async () => ((await jobsOf(t.db, migration.id))[0]?.lockedBy === null ? true : undefined));
    const [row] = await t.db.select().from(migrations).where(eq(migrations.id, migration.id));
    expect(row).toMatchObject({ status: "cancelled" });
    const events = await eventsOf(t.sql, migration.id);
    expect(events.filter((e) => e.kind === "migration_finished").map((e) => e.message)).toEqual(["cancelled"]);
  });
});
