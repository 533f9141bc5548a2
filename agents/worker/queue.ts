import type { Sql } from "~/db/client";
import type { Job } from "~/db/schema";

/**
 * The PostgreSQL job queue, in the manner of graphile-worker and pg-boss. The SQL is the design, so it is
 * written out here rather than built through Drizzle:
 * - a claim is ONE statement: pick the oldest runnable row with FOR UPDATE SKIP LOCKED (concurrent workers
 *   skip each other's rows instead of waiting) and mark it running under a lease in the same UPDATE;
 * - a job whose lease ran out (its worker died) is runnable again and resumes from its last checkpoint;
 * - every later write is fenced by `locked_by`: a worker that lost its lease changes nothing.
 */
export type ClaimedJob = Pick<Job, "id" | "migrationId" | "attempts" | "maxAttempts" | "lockedBy">;

export async function claimJob(sql: Sql, workerId: string, leaseMs: number): Promise<ClaimedJob | null> {
  const [job] = await sql<ClaimedJob[]>`
    with next as (
      select id from jobs
      where (status = 'queued' and run_at <= now())
         or (status = 'running' and locked_until < now())
      order by run_at, id
      for update skip locked
      limit 1
    )
    update jobs set
      status = 'running',
      locked_by = ${workerId},
      locked_until = now() + make_interval(secs => ${leaseMs / 1000}),
      attempts = jobs.attempts + 1,
      updated_at = now()
    from next
    where jobs.id = next.id
    returning jobs.id, jobs.migration_id as "migrationId", jobs.attempts, jobs.max_attempts as "maxAttempts", jobs.locked_by as "lockedBy"`;
  return job ?? null;
}

/** Extends the lease; false means another worker owns the job now and this one must stop. */
export async function heartbeat(sql: Sql, job: ClaimedJob, workerId: string, leaseMs: number): Promise<boolean> {
  const rows = await sql`
    update jobs set locked_until = now() + make_interval(secs => ${leaseMs / 1000}), updated_at = now()
    where id = ${job.id} and locked_by = ${workerId} and status = 'running'
    returning id`;
  return rows.length === 1;
}

/** Records how a job ended (`cancelled`: its migration was cancelled while it ran). */
export async function completeJob(sql: Sql, job: ClaimedJob, workerId: string, status: "succeeded" | "cancelled" = "succeeded"): Promise<boolean> {
  const rows = await sql`
    update jobs set status = ${status}, locked_by = null, locked_until = null, updated_at = now()
    where id = ${job.id} and locked_by = ${workerId} and status = 'running'
    returning id`;
  return rows.length === 1;
}

/** Capped exponential backoff with full jitter: spreads retries of jobs that failed together. */
export function backoffMs(attempt: number, baseMs = 1000, capMs = 5 * 60_000): number {
  return Math.round(Math.random() * Math.min(capMs, baseMs * 2 ** (attempt - 1)));
}

/** Records a failed attempt: back to the queue after a backoff, or failed for good after the last attempt. */
export async function failJob(
  sql: Sql,
  job: ClaimedJob,
  workerId: string,
  error: string,
  options: { permanent?: boolean } = {},
): Promise<"retry" | "failed" | "lost"> {
  const final = options.permanent || job.attempts >= job.maxAttempts;
  const rows = await sql`
    update jobs set
      status = ${final ? "failed" : "queued"},
      run_at = now() + make_interval(secs => ${final ? 0 : backoffMs(job.attempts) / 1000}),
      last_error = ${error},
      locked_by = null, locked_until = null, updated_at = now()
    where id = ${job.id} and locked_by = ${workerId} and status = 'running'
    returning id`;
  if (rows.length === 0) return "lost";
  return final ? "failed" : "retry";
}

/** Gives the job back untouched (drain on SIGTERM): the next worker resumes it from its checkpoint. */
export async function releaseJob(sql: Sql, job: ClaimedJob, workerId: string): Promise<void> {
  await sql`
    update jobs set status = 'queued', attempts = greatest(attempts - 1, 0), locked_by = null, locked_until = null, updated_at = now()
    where id = ${job.id} and locked_by = ${workerId} and status = 'running'`;
}
