import { describe, expect, it } from "vitest";
import {
  canonical,
  decimalsClose,
  differsOnlyBelowMicroseconds,
  finerThanMicroseconds,
  formatDecimal,
  kindOfPgType,
  kindOfSqlServerType,
  normalizeDatetime,
  normalizeXml,
  parseDecimal,
  valuesEqual,
} from "./values";

const d = (text: string) => parseDecimal(text)!;

describe("exact decimals", () => {
  it("parses plain and exponent notation without floating point", () => {
    expect(parseDecimal("440.0000")).toEqual({ digits: 4400000n, scale: 4 });
    expect(parseDecimal("-1.5e-05")).toEqual({ digits: -15n, scale: 6 });
    expect(parseDecimal("1e+20")).toEqual({ digits: 100000000000000000000n, scale: 0 });
    expect(parseDecimal(".5")).toEqual({ digits: 5n, scale: 1 });
    expect(parseDecimal("NaN")).toBeUndefined();
    expect(parseDecimal("12abc")).toBeUndefined();
    expect(parseDecimal("")).toBeUndefined();
  });

  it("formats canonically: no exponent, no trailing zeros, no negative zero", () => {
    expect(formatDecimal(d("440.0000"))).toBe("440");
    expect(formatDecimal(d("1.5e-05"))).toBe("0.000015");
    expect(formatDecimal(d("-0.000"))).toBe("0");
    expect(formatDecimal(d("4887.00"), 2)).toBe("4887.00");
  });

  it("holds numbers equal within 0.0001 and no further, exactly", () => {
    expect(decimalsClose(d("440"), d("440.0000"))).toBe(true);
    expect(decimalsClose(d("0.15"), d("0.150000006"))).toBe(true);
    expect(decimalsClose(d("1.0000"), d("1.0001"))).toBe(true);
    expect(decimalsClose(d("1.0000"), d("1.00010000000000000001"))).toBe(false);
    expect(decimalsClose(d("1133.82"), d("1133.83"))).toBe(false);
    expect(decimalsClose(d("99999999999999999999.0001"), d("99999999999999999999"))).toBe(true);
  });
});

describe("comparison rules per kind", () => {
  it("reads the kind from the SQL Server type the manifest gives", () => {
    expect(["int", "smallint", "money", "decimal(38,2)", "real"].map(kindOfSqlServerType)).toEqual([
      "number",
      "number",
      "number",
      "number",
      "number",
    ]);
    expect(["bit", "datetime", "nchar(5)", "nvarchar(40)", "varchar(9)"].map(kindOfSqlServerType)).toEqual([
      "bit",
      "datetime",
      "text",
      "text",
      "text",
    ]);
    expect(
      ["smalldatetime", "datetime2(7)", "date", "time(4)", "datetimeoffset(0)", "binary(8)", "xml"].map(
        kindOfSqlServerType,
      ),
    ).toEqual(["datetime", "datetime2", "date", "time", "datetimeoffset", "binary", "xml"]);
  });

  it("reads PostgreSQL's date and time types as their full-scale kinds, not to the millisecond", () => {
    // timestamp 1114, date 1082, time 1083, timestamptz 1184, xml 142, jsonb 3802
    expect([1114, 1082, 1083, 1184, 142, 3802].map(kindOfPgType)).toEqual([
      "datetime2",
      "date",
      "time",
      "datetimeoffset",
      "xml",
      "json",
    ]);
  });

  it("compares bit 1/0 with PostgreSQL booleans", () => {
    expect(valuesEqual("1", "t", "bit")).toBe(true);
    expect(valuesEqual("0", "false", "bit")).toBe(true);
    expect(valuesEqual("1", "f", "bit")).toBe(false);
  });

  it("compares datetimes to the millisecond in the space or T form", () => {
    expect(normalizeDatetime("1996-07-04 00:00:00")).toBe("1996-07-04 00:00:00.000");
    expect(valuesEqual("1996-07-04 00:00:00.000", "1996-07-04T00:00:00", "datetime")).toBe(true);
    expect(valuesEqual("1996-07-04 00:00:00.000", "1996-07-04", "datetime")).toBe(true);
    expect(valuesEqual("1998-04-09 10:11:12.003", "1998-04-09 10:11:12.0031", "datetime")).toBe(true);
    expect(valuesEqual("1998-04-09 10:11:12.003", "1998-04-09 10:11:12.004", "datetime")).toBe(false);
    expect(valuesEqual("1996-07-04 00:00:00.000", "1996-07-05 00:00:00", "datetime")).toBe(false);
  });

  it("compares smalldatetime to the millisecond, as written without a fraction", () => {
    // smalldatetime_02, datetrunc_08
    expect(valuesEqual("1955-12-13 12:43:00", "1955-12-13 12:43:00", "datetime")).toBe(true);
    expect(valuesEqual("1955-12-13 12:43:00", "1955-12-13 12:43:00.000", "datetime")).toBe(true);
    expect(valuesEqual("1955-12-13 12:43:00", "1955-12-13 12:43:10", "datetime")).toBe(false);
  });

  it("compares datetime2 at its full scale: a difference in the 7th fractional digit is a mismatch", () => {
    // dateadd_02: the 100 ns digit is the whole point of the case; PostgreSQL's timestamp stops at microseconds.
    expect(valuesEqual("2007-01-01 13:10:10.1111112", "2007-01-01 13:10:10.111111", "datetime2")).toBe(false);
    expect(valuesEqual("2007-01-01 13:10:10.1111121", "2007-01-01 13:10:10.111112", "datetime2")).toBe(false);
    expect(valuesEqual("2007-01-01 13:10:10.1121110", "2007-01-01 13:10:10.112111", "datetime2")).toBe(true);
    // datetime_type_05: equal to the millisecond, different at datetime2(4)'s scale.
    expect(valuesEqual("1968-10-23 12:45:37.1237", "1968-10-23 12:45:37.1237", "datetime2")).toBe(true);
    expect(valuesEqual("1968-10-23 12:45:37.1237", "1968-10-23 12:45:37.1236", "datetime2")).toBe(false);
    // smalldatetime_02: trailing zeros are scale, not value; the T form is accepted.
    expect(valuesEqual("1955-12-13 12:43:00.0000", "1955-12-13 12:43:00", "datetime2")).toBe(true);
    expect(valuesEqual("1955-12-13 12:43:00.0000", "1955-12-13T12:43:00", "datetime2")).toBe(true);
    expect(finerThanMicroseconds("2007-01-01 13:10:10.1111112", "datetime2")).toBe(true);
    expect(finerThanMicroseconds("2007-01-01 13:10:10.1111110", "datetime2")).toBe(false);
    expect(differsOnlyBelowMicroseconds("2007-01-01 13:10:10.1111112", "2007-01-01 13:10:10.111111", "datetime2")).toBe(
      true,
    );
    expect(differsOnlyBelowMicroseconds("2016-10-23 12:45:37.1234567", "2016-10-23 12:45:37.123457", "datetime2")).toBe(
      true,
    );
    // datetime2_type_02 as translated: the hour differs too, so the 7th digit is not the story.
    expect(differsOnlyBelowMicroseconds("2016-10-23 12:45:37.1234567", "2016-10-23 02:45:37.123457", "datetime2")).toBe(
      false,
    );
    expect(
      differsOnlyBelowMicroseconds(
        "2016-10-23 12:45:37.1234567 +10:00",
        "2016-10-23 02:45:37.123457+00",
        "datetimeoffset",
      ),
    ).toBe(false);
  });

  it("compares time at its full scale", () => {
    // time_type_04, time_type_01
    expect(valuesEqual("13:01:01.1234567", "13:01:01.123457", "time")).toBe(false);
    expect(valuesEqual("01:01:01.1230000", "01:01:01.123", "time")).toBe(true);
    expect(valuesEqual("01:00:00.0000000", "01:00:00", "time")).toBe(true);
    expect(valuesEqual("12:34:54.1237", "12:34:54.1237", "time")).toBe(true);
    expect(valuesEqual("12:34:54.1237", "12:34:54.124", "time")).toBe(false);
    expect(finerThanMicroseconds("12:10:16.1234567", "time")).toBe(true);
  });

  it("compares datetimeoffset by its local date-time and its offset, not by the instant", () => {
    // switchoffset_01; PostgreSQL writes offsets as +HH, +HH:MM, without the blank.
    expect(valuesEqual("1998-09-20 04:45:50.7134500 -08:00", "1998-09-20 04:45:50.71345-08", "datetimeoffset")).toBe(
      true,
    );
    expect(valuesEqual("1998-09-20 04:45:50.7134500 -08:00", "1998-09-20 12:45:50.71345+00", "datetimeoffset")).toBe(
      false,
    );
    // datetimeoffsetfromparts_02, at_time_zone_01, date_type_03
    expect(valuesEqual("2011-08-15 14:30:00.5 +12:30", "2011-08-15 14:30:00.5+12:30", "datetimeoffset")).toBe(true);
    expect(valuesEqual("2015-03-29 01:01:00 +01:00", "2015-03-29 01:01:00+01", "datetimeoffset")).toBe(true);
    expect(valuesEqual("2015-03-29 01:01:00 +01:00", "2015-03-29 01:01:00", "datetimeoffset")).toBe(false);
    expect(valuesEqual("1912-10-25 00:00:00.000 +00:00", "1912-10-25 00:00:00Z", "datetimeoffset")).toBe(true);
    // datetime2_type_02: the 7th digit counts here too.
    expect(valuesEqual("2016-10-23 12:45:37.1234567 +10:00", "2016-10-23 12:45:37.123457+10", "datetimeoffset")).toBe(
      false,
    );
  });

  it("compares date as a date: a midnight timestamp is the same date, any other time is not", () => {
    expect(valuesEqual("1912-10-25", "1912-10-25", "date")).toBe(true);
    expect(valuesEqual("1912-10-25", "1912-10-26", "date")).toBe(false);
    expect(valuesEqual("1912-10-25", "1912-10-25 00:00:00", "date")).toBe(true);
    expect(valuesEqual("1912-10-25", "1912-10-25 10:00:00", "date")).toBe(false);
  });

  it("compares XML as XML: indentation and empty-element spelling do not count, content does", () => {
    expect(valuesEqual('<row id="3"/>', '<row id="3" />', "xml")).toBe(true);
    expect(valuesEqual('<row id="3"/>', "<row id='3'></row>", "xml")).toBe(true);
    expect(valuesEqual('<row id="3"/>', '<row id="4"/>', "xml")).toBe(false);
    // xml_query_01, against the same document indented.
    const features =
      "<Features><Warranty>1 year parts and labor</Warranty><Maintenance>3 year parts and labor extended maintenance is available</Maintenance></Features>";
    const indented =
      "<Features>\n  <Warranty>1 year parts and labor</Warranty>\n  <Maintenance>3 year parts and labor extended maintenance is available</Maintenance>\n</Features>";
    expect(valuesEqual(features, indented, "xml")).toBe(true);
    expect(valuesEqual(features, features.replace("1 year", "2 years"), "xml")).toBe(false);
    // Text that is not whitespace only keeps its blanks; entities and CDATA are one way of writing text.
    expect(valuesEqual("<row>4</row>", "<row> 4</row>", "xml")).toBe(false);
    expect(valuesEqual("<a>x &amp; y</a>", "<a><![CDATA[x & y]]></a>", "xml")).toBe(true);
    expect(normalizeXml('<a b="1" c="2">t</a>')).toBe(normalizeXml("<a c='2' b='1'>t</a>"));
    expect(normalizeXml("<a><b></a>")).toBeUndefined();
  });

  it("compares JSON text ignoring whitespace outside strings; key order, value types and string contents count", () => {
    // for_json_02, json_object_01, json_array_02
    expect(
      valuesEqual(`[{"year":2015,"month":12,"day":15}]`, `[ { "year": 2015, "month": 12, "day": 15 } ]`, "json"),
    ).toBe(true);
    expect(valuesEqual(`{"name":"value","type":1}`, `{\n  "name" : "value",\n  "type" : 1\n}`, "json")).toBe(true);
    expect(valuesEqual(`{"name":"value","type":1}`, `{"type":1,"name":"value"}`, "json")).toBe(false);
    expect(valuesEqual(`{"name":"value","type":1}`, `{"name":"value","type":"1"}`, "json")).toBe(false);
    expect(valuesEqual(`{"name":"value"}`, `{"name":"val ue"}`, "json")).toBe(false);
    expect(valuesEqual(`["a",1,null,2]`, `["a", 1, null, 2]`, "json")).toBe(true);
    expect(valuesEqual(`["a",1,null,2]`, `["a", 1, 2]`, "json")).toBe(false);
  });

  it("compares numbers within 0.0001: money, float and decimals as written by either side", () => {
    expect(valuesEqual("22026.4657948067", "22026.465794806718", "number")).toBe(true);
    expect(valuesEqual("3148.2900", "3148.29", "number")).toBe(true);
    expect(valuesEqual("3148.2900", "3148.2902", "number")).toBe(false);
  });

  it("keeps char(n) padding as part of the value", () => {
    // cast_convert_04 is char(8): 'Name' and four blanks; like_03 is nchar(30).
    expect(valuesEqual("Name    ", "Name    ", "text")).toBe(true);
    expect(valuesEqual("Name    ", "Name", "text")).toBe(false);
    expect(valuesEqual("Robert King                   ", "Robert King", "text")).toBe(false);
  });

  it("compares text exactly: case, accents and trailing blanks count", () => {
    expect(valuesEqual("México D.F.", "México D.F.", "text")).toBe(true);
    expect(valuesEqual("México D.F.", "Mexico D.F.", "text")).toBe(false);
    expect(valuesEqual("Chai", "chai", "text")).toBe(false);
    expect(valuesEqual("Chai", "Chai ", "text")).toBe(false);
  });

  it("makes NULL equal only NULL", () => {
    expect(valuesEqual(null, null, "text")).toBe(true);
    expect(valuesEqual(null, "", "text")).toBe(false);
    expect(valuesEqual(null, "0", "number")).toBe(false);
    expect(valuesEqual("0", null, "number")).toBe(false);
  });

  it("compares binary and uuid regardless of notation and letter case", () => {
    expect(valuesEqual("0x0A1B", "\\x0a1b", "binary")).toBe(true);
    // cast_convert_07: SQL Server's upper-case hex against PostgreSQL's lower-case bytea.
    expect(valuesEqual("0x4E616D6500000000", "\\x4e616d6500000000", "binary")).toBe(true);
    expect(valuesEqual("0x4E616D6500000000", "\\x4e616d65", "binary")).toBe(false);
    expect(canonical("6F9619FF-8B86-D011-B42D-00C04FC964FF", "uuid")).toBe("6f9619ff-8b86-d011-b42d-00c04fc964ff");
  });
});
