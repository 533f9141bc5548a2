import { randomBytes } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import { webhookUrlProblem } from "~/agents/worker/webhooks";
import type { Database } from "~/db/client";
import { webhookDeliveries, webhooks } from "~/db/schema";
import { env } from "~/runtime/env";

export const ZSetWebhook = z
  .object({
    url: z
      .string()
      .trim()
      .max(2000, "The webhook URL must be at most 2,000 characters")
      .superRefine((url, ctx) => {
        const problem = webhookUrlProblem(url, { allowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS });
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
  })
  .strict();

const RECENT_DELIVERIES = 10;

/** The user's webhook with its signing secret and its latest calls, or null when they have none. */
export async function getWebhook(db: Database, userId: string) {
  const [hook] = await db.select().from(webhooks).where(eq(webhooks.userId, userId));
  if (!hook) return null;
  const deliveries = await db
    .select({
      id: webhookDeliveries.id,
      migrationId: webhookDeliveries.migrationId,
      payload: webhookDeliveries.payload,
      attempts: webhookDeliveries.attempts,
      deliveredAt: webhookDeliveries.deliveredAt,
      failedAt: webhookDeliveries.failedAt,
      lastError: webhookDeliveries.lastError,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.userId, userId))
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(RECENT_DELIVERIES);
  return {
    url: hook.url,
    secret: hook.secret,
    deliveries: deliveries.map(({ payload, ...d }) => {
      const migration = (payload as { migration?: { name?: unknown; status?: unknown } }).migration;
      return {
        ...d,
        migrationName: typeof migration?.name === "string" ? migration.name : null,
        migrationStatus: typeof migration?.status === "string" ? migration.status : null,
        state: d.deliveredAt ? ("delivered" as const) : d.failedAt ? ("failed" as const) : ("pending" as const),
      };
    }),
  };
}

/** Sets (or changes) the webhook's URL; the signing secret is made once and kept across URL changes. */
export async function setWebhook(db: Database, userId: string, input: z.output<typeof ZSetWebhook>) {
  await db
    .insert(webhooks)
    .values({ userId, url: input.url, secret: `whsec_${randomBytes(32).toString("base64url")}` })
    .onConflictDoUpdate({ target: webhooks.userId, set: { url: input.url, updatedAt: new Date() } });
  return getWebhook(db, userId);
}

/** Removes the webhook; calls still queued for it are then failed as "the webhook was removed", not sent. */
export async function removeWebhook(db: Database, userId: string) {
  await db.delete(webhooks).where(eq(webhooks.userId, userId));
}
