import fs from "node:fs/promises";
import path from "node:path";
import type postgres from "postgres";
import type { ResultSet } from "./compare";
import { writeCsv } from "./csv";
import { fetchResult } from "./evaluate";
import {
  canonical,
  compareDecimals,
  formatDecimal,
  kindOfPgType,
  parseDecimal,
  PG_TYPE_NAMES,
  type ValueKind,
} from "./values";

/**
 * A result as CSV in the expected-results format, so an exported file can serve as the expected file of a later
 * run (and be diffed against SQL Server's): booleans as 1/0, numbers in plain notation (a real's exponent form
 * expanded), timestamps as `YYYY-MM-DD HH:MM:SS.mmm`, bytea as `0x…`, NULL as an empty field, '' as `""`.
 */
export function resultToCsv(result: ResultSet): string {
  const formatters = result.columns.map((c) => formatterFor(c.pgType));
  return writeCsv({
    header: result.columns.map((c) => c.name),
    rows: result.rows.map((row) => row.map((v, i) => (v === null ? null : formatters[i]!(v)))),
  });
}

function formatterFor(oid: number | undefined): (value: string) => string {
  switch (oid === undefined ? undefined : PG_TYPE_NAMES[oid]) {
    case "boolean":
      return (v) => (v === "t" ? "1" : v === "f" ? "0" : v);
    case "real":
    case "double precision":
      return (v) => {
        const decimal = parseDecimal(v);
        return decimal ? formatDecimal(decimal) : v;
      };
    case "timestamp without time zone":
      return (v) => {
        const match = /^(\d{4,}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(?:\.(\d+))?$/.exec(v);
        if (!match) return v;
        const fraction = (match[2] ?? "").padEnd(3, "0");
        return `${match[1]}.${fraction.length > 3 && /^0+$/.test(fraction.slice(3)) ? fraction.slice(0, 3) : fraction}`;
      };
    case "bytea":
      return (v) => (v.startsWith("\\x") ? `0x${v.slice(2).toUpperCase()}` : v);
    default:
      return (v) => v;
  }
}

/**
 * Sorts rows as the expected files are sorted when the object has no ORDER BY of its own: ascending on every
 * column from left to right, numbers by value, text by code point, NULLs last. Makes exports deterministic.
 */
export function sortRows(result: ResultSet): ResultSet {
  const kinds = result.columns.map((c) => kindOfPgType(c.pgType));
  const keys = result.rows.map((row) => row.map((v, i) => (v === null ? null : sortKey(v, kinds[i]!))));
  const order = result.rows.map((_, i) => i);
  order.sort((a, b) => {
    const x = keys[a]!;
    const y = keys[b]!;
    for (let c = 0; c < x.length; c++) {
      const order = compareKeys(x[c]!, y[c]!);
      if (order !== 0) return order;
    }
    return a - b;
  });
  return { columns: result.columns, rows: order.map((i) => result.rows[i]!) };
}

type SortKey = { decimal?: ReturnType<typeof parseDecimal>; text: string } | null;

function sortKey(value: string, kind: ValueKind): SortKey {
  return kind === "number" ? { decimal: parseDecimal(value), text: value } : { text: canonical(value, kind) };
}

function compareKeys(x: SortKey, y: SortKey): number {
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  if (x.decimal && y.decimal) return compareDecimals(x.decimal, y.decimal);
  return compareCodePoints(x.text, y.text);
}

/** JavaScript's `<` compares UTF-16 code units, which orders U+E000–U+FFFF after astral characters. */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return i < a.length ? 1 : j < b.length ? -1 : 0;
}

/**
 * Runs `query` and writes its rows to `file` (folders created), for the CLI's `--export-results`. Rows are
 * sorted (see sortRows) unless `sort: false`: pass that when the object's own ORDER BY defines the order.
 */
export async function exportQueryToCsv(
  sql: postgres.Sql | postgres.ReservedSql,
  query: string,
  file: string,
  options: { sort?: boolean } = {},
): Promise<{ rows: number }> {
  let result = await fetchResult(sql, query);
  if (options.sort ?? true) result = sortRows(result);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, resultToCsv(result), "utf8");
  return { rows: result.rows.length };
}
