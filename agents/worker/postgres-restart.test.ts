import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "~/db/client";
import { findFreePort, startEmbeddedPostgres, type EmbeddedDatabase } from "~/db/embedded";
import { applyMigrations } from "~/db/migrate";
import { effectiveLog, watchEvents } from "./testing/events";
import { createOwner, createSampleMigration, eventsOf, jobsOf, waitFor, waitForMigration } from "./testing/migrations";
import { startWorkerProcess, type WorkerProcess } from "./testing/worker-process";

/**
 * PostgreSQL itself goes away in the middle of a migration and comes back (same data folder, same port), as in a
 * database failover or a restart for maintenance. It needs a cluster of its own: the shared test server cannot
 * be restarted under the other test files.
 */
let dir: string;
let port: number;
let server: EmbeddedDatabase;
let worker: WorkerProcess | undefined;
let database: ReturnType<typeof createDatabase>;

async function startServer() {
  return startEmbeddedPostgres({ dataDir: path.join(dir, "cluster"), port, database: "restart" });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "datamigrate-restart-pg-"));
  fs.chmodSync(dir, 0o755); // the cluster runs as the `postgres` OS user
  port = await findFreePort();
  server = await startServer();
  await applyMigrations(server.url);
  database = createDatabase(server.url, { max: 3 });
}, 120_000);

afterAll(async () => {
  await worker?.kill("SIGKILL");
  await database?.close({ timeout: 1 }).catch(() => {});
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a PostgreSQL restart in the middle of a migration", () => {
  it("is survived by the worker, which reconnects, takes the migration up again from its checkpoint and finishes it", async () => {
    const { db, sql } = database;
    const owner = await createOwner(db);
    const migration = await createSampleMigration(db, owner, "sample, database restarted");
    let testerStarted!: () => void;
    const midRun = new Promise<void>((resolve) => (testerStarted = resolve));
    const watcher = await watchEvents(
      sql,
      migration.id,
      (e) => e.agent === "tester" && e.kind === "step_started" && testerStarted(),
    );
    worker = startWorkerProcess({ databaseUrl: server.url, adminUrl: server.adminUrl });
    await midRun;
    await watcher.stop();

    await server.stop(); // fast shutdown: every connection is cut, the tester's sandbox build with them
    await new Promise((r) => setTimeout(r, 1_000));
    server = await startServer();

    const exited = worker.exited.then(() => {
      throw new Error(`the worker died:\n${worker!.output()}`);
    });
    const done = await Promise.race([exited, waitForMigration(db, migration.id, 60_000)]).catch((error: Error) => {
      throw new Error(`${error.message}\n${worker!.output()}`);
    });
    expect(done.status, `${done.error}\n${worker.output()}`).toBe("succeeded");
    expect(worker.child.exitCode, worker.output()).toBeNull(); // the same process: it reconnected, nobody restarted it
    // The job is completed just after the migration row is (two writes): wait for it rather than race it.
    const job = await waitFor(
      "the job to end",
      async () => {
        const [row] = await jobsOf(db, migration.id);
        return row && row.status !== "running" ? row : undefined;
      },
      10_000,
    );
    expect(job).toMatchObject({ status: "succeeded" });
    expect(job!.attempts).toBeGreaterThanOrEqual(2);
    const events = effectiveLog(await eventsOf(sql, migration.id));
    expect(events.finishedEvents).toBe(1);
    // Steps finished before the restart were not redone.
    expect(events.log.filter((e) => e.startsWith("executor||step_finished"))).toHaveLength(1);
  }, 120_000);
});
