import { getWebhook, removeWebhook, setWebhook, ZSetWebhook } from "~/server/services/webhooks";
import { createRouter, protectedProcedure } from "../trpc";

const iso = (d: Date | null) => d?.toISOString() ?? null;
type Webhook = NonNullable<Awaited<ReturnType<typeof getWebhook>>>;
const toDto = (hook: Webhook | null) =>
  hook && {
    ...hook,
    deliveries: hook.deliveries.map((d) => ({
      ...d,
      deliveredAt: iso(d.deliveredAt),
      failedAt: iso(d.failedAt),
      createdAt: d.createdAt.toISOString(),
    })),
  };

/** The signed-in user's webhook, called when one of their migrations ends (agents/worker/webhooks.ts). */
export const webhooksRouter = createRouter({
  get: protectedProcedure.query(async ({ ctx }) => toDto(await getWebhook(ctx.db, ctx.userId))),
  set: protectedProcedure
    .input(ZSetWebhook)
    .mutation(async ({ ctx, input }) => toDto(await setWebhook(ctx.db, ctx.userId, input))),
  remove: protectedProcedure.mutation(async ({ ctx }) => {
    await removeWebhook(ctx.db, ctx.userId);
    return null;
  }),
});
