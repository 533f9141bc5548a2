import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrations, webhookDeliveries } from "~/db/schema";
import { startTestApi, type TestApi } from "~/server/testing";
import { errorOf } from "./test-errors";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

describe("a user's webhook", () => {
  it("is set with a signing secret that survives a URL change, and removed", async () => {
    const owner = await api.user();
    expect(await owner.client.webhooks.get.query()).toBeNull();
    const set = await owner.client.webhooks.set.mutate({ url: "https://hooks.example.com/a" });
    expect(set).toMatchObject({ url: "https://hooks.example.com/a", deliveries: [] });
    expect(set!.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const changed = await owner.client.webhooks.set.mutate({ url: "https://hooks.example.com/b" });
    expect(changed).toMatchObject({ url: "https://hooks.example.com/b", secret: set!.secret });
    await owner.client.webhooks.remove.mutate();
    expect(await owner.client.webhooks.get.query()).toBeNull();
  });

  it("refuses a URL that is not http(s) or points into the server's own network, naming the problem", async () => {
    const owner = await api.user();
    for (const [url, message] of [
      ["javascript:alert(1)", /https:\/\/ or http:\/\//],
      ["http://localhost:5432/", /this machine/],
      ["http://169.254.169.254/latest/meta-data", /private or loopback address/],
      [`https://example.com/${"a".repeat(2001)}`, /at most 2,000 characters/],
    ] as const) {
      const error = await errorOf(owner.client.webhooks.set.mutate({ url }));
      expect(error, url).toMatchObject({ code: "BAD_REQUEST" });
      expect(JSON.stringify(error), url).toMatch(message);
    }
    expect(await owner.client.webhooks.get.query()).toBeNull();
  });

  it("is each user's own: another user sees neither the webhook nor its calls", async () => {
    const [owner, stranger] = [await api.user(), await api.user()];
    await owner.client.webhooks.set.mutate({ url: "https://hooks.example.com/own" });
    const created = await owner.client.migrations.create.mutate({ name: "notify me", source: { kind: "sample" } });
    await api.db.update(migrations).set({ status: "cancelled" }).where(eq(migrations.id, created.id));
    expect(
      await api.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.migrationId, created.id)),
    ).toHaveLength(1);
    expect((await owner.client.webhooks.get.query())!.deliveries).toMatchObject([
      { migrationId: created.id, migrationName: "notify me", migrationStatus: "cancelled", state: "pending" },
    ]);
    expect(await stranger.client.webhooks.get.query()).toBeNull();
    await stranger.client.webhooks.remove.mutate(); // removes only their own (none)
    expect(await owner.client.webhooks.get.query()).not.toBeNull();
  });
});
