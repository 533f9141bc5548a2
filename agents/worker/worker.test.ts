import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { LeaseLostError } from "~/agents/events/record";
import { createDatabase } from "~/db/client";
import { jobs } from "~/db/schema";
import { createTestDatabase } from "~/db/testing";
import { backoffMs, claimJob, completeJob, failJob, heartbeat, releaseJob } from "./queue";
import { startTestWorker, sleepUnlessAborted, type RecordedRun } from "./testing/in-process";
import { createOwner, createSampleMigration, jobsOf, waitFor } from "./testing/migrations";
import { PermanentJobError, type JobHandler } from "./worker";

/**
 * The job queue and the worker loop with trivial handlers (the migration graph is exercised in
 * run-migration.test.ts and, as a real process, in crash-resume.test.ts). Each "worker" gets its own connection
 * pool, as separate processes would.
 */
let t: Awaited<ReturnType<typeof createTestDatabase>>;
let owner: string;
const closes: (() => Promise<void>)[] = [];
const stops: (() => Promise<void>)[] = [];

function pool() {
  const { sql, close } = createDatabase(t.url, { max: 6 });
  closes.push(close);
  return sql;
}
function worker(options: Parameters<typeof startTestWorker>[1]) {
  const started = startTestWorker(pool(), options);
  stops.push(() => started.drain());
  return started;
}
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

beforeAll(async () => {
  t = await createTestDatabase();
  owner = await createOwner(t.db);
});
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
  vi.restoreAllMocks();
  await t.sql`delete from migrations`; // and their jobs: each test starts with an empty queue
});
afterAll(async () => {
  await Promise.all(closes.map((close) => close()));
  await t.drop();
});

async function jobOf(migrationId: string) {
  const [job] = await jobsOf(t.db, migrationId);
  return job!;
}
async function waitForJob(migrationId: string, status: string, timeoutMs = 20_000) {
  return waitFor(
    `the job of ${migrationId} to be ${status}`,
    async () => {
      const job = await jobOf(migrationId);
      return job.status === status ? job : undefined;
    },
    timeoutMs,
  );
}

describe("claiming", () => {
  it("runs each of 100 queued migrations exactly once with two workers competing for them", async () => {
    const runs: RecordedRun[] = [];
    const handle: JobHandler = () => sleep(5 + Math.random() * 20);
    const ids: string[] = [];
    // Half queued before the workers start (claimed by their catch-up and polling), half while they run (NOTIFY).
    for (let i = 0; i < 50; i++) ids.push((await createSampleMigration(t.db, owner, `batch ${i}`)).id);
    worker({ workerId: "worker-a", handle, concurrency: 4, runs });
    worker({ workerId: "worker-b", handle, concurrency: 4, runs });
    for (let i = 50; i < 100; i++) ids.push((await createSampleMigration(t.db, owner, `batch ${i}`)).id);

    await waitFor("all 100 jobs to succeed", async () => {
      const [row] = await t.sql<
        { n: number }[]
      >`select count(*)::int as n from jobs where status = 'succeeded' and migration_id = any(${ids}::uuid[])`;
      return row!.n === 100 ? true : undefined;
    });
    const perMigration = new Map<string, number>();
    for (const run of runs) perMigration.set(run.job.migrationId, (perMigration.get(run.job.migrationId) ?? 0) + 1);
    expect(ids.filter((id) => perMigration.get(id) !== 1)).toEqual([]);
    expect(runs).toHaveLength(100);
    const finished = await t.sql<{ attempts: number; locked_by: string | null }[]>`
      select attempts, locked_by from jobs where migration_id = any(${ids}::uuid[])`;
    expect(finished.every((j) => j.attempts === 1 && j.locked_by === null)).toBe(true);
    // Both took part (each can hold at most 4 of the 100 at a time).
    expect(new Set(runs.map((r) => r.workerId))).toEqual(new Set(["worker-a", "worker-b"]));
  });

  it("claims jobs queued while no worker was listening as soon as a worker starts, without waiting for a poll", async () => {
    const queued = await createSampleMigration(t.db, owner);
    const started = Date.now();
    const w = worker({ workerId: "late-starter", handle: async () => {}, pollIntervalMs: 30_000 });
    await waitForJob(queued.id, "succeeded", 10_000);
    expect(w.runs.map((r) => r.job.migrationId)).toEqual([queued.id]);
    expect(Date.now() - started).toBeLessThan(10_000); // the first poll would come at 30 s
  });

  it("wakes a worker via NOTIFY well before the polling interval elapses", async () => {
    const w = worker({ workerId: "listener", handle: async () => {}, pollIntervalMs: 30_000 });
    // Its LISTEN is up once a connection's last statement is the LISTEN itself.
    await waitFor("the worker to LISTEN", async () => {
      const rows =
        await t.sql`select 1 from pg_stat_activity where datname = current_database() and query ilike 'listen%datamigrate_jobs%'`;
      return rows.length ? true : undefined;
    });
    await sleep(100); // let the catch-up round that follows the LISTEN finish: it must not be what claims the job
    const created = Date.now();
    const migration = await createSampleMigration(t.db, owner);
    await waitForJob(migration.id, "succeeded", 10_000);
    const claimedAfterMs = w.runs[0]!.startedAt - created;
    expect(w.runs.map((r) => r.job.migrationId)).toEqual([migration.id]);
    expect(claimedAfterMs).toBeLessThan(2_000); // vs. a 30 s polling interval
  });
});

describe("leases", () => {
  it("keeps a job running longer than its lease with heartbeats, so a competing worker never takes it", async () => {
    const runs: RecordedRun[] = [];
    const migration = await createSampleMigration(t.db, owner);
    worker({ workerId: "slow", handle: () => sleep(3_500), leaseMs: 1_000, pollIntervalMs: 100, runs });
    await waitFor("the slow worker to claim", async () => (runs.length ? true : undefined));
    worker({ workerId: "eager", handle: async () => {}, leaseMs: 1_000, pollIntervalMs: 100, runs });
    const job = await waitForJob(migration.id, "succeeded");
    expect(runs.map((r) => r.workerId)).toEqual(["slow"]);
    expect(job.attempts).toBe(1);
  });

  it("gives the job of a worker whose heartbeat stopped to another worker once the lease expires, and fences the first one's late writes", async () => {
    const migration = await createSampleMigration(t.db, owner);
    const frozenSql = pool();
    // A worker that claimed and then went silent (frozen process, lost network): no heartbeat ever.
    const frozen = await claimJob(frozenSql, "frozen", 1_000);
    expect(frozen?.migrationId).toBe(migration.id);
    const claimedAt = Date.now();

    const rescuer = worker({ workerId: "rescuer", handle: async () => {}, leaseMs: 5_000, pollIntervalMs: 100 });
    const job = await waitForJob(migration.id, "succeeded");
    expect(rescuer.runs).toHaveLength(1);
    expect(rescuer.runs[0]!.job.attempts).toBe(2);
    expect(rescuer.runs[0]!.startedAt - claimedAt).toBeGreaterThanOrEqual(900); // not while the lease was valid

    // The frozen worker wakes up and tries to carry on: every write is refused.
    expect(await heartbeat(frozenSql, frozen!, "frozen", 1_000)).toBe(false);
    expect(await completeJob(frozenSql, frozen!, "frozen")).toBe(false);
    expect(await failJob(frozenSql, frozen!, "frozen", "late failure")).toBe("lost");
    await releaseJob(frozenSql, frozen!, "frozen");
    expect(await jobOf(migration.id)).toMatchObject({
      status: "succeeded",
      attempts: 2,
      lockedBy: null,
      lastError: null,
      updatedAt: job.updatedAt,
    });
  });

  it("stops a running job as soon as its heartbeat finds another worker owns it, and changes nothing of the new owner's", async () => {
    const migration = await createSampleMigration(t.db, owner);
    let stoppedWith: unknown;
    const w = worker({
      workerId: "partitioned",
      leaseMs: 1_500,
      handle: async (_job, signal) => {
        await sleepUnlessAborted(60_000, signal).catch((error: unknown) => {
          stoppedWith = error;
          throw error;
        });
      },
    });
    await waitFor("the job to start", async () => (w.runs.length ? true : undefined));
    // What a rescuer's claim after an expired lease leaves in the row (the worker's beats were lost meanwhile).
    await t.db.update(jobs).set({ lockedBy: "rescuer", attempts: 2 }).where(eq(jobs.migrationId, migration.id));
    await waitFor("the job to stop", async () => (w.runningJobs === 0 ? true : undefined), 10_000);
    expect(stoppedWith).toBeInstanceOf(LeaseLostError);
    expect(await jobOf(migration.id)).toMatchObject({
      status: "running",
      lockedBy: "rescuer",
      attempts: 2,
      lastError: null,
    });
  });
});

describe("failures", () => {
  it("caps each retry's delay at a base that doubles per attempt, up to five minutes, with full jitter", () => {
    const random = vi.spyOn(Math, "random");
    random.mockReturnValue(1);
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
    expect(backoffMs(20)).toBe(300_000);
    random.mockReturnValue(0.25);
    expect(backoffMs(3)).toBe(1_000);
    random.mockReturnValue(0);
    expect(backoffMs(3)).toBe(0);
  });

  it("retries a failing job after growing delays, then fails it for good after maxAttempts with the last error", async () => {
    vi.spyOn(Math, "random").mockReturnValue(1); // the jitter's upper bound: delays of exactly 1 s, then 2 s
    const migration = await createSampleMigration(t.db, owner);
    const w = worker({
      workerId: "unlucky",
      pollIntervalMs: 100,
      handle: async (job) => {
        throw new Error(`sandbox unreachable (attempt ${job.attempts})`);
      },
    });
    const job = await waitForJob(migration.id, "failed");
    expect(w.runs.map((r) => r.job.attempts)).toEqual([1, 2, 3]);
    expect(job).toMatchObject({
      attempts: 3,
      maxAttempts: 3,
      lastError: "sandbox unreachable (attempt 3)",
      lockedBy: null,
    });
    const gaps = w.runs.slice(1).map((r, i) => r.startedAt - w.runs[i]!.startedAt);
    expect(gaps[0]).toBeGreaterThanOrEqual(1_000);
    expect(gaps[1]).toBeGreaterThanOrEqual(2_000);
    expect(w.logs.filter((l) => l.includes("failed (retry)"))).toHaveLength(2);
    expect(w.logs.filter((l) => l.includes("failed (failed)"))).toHaveLength(1);
  });

  it("fails a job at once, without retrying, when its handler throws a PermanentJobError", async () => {
    const migration = await createSampleMigration(t.db, owner);
    const w = worker({
      workerId: "strict",
      handle: async () => {
        throw new PermanentJobError("The source cannot be migrated: no objects");
      },
    });
    const job = await waitForJob(migration.id, "failed");
    expect(w.runs).toHaveLength(1);
    expect(job).toMatchObject({ attempts: 1, lastError: "The source cannot be migrated: no objects" });
  });
});

describe("draining", () => {
  it("stops claiming, stops the running job and gives it back untouched for another worker to run", async () => {
    const migration = await createSampleMigration(t.db, owner);
    const first = worker({ workerId: "leaving", handle: (_job, signal) => sleepUnlessAborted(60_000, signal) });
    await waitFor("the job to start", async () => (first.runs.length ? true : undefined));
    await first.drain();
    expect(first.runningJobs).toBe(0);
    expect(await jobOf(migration.id)).toMatchObject({
      status: "queued",
      attempts: 0,
      lockedBy: null,
      lockedUntil: null,
      lastError: null,
    });

    const next = worker({ workerId: "staying", handle: async () => {} });
    expect(await waitForJob(migration.id, "succeeded")).toMatchObject({ attempts: 1 });
    expect(next.runs).toHaveLength(1);
    expect(first.runs).toHaveLength(1);
  });

  it("completes a job whose handler finished its work while the worker was draining, instead of queueing it again", async () => {
    const migration = await createSampleMigration(t.db, owner);
    let finished = false;
    const w = worker({
      workerId: "finishing",
      // Ignores the abort: its last step was already past the point where stopping helps.
      handle: async () => {
        await sleep(300);
        finished = true;
      },
    });
    await waitFor("the job to start", async () => (w.runs.length ? true : undefined));
    await w.drain();
    expect(finished).toBe(true);
    expect(await jobOf(migration.id)).toMatchObject({ status: "succeeded", attempts: 1, lockedBy: null });
  });
});
