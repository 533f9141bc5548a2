import { sql } from "drizzle-orm";
import type { Executor } from "~/db/client";
import { env } from "~/runtime/env";
import { AppError } from "~/server/errors";

/** What one user may hold at once (runtime/env.ts: QUOTA_MAX_ACTIVE_MIGRATIONS, QUOTA_MAX_STORED_MB). */
export type Quotas = { maxActiveMigrations: number; maxStoredBytes: number };

export function quotasFromEnv(): Quotas {
  return {
    maxActiveMigrations: env.QUOTA_MAX_ACTIVE_MIGRATIONS,
    maxStoredBytes: Math.round(env.QUOTA_MAX_STORED_MB * 1024 * 1024),
  };
}

/** A request that would take its user past a quota; the message names the quota and its limit. */
export class QuotaExceededError extends AppError {
  constructor(message: string) {
    super("quota_exceeded", message);
  }
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/**
 * Refuses (QuotaExceededError) a request that would give the user more queued or running migrations, or more
 * stored bytes (uploaded files, and the projects and reports of finished migrations), than their quota.
 * Runs inside the transaction that then inserts: the per-user advisory lock makes two concurrent creations of one
 * user count one after the other, so together they cannot pass the limit.
 */
export async function enforceQuotas(
  tx: Executor,
  userId: string,
  quotas: Quotas,
  adding: { migrations: number; bytes: number },
) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`quota:${userId}`}, 0))`);
  const [usage] = await tx.execute<{ active: number; stored: number }>(sql`
    select
      (select count(*)::int from migrations where user_id = ${userId} and status in ('queued', 'running')) as active,
      (select coalesce(sum(size_bytes), 0)::float8 from source_files where user_id = ${userId})
        + (select coalesce(sum(octet_length(o.project_zip) + octet_length(o.report_markdown) + octet_length(o.report::text)), 0)::float8
           from migration_outputs o join migrations m on m.id = o.migration_id where m.user_id = ${userId}) as stored`);
  const active = Number(usage?.active ?? 0);
  const stored = Number(usage?.stored ?? 0);
  if (adding.migrations > 0 && active + adding.migrations > quotas.maxActiveMigrations) {
    throw new QuotaExceededError(
      `Quota of queued or running migrations reached: ${active} of at most ${quotas.maxActiveMigrations}. ` +
        `Wait for some to finish or cancel some, then try again.`,
    );
  }
  if (adding.bytes > 0 && stored + adding.bytes > quotas.maxStoredBytes) {
    throw new QuotaExceededError(
      `Quota of stored data reached: uploads and results take ${mb(stored)}, this upload ${mb(adding.bytes)}, ` +
        `of at most ${mb(quotas.maxStoredBytes)}. Delete migrations you no longer need, then try again.`,
    );
  }
}
