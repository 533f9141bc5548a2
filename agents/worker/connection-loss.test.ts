import net from "node:net";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "~/db/testing";

/**
 * The cause of the worker deaths in postgres-restart.test.ts, pinned down without restarting anything: postgres.js
 * runs its array-types query as the first statement of every new connection and dropped that query's promise, so a
 * connection cut in that moment (PostgreSQL restarting while the pool reconnects) was an unhandled rejection that
 * kills a Node process. patches/postgres+3.4.9.patch handles it; this proves it deterministically, with a proxy that
 * resets the connection exactly when that query goes out.
 */
let t: Awaited<ReturnType<typeof createTestDatabase>>;
let proxy: net.Server;
let proxyPort: number;
let resets = 0;
let resetNext = true;

beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
  const target = new URL(t.url);
  proxy = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    client.on("error", () => {});
    upstream.on("error", () => client.destroy());
    upstream.pipe(client);
    client.on("data", (chunk: Buffer) => {
      if (resetNext && chunk.includes("typarray")) {
        resetNext = false;
        resets += 1;
        upstream.destroy();
        client.resetAndDestroy(); // an RST, as the client sees from a server that went away: read ECONNRESET
        return;
      }
      upstream.write(chunk);
    });
    client.on("close", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  proxyPort = (proxy.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve));
  await t.drop();
});

describe("a connection the server terminates while a statement runs on it", () => {
  it("fails that statement, and the pool's end() still settles (it waited forever for the dead statement)", async () => {
    const sql = postgres(t.url, { max: 1, onnotice: () => {} });
    const admin = postgres(t.adminUrl, { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
      const pid = row!.pid;
      const sleeping = sql`select pg_sleep(30)`;
      sleeping.catch(() => {});
      await new Promise((r) => setTimeout(r, 200));
      await admin`select pg_terminate_backend(${pid})`;
      await expect(sleeping).rejects.toMatchObject({ code: "57P01" });
      const ended = await Promise.race([
        sql.end().then(() => "ended"),
        new Promise((r) => setTimeout(r, 5_000, "still waiting")),
      ]);
      expect(ended).toBe("ended");
    } finally {
      await admin.end();
    }
  });
});

describe("a connection reset while postgres.js sets it up", () => {
  for (const how of ["a query", "a reserved connection"] as const) {
    it(`fails or retries ${how} but leaves no unhandled rejection behind`, async () => {
      const url = new URL(t.url);
      url.hostname = "127.0.0.1";
      url.port = String(proxyPort);
      const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on("unhandledRejection", onUnhandled);
      resetNext = true;
      const resetsBefore = resets;
      try {
        if (how === "a query") {
          // The query waiting for the connection gets the reset, as any query on a lost connection does.
          await expect(sql`select 1 as one`).rejects.toMatchObject({ code: "ECONNRESET" });
        } else {
          // A reservation is not a statement: the pool reconnects and hands over a working connection.
          const reserved = await sql.reserve();
          await expect(reserved`select 1 as one`).resolves.toEqual([{ one: 1 }]);
          reserved.release();
        }
        expect(resets - resetsBefore).toBe(1);
        // The pool recovers: the next statement gets a new connection.
        await expect(sql`select 2 as two`).resolves.toEqual([{ two: 2 }]);
        await new Promise((r) => setTimeout(r, 100)); // unhandled rejections are reported after a macrotask
        expect(unhandled).toEqual([]);
      } finally {
        process.off("unhandledRejection", onUnhandled);
        await sql.end({ timeout: 1 });
      }
    });
  }
});
