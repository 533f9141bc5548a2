import type { ChildProcess } from "node:child_process";

export type Backoff = {
  /** Wait before the first restart; each further crash in a row doubles it... */
  baseMs: number;
  /** ...up to this. */
  capMs: number;
  /** A child that ran this long was healthy: its next crash starts the backoff again from `baseMs`. */
  healthyMs: number;
};

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1000, capMs: 30_000, healthyMs: 60_000 };

/** How long to wait before restarting a child that crashed `crashesInARow` times in a row (1 = the first). */
export function restartDelayMs(crashesInARow: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  return Math.min(backoff.capMs, backoff.baseMs * 2 ** (crashesInARow - 1));
}

type Options = {
  name: string;
  /** Starts the process; its stderr must be piped (the supervisor forwards it and keeps its last lines). */
  start: () => ChildProcess;
  backoff?: Backoff;
  log: (message: string) => void;
  /** Lines of stderr kept to say why a child died. */
  keepLines?: number;
};

/**
 * Keeps one child process running: when it exits without being asked to, the supervisor logs why (exit code or
 * signal, how long it ran, its last stderr lines) and starts it again after a capped exponential backoff, so a child
 * that dies at once does not spin, and one that ran healthily for a while comes back at once.
 */
export function supervise(options: Options) {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const keep = options.keepLines ?? 20;
  let current: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let stopping = false;
  let crashesInARow = 0;
  let restarts = 0;
  let pending: NodeJS.Timeout | undefined;

  function launch() {
    pending = undefined;
    if (stopping) return;
    const startedAt = Date.now();
    const child = options.start();
    current = child;
    const lastLines: string[] = [];
    let partial = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      process.stderr.write(chunk);
      const lines = (partial + chunk.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      lastLines.push(...lines.filter((line) => line.trim() !== ""));
      lastLines.splice(0, Math.max(0, lastLines.length - keep));
    });
    options.log(`${options.name} started (pid ${child.pid})`);
    exited = new Promise<void>((resolve) => {
      child.once("exit", (code, signal) => {
        current = undefined;
        resolve();
        if (stopping) return;
        if (partial.trim()) lastLines.push(partial);
        const ranMs = Date.now() - startedAt;
        crashesInARow = ranMs >= backoff.healthyMs ? 1 : crashesInARow + 1;
        const delay = restartDelayMs(crashesInARow, backoff);
        restarts++;
        const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
        const tail = lastLines.length
          ? `; its last stderr lines:\n  ${lastLines.join("\n  ")}`
          : "; it wrote nothing to stderr";
        options.log(
          `${options.name} (pid ${child.pid}) ${how} after ${(ranMs / 1000).toFixed(1)} s${tail}\n` +
            `restarting ${options.name} in ${(delay / 1000).toFixed(1)} s (restart ${restarts}, ${crashesInARow} crash(es) in a row)`,
        );
        pending = setTimeout(launch, delay);
      });
    });
  }

  launch();
  return {
    get child() {
      return current;
    },
    get restarts() {
      return restarts;
    },
    /** Stops supervising: no more restarts; a running child gets SIGTERM, then SIGKILL after `graceMs`. */
    async stop(graceMs = 15_000) {
      stopping = true;
      if (pending) clearTimeout(pending);
      const child = current;
      if (!child) return;
      const force = setTimeout(() => child.kill("SIGKILL"), graceMs);
      child.kill("SIGTERM");
      await exited;
      clearTimeout(force);
    },
  };
}
