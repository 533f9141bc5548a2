import type { Catalog } from "~/agents/catalog/schema";

/** What a step tells as it works (progress events), what it is handed to tell it, and the texts it tells with. */

export type AgentName =
  "ingest" | "assessment" | "planner" | "executor" | "tester" | "rebuilder" | "evaluator" | "report";

/** Progress of one step: `progress` is the fraction of THIS step done (the migration graph rescales it). */
export type StepProgress = {
  agent: AgentName;
  /** The object or model the event is about. */
  object?: string;
  /** `step_started`, `object` (one object done), `warning`, `step_finished`. */
  kind: "step_started" | "object" | "warning" | "step_finished";
  message: string;
  progress: number;
};
export type ProgressFn = (event: StepProgress) => void;

export type StepHooks = {
  onProgress?: ProgressFn;
  /** Aborted when the step must stop now (cancel, drain, a deadline): the step stops its work and rejects. */
  signal?: AbortSignal;
  /** Told what the step is working on now: what a step deadline names when it cuts the step short. */
  onWorking?: (object: string) => void;
};

export type Reporter = ReturnType<typeof reporter>;

/** A step's progress events, in order: started, one per object, warnings, finished (never going back). */
export function reporter(agent: AgentName, onProgress: ProgressFn | undefined) {
  let last = 0;
  const emit = (kind: StepProgress["kind"], message: string, progress: number, object?: string) => {
    last = Math.min(1, Math.max(last, progress));
    onProgress?.({ agent, kind, message, progress: last, ...(object !== undefined ? { object } : {}) });
  };
  return {
    start: (message: string) => emit("step_started", message, 0),
    object: (object: string, message: string, progress: number) => emit("object", message, progress, object),
    note: (message: string, progress: number) => emit("object", message, progress),
    warn: (message: string) => emit("warning", message, last),
    finish: (message: string) => emit("step_finished", message, 1),
  };
}

/** `3 tables, 1 view`: what a catalog holds, for a progress message. */
export function countText(catalog: Catalog): string {
  const parts = [
    [catalog.tables.length, "table"],
    [catalog.views.length, "view"],
    [catalog.procedures.length, "procedure"],
    [catalog.functions.length, "function"],
    [catalog.triggers.length, "trigger"],
  ] as const;
  return (
    parts
      .filter(([n]) => n > 0)
      .map(([n, what]) => `${n} ${what}${n === 1 ? "" : "s"}`)
      .join(", ") || "an empty catalog"
  );
}

/** How often each value occurs, for a progress message. */
export function count(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** A (multi-line) error's first line, for a one-line progress message. */
export function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? "";
}
