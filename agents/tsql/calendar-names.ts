/**
 * Month and weekday names, January and Sunday first, as the .NET cultures behind FORMAT and PARSE write them;
 * the English ones are also what SQL Server reads in date strings under us_english (docs:
 * datetime-transact-sql.md, "Alphabetical date format"). Compare them lower-cased: a date string may be in any case.
 */
export const CALENDAR_NAMES: Record<"en" | "de" | "fr", { months: readonly string[]; days: readonly string[] }> = {
  en: {
    months: [
      "January",
      "February",
      "March",
      "April",
      "May",
      "June",
      "July",
      "August",
      "September",
      "October",
      "November",
      "December",
    ],
    days: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
  },
  de: {
    months: [
      "Januar",
      "Februar",
      "März",
      "April",
      "Mai",
      "Juni",
      "Juli",
      "August",
      "September",
      "Oktober",
      "November",
      "Dezember",
    ],
    days: ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"],
  },
  fr: {
    months: [
      "janvier",
      "février",
      "mars",
      "avril",
      "mai",
      "juin",
      "juillet",
      "août",
      "septembre",
      "octobre",
      "novembre",
      "décembre",
    ],
    days: ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
  },
};

/** English month names in lower case, for reading date strings. */
export const ENGLISH_MONTHS_LOWER = CALENDAR_NAMES.en.months.map((m) => m.toLowerCase());
