import type postgres from "postgres";
import type { Catalog } from "~/agents/catalog/schema";
import { columnIdent, qualifiedName, quoteLiteral } from "~/agents/dialect/postgres";

export type SourceData = {
  /** psql script: one `copy … from stdin` block per table with rows, then the sequences' positions. */
  script: string;
  tables: number;
  rows: number;
};

/**
 * The rows of the catalog's source tables as a loaded sandbox holds them (loadCatalog: the script's literal rows,
 * its INSERT … SELECT, UPDATE and DELETE statements, DEFAULTs applied, rows PostgreSQL refused left out), as a psql
 * script that fills the same tables created by sourceSchemaStatements in another database. It is read back from the
 * sandbox rather than re-rendered from the catalog, so the user's tables hold exactly the rows the migration was
 * validated on. The format is pg_dump's plain one (COPY text data inline, ended by `\.`), which psql reads.
 */
export async function dumpSourceData(
  sql: postgres.Sql,
  catalog: Pick<Catalog, "tables"> & Partial<Pick<Catalog, "sequences">>,
): Promise<SourceData> {
  // One table at a time: postgres.js refuses a statement queued behind a COPY on the same connection.
  const dumped = [];
  for (const table of catalog.tables) dumped.push(await dumpTable(sql, table));
  const blocks = dumped.flatMap((d) => (d.block ? [d.block] : []));
  const rows = dumped.reduce((sum, d) => sum + d.rows, 0);
  const positions = dumped.flatMap((d) => d.positions);
  for (const sequence of catalog.sequences ?? []) {
    const name = qualifiedName(sequence.schema, sequence.name);
    const [state] = await sql<{ value: string | null }[]>`
      select case when is_called then last_value::text end as value from ${sql.unsafe(name)}`;
    if (state?.value != null) positions.push(`select setval(${quoteLiteral(name)}, ${state.value}, true);`);
  }
  const script = [...blocks, ...(positions.length ? [positions.join("\n") + "\n"] : [])].join("\n");
  return { script, tables: blocks.length, rows };
}

/** One table's `copy … from stdin` block (none when it is empty) and where its identity column stands. */
async function dumpTable(
  sql: postgres.Sql,
  table: Catalog["tables"][number],
): Promise<{ block?: string; rows: number; positions: string[] }> {
  const relation = qualifiedName(table.schema, table.name);
  // Generated (computed) columns are left to PostgreSQL, which computes them as the sandbox did.
  const columns = await sql<{ name: string; identity: boolean }[]>`
    select attname as name, attidentity <> '' as identity from pg_attribute
    where attrelid = ${relation}::regclass and attnum > 0 and not attisdropped and attgenerated = ''
    order by attnum`;
  if (!columns.length) return { rows: 0, positions: [] };
  const list = columns.map((c) => columnIdent(c.name)).join(", ");
  const data = await copyOut(sql, `copy ${relation} (${list}) to stdout`);
  const positions: string[] = [];
  for (const column of columns.filter((c) => c.identity))
    positions.push(...(await identityPosition(sql, relation, column.name)));
  return data
    ? { block: `copy ${relation} (${list}) from stdin;\n${data}\\.\n`, rows: data.split("\n").length - 1, positions }
    : { rows: 0, positions };
}

/**
 * Where an identity column's sequence must stand for the next row: past the highest value loaded (the lowest, for
 * a negative increment). Loaded rows bring their own values, which leaves PostgreSQL's sequence untouched, while
 * SQL Server moves the identity to an inserted value beyond it (docs: set-identity-insert-transact-sql.md, "If
 * the value inserted is larger than the current identity value for the table, SQL Server automatically uses the
 * new inserted value as the current identity value").
 */
async function identityPosition(sql: postgres.Sql, relation: string, column: string): Promise<string[]> {
  const [{ sequence } = { sequence: null }] = await sql<{ sequence: string | null }[]>`
    select pg_get_serial_sequence(${relation}, ${column}) as sequence`;
  if (!sequence) return [];
  const ident = sql.unsafe(columnIdent(column));
  // least/greatest skip NULLs: an empty table and an untouched sequence give no position.
  const [state] = await sql<{ value: string | null }[]>`
    select (case when p.seqincrement < 0 then least(c.low, q.drawn) else greatest(c.high, q.drawn) end)::text as value
    from pg_sequence as p,
         (select case when is_called then last_value end as drawn from ${sql.unsafe(sequence)}) as q,
         (select min(${ident}) as low, max(${ident}) as high from ${sql.unsafe(relation)}) as c
    where p.seqrelid = ${sequence}::regclass`;
  if (state?.value == null) return [];
  return [
    `select setval(pg_get_serial_sequence(${quoteLiteral(relation)}, ${quoteLiteral(column)}), ${state.value}, true);`,
  ];
}

/** The text of a `copy … to stdout`, whole (a table's rows in COPY text format, one line each). */
async function copyOut(sql: postgres.Sql, statement: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await sql.unsafe(statement).readable()) chunks.push(Buffer.from(chunk as Uint8Array));
  // Decoded once: a chunk may end inside a multi-byte character.
  return Buffer.concat(chunks).toString("utf8");
}
