import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const REPO = path.resolve(import.meta.dirname, "../../..");

export type WorkerProcess = {
  child: ChildProcess;
  /** Everything the worker printed so far (stdout and stderr, interleaved as received). */
  output: () => string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: (signal: NodeJS.Signals) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/**
 * The real worker process (`npm run worker`) on a test database, exactly as production starts it, so a test can
 * SIGKILL it between any two statements. The sandbox admin URL is the test cluster's superuser.
 */
export function startWorkerProcess(options: {
  databaseUrl: string;
  adminUrl: string;
  env?: Record<string, string>;
}): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "agents/worker/main.ts"], {
    cwd: REPO,
    env: {
      ...process.env,
      NODE_ENV: "test",
      DATABASE_URL: options.databaseUrl,
      SANDBOX_DATABASE_URL: options.adminUrl,
      WORKER_CONCURRENCY: "1",
      WORKER_POLL_INTERVAL_MS: "500",
      // Short, so a killed worker's job is claimable again a few seconds later.
      WORKER_LEASE_MS: "3000",
      ANTHROPIC_API_KEY: "",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => output,
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
