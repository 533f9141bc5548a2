import { and, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "~/db/client";
import { oncePerDatabase, prepareHotSelect } from "~/db/hot-select";
import { apiKeys } from "~/db/schema";
import { generateApiKey, hashApiKey, looksLikeApiKey } from "~/server/auth/api-keys";

export const ZCreateApiKey = z
  .object({
    name: z.string().trim().min(1, "Name is required").max(100, "Name must be at most 100 characters"),
    /** Days until the key stops working; omit for a key that does not expire. */
    expiresInDays: z
      .number()
      .int()
      .min(1, "Expiry must be at least 1 day")
      .max(3650, "Expiry must be at most 3650 days")
      .optional(),
  })
  .strict();

const publicColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  expiresAt: apiKeys.expiresAt,
  revokedAt: apiKeys.revokedAt,
};

export async function listApiKeys(db: Database, userId: string) {
  return db.select(publicColumns).from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(desc(apiKeys.createdAt));
}

/** Creates a key and returns its secret: the only time it exists outside the caller's hands is this response. */
export async function createApiKey(db: Database, userId: string, input: z.output<typeof ZCreateApiKey>) {
  const { secret, prefix, hash } = generateApiKey();
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const [key] = await db
    .insert(apiKeys)
    .values({ userId, name: input.name, prefix, keyHash: hash, expiresAt })
    .returning(publicColumns);
  return { ...key!, secret };
}

export async function revokeApiKey(db: Database, userId: string, id: string) {
  const [key] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId)))
    .returning(publicColumns);
  return key ?? null;
}

/**
 * The per-request key check, prepared once per database handle and run on its hot-reads connection: one indexed
 * lookup by hash that also rejects revoked and expired keys, so a revocation takes effect on the very next request
 * with no cache to invalidate.
 */
const keyLookup = oncePerDatabase((db) => {
  const lookup = db
    .select({ id: apiKeys.id, userId: apiKeys.userId, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.keyHash, sql.placeholder("hash")),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, sql`now()`)),
      ),
    );
  return prepareHotSelect(db.$hotReads, lookup);
});

// "Last used" is recorded at most once a minute per key: a write on every request would cost more than the request.
const LAST_USED_RESOLUTION_MS = 60_000;
const lastUsedWrites = new Map<string, number>();

export async function authenticateApiKey(db: Database, secret: string): Promise<{ userId: string } | null> {
  if (!looksLikeApiKey(secret)) return null;
  const [key] = await keyLookup(db).execute({ hash: hashApiKey(secret) });
  if (!key) return null;
  const now = Date.now();
  const known = Math.max(lastUsedWrites.get(key.id) ?? 0, key.lastUsedAt?.getTime() ?? 0);
  if (now - known > LAST_USED_RESOLUTION_MS) {
    lastUsedWrites.set(key.id, now);
    void db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(eq(apiKeys.id, key.id))
      .catch(() => lastUsedWrites.delete(key.id));
  }
  return { userId: key.userId };
}
