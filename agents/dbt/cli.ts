import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * Real dbt (and sqlfluff) from the project-local virtualenv that `npm run setup:dbt` builds, or DBT_BIN /
 * SQLFLUFF_BIN. Optional everywhere: the built-in compiler stands alone, so `npm start` needs no Python.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
export const DBT_VENV = path.join(ROOT, ".venv-dbt");
export const REQUIREMENTS = path.join(ROOT, "requirements-dbt.txt");

function tool(envName: string, name: string): string | undefined {
  const fromEnv = process.env[envName];
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : undefined;
  const local = path.join(DBT_VENV, "bin", name);
  return fs.existsSync(local) ? local : undefined;
}

/** The dbt executable, when one is installed. */
export const findDbt = () => tool("DBT_BIN", "dbt");
export const findSqlfluff = () => tool("SQLFLUFF_BIN", "sqlfluff");

export type ToolRun = { ok: boolean; code: number | null; output: string; timedOut: boolean };

export type RunToolOptions = {
  cwd: string;
  timeoutMs: number;
  env?: Record<string, string>;
  /** Aborting kills the tool at once (a cancel, a step deadline). */
  signal?: AbortSignal;
  /** Each line the tool writes to stdout, as it writes it (progress, structured logs). */
  onLine?: (line: string) => void;
};

/** Runs a tool to completion or its deadline (then kills it), with output captured and telemetry off. */
export function runTool(bin: string, args: string[], options: RunToolOptions): Promise<ToolRun> {
  return new Promise((resolve) => {
    const child = execFile(
      bin,
      args,
      {
        cwd: options.cwd,
        timeout: options.timeoutMs,
        killSignal: "SIGKILL",
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...process.env,
          DBT_SEND_ANONYMOUS_USAGE_STATS: "false",
          DO_NOT_TRACK: "1",
          DBT_USE_COLORS: "false",
          ...options.env,
        },
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (error, stdout, stderr) => {
        if (pending) onLine?.(pending);
        const output = `${stdout}${stderr}`;
        if (!error) return resolve({ ok: true, code: 0, output, timedOut: false });
        const failure = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string | null };
        const aborted = options.signal?.aborted === true;
        const note = aborted ? "\n(killed: aborted)" : failure.killed ? `\n(killed after ${options.timeoutMs} ms)` : "";
        resolve({
          ok: false,
          code: typeof failure.code === "number" ? failure.code : null,
          output: `${output}${note}`,
          timedOut: !!failure.killed && !aborted,
        });
      },
    );
    const onLine = options.onLine;
    let pending = "";
    if (onLine) {
      child.stdout?.on("data", (chunk: Buffer | string) => {
        const lines = (pending + String(chunk)).split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) onLine(line);
      });
    }
  });
}

/** A profiles.yml with one PostgreSQL target for `profile`, from a connection URL. */
export function profilesYaml(profile: string, url: string, schema: string, threads = 4): string {
  const u = new URL(url);
  const target = {
    type: "postgres",
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    dbname: decodeURIComponent(u.pathname.slice(1)),
    schema,
    threads,
  };
  const lines = Object.entries(target).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`);
  return [`${JSON.stringify(profile)}:`, "  target: dev", "  outputs:", "    dev:", ...lines, ""].join("\n");
}
