import { LeaseLostError } from "~/agents/events/record";
import type { Sql } from "~/db/client";
import { claimJob, completeJob, expireLeasesOf, failJob, heartbeat, releaseJob, type ClaimedJob } from "./queue";

/**
 * Runs one job. Resolving means the job is done (with "cancelled" when what it ran was cancelled); a handler that
 * stops early (the signal aborted: drain, lost lease) must throw, so the job is released or retried rather than
 * marked done. The signal's reason tells which: a LeaseLostError (stop now, the job is someone else's) or a drain
 * (stop at a convenient point: the work done so far is kept for the next worker).
 */
export type JobHandler = (job: ClaimedJob, signal: AbortSignal) => Promise<void | "cancelled">;

/** A failure that retrying cannot cure (unusable input): the job fails at once, without backoff. */
export class PermanentJobError extends Error {}

/** The job's workers kept dying while running it: failed for good, and marked so a retry can tell (queue.ts). */
export class PoisonJobError extends PermanentJobError {}

type Options = {
  sql: Sql;
  workerId: string;
  channel: string;
  concurrency: number;
  pollIntervalMs: number;
  leaseMs: number;
  /** Most jobs one user may have running while others' jobs wait (queue.ts claimJob). */
  perUserConcurrency?: number;
  /**
   * The id is the same as a previous process's (a supervisor restarting it): that process is dead, so the leases it
   * held are ended at boot and its jobs claimable at once.
   */
  restarted?: boolean;
  handle: JobHandler;
  log?: (message: string) => void;
};

/**
 * Claims and runs jobs until drained. NOTIFY wakes it at once; polling is the fallback because a NOTIFY can be
 * missed (sent while disconnected); on every (re)connection of the LISTEN it catches up with a claim round.
 */
export function runWorker(options: Options) {
  const log = options.log ?? ((m: string) => console.log(`[worker] ${m}`));
  const running = new Map<number, { controller: AbortController; done: Promise<void> }>();
  let draining = false;
  let claiming = false;
  let again = false;

  async function claimRound() {
    if (claiming) {
      again = true; // a wake-up during a round: run one more round after it
      return;
    }
    claiming = true;
    try {
      do {
        again = false;
        while (!draining && running.size < options.concurrency) {
          const job = await claimJob(options.sql, options.workerId, options.leaseMs, {
            perUserConcurrency: options.perUserConcurrency ?? 1,
          });
          if (!job) break;
          start(job);
        }
      } while (again && !draining);
    } catch (error) {
      log(`claim failed: ${(error as Error).message}`);
    } finally {
      claiming = false;
    }
  }

  function start(job: ClaimedJob) {
    const controller = new AbortController();
    const beat = setInterval(async () => {
      try {
        if (!(await heartbeat(options.sql, job, options.workerId, options.leaseMs))) {
          log(`job ${job.id}: lease lost, stopping it`);
          controller.abort(new LeaseLostError());
        }
      } catch {
        // a failed heartbeat is retried on the next beat; the lease is long enough to absorb it
      }
    }, options.leaseMs / 3);
    const done = (async () => {
      try {
        log(`job ${job.id} (migration ${job.migrationId}) attempt ${job.attempts}`);
        const outcome = await options.handle(job, controller.signal);
        // Resolving means the work is done, even if a drain began meanwhile: releasing it would run it again.
        await completeJob(options.sql, job, options.workerId, outcome === "cancelled" ? "cancelled" : "succeeded");
      } catch (error) {
        if (controller.signal.aborted && draining) {
          await releaseJob(options.sql, job, options.workerId).catch(() => {});
        } else {
          const permanent = error instanceof PermanentJobError;
          const poisoned = error instanceof PoisonJobError;
          const outcome = await failJob(options.sql, job, options.workerId, (error as Error).message, {
            permanent,
            poisoned,
          }).catch(() => "lost" as const);
          log(`job ${job.id} failed (${outcome}): ${(error as Error).message}`);
        }
      } finally {
        clearInterval(beat);
        running.delete(job.id);
        if (!draining) void claimRound();
      }
    })();
    running.set(job.id, { controller, done });
  }

  // The LISTEN's first connection runs the first claim round, after the dead predecessor's leases are ended.
  const recovered = options.restarted
    ? expireLeasesOf(options.sql, options.workerId).then(
        (n) => n > 0 && log(`${n} job(s) of this worker's previous process (which died) are claimable again`),
        (error: Error) => log(`could not end the previous process's leases: ${error.message}`),
      )
    : Promise.resolve();
  const listening = recovered.then(() =>
    options.sql.listen(
      options.channel,
      () => void claimRound(),
      () => void claimRound(),
    ),
  );
  const poll = setInterval(() => void claimRound(), options.pollIntervalMs);

  return {
    /** Stop claiming, ask running jobs to stop at their next step boundary, and wait for them. */
    async drain() {
      draining = true;
      clearInterval(poll);
      await (await listening).unlisten().catch(() => {});
      for (const { controller } of running.values()) controller.abort(new Error("worker draining"));
      await Promise.all([...running.values()].map((r) => r.done));
    },
    get runningJobs() {
      return running.size;
    },
  };
}
