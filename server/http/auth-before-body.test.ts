import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "~/server/testing";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

/**
 * Declares a 15 MB body, sends 1 KB of it and never the rest: a server that reads the body before it
 * authenticates waits for the rest forever; one that authenticates first answers at once.
 */
function postPartialBody(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string } | "no answer"> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${api.apiUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(15 * 1024 * 1024), ...headers },
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve("no answer");
    }, 3000);
    req.on("response", (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode!, body });
        req.destroy();
      });
    });
    req.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.write(`{"name":"big","source":{"kind":"paste","sql":"${"x".repeat(1024)}`);
  });
}

describe("request bodies are read only after authentication", () => {
  it("an anonymous 15 MB mutation is refused (401) before its body is read", async () => {
    const answer = await postPartialBody("/api/trpc/migrations.create");
    expect(answer).not.toBe("no answer");
    expect(answer).toMatchObject({ status: 401, body: expect.stringContaining("UNAUTHORIZED") });
  });

  it("so is one with an unknown API key", async () => {
    const answer = await postPartialBody("/api/trpc/migrations.preview", {
      authorization: "Bearer dmk_not-a-real-key-not-a-real-key-0",
    });
    expect(answer).toMatchObject({ status: 401, body: expect.stringContaining("API key is invalid") });
  });

  it("anonymous public mutations (sign-up) still work; an authenticated client may still send a large body", async () => {
    const registered = await fetch(`${api.apiUrl}/api/trpc/auth.register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: `big-${Date.now()}@example.com`, password: "correct horse battery staple" }),
    });
    expect(registered.status).toBe(200);
    const owner = await api.user();
    const sql = `CREATE TABLE t (id int);\n${"-- padding\n".repeat(200_000)}`; // ≈ 2 MB
    const preview = await owner.client.migrations.preview.mutate({ source: { kind: "paste", sql } });
    expect(preview).toBeTruthy();
  });
});
