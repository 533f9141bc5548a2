import type { z } from "zod";
import { ZCatalog, objectKey, type Catalog, type Diagnostic } from "~/agents/catalog/schema";
import { applyDatabaseCollation } from "./catalog-builder";
import { decodeText } from "./decode";
import { InputError } from "./errors";

const MAX_LISTED_ISSUES = 20;

/**
 * Reads catalog JSON: the `Catalog` schema itself (agents/catalog/README.md). Invalid JSON is reported with
 * its line and column; schema violations with their JSON path, e.g. `tables[3].columns[0].type.name: Required`.
 */
export function readCatalogJson(bytes: Uint8Array, file: string): Catalog {
  const { text } = decodeText(bytes, file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const { line, column } = jsonErrorPosition(message, text);
    throw new InputError(
      `${file} is not valid JSON: line ${line}, column ${column}: ${message.replace(/\s*\(line \d+ column \d+\)$/, "")}`,
      file,
    );
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new InputError(
      `${file}: a catalog is a JSON object with "tables", "views", "procedures"…; found ${Array.isArray(json) ? "an array" : typeof json}`,
      file,
    );
  }
  const parsed = ZCatalog.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const listed = issues
      .slice(0, MAX_LISTED_ISSUES)
      .map((issue) => `  ${formatPath(issue.path)}: ${issueMessage(issue)}`);
    const more = issues.length > MAX_LISTED_ISSUES ? [`  … and ${issues.length - MAX_LISTED_ISSUES} more`] : [];
    throw new InputError(
      `${file} does not match the catalog format (agents/catalog/README.md):\n${[...listed, ...more].join("\n")}`,
      file,
    );
  }
  const catalog = parsed.data;
  applyDatabaseCollation(catalog.tables, catalog.collation);
  catalog.diagnostics.push(...consistencyWarnings(json as Record<string, unknown>, catalog, file));
  return catalog;
}

/** `tables[3].columns[0].type.name` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out || "(root)";
}

function issueMessage(issue: z.core.$ZodIssue): string {
  // zod says "expected string, received undefined" for a missing field; "Required" is what people look for.
  if (issue.code === "invalid_type" && /received undefined$/.test(issue.message)) return `Required (${issue.expected})`;
  return issue.message;
}

/** V8 reports `… in JSON at position N` (Node 20) or `(line L column C)` (Node 22+). */
function jsonErrorPosition(message: string, text: string): { line: number; column: number } {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : text.length;
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Things the schema cannot say: unknown top-level keys (typos), duplicate objects, dangling references. */
function consistencyWarnings(json: Record<string, unknown>, catalog: Catalog, file: string): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const warn = (message: string) => warnings.push({ severity: "warning", file, line: 1, message });
  const known = new Set(Object.keys(ZCatalog.shape));
  for (const key of Object.keys(json))
    if (!known.has(key)) warn(`unknown key "${key}" was ignored (known: ${[...known].join(", ")})`);

  const tables = new Map<string, Catalog["tables"][number]>();
  catalog.tables.forEach((table, i) => {
    const key = objectKey(table.schema, table.name);
    if (tables.has(key)) warn(`tables[${i}]: ${table.schema}.${table.name} appears more than once`);
    tables.set(key, table);
    const names = new Set(table.columns.map((c) => c.name.toLowerCase()));
    const unknown = (cols: string[]) => cols.filter((c) => !names.has(c.toLowerCase()));
    const check = (where: string, cols: string[]) => {
      const missing = unknown(cols);
      if (missing.length > 0)
        warn(`tables[${i}].${where} names unknown columns of ${table.name}: ${missing.join(", ")}`);
    };
    if (table.primaryKey) check("primaryKey", table.primaryKey.columns);
    table.foreignKeys.forEach((fk, k) => check(`foreignKeys[${k}]`, fk.columns));
    table.indexes.forEach((ix, k) => check(`indexes[${k}]`, ix.columns));
    if (table.data) {
      check("data", table.data.columns);
      table.data.rows.forEach((row, r) => {
        if (row.length !== table.data!.columns.length)
          warn(`tables[${i}].data.rows[${r}] has ${row.length} values for ${table.data!.columns.length} columns`);
      });
    }
  });
  catalog.tables.forEach((table, i) =>
    table.foreignKeys.forEach((fk, k) => {
      if (!tables.has(objectKey(fk.references.schema, fk.references.table))) {
        warn(
          `tables[${i}].foreignKeys[${k}] references ${fk.references.schema}.${fk.references.table}, which is not in the catalog`,
        );
      }
    }),
  );
  return warnings;
}
