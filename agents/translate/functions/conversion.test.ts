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
    // nchar/nvarchar bytes are UTF-16LE: CAST(CAST(0x41 AS nvarchar) AS varbinary) is 0x4100, not 0x41 (the page's
    // note under "Implicit conversions"); a character past U+FFFF is its surrogate pair
    ["CAST(CAST(0x41 AS nvarchar) AS varbinary)", "0x4100"],
    ["CAST(N'abc' AS varbinary(10))", "0x610062006300"],
    ["CAST(N'é€😀' AS varbinary(20))", "0xE900AC203DD800DE"],
    ["CAST(0xE900AC203DD800DE AS nvarchar(10))", "é€😀"],
    ["CAST(N'abcdef' AS varbinary(4))", "0x61006200"],
    ["CAST(N'ab' AS binary(6))", "0x610062000000"],
    ["CONVERT(nchar(4), 0x610062006300)", "abc "],
    ["CAST(N'' AS varbinary(10))", "0x"],
    ["CAST(CAST(NULL AS nvarchar(5)) AS varbinary(10))", null],
    ["CAST(CAST(NULL AS varbinary(4)) AS nvarchar(10))", null],
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

describe("strings to money and uniqueidentifier, binary to integers (docs: char-and-varchar-transact-sql.md, uniqueidentifier-transact-sql.md, binary-and-varbinary-transact-sql.md)", () => {
  const cases: [string, unknown][] = [
    // "Converting Character Data": money takes a dollar sign and comma separators ($123,456.00)
    ["CAST('$123,456.00' AS money)", "123456.0000"],
    ["CAST(' -1,000.5 ' AS money)", "-1000.5000"],
    ["CAST('12.34567' AS money)", "12.3457"],
    ["TRY_CAST('$1,234.5' AS money)", "1234.5000"],
    // money styles: 126 is style 2 (four decimals); an unlisted style is 0
    ["CONVERT(varchar(30), CAST(4235.9819 AS money), 126)", "4235.9819"],
    ["CONVERT(varchar(30), CAST(4235.9819 AS money), 5)", "4235.98"],
    ["CONVERT(varchar(30), CAST(-3510.925 AS money), 1)", "-3,510.93"],
    ["TRY_CAST('1$2' AS money)", null],
    ["TRY_CAST('$922,337,203,685,478' AS money)", null],
    // "Converting uniqueidentifier Data": characters past the 36 of a GUID are dropped
    ["CONVERT(uniqueidentifier, N'0E984725-C51C-4BF4-9960-E1C80E27ABA0wrong')", "0e984725-c51c-4bf4-9960-e1c80e27aba0"],
    ["CAST('6F9619FF-8B86-D011-B42D-00C04FC964FF' AS uniqueidentifier)", "6f9619ff-8b86-d011-b42d-00c04fc964ff"],
    // binary to an integer: the rightmost bytes, big-endian, signed (tinyint unsigned)
    ["CAST(0xE240 AS int)", 57920],
    ["CAST(0x0001E240 AS int)", 123456],
    ["CAST(0xFFFFFFFF AS int)", -1],
    ["CAST(0x0102030405 AS int)", 0x02030405],
    ["CAST(0xFFFF AS smallint)", -1],
    ["CAST(0x01FF AS tinyint)", 255],
    ["CAST(0xFFFFFFFFFFFFFFFF AS bigint)", "-1"],
    ["CAST(0xE240 AS binary(2)) + 1", 57921],
  ];
  it.each(cases)("%s → %s", async (expr, expected) => {
    expect(await value(expr)).toBe(expected);
  });
  it("a string that is no money is an error, as in SQL Server", async () => {
    const t = translate("select CAST('12 dollars' AS money) as v");
    await expect(db.sql.unsafe(renderJinja(t.sql, {}))).rejects.toThrow(/invalid input syntax/);
  });
});

describe("assignment converts by CAST's rules (docs: cast-and-convert-transact-sql.md, truncating and rounding results)", () => {
  it("a decimal or float assigned to an int is truncated toward zero, not rounded; an int kept in binary(2) loses its leading bytes", async () => {
    const t = translate(`create procedure dbo.p as
declare @i int = 2.7, @j int, @k int, @f float = -2.7, @b binary(2), @m money
set @j = -10.6496
set @k = @f
set @b = 123456
set @b = @b + 1
set @m = '$1,000.25'
select @i as i, @j as j, @k as k, cast(@b as int) as b, @m as m`);
    expect(t.issues, t.sql).toEqual([]);
    const rows = await db.sql.unsafe(renderJinja(t.sql, {}));
    expect(rows).toEqual([{ i: 2, j: -10, k: -2, b: 57921, m: "1000.2500" }]);
  });
  it("UPDATE SET and MERGE convert the value to the column's type the same way", async () => {
    const t = translate(`create procedure dbo.p as
create table #t (id int, i int, m money)
insert into #t values (1, 0, 0), (2, 0, 0)
update #t set i = 2.7, m = '$1,000' where id = 1
merge #t as tgt using (select 2 as id, -2.7 as v) as src on tgt.id = src.id
when matched then update set i = src.v;
select id, i, m from #t order by id`);
    expect(t.issues, t.sql).toEqual([]);
    expect(await db.sql.unsafe(renderJinja(t.sql, {}))).toEqual([
      { id: 1, i: 2, m: "1000.0000" },
      { id: 2, i: -2, m: "0.0000" },
    ]);
  });
  it("a value inserted into a temp table converts to the column's type the same way", async () => {
    const t = translate(`create procedure dbo.p as
create table #t (i int, m money, b binary(2), c char(4))
insert into #t values (2.7, '$5', 123456, 'ab')
insert into #t (i) select -2.7
select i, m, b, c from #t`);
    expect(t.issues, t.sql).toEqual([]);
    const rows = await db.sql.unsafe(renderJinja(t.sql, {}));
    expect(rows.map((r) => ({ ...r, b: r.b && `0x${Buffer.from(r.b).toString("hex").toUpperCase()}` }))).toEqual([
      { i: 2, m: "5.0000", b: "0xE240", c: "ab  " },
      { i: -2, m: null, b: null, c: null },
    ]);
  });
});

describe("blank strings and datetime values to numbers (docs: cast-and-convert-transact-sql.md, truncating and rounding results)", () => {
  const cases: [string, unknown][] = [
    // Only decimal/numeric refuse an empty string; an integer, float or money reads it as 0
    ["CONVERT(int, '')", 0],
    ["CONVERT(int, '   ')", 0],
    ["CONVERT(float, '')", 0],
    ["CONVERT(money, ' ')", "0.0000"],
    ["TRY_CAST('' AS int)", 0],
    ["TRY_CAST('' AS tinyint)", 0],
    ["TRY_CAST('' AS money)", "0.0000"],
    ["TRY_CAST('' AS decimal(5,2))", null],
    ["CONVERT(int, CAST(NULL AS varchar(3)))", null],
    // datetime → int rounds the days since 1900-01-01; → float keeps the fraction of the day
    ["CONVERT(int, CAST('2011-10-01' AS datetime))", 40815],
    ["CONVERT(int, CAST('2011-10-01 13:00' AS datetime))", 40816],
    ["CONVERT(int, CAST('2011-10-01 11:59' AS smalldatetime))", 40815],
    ["CONVERT(int, CAST('1899-12-31 06:00' AS datetime))", -1],
    ["CONVERT(float, CAST('1900-01-02 12:00' AS datetime))", 1.5],
    ["CONVERT(float, CAST('1899-12-31 12:00' AS datetime))", -0.5],
  ];
  it.each(cases)("%s → %s", async (expr, expected) => {
    expect(await value(expr)).toBe(expected);
  });
  it("a string meeting a number in arithmetic converts as CAST would (data-type-precedence-transact-sql.md)", async () => {
    expect(await value("'' + 1")).toBe(1);
    expect(await value("'125127' + 15")).toBe(125142);
    expect(await value("CAST(2 AS money) + '$1.5'")).toBe("3.5000");
    expect(await value("CAST(1 AS float) + '1.5'")).toBe(2.5);
    await expect(db.sql.unsafe(renderJinja(translate("select '1.5' + 1 as v").sql, {}))).rejects.toThrow(
      /invalid input syntax/,
    );
  });
  it("decimal refuses a blank string, and date or datetime2 to a number is a review item (SQL Server refuses both)", async () => {
    await expect(
      db.sql.unsafe(renderJinja(translate("select CONVERT(decimal(5,2), '') as v").sql, {})),
    ).rejects.toThrow(/invalid input syntax/);
    expect(issues("CAST(CAST('2011-10-01' AS date) AS int)")).toEqual(["CONVERT"]);
  });
});

describe("numbers to strings", () => {
  it("an integer too long for char(n)/varchar(n) becomes '*' (docs: truncating and rounding results)", async () => {
    expect(await value("CAST(12345 AS varchar(3))")).toBe("*");
    expect(await value("CAST(123 AS char(5))")).toBe("123  ");
  });
  it("a number (not an integer to char/varchar) or a uniqueidentifier too long for the string is an error, not cut (docs: truncating and rounding results, E)", async () => {
    for (const expr of [
      "CAST(123 AS nvarchar(2))",
      "CAST(CAST(12.5 AS decimal(4,1)) AS varchar(3))",
      "CAST(CAST(1234.56 AS money) AS varchar(6))",
      "CONVERT(varchar(7), CAST(1234.56 AS money), 1)",
      "CAST(CAST(1234567 AS float) AS varchar(11))",
      "CAST(CAST('6F9619FF-8B86-D011-B42D-00C04FC964FF' AS uniqueidentifier) AS char(10))",
    ]) {
      const t = translate(`select ${expr} as v`);
      expect(t.issues, expr).toEqual([]);
      await expect(db.sql.unsafe(renderJinja(t.sql, {})), expr).rejects.toThrow(/value too long for/);
    }
    expect(await value("CAST(123 AS nchar(5))")).toBe("123  ");
    expect(await value("CAST(CAST(12.5 AS decimal(4,1)) AS varchar(4))")).toBe("12.5");
    expect(await value("CONVERT(varchar(8), CAST(1234.56 AS money), 1)")).toBe("1,234.56");
    expect(await value("CAST(CAST(1234567 AS float) AS varchar(12))")).toBe("1.23457e+006");
    expect(await value("CAST(CAST(NULL AS float) AS varchar(3))")).toBeNull();
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
