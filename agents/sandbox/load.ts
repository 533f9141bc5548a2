import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type postgres from "postgres";
import { type Catalog, objectKey, type Table, ZCatalog } from "~/agents/catalog/schema";
import { createResolver, type OutputColumn, tableColumns, type Resolver, translateObject } from "~/agents/translate";
import { columnIdent, qualifiedName, quoteIdent, quoteLiteral, relationName } from "~/agents/dialect/postgres";
import { typeToString } from "~/agents/tsql/type-rules";
import { dateKind, isTextHeld } from "~/agents/translate/datetime";
import { pgType } from "~/agents/dialect/types";
import { type ColumnPlan, collationDdl, planTable, sequenceDdl, type TablePlan } from "./ddl";

/** A table whose sandbox copy is not what the script would have put in it on SQL Server. */
export type LoadIssue = {
  /** objectKey of the table. */
  key: string;
  /** `schema.name`. */
  table: string;
  /** One line for an object's status reason: what is missing and why. */
  message: string;
  /** Where in the input: the first rejected row's INSERT, or the statement that was not run. */
  file?: string;
  line?: number;
};

export type LoadResult = {
  tables: number;
  rows: number;
  /** Wall time of the whole load (DDL and data). */
  ms: number;
  warnings: string[];
  /** Per table: rows PostgreSQL rejected, statements that were not run. */
  issues: LoadIssue[];
};

/** Past this many rejected rows a table's remaining rows are not tried one by one (bounds the load's time). */
const MAX_REJECTED_ROWS = 1000;
/** Rejected rows described one by one in the warnings, per table; the rest are counted. */
const DESCRIBED_ROWS = 20;

/**
 * Creates every schema and table of the catalog in the sandbox and loads their row data.
 *
 * All DDL goes to the server as one multi-statement query (one round trip), then each table's rows stream in
 * with `COPY … FROM STDIN` (text format), several tables at once over the pool. COPY is used rather than INSERT
 * because it parses values with the types' own input functions at a fraction of the cost of statements.
 *
 * A row PostgreSQL rejects (NULL into NOT NULL, a duplicate key, a value its type does not accept) does not stop
 * the load: COPY is all-or-nothing, so the failed batch is retried without that row (PostgreSQL names its line in
 * the batch), and the row becomes a warning naming the table, its number in the script's data, the script line
 * and the column and value; the table gets a LoadIssue so the objects reading it say so.
 */
export async function loadCatalog(
  sql: postgres.Sql,
  catalog: Pick<Catalog, "tables"> & Partial<Pick<Catalog, "sequences">>,
  options: { concurrency?: number } = {},
): Promise<LoadResult> {
  const started = performance.now();
  const sequences = new Map((catalog.sequences ?? []).map((s) => [objectKey(s.schema, s.name), s]));
  const plans = catalog.tables.map((table) => ({ table, plan: planTable(table, sequences) }));
  const warnings = plans.flatMap((p) => p.plan.warnings);
  const issues: LoadIssue[] = plans
    .filter((p) => p.plan.uncomputed.length)
    .map(({ table, plan }) => ({
      key: objectKey(table.schema, table.name),
      table: `${table.schema}.${table.name}`,
      message: `computed column${plan.uncomputed.length > 1 ? "s" : ""} ${plan.uncomputed.join(", ")} of ${table.schema}.${table.name} could not be computed (NULL, not SQL Server's values)`,
      ...(table.location ? { file: table.location.file, line: table.location.line } : {}),
    }));

  const ddl = sourceSchemaStatements(
    catalog,
    plans.map((p) => p.plan),
  );
  if (ddl.length > 0) await sql.unsafe(ddl.join(";\n")).simple();

  const withData = plans.filter((p) => p.table.data && p.table.data.rows.length > 0);
  // Tables whose rows take values from a sequence (NEXT VALUE FOR defaults) draw them in the order their rows
  // are loaded: when several do, their runs of rows are copied one at a time in script order, as SQL Server ran
  // the INSERTs, each table in its own task (waiting tasks hold no connection); the others go through the pool.
  const drawing = withData.filter((p) => p.table.data!.defaults && /\bdefault nextval\(/.test(p.plan.ddl));
  const ordered = drawing.length > 1 ? drawing : [];
  const turns = scriptOrder(ordered.map((p) => p.table));
  let rows = 0;
  const pooled = withData.filter((p) => !ordered.includes(p));
  let next = 0;
  const worker = async () => {
    while (next < pooled.length) {
      const { table, plan } = pooled[next++]!;
      // Not `rows += await …`: that reads `rows` before the await, losing the other workers' counts.
      const copied = await copyRows(sql, table, plan, warnings, issues);
      rows += copied;
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, pooled.length));
  await Promise.all([
    ...Array.from({ length: concurrency }, worker),
    ...ordered.map(async ({ table, plan }, t) => {
      const copied = await copyRows(sql, table, plan, warnings, issues, {
        before: (run) => turns.wait(t, run),
        after: () => turns.next(),
      });
      rows += copied;
    }),
  ]);
  rows += await runInsertSelects(sql, catalog.tables, warnings, issues);

  return { tables: plans.length, rows, ms: performance.now() - started, warnings, issues };
}

/**
 * The statements that create the catalog's source tables in PostgreSQL: the collations their text columns use,
 * the schemas, the sequences their DEFAULTs draw from (before the tables), then the tables. The sandbox runs them;
 * the generated project ships them (source_schema/create_tables.sql) for the user's own database.
 */
export function sourceSchemaStatements(
  catalog: Pick<Catalog, "tables"> & Partial<Pick<Catalog, "sequences">>,
  plans?: TablePlan[],
): string[] {
  const sequences = new Map((catalog.sequences ?? []).map((s) => [objectKey(s.schema, s.name), s]));
  const schemas = [...new Set([...catalog.tables, ...sequences.values()].map((t) => t.schema))];
  return [
    ...collationDdl(catalog.tables),
    ...schemas.map((schema) => `create schema if not exists ${quoteIdent(relationName(schema))}`),
    ...[...sequences.values()].map(sequenceDdl),
    ...(plans ?? catalog.tables.map((t) => planTable(t, sequences))).flatMap((p) => [
      ...p.functions,
      p.ddl,
      ...p.indexes,
    ]),
  ];
}

type Target = { index: number; column: ColumnPlan };

/** Loads one table's rows; returns how many went in. */
type Gate = { before: (run: number) => Promise<void>; after: () => void };

async function copyRows(
  sql: postgres.Sql,
  table: Table,
  plan: TablePlan,
  warnings: string[],
  issues: LoadIssue[],
  gate?: Gate,
): Promise<number> {
  const data = table.data!;
  const name = `${table.schema}.${table.name}`;
  // Data columns are matched to table columns by name, ignoring case (SQL Server's default collation does).
  const byName = new Map(plan.columns.map((c) => [c.name.toLowerCase(), c]));
  const targets: Target[] = [];
  data.columns.forEach((column, index) => {
    const match = byName.get(column.toLowerCase());
    if (match) targets.push({ index, column: match });
    else warnings.push(`${name}: data column ${column} is not in the table; its values were not loaded`);
  });
  if (targets.length === 0) {
    // Nothing to copy, but the other tables' runs wait for this table's turns: pass them on.
    let run = 0;
    for (const _ of runsByColumnSet(data.rows.length, data.defaults, gate ? data.source?.lines : undefined)) {
      await gate?.before(run++);
      gate?.after();
    }
    return 0;
  }

  const finer = finerThanMicroseconds(table, targets, data.rows);
  if (finer) {
    const message = `column ${finer.column} of ${name} holds a value with a 7th fractional digit (row ${finer.row + 1}: ${finer.value}), which PostgreSQL rounds to the microsecond: not SQL Server's value`;
    warnings.push(message);
    issues.push({
      key: objectKey(table.schema, table.name),
      table: name,
      message,
      ...(data.source?.file ? { file: data.source.file } : {}),
      ...(data.source?.lines[finer.row] !== undefined ? { line: data.source.lines[finer.row] } : {}),
    });
  }

  const rejected: { row: number; error: PostgresError }[] = [];
  let loaded = 0;
  let abandoned: { rows: number; why: string } | undefined;

  // Rows whose INSERT left columns to their server-side DEFAULT are copied without those columns, so PostgreSQL
  // applies the default as SQL Server did. Consecutive rows with the same omitted columns share one COPY; runs
  // are loaded in script order, so sequence and identity values are handed out in the order SQL Server did.
  let runIndex = 0;
  for (const run of runsByColumnSet(data.rows.length, data.defaults, gate ? data.source?.lines : undefined)) {
    await gate?.before(runIndex++);
    try {
      await loadRun(run);
    } finally {
      gate?.after();
    }
  }

  async function loadRun(run: { omitted: number[]; rows: number[] }) {
    if (abandoned) {
      abandoned.rows += run.rows.length;
      return;
    }
    const omitted = new Set(run.omitted);
    const columns = targets.filter((t) => !omitted.has(t.index));
    const copy = async (rows: number[]): Promise<PostgresError | undefined> => {
      try {
        await copyBatch(sql, plan, columns, data.rows, rows);
        return undefined;
      } catch (error) {
        if (isPostgresError(error)) return error;
        throw error;
      }
    };

    // COPY is atomic: a rejected row rolls back its whole batch. PostgreSQL's error says which line of the batch
    // it was ("COPY T, line 3, column n: …"), so the rows before it are copied again on their own, the row is
    // set aside and the rest is tried again: about two COPYs per bad row. Without a line, halves are tried.
    const load = async (rows: number[]): Promise<void> => {
      let pending = rows;
      while (pending.length > 0) {
        const error = await copy(pending);
        if (!error) {
          loaded += pending.length;
          return;
        }
        if (!isRowError(error)) {
          abandoned = { rows: pending.length, why: error.message };
          return;
        }
        if (rejected.length >= MAX_REJECTED_ROWS) {
          abandoned = { rows: pending.length, why: `more than ${MAX_REJECTED_ROWS} rows were rejected` };
          return;
        }
        const line = copyLine(error, pending.length);
        if (line === undefined) {
          if (pending.length === 1) {
            rejected.push({ row: pending[0]!, error });
            return;
          }
          const half = pending.length >> 1;
          await load(pending.slice(0, half));
          if (abandoned) {
            abandoned.rows += pending.length - half; // the second half was not tried
            return;
          }
          pending = pending.slice(half);
          continue;
        }
        if (line > 1) await load(pending.slice(0, line - 1));
        if (abandoned) {
          abandoned.rows += pending.length - (line - 1); // the rejected row and the rest were not tried
          return;
        }
        rejected.push({ row: pending[line - 1]!, error });
        pending = pending.slice(line);
      }
    };
    await load(run.rows);
  }

  if (rejected.length || abandoned) {
    const key = objectKey(table.schema, table.name);
    rejected.sort((a, b) => a.row - b.row);
    for (const { row, error } of rejected.slice(0, DESCRIBED_ROWS))
      warnings.push(`${name}: ${describeRejected(table, targets, row, error)}`);
    if (rejected.length > DESCRIBED_ROWS)
      warnings.push(
        `${name}: ${rejected.length - DESCRIBED_ROWS} more rows of the script's data were rejected by PostgreSQL`,
      );
    if (abandoned)
      warnings.push(`${name}: ${abandoned.rows} rows of the script's data were not loaded: ${abandoned.why}`);
    const missing = rejected.length + (abandoned?.rows ?? 0);
    const first = rejected[0]
      ? `; first: ${describeRejected(table, targets, rejected[0].row, rejected[0].error)}`
      : abandoned
        ? `: ${abandoned.why}`
        : "";
    const at = rejected[0] && data.source ? { file: data.source.file, line: data.source.lines[rejected[0].row]! } : {};
    issues.push({
      key,
      table: name,
      ...at,
      message: `table ${name} is missing ${missing} of the script's ${data.rows.length} row${data.rows.length === 1 ? "" : "s"}, which PostgreSQL rejected while loading${first}`,
    });
  }
  return loaded;
}

/**
 * A turnstile over the tables' runs of rows (runsByColumnSet), in script order: by the file and line of each run's
 * first row, then table and run order. `wait(t, r)` resolves when run r of table t is next; `next()` passes on.
 */
function scriptOrder(tables: Table[]) {
  const runs = tables.flatMap((table, t) =>
    [...runsByColumnSet(table.data!.rows.length, table.data!.defaults, table.data!.source?.lines)].map((run, r) => ({
      id: `${t}:${r}`,
      file: table.data!.source?.file ?? "",
      line: table.data!.source?.lines[run.rows[0]!] ?? Number.MAX_SAFE_INTEGER,
      t,
      r,
    })),
  );
  runs.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.t - b.t || a.r - b.r);
  let position = 0;
  const waiting = new Map<string, () => void>();
  return {
    wait(t: number, r: number): Promise<void> {
      const id = `${t}:${r}`;
      if (runs[position]?.id === id) return Promise.resolve();
      return new Promise((resolve) => waiting.set(id, resolve));
    },
    next() {
      position++;
      const id = runs[position]?.id;
      const resolve = id === undefined ? undefined : waiting.get(id);
      if (resolve) {
        waiting.delete(id!);
        resolve();
      }
    },
  };
}

/**
 * Consecutive rows (by index) that omit the same columns; with `lines`, also from the same INSERT line, so runs of
 * tables drawing from one sequence can be interleaved statement by statement (scriptOrder).
 */
function* runsByColumnSet(
  count: number,
  defaults: number[][] | undefined,
  lines?: number[],
): Generator<{ omitted: number[]; rows: number[] }> {
  let current: { key: string; omitted: number[]; rows: number[] } | undefined;
  for (let r = 0; r < count; r++) {
    const omitted = defaults?.[r] ?? [];
    const key = `${omitted.join(",")}${lines ? `@${lines[r]}` : ""}`;
    if (current && current.key === key) current.rows.push(r);
    else {
      if (current) yield current;
      current = { key, omitted, rows: [r] };
    }
  }
  if (current) yield current;
}

async function copyBatch(
  sql: postgres.Sql,
  plan: TablePlan,
  columns: Target[],
  rows: (string | null)[][],
  indexes: number[],
) {
  const table = qualifiedName(plan.schema, plan.name);
  if (columns.length === 0) {
    // Every column left to its default (INSERT … DEFAULT VALUES): COPY needs at least one column.
    // A query supplying no columns fills every column from its default (PostgreSQL's INSERT docs).
    await sql.unsafe(`insert into ${table} select from generate_series(1, ${indexes.length})`);
    return;
  }
  const columnList = columns.map((t) => columnIdent(t.column.name)).join(", ");
  const stream = await sql.unsafe(`copy ${table} (${columnList}) from stdin`).writable();
  // postgres.js settles this writable when the server rejects the data after CopyDone only with
  // patches/postgres+3.4.9+001+copy-error-settles.patch; without it the pipeline never ends.
  await pipeline(Readable.from(copyChunks(rows, indexes, columns)), stream);
}

/** Rows in COPY text format, in chunks of about 64 kB so large tables stream without one huge string. */
function* copyChunks(rows: (string | null)[][], indexes: number[], targets: Target[]): Generator<string> {
  let chunk = "";
  for (const r of indexes) {
    const row = rows[r]!;
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

type PostgresError = Error & { code: string; where?: string; detail?: string; column_name?: string };

function isPostgresError(error: unknown): error is PostgresError {
  return error instanceof Error && error.name === "PostgresError" && typeof (error as PostgresError).code === "string";
}

/**
 * Errors caused by one row's values: data exceptions (class 22: bad input syntax, out of range, too long) and
 * integrity violations (class 23: NOT NULL, unique, check). Anything else (a timeout, a lost connection, a
 * missing column) is about the table or the server, and retrying row by row would not help.
 */
function isRowError(error: PostgresError): boolean {
  return error.code.startsWith("22") || error.code.startsWith("23");
}

/** The 1-based line of the batch PostgreSQL's error context names (`COPY T, line 3[, column c: …]`). */
function copyLine(error: PostgresError, rows: number): number | undefined {
  const match = /^COPY .*?, line (\d+)/m.exec(error.where ?? "");
  const line = match ? Number(match[1]) : undefined;
  return line !== undefined && line >= 1 && line <= rows ? line : undefined;
}

/** "row 1 of the script's data (bad.sql line 3) was rejected: <error> (column d = NULL)". */
export function describeRejected(table: Table, targets: Target[], row: number, error: PostgresError): string {
  const data = table.data!;
  const line = data.source?.lines[row];
  const where = line !== undefined ? ` (${data.source!.file} line ${line})` : "";
  const column = errorColumn(error, targets);
  let value = "";
  if (column) {
    const raw = data.rows[row]?.[column.index] ?? null;
    const omitted = data.defaults?.[row]?.includes(column.index);
    value = omitted
      ? ` (column ${column.column.name}: its DEFAULT)`
      : ` (column ${column.column.name} = ${raw === null ? "NULL" : JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw)})`;
  }
  const detail = error.code === "23505" && error.detail ? ` ${error.detail}` : "";
  return `row ${row + 1} of the script's data${where} was rejected: ${error.message}${detail}${value}`;
}

function errorColumn(error: PostgresError, targets: Target[]): Target | undefined {
  const named =
    error.column_name ??
    /, column (.+?): /.exec(error.where ?? "")?.[1] ??
    /, column (.+)$/m.exec(error.where ?? "")?.[1];
  if (!named) return undefined;
  return (
    targets.find((t) => t.column.name === named) ??
    targets.find((t) => t.column.name.toLowerCase() === named.toLowerCase())
  );
}

/**
 * A datetime2, time or datetimeoffset value with a non-zero 7th fractional digit (100 ns, SQL Server's finest):
 * PostgreSQL's timestamp and time keep microseconds and round the rest (`9999-12-31 23:59:59.9999999` becomes
 * the year 10000), so the table does not hold SQL Server's value. The first such value, if any.
 */
function finerThanMicroseconds(
  table: Table,
  targets: Target[],
  rows: (string | null)[][],
): { column: string; row: number; value: string } | undefined {
  const types = new Map(table.columns.map((c) => [c.name.toLowerCase(), c.type]));
  const timed = targets.filter((t) => dateKind(types.get(t.column.name.toLowerCase())) !== undefined);
  if (!timed.length) return undefined;
  for (const [row, values] of rows.entries())
    for (const t of timed) {
      const value = values[t.index];
      if (value && HUNDRED_NS.test(value)) return { column: t.column.name, row, value };
    }
  return undefined;
}

/** A fraction whose 7th digit is not zero. */
const HUNDRED_NS = /\.\d{6}[1-9]/;

type Unloaded = NonNullable<NonNullable<Table["data"]>["unloaded"]>[number];

/**
 * The script's INSERT … SELECT statements, run set-based in the sandbox once the literal rows are in, in script
 * order: the SELECT goes through the rule-based translator with every table name resolved to the sandbox's
 * source table, and runs as `insert into <table> (<columns>) <query>`, so the table holds the rows SQL Server's
 * would. A statement that cannot run faithfully (the translator flags it, it reads views or functions, which are
 * not built yet, or it reads a table the script fills further on) is not run: its table gets a LoadIssue saying
 * so, and everything reading the table is flagged instead of being built on missing rows.
 */
async function runInsertSelects(
  sql: postgres.Sql,
  tables: Table[],
  warnings: string[],
  issues: LoadIssue[],
): Promise<number> {
  const statements = tables.flatMap((table) => (table.data?.unloaded ?? []).map((statement) => ({ table, statement })));
  if (!statements.length) return 0;
  statements.sort(
    (a, b) =>
      (fileOf(a.table, a.statement) ?? "").localeCompare(fileOf(b.table, b.statement) ?? "") ||
      a.statement.line - b.statement.line,
  );
  // Only the tables exist in the sandbox at this point: a catalog of them alone, so nothing else resolves.
  const catalog: Catalog = { ...ZCatalog.parse({}), tables };
  const resolver = sandboxResolver(catalog);
  const byKey = new Map(tables.map((t) => [objectKey(t.schema, t.name), t]));
  const place: Place = { catalog, resolver, byKey, issues, verdicts: new Map() };
  let rows = 0;
  for (const { table, statement } of statements) {
    const name = `${table.schema}.${table.name}`;
    const file = fileOf(table, statement);
    const where = `${file ? `${file} ` : ""}line ${statement.line}`;
    const issue = (message: string) => {
      issues.push({
        key: objectKey(table.schema, table.name),
        table: name,
        message,
        ...(file ? { file } : {}),
        line: statement.line,
      });
      warnings.push(message);
    };
    const notRun = (why: string) => {
      const verb = /^(BULK )?INSERT/.test(statement.reason) ? "filled" : "changed";
      issue(
        `table ${name} is ${verb} by a statement the loader could not run: ${statement.reason} (${where})${why ? `: ${why}` : ""}`,
      );
    };
    const finerRows = (verb: "changed" | "filled", n: number) =>
      issue(
        `table ${name} is ${verb} by ${statement.reason} (${where}) with ${n} row${n === 1 ? "" : "s"} holding a value with a 7th fractional digit, which PostgreSQL rounds to the microsecond: not SQL Server's value`,
      );
    if (statement.guard) {
      const verdict = await guardHolds(sql, table, statement, statement.guard, place);
      if (typeof verdict !== "boolean") {
        notRun(verdict.error);
        continue;
      }
      if (!verdict) {
        warnings.push(
          `${name}: its ${statement.reason} (${where}) did not run, as its IF / ELSE conditions do not hold`,
        );
        continue;
      }
    }
    if (statement.change) {
      const prepared = prepareChange(table, statement, statement.change, place);
      if ("error" in prepared) {
        notRun(prepared.error);
        continue;
      }
      try {
        const [keys] = await sql.unsafe<{ n: number; d: number }[]>(prepared.check, [], { prepare: false });
        if (keys && keys.n !== keys.d) {
          notRun(`its FROM matches a row of ${name} more than once, and SQL Server would apply any one of them`);
          continue;
        }
        const count = (await sql.unsafe(prepared.sql, [], { prepare: false })).count ?? 0;
        const verb = statement.change.set.length ? "changed" : "deleted";
        warnings.push(`${name}: ${count} row${count === 1 ? "" : "s"} ${verb} by its ${statement.reason} (${where})`);
      } catch (error) {
        if (!isPostgresError(error)) throw error;
        notRun(`PostgreSQL refused it: ${error.message}`);
      }
      continue;
    }
    if (statement.merge) {
      const prepared = prepareMerge(table, statement, statement.merge, place);
      if ("error" in prepared) {
        notRun(prepared.error);
        continue;
      }
      try {
        const [check] = await sql.unsafe<{ n: number; d: number; numbered: number; finer: number }[]>(
          prepared.check,
          [],
          {
            prepare: false,
          },
        );
        if (check && check.n !== check.d) {
          notRun(
            `a row of ${name} matches more than one source row, and SQL Server refuses to UPDATE or DELETE the same row twice (error 8672): the MERGE fails there`,
          );
          continue;
        }
        if (check && check.numbered > 1) {
          notRun(
            `it inserts ${check.numbered} rows numbered by ${name}'s identity, in an order SQL Server does not define`,
          );
          continue;
        }
        if (check?.finer) finerRows("changed", check.finer);
        if (prepared.numbers) await advanceIdentity(sql, table);
        const count = (await sql.unsafe(prepared.sql, [], { prepare: false })).count ?? 0;
        warnings.push(
          `${name}: ${count} row${count === 1 ? "" : "s"} inserted, changed or deleted by its ${statement.reason} (${where})`,
        );
      } catch (error) {
        if (!isPostgresError(error)) throw error;
        notRun(`PostgreSQL refused it: ${error.message}`);
      }
      continue;
    }
    if (statement.select === undefined) {
      notRun("");
      continue;
    }
    const prepared = prepareInsertSelect(table, statement, place);
    if ("error" in prepared) {
      notRun(prepared.error);
      continue;
    }
    try {
      if (prepared.numbers) await advanceIdentity(sql, table);
      if (prepared.finer) {
        const [finer] = await sql.unsafe<{ n: number }[]>(prepared.finer, [], { prepare: false });
        if (finer?.n) finerRows("filled", finer.n);
      }
      const result = await sql.unsafe(prepared.sql, [], { prepare: false });
      rows += result.count ?? 0;
      const count = result.count ?? 0;
      warnings.push(
        `${name}: ${count} row${count === 1 ? "" : "s"} of its ${statement.guard ? statement.reason : "INSERT … SELECT"} (${where}) computed in the sandbox`,
      );
    } catch (error) {
      if (!isPostgresError(error)) throw error;
      notRun(`PostgreSQL refused it: ${error.message}`);
    }
  }
  return rows;
}

/** The statement's own file: a folder's scripts may create a table in one and fill it in another. */
function fileOf(table: Table, statement: Unloaded): string | undefined {
  return statement.file ?? table.location?.file ?? table.data?.source?.file;
}

const lastLines = new WeakMap<Table, number | undefined>();

/**
 * The line of the table's last literal row (all in data.source's file), undefined without rows or their lines:
 * whether any of them comes after a statement is whether this one does. Kept per table, as statements ask often.
 */
function lastRowLine(table: Table): number | undefined {
  if (!lastLines.has(table)) {
    let last: number | undefined;
    for (const line of table.data?.source?.lines ?? []) if (last === undefined || line > last) last = line;
    lastLines.set(table, last);
  }
  return lastLines.get(table);
}

/**
 * Whether (file, line) may come after the statement in script order (files in name order, as they are run): on its
 * own line too, as the order of statements within a line is not kept (rows and statements know only their line).
 */
function comesAfter(file: string | null | undefined, line: number, table: Table, statement: Unloaded): boolean {
  const order = (file ?? "").localeCompare(fileOf(table, statement) ?? "");
  return order > 0 || (order === 0 && line >= statement.line);
}

/**
 * An UPDATE, DELETE or TRUNCATE as PostgreSQL, through the table's primary key: the T-SQL query `SELECT <key>,
 * CAST(<new value> AS <column type>)… <its FROM … WHERE>` goes through the rule-based translator, then
 * `update … from (<query>)` (or `delete … using`) matches its rows by key. Every new value is computed from the
 * row as it was, as SQL Server's SET does (docs: update-transact-sql.md). `check` counts the query's rows and
 * distinct keys: a FROM that matches a row twice leaves SQL Server's choice undefined.
 */
function prepareChange(
  table: Table,
  statement: Unloaded,
  change: NonNullable<Unloaded["change"]>,
  { catalog, resolver, byKey, issues }: Place,
): { sql: string; check: string } | { error: string } {
  const key = table.primaryKey?.columns;
  if (!key) return { error: `${table.name} has no primary key to match the changed rows by` };
  const known = new Map(table.columns.map((c) => [c.name.toLowerCase(), c]));
  const set = change.set.map((a) => ({ column: known.get(a.column.toLowerCase()), value: a.value }));
  const missing = change.set.filter((_, i) => !set[i]!.column || set[i]!.column!.computed !== undefined);
  if (missing.length) return { error: `${table.name} has no column ${missing.map((a) => a.column).join(", ")} to set` };
  const bracket = (name: string) => `[${name.replaceAll("]", "]]")}]`;
  const query = [
    ...key.map((k) => `${change.target}.${bracket(k)}`),
    ...set.map((a) => `CAST(${a.value} AS ${typeToString(a.column!.type)})`),
  ];
  const translated = translateForLoad(`SELECT ${query.join(", ")}\n${change.from}`, statement.line, catalog, resolver);
  if ("error" in translated) return translated;
  const unfaithful = readsUnfaithfully(translated.dependsOn, table, statement, byKey, issues);
  if (unfaithful) return { error: unfaithful };
  const relation = qualifiedName(table.schema, table.name);
  const keys = key.map((_, i) => `"__k${i}"`);
  const source = `(\n${translated.sql}\n) as "__s"(${[...keys, ...set.map((_, i) => `"__v${i}"`)].join(", ")})`;
  const match = key.map((k, i) => `"__t".${columnIdent(known.get(k.toLowerCase())?.name ?? k)} = "__s".${keys[i]}`);
  const sql = set.length
    ? `update ${relation} as "__t" set ${set.map((a, i) => `${columnIdent(a.column!.name)} = "__s"."__v${i}"`).join(", ")}\nfrom ${source}\nwhere ${match.join(" and ")}`
    : `delete from ${relation} as "__t"\nusing ${source}\nwhere ${match.join(" and ")}`;
  const check = `select count(*)::int as n, count(distinct (${keys.join(", ")}))::int as d from ${source}`;
  return { sql, check };
}

/**
 * A MERGE (docs: merge-transact-sql.md) as PostgreSQL's MERGE through the target's primary key. Its three row sets
 * are T-SQL queries through the rule-based translator, each computing the action its WHEN clauses take (the first
 * whose AND condition holds, in order) and every value cast to its column's type: the source rows matching target
 * rows (`<source> JOIN <target> ON <on>`), the source rows matching none (NOT EXISTS), and the target rows no source
 * row matches (BY SOURCE). Their UNION ALL is the source of one PostgreSQL MERGE matched on the key, so every row set
 * is read from the table as it was before the statement, as SQL Server reads it. `check` counts the target rows two
 * source rows would UPDATE or DELETE (SQL Server's error 8672), the rows the identity would number (SQL Server
 * does not define their order) and the 100-ns values PostgreSQL would round.
 */
function prepareMerge(
  table: Table,
  statement: Unloaded,
  merge: NonNullable<Unloaded["merge"]>,
  { catalog, resolver, byKey, issues }: Place,
): { sql: string; check: string; numbers: boolean } | { error: string } {
  const known = new Map(table.columns.map((c) => [c.name.toLowerCase(), c]));
  const key = table.primaryKey?.columns.map((k) => known.get(k.toLowerCase())!);
  if (!key && merge.clauses.some((c) => c.action !== "insert"))
    return { error: `${table.name} has no primary key to match the rows it updates or deletes by` };
  const identity = table.columns.find((c) => c.identity && c.computed === undefined);
  const insertable = table.columns.filter(
    (c) => !c.identity && c.computed === undefined && c.type.name !== "timestamp" && c.type.name !== "rowversion",
  );
  // Each clause's values, in slots: UPDATE's SET values, INSERT's values (none for DEFAULT VALUES).
  type Slot = { clause: number; column: Table["columns"][number]; value: string };
  const slots: Slot[] = [];
  for (const [i, clause] of merge.clauses.entries()) {
    const names = clause.set?.map((a) => a.column) ?? clause.columns ?? insertable.map((c) => c.name);
    const values = clause.set?.map((a) => a.value) ?? clause.values;
    if (!values) continue;
    const columns = names.map((n) => known.get(n.toLowerCase()));
    const missing = names.filter((_, k) => !columns[k] || columns[k]!.computed !== undefined);
    if (missing.length)
      return { error: `${table.name} has no column ${missing.join(", ")} to set (line ${clause.line})` };
    if (values.length !== columns.length)
      return {
        error: `its WHEN … INSERT (line ${clause.line}) gives ${values.length} values for ${columns.length} columns`,
      };
    columns.forEach((column, k) => slots.push({ clause: i, column: column!, value: values[k]! }));
  }
  const bracket = (name: string) => `[${name.replaceAll("]", "]]")}]`;
  const target = `${merge.target} AS ${bracket(merge.alias)}`;
  const matches = (from: string) => `NOT EXISTS (SELECT 1 FROM ${from} WHERE ${merge.on})`;
  const rowSets = [
    { when: "matched", from: `FROM ${merge.source}\nJOIN ${target} ON ${merge.on}`, keyed: true },
    { when: "not matched by target", from: `FROM ${merge.source}\nWHERE ${matches(target)}`, keyed: false },
    { when: "not matched by source", from: `FROM ${target}\nWHERE ${matches(merge.source)}`, keyed: true },
  ];
  const typed = (value: string, column: Table["columns"][number]) => `CAST(${value} AS ${typeToString(column.type)})`;
  const translated: { sql: string; columns: OutputColumn[] }[] = [];
  const dependsOn = new Set<string>();
  for (const set of rowSets) {
    const clauses = merge.clauses.flatMap((c, i) => (c.when === set.when ? [i] : []));
    if (!clauses.length) continue;
    const action = `CASE${clauses.map((i) => ` WHEN ${merge.clauses[i]!.condition ?? "1 = 1"} THEN ${i + 1}`).join("")} END`;
    const query = [
      ...(key ?? []).map((k) => (set.keyed ? `${bracket(merge.alias)}.${bracket(k.name)}` : typed("NULL", k))),
      action,
      ...slots.map((slot) => typed(clauses.includes(slot.clause) ? slot.value : "NULL", slot.column)),
    ];
    const one = translateForLoad(
      `${merge.ctes ? `${merge.ctes}\n` : ""}SELECT ${query.join(", ")}\n${set.from}`,
      statement.line,
      catalog,
      resolver,
    );
    if ("error" in one) return one;
    one.dependsOn.forEach((d) => dependsOn.add(d));
    translated.push(one);
  }
  const unfaithful = readsUnfaithfully([...dependsOn], table, statement, byKey, issues);
  if (unfaithful) return { error: unfaithful };
  const inserts = merge.clauses.flatMap((c, i) => (c.action === "insert" ? [{ clause: c, action: i + 1 }] : []));
  const numbers =
    identity !== undefined &&
    inserts.some(({ clause }) => !(clause.columns ?? []).some((c) => c.toLowerCase() === identity.name.toLowerCase()));
  const insert = inserts[0]?.clause;
  if (insert) {
    const listed = new Set((insert.columns ?? insertable.map((c) => c.name)).map((c) => c.toLowerCase()));
    const unordered = outOfOrder(table, statement, identity, listed);
    if (unordered) return { error: unordered };
  }

  const keys = (key ?? []).map((_, i) => `"__k${i}"`);
  const values = slots.map((_, i) => `"__v${i}"`);
  // A datetime2 or time value with a 100-ns digit is held as SQL Server's text: it goes in through the type's input.
  const held = translated[0]!.columns.slice(keys.length + 1).map((c) => isTextHeld(c.type));
  const value = (i: number) =>
    held[i] ? `cast("__s".${values[i]} as ${pgType(slots[i]!.column.type)})` : `"__s".${values[i]}`;
  const source = `(\n${translated.map((t) => t.sql).join("\nunion all\n")}\n) as "__s"(${[...keys, '"__a"', ...values].join(", ")})`;
  const on = keys.length
    ? (key ?? []).map((k, i) => `"__t".${columnIdent(k.name)} = "__s".${keys[i]}`).join(" and ")
    : "false";
  const actions = merge.clauses.map((c, i) => {
    const own = slots.flatMap((slot, k) => (slot.clause === i ? [k] : []));
    const when = `when ${c.action === "insert" ? "not matched" : "matched"} and "__s"."__a" = ${i + 1} then`;
    if (c.action === "delete") return `${when} delete`;
    if (c.action === "update")
      return `${when} update set ${own.map((k) => `${columnIdent(slots[k]!.column.name)} = ${value(k)}`).join(", ")}`;
    return own.length
      ? `${when} insert (${own.map((k) => columnIdent(slots[k]!.column.name)).join(", ")}) values (${own.map(value).join(", ")})`
      : `${when} insert default values`;
  });
  const changing = merge.clauses.flatMap((c, i) => (c.action === "insert" ? [] : [i + 1]));
  const finer = held.flatMap((h, i) =>
    h ? [`"__s".${values[i]}::text collate "C" ~ ${quoteLiteral(HUNDRED_NS.source)}`] : [],
  );
  const check = `select count(*) filter (where "__a" in (${changing.join(", ") || "0"}))::int as n,
    count(distinct (${keys.join(", ") || "0"})) filter (where "__a" in (${changing.join(", ") || "0"}))::int as d,
    ${numbers ? `count(*) filter (where "__a" in (${inserts.map((i) => i.action).join(", ")}))` : "0"}::int as numbered,
    ${finer.length ? `count(*) filter (where "__a" is not null and (${finer.join(" or ")}))` : "0"}::int as finer
    from ${source}`;
  return {
    sql: `merge into ${qualifiedName(table.schema, table.name)} as "__t"\nusing ${source}\non ${on}\n${actions.join("\n")}`,
    check,
    numbers,
  };
}

/** The T-SQL query through the rule-based translator, over the sandbox's source tables, or why it cannot run. */
function translateForLoad(
  query: string,
  line: number,
  catalog: Catalog,
  resolver: Resolver,
): { sql: string; dependsOn: string[]; columns: OutputColumn[] } | { error: string } {
  let translated: ReturnType<typeof translateObject>;
  try {
    translated = translateObject(
      {
        schema: "dbo",
        name: "change",
        definition: `CREATE VIEW change AS\n${query}`,
        location: { file: "", line: Math.max(1, line - 1) },
      },
      { catalog, resolver },
    );
  } catch (error) {
    return { error: `the translator failed on it: ${(error as Error).message}` };
  }
  if (translated.status !== "translated") {
    const unknown = translated.issues.find((i) => i.construct === "unknown object");
    if (unknown)
      return {
        error: `it reads ${unknown.message.replace(/ is not in the catalog$/, "")}, which is not a table (only tables exist while the data is loaded)`,
      };
    return {
      error: `the translator flagged it: ${translated.issues.map((i) => `${i.construct}${i.line !== undefined ? ` (line ${i.line})` : ""}: ${i.message}`).join("; ")}`,
    };
  }
  if (/\{\{|\{%/.test(translated.sql))
    return { error: "it calls functions or reads objects that are not built when tables are loaded" };
  return { sql: translated.sql, dependsOn: translated.dependsOn, columns: translated.columns };
}

/**
 * Why the statement cannot run at its place: it reads rows the script inserts further on, which SQL Server would not
 * see yet, or a table whose rows are already not SQL Server's (a load issue: rejected rows, a statement that was not
 * run), so what it computes would not be either.
 */
function readsUnfaithfully(
  dependsOn: string[],
  table: Table,
  statement: Unloaded,
  byKey: Map<string, Table>,
  issues: LoadIssue[],
): string | undefined {
  return readsLaterRows(dependsOn, table, statement, byKey) ?? readsFlagged(flaggedReads(dependsOn, issues), table);
}

/** Why the statement (or its IF condition: `statement` at the condition's line) would read rows SQL Server did not see yet. */
function readsLaterRows(
  dependsOn: string[],
  table: Table,
  statement: Unloaded,
  byKey: Map<string, Table>,
): string | undefined {
  for (const key of dependsOn) {
    const read = byKey.get(key);
    const source = read?.data?.source;
    // Literal rows are all loaded first; the statements run in script order, so a later one has not run yet.
    const last = read && lastRowLine(read);
    const later = last !== undefined && comesAfter(source!.file, last, table, statement) ? last : undefined;
    if (later !== undefined)
      return `it reads ${read!.schema}.${read!.name}, which the script fills further on${later === statement.line && source!.file === fileOf(table, statement) ? " (on its line: the order within a line is not known)" : ""}`;
    // Statements run in script order, but those of different tables on one line in no known order.
    const beside =
      read !== table &&
      read?.data?.unloaded?.some(
        (u) => u.line === statement.line && fileOf(read, u) === fileOf(table, statement) && u !== statement,
      );
    if (beside)
      return `it reads ${read!.schema}.${read!.name}, which a statement on its line changes (the order within a line is not known)`;
  }
  return undefined;
}

/** The load issues of the tables a query reads, as they stand when it runs. */
const flaggedReads = (dependsOn: string[], issues: LoadIssue[]) => issues.filter((i) => dependsOn.includes(i.key));

function readsFlagged(flagged: LoadIssue[], table: Table): string | undefined {
  // The statement's own table is flagged by its issue already, and what the statement does to it stays there.
  const issue = flagged.find((i) => i.key !== objectKey(table.schema, table.name));
  return issue && `it reads ${issue.table}, whose loaded rows are not SQL Server's (${issue.message})`;
}

type Verdict = { holds: boolean; flagged: LoadIssue[] } | { error: string };

/** What a statement is checked and translated against, and the IF conditions evaluated so far. */
type Place = {
  catalog: Catalog;
  resolver: Resolver;
  byKey: Map<string, Table>;
  issues: LoadIssue[];
  /**
   * Per IF statement (file and id): whether its condition was true and the load issues of the tables it read then
   * (each statement of its bodies is judged by them), or why it could not be evaluated.
   */
  verdicts: Map<string, Verdict>;
};

/**
 * Whether the statement's IF / ELSE branches are taken (docs: if-else-transact-sql.md): each IF's condition is
 * evaluated once, when the first statement of its bodies comes up in script order (its place: no other statement
 * runs between an IF and its body), as `SELECT 1 WHERE <condition>` through the translator over the rows loaded so
 * far; a NULL condition is not true, so it takes the ELSE branch, as SQL Server does. Outer IFs first, and an inner
 * IF is not evaluated when an outer branch is not taken, as SQL Server does not run it.
 */
async function guardHolds(
  sql: postgres.Sql,
  table: Table,
  statement: Unloaded,
  guard: NonNullable<Unloaded["guard"]>,
  place: Place,
): Promise<boolean | { error: string }> {
  for (const condition of guard) {
    const key = `${fileOf(table, statement) ?? ""}\u0000${condition.id}`;
    let verdict = place.verdicts.get(key);
    if (verdict === undefined) {
      verdict = await evaluateCondition(sql, table, { ...statement, line: condition.line }, condition.condition, place);
      place.verdicts.set(key, verdict);
    }
    const cannot = (why: string) => ({
      error: `its IF condition (line ${condition.line}) cannot be evaluated: ${why}`,
    });
    if ("error" in verdict) return cannot(verdict.error);
    const flagged = readsFlagged(verdict.flagged, table);
    if (flagged) return cannot(flagged);
    if (verdict.holds !== condition.holds) return false;
  }
  return true;
}

async function evaluateCondition(
  sql: postgres.Sql,
  table: Table,
  at: Unloaded,
  condition: string,
  { catalog, resolver, byKey, issues }: Place,
): Promise<Verdict> {
  const translated = translateForLoad(`SELECT 1 AS holds WHERE ${condition}`, at.line, catalog, resolver);
  if ("error" in translated) return translated;
  const later = readsLaterRows(translated.dependsOn, table, at, byKey);
  if (later) return { error: later };
  const flagged = flaggedReads(translated.dependsOn, issues);
  try {
    const [row] = await sql.unsafe<{ holds: boolean }[]>(`select exists (\n${translated.sql}\n) as holds`, [], {
      prepare: false,
    });
    return { holds: row?.holds === true, flagged };
  } catch (error) {
    if (!isPostgresError(error)) throw error;
    return { error: `PostgreSQL refused it: ${error.message}` };
  }
}

/** The INSERT … SELECT as PostgreSQL, or why it cannot run faithfully. */
function prepareInsertSelect(
  table: Table,
  statement: Unloaded,
  { catalog, resolver, byKey, issues }: Place,
): { sql: string; numbers: boolean; finer?: string } | { error: string } {
  const translated = translateForLoad(statement.select!, statement.selectLine ?? statement.line, catalog, resolver);
  if ("error" in translated) return translated;
  const unfaithful = readsUnfaithfully(translated.dependsOn, table, statement, byKey, issues);
  if (unfaithful) return { error: unfaithful };
  const known = new Map(table.columns.map((c) => [c.name.toLowerCase(), c]));
  let columns: string[];
  if (statement.columns) {
    const resolved = statement.columns.map((c) => known.get(c.toLowerCase()));
    const missing = statement.columns.filter((_, i) => !resolved[i]);
    if (missing.length) return { error: `${table.name} has no column ${missing.join(", ")}` };
    columns = resolved.map((c) => c!.name);
  } else {
    // Without a column list SQL Server fills every column but identity, computed and rowversion ones.
    columns = table.columns
      .filter(
        (c) => !c.identity && c.computed === undefined && c.type.name !== "timestamp" && c.type.name !== "rowversion",
      )
      .map((c) => c.name);
  }
  if (translated.columns.length && translated.columns.length !== columns.length) {
    return { error: `its query returns ${translated.columns.length} columns for ${columns.length}` };
  }
  const listed = new Set(columns.map((c) => c.toLowerCase()));
  const identity = table.columns.find((c) => c.identity && c.computed === undefined);
  // The ingest numbered the identity of rows inserted further on past the rows of the computed VALUES before them,
  // not past those of an INSERT … SELECT (their number is known only here) nor of a statement under IF.
  const accounted =
    !statement.guard && statement.select !== undefined && statement.reason.startsWith("INSERT … VALUES");
  if (!accounted) {
    const unordered = outOfOrder(table, statement, identity, listed);
    if (unordered) return { error: unordered };
  }
  // A datetime2 or time value with a 100-ns digit is held as SQL Server's text (agents/translate/datetime.ts): it
  // goes into the column through the type's input, as COPY puts a literal row's value; `finer` counts the values
  // that input rounds (the table then does not hold SQL Server's value, and says so).
  const held = translated.columns.map((c) => isTextHeld(c.type));
  let query = translated.sql;
  let finer: string | undefined;
  if (held.some(Boolean)) {
    const names = translated.columns.map((_, i) => `"c${i + 1}"`);
    const types = columns.map((c) => pgType(known.get(c.toLowerCase())!.type));
    const rows = `(\n${translated.sql}\n) as "__rows" (${names.join(", ")})`;
    query = `select ${names.map((n, i) => (held[i] ? `cast("__rows".${n} as ${types[i]})` : `"__rows".${n}`)).join(", ")}\nfrom ${rows}`;
    finer = `select count(*)::integer as n from ${rows} where ${names
      .filter((_, i) => held[i])
      .map((n) => `"__rows".${n}::text collate "C" ~ ${quoteLiteral(HUNDRED_NS.source)}`)
      .join(" or ")}`;
  }
  return {
    sql: `insert into ${qualifiedName(table.schema, table.name)} (${columns.map(columnIdent).join(", ")})\n${query}`,
    numbers: identity !== undefined && !listed.has(identity.name.toLowerCase()),
    ...(finer ? { finer } : {}),
  };
}

/**
 * Why rows an INSERT … SELECT, an INSERT under IF / ELSE or a MERGE adds could not be numbered as SQL Server did, now
 * that they go in after the literal rows: when the table has an identity, rows inserted into it further on were numbered by the
 * ingest as if the statement had not run, and PostgreSQL would number its own rows after theirs; a sequence
 * DEFAULT it leaves to the server would hand out values out of script order. When the statement writes the
 * identity's values itself (SET IDENTITY_INSERT ON), its rows are not numbered, and only rows the ingest numbered
 * further on could differ: "if the value inserted is larger than the current identity value for the table, SQL
 * Server automatically uses the new inserted value as the current identity value" (set-identity-insert-transact-
 * sql.md); rows inserted further on with their own values do not depend on it.
 */
function outOfOrder(
  table: Table,
  statement: Unloaded,
  identity: Table["columns"][number] | undefined,
  listed: Set<string>,
): string | undefined {
  const sequence = table.columns.find(
    (c) => !listed.has(c.name.toLowerCase()) && c.default !== undefined && /\bnext\s+value\s+for\b/i.test(c.default),
  );
  if (sequence)
    return `its rows would draw ${sequence.name} from a sequence out of script order, as they are inserted after the script's literal rows`;
  if (!identity) return undefined;
  const data = table.data;
  const source = data?.source;
  if (listed.has(identity.name.toLowerCase())) {
    // Without the rows' lines the ingest's numbering cannot be placed: any row may come after.
    const laterNumbered = source
      ? source.lastNumbered !== undefined && comesAfter(source.file, source.lastNumbered, table, statement)
      : (data?.rows.length ?? 0) > 0;
    const laterComputed = (data?.unloaded ?? []).some(
      (u) => u !== statement && u.numbered && comesAfter(fileOf(table, u), u.line, table, statement),
    );
    return laterNumbered || laterComputed
      ? `it writes ${table.name}'s identity values, which move SQL Server's identity past them, and the rows the script inserts into it further on were numbered as if this statement did not run`
      : undefined;
  }
  const last = lastRowLine(table);
  const laterRows = source
    ? last !== undefined && comesAfter(source.file, last, table, statement)
    : (data?.rows.length ?? 0) > 0;
  const laterInserts = (data?.unloaded ?? []).some(
    (u) =>
      u !== statement &&
      u.select !== undefined &&
      u.columns?.some((c) => c.toLowerCase() === identity.name.toLowerCase()) &&
      comesAfter(fileOf(table, u), u.line, table, statement),
  );
  return laterRows || laterInserts
    ? `${table.name} has an identity, and the rows the script inserts into it further on were numbered as if this statement did not run`
    : undefined;
}

/** Table names resolve to the sandbox's source tables (their original names); nothing else exists yet. */
function sandboxResolver(catalog: Catalog): Resolver {
  const base = createResolver(catalog);
  const byKey = new Map(catalog.tables.map((t) => [objectKey(t.schema, t.name), t]));
  return {
    ...base,
    resolve(parts) {
      const relation = base.resolve(parts);
      const table = relation?.kind === "table" && relation.key ? byKey.get(relation.key) : undefined;
      return table
        ? { ...relation!, sql: qualifiedName(table.schema, table.name), columns: tableColumns(table, false) }
        : undefined;
    },
    resolveFunction: () => undefined,
  };
}

/**
 * Loaded rows carry their own identity values, which leaves PostgreSQL's identity sequence at its start; rows an
 * INSERT … SELECT adds must continue after the highest one, as SQL Server's identity does. The sequence only moves
 * forward: after a DELETE of the last rows SQL Server's identity does not go back either.
 */
async function advanceIdentity(sql: postgres.Sql, table: Table) {
  const column = table.columns.find((c) => c.identity && c.computed === undefined);
  if (!column) return;
  const relation = qualifiedName(table.schema, table.name);
  const descending = (column.identity!.increment ?? 1) < 0;
  const sequence = "pg_get_serial_sequence($1, $2)";
  await sql
    .unsafe(
      `select setval(${sequence}, m) from (select ${descending ? "min" : "max"}(${columnIdent(column.name)}) as m from ${relation}) as s
       cross join lateral (select pg_sequence_last_value(${sequence}::regclass) as last) as l
       where m is not null and (last is null or m ${descending ? "<" : ">"} last)`,
      [relation, relationName(column.name)],
    )
    .catch(() => {}); // not an identity in PostgreSQL (e.g. a decimal IDENTITY, created without it): nothing to move
}
