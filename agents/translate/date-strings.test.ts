import { describe, expect, it } from "vitest";
import { normaliseDateTime } from "~/agents/ingest/dates";
import type { DateKind } from "~/agents/tsql/date-strings";
import type { DateFormat } from "~/agents/tsql/date-formats";
import { renderJinja, translate } from "./testing/harness";
import { shopDatabaseForThisFile } from "./testing/database";

/**
 * One reading of date/time strings (agents/tsql/date-strings) on both paths that use it: the ingester loading a
 * value into a column, and the translator folding `CAST('…' AS type)` into a constant, run on real PostgreSQL.
 * Each row is SQL Server's documented reading; `null` is a conversion error (a load error or a review item).
 */

const db = shopDatabaseForThisFile();

/** SQL Server's display of a value: datetime with 3 fractional digits, datetime2 and time with 7. */
function display(kind: DateKind, text: string): string {
  const digits = kind === "datetime" ? 3 : kind === "datetime2" || kind === "time" ? 7 : 0;
  if (digits === 0) return text;
  const [whole, fraction = ""] = text.split(".");
  return `${whole}.${fraction.padEnd(digits, "0")}`;
}

function ingested(text: string, kind: DateKind, format: DateFormat): string | null {
  const read = normaliseDateTime(text, kind, format);
  return "error" in read ? null : display(kind, read.value);
}

async function translated(text: string, kind: DateKind, format: DateFormat): Promise<string | null> {
  const literal = text.replaceAll("'", "''");
  const t = translate(
    `create procedure p as begin set dateformat ${format}; select cast('${literal}' as ${kind}) as v end`,
  );
  if (t.issues.length > 0) {
    expect(t.issues.map((i) => i.construct)).toEqual(["datetime literal"]);
    return null;
  }
  const rows = await db.sql.unsafe(`select (v)::text as v from (${renderJinja(t.sql, {})}) as q`);
  return display(kind, rows[0]!.v as string);
}

type Row = [text: string, kind: DateKind, format: DateFormat, expected: string | null];

const DOCUMENTED: { page: string; rows: Row[] }[] = [
  {
    page: "docs/t-sql/data-types/datetime-transact-sql.md, Supported String Literal Formats (numeric, each DATEFORMAT)",
    rows: [
      ["4/15/96", "datetime", "mdy", "1996-04-15 00:00:00.000"],
      ["04-15-1996", "datetime", "mdy", "1996-04-15 00:00:00.000"],
      ["4.15.1996", "datetime", "mdy", "1996-04-15 00:00:00.000"],
      ["4/1996/15", "datetime", "myd", "1996-04-15 00:00:00.000"],
      ["15/04/1996", "datetime", "dmy", "1996-04-15 00:00:00.000"],
      ["15/1996/04", "datetime", "dym", "1996-04-15 00:00:00.000"],
      ["1996/15/04", "datetime", "ydm", "1996-04-15 00:00:00.000"],
      ["1996/04/15", "datetime", "ymd", "1996-04-15 00:00:00.000"],
      ["15/04/1996", "datetime", "mdy", null],
      ["12/10/08", "date", "mdy", "2008-12-10"],
      ["12/10/08", "date", "dmy", "2008-10-12"],
      ["12/10/08", "date", "ymd", "2012-10-08"],
    ],
  },
  {
    page: "datetime-transact-sql.md, time formats 14:30, 14:30[:20:999], 14:30[:20.9], 4am, 4 PM",
    rows: [
      ["14:30", "datetime", "mdy", "1900-01-01 14:30:00.000"],
      ["14:30:20:997", "datetime", "mdy", "1900-01-01 14:30:20.997"],
      ["14:30:20:1", "datetime", "mdy", "1900-01-01 14:30:20.000"],
      ["14:30:20.9", "datetime", "mdy", "1900-01-01 14:30:20.900"],
      ["4am", "datetime", "mdy", "1900-01-01 04:00:00.000"],
      ["4 PM", "datetime", "mdy", "1900-01-01 16:00:00.000"],
      ["12:00 AM", "datetime", "mdy", "1900-01-01 00:00:00.000"],
      ["13:00 PM", "datetime", "mdy", null],
    ],
  },
  {
    page: "datetime-transact-sql.md, Alphabetical (DATEFORMAT not applied; commas optional; case ignored)",
    rows: [
      ["Apr 15, 1996", "date", "dmy", "1996-04-15"],
      ["April 15 96", "date", "ymd", "1996-04-15"],
      ["Apr 1996 15", "date", "mdy", "1996-04-15"],
      ["15 Apr, 1996", "date", "mdy", "1996-04-15"],
      ["15 April,96", "date", "mdy", "1996-04-15"],
      ["15 96 apr", "date", "mdy", "1996-04-15"],
      ["1996 APRIL 12", "date", "mdy", "1996-04-12"],
      ["1996 15 APR", "date", "mdy", "1996-04-15"],
      ["April 1996", "date", "mdy", "1996-04-01"],
      ["Apr 15", "date", "mdy", null],
      ["Jan  1 1900 12:00AM", "datetime", "mdy", "1900-01-01 00:00:00.000"],
    ],
  },
  {
    page: "datetime-transact-sql.md, ISO 8601 and unseparated (not affected by SET DATEFORMAT)",
    rows: [
      ["2004-05-23T14:25:10", "datetime", "dmy", "2004-05-23 14:25:10.000"],
      ["2004-05-23T14:25:10.487", "datetime", "ydm", "2004-05-23 14:25:10.487"],
      ["20040523 14:25:10.487", "datetime", "dmy", "2004-05-23 14:25:10.487"],
      ["2004-05-23T14:25:10.487Z", "datetime", "mdy", "2004-05-23 14:25:10.487"],
      ["960415", "date", "dmy", "1996-04-15"],
      ["1996", "date", "dmy", "1996-01-01"],
    ],
  },
  {
    page: "datetime-transact-sql.md, Rounding of datetime Fractional Second Precision",
    rows: [
      ["01/01/98 23:59:59.999", "datetime", "mdy", "1998-01-02 00:00:00.000"],
      ["01/01/98 23:59:59.995", "datetime", "mdy", "1998-01-01 23:59:59.997"],
      ["01/01/98 23:59:59.998", "datetime", "mdy", "1998-01-01 23:59:59.997"],
      ["01/01/98 23:59:59.992", "datetime", "mdy", "1998-01-01 23:59:59.993"],
      ["01/01/98 23:59:59.994", "datetime", "mdy", "1998-01-01 23:59:59.993"],
      ["01/01/98 23:59:59.991", "datetime", "mdy", "1998-01-01 23:59:59.990"],
      // Date range January 1, 1753, through December 31, 9999: the rounding carries past it.
      ["1752-12-31", "datetime", "mdy", null],
      ["9999-12-31 23:59:59.999", "datetime", "mdy", null],
    ],
  },
  {
    page: "smalldatetime-transact-sql.md (29.998 s or less down, 29.999 s or more up; 1900-01-01 to 2079-06-06)",
    rows: [
      ["2007-05-08 12:35:29.123", "smalldatetime", "mdy", "2007-05-08 12:35:00"],
      ["2007-05-08 12:35:30", "smalldatetime", "mdy", "2007-05-08 12:36:00"],
      ["2079-06-06 23:59:29", "smalldatetime", "mdy", "2079-06-06 23:59:00"],
      ["2079-06-07", "smalldatetime", "mdy", null],
      ["1899-12-31", "smalldatetime", "mdy", null],
    ],
  },
  {
    page: "date-transact-sql.md (two digit year cutoff 2049; ydm isn't supported for date; 0001 to 9999)",
    rows: [
      ["12-10-25", "date", "mdy", "2025-12-10"],
      ["1/2/49", "date", "mdy", "2049-01-02"],
      ["1/2/50", "date", "mdy", "1950-01-02"],
      ["1996-04-15", "date", "ydm", "1996-04-15"],
      ["0001-01-01", "date", "mdy", "0001-01-01"],
      ["2007-02-29", "date", "mdy", null],
      ["2008-02-29", "date", "mdy", "2008-02-29"],
      ["12/10/008", "date", "mdy", null],
      ["015/1/1996", "date", "mdy", null],
    ],
  },
  {
    page: "datetime2-transact-sql.md, time-transact-sql.md (fractional seconds 0 to 7 digits)",
    rows: [
      ["2007-05-08 12:35:29.123456", "datetime2", "mdy", "2007-05-08 12:35:29.1234560"],
      ["1912-10-25 12:24:32 +10:0", "datetime2", "mdy", "1912-10-25 12:24:32.0000000"],
      ["12:35:29.123456", "time", "mdy", "12:35:29.1234560"],
      ["01:01:01:123AM", "time", "mdy", "01:01:01.1230000"],
      ["2007-05-08 12:35:29 +15:00", "datetime2", "mdy", null],
    ],
  },
];

describe("date/time strings read alike by the ingester and the translator (SQL Server's documented formats)", () => {
  for (const { page, rows } of DOCUMENTED) {
    describe(page, () => {
      for (const [text, kind, format, expected] of rows) {
        it(`'${text}' as ${kind} under DATEFORMAT ${format} is ${expected ?? "a conversion error"}`, async () => {
          expect(ingested(text, kind, format)).toBe(expected);
          expect(await translated(text, kind, format)).toBe(expected);
        });
      }
    });
  }
});

/**
 * Strings the two readers took differently before they became one: what each did, and what SQL Server does
 * (the page cited).
 */
const DISAGREED: [name: string, ...Row][] = [
  [
    "the ingester read any word starting with a month's letters (Aprilis as April); the translator refused it — 'Apr[il]': the full name or the abbreviation (datetime-transact-sql.md, Alphabetical)",
    "Aprilis 15 1996",
    "date",
    "mdy",
    null,
  ],
  [
    "the ingester read Sept as September; the translator refused it — the month abbreviation of the language, Sep (datetime-transact-sql.md, Alphabetical)",
    "Sept 15 1996",
    "date",
    "mdy",
    null,
  ],
  [
    "the ingester read 12-Apr-1996; the translator refused it — the docs list spaces and commas, but SQL Server also reads hyphens between an alphabetic date's parts (Oracle's dd-mon-yyyy; observed on SQL Server, MarkMpn/Sql4Cds#657)",
    "12-Apr-1996",
    "date",
    "mdy",
    "1996-04-12",
  ],
  [
    "12-JAN-21: hyphens, an upper-case abbreviation and a two-digit year after the day (MarkMpn/Sql4Cds#657)",
    "12-JAN-21",
    "datetime",
    "dmy",
    "2021-01-12 00:00:00.000",
  ],
  [
    "the ingester kept 3 of 4 fractional digits for datetime; the translator refused them — datetime's fraction is zero to three digits (datetime-transact-sql.md, Element ranges)",
    "2007-05-08 12:35:29.1234",
    "datetime",
    "mdy",
    null,
  ],
  [
    "the ingester rounded 8 fractional digits for datetime2; the translator refused them — at most 7 (datetime2-transact-sql.md)",
    "2007-05-08 12:35:29.12345678",
    "datetime2",
    "mdy",
    null,
  ],
  [
    "the ingester dropped an offset loading a datetime; the translator refused it — datetime has no time zone offset (datetime-transact-sql.md, Time zone offset range: None)",
    "2007-05-08 12:35:29 +12:15",
    "datetime",
    "mdy",
    null,
  ],
  [
    "the ingester read 1996/04/15 as ymd for date under dmy; the translator as ydm (month 15) and refused it — ydm isn't supported for date (date-transact-sql.md, Numeric)",
    "1996/04/15",
    "date",
    "dmy",
    "1996-04-15",
  ],
  [
    "the ingester read ISO 8601 with T under dmy as ymd; the translator as ydm for datetime — ISO 8601 isn't affected by SET DATEFORMAT (datetime-transact-sql.md, ISO 8601)",
    "2008-04-05T10:00:00",
    "datetime",
    "dmy",
    "2008-04-05 10:00:00.000",
  ],
  [
    "the ingester rounded 29.998 s down for smalldatetime; the translator up — 29.998 seconds or less are rounded down (smalldatetime-transact-sql.md)",
    "2000-05-08 12:35:29.998",
    "smalldatetime",
    "mdy",
    "2000-05-08 12:35:00",
  ],
  [
    "the ingester read a time alone as 1900-01-01 for date; the translator refused it — TIME only: default values are supplied (date-transact-sql.md, Converting string literals to date)",
    "12:35:29",
    "date",
    "mdy",
    "1900-01-01",
  ],
];

describe("strings the ingester and the translator read differently before, now read as SQL Server does", () => {
  for (const [name, text, kind, format, expected] of DISAGREED) {
    it(name, async () => {
      expect(ingested(text, kind, format)).toBe(expected);
      expect(await translated(text, kind, format)).toBe(expected);
    });
  }
});

describe("a CONVERT style fixes the order whatever DATEFORMAT says (cast-and-convert-transact-sql.md, Date and time styles)", () => {
  it("reads dd/mm/yyyy under style 103 and refuses the Hijri styles 130 and 131 on both paths", async () => {
    expect(normaliseDateTime("20/05/2007", "datetime", "mdy", 103)).toEqual({ value: "2007-05-20 00:00:00" });
    expect(normaliseDateTime("01/06/1421", "datetime", "dmy", 130)).toEqual({
      error: '"01/06/1421" in CONVERT style 130 is not read (no Gregorian date order)',
    });
    const t = translate(
      "create procedure p as begin select convert(datetime, '20/05/2007', 103) as v, convert(datetime, '01/06/1421', 131) as w end",
    );
    expect(t.issues.map((i) => i.construct)).toEqual(["CONVERT style"]);
  });
});
