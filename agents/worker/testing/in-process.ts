import type { Sql } from "~/db/client";
import { JOBS_CHANNEL } from "~/agents/core/event-kinds";
import type { ClaimedJob } from "../queue";
import { runWorker, type JobHandler } from "../worker";

export type RecordedRun = { workerId: string; job: ClaimedJob; startedAt: number };

/**
 * runWorker in the test's own process on the test database, with quiet logs kept for failure messages and
 * every handler call recorded. Defaults are short so tests stay fast; pass what the test is about.
 */
export function startTestWorker(
  sql: Sql,
  options: {
    workerId: string;
    handle: JobHandler;
    concurrency?: number;
    pollIntervalMs?: number;
    leaseMs?: number;
    runs?: RecordedRun[];
  },
) {
  const logs: string[] = [];
  const runs = options.runs ?? [];
  const worker = runWorker({
    sql,
    workerId: options.workerId,
    channel: JOBS_CHANNEL,
    concurrency: options.concurrency ?? 1,
    pollIntervalMs: options.pollIntervalMs ?? 200,
    leaseMs: options.leaseMs ?? 5000,
    log: (message) => logs.push(message),
    handle: (job, signal) => {
      runs.push({ workerId: options.workerId, job, startedAt: Date.now() });
      return options.handle(job, signal);
    },
  });
  return {
    drain: () => worker.drain(),
    get runningJobs() {
      return worker.runningJobs;
    },
    logs,
    runs,
  };
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts (a step that honours drain). */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    });
  });
}
