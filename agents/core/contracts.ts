import { z } from "zod";
import { HANDLINGS, type Handling } from "./handling";

/**
 * The contract between the six agent steps. Each step is a pure function over these values so the
 * LangGraph graph (agents/graph) can checkpoint them as JSON between steps: keep them plain data. This module
 * sits at the bottom of the layers (README, Architecture): it imports nothing of ours, so any module may use it.
 */

/** How an object can be migrated, as the Assessment sees it. */
export const ZHandling = z.enum(HANDLINGS);
export type { Handling };

export const ZAssessedObject = z.object({
  /** objectKey(schema, name) */
  key: z.string(),
  kind: z.enum(["table", "view", "procedure", "function", "trigger"]),
  schema: z.string(),
  name: z.string(),
  /** Keys of the catalog objects this one reads from. */
  dependsOn: z.array(z.string()),
  /** T-SQL constructs found, named as in docs/tsql-to-postgres.md rows: `DATEDIFF`, `TOP`, `temp table`… */
  constructs: z.array(z.string()),
  /** 1 (trivial) … 10 (procedural, dynamic SQL). */
  complexity: z.number(),
  handling: ZHandling,
  reasons: z.array(z.string()),
  line: z.number().optional(),
  /** Where the parser stopped reading the definition (such an object goes to review before anything runs). */
  parseError: z.object({ line: z.number(), message: z.string() }).optional(),
});
export type AssessedObject = z.infer<typeof ZAssessedObject>;

export const ZAssessment = z.object({
  objects: z.array(ZAssessedObject),
  /** Keys in dependency order (dependencies first); cycles broken and reported in `warnings`. */
  order: z.array(z.string()),
  counts: z.record(z.string(), z.number()),
  estimatedLlmCostUsd: z.number(),
  warnings: z.array(z.string()),
});
export type Assessment = z.infer<typeof ZAssessment>;

export const ZMaterialization = z.enum(["view", "table", "ephemeral", "incremental"]);

export const ZPlannedModel = z.object({
  /** The catalog object this model migrates. */
  key: z.string(),
  kind: z.enum(["table", "view", "procedure", "function", "trigger"]),
  /** dbt model name, e.g. `stg_northwind__order_details`, `int_…`, `sales_by_category`. */
  name: z.string(),
  /** Path of the .sql file inside the project, e.g. `models/marts/core/invoices.sql`. */
  path: z.string(),
  layer: z.enum(["staging", "intermediate", "marts", "macro", "review"]),
  materialized: ZMaterialization,
  /** Model names this one refs (dependencies first in Plan.order). */
  dependsOn: z.array(z.string()),
  /** dbt vars the model reads (procedure parameters, without `@`), with their T-SQL defaults. */
  vars: z.array(z.object({ name: z.string(), default: z.string().optional() })),
});
export type PlannedModel = z.infer<typeof ZPlannedModel>;

export const ZPlan = z.object({
  project: z.object({ name: z.string(), profile: z.string() }),
  /** dbt source name for each SQL Server schema that holds tables (e.g. dbo → northwind). */
  sources: z.array(z.object({ name: z.string(), schema: z.string(), tables: z.array(z.string()) })),
  models: z.array(ZPlannedModel),
  /** Model names in the order to build them. */
  order: z.array(z.string()),
});
export type Plan = z.infer<typeof ZPlan>;

export const ZTranslationIssue = z.object({
  construct: z.string(),
  line: z.number().optional(),
  message: z.string(),
});
export type TranslationIssue = z.infer<typeof ZTranslationIssue>;

export const ZTranslation = z.object({
  key: z.string(),
  model: z.string(),
  /** dbt model SQL (PostgreSQL with dbt Jinja: config, ref, source, var, is_incremental, this). */
  sql: z.string(),
  /** `needs_review` when a construct could not be translated faithfully (see `issues`). */
  status: z.enum(["translated", "needs_review"]),
  issues: z.array(ZTranslationIssue),
  constructs: z.array(z.string()),
  /** Who produced `sql`: the rules, a rule-based repair, or the LLM. */
  by: z.enum(["rules", "repair", "llm"]).default("rules"),
});
export type Translation = z.infer<typeof ZTranslation>;

/**
 * What built a model in the sandbox: real dbt (`dbt build` against the sandbox database) or our Jinja subset
 * compiler with the Tester running the SQL itself (agents/tester).
 */
export const ZBuiltBy = z.enum(["dbt build", "built-in compiler"]);
export type BuiltBy = z.infer<typeof ZBuiltBy>;

/**
 * How a model's build ended: `ok` built; `failed` its own SQL failed (what the Rebuilder may repair); `skipped` not
 * run because a model it reads failed; `not_built` never reached a build (no SQL, disabled, or the build stopped).
 */
export const ZRunOutcome = z.enum(["ok", "failed", "skipped", "not_built"]);
export type RunOutcome = z.infer<typeof ZRunOutcome>;

/**
 * Runs stored before `outcome` existed (artifacts, checkpoints) carry `ok` and said skipped / not built with a
 * prefix of their error: the outcome is read from those, the prefix dropped, so they read as new runs do.
 */
function legacyRun(value: unknown): unknown {
  if (!value || typeof value !== "object" || "outcome" in value) return value;
  const { ok, ...run } = value as { ok?: unknown; error?: unknown };
  if (typeof ok !== "boolean") return value;
  if (ok) return { ...run, outcome: "ok" };
  const prefix = typeof run.error === "string" ? /^(skipped|not built): /.exec(run.error) : null;
  if (!prefix) return { ...run, outcome: "failed" };
  return {
    ...run,
    outcome: prefix[1] === "skipped" ? "skipped" : "not_built",
    error: (run.error as string).slice(prefix[0].length),
  };
}

/** What happened when the Tester built one model in the sandbox. */
export const ZModelRun = z.preprocess(
  legacyRun,
  z.object({
    model: z.string(),
    outcome: ZRunOutcome,
    /** Absent on runs recorded before it existed, and on models no build reached (compile failures, disabled). */
    builtBy: ZBuiltBy.optional(),
    /** Why it did not build: PostgreSQL's error (with the failing SQL position when it gave one), the upstream model that failed, or why no build reached it. */
    error: z.string().optional(),
    compiledSql: z.string().optional(),
    rows: z.number().optional(),
    tests: z
      .array(z.object({ name: z.string(), ok: z.boolean(), failures: z.number(), error: z.string().optional() }))
      .default([]),
    /** Tables this model reads (itself or upstream) whose sandbox data is incomplete, one line each (agents/sandbox/load.ts). */
    loadIssues: z
      .array(
        z.object({
          message: z.string(),
          /** The table the issue is about (objectKey and `schema.name`); absent on runs recorded before them. */
          key: z.string().optional(),
          table: z.string().optional(),
          file: z.string().optional(),
          line: z.number().int().optional(),
        }),
      )
      .optional(),
  }),
);
export type ModelRun = z.infer<typeof ZModelRun>;

/** A run that did not build, as a person reads it: the error, said to be a skip or a build never reached. */
export function runFailureText(run: Pick<ModelRun, "outcome" | "error">): string | null {
  if (run.outcome === "ok") return null;
  const error = run.error ?? "unknown error";
  return run.outcome === "skipped" ? `skipped: ${error}` : run.outcome === "not_built" ? `not built: ${error}` : error;
}

/** One row of a data diff: a row only one side has, or a pair of rows whose `differs` columns disagree. */
export const ZDiffRow = z.object({
  kind: z.enum(["differing", "only_expected", "only_actual"]),
  expected: z.array(z.string().nullable()).nullable(),
  actual: z.array(z.string().nullable()).nullable(),
  /** Indexes (into the diff's `columns`) of the values that differ; every column for a one-sided row. */
  differs: z.array(z.number()),
});
export type DiffRow = z.infer<typeof ZDiffRow>;

/**
 * A compared result, row by row and column by column (in the manner of Datafold's data diff): rows are paired by
 * `keyedBy` (the table's primary key) or, with no key, by their values, the closest rows paired.
 */
export const ZDataDiff = z.object({
  columns: z.array(z.string()),
  keyedBy: z.array(z.string()),
  identical: z.number(),
  differing: z.number(),
  onlyExpected: z.number(),
  onlyActual: z.number(),
  /** Per column: of the rows present on both sides (identical + differing), how many hold the same value. */
  columnMatches: z.array(z.number()),
  /** The first differences (`truncated` when there were more), the downloadable diff CSV's rows. */
  rows: z.array(ZDiffRow),
  truncated: z.boolean(),
});
export type DataDiff = z.infer<typeof ZDataDiff>;

export const ZComparison = z.object({
  status: z.enum(["match", "mismatch", "not_compared"]),
  expectedRows: z.number().optional(),
  actualRows: z.number().optional(),
  /** A short, human-readable diff (first differing columns/rows). */
  diff: z.array(z.string()).default([]),
  reason: z.string().optional(),
  /** Present when rows were compared (the columns matched). */
  details: ZDataDiff.optional(),
});
export type Comparison = z.infer<typeof ZComparison>;

/** One repair the Rebuilder made to a model: by a rule (`rule` names it) or by Claude. */
export const ZRepairRecord = z.object({
  model: z.string(),
  attempt: z.number(),
  by: z.enum(["repair", "llm"]),
  rule: z.string(),
  error: z.string(),
});
export type RepairRecord = z.infer<typeof ZRepairRecord>;

/** One comparison: a model with its input data (table), an expected result (view), or one manifest entry (procedure). */
export const ZEvaluation = z.object({
  model: z.string(),
  key: z.string(),
  /** The expected CSV (relative to its manifest), or `input data` for a table. */
  source: z.string(),
  params: z.record(z.string(), z.string()),
  comparison: ZComparison,
});
export type Evaluation = z.infer<typeof ZEvaluation>;

/** Vars without a value (no default, none given) that a build filled with a placeholder, per model. */
export const ZPlaceholders = z.record(z.string(), z.record(z.string(), z.string()));
export type Placeholders = z.infer<typeof ZPlaceholders>;

/** What the Evaluator hands on (the graph's `evaluation` channel, published as the `evaluation` artifact). */
export const ZEvaluatorResult = z.object({
  /** The runs of the Evaluator's own build (the final state of every model). */
  runs: z.array(ZModelRun),
  evaluations: z.array(ZEvaluation),
  placeholders: ZPlaceholders,
  /** The models whose rows were written as CSV (`--export-results`). */
  exported: z.array(z.object({ model: z.string(), file: z.string(), rows: z.number() })),
  /** Problems with the expected results (entries matching no object, CSVs disagreeing with their manifest). */
  warnings: z.array(z.string()),
});
export type EvaluatorResult = z.infer<typeof ZEvaluatorResult>;

/**
 * What was proven about an object:
 * - validated: a view, procedure or function returned the same rows as SQL Server's expected results;
 * - loaded: a source table's staging model returns the rows the input inserts (the data arrived; no SQL Server
 *   behaviour is proven by it);
 * - mismatch: compared, and the data differs;
 * - executed: built and run, nothing compared (no expected result);
 * - needs_review, failed: see agents/engine/steps/report.ts.
 */
export const ZObjectStatus = z.enum(["validated", "loaded", "mismatch", "executed", "needs_review", "failed"]);
export type ObjectStatus = z.infer<typeof ZObjectStatus>;

export const ZReportEntry = z.object({
  object: z.string(),
  kind: z.string(),
  model: z.string().nullable(),
  path: z.string().nullable(),
  status: ZObjectStatus,
  reason: z.string().nullable(),
  constructs: z.array(z.string()),
  attempts: z.number(),
  rows: z.number().nullable(),
  comparison: ZComparison.nullable(),
  /** What built the model whose rows these are (the final build's); absent in reports written before it existed. */
  builtBy: ZBuiltBy.nullable().optional(),
});
export type ReportEntry = z.infer<typeof ZReportEntry>;

/** Objects by status. `loaded` defaults to 0 for reports written before it existed. */
export const ZStatusCounts = z.object({
  total: z.number(),
  validated: z.number(),
  loaded: z.number().default(0),
  mismatch: z.number(),
  executed: z.number(),
  needs_review: z.number(),
  failed: z.number(),
});
export type StatusCounts = z.infer<typeof ZStatusCounts>;

/** One sqlfluff finding in a generated project file (agents/dbt/sqlfluff.ts). */
export const ZLintFinding = z.object({ file: z.string(), line: z.number(), code: z.string(), message: z.string() });
export type LintFinding = z.infer<typeof ZLintFinding>;

export const ZMigrationReport = z.object({
  database: z.string(),
  generatedAt: z.string(),
  summary: ZStatusCounts.extend({
    /** Views, procedures, functions and triggers: the objects whose output the migration can prove. */
    programmable: ZStatusCounts.optional(),
    /** Source tables: at best `loaded`. */
    tables: ZStatusCounts.optional(),
  }),
  objects: z.array(ZReportEntry),
  diagnostics: z.array(z.object({ severity: z.string(), file: z.string(), line: z.number(), message: z.string() })),
  /**
   * `sqlfluff lint` of the project under its own `.sqlfluff`: the findings (none is the goal), or why it could not
   * run. Absent when sqlfluff is not installed. Findings never fail a migration: the SQL is still what was tested.
   */
  lint: z.object({ findings: z.array(ZLintFinding), error: z.string().optional() }).optional(),
});
export type MigrationReport = z.infer<typeof ZMigrationReport>;
