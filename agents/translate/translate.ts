import { objectKey, type Catalog, type Procedure, type SqlFunction, type View } from "~/agents/catalog/schema";
import type { Translation } from "~/agents/core/contracts";
import type * as A from "~/agents/tsql/ast";
import { ParseError, parseBatch } from "~/agents/tsql/parser";
import { LexError } from "~/agents/tsql/lexer";
import { sameType } from "~/agents/tsql/type-rules";
import {
  columnSql,
  createResolver,
  renamedColumns,
  type OutputColumn,
  type ResolverOptions,
  type TranslateContext,
} from "./context";
import { Emitter, TranslationTooLarge } from "./emit";
import { ProcedureRunner } from "./procedure";
import { resolveAliasTypes } from "./ast-util";
import { UnsupportedTypeError } from "~/agents/dialect/types";

/**
 * Rule-based translation of one SQL Server view, procedure or function into a dbt model for PostgreSQL.
 *
 *   translateObject(object, context) → TranslationResult
 *   translateAll(catalog, options?)   → TranslationResult[] in dependency order (registers output columns)
 *
 * The result's `sql` is PostgreSQL 15+ with dbt Jinja (`{{ ref() }}`, `{{ var() }}`, `{% if %}`, macros).
 * Anything the rules cannot translate faithfully is listed in `issues` and the status is `needs_review`.
 */

export type TranslationResult = Translation & {
  /** The model's output columns with their T-SQL types (feed these to `resolver.register`). */
  columns: OutputColumn[];
  /** Catalog keys of the objects this one reads. */
  dependsOn: string[];
  /** dbt vars the model reads (procedure/function parameters without `@`), with their T-SQL defaults. */
  vars: { name: string; default?: string }[];
  /** How the SQL is meant to be used: a model (view/procedure), an ephemeral model (table function) or a macro. */
  form: "model" | "ephemeral" | "macro";
};

export type TranslatableObject = (View | Procedure | SqlFunction) & { kind?: string };

export function translateObject(object: TranslatableObject, context: TranslateContext): TranslationResult {
  const key = objectKey(object.schema ?? "dbo", object.name);
  const model = context.resolver.modelName(key) ?? key.replace(/\W+/g, "_");
  const base = { key, model, by: "rules" as const };
  let statements: A.Statement[];
  try {
    statements = parseBatch(object.definition, object.location?.line ?? 1);
    resolveAliasTypes(statements, context.catalog.types);
  } catch (e) {
    if (e instanceof ParseError || e instanceof LexError) {
      return {
        ...base,
        sql: "",
        status: "needs_review",
        issues: [{ construct: "parse error", line: e.line, message: e instanceof ParseError ? e.detail : e.message }],
        constructs: [],
        columns: [],
        dependsOn: [],
        vars: [],
        form: "model",
      };
    }
    throw e;
  }
  const create = statements.find(
    (s) => s.kind === "createview" || s.kind === "createprocedure" || s.kind === "createfunction",
  );
  const em = new Emitter(context);
  const limit = translationLimit(object.definition);
  em.sizeLimit = limit;
  let sql = "";
  let columns: OutputColumn[] = [];
  let vars: { name: string; default?: string }[] = [];
  let form: TranslationResult["form"] = "model";
  try {
    if (!create) {
      em.issue("definition", object.location?.line, "No CREATE VIEW/PROCEDURE/FUNCTION in the definition");
    } else if (create.kind === "createview") {
      const r = em.query(create.query);
      if (create.columns) {
        if (create.columns.length !== r.columns.length)
          em.issue("view column list", create.line, "The view's column list does not match its select list");
        columns = renamedColumns(
          create.columns.map((name, i) => ({ name, ...(r.columns[i]?.type ? { type: r.columns[i]!.type! } : {}) })),
        );
        sql = `select ${r.columns.map((c, i) => `"__v".${columnSql(c)} as ${columnSql(columns[i] ?? c)}`).join(", ")}\nfrom (\n${r.sql}\n) as "__v"`;
      } else {
        columns = r.columns;
        sql = r.sql;
      }
      checkOutputNames(em, columns, create.line);
    } else if (create.kind === "createprocedure") {
      const runner = new ProcedureRunner(em);
      vars = runner.bindParameters(create.params, "var");
      runner.run(create.body);
      const out = runner.finish(create.line);
      sql = out.sql;
      columns = out.columns;
      checkOutputNames(em, columns, create.line);
    } else if (create.kind === "createfunction") {
      const runner = new ProcedureRunner(em);
      if (create.returns.kind === "scalar") {
        form = "macro";
        runner.bindParameters(create.params, "macro");
        runner.run(create.body);
        const returned = runner.finishScalar(create.line);
        // RETURN converts its value to the declared type as an implicit CAST would (docs: create-function-transact-sql.md):
        // `RETURNS decimal(10,2)` rounds 10.055 to 10.06.
        const declared = create.returns.type;
        const v = sameType(returned.type, declared)
          ? returned
          : em.convert(returned, declared, undefined, create.line, {
              kind: "variable",
              name: "return",
              line: create.line,
            });
        const args = create.params
          .map((p) => (/^[A-Za-z_]\w*$/.test(p.name) ? p.name : p.name.replace(/\W/g, "_")))
          .join(", ");
        sql = `{% macro ${model}(${args}) %}\n${v.sql}\n{% endmacro %}`;
        columns = [];
      } else {
        form = "ephemeral";
        vars = runner.bindParameters(create.params, "var");
        if (create.returns.kind === "table") {
          const r = em.query(create.query!);
          sql = r.sql;
          columns = r.columns;
        } else {
          em.constructs.add("multi-statement table function");
          em.vars.delete(create.returns.name.toLowerCase());
          // The RETURNS @t TABLE is a table variable; a bare RETURN returns its contents (docs: create-function-transact-sql.md).
          runner.runTableFunction(create.returns, create.body, create.line);
          const out = runner.finish(create.line);
          sql = out.sql;
          columns = out.columns;
        }
        sql = `{{ config(materialized='ephemeral') }}\n${sql}`;
      }
    }
  } catch (e) {
    if (e instanceof UnsupportedTypeError) em.issue("data type", undefined, e.message);
    else if (e instanceof TranslationTooLarge) {
      em.issue(TOO_LARGE, e.line, `${e.message}: the rules would copy text over and over; not emitted`);
      sql = "";
    } else throw e;
  }
  if (sql.length > limit) {
    em.issue(
      TOO_LARGE,
      create?.line ?? object.location?.line,
      `The model would be ${sql.length} characters, over the limit of ${limit}; not emitted`,
    );
    sql = "";
  }
  return {
    ...base,
    sql: sql.endsWith("\n") ? sql : `${sql}\n`,
    status: em.issues.length ? "needs_review" : "translated",
    issues: em.issues,
    constructs: [...em.constructs].sort(),
    columns,
    dependsOn: [...em.dependsOn].filter((k) => k !== key),
    vars,
    form,
  };
}

const TOO_LARGE = "translation too large";

/**
 * The most SQL (characters) one object may translate to: proportional to its definition, as the rules translate
 * each construct to text of bounded size, plus room for the fixed text of each construct. Past it the output is
 * a blow-up (text copied at every step), never a model anyone could read or run.
 */
export function translationLimit(definition: string): number {
  return 1_000_000 + 100 * definition.length;
}

function checkOutputNames(em: Emitter, columns: OutputColumn[], line: number): void {
  const seen = new Set<string>();
  for (const c of columns) {
    const k = c.name.toLowerCase();
    if (seen.has(k)) em.issue("duplicate output column", line, `Output column ${c.name} appears twice`);
    seen.add(k);
  }
}

/**
 * Translates every view, procedure and function of a catalog, dependencies first (by the names each body
 * references), registering each result's output columns so dependants infer types correctly.
 */
export function translateAll(
  catalog: Catalog,
  options: ResolverOptions = {},
): { results: TranslationResult[]; context: TranslateContext } {
  const resolver = createResolver(catalog, options);
  const context: TranslateContext = { catalog, resolver };
  const objects: TranslatableObject[] = [...catalog.functions, ...catalog.views, ...catalog.procedures];
  const byKey = new Map(objects.map((o) => [objectKey(o.schema, o.name), o]));
  const deps = new Map<string, string[]>();
  for (const [key, o] of byKey) deps.set(key, referencedKeys(o, byKey));
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (k: string) => {
    if (state.get(k) === "done" || state.get(k) === "visiting") return;
    state.set(k, "visiting");
    for (const d of deps.get(k) ?? []) visit(d);
    state.set(k, "done");
    order.push(k);
  };
  for (const k of byKey.keys()) visit(k);
  const results: TranslationResult[] = [];
  for (const k of order) {
    const r = translateObject(byKey.get(k)!, context);
    if (r.columns.length) resolver.register(k, r.columns);
    results.push(r);
  }
  return { results, context };
}

/** Catalog objects whose names occur in an object's definition (a cheap, token-free dependency scan). */
function referencedKeys(o: TranslatableObject, all: Map<string, TranslatableObject>): string[] {
  const text = o.definition.toLowerCase();
  const self = objectKey(o.schema, o.name);
  const out: string[] = [];
  for (const [k, other] of all) {
    if (k === self) continue;
    const n = other.name.toLowerCase();
    const forms = [`[${n}]`, `"${n}"`, n];
    if (
      forms.some((f) => (f === n ? new RegExp(`(^|[^\\w@#$])${escapeRe(n)}($|[^\\w$])`).test(text) : text.includes(f)))
    )
      out.push(k);
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
