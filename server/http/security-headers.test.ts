import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "~/server/testing";
import { contentSecurityPolicy } from "./security-headers";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

/** Status and headers of a GET, without waiting for the body (an SSE stream never ends by itself). */
function head(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${api.apiUrl}${path}`, { headers }, (res) => {
      resolve({ status: res.statusCode!, headers: res.headers });
      res.destroy();
    });
    req.on("error", reject);
  });
}

const EVERY_RESPONSE = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "strict-origin-when-cross-origin",
};

describe("security headers", () => {
  it("are on every kind of response: tRPC, SSE, downloads, health and the page fallback", async () => {
    const owner = await api.user();
    const { id } = await owner.client.migrations.create.mutate({ name: "headers", source: { kind: "sample" } });
    const auth = { authorization: `Bearer ${owner.apiKey}` };
    const responses = {
      trpc: await head(`/api/trpc/migrations.list?input=${encodeURIComponent("{}")}`, auth),
      trpcUnauthenticated: await head("/api/trpc/migrations.list"),
      events: await head(`/api/migrations/${id}/events`, auth),
      download: await head(`/api/migrations/${id}/report.md`, auth),
      health: await head("/api/health"),
      page: await head("/sign-in"),
    };
    expect(responses.trpc.status).toBe(200);
    expect(responses.events.status).toBe(200);
    expect(responses.events.headers["content-type"]).toContain("text/event-stream");
    for (const [name, response] of Object.entries(responses)) {
      expect(response.headers, name).toMatchObject(EVERY_RESPONSE);
      const csp = String(response.headers["content-security-policy"]);
      expect(csp, name).toContain("frame-ancestors 'none'");
      expect(csp, name).not.toContain("unsafe-eval");
      expect(response.headers["strict-transport-security"], name).toBeUndefined(); // plain HTTP
    }
    // API, SSE and downloads load nothing at all.
    for (const name of ["trpc", "events", "download", "health"] as const) {
      expect(responses[name].headers["content-security-policy"]).toMatch(/^default-src 'none'/);
    }
  });

  it("HSTS only when served over HTTPS (TLS, or a proxy's X-Forwarded-Proto: https)", async () => {
    const response = await head("/api/health", { "x-forwarded-proto": "https" });
    expect(response.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  });

  it("pages: scripts run only with a fresh per-response nonce; no unsafe-inline or unsafe-eval for scripts in production", async () => {
    const first = String((await head("/sign-in")).headers["content-security-policy"]);
    const second = String((await head("/sign-in")).headers["content-security-policy"]);
    const scriptSrc = (csp: string) =>
      csp
        .split(";")
        .map((d) => d.trim())
        .find((d) => d.startsWith("script-src"))!;
    const nonce = (csp: string) => /'nonce-([A-Za-z0-9+/]+={0,2})'/.exec(scriptSrc(csp))?.[1];
    expect(scriptSrc(first)).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'$/);
    expect(nonce(first)).not.toBe(nonce(second));
    for (const csp of [first, second]) {
      expect(scriptSrc(csp)).not.toContain("unsafe-inline");
      expect(csp).not.toContain("unsafe-eval");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("default-src 'self'");
    }
  });

  it("only next dev adds unsafe-eval (its refresh runtime evaluates code)", () => {
    expect(contentSecurityPolicy("page", { nonce: "abc" })).not.toContain("'unsafe-eval'");
    expect(contentSecurityPolicy("page", { dev: true, nonce: "abc" })).toContain("'unsafe-eval'");
  });
});
