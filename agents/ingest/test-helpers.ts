import type { Catalog } from "~/agents/catalog/schema";
import { ingest, type IngestOptions } from "./index";

/** Ingests `text` as a UTF-8 script named `file`. */
export function ingestScript(text: string, file = "test.sql", options?: IngestOptions): Catalog {
  return ingest({ kind: "script", file, bytes: new TextEncoder().encode(text) }, options);
}

export function table(catalog: Catalog, name: string) {
  const found = catalog.tables.find((t) => t.name.toLowerCase() === name.toLowerCase());
  if (!found) throw new Error(`no table ${name} in [${catalog.tables.map((t) => t.name).join(", ")}]`);
  return found;
}

/** The table's rows as objects keyed by column name, for readable assertions. */
export function rows(catalog: Catalog, name: string): Record<string, string | null>[] {
  const data = table(catalog, name).data;
  if (!data) return [];
  return data.rows.map((row) => Object.fromEntries(data.columns.map((c, i) => [c, row[i] ?? null])));
}
