import { describe, expect, it } from "vitest";
import { normaliseDateTime } from "./dates";

const value = (...args: Parameters<typeof normaliseDateTime>) => {
  const result = normaliseDateTime(...args);
  if ("error" in result) throw new Error(result.error);
  return result.value;
};
const error = (...args: Parameters<typeof normaliseDateTime>) => {
  const result = normaliseDateTime(...args);
  return "error" in result ? result.error : undefined;
};

describe("normaliseDateTime", () => {
  it("reads numeric dates in the order SET DATEFORMAT gives", () => {
    expect(value("7/4/1996", "datetime", "mdy")).toBe("1996-07-04 00:00:00");
    expect(value("7/4/1996", "datetime", "dmy")).toBe("1996-04-07 00:00:00");
    expect(value("96.07.04", "date", "ymd")).toBe("1996-07-04");
    expect(value("4-7-96", "date", "dmy")).toBe("1996-07-04");
  });

  it("reads unseparated and ISO 8601 dates the same under every DATEFORMAT", () => {
    for (const format of ["mdy", "dmy", "ymd"] as const) {
      expect(value("19970101", "datetime", format)).toBe("1997-01-01 00:00:00");
      expect(value("970102", "date", format)).toBe("1997-01-02");
      expect(value("1997-06-30T13:45:10.5", "datetime2", format)).toBe("1997-06-30 13:45:10.5");
    }
  });

  it("reads yyyy-mm-dd as y-d-m for datetime under dmy, but as ISO for date and datetime2", () => {
    expect(error("1997-06-30", "datetime", "dmy")).toMatch(/not a valid datetime: month 30/);
    expect(value("1997-06-03", "datetime", "dmy")).toBe("1997-03-06 00:00:00");
    expect(value("1997-06-30", "date", "dmy")).toBe("1997-06-30");
    expect(value("1997-06-30", "datetime2", "dmy")).toBe("1997-06-30 00:00:00");
    expect(value("1997-06-30", "datetime", "mdy")).toBe("1997-06-30 00:00:00");
  });

  it("applies the 2049 two-digit year cutoff", () => {
    expect(value("1/2/49", "date", "mdy")).toBe("2049-01-02");
    expect(value("1/2/50", "date", "mdy")).toBe("1950-01-02");
  });

  it("reads English month names in the orders SQL Server accepts", () => {
    expect(value("Apr 15 1996", "date", "dmy")).toBe("1996-04-15");
    expect(value("15 April, 1996", "date", "mdy")).toBe("1996-04-15");
    expect(value("1996 APR 15", "date", "mdy")).toBe("1996-04-15");
    expect(value("Jan  1 1900 12:00AM", "datetime", "mdy")).toBe("1900-01-01 00:00:00");
  });

  it("reads times with AM/PM, period fractions and colon milliseconds", () => {
    expect(value("1996-07-04 1:30PM", "datetime", "mdy")).toBe("1996-07-04 13:30:00");
    expect(value("7/4/1996 12:30:20.1", "datetime", "mdy")).toBe("1996-07-04 12:30:20.100");
    expect(value("7/4/1996 12:30:20:1", "datetime", "mdy")).toBe("1996-07-04 12:30:20");
    expect(value("10:15", "time", "mdy")).toBe("10:15:00");
    expect(value("10:15", "datetime", "mdy")).toBe("1900-01-01 10:15:00");
  });

  it("rounds datetime to 1/300 s and smalldatetime to the minute, carrying into the next day", () => {
    expect(value("1998-01-01 23:59:59.995", "datetime", "mdy")).toBe("1998-01-01 23:59:59.997");
    expect(value("1998-01-01 23:59:59.992", "datetime", "mdy")).toBe("1998-01-01 23:59:59.993");
    expect(value("1998-12-31 23:59:59.999", "datetime", "mdy")).toBe("1999-01-01 00:00:00");
    expect(value("2000-05-08 12:35:29.998", "smalldatetime", "mdy")).toBe("2000-05-08 12:35:00");
    expect(value("2000-05-08 12:35:29.999", "smalldatetime", "mdy")).toBe("2000-05-08 12:36:00");
  });

  it("follows a CONVERT style over DATEFORMAT", () => {
    expect(value("04/07/1996", "datetime", "mdy", 103)).toBe("1996-07-04 00:00:00");
    expect(value("1996-07-04 10:00:00", "datetime", "dmy", 120)).toBe("1996-07-04 10:00:00");
  });

  it("refuses a Hijri style (130, 131) instead of reading the date as Gregorian (cast-and-convert-transact-sql.md)", () => {
    expect(error("01/06/1421", "datetime", "dmy", 130)).toMatch(/CONVERT style 130 is not read/);
    expect(error("01/06/1421 12:00:00:000AM", "datetime", "dmy", 131)).toMatch(/CONVERT style 131 is not read/);
  });

  it("keeps the offset of a datetimeoffset", () => {
    expect(value("2020-02-29 10:00:00 +5:30", "datetimeoffset", "mdy")).toBe("2020-02-29 10:00:00+05:30");
  });

  it("rejects impossible and out-of-range dates", () => {
    expect(error("2/30/1996", "date", "mdy")).toMatch(/day 30 of month 2/);
    expect(error("1/1/1700", "datetime", "mdy")).toMatch(/out of range for datetime/);
    expect(error("6/7/2079", "smalldatetime", "mdy")).toMatch(/out of range/);
    expect(error("yesterday", "date", "mdy")).toMatch(/not a valid date/);
  });
});
