import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { type DataType, objectKey } from "~/agents/catalog/schema";
import type { PlannedModel } from "~/agents/core/contracts";
import { parseCsv } from "./csv";
import type { ResultSet } from "./compare";

/** manifest.json of an expected-results folder (fixtures/northwind/README.md, "manifest.json"). */
export const ZManifestEntry = z.object({
  object: z.string(),
  kind: z.enum(["view", "procedure", "function"]).default("view"),
  file: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
  ordered: z.boolean().default(false),
  rows: z.number().int().optional(),
  columns: z.array(z.object({ name: z.string(), type: z.string().optional() })).optional(),
  notes: z.string().optional(),
});
export type ManifestEntry = z.infer<typeof ZManifestEntry>;

export const ZManifest = z.object({
  source: z.unknown().optional(),
  format: z.string().optional(),
  objects: z.array(ZManifestEntry),
});

export type ExpectedResult = {
  entry: ManifestEntry;
  /** objectKey of the object: `dbo.sales by category`. */
  key: string;
  schema: string;
  name: string;
  /** Params as strings, ready to be dbt vars. */
  vars: Record<string, string>;
  result: ResultSet;
  /** Disagreements between the manifest and its CSV (header, row count); the CSV wins. */
  problems: string[];
};

/** `dbo.[Sales by Category]`, `[dbo].[X]`, `"dbo"."X"`, `dbo.X` or `X` (schema dbo) → schema and name. */
export function parseObjectName(object: string): { schema: string; name: string } {
  const parts: string[] = [];
  let i = 0;
  const s = object.trim();
  while (i < s.length) {
    let part = "";
    if (s[i] === "[" || s[i] === '"') {
      const close = s[i] === "[" ? "]" : '"';
      i++;
      while (i < s.length) {
        if (s[i] === close && s[i + 1] === close) {
          part += close;
          i += 2;
        } else if (s[i] === close) {
          i++;
          break;
        } else part += s[i++];
      }
    } else {
      while (i < s.length && s[i] !== ".") part += s[i++];
      part = part.trim();
    }
    parts.push(part);
    while (i < s.length && s[i] !== ".") i++;
    i++;
  }
  const name = parts.at(-1) ?? s;
  const schema = parts.length >= 2 ? parts.at(-2)! : "dbo";
  return { schema, name };
}

/** `nvarchar(40)`, `decimal(38,2)`, `nvarchar(max)`, `int` → the catalog's DataType. */
export function parseSqlServerType(type: string): DataType {
  const match = /^\s*([a-z_ ]+?)\s*(?:\(\s*(max|\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*$/i.exec(type);
  if (!match) return { name: type.trim().toLowerCase() };
  const name = match[1]!.toLowerCase();
  const [, , first, second] = match;
  if (first === undefined) return { name };
  if (/^(decimal|numeric|dec)$/.test(name)) return { name, precision: Number(first), scale: Number(second ?? 0) };
  if (/^(float|datetime2|time|datetimeoffset)$/.test(name))
    return name === "float" ? { name, precision: Number(first) } : { name, scale: Number(first) };
  return { name, length: first.toLowerCase() === "max" ? "max" : Number(first) };
}

export async function readExpectedResults(folder: string): Promise<ExpectedResult[]> {
  const manifest = ZManifest.parse(JSON.parse(await fs.readFile(path.join(folder, "manifest.json"), "utf8")));
  return Promise.all(
    manifest.objects.map(async (entry) => {
      const { schema, name } = parseObjectName(entry.object);
      const csv = parseCsv(await fs.readFile(path.join(folder, entry.file), "utf8"));
      const problems: string[] = [];
      const types = new Map((entry.columns ?? []).map((c) => [c.name.toLowerCase(), c.type]));
      if (entry.columns && entry.columns.map((c) => c.name).join("\u0000") !== csv.header.join("\u0000")) {
        problems.push(
          `the CSV header (${csv.header.join(", ")}) is not the manifest's columns (${entry.columns.map((c) => c.name).join(", ")})`,
        );
      }
      if (entry.rows !== undefined && entry.rows !== csv.rows.length)
        problems.push(`the manifest says ${entry.rows} rows, the CSV has ${csv.rows.length}`);
      return {
        entry,
        key: objectKey(schema, name),
        schema,
        name,
        vars: Object.fromEntries(Object.entries(entry.params).map(([k, v]) => [k, v === null ? "" : String(v)])),
        result: { columns: csv.header.map((h) => ({ name: h, type: types.get(h.toLowerCase()) })), rows: csv.rows },
        problems,
      };
    }),
  );
}

/**
 * Pairs each expected result with the planned model of its object (by object key). One model can have several
 * entries (a procedure run with different params): each is evaluated on its own, with its own vars.
 */
export function matchExpectedToModels(expected: ExpectedResult[], models: Pick<PlannedModel, "key" | "name">[]) {
  const byKey = new Map(models.map((m) => [m.key.toLowerCase(), m]));
  return expected.map((e) => ({ expected: e, model: byKey.get(e.key) }));
}
