import { inJinja, sqlIdentifier, sqlString } from "~/agents/escape";
import type { DateFormat } from "~/agents/tsql/date-formats";
import { ENGLISH_MONTHS_LOWER } from "~/agents/tsql/calendar-names";

/**
 * Small pure helpers for emitting PostgreSQL text: identifiers, string literals, T-SQL datetime literals and
 * LIKE patterns.
 */

/** An identifier in a model's SQL, which dbt renders as Jinja: inert whatever the name holds (agents/escape). */
export function quoteIdent(name: string): string {
  return inJinja(sqlIdentifier(name));
}

/** A string literal in a model's SQL, inert as Jinja whatever the value holds (agents/escape). */
export function quoteString(value: string): string {
  return inJinja(sqlString(value));
}

// ───────────────────────── date and time strings ─────────────────────────
// How SQL Server reads a string as a date/time (docs/t-sql/data-types/datetime-transact-sql.md "Supported string
// literal formats", date-transact-sql.md, time-transact-sql.md, datetimeoffset-transact-sql.md).

/** A date-time as read from a string: the local date, the time of day in 100-ns ticks and the offset written. */
export type DateTimeValue = {
  year: number;
  month: number;
  day: number;
  /** Time of day in 100-ns ticks (0 ≤ ticks < 864,000,000,000). */
  ticks: number;
  hasDate: boolean;
  hasTime: boolean;
  /** Fractional-second digits written after a dot (a colon means milliseconds). */
  fractionDigits: number;
  /** Offset written (`+05:10`, `Z`), in minutes. */
  offset?: number;
};

export const TICKS_PER_SECOND = 10_000_000;
export const TICKS_PER_DAY = 86_400 * TICKS_PER_SECOND;

function monthFromName(word: string): number | undefined {
  const w = word.toLowerCase();
  if (w.length < 3) return undefined;
  const i = ENGLISH_MONTHS_LOWER.findIndex((m) => m === w || m.slice(0, 3) === w);
  return i < 0 ? undefined : i + 1;
}

const daysInMonth = (y: number, m: number) =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

/** Two-digit years: 00-49 → 20xx, 50-99 → 19xx (the default two digit year cutoff, 2049). */
function fullYear(text: string): number {
  const n = Number(text);
  return text.length <= 2 ? (n < 50 ? 2000 + n : 1900 + n) : n;
}

/** The time part: `hh:mm[:ss[.fffffff | :mmm]]`, optional AM/PM (`01AM` alone is an hour). */
function readTime(text: string): { ticks: number; fractionDigits: number } | undefined {
  const m = /^(\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:(\.)(\d{0,7})|:(\d{1,3}))?)?)?\s*([ap]m)?$/i.exec(text);
  if (!m || (m[2] === undefined && !m[7])) return undefined;
  let hh = Number(m[1]);
  const mi = Number(m[2] ?? 0);
  const ss = Number(m[3] ?? 0);
  let fraction = 0;
  let fractionDigits = 0;
  if (m[4]) {
    fractionDigits = m[5]!.length;
    fraction = Number((m[5]! || "0").padEnd(7, "0"));
  } else if (m[6] !== undefined) {
    // After a colon the digits are thousandths: 12:30:20:1 is 20.001 seconds.
    fraction = Number(m[6]) * 10_000;
    fractionDigits = 3;
  }
  if (m[7]) {
    if (hh > 12) return undefined;
    const pm = m[7].toLowerCase() === "pm";
    hh = hh === 12 ? (pm ? 12 : 0) : pm ? hh + 12 : hh;
  }
  if (hh > 23 || mi > 59 || ss > 59) return undefined;
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

type Ymd = { year: number; month: number; day: number };

/** The date part: numeric (separated by / - ., ordered by DATEFORMAT), unseparated, or with a month name. */
function readDate(text: string, format: DateFormat, isoYmd: boolean): Ymd | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(text)) || (m = /^(\d{2})(\d{2})(\d{2})$/.exec(text))) {
    return { year: fullYear(m[1]!), month: Number(m[2]), day: Number(m[3]) };
  }
  if (/^\d{4}$/.test(text)) return { year: Number(text), month: 1, day: 1 };
  if ((m = /^(\d{1,4})([/.-])(\d{1,4})\2(\d{1,4})$/.exec(text))) {
    const parts = [m[1]!, m[3]!, m[4]!];
    const yearAt = parts.findIndex((p) => p.length === 4);
    const dayFirst = format.indexOf("d") < format.indexOf("m");
    if (yearAt >= 0) {
      if (parts.some((p, i) => i !== yearAt && p.length > 2)) return undefined;
      const [a, b] = parts.filter((_, i) => i !== yearAt);
      // yyyy-mm-dd is ISO 8601 for date, datetime2 and datetimeoffset; otherwise month and day keep DATEFORMAT's order.
      const ymd = yearAt === 0 && m[2] === "-" && isoYmd;
      const [month, day] = dayFirst && !ymd ? [b!, a!] : [a!, b!];
      return { year: Number(parts[yearAt]), month: Number(month), day: Number(day) };
    }
    if (parts.some((p) => p.length > 2)) return undefined;
    const at = (c: string) => parts[format.indexOf(c)]!;
    return { year: fullYear(at("y")), month: Number(at("m")), day: Number(at("d")) };
  }
  // Alphabetic: a month name with a day and/or a year, in any of the documented orders.
  const words = text.split(/[\s,]+/).filter(Boolean);
  const monthAt = words.findIndex((w) => monthFromName(w) !== undefined);
  if (monthAt < 0 || words.length > 3) return undefined;
  const numbers = words.filter((_, i) => i !== monthAt);
  if (!numbers.every((w) => /^\d{1,4}$/.test(w))) return undefined;
  const month = monthFromName(words[monthAt]!)!;
  if (numbers.length === 1) return numbers[0]!.length === 4 ? { year: Number(numbers[0]), month, day: 1 } : undefined;
  if (numbers.length !== 2) return undefined;
  const four = numbers.findIndex((w) => w.length === 4);
  if (four >= 0) return { year: Number(numbers[four]), month, day: Number(numbers[1 - four]) };
  return { year: fullYear(numbers[1]!), month, day: Number(numbers[0]) };
}

/**
 * Reads a string the way SQL Server converts it to a date/time type: a date, a time, or both (space or `T`
 * between), an optional offset. `isoYmd` is true for date/datetime2/datetimeoffset, where `yyyy-mm-dd` does not
 * depend on DATEFORMAT. undefined when SQL Server would not read it.
 */
export function readDateTimeString(text: string, format: DateFormat = "mdy", isoYmd = true): DateTimeValue | undefined {
  let s = text.trim();
  let offset: number | undefined;
  // An offset follows the time (or AM/PM): `…50.71345 -5:00`, `…01.1234567-07:00`, `…00Z`.
  const off = /(?<=\d|[ap]m)\s*(z|[+-]\d{1,2}:\d{1,2})$/i.exec(s);
  if (off) {
    offset = readOffset(off[1]!);
    if (offset === undefined) return undefined;
    s = s.slice(0, off.index).trim();
  }
  let datePart = s;
  let timePart = "";
  const iso = /^(\d{4}-\d{2}-\d{2})T(.+)$/i.exec(s);
  if (iso) [datePart, timePart] = [iso[1]!, iso[2]!];
  else {
    // The time is the trailing token holding a colon, or an hour with AM/PM (`01AM`, `12 PM`).
    const t = /(?:^|\s)(\d{1,2}(?::\d{1,2}(?::\d{1,2}(?:[.:]\d{0,7})?)?)?\s*(?:[ap]m)?)$/i.exec(s);
    if (t && (/:/.test(t[1]!) || /[ap]m$/i.test(t[1]!))) {
      timePart = t[1]!;
      datePart = s.slice(0, t.index).trim();
    }
  }
  const time = timePart ? readTime(timePart) : { ticks: 0, fractionDigits: 0 };
  if (!time) return undefined;
  let date: Ymd = { year: 1900, month: 1, day: 1 };
  if (datePart) {
    const d = readDate(datePart, format, isoYmd);
    if (!d) return undefined;
    date = d;
  } else if (!timePart) return undefined;
  if (
    date.year < 1 ||
    date.year > 9999 ||
    date.month < 1 ||
    date.month > 12 ||
    date.day < 1 ||
    date.day > daysInMonth(date.year, date.month)
  )
    return undefined;
  return {
    ...date,
    ticks: time.ticks,
    hasDate: datePart !== "",
    hasTime: timePart !== "",
    fractionDigits: time.fractionDigits,
    ...(offset !== undefined ? { offset } : {}),
  };
}

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

/** smalldatetime: to the minute; 29.998 seconds or more round up (docs smalldatetime-transact-sql.md). */
export function roundSmalldatetime(v: DateTimeValue): DateTimeValue {
  const minute = 60 * TICKS_PER_SECOND;
  const rest = v.ticks % minute;
  return addTicks(v, rest >= 29.998 * TICKS_PER_SECOND ? minute - rest : -rest);
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

/**
 * Reads a T-SQL datetime string literal the way SQL Server does under `SET DATEFORMAT mdy` / us_english and
 * returns it as a datetime shows it, `YYYY-MM-DD HH:MM:SS.mmm` (1/300 s rounding), or undefined when SQL Server
 * would reject it as a datetime (before 1753, more than 3 fractional digits, an offset).
 */
export function parseDateLiteral(text: string, format: DateFormat = "mdy"): string | undefined {
  const v = readDateTimeString(text, format, false);
  if (!v || v.year < 1753 || v.fractionDigits > 3 || (v.offset !== undefined && !/z$/i.test(text.trim())))
    return undefined;
  const r = roundDatetime(v);
  return `${formatDate(r)} ${formatTime(r.ticks, 3)}`;
}

/**
 * A T-SQL LIKE pattern as an anchored POSIX regex (for `~*`): `%` → `.*`, `_` → `.`, `[a-c]`/`[^a]` classes kept,
 * everything else literal. `escape` is the LIKE ESCAPE character, if any.
 */
export function likeToRegex(pattern: string, escape?: string): string {
  let out = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (escape && c === escape && i + 1 < pattern.length) {
      out += regexEscape(pattern[++i]!);
    } else if (c === "%") out += ".*";
    else if (c === "_") out += ".";
    else if (c === "[") {
      const close = pattern.indexOf("]", i + 2);
      if (close < 0) {
        out += "\\[";
        continue;
      }
      let body = pattern.slice(i + 1, close);
      let neg = "";
      if (body.startsWith("^")) {
        neg = "^";
        body = body.slice(1);
      }
      const cls = body.replace(/[\\[\]^]/g, (x) => `\\${x}`);
      out += `[${neg}${cls}]`;
      i = close;
    } else out += regexEscape(c);
  }
  return out + "$";
}

function regexEscape(c: string): string {
  return /[.^$*+?()[\]{}|\\]/.test(c) ? `\\${c}` : c;
}

/** Does a LIKE pattern need a regex (bracket classes), or can PostgreSQL's LIKE take it as is? */
export function likeNeedsRegex(pattern: string): boolean {
  return /\[/.test(pattern);
}
