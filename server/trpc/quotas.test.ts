import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestApi, type TestApi } from "~/server/testing";
import { errorOf } from "./test-errors";

// Small quotas for this file's API server (runtime/env.ts reads them when first imported).
vi.hoisted(() => {
  process.env.QUOTA_MAX_ACTIVE_MIGRATIONS = "2";
  process.env.QUOTA_MAX_STORED_MB = "1";
});

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

/** A plain .sql upload of about `kb` KB (a comment, so it stays valid T-SQL). */
const upload = (kb: number) => ({
  kind: "upload" as const,
  file: {
    filename: "big.sql",
    contentBase64: Buffer.from(`-- ${"x".repeat(kb * 1024)}\nCREATE TABLE t (id int);\n`).toString("base64"),
  },
});

describe("per-user quotas", () => {
  it("refuses a user's migration past the quota of queued or running ones, naming the quota, and not another user's", async () => {
    const alice = await api.user("alice");
    const bob = await api.user("bob");
    await alice.client.migrations.create.mutate({ name: "one", source: { kind: "sample" } });
    const second = await alice.client.migrations.create.mutate({ name: "two", source: { kind: "sample" } });
    const refused = await errorOf(alice.client.migrations.create.mutate({ name: "three", source: { kind: "sample" } }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toMatch(/Quota of queued or running migrations reached: 2 of at most 2/);
    // Bob's quota is his own.
    await bob.client.migrations.create.mutate({ name: "bob's", source: { kind: "sample" } });
    // A cancelled migration no longer counts; retrying it counts again.
    await alice.client.migrations.cancel.mutate({ id: second.id });
    const third = await alice.client.migrations.create.mutate({ name: "three", source: { kind: "sample" } });
    expect(third.status).toBe("queued");
    const retry = await errorOf(alice.client.migrations.retry.mutate({ id: second.id }));
    expect(retry).toMatchObject({ code: "FORBIDDEN" });
    expect(retry.message).toMatch(/Quota of queued or running migrations/);
  });

  it("refuses an upload that would take the user's stored bytes past the quota", async () => {
    const carol = await api.user("carol");
    const first = await carol.client.migrations.create.mutate({ name: "first", source: upload(600) });
    const refused = await errorOf(carol.client.migrations.create.mutate({ name: "second", source: upload(600) }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toMatch(
      /Quota of stored data reached: uploads and results take 0\.6 MB, this upload 0\.6 MB, of at most 1\.0 MB/,
    );
    // Deleting what is stored frees the quota.
    await carol.client.migrations.cancel.mutate({ id: first.id });
    await carol.client.migrations.delete.mutate({ id: first.id });
    const again = await carol.client.migrations.create.mutate({ name: "second", source: upload(600) });
    expect(again.status).toBe("queued");
  });
});
