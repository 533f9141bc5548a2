import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { objectKey } from "~/agents/catalog/schema";
import { runFailureText } from "~/agents/core/contracts";
import { parseObjectName } from "~/agents/evaluate/expected";
import type { CatalogArtifact } from "~/agents/worker/artifacts";
import type { Database } from "~/db/client";
import { llmCalls } from "~/db/schema";
import { ZMigrationId } from "../migrations";
import { toCallDto } from "./llm-calls";
import { loadObjectArtifacts, rowFor } from "./objects";

/** One object: the original T-SQL next to the dbt SQL, and everything that happened to it. */

export const ZObjectRef = ZMigrationId.extend({ key: z.string().min(1, "Object key is required").max(500) }).strict();

export async function getObject(db: Database, userId: string, id: string, key: string) {
  const loaded = await loadObjectArtifacts(db, userId, id, ["catalog"]);
  if (!loaded) return null;
  const { a, index } = loaded;
  const assessed = a.assessment?.objects.find((o) => o.key === key) ?? null;
  const source = a.catalog ? findSource(a.catalog, key) : null;
  const entry = index.report.get(key) ?? null;
  if (!assessed && !source && !entry) return { found: false as const, key };

  const base = assessed ?? {
    kind: entry?.kind ?? source?.kind ?? "object",
    schema: source?.schema ?? parseObjectName(entry?.object ?? key).schema,
    name: source?.name ?? parseObjectName(entry?.object ?? key).name,
    handling: null,
    constructs: entry?.constructs ?? [],
  };
  const row = rowFor(
    key,
    {
      kind: base.kind,
      schema: base.schema,
      name: base.name,
      handling: base.handling ?? null,
      constructs: base.constructs,
    },
    index,
  );
  const model = index.models.get(key) ?? null;
  const translation = index.translations.get(key) ?? null;
  const run = model ? (index.runs.get(model.name) ?? null) : null;
  const calls = await db
    .select()
    .from(llmCalls)
    .where(and(eq(llmCalls.migrationId, id), eq(llmCalls.object, key)))
    .orderBy(llmCalls.id)
    .limit(200);
  const dependents = (a.plan?.models ?? [])
    .filter((m) => model && m.dependsOn.includes(model.name))
    .map((m) => ({ model: m.name, key: m.key }));
  const upstream = (model?.dependsOn ?? []).map((name) => ({
    model: name,
    key: index.modelsByName.get(name)?.key ?? null,
  }));

  return {
    found: true as const,
    ...row,
    source: source && {
      /** The T-SQL as written (tables: reconstructed from the catalog, there is no CREATE TABLE text kept). */
      tsql: source.tsql,
      reconstructed: source.reconstructed,
      file: source.location?.file ?? null,
      line: source.location?.line ?? null,
    },
    assessment: assessed && {
      handling: assessed.handling,
      complexity: assessed.complexity,
      reasons: assessed.reasons,
      dependsOn: assessed.dependsOn,
    },
    plan: model && { path: model.path, layer: model.layer, materialized: model.materialized, vars: model.vars },
    translation: translation && {
      sql: translation.sql,
      status: translation.status,
      issues: translation.issues,
      by: translation.by,
    },
    run: run && {
      outcome: run.outcome,
      error: runFailureText(run),
      compiledSql: run.compiledSql ?? null,
      rows: run.rows ?? null,
      tests: run.tests,
      builtBy: run.builtBy ?? null,
    },
    evaluations: model
      ? (index.evaluations.get(model.name) ?? []).map((e) => ({
          source: e.source,
          params: e.params,
          comparison: e.comparison,
        }))
      : [],
    repairs: model ? (index.repairs.get(model.name) ?? []) : [],
    upstream,
    dependents,
    llmCalls: calls.map(toCallDto),
  };
}

function findSource(catalog: CatalogArtifact, key: string) {
  const match = <T extends { schema: string; name: string }>(list: T[]) =>
    list.find((o) => objectKey(o.schema, o.name) === key);
  const table = match(catalog.tables);
  if (table)
    return {
      kind: "table",
      schema: table.schema,
      name: table.name,
      location: table.location,
      tsql: tableDdl(table),
      reconstructed: true,
    };
  for (const [kind, list] of [
    ["view", catalog.views],
    ["procedure", catalog.procedures],
    ["function", catalog.functions],
    ["trigger", catalog.triggers],
  ] as const) {
    const found = match(
      list as { schema: string; name: string; definition: string; location?: { file: string; line: number } }[],
    );
    if (found)
      return {
        kind,
        schema: found.schema,
        name: found.name,
        location: found.location,
        tsql: found.definition,
        reconstructed: false,
      };
  }
  return null;
}

type TableShape = CatalogArtifact["tables"][number];

const bracket = (name: string) => `[${name.replaceAll("]", "]]")}]`;

/** A CREATE TABLE equivalent to the catalog's table (the ingest keeps columns and keys, not the statement's text). */
export function tableDdl(table: TableShape): string {
  const type = (t: TableShape["columns"][number]["type"]) =>
    t.length !== undefined
      ? `${t.name}(${t.length})`
      : t.precision !== undefined && t.scale !== undefined
        ? `${t.name}(${t.precision}, ${t.scale})`
        : t.precision !== undefined
          ? `${t.name}(${t.precision})`
          : t.scale !== undefined
            ? `${t.name}(${t.scale})`
            : t.name;
  const lines = table.columns.map((c) => {
    if (c.computed) return `    ${bracket(c.name)} AS ${c.computed}`;
    let line = `    ${bracket(c.name)} ${type(c.type)}`;
    if (c.identity) line += ` IDENTITY(${c.identity.seed}, ${c.identity.increment})`;
    line += c.nullable ? " NULL" : " NOT NULL";
    if (c.default) line += ` DEFAULT ${c.default}`;
    return line;
  });
  if (table.primaryKey) {
    lines.push(
      `    ${table.primaryKey.name ? `CONSTRAINT ${bracket(table.primaryKey.name)} ` : ""}PRIMARY KEY (${table.primaryKey.columns.map(bracket).join(", ")})`,
    );
  }
  for (const u of table.uniqueConstraints)
    lines.push(`    ${u.name ? `CONSTRAINT ${bracket(u.name)} ` : ""}UNIQUE (${u.columns.map(bracket).join(", ")})`);
  for (const fk of table.foreignKeys) {
    lines.push(
      `    ${fk.name ? `CONSTRAINT ${bracket(fk.name)} ` : ""}FOREIGN KEY (${fk.columns.map(bracket).join(", ")}) REFERENCES ${bracket(fk.references.schema)}.${bracket(fk.references.table)} (${fk.references.columns.map(bracket).join(", ")})`,
    );
  }
  for (const check of table.checks)
    lines.push(`    ${check.name ? `CONSTRAINT ${bracket(check.name)} ` : ""}CHECK ${check.expression}`);
  return `CREATE TABLE ${bracket(table.schema)}.${bracket(table.name)} (\n${lines.join(",\n")}\n);\n-- ${table.rows} row(s) of data in the source`;
}
