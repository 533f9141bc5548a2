import { z } from "zod";
import { createApiKey, listApiKeys, revokeApiKey, ZCreateApiKey } from "~/server/services/api-keys";
import { found } from "../app-errors";
import { rateLimited } from "../rate-limited";
import { createRouter, protectedProcedure } from "../trpc";

const iso = (d: Date | null) => d?.toISOString() ?? null;
const toDto = <T extends { createdAt: Date; lastUsedAt: Date | null; expiresAt: Date | null; revokedAt: Date | null }>(
  k: T,
) => ({
  ...k,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: iso(k.lastUsedAt),
  expiresAt: iso(k.expiresAt),
  revokedAt: iso(k.revokedAt),
});

export const apiKeysRouter = createRouter({
  list: protectedProcedure.query(async ({ ctx }) => (await listApiKeys(ctx.db, ctx.userId)).map(toDto)),

  /** The response carries `secret`, shown to the user once; only its hash is stored. */
  create: protectedProcedure
    .use(rateLimited("apiKeyCreate"))
    .input(ZCreateApiKey)
    .mutation(async ({ ctx, input }) => toDto(await createApiKey(ctx.db, ctx.userId, input))),

  revoke: protectedProcedure
    .input(z.object({ id: z.uuid("API key id must be a UUID") }).strict())
    .mutation(async ({ ctx, input }) =>
      toDto(found(await revokeApiKey(ctx.db, ctx.userId, input.id), "API key not found")),
    ),
});
