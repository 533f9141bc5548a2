/**
 * How the order of day, month and year in a date string is decided: SET DATEFORMAT, and the CONVERT styles that
 * fix it whatever DATEFORMAT says. For the translator and the ingester alike.
 */

/** SET DATEFORMAT: the order of month, day and year in numeric dates (docs: set-dateformat-transact-sql.md). */
export type DateFormat = "mdy" | "dmy" | "ymd" | "ydm" | "myd" | "dym";
export const DATE_FORMATS: readonly DateFormat[] = ["mdy", "dmy", "ymd", "ydm", "myd", "dym"];

export const isDateFormat = (word: string): word is DateFormat => (DATE_FORMATS as readonly string[]).includes(word);

/**
 * The order a CONVERT style reads a date string in (docs cast-and-convert-transact-sql.md, "Date and time styles").
 * Styles 130 and 131 are absent on purpose: they read a Hijri (Islamic calendar) date, which no day-month-year order
 * of the Gregorian calendar reproduces, so both readers refuse them.
 */
export const STYLE_DATEFORMAT: Record<number, DateFormat> = {
  0: "mdy",
  100: "mdy",
  1: "mdy",
  101: "mdy",
  9: "mdy",
  109: "mdy",
  10: "mdy",
  110: "mdy",
  7: "mdy",
  107: "mdy",
  22: "mdy",
  3: "dmy",
  103: "dmy",
  4: "dmy",
  104: "dmy",
  5: "dmy",
  105: "dmy",
  6: "dmy",
  106: "dmy",
  13: "dmy",
  113: "dmy",
  2: "ymd",
  102: "ymd",
  11: "ymd",
  111: "ymd",
  12: "ymd",
  112: "ymd",
  20: "ymd",
  120: "ymd",
  21: "ymd",
  121: "ymd",
  23: "ymd",
  126: "ymd",
  127: "ymd",
  8: "mdy",
  108: "mdy",
  14: "mdy",
  114: "mdy",
  24: "mdy",
};

/** A date and time as read from a string, before rounding to a type: the fraction is its digits as written. */
export type DateParts = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  fraction: string;
};

/**
 * SET LANGUAGE: a language's date order and first day of the week (sys.syslanguages' dateformat and datefirst),
 * by its name and its alias, lower-cased. Only these settings are carried over; month and day names and the
 * language's culture are not (the translator flags what reads or writes them under another language than English).
 */
export type Language = { name: string; dateFormat: DateFormat; dateFirst: number };

const LANGUAGE_LIST: readonly [string[], DateFormat, number][] = [
  [["us_english", "english"], "mdy", 7],
  [["british"], "dmy", 1],
  [["deutsch", "german"], "dmy", 1],
  [["français", "french"], "dmy", 1],
  [["italiano", "italian"], "dmy", 1],
  [["español", "spanish"], "dmy", 1],
  [["nederlands", "dutch"], "dmy", 1],
  [["svenska", "swedish"], "ymd", 1],
  [["magyar", "hungarian"], "ymd", 1],
  [["日本語", "japanese"], "ymd", 7],
];

export const LANGUAGES: ReadonlyMap<string, Language> = new Map(
  LANGUAGE_LIST.flatMap(([names, dateFormat, dateFirst]) =>
    names.map((n) => [n, { name: names[0]!, dateFormat, dateFirst }] as const),
  ),
);
