import { T, isDateOnly, isInteger } from "../sqltypes";
import { unparen } from "../ast-util";
import { wrap } from "../sql-text";
import type { Typed } from "../emit";
import type { CallSite, FunctionDef } from "./registry";

/** Date and time functions (docs: "Date and time data types and functions (Transact-SQL)"). */

const DATE_PARTS: Record<string, string> = {
  year: "year", yy: "year", yyyy: "year",
  quarter: "quarter", qq: "quarter", q: "quarter",
  month: "month", mm: "month", m: "month",
  dayofyear: "dayofyear", dy: "dayofyear", y: "dayofyear",
  day: "day", dd: "day", d: "day",
  week: "week", wk: "week", ww: "week",
  weekday: "weekday", dw: "weekday", w: "weekday",
  hour: "hour", hh: "hour",
  minute: "minute", mi: "minute", n: "minute",
  second: "second", ss: "second", s: "second",
  millisecond: "millisecond", ms: "millisecond",
  microsecond: "microsecond", mcs: "microsecond",
  iso_week: "iso_week", isowk: "iso_week", isoww: "iso_week",
};

/** The canonical date part named by argument `index` (written as a bare word or, leniently, a string). */
function part({ em, call, name, line }: CallSite, index = 0): string {
  const p = call.args[index];
  const raw = p?.kind === "column" && p.parts.length === 1 ? p.parts[0]! : p?.kind === "literal" && p.type === "string" ? p.value : "";
  const canon = DATE_PARTS[raw.toLowerCase()];
  if (!canon) em.issue(name.toUpperCase(), line, `Unknown date part ${raw}`);
  return canon ?? "day";
}

/** A date argument: a string literal is read as SQL Server reads a datetime literal. */
function dateArg({ em, call, scope, line }: CallSite, index: number): Typed {
  const a = call.args[index]!;
  const x = em.expr(a, scope);
  const lit = unparen(a);
  if (lit.kind === "literal" && lit.type === "string") return em.coerceTo(x, a, T.datetime, line);
  return x;
}

/** DATEPART(p, d) as an integer expression (us_english: DATEFIRST 7). */
function datePart(site: CallSite, p: string, d: string): string {
  switch (p) {
    case "weekday":
      site.em.constructs.add("DATEPART(dw)");
      return `(extract(dow from ${wrap(d)})::integer + 1)`;
    case "week":
      // T-SQL week: week 1 holds Jan 1, weeks start on Sunday.
      return `((extract(doy from ${wrap(d)})::integer + extract(dow from date_trunc('year', ${wrap(d)}))::integer - 1) / 7 + 1)`;
    case "iso_week":
      return `extract(week from ${wrap(d)})::integer`;
    case "dayofyear":
      return `extract(doy from ${wrap(d)})::integer`;
    case "millisecond":
      return `(extract(milliseconds from ${wrap(d)})::integer % 1000)`;
    case "microsecond":
      return `(extract(microseconds from ${wrap(d)})::integer % 1000000)`;
    case "year":
    case "quarter":
    case "month":
    case "day":
    case "hour":
    case "minute":
      return `extract(${p} from ${wrap(d)})::integer`;
    case "second":
      return `floor(extract(second from ${wrap(d)}))::integer`;
  }
  site.em.issue("DATEPART", site.line, `Date part ${p} is not translated`);
  return "null";
}

const now = (name: string, aliases: string[], construct: string, sql: string, type: Typed["type"]): FunctionDef => ({
  name,
  aliases,
  family: "datetime",
  arity: [0, 0],
  construct,
  scoring: { weight: 0.5 },
  emit: () => ({ sql, ...(type ? { type } : {}) }),
});

const dateadd: FunctionDef = {
  name: "dateadd",
  keywordArg: 0,
  family: "datetime",
  arity: [3, 3],
  construct: "DATEADD",
  scoring: { weight: 1 },
  emit: (site) => {
    const p = part(site);
    const n = site.arg(1);
    const d = dateArg(site, 2);
    const nsql = isInteger(n.type) ? wrap(n.sql) : `trunc(${n.sql})`;
    const unit = { year: "1 year", quarter: "3 months", month: "1 month", dayofyear: "1 day", day: "1 day", weekday: "1 day", week: "7 days", hour: "1 hour", minute: "1 minute", second: "1 second", millisecond: "1 millisecond", microsecond: "1 microsecond", iso_week: "7 days" }[p];
    const type = d.type ?? T.datetime;
    const sum = `${wrap(d.sql)} + ${nsql} * interval '${unit}'`;
    return { sql: isDateOnly(type) ? `(${sum})::date` : `(${sum})`, type };
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
  // Counts the boundaries crossed, not elapsed time (docs: datediff-transact-sql.md).
  emit: (site) => {
    const big = site.name === "datediff_big";
    const p = part(site);
    const a = dateArg(site, 1).sql;
    const b = dateArg(site, 2).sql;
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
      default: {
        const unit = { hour: "hour", minute: "minute", second: "second", millisecond: "milliseconds", microsecond: "microseconds", iso_week: "week" }[p]!;
        const div = { hour: 3600, minute: 60, second: 1, millisecond: 0.001, microsecond: 0.000001, iso_week: 604800 }[p]!;
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
  emit: (site) => ({ sql: datePart(site, part(site), dateArg(site, 1).sql), type: T.int }),
};

const partFunction = (name: "year" | "month" | "day"): FunctionDef => ({
  name,
  family: "datetime",
  arity: [1, 1],
  construct: name.toUpperCase(),
  scoring: { weight: 0.5 },
  emit: (site) => ({ sql: datePart(site, name, dateArg(site, 0).sql), type: T.int }),
});

const datename: FunctionDef = {
  name: "datename",
  keywordArg: 0,
  family: "datetime",
  arity: [2, 2],
  construct: "DATENAME",
  scoring: { weight: 1 },
  emit: (site) => {
    const p = part(site);
    const d = dateArg(site, 1).sql;
    let sql: string;
    if (p === "year") sql = `to_char(${d}, 'FMYYYY')`;
    else if (p === "month") sql = `trim(to_char(${d}, 'Month'))`;
    else if (p === "weekday") sql = `trim(to_char(${d}, 'Day'))`;
    else sql = `(${datePart(site, p, d)})::text`;
    return { sql, type: T.nvarchar(30) };
  },
};

const eomonth: FunctionDef = {
  name: "eomonth",
  family: "datetime",
  arity: [1, 2],
  construct: "EOMONTH",
  scoring: { weight: 0.5 },
  emit: (site) => {
    const d = dateArg(site, 0).sql;
    const n = site.call.args[1] ? site.arg(1).sql : undefined;
    const sql = n ? `(date_trunc('month', ${d}) + (${n} + 1) * interval '1 month' - interval '1 day')::date` : `(date_trunc('month', ${d}) + interval '1 month - 1 day')::date`;
    return { sql, type: T.date };
  },
};

const datefromparts: FunctionDef = {
  name: "datefromparts",
  family: "datetime",
  arity: [3, 3],
  construct: "DATEFROMPARTS",
  scoring: { weight: 0.5 },
  emit: ({ args }) => ({ sql: `make_date(${args().map((a) => a.sql).join(", ")})`, type: T.date }),
};

const datetimefromparts: FunctionDef = {
  name: "datetimefromparts",
  family: "datetime",
  arity: [7, 7],
  construct: "DATEFROMPARTS",
  emit: ({ args }) => {
    const a = args().map((x) => x.sql);
    return { sql: `make_timestamp(${a[0]}, ${a[1]}, ${a[2]}, ${a[3]}, ${a[4]}, ${a[5]} + ${a[6]} / 1000.0)::timestamp(3)`, type: T.datetime };
  },
};

const isdate: FunctionDef = {
  name: "isdate",
  family: "datetime",
  arity: [1, 1],
  construct: "ISDATE",
  emit: ({ em, line }) => {
    em.issue("ISDATE", line, "ISDATE depends on SQL Server's date parsing; not translated");
    return { sql: "null", type: T.int };
  },
};

export const DATES: FunctionDef[] = [
  now("getdate", ["current_timestamp"], "GETDATE", "localtimestamp", T.datetime),
  now("sysdatetime", [], "SYSDATETIME", "localtimestamp", { name: "datetime2", scale: 7 }),
  now("getutcdate", ["sysutcdatetime"], "GETUTCDATE", "(now() at time zone 'utc')", T.datetime),
  now("sysdatetimeoffset", [], "SYSDATETIMEOFFSET", "now()", { name: "datetimeoffset" }),
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
  isdate,
];
