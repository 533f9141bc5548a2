import { createTRPCClient, httpLink } from "@trpc/client";
import { encode } from "next-auth/jwt";
import { findFreePort } from "~/db/embedded";
import { createTestDatabase } from "~/db/testing";
import type { Executor } from "~/db/client";
import { registerUser } from "~/server/auth/credentials";
import { startSession } from "~/server/auth/sessions";
import { startHttpServer } from "~/server/http/server";
import { uniformRateLimits, type RateLimits } from "~/server/rate-limit/policies";
import { createApiKey } from "~/server/services/api-keys";
import type { AppRouter } from "~/server/trpc/root";

export const TEST_SECRET = "test-secret-test-secret-test-secret-0123";

/**
 * The rate limits of test servers that do not test them: explicit and roomy, so tests creating many users and
 * migrations quickly do not trip them. Tests of the limits pass their own to `startTestApi`.
 */
export const TEST_RATE_LIMITS: RateLimits = uniformRateLimits({ count: 10_000, periodSeconds: 1 });

/** A `cookie` header holding a next-auth session for the user (opened on the server), as a signed-in browser sends it. */
export async function sessionCookie(db: Executor, userId: string): Promise<string> {
  const sid = await startSession(db, userId, 3600);
  const token = await encode({
    token: { sub: userId, sid },
    secret: TEST_SECRET,
    salt: "authjs.session-token",
    maxAge: 3600,
  });
  return `authjs.session-token=${token}`;
}

/**
 * A test file's own world: a fresh migrated database and the API server on a free port (no Next, no build).
 * `user()` registers a user and gives a typed tRPC client authenticated with a fresh API key of theirs.
 */
export async function startTestApi(options: { rateLimits?: RateLimits; trustProxy?: number } = {}) {
  const database = await createTestDatabase();
  const port = await findFreePort();
  const server = await startHttpServer({
    db: database.db,
    sql: database.sql,
    authSecret: TEST_SECRET,
    host: "127.0.0.1",
    port,
    apiOnly: true,
    rateLimits: options.rateLimits ?? TEST_RATE_LIMITS,
    trustProxy: options.trustProxy,
  });
  let users = 0;

  return {
    ...database,
    apiUrl: server.url,
    client(apiKey?: string) {
      return createTRPCClient<AppRouter>({
        links: [
          httpLink({ url: `${server.url}/api/trpc`, headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} }),
        ],
      });
    },
    async user(label = "user") {
      const email = `${label}-${++users}-${Date.now()}@example.com`;
      const user = await registerUser(database.db, { email, password: "correct horse battery staple" });
      const key = await createApiKey(database.db, user.id, { name: "test" });
      return { ...user, apiKey: key.secret, client: this.client(key.secret) };
    },
    async stop() {
      server.server.closeAllConnections();
      await server.close();
      await database.drop();
    },
  };
}

export type TestApi = Awaited<ReturnType<typeof startTestApi>>;
