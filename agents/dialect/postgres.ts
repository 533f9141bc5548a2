import { sqlIdentifier, sqlString } from "~/agents/escape";

/**
 * PostgreSQL names and literals in SQL that runs as written (sandbox DDL, the Tester's and the Evaluator's own
 * queries, compiled dbt SQL). SQL that lands in a dbt model is also a Jinja template: the translator quotes for that
 * context (agents/translate/literals.ts). The escaping rule itself lives in agents/escape, the one place for it.
 * Types: ./types.ts; collations: ./collation.ts.
 */

/** `"Order Details"`: a quoted identifier, keeping the name exactly as written. */
export const quoteIdent: (name: string) => string = sqlIdentifier;

/** `'it''s'`: a string literal (standard_conforming_strings, so `\` is plain). */
export const quoteLiteral: (value: string) => string = sqlString;

/** `"dbo"."Order Details"` */
export function qualifiedName(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** The longest identifier PostgreSQL keeps (NAMEDATALEN - 1 bytes); a longer one is cut with only a NOTICE. */
export const MAX_IDENTIFIER_BYTES = 63;

/** PostgreSQL keywords that cannot be used as an unquoted column or table name. */
const PG_RESERVED = new Set(
  (
    "all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation " +
    "column concurrently constraint create cross current_catalog current_date current_role current_schema current_time " +
    "current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze " +
    "from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit " +
    "localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references " +
    "returning right select session_user similar some symmetric system_user table tablesample then to trailing true union " +
    "unique user using variadic verbose when where window with"
  ).split(" "),
);

/** True for a word PostgreSQL reserves as a column or table name (`order`, `user`). */
export function isReservedWord(name: string): boolean {
  return PG_RESERVED.has(name);
}

/** True when PostgreSQL needs `"…"` to keep the name as written (mixed case, spaces, keywords…). */
export function needsQuoting(name: string): boolean {
  return !/^[a-z_][a-z0-9_$]*$/.test(name) || PG_RESERVED.has(name);
}
