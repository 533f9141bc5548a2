import { describe, expect, it } from "vitest";
import { canonical, decimalsClose, formatDecimal, kindOfSqlServerType, normalizeDatetime, parseDecimal, valuesEqual } from "./values";

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
    expect(["int", "smallint", "money", "decimal(38,2)", "real"].map(kindOfSqlServerType)).toEqual(["number", "number", "number", "number", "number"]);
    expect(["bit", "datetime", "nchar(5)", "nvarchar(40)", "varchar(9)"].map(kindOfSqlServerType)).toEqual(["bit", "datetime", "text", "text", "text"]);
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
    expect(canonical("6F9619FF-8B86-D011-B42D-00C04FC964FF", "uuid")).toBe("6f9619ff-8b86-d011-b42d-00c04fc964ff");
  });
});
