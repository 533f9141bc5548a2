import { Annotation, END, START, StateGraph, type LangGraphRunnableConfig } from "@langchain/langgraph";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { z } from "zod";
import { type Catalog, ZCatalog } from "~/agents/catalog/schema";
import type { ExpectedResult } from "~/agents/evaluate/expected";
import {
  assessmentStep,
  DEFAULT_MAX_REPAIRS,
  evaluatorStep,
  executorStep,
  failedOnItsOwn,
  ingestStep,
  lintStep,
  plannerStep,
  rebuilderStep,
  reportStep,
  runStep,
  sourceDataStep,
  testerStep,
  type AgentName,
  type LlmHook,
  type MigrationInput,
  type ProgressFn,
  type ReportOutput,
  type SandboxInput,
  type StepHooks,
  type StepLimits,
} from "~/agents/engine/steps";
import {
  type ModelRun,
  type Translation,
  ZAssessment,
  ZEvaluatorResult,
  ZMigrationReport,
  ZModelRun,
  ZPlan,
  ZRepairRecord,
  ZTranslation,
} from "~/agents/core/contracts";

/**
 * The migration as a LangGraph graph: ingest → assessment → planner → executor → tester → (rebuilder ↺ tester,
 * bounded) → evaluator → report. Each node wraps one engine step (agents/engine/steps/); the state between nodes
 * is plain data. This is the one composition of the steps: the worker compiles it with a PostgreSQL checkpointer
 * (a checkpoint after every node, so a killed worker's migration resumes at the node it was in), the CLI, the
 * benchmarks and the tests without one (./pipeline.ts) — one graph, any checkpointer, as in LangGraph's
 * persistence how-to (https://langchain-ai.github.io/langgraphjs/how-tos/persistence/).
 *
 * The catalog is state like every step's output: checkpointed once per run (a checkpoint stores a channel's
 * value again only when it changes), so a resumed run does not read its source again. Sandbox steps (tester,
 * evaluator) build from scratch in their own sandbox each time they run, so redoing a step after a crash needs no
 * recovery logic.
 */
const STATE = {
  // State keys must differ from node names (LangGraph channels and nodes share one namespace).
  catalog: ZCatalog.nullable().default(null),
  assessed: ZAssessment.nullable().default(null),
  plan: ZPlan.nullable().default(null),
  translations: z.array(ZTranslation).default(() => []),
  /** The Tester's latest runs. */
  runs: z.array(ZModelRun).default(() => []),
  repairs: z.array(ZRepairRecord).default(() => []),
  /** How many Tester builds have run (the first is round 1). */
  testRounds: z.number().default(0),
  /** Models the Rebuilder found no repair for, with the error it gave up on (not asked again for that error). */
  declined: z.record(z.string(), z.string()).default(() => ({})),
  /** Models the last Rebuilder round changed: re-test when not empty. */
  repaired: z.array(z.string()).default(() => []),
  evaluation: ZEvaluatorResult.nullable().default(null),
  finalReport: ZMigrationReport.nullable().default(null),
  /**
   * A re-run of some models (asked for, plus every model that reads them): the run starts at the Tester and the
   * Tester, Rebuilder and Evaluator work on these only; every other model keeps its earlier results. Null: a full run.
   */
  scope: z.array(z.string()).nullable().default(null),
  /** The migration_runs row this state's last run belongs to (0: the first run, started by creating it). */
  runId: z.number().default(0),
};

/** A channel that keeps the last value written, starting from its schema's default. */
const last = <S extends z.ZodType>(schema: S) =>
  Annotation<z.output<S>>({ reducer: (_previous, next) => next, default: () => schema.parse(undefined) });

export const MigrationState = Annotation.Root({
  catalog: last(STATE.catalog),
  assessed: last(STATE.assessed),
  plan: last(STATE.plan),
  translations: last(STATE.translations),
  runs: last(STATE.runs),
  repairs: last(STATE.repairs),
  testRounds: last(STATE.testRounds),
  declined: last(STATE.declined),
  repaired: last(STATE.repaired),
  evaluation: last(STATE.evaluation),
  finalReport: last(STATE.finalReport),
  scope: last(STATE.scope),
  runId: last(STATE.runId),
});
export type MigrationStateValue = typeof MigrationState.State;

/**
 * The state as a checkpoint holds it, parsed: LangGraph types a snapshot's values loosely (`any`), and a checkpoint
 * is stored data, possibly written by an earlier version (a channel it lacks reads as its default, runs written
 * before they carried an outcome read as new ones do), so it is parsed rather than cast. The check below keeps the
 * channels and this schema the same, key for key and type for type.
 */
const ZMigrationStateValue = z.object(STATE);
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemaMatchesState: Same<z.output<typeof ZMigrationStateValue>, MigrationStateValue> = true;

/** A checkpoint's state values (`(await graph.getState(config)).values`), parsed; throws naming what does not read. */
export function checkpointState(values: unknown): MigrationStateValue {
  const parsed = ZMigrationStateValue.safeParse(values);
  if (!parsed.success) throw new Error(`the migration's checkpoint cannot be read: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** What every node needs besides the state; supplied again by the caller on each (re)start. */
export type MigrationContext = {
  /** The migration (the worker's thread id) or the run: names the run's sandboxes. */
  migrationId: string;
  /** The source the ingest node reads. */
  input: MigrationInput;
  /** The database's name when the input names none (agents/ingest, IngestOptions); it names the dbt project and its source. */
  database?: string;
  adminUrl: string;
  expected?: ExpectedResult[];
  vars?: Record<string, unknown>;
  maxRepairs: number;
  /** The LLM hook for this catalog (asked for objects the rules flagged and models nothing else could repair). */
  llm?: (catalog: Catalog) => LlmHook;
  /** How many LLM calls the executor and rebuilder make at once. */
  llmConcurrency?: number;
  /** Called at every step boundary; throws to stop the run there (cancel, drain). */
  checkpointGate?: (next: AgentName) => Promise<void>;
  /**
   * Stops a step while it runs: a signal (cancel, drain, a lost lease), each step's deadline and the migration's
   * budget (see runStep). The sandbox steps end their running statement when it fires.
   */
  limits?: StepLimits;
  /** The sandbox's per-statement deadline (default: the sandbox's, 30 s). */
  statementTimeoutMs?: number;
  /** The dbt executable: the Tester and the Evaluator build with real `dbt build` (else the built-in compiler). */
  dbt?: string;
  /** Every step's progress, `progress` rescaled to the fraction of the whole migration done (PROGRESS_BANDS). */
  onProgress?: ProgressFn;
  /** Model SQL its owner edited (model → SQL): replaces the translation in every build; never repaired. */
  edits?: Record<string, string>;
  /** The Evaluator writes every built model's rows to `<exportDir>/<model>.csv`. */
  exportDir?: string;
  /** Lint the finished project with sqlfluff when it is installed; the report lists the findings (steps/lint.ts). */
  lint?: boolean;
  /** ISO time stamped on the report (default now). */
  generatedAt?: string;
  /** Told how long each step took, in milliseconds, as it ends (the benchmarks' figures). */
  onStepTimed?: (agent: AgentName, ms: number) => void;
  /** Persists the finished migration's outputs (called once by the report node; must be idempotent). */
  saveOutputs: (output: ReportOutput) => Promise<void>;
};

/** Where each step's work falls in the whole migration's progress. */
export const PROGRESS_BANDS: Record<AgentName, [number, number]> = {
  ingest: [0, 0.05],
  assessment: [0.05, 0.08],
  planner: [0.08, 0.1],
  executor: [0.1, 0.3],
  tester: [0.3, 0.55],
  rebuilder: [0.55, 0.7],
  evaluator: [0.7, 0.95],
  report: [0.95, 1],
};

/**
 * The part of the migration's progress a node's step covers. Repair rounds share the rebuilder's band, each
 * round's Rebuilder and re-test a slice of it in turn, so progress never goes back when the Tester runs again.
 */
function band(agent: AgentName, state: MigrationStateValue, ctx: MigrationContext): [number, number] {
  const round = state.testRounds; // builds done so far: the repair round a Rebuilder or a re-test belongs to
  if (agent === "rebuilder" || (agent === "tester" && round > 0)) {
    const [from, to] = PROGRESS_BANDS.rebuilder;
    const width = (to - from) / Math.max(1, ctx.maxRepairs);
    const start = from + width * Math.max(0, round - 1);
    return agent === "rebuilder" ? [start, start + width / 3] : [start + width / 3, start + width];
  }
  return PROGRESS_BANDS[agent];
}

/**
 * LangGraph's recursionLimit for a run: the most nodes one run goes through (every node once, and a Rebuilder and
 * a re-test per repair round), plus one (LangGraph stops a run that reaches its limit in nodes).
 */
export function recursionLimit(maxRepairs: number): number {
  return 7 + 2 * maxRepairs + 1;
}

function context(config: LangGraphRunnableConfig): MigrationContext {
  const value = config.configurable?.migration as MigrationContext | undefined;
  if (!value) throw new Error("the migration graph needs configurable.migration");
  return value;
}

/** Sandbox names: short, deterministic per migration and build, so a rerun replaces what a killed run left. */
function sandboxId(migrationId: string, build: string) {
  return `${migrationId.replaceAll("-", "").slice(0, 32)}_${build}`;
}

/** What the Tester and the Evaluator build from: the project so far, in a sandbox of its own per build. */
function sandboxInput(state: MigrationStateValue, ctx: MigrationContext, build: string): SandboxInput {
  return {
    catalog: required(state.catalog, "catalog"),
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
  return translations.map((t) =>
    Object.hasOwn(edits, t.model) ? { ...t, sql: edits[t.model]!, status: "translated" as const, issues: [] } : t,
  );
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
  return state.runs.filter(
    (r) => (!inScope || inScope.has(r.model)) && !(ctx.edits && Object.hasOwn(ctx.edits, r.model)),
  );
}

type NodeHooks = ReturnType<typeof hooks>;

function node<T>(
  agent: AgentName,
  run: (state: MigrationStateValue, ctx: MigrationContext, hooks: NodeHooks) => Promise<T>,
) {
  return async (state: MigrationStateValue, config: LangGraphRunnableConfig): Promise<T> => {
    const ctx = context(config);
    await ctx.checkpointGate?.(agent);
    const started = performance.now();
    try {
      return await runStep(agent, ctx.limits ?? {}, (stepHooks) =>
        run(state, ctx, hooks(agent, state, ctx, stepHooks)),
      );
    } finally {
      ctx.onStepTimed?.(agent, Math.round(performance.now() - started));
    }
  };
}

function hooks(
  agent: AgentName,
  state: MigrationStateValue,
  ctx: MigrationContext,
  step: Pick<StepHooks, "signal" | "onWorking">,
) {
  const [from, to] = band(agent, state, ctx);
  const onProgress: ProgressFn = (event) =>
    ctx.onProgress?.({ ...event, progress: from + (to - from) * event.progress });
  return {
    onProgress,
    ...step,
    ...(ctx.llm && state.catalog ? { llm: ctx.llm(state.catalog) } : {}),
    ...(ctx.llmConcurrency ? { llmConcurrency: ctx.llmConcurrency } : {}),
  };
}

function required<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`the migration state has no ${what} (a step ran out of order)`);
  return value;
}

export function buildMigrationGraph(checkpointer?: BaseCheckpointSaver) {
  return (
    new StateGraph(MigrationState)
      .addNode(
        "ingest",
        node("ingest", async (_state, ctx, h) => ({
          catalog: ingestStep(ctx.input, ctx.database ? { database: ctx.database } : {}, h),
        })),
      )
      .addNode(
        "assessment",
        node("assessment", async (state, _ctx, h) => ({
          assessed: assessmentStep({ catalog: required(state.catalog, "catalog") }, h).assessment,
        })),
      )
      .addNode(
        "planner",
        node("planner", async (state, _ctx, h) =>
          plannerStep(
            { catalog: required(state.catalog, "catalog"), assessment: required(state.assessed, "assessment") },
            h,
          ),
        ),
      )
      .addNode(
        "executor",
        node("executor", async (state, ctx, h) => {
          const { translations } = await executorStep(
            { catalog: required(state.catalog, "catalog"), plan: required(state.plan, "plan") },
            h,
          );
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
              catalog: required(state.catalog, "catalog"),
              plan: required(state.plan, "plan"),
              translations: state.translations,
              runs: repairable(state, ctx),
              repairs: state.repairs,
              declined: state.declined,
              maxAttempts: ctx.maxRepairs,
            },
            h,
          );
          return {
            translations: rebuilt.translations,
            repairs: rebuilt.repairs,
            repaired: rebuilt.repaired,
            declined: rebuilt.declined,
          };
        }),
      )
      .addNode(
        "evaluator",
        node("evaluator", async (state, ctx, h) => {
          const evaluated = await evaluatorStep(
            { ...sandboxInput(state, ctx, "e"), ...(ctx.exportDir ? { exportDir: ctx.exportDir } : {}) },
            h,
          );
          const { runs, evaluations, placeholders, warnings, exported } = evaluated;
          const before = state.scope ? state.evaluation : null;
          return {
            evaluation: {
              runs: merged(state.scope, before?.runs ?? [], runs),
              evaluations: merged(state.scope, before?.evaluations ?? [], evaluations),
              placeholders: { ...(before?.placeholders ?? {}), ...placeholders },
              warnings,
              exported,
            },
          };
        }),
      )
      .addNode(
        "report",
        node("report", async (state, ctx, h) => {
          const evaluation = required(state.evaluation, "evaluation");
          const catalog = required(state.catalog, "catalog");
          const sourceData = await sourceDataStep(
            {
              catalog,
              adminUrl: ctx.adminUrl,
              sandboxId: sandboxId(ctx.migrationId, "data"),
              ...(ctx.statementTimeoutMs !== undefined ? { statementTimeoutMs: ctx.statementTimeoutMs } : {}),
            },
            h,
          );
          const reported = reportStep(
            {
              catalog,
              assessment: required(state.assessed, "assessment"),
              plan: required(state.plan, "plan"),
              translations: state.translations,
              runs: evaluation.runs,
              repairs: state.repairs,
              evaluations: evaluation.evaluations,
              placeholders: evaluation.placeholders,
              warnings: evaluation.warnings,
              ...(ctx.expected ? { expected: ctx.expected } : {}),
              ...(ctx.generatedAt ? { generatedAt: ctx.generatedAt } : {}),
              sourceData,
            },
            h,
          );
          const output = ctx.lint ? await lintStep(reported, { signal: h.signal }) : reported;
          await ctx.saveOutputs(output);
          return { finalReport: output.report };
        }),
      )
      .addEdge(START, "ingest")
      // A re-run of some models (state.scope, given as the run's input on the migration's thread) goes on at the Tester.
      .addConditionalEdges("ingest", (state) => (state.scope ? "tester" : "assessment"), ["tester", "assessment"])
      .addEdge("assessment", "planner")
      .addEdge("planner", "executor")
      .addEdge("executor", "tester")
      .addConditionalEdges(
        "tester",
        (state, config) => {
          // Repair only what failed on its own (a model skipped for an upstream failure has nothing to repair), within
          // the per-migration bound of rounds.
          const failed = repairable(state, context(config)).some(failedOnItsOwn);
          return failed && state.testRounds <= context(config).maxRepairs ? "rebuilder" : "evaluator";
        },
        ["rebuilder", "evaluator"],
      )
      .addConditionalEdges("rebuilder", (state) => (state.repaired.length ? "tester" : "evaluator"), [
        "tester",
        "evaluator",
      ])
      .addEdge("evaluator", "report")
      .addEdge("report", END)
      .compile(checkpointer ? { checkpointer } : {})
  );
}

export type MigrationGraph = ReturnType<typeof buildMigrationGraph>;
export { DEFAULT_MAX_REPAIRS };
