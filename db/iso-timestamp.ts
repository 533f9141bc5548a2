import { sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * A timestamptz column as the API carries it: an ISO 8601 string in UTC, with PostgreSQL's full microseconds.
 *
 * Cut from PostgreSQL's own text output, which our connections receive in UTC (db/client.ts sets TimeZone):
 * "2026-11-24 03:10:00.123456+00" → "2026-11-24T03:10:00.123456Z". Why not Drizzle's Date: the API's hottest
 * reads then build no Date per timestamp per row only to turn it back into a string (and under Next every `new
 * Date` goes through its instrumented wrapper), and a keyset cursor keeps the exact value (cut to milliseconds, it
 * skipped rows created in the same millisecond as a page's last row, such as a batch inserted together). Why not
 * `to_char` in SQL: it cost PostgreSQL more than this costs Node, and both share the CPU.
 */
export function isoTimestamp<C extends AnyPgColumn>(column: C) {
  return sql<C["_"]["notNull"] extends true ? string : string | null>`${column}`.mapWith(isoFromPostgres);
}

function isoFromPostgres(text: string): string {
  if (!text.endsWith("+00") || text[10] !== " ")
    throw new Error(`Expected a UTC timestamp from PostgreSQL, got "${text}"`);
  return `${text.slice(0, 10)}T${text.slice(11, -3)}Z`;
}
