import { formatMs } from "~/agents/sandbox/sandbox";
import type { AgentName, StepHooks } from "./progress";

/**
 * Deadlines of the steps and of the whole migration: the migration graph runs every node under them.
 *
 * A step gets an AbortSignal (through its hooks) that aborts when the step's own deadline or the migration's
 * budget runs out, or when the caller's signal aborts (a cancel, a drain). The step is expected to stop its work
 * (the sandbox steps drop their sandbox, which ends whatever statement runs there); runStep waits for that at most
 * STOP_GRACE_MS, so a step that cannot be interrupted (an LLM call in flight) still frees its job.
 */

export const DEFAULT_STEP_TIMEOUT_MS = 15 * 60_000;
export const DEFAULT_MIGRATION_TIMEOUT_MS = 60 * 60_000;

/** How long a stopped step may take to clean up before its caller goes on without it. */
export const STOP_GRACE_MS = 10_000;

const settled = () => {};
const delay = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

export type StepLimits = {
  /** Longest one step may run (ms). */
  stepTimeoutMs?: number;
  /** The whole migration's budget: it must end by `at` (epoch ms); `budgetMs` is what the reason quotes. */
  budget?: { at: number; budgetMs: number };
  /** Stops the step at once with this signal's reason (cancel, drain). */
  signal?: AbortSignal;
};

/** A step or the migration ran out of time. Retrying would only run out of time again: the migration fails. */
export class DeadlineError extends Error {
  constructor(
    message: string,
    readonly agent: AgentName,
    readonly object: string | undefined,
  ) {
    super(message);
    this.name = "DeadlineError";
  }
}

/** The migration's budget, starting now. */
export function budgetFrom(budgetMs: number | undefined, now = Date.now()): StepLimits["budget"] {
  return budgetMs === undefined ? undefined : { at: now + budgetMs, budgetMs };
}

/**
 * Runs one step under its limits: `run` gets the hooks to pass on to the step (its signal, and onWorking, which
 * records the object the step is on so that a deadline's reason can name it).
 */
export async function runStep<T>(
  agent: AgentName,
  limits: StepLimits,
  run: (hooks: Required<Pick<StepHooks, "signal" | "onWorking">>) => T | Promise<T>,
): Promise<T> {
  limits.signal?.throwIfAborted();
  const controller = new AbortController();
  let working: string | undefined;
  const on = () => (working ? `, working on ${working}` : "");
  const left = limits.budget ? limits.budget.at - Date.now() : Infinity;
  const budgetReason = () =>
    `the migration ran past its time budget of ${formatMs(limits.budget!.budgetMs)} (in the ${agent} step${on()})`;
  if (left <= 0) throw new DeadlineError(budgetReason(), agent, undefined);

  const step = limits.stepTimeoutMs ?? Infinity;
  const timer =
    Math.min(step, left) === Infinity
      ? undefined
      : setTimeout(
          () =>
            controller.abort(
              step <= left
                ? new DeadlineError(
                    `the ${agent} step ran past its deadline of ${formatMs(step)}${working ? ` (working on ${working})` : ""}`,
                    agent,
                    working,
                  )
                : new DeadlineError(budgetReason(), agent, working),
            ),
          Math.min(step, left),
        );
  const forward = () => controller.abort(limits.signal!.reason);
  limits.signal?.addEventListener("abort", forward, { once: true });
  const stopped = new Promise<never>((_, reject) => {
    controller.signal.addEventListener("abort", () => reject(controller.signal.reason as Error), { once: true });
  });
  const work = (async () => run({ signal: controller.signal, onWorking: (object) => (working = object) }))();
  // Whichever loses the race settles unobserved; neither may count as an unhandled rejection.
  work.catch(() => {});
  stopped.catch(() => {});
  try {
    return await Promise.race([work, stopped]);
  } catch (error) {
    // Stopped: give the step a moment to undo what it started (a sandbox step drops its sandbox when aborted) so
    // that whoever runs next — a retry of this migration — does not meet a half-dropped sandbox of the same name.
    // A step that cannot stop (an LLM call in flight) is left to finish on its own after the grace.
    if (controller.signal.aborted) await Promise.race([work.then(settled, settled), delay(STOP_GRACE_MS)]);
    throw error;
  } finally {
    clearTimeout(timer);
    limits.signal?.removeEventListener("abort", forward);
  }
}
