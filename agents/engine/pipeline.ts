import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { type Catalog, type CatalogInput, ZCatalog } from "~/agents/catalog/schema";
import { type ExpectedResult, readExpectedResults } from "~/agents/evaluate/expected";
import { ingest, InputError, type IngestInput } from "~/agents/ingest";
import {
  type AgentName,
  assessmentStep,
  DEFAULT_MAX_REPAIRS,
  evaluatorStep,
  executorStep,
  type LlmHook,
  lintStep,
  type Placeholders,
  plannerStep,
  type ProgressFn,
  type StepHooks,
  rebuilderStep,
  type RepairRecord,
  reportStep,
  runStep,
  budgetFrom,
  type StepLimits,
  testerStep,
} from "./steps";
import type { Assessment, Evaluation, MigrationReport, ModelRun, Plan, Translation } from "~/agents/core/contracts";

/**
 * The whole migration: ingest → assessment → planner → executor → tester → (rebuilder → tester, at most
 * `maxRepairs` rounds while something was repaired) → evaluator → report, and the project's files.
 *
 * The steps are the functions of steps.ts, composed exactly as the worker's LangGraph graph composes them; this
 * is the same graph without checkpoints, for the CLI, the benchmark and the tests.
 */

export type PipelineInput = IngestInput | { kind: "catalog"; catalog: Catalog | CatalogInput };

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

/** What runPipeline tells onProgress: `progress` is the fraction of the whole migration done. */
export type PipelineProgress = { agent: AgentName; object?: string; kind: string; message: string; progress: number };

/** Everything the steps produced: plain data, as the graph checkpoints it. */
export type MigrationState = {
  catalog: Catalog;
  assessment: Assessment;
  plan: Plan;
  translations: Translation[];
  /** The Tester's runs, one list per round (the first build, then one per repair round). */
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

export type PipelineResult = {
  report: MigrationReport;
  markdown: string;
  files: Record<string, string>;
  state: MigrationState;
  /** Wall time per step, in milliseconds (the Tester's and Rebuilder's summed over rounds). */
  timings: Record<string, number>;
};

/** Where each step's work falls in the whole migration's progress (shared with the worker). */
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

export async function runPipeline(input: PipelineInput, options: PipelineOptions, onProgress?: (event: PipelineProgress) => void): Promise<PipelineResult> {
  const runId = options.runId ?? randomBytes(5).toString("hex");
  const timings: Record<string, number> = {};
  const band = (agent: AgentName, range = PROGRESS_BANDS[agent]): ProgressFn => (event) =>
    onProgress?.({ ...event, progress: range[0] + (range[1] - range[0]) * event.progress });
  const limits: StepLimits = {
    ...(options.stepTimeoutMs !== undefined ? { stepTimeoutMs: options.stepTimeoutMs } : {}),
    budget: budgetFrom(options.timeoutMs),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  /** Runs a step under the deadlines, timing it; `run` gets the hooks to hand the step (its signal, onWorking). */
  const timed = async <T>(name: AgentName | "write", run: (step: Pick<StepHooks, "signal" | "onWorking">) => T | Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return name === "write" ? await run({}) : await runStep(name, limits, run);
    } finally {
      timings[name] = (timings[name] ?? 0) + Math.round(performance.now() - started);
    }
  };

  // Ingest (and the expected results, so a bad folder stops the run before any work).
  const expected = options.expected ?? (options.expectedDir ? await readExpected(options.expectedDir) : undefined);
  const catalog = await timed("ingest", () => ingestStep(input, options, { onProgress: band("ingest") }));

  const { assessment } = await timed("assessment", () => assessmentStep({ catalog }, { onProgress: band("assessment") }));
  const { plan } = await timed("planner", () => plannerStep({ catalog, assessment }, { onProgress: band("planner") }));
  let { translations } = await timed("executor", (step) => executorStep({ catalog, plan }, { ...step, onProgress: band("executor"), ...(options.llm ? { llm: options.llm } : {}) }));

  const sandbox = {
    adminUrl: options.adminUrl,
    ...(options.vars ? { vars: options.vars } : {}),
    ...(expected ? { expected } : {}),
    ...(options.statementTimeoutMs !== undefined ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
    ...(options.dbt ? { dbt: options.dbt } : {}),
  };
  const testRuns: ModelRun[][] = [];
  let tested = await timed("tester", (step) => testerStep({ catalog, plan, translations, ...sandbox, sandboxId: `${runId}_t1` }, { ...step, onProgress: band("tester") }));
  testRuns.push(tested.runs);

  const maxRepairs = options.maxRepairs ?? DEFAULT_MAX_REPAIRS;
  let repairs: RepairRecord[] = [];
  let declined: Record<string, string> = {};
  const [from, to] = PROGRESS_BANDS.rebuilder;
  for (let round = 1; round <= maxRepairs; round++) {
    if (!tested.runs.some((r) => !r.ok)) break;
    const width = (to - from) / maxRepairs;
    const start = from + width * (round - 1);
    const rebuilt = await timed("rebuilder", (step) =>
      rebuilderStep({ catalog, plan, translations, runs: tested.runs, repairs, declined, maxAttempts: maxRepairs }, { ...step, onProgress: band("rebuilder", [start, start + width / 3]), ...(options.llm ? { llm: options.llm } : {}) }),
    );
    translations = rebuilt.translations;
    repairs = rebuilt.repairs;
    declined = rebuilt.declined;
    if (!rebuilt.repaired.length) break;
    tested = await timed("tester", (step) =>
      testerStep({ catalog, plan, translations, ...sandbox, sandboxId: `${runId}_t${round + 1}` }, { ...step, onProgress: band("tester", [start + width / 3, start + width]) }),
    );
    testRuns.push(tested.runs);
  }

  const evaluated = await timed("evaluator", (step) =>
    evaluatorStep({ catalog, plan, translations, ...sandbox, sandboxId: `${runId}_e`, ...(options.exportDir ? { exportDir: options.exportDir } : {}) }, { ...step, onProgress: band("evaluator") }),
  );

  const unlinted = await timed("report", () =>
    reportStep(
      {
        catalog,
        assessment,
        plan,
        translations,
        runs: evaluated.runs,
        repairs,
        evaluations: evaluated.evaluations,
        placeholders: evaluated.placeholders,
        warnings: evaluated.warnings,
        ...(expected ? { expected } : {}),
        ...(options.generatedAt ? { generatedAt: options.generatedAt } : {}),
      },
      { onProgress: band("report") },
    ),
  );
  const reported = options.lint ? await timed("report", (step) => lintStep(unlinted, step.signal ? { signal: step.signal } : {})) : unlinted;
  if (options.outDir) await timed("write", () => writeFiles(options.outDir!, reported.files));

  return {
    ...reported,
    state: {
      catalog,
      assessment,
      plan,
      translations,
      testRuns,
      repairs,
      declined,
      runs: evaluated.runs,
      evaluations: evaluated.evaluations,
      placeholders: evaluated.placeholders,
      exported: evaluated.exported,
    },
    timings,
  };
}

/**
 * Reads the input into a Catalog (a catalog given as data is validated against the schema). Throws InputError
 * when the input is unusable: unreadable, or holding no object to migrate.
 */
export function ingestStep(input: PipelineInput, options: { database?: string; maxInputBytes?: number } = {}, hooks: { onProgress?: ProgressFn } = {}): Catalog {
  const onProgress: ProgressFn = hooks.onProgress ?? (() => {});
  const what = input.kind === "catalog" ? "the catalog" : input.kind === "files" ? `${input.files.length} files` : input.file;
  onProgress({ agent: "ingest", kind: "step_started", message: `reading ${what}`, progress: 0 });
  let catalog: Catalog;
  if (input.kind === "catalog") {
    const parsed = ZCatalog.safeParse(input.catalog);
    if (!parsed.success) throw new InputError(`the catalog is not valid: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    catalog = parsed.data; // it names its database
  } else {
    catalog = ingest(input, { ...(options.database ? { database: options.database } : {}), ...(options.maxInputBytes !== undefined ? { maxInputBytes: options.maxInputBytes } : {}) });
  }
  const objects = catalog.tables.length + catalog.views.length + catalog.procedures.length + catalog.functions.length + catalog.triggers.length;
  if (objects === 0) {
    const errors = catalog.diagnostics.filter((d) => d.severity === "error").slice(0, 3);
    throw new InputError(
      `${what} holds no tables, views, procedures or functions to migrate${errors.length ? ` (${errors.map((d) => `${d.file}:${d.line}: ${d.message}`).join("; ")})` : ""}`,
    );
  }
  for (const d of catalog.diagnostics) {
    if (d.severity !== "info") onProgress({ agent: "ingest", kind: "warning", message: `${d.file}:${d.line}: ${d.message}`, progress: 0.5 });
  }
  const rows = catalog.tables.reduce((n, t) => n + (t.data?.rows.length ?? 0), 0);
  onProgress({
    agent: "ingest",
    kind: "step_finished",
    message: `database ${catalog.database}: ${catalog.tables.length} tables (${rows} rows), ${catalog.views.length} views, ${catalog.procedures.length} procedures, ${catalog.functions.length} functions, ${catalog.triggers.length} triggers`,
    progress: 1,
  });
  return catalog;
}

/** Reads an expected-results folder, turning a missing or broken manifest into an InputError. */
export async function readExpected(folder: string): Promise<ExpectedResult[]> {
  try {
    await fs.access(path.join(folder, "manifest.json"));
  } catch {
    throw new InputError(`${folder} holds no manifest.json (expected results: manifest.json + CSV files, see the Northwind fixture's README)`, folder);
  }
  try {
    return await readExpectedResults(folder);
  } catch (error) {
    throw new InputError(`the expected results in ${folder} cannot be read: ${(error as Error).message}`, folder);
  }
}

const GENERATED_MARK = "Generated by DataMigrate AI";
const GENERATED_DIRS = ["models", "macros", "tests", "review"];

/**
 * Writes the project under `dir`. When `dir` already holds a project this tool generated, its generated folders
 * are removed first, so models of objects that no longer exist do not linger; anything else is left alone.
 */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  const previous = await fs.readFile(path.join(dir, "dbt_project.yml"), "utf8").catch(() => "");
  if (previous.includes(GENERATED_MARK)) {
    for (const sub of GENERATED_DIRS) await fs.rm(path.join(dir, sub), { recursive: true, force: true });
  }
  const dirs = new Set(Object.keys(files).map((p) => path.dirname(path.join(dir, p))));
  for (const d of dirs) await fs.mkdir(d, { recursive: true });
  await Promise.all(Object.entries(files).map(([p, content]) => fs.writeFile(path.join(dir, p), content, "utf8")));
}
