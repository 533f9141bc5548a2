import { ENGLISH_MONTHS_LOWER } from "./calendar-names";
import { STYLE_DATEFORMAT, type DateFormat } from "./date-formats";

/**
 * How SQL Server reads a string as a date/time type, and rounds and bounds a value to each type: the one reader
 * behind the translator's constants and the ingester's data (docs/t-sql/data-types/datetime-transact-sql.md,
 * date-, datetime2-, datetimeoffset-, smalldatetime-, time-transact-sql.md "Supported string literal formats";
 * statements/set-dateformat-transact-sql.md; functions/cast-and-convert-transact-sql.md "Date and time styles").
 */

export type DateKind = "date" | "datetime" | "smalldatetime" | "datetime2" | "time" | "datetimeoffset";

/** A date-time: the local date, the time of day in 100-ns ticks and the offset written. */
export type DateTimeValue = {
  year: number;
  month: number;
  day: number;
  /** Time of day in 100-ns ticks (0 ≤ ticks < 864,000,000,000). */
  ticks: number;
  hasDate: boolean;
  hasTime: boolean;
  /** Fractional-second digits written after a period (after a colon, thousandths: 3). */
  fractionDigits: number;
  /** Offset written (`+05:10`, `Z`), in minutes. */
  offset?: number;
};

export type DateRead = DateTimeValue | { error: string };

export const TICKS_PER_SECOND = 10_000_000;
export const TICKS_PER_DAY = 86_400 * TICKS_PER_SECOND;

/** datetime and smalldatetime: the types before SQL Server 2008, with their own reading of a leading year. */
const isOld = (kind: DateKind) => kind === "datetime" || kind === "smalldatetime";

/**
 * Reads `text` the way SQL Server converts it to `kind` under `SET DATEFORMAT format`, or under a CONVERT `style`
 * (which fixes the order whatever DATEFORMAT says). The value is as written: round and bound it with `toKind`.
 * The error says why SQL Server would raise a conversion error.
 */
export function readDateTimeString(text: string, kind: DateKind, format: DateFormat, style?: number): DateRead {
  const fail = (why: string) => ({ error: `${JSON.stringify(text)} is not a valid ${kind}: ${why}` });
  // Styles 130 and 131 read a Hijri date, which no Gregorian day-month-year order reproduces.
  const order = style === undefined ? format : STYLE_DATEFORMAT[style];
  if (!order)
    return { error: `${JSON.stringify(text)} in CONVERT style ${style} is not read (no Gregorian date order)` };
  let s = text.trim();
  let offset: number | undefined;
  // An offset follows the time (or AM/PM): `…50.71345 -5:00`, `…01.1234567-07:00`, `…00Z`.
  const off = /(?<=\d|[ap]m)\s*(z|[+-]\d{1,2}:\d{1,2})$/i.exec(s);
  if (off) {
    offset = readOffset(off[1]!);
    if (offset === undefined) return fail(`offset ${off[1]} (offsets run from -14:00 to +14:00)`);
    // datetime and smalldatetime hold no offset; Z (UTC) is read for XML's sake (cast-and-convert style 127).
    if (isOld(kind) && !/^z$/i.test(off[1]!)) return fail(`${kind} takes no time zone offset`);
    s = s.slice(0, off.index).trim();
  }
  let datePart = s;
  let timePart = "";
  // ISO 8601 `yyyy-mm-ddThh:mm…`: every element written, never read under DATEFORMAT.
  const iso = /^(\d{4})-(\d{2})-(\d{2})T(.+)$/i.exec(s);
  if (iso) timePart = iso[4]!;
  else {
    // The time is the trailing token holding a colon, or an hour with AM/PM (`01AM`, `4 PM`).
    const t = /(?:^|\s)(\d{1,2}(?::\d{1,2}(?::\d{1,2}(?:[.:]\d*)?)?)?\s*(?:[ap]m)?)$/i.exec(s);
    if (t && (/:/.test(t[1]!) || /[ap]m$/i.test(t[1]!))) {
      timePart = t[1]!;
      datePart = s.slice(0, t.index).trim();
    }
  }
  const time = timePart ? readTime(timePart, isOld(kind) ? 3 : 7) : { ticks: 0, fractionDigits: 0 };
  if ("error" in time) return fail(time.error);
  let date: Ymd | { error: string } = { year: 1900, month: 1, day: 1 };
  if (iso) date = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  else if (datePart) date = readDate(datePart, order, isOld(kind));
  else if (!timePart) return fail("empty");
  if ("error" in date) return fail(date.error);
  if (date.year < 1 || date.year > 9999) return fail(`year ${date.year}`);
  if (date.month < 1 || date.month > 12) return fail(`month ${date.month}`);
  if (date.day < 1 || date.day > daysInMonth(date.year, date.month))
    return fail(`day ${date.day} of month ${date.month}`);
  return {
    ...date,
    ticks: time.ticks,
    hasDate: iso !== null || datePart !== "",
    hasTime: timePart !== "",
    fractionDigits: time.fractionDigits,
    ...(offset !== undefined ? { offset } : {}),
  };
}

/**
 * A value rounded to `kind` (datetime2, time and datetimeoffset to `scale` digits) and checked against the type's
 * range after rounding, as 9999-12-31 23:59:59.999 overflows a datetime.
 */
export function toKind(v: DateTimeValue, kind: DateKind, scale = 7): DateRead {
  let r: DateTimeValue;
  if (kind === "date") r = { ...v, ticks: 0 };
  else if (kind === "datetime") r = roundDatetime(v);
  else if (kind === "smalldatetime") r = roundSmalldatetime(v);
  else r = roundTicks(v, 10 ** (7 - Math.max(0, Math.min(7, scale))));
  if (kind === "time") return { ...r, year: 1900, month: 1, day: 1 };
  const error = rangeError(r, kind);
  return error ? { error: `${formatDate(v)} ${formatTime(v.ticks)} is out of range for ${kind}: ${error}` } : r;
}

/** The documented range of each type ("Date range" on each type's page). */
function rangeError(v: DateTimeValue, kind: DateKind): string | undefined {
  if (v.year < 1 || v.year > 9999) return "years run from 1 to 9999";
  if (kind === "datetime" && v.year < 1753) return "datetime covers 1753-01-01 to 9999-12-31";
  if (kind === "smalldatetime") {
    const d = formatDate(v);
    if (d < "1900-01-01" || d > "2079-06-06") return "smalldatetime covers 1900-01-01 to 2079-06-06 23:59";
  }
  return undefined;
}

type Ymd = { year: number; month: number; day: number };

const daysInMonth = (y: number, m: number) =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

/** Two-digit years: 00-49 → 20xx, 50-99 → 19xx (the default two digit year cutoff, 2049). */
function fullYear(text: string): number {
  const n = Number(text);
  return text.length <= 2 ? (n < 50 ? 2000 + n : 1900 + n) : n;
}

/** The full month name or its three-letter abbreviation, any case (datetime-transact-sql.md, "Apr[il]"). */
function monthFromName(word: string): number | undefined {
  const w = word.toLowerCase();
  const i = ENGLISH_MONTHS_LOWER.findIndex((m) => m === w || m.slice(0, 3) === w);
  return i < 0 ? undefined : i + 1;
}

/**
 * The time part: `hh:mm[:ss[.fffffff | :mmm]]`, optional AM/PM (`01AM` alone is an hour). `maxDigits`: the
 * fractional digits the type reads (datetime: 3, "n* is zero to three digits"; the newer types: 7).
 */
function readTime(text: string, maxDigits: number): { ticks: number; fractionDigits: number } | { error: string } {
  const m = /^(\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:(\.)(\d*)|:(\d*))?)?)?\s*([ap]m)?$/i.exec(text);
  if (!m) return { error: `time ${JSON.stringify(text)}` };
  let hh = Number(m[1]);
  const mi = Number(m[2] ?? 0);
  const ss = Number(m[3] ?? 0);
  let fraction = 0;
  let fractionDigits = 0;
  if (m[4]) {
    fractionDigits = m[5]!.length;
    if (fractionDigits > maxDigits) return { error: `${fractionDigits} fractional digits (at most ${maxDigits})` };
    fraction = Number((m[5]! || "0").padEnd(7, "0"));
  } else if (m[6] !== undefined) {
    // After a colon the digits are thousandths: 14:30:20:1 is 20.001 seconds ("14:30[:20:999]").
    if (m[6].length === 0 || m[6].length > 3) return { error: `milliseconds ${JSON.stringify(m[6])} after a colon` };
    fraction = Number(m[6]) * 10_000;
    fractionDigits = 3;
  }
  if (m[7]) {
    if (hh > 12) return { error: `hour ${hh} with ${m[7].toUpperCase()}` };
    const pm = m[7].toLowerCase() === "pm";
    hh = hh === 12 ? (pm ? 12 : 0) : pm ? hh + 12 : hh;
  }
  if (hh > 23 || mi > 59 || ss > 59) return { error: `time ${JSON.stringify(text)} out of range` };
  return { ticks: ((hh * 60 + mi) * 60 + ss) * TICKS_PER_SECOND + fraction, fractionDigits };
}

/** `+05:10`, `-5:00`, `+10:0`, `Z` → minutes (at most ±14:00). */
function readOffset(text: string): number | undefined {
  if (/^z$/i.test(text)) return 0;
  const m = /^([+-])(\d{1,2}):(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  if (Number(m[3]) > 59 || minutes > 14 * 60) return undefined;
  return m[1] === "-" ? -minutes : minutes;
}

/**
 * The date part: unseparated (`[yy]yymmdd`, `yyyy`), numeric separated by / - . in DATEFORMAT's order, or
 * alphabetic. `old`: datetime/smalldatetime, which read a leading four-digit year's month and day in DATEFORMAT's
 * order too (`1997-06-03` is 3 June under dmy); the newer types read it as ymd ("ydm isn't supported for date").
 */
function readDate(text: string, format: DateFormat, old: boolean): Ymd | { error: string } {
  let m: RegExpExecArray | null;
  // Six or eight digits are always ymd, whatever DATEFORMAT says; four are a year (date-transact-sql.md).
  if ((m = /^(\d{4}|\d{2})(\d{2})(\d{2})$/.exec(text))) {
    return { year: fullYear(m[1]!), month: Number(m[2]), day: Number(m[3]) };
  }
  if (/^\d{4}$/.test(text)) return { year: Number(text), month: 1, day: 1 };
  if ((m = /^(\d{1,4})([/.-])(\d{1,4})\2(\d{1,4})$/.exec(text))) {
    const parts = [m[1]!, m[3]!, m[4]!];
    // "Only four- or two-digit years are supported" (date-transact-sql.md); a day or month has one or two digits.
    if (parts.some((p) => p.length === 3)) return { error: `a three-digit number in ${JSON.stringify(text)}` };
    const yearAt = parts.findIndex((p) => p.length === 4);
    if (yearAt >= 0) {
      if (parts.filter((p) => p.length === 4).length > 1) return { error: `two years in ${JSON.stringify(text)}` };
      // "A four-part year is interpreted as the year"; month and day keep DATEFORMAT's order between them.
      const [a, b] = parts.filter((_, i) => i !== yearAt) as [string, string];
      const dayFirst = format.indexOf("d") < format.indexOf("m") && (yearAt > 0 || old);
      const [month, day] = dayFirst ? [b, a] : [a, b];
      return { year: Number(parts[yearAt]), month: Number(month), day: Number(day) };
    }
    const at = (c: string) => parts[format.indexOf(c)]!;
    return { year: fullYear(at("y")), month: Number(at("m")), day: Number(at("d")) };
  }
  // Alphabetic: a month name with a day and/or a year; commas optional, DATEFORMAT not applied. The docs list spaces
  // and commas between the parts; SQL Server reads hyphens too (`12-Apr-1996`, MarkMpn/Sql4Cds#657), which data
  // written in Oracle's dd-mon-yyyy relies on.
  const words = text.split(/[\s,-]+/).filter(Boolean);
  const months = words.filter((w) => monthFromName(w) !== undefined);
  if (months.length !== 1) return { error: `unrecognised date ${JSON.stringify(text)}` };
  const numbers = words.filter((w) => monthFromName(w) === undefined);
  const bad = numbers.find((w) => !/^\d{1,2}$|^\d{4}$/.test(w));
  if (bad !== undefined) return { error: `unknown word ${JSON.stringify(bad)}` };
  const month = monthFromName(months[0]!)!;
  const four = numbers.filter((w) => w.length === 4);
  // With the day missing, the year is written in full and the first of the month is supplied.
  if (numbers.length === 1)
    return four.length === 1 ? { year: Number(four[0]), month, day: 1 } : { error: "a month and a day without a year" };
  if (numbers.length !== 2 || four.length > 1) return { error: `expected a day and a year in ${JSON.stringify(text)}` };
  // A four-digit year stands anywhere; with two two-digit numbers the day comes first ("Apr[il] 15[,] [19]96").
  if (four.length === 1) return { year: Number(four[0]), month, day: Number(numbers.find((w) => w.length < 4)) };
  return { year: fullYear(numbers[1]!), month, day: Number(numbers[0]) };
}

// ───────────────────────── arithmetic, rounding, text ─────────────────────────

/** Days since 0001-01-01 of a date, and back (proleptic Gregorian, as SQL Server's date type). */
export function dayNumber(y: number, m: number, d: number): number {
  const date = new Date(Date.UTC(2000, m - 1, d));
  date.setUTCFullYear(y);
  return Math.round((date.getTime() - Date.UTC(2000, 0, 1)) / 86_400_000) + 730_119;
}

export function fromDayNumber(n: number): Ymd {
  const date = new Date(Date.UTC(2000, 0, 1) + (n - 730_119) * 86_400_000);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** A value moved by whole ticks (positive or negative), the date carried. */
export function addTicks(v: DateTimeValue, ticks: number): DateTimeValue {
  const total = v.ticks + ticks;
  const days = Math.floor(total / TICKS_PER_DAY);
  const date = fromDayNumber(dayNumber(v.year, v.month, v.day) + days);
  return { ...v, ...date, ticks: total - days * TICKS_PER_DAY };
}

/** Rounded half up to a multiple of `unit` ticks (datetime2(n)/time(n)/datetimeoffset(n): unit = 10^(7-n)). */
export function roundTicks(v: DateTimeValue, unit: number): DateTimeValue {
  const rest = v.ticks % unit;
  return addTicks(v, rest * 2 >= unit ? unit - rest : -rest);
}

/** datetime: rounded to 1/300 s, shown as .000/.003/.007 (half up: .995 → .997; docs datetime-transact-sql.md). */
export function roundDatetime(v: DateTimeValue): DateTimeValue {
  const inSecond = v.ticks % TICKS_PER_SECOND;
  const three = Math.floor((inSecond * 300 + TICKS_PER_SECOND / 2) / TICKS_PER_SECOND);
  const ms = Math.round((three * 10) / 3);
  return addTicks(v, ms * 10_000 - inSecond);
}

/**
 * smalldatetime: to the minute; "values that are 29.998 seconds or less are rounded down …, values of 29.999
 * seconds or more are rounded up" (docs smalldatetime-transact-sql.md).
 */
export function roundSmalldatetime(v: DateTimeValue): DateTimeValue {
  const minute = 60 * TICKS_PER_SECOND;
  const rest = v.ticks % minute;
  return addTicks(v, rest >= 299_990_000 ? minute - rest : -rest);
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

export function formatDate(v: Ymd): string {
  return `${pad(v.year, 4)}-${pad(v.month)}-${pad(v.day)}`;
}

/** `HH:MM:SS.fffffff` with `digits` fractional digits (0: no dot). */
export function formatTime(ticks: number, digits = 7): string {
  const seconds = Math.floor(ticks / TICKS_PER_SECOND);
  const fraction = pad(ticks % TICKS_PER_SECOND, 7).slice(0, digits);
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}${digits ? `.${fraction}` : ""}`;
}

/** `+hh:mm` / `-hh:mm` from minutes. */
export function formatOffset(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}
