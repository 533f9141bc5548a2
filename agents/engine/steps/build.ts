import { type Catalog, type DataType, objectKey, type Parameter, type Table } from "~/agents/catalog/schema";
import {
  compileModel,
  JinjaError,
  type MacroLibrary,
  parseMacros,
  relationResolvers,
  tableTests,
  writeProject,
} from "~/agents/dbt";
import type { DataTest as YamlDataTest } from "~/agents/dbt/tests";
import { type ExpectedResult } from "~/agents/evaluate/expected";
import { type LoadIssue, loadCatalog } from "~/agents/sandbox/load";
import { formatMs, type Sandbox, withStepSandbox } from "~/agents/sandbox/sandbox";
import type { DataTest } from "~/agents/tester/data-tests";
import { formatRunError, runErrorOf } from "~/agents/dialect/errors";
import { dbtBuildProject } from "~/agents/tester/dbt-build";
import {
  buildOrder,
  DEFAULT_TARGET_SCHEMA,
  modelRelation,
  type ModelToTest,
  testProject,
} from "~/agents/tester/test-project";
import type { ModelRun, Placeholders, Plan, PlannedModel, Translation } from "~/agents/core/contracts";
import { type Reporter, type StepHooks } from "./progress";
import { collationSetupSql } from "~/agents/dialect/collation";
import { modelClosure } from "~/agents/plan/closure";

/**
 * Building a project in a sandbox, shared by the Tester and the Evaluator: each creates its own sandbox (database +
 * role `dm_sandbox_<sandboxId>`), loads the catalog's tables and data, builds every model, and drops the sandbox
 * before returning, whatever happened. A sandbox left by a killed run under the same id is dropped first, so a
 * resumed run simply redoes the step.
 */

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
  /**
   * The dbt executable (agents/dbt/cli.ts findDbt): when given, the models are built by real `dbt build` against
   * the sandbox (agents/tester/dbt-build.ts) instead of our compiler running the SQL itself.
   */
  dbt?: string;
  /**
   * Re-run of some models only: build these, what they read and what their relationships tests reach, and report
   * on these. Real dbt parses the whole project but builds only those (`dbt build --select`), so each reported
   * model is built and tested as in a whole build.
   */
  only?: string[];
};

export type LoadSummary = { tables: number; rows: number; ms: number; warnings: string[] };

export type { Placeholders } from "~/agents/core/contracts";

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
export async function withBuild<T>(
  input: SandboxInput,
  progress: Reporter,
  run: (build: Build) => Promise<T>,
  hooks: StepHooks = {},
): Promise<T> {
  const { signal } = hooks;
  const options = {
    adminUrl: input.adminUrl,
    id: input.sandboxId,
    ...(input.statementTimeoutMs !== undefined ? { statementTimeoutMs: input.statementTimeoutMs } : {}),
  };
  return withStepSandbox(options, signal, async (sandbox) => {
    hooks.onWorking?.(`loading the tables into sandbox ${sandbox.database}`);
    const loaded = await loadCatalog(sandbox.sql, input.catalog);
    signal?.throwIfAborted();
    const load = { tables: loaded.tables, rows: loaded.rows, ms: Math.round(loaded.ms), warnings: loaded.warnings };
    progress.note(`sandbox ${sandbox.database}: ${load.tables} tables, ${load.rows} rows loaded in ${load.ms} ms`, 0.1);
    for (const w of load.warnings) progress.warn(w);

    let started = performance.now();
    const compiled = compileProject(input);
    const { models, failures } = compiled;
    const compileMs = Math.round(performance.now() - started);
    // What the dbt project's on-run-start does: create the ICU collations the models compare under.
    const collations = collationSetupSql(models.map((m) => m.model.compiledSql));
    if (collations.length) await sandbox.sql.unsafe(collations.join(";\n")).simple();
    const common = {
      sandbox,
      plan: input.plan,
      models: models.map((m) => m.model),
      targetSchema: DEFAULT_TARGET_SCHEMA,
      ...(signal ? { signal } : {}),
      ...(hooks.onWorking ? { onModel: (model: string) => hooks.onWorking!(`model ${model}`) } : {}),
    };
    const tested = input.dbt
      ? await dbtBuildProject({
          ...common,
          dbt: input.dbt,
          plan: input.plan,
          files: compiled.files,
          vars: compiled.dbtVars,
          ...(input.only ? { select: common.models.map((m) => m.name) } : {}),
        })
      : await testProject({ ...common, reset: true });
    started = performance.now();
    // Under dbt, `dbt build` ran the singular tests (the project's tests/) with the generic ones.
    if (!input.dbt) {
      hooks.onWorking?.("the singular data tests");
      await runSingularTests(sandbox, compiled.singularTests, tested.runs);
    }
    signal?.throwIfAborted();
    progress.note(
      input.dbt
        ? `compiled ${models.length} models in ${compileMs} ms; dbt build built them with their data tests in ${Math.round(tested.ms)} ms`
        : `compiled ${models.length} models in ${compileMs} ms, built them with their data tests in ${Math.round(tested.ms)} ms, ${compiled.singularTests.length} singular tests in ${Math.round(performance.now() - started)} ms`,
      0.2,
    );
    const byName = new Map([...tested.runs, ...failures].map((r) => [r.model, r]));
    const reported = input.only ? new Set(input.only) : null;
    const runs = buildOrder(input.plan, [...models.map((m) => m.model), ...failures.map((f) => ({ name: f.model }))])
      .filter((name) => !reported || reported.has(name))
      .map((name) => byName.get(name)!);
    attachLoadIssues(input.plan, runs, loaded.issues);
    const result = await run({
      sandbox,
      runs,
      load,
      placeholders: compiled.placeholders,
      resolvers: compiled.resolvers,
      macros: compiled.macros,
    });
    signal?.throwIfAborted();
    return result;
  });
}

/**
 * Puts each table's load issue (rows PostgreSQL rejected, statements the loader could not run) on the run of its
 * staging model and of every model built on it, so their report entries say the data they read is incomplete.
 */
function attachLoadIssues(plan: Plan, runs: ModelRun[], issues: LoadIssue[]) {
  if (!issues.length) return;
  const dependents = new Map<string, string[]>();
  for (const m of plan.models) for (const d of m.dependsOn) dependents.set(d, [...(dependents.get(d) ?? []), m.name]);
  const runOf = new Map(runs.map((r) => [r.model, r]));
  for (const issue of issues) {
    const staging = plan.models.find((m) => m.layer === "staging" && m.key === issue.key);
    if (!staging) continue;
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      const run = runOf.get(name);
      if (run)
        run.loadIssues = [
          ...(run.loadIssues ?? []),
          {
            message: issue.message,
            key: issue.key,
            table: issue.table,
            ...(issue.file !== undefined ? { file: issue.file } : {}),
            ...(issue.line !== undefined ? { line: issue.line } : {}),
          },
        ];
      for (const next of dependents.get(name) ?? []) visit(next);
    };
    visit(staging.name);
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
  /** The project's files, as writeProject wrote them (what real dbt builds). */
  files: Map<string, string>;
  /** Every model's build vars in one set, as real dbt takes them (`--vars`); the first model in build order to set a name wins. */
  dbtVars: Record<string, unknown>;
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
  for (const [path, content] of files)
    if (path.startsWith("macros/") && path.endsWith(".sql")) parseMacros(content, macros);
  const resolvers = relationResolvers(catalog, plan, DEFAULT_TARGET_SCHEMA);
  const translationOf = new Map(translations.map((t) => [t.model, t]));
  const needed = input.only
    ? modelClosure(plan, [...input.only, ...referencedStaging(catalog, plan, input.only)], "upstream")
    : null;
  const built = new Set(plan.order.filter((name) => !needed || needed.has(name)));
  const planned = plan.models.filter((m) => built.has(m.name));
  const firstEntryVars = firstExpectedVars(plan, input.expected ?? []);
  const placeholders: Placeholders = {};
  const failures: ModelRun[] = [];
  const failed = new Map<string, string>();
  const models: CompiledProject["models"] = [];
  // Real dbt takes one set of vars for the whole build: the user's, then validation params, then placeholders.
  const validationVars: Record<string, unknown> = {};
  const placeholderVars: Record<string, unknown> = {};

  const stagingModel = new Map(plan.models.filter((m) => m.layer === "staging").map((m) => [m.key, m.name]));
  const tables = new Map(catalog.tables.map((t) => [objectKey(t.schema, t.name), t]));

  const plannedByName = new Map(planned.map((m) => [m.name, m]));
  for (const name of buildOrder(plan, planned)) {
    const m = plannedByName.get(name)!;
    const upstream = m.dependsOn.find((d) => failed.has(d));
    if (upstream !== undefined) {
      failures.push({
        model: name,
        outcome: "skipped",
        error: `upstream model ${upstream} ${failed.get(upstream)}`,
        tests: [],
      });
      failed.set(name, "failed");
      continue;
    }
    const source = m.layer === "staging" ? files.get(m.path) : translationOf.get(name)?.sql;
    if (source === undefined || !source.trim()) {
      failures.push({
        model: name,
        outcome: "not_built",
        error: "there is no SQL for it (the translator could not read the object)",
        tests: [],
      });
      failed.set(name, "was not built");
      continue;
    }
    const { vars, filled } = buildVars(catalog, m, input.vars ?? {}, firstEntryVars[name] ?? {});
    if (Object.keys(filled).length) placeholders[name] = filled;
    for (const [k, v] of Object.entries(vars)) {
      const into = k in filled ? placeholderVars : validationVars;
      if (!(k in into)) into[k] = v;
    }
    let compiledSql: string;
    let materialized = m.materialized;
    try {
      const compiled = compileModel(source, { ...resolvers, vars, macros, this: modelRelation(name) });
      if (compiled.config.enabled === false) {
        failures.push({
          model: name,
          outcome: "not_built",
          error: "the model is disabled (not translated)",
          tests: [],
        });
        failed.set(name, "was not built");
        continue;
      }
      const configured = compiled.config.materialized;
      if (configured === "view" || configured === "table" || configured === "ephemeral" || configured === "incremental")
        materialized = configured;
      compiledSql = compiled.sql;
    } catch (error) {
      const message =
        error instanceof JinjaError
          ? `dbt compilation error: ${error.message}`
          : `dbt compilation error: ${(error as Error).message}`;
      failures.push({ model: name, outcome: "failed", error: message, tests: [] });
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
    if (!model || failed.has(model) || !built.has(model)) continue;
    for (const test of tableTests(table, model, (key) => stagingModel.get(key)).singular) {
      try {
        const compiled = compileModel(test.sql, { ...resolvers, macros });
        if (compiled.refs.some((r) => failed.has(r) || !built.has(r))) continue;
        singularTests.push({ name: test.name, model: compiled.refs[0] ?? model, sql: compiled.sql });
      } catch {
        // A test the compiler cannot render is the writer's bug; the model is still built.
      }
    }
  }
  const dbtVars = { ...placeholderVars, ...validationVars, ...(input.vars ?? {}) };
  return { models, failures, placeholders, singularTests, resolvers, macros, files, dbtVars };
}

/**
 * The staging models of the tables that the tables of `models` reference by foreign key: their relationships tests
 * (generic and composite) read them, so a partial build must build them for those tests to run as in a whole build.
 */
function referencedStaging(catalog: Catalog, plan: Plan, models: string[]): string[] {
  const stagingOf = new Map(plan.models.filter((m) => m.layer === "staging").map((m) => [m.key, m.name]));
  const keys = new Set(plan.models.filter((m) => m.layer === "staging" && models.includes(m.name)).map((m) => m.key));
  return catalog.tables
    .filter((t) => keys.has(objectKey(t.schema, t.name)))
    .flatMap((t) => t.foreignKeys.map((fk) => stagingOf.get(objectKey(fk.references.schema, fk.references.table))))
    .filter((name): name is string => name !== undefined);
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
    return Array.isArray(values)
      ? { type: "accepted_values", column, values: values.map((v) => String(v)) }
      : undefined;
  }
  return undefined;
}

function unquoteIdent(text: string): string {
  return text.startsWith('"') && text.endsWith('"') && text.length >= 2
    ? text.slice(1, -1).replaceAll('""', '"')
    : text;
}

/** Counts each singular test's failing rows and records it on the run of the model it tests. */
async function runSingularTests(sandbox: Sandbox, tests: CompiledProject["singularTests"], runs: ModelRun[]) {
  const byModel = new Map(runs.map((r) => [r.model, r]));
  for (const test of tests) {
    const run = byModel.get(test.model);
    if (run?.outcome !== "ok") continue;
    try {
      const [row] = await sandbox.sql.unsafe<{ n: string }[]>(`select count(*) as n from (\n${test.sql}\n) as t`, [], {
        prepare: false,
      });
      const failures = Number(row?.n ?? 0);
      run.tests.push({ name: test.name, ok: failures === 0, failures });
    } catch (error) {
      // Pooled: which backend ran it is unknown, so a stop by the deadline is told by PostgreSQL's message alone.
      const message = formatRunError(runErrorOf(error));
      const stopped = /statement timeout|due to user request|terminating connection/.test(message);
      run.tests.push({
        name: test.name,
        ok: false,
        failures: 0,
        error: stopped
          ? `the test ran past the sandbox statement deadline of ${formatMs(sandbox.statementTimeoutMs)}: ${message}`
          : message,
      });
    }
  }
}

/** Vars a model is built with: placeholders for required vars with no value, under the first expected entry's params, under `vars`. */
function buildVars(
  catalog: Catalog,
  m: PlannedModel,
  projectVars: Record<string, unknown>,
  entryVars: Record<string, unknown>,
) {
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
  if (/^(bigint|int|integer|smallint|tinyint|bit|decimal|numeric|dec|money|smallmoney|float|real)$/.test(name))
    return "0";
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
