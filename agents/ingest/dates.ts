import type { DateFormat } from "~/agents/tsql/date-formats";
import {
  formatDate,
  formatOffset,
  formatTime,
  readDateTimeString,
  toKind,
  type DateKind,
  type DateTimeValue,
} from "~/agents/tsql/date-strings";

export type DateResult = { value: string } | { error: string };

/**
 * A date/time string as the value a `target` column holds, written as PostgreSQL reads it back: ISO
 * `YYYY-MM-DD[ HH:MM:SS[.fff]]`, a datetimeoffset with its `+hh:mm`. SQL Server's reading (DATEFORMAT or a
 * CONVERT `style`, rounding, range) is agents/tsql/date-strings. `readAs`: the type a CAST in the script reads
 * the string as first (`CAST('…' AS date)` into a datetime column), then converted to `target`.
 */
export function normaliseDateTime(
  input: string,
  target: DateKind,
  format: DateFormat,
  style?: number,
  scale = 7,
  readAs: DateKind = target,
): DateResult {
  const read = readDateTimeString(input, readAs, format, style);
  if ("error" in read) return read;
  const first = toKind(read, readAs, scale);
  if ("error" in first) return first;
  const value = readAs === target ? first : toKind(first, target, scale);
  return "error" in value ? value : { value: written(value, target) };
}

function written(v: DateTimeValue, target: DateKind): string {
  const date = formatDate(v);
  if (target === "date") return date;
  // datetime shows its three digits (.100); the others only the digits that are not trailing zeros.
  const digits = target === "datetime" ? 3 : target === "smalldatetime" ? 0 : 7;
  const fraction = v.ticks % 10_000_000 === 0 ? formatTime(v.ticks, 0) : formatTime(v.ticks, digits);
  const time = target === "datetime" ? fraction : fraction.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  if (target === "time") return time;
  if (target === "datetimeoffset") return `${date} ${time}${formatOffset(v.offset ?? 0)}`;
  return `${date} ${time}`;
}
