import { sql } from "drizzle-orm";
import type { Executor } from "~/db/client";
import { RATE_LIMITED_ACTIONS, type RateLimit, type RateLimitedAction } from "./policies";

/** Thrown (as a cause) where a refused action becomes an error: how long the caller must wait. */
export class RateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; message: string };

/**
 * Takes one unit of `action`'s allowance for `subject` (a client address or a user id), or says how long to wait.
 *
 * The generic cell rate algorithm (a sliding window without counters): each key keeps one "theoretical arrival
 * time" (TAT). A request is allowed when pushing the TAT forward by one interval (period / count) keeps it
 * within one period of now; a refused request changes nothing. The check and the update are ONE statement
 * (INSERT … ON CONFLICT DO UPDATE … WHERE), which holds the row's lock, so concurrent requests from any web
 * process cannot both take the last unit.
 */
export async function takeRateLimit(
  db: Executor,
  action: RateLimitedAction,
  subject: string,
  limit: RateLimit,
): Promise<RateLimitVerdict> {
  await pruneNowAndThen(db);
  const key = `${action}:${subject}`;
  const interval = sql`(${limit.periodSeconds / limit.count}::float8 * interval '1 second')`;
  const period = sql`(${limit.periodSeconds}::float8 * interval '1 second')`;
  const rows = await db.execute<{ allowed: boolean; retry_after: number | string | null }>(sql`
    with hit as (
      insert into rate_limits (key, tat) values (${key}, now() + ${interval})
      on conflict (key) do update set tat = greatest(rate_limits.tat, now()) + ${interval}
        where greatest(rate_limits.tat, now()) + ${interval} <= now() + ${period}
      returning tat
    )
    select exists (select 1 from hit) as allowed,
           (select extract(epoch from tat + ${interval} - ${period} - now()) from rate_limits where key = ${key}) as retry_after`);
  const row = rows[0]!;
  if (row.allowed) return { allowed: true };
  // The row read above may predate a concurrent update (statement snapshot): wait at least a second.
  const retryAfterSeconds = Math.max(1, Math.ceil(Number(row.retry_after ?? 1)));
  return { allowed: false, retryAfterSeconds, message: tooManyMessage(action, retryAfterSeconds) };
}

export function tooManyMessage(action: RateLimitedAction, retryAfterSeconds: number): string {
  const wait =
    retryAfterSeconds >= 120 ? `${Math.ceil(retryAfterSeconds / 60)} minutes` : `${retryAfterSeconds} second(s)`;
  return `Too many ${RATE_LIMITED_ACTIONS[action].what}: try again in ${wait}.`;
}

/** A row whose TAT has passed allows exactly what a missing row allows, so it can go (at most once a minute). */
let lastPrune = 0;
async function pruneNowAndThen(db: Executor) {
  if (Date.now() - lastPrune < 60_000) return;
  lastPrune = Date.now();
  await db.execute(sql`delete from rate_limits where tat < now()`);
}
