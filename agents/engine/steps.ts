import path from "node:path";
import pLimit from "p-limit";
import type postgres from "postgres";
import { assess } from "~/agents/assess";
import { type Catalog, type DataType, objectKey, type Parameter, type Table } from "~/agents/catalog/schema";
import { compileModel, JinjaError, type MacroLibrary, parseMacros, relationResolvers, tableTests, writeProject } from "~/agents/dbt";
import type { DataTest as YamlDataTest } from "~/agents/dbt/tests";
import { type CompareOptions, compareResults, type ResultSet } from "~/agents/evaluate/compare";
import { evaluateQuery, evaluateRelation, fetchResult, notCompared } from "~/agents/evaluate/evaluate";
import { type ExpectedResult } from "~/agents/evaluate/expected";
import { exportQueryToCsv } from "~/agents/evaluate/export";
import { plan as planProject, type PlanOptions } from "~/agents/plan";
import { planResolver, translatePlan } from "~/agents/plan/resolver";
import { type TranslatableObject, translateObject, type TranslationResult } from "~/agents/translate";
import { repair } from "~/agents/rebuild/repair";
import { markdownReport } from "~/agents/report";
import { loadCatalog } from "~/agents/sandbox/load";
import { createSandbox, dropSandbox, type Sandbox } from "~/agents/sandbox/sandbox";
import type { DataTest } from "~/agents/tester/data-tests";
import { formatRunError, runErrorOf } from "~/agents/tester/errors";
import { buildOrder, DEFAULT_TARGET_SCHEMA, modelRelation, type ModelToTest, testProject } from "~/agents/tester/test-project";
import type {
  AssessedObject,
  Assessment,
  Comparison,
  MigrationReport,
  ModelRun,
  ObjectStatus,
  Plan,
  PlannedModel,
  ReportEntry,
  Translation,
  TranslationIssue,
} from "./types";

/**
 * The six agent steps of a migration (plus the report), as functions over plain data.
 *
 * Every input and output is JSON-serialisable (no class instances, Maps or functions), so the worker can wrap
 * each step in a LangGraph node and checkpoint the state between them. The only non-data arguments are the
 * optional `hooks` (progress callback, LLM hook), which the worker supplies again when it resumes.
 *
 *   assessmentStep({ catalog })                                        → { assessment }
 *   plannerStep({ catalog, assessment })                               → { plan }
 *   executorStep({ catalog, plan }, { llm })                           → { translations }
 *   testerStep({ catalog, plan, translations, adminUrl, sandboxId })   → { runs, load, placeholders }
 *   rebuilderStep({ catalog, plan, translations, runs, repairs })      → { translations, repairs, repaired }
 *   evaluatorStep({ …, adminUrl, sandboxId, expected, exportDir })     → { runs, evaluations, exported, … }
 *   reportStep({ catalog, assessment, plan, translations, runs, … })   → { report, markdown, files }
 *
 * The Tester and the Evaluator each create their own sandbox (database + role `dm_sandbox_<sandboxId>`), load the
 * catalog's tables and data, build every model, and drop the sandbox before returning, whatever happened. A
 * sandbox left behind by a killed run under the same id is dropped first, so a resumed run simply redoes the step.
 * Building is deterministic, so the Evaluator's own build gives the same results as the Tester's last one.
 */

// ---------------------------------------------------------------------------------------------------------------
// Hooks

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
};

/**
 * Asks Claude (or anything else) for a translation of an object the rules flagged (`needs_review`) or a model
 * that failed in the Tester and that no repair rule could fix. Return null to keep what there is. Whatever it
 * returns is built and tested like any other translation before it can be `validated`.
 */
export type LlmHook = (object: LlmObject, context: LlmContext) => Promise<Translation | null>;

export type StepHooks = { onProgress?: ProgressFn };
export type LlmStepHooks = StepHooks & {
  llm?: LlmHook;
  /** How many LLM calls one step makes at once (default 4). */
  llmConcurrency?: number;
};

export const DEFAULT_LLM_CONCURRENCY = 4;

// ---------------------------------------------------------------------------------------------------------------
// 1. Assessment, 2. Planner

export function assessmentStep(input: { catalog: Catalog }, hooks: StepHooks = {}): { assessment: Assessment } {
  const progress = reporter("assessment", hooks.onProgress);
  progress.start(`assessing ${countText(input.catalog)}`);
  const assessment = assess(input.catalog);
  for (const warning of assessment.warnings) progress.warn(warning);
  const c = assessment.counts;
  progress.finish(`${c.rules ?? 0} by rules, ${c.llm ?? 0} for the LLM, ${c.manual ?? 0} for a person; estimated LLM cost $${assessment.estimatedLlmCostUsd.toFixed(2)}`);
  return { assessment };
}

/** Plain-data planner options (the plan function's `area` callback cannot be checkpointed). */
export type PlannerOptions = Pick<PlanOptions, "projectName" | "profile">;

export function plannerStep(input: { catalog: Catalog; assessment: Assessment; options?: PlannerOptions }, hooks: StepHooks = {}): { plan: Plan } {
  const progress = reporter("planner", hooks.onProgress);
  progress.start("mapping objects to dbt models");
  const plan = planProject(input.catalog, input.assessment, input.options ?? {});
  const layers = count(plan.models.map((m) => m.layer));
  progress.finish(`${plan.models.length} entries: ${Object.entries(layers).map(([k, v]) => `${v} ${k}`).join(", ")}; ${plan.order.length} models to build`);
  return { plan };
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Executor

/**
 * Translates every view, procedure and function with the rules, in build order and with the plan's model names
 * (translatePlan), then offers each object the rules flagged to the LLM hook, when there is one.
 */
export async function executorStep(input: { catalog: Catalog; plan: Plan }, hooks: LlmStepHooks = {}): Promise<{ translations: Translation[] }> {
  const progress = reporter("executor", hooks.onProgress);
  const { catalog, plan } = input;
  progress.start(`translating ${plan.models.filter((m) => m.layer !== "staging" && m.layer !== "review").length} objects`);
  const results = translateEach(catalog, plan);
  const modelByKey = new Map(plan.models.map((m) => [m.key, m]));
  const translations: Translation[] = results.map((r) => ({
    key: r.key,
    model: modelByKey.get(r.key)?.name ?? r.model,
    sql: r.sql,
    status: r.status,
    issues: r.issues,
    constructs: r.constructs,
    by: r.by,
  }));
  let done = 0;
  const finished = (t: Translation) => {
    const note = t.status === "needs_review" ? `needs review: ${issuesText(t.issues)}` : `translated by ${t.by}`;
    progress.object(t.model, note, ++done / Math.max(1, translations.length));
  };
  // The rules answer at once; LLM calls take seconds each, so the flagged objects are asked concurrently.
  const limit = pLimit(hooks.llmConcurrency ?? DEFAULT_LLM_CONCURRENCY);
  await Promise.all(
    translations.map((t, i) => {
      const object = t.status === "needs_review" && hooks.llm ? llmObject(catalog, plan, t.key) : undefined;
      if (!object || !hooks.llm) {
        finished(t);
        return undefined;
      }
      const llm = hooks.llm;
      return limit(async () => {
        const answer = await llm(object, { agent: "executor", translation: t, issues: t.issues, refs: refsFor(plan, t.key), vars: modelByKey.get(t.key)?.vars ?? [] });
        if (answer) translations[i] = { ...answer, key: t.key, model: t.model, by: answer.by === "rules" ? "llm" : answer.by };
        finished(translations[i]!);
      });
    }),
  );
  const flagged = translations.filter((t) => t.status === "needs_review").length;
  progress.finish(`${translations.length - flagged} translated, ${flagged} need review`);
  return { translations };
}

/**
 * translatePlan's walk (macros first, then the build order, each result's columns registered for its dependants),
 * one object at a time, so that a translator crash on one object becomes that object's `needs_review` instead of
 * stopping the migration.
 */
function translateEach(catalog: Catalog, plan: Plan): TranslationResult[] {
  try {
    return translatePlan(catalog, plan);
  } catch {
    // Redo it object by object to find out which one(s) the translator cannot handle.
  }
  const resolver = planResolver(catalog, plan);
  const objects = new Map<string, TranslatableObject>(
    [...catalog.functions, ...catalog.views, ...catalog.procedures].map((o) => [objectKey(o.schema, o.name), o]),
  );
  const keyOf = new Map(plan.models.map((m) => [m.name, m.key]));
  const results: TranslationResult[] = [];
  for (const name of [...plan.models.filter((m) => m.layer === "macro").map((m) => m.name), ...plan.order]) {
    const key = keyOf.get(name) ?? "";
    const object = objects.get(key);
    if (!object) continue;
    try {
      const result = translateObject(object, { catalog, resolver });
      if (result.columns.length) resolver.register(result.key, result.columns);
      results.push(result);
    } catch (error) {
      const issue = { construct: "translator error", ...(object.location ? { line: object.location.line } : {}), message: `the translator failed: ${(error as Error).message}` };
      results.push({ key, model: name, sql: "", status: "needs_review", issues: [issue], constructs: [], by: "rules", columns: [], dependsOn: [], vars: [], form: "model" });
    }
  }
  return results;
}

// ---------------------------------------------------------------------------------------------------------------
// Building in a sandbox (shared by the Tester and the Evaluator)

export type SandboxInput = {
  catalog: Catalog;
  plan: Plan;
  translations: Translation[];
  /** Superuser URL of the PostgreSQL server that hosts the sandbox. */
  adminUrl: string;
  /** `[a-z0-9_]{1,40}`: the sandbox is `dm_sandbox_<sandboxId>`. Reusing an id replaces that sandbox. */
  sandboxId: string;
  /** Project-wide dbt vars for the build (`--vars`), over dbt_project.yml's defaults. */
  vars?: Record<string, unknown>;
  /**
   * Expected results. The Tester builds a procedure with its first entry's params (under `vars`), so the built
   * model returns real rows; the Evaluator compares every entry.
   */
  expected?: ExpectedResult[];
  /** Per-statement limit in the sandbox (default 30 s). */
  statementTimeoutMs?: number;
};

export type LoadSummary = { tables: number; rows: number; ms: number; warnings: string[] };

/** Vars without a value (no default, none given) that a build filled with a placeholder, per model. */
export type Placeholders = Record<string, Record<string, string>>;

type Build = {
  sandbox: Sandbox;
  runs: ModelRun[];
  load: LoadSummary;
  placeholders: Placeholders;
  resolvers: ReturnType<typeof relationResolvers>;
  macros: MacroLibrary;
};

/**
 * Creates the sandbox (dropping a leftover of the same id), loads the catalog, compiles and builds every model
 * in dependency order with its data tests, runs `run` on it, and always drops the sandbox.
 */
async function withBuild<T>(input: SandboxInput, progress: Reporter, run: (build: Build) => Promise<T>): Promise<T> {
  await dropSandbox(input.adminUrl, input.sandboxId).catch(() => {});
  const sandbox = await createSandbox({
    adminUrl: input.adminUrl,
    id: input.sandboxId,
    ...(input.statementTimeoutMs !== undefined ? { statementTimeoutMs: input.statementTimeoutMs } : {}),
  });
  try {
    const loaded = await loadCatalog(sandbox.sql, input.catalog);
    const load = { tables: loaded.tables, rows: loaded.rows, ms: Math.round(loaded.ms), warnings: loaded.warnings };
    progress.note(`sandbox ${sandbox.database}: ${load.tables} tables, ${load.rows} rows loaded in ${load.ms} ms`, 0.1);
    for (const w of load.warnings) progress.warn(w);

    let started = performance.now();
    const compiled = compileProject(input);
    const { models, failures } = compiled;
    const compileMs = Math.round(performance.now() - started);
    const tested = await testProject({ sandbox, plan: input.plan, models: models.map((m) => m.model), targetSchema: DEFAULT_TARGET_SCHEMA, reset: true });
    started = performance.now();
    await runSingularTests(sandbox.sql, compiled.singularTests, tested.runs);
    progress.note(
      `compiled ${models.length} models in ${compileMs} ms, built them with their data tests in ${Math.round(tested.ms)} ms, ${compiled.singularTests.length} singular tests in ${Math.round(performance.now() - started)} ms`,
      0.2,
    );
    const byName = new Map([...tested.runs, ...failures].map((r) => [r.model, r]));
    const runs = buildOrder(input.plan, [...models.map((m) => m.model), ...failures.map((f) => ({ name: f.model }))]).map((name) => byName.get(name)!);
    return await run({ sandbox, runs, load, placeholders: compiled.placeholders, resolvers: compiled.resolvers, macros: compiled.macros });
  } finally {
    await sandbox.dispose();
  }
}

type CompiledProject = {
  models: { model: ModelToTest; planned: PlannedModel }[];
  /** Models that could not be compiled or have no SQL, and everything downstream of them. */
  failures: ModelRun[];
  placeholders: Placeholders;
  singularTests: { name: string; model: string; sql: string }[];
  resolvers: ReturnType<typeof relationResolvers>;
  macros: MacroLibrary;
};

/**
 * Compiles the project's models as dbt would (the staging files the writer produces, the translations' SQL for
 * the rest, the project's macros), with the build vars, and gathers the data tests generated from the tables'
 * constraints: generic ones as Tester specs, singular ones (composite keys, CHECKs) as compiled SQL.
 */
function compileProject(input: SandboxInput): CompiledProject {
  const { catalog, plan, translations } = input;
  const files = writeProject(catalog, plan, translations);
  const macros: MacroLibrary = {};
  for (const [path, content] of files) if (path.startsWith("macros/") && path.endsWith(".sql")) parseMacros(content, macros);
  const resolvers = relationResolvers(catalog, plan, DEFAULT_TARGET_SCHEMA);
  const translationOf = new Map(translations.map((t) => [t.model, t]));
  const built = new Set(plan.order);
  const planned = plan.models.filter((m) => built.has(m.name));
  const firstEntryVars = firstExpectedVars(plan, input.expected ?? []);
  const placeholders: Placeholders = {};
  const failures: ModelRun[] = [];
  const failed = new Map<string, string>();
  const models: CompiledProject["models"] = [];

  const stagingModel = new Map(plan.models.filter((m) => m.layer === "staging").map((m) => [m.key, m.name]));
  const tables = new Map(catalog.tables.map((t) => [objectKey(t.schema, t.name), t]));

  const plannedByName = new Map(planned.map((m) => [m.name, m]));
  for (const name of buildOrder(plan, planned)) {
    const m = plannedByName.get(name)!;
    const upstream = m.dependsOn.find((d) => failed.has(d));
    if (upstream !== undefined) {
      failures.push({ model: name, ok: false, error: `skipped: upstream model ${upstream} ${failed.get(upstream)}`, tests: [] });
      failed.set(name, "failed");
      continue;
    }
    const source = m.layer === "staging" ? files.get(m.path) : translationOf.get(name)?.sql;
    if (source === undefined || !source.trim()) {
      failures.push({ model: name, ok: false, error: "not built: there is no SQL for it (the translator could not read the object)", tests: [] });
      failed.set(name, "was not built");
      continue;
    }
    const { vars, filled } = buildVars(catalog, m, input.vars ?? {}, firstEntryVars[name] ?? {});
    if (Object.keys(filled).length) placeholders[name] = filled;
    let compiledSql: string;
    let materialized = m.materialized;
    try {
      const compiled = compileModel(source, { ...resolvers, vars, macros, this: modelRelation(name) });
      if (compiled.config.enabled === false) {
        failures.push({ model: name, ok: false, error: "not built: the model is disabled (not translated)", tests: [] });
        failed.set(name, "was not built");
        continue;
      }
      const configured = compiled.config.materialized;
      if (configured === "view" || configured === "table" || configured === "ephemeral" || configured === "incremental") materialized = configured;
      compiledSql = compiled.sql;
    } catch (error) {
      const message = error instanceof JinjaError ? `dbt compilation error: ${error.message}` : `dbt compilation error: ${(error as Error).message}`;
      failures.push({ model: name, ok: false, error: message, tests: [] });
      failed.set(name, "failed");
      continue;
    }
    const dataTests = m.layer === "staging" ? genericTests(tables.get(m.key), name, stagingModel) : [];
    models.push({ model: { name, materialized, compiledSql, ...(dataTests.length ? { dataTests } : {}) }, planned: m });
  }

  // Singular tests (composite keys, CHECK expressions), attached to the model they test (their first ref).
  const singularTests: CompiledProject["singularTests"] = [];
  for (const table of catalog.tables) {
    const model = stagingModel.get(objectKey(table.schema, table.name));
    if (!model || failed.has(model)) continue;
    for (const test of tableTests(table, model, (key) => stagingModel.get(key)).singular) {
      try {
        const compiled = compileModel(test.sql, { ...resolvers, macros });
        if (compiled.refs.some((r) => failed.has(r))) continue;
        singularTests.push({ name: test.name, model: compiled.refs[0] ?? model, sql: compiled.sql });
      } catch {
        // A test the compiler cannot render is the writer's bug; the model is still built.
      }
    }
  }
  return { models, failures, placeholders, singularTests, resolvers, macros };
}

/** The generic tests the writer puts in YAML (`not_null`, `unique`, relationships, accepted_values) as Tester specs. */
function genericTests(table: Table | undefined, model: string, stagingModel: Map<string, string>): DataTest[] {
  if (!table) return [];
  const out: DataTest[] = [];
  for (const [column, tests] of tableTests(table, model, (key) => stagingModel.get(key)).columns) {
    for (const test of tests) {
      const spec = dataTestSpec(column, test);
      if (spec) out.push(spec);
    }
  }
  return out;
}

function dataTestSpec(column: string, test: YamlDataTest): DataTest | undefined {
  if (test === "not_null" || test === "unique") return { type: test, column };
  if (typeof test !== "object") return undefined;
  if (test.relationships) {
    const to = /^ref\('(.+)'\)$/.exec(String(test.relationships.to ?? ""))?.[1];
    const field = unquoteIdent(String(test.relationships.field ?? ""));
    return to && field ? { type: "relationships", column, to, field } : undefined;
  }
  if (test.accepted_values) {
    const values = test.accepted_values.values;
    return Array.isArray(values) ? { type: "accepted_values", column, values: values.map((v) => String(v)) } : undefined;
  }
  return undefined;
}

function unquoteIdent(text: string): string {
  return text.startsWith('"') && text.endsWith('"') && text.length >= 2 ? text.slice(1, -1).replaceAll('""', '"') : text;
}

/** Counts each singular test's failing rows and records it on the run of the model it tests. */
async function runSingularTests(sql: postgres.Sql, tests: CompiledProject["singularTests"], runs: ModelRun[]) {
  const byModel = new Map(runs.map((r) => [r.model, r]));
  for (const test of tests) {
    const run = byModel.get(test.model);
    if (!run?.ok) continue;
    try {
      const [row] = await sql.unsafe<{ n: string }[]>(`select count(*) as n from (\n${test.sql}\n) as t`, [], { prepare: false });
      const failures = Number(row?.n ?? 0);
      run.tests.push({ name: test.name, ok: failures === 0, failures });
    } catch (error) {
      run.tests.push({ name: test.name, ok: false, failures: 0, error: formatRunError(runErrorOf(error)) });
    }
  }
}

/** Vars a model is built with: placeholders for required vars with no value, under the first expected entry's params, under `vars`. */
function buildVars(catalog: Catalog, m: PlannedModel, projectVars: Record<string, unknown>, entryVars: Record<string, unknown>) {
  const vars: Record<string, unknown> = { ...entryVars, ...projectVars };
  const filled: Record<string, string> = {};
  if (m.vars.length) {
    const parameters = parametersOf(catalog, m.key);
    for (const v of m.vars) {
      if (v.default !== undefined || v.name in vars) continue;
      const parameter = parameters.find((p) => p.name.toLowerCase() === v.name.toLowerCase());
      const value = placeholderFor(parameter?.type);
      filled[v.name] = value;
      vars[v.name] = value;
    }
  }
  return { vars, filled };
}

function parametersOf(catalog: Catalog, key: string): Parameter[] {
  const match = (o: { schema: string; name: string }) => objectKey(o.schema, o.name) === key;
  return catalog.procedures.find(match)?.parameters ?? catalog.functions.find(match)?.parameters ?? [];
}

/** A value of the parameter's type that any cast accepts: the model is built to prove it runs, not for its rows. */
function placeholderFor(type: DataType | undefined): string {
  const name = type?.name.toLowerCase() ?? "";
  if (/^(bigint|int|integer|smallint|tinyint|bit|decimal|numeric|dec|money|smallmoney|float|real)$/.test(name)) return "0";
  if (/^(date|datetime|datetime2|smalldatetime)$/.test(name)) return "1900-01-01";
  if (name === "datetimeoffset") return "1900-01-01 00:00:00+00";
  if (name === "time") return "00:00:00";
  if (name === "uniqueidentifier") return "00000000-0000-0000-0000-000000000000";
  return "";
}

/** Per model, the params of the first expected entry of its object. */
function firstExpectedVars(plan: Plan, expected: ExpectedResult[]): Record<string, Record<string, string>> {
  const modelOf = new Map(plan.models.map((m) => [m.key, m.name]));
  const out: Record<string, Record<string, string>> = {};
  for (const e of expected) {
    const model = modelOf.get(e.key);
    if (model && !(model in out) && Object.keys(e.vars).length) out[model] = e.vars;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// 4. Tester

export type TesterOutput = {
  /** One run per built model, in build order (dependencies first). */
  runs: ModelRun[];
  load: LoadSummary;
  placeholders: Placeholders;
  ms: number;
};

/**
 * Builds the whole project in a fresh sandbox: source tables from the translated DDL loaded with the catalog's
 * data, every model compiled (Jinja) and created in dependency order, row counts, then every generated data test.
 * A model downstream of a failure is not run (`skipped: upstream model X failed`).
 */
export async function testerStep(input: SandboxInput, hooks: StepHooks = {}): Promise<TesterOutput> {
  const started = performance.now();
  const progress = reporter("tester", hooks.onProgress);
  progress.start(`building ${input.plan.order.length} models in sandbox ${input.sandboxId}`);
  return withBuild(input, progress, async ({ runs, load, placeholders }) => {
    runs.forEach((run, i) => progress.object(run.model, runText(run), 0.1 + (0.9 * (i + 1)) / Math.max(1, runs.length)));
    const failed = runs.filter((r) => !r.ok).length;
    const tests = runs.flatMap((r) => r.tests);
    const failedTests = tests.filter((t) => !t.ok).length;
    progress.finish(`${runs.length - failed} of ${runs.length} models built; ${tests.length - failedTests} of ${tests.length} data tests passed`);
    return { runs, load, placeholders, ms: Math.round(performance.now() - started) };
  });
}

function runText(run: ModelRun): string {
  if (!run.ok) return `failed: ${firstLine(run.error ?? "")}`;
  const failedTests = run.tests.filter((t) => !t.ok);
  return `built, ${run.rows ?? 0} rows${run.tests.length ? `, ${run.tests.length - failedTests.length}/${run.tests.length} data tests passed` : ""}`;
}

// ---------------------------------------------------------------------------------------------------------------
// 5. Rebuilder

/** One repair the Rebuilder made: the model, which attempt, what made it and the error it answered. */
export type RepairRecord = { model: string; attempt: number; by: "repair" | "llm"; rule: string; error: string };

export type RebuilderInput = {
  catalog: Catalog;
  plan: Plan;
  translations: Translation[];
  /** The Tester's last runs. */
  runs: ModelRun[];
  /** Repairs made so far (the bound is per model, over the whole migration). */
  repairs?: RepairRecord[];
  /** Most repairs per model (default 2). */
  maxAttempts?: number;
  /** Model → the error nothing could repair in an earlier round: not offered again while the error is the same. */
  declined?: Record<string, string>;
};

export type RebuilderOutput = {
  translations: Translation[];
  /** All repairs so far, this round's included. */
  repairs: RepairRecord[];
  /** Models changed this round: re-test when not empty. */
  repaired: string[];
  declined: Record<string, string>;
};

export const DEFAULT_MAX_REPAIRS = 2;

/**
 * For every model that failed in the Tester (not skipped for an upstream failure) and still has repair attempts
 * left: a rule-based repair from PostgreSQL's error, else the LLM hook when there is one. Pure apart from the hook.
 */
export async function rebuilderStep(input: RebuilderInput, hooks: LlmStepHooks = {}): Promise<RebuilderOutput> {
  const progress = reporter("rebuilder", hooks.onProgress);
  const maxAttempts = input.maxAttempts ?? DEFAULT_MAX_REPAIRS;
  const repairs = [...(input.repairs ?? [])];
  const translations = [...input.translations];
  const index = new Map(translations.map((t, i) => [t.model, i]));
  const plannedByName = new Map(input.plan.models.map((m) => [m.name, m]));
  const candidates = input.runs.filter((r) => !r.ok && r.error && !r.error.startsWith("skipped:") && !r.error.startsWith("not built:") && index.has(r.model));
  progress.start(`${candidates.length} failed model${candidates.length === 1 ? "" : "s"} to repair`);
  const repaired: string[] = [];
  const declined = { ...(input.declined ?? {}) };
  let finishedCount = 0;
  const limit = pLimit(hooks.llmConcurrency ?? DEFAULT_LLM_CONCURRENCY);
  // Rules first, synchronously; what they cannot repair goes to the LLM hook, several models at a time.
  await Promise.all(
    candidates.map((run) => {
      const done = (text: string) => progress.object(run.model, text, ++finishedCount / candidates.length);
      if (declined[run.model] === run.error) return done("no repair for this error (tried before)");
      const attempt = repairs.filter((r) => r.model === run.model).length + 1;
      if (attempt > maxAttempts) return done(`no attempts left (${maxAttempts} made)`);
      const at = index.get(run.model)!;
      const translation = translations[at]!;
      const fix = repair(translation, run, input.catalog);
      if (fix) {
        translations[at] = { ...translation, sql: fix.sql, by: "repair" };
        repairs.push({ model: run.model, attempt, by: "repair", rule: fix.rule, error: run.error! });
        repaired.push(run.model);
        return done(`attempt ${attempt}: repaired by rule ${fix.rule}`);
      }
      const planned = plannedByName.get(run.model);
      const object = planned && hooks.llm ? llmObject(input.catalog, input.plan, planned.key) : undefined;
      const decline = () => {
        declined[run.model] = run.error!;
        done(`no repair for: ${firstLine(run.error!)}`);
      };
      if (!object || !planned || !hooks.llm) return decline();
      const llm = hooks.llm;
      return limit(async () => {
        const answer = await llm(object, {
          agent: "rebuilder",
          translation,
          issues: translation.issues,
          pgError: run.error!,
          ...(run.compiledSql !== undefined ? { compiledSql: run.compiledSql } : {}),
          refs: refsFor(input.plan, planned.key),
          vars: planned.vars,
          attempt,
        });
        if (answer && answer.sql.trim() && answer.sql !== translation.sql) {
          translations[at] = { ...answer, key: translation.key, model: translation.model, by: "llm" };
          repairs.push({ model: run.model, attempt, by: "llm", rule: "llm", error: run.error! });
          repaired.push(run.model);
          return done(`attempt ${attempt}: rewritten by the LLM`);
        }
        decline();
      });
    }),
  );
  // Concurrent answers arrive in any order: keep the records deterministic for reports and resumed runs.
  repairs.sort((a, b) => a.model.localeCompare(b.model) || a.attempt - b.attempt);
  repaired.sort();
  progress.finish(repaired.length ? `repaired ${repaired.length}: ${repaired.join(", ")}` : "nothing repaired");
  return { translations, repairs, repaired, declined };
}

// ---------------------------------------------------------------------------------------------------------------
// 6. Evaluator

/** One comparison: a model with its input data (table), an expected result (view), or one manifest entry (procedure). */
export type Evaluation = {
  model: string;
  key: string;
  /** The expected CSV (relative to its manifest), or `input data` for a table. */
  source: string;
  params: Record<string, string>;
  comparison: Comparison;
};

export type EvaluatorInput = SandboxInput & {
  /** Write every built model's rows to `<exportDir>/<model>.csv` (header = column names). */
  exportDir?: string;
};

export type EvaluatorOutput = {
  /** The runs of the Evaluator's own build (the final state of every model). */
  runs: ModelRun[];
  evaluations: Evaluation[];
  placeholders: Placeholders;
  exported: { model: string; file: string; rows: number }[];
  /** Problems with the expected results (entries matching no object, CSVs disagreeing with their manifest). */
  warnings: string[];
  ms: number;
};

/**
 * Builds the project in a fresh sandbox and compares each model's output:
 * - a table's staging model with the rows of the input (when the input holds data): the rows SQL Server's table
 *   would return;
 * - a view's model relation with its expected result;
 * - a procedure's model compiled once per manifest entry, with that entry's params as dbt vars.
 * Optionally exports every built model's rows as CSV.
 */
export async function evaluatorStep(input: EvaluatorInput, hooks: StepHooks = {}): Promise<EvaluatorOutput> {
  const started = performance.now();
  const progress = reporter("evaluator", hooks.onProgress);
  const expected = input.expected ?? [];
  progress.start(`comparing ${input.plan.order.length} models with ${expected.length} expected results and the input data`);
  return withBuild(input, progress, async ({ sandbox, runs, placeholders, resolvers, macros }) => {
    const { catalog, plan } = input;
    const warnings: string[] = [];
    const evaluations: Evaluation[] = [];
    const runOf = new Map(runs.map((r) => [r.model, r]));
    const modelByKey = new Map(plan.models.map((m) => [m.key, m]));
    const translationOf = new Map(input.translations.map((t) => [t.model, t]));
    for (const e of expected) for (const p of e.problems) warnings.push(`${e.entry.file}: ${p}`);

    const connection = await sandbox.sql.reserve();
    try {
      // Tables: the staging model against the input's rows.
      const hasData = catalog.tables.some((t) => t.data);
      const work: (() => Promise<void>)[] = [];
      for (const table of catalog.tables) {
        const m = modelByKey.get(objectKey(table.schema, table.name));
        if (!m || m.layer !== "staging" || !runOf.get(m.name)?.ok || !hasData) continue;
        work.push(async () => {
          const comparison = await compareTableData(connection, m.name, table);
          evaluations.push({ model: m.name, key: m.key, source: "input data", params: {}, comparison });
        });
      }
      // Views and procedures: the expected results.
      for (const e of expected) {
        const m = modelByKey.get(e.key);
        if (!m || !plan.order.includes(m.name)) {
          warnings.push(`${e.entry.file}: ${e.entry.object} matches no built model`);
          continue;
        }
        const run = runOf.get(m.name);
        if (!run?.ok) continue;
        work.push(async () => {
          let comparison: Comparison;
          if (m.kind === "view") {
            comparison = await evaluateRelation(connection, modelRelation(m.name), e, COMPARE);
          } else {
            const sql = translationOf.get(m.name)?.sql ?? "";
            try {
              const compiled = compileModel(sql, { ...resolvers, macros, vars: e.vars, this: modelRelation(m.name) });
              comparison = await evaluateQuery(connection, compiled.sql, e, COMPARE);
            } catch (error) {
              comparison = notCompared(`could not compile the model with the params ${JSON.stringify(e.vars)}: ${(error as Error).message}`, e.result.rows.length);
            }
          }
          evaluations.push({ model: m.name, key: m.key, source: e.entry.file, params: e.vars, comparison });
        });
      }
      for (let i = 0; i < work.length; i++) {
        await work[i]!();
        const last = evaluations.at(-1)!;
        progress.object(last.model, `${last.source}: ${comparisonText(last.comparison)}`, 0.1 + (0.8 * (i + 1)) / work.length);
      }
    } finally {
      connection.release();
    }

    const exported: EvaluatorOutput["exported"] = [];
    if (input.exportDir) {
      for (const run of runs.filter((r) => r.ok)) {
        const file = path.join(input.exportDir, `${run.model}.csv`);
        const { rows } = await exportQueryToCsv(sandbox.sql, `select * from ${modelRelation(run.model)}`, file);
        exported.push({ model: run.model, file, rows });
      }
      progress.note(`exported ${exported.length} models to ${input.exportDir}`, 1);
    }

    const statuses = count(evaluations.map((e) => e.comparison.status));
    progress.finish(`${evaluations.length} comparisons: ${Object.entries(statuses).map(([k, v]) => `${v} ${k}`).join(", ") || "none"}`);
    return { runs, evaluations, placeholders, exported, warnings, ms: Math.round(performance.now() - started) };
  });
}

const COMPARE: Omit<CompareOptions, "ordered"> = {};

/** The staging model's rows against the input's rows for its table, compared as the expected CSVs are. */
async function compareTableData(sql: postgres.ReservedSql, model: string, table: Table): Promise<Comparison> {
  const data = table.data ?? { columns: table.columns.map((c) => c.name), rows: [] };
  const columns = data.columns.map((name) => table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase()));
  if (columns.some((c) => !c)) return notCompared("the input's data names columns the table does not have", data.rows.length);
  // SQL Server returns char(n)/nchar(n) values padded with spaces to n, as PostgreSQL's char(n) does.
  const pad = columns.map((c) => (/^n?char$/.test(c!.type.name.toLowerCase()) && typeof c!.type.length === "number" ? c!.type.length : 0));
  const expected: ResultSet = {
    columns: columns.map((c) => ({ name: c!.name, type: typeText(c!.type) })),
    rows: data.rows.map((row) => row.map((v, i) => (v !== null && pad[i]! > v.length ? v.padEnd(pad[i]!, " ") : v))),
  };
  const list = columns.map((c) => `"${c!.name.replaceAll('"', '""')}"`).join(", ");
  let actual: ResultSet;
  try {
    actual = await fetchResult(sql, `select ${list} from ${modelRelation(model)}`);
  } catch (error) {
    return notCompared(`the query failed: ${formatRunError(runErrorOf(error))}`, expected.rows.length);
  }
  return compareResults(expected, actual, { ordered: false });
}

function typeText(type: DataType): string {
  const args = type.length !== undefined ? [type.length] : type.precision !== undefined ? [type.precision, ...(type.scale !== undefined ? [type.scale] : [])] : [];
  return `${type.name}${args.length ? `(${args.join(",")})` : ""}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Report

export type ReportInput = {
  catalog: Catalog;
  assessment: Assessment;
  plan: Plan;
  translations: Translation[];
  /** The final build's runs (the Evaluator's; the Tester's when there was no evaluation). */
  runs: ModelRun[];
  repairs?: RepairRecord[];
  evaluations?: Evaluation[];
  placeholders?: Placeholders;
  /** Extra diagnostics (e.g. the Evaluator's warnings about the expected results). */
  warnings?: string[];
  /** ISO time; default now (pass it for a deterministic report). */
  generatedAt?: string;
};

export type ReportOutput = {
  report: MigrationReport;
  markdown: string;
  /** The dbt project (path → content) with `migration_report.json` and `migration_report.md` at its root. */
  files: Record<string, string>;
};

export const REPORT_JSON = "migration_report.json";
export const REPORT_MARKDOWN = "migration_report.md";

/**
 * One entry per catalog object, with its status:
 * - validated: built, and every comparison (expected results, or a table's input rows) matched;
 * - mismatch: built, compared, differs (the reason and a short diff say how);
 * - executed: built, nothing to compare it with (the reason says so);
 * - needs_review: the translator flagged it (reason: each issue with its construct and line), or it cannot be
 *   built by dbt at all (triggers, unused macros); it is still built when it has SQL, and its rows are reported;
 * - failed: did not build after the repair attempts (reason: the last database error), or an upstream model failed.
 * Failing data tests are added to the reason of a model that built; they do not change its status.
 */
export function reportStep(input: ReportInput, hooks: StepHooks = {}): ReportOutput {
  const progress = reporter("report", hooks.onProgress);
  progress.start("writing the report and the dbt project");
  const { catalog, assessment, plan } = input;
  const modelByKey = new Map(plan.models.map((m) => [m.key, m]));
  const translationOf = new Map(input.translations.map((t) => [t.model, t]));
  const runOf = new Map(input.runs.map((r) => [r.model, r]));
  const repairs = input.repairs ?? [];
  const evaluationsOf = new Map<string, Evaluation[]>();
  for (const e of input.evaluations ?? []) evaluationsOf.set(e.model, [...(evaluationsOf.get(e.model) ?? []), e]);
  const display = displayNames(catalog);
  const macroUsers = macroCallers(plan, input.translations, runOf);

  const objects: ReportEntry[] = assessment.objects.map((o) => {
    const m = modelByKey.get(o.key);
    const t = m ? translationOf.get(m.name) : undefined;
    const run = m ? runOf.get(m.name) : undefined;
    const base = {
      object: display.get(o.key) ?? `${o.schema}.${o.name}`,
      kind: o.kind,
      model: m?.name ?? null,
      path: m?.path ?? null,
      constructs: [...new Set([...o.constructs, ...(t?.constructs ?? [])])],
      attempts: run && !run.error?.startsWith("skipped:") && !run.error?.startsWith("not built:") ? 1 + repairs.filter((r) => r.model === m!.name).length : 0,
      rows: run?.ok ? (run.rows ?? null) : null,
    };
    const entry = (status: ObjectStatus, reason: string | null, comparison: Comparison | null = null): ReportEntry => ({ ...base, status, reason, comparison });

    if (!m) return entry("failed", "the planner produced no model for it");
    if (m.layer === "review") return entry("needs_review", `${o.kind}: dbt has no equivalent; see the review note ${m.path}`);
    const flagged = t?.status === "needs_review" ? `the translator flagged it: ${issuesText(t.issues)}` : null;
    if (m.layer === "macro") {
      if (flagged) return entry("needs_review", flagged);
      const users = macroUsers.get(m.name) ?? [];
      return users.length
        ? entry("executed", `macro, run inside ${users.length} built model${users.length === 1 ? "" : "s"} (${users.slice(0, 5).join(", ")}); not compared on its own`)
        : entry("needs_review", "macro: no built model calls it, so it was never run");
    }
    if (!run) return entry(flagged ? "needs_review" : "failed", flagged ?? "the model was not built");
    const repairText = repairsText(repairs.filter((r) => r.model === m.name));
    if (!run.ok) {
      const error = run.error ?? "unknown error";
      const why = error.startsWith("skipped: ") ? error.slice("skipped: ".length) : error;
      if (flagged) return entry("needs_review", `${flagged}; and it did not build: ${why}`);
      const upstream = error.startsWith("skipped: ") || error.startsWith("not built:");
      return entry("failed", joinReasons(why, repairText ? `after ${repairText}` : !upstream && "no repair rule applies to this error"));
    }

    const tests = testsText(run);
    const evaluations = evaluationsOf.get(m.name) ?? [];
    const filled = input.placeholders?.[m.name];
    const comparison = evaluations.length ? combine(evaluations) : null;
    if (flagged) return entry("needs_review", joinReasons(flagged, comparison && `data ${comparisonText(comparison)}`, tests), comparison);
    if (!comparison) {
      const nothing =
        o.kind === "table" ? "nothing to compare with: the input holds no rows for any table" : `nothing to compare with: no expected result for this ${o.kind}`;
      const vars = filled ? `built with placeholder values for vars without a default (${Object.entries(filled).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ")})` : null;
      return entry("executed", joinReasons(nothing, vars, repairText && `built after ${repairText}`, tests), notCompared(nothing));
    }
    if (comparison.status === "match") return entry("validated", joinReasons(repairText && `built after ${repairText}`, tests), comparison);
    if (comparison.status === "mismatch") return entry("mismatch", joinReasons(comparison.reason ?? "the data differs", tests), comparison);
    const failedQuery = evaluations.find((e) => e.comparison.status === "not_compared" && /query failed|could not compile/.test(e.comparison.reason ?? ""));
    if (failedQuery) return entry("failed", `${failedQuery.source}: ${failedQuery.comparison.reason}`, comparison);
    return entry("executed", joinReasons(comparison.reason ?? "not compared", tests), comparison);
  });

  const summary: Record<string, number> = { total: objects.length, validated: 0, mismatch: 0, executed: 0, needs_review: 0, failed: 0 };
  for (const o of objects) summary[o.status]! += 1;
  const report: MigrationReport = {
    database: catalog.database,
    generatedAt: input.generatedAt ?? new Date().toISOString(),
    summary: summary as MigrationReport["summary"],
    objects,
    diagnostics: [
      ...catalog.diagnostics.map((d) => ({ severity: d.severity, file: d.file, line: d.line, message: d.message })),
      ...(input.warnings ?? []).map((message) => ({ severity: "warning", file: "expected results", line: 1, message })),
    ],
  };
  const markdown = markdownReport(report);
  const project = writeProject(catalog, plan, input.translations, report);
  const files: Record<string, string> = {};
  for (const [p, content] of project) files[p] = content;
  files[REPORT_JSON] = `${JSON.stringify(report, null, 2)}\n`;
  files[REPORT_MARKDOWN] = markdown;
  progress.finish(
    `${summary.validated} validated, ${summary.mismatch} mismatch, ${summary.executed} executed, ${summary.needs_review} need review, ${summary.failed} failed (of ${summary.total})`,
  );
  return { report, markdown, files };
}

/** Several comparisons of one object (a procedure's manifest entries) as one: the worst status, every diff. */
function combine(evaluations: Evaluation[]): Comparison {
  if (evaluations.length === 1) return evaluations[0]!.comparison;
  const rank = { match: 0, not_compared: 1, mismatch: 2 } as const;
  const worst = evaluations.reduce((a, e) => (rank[e.comparison.status] > rank[a] ? e.comparison.status : a), "match" as Comparison["status"]);
  const sum = (f: (c: Comparison) => number | undefined) => evaluations.reduce((s, e) => s + (f(e.comparison) ?? 0), 0);
  const parts = evaluations.map((e) => `${e.source} ${paramsText(e.params)}: ${comparisonText(e.comparison)}`);
  return {
    status: worst,
    expectedRows: sum((c) => c.expectedRows),
    actualRows: sum((c) => c.actualRows),
    diff: evaluations.flatMap((e) => e.comparison.diff.map((d) => `${e.source}: ${d}`)).slice(0, 12),
    reason: `${evaluations.length} runs with the manifest's params: ${parts.join("; ")}`,
  };
}

function paramsText(params: Record<string, string>): string {
  const entries = Object.entries(params);
  return entries.length ? `(${entries.map(([k, v]) => `${k}=${v}`).join(", ")})` : "";
}

function comparisonText(c: Comparison): string {
  if (c.status === "match") return `match (${c.actualRows ?? "?"} rows)`;
  return `${c.status}${c.reason ? `: ${c.reason}` : ""}`;
}

function testsText(run: ModelRun): string | null {
  const failed = run.tests.filter((t) => !t.ok);
  if (!failed.length) return null;
  return `data tests failed (${failed.length} of ${run.tests.length}): ${failed.map((t) => `${t.name} (${t.error ? firstLine(t.error) : `${t.failures} failing row${t.failures === 1 ? "" : "s"}`})`).join(", ")}`;
}

function repairsText(repairs: RepairRecord[]): string | null {
  if (!repairs.length) return null;
  return `${repairs.length} repair${repairs.length === 1 ? "" : "s"} (${repairs.map((r) => (r.by === "llm" ? "LLM" : r.rule)).join(", ")})`;
}

function joinReasons(...parts: (string | null | undefined | false)[]): string | null {
  const kept = parts.filter((p): p is string => typeof p === "string" && p.length > 0);
  return kept.length ? kept.join("; ") : null;
}

function issuesText(issues: TranslationIssue[]): string {
  return issues.map((i) => `${i.construct}${i.line !== undefined ? ` (line ${i.line})` : ""}: ${i.message}`).join("; ") || "no detail given";
}

/** Macro name → built models whose translation calls it. */
function macroCallers(plan: Plan, translations: Translation[], runOf: Map<string, ModelRun>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const macros = plan.models.filter((m) => m.layer === "macro").map((m) => m.name);
  if (!macros.length) return out;
  for (const t of translations) {
    if (!runOf.get(t.model)?.ok) continue;
    for (const name of macros) if (new RegExp(`\\b${name}\\s*\\(`).test(t.sql) && t.model !== name) out.set(name, [...(out.get(name) ?? []), t.model]);
  }
  return out;
}

/** `[dbo].[Order Details]`, as SQL Server writes names (and the dbt project describes them). */
function displayNames(catalog: Catalog): Map<string, string> {
  const out = new Map<string, string>();
  const q = (s: string) => `[${s.replaceAll("]", "]]")}]`;
  for (const o of [...catalog.tables, ...catalog.views, ...catalog.procedures, ...catalog.functions, ...catalog.triggers]) {
    const key = objectKey(o.schema, o.name);
    if (!out.has(key)) out.set(key, `${q(o.schema)}.${q(o.name)}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function llmObject(catalog: Catalog, plan: Plan, key: string): LlmObject | undefined {
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

function refsFor(plan: Plan, key: string): { model: string; key: string }[] {
  const m = plan.models.find((x) => x.key === key);
  const byName = new Map(plan.models.map((x) => [x.name, x]));
  return (m?.dependsOn ?? []).map((name) => ({ model: name, key: byName.get(name)?.key ?? name }));
}

function countText(catalog: Catalog): string {
  const parts = [
    [catalog.tables.length, "table"],
    [catalog.views.length, "view"],
    [catalog.procedures.length, "procedure"],
    [catalog.functions.length, "function"],
    [catalog.triggers.length, "trigger"],
  ] as const;
  return parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}${n === 1 ? "" : "s"}`).join(", ") || "an empty catalog";
}

function count(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? "";
}

type Reporter = ReturnType<typeof reporter>;

function reporter(agent: AgentName, onProgress: ProgressFn | undefined) {
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
