import { randomUUID } from "node:crypto";
import os from "node:os";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { findDbt } from "~/agents/dbt/cli";
import { buildMigrationGraph } from "~/agents/graph/migration-graph";
import { llmFromEnv } from "~/agents/llm";
import { createDatabase } from "~/db/client";
import { env, requireDatabaseUrl } from "~/runtime/env";
import { onParentExit } from "~/runtime/process";
import { JOBS_CHANNEL } from "~/agents/core/event-kinds";
import { createCheckpointPool } from "./checkpoint-pool";
import { llmCallLog } from "./llm-calls";
import { recordEventsFirst } from "./checkpointer";
import { createMigrationRunner } from "./run-migration";
import { startWebhookDelivery } from "./webhooks";
import { runWorker } from "./worker";

/** The agent worker process: `npm run worker`, or started by `npm start` beside the web server. */
const databaseUrl = requireDatabaseUrl();
const workerId = env.WORKER_ID ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
const dbt = env.TESTER_DBT === "off" ? undefined : findDbt();
if (env.TESTER_DBT === "on" && !dbt) {
  throw new Error(
    `TESTER_DBT=on but dbt is not installed (${process.env.DBT_BIN ? `DBT_BIN=${process.env.DBT_BIN} does not exist` : "run `npm run setup:dbt`, or set DBT_BIN"})`,
  );
}
const { db, sql, close } = createDatabase(databaseUrl, { max: env.WORKER_CONCURRENCY + 3 });

// LangGraph's checkpoints live in their own schema, created once here (never per request).
const checkpointPool = createCheckpointPool(databaseUrl, env.WORKER_CONCURRENCY + 2);
const checkpointer = new PostgresSaver(checkpointPool, undefined, { schema: "langgraph" });
await checkpointer.setup();

const worker = runWorker({
  sql,
  workerId,
  channel: JOBS_CHANNEL,
  concurrency: env.WORKER_CONCURRENCY,
  pollIntervalMs: env.WORKER_POLL_INTERVAL_MS,
  leaseMs: env.WORKER_LEASE_MS,
  perUserConcurrency: env.WORKER_PER_USER_CONCURRENCY,
  restarted: env.WORKER_ID !== undefined,
  handle: createMigrationRunner({
    db,
    sql,
    graph: buildMigrationGraph(recordEventsFirst(checkpointer)),
    adminUrl: env.SANDBOX_DATABASE_URL ?? databaseUrl,
    llm: llmFromEnv(env, { calls: llmCallLog(db), budgetUsd: env.LLM_BUDGET_USD }),
    llmConcurrency: env.WORKER_LLM_CONCURRENCY,
    ...(dbt ? { dbt } : {}),
    limits: {
      stepTimeoutMs: env.MIGRATION_STEP_TIMEOUT_MS,
      migrationTimeoutMs: env.MIGRATION_TIMEOUT_MS,
      statementTimeoutMs: env.SANDBOX_STATEMENT_TIMEOUT_MS,
      cancelPollMs: env.WORKER_CANCEL_POLL_MS,
    },
  }),
});
console.log(
  `[worker] ${workerId} waiting for jobs (concurrency ${env.WORKER_CONCURRENCY}${env.ANTHROPIC_API_KEY ? ", Claude enabled" : ", rules only"}; models built by ${dbt ? `dbt build (${dbt})` : "the built-in compiler"})`,
);

// Calls the users' webhooks for migrations that ended (the outbox a trigger fills), whichever worker ran them.
const stopWebhooks = startWebhookDelivery(sql, { allowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS });

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log("[worker] draining…");
  stopWebhooks();
  await worker.drain();
  await checkpointer.end();
  await close({ timeout: 5 });
  console.log("[worker] stopped");
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
onParentExit(stop);
