/**
 * `npm start`: the whole product in one command.
 * - DATABASE_URL unset → an embedded PostgreSQL whose data lives in DATA_DIR/postgres (kept across restarts);
 * - the committed SQL migrations applied; the web app built if there is no build yet (`--dev` skips it);
 * - the web server and the agent worker started side by side, the URL printed; either one that crashes is
 *   restarted with backoff (./supervise.ts), PostgreSQL staying up;
 * - Ctrl-C (or SIGTERM) stops the children, then PostgreSQL. Children also exit if this process is killed.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isPortFree, startEmbeddedPostgres, type EmbeddedDatabase } from "~/db/embedded";
import { applyMigrations } from "~/db/migrate";
import { APP_ROLE, ensureAppRole, withCredentials } from "~/db/roles";
import { readOrCreateSecret } from "~/db/secret-file";
import { parseEnv } from "~/runtime/env";
import { supervise } from "./supervise";

const dev = process.argv.includes("--dev");
const root = process.cwd();

function log(message: string) {
  console.log(`[start] ${message}`);
}

function fail(message: string): never {
  console.error(`[start] ${message}`);
  process.exit(1);
}

let env: ReturnType<typeof parseEnv>;
try {
  env = parseEnv();
} catch (error) {
  fail((error as Error).message);
}
const dataDir = path.resolve(root, env.DATA_DIR);
fs.mkdirSync(dataDir, { recursive: true });

/** The session-signing secret: from the environment, else generated once and kept in DATA_DIR (0600). */
function authSecret(): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  const file = path.join(dataDir, "auth-secret");
  const { secret, created } = readOrCreateSecret(file);
  if (created) log(`generated AUTH_SECRET in ${path.relative(root, file)}`);
  return secret;
}

let embedded: EmbeddedDatabase | undefined;
let databaseUrl = env.DATABASE_URL;
/** Where the worker creates validation sandboxes: a superuser connection, given to the worker only. */
let sandboxUrl = env.SANDBOX_DATABASE_URL;
if (!databaseUrl) {
  log(`starting embedded PostgreSQL (${path.relative(root, dataDir)}/postgres, port ${env.EMBEDDED_PG_PORT})`);
  try {
    // Its superuser's generated password is kept in DATA_DIR/postgres-password (0600).
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port: env.EMBEDDED_PG_PORT });
    // The app itself connects as a role that owns its schemas and nothing else (db/roles.ts).
    const appPassword = readOrCreateSecret(path.join(dataDir, "postgres-app-password")).secret;
    await ensureAppRole(embedded.adminUrl, new URL(embedded.url).pathname.slice(1), APP_ROLE, appPassword);
    databaseUrl = withCredentials(embedded.url, APP_ROLE, appPassword);
    sandboxUrl ??= embedded.adminUrl;
  } catch (error) {
    await embedded?.stop();
    fail((error as Error).message);
  }
}

try {
  await applyMigrations(databaseUrl);
  log("database schema is up to date");
} catch (error) {
  await embedded?.stop();
  fail(`could not migrate the database: ${(error as Error).message}`);
}

if (!dev && !fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
  log("no production build yet: running `next build` (once)");
  const build = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    stdio: "inherit",
    cwd: root,
  });
  if (build.status !== 0) {
    await embedded?.stop();
    fail("`next build` failed");
  }
}

if (!(await isPortFree(env.PORT))) {
  await embedded?.stop();
  fail(`port ${env.PORT} is in use by another program: stop it or set PORT`);
}

const childEnv = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  AUTH_SECRET: authSecret(),
  AUTH_URL: process.env.AUTH_URL ?? `http://${env.HOST}:${env.PORT}`,
  NODE_ENV: dev ? ("development" as const) : ("production" as const),
};

/** Starts a child process of ours (the web server or the worker) as `npm start` runs it. */
function spawnChild(entry: string, args: string[], extraEnv: Record<string, string> = {}) {
  return spawn(process.execPath, ["--import", "tsx", entry, ...args], {
    cwd: root,
    env: { ...childEnv, ...extraEnv },
    // stderr piped: the supervisor forwards it and keeps its last lines to say why a child died. The IPC channel
    // lets the child notice if this process dies without a chance to stop it.
    stdio: ["inherit", "inherit", "pipe", "ipc"],
    // Own process group: a terminal Ctrl-C reaches only this process, which then stops the children in order.
    detached: true,
  });
}

// A crashed child is restarted (with backoff) while PostgreSQL and the other child stay up. The worker keeps its
// id across restarts, so the restarted process frees the jobs its dead predecessor held at once (queue.ts).
const workerId = `${os.hostname()}:start-${process.pid}:worker`;
const children = [
  supervise({ name: "web", start: () => spawnChild("server/http/main.ts", dev ? ["--dev"] : []), log }),
  supervise({
    name: "worker",
    start: () =>
      spawnChild("agents/worker/main.ts", [], {
        WORKER_ID: workerId,
        ...(sandboxUrl ? { SANDBOX_DATABASE_URL: sandboxUrl } : {}),
      }),
    log,
  }),
];

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  log("stopping…");
  // The web server and the worker first (the worker checkpoints its step), PostgreSQL last.
  await Promise.all(children.map((child) => child.stop()));
  await embedded?.stop();
  log("stopped");
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());

const url = `http://${env.HOST}:${env.PORT}`;
for (let i = 0; i < 600 && !stopping; i++) {
  try {
    if ((await fetch(`${url}/api/health`)).ok) break;
  } catch {
    // not listening yet
  }
  await new Promise((r) => setTimeout(r, 100));
}
log(`DataMigrate AI is running at ${url}  (Ctrl-C to stop)`);
