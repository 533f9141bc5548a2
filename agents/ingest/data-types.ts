import type { DataType } from "~/agents/catalog/schema";
import { ParseError } from "~/agents/tsql/parser";
import type { TokenReader } from "./reader";

/** A type as declared: a system type (canonical lower-case name) or a user-defined alias type still to resolve. */
export type DeclaredType = DataType & {
  /** Schema of a qualified alias type (`dbo.Phone`). */
  schema?: string;
  /** True when the name is not a system type, so it must resolve to an alias type. */
  alias?: boolean;
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
const SYNONYMS: Record<string, string> = { integer: "int", dec: "decimal", character: "char" };
const LENGTH_TYPES = new Set(["char", "varchar", "nchar", "nvarchar", "binary", "varbinary"]);
const FRACTIONAL_SECONDS_TYPES = new Set(["time", "datetime2", "datetimeoffset"]);

/** System alias types that behave like user-defined ones: `sysname` is nvarchar(128) NOT NULL. */
export const SYSTEM_ALIASES: Record<string, { base: DataType; nullable: boolean }> = {
  sysname: { base: { name: "nvarchar", length: 128 }, nullable: false },
};

export const isSystemType = (name: string) => SYSTEM_TYPES.has(name.toLowerCase());

/**
 * Reads a data type: `int`, `[nvarchar](40)`, `"money"`, `decimal(10, 2)`, `varchar(max)`,
 * `double precision`, `national character varying(20)`, `dbo.Phone`.
 * `defaultLength` is what an unsized char/binary type means: 1 in DDL and declarations, 30 in CAST/CONVERT.
 */
export function readDataType(r: TokenReader, defaultLength: 1 | 30 = 1): DeclaredType {
  const parts = [r.identifier("a data type")];
  while (r.isPunct(".") && r.isIdentifier(1)) {
    r.pos++;
    parts.push(r.identifier("a data type"));
  }
  let name = parts[parts.length - 1]!.toLowerCase();
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  let precision: number | undefined;

  // Multi-word ANSI spellings.
  if (parts.length === 1) {
    if (name === "double" && r.acceptWord("PRECISION")) {
      name = "float";
      precision = 53;
    } else if (name === "national" && (r.acceptWord("CHARACTER") || r.acceptWord("CHAR"))) {
      name = r.acceptWord("VARYING") ? "nvarchar" : "nchar";
    } else if ((name === "char" || name === "character") && r.acceptWord("VARYING")) {
      name = "varchar";
    } else if (name === "nchar" && r.acceptWord("VARYING")) {
      name = "nvarchar";
    } else if (name === "binary" && r.acceptWord("VARYING")) {
      name = "varbinary";
    }
  }
  name = SYNONYMS[name] ?? name;
  const system = (schema === undefined || schema.toLowerCase() === "sys") && SYSTEM_TYPES.has(name);
  const type: DeclaredType = system
    ? { name }
    : { name: parts[parts.length - 1]!, alias: true, ...(schema ? { schema } : {}) };
  if (precision !== undefined) type.precision = precision;

  if (r.isPunct("(")) {
    const args = readTypeArguments(r);
    if (system) applyArguments(type, args, r);
  } else if (system && LENGTH_TYPES.has(name)) {
    type.length = defaultLength;
  } else if (system && (name === "decimal" || name === "numeric")) {
    type.precision = 18;
    type.scale = 0;
  }
  return type;
}

/** `(10)`, `(10, 2)`, `(max)`; anything not starting with a number or MAX (xml schema collections) is skipped. */
function readTypeArguments(r: TokenReader): (number | "max")[] | undefined {
  const first = r.peek(1);
  if (!(first?.type === "number" || (first?.type === "word" && first.text.toUpperCase() === "MAX"))) {
    r.skipParens();
    return undefined;
  }
  r.expectPunct("(");
  const args: (number | "max")[] = [];
  for (;;) {
    const t = r.peek();
    if (t?.type === "number" && /^\d+$/.test(t.text)) args.push(Number(t.text));
    else if (t?.type === "word" && t.text.toUpperCase() === "MAX") args.push("max");
    else throw r.error(`expected a type length or precision, found ${r.describe()}`);
    r.pos++;
    if (r.acceptPunct(")")) return args;
    r.expectPunct(",");
  }
}

function applyArguments(type: DeclaredType, args: (number | "max")[] | undefined, r: TokenReader) {
  if (!args || args.length === 0) return;
  const [a, b] = args;
  const numeric = (v: number | "max" | undefined) => {
    if (typeof v !== "number") throw new ParseError(`${type.name} takes a number, not "max"`, r.previous().line);
    return v;
  };
  if (LENGTH_TYPES.has(type.name)) type.length = a;
  else if (type.name === "decimal" || type.name === "numeric") {
    type.precision = numeric(a);
    type.scale = b === undefined ? 0 : numeric(b);
  } else if (type.name === "float") type.precision = numeric(a);
  else if (FRACTIONAL_SECONDS_TYPES.has(type.name)) type.scale = numeric(a);
  else if (a === "max" && (type.name === "vector" || type.name === "json")) type.length = a;
  else if (typeof a === "number") type.length = a;
}
