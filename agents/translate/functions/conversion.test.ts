import { describe, expect, it } from "vitest";
import { renderJinja, translate } from "../testing/harness";
import { shopDatabaseForThisFile } from "../testing/database";

/**
 * CAST / CONVERT / PARSE conversions proven on real PostgreSQL: each expression is translated as a view, run, and
 * compared with the value SQL Server documents (docs: cast-and-convert-transact-sql.md, parse-transact-sql.md,
 * try-parse-transact-sql.md).
 */

const db = shopDatabaseForThisFile();

async function value(expr: string): Promise<unknown> {
  const t = translate(`select ${expr} as v`);
  expect(t.issues, t.sql).toEqual([]);
  const rows = await db.sql.unsafe(renderJinja(t.sql, {}));
  expect(rows).toHaveLength(1);
  const v = rows[0]!.v;
  if (v instanceof Date) return v.toISOString().slice(0, 19).replace("T", " ");
  return v instanceof Uint8Array ? `0x${Buffer.from(v).toString("hex").toUpperCase()}` : v;
}

function issues(expr: string): string[] {
  return translate(`select ${expr} as v`).issues.map((i) => i.construct);
}

describe("float and real to string (docs: cast-and-convert-transact-sql.md, float and real styles)", () => {
  const cases: [string, string][] = [
    ["CONVERT(varchar, EXP(CAST(10 AS float)))", "22026.5"],
    ["CONVERT(varchar, LOG10(CAST(145.175643 AS float)))", "2.16189"],
    ["CONVERT(varchar, RADIANS(CAST(-45.01 AS float)))", "-0.785573"],
    ["CONVERT(varchar, RADIANS(CAST(0.1472738 AS float)))", "0.00257041"],
    ["CONVERT(varchar, CAST(1234567 AS float))", "1.23457e+006"],
    ["CONVERT(varchar, CAST(999999.5 AS float))", "1e+006"],
    ["CONVERT(varchar, CAST(123456 AS float))", "123456"],
    ["CONVERT(varchar, CAST(0.0001 AS float))", "0.0001"],
    ["CONVERT(varchar, CAST(0.00001 AS float))", "1e-005"],
    ["CONVERT(varchar, CAST(-0.000012345678 AS float))", "-1.23457e-005"],
    ["CONVERT(varchar, CAST(0 AS float))", "0"],
    ["CONVERT(varchar, CAST(100 AS float))", "100"],
    ["CONVERT(varchar, CAST(0.1 AS real))", "0.1"],
    ["CONVERT(varchar(30), CAST(12345.678 AS float), 1)", "1.2345678e+004"],
    ["CONVERT(varchar(30), CAST(1 AS float), 2)", "1.000000000000000e+000"],
    ["CONVERT(varchar(30), CAST(1 AS float) / 3, 2)", "3.333333333333333e-001"],
    ["CONVERT(varchar, RADIANS(CAST(-181.01 AS float)))", "-3.15922"],
    ["CONVERT(varchar, RADIANS(CAST(197.1099392 AS float)))", "3.44022"],
    ["CONVERT(varchar, DEGREES(PI() / 2))", "90"],
    ["CONVERT(varchar, LOG(CAST(10 AS float)))", "2.30259"],
  ];
  it.each(cases)("%s → %s", async (expr, expected) => {
    expect(await value(expr)).toBe(expected);
  });
  it("a NULL float converts to NULL", async () => {
    expect(await value("CONVERT(varchar, CAST(NULL AS float))")).toBeNull();
  });
});

describe("binary ↔ string styles (docs: cast-and-convert-transact-sql.md, binary styles)", () => {
  const cases: [string, unknown][] = [
    ["CONVERT(CHAR(8), 0x4E616d65, 0)", "Name    "],
    ["CONVERT(CHAR(8), 0x4E616d65, 1)", "0x4E616D"],
    ["CONVERT(CHAR(8), 0x4E616d65, 2)", "4E616D65"],
    ["CONVERT(varchar(20), 0x4E616d65, 1)", "0x4E616D65"],
    ["CONVERT(BINARY(8), 'Name', 0)", "0x4E616D6500000000"],
    ["CONVERT(BINARY(4), '4E616D65', 2)", "0x4E616D65"],
    ["CONVERT(BINARY(4), '0x4E616D65', 1)", "0x4E616D65"],
    ["CONVERT(varbinary(2), 'Name')", "0x4E61"],
    ["CAST(1 AS binary(4))", "0x00000001"],
    ["CAST(258 AS binary(2))", "0x0102"],
    ["CAST(-1 AS varbinary(8))", "0xFFFFFFFF"],
    ["CAST(65536 AS binary(2))", "0x0000"],
  ];
  it.each(cases)("%s → %s", async (expr, expected) => {
    expect(await value(expr)).toBe(expected);
  });
});

describe("strings and numbers to numbers: TRY_ is NULL where CAST raises (docs: try-cast-transact-sql.md)", () => {
  const cases: [string, unknown][] = [
    ["TRY_CAST('300' AS tinyint)", null],
    ["TRY_CAST(' 255 ' AS tinyint)", 255],
    ["TRY_CAST('99999999999' AS int)", null],
    ["TRY_CAST('123.456' AS decimal(4,2))", null],
    ["TRY_CAST('12.345' AS decimal(4,2))", "12.35"],
    ["TRY_CAST('1.5' AS int)", null],
    ["TRY_CONVERT(float, 'test')", null],
    ["CAST(255 AS tinyint)", 255],
    // bit-transact-sql.md: 'TRUE'/'FALSE' and integers (non-zero is 1)
    ["CAST('true' AS bit)", true],
    ["CAST(' FALSE' AS bit)", false],
    ["CAST('2' AS bit)", true],
    ["CAST('0' AS bit)", false],
    ["TRY_CAST('yes' AS bit)", null],
    ["TRY_CAST('True' AS bit)", true],
    ["TRY_CAST('-3' AS bit)", true],
  ];
  it.each(cases)("%s → %s", async (expr, expected) => {
    expect(await value(expr)).toBe(expected);
  });
  it("TRY_CAST of a string column checks the type's range row by row", async () => {
    const t = translate(
      "select s, TRY_CAST(s AS tinyint) as v from (select '300' as s union all select ' 7' union all select 'x') as q order by s",
    );
    expect(t.issues).toEqual([]);
    const rows = await db.sql.unsafe(renderJinja(t.sql, {}));
    expect(rows.map((r) => r.v)).toEqual([7, null, null]);
  });
  it("CAST to tinyint out of 0-255 raises an error, as SQL Server's arithmetic overflow does", async () => {
    const t = translate("select CAST(Qty * 100 AS tinyint) as v from T");
    await expect(db.sql.unsafe(renderJinja(t.sql, {}))).rejects.toThrow(/tinyint overflow/);
  });
});

describe("numbers to strings", () => {
  it("an integer too long for char(n)/varchar(n) becomes '*' (docs: truncating and rounding results)", async () => {
    expect(await value("CAST(12345 AS varchar(3))")).toBe("*");
    expect(await value("CAST(123 AS char(5))")).toBe("123  ");
  });
  it("char(n) keeps its padding through concatenation", async () => {
    expect(await value("CAST('ab' AS char(4)) + 'x'")).toBe("ab  x");
  });
});

describe("PARSE / TRY_PARSE by culture (docs: parse-transact-sql.md, try-parse-transact-sql.md)", () => {
  const cases: [string, unknown][] = [
    ["PARSE('€345,98' AS money USING 'de-DE')", "345.9800"],
    ["PARSE('$1,234.5' AS money USING 'en-US')", "1234.5000"],
    ["PARSE('(1,234.5)' AS money USING 'en-US')", "-1234.5000"],
    ["PARSE(' -12 ' AS int)", -12],
    ["PARSE('1.234,56' AS decimal(10,2) USING 'de-DE')", "1234.56"],
    ["PARSE('1 234,5' AS decimal(10,1) USING 'fr-FR')", "1234.5"],
    ["PARSE('1.5e3' AS float USING 'en-US')", 1500],
    ["TRY_PARSE('Aragorn' AS decimal USING 'sr-Latn-CS')", null],
    ["TRY_PARSE('1.5' AS int USING 'en-US')", null],
    ["TRY_PARSE('3000000000' AS int)", null],
    ["TRY_PARSE('1,5e3' AS float USING 'en-US')", null],
    ["TRY_PARSE('12' AS tinyint)", 12],
    ["TRY_PARSE('Jabberwokkie' AS datetime2 USING 'en-US')", null],
  ];
  it.each(cases)("%s → %s", async (expr, expected) => {
    expect(await value(expr)).toBe(expected);
  });
  it("PARSE of a string the culture rejects raises an error, as SQL Server does", async () => {
    const t = translate("select PARSE('12abc' AS int USING 'en-US') as v");
    await expect(db.sql.unsafe(renderJinja(t.sql, {}))).rejects.toThrow(/PARSE cannot convert/);
  });
  it("a culture the translator does not know is a review item, not a guess", () => {
    expect(issues("PARSE('1,5' AS decimal(5,1) USING 'hi-IN')")).toEqual(["PARSE"]);
  });
  const dates: [string, unknown][] = [
    ["PARSE('Monday, 13 December 2010' AS datetime2 USING 'en-US')", "2010-12-13 00:00:00"],
    ["PARSE('12/16/2010' AS datetime2)", "2010-12-16 00:00:00"],
    ["PARSE('12/16/2010 2:30 PM' AS datetime2)", "2010-12-16 14:30:00"],
    ["PARSE('December 16, 2010' AS datetime2 USING 'en-US')", "2010-12-16 00:00:00"],
    ["PARSE('13.12.2010' AS datetime2 USING 'de-DE')", "2010-12-13 00:00:00"],
    ["PARSE('13. Dezember 2010' AS datetime2 USING 'de-DE')", "2010-12-13 00:00:00"],
    ["PARSE('16/12/10' AS datetime2 USING 'en-GB')", "2010-12-16 00:00:00"],
    ["PARSE('2010-12-16 08:05:09' AS datetime2 USING 'fr-FR')", "2010-12-16 08:05:09"],
    ["CASE WHEN TRY_PARSE('01/01/2011' AS datetime2) IS NULL THEN 'True' ELSE 'False' END", "False"],
    ["TRY_PARSE('Tuesday, 13 December 2010' AS datetime2 USING 'en-US')", null],
    ["TRY_PARSE('12/13/2010' AS datetime2 USING 'de-DE')", null],
    ["TRY_PARSE('2/30/2010' AS datetime2)", null],
  ];
  it.each(dates)("%s → %s", async (expr, expected) => {
    expect(await value(expr)).toBe(expected);
  });
  it("PARSE of a date column is a review item (.NET DateTime.Parse has no PostgreSQL counterpart)", () => {
    expect(translate("select PARSE(Name AS datetime2) as v from T").issues.map((i) => i.construct)).toEqual(["PARSE"]);
  });
});
