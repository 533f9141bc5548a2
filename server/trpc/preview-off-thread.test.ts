import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSyntheticScript } from "~/scripts/bench/synthetic";
import { MAX_BATCH_CALLS } from "~/server/http/batch-limit";
import { createPreviewPool, previewPool } from "~/server/services/preview-pool";
import { startTestApi, type TestApi } from "~/server/testing";

/**
 * The preview runs in a worker thread (server/services/preview-pool.ts), so a big one no longer holds up the
 * web process; each user has one preview at a time; a batch cannot multiply a request; a preview past its
 * deadline or its memory has its thread stopped and the user is told why.
 */
let api: TestApi;
// About 8 MB of T-SQL (2,000 tables, views and procedures): seconds of parsing and assessing.
const bigScript = generateSyntheticScript({ objects: 2000, seed: 7 });
const smallScript = "CREATE TABLE dbo.T (a int)\nGO\nCREATE VIEW dbo.V AS SELECT a FROM dbo.T\nGO\n";

beforeAll(async () => {
  api = await startTestApi();
}, 120_000);
afterAll(async () => {
  await previewPool().close();
  await api?.stop();
});

async function until(condition: () => boolean) {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("preview off the request thread", () => {
  it("answers /api/health while a big preview runs, before the preview finishes", async () => {
    const user = await api.user("big");
    const order: string[] = [];
    const preview = user.client.migrations.preview
      .mutate({ source: { kind: "paste", sql: bigScript } })
      .then((result) => {
        order.push("preview");
        return result;
      });
    await until(() => previewPool().active > 0); // accepted and handed to a thread
    const health = await fetch(`${api.apiUrl}/api/health`);
    order.push("health");
    expect(health.status).toBe(200);
    const result = await preview;
    expect(order).toEqual(["health", "preview"]);
    expect(result.ok && result.summary.counts.total).toBe(2000);
  }, 120_000);

  it("runs one preview per user: a newer one replaces the running one, which is stopped; another user's is untouched", async () => {
    const [owner, other] = [await api.user("one"), await api.user("two")];
    const others = other.client.migrations.preview.mutate({ source: { kind: "paste", sql: bigScript } });
    const first = owner.client.migrations.preview.mutate({ source: { kind: "paste", sql: bigScript } });
    await until(() => previewPool().active === 2);
    const second = await owner.client.migrations.preview.mutate({ source: { kind: "paste", sql: smallScript } });
    expect(second.ok && second.summary.counts.total).toBe(2);
    expect(await first).toEqual({
      ok: false,
      error: { message: "A newer preview of yours replaced this one", file: null },
    });
    const untouched = await others;
    expect(untouched.ok && untouched.summary.counts.total).toBe(2000);
  }, 120_000);

  it(`refuses a batch of more than ${MAX_BATCH_CALLS} calls with 400 naming the limit, and serves one of ${MAX_BATCH_CALLS}`, async () => {
    const user = await api.user("batch");
    const batch = (calls: number) =>
      fetch(
        `${api.apiUrl}/api/trpc/${Array(calls).fill("migrations.list").join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: calls }, (_, i) => [i, {}]))))}`,
        {
          headers: { authorization: `Bearer ${user.apiKey}` },
        },
      );
    const refused = await batch(200);
    expect(refused.status).toBe(400);
    const items = (await refused.json()) as { error: { message: string; data: { code: string } } }[];
    expect(items).toHaveLength(200);
    expect(items[0]!.error).toMatchObject({
      message: `A batch may carry at most ${MAX_BATCH_CALLS} calls; this one carries 200`,
      data: { code: "BAD_REQUEST" },
    });
    const served = await batch(MAX_BATCH_CALLS);
    expect(served.status).toBe(200);
    expect((await served.json()) as unknown[]).toHaveLength(MAX_BATCH_CALLS);
  });
});

describe("a preview thread past its limits", () => {
  const input = { source: { kind: "paste" as const, sql: bigScript } };

  it("is stopped at the deadline with a clear error, and the pool goes on serving", async () => {
    const pool = createPreviewPool({ timeoutMs: 300, threads: 1 });
    try {
      expect(await pool.run("u", input)).toEqual({
        ok: false,
        error: { message: "The preview took longer than 0.3 s and was stopped: try a smaller input", file: null },
      });
    } finally {
      await pool.close();
    }
  }, 120_000);

  it("is stopped when it outgrows its heap, not the process, with a clear error", async () => {
    const pool = createPreviewPool({ maxHeapMb: 48, threads: 1 });
    try {
      expect(await pool.run("u", input)).toEqual({
        ok: false,
        error: {
          message: "The preview needed more than 48 MB of memory and was stopped: try a smaller input",
          file: null,
        },
      });
      // A fresh thread replaces the one that ran out.
      const small = await pool.run("u", { source: { kind: "paste", sql: smallScript } });
      expect(small.ok).toBe(true);
    } finally {
      await pool.close();
    }
  }, 120_000);
});
