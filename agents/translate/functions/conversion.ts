import type { DataType } from "~/agents/catalog/schema";
import { quoteString } from "../literals";
import { wrap } from "../sql-text";
import { isUnicode, normalizeName } from "~/agents/tsql/type-rules";
import { CALENDAR_NAMES } from "~/agents/tsql/calendar-names";
import type { DateParts } from "~/agents/tsql/date-formats";

/**
 * SQL text for CAST/CONVERT conversions whose SQL Server output format PostgreSQL's casts do not reproduce
 * (docs: cast-and-convert-transact-sql.md). Each helper takes the operand's SQL and returns an expression; an
 * operand used several times is bound once in a scalar subquery so it is evaluated once.
 */

/** `(select <body> as v from (select <x> as v) as "__x")`: names an operand `"__x".v` without repeating it. */
export function bindValue(x: string, body: (v: string) => string): string {
  return `(select ${body(`"__x".v`)} as v from (select ${x} as v) as "__x")`;
}

/**
 * `(select <body> as v from (select <x> as v) as "__x" cross join lateral … as "__r" cross join lateral … as "__e")`:
 * a float operand `"__x".v` with `"__r".r`, the value rounded to `digits` significant digits (float8 → text is the
 * shortest string that reads back as the same double: closer to the binary value than float8 → numeric, which
 * keeps only 15 digits), and `"__e".e`, its decimal exponent after that rounding (999999.5 rounds to 1e+006). Each
 * is computed once and read by name, rather than written out at every use, which nested the expression deeper
 * than a line can hold. Zero has no logarithm: r and e are NULL for it, so `body` tests `v = 0` first.
 */
export function bindRounded(x: string, digits: number, body: (v: string, r: string, e: string) => string): string {
  const n = `"__x".v::text::numeric`;
  const r = `round(${n}, ${digits - 1} - floor(log(abs(nullif(${n}, 0))))::integer)`;
  return (
    `(select ${body(`"__x".v`, `"__r".r`, `"__e".e`)} as v from (select ${x} as v) as "__x"` +
    ` cross join lateral (select ${r} as r) as "__r"` +
    ` cross join lateral (select floor(log(abs("__r".r)))::integer as e) as "__e")`
  );
}

/**
 * float/real → character string, styles 0, 1, 2 (docs: "float and real styles"): style 0 keeps at most 6
 * significant digits and switches to scientific notation as C's %g does (exponent below -4 or above 5); styles 1
 * and 2 are always scientific with 8 and 16 digits. SQL Server writes the exponent with a sign and three digits
 * (`1.23457e+006`). Undefined for a style with no faithful form (3: shortest round-trip digits).
 */
export function floatToString(x: string, style: number): string | undefined {
  if (style !== 0 && style !== 1 && style !== 2) return undefined;
  const exponent = (e: string) => `'e' || case when ${e} < 0 then '-' else '+' end || lpad(abs(${e})::text, 3, '0')`;
  const trimZeros = (t: string) => `case when strpos(${t}, '.') > 0 then rtrim(rtrim(${t}, '0'), '.') else ${t} end`;
  const digits = style === 0 ? 6 : style === 1 ? 8 : 16;
  return bindRounded(`(${x})::float8`, digits, (v, r, e) => {
    const mantissa = `round(${r} / power(10::numeric, ${e}), ${digits - 1})::text`;
    const scientific = `${style === 0 ? trimZeros(mantissa) : mantissa} || ${exponent(e)}`;
    const zero = style === 0 ? "'0'" : `'0.${"0".repeat(digits - 1)}e+000'`;
    if (style !== 0) return `case when ${v} = 0 then ${zero} else ${scientific} end`;
    const fixed = trimZeros(`round(${r}, ${digits - 1} - ${e})::text`);
    return `case when ${v} = 0 then ${zero} when ${e} between -4 and ${digits - 1} then ${fixed} else ${scientific} end`;
  });
}

/**
 * binary/varbinary → character string (docs: "Binary styles"): style 0 reads the bytes as characters of the
 * code page (Windows-1252 for varchar under the default Latin1 collations) or, for nchar/nvarchar, as UTF-16LE
 * code units (an odd last byte padded with 0x00: CAST(0x41 AS nvarchar) is N'A', whose bytes are 0x4100 — docs:
 * cast-and-convert-transact-sql.md, "Implicit conversions"); style 1 writes `0x` and upper-case hex digits,
 * style 2 the hex digits alone. A NUL or a lone surrogate, which PostgreSQL text cannot hold, fails the model.
 */
export function binaryToString(x: string, style: number, target: DataType): string | undefined {
  if (style === 1) return `('0x' || upper(encode(${x}, 'hex')))`;
  if (style === 2) return `upper(encode(${x}, 'hex'))`;
  if (style === 0 && !isUnicode(target)) return `convert_from(${x}, 'WIN1252')`;
  if (style === 0) return utf16ToText(x);
  return undefined;
}

/** UTF-16LE bytes → text: code units read little-endian, a high surrogate joined with the low one after it. */
function utf16ToText(x: string): string {
  const unit = (k: string) => `(get_byte("__b".b, 2 * ${k}) + 256 * get_byte("__b".b, 2 * ${k} + 1))`;
  const u = unit("u.k");
  const next = unit("(u.k + 1)");
  return bindValue(
    x,
    (v) =>
      `case when ${v} is not null then (select coalesce(string_agg(case when ${u} between 55296 and 56319 ` +
      `then chr(65536 + (${u} - 55296) * 1024 + ${next} - 56320) when ${u} between 56320 and 57343 and u.k > 0 ` +
      `and ${unit("(u.k - 1)")} between 55296 and 56319 then '' else chr(${u}) end, '' order by u.k), '') ` +
      `from (select ${v} || case when length(${v}) % 2 = 1 then '\\x00'::bytea else ''::bytea end as b) as "__b" ` +
      `cross join lateral generate_series(0, length("__b".b) / 2 - 1) as u (k)) end`,
  );
}

/**
 * character string → binary/varbinary: style 0 takes the string's bytes (Windows-1252 for varchar, UTF-16LE
 * for nchar/nvarchar: two bytes a character, four for one past U+FFFF), styles 1 and 2 read hex digits (style 1
 * after a `0x` prefix).
 */
export function stringToBinary(x: string, style: number, source: DataType | undefined): string | undefined {
  if (style === 1) return `decode(substr(${x}, 3), 'hex')`;
  if (style === 2) return `decode(${x}, 'hex')`;
  if (style === 0 && !isUnicode(source)) return `convert_to(${x}, 'WIN1252')`;
  if (style === 0) return textToUtf16(x);
  return undefined;
}

/** text → UTF-16LE bytes: each code unit's two hex bytes swapped; a character past U+FFFF as its surrogate pair. */
function textToUtf16(x: string): string {
  const le = (n: string) => `(select substr(h, 3, 2) || substr(h, 1, 2) from lpad(to_hex(${n}), 4, '0') as h)`;
  const cp = `ascii(substr(${`"__x".v`}, c.i, 1))`;
  return bindValue(
    x,
    (v) =>
      `case when ${v} is not null then decode(coalesce((select string_agg(case when ${cp} < 65536 then ${le(cp)} ` +
      `else ${le(`55296 + (${cp} - 65536) / 1024`)} || ${le(`56320 + (${cp} - 65536) % 1024`)} end, '' order by c.i) ` +
      `from generate_series(1, length(${v})) as c (i)), ''), 'hex') end`,
  );
}

/**
 * Fits bytes to binary(n) / varbinary(n). binary(n) is fixed length: a string's bytes are cut or padded with
 * 0x00 on the right; a number's bytes are cut or padded on the left (docs: "Binary data types ... padded or
 * truncated on the left" for other types). varbinary(n) only cuts.
 */
export function fitBinary(bytes: string, target: DataType, fromNumber: boolean): string {
  const n = typeof target.length === "number" ? target.length : undefined;
  if (n === undefined) return bytes;
  const fixed = normalizeName(target.name) === "binary";
  const zeros = `decode(${quoteString("00".repeat(n))}, 'hex')`;
  if (fromNumber) {
    return bindValue(bytes, (v) =>
      fixed
        ? `substring(${zeros} || ${v} from length(${v}) + 1)`
        : `case when length(${v}) > ${n} then substring(${v} from length(${v}) - ${n} + 1) else ${v} end`,
    );
  }
  return fixed ? `substring(${wrap(bytes)} || ${zeros} from 1 for ${n})` : `substring(${wrap(bytes)} from 1 for ${n})`;
}

/** The big-endian bytes SQL Server stores for an integer type (int → 4 bytes, bigint → 8, smallint → 2, tinyint → 1). */
export function integerBytes(x: string, source: DataType): string | undefined {
  switch (normalizeName(source.name)) {
    case "bigint":
      return `int8send((${x})::bigint)`;
    case "int":
      return `int4send((${x})::integer)`;
    case "smallint":
      return `int2send((${x})::smallint)`;
    case "tinyint":
      return `substring(int2send((${x})::smallint) from 2)`;
  }
  return undefined;
}

/**
 * binary/varbinary → an integer type: the rightmost bytes the type holds (8 for bigint, 4 for int, 2 for smallint,
 * 1 for tinyint), big-endian, a shorter value padded with zeros on the left; signed except tinyint (docs:
 * binary-and-varbinary-transact-sql.md: 123456 kept in binary(2) as 0xE240 reads back as 57920).
 */
export function bytesToInteger(x: string, target: DataType): string | undefined {
  const n = ({ bigint: 8, int: 4, smallint: 2, tinyint: 1 } as Record<string, number>)[normalizeName(target.name)];
  if (n === undefined) return undefined;
  const bits = `('x' || lpad(right(encode(${x}, 'hex'), ${2 * n}), 16, '0'))::bit(64)::bigint`;
  if (n === 8) return bits;
  if (n === 1) return `${bits}::smallint`;
  const half = 2 ** (8 * n - 1);
  return bindValue(
    bits,
    (v) => `(case when ${v} >= ${half} then ${v} - ${2 * half} else ${v} end)::${n === 4 ? "integer" : "smallint"}`,
  );
}

/**
 * A string in the form SQL Server converts to money/smallmoney (docs: char-and-varchar-transact-sql.md, "Converting
 * Character Data"): digits with an optional decimal point and sign, a dollar sign, comma separators in the whole part
 * ($123,456.00), blanks around it.
 */
export const MONEY_TEXT = "^\\s*[-+]?\\$?[-+]?([0-9][0-9,]*\\.?[0-9]*|\\.[0-9]+)\\s*$";

/** character string → money: the dollar sign and commas of MONEY_TEXT dropped; any other text is cast as written. */
export function stringToMoney(x: string, pg: string): string {
  return bindValue(
    x,
    (v) =>
      `case when ${v} collate "default" ~ ${quoteString(MONEY_TEXT)} then translate(${v}, '$,', '')::${pg} else (${v})::${pg} end`,
  );
}

/**
 * character string → uniqueidentifier: SQL Server reads the 36 characters of the GUID form and drops what follows
 * (docs: uniqueidentifier-transact-sql.md, "Converting uniqueidentifier Data"); other forms go to PostgreSQL's reading.
 */
export function stringToUuid(x: string): string {
  const guid = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
  return bindValue(
    x,
    (v) => `case when ${v} collate "default" ~ ${quoteString(guid)} then left(${v}, 36)::uuid else (${v})::uuid end`,
  );
}

/**
 * Number formats of the .NET cultures PARSE/TRY_PARSE and FORMAT accept (docs: parse-transact-sql.md; the .NET
 * Framework NLS data SQL Server's CLR uses): decimal separator, group separator and currency symbol. Cultures not
 * listed are refused rather than guessed.
 */
export type CultureNumbers = { decimal: string; group: string; currency: string };
const NBSP = "\u00a0";
const CULTURES: Record<string, CultureNumbers> = {
  "en-us": { decimal: ".", group: ",", currency: "$" },
  "en-gb": { decimal: ".", group: ",", currency: "£" },
  "de-de": { decimal: ",", group: ".", currency: "€" },
  "fr-fr": { decimal: ",", group: NBSP, currency: "€" },
  "es-es": { decimal: ",", group: ".", currency: "€" },
  "it-it": { decimal: ",", group: ".", currency: "€" },
  "nl-nl": { decimal: ",", group: ".", currency: "€" },
  "pt-br": { decimal: ",", group: ".", currency: "R$" },
  "ja-jp": { decimal: ".", group: ",", currency: "¥" },
  "zh-cn": { decimal: ".", group: ",", currency: "¥" },
  "ko-kr": { decimal: ".", group: ",", currency: "₩" },
  "sr-latn-cs": { decimal: ",", group: ".", currency: "Din." },
};

export function cultureNumbers(culture: string): CultureNumbers | undefined {
  return CULTURES[culture.toLowerCase()];
}

const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * PARSE(x AS <number type> USING culture) as SQL: the .NET NumberStyles the docs name per type decide what is
 * accepted — Number (integers, decimal: signs, decimal point, group separators), Float (float, real: exponent,
 * no group separators), Currency (money, smallmoney: also the currency symbol and parentheses for negatives).
 * Returns the SQL of `[valid, normalized]`: a boolean and the text PostgreSQL casts to numeric.
 */
export function parseNumberParts(
  s: string,
  style: "number" | "float" | "currency",
  c: CultureNumbers,
): { valid: string; normalized: string } {
  const d = reEscape(c.decimal);
  const g = reEscape(c.group);
  const cur = reEscape(c.currency);
  // .NET white space: space, tab, LF, VT, FF, CR.
  const ws = "[ \\t\\n\\v\\f\\r]*";
  // .NET accepts a plain space where the culture's group separator is a no-break space (fr-FR: 1 234,5).
  const groupClass = c.group === NBSP ? `${g} ` : g;
  const digits =
    style === "float" ? `(\\d+(${d}\\d*)?|${d}\\d+)([eE][-+]?\\d+)?` : `(\\d[\\d${groupClass}]*(${d}\\d*)?|${d}\\d+)`;
  const pattern =
    style === "currency"
      ? `^${ws}(\\(${ws})?[-+]?${ws}(${cur})?${ws}[-+]?${ws}${digits}${ws}(${cur})?${ws}[-+]?${ws}(\\)${ws})?$`
      : `^${ws}[-+]?${digits}[-+]?${ws}$`;
  // One sign at most, parentheses only in pairs and not with a sign, one currency symbol at most.
  const signs = `length(regexp_replace(${s}, '[^-+]', '', 'g'))`;
  const extra =
    style === "currency"
      ? ` and ${signs} <= 1 and (strpos(${s}, '(') > 0) = (strpos(${s}, ')') > 0) and not (strpos(${s}, '(') > 0 and ${signs} > 0) and length(${s}) - length(replace(${s}, ${quoteString(c.currency)}, '')) <= ${c.currency.length}`
      : ` and ${signs} <= 1`;
  const valid = `(${s} ~ ${quoteString(pattern)}${extra})`;
  let n = `regexp_replace(${s}, '[ \\t\\n\\v\\f\\r()+-]', '', 'g')`;
  if (style === "currency") n = `replace(${n}, ${quoteString(c.currency)}, '')`;
  if (style !== "float") n = `replace(${n}, ${quoteString(c.group)}, '')`;
  if (c.decimal !== ".") n = `replace(${n}, ${quoteString(c.decimal)}, '.')`;
  const negative = `(strpos(${s}, '-') > 0${style === "currency" ? ` or strpos(${s}, '(') > 0` : ""})`;
  return { valid, normalized: `case when ${negative} then '-' else '' end || ${n}` };
}

/** What a PARSE/TRY_PARSE call becomes: SQL, or the reason it cannot be translated faithfully. */
export type ParseResult = { sql: string } | { refused: string };

/**
 * PARSE / TRY_PARSE ( string AS type [USING culture] ) for number targets (docs: parse-transact-sql.md,
 * try-parse-transact-sql.md). A string the culture's NumberStyles reject, or a value out of the type's range,
 * raises an error in PARSE (here: a cast PostgreSQL refuses) and is NULL in TRY_PARSE. A NULL string is NULL.
 */
export function parseNumber(
  x: string,
  target: DataType,
  culture: CultureNumbers,
  tryMode: boolean,
  pg: string,
): ParseResult {
  const name = normalizeName(target.name);
  const style = ["float", "real"].includes(name)
    ? "float"
    : ["money", "smallmoney"].includes(name)
      ? "currency"
      : "number";
  const integerRange: Record<string, [string, string]> = {
    tinyint: ["0", "255"],
    smallint: ["-32768", "32767"],
    int: ["-2147483648", "2147483647"],
    bigint: ["-9223372036854775808", "9223372036854775807"],
  };
  return {
    sql: bindValue(`(${x})::text`, (v) => {
      const { valid, normalized } = parseNumberParts(v, style, culture);
      // The text is cast only when valid: PostgreSQL may fold a cast of a constant while planning, in any branch.
      const text = `(case when ${valid} then ${normalized} end)`;
      const n = `${text}::numeric`;
      let ok = valid;
      const range = integerRange[name];
      // An integer type takes no fraction digits other than zeros, and only values in its range.
      if (range) ok = `(${ok} and ${n} = trunc(${n}) and ${n} between ${range[0]} and ${range[1]})`;
      const value =
        style === "float"
          ? `${text}::${pg}`
          : range
            ? `${n}::${pg}`
            : `round(${n}, ${target.scale ?? (style === "currency" ? 4 : 0)})::${pg}`;
      const failure = tryMode ? `cast(null as ${pg})` : `cast('PARSE cannot convert: ' || ${v} as ${pg})`;
      return `case when ${v} is null then null when ${ok} then ${value} else ${failure} end`;
    }),
  };
}

/** Month and weekday names PARSE recognises per language, lower-cased (three-letter abbreviations of English too). */
const NAMES_LOWER = new Map(
  Object.entries(CALENDAR_NAMES).map(([lang, n]) => [
    lang,
    { months: n.months.map((m) => m.toLowerCase()), days: n.days.map((d) => d.toLowerCase()) },
  ]),
);
/** The order of day, month and year in a culture's short date (d): en-US M/d/yyyy, ja-JP yyyy/MM/dd, … */
const DATE_ORDER: Record<string, "mdy" | "dmy" | "ymd"> = {
  "en-us": "mdy",
  "en-gb": "dmy",
  "de-de": "dmy",
  "fr-fr": "dmy",
  "es-es": "dmy",
  "it-it": "dmy",
  "nl-nl": "dmy",
  "pt-br": "dmy",
  "sr-latn-cs": "dmy",
  "ja-jp": "ymd",
  "zh-cn": "ymd",
  "ko-kr": "ymd",
};

/**
 * Reads a date string the way .NET's DateTime.Parse does for a culture, for the shapes it can be sure of: numeric
 * dates in the culture's order (a 4-digit first part is the year; two-digit years up to 29 are 20xx), ISO
 * yyyy-MM-dd, and month names (`Monday, 13 December 2010`, `December 13, 2010`, `13. Dezember 2010`), each with
 * an optional `h:mm[:ss[.f…]] [AM|PM]`. "invalid" when .NET would refuse it (no digit at all, a day the month
 * does not have, a weekday that is not the date's); undefined for shapes not read here.
 */
export function parseDateForCulture(text: string, culture: string): DateParts | "invalid" | undefined {
  const c = culture.toLowerCase();
  const order = DATE_ORDER[c];
  if (!order) return undefined;
  const s = text.trim().replace(/\s+/g, " ");
  if (!/\d/.test(s)) return "invalid";
  const lang = c.slice(0, 2);
  const months = NAMES_LOWER.get(lang)?.months;
  const days = NAMES_LOWER.get(lang)?.days;
  const timeRe = /(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(?: ?([AaPp][Mm]))?)?$/;
  const t = timeRe.exec(s)!;
  const datePart = s.slice(0, t.index).trim();
  let year: number, month: number, day: number;
  let weekday: number | undefined;
  const numeric = /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$/.exec(datePart);
  if (numeric) {
    const [a, b, cc] = [numeric[1]!, numeric[2]!, numeric[3]!];
    if (a.length >= 3) [year, month, day] = [Number(a), Number(b), Number(cc)];
    else if (order === "mdy") [month, day, year] = [Number(a), Number(b), Number(cc)];
    else if (order === "dmy") [day, month, year] = [Number(a), Number(b), Number(cc)];
    else return undefined;
    if ((a.length >= 3 ? a : cc).length === 2) year += year <= 29 ? 2000 : 1900;
    else if ((a.length >= 3 ? a : cc).length !== 4) return undefined;
  } else {
    if (!months || !days) return undefined;
    let rest = datePart.toLowerCase();
    const dayName = days.findIndex(
      (d) =>
        rest.startsWith(d) || (lang === "en" && rest.startsWith(d.slice(0, 3)) && !/^[a-z]/.test(rest.slice(3, 4))),
    );
    if (dayName >= 0) {
      weekday = dayName;
      rest = rest.replace(/^[^\s,]+,? ?/, "");
    }
    const monthIndex = (name: string) => {
      const full = months.indexOf(name);
      if (full >= 0) return full + 1;
      const abbr = lang === "en" ? months.findIndex((m) => m.slice(0, 3) === name.replace(/\.$/, "")) : -1;
      return abbr >= 0 ? abbr + 1 : undefined;
    };
    const dmy = /^(\d{1,2})\.? ([^\s\d,]+) (\d{4})$/.exec(rest);
    const mdy = /^([^\s\d,]+) (\d{1,2}),? (\d{4})$/.exec(rest);
    if (dmy && monthIndex(dmy[2]!)) [day, month, year] = [Number(dmy[1]), monthIndex(dmy[2]!)!, Number(dmy[3])];
    else if (mdy && monthIndex(mdy[1]!)) [month, day, year] = [monthIndex(mdy[1]!)!, Number(mdy[2]), Number(mdy[3])];
    else return undefined;
  }
  let hour = t[1] ? Number(t[1]) : 0;
  const minute = t[2] ? Number(t[2]) : 0;
  const second = t[3] ? Number(t[3]) : 0;
  const ampm = t[5]?.toLowerCase();
  if (ampm) {
    if (hour < 1 || hour > 12) return "invalid";
    hour = (hour % 12) + (ampm === "pm" ? 12 : 0);
  }
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
    return "invalid";
  const monthDays = new Date(Date.UTC(2000 + (year % 400), month, 0)).getUTCDate();
  if (day > monthDays) return "invalid";
  if (weekday !== undefined) {
    const probe = new Date(Date.UTC(2000 + (year % 400), month - 1, day));
    if (probe.getUTCDay() !== weekday) return "invalid";
  }
  return { year, month, day, hour, minute, second, fraction: t[4] ?? "" };
}
