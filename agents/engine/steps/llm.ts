import { type Catalog, objectKey } from "~/agents/catalog/schema";
import type { AssessedObject, Plan, Translation, TranslationIssue } from "~/agents/core/contracts";
import type { StepHooks } from "./progress";

/** The LLM hook: what the Executor and the Rebuilder may ask (Claude, or anything else), and what they tell it. */

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

/** The hooks of a step that may ask the LLM: the Executor's and the Rebuilder's. */
export type LlmStepHooks = StepHooks & {
  llm?: LlmHook;
  /** How many LLM calls one step makes at once (default 4). */
  llmConcurrency?: number;
};

export const DEFAULT_LLM_CONCURRENCY = 4;

/** The object the hook is asked about: the model's catalog object, with its definition and line. */
export function llmObject(catalog: Catalog, plan: Plan, key: string): LlmObject | undefined {
  const m = plan.models.find((x) => x.key === key);
  const match = (o: { schema: string; name: string }) => objectKey(o.schema, o.name) === key;
  const found =
    catalog.views.find(match) ??
    catalog.procedures.find(match) ??
    catalog.functions.find(match) ??
    catalog.triggers.find(match);
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

/** The models the answer may `ref()`: what the model depends on in the plan, with the catalog object each migrates. */
export function refsFor(plan: Plan, key: string): { model: string; key: string }[] {
  const m = plan.models.find((x) => x.key === key);
  const byName = new Map(plan.models.map((x) => [x.name, x]));
  return (m?.dependsOn ?? []).map((name) => ({ model: name, key: byName.get(name)?.key ?? name }));
}
