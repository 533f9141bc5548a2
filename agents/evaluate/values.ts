/**
 * Value semantics for comparing results (fixtures README, "Comparison rules for tests"). Every value arrives as
 * text (the CSV, or PostgreSQL's text output), and is compared as text of a kind: numbers exactly as decimals
 * (never as floats: 0.1 + 0.2 must not decide a migration), bits against booleans, datetimes to the millisecond.
 */

export type ValueKind = "number" | "bit" | "datetime" | "time" | "binary" | "uuid" | "text";

const NUMBER_TYPES = new Set(["int", "integer", "smallint", "tinyint", "bigint", "money", "smallmoney", "decimal", "numeric", "dec", "real", "float", "double precision"]);
const DATETIME_TYPES = new Set(["datetime", "datetime2", "smalldatetime", "date", "timestamp without time zone"]);
const BINARY_TYPES = new Set(["binary", "varbinary", "image", "rowversion"]);

/** The kind of an expected column from its SQL Server type as the manifest gives it (`decimal(38,2)`, `nchar(5)`). */
export function kindOfSqlServerType(type: string): ValueKind {
  const base = type.toLowerCase().replace(/\(.*$/, "").trim();
  if (NUMBER_TYPES.has(base)) return "number";
  if (base === "bit") return "bit";
  if (DATETIME_TYPES.has(base)) return "datetime";
  if (base === "time") return "time";
  // SQL Server's `timestamp` is rowversion: binary.
  if (BINARY_TYPES.has(base) || base === "timestamp") return "binary";
  if (base === "uniqueidentifier") return "uuid";
  return "text";
}

/** PostgreSQL type oids → kind, for columns without an expected type (and for exporting). */
export const PG_TYPE_NAMES: Record<number, string> = {
  16: "boolean",
  17: "bytea",
  18: "char",
  19: "name",
  20: "bigint",
  21: "smallint",
  23: "integer",
  25: "text",
  26: "oid",
  114: "json",
  142: "xml",
  700: "real",
  701: "double precision",
  790: "money",
  1042: "character",
  1043: "character varying",
  1082: "date",
  1083: "time",
  1114: "timestamp without time zone",
  1184: "timestamp with time zone",
  1186: "interval",
  1700: "numeric",
  2950: "uuid",
  3802: "jsonb",
};

export function kindOfPgType(oid: number | undefined): ValueKind {
  switch (oid === undefined ? undefined : PG_TYPE_NAMES[oid]) {
    case "boolean":
      return "bit";
    case "smallint":
    case "integer":
    case "bigint":
    case "real":
    case "double precision":
    case "numeric":
    case "oid":
      return "number";
    case "date":
    case "timestamp without time zone":
      return "datetime";
    case "time":
      return "time";
    case "bytea":
      return "binary";
    case "uuid":
      return "uuid";
    default:
      return "text";
  }
}

/** An exact decimal: value = digits × 10^-scale. */
export type Decimal = { digits: bigint; scale: number };

/** Parses plain or exponent notation (`440.0000`, `-1.5e-05`, `1e+20`); undefined for anything else (NaN…). */
export function parseDecimal(text: string): Decimal | undefined {
  const match = /^\s*([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!match || (!match[2] && !match[3])) return undefined;
  const fraction = match[3] ?? "";
  let digits = BigInt((match[2] || "0") + fraction);
  let scale = fraction.length - Number(match[4] ?? 0);
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { digits: match[1] === "-" ? -digits : digits, scale };
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale, 4);
  return [a.digits * 10n ** BigInt(scale - a.scale), b.digits * 10n ** BigInt(scale - b.scale), scale];
}

/** |a − b| ≤ 0.0001, exactly. */
export function decimalsClose(a: Decimal, b: Decimal, tolerance: Decimal = { digits: 1n, scale: 4 }): boolean {
  const [x, y, scale] = align(a, b);
  const difference = x > y ? x - y : y - x;
  return difference <= tolerance.digits * 10n ** BigInt(scale - tolerance.scale);
}

export function compareDecimals(a: Decimal, b: Decimal): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Plain decimal text with no exponent and no trailing fractional zeros: the canonical form of a number. */
export function formatDecimal(value: Decimal, minScale = 0): string {
  let { digits, scale } = value;
  while (scale > minScale && digits % 10n === 0n) {
    digits /= 10n;
    scale--;
  }
  const negative = digits < 0n;
  let text = (negative ? -digits : digits).toString();
  if (scale > 0) {
    text = text.padStart(scale + 1, "0");
    text = `${text.slice(0, -scale)}.${text.slice(-scale)}`;
  }
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}

/** `YYYY-MM-DD HH:MM:SS.mmm` (to the millisecond, extra digits truncated), from either the space or the T form. */
export function normalizeDatetime(text: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d*))?)?)?(Z|[+-]00(?::?00)?)?$/.exec(text.trim());
  if (!match) return undefined;
  return `${match[1]} ${match[2] ?? "00"}:${match[3] ?? "00"}:${match[4] ?? "00"}.${(match[5] ?? "").padEnd(3, "0").slice(0, 3)}`;
}

export function normalizeTime(text: string): string | undefined {
  const match = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d*))?)?$/.exec(text.trim());
  if (!match) return undefined;
  return `${match[1]}:${match[2]}:${match[3] ?? "00"}.${(match[4] ?? "").padEnd(3, "0").slice(0, 3)}`;
}

export function normalizeBit(text: string): string | undefined {
  const lower = text.trim().toLowerCase();
  if (lower === "1" || lower === "t" || lower === "true") return "1";
  if (lower === "0" || lower === "f" || lower === "false") return "0";
  return undefined;
}

/** Lower-case hex without prefix, from `0x…` (SQL Server) or `\x…` (PostgreSQL). */
export function normalizeBinary(text: string): string | undefined {
  const match = /^(?:0x|\\x)([0-9a-fA-F]*)$/.exec(text.trim());
  return match ? match[1]!.toLowerCase() : undefined;
}

/**
 * The canonical text of a value of a kind: two values with the same canonical text are equal. Numbers are the
 * one kind where unequal canonical texts can still be equal (within the tolerance): see valuesEqual.
 * Text that does not parse as its kind stays as it is, so it can only equal the very same text.
 */
export function canonical(value: string, kind: ValueKind): string {
  switch (kind) {
    case "number": {
      const decimal = parseDecimal(value);
      return decimal ? formatDecimal(decimal) : value;
    }
    case "bit":
      return normalizeBit(value) ?? value;
    case "datetime":
      return normalizeDatetime(value) ?? value;
    case "time":
      return normalizeTime(value) ?? value;
    case "binary":
      return normalizeBinary(value) ?? value;
    case "uuid":
      return value.toLowerCase();
    case "text":
      return value;
  }
}

/** NULL equals only NULL; numbers within 0.0001; everything else by canonical text. */
export function valuesEqual(expected: string | null, actual: string | null, kind: ValueKind): boolean {
  if (expected === null || actual === null) return expected === actual;
  if (kind === "number") {
    const a = parseDecimal(expected);
    const b = parseDecimal(actual);
    if (a && b) return decimalsClose(a, b);
  }
  return canonical(expected, kind) === canonical(actual, kind);
}
