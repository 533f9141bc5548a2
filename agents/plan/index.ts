import { objectKey, type Catalog } from "~/agents/catalog/schema";
import { topologicalOrder } from "./order";
import type { AssessedObject, Assessment, Plan, PlannedModel } from "~/agents/core/contracts";
import { MAX_IDENTIFIER_BYTES, nameWithin } from "~/agents/dialect/postgres";
import {
  fitIdentifier,
  fitWords,
  identifierSafe,
  numberDuplicates,
  RESERVED_MACRO_NAMES,
  snakeCase,
  uniqueEntities,
  type NameRequest,
} from "./naming";

export { identifierSafe, snakeCase, uniqueEntities } from "./naming";

/**
 * The Planner: maps every catalog object to its place in a dbt project, following dbt-labs' "how we
 * structure our dbt projects":
 *
 * - each SQL Server schema holding tables → one dbt source, named after the database (`northwind`), or
 *   `<database>_<schema>` when several schemas hold tables;
 * - table → `models/staging/<source>/stg_<source>__<entity>.sql` (view);
 * - view read by other views/procedures/functions → `models/intermediate/<area>/int_<entity>.sql` (view);
 *   any other view → `models/marts/<area>/<entity>.sql` (table);
 * - procedure → `models/marts/<area>/<entity>.sql` (table), parameters → vars; a procedure that upserts a permanent
 *   table with MERGE is that table's incremental model, which its translation configures (unique_key and strategy
 *   come from the MERGE: agents/translate/merge.ts);
 * - scalar function → `macros/<entity>.sql`; table-valued function → `models/intermediate/<area>/int_<entity>.sql`
 *   (ephemeral), parameters → vars;
 * - trigger → `review/<entity>.md`, a note for a person (layer `review`, nothing is built).
 *
 * Area rule (simple and deterministic on purpose: business areas cannot be guessed reliably from names):
 * the SQL Server schema, snake_cased, with `dbo` → `core`. Override with `options.area`.
 *
 * `materialized` of macro and review entries is `ephemeral` only because the contract requires a value:
 * nothing is built for them, and they are left out of `Plan.order`.
 */
export type PlanOptions = {
  /** dbt project name; default: the database name in snake_case. */
  projectName?: string;
  /** profiles.yml profile; default: the project name. */
  profile?: string;
  area?: (object: { kind: AssessedObject["kind"]; schema: string; name: string }) => string;
};

export function areaFor(schema: string): string {
  return schema.toLowerCase() === "dbo" ? "core" : identifierSafe(snakeCase(schema));
}

/**
 * The most of a staging model's 63-byte name the database part of its source may take, so the entity keeps the
 * rest (`stg_<source>__<entity>`): a long database name (a migration named in a sentence) would otherwise leave
 * every staging model named by the database and a hash alone. The source's description keeps the whole name.
 */
const SOURCE_DATABASE_BYTES = 24;

/**
 * The most of a source name (`<database>_<schema>`): a source is named in every staging model's `source('…', '…')`
 * and its model's name (`stg_<source>__<entity>`), which must leave room for the entity. The source's description
 * keeps the schema's whole name.
 */
const SOURCE_NAME_BYTES = 40;

/**
 * dbt source name per SQL Server schema (lower-cased) that holds tables; schemas alike once cut or snake_cased
 * (`Order Details`, `OrderDetails`) are numbered `_2`, `_3`… in schema order.
 */
export function sourceNames(catalog: Catalog): Map<string, string> {
  const db = identifierSafe(fitIdentifier(snakeCase(catalog.database), SOURCE_DATABASE_BYTES));
  const schemas = [...new Set(catalog.tables.map((t) => t.schema.toLowerCase()))].sort();
  const names = new Map(
    schemas.map((s) => [s, schemas.length === 1 ? db : fitWords(`${db}_${snakeCase(s)}`, SOURCE_NAME_BYTES)]),
  );
  numberDuplicates(
    schemas.map((key) => ({ key })),
    () => "",
    names,
    SOURCE_NAME_BYTES,
  );
  return names;
}

const BUILT_LAYERS = new Set<PlannedModel["layer"]>(["staging", "intermediate", "marts"]);

/**
 * dbt-postgres builds a model through relations named `<model>__dbt_tmp` and `<model>__dbt_backup`, cutting the
 * model's name in characters so that they fit in 63: right for an ASCII name, but one with multi-byte letters (名称)
 * would pass 63 bytes and PostgreSQL would cut it again, onto another relation's name. Such a name keeps room for
 * the longest suffix in bytes.
 */
const DBT_SUFFIX_BYTES = "__dbt_backup".length;
const modelNameBytes = (name: string) =>
  /^[\x00-\x7f]*$/.test(name) ? MAX_IDENTIFIER_BYTES : MAX_IDENTIFIER_BYTES - DBT_SUFFIX_BYTES;

/** A procedure's or function's parameter as a dbt var of its model, with its T-SQL default when it has one. */
const parameterVar = (p: { name: string; default?: string }): PlannedModel["vars"][number] => ({
  name: p.name,
  ...(p.default !== undefined ? { default: p.default } : {}),
});

export function plan(catalog: Catalog, assessment: Assessment, options: PlanOptions = {}): Plan {
  // dbt names a project's macros by it (`project.macro()`): ASCII, as macro names are.
  const projectName = options.projectName ?? identifierSafe(snakeCase(catalog.database, "object", { ascii: true }));
  const area = options.area ?? ((o) => areaFor(o.schema));
  const sources = sourceNames(catalog);
  const assessed = new Map(assessment.objects.map((o) => [o.key, o]));

  // Views that something else (other than a trigger) reads are intermediate; the rest are marts.
  const readByOthers = new Set<string>();
  for (const o of assessment.objects) {
    if (o.kind === "view" || o.kind === "procedure" || o.kind === "function")
      for (const d of o.dependsOn) readByOthers.add(d);
  }

  const requests: NameRequest[] = [];
  for (const t of catalog.tables) {
    const key = objectKey(t.schema, t.name);
    requests.push({
      key,
      kind: "table",
      schema: t.schema,
      entity: snakeCase(t.name),
      namespace: `staging:${sources.get(t.schema.toLowerCase())}`,
    });
  }
  for (const v of catalog.views)
    requests.push({
      key: objectKey(v.schema, v.name),
      kind: "view",
      schema: v.schema,
      entity: snakeCase(v.name),
      namespace: "models",
    });
  for (const p of catalog.procedures)
    requests.push({
      key: objectKey(p.schema, p.name),
      kind: "procedure",
      schema: p.schema,
      entity: snakeCase(p.name),
      namespace: "models",
    });
  for (const f of catalog.functions) {
    const key = objectKey(f.schema, f.name);
    if (f.kind === "scalar") {
      // A macro's name is a Jinja identifier, which our Jinja subset reads in ASCII.
      const entity = identifierSafe(snakeCase(f.name, "object", { ascii: true }));
      requests.push({
        key,
        kind: "function",
        schema: f.schema,
        entity: RESERVED_MACRO_NAMES.has(entity) ? `${entity}_fn` : entity,
        namespace: "macros",
      });
    } else requests.push({ key, kind: "function", schema: f.schema, entity: snakeCase(f.name), namespace: "models" });
  }
  for (const t of catalog.triggers)
    requests.push({
      key: objectKey(t.schema, t.name),
      kind: "trigger",
      schema: t.schema,
      entity: snakeCase(t.name),
      namespace: "review",
    });

  // First definition wins when the catalog holds an object twice (the Assessment warns about it).
  const seen = new Set<string>();
  const unique = requests.filter((r) => !seen.has(r.key) && seen.add(r.key));
  const entities = uniqueEntities(unique);
  const procedures = new Map(catalog.procedures.map((p) => [objectKey(p.schema, p.name), p]));
  const functions = new Map(catalog.functions.map((f) => [objectKey(f.schema, f.name), f]));
  const originalNames = new Map(
    [...catalog.tables, ...catalog.views, ...catalog.procedures, ...catalog.functions, ...catalog.triggers].map((o) => [
      objectKey(o.schema, o.name),
      o.name,
    ]),
  );

  type Draft = Omit<PlannedModel, "path" | "dependsOn"> & { folder: string; extension: string; schema: string };
  const drafts: Draft[] = [];
  for (const r of unique) {
    const entity = entities.get(r.key)!;
    const base = { key: r.key, kind: r.kind, schema: r.schema, vars: [] as PlannedModel["vars"] };
    const objectArea = () => area({ kind: r.kind, schema: r.schema, name: originalNames.get(r.key) ?? r.entity });
    // A view read by other objects and a table-valued function are intermediate models; what nothing reads is a mart.
    const intermediate = (materialized: Draft["materialized"]): Draft => ({
      ...base,
      name: `int_${entity}`,
      layer: "intermediate",
      materialized,
      folder: `models/intermediate/${objectArea()}`,
      extension: "sql",
    });
    const mart = (): Draft => ({
      ...base,
      name: identifierSafe(entity),
      layer: "marts",
      materialized: "table",
      folder: `models/marts/${objectArea()}`,
      extension: "sql",
    });
    switch (r.kind) {
      case "table": {
        const source = sources.get(r.schema.toLowerCase())!;
        drafts.push({
          ...base,
          name: `stg_${source}__${entity}`,
          layer: "staging",
          materialized: "view",
          folder: `models/staging/${source}`,
          extension: "sql",
        });
        break;
      }
      case "view":
        drafts.push(readByOthers.has(r.key) ? intermediate("view") : mart());
        break;
      case "procedure": {
        const proc = procedures.get(r.key)!;
        drafts.push({ ...mart(), vars: proc.parameters.filter((p) => !p.output).map(parameterVar) });
        break;
      }
      case "function": {
        const fn = functions.get(r.key)!;
        if (fn.kind === "scalar") {
          drafts.push({
            ...base,
            name: entity,
            layer: "macro",
            materialized: "ephemeral",
            folder: "macros",
            extension: "sql",
          });
        } else {
          drafts.push({ ...intermediate("ephemeral"), vars: fn.parameters.map(parameterVar) });
        }
        break;
      }
      case "trigger":
        drafts.push({
          ...base,
          name: entity,
          layer: "review",
          materialized: "ephemeral",
          folder: "review",
          extension: "md",
        });
        break;
    }
  }

  // A model's name is its relation's: within PostgreSQL's 63 bytes with the layer prefix included (a long name is
  // cut and given a hash of the whole, relationName). Model names are global in dbt: a view called `int_x` must
  // not meet the intermediate model of view `x`.
  const finalNames = new Map(
    drafts.map((d) => [d.key, BUILT_LAYERS.has(d.layer) ? nameWithin(d.name, modelNameBytes(d.name)) : d.name]),
  );
  numberDuplicates(drafts, (d) => (BUILT_LAYERS.has(d.layer) ? "model" : d.layer), finalNames, modelNameBytes);

  const modelOf = new Map<string, { name: string; layer: PlannedModel["layer"] }>(
    drafts.map((d) => [d.key, { name: finalNames.get(d.key)!, layer: d.layer }]),
  );
  const models: PlannedModel[] = drafts.map((d) => {
    const modelName = finalNames.get(d.key)!;
    // A staging model reads only its source table: foreign keys order the load, they are not refs.
    const deps = (d.layer === "staging" ? [] : (assessed.get(d.key)?.dependsOn ?? []))
      .map((k) => modelOf.get(k))
      .filter((m): m is { name: string; layer: PlannedModel["layer"] } => m !== undefined && BUILT_LAYERS.has(m.layer))
      .map((m) => m.name);
    return {
      key: d.key,
      kind: d.kind,
      name: modelName,
      path: `${d.folder}/${modelName}.${d.extension}`,
      layer: d.layer,
      materialized: d.materialized,
      dependsOn: [...new Set(deps)],
      vars: d.vars,
    };
  });

  // Build order: dependencies first; ties follow the Assessment's order (itself deterministic).
  const rank = new Map(assessment.order.map((k, i) => [k, i]));
  const built = models.filter((m) => BUILT_LAYERS.has(m.layer));
  const byName = new Map(built.map((m) => [m.name, m]));
  const position = (m: PlannedModel) => rank.get(m.key) ?? Number.MAX_SAFE_INTEGER;
  const { order } = topologicalOrder(
    built.map((m) => m.name),
    (n) => byName.get(n)?.dependsOn ?? [],
    (a, b) => position(byName.get(a)!) - position(byName.get(b)!) || (a < b ? -1 : a > b ? 1 : 0),
  );
  const orderIndex = new Map(order.map((n, i) => [n, i]));
  models.sort(
    (a, b) =>
      (orderIndex.get(a.name) ?? order.length + position(a)) - (orderIndex.get(b.name) ?? order.length + position(b)),
  );

  const sourceList = [...sources.entries()].map(([schemaLower, name]) => {
    const tables = catalog.tables.filter((t) => t.schema.toLowerCase() === schemaLower);
    return { name, schema: tables[0]!.schema, tables: [...new Set(tables.map((t) => t.name))] };
  });

  return {
    project: { name: projectName, profile: options.profile ?? projectName },
    sources: sourceList,
    models,
    order,
  };
}
