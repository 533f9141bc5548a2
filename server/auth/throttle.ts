import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "~/db/client";
import { signInThrottle } from "~/db/schema";

/**
 * Failed sign-ins slow down, then lock, one account (keyed by normalised email), with the state in PostgreSQL
 * so every web process enforces the same limits. After FREE_ATTEMPTS failures each further attempt must wait
 * an exponentially growing delay; after LOCK_AFTER failures the account is locked for LOCK_MINUTES.
 *
 * Who is counted together (the `scope`): attempts from addresses the account never signed in from share one
 * count (scope ''); an address the account signed in from before has a count of its own. So a stranger can lock
 * the account for strangers (which is what stops distributed guessing), never for its owner at a known address.
 * README "Security and reliability" gives the reasoning.
 */
export const FREE_ATTEMPTS = 3;
export const LOCK_AFTER = 10;
export const LOCK_MINUTES = 15;
const MAX_DELAY_SECONDS = 60;

/** The count shared by every address the account has not signed in from. */
export const UNKNOWN_ADDRESSES = "";

export type AttemptClaim =
  | { allowed: true; failuresIfWrong: number; lockedIfWrong: boolean }
  | { allowed: false; message: string; retryAfterSeconds: number };

export function delaySeconds(failures: number): number {
  return failures < FREE_ATTEMPTS ? 0 : Math.min(2 ** (failures - FREE_ATTEMPTS + 1), MAX_DELAY_SECONDS);
}

/** delaySeconds in SQL, for the claim below. */
const delaySql = (failures: unknown) =>
  sql`(case when ${failures} < ${FREE_ATTEMPTS} then 0
            else least(power(2, ${failures} - ${FREE_ATTEMPTS} + 1), ${MAX_DELAY_SECONDS}) end * interval '1 second')`;

/**
 * Claims the right to check one password, counting it as a failure in advance (a success clears the count).
 * Check and count are ONE statement holding the row's lock, so N concurrent guesses get exactly as many password
 * checks as the throttle allows, whichever web process they reach. An expired lock starts the count afresh.
 */
export async function claimAttempt(db: Executor, email: string, scope: string): Promise<AttemptClaim> {
  const t = signInThrottle;
  const counted = sql`(case when ${t.lockedUntil} is not null then 1 else ${t.failures} + 1 end)`;
  const rows = await db.execute<{
    allowed: boolean;
    failures: number | null;
    locked: boolean | null;
    locked_until: string | null;
    wait: string | null;
  }>(sql`
    with claim as (
      insert into ${t} (email, address, failures, last_failure_at) values (${email}, ${scope}, 1, now())
      on conflict (email, address) do update set
        failures = ${counted},
        last_failure_at = now(),
        locked_until = case when ${counted} >= ${LOCK_AFTER} then now() + make_interval(mins => ${LOCK_MINUTES}) end
      where (${t.lockedUntil} is not null and ${t.lockedUntil} <= now())
         or (${t.lockedUntil} is null and ${t.lastFailureAt} + ${delaySql(t.failures)} <= now())
      returning failures, locked_until is not null as locked
    )
    select exists (select 1 from claim) as allowed,
           (select failures from claim) as failures,
           (select locked from claim) as locked,
           (select extract(epoch from ${t.lockedUntil} - now()) from ${t} where email = ${email} and address = ${scope}) as locked_until,
           (select extract(epoch from ${t.lastFailureAt} + ${delaySql(t.failures)} - now()) from ${t} where email = ${email} and address = ${scope}) as wait`);
  const row = rows[0]!;
  if (row.allowed) return { allowed: true, failuresIfWrong: Number(row.failures), lockedIfWrong: row.locked === true };
  if (row.locked_until !== null && Number(row.locked_until) > 0) {
    const seconds = Math.max(1, Math.ceil(Number(row.locked_until)));
    return {
      allowed: false,
      retryAfterSeconds: seconds,
      message: `This account is locked after ${LOCK_AFTER} failed sign-ins. Try again in ${Math.ceil(seconds / 60)} minute(s).`,
    };
  }
  const seconds = Math.max(1, Math.ceil(Number(row.wait ?? 1)));
  return {
    allowed: false,
    retryAfterSeconds: seconds,
    message: `Too many failed sign-ins. Wait ${seconds} second(s) before trying again.`,
  };
}

export async function clearFailures(db: Executor, email: string, scope: string): Promise<void> {
  await db.delete(signInThrottle).where(and(eq(signInThrottle.email, email), eq(signInThrottle.address, scope)));
}
