import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "~/db/testing";
import { createCheckpointPool } from "./checkpoint-pool";

describe("the checkpoint pool when PostgreSQL cuts its connections", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(() => database?.drop());

  it("survives a connection cut while checked out between two statements, and serves the next query", async () => {
    const warnings: string[] = [];
    const pool = createCheckpointPool(database.url, 2, (m) => warnings.push(m));
    const held = await pool.connect();
    await held.query("begin");
    const [{ pid }] = (await held.query<{ pid: number }>("select pg_backend_pid() as pid")).rows as [{ pid: number }];
    // Without a listener of its own, the held client's 'error' event here would be uncaught and end the process.
    const admin = postgres(database.adminUrl, { max: 1, onnotice: () => {} });
    await admin`select pg_terminate_backend(${pid})`;
    await admin.end();
    await expect.poll(() => warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toMatch(/^\[worker\] checkpoint connection lost while in use: /);
    await expect(held.query("select 1")).rejects.toThrow();
    held.release(true);
    expect((await pool.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
    await pool.end();
  });
});
