import { randomBytes } from "node:crypto";
import type { Catalog } from "~/agents/catalog/schema";
import { writeFiles } from "~/agents/dbt/write";
import type { ExpectedResult } from "~/agents/evaluate/expected";
import {
  budgetFrom,
  DEFAULT_MAX_REPAIRS,
  readExpected,
  type LlmHook,
  type MigrationInput,
  type Placeholders,
  type ProgressFn,
  type RepairRecord,
  type ReportOutput,
} from "~/agents/engine/steps";
import type { Assessment, Evaluation, ModelRun, Plan, Translation } from "~/agents/core/contracts";
import {
  buildMigrationGraph,
  recursionLimit,
  type MigrationContext,
  type MigrationStateValue,
} from "./migration-graph";

/**
 * The whole migration in this process, for the CLI, the benchmarks and the tests: the migration graph without a
 * checkpointer (the worker runs the same graph with PostgreSQL's), then the project's files written.
 */

export type PipelineOptions = {
  /** Superuser URL of the PostgreSQL server that hosts the validation sandboxes. */
  adminUrl: string;
  /** Names this run's sandboxes (`dm_sandbox_<runId>_t1`, `…_e`); `[a-z0-9_]`, random by default. */
  runId?: string;
  /** The database's name when the input names none (agents/ingest, IngestOptions); it names the dbt project and its source. */
  database?: string;
  /** Project-wide dbt vars for the build (`--vars`). */
  vars?: Record<string, unknown>;
  /** Expected results: a folder holding manifest.json + CSVs, or already read. */
  expectedDir?: string;
  expected?: ExpectedResult[];
  /** Write every built model's rows to `<exportDir>/<model>.csv`. */
  exportDir?: string;
  /** Write the dbt project and the reports there. */
  outDir?: string;
  /** Most repairs per model (default 2). */
  maxRepairs?: number;
  /** Longest one sandbox statement may run (default 30 s); past it, that model fails. */
  statementTimeoutMs?: number;
  /** The dbt executable: the Tester and the Evaluator build with real `dbt build` (default: the built-in compiler). */
  dbt?: string;
  /** Longest one step may run; past it, the run rejects with a DeadlineError naming the step and its object. */
  stepTimeoutMs?: number;
  /** Longest the whole run may take, all steps together (same DeadlineError). */
  timeoutMs?: number;
  /** Aborting stops the step running (its sandbox statement included) and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Asked for objects the rules flagged and models nothing else could repair. */
  llm?: LlmHook;
  /** ISO time stamped on the report (default now). */
  generatedAt?: string;
  /** Lint the finished project with sqlfluff when it is installed; the report lists the findings (steps/lint.ts). */
  lint?: boolean;
};

/** Everything the steps produced: plain data. */
export type PipelineState = {
  catalog: Catalog;
  assessment: Assessment;
  plan: Plan;
  translations: Translation[];
  /** The Tester's runs, one list per build (the first build, then one per repair round). */
  testRuns: ModelRun[][];
  repairs: RepairRecord[];
  /** Model → the error no repair could be found for. */
  declined: Record<string, string>;
  /** The final build's runs (the Evaluator's). */
  runs: ModelRun[];
  evaluations: Evaluation[];
  placeholders: Placeholders;
  exported: { model: string; file: string; rows: number }[];
};

export type PipelineResult = ReportOutput & {
  state: PipelineState;
  /** Wall time per step, in milliseconds (the Tester's and Rebuilder's summed over rounds; `write`: the files). */
  timings: Record<string, number>;
};

const graph = buildMigrationGraph();

/** Runs the migration graph on `input`; `onProgress` gets every step's events, `progress` the fraction of the whole run. */
export async function runPipeline(
  input: MigrationInput,
  options: PipelineOptions,
  onProgress?: ProgressFn,
): Promise<PipelineResult> {
  const limits = {
    ...(options.stepTimeoutMs !== undefined ? { stepTimeoutMs: options.stepTimeoutMs } : {}),
    budget: budgetFrom(options.timeoutMs),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  // Read before any step, so that a bad folder stops the run before any work.
  const expected = options.expected ?? (options.expectedDir ? await readExpected(options.expectedDir) : undefined);
  const maxRepairs = options.maxRepairs ?? DEFAULT_MAX_REPAIRS;
  const llm = options.llm;
  let output: ReportOutput | undefined;
  const timings: Record<string, number> = {};
  const ctx: MigrationContext = {
    migrationId: options.runId ?? randomBytes(5).toString("hex"),
    input,
    adminUrl: options.adminUrl,
    maxRepairs,
    limits,
    saveOutputs: async (reported) => void (output = reported),
    onStepTimed: (agent, ms) => void (timings[agent] = (timings[agent] ?? 0) + ms),
    ...(options.database ? { database: options.database } : {}),
    ...(expected ? { expected } : {}),
    ...(options.vars ? { vars: options.vars } : {}),
    ...(llm ? { llm: () => llm } : {}),
    ...(options.statementTimeoutMs !== undefined ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
    ...(options.dbt ? { dbt: options.dbt } : {}),
    ...(onProgress ? { onProgress } : {}),
    ...(options.exportDir ? { exportDir: options.exportDir } : {}),
    ...(options.lint ? { lint: true } : {}),
    ...(options.generatedAt ? { generatedAt: options.generatedAt } : {}),
  };

  const testRuns: ModelRun[][] = [];
  let values: MigrationStateValue | undefined;
  const stream = await graph.stream(
    {},
    { configurable: { migration: ctx }, streamMode: ["updates", "values"], recursionLimit: recursionLimit(maxRepairs) },
  );
  // Typed by the state annotation: a "values" chunk is the whole state, an "updates" chunk what each node returned.
  for await (const [mode, chunk] of stream) {
    if (mode === "values") values = chunk;
    else if (chunk.tester?.runs) testRuns.push(chunk.tester.runs);
  }
  const evaluation = values?.evaluation;
  if (!output || !values?.catalog || !values.assessed || !values.plan || !evaluation)
    throw new Error("the migration graph ended without a report");

  if (options.outDir) {
    const started = performance.now();
    await writeFiles(options.outDir, output.files);
    timings.write = Math.round(performance.now() - started);
  }
  return {
    ...output,
    state: {
      catalog: values.catalog,
      assessment: values.assessed,
      plan: values.plan,
      translations: values.translations,
      testRuns,
      repairs: values.repairs,
      declined: values.declined,
      runs: evaluation.runs,
      evaluations: evaluation.evaluations,
      placeholders: evaluation.placeholders,
      exported: evaluation.exported,
    },
    timings,
  };
}
