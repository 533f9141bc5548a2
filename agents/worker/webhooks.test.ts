import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { migrations, users, webhookDeliveries, webhooks } from "~/db/schema";
import { createTestDatabase } from "~/db/testing";
import { deliverDueWebhooks, isPrivateAddress, MAX_ATTEMPTS, webhookSignature, webhookUrlProblem } from "./webhooks";

type Call = { headers: IncomingHttpHeaders; body: string };

describe("webhook URLs and addresses", () => {
  it("accepts public http(s) URLs and refuses other schemes, credentials, localhost and private addresses", () => {
    expect(webhookUrlProblem("https://hooks.example.com/datamigrate?x=1")).toBeNull();
    expect(webhookUrlProblem("ftp://example.com/")).toMatch(/https:\/\/ or http:\/\//);
    expect(webhookUrlProblem("not a url")).toMatch(/not a valid URL/);
    expect(webhookUrlProblem("https://user:pw@example.com/")).toMatch(/user name or password/);
    for (const url of [
      "http://localhost:3000/x",
      "http://127.0.0.1/",
      "http://10.1.2.3/",
      "http://[::1]/",
      "http://169.254.169.254/latest/meta-data",
    ]) {
      expect(webhookUrlProblem(url), url).not.toBeNull();
      expect(webhookUrlProblem(url, { allowPrivateNetworks: true }), url).toBeNull();
    }
  });

  it("knows loopback, private, link-local and IPv4-mapped addresses from public ones", () => {
    for (const a of [
      "127.0.0.1",
      "10.0.0.8",
      "172.31.255.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ["8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])
      expect(isPrivateAddress(a), a).toBe(false);
  });
});

describe("delivering the webhook outbox", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let receiver: Server;
  let receiverUrl: string;
  let calls: Call[] = [];
  let answer = 200;

  beforeAll(async () => {
    database = await createTestDatabase();
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        calls.push({ headers: req.headers, body });
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
    await database?.drop();
  });
  beforeEach(() => {
    calls = [];
    answer = 200;
  });

  async function userWithMigration(label: string, hookUrl: string | null) {
    const [user] = await database.db
      .insert(users)
      .values({ email: `${label}-${Math.random()}@example.com`, passwordHash: "x" })
      .returning();
    if (hookUrl)
      await database.db.insert(webhooks).values({ userId: user!.id, url: hookUrl, secret: `whsec_${label}` });
    const [migration] = await database.db
      .insert(migrations)
      .values({ userId: user!.id, name: `${label} shop`, sourceKind: "sample", status: "running" })
      .returning();
    return { user: user!, migration: migration! };
  }
  const end = (id: string, status: "succeeded" | "completed_with_issues" | "failed" | "cancelled" | "running") =>
    database.db
      .update(migrations)
      .set({
        status,
        summary: { total: 2, validated: 2, mismatch: 0, executed: 0, needs_review: 0, failed: 0, llmCostUsd: 0 },
      })
      .where(eq(migrations.id, id));
  const deliveriesOf = (migrationId: string) =>
    database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.migrationId, migrationId));

  it("posts a signed JSON call when a migration ends, once, to its owner's webhook only", async () => {
    const { migration } = await userWithMigration("ends", receiverUrl);
    const other = await userWithMigration("other", null);
    await end(migration.id, "running"); // not an end: nothing queued
    expect(await deliveriesOf(migration.id)).toHaveLength(0);
    await end(migration.id, "succeeded");
    await end(other.migration.id, "failed"); // its owner has no webhook
    expect(await deliverDueWebhooks(database.sql, { allowPrivateNetworks: true })).toBe(1);

    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.headers["x-datamigrate-event"]).toBe("migration.finished");
    expect(call!.headers["x-datamigrate-signature"]).toBe(
      webhookSignature("whsec_ends", String(call!.headers["x-datamigrate-timestamp"]), call!.body),
    );
    expect(JSON.parse(call!.body)).toMatchObject({
      event: "migration.finished",
      migration: {
        id: migration.id,
        name: "ends shop",
        status: "succeeded",
        summary: { validated: 2 },
        path: `/migrations/${migration.id}`,
      },
    });
    const [delivery] = await deliveriesOf(migration.id);
    expect(delivery).toMatchObject({ attempts: 1, failedAt: null, lastError: null });
    expect(delivery!.deliveredAt).not.toBeNull();
    expect(await deliveriesOf(other.migration.id)).toHaveLength(0);
    expect(await deliverDueWebhooks(database.sql, { allowPrivateNetworks: true })).toBe(0); // delivered once
  });

  it(`retries a receiver that fails, then gives up after ${MAX_ATTEMPTS} attempts with the last error`, async () => {
    const { migration } = await userWithMigration("retries", receiverUrl);
    await end(migration.id, "completed_with_issues");
    answer = 503;
    await deliverDueWebhooks(database.sql, { allowPrivateNetworks: true, firstRetryMs: 0 });
    let [delivery] = await deliveriesOf(migration.id);
    expect(delivery).toMatchObject({
      attempts: 1,
      deliveredAt: null,
      failedAt: null,
      lastError: "the receiver answered HTTP 503",
    });

    answer = 200; // the receiver recovers: the next round delivers
    await deliverDueWebhooks(database.sql, { allowPrivateNetworks: true, firstRetryMs: 0 });
    [delivery] = await deliveriesOf(migration.id);
    expect(delivery).toMatchObject({ attempts: 2, lastError: null });
    expect(delivery!.deliveredAt).not.toBeNull();

    const failing = await userWithMigration("gives-up", receiverUrl);
    await end(failing.migration.id, "failed");
    answer = 500;
    for (let round = 0; round < MAX_ATTEMPTS + 2; round++)
      await deliverDueWebhooks(database.sql, { allowPrivateNetworks: true, firstRetryMs: 0 });
    [delivery] = await deliveriesOf(failing.migration.id);
    expect(delivery).toMatchObject({
      attempts: MAX_ATTEMPTS,
      deliveredAt: null,
      lastError: "the receiver answered HTTP 500",
    });
    expect(delivery!.failedAt).not.toBeNull();
  });

  it("waits longer between later attempts (exponential backoff)", async () => {
    const { migration } = await userWithMigration("backoff", receiverUrl);
    await end(migration.id, "failed");
    answer = 500;
    await deliverDueWebhooks(database.sql, { allowPrivateNetworks: true, firstRetryMs: 60_000 });
    const [delivery] = await deliveriesOf(migration.id);
    expect(delivery!.nextAttemptAt.getTime() - delivery!.createdAt.getTime()).toBeGreaterThanOrEqual(59_000);
    expect(await deliverDueWebhooks(database.sql, { allowPrivateNetworks: true })).toBe(0); // not due yet
    expect(calls).toHaveLength(1);
  });

  it("never calls a private address unless allowed, and fails the call with the reason", async () => {
    const { migration } = await userWithMigration("private", receiverUrl);
    await end(migration.id, "cancelled");
    await deliverDueWebhooks(database.sql);
    const [delivery] = await deliveriesOf(migration.id);
    expect(calls).toHaveLength(0);
    expect(delivery!.failedAt).not.toBeNull();
    expect(delivery!.lastError).toBe("The webhook URL points to a private or loopback address (127.0.0.1)");
  });

  it("sends nothing for a webhook removed after the migration ended", async () => {
    const { user, migration } = await userWithMigration("removed", receiverUrl);
    await end(migration.id, "succeeded");
    await database.db.delete(webhooks).where(eq(webhooks.userId, user.id));
    await deliverDueWebhooks(database.sql, { allowPrivateNetworks: true });
    expect(calls).toHaveLength(0);
    expect((await deliveriesOf(migration.id))[0]).toMatchObject({ lastError: "the webhook was removed" });
  });
});
