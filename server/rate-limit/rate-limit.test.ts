import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rateLimits } from "~/db/schema";
import { createTestDatabase } from "~/db/testing";
import { rateLimitsFromEnv, RATE_LIMITED_ACTIONS } from "./policies";
import { takeRateLimit } from "./rate-limit";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe("rate limit (generic cell rate algorithm in one statement)", () => {
  it("50 concurrent requests against a limit of 10 get exactly 10 allowed, from several connections", async () => {
    const other = await import("~/db/client").then((m) => m.createDatabase(database.url, { max: 5 }));
    try {
      const limit = { count: 10, periodSeconds: 3600 };
      const verdicts = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          takeRateLimit(i % 2 ? database.db : other.db, "migrationCreate", "user:concurrent", limit),
        ),
      );
      expect(verdicts.filter((v) => v.allowed)).toHaveLength(10);
    } finally {
      await other.close();
    }
  });

  it("a refusal says how long to wait: one interval (period / count) after the last allowed request", async () => {
    const limit = { count: 2, periodSeconds: 600 };
    expect(await takeRateLimit(database.db, "apiKeyCreate", "user:wait", limit)).toEqual({ allowed: true });
    expect(await takeRateLimit(database.db, "apiKeyCreate", "user:wait", limit)).toEqual({ allowed: true });
    const refused = await takeRateLimit(database.db, "apiKeyCreate", "user:wait", limit);
    expect(refused).toMatchObject({
      allowed: false,
      message: expect.stringMatching(/^Too many new API keys: try again in [0-9]+ (second\(s\)|minutes)\.$/),
    });
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThan(290);
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeLessThanOrEqual(300);
  });

  it("frees one unit per interval as time passes (the window slides)", async () => {
    const limit = { count: 3, periodSeconds: 300 };
    for (let i = 0; i < 3; i++) await takeRateLimit(database.db, "preview", "user:slide", limit);
    expect((await takeRateLimit(database.db, "preview", "user:slide", limit)).allowed).toBe(false);
    // Move time on by one interval (100 s), as the clock would.
    await database.db
      .update(rateLimits)
      .set({ tat: sql`${rateLimits.tat} - interval '100 seconds'` })
      .where(eq(rateLimits.key, "preview:user:slide"));
    expect((await takeRateLimit(database.db, "preview", "user:slide", limit)).allowed).toBe(true);
    expect((await takeRateLimit(database.db, "preview", "user:slide", limit)).allowed).toBe(false);
  });

  it("one subject's exhausted limit does not affect another subject or another action", async () => {
    const limit = { count: 1, periodSeconds: 3600 };
    expect((await takeRateLimit(database.db, "signUp", "address:192.0.2.50", limit)).allowed).toBe(true);
    expect((await takeRateLimit(database.db, "signUp", "address:192.0.2.50", limit)).allowed).toBe(false);
    expect((await takeRateLimit(database.db, "signUp", "address:192.0.2.51", limit)).allowed).toBe(true);
    expect((await takeRateLimit(database.db, "signIn", "address:192.0.2.50", limit)).allowed).toBe(true);
  });
});

describe("rate limit configuration", () => {
  it("production defaults unless RATE_LIMIT_* says otherwise; a malformed value stops the start naming it", () => {
    const defaults = rateLimitsFromEnv({});
    expect(defaults.signUp).toEqual({ count: 5, periodSeconds: 3600 });
    expect(rateLimitsFromEnv({ RATE_LIMIT_SIGN_UP: "100/60" }).signUp).toEqual({ count: 100, periodSeconds: 60 });
    expect(() => rateLimitsFromEnv({ RATE_LIMIT_MIGRATIONS: "lots" })).toThrow(
      /RATE_LIMIT_MIGRATIONS=lots must be <count>\/<seconds>/,
    );
    expect(() => rateLimitsFromEnv({ RATE_LIMIT_PREVIEWS: "0/60" })).toThrow(
      /RATE_LIMIT_PREVIEWS=0\/60 count and seconds must be at least 1/,
    );
    expect(Object.keys(defaults).sort()).toEqual(Object.keys(RATE_LIMITED_ACTIONS).sort());
  });
});
