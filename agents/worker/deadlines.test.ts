import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import type { MigrationReport } from "~/agents/core/contracts";
import { createTestDatabase } from "~/db/testing";
import { cancelMigration, createMigration } from "~/server/services/migrations";
import type { RunLimits } from "./run-migration";
import { startTestWorker } from "./testing/in-process";
import { createOwner, eventsOf, jobsOf, outcomeOf, waitFor, waitForMigration } from "./testing/migrations";
import { createTestRunner } from "./testing/runner";

/**
 * No input makes a worker hold a job forever (issue 10 §1): the real migration runner in this process, on a source
 * whose view would run for hours in the sandbox (a 7-way cross join of 40 rows: 1.6·10¹¹ rows to count). Each
 * deadline ends it with a reason, and a cancel stops it in the middle of the step, statement included.
 */
const rows = Array.from({ length: 40 }, (_, i) => `(${i + 1})`).join(", ");
const FOREVER = `
CREATE TABLE dbo.Numbers (n INT NOT NULL PRIMARY KEY);
GO
INSERT INTO dbo.Numbers (n) VALUES ${rows};
GO
CREATE VIEW dbo.Forever AS
SELECT COUNT_BIG(*) AS combinations
FROM dbo.Numbers a CROSS JOIN dbo.Numbers b CROSS JOIN dbo.Numbers c CROSS JOIN dbo.Numbers d
  CROSS JOIN dbo.Numbers e CROSS JOIN dbo.Numbers f CROSS JOIN dbo.Numbers g;
GO
CREATE VIEW dbo.Quick AS SELECT n FROM dbo.Numbers WHERE n <= 3;
GO
`;

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let owner: string;
const cleanups: (() => Promise<void>)[] = [];

async function startWorker(limits: RunLimits) {
  const runner = await createTestRunner({ db: t.db, sql: t.sql, url: t.url, adminUrl: t.adminUrl, limits });
  const worker = startTestWorker(t.sql, {
    workerId: "deadlines",
    handle: runner.handle,
    pollIntervalMs: 100,
    leaseMs: 5_000,
  });
  cleanups.push(async () => {
    await worker.drain();
    await runner.end();
  });
  return worker;
}
const createForever = (name: string) =>
  createMigration(t.db, owner, { name, source: { kind: "paste", sql: FOREVER }, target: "postgres", options: {} });

/** The statements running in this migration's sandboxes now. */
async function sandboxStatements(migrationId: string) {
  const admin = postgres(t.adminUrl, { max: 1, onnotice: () => {} });
  try {
    return await admin<{ datname: string; query: string }[]>`
      select datname, query from pg_stat_activity
      where datname like ${`dm_sandbox_${migrationId.replaceAll("-", "").slice(0, 12)}%`} and state = 'active'`;
  } finally {
    await admin.end();
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  owner = await createOwner(t.db);
});
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((stop) => stop()));
});
afterAll(() => t.drop());

describe("a sandbox statement that would run forever", () => {
  it("fails its object at the statement deadline; the migration ends with the reason on that object and the other objects built", async () => {
    await startWorker({ statementTimeoutMs: 1_000 });
    const migration = await createForever("forever, statement deadline");
    const done = await waitForMigration(t.db, migration.id, 60_000);
    // The pipeline ran to the end, but an object failed: amber, not green.
    expect(done.status, done.error ?? "").toBe("completed_with_issues");
    const { report } = await outcomeOf(t.db, migration.id);
    const objects = (report as unknown as MigrationReport).objects;
    const forever = objects.find((o) => o.object === "[dbo].[Forever]");
    expect(forever?.status).toBe("failed");
    expect(forever?.reason).toMatch(/the statement ran past the sandbox statement deadline of 1 s/);
    expect(objects.find((o) => o.object === "[dbo].[Quick]")?.status).not.toBe("failed");
    expect(await jobsOf(t.db, migration.id)).toMatchObject([{ status: "succeeded", attempts: 1 }]);
  });

  it("fails the migration at the step deadline, naming the step and the model it was building, without a retry", async () => {
    await startWorker({ statementTimeoutMs: 600_000, stepTimeoutMs: 3_000 });
    const migration = await createForever("forever, step deadline");
    const started = Date.now();
    const done = await waitForMigration(t.db, migration.id, 60_000);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/^Failed: the tester step ran past its deadline of 3 s \(working on model forever\)$/);
    expect(Date.now() - started).toBeLessThan(15_000);
    const [job] = await waitFor("the job to end", async () => {
      const jobs = await jobsOf(t.db, migration.id);
      return jobs[0]?.status === "running" ? undefined : jobs;
    });
    expect(job).toMatchObject({ status: "failed", attempts: 1 });
    // The sandbox went with the step: nothing of it is still running on the server.
    await waitFor(
      "the sandbox statement to be gone",
      async () => ((await sandboxStatements(migration.id)).length === 0 ? true : undefined),
      5_000,
    );
  });

  it("fails the migration when its time budget runs out, whichever step it is in", async () => {
    await startWorker({ statementTimeoutMs: 600_000, migrationTimeoutMs: 4_000 });
    const migration = await createForever("forever, migration budget");
    const done = await waitForMigration(t.db, migration.id, 60_000);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(
      /^Failed: the migration ran past its time budget of 4 s \(in the tester step, working on model forever\)$/,
    );
  });
});

describe("cancel", () => {
  it("stops the step it lands in within seconds, the sandbox statement with it, and frees the job", async () => {
    const worker = await startWorker({ statementTimeoutMs: 600_000, cancelPollMs: 250 });
    const migration = await createForever("forever, cancelled");
    // In the middle of the tester step: the endless count is running in the sandbox (the model is built as a table).
    await waitFor(
      "the endless statement to run",
      async () =>
        (await sandboxStatements(migration.id)).some((s) => s.query.includes(`"analytics"."forever"`))
          ? true
          : undefined,
      60_000,
    );
    const cancelledAt = Date.now();
    expect(await cancelMigration(t.db, owner, migration.id)).toMatchObject({ status: "cancelled" });
    const [job] = await waitFor(
      "the job to end",
      async () => {
        const jobs = await jobsOf(t.db, migration.id);
        return jobs[0]?.status === "running" ? undefined : jobs;
      },
      10_000,
    );
    expect(Date.now() - cancelledAt).toBeLessThan(5_000);
    expect(job).toMatchObject({ status: "cancelled", lockedBy: null });
    expect(worker.runningJobs).toBe(0);
    await waitFor(
      "the sandbox statement to be gone",
      async () => ((await sandboxStatements(migration.id)).length === 0 ? true : undefined),
      5_000,
    );
    const events = await eventsOf(t.sql, migration.id);
    expect(events.at(-1)).toMatchObject({ agent: "worker", kind: "migration_finished", message: "cancelled" });
    expect(events.some((e) => e.agent === "tester" && e.kind === "step_finished")).toBe(false);
    expect((await waitForMigration(t.db, migration.id)).status).toBe("cancelled");
  });
});
