import { ZCatalog, type Table } from "~/agents/catalog/schema";
import { parseExpression } from "~/agents/tsql/parser";
import { significant, tokenize } from "~/agents/tsql/lexer";
import { createResolver, tableColumns } from "./context";
import { Emitter } from "./emit";
import { pgType } from "~/agents/dialect/types";

const EMPTY_CATALOG = ZCatalog.parse({});

/**
 * A computed column's expression (`Bonus AS (Salary * 0.1)`) as PostgreSQL over the same row, for a
 * `generated always as (…) stored` column: SQL Server computes the value from the row, so must the target.
 * Translated by the same rules as every model; `{ issue }` when they cannot translate it faithfully, or when
 * the result would not be a plain expression PostgreSQL accepts in a generated column (Jinja, subqueries).
 */
export function translateComputedColumn(
  table: Table,
  name: string,
): { sql: string; pgType: string } | { issue: string } {
  const column = table.columns.find((c) => c.name === name);
  if (column?.computed === undefined) return { issue: `${name} is not a computed column` };
  const em = new Emitter({ catalog: EMPTY_CATALOG, resolver: createResolver(EMPTY_CATALOG) });
  // The table's own columns, as its DDL names them (tableColumns: a name past 63 bytes cut as PostgreSQL holds it).
  const columns = tableColumns(table, false).filter((_, i) => table.columns[i]!.computed === undefined);
  const volatile = nondeterministicCall(column.computed);
  if (volatile)
    return {
      issue: `${volatile} is nondeterministic: SQL Server computes the column each time it is read, a stored column cannot`,
    };
  let sql: string;
  let type = column.type;
  try {
    const expr = parseExpression(column.computed);
    const out = em.expr(expr, {
      sources: [{ alias: table.name, match: [table.name.toLowerCase()], columns, bare: true }],
    });
    sql = out.sql;
    // SQL Server types the column by its expression's type rules (decimal(10,2) * 0.1 is decimal(12,3)); the
    // translator applies those rules, the ingest's guess is only the fallback.
    if (out.type) type = out.type;
  } catch (error) {
    return { issue: `its expression could not be read: ${(error as Error).message}` };
  }
  if (em.issues.length) return { issue: em.issues.map((i) => `${i.construct}: ${i.message}`).join("; ") };
  if (/\{[{%#]|\bselect\b/i.test(sql))
    return { issue: `its translation is not a plain expression over the row: ${sql}` };
  return { sql: `cast(${sql} as ${pgType(type)})`, pgType: pgType(type) };
}

/**
 * The built-ins SQL Server documents as nondeterministic that a computed column may call (docs:
 * relational-databases/user-defined-functions/deterministic-and-nondeterministic-functions.md; FORMAT is the one
 * string function among them). Aggregates, windows and metadata functions cannot appear in a computed column.
 */
const NONDETERMINISTIC = new Set([
  "current_timestamp",
  "getdate",
  "getutcdate",
  "sysdatetime",
  "sysutcdatetime",
  "sysdatetimeoffset",
  "newid",
  "newsequentialid",
  "rand",
  "format",
]);

/** The first nondeterministic call in a computed column's text (`GETDATE`, `NEXT VALUE FOR`, `@@…`), if any. */
function nondeterministicCall(text: string): string | undefined {
  let tokens;
  try {
    tokens = significant(tokenize(text));
  } catch {
    return undefined; // the parser reports what does not lex
  }
  for (const [i, t] of tokens.entries()) {
    if (t.type === "variable" && t.text.startsWith("@")) return `@${t.text}`;
    if (t.type !== "word") continue;
    const word = t.text.toLowerCase();
    if (word === "next" && tokens[i + 1]?.text.toLowerCase() === "value") return "NEXT VALUE FOR";
    if (NONDETERMINISTIC.has(word) && (word === "current_timestamp" || tokens[i + 1]?.text === "("))
      return t.text.toUpperCase();
  }
  return undefined;
}
