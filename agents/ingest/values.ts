import type { DataType } from "~/agents/catalog/schema";
import { normaliseDateTime } from "./dates";
import type { DateKind } from "~/agents/tsql/date-strings";
import type { Literal } from "./drafts";
import type { DateFormat } from "~/agents/tsql/date-formats";

export type ValueResult = { value: string | null } | { error: string };

const INTEGER_TYPES = new Set(["bigint", "int", "smallint", "tinyint"]);
const INTEGER_RANGES: Record<string, [bigint, bigint]> = {
  tinyint: [0n, 255n],
  smallint: [-32768n, 32767n],
  int: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};
const EXACT_TYPES = new Set(["decimal", "numeric", "money", "smallmoney"]);
const APPROXIMATE_TYPES = new Set(["float", "real"]);
const DATE_TYPES = new Set<string>(["date", "datetime", "smalldatetime", "datetime2", "datetimeoffset", "time"]);
const CHARACTER_TYPES = new Set(["char", "varchar", "nchar", "nvarchar", "text", "ntext", "sysname", "xml"]);
const BINARY_TYPES = new Set(["binary", "varbinary", "image", "timestamp", "rowversion"]);

/**
 * Turns an INSERT literal into the catalog's canonical text for a column of `type` (see ZTableData):
 * plain decimal numbers, ISO dates read with the DATEFORMAT in force, `\x` hex for binary, 0/1 for bit.
 * Returns an error where SQL Server itself would reject the value (a bad date, text too long), so the
 * caller can drop the statement as the server would.
 */
export function normaliseValue(literal: Literal, type: DataType, dateFormat: DateFormat): ValueResult {
  if (literal.kind === "null") return { value: null };
  if (literal.kind === "unsupported" || literal.kind === "default")
    return { error: `cannot evaluate ${literal.value || literal.kind}` };
  const name = type.name.toLowerCase();

  if (INTEGER_TYPES.has(name)) return integer(literal, name);
  if (name === "bit") return bit(literal);
  if (EXACT_TYPES.has(name)) {
    const scale = name === "money" || name === "smallmoney" ? 4 : (type.scale ?? 0);
    return exact(literal, scale);
  }
  if (APPROXIMATE_TYPES.has(name)) return approximate(literal);
  if (DATE_TYPES.has(name)) return dateTime(literal, name as DateKind, type, dateFormat);
  if (BINARY_TYPES.has(name)) return binary(literal);
  if (CHARACTER_TYPES.has(name)) return character(literal, type, name.startsWith("n"));
  if (name === "uniqueidentifier") {
    const guid = literal.value.trim().replace(/^\{(.*)\}$/, "$1");
    if (literal.kind !== "string" || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(guid)) {
      return { error: `${JSON.stringify(literal.value)} is not a uniqueidentifier` };
    }
    return { value: guid.toLowerCase() };
  }
  return asText(literal);
}

function asText(literal: Literal): ValueResult {
  if (literal.kind === "number" || literal.kind === "money") {
    const n = canonicalNumber(literal.value);
    return n === undefined ? { error: `${literal.value} is not a number` } : { value: n };
  }
  if (literal.kind === "binary") return { value: `\\x${literal.value.toLowerCase()}` };
  return { value: literal.value };
}

function integer(literal: Literal, name: string): ValueResult {
  let text = literal.value.trim();
  if (literal.kind === "binary") return { error: `0x${literal.value} for ${name} is not supported` };
  if (literal.kind === "string" && !/^[-+]?\d+$/.test(text))
    return { error: `${JSON.stringify(literal.value)} is not an integer` };
  const n = canonicalNumber(text);
  if (n === undefined) return { error: `${JSON.stringify(literal.value)} is not a number` };
  // Numeric literals convert to integer types by truncation toward zero.
  text = n.includes(".") ? n.slice(0, n.indexOf(".")) : n;
  if (text === "-0" || text === "-") text = "0";
  const [min, max] = INTEGER_RANGES[name]!;
  const big = BigInt(text);
  if (big < min || big > max) return { error: `${text} is out of range for ${name}` };
  return { value: text };
}

function bit(literal: Literal): ValueResult {
  if (literal.kind === "string") {
    const text = literal.value.trim().toUpperCase();
    if (text === "TRUE") return { value: "1" };
    if (text === "FALSE") return { value: "0" };
  }
  if (literal.kind === "binary") return { value: /[1-9A-F]/.test(literal.value) ? "1" : "0" };
  const n = canonicalNumber(literal.value);
  if (n === undefined) return { error: `${JSON.stringify(literal.value)} is not a bit value` };
  return { value: n === "0" ? "0" : "1" };
}

function exact(literal: Literal, scale: number): ValueResult {
  if (literal.kind === "binary") return { error: `0x${literal.value} for a decimal column is not supported` };
  // Strings cast to money may carry a currency sign and grouping commas.
  const text = literal.kind === "string" ? literal.value.trim().replace(/^\$/, "").replaceAll(",", "") : literal.value;
  const n = canonicalNumber(text);
  if (n === undefined) return { error: `${JSON.stringify(literal.value)} is not a number` };
  return { value: roundDecimal(n, scale) };
}

function approximate(literal: Literal): ValueResult {
  if (literal.kind === "binary") return { error: `0x${literal.value} for a float column is not supported` };
  const n = canonicalNumber(literal.value.trim());
  return n === undefined ? { error: `${JSON.stringify(literal.value)} is not a number` } : { value: n };
}

function dateTime(literal: Literal, target: DateKind, type: DataType, dateFormat: DateFormat): ValueResult {
  if (literal.kind === "number" && (target === "datetime" || target === "smalldatetime")) {
    // Numbers convert to datetime as days since 1900-01-01.
    const days = Number(literal.value);
    if (!Number.isInteger(days)) return { error: `${literal.value} as ${target}: only whole days are supported` };
    const d = new Date(Date.UTC(1900, 0, 1) + days * 86_400_000);
    return { value: `${d.toISOString().slice(0, 10)} 00:00:00` };
  }
  // A value cast to a date type first is read by that type's rules (ISO `yyyy-mm-dd` for date/datetime2).
  const castName = literal.cast?.name.toLowerCase();
  const readAs = castName && DATE_TYPES.has(castName) && castName !== target ? (castName as DateKind) : target;
  const scale = type.scale ?? 7;
  if (literal.kind === "binary") {
    const iso = binaryDateTime(literal.value, readAs);
    if (iso === undefined) return { error: `0x${literal.value} is not a ${readAs} in SQL Server's binary layout` };
    return normaliseDateTime(iso, target, "ymd", 126, scale);
  }
  if (literal.kind !== "string") return { error: `${literal.value} is not a valid ${target}` };
  const key = `${target}|${readAs}|${dateFormat}|${literal.style}|${scale}|${literal.value}`;
  let result = dateCache.get(key);
  if (!result) {
    result = normaliseDateTime(literal.value, target, dateFormat, literal.style, scale, readAs);
    if (dateCache.size >= DATE_CACHE_SIZE) dateCache.clear();
    dateCache.set(key, result);
  }
  return result;
}

// Data scripts repeat the same dates thousands of times (order dates, hire dates), so reading each
// distinct string once pays; clearing when full keeps memory bounded without LRU bookkeeping.
const DATE_CACHE_SIZE = 50_000;
const dateCache = new Map<string, ValueResult>();

/**
 * SQL Server 2008's "Generate Scripts" writes dates as `CAST(0x0000A0B500000000 AS DateTime)`: datetime is
 * days since 1900-01-01 then 1/300 s ticks (big-endian int32s), smalldatetime days then minutes (uint16s),
 * date a little-endian day count since 0001-01-01. Returns ISO `yyyy-mm-ddThh:mm:ss.fff`.
 */
function binaryDateTime(hex: string, type: DateKind): string | undefined {
  const bytes = hex.match(/../g)?.map((h) => parseInt(h, 16)) ?? [];
  const day = (base: number, days: number) => new Date(base + days * 86_400_000);
  let at: Date;
  if (type === "datetime" && bytes.length === 8) {
    const view = new DataView(new Uint8Array(bytes).buffer);
    at = day(Date.UTC(1900, 0, 1), view.getInt32(0));
    at.setUTCMilliseconds(Math.round((view.getUint32(4) * 10) / 3));
  } else if (type === "smalldatetime" && bytes.length === 4) {
    const view = new DataView(new Uint8Array(bytes).buffer);
    at = day(Date.UTC(1900, 0, 1), view.getUint16(0));
    at.setUTCMinutes(view.getUint16(2));
  } else if (type === "date" && bytes.length === 3) {
    const base = new Date(0);
    base.setUTCFullYear(1, 0, 1);
    at = day(base.getTime(), bytes[0]! + bytes[1]! * 256 + bytes[2]! * 65536);
  } else return undefined;
  return at.toISOString().replace("Z", "").padStart(23, "0");
}

function binary(literal: Literal): ValueResult {
  if (literal.kind === "binary") return { value: `\\x${literal.value.toLowerCase()}` };
  if (literal.kind === "string") {
    // CAST('abc' AS varbinary) gives the string's bytes in its code page; ASCII covers script data.
    const bytes = Array.from(literal.value, (ch) => ch.charCodeAt(0) & 0xff);
    return { value: `\\x${bytes.map((b) => b.toString(16).padStart(2, "0")).join("")}` };
  }
  return { error: `${literal.value} for a binary column is not supported` };
}

function character(literal: Literal, type: DataType, unicode: boolean): ValueResult {
  let value: string;
  if (literal.kind === "binary") {
    // Binary converted to text reads the bytes as characters (UTF-16LE for n-types).
    const bytes = literal.value.match(/../g)?.map((h) => parseInt(h, 16)) ?? [];
    value = unicode ? new TextDecoder("utf-16le").decode(new Uint8Array(bytes)) : String.fromCharCode(...bytes);
  } else if (literal.kind === "number" || literal.kind === "money") {
    value = literal.value;
  } else value = literal.value;
  if (typeof type.length === "number" && value.length > type.length) {
    return { error: `text of ${value.length} characters does not fit ${type.name}(${type.length})` };
  }
  return { value };
}

/** Plain decimal text: no exponent, no leading zeros, no trailing fractional zeros, no `-0`. */
export function canonicalNumber(text: string): string | undefined {
  const m = /^([-+]?)(\d*)(?:\.(\d*))?(?:e([-+]?\d+))?$/i.exec(text.trim());
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return undefined;
  const sign = m[1] === "-" ? "-" : "";
  let digits = (m[2] ?? "") + (m[3] ?? "");
  let point = (m[2] ?? "").length + Number(m[4] ?? 0);
  if (point < 0) {
    digits = "0".repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits = digits.padEnd(point, "0");
  const whole = digits.slice(0, point).replace(/^0+/, "") || "0";
  const fraction = digits.slice(point).replace(/0+$/, "");
  const result = fraction ? `${whole}.${fraction}` : whole;
  return result === "0" ? "0" : sign + result;
}

/** Rounds canonical decimal text to `scale` places, half away from zero, as SQL Server converts. */
export function roundDecimal(text: string, scale: number): string {
  const negative = text.startsWith("-");
  const abs = negative ? text.slice(1) : text;
  const [whole, fraction = ""] = abs.split(".");
  if (fraction.length <= scale) return text;
  const kept = (whole! + fraction.slice(0, scale)).split("").map(Number);
  if (Number(fraction[scale]) >= 5) {
    let k = kept.length - 1;
    for (; k >= 0; k--) {
      if (kept[k]! < 9) {
        kept[k]!++;
        break;
      }
      kept[k] = 0;
    }
    if (k < 0) kept.unshift(1);
  }
  const digits = kept.join("");
  const wholeLength = digits.length - scale;
  const rounded = canonicalNumber(`${digits.slice(0, wholeLength)}.${digits.slice(wholeLength)}`) ?? "0";
  return negative && rounded !== "0" ? `-${rounded}` : rounded;
}
