import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "~/db/testing";
import { createMigration, MigrationStateError, retryMigration } from "~/server/services/migrations";
import { createOwner, jobsOf, waitForMigration } from "./testing/migrations";
import { startWorkerProcess, type WorkerProcess } from "./testing/worker-process";

/**
 * A poison job: an input whose processing kills the worker process every time (here a real one, a script of
 * INSERTs too large for a worker given a small heap, so V8 aborts out of memory). The worker is a real process
 * restarted under the same id after each death, as `npm start` restarts it.
 */
let t: Awaited<ReturnType<typeof createTestDatabase>>;
let owner: string;
const processes: WorkerProcess[] = [];
const HEAP_MB = 160;

beforeAll(async () => {
  t = await createTestDatabase();
  owner = await createOwner(t.db);
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.kill("SIGKILL")));
  await t.drop();
});

/** About 9 MB of INSERT rows: within the upload limit, but far more than a small heap can parse. */
function hugeScript(): string {
  const rows: string[] = ["CREATE TABLE dbo.Big (Id int NOT NULL, Label nvarchar(200) NOT NULL);", "GO"];
  for (let i = 0; i < 60_000; i++)
    rows.push(`INSERT INTO dbo.Big (Id, Label) VALUES (${i}, N'row ${i} ${"x".repeat(100)}');`);
  rows.push("GO");
  return rows.join("\n");
}

/** Runs workers (one at a time, each restarted after it dies) until the migration has ended. */
async function runUntilFinished(migrationId: string) {
  let deaths = 0;
  for (;;) {
    const worker = startWorkerProcess({
      databaseUrl: t.url,
      adminUrl: t.adminUrl,
      env: { WORKER_ID: "poison-test-worker", NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` },
    });
    processes.push(worker);
    const outcome = await Promise.race([
      worker.exited.then(() => "died" as const),
      waitForMigration(t.db, migrationId, 300_000).then(() => "finished" as const),
    ]);
    if (outcome === "finished") {
      await worker.kill("SIGTERM");
      return { deaths, output: worker.output() };
    }
    deaths++;
    if (deaths > 6)
      throw new Error(`the worker died ${deaths} times without the job being failed:\n${worker.output().slice(-2000)}`);
  }
}

describe("a job whose processing kills the worker", () => {
  it("is failed after its attempts with how often the worker died and in which step, and a retry resurrects it only once", async () => {
    const migration = await createMigration(t.db, owner, {
      name: "poison",
      source: {
        kind: "upload",
        file: { filename: "huge.sql", contentBase64: Buffer.from(hugeScript()).toString("base64") },
      },
      target: "postgres",
      options: {},
    });
    const first = await runUntilFinished(migration.id);
    expect(first.deaths).toBe(3);
    const failed = await waitForMigration(t.db, migration.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toBe("the worker process died 3 times while running this migration (last step: ingest)");
    const [job] = await jobsOf(t.db, migration.id);
    expect(job).toMatchObject({ status: "failed", poisoned: true, crashes: 3, attempts: 4 });

    // The first retry gets a fresh count of attempts (the deaths may have been the machine's)...
    expect(await retryMigration(t.db, owner, migration.id)).toMatchObject({ status: "queued" });
    const second = await runUntilFinished(migration.id);
    expect(second.deaths).toBe(3);
    expect((await jobsOf(t.db, migration.id)).map((j) => j.poisoned)).toEqual([true, true]);
    // ...but the same input killing the workers again is refused, with the reason.
    const refused = retryMigration(t.db, owner, migration.id);
    await expect(refused).rejects.toBeInstanceOf(MigrationStateError);
    await expect(refused).rejects.toThrow(
      /cannot be run again unchanged: the worker process died 3 times while running this migration \(last step: ingest\).*Create a new migration with a changed source or options/,
    );
  }, 900_000);
});
