import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniformRateLimits } from "~/server/rate-limit/policies";
import { startTestApi, type TestApi } from "~/server/testing";

/**
 * Every rate-limited action over HTTP: past its limit, 429 with Retry-After and a message naming the action and
 * the wait; another user or address is not affected. One proxy is trusted, so X-Forwarded-For picks the address.
 */
const LIMITS = { ...uniformRateLimits({ count: 2, periodSeconds: 3600 }), upload: { count: 1, periodSeconds: 3600 } };

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ rateLimits: LIMITS, trustProxy: 1 });
});
afterAll(() => api.stop());

async function call(procedure: string, input: unknown, headers: Record<string, string>) {
  const response = await fetch(`${api.apiUrl}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as {
    error?: { message: string; data: { code: string; retryAfterSeconds?: number } };
  };
  return { status: response.status, retryAfter: response.headers.get("retry-after"), error: body.error };
}

/** `interval`: the seconds one unit takes to come back (period / count). */
function expectLimited(answer: Awaited<ReturnType<typeof call>>, what: string, interval = 1800) {
  expect(answer.status).toBe(429);
  expect(answer.error!.data.code).toBe("TOO_MANY_REQUESTS");
  expect(answer.error!.message).toMatch(new RegExp(`^Too many ${what}: try again in \\d+ (second\\(s\\)|minutes)\\.$`));
  expect(Number(answer.retryAfter)).toBeGreaterThan(interval - 100);
  expect(Number(answer.retryAfter)).toBeLessThanOrEqual(interval);
  expect(answer.error!.data.retryAfterSeconds).toBe(Number(answer.retryAfter));
}

const bearer = (apiKey: string) => ({ authorization: `Bearer ${apiKey}` });
const SAMPLE = { source: { kind: "sample" } };
const PASTE = { source: { kind: "paste", sql: "CREATE VIEW dbo.v AS SELECT 1 AS one;" } };

describe("rate limits over HTTP", () => {
  it("sign-up: per address; the next one is 429 with Retry-After, another address still signs up", async () => {
    const from = (address: string) => ({ "x-forwarded-for": address });
    const signUp = (n: number, address: string) =>
      call(
        "auth.register",
        { email: `limit-${n}-${Date.now()}@example.com`, password: "correct horse battery" },
        from(address),
      );
    expect((await signUp(1, "192.0.2.10")).status).toBe(200);
    expect((await signUp(2, "192.0.2.10")).status).toBe(200);
    expectLimited(await signUp(3, "192.0.2.10"), "sign-ups");
    expect((await signUp(4, "192.0.2.11")).status).toBe(200);
  });

  it("API-key creation: per user; another user is unaffected", async () => {
    const [a, b] = [await api.user("keys-a"), await api.user("keys-b")];
    for (let i = 0; i < 2; i++)
      expect((await call("apiKeys.create", { name: `k${i}` }, bearer(a.apiKey))).status).toBe(200);
    expectLimited(await call("apiKeys.create", { name: "one too many" }, bearer(a.apiKey)), "new API keys");
    expect((await call("apiKeys.create", { name: "b's" }, bearer(b.apiKey))).status).toBe(200);
    // The typed client gets the wait too.
    await expect(a.client.apiKeys.create.mutate({ name: "typed" })).rejects.toMatchObject({
      data: { code: "TOO_MANY_REQUESTS", httpStatus: 429, retryAfterSeconds: expect.any(Number) },
    });
  });

  it("migration creation: per user; another user is unaffected", async () => {
    const [a, b] = [await api.user("create-a"), await api.user("create-b")];
    for (let i = 0; i < 2; i++)
      expect((await call("migrations.create", { name: `m${i}`, ...SAMPLE }, bearer(a.apiKey))).status).toBe(200);
    expectLimited(
      await call("migrations.create", { name: "one too many", ...SAMPLE }, bearer(a.apiKey)),
      "new migrations",
    );
    expect((await call("migrations.create", { name: "b's", ...SAMPLE }, bearer(b.apiKey))).status).toBe(200);
  });

  it("previews: per user; another user is unaffected", async () => {
    const [a, b] = [await api.user("preview-a"), await api.user("preview-b")];
    for (let i = 0; i < 2; i++) expect((await call("migrations.preview", SAMPLE, bearer(a.apiKey))).status).toBe(200);
    expectLimited(await call("migrations.preview", SAMPLE, bearer(a.apiKey)), "previews");
    expect((await call("migrations.preview", SAMPLE, bearer(b.apiKey))).status).toBe(200);
  });

  it("uploads: creations and previews carrying T-SQL or files count together; the built-in sample is no upload", async () => {
    const a = await api.user("upload-a");
    expect((await call("migrations.preview", PASTE, bearer(a.apiKey))).status).toBe(200);
    expect((await call("migrations.create", { name: "sample", ...SAMPLE }, bearer(a.apiKey))).status).toBe(200);
    expectLimited(await call("migrations.create", { name: "pasted", ...PASTE }, bearer(a.apiKey)), "uploads", 3600);
    expect((await call("migrations.preview", SAMPLE, bearer(a.apiKey))).status).toBe(200);
  });
});
