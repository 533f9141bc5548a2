import { eq, sql } from "drizzle-orm";
import type { Executor } from "~/db/client";
import { signInThrottle } from "~/db/schema";

/**
 * Failed sign-ins slow down, then lock, one account (keyed by normalised email), with the state in PostgreSQL
 * so every web process enforces the same limits. After FREE_ATTEMPTS failures each further attempt must wait
 * an exponentially growing delay; after LOCK_AFTER failures the account is locked for LOCK_MINUTES.
 */
export const FREE_ATTEMPTS = 3;
export const LOCK_AFTER = 10;
export const LOCK_MINUTES = 15;
const MAX_DELAY_SECONDS = 60;

export type ThrottleVerdict = { allowed: true } | { allowed: false; message: string; retryAfterSeconds: number };

export function delaySeconds(failures: number): number {
  return failures < FREE_ATTEMPTS ? 0 : Math.min(2 ** (failures - FREE_ATTEMPTS + 1), MAX_DELAY_SECONDS);
}

export async function checkThrottle(db: Executor, email: string, now = new Date()): Promise<ThrottleVerdict> {
  const [state] = await db.select().from(signInThrottle).where(eq(signInThrottle.email, email));
  if (!state) return { allowed: true };
  if (state.lockedUntil) {
    if (state.lockedUntil > now) {
      const seconds = Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000);
      return {
        allowed: false,
        retryAfterSeconds: seconds,
        message: `This account is locked after ${LOCK_AFTER} failed sign-ins. Try again in ${Math.ceil(seconds / 60)} minute(s).`,
      };
    }
    // The lock has run out: start counting afresh.
    await db.delete(signInThrottle).where(eq(signInThrottle.email, email));
    return { allowed: true };
  }
  const wait = delaySeconds(state.failures) * 1000 - (now.getTime() - state.lastFailureAt.getTime());
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    return {
      allowed: false,
      retryAfterSeconds: seconds,
      message: `Too many failed sign-ins. Wait ${seconds} second(s) before trying again.`,
    };
  }
  return { allowed: true };
}

/** Counts one failure atomically (concurrent failures from several processes all count). */
export async function recordFailure(db: Executor, email: string): Promise<{ failures: number; locked: boolean }> {
  const [row] = await db
    .insert(signInThrottle)
    .values({ email, failures: 1 })
    .onConflictDoUpdate({
      target: signInThrottle.email,
      set: {
        failures: sql`${signInThrottle.failures} + 1`,
        lastFailureAt: sql`now()`,
        lockedUntil: sql`case when ${signInThrottle.failures} + 1 >= ${LOCK_AFTER}
          then now() + make_interval(mins => ${LOCK_MINUTES}) end`,
      },
    })
    .returning();
  return { failures: row!.failures, locked: row!.lockedUntil !== null };
}

export async function clearFailures(db: Executor, email: string): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.email, email));
}
