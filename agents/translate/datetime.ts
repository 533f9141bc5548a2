import type { DataType } from "~/agents/catalog/schema";
import type { Emitter, Typed } from "./emit";
import { quoteString } from "./literals";
import {
  formatDate,
  formatOffset,
  formatTime,
  readDateTimeString,
  roundTicks,
  toKind,
  type DateKind,
} from "~/agents/tsql/date-strings";
import { normalizeName } from "~/agents/tsql/type-rules";
import { wrap } from "./sql-text";

/**
 * SQL Server's date and time types on PostgreSQL (docs/t-sql/data-types/date-and-time-types.md).
 *
 * - date → date; datetime → timestamp(3) holding the 1/300 s value as shown (.000/.003/.007); smalldatetime →
 *   timestamp(0); datetime2(n) → timestamp(min(n,6)); time(n) → time(min(n,6)). PostgreSQL keeps microseconds,
 *   SQL Server 100 ns: a value with a non-zero 7th fractional digit is a review item ("100-ns precision").
 * - datetimeoffset values the translator computes are text in SQL Server's canonical form,
 *   `YYYY-MM-DD HH:MM:SS.fffffff +hh:mm` (fixed positions: local date-time 1-27, offset 29-34), because a
 *   timestamptz keeps the instant but not the offset. Such a type is marked (`withOffsetText`); an unmarked
 *   datetimeoffset is a timestamptz (a table column), whose offset is lost.
 */

export function dateKind(t: DataType | undefined): DateKind | undefined {
  const n = t ? normalizeName(t.name) : "";
  return ["date", "datetime", "smalldatetime", "datetime2", "time", "datetimeoffset"].includes(n)
    ? (n as DateKind)
    : undefined;
}

/** Fractional-second digits a value of the type keeps. */
export function fractionScale(t: DataType): number {
  switch (dateKind(t)) {
    case "datetime":
      return 3;
    case "datetime2":
    case "time":
    case "datetimeoffset":
      return Math.min(t.scale ?? t.precision ?? 7, 7);
    default:
      return 0;
  }
}

const OFFSET_TEXT = new WeakSet<DataType>();

/** A datetimeoffset type whose values are canonical text with the offset (see above). */
export function withOffsetText(t: DataType = { name: "datetimeoffset" }): DataType {
  const copy = { ...t, name: "datetimeoffset" };
  OFFSET_TEXT.add(copy);
  return copy;
}

export const hasOffsetText = (t: DataType | undefined): boolean => !!t && OFFSET_TEXT.has(t);

const EXACT_TEXT = new WeakSet<DataType>();

/**
 * A datetime2(7)/time(7) type whose values are canonical text (`YYYY-MM-DD HH:MM:SS.fffffff`, `HH:MM:SS.fffffff`):
 * how a value with a non-zero 7th fractional digit (100 ns) is carried exactly. A text sorts as its value; a
 * consumer that does not know the form fails loudly on PostgreSQL (text is not a timestamp) instead of rounding.
 */
export function withExactText(t: DataType): DataType {
  const copy = { ...t };
  EXACT_TEXT.add(copy);
  return copy;
}

export const hasExactText = (t: DataType | undefined): boolean => !!t && EXACT_TEXT.has(t);

/** Is the value held as canonical text (a datetimeoffset, or a datetime2/time with 100-ns digits)? */
export const isTextHeld = (t: DataType | undefined): boolean => hasOffsetText(t) || hasExactText(t);

/** SQL of the 7th fractional digit of a value ('0' for values PostgreSQL holds). */
export function seventhDigit(x: Typed): string {
  if (!isTextHeld(x.type)) return "'0'";
  return `substr(${wrap(x.sql)}, ${dateKind(x.type) === "time" ? 16 : 27}, 1)`;
}

/** The same type without the text form (for a result PostgreSQL holds exactly as a timestamp/time). */
export const heldType = (t: DataType): DataType => (isTextHeld(t) && dateKind(t) !== "datetimeoffset" ? { ...t } : t);

export const SUB_MICROSECOND = "100-ns precision" as const;

function offsetLostIssue(em: Emitter, line: number): void {
  em.issue(
    "datetimeoffset",
    line,
    "A datetimeoffset read from a table is a PostgreSQL timestamptz, which keeps the instant but not the original offset",
  );
}

// ───────────────────────── reading a value as a PostgreSQL timestamp ─────────────────────────

/** The local date-time of a canonical datetime2/datetimeoffset text, to the microsecond, the 7th digit rounded half up. */
const offsetTextLocal = (sql: string) =>
  `(left(${sql}, 26)::timestamp + case when substr(${sql}, 27, 1) >= '5' then interval '1 microsecond' else interval '0' end)`;
/** The same for a canonical time text, on 1900-01-01. */
const timeTextLocal = (sql: string) =>
  `(date '1900-01-01' + left(${sql}, 15)::time + case when substr(${sql}, 16, 1) >= '5' then interval '1 microsecond' else interval '0' end)`;

/**
 * The local date-time of x with the 100-ns digit cut, not rounded: what DATEPART, DATETRUNC, DATEDIFF and
 * DATE_BUCKET read (a part of 1 µs or more does not depend on the 7th digit).
 */
export function truncatedTimestamp(em: Emitter, x: Typed, line: number): string {
  if (isTextHeld(x.type))
    return dateKind(x.type) === "time"
      ? `(date '1900-01-01' + left(${wrap(x.sql)}, 15)::time)`
      : `left(${wrap(x.sql)}, 26)::timestamp`;
  return localTimestamp(em, x, line);
}

/** The offset of a canonical datetimeoffset text, in minutes. */
export const offsetTextMinutes = (sql: string) =>
  `((case when substr(${sql}, 29, 1) = '-' then -1 else 1 end) * (substr(${sql}, 30, 2)::integer * 60 + substr(${sql}, 33, 2)::integer))`;

/**
 * A PostgreSQL timestamp holding x's local date-time: a date at midnight, a time on 1900-01-01 (SQL Server's
 * default date), a datetimeoffset's own local time. Untyped or non-date values are used as they are.
 */
export function localTimestamp(em: Emitter, x: Typed, line: number): string {
  if (hasExactText(x.type))
    return dateKind(x.type) === "time" ? timeTextLocal(wrap(x.sql)) : offsetTextLocal(wrap(x.sql));
  switch (dateKind(x.type)) {
    case "date":
      return `${wrap(x.sql)}::timestamp`;
    case "time":
      return `(date '1900-01-01' + ${wrap(x.sql)})`;
    case "datetimeoffset":
      if (hasOffsetText(x.type)) return offsetTextLocal(wrap(x.sql));
      offsetLostIssue(em, line);
      return `(${wrap(x.sql)} at time zone 'UTC')`;
    default:
      return x.sql;
  }
}

/** The instant of x as a UTC timestamp: a datetimeoffset moved to UTC, other types as they are (local). */
export function utcTimestamp(em: Emitter, x: Typed, line: number): string {
  if (dateKind(x.type) === "datetimeoffset") return `(${instant(em, x, line)} at time zone 'UTC')`;
  return truncatedTimestamp(em, x, line);
}

/** x as a timestamptz instant (a value without an offset is taken at +00:00, as SQL Server converts it). */
export function instant(em: Emitter, x: Typed, line: number): string {
  if (dateKind(x.type) === "datetimeoffset")
    return hasOffsetText(x.type)
      ? `(left(${wrap(x.sql)}, 26) || substr(${wrap(x.sql)}, 28))::timestamptz`
      : `${wrap(x.sql)}::timestamptz`;
  return `(${truncatedTimestamp(em, x, line)} at time zone 'UTC')`;
}

/**
 * A datetime2 or time value PostgreSQL holds, as the canonical text of one held with its 100-ns digit (that
 * digit 0): where a branch of a UNION holds text, the others must too.
 */
export function exactTextOf(x: Typed): string {
  return dateKind(x.type) === "time"
    ? `(to_char(date '2000-01-01' + ${wrap(x.sql)}, 'HH24:MI:SS.US') || '0')`
    : `(to_char(${wrap(x.sql)}, 'YYYY-MM-DD HH24:MI:SS.US') || '0')`;
}

/** The canonical datetimeoffset text of a local timestamp (microseconds, a 7th digit 0) and an offset text. */
export const offsetTextOf = (local: string, offset: string) =>
  `(to_char(${local}, 'YYYY-MM-DD HH24:MI:SS.US') || '0 ' || ${offset})`;

/** `+hh:mm` for an offset in minutes (SQL). */
export const offsetMinutesText = (minutes: string) =>
  `(case when ${minutes} < 0 then '-' else '+' end || lpad((abs(${minutes}) / 60)::text, 2, '0') || ':' || lpad((abs(${minutes}) % 60)::text, 2, '0'))`;

// ───────────────────────── rounding to a type ─────────────────────────

/** datetime's 1/300 s grid, shown to the millisecond (.000/.003/.007), half up. */
export const roundToDatetime = (ts: string) =>
  `(date_trunc('second', ${ts}) + round(round((extract(microseconds from ${ts}) % 1000000) * 0.0003) / 0.3) * interval '1 millisecond')::timestamp(3)`;

/** smalldatetime: to the minute, 29.999 seconds and more up, 29.998 and less down (smalldatetime-transact-sql.md). */
export const roundToSmalldatetime = (ts: string) =>
  `date_trunc('minute', ${ts} + interval '30.001 seconds')::timestamp(0)`;

const pgScale = (t: DataType) => Math.min(fractionScale(t), 6);

/** PostgreSQL keeps a value of the type rounded as SQL Server does (from a timestamp holding it). */
function roundTimestampTo(ts: string, target: DataType, sourceKind: DateKind | undefined): string {
  switch (dateKind(target)) {
    case "datetime":
      return sourceKind === "date" || sourceKind === "datetime" || sourceKind === "smalldatetime"
        ? `${wrap(ts)}::timestamp(3)`
        : roundToDatetime(ts);
    case "smalldatetime":
      return sourceKind === "date" || sourceKind === "smalldatetime"
        ? `${wrap(ts)}::timestamp(0)`
        : roundToSmalldatetime(ts);
    case "date":
      return `${wrap(ts)}::date`;
    case "time":
      return `${wrap(ts)}::time(${pgScale(target)})`;
    default:
      return `${wrap(ts)}::timestamp(${pgScale(target)})`;
  }
}

// ───────────────────────── conversions ─────────────────────────

/**
 * CAST/CONVERT/implicit conversion of a date/time value to another date/time type (docs: each type's
 * "Converting date and time data" section): a time gets the date 1900-01-01, a date midnight, datetime rounds to
 * 1/300 s, smalldatetime to the minute, datetime2/time/datetimeoffset to their scale; a datetimeoffset keeps its
 * local date-time, and a value without an offset gets +00:00.
 */
export function convertDateTime(em: Emitter, x: Typed, target: DataType, line: number): Typed {
  const from = dateKind(x.type);
  const to = dateKind(target)!;
  if (x.sql === "null")
    return {
      sql: to === "datetimeoffset" ? "cast(null as text)" : `cast(null as ${pgTypeOf(target)})`,
      type: to === "datetimeoffset" ? withOffsetText(target) : target,
    };
  if (from === "date" && to === "time") {
    em.issue("CONVERT", line, "SQL Server does not convert date to time (explicit conversion is not allowed)");
    return { sql: "cast(null as time)", type: target };
  }
  if (from === "time" && to === "date") {
    em.issue("CONVERT", line, "SQL Server does not convert time to date (explicit conversion is not allowed)");
    return { sql: "cast(null as date)", type: target };
  }
  const scale = fractionScale(target);
  // A value held as text keeps its 100-ns digit into another 7-digit type, still as text.
  if (isTextHeld(x.type) && scale === 7 && (to === "datetime2" || to === "time")) {
    const t = wrap(x.sql);
    if (from === "time") return { sql: to === "time" ? x.sql : `('1900-01-01 ' || ${t})`, type: withExactText(target) };
    return { sql: to === "time" ? `substr(${t}, 12, 16)` : `left(${t}, 27)`, type: withExactText(target) };
  }
  const datetimeTick = from === "datetime" && (to === "datetime2" || to === "time" || to === "datetimeoffset");
  if (datetimeTick && scale === 7) {
    // The 1/300 s tick is exact only in 100-ns digits (.333 is 100/300 s, .3333333): canonical text.
    const { second, fraction } = datetimeParts(wrap(x.sql));
    const local = `(to_char(${second}, '${to === "time" ? "HH24:MI:SS" : "YYYY-MM-DD HH24:MI:SS"}') || '.' || lpad(${fraction}::text, 7, '0'))`;
    return to === "datetimeoffset"
      ? { sql: `(${local} || ' +00:00')`, type: withOffsetText(target) }
      : { sql: local, type: withExactText(target) };
  }
  if ((hasExactText(x.type) && (to === "datetime" || scale < 7)) || datetimeTick) {
    // Rounded once, from all seven digits (rounding to microseconds first could cross a boundary).
    const t = wrap(x.sql);
    const { second, fraction } =
      from === "datetime"
        ? datetimeParts(t)
        : from === "time"
          ? { second: `(date '1900-01-01' + left(${t}, 8)::time)`, fraction: `substr(${t}, 10, 7)::numeric` }
          : { second: `left(${t}, 19)::timestamp`, fraction: `substr(${t}, 21, 7)::numeric` };
    const rounded =
      to === "datetime"
        ? `(${second} + round(round(${fraction} * 0.00003) / 0.3) * interval '1 millisecond')::timestamp(3)`
        : `(${second} + round(${fraction} / ${10 ** (7 - scale)}) * ${10 ** (7 - scale) / 10} * interval '1 microsecond')`;
    if (to === "datetimeoffset") return { sql: offsetTextOf(rounded, "'+00:00'"), type: withOffsetText(target) };
    if (to === "time") return { sql: `${rounded}::time(${pgScale(target)})`, type: target };
    if (to === "date") return { sql: `${second}::date`, type: target };
    if (to === "smalldatetime") return { sql: roundToSmalldatetime(truncatedTimestamp(em, x, line)), type: target };
    return { sql: to === "datetime" ? rounded : `${rounded}::timestamp(${pgScale(target)})`, type: target };
  }
  if (hasExactText(x.type) && to === "datetimeoffset") {
    const t = wrap(x.sql);
    return { sql: `(${from === "time" ? `'1900-01-01 ' || ${t}` : t} || ' +00:00')`, type: withOffsetText(target) };
  }
  if (to === "datetimeoffset") {
    const type = withOffsetText(target);
    if (from === "datetimeoffset" && hasOffsetText(x.type)) {
      if (scale === 7) return { sql: x.sql, type };
      return {
        sql: offsetTextOf(
          roundTimestampTo(offsetTextLocal(wrap(x.sql)), target, from),
          `substr(${wrap(x.sql)}, 29, 6)`,
        ),
        type,
      };
    }
    const local = localTimestamp(em, x, line);
    const rounded =
      from === "datetime2" || from === "time" || from === "datetimeoffset"
        ? roundTimestampTo(local, target, from)
        : local;
    return { sql: offsetTextOf(rounded, "'+00:00'"), type };
  }
  if (from === to && to !== "datetime2" && to !== "time") return { sql: x.sql, type: target };
  if (to === "time" && from === "time" && !hasExactText(x.type))
    return { sql: `${wrap(x.sql)}::time(${pgScale(target)})`, type: target };
  const local = localTimestamp(em, x, line);
  return { sql: roundTimestampTo(local, target, from), type: target };
}

/**
 * A datetime's exact value as its whole second and its fraction in 100-ns units. datetime counts 1/300 s ticks and
 * shows them rounded to the millisecond (.000/.003/.007); converted to datetime2, time or datetimeoffset the tick
 * itself is carried, so .333 becomes .3333333 (datetime2-transact-sql.md, "Converting other date and time types to
 * the datetime2 data type").
 */
function datetimeParts(ts: string): { second: string; fraction: string } {
  return {
    second: `date_trunc('second', ${ts})`,
    fraction: `round(round((extract(microseconds from ${ts}) % 1000000) * 0.0003) * 100000 / 3.0)`,
  };
}

function pgTypeOf(t: DataType): string {
  switch (dateKind(t)) {
    case "date":
      return "date";
    case "time":
      return `time(${pgScale(t)})`;
    case "datetime":
      return "timestamp(3)";
    case "smalldatetime":
      return "timestamp(0)";
    case "datetimeoffset":
      return "text";
    default:
      return `timestamp(${pgScale(t)})`;
  }
}

/**
 * A string constant read as a date/time type the way SQL Server reads it (agents/tsql/date-strings: DATEFORMAT,
 * two-digit years, AM/PM, `T`, offsets, a time alone on 1900-01-01) and rounded to the type, or why SQL Server
 * would raise a conversion error (the caller flags it).
 */
export function dateTimeConstant(em: Emitter, text: string, target: DataType): Typed | { error: string } {
  const kind = dateKind(target)!;
  const read = readDateTimeString(text, kind, em.dateFormat);
  const r = "error" in read ? read : toKind(read, kind, fractionScale(target));
  if ("error" in r) return r;
  switch (kind) {
    case "date":
      return { sql: `date '${formatDate(r)}'`, type: target };
    case "datetime":
      return { sql: `timestamp '${formatDate(r)} ${formatTime(r.ticks, 3)}'`, type: target };
    case "smalldatetime":
      return { sql: `timestamp '${formatDate(r)} ${formatTime(r.ticks, 0)}'`, type: target };
    case "datetime2":
    case "time": {
      if (r.ticks % 10 !== 0) {
        // A 7th fractional digit: the value is carried as its canonical text.
        return {
          sql: quoteString(kind === "time" ? formatTime(r.ticks, 7) : `${formatDate(r)} ${formatTime(r.ticks, 7)}`),
          type: withExactText(target),
        };
      }
      const us = roundTicks(r, 10);
      if (kind === "time") return { sql: `time '${formatTime(us.ticks, 6)}'`, type: target };
      return { sql: `timestamp '${formatDate(us)} ${formatTime(us.ticks, 6)}'`, type: target };
    }
    case "datetimeoffset":
      return {
        sql: quoteString(`${formatDate(r)} ${formatTime(r.ticks, 7)} ${formatOffset(r.offset ?? 0)}`),
        type: withOffsetText(target),
      };
  }
}

/**
 * The string a value holds when its SQL is a string constant: a quoted literal, or one cast to a character type
 * (how a variable declared varchar/char and set to a literal is bound). undefined otherwise.
 */
export function stringConstant(x: Typed): string | undefined {
  const lit = /^'((?:[^']|'')*)'$/.exec(x.sql);
  if (lit) return lit[1]!.replaceAll("''", "'");
  const cast = /^cast\('((?:[^']|'')*)' as (?:varchar|char|text)(?:\((\d+)\))?\)$/.exec(x.sql);
  if (!cast) return undefined;
  const value = cast[1]!.replaceAll("''", "'");
  return cast[2] ? value.slice(0, Number(cast[2])) : value;
}

// ───────────────────────── AT TIME ZONE ─────────────────────────

/**
 * Windows time zone names (what SQL Server's AT TIME ZONE takes, sys.time_zone_info) → IANA names, from the
 * Unicode CLDR windowsZones mapping (territory "001"). PostgreSQL's tz database then gives the offsets and DST rules.
 */
export const WINDOWS_TIME_ZONES: Readonly<Record<string, string>> = {
  "Dateline Standard Time": "Etc/GMT+12",
  "UTC-11": "Etc/GMT+11",
  "Aleutian Standard Time": "America/Adak",
  "Hawaiian Standard Time": "Pacific/Honolulu",
  "Marquesas Standard Time": "Pacific/Marquesas",
  "Alaskan Standard Time": "America/Anchorage",
  "UTC-09": "Etc/GMT+9",
  "Pacific Standard Time (Mexico)": "America/Tijuana",
  "UTC-08": "Etc/GMT+8",
  "Pacific Standard Time": "America/Los_Angeles",
  "US Mountain Standard Time": "America/Phoenix",
  "Mountain Standard Time (Mexico)": "America/Mazatlan",
  "Mountain Standard Time": "America/Denver",
  "Yukon Standard Time": "America/Whitehorse",
  "Central America Standard Time": "America/Guatemala",
  "Central Standard Time": "America/Chicago",
  "Easter Island Standard Time": "Pacific/Easter",
  "Central Standard Time (Mexico)": "America/Mexico_City",
  "Canada Central Standard Time": "America/Regina",
  "SA Pacific Standard Time": "America/Bogota",
  "Eastern Standard Time (Mexico)": "America/Cancun",
  "Eastern Standard Time": "America/New_York",
  "Haiti Standard Time": "America/Port-au-Prince",
  "Cuba Standard Time": "America/Havana",
  "US Eastern Standard Time": "America/Indiana/Indianapolis",
  "Turks And Caicos Standard Time": "America/Grand_Turk",
  "Paraguay Standard Time": "America/Asuncion",
  "Atlantic Standard Time": "America/Halifax",
  "Venezuela Standard Time": "America/Caracas",
  "Central Brazilian Standard Time": "America/Cuiaba",
  "SA Western Standard Time": "America/La_Paz",
  "Pacific SA Standard Time": "America/Santiago",
  "Newfoundland Standard Time": "America/St_Johns",
  "Tocantins Standard Time": "America/Araguaina",
  "E. South America Standard Time": "America/Sao_Paulo",
  "SA Eastern Standard Time": "America/Cayenne",
  "Argentina Standard Time": "America/Argentina/Buenos_Aires",
  "Greenland Standard Time": "America/Nuuk",
  "Montevideo Standard Time": "America/Montevideo",
  "Magallanes Standard Time": "America/Punta_Arenas",
  "Saint Pierre Standard Time": "America/Miquelon",
  "Bahia Standard Time": "America/Bahia",
  "UTC-02": "Etc/GMT+2",
  "Mid-Atlantic Standard Time": "Etc/GMT+2",
  "Azores Standard Time": "Atlantic/Azores",
  "Cape Verde Standard Time": "Atlantic/Cape_Verde",
  UTC: "Etc/UTC",
  "GMT Standard Time": "Europe/London",
  "Greenwich Standard Time": "Atlantic/Reykjavik",
  "Sao Tome Standard Time": "Africa/Sao_Tome",
  "Morocco Standard Time": "Africa/Casablanca",
  "W. Europe Standard Time": "Europe/Berlin",
  "Central Europe Standard Time": "Europe/Budapest",
  "Romance Standard Time": "Europe/Paris",
  "Central European Standard Time": "Europe/Warsaw",
  "W. Central Africa Standard Time": "Africa/Lagos",
  "Jordan Standard Time": "Asia/Amman",
  "GTB Standard Time": "Europe/Bucharest",
  "Middle East Standard Time": "Asia/Beirut",
  "Egypt Standard Time": "Africa/Cairo",
  "E. Europe Standard Time": "Europe/Chisinau",
  "Syria Standard Time": "Asia/Damascus",
  "West Bank Standard Time": "Asia/Hebron",
  "South Africa Standard Time": "Africa/Johannesburg",
  "FLE Standard Time": "Europe/Kiev",
  "Israel Standard Time": "Asia/Jerusalem",
  "South Sudan Standard Time": "Africa/Juba",
  "Kaliningrad Standard Time": "Europe/Kaliningrad",
  "Sudan Standard Time": "Africa/Khartoum",
  "Libya Standard Time": "Africa/Tripoli",
  "Namibia Standard Time": "Africa/Windhoek",
  "Arabic Standard Time": "Asia/Baghdad",
  "Turkey Standard Time": "Europe/Istanbul",
  "Arab Standard Time": "Asia/Riyadh",
  "Belarus Standard Time": "Europe/Minsk",
  "Russian Standard Time": "Europe/Moscow",
  "E. Africa Standard Time": "Africa/Nairobi",
  "Volgograd Standard Time": "Europe/Volgograd",
  "Iran Standard Time": "Asia/Tehran",
  "Arabian Standard Time": "Asia/Dubai",
  "Astrakhan Standard Time": "Europe/Astrakhan",
  "Azerbaijan Standard Time": "Asia/Baku",
  "Russia Time Zone 3": "Europe/Samara",
  "Mauritius Standard Time": "Indian/Mauritius",
  "Saratov Standard Time": "Europe/Saratov",
  "Georgian Standard Time": "Asia/Tbilisi",
  "Caucasus Standard Time": "Asia/Yerevan",
  "Afghanistan Standard Time": "Asia/Kabul",
  "West Asia Standard Time": "Asia/Tashkent",
  "Ekaterinburg Standard Time": "Asia/Yekaterinburg",
  "Pakistan Standard Time": "Asia/Karachi",
  "Qyzylorda Standard Time": "Asia/Qyzylorda",
  "India Standard Time": "Asia/Kolkata",
  "Sri Lanka Standard Time": "Asia/Colombo",
  "Nepal Standard Time": "Asia/Kathmandu",
  "Central Asia Standard Time": "Asia/Bishkek",
  "Bangladesh Standard Time": "Asia/Dhaka",
  "Omsk Standard Time": "Asia/Omsk",
  "Myanmar Standard Time": "Asia/Yangon",
  "SE Asia Standard Time": "Asia/Bangkok",
  "Altai Standard Time": "Asia/Barnaul",
  "W. Mongolia Standard Time": "Asia/Hovd",
  "North Asia Standard Time": "Asia/Krasnoyarsk",
  "N. Central Asia Standard Time": "Asia/Novosibirsk",
  "Tomsk Standard Time": "Asia/Tomsk",
  "China Standard Time": "Asia/Shanghai",
  "North Asia East Standard Time": "Asia/Irkutsk",
  "Singapore Standard Time": "Asia/Singapore",
  "W. Australia Standard Time": "Australia/Perth",
  "Taipei Standard Time": "Asia/Taipei",
  "Ulaanbaatar Standard Time": "Asia/Ulaanbaatar",
  "Aus Central W. Standard Time": "Australia/Eucla",
  "Transbaikal Standard Time": "Asia/Chita",
  "Tokyo Standard Time": "Asia/Tokyo",
  "North Korea Standard Time": "Asia/Pyongyang",
  "Korea Standard Time": "Asia/Seoul",
  "Yakutsk Standard Time": "Asia/Yakutsk",
  "Cen. Australia Standard Time": "Australia/Adelaide",
  "AUS Central Standard Time": "Australia/Darwin",
  "E. Australia Standard Time": "Australia/Brisbane",
  "AUS Eastern Standard Time": "Australia/Sydney",
  "West Pacific Standard Time": "Pacific/Port_Moresby",
  "Tasmania Standard Time": "Australia/Hobart",
  "Vladivostok Standard Time": "Asia/Vladivostok",
  "Lord Howe Standard Time": "Australia/Lord_Howe",
  "Bougainville Standard Time": "Pacific/Bougainville",
  "Russia Time Zone 10": "Asia/Srednekolymsk",
  "Magadan Standard Time": "Asia/Magadan",
  "Norfolk Standard Time": "Pacific/Norfolk",
  "Sakhalin Standard Time": "Asia/Sakhalin",
  "Central Pacific Standard Time": "Pacific/Guadalcanal",
  "Russia Time Zone 11": "Asia/Kamchatka",
  "New Zealand Standard Time": "Pacific/Auckland",
  "UTC+12": "Etc/GMT-12",
  "Fiji Standard Time": "Pacific/Fiji",
  "Chatham Islands Standard Time": "Pacific/Chatham",
  "UTC+13": "Etc/GMT-13",
  "Tonga Standard Time": "Pacific/Tongatapu",
  "Samoa Standard Time": "Pacific/Apia",
  "Line Islands Standard Time": "Pacific/Kiritimati",
};

/** The IANA zone for a Windows time zone name (case-insensitive, as SQL Server matches it). */
export function ianaTimeZone(windowsName: string): string | undefined {
  const lower = windowsName.trim().toLowerCase();
  const key = Object.keys(WINDOWS_TIME_ZONES).find((k) => k.toLowerCase() === lower);
  return key ? WINDOWS_TIME_ZONES[key] : undefined;
}

/**
 * `x AT TIME ZONE 'Windows name'` (docs/t-sql/queries/at-time-zone-transact-sql.md): a value without an offset is
 * a local time in the zone — in a DST gap it moves forward with the offset after the change, in an overlap it
 * takes the offset before the change (the earlier instant; PostgreSQL would take the later) — and a
 * datetimeoffset is the same instant shown in the zone. The result is a datetimeoffset text.
 */
export function atTimeZone(em: Emitter, x: Typed, zoneName: string | undefined, line: number): Typed {
  const kind = dateKind(x.type);
  const scale =
    kind === "datetime2" || kind === "datetimeoffset" ? fractionScale(x.type!) : kind === "datetime" ? 3 : 7;
  const type = withOffsetText({ name: "datetimeoffset", scale });
  const zone = zoneName === undefined ? undefined : ianaTimeZone(zoneName);
  if (!zone) {
    em.issue(
      "AT TIME ZONE",
      line,
      zoneName === undefined
        ? "AT TIME ZONE with a zone only known at run time is not translated"
        : `${JSON.stringify(zoneName)} is not a Windows time zone name SQL Server knows`,
    );
    return { sql: "cast(null as text)", type };
  }
  if (
    kind !== undefined &&
    kind !== "datetime" &&
    kind !== "smalldatetime" &&
    kind !== "datetime2" &&
    kind !== "datetimeoffset"
  ) {
    em.issue(
      "AT TIME ZONE",
      line,
      `AT TIME ZONE takes smalldatetime, datetime, datetime2 or datetimeoffset, not ${kind}`,
    );
    return { sql: "cast(null as text)", type };
  }
  const z = quoteString(zone);
  const seventh = seventhDigit(x);
  // The instant "__a".a, then its local time "__l".l and offset "__l".m in the zone: each computed once and read by
  // name (written out at each use, one AT TIME ZONE grew past 50 KB of SQL).
  let instantFrom: string;
  if (kind === "datetimeoffset") instantFrom = `(select ${instant(em, x, line)} as a) as "__a"`;
  else {
    const local = `"__t".t`;
    const later = `(${local} at time zone ${z})`;
    // The same local time read with the offset in force a day earlier: a valid earlier reading in an overlap.
    const before = `(${later} - interval '1 day')`;
    const earlier = `((${local} - ((${before} at time zone ${z}) - (${before} at time zone 'UTC'))) at time zone 'UTC')`;
    const at = `case when ${earlier} < ${later} and (${earlier} at time zone ${z}) = ${local} then ${earlier} else ${later} end`;
    instantFrom = `(select ${wrap(truncatedTimestamp(em, x, line))} as t) as "__t" cross join lateral (select ${at} as a) as "__a"`;
  }
  const local = `("__a".a at time zone ${z})`;
  const minutes = `(extract(epoch from (${local} - ("__a".a at time zone 'UTC')))::integer / 60)`;
  const text = `to_char("__l".l, 'YYYY-MM-DD HH24:MI:SS.US') || ${seventh} || ' ' || ${offsetMinutesText(`"__l".m`)}`;
  return {
    sql: `(select ${text} as v from ${instantFrom} cross join lateral (select ${local} as l, ${minutes} as m) as "__l")`,
    type,
  };
}

/**
 * A comparison where a date/time operand is held as text: datetimeoffsets compare as instants (SQL Server
 * compares them in UTC), a 100-ns datetime2/time by its canonical 7-digit text, which sorts as the value.
 * undefined when no operand is held as text (PostgreSQL compares the values as they are).
 */
export function compareDateTimes(em: Emitter, op: string, l: Typed, r: Typed, line: number): Typed | undefined {
  if (!dateKind(l.type) || !dateKind(r.type) || (!isTextHeld(l.type) && !isTextHeld(r.type))) return undefined;
  const type = { name: "bit" };
  if (dateKind(l.type) === "datetimeoffset" || dateKind(r.type) === "datetimeoffset")
    return { sql: `${instant(em, l, line)} ${op} ${instant(em, r, line)}`, type };
  const times = dateKind(l.type) === "time" && dateKind(r.type) === "time";
  const canonical = (x: Typed) => {
    if (hasExactText(x.type))
      return dateKind(x.type) === "time" && !times ? `('1900-01-01 ' || ${wrap(x.sql)})` : x.sql;
    if (times) return `(to_char((${x.sql})::interval, 'HH24:MI:SS.US') || '0')`;
    return `(to_char(${localTimestamp(em, x, line)}, 'YYYY-MM-DD HH24:MI:SS.US') || '0')`;
  };
  return { sql: `${canonical(l)} ${op} ${canonical(r)}`, type };
}

/**
 * A string only known at run time converted to time(n), read as SQL Server reads a time
 * (docs/t-sql/data-types/time-transact-sql.md, "Supported string literal formats for time"): `hh[:mm[:ss[.fffffff]]]`
 * with optional AM/PM (an hour alone needs AM/PM), `:mmm` after the seconds meaning milliseconds, an offset that is
 * ignored, a numeric date before it skipped. The seven digits are kept (the value is built as canonical text, then
 * rounded to the scale once). A string in another form (a month name) goes to PostgreSQL's time input, which rejects
 * what it cannot read.
 */
export function stringToTime(em: Emitter, x: Typed, target: DataType, line: number): Typed {
  const v = `trim(${x.sql})`;
  // An ISO or numeric date before the time is read past (time keeps only the time of day).
  const pattern =
    "^(?:\\d{1,4}[-/.]\\d{1,2}[-/.]\\d{1,4}(?:\\s+|t)|\\d{8}\\s+)?(\\d{1,2})(?::(\\d{1,2})(?::(\\d{1,2})(?:(\\.)(\\d{0,7})|:(\\d{1,3}))?)?)?\\s*([ap]m)?\\s*(?:[+-]\\d{1,2}:\\d{1,2}|z)?$";
  const hour = `(case when m[7] is null then m[1]::integer when lower(m[7]) = 'am' then (case when m[1]::integer = 12 then 0 when m[1]::integer > 12 then 99 else m[1]::integer end) else (case when m[1]::integer = 12 then 12 when m[1]::integer > 12 then 99 else m[1]::integer + 12 end) end)`;
  const fraction = `(case when m[4] is not null then rpad(m[5], 7, '0') when m[6] is not null then lpad(m[6], 3, '0') || '0000' else '0000000' end)`;
  // Out-of-range fields go through PostgreSQL's time input, which rejects them as SQL Server does.
  const valid = `(m[2] is not null or m[7] is not null) and ${hour} <= 23 and coalesce(m[2], '0')::integer <= 59 and coalesce(m[3], '0')::integer <= 59`;
  const text = `lpad(${hour}::text, 2, '0') || ':' || lpad(coalesce(m[2], '0'), 2, '0') || ':' || lpad(coalesce(m[3], '0'), 2, '0') || '.' || ${fraction}`;
  const fallback = `(to_char((${v})::time::interval, 'HH24:MI:SS.US') || '0')`;
  const sql = `(select case when m is not null and ${valid} then ${text} else ${fallback} end as v from (select regexp_match(${v} collate "default", '${pattern}', 'i') as m) as "__time")`;
  const exact: Typed = { sql, type: withExactText({ name: "time", scale: 7 }) };
  return fractionScale(target) === 7 ? { sql, type: withExactText(target) } : convertDateTime(em, exact, target, line);
}

/**
 * A datetimeoffset returned as it is read from a table: PostgreSQL's timestamptz kept the instant but not the
 * offset SQL Server stores, so the value shown (in UTC) is not SQL Server's. Functions of the instant
 * (SWITCHOFFSET, AT TIME ZONE, DATEDIFF, comparisons) stay exact.
 */
export function offsetLostOnOutput(em: Emitter, x: Typed, line: number): void {
  if (dateKind(x.type) === "datetimeoffset" && !hasOffsetText(x.type) && x.sql !== "null") offsetLostIssue(em, line);
}
