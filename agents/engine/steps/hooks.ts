import { type Catalog, objectKey } from "~/agents/catalog/schema";
import type { AssessedObject, Plan, Translation, TranslationIssue } from "~/agents/core/contracts";

/** What every step shares: progress events, the LLM hook's contract, and the helpers steps report with. */

/** Progress of one step: `progress` is the fraction of THIS step done (runPipeline rescales it). */
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

export type AgentName = "ingest" | "assessment" | "planner" | "executor" | "tester" | "rebuilder" | "evaluator" | "report";

/** What the LLM hook is told about the object (the original T-SQL is untrusted input). */
export type LlmObject = {
  key: string;
  kind: AssessedObject["kind"];
  schema: string;
  name: string;
  /** The dbt model the answer is for. */
  model: string;
  definition: string;
  line?: number;
};

export type LlmContext = {
  agent: "executor" | "rebuilder";
  /** The current translation (the rules', or a repair's), when there is one. */
  translation?: Translation;
  /** What the rules could not translate faithfully. */
  issues: TranslationIssue[];
  /** PostgreSQL's error when the Tester built the current SQL (the Rebuilder's case). */
  pgError?: string;
  /** The compiled SQL that failed (the Rebuilder's case). */
  compiledSql?: string;
  /** The models the answer may `ref()`, with the catalog object each one migrates. */
  refs: { model: string; key: string }[];
  /** dbt vars the model reads (procedure parameters without `@`), with their T-SQL defaults. */
  vars: { name: string; default?: string }[];
  /** 1-based repair attempt (the Rebuilder's case). */
  attempt?: number;
  /** The step's stop signal (cancel, drain, a deadline): aborts the call in flight, so nobody waits on it. */
  signal?: AbortSignal;
};

/**
 * Asks Claude (or anything else) for a translation of an object the rules flagged (`needs_review`) or a model
 * that failed in the Tester and that no repair rule could fix. Return null to keep what there is. Whatever it
 * returns is built and tested like any other translation before it can be `validated`.
 */
export type LlmHook = (object: LlmObject, context: LlmContext) => Promise<Translation | null>;

export type StepHooks = {
  onProgress?: ProgressFn;
  /** Aborted when the step must stop now (cancel, drain, a deadline): the step stops its work and rejects. */
  signal?: AbortSignal;
  /** Told what the step is working on now: what a step deadline names when it cuts the step short. */
  onWorking?: (object: string) => void;
};
export type LlmStepHooks = StepHooks & {
  llm?: LlmHook;
  /** How many LLM calls one step makes at once (default 4). */
  llmConcurrency?: number;
};

export const DEFAULT_LLM_CONCURRENCY = 4;

export function llmObject(catalog: Catalog, plan: Plan, key: string): LlmObject | undefined {
  const m = plan.models.find((x) => x.key === key);
  const match = (o: { schema: string; name: string }) => objectKey(o.schema, o.name) === key;
  const found =
    catalog.views.find(match) ?? catalog.procedures.find(match) ?? catalog.functions.find(match) ?? catalog.triggers.find(match);
  if (!m || !found) return undefined;
  return {
    key,
    kind: m.kind,
    schema: found.schema,
    name: found.name,
    model: m.name,
    definition: found.definition,
    ...(found.location ? { line: found.location.line } : {}),
  };
}

export function refsFor(plan: Plan, key: string): { model: string; key: string }[] {
  const m = plan.models.find((x) => x.key === key);
  const byName = new Map(plan.models.map((x) => [x.name, x]));
  return (m?.dependsOn ?? []).map((name) => ({ model: name, key: byName.get(name)?.key ?? name }));
}

export function countText(catalog: Catalog): string {
  const parts = [
    [catalog.tables.length, "table"],
    [catalog.views.length, "view"],
    [catalog.procedures.length, "procedure"],
    [catalog.functions.length, "function"],
    [catalog.triggers.length, "trigger"],
  ] as const;
  return parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}${n === 1 ? "" : "s"}`).join(", ") || "an empty catalog";
}

export function count(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

export function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? "";
}

export type Reporter = ReturnType<typeof reporter>;

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
