import { randomBytes } from "node:crypto";
import net from "node:net";
import postgres from "postgres";
import { quoteIdent, quoteLiteral } from "~/agents/dialect/postgres";

/**
 * A validation sandbox: a database of its own, owned by a LOGIN role of its own, on the same server as the app
 * (or any server whose superuser URL we are given).
 *
 * How it is isolated, given that revoking CONNECT on the app's database from PUBLIC is not ours to do:
 * - the role is NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS and is granted nothing, so in
 *   another database it could at most connect and see the catalogs; it can read no table there (tables are not
 *   granted to PUBLIC, and PostgreSQL 15+ no longer lets PUBLIC create in `public`);
 * - it owns only its database, so everything the models create lives there and goes away with it;
 * - a `statement_timeout` on the role stops runaway model SQL (cross joins, recursive CTEs) server-side, on every
 *   connection the role opens, whatever client runs it;
 * - the role can lift its own `statement_timeout` (`set`, `set_config()` inside a model), so a watchdog on an admin
 *   connection also watches the sandbox database's backends: a statement still running a little after its deadline
 *   is cancelled (`pg_cancel_backend`), and its backend terminated (`pg_terminate_backend`) if it ignores that;
 * - a connection limit keeps a misbehaving run from exhausting the server's slots that the app needs.
 * `dispose()` drops the database WITH (FORCE) (terminating its sessions), then the role.
 */
export type Sandbox = {
  id: string;
  /** Database name, also the role name: `dm_sandbox_<id>`. */
  database: string;
  role: string;
  /** postgres:// URL that logs in as the sandbox role into the sandbox database. */
  url: string;
  /** A pool connected as the sandbox role. Ended by dispose(). */
  sql: postgres.Sql;
  statementTimeoutMs: number;
  /**
   * Cancels every statement running in the sandbox now (a cancelled migration), terminating backends that are
   * still running it after the watchdog's grace. Resolves once the cancel requests are sent.
   */
  cancelRunning: (reason: string) => Promise<void>;
  /** Why the watchdog (or cancelRunning) stopped the statement of this backend, if it did. */
  stoppedBy: (pid: number) => string | undefined;
  /** Drops the database and the role; safe to call twice and after a failure. */
  dispose: () => Promise<void>;
};

export type SandboxOptions = {
  /** URL of a PostgreSQL superuser (any database on the server; the maintenance database is fine). */
  adminUrl: string;
  /** Lower-case letters, digits and `_`; random when omitted. */
  id?: string;
  /** Default 30 s. */
  statementTimeoutMs?: number;
  /** Most temporary file space one session of the role may use (default 2048 MB). */
  tempFileLimitMb?: number;
  /** Size of the sandbox role's pool (default 4; the loader copies tables over it in parallel). */
  maxConnections?: number;
  /** The server-side guard over statement deadlines (see Sandbox); tests shorten its timings. */
  watchdog?: Partial<WatchdogTimings>;
};

export type WatchdogTimings = {
  /** How often the sandbox's backends are looked at. */
  pollMs: number;
  /** Past the deadline, how long `statement_timeout` gets to act before the watchdog cancels the statement. */
  graceMs: number;
  /** After a cancel, how long the backend gets to stop before it is terminated. */
  terminateAfterMs: number;
};
const DEFAULT_WATCHDOG: WatchdogTimings = { pollMs: 500, graceMs: 1_000, terminateAfterMs: 5_000 };

export const SANDBOX_PREFIX = "dm_sandbox_";
const DEFAULT_TIMEOUT_MS = 30_000;

export async function createSandbox(options: SandboxOptions): Promise<Sandbox> {
  const id = options.id ?? randomBytes(6).toString("hex");
  if (!/^[a-z0-9_]{1,40}$/.test(id))
    throw new Error(`Invalid sandbox id ${JSON.stringify(id)}: use a-z, 0-9 and _ (at most 40)`);
  const name = SANDBOX_PREFIX + id;
  const statementTimeoutMs = Math.max(1, Math.trunc(options.statementTimeoutMs ?? DEFAULT_TIMEOUT_MS));
  const maxConnections = options.maxConnections ?? 4;
  const password = randomBytes(18).toString("base64url");

  const admin = postgres(options.adminUrl, { max: 1, onnotice: () => {} });
  // Only what this call created is undone on failure: an id clash must not drop someone else's sandbox.
  let created = false;
  try {
    await admin.unsafe(
      `create role ${quoteIdent(name)} login password ${quoteLiteral(password)} ` +
        `nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls connection limit ${maxConnections + 4}`,
    );
    created = true;
    await admin.unsafe(`alter role ${quoteIdent(name)} set statement_timeout = ${statementTimeoutMs}`);
    // A model stuck inside an open transaction must not hold locks forever either.
    await admin.unsafe(
      `alter role ${quoteIdent(name)} set idle_in_transaction_session_timeout = ${Math.max(statementTimeoutMs, 60_000)}`,
    );
    // The Evaluator compares PostgreSQL's text output: pin the settings that shape it, whatever the server's
    // defaults are (ISO dates, shortest exact floats, hex bytea, no time zone drift).
    for (const setting of [
      "datestyle = 'ISO, YMD'",
      "extra_float_digits = 1",
      "bytea_output = 'hex'",
      "timezone = 'UTC'",
      "intervalstyle = 'postgres'",
    ]) {
      await admin.unsafe(`alter role ${quoteIdent(name)} set ${setting}`);
    }
    // A runaway sort or hash join must not fill the server's disk (superuser-only setting: skipped where the
    // admin is a managed service's pseudo-superuser that may not set it).
    await admin
      .unsafe(`alter role ${quoteIdent(name)} set temp_file_limit = '${options.tempFileLimitMb ?? 2048}MB'`)
      .catch(() => {});
    // template0: a pristine database, whatever extensions or objects the server's template1 has been given.
    await admin
      .unsafe(`create database ${quoteIdent(name)} owner ${quoteIdent(name)} template template0 encoding 'UTF8'`)
      .catch(async (error: unknown) => {
        // Servers whose default locale is not UTF-8 compatible refuse encoding UTF8 with it; C works everywhere.
        if (!(error instanceof postgres.PostgresError) || error.code !== "22023") throw error;
        await admin.unsafe(
          `create database ${quoteIdent(name)} owner ${quoteIdent(name)} template template0 encoding 'UTF8' locale 'C'`,
        );
      });
  } catch (error) {
    if (created) await dropSandboxObjects(admin, name).catch(() => {});
    await admin.end();
    throw error;
  }
  await admin.end();

  const url = sandboxUrl(options.adminUrl, name, password);
  const sql = postgres(url, { max: maxConnections, onnotice: () => {}, ...noDelaySocket() });
  const watchdog = startWatchdog(options.adminUrl, name, statementTimeoutMs, {
    ...DEFAULT_WATCHDOG,
    ...options.watchdog,
  });
  let disposed: Promise<void> | undefined;
  return {
    id,
    database: name,
    role: name,
    url,
    sql,
    statementTimeoutMs,
    cancelRunning: watchdog.cancelAll,
    stoppedBy: watchdog.stoppedBy,
    dispose: () => {
      disposed ??= (async () => {
        await watchdog.stop();
        await sql.end({ timeout: 1 }).catch(() => {});
        await dropSandbox(options.adminUrl, id);
      })();
      return disposed;
    },
  };
}

/**
 * The server-side guard of a sandbox's statement deadline, on an admin connection of its own: every `pollMs` it
 * reads the sandbox database's running statements from pg_stat_activity, cancels any running longer than the
 * deadline plus `graceMs`, and terminates the backend of one still running `terminateAfterMs` after its cancel.
 * Each backend is judged by its statement's start (`query_start`), so a new statement on the same backend starts
 * a new clock. Failures of the watchdog's own queries (the server restarting) are retried on the next poll.
 */
function startWatchdog(adminUrl: string, database: string, deadlineMs: number, timings: WatchdogTimings) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, idle_timeout: 60 });
  /** Statements cancelled, by backend: which statement (its start), when, and why. */
  const cancelled = new Map<number, { queryStart: string; at: number; reason: string; terminated: boolean }>();
  const reasons = new Map<number, string>();
  let stopped = false;
  let polling: Promise<void> = Promise.resolve();

  type Running = { pid: number; query_start: string; ms: number };
  const running = () => admin<Running[]>`
    select pid, query_start::text as query_start, (extract(epoch from clock_timestamp() - query_start) * 1000)::float8 as ms
    from pg_stat_activity
    where datname = ${database} and state = 'active' and backend_type = 'client backend' and pid <> pg_backend_pid()`;

  async function stop(rows: Running[], why: (row: Running) => string | undefined) {
    const now = Date.now();
    for (const row of rows) {
      const previous = cancelled.get(row.pid);
      if (previous && previous.queryStart === row.query_start) {
        if (!previous.terminated && now - previous.at >= timings.terminateAfterMs) {
          previous.terminated = true;
          await admin`select pg_terminate_backend(${row.pid})`;
        }
        continue;
      }
      const reason = why(row);
      if (reason === undefined) continue;
      cancelled.set(row.pid, { queryStart: row.query_start, at: now, reason, terminated: false });
      reasons.set(row.pid, reason);
      await admin`select pg_cancel_backend(${row.pid})`;
    }
  }

  async function poll() {
    const rows = await running();
    const active = new Set(rows.map((r) => r.pid));
    for (const pid of cancelled.keys()) if (!active.has(pid)) cancelled.delete(pid);
    await stop(rows, (row) =>
      row.ms > deadlineMs + timings.graceMs
        ? `the statement ran past the sandbox statement deadline of ${formatMs(deadlineMs)}`
        : undefined,
    );
  }

  const timer = setInterval(() => {
    polling = polling.then(() => (stopped ? undefined : poll())).catch(() => {});
  }, timings.pollMs);
  timer.unref();

  return {
    async cancelAll(reason: string) {
      const rows = await running();
      await stop(rows, () => reason);
    },
    stoppedBy: (pid: number) => reasons.get(pid),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await polling;
      await admin.end({ timeout: 1 }).catch(() => {});
    },
  };
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Number((ms / 1000).toFixed(1))} s`;
  return `${Number((ms / 60_000).toFixed(1))} min`;
}

/** Runs `fn` in a fresh sandbox and drops it afterwards, whatever happened. */
export async function withSandbox<T>(options: SandboxOptions, fn: (sandbox: Sandbox) => Promise<T>): Promise<T> {
  const sandbox = await createSandbox(options);
  try {
    return await fn(sandbox);
  } finally {
    await sandbox.dispose();
  }
}

/**
 * A step's sandbox: `withSandbox` under a fixed id, a leftover of a killed run under that id dropped first (so a
 * resumed run simply redoes the step), and freed at once when `signal` aborts: dropping it ends every statement
 * running there (a COPY of the load, a model's build), whichever code is waiting on it; that code then fails and
 * unwinds to here, where the failure becomes the signal's reason: the step stopped because it was told to.
 */
export async function withStepSandbox<T>(
  options: SandboxOptions & { id: string },
  signal: AbortSignal | undefined,
  fn: (sandbox: Sandbox) => Promise<T>,
): Promise<T> {
  signal?.throwIfAborted();
  await dropSandbox(options.adminUrl, options.id).catch(() => {});
  return withSandbox(options, async (sandbox) => {
    const onAbort = () => void sandbox.dispose().catch(() => {});
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      return await fn(sandbox);
    } catch (error) {
      signal?.throwIfAborted();
      throw error;
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  });
}

/**
 * Drops a sandbox's database (terminating its sessions) and its role. Usable on its own, e.g. by a worker that
 * restarts after a crash and knows the ids it had created. Both drops are attempted; the first error is thrown.
 */
export async function dropSandbox(adminUrl: string, id: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await dropSandboxObjects(admin, SANDBOX_PREFIX + id);
  } finally {
    await admin.end();
  }
}

async function dropSandboxObjects(admin: postgres.Sql, name: string): Promise<void> {
  let first: unknown;
  try {
    await admin.unsafe(`drop database if exists ${quoteIdent(name)} with (force)`);
  } catch (error) {
    first = error;
  }
  try {
    await admin.unsafe(`drop role if exists ${quoteIdent(name)}`);
  } catch (error) {
    first ??= error;
  }
  if (first) throw first;
}

function sandboxUrl(adminUrl: string, name: string, password: string): string {
  const url = new URL(adminUrl);
  url.username = encodeURIComponent(name);
  url.password = encodeURIComponent(password);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * postgres.js connects with Nagle's algorithm on. A COPY sends its last CopyData and then CopyDone as two small
 * writes, so the second waits for the server's delayed ACK: ~40 ms per table, which made loading Northwind take
 * 250 ms instead of 15. This connects the socket ourselves with TCP_NODELAY (postgres.js's `socket` option,
 * which it documents but does not type).
 */
export function noDelaySocket(): Record<string, unknown> {
  return {
    socket: (options: { host: string[]; port: number[]; path?: string }) =>
      new Promise<net.Socket>((resolve, reject) => {
        const socket = options.path
          ? net.connect({ path: options.path })
          : net.connect({ host: options.host[0], port: options.port[0] ?? 5432, noDelay: true });
        socket.once("error", reject);
        socket.once("connect", () => {
          socket.off("error", reject);
          resolve(socket);
        });
      }),
  };
}
