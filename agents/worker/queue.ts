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
export type ClaimedJob = Pick<Job, "id" | "migrationId" | "attempts" | "maxAttempts" | "lockedBy" | "crashes">;

export type ClaimOptions = {
  /**
   * Most jobs one user may have running while another user's jobs wait (across all workers). A user alone in the
   * queue may use every free slot.
   */
  perUserConcurrency?: number;
};

/**
 * Claims the next job, fairly across users: among the runnable jobs of users below their concurrency limit, the
 * user with the fewest running jobs first, then the user served least recently (their latest claim is oldest, or
 * they were never served), then that user's oldest job. So one user's 60 queued migrations take turns with another
 * user's one instead of running before it. The attempt is counted here, at the claim, so an attempt whose worker
 * died without catching anything still counts; reclaiming a job whose lease ran out also counts a crash.
 *
 * The limit is read from the snapshot the statement starts with: two workers claiming at the same instant may both
 * see a user below it, so it can be exceeded by the number of simultaneous claims (never for long: the next claims
 * see the running jobs). Serialising every claim to make it exact would cost the queue its SKIP LOCKED concurrency.
 */
export async function claimJob(
  sql: Sql,
  workerId: string,
  leaseMs: number,
  options: ClaimOptions = {},
): Promise<ClaimedJob | null> {
  const perUser = options.perUserConcurrency ?? 1;
  const [job] = await sql<ClaimedJob[]>`
    with runnable as (
      select m.user_id from jobs j join migrations m on m.id = j.migration_id
      where (j.status = 'queued' and j.run_at <= now()) or (j.status = 'running' and j.locked_until < now())
    ),
    busy as (
      select m.user_id, count(*)::int as running from jobs j join migrations m on m.id = j.migration_id
      where j.status = 'running' and j.locked_until >= now()
      group by m.user_id
    ),
    served as (
      select m.user_id, max(j.claimed_at) as last_claimed from jobs j join migrations m on m.id = j.migration_id
      where m.user_id in (select user_id from runnable)
      group by m.user_id
    ),
    next as (
      select jobs.id from jobs
      join migrations m on m.id = jobs.migration_id
      left join busy on busy.user_id = m.user_id
      left join served on served.user_id = m.user_id
      where ((jobs.status = 'queued' and jobs.run_at <= now()) or (jobs.status = 'running' and jobs.locked_until < now()))
        and (coalesce(busy.running, 0) < ${perUser} or not exists (select 1 from runnable where runnable.user_id <> m.user_id))
      order by coalesce(busy.running, 0), served.last_claimed nulls first, jobs.run_at, jobs.id
      for update of jobs skip locked
      limit 1
    )
    update jobs set
      status = 'running',
      locked_by = ${workerId},
      locked_until = now() + make_interval(secs => ${leaseMs / 1000}),
      attempts = jobs.attempts + 1,
      crashes = jobs.crashes + (jobs.status = 'running')::int,
      claimed_at = now(),
      updated_at = now()
    from next
    where jobs.id = next.id
    returning jobs.id, jobs.migration_id as "migrationId", jobs.attempts, jobs.max_attempts as "maxAttempts",
      jobs.locked_by as "lockedBy", jobs.crashes`;
  return job ?? null;
}

/**
 * A worker restarted under the same id (the supervisor of `npm start` keeps it) ends the leases its previous
 * process left behind at once: that process is dead, so its jobs are claimable now, each counting a crash,
 * instead of after the lease runs out.
 */
export async function expireLeasesOf(sql: Sql, workerId: string): Promise<number> {
  const rows = await sql`
    update jobs set locked_until = now() - interval '1 millisecond', updated_at = now()
    where locked_by = ${workerId} and status = 'running'
    returning id`;
  return rows.length;
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
export async function completeJob(
  sql: Sql,
  job: ClaimedJob,
  workerId: string,
  status: "succeeded" | "cancelled" = "succeeded",
): Promise<boolean> {
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
  options: { permanent?: boolean; poisoned?: boolean } = {},
): Promise<"retry" | "failed" | "lost"> {
  const final = options.permanent || options.poisoned || job.attempts >= job.maxAttempts;
  const rows = await sql`
    update jobs set
      status = ${final ? "failed" : "queued"},
      poisoned = ${options.poisoned ?? false},
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
