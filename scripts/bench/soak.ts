/**
 * `npm run bench:soak`: the whole product under a bounded, mixed load, as users would bring it.
 *
 * Starts the product exactly as `npm start` does (scripts/start.ts: embedded PostgreSQL, migrations, the web
 * server and the worker under its supervisor) on its own ports and a temporary data folder (the production build
 * in .next must exist: `npm run build`). Then N users, each in a loop until the time is up: sign up, sign in
 * (next-auth's credentials endpoints, the session cookie from then on), and one scenario after another:
 * the sample (preview, create, follow its progress over SSE to the end, download the project and the report),
 * the hostile-text script (agents/escape/hostile.ts), a script with a 5,000-deep expression, and a zip bomb
 * (600 MB of .sql in about 600 KB, previewed and created: both must be refused with the reason).
 *
 * Prints throughput, p50/p99 latency per request kind, errors by kind, the web and worker processes' RSS at
 * the start (after one warm-up round of every scenario) and at the end, PASS/FAIL on growth under 20 %, and
 * whether a process was restarted (the supervisor's "started" lines, and the pids).
 *
 *   npm run bench:soak [-- --duration 90 --users 6 --port 3306 --pg-port 5686 --json]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { promises as fs, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { HOSTILE_SCRIPT } from "~/agents/escape/hostile";
import { buildZip } from "~/agents/ingest/testing/zip-bomb";
import { RATE_LIMITED_ACTIONS } from "~/server/rate-limit/policies";
import { readProgress } from "~/server/events/sse-client";

const REPO = path.resolve(import.meta.dirname, "../..");
const MB = 1024 * 1024;
const PASSWORD = "soak password 1234";
const MAX_RSS_GROWTH = 0.2;

const { values: options } = parseArgs({
  options: {
    duration: { type: "string", default: "90" },
    users: { type: "string", default: "6" },
    port: { type: "string", default: "3306" },
    "pg-port": { type: "string", default: "5686" },
    /** Longest the run waits, after the time is up, for the flows under way to end. */
    grace: { type: "string", default: "120" },
    json: { type: "boolean", default: false },
  },
});
const durationMs = Number(options.duration) * 1000;
const users = Number(options.users);
const base = `http://localhost:${options.port}`;

// ---------------------------------------------------------------------------------------------------------------
// Measurements

const latencies = new Map<string, number[]>();
const errors = new Map<string, number>();
let requests = 0;
let migrationsFinished = 0;

function record(kind: string, ms: number) {
  requests++;
  const list = latencies.get(kind) ?? [];
  list.push(ms);
  latencies.set(kind, list);
}

function error(kind: string, detail: string) {
  errors.set(kind, (errors.get(kind) ?? 0) + 1);
  if ((errors.get(kind) ?? 0) <= 3) console.error(`[soak] ${kind}: ${detail.slice(0, 300)}`);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Resident memory of a process, NaN when it is gone (a restart shows in the supervisor's lines too). */
function rss(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The product, as `npm start` runs it

type Product = { process: ChildProcess; pids: Map<string, number[]>; log: string[]; ready: Promise<void> };

function startProduct(dataDir: string): Product {
  // Limits per address and per user would refuse most of a soak from one address: lift them, this measures load.
  const limits = Object.fromEntries(Object.values(RATE_LIMITED_ACTIONS).map((action) => [action.env, "1000000/1"]));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...limits,
    PORT: options.port,
    HOST: "localhost",
    EMBEDDED_PG_PORT: options["pg-port"],
    DATA_DIR: dataDir,
  };
  // Its own embedded PostgreSQL and secret, whatever this shell has set.
  for (const name of ["DATABASE_URL", "SANDBOX_DATABASE_URL", "AUTH_SECRET", "AUTH_URL"]) delete env[name];
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: REPO,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pids = new Map<string, number[]>();
  const log: string[] = [];
  let ready: () => void;
  let failed: (error: Error) => void;
  const readyPromise = new Promise<void>((resolve, reject) => ((ready = resolve), (failed = reject)));
  const onLine = (line: string) => {
    log.push(line);
    const started = /\[start\] (web|worker) started \(pid (\d+)\)/.exec(line);
    if (started) pids.set(started[1]!, [...(pids.get(started[1]!) ?? []), Number(started[2])]);
    if (line.includes("is running at")) ready();
  };
  readline.createInterface({ input: child.stdout! }).on("line", onLine);
  readline.createInterface({ input: child.stderr! }).on("line", onLine);
  child.on("exit", (code, signal) =>
    failed(new Error(`npm start exited (${code ?? signal}) before it was ready:\n${log.slice(-20).join("\n")}`)),
  );
  return { process: child, pids, log, ready: readyPromise };
}

async function stopProduct(product: Product) {
  if (product.process.exitCode !== null) return;
  const exited = new Promise((resolve) => product.process.once("exit", resolve));
  product.process.kill("SIGTERM");
  const timer = setTimeout(() => product.process.kill("SIGKILL"), 30_000);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------------------------
// A user, over HTTP, as a browser is: a cookie jar, the app's Origin on mutations

class User {
  private cookies = new Map<string, string>();
  constructor(readonly email: string) {}

  private headers(extra: Record<string, string> = {}) {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    return { ...(cookie ? { cookie } : {}), ...extra };
  }

  private keep(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  }

  /** One timed request; a status other than `expect` counts as an error of `kind`. Returns the body, or null. */
  async request(
    kind: string,
    url: string,
    init: RequestInit = {},
    expect = 200,
  ): Promise<{ status: number; text: string } | null> {
    const started = performance.now();
    try {
      const response = await fetch(`${base}${url}`, {
        redirect: "manual",
        ...init,
        headers: this.headers(init.headers as Record<string, string>),
      });
      this.keep(response);
      const text = await response.text();
      record(kind, performance.now() - started);
      if (response.status !== expect) {
        error(`${kind}: HTTP ${response.status}`, text);
        return null;
      }
      return { status: response.status, text };
    } catch (cause) {
      record(kind, performance.now() - started);
      error(`${kind}: ${(cause as Error).name}`, (cause as Error).message);
      return null;
    }
  }

  async mutation<T>(kind: string, procedure: string, input: unknown, expect = 200): Promise<T | null> {
    const body = JSON.stringify(input);
    const answer = await this.request(
      kind,
      `/api/trpc/${procedure}`,
      { method: "POST", body, headers: { "content-type": "application/json", origin: base } },
      expect,
    );
    if (!answer) return null;
    const json = JSON.parse(answer.text) as { result?: { data: T }; error?: { message: string } };
    return (json.result?.data ?? json.error) as T;
  }

  async signUpAndIn(): Promise<boolean> {
    if ((await this.mutation("sign-up", "auth.register", { email: this.email, password: PASSWORD })) === null)
      return false;
    const csrf = await this.request("sign-in", "/api/auth/csrf");
    if (!csrf) return false;
    const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
    const form = new URLSearchParams({
      csrfToken,
      email: this.email,
      password: PASSWORD,
      callbackUrl: `${base}/migrations`,
    });
    const signedIn = await this.request(
      "sign-in",
      "/api/auth/callback/credentials",
      {
        method: "POST",
        body: form.toString(),
        headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
      },
      302,
    );
    if (!signedIn) return false;
    if (![...this.cookies.keys()].some((name) => name.endsWith("authjs.session-token"))) {
      error("sign-in: no session", "the credentials callback set no session cookie");
      return false;
    }
    return true;
  }

  /** Follows the migration's progress stream to its end; true when it ended. */
  async follow(id: string, signal: AbortSignal): Promise<boolean> {
    const started = performance.now();
    try {
      for await (const event of readProgress(base, id, { headers: this.headers(), signal })) {
        if (event.event === "end") {
          record("progress stream (to the end)", performance.now() - started);
          migrationsFinished++;
          return true;
        }
      }
      error("progress stream: ended early", id);
    } catch (cause) {
      error(`progress stream: ${(cause as Error).name}`, (cause as Error).message);
    }
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Scenarios

type Preview = { ok: boolean; error?: { message: string } };
type Created = { id: string };

const DEEP = `CREATE TABLE dbo.t (x int)\nGO\nCREATE VIEW dbo.deep AS SELECT ${"(".repeat(5000)}x${")".repeat(5000)} AS y FROM dbo.t\nGO\n`;
const bomb = Buffer.from(buildZip([{ name: "db/data.sql", pattern: " ", bytes: 600 * MB }])).toString("base64");

async function migrate(user: User, name: string, source: unknown, signal: AbortSignal) {
  const preview = await user.mutation<Preview>("preview", "migrations.preview", { source });
  if (preview && !preview.ok) error("preview: refused", preview.error?.message ?? "");
  const created = await user.mutation<Created>("create", "migrations.create", { name, source });
  if (!created?.id) return;
  if (!(await user.follow(created.id, signal))) return;
  await user.request("download project.zip", `/api/migrations/${created.id}/project.zip`);
  await user.request("download report.json", `/api/migrations/${created.id}/report.json`);
}

async function zipBomb(user: User) {
  const source = { kind: "upload", file: { filename: "bomb.zip", contentBase64: bomb } };
  const preview = await user.mutation<Preview>("preview (zip bomb)", "migrations.preview", { source });
  if (!preview || preview.ok || !/unpacks to more than/.test(preview.error?.message ?? ""))
    error("zip bomb: not refused with the reason", JSON.stringify(preview));
  const created = await user.mutation<{ message: string }>(
    "create (zip bomb)",
    "migrations.create",
    { name: "bomb", source },
    400,
  );
  if (created && !/unpacks to more than/.test(created.message))
    error("zip bomb: create not refused with the reason", created.message);
}

const SCENARIOS: [string, (user: User, signal: AbortSignal) => Promise<void>][] = [
  ["sample", (user, signal) => migrate(user, "sample", { kind: "sample" }, signal)],
  ["hostile text", (user, signal) => migrate(user, "hostile", { kind: "paste", sql: HOSTILE_SCRIPT }, signal)],
  ["zip bomb", (user) => zipBomb(user)],
  ["deep nesting", (user, signal) => migrate(user, "deep", { kind: "paste", sql: DEEP }, signal)],
];

async function runUser(index: number, until: number, signal: AbortSignal) {
  const user = new User(`soak-${index}-${Date.now()}@example.com`);
  if (!(await user.signUpAndIn())) return;
  for (let round = index; Date.now() < until && !signal.aborted; round++) {
    await SCENARIOS[round % SCENARIOS.length]![1](user, signal);
    await user.request("list", `/api/trpc/migrations.list?input=${encodeURIComponent(JSON.stringify({ limit: 20 }))}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "datamigrate-soak-"));
  // Run as root, the embedded PostgreSQL's initdb runs as the postgres user, who must reach its folder inside.
  await fs.chmod(dataDir, 0o755);
  const product = startProduct(dataDir);
  try {
    await product.ready;
    const pidOf = (name: string) => product.pids.get(name)!.at(-1)!;
    console.error(`[soak] product up at ${base}: web pid ${pidOf("web")}, worker pid ${pidOf("worker")}; warming up`);

    // Warm-up: one user through every scenario, so the start figures include loaded code and warm caches.
    const warm = new User(`soak-warm-${Date.now()}@example.com`);
    const warmSignal = AbortSignal.timeout(5 * 60_000);
    if (await warm.signUpAndIn()) for (const [, run] of SCENARIOS) await run(warm, warmSignal);
    latencies.clear();
    errors.clear();
    requests = 0;
    migrationsFinished = 0;

    const start = { web: rss(pidOf("web")), worker: rss(pidOf("worker")) };
    console.error(`[soak] ${users} users for ${durationMs / 1000} s`);
    const began = Date.now();
    const stop = new AbortController();
    const grace = setTimeout(() => stop.abort(), durationMs + Number(options.grace) * 1000);
    await Promise.all(Array.from({ length: users }, (_, i) => runUser(i, began + durationMs, stop.signal)));
    clearTimeout(grace);
    const elapsed = (Date.now() - began) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 5_000)); // let the last requests' garbage go
    const end = { web: rss(pidOf("web")), worker: rss(pidOf("worker")) };

    const restarts = [...product.pids]
      .filter(([, pids]) => pids.length > 1)
      .map(([name, pids]) => `${name} (pids ${pids.join(" → ")})`);
    const growth = { web: end.web / start.web - 1, worker: end.worker / start.worker - 1 };
    // NaN (a process gone) fails the comparison, so it cannot pass.
    const pass = growth.web < MAX_RSS_GROWTH && growth.worker < MAX_RSS_GROWTH && restarts.length === 0;
    const kinds = [...latencies].map(([kind, list]) => {
      const sorted = [...list].sort((a, b) => a - b);
      return { kind, count: list.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
    });
    const result = {
      users,
      seconds: elapsed,
      requests,
      requestsPerSecond: requests / elapsed,
      migrationsFinished,
      latencyMs: kinds,
      errors: Object.fromEntries(errors),
      rssMb: {
        start: { web: start.web / MB, worker: start.worker / MB },
        end: { web: end.web / MB, worker: end.worker / MB },
      },
      growth,
      restarts,
      loadAverage: os.loadavg(),
      pass,
    };
    if (options.json) console.log(JSON.stringify(result, null, 2));
    else printReport(result);
    process.exitCode = pass ? 0 : 1;
  } finally {
    await stopProduct(product);
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

function printReport(r: {
  users: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  migrationsFinished: number;
  latencyMs: { kind: string; count: number; p50: number; p99: number }[];
  errors: Record<string, number>;
  rssMb: { start: { web: number; worker: number }; end: { web: number; worker: number } };
  growth: { web: number; worker: number };
  restarts: string[];
  loadAverage: number[];
  pass: boolean;
}) {
  const ms = (n: number) => (Number.isNaN(n) ? "-" : n.toFixed(0));
  console.log(
    `\nsoak: ${r.users} users, ${r.seconds.toFixed(0)} s, load average ${r.loadAverage.map((n) => n.toFixed(1)).join(" ")}`,
  );
  console.log(
    `throughput: ${r.requests} requests (${r.requestsPerSecond.toFixed(1)}/s), ${r.migrationsFinished} migrations followed to the end`,
  );
  console.log("\n| request | count | p50 ms | p99 ms |\n|---|---:|---:|---:|");
  for (const k of r.latencyMs) console.log(`| ${k.kind} | ${k.count} | ${ms(k.p50)} | ${ms(k.p99)} |`);
  const errorList = Object.entries(r.errors);
  console.log(`\nerrors: ${errorList.length ? errorList.map(([kind, n]) => `${kind} × ${n}`).join("; ") : "none"}`);
  const line = (name: "web" | "worker") =>
    `${name}: ${r.rssMb.start[name].toFixed(0)} MB → ${r.rssMb.end[name].toFixed(0)} MB (${(r.growth[name] * 100).toFixed(1)} %)`;
  console.log(`RSS ${line("web")}; ${line("worker")}`);
  console.log(`restarts: ${r.restarts.length ? r.restarts.join(", ") : "none"}`);
  console.log(`${r.pass ? "PASS" : "FAIL"}: RSS growth under ${MAX_RSS_GROWTH * 100} % and no restart`);
}

await main();
