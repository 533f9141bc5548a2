import { randomUUID } from "node:crypto";
import os from "node:os";
import { createDatabase } from "~/db/client";
import { env, requireDatabaseUrl } from "~/server/env";
import { onParentExit } from "~/server/process";
import { JOBS_CHANNEL } from "~/server/services/migrations";
import { runWorker } from "./worker";

/** The agent worker process: `npm run worker`, or started by `npm start` beside the web server. */
const workerId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
const { sql } = createDatabase(requireDatabaseUrl(), { max: env.WORKER_CONCURRENCY + 2 });

const worker = runWorker({
  sql,
  workerId,
  channel: JOBS_CHANNEL,
  concurrency: env.WORKER_CONCURRENCY,
  pollIntervalMs: env.WORKER_POLL_INTERVAL_MS,
  leaseMs: env.WORKER_LEASE_MS,
  // Until the agent graph is connected, a claimed job is only logged.
  handle: async (job) => console.log(`[worker] claimed job ${job.id} for migration ${job.migrationId}`),
});
console.log(`[worker] ${workerId} waiting for jobs (concurrency ${env.WORKER_CONCURRENCY})`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log("[worker] draining…");
  await worker.drain();
  await sql.end({ timeout: 5 });
  console.log("[worker] stopped");
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
onParentExit(stop);
