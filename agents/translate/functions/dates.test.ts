import { describe, expect, it } from "vitest";
import { readDateTimeString, formatDate, formatTime } from "~/agents/tsql/date-strings";
import { WINDOWS_TIME_ZONES } from "../datetime";
import { renderJinja, translate } from "../testing/harness";
import { shopDatabaseForThisFile } from "../testing/database";

/**
 * Date and time semantics proven on real PostgreSQL: each T-SQL snippet is translated, run, and its value (as
 * PostgreSQL's text, the way the evaluator reads it) compared with what SQL Server documents. The page of each
 * group is cited; values are the documented ones or follow from the documented rule.
 */

const db = shopDatabaseForThisFile();

/** The value of `expr` as text, after the body's statements (a procedure, so SET/DECLARE apply). */
async function value(expr: string, body = ""): Promise<string | null> {
  const t = translate(`create procedure p as begin ${body}\n select ${expr} as v end`);
  expect(t.issues, t.sql).toEqual([]);
  const rows = await db.sql.unsafe(`select (v)::text as v from (${renderJinja(t.sql, {})}) as q`);
  expect(rows).toHaveLength(1);
  return rows[0]!.v as string | null;
}

function issues(expr: string, body = ""): string[] {
  return translate(`create procedure p as begin ${body}\n select ${expr} as v end`).issues.map((i) => i.construct);
}

function read(text: string, format: "mdy" | "dmy" | "ymd" = "mdy", iso = true): string | undefined {
  const v = readDateTimeString(text, iso ? "datetimeoffset" : "datetime", format);
  return "error" in v
    ? undefined
    : `${formatDate(v)} ${formatTime(v.ticks)}${v.offset !== undefined ? ` ${v.offset}` : ""}`;
}

describe("string literals read as SQL Server reads them (docs/t-sql/data-types/datetime-transact-sql.md, time-transact-sql.md)", () => {
  it("reads numeric dates in DATEFORMAT order, a 4-digit year anywhere, two-digit years with the 2049 cutoff", () => {
    expect(read("12-10-25")).toBe("2025-12-10 00:00:00.0000000");
    expect(read("04/2008/15")).toBe("2008-04-15 00:00:00.0000000");
    expect(read("15/04/2008")).toBeUndefined();
    expect(read("15/04/2008", "dmy")).toBe("2008-04-15 00:00:00.0000000");
    expect(read("1/2/50")).toBe("1950-01-02 00:00:00.0000000");
    // yyyy-mm-dd is ISO for date/datetime2; for datetime it follows DATEFORMAT (ydm under dmy).
    expect(read("2008-04-05", "dmy", true)).toBe("2008-04-05 00:00:00.0000000");
    expect(read("2008-04-05", "dmy", false)).toBe("2008-05-04 00:00:00.0000000");
  });

  it("reads times: AM/PM, an hour alone with AM, milliseconds after a colon, a time alone on 1900-01-01, offsets", () => {
    expect(read("01:01:01:123AM")).toBe("1900-01-01 01:01:01.1230000");
    expect(read("01AM")).toBe("1900-01-01 01:00:00.0000000");
    expect(read("01:01:01.1234567 PM")).toBe("1900-01-01 13:01:01.1234567");
    expect(read("12:00 AM")).toBe("1900-01-01 00:00:00.0000000");
    expect(read("January 10, 1900 12:00 AM")).toBe("1900-01-10 00:00:00.0000000");
    expect(read("2010-04-30T01:01:01.1234567-07:00")).toBe("2010-04-30 01:01:01.1234567 -420");
    expect(read("1998-09-20 7:45:50.71345 -5:00")).toBe("1998-09-20 07:45:50.7134500 -300");
    expect(read("13:00 PM")).toBeUndefined();
    expect(read("2007-02-30")).toBeUndefined();
  });

  it("rounds datetime to 1/300 s (.000/.003/.007, .995 up to .997) and smalldatetime to the minute", async () => {
    expect(await value("CAST('1998-01-01 23:59:59.999' AS datetime)")).toBe("1998-01-02 00:00:00");
    expect(await value("CAST('1998-01-01 23:59:59.995' AS datetime)")).toBe("1998-01-01 23:59:59.997");
    expect(await value("CAST('1998-01-01 23:59:59.994' AS datetime)")).toBe("1998-01-01 23:59:59.993");
    expect(await value("CAST('1998-01-01 23:59:59.991' AS datetime)")).toBe("1998-01-01 23:59:59.99");
    // docs/t-sql/data-types/smalldatetime-transact-sql.md
    expect(await value("CAST('2007-05-08 12:35:29' AS smalldatetime)")).toBe("2007-05-08 12:35:00");
    expect(await value("CAST('2007-05-08 12:35:30' AS smalldatetime)")).toBe("2007-05-08 12:36:00");
    expect(await value("CAST('2007-05-08 12:59:59.998' AS smalldatetime)")).toBe("2007-05-08 13:00:00");
  });

  it("reads a variable's string constant under the session's SET DATEFORMAT", async () => {
    expect(await value("@d", "SET DATEFORMAT dmy; DECLARE @d date = '15/04/2008';")).toBe("2008-04-15");
    expect(await value("EOMONTH(@s)", "DECLARE @s varchar(255) = '12/1/2011';")).toBe("2011-12-31");
  });
});

describe("a VALUES column of string literals converted to a date type reads each literal (docs datetime-transact-sql.md)", () => {
  /** Each row's literal and its conversion, as text. */
  async function rows(
    conversion: string,
    literals: (string | null)[],
    body = "",
  ): Promise<[string | null, string | null][]> {
    const values = literals.map((l) => `(${l === null ? "NULL" : `'${l}'`})`).join(", ");
    const t = translate(
      `create procedure p as begin ${body}\n select v, ${conversion} as d from (values ${values}) as t(v) end`,
    );
    expect(t.issues, t.sql).toEqual([]);
    const out = await db.sql.unsafe(`select v, (d)::text as d from (${renderJinja(t.sql, {})}) as q`);
    return out.map((r) => [r.v as string | null, r.d as string | null]);
  }

  it("rounds each to datetime's 1/300 s as the page's table stores it, NULL staying NULL", async () => {
    expect(
      await rows("CAST(v AS datetime)", [
        "01/01/98 23:59:59.999",
        "01/01/98 23:59:59.995",
        "01/01/98 23:59:59.992",
        null,
      ]),
    ).toEqual([
      ["01/01/98 23:59:59.999", "1998-01-02 00:00:00"],
      ["01/01/98 23:59:59.995", "1998-01-01 23:59:59.997"],
      ["01/01/98 23:59:59.992", "1998-01-01 23:59:59.993"],
      [null, null],
    ]);
  });

  it("reads month names in any listed order and times alone, under the session's DATEFORMAT or a CONVERT style", async () => {
    expect(await rows("CAST(v AS date)", ["Apr 15, 1996", "15 1996 apr", "1996 APRIL 15"])).toEqual([
      ["Apr 15, 1996", "1996-04-15"],
      ["15 1996 apr", "1996-04-15"],
      ["1996 APRIL 15", "1996-04-15"],
    ]);
    expect(await rows("CAST(v AS datetime)", ["4 PM", "14:30:20.9"])).toEqual([
      ["4 PM", "1900-01-01 16:00:00"],
      ["14:30:20.9", "1900-01-01 14:30:20.9"],
    ]);
    expect(await rows("CAST(v AS date)", ["01/02/2008"], "SET DATEFORMAT dmy;")).toEqual([
      ["01/02/2008", "2008-02-01"],
    ]);
    expect(await rows("CONVERT(date, v, 101)", ["01/02/2008"], "SET DATEFORMAT dmy;")).toEqual([
      ["01/02/2008", "2008-01-02"],
    ]);
  });

  it("keeps 100-ns digits as canonical text in every row once one needs them", async () => {
    expect(await rows("CAST(v AS datetime2)", ["2007-05-08 12:35:29.1234567", "2007-05-08 12:35:29"])).toEqual([
      ["2007-05-08 12:35:29.1234567", "2007-05-08 12:35:29.1234567"],
      ["2007-05-08 12:35:29", "2007-05-08 12:35:29.0000000"],
    ]);
  });

  it("flags a literal SQL Server cannot convert, and a column that is not all literals, naming the construct", () => {
    const flagged = (values: string) =>
      translate(`select CAST(v AS datetime) as d from (values ${values}) as t(v)`).issues.map((i) => i.construct);
    expect(flagged("('2008-02-30'), ('2008-02-28')")).toEqual(["datetime literal"]);
    expect(flagged("('2008-02-28'), (CONCAT('2008', '-02-28'))")).toEqual(["CONVERT"]);
  });
});

describe("conversions between date and time types (docs/t-sql/data-types/*-transact-sql.md, 'Converting')", () => {
  it("rounds datetime2 to datetime on the 1/300 s grid and time to smalldatetime on 1900-01-01", async () => {
    expect(
      await value("@dt", "DECLARE @d2 datetime2(4) = '1968-10-23 12:45:37.1237'; DECLARE @dt datetime = @d2;"),
    ).toBe("1968-10-23 12:45:37.123");
    expect(await value("@s", "DECLARE @t time(4) = '12:59:59.9999'; DECLARE @s smalldatetime = @t;")).toBe(
      "1900-01-01 13:00:00",
    );
    expect(await value("@t3", "DECLARE @t4 time(4) = '12:34:54.1237'; DECLARE @t3 time(3) = @t4;")).toBe(
      "12:34:54.124",
    );
  });

  it("carries datetime's 1/300 s tick into datetime2, time and datetimeoffset (docs datetime2-transact-sql.md: .333 → .3333333)", async () => {
    const dt = (v: string) => `DECLARE @dt datetime = '${v}';`;
    expect(await value("@d2", `${dt("2016-10-23 12:45:37.333")} DECLARE @d2 datetime2 = @dt;`)).toBe(
      "2016-10-23 12:45:37.3333333",
    );
    // .337 is tick 101 (.3366667); .997 tick 299; .003 tick 1; .000 stays zero.
    expect(await value("CAST(@dt AS datetime2(7))", dt("2016-10-23 12:45:37.337"))).toBe("2016-10-23 12:45:37.3366667");
    expect(await value("CAST(@dt AS datetime2)", dt("1998-01-01 23:59:59.997"))).toBe("1998-01-01 23:59:59.9966667");
    expect(await value("CAST(@dt AS datetime2)", dt("2000-01-01 00:00:00.003"))).toBe("2000-01-01 00:00:00.0033333");
    expect(await value("CAST(@dt AS datetime2)", dt("2000-01-01 00:00:00"))).toBe("2000-01-01 00:00:00.0000000");
    // Fewer digits round the tick: .3333 at scale 4, .997 → .99667 at scale 5.
    expect(await value("CAST(@dt AS datetime2(4))", dt("2016-10-23 12:45:37.333"))).toBe("2016-10-23 12:45:37.3333");
    expect(await value("CAST(@dt AS datetime2(5))", dt("1998-01-01 23:59:59.997"))).toBe("1998-01-01 23:59:59.99667");
    expect(await value("CAST(@dt AS time(7))", dt("2016-10-23 12:45:37.333"))).toBe("12:45:37.3333333");
    expect(await value("CAST(@dt AS datetimeoffset)", dt("2016-10-23 12:45:37.333"))).toBe(
      "2016-10-23 12:45:37.3333333 +00:00",
    );
    expect(await value("CAST(@dt AS datetime2)", "DECLARE @dt datetime = NULL;")).toBeNull();
  });

  it("keeps a 100-ns value through UNION ALL with a branch PostgreSQL holds as a timestamp (docs: datetime2-transact-sql.md, time-transact-sql.md)", async () => {
    const union = async (a: string, b: string) => {
      const t = translate(`create procedure p as begin select ${a} as v union all select ${b} end`);
      expect(t.issues, t.sql).toEqual([]);
      const rows = await db.sql.unsafe(`select (v)::text as v from (${renderJinja(t.sql, {})}) as q order by 1`);
      return rows.map((r) => r.v as string);
    };
    expect(
      await union("CAST('99991231 23:59:59.9999999' AS datetime2(7))", "CAST('2020-01-01 10:00:00.5' AS datetime2(7))"),
    ).toEqual(["2020-01-01 10:00:00.5000000", "9999-12-31 23:59:59.9999999"]);
    expect(await union("CAST('10:00:00.5' AS time)", "CAST('23:59:59.1234567' AS time(7))")).toEqual([
      "10:00:00.5000000",
      "23:59:59.1234567",
    ]);
  });

  it("gives a date midnight and a datetimeoffset +00:00; keeps a datetimeoffset's own offset as text", async () => {
    expect(await value("@o", "DECLARE @d date = '1912-10-25'; DECLARE @o datetimeoffset(3) = @d;")).toBe(
      "1912-10-25 00:00:00.0000000 +00:00",
    );
    expect(await value("CAST('2016-10-23 12:45:37.1234567 +10:0' AS datetimeoffset(7))")).toBe(
      "2016-10-23 12:45:37.1234567 +10:00",
    );
    expect(await value("CAST(CAST('2016-10-23 12:45:37.12 +10:00' AS datetimeoffset) AS datetime2(2))")).toBe(
      "2016-10-23 12:45:37.12",
    );
  });

  it("converts a datetimeoffset variable to each type by its local date-time (docs datetimeoffset-transact-sql.md)", async () => {
    const d = "DECLARE @d datetimeoffset(4) = '12-10-25 12:32:10 +01:00';";
    expect(await value("@x", `${d} DECLARE @x date = @d;`)).toBe("2025-12-10");
    expect(await value("@x", `${d} DECLARE @x time(3) = @d;`)).toBe("12:32:10");
    expect(await value("@x", `${d} DECLARE @x smalldatetime = @d;`)).toBe("2025-12-10 12:32:00");
    expect(await value("@x", `${d} DECLARE @x datetime = @d;`)).toBe("2025-12-10 12:32:10");
    expect(await value("@x", "DECLARE @t time(4) = '12:15:04.1237'; DECLARE @x datetimeoffset(3) = @t;")).toBe(
      "1900-01-01 12:15:04.1240000 +00:00",
    );
    expect(await value("CAST(CAST('2007-05-08 12:35:29.1234567 +12:15' AS datetimeoffset(7)) AS varchar(40))")).toBe(
      "2007-05-08 12:35:29.1234567 +12:15",
    );
  });

  it("adds a number to datetime as days, fractions included (docs/t-sql/language-elements/add-transact-sql.md)", async () => {
    expect(await value("@d + 1.25", "DECLARE @d datetime = 'January 10, 1900 12:00 AM';")).toBe("1900-01-11 06:00:00");
    expect(await value("CAST(2 AS datetime)")).toBe("1900-01-03 00:00:00");
  });

  it("carries a 7th fractional digit (100 ns) exactly, as canonical text (docs: dateadd-transact-sql.md, datetime2-transact-sql.md)", async () => {
    const d = "DECLARE @d datetime2 = '2007-01-01 13:10:10.1111111';";
    expect(await value("@d", d)).toBe("2007-01-01 13:10:10.1111111");
    expect(await value("DATEADD(nanosecond, 150, @d)", d)).toBe("2007-01-01 13:10:10.1111113");
    expect(await value("DATEADD(nanosecond, 49, @d)", d)).toBe("2007-01-01 13:10:10.1111111");
    expect(await value("DATEADD(microsecond, 2, @d)", d)).toBe("2007-01-01 13:10:10.1111131");
    expect(await value("DATEADD(month, 13, @d)", d)).toBe("2008-02-01 13:10:10.1111111");
    expect(await value("DATEPART(nanosecond, @d)", d)).toBe("111111100");
    expect(await value("DATETRUNC(microsecond, @d)", "DECLARE @d datetime2 = '2021-12-08 11:30:15.1234567';")).toBe(
      "2021-12-08 11:30:15.123456",
    );
    expect(await value("CAST(@d AS datetime2(6))", "DECLARE @d datetime2 = '2021-12-08 11:30:15.1234565';")).toBe(
      "2021-12-08 11:30:15.123457",
    );
    expect(await value("@t", "DECLARE @t time(7) = '12:10:16.1234567'; DECLARE @d datetime2 = @t;")).toBe(
      "12:10:16.1234567",
    );
    expect(await value("@d", "DECLARE @t time(7) = '12:10:16.1234567'; DECLARE @d datetime2 = @t;")).toBe(
      "1900-01-01 12:10:16.1234567",
    );
    expect(
      await value(
        "@d",
        "DECLARE @o datetimeoffset(7) = '2016-10-23 12:45:37.1234567 +10:0'; DECLARE @d datetime2 = @o;",
      ),
    ).toBe("2016-10-23 12:45:37.1234567");
    expect(
      await value(
        "IIF(@a < @b, 1, 0)",
        "DECLARE @a datetime2 = '2007-01-01 13:10:10.1111111'; DECLARE @b datetime2 = '2007-01-01 13:10:10.1111112';",
      ),
    ).toBe("1");
    expect(await value("DATETIME2FROMPARTS(2011, 8, 15, 14, 23, 44, 1234567, 7)")).toBe("2011-08-15 14:23:44.1234567");
  });
});

describe("DATEADD / DATEDIFF (docs/t-sql/functions/dateadd-transact-sql.md, datediff-transact-sql.md)", () => {
  it("adds months with the month's last day when the day does not exist, and truncates a decimal number", async () => {
    expect(await value("DATEADD(month, 1, '20060830')")).toBe("2006-09-30 00:00:00");
    expect(await value("DATEADD(month, 1, '20060831')")).toBe("2006-09-30 00:00:00");
    expect(await value("DATEADD(day, 1.9, '20060830')")).toBe("2006-08-31 00:00:00");
    expect(await value("DATEADD(day, 365, @d)", "DECLARE @d datetime = '2000-01-01 01:01:01.111';")).toBe(
      "2000-12-31 01:01:01.11",
    );
  });

  it("adds nanoseconds in 100-ns ticks to a datetimeoffset exactly", async () => {
    expect(await value("DATEADD(nanosecond, 150, CAST('2007-01-01 13:10:10.1111111 +01:00' AS datetimeoffset))")).toBe(
      "2007-01-01 13:10:10.1111113 +01:00",
    );
    expect(await value("DATEADD(nanosecond, 49, CAST('2007-01-01 13:10:10.1111111 +01:00' AS datetimeoffset))")).toBe(
      "2007-01-01 13:10:10.1111111 +01:00",
    );
  });

  it("counts boundaries, and a datetimeoffset in UTC", async () => {
    expect(await value("DATEDIFF(year, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000')")).toBe("1");
    expect(await value("DATEDIFF(millisecond, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000')")).toBe(
      "1",
    );
    expect(await value("DATEDIFF_BIG(day, '2007-05-07 09:53:01.0376635', '2007-05-08 09:53:01.0376635')")).toBe("1");
    expect(await value("DATEDIFF(hour, '2020-01-01 10:00 +05:00', '2020-01-01 10:00 +00:00')")).toBe("5");
  });
});

describe("DATEPART / DATENAME / YEAR (docs/t-sql/functions/datepart-transact-sql.md, set-datefirst-transact-sql.md)", () => {
  it("gives NULL for a NULL date or number, a literal NULL included (null-and-unknown-transact-sql.md: NULL in, NULL out)", async () => {
    for (const expr of [
      "DATEADD(day, NULL, CAST('2000-01-01' AS date))",
      "DATEADD(month, NULL, CAST('2000-01-01' AS datetime))",
      "DATEADD(day, 1, NULL)",
      "DATEPART(month, NULL)",
      "DATEPART(tzoffset, NULL)",
      "DATEPART(tzoffset, CAST(NULL AS datetime2))",
      "DATENAME(month, NULL)",
      "DATENAME(tzoffset, NULL)",
      "YEAR(NULL)",
      "DATETRUNC(day, NULL)",
    ])
      expect(await value(expr), expr).toBeNull();
    // A value without an offset has offset 0 (datepart-transact-sql.md, tzoffset; datename: +00:00).
    expect(await value("DATEPART(tzoffset, CAST('2000-01-01' AS datetime2))")).toBe("0");
    expect(await value("DATENAME(tzoffset, CAST('2000-01-01' AS datetime2))")).toBe("+00:00");
  });

  it("takes SET LANGUAGE's date order and first day of the week (set-language-transact-sql.md, datefirst-transact-sql.md, isdate-transact-sql.md)", async () => {
    expect(await value("@@DATEFIRST", "SET LANGUAGE Italian;")).toBe("1");
    expect(await value("DATEPART(weekday, '2007-04-21')", "SET LANGUAGE Italian;")).toBe("6");
    expect(await value("CAST('15/04/2008' AS date)", "SET LANGUAGE Italian;")).toBe("2008-04-15");
    // isdate-transact-sql.md shows '2008/04/15' valid under Italian (dmy), against the day-month reading after a
    // leading year that datetime has under dmy: a review item under a language, named.
    expect(issues("ISDATE('2008/04/15')", "SET LANGUAGE Italian;")).toEqual(["SET LANGUAGE"]);
    expect(await value("ISDATE('2008/04/15')", "SET DATEFORMAT ymd;")).toBe("1");
    expect(await value("ISDATE('15/2008/04')", "SET LANGUAGE Hungarian;")).toBe("0");
    expect(await value("ISDATE('2008/15/04')", "SET LANGUAGE Swedish;")).toBe("0");
    expect(await value("ISDATE('15/04/2008')", "SET LANGUAGE English;")).toBe("0");
    expect(await value("@@DATEFIRST", "SET LANGUAGE Italian; SET LANGUAGE us_english;")).toBe("7");
  });

  it("flags month and day names and the default culture under a language other than English, and an unknown language", () => {
    const italian = (expr: string) => issues(expr, "SET LANGUAGE Italian;");
    expect(italian("DATENAME(month, CAST('2007-04-21' AS date))")).toEqual(["SET LANGUAGE"]);
    expect(italian("DATENAME(weekday, CAST('2007-04-21' AS date))")).toEqual(["SET LANGUAGE"]);
    expect(italian("CAST('Apr 15, 2008' AS date)")).toEqual(["SET LANGUAGE"]);
    expect(italian("CONVERT(varchar(30), CAST('20080415' AS datetime))")).toEqual(["SET LANGUAGE"]);
    expect(italian("CONVERT(varchar(30), CAST('20080415' AS datetime), 106)")).toEqual(["SET LANGUAGE"]);
    expect(italian("FORMAT(CAST('2008-04-15' AS date), 'd')")).toEqual(["SET LANGUAGE"]);
    // Numbers, ISO strings, AM/PM and numeric styles do not depend on the language.
    expect(italian("CONVERT(varchar(30), CAST('20080415 10:00 PM' AS datetime), 121)")).toEqual([]);
    expect(italian("DATENAME(year, CAST('2008-04-15T10:00:00' AS datetime2))")).toEqual([]);
    expect(
      issues("DATENAME(month, CAST('2007-04-21' AS date))", "SET LANGUAGE Italian; SET LANGUAGE us_english;"),
    ).toEqual([]);
    expect(issues("DATEPART(weekday, '2007-04-21')", "SET LANGUAGE Klingon;")).toEqual(["SET LANGUAGE"]);
  });

  it("reads @@DATEFIRST as the setting in force at that statement (docs datefirst-transact-sql.md)", async () => {
    expect(await value("@@DATEFIRST")).toBe("7");
    expect(await value("@@DATEFIRST", "SET DATEFIRST 5;")).toBe("5");
    expect(await value("@@DATEFIRST", "SET DATEFIRST 1; SET LANGUAGE us_english;")).toBe("7");
    expect(await value("@@DATEFIRST + 1", "SET DATEFIRST 7;")).toBe("8");
  });

  it("numbers week and weekday from SET DATEFIRST, for the statements after it", async () => {
    // 2007-04-21 is a Saturday; January 1, 2007 a Monday.
    expect(await value("DATEPART(weekday, '2007-04-21 ')", "SET DATEFIRST 1;")).toBe("6");
    expect(await value("DATEPART(weekday, '2007-04-21 ')")).toBe("7");
    expect(await value("DATEPART(week, '2007-04-21 ')", "SET DATEFIRST 1;")).toBe("16");
    expect(await value("DATEPART(week, '2007-01-07')", "SET DATEFIRST 1;")).toBe("1");
    expect(await value("DATEPART(week, '2007-01-07')")).toBe("2");
    expect(await value("DATEPART(iso_week, '2007-12-31')")).toBe("1");
  });

  it("reads tzoffset and nanosecond from the literal, a time alone as 1900-01-01, and 0 as 1900-01-01", async () => {
    expect(await value("DATEPART(tzoffset, '2007-10-30 12:15:32.1234567 +05:10')")).toBe("310");
    expect(await value("DATEPART(nanosecond, '00:00:01.1234567')")).toBe("123456700");
    expect(await value("DATEPART(week, '2007-10-30 12:15:32.1234567 +05:10')")).toBe("44");
    expect(await value("DATEPART(weekday, '12:10:30.123')")).toBe("2");
    expect(await value("DATEPART(year, 0) * 10000 + DATEPART(month, 0) * 100 + DATEPART(day, 0)")).toBe("19000101");
    expect(await value("YEAR('2010-04-30T01:01:01.1234567-07:00')")).toBe("2010");
    expect(await value("DATENAME(tzoffset, '2007-10-30 12:15:32.1234567 +05:10')")).toBe("+05:10");
  });
});

describe("DATETRUNC / DATE_BUCKET / EOMONTH (docs/t-sql/functions/datetrunc-transact-sql.md, date-bucket-transact-sql.md)", () => {
  it("truncates to the DATEFIRST week, to ISO weeks, and keeps the input type", async () => {
    expect(
      await value("DATETRUNC(week, @d)", "DECLARE @d datetime2 = '2021-11-11 11:11:11.123456'; SET DATEFIRST 3;"),
    ).toBe("2021-11-10 00:00:00");
    expect(await value("DATETRUNC(iso_week, @d)", "DECLARE @d datetime2 = '2021-12-08 11:30:15.123456';")).toBe(
      "2021-12-06 00:00:00",
    );
    expect(await value("DATETRUNC(millisecond, @d)", "DECLARE @d datetime = '2020-02-02 02:02:02.002';")).toBe(
      "2020-02-02 02:02:02.003",
    );
    expect(await value("DATETRUNC(month, @d)", "DECLARE @d char(200) = '1998-03-04';")).toBe("1998-03-01 00:00:00");
  });

  it("buckets from 1900-01-01 (a Monday) or a given origin", async () => {
    expect(await value("DATE_BUCKET(WEEK, 1, @d)", "DECLARE @d datetime2 = '2020-04-15 21:22:11';")).toBe(
      "2020-04-13 00:00:00",
    );
    expect(
      await value(
        "DATE_BUCKET(WEEK, 5, @d, @o)",
        "DECLARE @d datetime2 = '2020-06-15 21:22:11'; DECLARE @o datetime2 = '2019-01-01 00:00:00';",
      ),
    ).toBe("2020-06-09 00:00:00");
    expect(
      await value("DATE_BUCKET(MONTH, 2, @d, @o)", "DECLARE @d date = '2020-04-10'; DECLARE @o date = '2020-01-15';"),
    ).toBe("2020-03-15");
    expect(await value("EOMONTH('2011-12-01', -1)")).toBe("2011-11-30");
  });
});

describe("*FROMPARTS, ISDATE, SWITCHOFFSET, AT TIME ZONE (docs/t-sql/functions/*, queries/at-time-zone-transact-sql.md)", () => {
  it("builds values from parts at the given precision, with the offset", async () => {
    expect(await value("DATETIME2FROMPARTS(2011, 8, 15, 14, 23, 44, 50, 2)")).toBe("2011-08-15 14:23:44.5");
    expect(await value("TIMEFROMPARTS(14, 23, 44, 500, 3)")).toBe("14:23:44.5");
    expect(await value("DATETIMEOFFSETFROMPARTS(2011, 8, 15, 14, 30, 00, 5, 12, 30, 1)")).toBe(
      "2011-08-15 14:30:00.5000000 +12:30",
    );
    expect(await value("DATETIMEOFFSETFROMPARTS(2011, 8, 15, 14, 30, 00, 5, -8, 0, 1)")).toBe(
      "2011-08-15 14:30:00.5000000 -08:00",
    );
    expect(await value("SMALLDATETIMEFROMPARTS(2010, 12, 31, 23, 59)")).toBe("2010-12-31 23:59:00");
  });

  it("ISDATE follows DATEFORMAT", async () => {
    expect(await value("ISDATE('04/2008/15')", "SET DATEFORMAT mdy;")).toBe("1");
    expect(await value("ISDATE('15/04/2008')", "SET DATEFORMAT mdy;")).toBe("0");
    expect(await value("ISDATE('15/04/2008')", "SET DATEFORMAT dmy;")).toBe("1");
    expect(await value("ISDATE(NULL)")).toBe("0");
  });

  it("SWITCHOFFSET shows the same instant in another offset", async () => {
    expect(await value("SWITCHOFFSET(CAST('1998-09-20 7:45:50.71345 -5:00' AS datetimeoffset), '-08:00')")).toBe(
      "1998-09-20 04:45:50.7134500 -08:00",
    );
    expect(await value("TODATETIMEOFFSET(CAST('2007-05-08 12:35:29' AS datetime2), '+13:00')")).toBe(
      "2007-05-08 12:35:29.0000000 +13:00",
    );
  });

  it("AT TIME ZONE: a gap moves forward with the later offset, an overlap keeps the earlier one", async () => {
    const at = (t: string) => value(`CONVERT(DATETIME2(0), '${t}', 126) AT TIME ZONE 'Central European Standard Time'`);
    expect(await at("2015-03-29T01:01:00")).toBe("2015-03-29 01:01:00.0000000 +01:00");
    expect(await at("2015-03-29T02:01:00")).toBe("2015-03-29 03:01:00.0000000 +02:00");
    expect(await at("2015-10-25T01:01:00")).toBe("2015-10-25 01:01:00.0000000 +02:00");
    expect(await at("2015-10-25T02:00:00")).toBe("2015-10-25 02:00:00.0000000 +02:00");
    expect(await at("2015-10-25T03:01:00")).toBe("2015-10-25 03:01:00.0000000 +01:00");
    expect(await value("CAST('2015-03-29 00:30 +00:00' AS datetimeoffset) AT TIME ZONE 'Pacific Standard Time'")).toBe(
      "2015-03-28 17:30:00.0000000 -07:00",
    );
  });

  it("maps every Windows zone name to a zone PostgreSQL knows", async () => {
    const names = Object.values(WINDOWS_TIME_ZONES);
    const rows = await db.sql.unsafe(
      `select n from unnest($1::text[]) as n where n not in (select name from pg_timezone_names)`,
      [names],
    );
    expect(rows.map((r) => r.n)).toEqual([]);
  });
});

describe("review items: what SQL Server rejects or only a run-time value decides", () => {
  it("flags a time part on a date, an unknown zone, a run-time ISDATE, a run-time string to a date, SET DATEFIRST in IF", () => {
    expect(issues("DATEADD(hour, 1, CAST('2007-01-01' AS date))")).toEqual(["DATEADD"]);
    expect(issues("CAST('2007-01-01' AS datetime2) AT TIME ZONE 'Mars Standard Time'")).toEqual(["AT TIME ZONE"]);
    expect(issues("ISDATE(@s)", "DECLARE @s varchar(20) = (SELECT TOP 1 Name FROM T);")).toEqual(["ISDATE"]);
    expect(issues("CAST('2007-02-30' AS date)")).toEqual(["datetime literal"]);
    expect(issues("DATEPART(weekday, '2007-04-21')", "IF 1 = 1 SET DATEFIRST 1;")).toContain("SET DATEFIRST");
  });

  it("flags a datetimeoffset returned as read from a table (its offset is lost), not one moved by SWITCHOFFSET", () => {
    const table = "CREATE TABLE #t (c datetimeoffset); INSERT INTO #t VALUES ('1998-09-20 7:45:50.71345 -5:00');";
    const returned = (expr: string) =>
      translate(`create procedure p as begin ${table} select ${expr} as v from #t end`).issues.map((i) => i.construct);
    expect(returned("c")).toEqual(["datetimeoffset"]);
    expect(returned("SWITCHOFFSET(c, '-08:00')")).toEqual([]);
  });
});

describe("date/time values converted to numbers (docs/t-sql/data-types/data-type-conversion-database-engine.md)", () => {
  // datetime to an integer (rounded) or to float is translated: conversion.test.ts, "blank strings and datetime
  // values to numbers".
  it("flags datetime to a decimal, and what SQL Server refuses, naming CONVERT instead of failing the build", () => {
    for (const [expr, message] of [
      [
        "CAST(CAST('2000-01-01 12:00' AS smalldatetime) AS decimal(10, 2))",
        "smalldatetime to decimal is not translated",
      ],
      ["CAST(CAST('2000-01-01' AS date) AS money)", "SQL Server does not convert date to money"],
      ["CAST(CAST('12:00' AS time) AS real)", "SQL Server does not convert time to real"],
    ])
      expect(
        translate(`select ${expr} as v`).issues.map((i) => `${i.construct}: ${i.message}`),
        expr,
      ).toEqual([`CONVERT: ${message}`]);
  });
});

describe("a string only known at run time converted to time (docs/t-sql/data-types/time-transact-sql.md)", () => {
  it("reads AM/PM, an hour alone, milliseconds after a colon, offsets and a date before the time, keeping 7 digits", async () => {
    const rows = await (async () => {
      const t = translate(
        `select v, CAST(v AS time(7)) AS t, CAST(v AS time(2)) AS t2 FROM (VALUES ('01:01:01:123AM'), ('01:01:01.1234567 PM'), ('01AM'), ('01:01:01.1234567 +01:01'), ('2007-05-08 12:35:29.1234567'), ('12:00 AM')) AS x(v)`,
      );
      expect(t.issues, t.sql).toEqual([]);
      return db.sql.unsafe(
        `select v, (t)::text as t, (t2)::text as t2 from (${renderJinja(t.sql, {})}) as q order by v`,
      );
    })();
    expect(rows.map((r) => [r.v, r.t, r.t2])).toEqual([
      ["01:01:01.1234567 +01:01", "01:01:01.1234567", "01:01:01.12"],
      ["01:01:01.1234567 PM", "13:01:01.1234567", "13:01:01.12"],
      ["01:01:01:123AM", "01:01:01.1230000", "01:01:01.12"],
      ["01AM", "01:00:00.0000000", "01:00:00"],
      ["12:00 AM", "00:00:00.0000000", "00:00:00"],
      ["2007-05-08 12:35:29.1234567", "12:35:29.1234567", "12:35:29.12"],
    ]);
  });
});

describe("CONVERT date styles to strings (docs/t-sql/functions/cast-and-convert-transact-sql.md, 'Date and time styles')", () => {
  const d = "CAST('2017-04-11 14:35:12.123' AS datetime)";
  const cases: [string, string][] = [
    [`CONVERT(varchar(30), ${d}, 6)`, "11 Apr 17"],
    [`CONVERT(varchar(30), ${d}, 106)`, "11 Apr 2017"],
    [`CONVERT(varchar(30), ${d}, 107)`, "Apr 11, 2017"],
    [`CONVERT(varchar(30), ${d}, 109)`, "Apr 11 2017  2:35:12:123PM"],
    [`CONVERT(varchar(30), ${d}, 113)`, "11 Apr 2017 14:35:12:123"],
    [`CONVERT(varchar(30), ${d}, 114)`, "14:35:12:123"],
    [`CONVERT(varchar(30), ${d}, 22)`, "04/11/17  2:35:12 PM"],
    [`CONVERT(varchar(30), CAST('2017-04-11 14:35:12.1234567' AS datetime2), 121)`, "2017-04-11 14:35:12.1234567"],
    [`CONVERT(varchar(30), CAST('14:35:12.1234' AS time(4)), 114)`, "14:35:12:123"],
    // ISO 8601: a datetime's milliseconds only when non-zero, a datetime2's digits of its scale; 127 of a type
    // without an offset is 126 (the page's style table: 2019-08-23T13:39:17.090 for both, and SYSDATETIME() in 126)
    [`CONVERT(varchar(30), ${d}, 126)`, "2017-04-11T14:35:12.123"],
    [`CONVERT(varchar(30), ${d}, 127)`, "2017-04-11T14:35:12.123"],
    [`CONVERT(varchar(30), CAST('2017-04-11 14:35:12' AS datetime), 127)`, "2017-04-11T14:35:12"],
    [`CONVERT(nvarchar(30), CAST('2010-07-20 13:44:31.5879025' AS datetime2), 126)`, "2010-07-20T13:44:31.5879025"],
    [`CONVERT(nvarchar(30), CAST('2010-07-20 13:44:31.58' AS datetime2(3)), 127)`, "2010-07-20T13:44:31.580"],
    [`CONVERT(nvarchar(30), CAST('2010-07-20 13:44:31' AS datetime2(0)), 126)`, "2010-07-20T13:44:31"],
  ];
  for (const [expr, expected] of cases)
    it(`${expr} → ${expected}`, async () => expect(await value(expr)).toBe(expected));
  it("style 127 of a datetimeoffset (the instant in UTC with Z) is a review item, not the local time", () => {
    const t = translate("select CONVERT(varchar(40), CAST('2006-12-12 23:45:12 -08:00' AS datetimeoffset), 127) as v");
    expect(t.issues.map((i) => i.construct)).toEqual(["CONVERT style"]);
  });
});

describe("TRY_CAST and TRY_CONVERT of a string constant to a date type (docs: try-cast-transact-sql.md, try-convert-transact-sql.md)", () => {
  it("reads the constant under the session's DATEFORMAT or the style's, and is NULL where SQL Server cannot read it", async () => {
    expect(await value("TRY_CAST('12/31/2010' AS datetime2)")).toBe("2010-12-31 00:00:00");
    expect(await value("TRY_CAST('12/31/2010' AS datetime2)", "SET DATEFORMAT dmy;")).toBeNull();
    expect(await value("TRY_CONVERT(date, '31/12/2010', 103)")).toBe("2010-12-31");
    expect(await value("TRY_CAST('2010-02-30' AS date)")).toBeNull();
    expect(await value("TRY_CAST('not a date' AS datetime)")).toBeNull();
  });

  it("sends a string column converted at run time to review, naming the construct", () => {
    expect(translate("select TRY_CAST(Name AS datetime2) as v from T").issues.map((i) => i.construct)).toEqual([
      "TRY_CAST",
    ]);
  });
});
