import {
  objectKey,
  type Catalog,
  type DataType,
  type Parameter,
  type SqlFunction,
  type Table,
} from "~/agents/catalog/schema";
import { relationName } from "~/agents/dialect/postgres";
import { columnNames, snakeCase } from "~/agents/plan/naming";
import { quoteIdent } from "./literals";

/**
 * What the translator needs to know about the world outside the object it translates.
 *
 * - `OutputColumn`: a column of a relation with its T-SQL type (undefined when unknown). Tables get theirs from
 *   the catalog; views and procedures from their own translation (`TranslationResult.columns`), which is why
 *   objects are translated in dependency order (`translateAll` does that) and registered with
 *   `resolver.register(key, columns)`.
 * - `Resolver.resolve(parts)`: maps a name as written in T-SQL (`Orders`, `[dbo].[Order Details]`,
 *   `Northwind.dbo.Orders`, `"x"`; case-insensitive) to the dbt relation to read instead:
 *     table              → `{{ ref('stg_<source>__<entity>') }}` (staging renames the columns: `columnNames`)
 *     view / procedure   → `{{ ref('<model>') }}`
 *     inline/multi-statement table function → `{{ ref('<model>') }}` (an ephemeral model)
 * - `Resolver.resolveFunction(parts)`: a scalar UDF → the dbt macro to call.
 *
 * `createResolver(catalog, options)` builds the default implementation; the planner can pass its own model
 * names through `options.modelName`.
 */

/**
 * `name`: the column's SQL Server name, which T-SQL references resolve against (case-insensitively).
 * `pg`: its name in the PostgreSQL relation, when that is not `name` quoted: staging models and every model
 * after them name columns by `columnNames` (snake_case), the source tables keep the SQL Server names.
 * `collation`: the SQL Server collation a table column declares (COLLATE in CREATE TABLE), or a model's column
 * takes from its expression, when known; `collationDerived` when PostgreSQL may not give the column that collation
 * by itself (it comes from an expression's operands), so a reader writes it out; `collationExplicit` when a COLLATE
 * in the select list gave it, which only a set operation over that select weighs (a reader sees a column).
 */
export type OutputColumn = {
  name: string;
  pg?: string;
  type?: DataType;
  collation?: string;
  collationDerived?: boolean;
  collationExplicit?: boolean;
  facts?: ColumnFacts;
  /** Every value of a VALUES-constructor column whose rows are all string literals (or NULL): what it can hold. */
  constants?: readonly string[];
};

/**
 * What a model's SELECT proves about one output column, for its docs and data tests (agents/dbt): where it comes
 * from, and `notNull` / `unique` only when they hold of every result SQL Server could return (see Emitter.facts).
 */
export type ColumnFacts = { origin: string; notNull?: boolean; unique?: boolean };

/** A column as SQL text: its PostgreSQL name. */
export function columnSql(column: Pick<OutputColumn, "name" | "pg">): string {
  return column.pg ?? quoteIdent(column.name);
}

/** `columns` named by `columnNames` (snake_case, unique), as a model built from them outputs them. */
export function renamedColumns<T extends OutputColumn>(columns: readonly T[]): T[] {
  const pg = columnNames(columns.map((c) => c.name));
  return columns.map((c, i) => ({ ...c, pg: pg[i]! }));
}

/**
 * The one column of a FOR JSON / FOR XML query's result, named as SQL Server names it (docs:
 * format-query-results-as-json-with-for-json-sql-server.md, "Output of the FOR JSON clause"), in snake_case as a
 * model names its columns.
 */
export function forClauseColumn(kind: "json" | "xml", type?: DataType): OutputColumn {
  const name = `${kind === "json" ? "JSON" : "XML"}_F52E2B61-18A1-11d1-B105-00805F49916B`;
  return renamedColumns([{ name, ...(type ? { type } : {}) }])[0]!;
}

/**
 * A table's columns; `staging`: as its staging model renames them, else under the source table's names (a name
 * past 63 bytes as PostgreSQL holds it, columnIdent).
 */
export function tableColumns(table: Table, staging: boolean): OutputColumn[] {
  const columns = table.columns.map((c) => ({
    name: c.name,
    ...(!staging && relationName(c.name) !== c.name ? { pg: quoteIdent(relationName(c.name)) } : {}),
    type: c.type,
    ...(c.collation ? { collation: c.collation } : {}),
  }));
  return staging ? renamedColumns(columns) : columns;
}

export type Relation = {
  kind: "table" | "view" | "procedure" | "function" | "cte" | "temp";
  /** objectKey(schema, name) for catalog objects. */
  key?: string;
  /** The FROM-clause text: `{{ ref('stg_northwind__orders') }}`, or a CTE name. */
  sql: string;
  /** undefined when the columns are not known (yet). */
  columns?: OutputColumn[];
  /** Parameters of a table-valued function or procedure (they become dbt vars of that model). */
  parameters?: Parameter[];
};

export type ScalarFunctionRef = { key: string; macro: string; returns?: DataType; parameters: Parameter[] };

export interface Resolver {
  resolve(parts: string[]): Relation | undefined;
  resolveFunction(parts: string[]): ScalarFunctionRef | undefined;
  /** Record the output columns of a translated view/procedure/function (by objectKey). */
  register(key: string, columns: OutputColumn[]): void;
  /** The dbt model name chosen for a catalog object. */
  modelName(key: string): string | undefined;
}

export type TranslateContext = {
  catalog: Catalog;
  resolver: Resolver;
};

export type ResolverOptions = {
  /** dbt source name used in staging model names; default: the catalog's database name, snake_cased. */
  source?: string;
  /** Override the model name of a view/procedure/function (key = objectKey). */
  modelName?: (key: string, kind: "view" | "procedure" | "function", name: string) => string | undefined;
};

export function createResolver(catalog: Catalog, options: ResolverOptions = {}): Resolver {
  const source = options.source ?? snakeCase(catalog.database);
  const outputs = new Map<string, OutputColumn[]>();
  const models = new Map<string, string>();
  const used = new Set<string>();

  for (const t of catalog.tables) {
    const name = `stg_${source}__${snakeCase(t.schema === "dbo" ? t.name : `${t.schema}_${t.name}`)}`;
    models.set(objectKey(t.schema, t.name), name);
    used.add(name);
  }
  const named: { key: string; kind: "view" | "procedure" | "function"; name: string; schema: string }[] = [
    ...catalog.views.map((v) => ({
      key: objectKey(v.schema, v.name),
      kind: "view" as const,
      name: v.name,
      schema: v.schema,
    })),
    ...catalog.procedures.map((p) => ({
      key: objectKey(p.schema, p.name),
      kind: "procedure" as const,
      name: p.name,
      schema: p.schema,
    })),
    ...catalog.functions.map((f) => ({
      key: objectKey(f.schema, f.name),
      kind: "function" as const,
      name: f.name,
      schema: f.schema,
    })),
  ];
  for (const o of named) {
    let name =
      options.modelName?.(o.key, o.kind, o.name) ?? snakeCase(o.schema === "dbo" ? o.name : `${o.schema}_${o.name}`);
    // Views keep the plain name; a procedure or function that collides gets a suffix (`sales_by_category_proc`).
    if (used.has(name)) name = `${name}_${o.kind === "procedure" ? "proc" : o.kind === "function" ? "fn" : "view"}`;
    used.add(name);
    models.set(o.key, name);
  }

  function find<T extends { schema: string; name: string }>(list: T[], parts: string[]): T | undefined {
    const nonEmpty = parts.filter((p, i) => p !== "" || i === parts.length - 1);
    const name = nonEmpty[nonEmpty.length - 1]?.toLowerCase();
    const schema = parts.length >= 2 ? parts[parts.length - 2]?.toLowerCase() || undefined : undefined;
    const hits = list.filter(
      (o) => o.name.toLowerCase() === name && (schema === undefined || o.schema.toLowerCase() === schema),
    );
    if (hits.length <= 1) return hits[0];
    return hits.find((o) => o.schema.toLowerCase() === "dbo") ?? hits[0];
  }

  function resolveOwn(parts: string[]): Relation | undefined {
    const table = find(catalog.tables, parts);
    if (table) {
      const key = objectKey(table.schema, table.name);
      return { kind: "table", key, sql: `{{ ref('${models.get(key)}') }}`, columns: tableColumns(table, true) };
    }
    const view = find(catalog.views, parts);
    if (view) {
      const key = objectKey(view.schema, view.name);
      return {
        kind: "view",
        key,
        sql: `{{ ref('${models.get(key)}') }}`,
        ...(outputs.has(key) ? { columns: outputs.get(key) } : {}),
      };
    }
    const proc = find(catalog.procedures, parts);
    if (proc) {
      const key = objectKey(proc.schema, proc.name);
      return {
        kind: "procedure",
        key,
        sql: `{{ ref('${models.get(key)}') }}`,
        parameters: proc.parameters,
        ...(outputs.has(key) ? { columns: outputs.get(key) } : {}),
      };
    }
    const fn: SqlFunction | undefined = find(
      catalog.functions.filter((f) => f.kind !== "scalar"),
      parts,
    );
    if (fn) {
      const key = objectKey(fn.schema, fn.name);
      return {
        kind: "function",
        key,
        sql: `{{ ref('${models.get(key)}') }}`,
        parameters: fn.parameters,
        ...(outputs.has(key) ? { columns: outputs.get(key) } : {}),
      };
    }
    return undefined;
  }

  function resolveOwnFunction(parts: string[]): ScalarFunctionRef | undefined {
    if (parts.length < 2) return undefined; // scalar UDFs must be schema-qualified in T-SQL
    const fn = find(
      catalog.functions.filter((f) => f.kind === "scalar"),
      parts,
    );
    if (!fn) return undefined;
    const key = objectKey(fn.schema, fn.name);
    return { key, macro: models.get(key)!, ...(fn.returns ? { returns: fn.returns } : {}), parameters: fn.parameters };
  }

  /**
   * The name a synonym stands for (`CREATE SYNONYM dbo.Staff FOR dbo.Emp`), when `parts` names no object itself.
   * SQL Server resolves a synonym when it is used, so a chain of synonyms is followed too; a cycle ends the search.
   */
  function throughSynonym(
    parts: string[],
    resolves: (p: string[]) => unknown,
    seen = new Set<string>(),
  ): string[] | undefined {
    const synonym = find(catalog.synonyms, parts);
    if (!synonym) return undefined;
    const key = objectKey(synonym.schema, synonym.name);
    if (seen.has(key)) return undefined;
    seen.add(key);
    // A three-part target names this database: only schema.name selects the object.
    const target = synonym.target.slice(-2);
    return resolves(target) ? target : throughSynonym(target, resolves, seen);
  }

  return {
    resolve(parts) {
      const target = resolveOwn(parts) ? parts : throughSynonym(parts, resolveOwn);
      return target ? resolveOwn(target) : undefined;
    },
    resolveFunction(parts) {
      const target = resolveOwnFunction(parts) ? parts : throughSynonym(parts, resolveOwnFunction);
      return target ? resolveOwnFunction(target) : undefined;
    },
    register(key, columns) {
      outputs.set(key.toLowerCase(), columns);
    },
    modelName(key) {
      return models.get(key.toLowerCase());
    },
  };
}
