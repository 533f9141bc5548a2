import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "~/db/testing";
import { effectiveLog } from "./testing/events";
import { createOwner, createSampleMigration, eventsOf, jobsOf, waitForMigration } from "./testing/migrations";
import { startWorkerProcess, type WorkerProcess } from "./testing/worker-process";

/**
 * The exactly-once claim at scale is proven in-process (worker.test.ts, 100 migrations); this is the same with
 * two real worker processes running the real graph: every migration runs once, in one attempt, by one of them.
 */
let t: Awaited<ReturnType<typeof createTestDatabase>>;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill("SIGKILL")));
  await t.drop();
});

describe("two worker processes sharing one queue", () => {
  it("run each of six queued migrations exactly once, to success, between them", async () => {
    const owner = await createOwner(t.db);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await createSampleMigration(t.db, owner, `sample ${i}`)).id);
    for (let i = 0; i < 2; i++)
      workers.push(startWorkerProcess({ databaseUrl: t.url, adminUrl: t.adminUrl, env: { WORKER_CONCURRENCY: "2" } }));

    for (const id of ids) {
      const done = await waitForMigration(t.db, id, 120_000);
      expect(done.status, `${done.error}\n${workers.map((w) => w.output()).join("\n")}`).toBe("succeeded");
    }
    for (const id of ids) {
      expect((await jobsOf(t.db, id)).map((j) => [j.status, j.attempts])).toEqual([["succeeded", 1]]);
      const events = await eventsOf(t.sql, id);
      expect(events.filter((e) => e.kind === "attempt_started")).toHaveLength(1);
      expect(effectiveLog(events)).toMatchObject({ attempts: 1, redoneSteps: [], finishedEvents: 1 });
    }
    // Which worker ran what, from their own logs: each migration by exactly one of them.
    const runsOf = (w: WorkerProcess) => ids.filter((id) => w.output().includes(`(migration ${id}) attempt 1`));
    expect([...runsOf(workers[0]!), ...runsOf(workers[1]!)].sort()).toEqual([...ids].sort());
  }, 150_000);
});
