import { describe, expect, it } from "vitest";
import { renderJinja, translate } from "../testing/harness";
import { shopDatabaseForThisFile } from "../testing/database";

/**
 * Mathematical functions, operators and bit manipulation proven on real PostgreSQL against the values SQL Server
 * documents (docs/t-sql/functions/<name>-transact-sql.md, docs/t-sql/language-elements/, docs/t-sql/data-types/).
 */

const db = shopDatabaseForThisFile();

async function value(expr: string): Promise<unknown> {
  const t = translate(`select ${expr} as v`);
  expect(t.issues, t.sql).toEqual([]);
  const rows = await db.sql.unsafe(renderJinja(t.sql, {}));
  const v = rows[0]!.v;
  return v instanceof Uint8Array ? `0x${Buffer.from(v).toString("hex").toUpperCase()}` : v;
}

describe("ROUND, CEILING, FLOOR, ABS, SIGN, POWER keep SQL Server's types", () => {
  const cases: [string, unknown][] = [
    // round-transact-sql.md
    ["ROUND(123.9994, 3)", "123.9990"],
    ["ROUND(123.9995, 3)", "124.0000"],
    ["ROUND(123.4545, 2)", "123.4500"],
    ["ROUND(123.45, -2)", "100.00"],
    ["ROUND(150.75, 0)", "151.00"],
    ["ROUND(150.75, 0, 1)", "150.00"],
    ["ROUND(748.58, -4)", "0.00"],
    ["ROUND(-2.5, 0)", "-3.0"],
    ["ROUND(CAST(2.5 AS float), 0)", 3],
    // ceiling-transact-sql.md, floor-transact-sql.md
    ["CEILING(-123.45)", "-123"],
    ["FLOOR(-123.45)", "-124"],
    ["CEILING($123.45)", "124.0000"],
    ["FLOOR(123)", 123],
    // abs-transact-sql.md, sign-transact-sql.md
    ["ABS(-1.0)", "1.0"],
    ["SIGN(-125)", -1],
    ["SIGN(0.0)", "0.0"],
    // power-transact-sql.md: the result has the first argument's type
    ["POWER(2, -100.0)", 0],
    ["POWER(2.0, -100.0)", "0.0"],
    ["POWER(CAST(2.0 AS decimal(5,2)), -100.0)", "0.00"],
    ["POWER(2, 10)", 1024],
    ["POWER(2.5, 2)", "6.3"],
  ];
  it.each(cases)("%s → %s", async (expr, expected) => {
    expect(await value(expr)).toBe(expected);
  });
});

describe("integer arithmetic", () => {
  const cases: [string, unknown][] = [
    // int-bigint-smallint-and-tinyint-transact-sql.md: constants above 2,147,483,647 are decimal
    ["2147483649 / 2", "1073741824.500000"],
    ["2147483647 / 2", 1073741823],
    // divide-transact-sql.md, modulo-transact-sql.md: truncation toward zero, sign of the dividend
    ["-7 / 2", -3],
    ["-7 % 3", -1],
    ["7 % -3", 1],
    // tinyint and smallint arithmetic is int: no smallint overflow
    ["CAST(30000 AS smallint) + CAST(30000 AS smallint)", 60000],
    ["CAST(200 AS tinyint) * CAST(200 AS tinyint)", 40000],
    ["1.0 / 3", "0.333333"],
  ];
  it.each(cases)("%s → %s", async (expr, expected) => {
    expect(await value(expr)).toBe(expected);
  });
  it("an int column (not a constant) meets a decimal as int's 10 digits: 1.0 / x has scale 12", async () => {
    const t = translate("select 1.0 / x as v from (select 3 as x) as s");
    const rows = await db.sql.unsafe(renderJinja(t.sql, {}));
    expect(rows[0]!.v).toBe("0.333333333333");
  });
  it("int overflow raises an error, as SQL Server's arithmetic overflow does", async () => {
    const t = translate("select 2147483647 + 1 as v");
    await expect(db.sql.unsafe(renderJinja(t.sql, {}))).rejects.toThrow(/out of range/);
  });
});

describe("COT (docs: cot-transact-sql.md)", () => {
  it("COT(-x) = -COT(x)", async () => {
    expect(await value("COT(-0.5) + COT(0.5)")).toBeCloseTo(0, 12);
  });
  it("COT(0) is an error, not PostgreSQL's Infinity (SQL Server's float holds no infinity)", async () => {
    const t = translate("select COT(0) as v");
    await expect(db.sql.unsafe(renderJinja(t.sql, {}))).rejects.toThrow(/division by zero/);
  });
});

describe("bit manipulation (docs: bit-manipulation-functions-overview.md)", () => {
  const cases: [string, unknown][] = [
    ["BIT_COUNT(17)", "2"],
    ["BIT_COUNT(0xabcdef)", "17"],
    ["BIT_COUNT(CAST(-1 AS smallint))", "16"],
    ["BIT_COUNT(CAST(-1 AS int))", "32"],
    ["RIGHT_SHIFT(12345, 5)", 385],
    ["LEFT_SHIFT(12345, 5)", 395040],
    ["LEFT_SHIFT(12345, -5)", 385],
    ["RIGHT_SHIFT(-1, 28)", 15],
    ["RIGHT_SHIFT(12345, 40)", 0],
    ["LEFT_SHIFT(CAST(255 AS tinyint), 1)", 254],
    ["RIGHT_SHIFT(CAST(-2 AS smallint), 1)", 32767],
    ["LEFT_SHIFT(CAST(16384 AS smallint), 1)", -32768],
    ["GET_BIT(0xabcdef, 2)", true],
    ["GET_BIT(0xabcdef, 4)", false],
    ["SET_BIT(0x00, 2)", "0x04"],
    ["SET_BIT(0xabcdef, 0, 0)", "0xABCDEE"],
    ["~CAST(170 AS tinyint)", 85],
    ["CAST(0.0000009000 AS decimal(30,20)) * CAST(1.0000000000 AS decimal(30,20))", "0.00000090000000000"],
    ["GET_BIT(17, 4)", true],
    ["GET_BIT(17, 1)", false],
    ["SET_BIT(16, 0)", 17],
    ["SET_BIT(17, 0, 0)", 16],
    ["170 & 75", 10],
    ["170 | 75", 235],
    ["170 ^ 75", 225],
    ["~170", -171],
    // left-shift-transact-sql.md, right-shift-transact-sql.md: the << and >> operators are the functions, and
    // operator-precedence-transact-sql.md puts them on the level of + and -, evaluated left to right
    ["12345 << 5", 395040],
    ["12345 >> 5", 385],
    ["CAST(-1 AS smallint) >> 1", 32767],
    ["1 << 2 + 1", 5],
    ["2 * 3 << 1", 12],
    // bitwise-and-, bitwise-or-transact-sql.md: one operand may be binary, read as the other's integer type;
    // bitwise-not-transact-sql.md: ~ of a bit is a bit
    ["0x0F & 3", 3],
    ["255 | 0x0100", 511],
    ["CAST(0xFF AS varbinary(2)) ^ CAST(1 AS smallint)", 254],
    ["~CAST(1 AS bit)", false],
    ["~CAST(0 AS bit)", true],
    ["~CAST(NULL AS bit)", null],
  ];
  it.each(cases)("%s → %s", async (expr, expected) => {
    expect(await value(expr)).toBe(expected);
  });
});

describe("float functions return float (docs: exp-, log-, log10-, sin-, cos-, tan-, cot-, asin-, acos-, atan-, atn2-transact-sql.md)", () => {
  const cases: [string, number][] = [
    ["EXP(1.0)", 2.71828182845905],
    ["LOG(EXP(10))", 10],
    ["LOG10(145.175643)", 2.16189],
    ["SIN(45.175643)", 0.929607],
    ["COS(14.78)", -0.599465],
    ["COT(124.1332)", -0.040312],
    ["ASIN(0.1472738)", 0.147811],
    ["ACOS(-1.0)", 3.14159],
    ["ATAN(197.1099392)", 1.56572],
    ["ATN2(129.44, 35.175643)", 1.30545],
  ];
  it.each(cases)("%s → %s", async (expr, expected) => {
    expect(await value(expr)).toBeCloseTo(expected, 5);
  });
  it("COT of NULL is NULL", async () => {
    expect(await value("COT(CAST(NULL AS float))")).toBeNull();
  });
});
