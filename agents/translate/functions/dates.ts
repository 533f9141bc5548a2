import { type Construct, functionConstruct } from "./constructs";
import type { DataType } from "~/agents/catalog/schema";
import { T, isInteger, isNumeric, isString } from "~/agents/tsql/type-rules";
import { unparen } from "../ast-util";
import { wrap } from "../sql-text";
import { quoteString } from "../literals";
import {
  formatDate,
  formatOffset,
  formatTime,
  readDateTimeString,
  toKind,
  type DateTimeValue,
} from "~/agents/tsql/date-strings";
import {
  SUB_MICROSECOND,
  convertDateTime,
  dateKind,
  fractionScale,
  hasOffsetText,
  heldType,
  instant,
  isTextHeld,
  localTimestamp,
  offsetMinutesText,
  offsetTextMinutes,
  offsetTextOf,
  roundToDatetime,
  roundToSmalldatetime,
  seventhDigit,
  stringConstant,
  truncatedTimestamp,
  utcTimestamp,
  withExactText,
  withOffsetText,
} from "../datetime";
import type { Emitter, Typed } from "../emit";
import type { CallSite, FunctionDef } from "./registry";

/**
 * Date and time functions (docs/t-sql/functions/date-and-time-data-types-and-functions-transact-sql.md). Values
 * are typed as SQL Server types them and held as ../datetime describes: timestamps, times and dates, and
 * datetimeoffset as canonical text with its offset. SET DATEFIRST / SET DATEFORMAT are the emitter's session
 * settings at the statement being translated.
 */

const DATE_PARTS: Record<string, string> = {
  year: "year",
  yy: "year",
  yyyy: "year",
  quarter: "quarter",
  qq: "quarter",
  q: "quarter",
  month: "month",
  mm: "month",
  m: "month",
  dayofyear: "dayofyear",
  dy: "dayofyear",
  y: "dayofyear",
  day: "day",
  dd: "day",
  d: "day",
  week: "week",
  wk: "week",
  ww: "week",
  weekday: "weekday",
  dw: "weekday",
  w: "weekday",
  hour: "hour",
  hh: "hour",
  minute: "minute",
  mi: "minute",
  n: "minute",
  second: "second",
  ss: "second",
  s: "second",
  millisecond: "millisecond",
  ms: "millisecond",
  microsecond: "microsecond",
  mcs: "microsecond",
  nanosecond: "nanosecond",
  ns: "nanosecond",
  tzoffset: "tzoffset",
  tz: "tzoffset",
  iso_week: "iso_week",
  isowk: "iso_week",
  isoww: "iso_week",
};

const DATETIME2_7: DataType = { name: "datetime2", scale: 7 };

/** The canonical date part named by argument `index` (written as a bare word or, leniently, a string). */
function part({ em, call, name, line }: CallSite, index = 0): string {
  const p = call.args[index];
  const raw =
    p?.kind === "column" && p.parts.length === 1
      ? p.parts[0]!
      : p?.kind === "literal" && p.type === "string"
        ? p.value
        : "";
  const canon = DATE_PARTS[raw.toLowerCase()];
  if (!canon) em.issue(functionConstruct(name), line, `Unknown date part ${raw}`);
  return canon ?? "day";
}

function unsupportedPart(site: CallSite, p: string, what: string): void {
  site.em.issue(
    functionConstruct(site.name),
    site.line,
    `The date part ${p} is not supported by ${site.name.toUpperCase()} for ${what} (SQL Server raises an error)`,
  );
}

/** An argument's value and, when it is a string constant, the date-time SQL Server reads from it. */
type DateArg = Typed & { value?: DateTimeValue };

/**
 * A date argument. A string constant is read as SQL Server reads it: as datetime where the function's result takes
 * that type (DATEADD), otherwise with all its fields (a time alone is on 1900-01-01, an offset is kept, 7 digits
 * are kept for nanosecond). A number is days since 1900-01-01 (0 = 1900-01-01), as its implicit conversion to
 * datetime.
 */
function dateArg(site: CallSite, index: number, literalAs: "datetime" | "any"): DateArg {
  const { em, call, line } = site;
  const x = site.arg(index);
  const lit = unparen(call.args[index]!);
  const text =
    lit.kind === "literal" && lit.type === "string" ? lit.value : isString(x.type) ? stringConstant(x) : undefined;
  if (text !== undefined) {
    if (literalAs === "datetime")
      return em.coerceTo(x, { kind: "literal", type: "string", value: text, line }, T.datetime, line);
    // With every field a string can hold: an offset, 7 fractional digits, ISO yyyy-mm-dd.
    em.languageReads(text, "datetimeoffset", line);
    const v = readDateTimeString(text, "datetimeoffset", em.dateFormat);
    if ("error" in v) {
      em.issue(
        "datetime literal",
        line,
        `SQL Server cannot read it as a date: ${v.error} (SET DATEFORMAT ${em.dateFormat})`,
      );
      return x;
    }
    if (v.offset !== undefined) {
      return {
        sql: quoteString(`${formatDate(v)} ${formatTime(v.ticks)} ${formatOffset(v.offset)}`),
        type: withOffsetText({ name: "datetimeoffset", scale: 7 }),
        value: v,
      };
    }
    if (v.ticks % 10 !== 0)
      return {
        sql: quoteString(`${formatDate(v)} ${formatTime(v.ticks)}`),
        type: withExactText(DATETIME2_7),
        value: v,
      };
    return { sql: `timestamp '${formatDate(v)} ${formatTime(v.ticks, 6)}'`, type: DATETIME2_7, value: v };
  }
  // A NULL constant converts to datetime as any NULL does: the function returns NULL.
  if (x.sql === "null") return { sql: "cast(null as timestamp(3))", type: T.datetime };
  if (isNumeric(x.type) && !dateKind(x.type)) {
    const days = `(timestamp '1900-01-01' + ${wrap(x.sql)} * interval '1 day')`;
    return { sql: isInteger(x.type) ? `${days}::timestamp(3)` : roundToDatetime(days), type: T.datetime };
  }
  return x;
}

/** The local date-time of a value for reading its parts: a 7th fractional digit cut, not rounded. */
const partsTimestamp = truncatedTimestamp;

/** SET DATEFIRST numbering of the weekday: 1 is the first day of the week (docs set-datefirst-transact-sql.md). */
function weekdayOf(em: Emitter, ts: string): string {
  const shift = 7 - (em.dateFirst % 7);
  return shift === 7
    ? `(extract(dow from ${wrap(ts)})::integer + 1)`
    : `((extract(dow from ${wrap(ts)})::integer + ${shift}) % 7 + 1)`;
}

/** DATEPART(p, d) as an integer expression (docs datepart-transact-sql.md). */
function datePart(site: CallSite, p: string, d: DateArg): string {
  const { em, line } = site;
  const kind = dateKind(d.type);
  const ts = partsTimestamp(em, d, line);
  switch (p) {
    case "weekday":
      site.em.constructs.add("DATEPART(dw)");
      return weekdayOf(em, ts);
    case "week":
      // Week 1 holds January 1; a week starts on the DATEFIRST day.
      return `((extract(doy from ${wrap(ts)})::integer + ${weekdayOf(em, `date_trunc('year', ${wrap(ts)})`)} - 2) / 7 + 1)`;
    case "iso_week":
      return `extract(week from ${wrap(ts)})::integer`;
    case "dayofyear":
      return `extract(doy from ${wrap(ts)})::integer`;
    case "millisecond":
      return `(extract(milliseconds from ${wrap(ts)})::integer % 1000)`;
    case "microsecond":
      return `(extract(microseconds from ${wrap(ts)})::integer % 1000000)`;
    case "nanosecond": {
      if (d.value) return String((d.value.ticks % 10_000_000) * 100);
      const micro = `(extract(microseconds from ${wrap(ts)})::integer % 1000000) * 1000`;
      return isTextHeld(d.type) ? `(${micro} + ${seventhDigit(d)}::integer * 100)` : `(${micro})`;
    }
    case "tzoffset":
      if (d.value) return String(d.value.offset ?? 0);
      if (kind === "datetimeoffset") {
        if (hasOffsetText(d.type)) return offsetTextMinutes(wrap(d.sql));
        localTimestamp(em, d, line);
      }
      // A type without an offset has offset 0; NULL stays NULL.
      return `(case when ${wrap(d.sql)} is null then null else 0 end)`;
    case "year":
    case "quarter":
    case "month":
    case "day":
    case "hour":
    case "minute":
      return `extract(${p} from ${wrap(ts)})::integer`;
    case "second":
      return `floor(extract(second from ${wrap(ts)}))::integer`;
  }
  site.em.issue("DATEPART", site.line, `Date part ${p} is not translated`);
  return "null";
}

const now = (name: string, aliases: string[], construct: Construct, sql: string, type: Typed["type"]): FunctionDef => ({
  name,
  aliases,
  family: "datetime",
  arity: [0, 0],
  construct,
  scoring: { weight: 0.5 },
  emit: () => ({ sql, ...(type ? { type } : {}) }),
});

const INTERVALS: Record<string, string> = {
  year: "1 year",
  quarter: "3 months",
  month: "1 month",
  dayofyear: "1 day",
  day: "1 day",
  weekday: "1 day",
  week: "7 days",
  hour: "1 hour",
  minute: "1 minute",
  second: "1 second",
  millisecond: "1 millisecond",
  microsecond: "1 microsecond",
};
const TIME_PARTS = new Set(["hour", "minute", "second", "millisecond", "microsecond", "nanosecond"]);

const dateadd: FunctionDef = {
  name: "dateadd",
  keywordArg: 0,
  family: "datetime",
  arity: [3, 3],
  construct: "DATEADD",
  scoring: { weight: 1 },
  // docs dateadd-transact-sql.md: the number is truncated to an integer; the result has the date's type (datetime
  // for a string literal); adding months keeps the day or takes the month's last day.
  emit: (site) => {
    const { em, line } = site;
    const p = part(site);
    const n = site.arg(1);
    const d = dateArg(site, 2, "datetime");
    const type = d.type ?? T.datetime;
    const kind = dateKind(type);
    // A NULL number gives NULL (an untyped NULL would leave PostgreSQL's trunc ambiguous).
    const nsql = n.sql === "null" ? "cast(null as integer)" : isInteger(n.type) ? wrap(n.sql) : `trunc(${n.sql})`;
    if (kind === "date" && TIME_PARTS.has(p)) unsupportedPart(site, p, "date");
    if (kind === "time" && !TIME_PARTS.has(p)) unsupportedPart(site, p, "time");
    if ((kind === "datetime" || kind === "smalldatetime") && (p === "microsecond" || p === "nanosecond"))
      unsupportedPart(site, p, kind);
    const held = isTextHeld(type);
    // The text of a held value (or of a timestamp/time) with its local part moved and a given 7th digit.
    const textAt = (moved: string, digit: string) =>
      kind === "time"
        ? `(to_char((${moved})::interval, 'HH24:MI:SS.US') || ${digit}${held ? ` || substr(${wrap(d.sql)}, 17)` : ""})`
        : `(to_char(${moved}, 'YYYY-MM-DD HH24:MI:SS.US') || ${digit}${held ? ` || substr(${wrap(d.sql)}, 28)` : ""})`;
    const base = held
      ? kind === "time"
        ? `left(${wrap(d.sql)}, 15)::time`
        : `left(${wrap(d.sql)}, 26)::timestamp`
      : wrap(d.sql);
    let delta: string;
    if (p === "nanosecond") {
      // Nanoseconds are added in 100-ns ticks, rounded half up (49 ns add nothing, 50 ns one tick).
      const literal = integerLiteral(site, 1);
      const ticks =
        literal !== undefined
          ? String(Math.sign(literal) * Math.floor((Math.abs(literal) + 50) / 100))
          : `(sign(${nsql}) * floor((abs(${nsql}) + 50) / 100))::bigint`;
      if (held || ((kind === "datetime2" || kind === "time") && fractionScale(type) === 7)) {
        if (!held && literal !== undefined && Number(ticks) % 10 === 0)
          delta = `${Number(ticks) / 10} * interval '1 microsecond'`;
        else {
          // The 7th digit plus the ticks: the tens carry into microseconds, the rest is the new 7th digit.
          const total = `(${seventhDigit(d)}::bigint + ${ticks})`;
          const moved = `${base} + floor(${total} / 10.0) * interval '1 microsecond'`;
          return {
            sql: textAt(moved, `((${total} % 10 + 10) % 10)::text`),
            type: kind === "datetimeoffset" ? type : withExactText(type),
          };
        }
      } else {
        if (literal === undefined)
          em.issue(
            SUB_MICROSECOND,
            line,
            "DATEADD(nanosecond) by a number only known at run time on this type is not translated",
          );
        delta = `round(${nsql} / 1000.0) * interval '1 microsecond'`;
      }
    } else delta = `${nsql} * interval '${INTERVALS[p] ?? "1 day"}'`;
    if (held) return { sql: textAt(`${base} + ${delta}`, seventhDigit(d)), type };
    if (kind === "datetimeoffset") return { sql: `(${wrap(d.sql)} + ${delta})`, type };
    const sum = `${wrap(d.sql)} + ${delta}`;
    if (kind === "date") return { sql: `(${sum})::date`, type };
    if (kind === "time") return { sql: `(${sum})::time(${Math.min(fractionScale(type), 6)})`, type };
    if (kind === "datetime" && (p === "millisecond" || p === "nanosecond"))
      return { sql: roundToDatetime(`(${sum})`), type };
    if (kind === "smalldatetime" && (p === "second" || p === "millisecond"))
      return { sql: roundToSmalldatetime(`(${sum})`), type };
    if (kind === "datetime2" && fractionScale(type) < 6 && TIME_PARTS.has(p))
      return { sql: `(${sum})::timestamp(${fractionScale(type)})`, type };
    return { sql: `(${sum})`, type };
  },
};

const datediff: FunctionDef = {
  name: "datediff",
  keywordArg: 0,
  aliases: ["datediff_big"],
  family: "datetime",
  arity: [3, 3],
  construct: "DATEDIFF",
  scoring: { weight: 1 },
  // Counts the boundaries crossed, not elapsed time (docs: datediff-transact-sql.md); a datetimeoffset counts in
  // UTC, a time is on 1900-01-01.
  emit: (site) => {
    const { em, line } = site;
    const big = site.name === "datediff_big";
    const p = part(site);
    const da = dateArg(site, 1, "any");
    const db = dateArg(site, 2, "any");
    const utc = dateKind(da.type) === "datetimeoffset" || dateKind(db.type) === "datetimeoffset";
    const ts = (x: DateArg) => (utc ? utcTimestamp(em, x, line) : truncatedTimestamp(em, x, line));
    const a = ts(da);
    const b = ts(db);
    const y = (d: string) => `extract(year from ${wrap(d)})`;
    let sql: string;
    switch (p) {
      case "year":
        sql = `(${y(b)} - ${y(a)})::integer`;
        break;
      case "quarter":
        sql = `((${y(b)} * 4 + extract(quarter from ${wrap(b)})) - (${y(a)} * 4 + extract(quarter from ${wrap(a)})))::integer`;
        break;
      case "month":
        sql = `((${y(b)} - ${y(a)}) * 12 + extract(month from ${wrap(b)}) - extract(month from ${wrap(a)}))::integer`;
        break;
      case "day":
      case "dayofyear":
      case "weekday":
        sql = `(${wrap(b)}::date - ${wrap(a)}::date)`;
        break;
      case "week":
        // Sunday-based week boundaries, independent of DATEFIRST (as in SQL Server).
        sql = `(((${wrap(b)}::date - extract(dow from ${wrap(b)})::integer) - (${wrap(a)}::date - extract(dow from ${wrap(a)})::integer)) / 7)`;
        break;
      case "iso_week":
        sql = `((date_trunc('week', ${wrap(b)})::date - date_trunc('week', ${wrap(a)})::date) / 7)`;
        break;
      case "nanosecond":
        // Microseconds from the timestamps, the 100-ns digits from the values held as text.
        sql = `((extract(epoch from ${wrap(b)}) - extract(epoch from ${wrap(a)})) * 1000000000 + (${seventhDigit(db)}::integer - ${seventhDigit(da)}::integer) * 100)::${big ? "bigint" : "integer"}`;
        break;
      case "tzoffset":
        unsupportedPart(site, p, "DATEDIFF");
        sql = "null";
        break;
      default: {
        const unit = {
          hour: "hour",
          minute: "minute",
          second: "second",
          millisecond: "milliseconds",
          microsecond: "microseconds",
        }[p]!;
        const div = { hour: 3600, minute: 60, second: 1, millisecond: 0.001, microsecond: 0.000001 }[p]!;
        sql = `round((extract(epoch from date_trunc('${unit}', ${wrap(b)}::timestamp)) - extract(epoch from date_trunc('${unit}', ${wrap(a)}::timestamp))) / ${div})::${big ? "bigint" : "integer"}`;
      }
    }
    return { sql, type: big ? T.bigint : T.int };
  },
};

const datepart: FunctionDef = {
  name: "datepart",
  keywordArg: 0,
  family: "datetime",
  arity: [2, 2],
  construct: "DATEPART",
  scoring: { weight: 1 },
  emit: (site) => ({ sql: datePart(site, part(site), dateArg(site, 1, "any")), type: T.int }),
};

const partFunction = (name: "year" | "month" | "day"): FunctionDef => ({
  name,
  family: "datetime",
  arity: [1, 1],
  construct: functionConstruct(name),
  scoring: { weight: 0.5 },
  emit: (site) => ({ sql: datePart(site, name, dateArg(site, 0, "any")), type: T.int }),
});

const datename: FunctionDef = {
  name: "datename",
  keywordArg: 0,
  family: "datetime",
  arity: [2, 2],
  construct: "DATENAME",
  scoring: { weight: 1 },
  // docs datename-transact-sql.md: month and weekday by name (us_english), tzoffset as +hh:mm, the rest as numbers.
  emit: (site) => {
    const p = part(site);
    const d = dateArg(site, 1, "any");
    const ts = partsTimestamp(site.em, d, site.line);
    let sql: string;
    if (p === "month" || p === "weekday") site.em.languageNames(site.line, `DATENAME(${p})`);
    if (p === "month") sql = `trim(to_char(${ts}, 'Month'))`;
    else if (p === "weekday") sql = `trim(to_char(${ts}, 'Day'))`;
    else if (p === "tzoffset") {
      if (d.value) sql = quoteString(formatOffset(d.value.offset ?? 0));
      else
        sql =
          dateKind(d.type) === "datetimeoffset" && hasOffsetText(d.type)
            ? `substr(${wrap(d.sql)}, 29, 6)`
            : `(case when ${wrap(d.sql)} is null then null else '+00:00' end)`;
    } else sql = `(${datePart(site, p, d)})::text`;
    return { sql, type: T.nvarchar(30) };
  },
};

/** A date argument converted to `date`, as EOMONTH's implicit conversion does. */
function asDate(site: CallSite, index: number): string {
  const d = dateArg(site, index, "any");
  return `${wrap(partsTimestamp(site.em, d, site.line))}::date`;
}

const eomonth: FunctionDef = {
  name: "eomonth",
  family: "datetime",
  arity: [1, 2],
  construct: "EOMONTH",
  scoring: { weight: 0.5 },
  // docs eomonth-transact-sql.md: the last day of the month, `months` later; the argument converts to date.
  emit: (site) => {
    const d = asDate(site, 0);
    const n = site.call.args[1] ? site.arg(1).sql : undefined;
    const first = `date_trunc('month', ${d}::timestamp)`;
    const sql = n
      ? `(${first} + (${wrap(n)} + 1) * interval '1 month' - interval '1 day')::date`
      : `(${first} + interval '1 month - 1 day')::date`;
    return { sql, type: T.date };
  },
};

/** An integer literal argument, signed or not (precision and offsets of *FROMPARTS), or undefined. */
function integerLiteral(site: CallSite, index: number): number | undefined {
  const a = unparen(site.call.args[index]!);
  if (a.kind === "unary" && a.op === "-") {
    const inner = unparen(a.operand);
    return inner.kind === "literal" && inner.type === "number" && /^\d+$/.test(inner.value)
      ? -Number(inner.value)
      : undefined;
  }
  return a.kind === "literal" && a.type === "number" && /^-?\d+$/.test(a.value) ? Number(a.value) : undefined;
}

/** `fractions` of 10^-precision seconds as microseconds (SQL), for precision 0 to 6. */
function fractionMicroseconds(site: CallSite, fractionIndex: number, precision: number): string {
  return `${wrap(site.arg(fractionIndex).sql)} * ${10 ** (6 - precision)}`;
}

/** The seven fractional digits of `fractions` at precision 7, as text. */
const sevenDigits = (site: CallSite, fractionIndex: number) => `lpad((${site.arg(fractionIndex).sql})::text, 7, '0')`;

function precisionArg(site: CallSite, index: number): number {
  const p = integerLiteral(site, index);
  if (p === undefined || p > 7)
    site.em.issue(functionConstruct(site.name), site.line, "The precision must be an integer literal from 0 to 7");
  return Math.min(p ?? 7, 7);
}

const datefromparts: FunctionDef = {
  name: "datefromparts",
  family: "datetime",
  arity: [3, 3],
  construct: "DATEFROMPARTS",
  scoring: { weight: 0.5 },
  emit: ({ args }) => ({
    sql: `make_date(${args()
      .map((a) => a.sql)
      .join(", ")})`,
    type: T.date,
  }),
};

const datetimefromparts: FunctionDef = {
  name: "datetimefromparts",
  family: "datetime",
  arity: [7, 7],
  construct: "DATETIMEFROMPARTS",
  // docs datetimefromparts-transact-sql.md; the milliseconds land on datetime's 1/300 s grid.
  emit: ({ args }) => {
    const a = args().map((x) => x.sql);
    return {
      sql: roundToDatetime(`(make_timestamp(${a.slice(0, 6).join(", ")}) + ${wrap(a[6]!)} * interval '1 millisecond')`),
      type: T.datetime,
    };
  },
};

const smalldatetimefromparts: FunctionDef = {
  name: "smalldatetimefromparts",
  family: "datetime",
  arity: [5, 5],
  construct: "SMALLDATETIMEFROMPARTS",
  emit: ({ args }) => ({
    sql: `make_timestamp(${args()
      .map((x) => x.sql)
      .join(", ")}, 0)::timestamp(0)`,
    type: { name: "smalldatetime" },
  }),
};

const datetime2fromparts: FunctionDef = {
  name: "datetime2fromparts",
  family: "datetime",
  arity: [8, 8],
  construct: "DATETIME2FROMPARTS",
  // docs datetime2fromparts-transact-sql.md: fractions are 10^-precision seconds; the result is datetime2(precision).
  emit: (site) => {
    const precision = precisionArg(site, 7);
    const a = site.args().map((x) => x.sql);
    if (precision === 7) {
      // 100-ns fractions: the value is carried as its canonical text (see ../datetime).
      return {
        sql: `(to_char(make_timestamp(${a.slice(0, 6).join(", ")}), 'YYYY-MM-DD HH24:MI:SS') || '.' || ${sevenDigits(site, 6)})`,
        type: withExactText({ name: "datetime2", scale: 7 }),
      };
    }
    const sql = `(make_timestamp(${a.slice(0, 6).join(", ")}) + ${fractionMicroseconds(site, 6, precision)} * interval '1 microsecond')::timestamp(${Math.min(precision, 6)})`;
    return { sql, type: { name: "datetime2", scale: precision } };
  },
};

const timefromparts: FunctionDef = {
  name: "timefromparts",
  family: "datetime",
  arity: [5, 5],
  construct: "TIMEFROMPARTS",
  // docs timefromparts-transact-sql.md
  emit: (site) => {
    const precision = precisionArg(site, 4);
    const a = site.args().map((x) => x.sql);
    if (precision === 7)
      return {
        sql: `(to_char(make_time(${a.slice(0, 3).join(", ")})::interval, 'HH24:MI:SS') || '.' || ${sevenDigits(site, 3)})`,
        type: withExactText({ name: "time", scale: 7 }),
      };
    const sql = `(make_time(${a.slice(0, 3).join(", ")}) + ${fractionMicroseconds(site, 3, precision)} * interval '1 microsecond')::time(${Math.min(precision, 6)})`;
    return { sql, type: { name: "time", scale: precision } };
  },
};

/** An offset argument (`'+05:30'` or minutes) as `+hh:mm` text and as minutes (SQL). */
function offsetArg(site: CallSite, index: number): { text: string; minutes: string } | undefined {
  const a = unparen(site.call.args[index]!);
  const x = site.arg(index);
  const constant =
    a.kind === "literal" && a.type === "string" ? a.value : isString(x.type) ? stringConstant(x) : undefined;
  if (constant !== undefined) {
    const m = /^\s*([+-])(\d{2}):(\d{2})\s*$/.exec(constant);
    const minutes = m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : undefined;
    if (minutes === undefined || Math.abs(minutes) > 14 * 60) {
      site.em.issue(
        functionConstruct(site.name),
        site.line,
        `${JSON.stringify(constant)} is not a time zone offset SQL Server accepts ([+|-]hh:mm)`,
      );
      return undefined;
    }
    return { text: quoteString(formatOffset(minutes)), minutes: String(minutes) };
  }
  if (isInteger(x.type)) return { text: offsetMinutesText(wrap(x.sql)), minutes: wrap(x.sql) };
  site.em.issue(
    functionConstruct(site.name),
    site.line,
    "A time zone offset only known at run time as text is not translated",
  );
  return undefined;
}

const switchoffset: FunctionDef = {
  name: "switchoffset",
  family: "datetime",
  arity: [2, 2],
  construct: "SWITCHOFFSET",
  // docs switchoffset-transact-sql.md: the same instant shown in another offset.
  emit: (site) => {
    const { em, line } = site;
    const d = dateArg(site, 0, "any");
    const offset = offsetArg(site, 1);
    const scale = dateKind(d.type) === "datetimeoffset" ? fractionScale(d.type!) : 7;
    const type = withOffsetText({ name: "datetimeoffset", scale });
    if (!offset) return { sql: "cast(null as text)", type };
    const seventh = seventhDigit(d);
    const at = instant(em, d, line);
    const local = `((${at} at time zone 'UTC') + ${offset.minutes} * interval '1 minute')`;
    return { sql: `(to_char(${local}, 'YYYY-MM-DD HH24:MI:SS.US') || ${seventh} || ' ' || ${offset.text})`, type };
  },
};

const todatetimeoffset: FunctionDef = {
  name: "todatetimeoffset",
  family: "datetime",
  arity: [2, 2],
  construct: "TODATETIMEOFFSET",
  // docs todatetimeoffset-transact-sql.md: the local date-time kept, the offset set.
  emit: (site) => {
    const d = dateArg(site, 0, "any");
    const offset = offsetArg(site, 1);
    const scale =
      dateKind(d.type) === "datetime2" || dateKind(d.type) === "datetimeoffset" ? fractionScale(d.type!) : 7;
    const type = withOffsetText({ name: "datetimeoffset", scale });
    if (!offset) return { sql: "cast(null as text)", type };
    if (dateKind(d.type) === "datetimeoffset" && hasOffsetText(d.type))
      return { sql: `(left(${wrap(d.sql)}, 28) || ${offset.text})`, type };
    const seventh = seventhDigit(d);
    return {
      sql: `(to_char(${partsTimestamp(site.em, d, site.line)}, 'YYYY-MM-DD HH24:MI:SS.US') || ${seventh} || ' ' || ${offset.text})`,
      type,
    };
  },
};

const datetimeoffsetfromparts: FunctionDef = {
  name: "datetimeoffsetfromparts",
  family: "datetime",
  arity: [10, 10],
  construct: "DATETIMEOFFSETFROMPARTS",
  // docs datetimeoffsetfromparts-transact-sql.md: fractions are 10^-precision seconds, the offset is
  // hour_offset:minute_offset; written exactly, to 100 ns.
  emit: (site) => {
    const precision = precisionArg(site, 9);
    const a = site.args().map((x) => x.sql);
    const type = withOffsetText({ name: "datetimeoffset", scale: precision });
    const fraction = `lpad((${wrap(a[6]!)} * ${10 ** (7 - precision)})::bigint::text, 7, '0')`;
    const h = integerLiteral(site, 7);
    const m = integerLiteral(site, 8);
    // The minutes take the hour's sign (-8, 30 is -08:30).
    const offset =
      h !== undefined && m !== undefined
        ? quoteString(formatOffset(h * 60 + (h < 0 ? -Math.abs(m) : Math.abs(m))))
        : offsetMinutesText(
            `(${wrap(a[7]!)} * 60 + case when ${wrap(a[7]!)} < 0 then -abs(${wrap(a[8]!)}) else abs(${wrap(a[8]!)}) end)`,
          );
    return {
      sql: `(to_char(make_timestamp(${a.slice(0, 6).join(", ")}), 'YYYY-MM-DD HH24:MI:SS') || '.' || ${fraction} || ' ' || ${offset})`,
      type,
    };
  },
};

/** DATETRUNC units PostgreSQL's date_trunc has under another name. */
const TRUNC_UNITS: Record<string, string> = {
  year: "year",
  quarter: "quarter",
  month: "month",
  dayofyear: "day",
  day: "day",
  hour: "hour",
  minute: "minute",
  second: "second",
  millisecond: "milliseconds",
  microsecond: "microseconds",
  iso_week: "week",
};

const datetrunc: FunctionDef = {
  name: "datetrunc",
  keywordArg: 0,
  family: "datetime",
  arity: [2, 2],
  construct: "DATETRUNC",
  scoring: { weight: 1 },
  // docs datetrunc-transact-sql.md: the value cut to the start of its part, in the input's type (datetime2(7) for
  // a string); week starts on the DATEFIRST day, iso_week on Monday.
  emit: (site) => {
    const { em, line } = site;
    const p = part(site);
    const d = dateArg(site, 1, "any");
    const type = heldType(d.value ? (d.value.offset !== undefined ? d.type! : DATETIME2_7) : (d.type ?? DATETIME2_7));
    const kind = dateKind(type);
    if (p === "nanosecond" || p === "weekday" || p === "tzoffset") unsupportedPart(site, p, "DATETRUNC");
    if (kind === "date" && TIME_PARTS.has(p)) unsupportedPart(site, p, "date");
    if (kind === "time" && !TIME_PARTS.has(p)) unsupportedPart(site, p, "time");
    if (kind === "datetime" && p === "microsecond") unsupportedPart(site, p, "datetime");
    if (kind === "smalldatetime" && (p === "millisecond" || p === "microsecond"))
      unsupportedPart(site, p, "smalldatetime");
    const ts = partsTimestamp(em, d, line);
    const cut =
      p === "week"
        ? `(${wrap(ts)}::date - ${weekdayOf(em, ts)} + 1)::timestamp`
        : `date_trunc('${TRUNC_UNITS[p] ?? "day"}', ${ts})`;
    switch (kind) {
      case "date":
        return { sql: `${wrap(cut)}::date`, type };
      case "time":
        return { sql: `${wrap(cut)}::time(${Math.min(fractionScale(type), 6)})`, type };
      case "datetimeoffset":
        return {
          sql: offsetTextOf(cut, hasOffsetText(type) ? `substr(${wrap(d.sql)}, 29, 6)` : "'+00:00'"),
          type: withOffsetText(type),
        };
      default:
        return { sql: cut, type };
    }
  },
};

const BUCKET_SECONDS: Record<string, number> = {
  week: 604800,
  day: 86400,
  hour: 3600,
  minute: 60,
  second: 1,
  millisecond: 0.001,
};
const BUCKET_MONTHS: Record<string, number> = { year: 12, quarter: 3, month: 1 };

const dateBucket: FunctionDef = {
  name: "date_bucket",
  keywordArg: 0,
  family: "datetime",
  arity: [3, 4],
  construct: "DATE_BUCKET",
  scoring: { weight: 1 },
  // docs date-bucket-transact-sql.md: the start of the bucket of `number` parts, counted from `origin`
  // (default 1900-01-01 00:00:00.000, a Monday), that holds the date; the result has the date's type.
  emit: (site) => {
    const { em, line } = site;
    const p = part(site);
    const width = site.arg(1).sql;
    const d = dateArg(site, 2, "any");
    const type = heldType(d.value ? DATETIME2_7 : (d.type ?? DATETIME2_7));
    const kind = dateKind(type);
    if (kind === "time" || kind === "datetimeoffset" || !(p in BUCKET_SECONDS || p in BUCKET_MONTHS)) {
      em.issue("DATE_BUCKET", line, `DATE_BUCKET(${p}) on ${kind ?? "this value"} is not translated`);
      return { sql: "null", type };
    }
    const ts = partsTimestamp(em, d, line);
    const origin = site.call.args[3]
      ? partsTimestamp(em, convertDateTime(em, dateArg(site, 3, "any"), type, line), line)
      : "timestamp '1900-01-01 00:00:00'";
    let sql: string;
    if (p in BUCKET_SECONDS) {
      const seconds = `(${wrap(width)} * ${BUCKET_SECONDS[p]})`;
      sql = `(${origin} + floor(extract(epoch from (${ts} - ${origin})) / ${seconds}) * ${seconds} * interval '1 second')`;
    } else {
      const months = `((extract(year from ${ts}) - extract(year from ${origin})) * 12 + extract(month from ${ts}) - extract(month from ${origin}))`;
      // A month not yet complete at the origin's day and time does not count.
      const whole = `(${months} - case when ${origin} + ${months} * interval '1 month' > ${ts} then 1 else 0 end)`;
      const span = `(${wrap(width)} * ${BUCKET_MONTHS[p]})`;
      sql = `(${origin} + floor(${whole} / ${span}) * ${span} * interval '1 month')`;
    }
    if (kind === "date") return { sql: `${sql}::date`, type };
    if (kind === "datetime") return { sql: `${sql}::timestamp(3)`, type };
    if (kind === "smalldatetime") return { sql: `${sql}::timestamp(0)`, type };
    return { sql, type };
  },
};

const isdate: FunctionDef = {
  name: "isdate",
  family: "datetime",
  arity: [1, 1],
  construct: "ISDATE",
  // docs isdate-transact-sql.md: 1 when the string converts to datetime under the session's DATEFORMAT and language.
  emit: (site) => {
    const { em, line } = site;
    const x = site.arg(0);
    const a = unparen(site.call.args[0]!);
    if (x.sql === "null") return { sql: "0", type: T.int };
    const constant =
      a.kind === "literal" && a.type === "string" ? a.value : isString(x.type) ? stringConstant(x) : undefined;
    if (constant !== undefined) {
      em.languageReads(constant, "datetime", line);
      const read = readDateTimeString(constant, "datetime", em.dateFormat);
      const valid = !("error" in read) && !("error" in toKind(read, "datetime"));
      return { sql: valid ? "1" : "0", type: T.int };
    }
    if (dateKind(x.type) === "datetime" || dateKind(x.type) === "smalldatetime" || dateKind(x.type) === "date")
      return { sql: `(case when ${x.sql} is null then 0 else 1 end)`, type: T.int };
    em.issue(
      "ISDATE",
      line,
      "ISDATE of a value only known at run time depends on SQL Server's string parsing; not translated",
    );
    return { sql: "null", type: T.int };
  },
};

export const DATES: FunctionDef[] = [
  now("getdate", ["current_timestamp"], "GETDATE", "localtimestamp", T.datetime),
  now("sysdatetime", [], "SYSDATETIME", "localtimestamp", { name: "datetime2", scale: 7 }),
  now("getutcdate", ["sysutcdatetime"], "GETUTCDATE", "(now() at time zone 'utc')", T.datetime),
  now(
    "sysdatetimeoffset",
    [],
    "SYSDATETIMEOFFSET",
    `(to_char(localtimestamp, 'YYYY-MM-DD HH24:MI:SS.US') || '0 +00:00')`,
    withOffsetText({ name: "datetimeoffset", scale: 7 }),
  ),
  dateadd,
  datediff,
  datepart,
  partFunction("year"),
  partFunction("month"),
  partFunction("day"),
  datename,
  eomonth,
  datefromparts,
  datetimefromparts,
  smalldatetimefromparts,
  datetime2fromparts,
  timefromparts,
  datetimeoffsetfromparts,
  switchoffset,
  todatetimeoffset,
  datetrunc,
  dateBucket,
  isdate,
];
