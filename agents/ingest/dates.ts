import { STYLE_DATEFORMAT, type DateFormat, type DateParts } from "~/agents/tsql/date-formats";
import { ENGLISH_MONTHS_LOWER } from "~/agents/tsql/calendar-names";

export type DateTarget = "date" | "datetime" | "smalldatetime" | "datetime2" | "datetimeoffset" | "time";

export type DateResult = { value: string } | { error: string };

const MONTHS = ENGLISH_MONTHS_LOWER.map((m) => m.slice(0, 3));

/**
 * Reads a date/time string the way SQL Server converts it to `target` under `SET DATEFORMAT format`
 * (or a CONVERT `style`), and writes it as ISO `YYYY-MM-DD[ HH:MM:SS[.fff]]`.
 *
 * Rules reproduced: unseparated `yyyymmdd`/`yymmdd` and ISO `yyyy-mm-ddThh:mm:ss` ignore DATEFORMAT; other
 * numeric dates follow it; a leading 4-digit year reads y-d-m for datetime/smalldatetime under
 * dmy/dym/ydm (so `'1997-06-30'` is rejected there, as on a server); two-digit years use the 2049 cutoff;
 * English month names; `hh:mm:ss:mmm` means milliseconds; AM/PM; datetime rounds to 1/300 s and
 * smalldatetime to the minute.
 */
export function normaliseDateTime(
  input: string,
  target: DateTarget,
  format: DateFormat,
  style?: number,
  scale = 7,
): DateResult {
  const text = input.trim();
  let offset: string | undefined;
  let rest = text;
  const offsetMatch = /^(.*\d:\d\d(?:[.:]\d+)?)\s*(Z|[+-]\d{1,2}:\d{2})$/i.exec(text);
  if (offsetMatch) {
    rest = offsetMatch[1]!;
    offset = offsetMatch[2]!.toUpperCase() === "Z" ? "+00:00" : offsetMatch[2]!;
  }

  // A style this table does not know (a Hijri one, or one SQL Server refuses for a date) is not read under the
  // session's DATEFORMAT instead: that would load a different date than SQL Server holds.
  if (style !== undefined && !STYLE_DATEFORMAT[style])
    return { error: `${JSON.stringify(input)} in CONVERT style ${style} is not read (no Gregorian date order)` };
  const parts = parse(rest, target, style !== undefined ? STYLE_DATEFORMAT[style]! : format, style === undefined);
  if ("error" in parts) return { error: `${JSON.stringify(input)} is not a valid ${target}: ${parts.error}` };
  const rounded = round(parts, target, scale);
  const rangeError = checkRange(rounded, target);
  if (rangeError) return { error: `${JSON.stringify(input)} is out of range for ${target}: ${rangeError}` };
  return { value: format_(rounded, target, offset) };
}

function parse(
  text: string,
  target: DateTarget,
  format: DateFormat,
  yearFirstQuirk: boolean,
): DateParts | { error: string } {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?$/i.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, f] = iso;
    return checkParts({
      year: +y!,
      month: +mo!,
      day: +d!,
      hour: +h!,
      minute: +mi!,
      second: +(s ?? 0),
      fraction: f ?? "",
    });
  }
  let datePart = text;
  let time = { hour: 0, minute: 0, second: 0, fraction: "" };
  // Most data is a bare date: skip the time search when no time can be there.
  const timeMatch =
    !text.includes(":") && !/m$/i.test(text)
      ? null
      : /(?:^|\s+)(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:([.:])(\d+))?)?\s*([ap]m)?$|(?:^|\s+)(\d{1,2})\s*([ap]m)$/i.exec(
          text,
        );
  if (timeMatch) {
    datePart = text.slice(0, timeMatch.index).trim();
    const parsed = readTime(timeMatch);
    if ("error" in parsed) return parsed;
    time = parsed;
  }
  if (datePart === "") return checkParts({ year: 1900, month: 1, day: 1, ...time });
  const date = readDate(datePart, target, format, yearFirstQuirk);
  if ("error" in date) return date;
  return checkParts({ ...date, ...time });
}

function readTime(
  m: RegExpExecArray,
): { hour: number; minute: number; second: number; fraction: string } | { error: string } {
  let hour = Number(m[1] ?? m[7]);
  const minute = Number(m[2] ?? 0);
  const second = Number(m[3] ?? 0);
  // `12:30:20:1` is 1 ms (colon: thousandths); `12:30:20.1` is 100 ms (period: a decimal fraction).
  const fraction = m[5] === undefined ? "" : m[4] === ":" ? m[5].padStart(3, "0").slice(-3) : m[5];
  const ampm = (m[6] ?? m[8])?.toUpperCase();
  if (ampm) {
    if (hour < 1 || hour > 12) return { error: `hour ${hour} with ${ampm}` };
    if (ampm === "AM" && hour === 12) hour = 0;
    if (ampm === "PM" && hour < 12) hour += 12;
  }
  return { hour, minute, second, fraction };
}

function readDate(
  text: string,
  target: DateTarget,
  format: DateFormat,
  yearFirstQuirk: boolean,
): { year: number; month: number; day: number } | { error: string } {
  const unseparated = /^(\d{4}|\d{2})(\d{2})(\d{2})$/.exec(text);
  if (unseparated) return { year: year(unseparated[1]!), month: +unseparated[2]!, day: +unseparated[3]! };
  if (/^\d{4}$/.test(text)) return { year: +text, month: 1, day: 1 };

  const numeric = /^(\d{1,4})([-/.])(\d{1,4})\2(\d{1,4})$/.exec(text);
  if (numeric) {
    const [a, b, c] = [numeric[1]!, numeric[3]!, numeric[4]!];
    if (a.length >= 3) {
      const ydm =
        yearFirstQuirk &&
        (target === "datetime" || target === "smalldatetime") &&
        format.indexOf("d") < format.indexOf("m");
      return ydm ? { year: +a, day: +b, month: +c } : { year: +a, month: +b, day: +c };
    }
    let order: string = format;
    const monthBeforeDay = format.indexOf("m") < format.indexOf("d");
    if (c.length >= 3 && order[2] !== "y") order = monthBeforeDay ? "mdy" : "dmy";
    else if (b.length >= 3 && order[1] !== "y") order = monthBeforeDay ? "myd" : "dym";
    const values = [a, b, c];
    return {
      year: year(values[order.indexOf("y")]!),
      month: +values[order.indexOf("m")]!,
      day: +values[order.indexOf("d")]!,
    };
  }

  if (/[a-z]/i.test(text)) {
    const words = text.split(/[\s,./-]+/).filter(Boolean);
    let month = 0;
    const numbers: string[] = [];
    for (const word of words) {
      if (/^\d+$/.test(word)) numbers.push(word);
      else {
        const index = MONTHS.indexOf(word.slice(0, 3).toLowerCase());
        if (index === -1 || month !== 0) return { error: `unknown word ${JSON.stringify(word)}` };
        month = index + 1;
      }
    }
    if (month === 0) return { error: "no month name" };
    if (numbers.length === 1 && numbers[0]!.length === 4) return { year: +numbers[0]!, month, day: 1 };
    if (numbers.length !== 2) return { error: "expected a day and a year with the month name" };
    const yearIndex = numbers[0]!.length === 4 ? 0 : 1;
    return { year: year(numbers[yearIndex]!), month, day: +numbers[1 - yearIndex]! };
  }
  return { error: "unrecognised format" };
}

/** Two-digit years: SQL Server's default cutoff reads 00–49 as 20xx and 50–99 as 19xx. */
function year(text: string): number {
  const value = Number(text);
  if (text.length > 2) return value;
  return value < 50 ? 2000 + value : 1900 + value;
}

function checkParts(p: DateParts): DateParts | { error: string } {
  if (p.month < 1 || p.month > 12) return { error: `month ${p.month}` };
  if (p.day < 1 || p.day > daysInMonth(p.year, p.month)) return { error: `day ${p.day} of month ${p.month}` };
  if (p.hour > 23 || p.minute > 59 || p.second > 59) return { error: "time out of range" };
  return p;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function round(p: DateParts, target: DateTarget, scale: number): DateParts {
  if (target === "date") return { ...p, hour: 0, minute: 0, second: 0, fraction: "" };
  if (target === "datetime") {
    // datetime stores 1/300 s ticks: .000/.003/.007, rounding half up (.999 becomes the next second).
    const ms = Number(p.fraction.padEnd(3, "0").slice(0, 3));
    const ticks = Math.floor((ms * 3 + 5) / 10);
    const rounded = Math.floor((ticks * 10 + 1) / 3);
    return carry(p, rounded >= 1000 ? 1 : 0, rounded >= 1000 ? "" : pad(rounded, 3));
  }
  if (target === "smalldatetime") {
    const ms = p.second * 1000 + Number(p.fraction.padEnd(3, "0").slice(0, 3));
    return carry({ ...p, second: 0 }, ms >= 29_999 ? 60 : 0, "");
  }
  const digits = Math.max(0, Math.min(7, scale));
  const full = p.fraction.padEnd(digits + 1, "0");
  let kept = digits === 0 ? 0 : Number(full.slice(0, digits));
  if (Number(full[digits]) >= 5) kept++;
  if (kept >= 10 ** digits && digits > 0) return carry(p, 1, "");
  if (digits === 0) return carry(p, Number(full[0]) >= 5 ? 1 : 0, "");
  return { ...p, fraction: pad(kept, digits) };
}

/** Adds seconds with calendar carry (23:59:59.999 rounds to the next day). */
function carry(p: DateParts, seconds: number, fraction: string): DateParts {
  if (seconds === 0) return { ...p, fraction };
  const d = new Date(0);
  d.setUTCFullYear(p.year, p.month - 1, p.day);
  d.setUTCHours(p.hour, p.minute, p.second + seconds, 0);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    fraction,
  };
}

function checkRange(p: DateParts, target: DateTarget): string | undefined {
  if (target === "datetime" && (p.year < 1753 || p.year > 9999)) return "datetime covers 1753 to 9999";
  if (
    target === "smalldatetime" &&
    (p.year < 1900 || p.year > 2079 || (p.year === 2079 && (p.month > 6 || (p.month === 6 && p.day > 6))))
  ) {
    return "smalldatetime covers 1900-01-01 to 2079-06-06";
  }
  if (p.year < 1 || p.year > 9999) return "years run from 1 to 9999";
  return undefined;
}

function format_(p: DateParts, target: DateTarget, offset: string | undefined): string {
  const date = `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}`;
  if (target === "date") return date;
  const trimmed = p.fraction.replace(/0+$/, "");
  const time = `${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}${trimmed ? `.${target === "datetime" ? p.fraction : trimmed}` : ""}`;
  if (target === "time") return time;
  if (target === "datetimeoffset") return `${date} ${time}${normaliseOffset(offset ?? "+00:00")}`;
  return `${date} ${time}`;
}

function normaliseOffset(offset: string): string {
  const m = /^([+-])(\d{1,2}):(\d{2})$/.exec(offset);
  return m ? `${m[1]}${m[2]!.padStart(2, "0")}:${m[3]}` : offset;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");
