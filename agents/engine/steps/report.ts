import { type Catalog, objectKey } from "~/agents/catalog/schema";
import { LOAD_DATA_FILE, type ProjectOutputs, writeProject } from "~/agents/dbt";
import { comparisonText, notCompared } from "~/agents/evaluate/evaluate";
import type { ExpectedResult } from "~/agents/evaluate/expected";
import { loadIssuesReason, markdownReport, summarize } from "~/agents/report";
import {
  type Assessment,
  type Comparison,
  type Evaluation,
  type MigrationReport,
  type ModelRun,
  type ObjectStatus,
  type Plan,
  type ReportEntry,
  runFailureText,
  type Translation,
  type TranslationIssue,
} from "~/agents/core/contracts";
import { type Placeholders } from "./build";
import { type StepHooks, firstLine, reporter } from "./progress";
import { type RepairRecord } from "./rebuilder";

/** The report: one entry per catalog object with its status and reason, plus the project files. */

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
  /** The expected results: validated models ship theirs as seeds with an equality test (agents/dbt/seeds.ts). */
  expected?: ExpectedResult[];
  /** Extra diagnostics (e.g. the Evaluator's warnings about the expected results). */
  warnings?: string[];
  /** ISO time; default now (pass it for a deterministic report). */
  generatedAt?: string;
  /** The source tables' rows for the project (steps/source-data.ts), or why they could not be read. */
  sourceData?: ProjectOutputs["sourceData"];
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
 * - validated: a view, procedure or function built, and every comparison with its expected results matched;
 * - loaded: a source table's staging model built and returns the input's rows (the data arrived; that proves
 *   nothing about SQL Server's behaviour, so it is not "validated");
 * - mismatch: built, compared, differs (the reason and a short diff say how);
 * - executed: built and ran, nothing compared (the reason says so plainly);
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
      attempts:
        run?.outcome === "ok" || run?.outcome === "failed" ? 1 + repairs.filter((r) => r.model === m!.name).length : 0,
      rows: run?.outcome === "ok" ? (run.rows ?? null) : null,
      builtBy: run?.builtBy ?? null,
    };
    // Whatever the status, an object built on a table the sandbox could not fully load says so (agents/sandbox/load.ts).
    const loadNote = loadIssuesReason(run?.loadIssues ?? [], o.kind === "table" ? o.key : undefined);
    const entry = (status: ObjectStatus, reason: string | null, comparison: Comparison | null = null): ReportEntry => ({
      ...base,
      status,
      reason: loadNote ? joinReasons(reason, loadNote) : reason,
      comparison,
    });

    if (!m) return entry("failed", "the planner produced no model for it");
    if (m.layer === "review")
      return entry("needs_review", `${o.kind}: dbt has no equivalent; see the review note ${m.path}`);
    const flagged = t?.status === "needs_review" ? `the translator flagged it: ${issuesText(t.issues)}` : null;
    if (m.layer === "macro") {
      if (flagged) return entry("needs_review", flagged);
      // A scalar function with expected results was called with them (Evaluator): its own comparison decides.
      const calls = evaluationsOf.get(m.name) ?? [];
      if (calls.length) {
        const comparison = combine(calls);
        if (comparison.status === "match")
          return entry(
            "validated",
            `called with ${calls.length === 1 ? "the expected result's params" : `${calls.length} sets of params`}`,
            comparison,
          );
        if (comparison.status === "mismatch")
          return entry("mismatch", comparison.reason ?? "the data differs", comparison);
        return entry("failed", comparison.reason ?? "the call could not be compared", comparison);
      }
      const users = macroUsers.get(m.name) ?? [];
      return users.length
        ? entry(
            "executed",
            `macro, run inside ${users.length} built model${users.length === 1 ? "" : "s"} (${users.slice(0, 5).join(", ")}); not compared on its own`,
          )
        : entry("needs_review", "macro: no built model calls it, so it was never run");
    }
    if (!run) return entry(flagged ? "needs_review" : "failed", flagged ?? "the model was not built");
    const repairText = repairsText(repairs.filter((r) => r.model === m.name));
    if (run.outcome !== "ok") {
      // A skip reads as its cause ("upstream model X failed"); a build never reached says so.
      const why = run.outcome === "skipped" ? (run.error ?? "unknown error") : runFailureText(run)!;
      if (flagged) return entry("needs_review", `${flagged}; and it did not build: ${why}`);
      return entry(
        "failed",
        joinReasons(
          why,
          repairText ? `after ${repairText}` : run.outcome === "failed" && "no repair rule applies to this error",
        ),
      );
    }

    const tests = testsText(run);
    const evaluations = evaluationsOf.get(m.name) ?? [];
    const filled = input.placeholders?.[m.name];
    const comparison = evaluations.length ? combine(evaluations) : null;
    if (flagged)
      return entry(
        "needs_review",
        joinReasons(flagged, comparison && `data ${comparisonText(comparison)}`, tests),
        comparison,
      );
    if (!comparison) {
      const nothing =
        o.kind === "table"
          ? "nothing was compared: the input holds no rows for any table"
          : `nothing was compared: no expected result was given for this ${o.kind}, so it built and ran but its data is not proven`;
      const vars = filled
        ? `built with placeholder values for vars without a default (${Object.entries(filled)
            .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
            .join(", ")})`
        : null;
      return entry(
        "executed",
        joinReasons(nothing, vars, repairText && `built after ${repairText}`, tests),
        notCompared(nothing),
      );
    }
    if (comparison.status === "match") {
      // A table's comparison is with the rows the input itself inserted: it shows they arrived, not more.
      if (o.kind === "table")
        return entry(
          "loaded",
          joinReasons(
            `the staging model returns the input's ${comparison.actualRows ?? 0} rows`,
            repairText && `built after ${repairText}`,
            tests,
          ),
          comparison,
        );
      return entry("validated", joinReasons(repairText && `built after ${repairText}`, tests), comparison);
    }
    if (comparison.status === "mismatch")
      return entry("mismatch", joinReasons(comparison.reason ?? "the data differs", tests), comparison);
    const failedQuery = evaluations.find(
      (e) => e.comparison.status === "not_compared" && /query failed|could not compile/.test(e.comparison.reason ?? ""),
    );
    if (failedQuery) return entry("failed", `${failedQuery.source}: ${failedQuery.comparison.reason}`, comparison);
    return entry("executed", joinReasons(comparison.reason ?? "not compared", tests), comparison);
  });

  const summary = summarize(objects);
  const report: MigrationReport = {
    database: catalog.database,
    generatedAt: input.generatedAt ?? new Date().toISOString(),
    summary,
    objects,
    diagnostics: [
      ...catalog.diagnostics.map((d) => ({ severity: d.severity, file: d.file, line: d.line, message: d.message })),
      ...(input.warnings ?? []).map((message) => ({ severity: "warning", file: "expected results", line: 1, message })),
      // Data the sandbox could not load as the script would (once per table, at the row or statement it is about).
      ...[...new Map(input.runs.flatMap((r) => r.loadIssues ?? []).map((i) => [i.message, i])).values()]
        .map((i) => ({ severity: "warning", file: i.file ?? "sandbox load", line: i.line ?? 1, message: i.message }))
        .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
      ...(input.sourceData && "error" in input.sourceData
        ? [
            {
              severity: "warning",
              file: LOAD_DATA_FILE,
              line: 1,
              message: `the project ships no rows: ${input.sourceData.error}`,
            },
          ]
        : []),
    ],
  };
  const markdown = markdownReport(report);
  // The first params each var was validated with become its default in dbt_project.yml.
  const validationVars: Record<string, string> = {};
  for (const e of input.evaluations ?? [])
    for (const [k, v] of Object.entries(e.params))
      if (!Object.keys(validationVars).some((n) => n.toLowerCase() === k.toLowerCase())) validationVars[k] = v;
  const project = writeProject(catalog, plan, input.translations, {
    report,
    validationVars,
    ...(input.expected ? { expected: input.expected } : {}),
    ...(input.sourceData ? { sourceData: input.sourceData } : {}),
  });
  const files: Record<string, string> = {};
  for (const [p, content] of project) files[p] = content;
  files[REPORT_JSON] = `${JSON.stringify(report, null, 2)}\n`;
  files[REPORT_MARKDOWN] = markdown;
  progress.finish(
    `${summary.validated} validated, ${summary.loaded} loaded, ${summary.mismatch} mismatch, ${summary.executed} executed, ${summary.needs_review} need review, ${summary.failed} failed (of ${summary.total})`,
  );
  return { report, markdown, files };
}

/** Several comparisons of one object (a procedure's manifest entries) as one: the worst status, every diff. */
function combine(evaluations: Evaluation[]): Comparison {
  if (evaluations.length === 1) return evaluations[0]!.comparison;
  const rank = { match: 0, not_compared: 1, mismatch: 2 } as const;
  const worst = evaluations.reduce(
    (a, e) => (rank[e.comparison.status] > rank[a] ? e.comparison.status : a),
    "match" as Comparison["status"],
  );
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

export function issuesText(issues: TranslationIssue[]): string {
  return (
    issues.map((i) => `${i.construct}${i.line !== undefined ? ` (line ${i.line})` : ""}: ${i.message}`).join("; ") ||
    "no detail given"
  );
}

/** Macro name → built models whose translation calls it. */
function macroCallers(plan: Plan, translations: Translation[], runOf: Map<string, ModelRun>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const macros = plan.models.filter((m) => m.layer === "macro").map((m) => m.name);
  if (!macros.length) return out;
  for (const t of translations) {
    if (runOf.get(t.model)?.outcome !== "ok") continue;
    for (const name of macros)
      if (new RegExp(`\\b${name}\\s*\\(`).test(t.sql) && t.model !== name)
        out.set(name, [...(out.get(name) ?? []), t.model]);
  }
  return out;
}

/** `[dbo].[Order Details]`, as SQL Server writes names (and the dbt project describes them). */
function displayNames(catalog: Catalog): Map<string, string> {
  const out = new Map<string, string>();
  const q = (s: string) => `[${s.replaceAll("]", "]]")}]`;
  for (const o of [
    ...catalog.tables,
    ...catalog.views,
    ...catalog.procedures,
    ...catalog.functions,
    ...catalog.triggers,
  ]) {
    const key = objectKey(o.schema, o.name);
    if (!out.has(key)) out.set(key, `${q(o.schema)}.${q(o.name)}`);
  }
  return out;
}
