import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys } from "~/db/schema";
import { hashApiKey } from "~/server/auth/api-keys";
import { startTestApi, type TestApi } from "~/server/testing";
import { errorOf } from "./test-errors";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

describe("API keys", () => {
  it("shows the secret once, stores only its hash and a visible prefix", async () => {
    const owner = await api.user();
    const created = await owner.client.apiKeys.create.mutate({ name: "ci" });
    expect(created.secret).toMatch(/^dmk_[A-Za-z0-9_-]{32}$/);
    expect(created.prefix).toBe(created.secret.slice(0, 12));

    const [row] = await api.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row!.keyHash).toBe(hashApiKey(created.secret));
    expect(JSON.stringify(row)).not.toContain(created.secret);

    const listed = await owner.client.apiKeys.list.query();
    const entry = listed.find((k) => k.id === created.id)!;
    expect(entry).toMatchObject({ name: "ci", prefix: created.prefix, revokedAt: null, expiresAt: null });
    expect(entry).not.toHaveProperty("secret");
    expect(JSON.stringify(listed)).not.toContain(created.secret);
  });

  it("authenticates calls as the key's owner and records when it was last used", async () => {
    const owner = await api.user();
    const created = await owner.client.apiKeys.create.mutate({ name: "script" });
    expect(await api.client(created.secret).auth.me.query()).toMatchObject({ id: owner.id, email: owner.email });
    await expect
      .poll(async () => (await owner.client.apiKeys.list.query()).find((k) => k.id === created.id)?.lastUsedAt)
      .not.toBeNull();
  });

  it("stops a revoked key on the very next request", async () => {
    const owner = await api.user();
    const created = await owner.client.apiKeys.create.mutate({ name: "soon revoked" });
    const client = api.client(created.secret);
    await client.migrations.list.query({});
    await owner.client.apiKeys.revoke.mutate({ id: created.id });
    expect(await errorOf(client.migrations.list.query({}))).toMatchObject({
      code: "UNAUTHORIZED",
      message: "API key is invalid, revoked or expired",
    });
  });

  it("stops a key once its expiry has passed", async () => {
    const owner = await api.user();
    const created = await owner.client.apiKeys.create.mutate({ name: "short-lived", expiresInDays: 1 });
    const client = api.client(created.secret);
    await client.auth.me.query();
    await api.db
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, created.id));
    expect(await errorOf(client.auth.me.query())).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("refuses unknown keys, malformed headers and anonymous calls", async () => {
    expect(await errorOf(api.client("dmk_" + "x".repeat(32)).auth.me.query())).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await errorOf(api.client().auth.me.query())).toMatchObject({
      code: "UNAUTHORIZED",
      message: "Sign in or send an API key",
    });
    const response = await fetch(`${api.apiUrl}/api/trpc/auth.me`, { headers: { authorization: "Basic abc" } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: { message: "Authorization header must be 'Bearer <API key>'" },
    });
  });

  it("validates the key name and expiry", async () => {
    const owner = await api.user();
    expect(await errorOf(owner.client.apiKeys.create.mutate({ name: "  " }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await errorOf(owner.client.apiKeys.create.mutate({ name: "x", expiresInDays: 0 }))).toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("cannot revoke another user's key", async () => {
    const owner = await api.user();
    const other = await api.user();
    const created = await owner.client.apiKeys.create.mutate({ name: "mine" });
    expect(await errorOf(other.client.apiKeys.revoke.mutate({ id: created.id }))).toMatchObject({
      code: "NOT_FOUND",
      message: "API key not found",
    });
    expect((await owner.client.apiKeys.list.query()).find((k) => k.id === created.id)?.revokedAt).toBeNull();
  });
});
