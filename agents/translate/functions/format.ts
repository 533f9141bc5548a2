import type { DataType } from "~/agents/catalog/schema";
import type * as A from "~/agents/tsql/ast";
import { unparen } from "../ast-util";
import { quoteString } from "../literals";
import {
  T,
  approxKind,
  isDateTime,
  isExact,
  isInteger,
  isMoney,
  isTime,
  normalizeName,
} from "~/agents/tsql/type-rules";
import { CALENDAR_NAMES } from "~/agents/tsql/calendar-names";
import { bindRounded, bindValue } from "./conversion";
import type { FunctionDef } from "./registry";

/**
 * FORMAT(value, format [, culture]) and STR(x [, length [, decimal]]) (docs: format-transact-sql.md,
 * str-transact-sql.md). FORMAT runs .NET's formatting: the format string is compiled here into PostgreSQL
 * expressions — standard and custom numeric formats, standard and custom date/time formats, TimeSpan formats for
 * time — for the cultures whose .NET Framework (NLS) data is written below. Anything else is a review item naming
 * the format string; a format .NET rejects is NULL, as FORMAT returns NULL for every error but a bad culture.
 */

type Culture = {
  decimal: string;
  group: string;
  /** Currency symbol, its decimal digits, and .NET's CurrencyPositivePattern / CurrencyNegativePattern. */
  currency: string;
  currencyDigits: number;
  currencyPositive: number;
  currencyNegative: number;
  /** PercentPositivePattern / PercentNegativePattern. */
  percentPositive: number;
  percentNegative: number;
  dateSeparator: string;
  timeSeparator: string;
  /** Standard date patterns d, D, t, T, M, Y. */
  patterns: Record<"d" | "D" | "t" | "T" | "M" | "Y", string>;
  am: string;
  pm: string;
  months?: readonly string[];
  days?: readonly string[];
};

const CULTURES: Record<string, Culture> = {
  "en-us": {
    decimal: ".",
    group: ",",
    currency: "$",
    currencyDigits: 2,
    currencyPositive: 0,
    currencyNegative: 0,
    percentPositive: 0,
    percentNegative: 0,
    dateSeparator: "/",
    timeSeparator: ":",
    patterns: { d: "M/d/yyyy", D: "dddd, MMMM d, yyyy", t: "h:mm tt", T: "h:mm:ss tt", M: "MMMM d", Y: "MMMM yyyy" },
    am: "AM",
    pm: "PM",
    ...CALENDAR_NAMES.en,
  },
  "en-gb": {
    decimal: ".",
    group: ",",
    currency: "£",
    currencyDigits: 2,
    currencyPositive: 0,
    currencyNegative: 1,
    percentPositive: 1,
    percentNegative: 1,
    dateSeparator: "/",
    timeSeparator: ":",
    patterns: { d: "dd/MM/yyyy", D: "dd MMMM yyyy", t: "HH:mm", T: "HH:mm:ss", M: "dd MMMM", Y: "MMMM yyyy" },
    am: "AM",
    pm: "PM",
    ...CALENDAR_NAMES.en,
  },
  "de-de": {
    decimal: ",",
    group: ".",
    currency: "€",
    currencyDigits: 2,
    currencyPositive: 3,
    currencyNegative: 8,
    percentPositive: 0,
    percentNegative: 0,
    dateSeparator: ".",
    timeSeparator: ":",
    patterns: { d: "dd.MM.yyyy", D: "dddd, d. MMMM yyyy", t: "HH:mm", T: "HH:mm:ss", M: "d. MMMM", Y: "MMMM yyyy" },
    am: "",
    pm: "",
    ...CALENDAR_NAMES.de,
  },
  "fr-fr": {
    decimal: ",",
    group: "\u00a0",
    currency: "€",
    currencyDigits: 2,
    currencyPositive: 3,
    currencyNegative: 8,
    percentPositive: 0,
    percentNegative: 0,
    dateSeparator: "/",
    timeSeparator: ":",
    patterns: { d: "dd/MM/yyyy", D: "dddd d MMMM yyyy", t: "HH:mm", T: "HH:mm:ss", M: "d MMMM", Y: "MMMM yyyy" },
    am: "",
    pm: "",
    ...CALENDAR_NAMES.fr,
  },
  "zh-cn": {
    decimal: ".",
    group: ",",
    currency: "¥",
    currencyDigits: 2,
    currencyPositive: 0,
    currencyNegative: 2,
    percentPositive: 1,
    percentNegative: 1,
    dateSeparator: "/",
    timeSeparator: ":",
    patterns: { d: "yyyy/M/d", D: "yyyy'年'M'月'd'日'", t: "H:mm", T: "H:mm:ss", M: "M'月'd'日'", Y: "yyyy'年'M'月'" },
    am: "上午",
    pm: "下午",
  },
  "ja-jp": {
    decimal: ".",
    group: ",",
    currency: "¥",
    currencyDigits: 0,
    currencyPositive: 0,
    currencyNegative: 1,
    percentPositive: 1,
    percentNegative: 1,
    dateSeparator: "/",
    timeSeparator: ":",
    patterns: {
      d: "yyyy/MM/dd",
      D: "yyyy'年'M'月'd'日'",
      t: "H:mm",
      T: "H:mm:ss",
      M: "M'月'd'日'",
      Y: "yyyy'年'M'月'",
    },
    am: "午前",
    pm: "午後",
  },
};

/** A compiled FORMAT: SQL text, or the reason it cannot be compiled faithfully. */
type Compiled = { sql: string } | { refused: string };
const refuse = (why: string): Compiled => ({ refused: why });
const NULL_TEXT = "cast(null as text)";

// ───────────────────────────── numbers ─────────────────────────────

type NumberKind = "integer" | "decimal" | "float" | "real";

function numberKind(t: DataType | undefined): NumberKind | undefined {
  if (isInteger(t)) return "integer";
  if (isExact(t) || isMoney(t)) return "decimal";
  return approxKind(t);
}

/** en-US digits (`,` groups, `.` point) → the culture's, both at once. */
function localize(sql: string, c: Culture): string {
  return c.decimal === "." && c.group === "," ? sql : `translate(${sql}, ',.', ${quoteString(c.group + c.decimal)})`;
}

/** |v| rounded half away from zero to `digits` places, with `,` groups when `grouped` (to_char's own rounding). */
function fixedText(v: string, digits: number, grouped: boolean): string {
  const int = grouped ? "FM999,999,999,999,999,999,999,999,999,990" : "FM999999999999999999999999999990";
  return `to_char(abs(${v}), '${int}${digits > 0 ? `.${"0".repeat(digits)}` : ""}')`;
}

/** Is v negative once rounded to `digits` places? .NET drops the sign of a value that rounds to zero. */
const negativeAfterRounding = (v: string, digits: number) => `round(${v}, ${digits}) < 0`;

function currencyPattern(pattern: number, negative: boolean, n: string, sym: string): string | undefined {
  const s = quoteString(sym);
  if (!negative) return [`${s} || ${n}`, `${n} || ${s}`, `${s} || ' ' || ${n}`, `${n} || ' ' || ${s}`][pattern];
  return [
    `'(' || ${s} || ${n} || ')'`,
    `'-' || ${s} || ${n}`,
    `${s} || '-' || ${n}`,
    `${s} || ${n} || '-'`,
    `'(' || ${n} || ${s} || ')'`,
    `'-' || ${n} || ${s}`,
    `${n} || '-' || ${s}`,
    `${n} || ${s} || '-'`,
    `'-' || ${n} || ' ' || ${s}`,
  ][pattern];
}

/** Standard numeric format strings (C, D, E, F, G, N, P, X with an optional precision). */
function standardNumber(
  v: string,
  kind: NumberKind,
  spec: string,
  precision: number | undefined,
  c: Culture,
  typeName: string,
): Compiled {
  const letter = spec.toUpperCase();
  const numeric = `(${v})::numeric`;
  switch (letter) {
    case "F":
    case "N": {
      const digits = precision ?? 2;
      const text = localize(fixedText(numeric, digits, letter === "N"), c);
      return { sql: `case when ${negativeAfterRounding(numeric, digits)} then '-' else '' end || ${text}` };
    }
    case "C": {
      const digits = precision ?? c.currencyDigits;
      const n = localize(fixedText(numeric, digits, true), c);
      const pos = currencyPattern(c.currencyPositive, false, n, c.currency);
      const neg = currencyPattern(c.currencyNegative, true, n, c.currency);
      return { sql: `case when ${negativeAfterRounding(numeric, digits)} then ${neg} else ${pos} end` };
    }
    case "P": {
      const digits = precision ?? 2;
      const scaled = `(${numeric} * 100)`;
      const n = localize(fixedText(scaled, digits, true), c);
      const pos = [`${n} || ' %'`, `${n} || '%'`, `'%' || ${n}`, `'% ' || ${n}`][c.percentPositive]!;
      const neg = [`'-' || ${n} || ' %'`, `'-' || ${n} || '%'`, `'-%' || ${n}`][c.percentNegative]!;
      return { sql: `case when ${negativeAfterRounding(scaled, digits)} then ${neg} else ${pos} end` };
    }
    case "D": {
      // Integers only: .NET raises FormatException for other types, which FORMAT returns as NULL.
      if (kind !== "integer") return { sql: NULL_TEXT };
      const text = precision ? `lpad(abs(${numeric})::text, ${precision}, '0')` : `abs(${numeric})::text`;
      return { sql: `case when ${numeric} < 0 then '-' else '' end || ${text}` };
    }
    case "X": {
      if (kind !== "integer") return { sql: NULL_TEXT };
      // Negative values print their two's complement in the type's own width.
      const width = { tinyint: "255", smallint: "65535" }[typeName];
      const hex = width ? `to_hex((${v})::integer & ${width})` : `to_hex(${v})`;
      const text = `${spec === "X" ? "upper" : "lower"}(${hex})`;
      return { sql: precision ? `lpad(${text}, greatest(${precision}, length(${text})), '0')` : text };
    }
    case "E": {
      const digits = precision ?? 6;
      return { sql: scientific(numeric, digits, spec === "e" ? "e" : "E", 3, false, c) };
    }
    case "G": {
      if (precision !== undefined && precision > 0)
        return refuse(`FORMAT '${spec}${precision}' (general format with a precision) is not translated`);
      if (kind === "integer") return { sql: `(${v})::text` };
      // A decimal keeps its scale (SqlDecimal 1.5500 → "1.5500"); money comes as a 4-place decimal.
      if (kind === "decimal") return { sql: localize(`(${v})::text`, c) };
      return { sql: generalFloat(`(${v})::float8`, kind === "real" ? 7 : 15, c) };
    }
  }
  return refuse(`FORMAT '${spec}' is not a translated standard numeric format`);
}

/**
 * d.ddd…E+ddd: `digits` decimals, the exponent signed and at least `expDigits` long; `trim` drops trailing
 * fraction zeros (general format).
 */
function scientific(numeric: string, digits: number, e: string, expDigits: number, trim: boolean, c: Culture): string {
  return bindValue(numeric, (x) => {
    const exp = `floor(log(abs(round(${x}, ${digits} - floor(log(abs(${x})))::integer))))::integer`;
    const mantissa = `round(abs(${x}) / power(10::numeric, ${exp}), ${digits})::text`;
    const m = trim
      ? `case when strpos(${mantissa}, '.') > 0 then rtrim(rtrim(${mantissa}, '0'), '.') else ${mantissa} end`
      : mantissa;
    const body = `${localize(m, c)} || ${quoteString(e)} || case when ${exp} < 0 then '-' else '+' end || lpad(abs(${exp})::text, ${expDigits}, '0')`;
    const zero = trim ? "'0'" : `'0${digits > 0 ? c.decimal + "0".repeat(digits) : ""}${e}+${"0".repeat(expDigits)}'`;
    return `case when ${x} = 0 then ${zero} else case when ${x} < 0 then '-' else '' end || ${body} end`;
  });
}

/** .NET Framework's "G" for Double (15 significant digits) and Single (7): fixed unless the exponent is below -5 or at least the digit count. */
function generalFloat(v: string, digits: number, c: Culture): string {
  return bindRounded(v, digits, (x, r, e) => {
    const fixed = `round(${r}, greatest(${digits - 1} - ${e}, 0))::text`;
    const trimmed = `case when strpos(${fixed}, '.') > 0 then rtrim(rtrim(${fixed}, '0'), '.') else ${fixed} end`;
    return `case when ${x} = 0 then '0' when ${e} >= -5 and ${e} < ${digits} then ${localize(trimmed, c)} else ${scientific(`${x}::numeric`, digits - 1, "E", 2, true, c)} end`;
  });
}

/** One token of a custom format: a placeholder/specifier character run or literal text. */
type Token = { kind: "spec"; text: string } | { kind: "literal"; text: string };

/** Splits a .NET custom format into specifier runs and literals ('…', "…", \x); `specChars` are the specifiers. */
function tokenize(format: string, specChars: string): Token[] | undefined {
  const out: Token[] = [];
  const lit = (t: string) => {
    const last = out[out.length - 1];
    if (last?.kind === "literal") last.text += t;
    else out.push({ kind: "literal", text: t });
  };
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch === "\\") {
      if (i + 1 >= format.length) return undefined;
      lit(format[++i]!);
    } else if (ch === "'" || ch === '"') {
      const end = format.indexOf(ch, i + 1);
      if (end < 0) return undefined;
      lit(format.slice(i + 1, end));
      i = end;
    } else if (specChars.includes(ch)) {
      let j = i;
      while (j + 1 < format.length && format[j + 1] === ch) j++;
      out.push({ kind: "spec", text: format.slice(i, j + 1) });
      i = j;
    } else lit(ch);
  }
  return out;
}

/**
 * A custom numeric format (one section): 0 and # placeholders, `.`, `,` grouping or ×1000 scaling, `%`, and
 * literals anywhere in the integer part, filled the way .NET's NumberToStringFormat does — digits right to left
 * into the placeholders, extra leading digits into the first one, literals always written.
 */
function customNumber(v: string, format: string, c: Culture): Compiled {
  if (/[;eE‰]/.test(format.replace(/\\./g, "").replace(/'[^']*'|"[^"]*"/g, "")))
    return refuse(`FORMAT '${format}' (sections, exponent or per-mille) is not translated`);
  const tokens = tokenize(format, "0#.,%");
  if (!tokens) return { sql: NULL_TEXT };
  // Flatten to single characters so positions can be reasoned about.
  const chars: Token[] = tokens.flatMap((t): Token[] =>
    t.kind === "spec" ? [...t.text].map((ch): Token => ({ kind: "spec", text: ch })) : [t],
  );
  const point = chars.findIndex((t) => t.kind === "spec" && t.text === ".");
  const intPart = point < 0 ? chars : chars.slice(0, point);
  const fracPart = point < 0 ? [] : chars.slice(point + 1);
  const isPlaceholder = (t: Token) => t.kind === "spec" && (t.text === "0" || t.text === "#");
  if (fracPart.some((t) => t.kind === "spec" && (t.text === "." || t.text === ",")))
    return refuse(`FORMAT '${format}' has separators after the decimal point; not translated`);
  if (fracPart.some((t) => t.kind === "literal") && fracPart.some(isPlaceholder))
    return refuse(`FORMAT '${format}' has literals between fraction digits; not translated`);
  // Commas straight before the point (or the end of the integer part) divide by 1000 each; others group.
  let scale = 0;
  let k = intPart.length - 1;
  while (k >= 0 && intPart[k]!.kind === "spec" && intPart[k]!.text === ",") {
    scale++;
    k--;
  }
  const intTokens = intPart.slice(0, k + 1);
  const grouped = intTokens.some((t) => t.kind === "spec" && t.text === ",") && intTokens.some(isPlaceholder);
  if (grouped && intTokens.some((t) => t.kind === "literal" || (t.kind === "spec" && t.text === "%")))
    return refuse(`FORMAT '${format}' mixes group separators with literals; not translated`);
  const percent = chars.filter((t) => t.kind === "spec" && t.text === "%").length;
  let value = `(${v})::numeric`;
  if (percent) value = `(${value} * ${10 ** (2 * percent)})`;
  if (scale) value = `(${value} / ${10 ** (3 * scale)})`;
  const fracPlaces = fracPart.filter(isPlaceholder).length;
  const lastZero = fracPart
    .filter(isPlaceholder)
    .map((t) => t.text)
    .lastIndexOf("0");
  const placeholders = intTokens.filter(isPlaceholder);
  const firstZero = placeholders.findIndex((t) => t.text === "0");

  return {
    sql: bindValue(`round(${value}, ${fracPlaces})`, (x) => {
      // Integer digits of |x| with no leading zeros ("" for 0, as .NET prints nothing for '#' and 0).
      const digits = `ltrim(trunc(abs(${x}))::text, '0')`;
      const pieces: string[] = [];
      if (grouped) {
        const min = firstZero < 0 ? 0 : placeholders.length - firstZero;
        const mask = `FM${"9".repeat(Math.max(30 - min, 0))}${"0".repeat(min)}`.replace(/(\d)(?=(\d{3})+$)/g, "$1,");
        pieces.push(
          localize(
            min === 0
              ? `case when trunc(abs(${x})) = 0 then '' else to_char(trunc(abs(${x})), '${mask}') end`
              : `to_char(trunc(abs(${x})), '${mask}')`,
            c,
          ),
        );
      } else {
        const p = placeholders.length;
        const padded = `right(lpad(${digits}, ${p}, '#'), ${p})`;
        let i = 0;
        for (const t of intTokens) {
          if (t.kind === "literal") pieces.push(quoteString(t.text));
          else if (t.text === "%") pieces.push("'%'");
          else if (isPlaceholder(t)) {
            const one = `${i >= firstZero && firstZero >= 0 ? "translate" : "replace"}(substr(${padded}, ${i + 1}, 1), '#', ${i >= firstZero && firstZero >= 0 ? "'0'" : "''"})`;
            pieces.push(
              i === 0 && p > 0
                ? `case when length(${digits}) > ${p} then left(${digits}, length(${digits}) - ${p - 1}) else ${one} end`
                : one,
            );
            i++;
          }
        }
      }
      if (fracPlaces > 0) {
        // Fraction digits: placeholders up to the last 0 always print; trailing zeros after it are dropped.
        const all = `split_part(abs(${x})::text, '.', 2)`;
        const kept = `left(${all}, ${lastZero + 1}) || rtrim(substr(${all}, ${lastZero + 2}), '0')`;
        pieces.push(`case when ${kept} = '' then '' else ${quoteString(c.decimal)} || ${kept} end`);
      }
      for (const t of fracPart) {
        if (t.kind === "literal") pieces.push(quoteString(t.text));
        else if (t.text === "%") pieces.push("'%'");
      }
      return `case when ${x} < 0 then '-' else '' end || ${pieces.length ? pieces.join(" || ") : "''"}`;
    }),
  };
}

// ───────────────────────────── dates and times ─────────────────────────────

/** Names by index from an array literal (month 1-12, weekday 0 = Sunday). */
function nameAt(names: readonly string[], index: string): string {
  return `(array[${names.map(quoteString).join(", ")}])[${index}]`;
}

/** to_char fields of .NET's h (12-hour), H (24-hour), m and s custom format specifiers. */
const CLOCK_FIELDS: Record<"h" | "H" | "m" | "s", string> = { h: "HH12", H: "HH24", m: "MI", s: "SS" };

/** A custom DateTime format → to_char pieces (docs: .NET "Custom date and time format strings"). */
function customDate(v: string, format: string, c: Culture): Compiled {
  const tokens = tokenize(format, "dMyhHmsfFtgKz:/");
  if (!tokens) return { sql: NULL_TEXT };
  const pieces: string[] = [];
  const tc = (f: string) => `to_char(${v}, '${f}')`;
  for (const t of tokens) {
    if (t.kind === "literal") {
      pieces.push(quoteString(t.text));
      continue;
    }
    const n = t.text.length;
    const letter = t.text[0];
    switch (letter) {
      case "d":
        if (n === 1) pieces.push(tc("FMDD"));
        else if (n === 2) pieces.push(tc("DD"));
        else {
          if (!c.days) return refuse(`FORMAT '${format}': day names of this culture are not known to the translator`);
          const full = nameAt(c.days, `extract(dow from ${v})::integer + 1`);
          pieces.push(n === 3 ? `left(${full}, 3)` : full);
        }
        break;
      case "M":
        if (n === 1) pieces.push(tc("FMMM"));
        else if (n === 2) pieces.push(tc("MM"));
        else {
          if (!c.months)
            return refuse(`FORMAT '${format}': month names of this culture are not known to the translator`);
          const full = nameAt(c.months, `extract(month from ${v})::integer`);
          pieces.push(n === 3 ? `left(${full}, 3)` : full);
        }
        break;
      case "y":
        pieces.push(
          n === 1
            ? tc("FMYY")
            : n === 2
              ? tc("YY")
              : n === 3
                ? tc("FMYYYY")
                : `lpad(extract(year from ${v})::integer::text, ${n}, '0')`,
        );
        break;
      case "h":
      case "H":
      case "m":
      case "s": {
        // One letter is the number unpadded (to_char's FM), two or more padded to two digits.
        const field = CLOCK_FIELDS[letter];
        pieces.push(tc(n === 1 ? `FM${field}` : field));
        break;
      }
      case "f":
      case "F": {
        if (n > 7) return { sql: NULL_TEXT };
        const digits = n === 7 ? `${tc("FF6")} || '0'` : tc(`FF${n}`);
        pieces.push(t.text[0] === "f" ? digits : `rtrim(${digits}, '0')`);
        break;
      }
      case "t": {
        if (!c.am && !c.pm) pieces.push("''");
        else {
          const designator = `case when extract(hour from ${v}) < 12 then ${quoteString(c.am)} else ${quoteString(c.pm)} end`;
          pieces.push(n === 1 ? `left(${designator}, 1)` : designator);
        }
        break;
      }
      case ":":
        pieces.push(quoteString(c.timeSeparator.repeat(n)));
        break;
      case "/":
        pieces.push(quoteString(c.dateSeparator.repeat(n)));
        break;
      default:
        // g (era), K and z (offsets of the machine's time zone for a datetime) have no faithful form.
        return refuse(`FORMAT '${format}': the '${t.text}' specifier is not translated`);
    }
  }
  return { sql: pieces.join(" || ") };
}

/**
 * A time value is a .NET TimeSpan: only d, h, m, s, f, F specifiers; every other character must be quoted or
 * escaped, or .NET raises FormatException and FORMAT returns NULL (docs: format-transact-sql.md, example D).
 */
function customTime(v: string, format: string): Compiled {
  if (format === "c")
    return {
      sql: `to_char(${v}, 'HH24:MI:SS') || case when extract(microseconds from ${v})::bigint % 1000000 = 0 then '' else '.' || ${`to_char(${v}, 'FF6')`} || '0' end`,
    };
  if (format.length === 1) return refuse(`FORMAT '${format}' for time is not translated`);
  const tokens = tokenize(format, "dhmsfF");
  if (!tokens) return { sql: NULL_TEXT };
  const raw = format.replace(/\\./g, "").replace(/'[^']*'|"[^"]*"/g, "");
  if (/[^dhmsfF]/.test(raw)) return { sql: NULL_TEXT };
  const pieces: string[] = [];
  for (const t of tokens) {
    if (t.kind === "literal") {
      pieces.push(quoteString(t.text));
      continue;
    }
    const n = t.text.length;
    const tc = (f: string) => `to_char(${v}, '${f}')`;
    switch (t.text[0]) {
      case "h":
        if (n > 2) return { sql: NULL_TEXT };
        pieces.push(tc(n === 1 ? "FMHH24" : "HH24"));
        break;
      case "m":
        if (n > 2) return { sql: NULL_TEXT };
        pieces.push(tc(n === 1 ? "FMMI" : "MI"));
        break;
      case "s":
        if (n > 2) return { sql: NULL_TEXT };
        pieces.push(tc(n === 1 ? "FMSS" : "SS"));
        break;
      case "d":
        // A time of day is a TimeSpan of less than one day.
        pieces.push(`'${"0".repeat(Math.max(n, 1) - 1)}0'`);
        break;
      default: {
        if (n > 7) return { sql: NULL_TEXT };
        const digits = n === 7 ? `${tc("FF6")} || '0'` : tc(`FF${n}`);
        pieces.push(t.text[0] === "f" ? digits : `rtrim(${digits}, '0')`);
      }
    }
  }
  return { sql: pieces.join(" || ") };
}

function standardDatePattern(spec: string, c: Culture): string | undefined {
  const p = c.patterns;
  switch (spec) {
    case "d":
    case "D":
    case "t":
    case "T":
      return p[spec];
    case "f":
      return `${p.D} ${p.t}`;
    case "F":
      return `${p.D} ${p.T}`;
    case "g":
      return `${p.d} ${p.t}`;
    case "G":
      return `${p.d} ${p.T}`;
    case "m":
    case "M":
      return p.M;
    case "y":
    case "Y":
      return p.Y;
    case "s":
      return "yyyy'-'MM'-'dd'T'HH':'mm':'ss";
    case "u":
      return "yyyy'-'MM'-'dd HH':'mm':'ss'Z'";
  }
  return undefined;
}

/** Compiles FORMAT for a value of type `type` with a literal format string and culture. */
export function compileFormat(v: string, type: DataType | undefined, format: string, cultureName: string): Compiled {
  const c = CULTURES[cultureName.toLowerCase()];
  if (!c) return refuse(`FORMAT with culture '${cultureName}': its .NET formats are not known to the translator`);
  if (isTime(type)) return customTime(v, format);
  if (isDateTime(type)) {
    if (normalizeName(type!.name) === "datetimeoffset")
      return refuse(`FORMAT of a datetimeoffset ('${format}') is not translated`);
    if (format.length === 1) {
      const pattern = standardDatePattern(format, c);
      return pattern ? customDate(v, pattern, c) : { sql: NULL_TEXT };
    }
    return customDate(v, format.startsWith("%") && format.length === 2 ? format.slice(1) : format, c);
  }
  const kind = numberKind(type);
  if (!kind)
    return refuse(`FORMAT of a ${type ? normalizeName(type.name) : "value of unknown type"} is not translated`);
  const standard = /^([CcDdEeFfGgNnPpXx])(\d{0,2})$/.exec(format);
  if (standard)
    return standardNumber(
      v,
      kind,
      standard[1]!,
      standard[2] ? Number(standard[2]) : undefined,
      c,
      normalizeName(type!.name),
    );
  if (/^[A-Za-z]\d*$/.test(format)) return refuse(`FORMAT '${format}' is not a translated standard numeric format`);
  return customNumber(v, format, c);
}

const stringLiteral = (e: A.Expr | undefined) => {
  const x = e ? unparen(e) : undefined;
  return x?.kind === "literal" && x.type === "string" ? x.value : undefined;
};

const format: FunctionDef = {
  name: "format",
  family: "string",
  arity: [2, 3],
  construct: "FORMAT",
  scoring: { weight: 1 },
  emit: ({ em, call, arg, line }) => {
    const x = arg(0);
    const fmt = stringLiteral(call.args[1]);
    if (!call.args[2]) em.languageNames(line, "FORMAT without a culture (the language's)");
    const culture = call.args[2] ? stringLiteral(call.args[2]) : "en-US";
    if (fmt === undefined || culture === undefined) {
      em.issue("FORMAT", line, "FORMAT with a format or culture that is not a string literal is not translated");
      return { sql: "null", type: T.nvarchar(4000) };
    }
    const r = compileFormat(x.sql, x.type, fmt, culture);
    if ("refused" in r) {
      em.issue("FORMAT", line, r.refused);
      return { sql: "null", type: T.nvarchar(4000) };
    }
    return { sql: r.sql === NULL_TEXT ? NULL_TEXT : `(${r.sql})`, type: T.nvarchar(4000) };
  },
};

/**
 * STR(x [, length = 10 [, decimal = 0]]): x as float, rounded, right-aligned in `length` characters; the
 * decimals shrink to what fits and an integer part that does not fit gives `length` asterisks (docs:
 * str-transact-sql.md: STR(123.45, 6, 1) = ' 123.5', STR(123.45, 2, 2) = '**').
 */
const str: FunctionDef = {
  name: "str",
  family: "string",
  arity: [1, 3],
  construct: "STR",
  emit: ({ em, call, arg, line }) => {
    const x = arg(0);
    const intArg = (i: number, dflt: number) => {
      const e = call.args[i] ? unparen(call.args[i]!) : undefined;
      if (!e) return dflt;
      return e.kind === "literal" && e.type === "number" && /^\d+$/.test(e.value) ? Number(e.value) : undefined;
    };
    const length = intArg(1, 10);
    const decimals = intArg(2, 0);
    if (length === undefined || decimals === undefined) {
      em.issue("STR", line, "STR with a non-literal length or decimal is not translated");
      return { sql: "null", type: T.varchar(10) };
    }
    const places = Math.min(decimals, 16);
    const sql = bindValue(`(${x.sql})::float8::text::numeric`, (v) => {
      const intLength = `(length(trunc(abs(${v}))::text) + case when ${v} < 0 then 1 else 0 end)`;
      const fit = `least(${places}, greatest(${length} - ${intLength} - 1, 0))`;
      // Rounding can carry into a new digit (999.96 → 1000.0): what still does not fit is asterisks too.
      return bindValue(
        `round(${v}, ${fit})::text`,
        (text) =>
          `case when length(${text}) > ${length} then ${quoteString("*".repeat(length))} else lpad(${text}, ${length}) end`,
      );
    });
    return { sql, type: T.varchar(length) };
  },
};

export const FORMATTING: FunctionDef[] = [format, str];
