import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCookie, startTestApi, type TestApi } from "~/server/testing";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

async function createKey(headers: Record<string, string>, body = JSON.stringify({ name: "via csrf test" })) {
  const response = await fetch(`${api.apiUrl}/api/trpc/apiKeys.create`, { method: "POST", headers, body });
  return {
    status: response.status,
    body: (await response.json()) as { result?: unknown; error?: { message: string; data: { code: string } } },
  };
}

describe("CSRF: cookie-authenticated tRPC mutations", () => {
  it("are accepted from the app's own Origin with content-type application/json", async () => {
    const owner = await api.user();
    const cookie = await sessionCookie(api.db, owner.id);
    const answer = await createKey({ cookie, origin: api.apiUrl, "content-type": "application/json" });
    expect(answer.status).toBe(200);
    // Queries (GET, no side effects) keep working with the cookie alone.
    const me = await fetch(`${api.apiUrl}/api/trpc/auth.me`, { headers: { cookie } });
    expect(me.status).toBe(200);
  });

  it("are refused (403) from another Origin, without an Origin, or as a form/text body, and change nothing", async () => {
    const owner = await api.user();
    const cookie = await sessionCookie(api.db, owner.id);
    const before = (await owner.client.apiKeys.list.query()).length;
    const refused = [
      await createKey({ cookie, origin: "https://evil.example", "content-type": "application/json" }),
      await createKey({ cookie, origin: "null", "content-type": "application/json" }),
      await createKey({ cookie, "content-type": "application/json" }),
      await createKey({ cookie, origin: api.apiUrl, "content-type": "text/plain" }),
      await createKey({ cookie, origin: api.apiUrl, "content-type": "application/x-www-form-urlencoded" }),
      await createKey({ cookie, origin: api.apiUrl }),
    ];
    for (const answer of refused) {
      expect(answer.status).toBe(403);
      expect(answer.body.error?.data.code).toBe("FORBIDDEN");
    }
    expect((await owner.client.apiKeys.list.query()).length).toBe(before);
  });

  it("a same-origin request without Origin but with Sec-Fetch-Site: same-origin is accepted", async () => {
    const owner = await api.user();
    const answer = await createKey({
      cookie: await sessionCookie(api.db, owner.id),
      "sec-fetch-site": "same-origin",
      "content-type": "application/json",
    });
    expect(answer.status).toBe(200);
  });

  it("API-key (Bearer) requests are unaffected: any Origin, any content type", async () => {
    const owner = await api.user();
    const answer = await createKey({
      authorization: `Bearer ${owner.apiKey}`,
      origin: "https://elsewhere.example",
      "content-type": "text/plain",
    });
    expect(answer.status).toBe(200);
    const noOrigin = await createKey({ authorization: `Bearer ${owner.apiKey}` });
    expect(noOrigin.status).toBe(200);
  });
});
