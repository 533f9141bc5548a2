import { and, eq, gt, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "~/db/client";
import { sessions } from "~/db/schema";

/**
 * Server-side sessions behind next-auth's JWT cookie. The cookie alone would stay valid for its whole lifetime
 * (7 days) whatever happens on the server; with its session id (`sid`) checked against this table on every
 * request (one primary-key lookup), signing out deletes the row and the old cookie stops working at once.
 */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 3600;

const ZSessionClaims = z.object({ sub: z.uuid(), sid: z.uuid() });

/** Opens a session for a user who just signed in; returns its id for the JWT. Also drops their expired ones. */
export async function startSession(
  db: Executor,
  userId: string,
  maxAgeSeconds = SESSION_MAX_AGE_SECONDS,
): Promise<string> {
  await db.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, sql`now()`)));
  const [row] = await db
    .insert(sessions)
    .values({ userId, expiresAt: sql`now() + make_interval(secs => ${maxAgeSeconds})` })
    .returning({ id: sessions.id });
  return row!.id;
}

/** The user id of a decoded session token whose session is still open, or null (signed out, expired, forged claims). */
export async function liveSessionUser(db: Executor, token: unknown): Promise<string | null> {
  const claims = ZSessionClaims.safeParse(token);
  if (!claims.success) return null;
  const [row] = await db
    .select({ userId: sessions.userId })
    .from(sessions)
    .where(
      and(eq(sessions.id, claims.data.sid), eq(sessions.userId, claims.data.sub), gt(sessions.expiresAt, sql`now()`)),
    );
  return row?.userId ?? null;
}

/** Signs one session out (the token's), wherever its cookie is. */
export async function endSession(db: Executor, token: unknown): Promise<void> {
  const claims = ZSessionClaims.safeParse(token);
  if (!claims.success) return;
  await db.delete(sessions).where(and(eq(sessions.id, claims.data.sid), eq(sessions.userId, claims.data.sub)));
}
