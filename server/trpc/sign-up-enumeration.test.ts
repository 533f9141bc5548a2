import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, TEST_RATE_LIMITS, type TestApi } from "~/server/testing";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

async function signUp(email: string, password = "correct horse battery staple") {
  const started = performance.now();
  const response = await fetch(`${api.apiUrl}/api/trpc/auth.register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  return { status: response.status, body: await response.text(), ms: performance.now() - started };
}

describe("sign-up does not reveal whether an email is registered", () => {
  it("answers a new and an existing email identically (status and body), in the same timing class", async () => {
    const email = `taken-${Date.now()}@example.com`;
    const first = await signUp(email);
    const again = await signUp(email.toUpperCase());
    const fresh = await signUp(`fresh-${Date.now()}@example.com`);
    expect(first.status).toBe(200);
    expect(again).toMatchObject({ status: first.status, body: first.body });
    expect(fresh).toMatchObject({ status: first.status, body: first.body });
    expect(first.body).not.toMatch(/already|exists|taken/i);
    // Both paths run scrypt (≈ 100 ms): an existing email must not answer in a fraction of that time.
    expect(again.ms).toBeGreaterThan(fresh.ms * 0.4);
  });

  it("the account is created only once, and its owner's password still works", async () => {
    const email = `once-${Date.now()}@example.com`;
    await signUp(email, "first password 123");
    await signUp(email, "second password 456");
    const { verifyCredentials } = await import("~/server/auth/credentials");
    const client = { address: "192.0.2.3", signInLimit: TEST_RATE_LIMITS.signIn };
    expect(await verifyCredentials(api.db, email, "first password 123", client)).toMatchObject({ ok: true });
    expect(await verifyCredentials(api.db, email, "second password 456", client)).toMatchObject({ ok: false });
  });
});
