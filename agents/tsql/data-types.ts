import type { DataType } from "~/agents/catalog/schema";

/**
 * The vocabulary of T-SQL data types, for the parser's one data-type rule (Parser.dataType, which the ingester
 * reads through as well). Docs: data-types-transact-sql.md and data-type-synonyms-transact-sql.md.
 */

/** A type as declared: a system type (canonical lower-case name) or a user-defined alias type still to resolve. */
export type DeclaredType = DataType & {
  /** Schema of a qualified alias type (`dbo.Phone`). */
  schema?: string;
  /** True when the name is not a system type, so it must resolve to an alias type. */
  alias?: boolean;
  /** `xml(CONTENT dbo.Schemas)`: the XML schema collection that types it, as written. */
  xmlSchemaCollection?: string;
};

const SYSTEM_TYPES = new Set([
  "bigint",
  "int",
  "smallint",
  "tinyint",
  "bit",
  "decimal",
  "numeric",
  "money",
  "smallmoney",
  "float",
  "real",
  "date",
  "time",
  "datetime",
  "datetime2",
  "smalldatetime",
  "datetimeoffset",
  "char",
  "varchar",
  "nchar",
  "nvarchar",
  "text",
  "ntext",
  "binary",
  "varbinary",
  "image",
  "timestamp",
  "rowversion",
  "uniqueidentifier",
  "xml",
  "hierarchyid",
  "sql_variant",
  "geography",
  "geometry",
  "cursor",
  "table",
  "sysname",
  "vector",
  "json",
]);

export const isSystemType = (name: string) => SYSTEM_TYPES.has(name.toLowerCase());

/** One-word ISO synonyms (docs: data-type-synonyms-transact-sql.md). */
export const TYPE_SYNONYMS: Record<string, string> = { integer: "int", dec: "decimal", character: "char" };

/** Types whose one argument is a length in characters or bytes, or `max`. */
export const LENGTH_TYPES = new Set(["char", "varchar", "nchar", "nvarchar", "binary", "varbinary"]);

/** Types whose one argument is the fractional seconds' scale. */
export const FRACTIONAL_SECONDS_TYPES = new Set(["time", "datetime2", "datetimeoffset"]);
