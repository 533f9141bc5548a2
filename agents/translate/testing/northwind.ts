import fs from "node:fs";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import type { Catalog, Table } from "~/agents/catalog/schema";
import type * as A from "~/agents/tsql/ast";
import { batchTexts } from "~/agents/tsql/batches";
import { parseBatch } from "~/agents/tsql/parser";
import { quoteIdent, quoteString } from "../literals";
import { normaliseDateTime } from "~/agents/ingest/dates";
import { normalizeName } from "~/agents/tsql/type-rules";
import { columnSql, tableColumns } from "../context";
import { columnNames } from "~/agents/plan/naming";
import { pgType } from "~/agents/dialect/types";
import { collationSetupSql, defaultCollationClause, stagingCollation } from "~/agents/dialect/collation";
import { sharedCorpus } from "~/runtime/testing/corpora";

/**
 * Test helpers (not production code): a Catalog built from the Northwind script with this package's own
 * parser (the ingest agent does this for real), a trivial dbt Jinja renderer, a loader that creates the
 * staging relations in PostgreSQL, and the expected-result comparison described in the fixture README.
 */

const NORTHWIND = sharedCorpus("northwind");
export const hasNorthwind = NORTHWIND !== undefined;
// Read only when hasNorthwind (the tests skip otherwise).
const NORTHWIND_DIR = NORTHWIND?.dir ?? "";
const NORTHWIND_SCRIPT = NORTHWIND?.script ?? "";

export type NorthwindBatch = {
  kind: "view" | "procedure";
  name: string;
  text: string;
  line: number;
  statement: A.Statement;
};

/** The CREATE VIEW / CREATE PROCEDURE batches of the script (16 views, 7 procedures). */
export function northwindObjectBatches(): NorthwindBatch[] {
  const script = fs.readFileSync(NORTHWIND_SCRIPT, "utf8");
  const out: NorthwindBatch[] = [];
  for (const b of batchTexts(script)) {
    if (!/^\s*create\s+(view|proc|procedure)\b/im.test(b.text)) continue;
    const first = b.text.split("\n").find((l) => /^\s*create\s/i.test(l));
    if (!first) continue;
    const statements = parseBatch(b.text, b.line);
    for (const s of statements) {
      if (s.kind === "createview")
        out.push({ kind: "view", name: s.name[s.name.length - 1]!, text: b.text, line: b.line, statement: s });
      if (s.kind === "createprocedure")
        out.push({ kind: "procedure", name: s.name[s.name.length - 1]!, text: b.text, line: b.line, statement: s });
    }
  }
  return out;
}

/** Catalog of the Northwind script: tables (with data), views and procedures. */
export function northwindCatalog(): Catalog {
  const script = fs.readFileSync(NORTHWIND_SCRIPT, "utf8");
  const tables = new Map<string, Table>();
  const catalog: Catalog = {
    database: "northwind",
    tables: [],
    views: [],
    procedures: [],
    functions: [],
    triggers: [],
    types: [],
    synonyms: [],
    diagnostics: [],
  };
  for (const b of batchTexts(script)) {
    const statements = parseBatch(b.text, b.line);
    for (const s of statements) {
      if (s.kind === "createtable") {
        const name = s.name[s.name.length - 1]!;
        const t: Table = {
          schema: "dbo",
          name,
          // Northwind's tables have no computed columns: every column has a type.
          columns: s.columns.map((c) => ({ name: c.name, type: c.type!, nullable: c.nullable ?? true })),
          uniqueConstraints: [],
          foreignKeys: [],
          checks: [],
          indexes: [],
          data: { columns: s.columns.map((c) => c.name), rows: [] },
        };
        tables.set(name.toLowerCase(), t);
        catalog.tables.push(t);
      } else if (s.kind === "insert" && s.target.kind === "table" && s.source.kind === "values") {
        const t = tables.get(s.target.name[s.target.name.length - 1]!.toLowerCase());
        if (!t) continue;
        const cols = s.columns ?? t.columns.map((c) => c.name);
        for (const row of s.source.rows) {
          const full: (string | null)[] = t.columns.map(() => null);
          row.forEach((v, i) => {
            const ci = t.columns.findIndex((c) => c.name.toLowerCase() === cols[i]!.toLowerCase());
            full[ci] = canonical(v, t.columns[ci]!.type.name);
          });
          t.data!.rows.push(full);
        }
      } else if (s.kind === "createview") {
        catalog.views.push({
          schema: "dbo",
          name: s.name[s.name.length - 1]!,
          definition: b.text,
          location: { file: path.basename(NORTHWIND_SCRIPT), line: b.line },
        });
      } else if (s.kind === "createprocedure") {
        catalog.procedures.push({
          schema: "dbo",
          name: s.name[s.name.length - 1]!,
          definition: b.text,
          location: { file: path.basename(NORTHWIND_SCRIPT), line: b.line },
          parameters: s.params.map((p) => ({
            name: p.name,
            type: p.type,
            output: p.output,
            ...(p.default?.kind === "literal"
              ? { default: p.default.type === "string" ? `'${p.default.value}'` : p.default.value }
              : {}),
          })),
        });
      }
    }
  }
  return catalog;
}

function canonical(v: A.Expr, typeName: string): string | null {
  if (v.kind !== "literal" || v.type === "null") return null;
  const t = normalizeName(typeName);
  if (v.type === "binary") return null; // pictures: not needed by any view
  if (t === "datetime" || t === "smalldatetime" || t === "date") {
    const read = normaliseDateTime(v.value, t, "mdy");
    return "value" in read ? read.value : v.value;
  }
  return v.value;
}

/** Create one PostgreSQL table per catalog table, named like its staging model, with its columns renamed as staging does. */
export function stagingDdl(catalog: Catalog, modelName: (tableName: string) => string): string {
  const out: string[] = [];
  for (const t of catalog.tables) {
    const name = modelName(t.name);
    const pg = tableColumns(t, true);
    out.push(
      `create table ${quoteIdent(name)} (${t.columns.map((c, i) => `${columnSql(pg[i]!)} ${pgType(c.type)}${stagingCollation(c)}`).join(", ")});`,
    );
    const rows = t.data?.rows ?? [];
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const values = chunk.map((r) => `(${r.map((v, j) => literalFor(v, t.columns[j]!.type.name)).join(", ")})`);
      out.push(`insert into ${quoteIdent(name)} values ${values.join(",\n")};`);
    }
  }
  return [...collationSetupSql([defaultCollationClause(), ...out]).map((s) => `${s};`), ...out].join("\n");
}

function literalFor(v: string | null, typeName: string): string {
  if (v === null) return "null";
  if (normalizeName(typeName) === "bit") return v === "0" ? "false" : "true";
  return quoteString(v);
}

/**
 * Trivial dbt Jinja: `{{ ref('m') }}` → `"m"`, `{{ var('x'[, 'd']) }}` → the value, `{% if var(...) is none %}…`,
 * `{{ config(...) }}` removed, `{% raw %}` unwrapped. Enough for this package's output.
 */
export function renderJinja(sql: string, vars: Record<string, string | number | undefined>): string {
  const value = (name: string, def?: string) => {
    const v = vars[name];
    if (v !== undefined) return String(v);
    if (def !== undefined) return def;
    throw new Error(`Required var ${name} is missing`);
  };
  const argRe = String.raw`var\('([^']+)'(?:,\s*(?:'((?:[^'\\]|\\.)*)'|(none)))?\)`;
  let out = sql.replace(/\{\{\s*config\([^}]*\)\s*\}\}\n?/g, "");
  out = out.replace(
    new RegExp(String.raw`\{% if ${argRe} is none %\}(.*?)\{% else %\}(.*?)\{% endif %\}`, "gs"),
    (_m, name: string, _d, _none, a: string, b: string) => (vars[name] === undefined ? a : b),
  );
  out = out.replace(/\{\{\s*ref\('([^']+)'\)\s*\}\}/g, (_m, m: string) => quoteIdent(m));
  out = out.replace(new RegExp(String.raw`\{\{\s*${argRe}\s*\}\}`, "g"), (_m, name: string, def?: string) =>
    value(name, def?.replace(/\\(.)/g, "$1")).replaceAll("'", "''"),
  );
  out = out.replace(/\{% raw %\}(.*?)\{% endraw %\}/gs, "$1");
  if (/\{\{|\{%/.test(out)) throw new Error(`Unrendered Jinja left in:\n${out}`);
  return out;
}

export type ManifestEntry = {
  object: string;
  kind: "view" | "procedure";
  file: string;
  params: Record<string, string | number>;
  ordered: boolean;
  rows: number;
  columns: { name: string; type: string }[];
};

export function northwindManifest(): ManifestEntry[] {
  return (
    JSON.parse(fs.readFileSync(path.join(NORTHWIND_DIR, "manifest.json"), "utf8")) as { objects: ManifestEntry[] }
  ).objects;
}

export function readExpected(entry: ManifestEntry): { header: string[]; rows: (string | null)[][] } {
  const text = fs.readFileSync(path.join(NORTHWIND_DIR, entry.file), "utf8");
  // NULL is an unquoted empty field; "" is an empty string.
  const records = parseCsv(text, {
    relax_quotes: false,
    cast: (value, ctx) => (value === "" && !ctx.quoting ? null : value),
  }) as (string | null)[][];
  return { header: records[0] as string[], rows: records.slice(1) };
}

/** Compare actual rows with the expected CSV under the README's rules; returns human-readable differences. */
export function compareResult(
  entry: ManifestEntry,
  actualColumns: string[],
  actualRows: Record<string, unknown>[],
  check = { ordered: entry.ordered },
): string[] {
  const expected = readExpected(entry);
  const diffs: string[] = [];
  // Models name their columns by columnNames (snake_case) of the SQL Server names the CSV header holds.
  if (actualColumns.join(",") !== columnNames(expected.header).join(",")) {
    diffs.push(`columns: expected ${expected.header.join(",")} got ${actualColumns.join(",")}`);
    return diffs;
  }
  const types = entry.columns.map((c) => c.type.toLowerCase());
  const norm = (v: unknown, i: number): string | null => {
    if (v === null || v === undefined) return null;
    const t = types[i]!;
    if (/^(int|smallint|bigint|tinyint|money|decimal|numeric|real|float)/.test(t)) return Number(v).toFixed(4);
    if (t === "bit") return v === true || v === "1" || v === 1 || v === "true" ? "1" : "0";
    if (t === "datetime") {
      if (v instanceof Date) return v.toISOString().replace("T", " ").replace("Z", "");
      return String(v).replace("T", " ").padEnd(23, ".000").slice(0, 23);
    }
    return String(v);
  };
  const exp = expected.rows.map((r) => r.map((v, i) => norm(v, i)));
  const act = actualRows.map((r) => actualColumns.map((c, i) => norm(r[c], i)));
  if (exp.length !== act.length) diffs.push(`rows: expected ${exp.length} got ${act.length}`);
  const key = (r: (string | null)[]) => JSON.stringify(r);
  if (check.ordered) {
    for (let i = 0; i < Math.max(exp.length, act.length) && diffs.length < 10; i++) {
      if (key(exp[i] ?? []) !== key(act[i] ?? []))
        diffs.push(`row ${i}: expected ${key(exp[i] ?? [])} got ${key(act[i] ?? [])}`);
    }
    return diffs;
  }
  const counts = new Map<string, number>();
  for (const r of exp) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
  const extra: string[] = [];
  for (const r of act) {
    const k = key(r);
    const n = counts.get(k) ?? 0;
    if (n > 0) counts.set(k, n - 1);
    else extra.push(k);
  }
  const missing = [...counts.entries()].filter(([, n]) => n > 0).map(([k]) => k);
  for (const m of missing.slice(0, 5)) diffs.push(`missing ${m}`);
  for (const x of extra.slice(0, 5)) diffs.push(`unexpected ${x}`);
  return diffs;
}
