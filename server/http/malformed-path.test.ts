import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "~/server/testing";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

describe("a malformed % escape in the URL path", () => {
  it.each(["/api/migrations/%E0%A4%A/events", "/api/migrations/%E0%A4%A/report.md", "/api/trpc/migrations.%E0%A4%A"])(
    "%s answers 400 at once (it used to hang on an uncaught URIError)",
    async (path) => {
      const owner = await api.user();
      const response = await fetch(`${api.apiUrl}${path}`, {
        headers: { authorization: `Bearer ${owner.apiKey}` },
        signal: AbortSignal.timeout(5000),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: { code: "BAD_REQUEST", message: expect.stringContaining("malformed") },
      });
    },
  );
});
