import os from "node:os";
import Piscina from "piscina";
import type { z } from "zod";
import type { ZPreviewSource } from "./migrations";
import type { Preview } from "./preview";
import { AppError } from "~/server/errors";

/**
 * Previews run in worker threads, never on the request thread: ingesting and assessing a 10 MB script takes
 * seconds of CPU and hundreds of megabytes, and on the request thread it stalled every other request of the
 * web process. At most one thread per core runs a preview (a few more wait their turn), each user has at most one
 * preview running per web process — a newer one replaces it (the dashboard previews as the user changes the source;
 * only the latest matters, and refusing it would leave the user looking at an error) — and a preview past its
 * deadline or its memory limit has its thread terminated and the user is told why.
 */

export type PreviewInput = z.output<typeof ZPreviewSource>;

/** A preview the pool will not run now: the caller answers it as "try again later" (TOO_MANY_REQUESTS). */
export class PreviewBusyError extends AppError {
  override name = "PreviewBusyError";
  constructor(message: string) {
    super("busy", message);
  }
}

export type PreviewPoolOptions = {
  /** Longest a preview may take, its wait for a thread included. */
  timeoutMs?: number;
  /** Heap of one preview thread. */
  maxHeapMb?: number;
  /** Threads (previews at once); default: the machine's cores. */
  threads?: number;
};

export const PREVIEW_TIMEOUT_MS = 60_000;
/** A 10 MB script (the upload limit) previews in about 750 MB; past this a thread is out of memory, not the process. */
export const PREVIEW_MAX_HEAP_MB = 1536;
/** Previews waiting for a thread, per thread, before more are refused as busy. */
const QUEUE_PER_THREAD = 4;

export function createPreviewPool(options: PreviewPoolOptions = {}) {
  const timeoutMs = options.timeoutMs ?? PREVIEW_TIMEOUT_MS;
  const maxHeapMb = options.maxHeapMb ?? PREVIEW_MAX_HEAP_MB;
  const threads = options.threads ?? os.availableParallelism();
  const pool = new Piscina<PreviewInput, Preview>({
    filename: new URL("./preview-thread.ts", import.meta.url).href,
    minThreads: 0,
    maxThreads: threads,
    maxQueue: threads * QUEUE_PER_THREAD,
    idleTimeout: 60_000,
    // The thread loads the TypeScript sources as the web process does (under tsx), also when the process was
    // started another way (vitest).
    execArgv: process.execArgv.some((arg) => arg.includes("tsx"))
      ? process.execArgv
      : [...process.execArgv, "--import", "tsx"],
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
  });
  const running = new Map<string, AbortController>();

  return {
    /** The preview of `input` for `userId`; throws PreviewBusyError when it cannot run now. */
    async run(userId: string, input: PreviewInput): Promise<Preview> {
      const older = running.get(userId);
      if (!older && pool.queueSize >= threads * QUEUE_PER_THREAD)
        throw new PreviewBusyError("The server is busy with other previews: try again in a moment");
      // Aborting a running task terminates its thread, so the replaced preview stops using the CPU at once.
      older?.abort();
      const mine = new AbortController();
      running.set(userId, mine);
      try {
        return await pool.run(input, { signal: AbortSignal.any([mine.signal, AbortSignal.timeout(timeoutMs)]) });
      } catch (error) {
        if (mine.signal.aborted) return refused("A newer preview of yours replaced this one");
        if (isAbort(error))
          return refused(
            `The preview took longer than ${Number((timeoutMs / 1000).toFixed(1))} s and was stopped: try a smaller input`,
          );
        if ((error as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY") {
          return refused(`The preview needed more than ${maxHeapMb} MB of memory and was stopped: try a smaller input`);
        }
        throw error;
      } finally {
        if (running.get(userId) === mine) running.delete(userId);
      }
    },
    /** Previews accepted and not yet answered (running or waiting for a thread). */
    get active() {
      return running.size;
    },
    close: () => pool.close({ force: true }),
  };
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}

function refused(message: string): Preview {
  return { ok: false, error: { message, file: null } };
}

export type PreviewPool = ReturnType<typeof createPreviewPool>;

let shared: PreviewPool | undefined;

/** The web process's pool, made on first use. */
export function previewPool(): PreviewPool {
  shared ??= createPreviewPool();
  return shared;
}
