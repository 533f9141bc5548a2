import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type postgres from "postgres";
import type { Catalog, Table } from "~/agents/catalog/schema";
import { type ColumnPlan, planTable, qualifiedName, quoteIdent, type TablePlan } from "./ddl";

export type LoadResult = {
  tables: number;
  rows: number;
  /** Wall time of the whole load (DDL and data). */
  ms: number;
  warnings: string[];
};

/**
 * Creates every schema and table of the catalog in the sandbox and loads their row data.
 *
 * All DDL goes to the server as one multi-statement query (one round trip), then each table's rows stream in
 * with `COPY … FROM STDIN` (text format), several tables at once over the pool. COPY is used rather than INSERT
 * because it parses values with the types' own input functions at a fraction of the cost of statements.
 */
export async function loadCatalog(sql: postgres.Sql, catalog: Pick<Catalog, "tables">, options: { concurrency?: number } = {}): Promise<LoadResult> {
  const started = performance.now();
  const plans = catalog.tables.map((table) => ({ table, plan: planTable(table) }));
  const warnings = plans.flatMap((p) => p.plan.warnings);

  const schemas = [...new Set(catalog.tables.map((t) => t.schema))];
  const ddl = [
    ...schemas.map((schema) => `create schema if not exists ${quoteIdent(schema)}`),
    ...plans.map((p) => p.plan.ddl),
  ];
  if (ddl.length > 0) await sql.unsafe(ddl.join(";\n")).simple();

  const withData = plans.filter((p) => p.table.data && p.table.data.rows.length > 0);
  let rows = 0;
  let next = 0;
  const worker = async () => {
    while (next < withData.length) {
      const { table, plan } = withData[next++]!;
      const copied = await copyRows(sql, table, plan, warnings);
      rows += copied;
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, withData.length));
  await Promise.all(Array.from({ length: concurrency }, worker));

  return { tables: plans.length, rows, ms: performance.now() - started, warnings };
}

async function copyRows(sql: postgres.Sql, table: Table, plan: TablePlan, warnings: string[]): Promise<number> {
  const data = table.data!;
  // Data columns are matched to table columns by name, ignoring case (SQL Server's default collation does).
  const byName = new Map(plan.columns.map((c) => [c.name.toLowerCase(), c]));
  const targets: { index: number; column: ColumnPlan }[] = [];
  data.columns.forEach((name, index) => {
    const column = byName.get(name.toLowerCase());
    if (column) targets.push({ index, column });
    else warnings.push(`${table.schema}.${table.name}: data column ${name} is not in the table; its values were not loaded`);
  });
  if (targets.length === 0) return 0;

  const columnList = targets.map((t) => quoteIdent(t.column.name)).join(", ");
  const stream = await sql.unsafe(`copy ${qualifiedName(plan.schema, plan.name)} (${columnList}) from stdin`).writable();
  await pipeline(Readable.from(copyChunks(data.rows, targets)), stream);
  return data.rows.length;
}

/** Rows in COPY text format, in chunks of about 64 kB so large tables stream without one huge string. */
function* copyChunks(rows: (string | null)[][], targets: { index: number; column: ColumnPlan }[]): Generator<string> {
  let chunk = "";
  for (const row of rows) {
    let line = "";
    for (let i = 0; i < targets.length; i++) {
      const { index, column } = targets[i]!;
      if (i > 0) line += "\t";
      line += copyField(row[index] ?? null, column);
    }
    chunk += line + "\n";
    if (chunk.length > 65_536) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

/**
 * One value in COPY text format. The catalog holds canonical text (agents/catalog/schema.ts): bit as 0/1,
 * binary as `\x…`, ISO dates, plain decimals; PostgreSQL's input functions take all of these as they are,
 * except that bit becomes t/f for clarity and a `0x…` binary literal (if one slipped through) becomes `\x…`.
 */
export function copyField(value: string | null, column: Pick<ColumnPlan, "kind">): string {
  if (value === null) return "\\N";
  let text = value;
  if (column.kind === "boolean") {
    if (text === "1") text = "t";
    else if (text === "0") text = "f";
  } else if (column.kind === "bytea" && /^0x/i.test(text)) {
    text = `\\x${text.slice(2)}`;
  }
  return text.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}
