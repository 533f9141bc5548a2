import { Annotation, END, START, StateGraph, type LangGraphRunnableConfig } from "@langchain/langgraph";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type { Catalog } from "~/agents/catalog/schema";
import type { ExpectedResult } from "~/agents/evaluate/expected";
import {
  assessmentStep,
  DEFAULT_MAX_REPAIRS,
  evaluatorStep,
  executorStep,
  plannerStep,
  rebuilderStep,
  reportStep,
  runStep,
  testerStep,
  type AgentName,
  type EvaluatorOutput,
  type LlmHook,
  type Placeholders,
  type RepairRecord,
  type SandboxInput,
  type StepHooks,
  type StepLimits,
  type StepProgress,
} from "~/agents/engine/steps";
import type { Assessment, MigrationReport, ModelRun, Plan, Translation } from "~/agents/core/contracts";

/**
 * The migration as a LangGraph graph: assessment → planner → executor → tester → (rebuilder ↺ tester, bounded)
 * → evaluator → report. Each node wraps one engine step (agents/engine/steps/); the state between nodes is
 * plain data, checkpointed after every node, so a killed worker's migration resumes at the node it was in.
 *
 * The catalog is deliberately not part of the state: it is re-read from the migration's source on every
 * (re)start (ingestion is deterministic and takes well under a second), which keeps checkpoints small.
 * Sandbox steps (tester, evaluator) build from scratch in their own sandbox each time they run, so redoing a
 * step after a crash needs no recovery logic.
 */
const last = <T>(initial: () => T) => Annotation<T>({ reducer: (_previous, next) => next, default: initial });

export const MigrationState = Annotation.Root({
  // State keys must differ from node names (LangGraph channels and nodes share one namespace).
  assessed: last<Assessment | null>(() => null),
  plan: last<Plan | null>(() => null),
  translations: last<Translation[]>(() => []),
  /** The Tester's latest runs. */
  runs: last<ModelRun[]>(() => []),
  repairs: last<RepairRecord[]>(() => []),
  /** How many Tester builds have run (the first is round 1). */
  testRounds: last<number>(() => 0),
  /** Models the Rebuilder found no repair for, with the error it gave up on (not asked again for that error). */
  declined: last<Record<string, string>>(() => ({})),
  /** Models the last Rebuilder round changed: re-test when not empty. */
  repaired: last<string[]>(() => []),
  evaluation: last<Pick<EvaluatorOutput, "runs" | "evaluations" | "placeholders" | "warnings"> | null>(() => null),
  finalReport: last<MigrationReport | null>(() => null),
  /**
   * A re-run of some models (asked for, plus every model that reads them): the run starts at the Tester and the
   * Tester, Rebuilder and Evaluator work on these only; every other model keeps its earlier results. Null: a full run.
   */
  scope: last<string[] | null>(() => null),
  /** The migration_runs row this state's last run belongs to (0: the first run, started by creating it). */
  runId: last<number>(() => 0),
});
export type MigrationStateValue = typeof MigrationState.State;

/** What every node needs besides the state; supplied again by the worker on each (re)start. */
export type MigrationContext = {
  migrationId: string;
  catalog: Catalog;
  adminUrl: string;
  expected?: ExpectedResult[];
  vars?: Record<string, unknown>;
  maxRepairs: number;
  llm?: LlmHook;
  /** How many LLM calls the executor and rebuilder make at once. */
  llmConcurrency?: number;
  /** Called at every step boundary; throws to stop the run there (cancel, drain). */
  checkpointGate: (next: AgentName) => Promise<void>;
  /**
   * Stops a step while it runs: a signal (cancel, drain, a lost lease), each step's deadline and the migration's
   * budget (see runStep). The sandbox steps end their running statement when it fires.
   */
  limits?: StepLimits;
  /** The sandbox's per-statement deadline (default: the sandbox's, 30 s). */
  statementTimeoutMs?: number;
  /** The dbt executable: the Tester and the Evaluator build with real `dbt build` (else the built-in compiler). */
  dbt?: string;
  onProgress: (event: StepProgress) => void;
  /** Model SQL its owner edited (model → SQL): replaces the translation in every build; never repaired. */
  edits?: Record<string, string>;
  /** Persists the finished migration's outputs (called once by the report node; must be idempotent). */
  saveOutputs: (output: { report: MigrationReport; markdown: string; files: Record<string, string> }) => Promise<void>;
};

function context(config: LangGraphRunnableConfig): MigrationContext {
  const value = config.configurable?.migration as MigrationContext | undefined;
  if (!value) throw new Error("the migration graph needs configurable.migration");
  return value;
}

/** Sandbox names: short, deterministic per migration and build, so a rerun replaces what a killed run left. */
function sandboxId(migrationId: string, build: string) {
  return `${migrationId.replaceAll("-", "").slice(0, 12)}_${build}`;
}

/** What the Tester and the Evaluator build from: the project so far, in a sandbox of its own per build. */
function sandboxInput(state: MigrationStateValue, ctx: MigrationContext, build: string): SandboxInput {
  return {
    catalog: ctx.catalog,
    plan: required(state.plan, "plan"),
    translations: state.translations,
    adminUrl: ctx.adminUrl,
    sandboxId: sandboxId(ctx.migrationId, build),
    ...(ctx.vars ? { vars: ctx.vars } : {}),
    ...(ctx.expected ? { expected: ctx.expected } : {}),
    ...(ctx.statementTimeoutMs !== undefined ? { statementTimeoutMs: ctx.statementTimeoutMs } : {}),
    ...(ctx.dbt ? { dbt: ctx.dbt } : {}),
    ...(state.scope ? { only: state.scope } : {}),
  };
}

/** The translations with the owner's edits in place of the translated SQL (the edit is the owner's to answer for). */
export function applyEdits(translations: Translation[], edits: Record<string, string> | undefined): Translation[] {
  if (!edits || !Object.keys(edits).length) return translations;
  return translations.map((t) => (Object.hasOwn(edits, t.model) ? { ...t, sql: edits[t.model]!, status: "translated" as const, issues: [] } : t));
}

/** `next` with `previous` kept for every model outside the re-run's scope (a full run replaces everything). */
function merged<T extends { model: string }>(scope: string[] | null, previous: T[], next: T[]): T[] {
  if (!scope) return next;
  const inScope = new Set(scope);
  return [...previous.filter((x) => !inScope.has(x.model)), ...next.filter((x) => inScope.has(x.model))];
}

/** The runs the Rebuilder may act on: this run's models, except those their owner edited. */
function repairable(state: MigrationStateValue, ctx: MigrationContext): ModelRun[] {
  const inScope = state.scope ? new Set(state.scope) : null;
  return state.runs.filter((r) => (!inScope || inScope.has(r.model)) && !(ctx.edits && Object.hasOwn(ctx.edits, r.model)));
}

type NodeHooks = ReturnType<typeof hooks>;

function node<T>(agent: AgentName, run: (state: MigrationStateValue, ctx: MigrationContext, hooks: NodeHooks) => Promise<T>) {
  return async (state: MigrationStateValue, config: LangGraphRunnableConfig): Promise<T> => {
    const ctx = context(config);
    await ctx.checkpointGate(agent);
    return runStep(agent, ctx.limits ?? {}, (stepHooks) => run(state, ctx, hooks(ctx, stepHooks)));
  };
}

const hooks = (ctx: MigrationContext, step: Pick<StepHooks, "signal" | "onWorking">) => ({
  onProgress: ctx.onProgress,
  ...step,
  ...(ctx.llm ? { llm: ctx.llm } : {}),
  ...(ctx.llmConcurrency ? { llmConcurrency: ctx.llmConcurrency } : {}),
});

function required<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`the migration state has no ${what} (a step ran out of order)`);
  return value;
}

export function buildMigrationGraph(checkpointer?: BaseCheckpointSaver) {
  return new StateGraph(MigrationState)
    .addNode(
      "assessment",
      node("assessment", async (_state, ctx, h) => ({ assessed: assessmentStep({ catalog: ctx.catalog }, h).assessment })),
    )
    .addNode(
      "planner",
      node("planner", async (state, ctx, h) => plannerStep({ catalog: ctx.catalog, assessment: required(state.assessed, "assessment") }, h)),
    )
    .addNode(
      "executor",
      node("executor", async (state, ctx, h) => {
        const { translations } = await executorStep({ catalog: ctx.catalog, plan: required(state.plan, "plan") }, h);
        return { translations: applyEdits(translations, ctx.edits) };
      }),
    )
    .addNode(
      "tester",
      node("tester", async (state, ctx, h) => {
        const round = state.testRounds + 1;
        // A re-run builds the owner's latest edits (the executor applied the earlier ones).
        const translations = state.scope ? applyEdits(state.translations, ctx.edits) : state.translations;
        const tested = await testerStep(sandboxInput({ ...state, translations }, ctx, `t${round}`), h);
        return { translations, runs: merged(state.scope, state.runs, tested.runs), testRounds: round, repaired: [] };
      }),
    )
    .addNode(
      "rebuilder",
      node("rebuilder", async (state, ctx, h) => {
        const rebuilt = await rebuilderStep(
          {
            catalog: ctx.catalog,
            plan: required(state.plan, "plan"),
            translations: state.translations,
            runs: repairable(state, ctx),
            repairs: state.repairs,
            declined: state.declined,
            maxAttempts: ctx.maxRepairs,
          },
          h,
        );
        return { translations: rebuilt.translations, repairs: rebuilt.repairs, repaired: rebuilt.repaired, declined: rebuilt.declined };
      }),
    )
    .addNode(
      "evaluator",
      node("evaluator", async (state, ctx, h) => {
        const evaluated = await evaluatorStep(
          sandboxInput(state, ctx, "e"),
          h,
        );
        const { runs, evaluations, placeholders, warnings } = evaluated;
        const before = state.scope ? state.evaluation : null;
        return {
          evaluation: {
            runs: merged(state.scope, before?.runs ?? [], runs),
            evaluations: merged(state.scope, before?.evaluations ?? [], evaluations),
            placeholders: { ...(before?.placeholders ?? {}), ...placeholders },
            warnings,
          },
        };
      }),
    )
    .addNode(
      "report",
      node("report", async (state, ctx, h) => {
        const evaluation = required(state.evaluation, "evaluation");
        const output = reportStep(
          {
            catalog: ctx.catalog,
            assessment: required(state.assessed, "assessment"),
            plan: required(state.plan, "plan"),
            translations: state.translations,
            runs: evaluation.runs,
            repairs: state.repairs,
            evaluations: evaluation.evaluations,
            placeholders: evaluation.placeholders as Placeholders,
            warnings: evaluation.warnings,
            ...(ctx.expected ? { expected: ctx.expected } : {}),
          },
          h,
        );
        await ctx.saveOutputs(output);
        return { finalReport: output.report };
      }),
    )
    // A re-run of some models (state.scope, given as the run's input on the migration's thread) starts at the Tester.
    .addConditionalEdges(START, (state) => (state.scope ? "tester" : "assessment"), ["tester", "assessment"])
    .addEdge("assessment", "planner")
    .addEdge("planner", "executor")
    .addEdge("executor", "tester")
    .addConditionalEdges(
      "tester",
      (state, config) => {
        // Repair only what failed on its own (not "upstream failed"), within the per-migration bound of rounds.
        const failed = repairable(state, context(config)).some((r) => !r.ok && !r.error?.startsWith("skipped"));
        return failed && state.testRounds <= context(config).maxRepairs ? "rebuilder" : "evaluator";
      },
      ["rebuilder", "evaluator"],
    )
    .addConditionalEdges("rebuilder", (state) => (state.repaired.length ? "tester" : "evaluator"), ["tester", "evaluator"])
    .addEdge("evaluator", "report")
    .addEdge("report", END)
    .compile(checkpointer ? { checkpointer } : {});
}

export type MigrationGraph = ReturnType<typeof buildMigrationGraph>;
export { DEFAULT_MAX_REPAIRS };
