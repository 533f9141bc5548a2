/**
 * Value semantics for comparing results (the fixtures' READMEs, "Comparison rules for tests"). Every value arrives
 * as text (the CSV, or PostgreSQL's text output), and is compared as text of a kind: numbers exactly as decimals
 * (never as floats: 0.1 + 0.2 must not decide a migration), bits against booleans, datetime and smalldatetime to
 * the millisecond, datetime2/time/datetimeoffset at their full scale (100 ns), datetimeoffset with its offset,
 * binary hex in any case, XML as XML and JSON text without the whitespace outside its strings.
 */

export type ValueKind =
  | "number"
  | "bit"
  /** datetime, smalldatetime: to the millisecond. */
  | "datetime"
  /** datetime2(n): the whole value, to 100 ns. */
  | "datetime2"
  | "date"
  /** time(n): the whole value, to 100 ns. */
  | "time"
  /** datetimeoffset(n): the local date-time to 100 ns and the offset. */
  | "datetimeoffset"
  | "binary"
  | "uuid"
  | "xml"
  | "json"
  | "text";

const NUMBER_TYPES = new Set([
  "int",
  "integer",
  "smallint",
  "tinyint",
  "bigint",
  "money",
  "smallmoney",
  "decimal",
  "numeric",
  "dec",
  "real",
  "float",
  "double precision",
]);
const BINARY_TYPES = new Set(["binary", "varbinary", "image", "rowversion"]);

/** The kind of an expected column from its SQL Server type as the manifest gives it (`decimal(38,2)`, `nchar(5)`). */
export function kindOfSqlServerType(type: string): ValueKind {
  const base = type.toLowerCase().replace(/\(.*$/, "").trim();
  if (NUMBER_TYPES.has(base)) return "number";
  if (base === "bit") return "bit";
  if (base === "datetime" || base === "smalldatetime") return "datetime";
  // `timestamp without time zone` is what a catalog read from PostgreSQL calls it: microseconds, compared whole.
  if (base === "datetime2" || base === "timestamp without time zone") return "datetime2";
  if (base === "date") return "date";
  if (base === "time") return "time";
  if (base === "datetimeoffset") return "datetimeoffset";
  // SQL Server's `timestamp` is rowversion: binary.
  if (BINARY_TYPES.has(base) || base === "timestamp") return "binary";
  if (base === "uniqueidentifier") return "uuid";
  if (base === "xml") return "xml";
  if (base === "json") return "json";
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
  1266: "time with time zone",
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
    // PostgreSQL's text output of these is exact (to the microsecond): compare it whole.
    case "timestamp without time zone":
      return "datetime2";
    case "date":
      return "date";
    case "time":
      return "time";
    case "timestamp with time zone":
      return "datetimeoffset";
    case "xml":
      return "xml";
    case "json":
    case "jsonb":
      return "json";
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

/**
 * A date-time as SQL Server writes it (`2007-05-08 12:35:29.1234567 +12:15`: a blank before the offset) or
 * PostgreSQL does (`2007-05-08 12:35:29.12345+12:15`, `+00`, `+05:30`, and seconds for historical offsets), or the
 * ISO `T` form. The fraction is kept as written; the offset is `undefined` when there is none.
 */
type DateTimeParts = {
  date: string;
  hh: string;
  mm: string;
  ss: string;
  fraction: string;
  hasTime: boolean;
  offset: string | undefined;
};

const DATETIME_PATTERN =
  /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d*))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?$/;

function parseDateTime(text: string): DateTimeParts | undefined {
  const match = DATETIME_PATTERN.exec(text.trim());
  if (!match) return undefined;
  return {
    date: match[1]!,
    hh: match[2] ?? "00",
    mm: match[3] ?? "00",
    ss: match[4] ?? "00",
    fraction: match[5] ?? "",
    hasTime: match[2] !== undefined,
    offset: match[6] === undefined ? undefined : normalizeOffset(match[6]),
  };
}

/** `Z`, `+00`, `-0800`, `+05:30`, `+00:53:28` → `+00:00`, `-08:00`, `+05:30`, `+00:53:28` (`-00:00` is `+00:00`). */
function normalizeOffset(text: string): string {
  if (text === "Z") return "+00:00";
  const digits = text.slice(1).replaceAll(":", "");
  const hh = digits.slice(0, 2);
  const mm = digits.slice(2, 4) || "00";
  const ss = digits.slice(4, 6);
  const zero = /^0*$/.test(digits);
  return `${zero ? "+" : text[0]}${hh}:${mm}${ss && ss !== "00" ? `:${ss}` : ""}`;
}

/** A zero offset is how a PostgreSQL session in UTC writes a timestamptz: a value without an offset may carry one. */
const noOrZeroOffset = (parts: DateTimeParts) => parts.offset === undefined || parts.offset === "+00:00";

/**
 * A fraction at full scale: at least 7 digits (100 ns, SQL Server's finest), zeros past the 7th dropped. Equal
 * fractions give equal text (`.5` = `.5000000`, `.123457` ≠ `.1234567`), and for up to 7 digits the text sorts as
 * the value does.
 */
function fullScaleFraction(fraction: string): string {
  let text = fraction.padEnd(7, "0");
  while (text.length > 7 && text.endsWith("0")) text = text.slice(0, -1);
  return text;
}

/** datetime, smalldatetime: `YYYY-MM-DD HH:MM:SS.mmm` (digits past the millisecond truncated), space or T form. */
export function normalizeDatetime(text: string): string | undefined {
  const parts = parseDateTime(text);
  if (!parts || !noOrZeroOffset(parts)) return undefined;
  return `${parts.date} ${parts.hh}:${parts.mm}:${parts.ss}.${parts.fraction.padEnd(3, "0").slice(0, 3)}`;
}

/** datetime2(n): `YYYY-MM-DD HH:MM:SS.fffffff`, the whole value (a 7th digit counts). */
export function normalizeDatetime2(text: string): string | undefined {
  const parts = parseDateTime(text);
  if (!parts || !noOrZeroOffset(parts)) return undefined;
  return `${parts.date} ${parts.hh}:${parts.mm}:${parts.ss}.${fullScaleFraction(parts.fraction)}`;
}

/** date: `YYYY-MM-DD`; a date-time at exactly midnight is that date, any other time is not a date. */
export function normalizeDate(text: string): string | undefined {
  const parts = parseDateTime(text);
  if (!parts || !noOrZeroOffset(parts)) return undefined;
  if (parts.hasTime && !/^0*$/.test(`${parts.hh}${parts.mm}${parts.ss}${parts.fraction}`)) return undefined;
  return parts.date;
}

/**
 * datetimeoffset(n): `YYYY-MM-DD HH:MM:SS.fffffff +HH:MM`. The local date-time and the offset are both part of
 * the value, so the same instant written with another offset is a different value; without an offset it is not a
 * datetimeoffset at all.
 */
export function normalizeDatetimeOffset(text: string): string | undefined {
  const parts = parseDateTime(text);
  if (!parts || parts.offset === undefined) return undefined;
  return `${parts.date} ${parts.hh}:${parts.mm}:${parts.ss}.${fullScaleFraction(parts.fraction)} ${parts.offset}`;
}

/** time(n): `HH:MM:SS.fffffff`, the whole value. */
export function normalizeTime(text: string): string | undefined {
  const match = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d*))?)?$/.exec(text.trim());
  if (!match) return undefined;
  return `${match[1]}:${match[2]}:${match[3] ?? "00"}.${fullScaleFraction(match[4] ?? "")}`;
}

/**
 * The digits a value of a full-scale kind has past the microsecond that are not zero (`dateadd_02`'s
 * `13:10:10.1111112`): a PostgreSQL timestamp or time cannot hold them, so such a value can never be matched.
 * Used to say so in a diff; the comparison itself already fails.
 */
export function finerThanMicroseconds(text: string, kind: ValueKind): boolean {
  if (kind !== "datetime2" && kind !== "time" && kind !== "datetimeoffset") return false;
  const fraction = kind === "time" ? /\.(\d*)/.exec(text)?.[1] : parseDateTime(text)?.fraction;
  return fraction !== undefined && /[1-9]/.test(fraction.slice(6));
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
 * Whether two values of a full-scale kind agree except below the microsecond (`.1111112` against PostgreSQL's
 * `.111111`): then the 7th digit is the whole difference, and a diff can say so without misleading.
 */
export function differsOnlyBelowMicroseconds(expected: string, actual: string, kind: ValueKind): boolean {
  if (!finerThanMicroseconds(expected, kind)) return false;
  const split = (text: string) => /^(.*?\.)(\d+)(.*)$/.exec(canonical(text, kind));
  const e = split(expected);
  const a = split(actual);
  if (!e || !a || e[1] !== a[1] || e[3] !== a[3]) return false;
  const digits = Math.max(e[2]!.length, a[2]!.length);
  const difference = BigInt(e[2]!.padEnd(digits, "0")) - BigInt(a[2]!.padEnd(digits, "0"));
  return (difference < 0n ? -difference : difference) < 10n ** BigInt(digits - 6);
}

/**
 * JSON text without the whitespace outside its string literals (FOR JSON, JSON_OBJECT and JSON_ARRAY output, or
 * the same text pretty-printed). Strings are kept exactly as written, and so are key order and every token: only
 * the layout goes. undefined when a string literal is not closed.
 */
export function normalizeJson(text: string): string | undefined {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") continue;
    if (c !== '"') {
      out += c;
      continue;
    }
    const start = i;
    for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    if (i >= text.length) return undefined;
    out += text.slice(start, i + 1);
  }
  return out;
}

/** A JSON object or array: how an expected text column shows it holds JSON text (the manifest types it nvarchar). */
export function isJsonContainer(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return false;
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    return false;
  }
}

type XmlNode =
  | { type: "element"; name: string; attributes: [string, string][]; children: XmlNode[] }
  | { type: "text"; value: string }
  | { type: "raw"; value: string };

// Sticky patterns, matched at an offset: slicing the rest of the text at every tag would be quadratic.
const XML_NAME = /[A-Za-z_:][\w.:-]*/y;
const XML_END_TAG = /<\/([A-Za-z_:][\w.:-]*)\s*>/y;
const XML_ATTRIBUTE = /\s+([A-Za-z_:][\w.:-]*)\s*=\s*("[^"<]*"|'[^'<]*')/y;
const XML_TAG_CLOSE = /\s*(\/?)>/y;

function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}
const XML_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeXmlText(text: string): string | undefined {
  let failed = false;
  const decoded = text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);|&/g, (whole, entity: string | undefined) => {
    if (entity === undefined) return ((failed = true), whole);
    if (entity.startsWith("#x")) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(Number(entity.slice(1)));
    const named = XML_ENTITIES[entity];
    if (named === undefined) failed = true;
    return named ?? whole;
  });
  return failed ? undefined : decoded;
}

const escapeXmlText = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
const escapeXmlAttribute = (text: string) => escapeXmlText(text).replaceAll('"', "&quot;");

/** An XML document or fragment as a tree; undefined when it is not well-formed. */
function parseXml(text: string): XmlNode[] | undefined {
  const root: XmlNode[] = [];
  const stack: { name: string; children: XmlNode[] }[] = [];
  const children = () => stack.at(-1)?.children ?? root;
  const addText = (value: string) => {
    const list = children();
    const last = list.at(-1);
    if (last?.type === "text") last.value += value;
    else list.push({ type: "text", value });
  };
  let i = 0;
  while (i < text.length) {
    if (text[i] !== "<") {
      const end = text.indexOf("<", i);
      const chunk = text.slice(i, end < 0 ? text.length : end);
      const decoded = decodeXmlText(chunk);
      if (decoded === undefined) return undefined;
      addText(decoded);
      i += chunk.length;
      continue;
    }
    if (text.startsWith("<!--", i)) {
      const end = text.indexOf("-->", i + 4);
      if (end < 0) return undefined;
      children().push({ type: "raw", value: text.slice(i, end + 3) });
      i = end + 3;
    } else if (text.startsWith("<![CDATA[", i)) {
      const end = text.indexOf("]]>", i + 9);
      if (end < 0) return undefined;
      addText(text.slice(i + 9, end));
      i = end + 3;
    } else if (text.startsWith("<?", i)) {
      const end = text.indexOf("?>", i + 2);
      if (end < 0) return undefined;
      const instruction = text.slice(i, end + 2);
      // The XML declaration is serialization, not content (SQL Server's xml type never returns one).
      if (!/^<\?xml\s/.test(instruction)) children().push({ type: "raw", value: instruction.replace(/\s+\?>$/, "?>") });
      i = end + 2;
    } else if (text.startsWith("</", i)) {
      const match = matchAt(XML_END_TAG, text, i);
      const open = stack.pop();
      if (!match || !open || open.name !== match[1]) return undefined;
      i += match[0].length;
    } else {
      const name = matchAt(XML_NAME, text, i + 1)?.[0];
      if (!name) return undefined;
      let j = i + 1 + name.length;
      const attributes: [string, string][] = [];
      for (;;) {
        const attribute = matchAt(XML_ATTRIBUTE, text, j);
        if (!attribute) break;
        const value = decodeXmlText(attribute[2]!.slice(1, -1));
        if (value === undefined) return undefined;
        attributes.push([attribute[1]!, value]);
        j += attribute[0].length;
      }
      const close = matchAt(XML_TAG_CLOSE, text, j);
      if (!close) return undefined;
      // Attribute order is not part of an XML document's content.
      attributes.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const element: XmlNode = { type: "element", name, attributes, children: [] };
      children().push(element);
      if (!close[1]) stack.push({ name, children: element.children });
      i = j + close[0].length;
    }
  }
  return stack.length ? undefined : root;
}

function serializeXml(nodes: XmlNode[]): string {
  let out = "";
  for (const node of nodes) {
    if (node.type === "raw") out += node.value;
    // Whitespace-only text between elements is layout (indentation), not content.
    else if (node.type === "text") out += /^\s*$/.test(node.value) ? "" : escapeXmlText(node.value);
    else {
      const attributes = node.attributes.map(([k, v]) => ` ${k}="${escapeXmlAttribute(v)}"`).join("");
      const inner = serializeXml(node.children);
      out += inner ? `<${node.name}${attributes}>${inner}</${node.name}>` : `<${node.name}${attributes}/>`;
    }
  }
  return out;
}

/**
 * XML in one serialization: whitespace-only text between elements dropped, `<row id="3" />`, `<row id='3'></row>`
 * and `<row id="3"/>` all written `<row id="3"/>`, attributes in name order, entities and CDATA as plain text
 * escaped one way. Text content, names and attribute values still count exactly. undefined when not well-formed.
 */
export function normalizeXml(text: string): string | undefined {
  const nodes = parseXml(text);
  return nodes ? serializeXml(nodes) : undefined;
}

/** XML an expected text column holds (FOR XML PATH is typed nvarchar): at least one element, well-formed. */
export function isXmlFragment(text: string): boolean {
  const trimmed = text.trim();
  return (
    trimmed.startsWith("<") && trimmed.endsWith(">") && parseXml(trimmed)?.some((n) => n.type === "element") === true
  );
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
    case "datetime2":
      return normalizeDatetime2(value) ?? value;
    case "date":
      return normalizeDate(value) ?? value;
    case "time":
      return normalizeTime(value) ?? value;
    case "datetimeoffset":
      return normalizeDatetimeOffset(value) ?? value;
    case "binary":
      return normalizeBinary(value) ?? value;
    case "uuid":
      return value.toLowerCase();
    case "xml":
      return normalizeXml(value) ?? value;
    case "json":
      return normalizeJson(value) ?? value;
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
