import { afterAll, describe, expect, it } from "vitest";
import { findFreePort } from "~/db/embedded";
import { createTestDatabase } from "~/db/testing";
import { TEST_RATE_LIMITS } from "~/server/testing";
import { startHttpServer } from "./server";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe("the web server listens on HOST only", () => {
  it.each(["localhost", "127.0.0.1"])("HOST=%s binds a loopback address, not every interface", async (host) => {
    const database = await createTestDatabase();
    const server = await startHttpServer({
      db: database.db,
      sql: database.sql,
      authSecret: "x".repeat(40),
      host,
      port: await findFreePort(),
      apiOnly: true,
      rateLimits: TEST_RATE_LIMITS,
    });
    cleanups.push(async () => {
      server.server.closeAllConnections();
      await server.close();
      await database.drop();
    });
    const address = server.server.address();
    expect(typeof address === "object" && address?.address).toMatch(/^(127\.0\.0\.1|::1)$/);
  });
});
