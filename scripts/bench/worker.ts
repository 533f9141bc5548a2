/**
 * `npm run bench:worker`: the agent worker's latencies and throughput, on one embedded PostgreSQL, with the API
 * server (server/http/server.ts, API only) and each worker in processes of their own, as in production:
 *
 * 1. create → claimed: 200 migrations created through the API (tRPC over HTTP), one every 25 ms, claimed by
 *    the real worker loop (agents/worker/worker.ts, default 2 s polling interval) whose handler only records the
 *    claim: the figure is the NOTIFY wake-up path, from the create request to the worker holding the job.
 *    Target p95 ≤ 100 ms.
 * 2. event written → received: 200 progress events written as the worker writes them (INSERT + NOTIFY), one
 *    every 20 ms, each timed from the write to its arrival at an SSE client (GET /api/migrations/:id/events).
 *    Target p95 ≤ 50 ms.
 * 3. sustained events/s to 200 concurrent SSE clients of one migration: 2,000 events written back to back by a
 *    process of their own (as a worker writes them: one at a time, in order), timed until every client has
 *    received every one of them (each checks it got all, in order).
 * 4. wall-clock of a 50-object migration whose every procedure needs Claude (a WHILE loop the rules flag),
 *    against the local fake Messages API answering each call in 2 s, run by the real worker process
 *    (agents/worker/main.ts) with WORKER_LLM_CONCURRENCY=1 and then 8. Target: ≥ 5× faster with 8.
 *
 * Clients and writers run in this process, sharing the machine with the server, the workers and PostgreSQL.
 *
 *   npm run bench:worker [-- --json] [--skip-llm]     (--skip-llm: leave out the two 50-object runs, ≈ 2 minutes)
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { createTRPCClient, httpLink } from "@trpc/client";
import { eq } from "drizzle-orm";
import { eventWriter } from "~/agents/events/record";
import { replies, startFakeAnthropic } from "~/agents/llm/fake-anthropic";
import { createDatabase, type Database } from "~/db/client";
import { findFreePort, startEmbeddedPostgres } from "~/db/embedded";
import { applyMigrations } from "~/db/migrate";
import { migrations } from "~/db/schema";
import { readProgress } from "~/server/events/sse-client";
import type { AppRouter } from "~/server/trpc/root";

const REPO = path.resolve(import.meta.dirname, "../..");
const AUTH_SECRET = "bench-secret-bench-secret-bench-secret-01";

const CLAIMS = 200;
const CLAIM_SPACING_MS = 25;
const LATENCY_EVENTS = 200;
const LATENCY_SPACING_MS = 20;
const FANOUT_CLIENTS = 200;
const FANOUT_EVENTS = 2_000;
const LLM_OBJECTS = 50;
const LLM_LATENCY_MS = 2_000;

const TARGET_CLAIM_P95_MS = 100;
const TARGET_EVENT_P95_MS = 50;
const TARGET_SPEEDUP = 5;

// ---------------------------------------------------------------------------------------------------------------
// Child processes

/** `--child server`: the API server (tRPC + SSE, no Next) on PORT, as the web process runs it. */
async function serverChild() {
  const { startHttpServer } = await import("~/server/http/server");
  const { db, sql } = createDatabase(process.env.DATABASE_URL!, { max: 20 });
  const { uniformRateLimits } = await import("~/server/rate-limit/policies");
  // The benchmark creates migrations as fast as it can: the rate limits are not what it measures.
  const rateLimits = uniformRateLimits({ count: 100_000, periodSeconds: 1 });
  const web = await startHttpServer({
    db,
    sql,
    authSecret: AUTH_SECRET,
    host: "127.0.0.1",
    port: Number(process.env.PORT),
    apiOnly: true,
    rateLimits,
  });
  console.log(`ready ${web.url}`);
}

/** `--child claimer`: the real worker loop with a handler that only reports each claim (time, migration id). */
async function claimerChild() {
  const { runWorker } = await import("~/agents/worker/worker");
  const { JOBS_CHANNEL } = await import("~/agents/core/event-kinds");
  const { sql, close } = createDatabase(process.env.DATABASE_URL!, { max: 10 });
  const worker = runWorker({
    sql,
    workerId: `bench-claimer-${process.pid}`,
    channel: JOBS_CHANNEL,
    concurrency: 8,
    pollIntervalMs: 2_000,
    leaseMs: 30_000,
    log: () => {},
    handle: async (job) => {
      console.log(`claimed ${job.migrationId} ${Date.now()}`);
    },
  });
  // Ready once the LISTEN is up: its catch-up round has run when a claim query has been answered.
  await sql`select 1`;
  await new Promise((r) => setTimeout(r, 300));
  console.log("ready");
  process.on(
    "SIGTERM",
    () =>
      void worker
        .drain()
        .then(() => close())
        .then(() => process.exit(0)),
  );
}

type Child = { proc: ChildProcess; lines: readline.Interface; output: string[] };

/** Starts a process and resolves once it prints a line matching `ready`. */
function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<Child & { readyLine: string }> {
  const proc = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const lines = readline.createInterface({ input: proc.stdout! });
  proc.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  return new Promise((resolve, reject) => {
    lines.on("line", (line) => {
      output.push(line);
      if (ready.test(line)) resolve({ proc, lines, output, readyLine: line });
    });
    proc.once("exit", (code) =>
      reject(new Error(`${args.join(" ")} exited with ${code} before it was ready:\n${output.join("\n")}`)),
    );
  });
}

async function stopChild(child: Child) {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  const exited = new Promise((r) => child.proc.once("exit", r));
  child.proc.kill("SIGTERM");
  const timer = setTimeout(() => child.proc.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------------------------
// Measurements

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const summary = (values: number[]) => ({
  p50: percentile(values, 50),
  p95: percentile(values, 95),
  max: Math.max(...values),
  n: values.length,
});

type Client = ReturnType<typeof createTRPCClient<AppRouter>>;

async function measureClaims(api: Client, databaseUrl: string) {
  const claimer = await start(
    ["scripts/bench/worker.ts", "--child", "claimer"],
    { DATABASE_URL: databaseUrl },
    /^ready$/,
  );
  const claimed = new Map<string, number>();
  claimer.lines.on("line", (line) => {
    const [word, id, at] = line.split(" ");
    if (word === "claimed") claimed.set(id!, Number(at));
  });
  const createdAt = new Map<string, number>();
  try {
    for (let i = 0; i < CLAIMS; i++) {
      const t0 = Date.now();
      const migration = await api.migrations.create.mutate({ name: `claim ${i}`, source: { kind: "sample" } });
      createdAt.set(migration.id, t0);
      await sleep(CLAIM_SPACING_MS);
    }
    const deadline = Date.now() + 30_000;
    while (claimed.size < CLAIMS && Date.now() < deadline) await sleep(50);
    if (claimed.size < CLAIMS) throw new Error(`only ${claimed.size} of ${CLAIMS} migrations were claimed`);
  } finally {
    await stopChild(claimer);
  }
  return summary([...createdAt].map(([id, t0]) => claimed.get(id)! - t0));
}

/** Opens an SSE client on a migration; `received` gets each progress event's id and arrival time. */
function subscribe(baseUrl: string, apiKey: string, migrationId: string, signal: AbortSignal) {
  const received: { id: number; at: number }[] = [];
  const done = (async () => {
    try {
      for await (const message of readProgress(baseUrl, migrationId, {
        headers: { authorization: `Bearer ${apiKey}` },
        signal,
      })) {
        if (message.event === "progress") received.push({ id: Number(message.id), at: Date.now() });
      }
    } catch (error) {
      if (!signal.aborted) throw error;
    }
  })();
  return { received, done };
}

async function waitUntil(what: string, check: () => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

async function measureEventLatency(
  api: Client,
  db: ReturnType<typeof createDatabase>["db"],
  baseUrl: string,
  apiKey: string,
) {
  // No worker runs now: the migration stays queued, so its stream stays open.
  const migration = await api.migrations.create.mutate({ name: "event latency", source: { kind: "sample" } });
  const write = eventWriter(db, migration.id);
  const abort = new AbortController();
  const client = subscribe(baseUrl, apiKey, migration.id, abort.signal);
  await write({ agent: "bench", kind: "object", message: "connected?" });
  await waitUntil("the SSE client to connect", () => client.received.length === 1);
  const sentAt = new Map<number, number>();
  for (let i = 0; i < LATENCY_EVENTS; i++) {
    const t0 = Date.now();
    const id = await write({
      agent: "executor",
      object: `model_${i}`,
      kind: "object",
      message: `translated by rules (${i})`,
      progress: i / LATENCY_EVENTS,
    });
    sentAt.set(id, t0);
    await sleep(LATENCY_SPACING_MS);
  }
  await waitUntil("every event to arrive", () => client.received.length === LATENCY_EVENTS + 1, 30_000);
  abort.abort();
  await client.done;
  return summary(client.received.slice(1).map((r) => r.at - sentAt.get(r.id)!));
}

/**
 * A lean SSE client for the fan-out figure: 200 full parsers in this process would measure this process, not the
 * server. It keeps the id of every event (checking they only go up) and when the last one arrived.
 */
function leanSubscribe(baseUrl: string, apiKey: string, migrationId: string) {
  const state = { count: 0, lastId: 0, lastAt: 0, inOrder: true, close: () => {} };
  const url = new URL(`/api/migrations/${migrationId}/events`, baseUrl);
  const request = http.get(
    url,
    { headers: { accept: "text/event-stream", authorization: `Bearer ${apiKey}` }, agent: false },
    (response) => {
      if (response.statusCode !== 200) throw new Error(`SSE answered ${response.statusCode}`);
      let carry = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        const lines = (carry + chunk).split("\n");
        carry = lines.pop()!;
        for (const line of lines) {
          if (!line.startsWith("id: ")) continue;
          const id = Number(line.slice(4));
          if (id <= state.lastId) state.inOrder = false;
          state.lastId = id;
          state.count += 1;
          state.lastAt = Date.now();
        }
      });
    },
  );
  request.on("error", () => {});
  state.close = () => request.destroy();
  return state;
}

/** `--child writer`: writes COUNT events to MIGRATION_ID back to back, as a worker does (one at a time, in order). */
async function writerChild() {
  const { db, sql, close } = createDatabase(process.env.DATABASE_URL!, { max: 2 });
  const write = eventWriter(db, process.env.MIGRATION_ID!);
  const count = Number(process.env.COUNT);
  await sql`select 1`;
  const started = Date.now();
  let lastId = 0;
  for (let i = 0; i < count; i++)
    lastId = await write({ agent: "tester", object: `model_${i}`, kind: "object", message: `built, ${i} rows` });
  console.log(`done ${started} ${Date.now()} ${lastId}`);
  await close();
  process.exit(0);
}

async function measureFanout(
  api: Client,
  db: ReturnType<typeof createDatabase>["db"],
  baseUrl: string,
  apiKey: string,
  databaseUrl: string,
) {
  const migration = await api.migrations.create.mutate({ name: "fan-out", source: { kind: "sample" } });
  const clients = Array.from({ length: FANOUT_CLIENTS }, () => leanSubscribe(baseUrl, apiKey, migration.id));
  await eventWriter(db, migration.id)({ agent: "bench", kind: "object", message: "connected?" });
  await waitUntil("all SSE clients to connect", () => clients.every((c) => c.count === 1));

  const writer = await start(
    ["scripts/bench/worker.ts", "--child", "writer"],
    { DATABASE_URL: databaseUrl, MIGRATION_ID: migration.id, COUNT: String(FANOUT_EVENTS) },
    /^done /,
  );
  const [, startedAt, doneAt, lastId] = writer.readyLine.split(" ").map(Number) as [number, number, number, number];
  await waitUntil("every client to receive every event", () => clients.every((c) => c.lastId === lastId), 120_000);
  const elapsedMs = Math.max(...clients.map((c) => c.lastAt)) - startedAt;
  for (const c of clients) c.close();
  if (!clients.every((c) => c.count === FANOUT_EVENTS + 1 && c.inOrder))
    throw new Error("some SSE client missed or reordered events");
  return {
    clients: FANOUT_CLIENTS,
    events: FANOUT_EVENTS,
    writtenPerSecond: (FANOUT_EVENTS / (doneAt - startedAt)) * 1000,
    eventsPerSecond: (FANOUT_EVENTS / elapsedMs) * 1000,
    deliveriesPerSecond: ((FANOUT_EVENTS * FANOUT_CLIENTS) / elapsedMs) * 1000,
  };
}

/** A table and procedures that each loop with WHILE, which the rule translator leaves for review (→ Claude). */
function llmScript(objects: number): string {
  const parts = [
    "CREATE TABLE dbo.Numbers (N int NOT NULL PRIMARY KEY)\nGO\nINSERT INTO dbo.Numbers VALUES (1), (2), (3)\nGO\n",
  ];
  for (let i = 1; i < objects; i++) {
    parts.push(
      `CREATE PROCEDURE dbo.Loop${i} AS\nBEGIN\n  DECLARE @i int = 1, @total int = 0\n  WHILE @i <= ${i} BEGIN SET @total = @total + @i SET @i = @i + 1 END\n  SELECT @total AS Total\nEND\nGO\n`,
    );
  }
  return parts.join("");
}

type LlmRun = Awaited<ReturnType<typeof measureLlmMigration>>;

async function measureLlmMigration(
  api: Client,
  db: Database,
  urls: { databaseUrl: string; adminUrl: string },
  fakeUrl: string,
  concurrency: number,
) {
  const worker = await start(
    ["agents/worker/main.ts"],
    {
      DATABASE_URL: urls.databaseUrl,
      SANDBOX_DATABASE_URL: urls.adminUrl,
      WORKER_CONCURRENCY: "1",
      WORKER_LLM_CONCURRENCY: String(concurrency),
      ANTHROPIC_API_KEY: "bench-key",
      ANTHROPIC_BASE_URL: fakeUrl,
    },
    /waiting for jobs/,
  );
  try {
    const script = Buffer.from(llmScript(LLM_OBJECTS));
    const created = Date.now();
    const migration = await api.migrations.create.mutate({
      name: `${LLM_OBJECTS} objects, LLM concurrency ${concurrency}`,
      source: { kind: "upload", file: { filename: "loops.sql", contentBase64: script.toString("base64") } },
    });
    for (;;) {
      const [row] = await db.select().from(migrations).where(eq(migrations.id, migration.id));
      if (
        row &&
        (row.status === "succeeded" ||
          row.status === "completed_with_issues" ||
          row.status === "failed" ||
          row.status === "cancelled")
      ) {
        // Ran to the end (green or with issues): the timing is what this measures.
        if (row.status !== "succeeded" && row.status !== "completed_with_issues")
          throw new Error(
            `the ${concurrency}-concurrency migration ${row.status}: ${row.error}\n${worker.output.join("\n")}`,
          );
        return {
          concurrency,
          seconds: (row.finishedAt!.getTime() - row.startedAt!.getTime()) / 1000,
          createToFinishSeconds: (Date.now() - created) / 1000,
          summary: row.summary,
        };
      }
      await sleep(100);
    }
  } finally {
    await stopChild(worker);
  }
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { child: { type: "string" }, json: { type: "boolean" }, "skip-llm": { type: "boolean" } },
  });
  if (values.child) {
    const children: Record<string, () => Promise<void>> = {
      server: serverChild,
      claimer: claimerChild,
      writer: writerChild,
    };
    await children[values.child]!();
    return -1;
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-worker-pg-"));
  fs.chmodSync(dir, 0o755); // the cluster runs as the `postgres` OS user
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, "cluster"),
    port: await findFreePort(),
    database: "bench",
  });
  await applyMigrations(pg.url);
  const { db, close } = createDatabase(pg.url, { max: 10 });
  const fake = await startFakeAnthropic({
    latencyMs: LLM_LATENCY_MS,
    handler: () => replies.sql('select 1 as "Total"'),
  });
  let server: (Child & { readyLine: string }) | undefined;
  let ok = true;
  try {
    const port = await findFreePort();
    server = await start(
      ["scripts/bench/worker.ts", "--child", "server"],
      { DATABASE_URL: pg.url, PORT: String(port) },
      /^ready /,
    );
    const baseUrl = server.readyLine.slice("ready ".length);

    const { registerUser } = await import("~/server/auth/credentials");
    const { createApiKey } = await import("~/server/services/api-keys");
    const user = await registerUser(db, { email: "bench@example.com", password: "correct horse battery staple" });
    const key = await createApiKey(db, user.id, { name: "bench" });
    const api = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${baseUrl}/api/trpc`, headers: { authorization: `Bearer ${key.secret}` } })],
    });

    console.log(
      `bench:worker — one embedded PostgreSQL, API server and workers in their own processes, ${os.cpus().length} CPUs, Node ${process.versions.node}`,
    );
    console.log("");
    const claims = await measureClaims(api, pg.url);
    console.log(
      `create → claimed       p50 ${claims.p50} ms   p95 ${claims.p95} ms   max ${claims.max} ms   (${claims.n} migrations, one every ${CLAIM_SPACING_MS} ms; polling every 2 s)`,
    );
    const events = await measureEventLatency(api, db, baseUrl, key.secret);
    console.log(
      `event written → SSE    p50 ${events.p50} ms   p95 ${events.p95} ms   max ${events.max} ms   (${events.n} events, one every ${LATENCY_SPACING_MS} ms)`,
    );
    const fanout = await measureFanout(api, db, baseUrl, key.secret, pg.url);
    console.log(
      `SSE fan-out            ${fanout.eventsPerSecond.toFixed(0)} events/s to each of ${fanout.clients} clients = ${fanout.deliveriesPerSecond.toFixed(0)} deliveries/s` +
        `   (${fanout.events} events written back to back at ${fanout.writtenPerSecond.toFixed(0)}/s; every client got all, in order)`,
    );
    let llm: { sequential: LlmRun; parallel: LlmRun; speedup: number; llmCalls: number } | undefined;
    if (!values["skip-llm"]) {
      const sequential = await measureLlmMigration(
        api,
        db,
        { databaseUrl: pg.url, adminUrl: pg.adminUrl },
        fake.url,
        1,
      );
      console.log(
        `${LLM_OBJECTS}-object migration, Claude answering in ${LLM_LATENCY_MS / 1000} s, LLM concurrency 1: ${sequential.seconds.toFixed(1)} s`,
      );
      const parallel = await measureLlmMigration(api, db, { databaseUrl: pg.url, adminUrl: pg.adminUrl }, fake.url, 8);
      console.log(
        `${LLM_OBJECTS}-object migration, Claude answering in ${LLM_LATENCY_MS / 1000} s, LLM concurrency 8: ${parallel.seconds.toFixed(1)} s`,
      );
      const speedup = sequential.seconds / parallel.seconds;
      const llmCalls = fake.requests.length;
      console.log(`  (${llmCalls} Claude calls in all; statuses ${JSON.stringify(parallel.summary)})`);
      llm = { sequential, parallel, speedup, llmCalls };
    }
    console.log("");
    const verdicts: [boolean, string][] = [
      [claims.p95 <= TARGET_CLAIM_P95_MS, `create → claimed p95 ${claims.p95} ms (target ≤ ${TARGET_CLAIM_P95_MS} ms)`],
      [
        events.p95 <= TARGET_EVENT_P95_MS,
        `event written → received p95 ${events.p95} ms (target ≤ ${TARGET_EVENT_P95_MS} ms)`,
      ],
    ];
    if (llm)
      verdicts.push([
        llm.speedup >= TARGET_SPEEDUP,
        `LLM concurrency 8 is ${llm.speedup.toFixed(1)}× faster than 1 (target ≥ ${TARGET_SPEEDUP}×)`,
      ]);
    for (const [pass, text] of verdicts) {
      ok &&= pass;
      console.log(`${pass ? "PASS" : "FAIL"}: ${text}`);
    }
    if (values.json) console.log(JSON.stringify({ claims, events, fanout, llm }));
  } finally {
    if (server) await stopChild(server);
    await fake.close();
    await close();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return ok ? 0 : 1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code); // a child keeps running until it is stopped
  },
  (error: unknown) => {
    console.error((error as Error).stack ?? String(error));
    process.exit(1);
  },
);
