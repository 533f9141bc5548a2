import { createHash } from "node:crypto";
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

/**
 * `"dbo"."Order Details"`: a relation (table, view, sequence) as PostgreSQL holds it, each part within
 * MAX_IDENTIFIER_BYTES (relationName), so a relation created and a relation queried by the same names are one.
 */
export function qualifiedName(schema: string, name: string): string {
  return `${quoteIdent(relationName(schema))}.${quoteIdent(relationName(name))}`;
}

/**
 * `"Order ID"`: a source table's column as PostgreSQL holds it, its name within MAX_IDENTIFIER_BYTES by the rule
 * relation names follow (relationName): the DDL that creates it, the loader, the staging model and every query of
 * the source table write it the same, and two long names alike in their first 63 bytes stay two columns.
 */
export function columnIdent(name: string): string {
  return quoteIdent(relationName(name));
}

/** The longest identifier PostgreSQL keeps (NAMEDATALEN - 1 bytes); a longer one is cut with only a NOTICE. */
export const MAX_IDENTIFIER_BYTES = 63;

/** `_` and 8 hex digits: what relationName appends to a name it had to cut. */
const HASH_SUFFIX_BYTES = 9;

/**
 * The one rule for the PostgreSQL name of a relation or schema (source tables, models, seeds): the name itself when
 * it fits in 63 bytes of UTF-8; else its start, cut on a character boundary (and without a trailing `_`), then
 * `_` and 8 hex digits of the whole name's SHA-256. PostgreSQL would otherwise cut it at byte 63 with only a NOTICE:
 * two names alike in their first 63 bytes would become one relation, a multi-byte character could be split, and
 * dbt or a catalog query would look for a name that does not exist. The same name always gets the same result,
 * and a name that fits is never changed, so the rule can be applied wherever a relation is named.
 */
export function relationName(name: string): string {
  return nameWithin(name, MAX_IDENTIFIER_BYTES);
}

/** relationName's rule within `max` bytes, for a name something else will add to. */
export function nameWithin(name: string, max: number): string {
  if (Buffer.byteLength(name, "utf8") <= max) return name;
  const hash = createHash("sha256")
    .update(name)
    .digest("hex")
    .slice(0, HASH_SUFFIX_BYTES - 1);
  return `${utf8Prefix(name, max - HASH_SUFFIX_BYTES).replace(/_+$/, "")}_${hash}`;
}

/** The longest start of `text` that is at most `max` bytes of UTF-8, never splitting a character. */
export function utf8Prefix(text: string, max: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char, "utf8");
    if (bytes > max) break;
    end += char.length;
  }
  return text.slice(0, end);
}

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

/**
 * The keywords that end a FROM clause in PostgreSQL's grammar: the clause that may follow it (docs: sql-select.html,
 * and RETURNING after UPDATE … FROM). A FROM item, its alias and its joins stop at the first of them.
 */
export const FROM_CLAUSE_END: ReadonlySet<string> = new Set(
  "where group having window union intersect except order limit offset fetch for returning".split(" "),
);

/** True for a word PostgreSQL reserves as a column or table name (`order`, `user`). */
export function isReservedWord(name: string): boolean {
  return PG_RESERVED.has(name);
}

/** True when PostgreSQL needs `"…"` to keep the name as written (mixed case, spaces, keywords…). */
export function needsQuoting(name: string): boolean {
  return !/^[a-z_][a-z0-9_$]*$/.test(name) || PG_RESERVED.has(name);
}

/**
 * PostgreSQL's keywords that a bare name may be read as somewhere (`pg_get_keywords()` of PostgreSQL 18: every
 * keyword but the unreserved ones that may also be a bare column label).
 */
const KEYWORDS_NOT_BARE = new Set(
  (
    "all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both case " +
    "cast char character check coalesce collate collation column concurrently constraint create cross " +
    "current_catalog current_date current_role current_schema current_time current_timestamp current_user day dec " +
    "decimal default deferrable desc distinct do else end except exists extract false fetch filter float for " +
    "foreign freeze from full grant greatest group grouping having hour ilike in initially inner inout int integer " +
    "intersect interval into is isnull join json json_array json_arrayagg json_exists json_object json_objectagg " +
    "json_query json_scalar json_serialize json_table json_value lateral leading least left like limit localtime " +
    "localtimestamp merge_action minute month national natural nchar none normalize not notnull null nullif " +
    "numeric offset on only or order out outer over overlaps overlay placing position precision primary real " +
    "references returning right row second select session_user setof similar smallint some substring symmetric " +
    "system_user table tablesample then time timestamp to trailing treat trim true union unique user using values " +
    "varchar variadic varying verbose when where window with within without xmlattributes xmlconcat xmlelement " +
    "xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable year"
  ).split(" "),
);

/**
 * True when `"name"` and a bare `name` are the same identifier wherever SQL may put it: lowercase or letters without
 * case (名称: PostgreSQL's lexer takes every non-ASCII character into a name and folds only ASCII case in a
 * multi-byte encoding, docs: sql-syntax-lexical.html 4.1.1), and no such keyword.
 */
export function readsSameUnquoted(name: string): boolean {
  return /^[a-z_\p{Lo}][a-z0-9_\p{Lo}]*$/u.test(name) && !KEYWORDS_NOT_BARE.has(name);
}
