import path from "node:path";
import type postgres from "postgres";
import { objectKey, type SqlFunction, type Table, typeText } from "~/agents/catalog/schema";
import type { ExpectedResult } from "~/agents/evaluate/expected";
import { quoteIdent, quoteString } from "~/agents/translate/literals";
import { columnIdent } from "~/agents/dialect/postgres";
import { pgType } from "~/agents/dialect/types";
import { compileModel, type CompileContext } from "~/agents/dbt";
import { jinjaString } from "~/agents/dbt/text";
import { stagingColumns } from "~/agents/dbt/tests";
import { type CompareOptions, compareResults, type ResultSet } from "~/agents/evaluate/compare";
import { comparisonText, evaluateQuery, evaluateRelation, fetchResult, notCompared } from "~/agents/evaluate/evaluate";
import { exportQueryToCsv } from "~/agents/evaluate/export";
import { formatRunError, runErrorOf } from "~/agents/dialect/errors";
import { modelRelation } from "~/agents/tester/test-project";
import type { Comparison, Evaluation, EvaluatorResult } from "~/agents/core/contracts";
import { type SandboxInput, withBuild } from "./build";
import { type StepHooks, count, reporter } from "./progress";

/** 6. Evaluator: compare each model's rows with the expected results (or a table's input rows). */

export type EvaluatorInput = SandboxInput & {
  /** Write every built model's rows to `<exportDir>/<model>.csv` (header = column names). */
  exportDir?: string;
};

export type EvaluatorOutput = EvaluatorResult & { ms: number };

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
  progress.start(
    `comparing ${input.plan.order.length} models with ${expected.length} expected results and the input data`,
  );
  return withBuild(
    input,
    progress,
    async ({ sandbox, runs, placeholders, resolvers, macros }) => {
      const { catalog, plan } = input;
      const warnings: string[] = [];
      const evaluations: Evaluation[] = [];
      const runOf = new Map(runs.map((r) => [r.model, r]));
      const modelByKey = new Map(plan.models.map((m) => [m.key, m]));
      const translationOf = new Map(input.translations.map((t) => [t.model, t]));
      for (const e of expected) for (const p of e.problems) warnings.push(`${e.entry.file}: ${p}`);

      const connection = await sandbox.sql.reserve();
      /** A model or function call compiled with an entry's params and compared; what does not compile is not compared. */
      const compareCompiled = async (sql: string, context: CompileContext, e: ExpectedResult, failure: string) => {
        try {
          return await evaluateQuery(connection, compileModel(sql, context).sql, e, COMPARE);
        } catch (error) {
          const params = JSON.stringify(e.vars);
          return notCompared(`${failure} with the params ${params}: ${(error as Error).message}`, e.result.rows.length);
        }
      };
      try {
        // Tables: the staging model against the input's rows.
        const hasData = catalog.tables.some((t) => t.data);
        const work: (() => Promise<void>)[] = [];
        for (const table of catalog.tables) {
          const m = modelByKey.get(objectKey(table.schema, table.name));
          if (!m || m.layer !== "staging" || runOf.get(m.name)?.outcome !== "ok" || !hasData) continue;
          work.push(async () => {
            const comparison = await compareTableData(connection, m.name, table);
            evaluations.push({ model: m.name, key: m.key, source: "input data", params: {}, comparison });
          });
        }
        // Views and procedures: the expected results.
        for (const e of expected) {
          const m = modelByKey.get(e.key);
          const fn = catalog.functions.find((f) => objectKey(f.schema, f.name) === e.key);
          if (m?.layer === "macro" && fn?.kind === "scalar") {
            // A scalar function is a macro: it is validated by calling it with the entry's params.
            work.push(async () => {
              const comparison = await compareCompiled(
                scalarCall(m.name, fn, e),
                { ...resolvers, macros, vars: e.vars },
                e,
                "could not call the function",
              );
              evaluations.push({ model: m.name, key: m.key, source: e.entry.file, params: e.vars, comparison });
            });
            continue;
          }
          if (!m || !plan.order.includes(m.name)) {
            warnings.push(`${e.entry.file}: ${e.entry.object} matches no built model`);
            continue;
          }
          const run = runOf.get(m.name);
          if (run?.outcome !== "ok") continue;
          work.push(async () => {
            const comparison =
              m.kind === "view"
                ? await evaluateRelation(connection, modelRelation(m.name), e, COMPARE)
                : await compareCompiled(
                    translationOf.get(m.name)?.sql ?? "",
                    { ...resolvers, macros, vars: e.vars, this: modelRelation(m.name) },
                    e,
                    "could not compile the model",
                  );
            evaluations.push({ model: m.name, key: m.key, source: e.entry.file, params: e.vars, comparison });
          });
        }
        for (let i = 0; i < work.length; i++) {
          await work[i]!();
          const last = evaluations.at(-1)!;
          progress.object(
            last.model,
            `${last.source}: ${comparisonText(last.comparison)}`,
            0.1 + (0.8 * (i + 1)) / work.length,
          );
        }
      } finally {
        connection.release();
      }

      const exported: EvaluatorOutput["exported"] = [];
      if (input.exportDir) {
        for (const run of runs.filter((r) => r.outcome === "ok")) {
          const file = path.join(input.exportDir, `${run.model}.csv`);
          const { rows } = await exportQueryToCsv(sandbox.sql, `select * from ${modelRelation(run.model)}`, file);
          exported.push({ model: run.model, file, rows });
        }
        progress.note(`exported ${exported.length} models to ${input.exportDir}`, 1);
      }

      const statuses = count(evaluations.map((e) => e.comparison.status));
      progress.finish(
        `${evaluations.length} comparison${evaluations.length === 1 ? "" : "s"}: ${
          Object.entries(statuses)
            .map(([k, v]) => `${v} ${k}`)
            .join(", ") || "none"
        }`,
      );
      return { runs, evaluations, placeholders, exported, warnings, ms: Math.round(performance.now() - started) };
    },
    hooks,
  );
}

const COMPARE: Omit<CompareOptions, "ordered"> = {};

/**
 * `select {{ fn(cast('v' as type), …) }} as "Result"`: the function's macro called with an entry's params, each
 * cast to its parameter's type (a param the entry leaves out is NULL), the value named after the expected column.
 */
function scalarCall(macro: string, fn: SqlFunction, e: ExpectedResult): string {
  const args = fn.parameters.map((p) => {
    const value = Object.entries(e.vars).find(([k]) => k.toLowerCase() === p.name.toLowerCase())?.[1];
    const sql =
      value === undefined ? `cast(null as ${pgType(p.type)})` : `cast(${quoteString(value)} as ${pgType(p.type)})`;
    return jinjaString(sql);
  });
  return `select {{ ${macro}(${args.join(", ")}) }} as ${quoteIdent(e.result.columns[0]?.name ?? "Result")}`;
}

/** The staging model's rows against the input's rows for its table, compared as the expected CSVs are. */
async function compareTableData(sql: postgres.ReservedSql, model: string, table: Table): Promise<Comparison> {
  const input = table.data ?? { columns: table.columns.map((c) => c.name), rows: [] };
  // The statements that fill it are named in the report entry (the Tester's load issues).
  if (input.unloaded?.length) {
    const statements = [...new Set(input.unloaded.map((u) => u.reason))].join(", ");
    return notCompared(
      `not compared: the script also changes it with statements whose rows the input does not spell out (${statements})`,
      input.rows.length,
    );
  }
  // Values a DEFAULT computed while loading (getdate(), newid()) are the sandbox's own, as SQL Server's were its
  // own: the input has none to compare with, so those columns are left out of the comparison.
  const generated = new Set((input.defaults ?? []).flat());
  const keep = input.columns.flatMap((_, i) => (generated.has(i) ? [] : [i]));
  const data = generated.size
    ? { columns: keep.map((i) => input.columns[i]!), rows: input.rows.map((row) => keep.map((i) => row[i] ?? null)) }
    : input;
  const columns = data.columns.map((name) => table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase()));
  if (columns.some((c) => !c))
    return notCompared("the input's data names columns the table does not have", data.rows.length);
  // SQL Server returns char(n)/nchar(n) values padded with spaces to n, as PostgreSQL's char(n) does.
  const pad = columns.map((c) =>
    /^n?char$/.test(c!.type.name.toLowerCase()) && typeof c!.type.length === "number" ? c!.type.length : 0,
  );
  const expected: ResultSet = {
    columns: columns.map((c) => ({ name: c!.name, type: typeText(c!.type) })),
    rows: data.rows.map((row) => row.map((v, i) => (v !== null && pad[i]! > v.length ? v.padEnd(pad[i]!, " ") : v))),
  };
  // The staging model renames the columns; each is read back under its SQL Server name, as the input names it (a
  // name past 63 bytes as PostgreSQL holds it, then given back its whole name).
  const staged = stagingColumns(table);
  const list = columns.map((c) => `${staged(c!.name)} as ${columnIdent(c!.name)}`).join(", ");
  let actual: ResultSet;
  try {
    const read = await fetchResult(sql, `select ${list} from ${modelRelation(model)}`);
    actual = { ...read, columns: read.columns.map((column, i) => ({ ...column, name: columns[i]!.name })) };
  } catch (error) {
    return notCompared(`the query failed: ${formatRunError(runErrorOf(error))}`, expected.rows.length);
  }
  return compareResults(expected, actual, { ordered: false, key: table.primaryKey?.columns ?? [] });
}
