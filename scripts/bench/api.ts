/**
 * `npm run bench:api`: the tRPC API under load against the bare floor, in one run on this machine.
 * Starts an embedded PostgreSQL, seeds one user with 1,000 migrations and an API key, starts the production
 * web server (`server/http/main.ts`, the same process `npm start` runs) and the floor server, then loads each
 * endpoint (50 connections, 10 s after a 3 s warm-up) and prints req/s, p50, p99 and ratios.
 *
 * The load generator is wrk when it is installed (`apt-get install wrk`: C, two threads, light on the two shared
 * cores), else autocannon (JavaScript, heavier: it takes a core from the servers it measures, so every figure,
 * the floor's too, comes out lower). The generator used is printed with the results.
 */
import { execFileSync, fork, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { createDatabase } from "~/db/client";
import { findFreePort, startEmbeddedPostgres } from "~/db/embedded";
import { applyMigrations } from "~/db/migrate";
import { migrations } from "~/db/schema";
import { registerUser } from "~/server/auth/credentials";
import { createApiKey } from "~/server/services/api-keys";

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 50;

const WRK = (() => {
  try {
    return execFileSync("which", ["wrk"]).toString().trim() || null;
  } catch {
    return null;
  }
})();

const root = process.cwd();
if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
  console.log("building the web app first (next build)…");
  if (spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" }).status !== 0)
    process.exit(1);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "datamigrate-bench-"));
fs.chmodSync(dataDir, 0o755);
const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: await findFreePort() });
const children: ChildProcess[] = [];
try {
  await applyMigrations(pg.url);
  const { db, sql, close } = createDatabase(pg.url);
  const user = await registerUser(db, { email: "bench@example.com", password: "load test password 1" });
  const key = await createApiKey(db, user.id, { name: "bench" });
  const rows = Array.from({ length: 1000 }, (_, i) => ({
    userId: user.id,
    name: `Migration ${i}`,
    sourceKind: "sample" as const,
    status: (["queued", "running", "succeeded", "failed"] as const)[i % 4],
    createdAt: new Date(Date.now() - i * 60_000),
  }));
  const inserted = await db.insert(migrations).values(rows).returning({ id: migrations.id });
  const someId = inserted[500]!.id;
  // Fresh statistics, as autovacuum would soon have: without them the first endpoint measured gets a worse plan.
  await sql`analyze`;
  await close();
  console.log(`seeded 1 user, 1,000 migrations; PostgreSQL ${pg.url}`);

  const env = {
    ...process.env,
    DATABASE_URL: pg.url,
    AUTH_SECRET: "bench-secret-bench-secret-bench-secret!",
    NODE_ENV: "production" as const,
  };
  const webPort = await findFreePort();
  const floorPort = await findFreePort();
  children.push(
    fork("server/http/main.ts", [], {
      execArgv: ["--import", "tsx"],
      env: { ...env, PORT: String(webPort), HOST: "localhost" },
      stdio: "ignore",
    }),
  );
  children.push(
    fork("scripts/bench/floor-server.ts", [], {
      execArgv: ["--import", "tsx"],
      env: { ...env, PORT: String(floorPort) },
      stdio: "inherit",
    }),
  );
  await waitFor(`http://127.0.0.1:${webPort}/api/health`);
  await waitFor(`http://127.0.0.1:${floorPort}/list`, 401);

  const headers = { authorization: `Bearer ${key.secret}` };
  const trpc = (procedure: string, input: unknown) =>
    `http://127.0.0.1:${webPort}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
  const targets = [
    { name: "floor: list (node:http + postgres.js)", url: `http://127.0.0.1:${floorPort}/list` },
    { name: "tRPC migrations.list (page of 20)", url: trpc("migrations.list", { limit: 20 }), floor: 0 },
    { name: "floor: get", url: `http://127.0.0.1:${floorPort}/get?id=${someId}` },
    { name: "tRPC migrations.get", url: trpc("migrations.get", { id: someId }), floor: 2 },
  ];

  const results: { name: string; rps: number; p50: number; p99: number; errors: number; floor?: number }[] = [];
  for (const target of targets) {
    const check = await fetch(target.url, { headers });
    if (!check.ok) throw new Error(`${target.name} answered ${check.status}: ${await check.text()}`);
    await load(target.url, headers, 3); // warm-up: JIT, connection pools, prepared statements
    const result = await load(target.url, headers, DURATION_S);
    results.push({ name: target.name, ...result, floor: target.floor });
  }

  console.log(
    `\n${WRK ? "wrk (2 threads)" : "autocannon"}, ${CONNECTIONS} connections, ${DURATION_S} s each, loopback, load generator on the same 2 cores\n`,
  );
  console.log(
    `${"endpoint".padEnd(40)} ${"req/s".padStart(8)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"errors".padStart(7)}  vs floor`,
  );
  for (const r of results) {
    const ratio = r.floor !== undefined ? `${((r.rps / results[r.floor]!.rps) * 100).toFixed(0)} %` : "";
    console.log(
      `${r.name.padEnd(40)} ${r.rps.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)} ${String(r.errors).padStart(7)}  ${ratio}`,
    );
  }
  console.log("\ntarget: tRPC ≥ 50 % of the floor, p99 ≤ 25 ms");
} finally {
  for (const child of children) child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  await pg.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

type LoadResult = { rps: number; p50: number; p99: number; errors: number };

async function load(url: string, headers: Record<string, string>, seconds: number): Promise<LoadResult> {
  if (WRK) return loadWithWrk(url, headers, seconds);
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: seconds });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

function loadWithWrk(url: string, headers: Record<string, string>, seconds: number): LoadResult {
  const args = [
    "-t2",
    `-c${CONNECTIONS}`,
    `-d${seconds}s`,
    "--latency",
    ...Object.entries(headers).flatMap(([k, v]) => ["-H", `${k}: ${v}`]),
    url,
  ];
  const out = execFileSync(WRK!, args).toString();
  const ms = (label: string) => {
    const match = new RegExp(`^\\s*${label}%\\s+([\\d.]+)(us|ms|s)`, "m").exec(out);
    if (!match) throw new Error(`wrk printed no ${label}% latency:\n${out}`);
    return Number(match[1]) * { us: 0.001, ms: 1, s: 1000 }[match[2] as "us" | "ms" | "s"];
  };
  const count = (pattern: RegExp) => Number(pattern.exec(out)?.[1] ?? 0);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
    p50: ms("50"),
    p99: ms("99"),
    errors: count(/Non-2xx or 3xx responses:\s+(\d+)/) + count(/Socket errors:.*?timeout (\d+)/),
  };
}

async function waitFor(url: string, status = 200) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).status === status) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}
