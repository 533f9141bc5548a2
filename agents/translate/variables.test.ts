import { describe, expect, it } from "vitest";
import { translatedScriptForThisFile } from "./testing/script";

/**
 * Procedure variables reassigned from their own earlier values, translated and run on real PostgreSQL
 * (docs: t-sql/language-elements/declare-local-variable-transact-sql.md, set-local-variable-transact-sql.md,
 * select-local-variable-transact-sql.md). A variable is substituted where it is read; a value built from the
 * variable's previous one must not copy that text at every step (SET @d = DATEADD(…, @d) thirty times would be
 * 2^30 copies), yet keep what SQL Server gives: each assignment sees the values of the statements before it,
 * converts to the declared type, and carries NULLs; SELECT @v = … FROM keeps the value when no row comes and a
 * scalar subquery with no row makes it NULL.
 */

const STEPS = 30;
/** Each step reads @d twice: the day offset grows by 1 + (offset mod 3). */
const chain = Array.from(
  { length: STEPS },
  () => "SET @d = DATEADD(day, 1 + DATEDIFF(day, '2020-01-01', @d) % 3, @d)",
).join("\n");
/** n = n * 3 / 2 + n % 5 (integer division truncates), reading @n three times. */
const intChain = Array.from({ length: 20 }, () => "SET @n = @n * 3 / 2 + @n % 5").join("\n");
/** Both variables grow from each other, each step reading both twice. */
const pairChain = Array.from({ length: 8 }, () => "SET @a = @a + @b * 2 - @b\nSET @b = @b + @a * 2 - @a").join("\n");

const SCRIPT = `
CREATE TABLE dbo.Store (CustomerID int NULL, Name varchar(30) NULL)
GO
INSERT INTO dbo.Store VALUES (1, 'Alpha'), (2, NULL), (3, 'Gamma')
GO
CREATE PROCEDURE dbo.p_date_chain AS
DECLARE @d datetime = '2020-01-01'
${chain}
SELECT @d AS d
GO
CREATE PROCEDURE dbo.p_int_chain AS
DECLARE @n int = 7, @s varchar(12) = 'ab'
${intChain}
SET @s = @s + @s + CAST(@n AS varchar(10)) + @s
SET @s = @s + @s
SELECT @n AS n, @s AS s
GO
CREATE PROCEDURE dbo.p_nulls AS
DECLARE @x int = 1
${Array.from({ length: 10 }, () => "SET @x = CASE WHEN @x > 100 THEN NULL ELSE @x + @x * 2 END").join("\n")}
SELECT @x AS x, ISNULL(@x, -1) AS y
GO
CREATE PROCEDURE dbo.p_order AS
DECLARE @a bigint = 2, @b bigint = 5
${pairChain}
SET @a = @a + @b
SET @b = @a - @b
SET @a = @a - @b
IF @a > @b SET @a = @a - @b ELSE SET @b = @b - @a
SELECT @a AS a, @b AS b
GO
CREATE PROCEDURE dbo.p_select_assign AS
DECLARE @k int = 1, @name varchar(30) = 'Generic Name', @none varchar(30) = 'Generic Name', @found varchar(30), @top int
${Array.from({ length: 12 }, () => "SET @k = @k + @k % 3 + 1").join("\n")}
SELECT TOP 1 @name = Name FROM dbo.Store WHERE CustomerID = @k
SELECT TOP 1 @found = Name FROM dbo.Store WHERE CustomerID = @k - @k + 3 ORDER BY CustomerID
SELECT @none = (SELECT Name FROM dbo.Store WHERE CustomerID = @k)
SELECT @top = MAX(CustomerID) + @k FROM dbo.Store
SELECT @k AS k, @name AS name, @found AS found, @none AS none, @top AS top
GO
CREATE PROCEDURE dbo.p_overwritten AS
DECLARE @j nvarchar(max) = N'{"info":{"address":[{"town":"Paris"},{"town":"London"}]}}', @town nvarchar(32)
SET @town = JSON_VALUE(@j, '$.info.address[0].town')
SET @town = JSON_VALUE(@j, '$.info.address[1].town')
SELECT @town AS town
GO
CREATE PROCEDURE dbo.p_elapsed AS
DECLARE @date1 datetime = '1900-01-01 00:00:00.000', @date2 datetime = '2018-12-12 07:08:01.123'
DECLARE @years int, @months int, @days int
SELECT @years = DATEDIFF(yy, @date1, @date2)
IF DATEADD(yy, -@years, @date2) < @date1 SELECT @years = @years - 1
SET @date2 = DATEADD(yy, -@years, @date2)
SELECT @months = DATEDIFF(mm, @date1, @date2)
IF DATEADD(mm, -@months, @date2) < @date1 SELECT @months = @months - 1
SET @date2 = DATEADD(mm, -@months, @date2)
SELECT @days = DATEDIFF(dd, @date1, @date2)
IF DATEADD(dd, -@days, @date2) < @date1 SELECT @days = @days - 1
SET @date2 = DATEADD(dd, -@days, @date2)
SELECT @years AS years, @months AS months, @days AS days, @date2 AS rest
GO
CREATE FUNCTION dbo.f_chain (@x int) RETURNS int AS
BEGIN
  DECLARE @r int = @x
${Array.from({ length: 12 }, () => "  SET @r = @r + @r % 3 + @x").join("\n")}
  RETURN @r
END
GO
CREATE VIEW dbo.v_soundex AS
SELECT ${"SOUNDEX(".repeat(14)}Name${")".repeat(14)} AS s FROM dbo.Store
GO
CREATE PROCEDURE dbo.p_divide_overwritten AS
DECLARE @x int
SET @x = 1 / 0
SET @x = 2
SELECT @x AS x
GO
CREATE PROCEDURE dbo.p_divide_unread AS
DECLARE @none int = (SELECT COUNT(*) FROM dbo.Store WHERE CustomerID > 99)
DECLARE @x int = 10 / @none
SELECT Name AS name FROM dbo.Store WHERE CustomerID = 1
GO
CREATE PROCEDURE dbo.p_convert_overwritten AS
DECLARE @s varchar(10) = (SELECT Name FROM dbo.Store WHERE CustomerID = 1), @n int
SET @n = CONVERT(int, @s)
SET @n = 1
SELECT @n AS n
GO
CREATE PROCEDURE dbo.p_overflow_overwritten AS
DECLARE @i int
SELECT @i = MAX(CustomerID) * 1000000000 FROM dbo.Store
SET @i = 0
SELECT @i AS i
GO
CREATE PROCEDURE dbo.p_raise_not_reached AS
DECLARE @none int = (SELECT COUNT(*) FROM dbo.Store WHERE CustomerID > 99), @x int = 5, @t int
IF @none > 0 SET @x = 10 / @none
IF @none > 0 BEGIN DECLARE @y int = 20 / @none; SET @x = @y END
SET @t = TRY_CONVERT(int, (SELECT Name FROM dbo.Store WHERE CustomerID = 1))
SET @x = 1
SELECT @x AS x, @t AS t
GO
CREATE PROCEDURE dbo.p_divide_by_zero_under_if AS
DECLARE @none int = (SELECT COUNT(*) FROM dbo.Store WHERE CustomerID > 99), @x int = 5
IF @none > 0 SET @x = 1 / 0
SELECT @x AS x
GO
CREATE FUNCTION dbo.f_divide_overwritten (@d int) RETURNS int AS
BEGIN
  DECLARE @x int = 10 / @d
  SET @x = 1
  RETURN @x
END
GO
`;

const script = translatedScriptForThisFile(SCRIPT, "variables.sql");

/**
 * SQL Server runs each assignment when it is reached, and an error in it ends the procedure (docs:
 * set-local-variable-transact-sql.md; divide-transact-sql.md: a zero divisor raises an error; cast-and-convert-
 * transact-sql.md: a string that is not a number raises a conversion error; int-bigint-smallint-and-tinyint-
 * transact-sql.md: int past 2^31-1 is an arithmetic overflow). The model substitutes a variable where it is read,
 * so it must still evaluate an assignment that is overwritten or never read.
 */
describe("an assignment that raises an error in SQL Server raises it in the model, read or not", () => {
  it.each([
    ["p_divide_overwritten", "a constant division by zero set again before it is read", /division by zero/],
    ["p_divide_unread", "a division by a zero count that nothing reads", /division by zero/],
    [
      "p_convert_overwritten",
      "CONVERT(int, 'Alpha') set again before it is read",
      /invalid input syntax for type integer/,
    ],
    ["p_overflow_overwritten", "3 * 1,000,000,000 in an int, set again before it is read", /out of range/],
  ])("%s: %s", async (name, _what, error) => {
    expect(script.byName(name).issues).toEqual([]);
    await expect(script.run(name)).rejects.toThrow(error);
  });

  it("a scalar function evaluates such an assignment at each call: 10 / @d raises for 0, and 1 is returned for 2", async () => {
    const t = script.byName("f_divide_overwritten");
    expect(t.issues).toEqual([]);
    const body = /\{% macro f_divide_overwritten\(d\) %\}\n([\s\S]*)\n\{% endmacro %\}/.exec(t.sql)![1]!;
    const call = (d: number) => script.db.sql.unsafe(`select ${body.replaceAll("{{ d }}", `${d}`)} as r`);
    expect(await call(2)).toEqual([{ r: 1 }]);
    await expect(call(0)).rejects.toThrow(/division by zero/);
  });

  it("a division by the constant 0 under IF is a review item: PostgreSQL would raise it while planning, taken or not", () => {
    expect(script.byName("p_divide_by_zero_under_if").issues.map((i) => [i.construct, i.line])).toEqual([
      ["IF", script.lineOf("IF @none > 0 SET @x = 1 / 0")],
    ]);
  });

  it("an assignment or a DECLARE under an IF not taken, or a TRY_CONVERT, raises nothing", async () => {
    expect(await script.run("p_raise_not_reached")).toEqual([{ x: 1, t: null }]);
  });
});

describe("procedure variables reassigned from their own values", () => {
  it("thirty SET @d = DATEADD(…, @d) steps give the date SQL Server computes, in a model that stays small", async () => {
    let offset = 0;
    for (let i = 0; i < STEPS; i++) offset += 1 + (offset % 3);
    const t = script.byName("p_date_chain");
    // Each statement's text is written once: the model grows with the procedure, not with 2^steps.
    expect(t.sql.length).toBeLessThan(STEPS * 1000);
    const [row] = await script.run("p_date_chain");
    const expected = new Date(Date.UTC(2020, 0, 1 + offset)).toISOString().slice(0, 10);
    expect(row!.d).toBe(`${expected} 00:00:00`);
  });

  // docs: t-sql/functions/datediff-transact-sql.md, "Find difference between date1 and date2": each part is taken
  // off @date2 in turn, each step reading the last.
  it("a variable reassigned from a value bound to its own CTE is bound too, so no step copies the chain before it", async () => {
    const t = script.byName("p_elapsed");
    // The start date is written in the steps that read it before @date2 is first reassigned (4 times in the years
    // step, once in the new @date2), not again in every later step (16 times when the new @date2 was inlined).
    expect(t.sql.match(/2018-12-12 07:08:01\.123/g)).toHaveLength(5);
    expect(await script.run("p_elapsed")).toEqual([
      { years: 118, months: 11, days: 11, rest: "1900-01-01 07:08:01.123" },
    ]);
  });

  it("each assignment converts to the declared type: int division truncates, varchar(12) cuts the string", async () => {
    let n = 7;
    for (let i = 0; i < 20; i++) n = Math.trunc((n * 3) / 2) + (n % 5);
    let s = "ab";
    s = (s + s + String(n) + s).slice(0, 12);
    s = (s + s).slice(0, 12);
    expect(await script.run("p_int_chain")).toEqual([{ n, s }]);
  });

  it("a NULL reached mid-chain stays NULL: NULL > 100 is unknown and NULL + NULL * 2 is NULL", async () => {
    expect(await script.run("p_nulls")).toEqual([{ x: null, y: -1 }]);
  });

  it("each assignment reads the values of the statements before it, also under IF", async () => {
    let a = 2;
    let b = 5;
    for (let i = 0; i < 8; i++) {
      a = a + b;
      b = b + a;
    }
    a = a + b;
    b = a - b;
    a = a - b;
    if (a > b) a = a - b;
    else b = b - a;
    const [row] = await script.run("p_order");
    expect([Number(row!.a), Number(row!.b)]).toEqual([a, b]);
  });

  it("SELECT @v = … FROM keeps the value when no row comes; a scalar subquery with no row sets NULL", async () => {
    let k = 1;
    for (let i = 0; i < 12; i++) k = k + (k % 3) + 1;
    expect(k).toBeGreaterThan(3);
    expect(await script.run("p_select_assign")).toEqual([
      { k, name: "Generic Name", found: "Gamma", none: null, top: 3 + k },
    ]);
  });

  it("a value set again before it is read leaves no CTE behind: only the value read is computed", async () => {
    const t = script.byName("p_overwritten");
    // Both values are long enough for a CTE of their own (INLINE_LIMIT); the first is never read.
    expect(t.sql.match(/"town__\d+" as \(/g)).toHaveLength(1);
    expect(await script.run("p_overwritten")).toEqual([{ town: "London" }]);
  });

  it("a scalar function's chain is computed per call from its argument (a macro over each row)", async () => {
    const t = script.byName("f_chain");
    expect(t.issues).toEqual([]);
    const body = /\{% macro f_chain\(x\) %\}\n([\s\S]*)\n\{% endmacro %\}/.exec(t.sql)![1]!;
    const rows = await script.db.sql.unsafe(
      `select s.customer_id as x, ${body.replaceAll("{{ x }}", "s.customer_id")} as r from "stg_variables__store" as s order by 1`,
    );
    const f = (x: number) => {
      let r = x;
      for (let i = 0; i < 12; i++) r = r + (r % 3) + x;
      return r;
    };
    expect(rows.map((r) => [r.x, r.r])).toEqual([1, 2, 3].map((x) => [x, f(x)]));
  });
});

describe("the size limit of a translation", () => {
  it("an expression whose translation copies its argument over and over is a review item, not a model", () => {
    // SOUNDEX's translation reads its argument several times: fourteen nested calls would be hundreds of megabytes.
    const t = script.byName("v_soundex");
    expect(t.status).toBe("needs_review");
    expect(t.issues.map((i) => [i.construct, i.line])).toEqual([
      ["translation too large", script.lineOf("SOUNDEX(SOUNDEX")],
    ]);
    expect(t.sql.trim()).toBe("");
  });
});
