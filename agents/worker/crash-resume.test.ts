import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { jobs as jobsTable } from "~/db/schema";
import { createTestDatabase } from "~/db/testing";
import { effectiveLog, eventKey, watchEvents } from "./testing/events";
import {
  createNorthwindMigration,
  createOwner,
  eventsOf,
  jobsOf,
  northwindPresent,
  outcomeOf,
  waitFor,
  waitForMigration,
  type StoredEvent,
} from "./testing/migrations";
import { startWorkerProcess, type WorkerProcess } from "./testing/worker-process";
import { SHARED_FIXTURES } from "~/runtime/testing/corpora";

if (!northwindPresent)
  console.warn(
    `SKIPPED: the worker crash-resume tests need the Northwind corpus in ${SHARED_FIXTURES}, which is absent.`,
  );

/**
 * The real worker process (`node --import tsx agents/worker/main.ts`) is killed with SIGKILL at chosen points of
 * a Northwind migration (an upload of its script, no expected results) and a fresh process started each time.
 * The result must be the uninterrupted run's: the same report and dbt project, and the same events apart from
 * the one step each kill cut off (see `effectiveLog` for the exact rule).
 *
 * A kill point names an event of the uninterrupted run ("the 5th tester object"); the worker is killed right
 * after that event commits, or after the first later one if the resumed run does not repeat it. Several kills
 * share one migration (each resumed run is killed again further on) to keep the suite's time reasonable.
 */
type KillPoint = { agent: string; kind: string; nth: number };
const at = (agent: string, kind: string, nth = 1): KillPoint => ({ agent, kind, nth });
const label = (p: KillPoint) => `${p.agent} ${p.kind}${p.nth > 1 ? ` #${p.nth}` : ""}`;

/** Every migration here has the same name: it names the dbt project (agents/worker/source.ts), which must not differ. */
const NAME = "Northwind";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let owner: string;
let baseline: { events: StoredEvent[]; log: string[]; outcome: Awaited<ReturnType<typeof outcomeOf>> };
const processes: WorkerProcess[] = [];

function startWorker() {
  const worker = startWorkerProcess({ databaseUrl: t.url, adminUrl: t.adminUrl });
  processes.push(worker);
  return worker;
}

/** Index in the uninterrupted run's events of the kill point. */
function indexOf(point: KillPoint): number {
  let seen = 0;
  const index = baseline.events.findIndex(
    (e) => e.agent === point.agent && e.kind === point.kind && ++seen === point.nth,
  );
  if (index < 0) throw new Error(`the uninterrupted run has no ${label(point)}`);
  return index;
}

/** Starts a worker and SIGKILLs it as soon as the migration reaches `point` (or the first event past it). */
async function killAt(migrationId: string, point: KillPoint) {
  const target = indexOf(point);
  const position = new Map<string, number>();
  baseline.events.forEach((e, i) => position.has(eventKey(e)) || position.set(eventKey(e), i));
  let reached!: () => void;
  const reachedPoint = new Promise<void>((resolve) => (reached = resolve));
  const watcher = await watchEvents(t.sql, migrationId, (event) => {
    if ((position.get(eventKey(event)) ?? -1) >= target) reached();
  });
  const worker = startWorker();
  try {
    await Promise.race([
      reachedPoint,
      worker.exited.then(() => {
        throw new Error(`the worker exited before ${label(point)}:\n${worker.output()}`);
      }),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`${label(point)} not reached in 60 s:\n${worker.output()}`)), 60_000),
      ),
    ]);
  } finally {
    await worker.kill("SIGKILL");
    await watcher.stop();
  }
}

async function runToEnd(migrationId: string) {
  const worker = startWorker();
  const done = await waitForMigration(t.db, migrationId, 90_000).catch((error: Error) => {
    throw new Error(`${error.message}\n${worker.output()}`);
  });
  await worker.kill("SIGTERM");
  return done;
}

beforeAll(async () => {
  if (!northwindPresent) return;
  t = await createTestDatabase();
  owner = await createOwner(t.db);
  const migration = await createNorthwindMigration(t.db, owner, NAME);
  const done = await runToEnd(migration.id);
  expect(done.status, done.error ?? "").toBe("succeeded");
  const events = await eventsOf(t.sql, migration.id);
  baseline = { events, log: effectiveLog(events).log, outcome: await outcomeOf(t.db, migration.id) };
}, 120_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.kill("SIGKILL")));
  await t?.drop();
});

describe.skipIf(!northwindPresent)("a Northwind migration whose worker is SIGKILLed and restarted", () => {
  const chains: KillPoint[][] = [
    [at("worker", "attempt_started"), at("ingest", "step_finished"), at("assessment", "step_finished")],
    [at("planner", "step_started"), at("executor", "object", 1), at("executor", "object", 23)],
    [at("executor", "step_finished"), at("tester", "object", 5), at("tester", "object", 37)],
    [at("tester", "step_finished"), at("evaluator", "object", 3), at("evaluator", "step_finished")],
    [at("report", "step_started"), at("report", "step_finished")],
  ];

  it.each(chains.map((chain) => [chain.map(label).join(", then "), chain] as const))(
    "ends with the uninterrupted run's report, project and events when killed at: %s",
    async (_name, chain) => {
      const migration = await createNorthwindMigration(t.db, owner, NAME);
      // Each kill costs an attempt, and a job whose workers died in it maxAttempts times is failed as a poison
      // job (run-migration.test.ts); this one must survive all of its kills.
      await t.db
        .update(jobsTable)
        .set({ maxAttempts: chain.length + 1 })
        .where(eq(jobsTable.migrationId, migration.id));
      for (const point of chain) await killAt(migration.id, point);
      const done = await runToEnd(migration.id);
      expect(done.status, done.error ?? "").toBe("succeeded");

      const outcome = await outcomeOf(t.db, migration.id);
      expect(outcome.report).toEqual(baseline.outcome.report);
      expect(Object.keys(outcome.files)).toEqual(Object.keys(baseline.outcome.files));
      expect(outcome.files).toEqual(baseline.outcome.files);
      expect(outcome.markdown).toEqual(baseline.outcome.markdown);

      const events = effectiveLog(await eventsOf(t.sql, migration.id));
      expect(events.attempts).toBe(chain.length + 1);
      expect(events.log).toEqual(baseline.log);
      expect(events.finishedEvents).toBe(1);
      expect(events.redoneSteps.length).toBeLessThanOrEqual(chain.length);

      // One job ran it all, through every kill; no sandbox of it was left behind.
      const jobs = await jobsOf(t.db, migration.id);
      expect(jobs.map((j) => [j.status, j.attempts])).toEqual([["succeeded", chain.length + 1]]);
      const prefix = `dm_sandbox_${migration.id.replaceAll("-", "").slice(0, 12)}`;
      expect(await t.sql`select datname from pg_database where datname like ${prefix + "%"}`).toEqual([]);
    },
    150_000,
  );

  it("drains on SIGTERM at the next step boundary, and another worker resumes without redoing a step", async () => {
    const migration = await createNorthwindMigration(t.db, owner, NAME);
    const first = startWorker();
    let sawTester!: () => void;
    const testerStarted = new Promise<void>((resolve) => (sawTester = resolve));
    const watcher = await watchEvents(
      t.sql,
      migration.id,
      (e) => e.agent === "tester" && e.kind === "step_started" && sawTester(),
    );
    await testerStarted;
    await watcher.stop();
    first.child.kill("SIGTERM");
    expect(await first.exited, first.output()).toEqual({ code: 0, signal: null });
    expect(first.output()).toContain("[worker] stopped");

    // Released untouched: queued again, the attempt given back, the tester's work kept, nothing after it begun
    // but the worker's note that it let the migration go.
    const [job] = await jobsOf(t.db, migration.id);
    expect(job).toMatchObject({ status: "queued", attempts: 0, lockedBy: null });
    const drained = await eventsOf(t.sql, migration.id);
    expect(drained.slice(-2)).toMatchObject([
      { agent: "tester", kind: "step_finished" },
      { agent: "worker", kind: "attempt_released" },
    ]);

    const done = await runToEnd(migration.id);
    expect(done.status, done.error ?? "").toBe("succeeded");
    expect((await outcomeOf(t.db, migration.id)).report).toEqual(baseline.outcome.report);
    const events = effectiveLog(await eventsOf(t.sql, migration.id));
    expect(events.log).toEqual(baseline.log);
    expect(events.redoneSteps).toEqual([]);
    expect(
      await waitFor("the job to succeed", async () =>
        (await jobsOf(t.db, migration.id))[0]?.status === "succeeded" ? true : undefined,
      ),
    ).toBe(true);
  }, 120_000);
});
