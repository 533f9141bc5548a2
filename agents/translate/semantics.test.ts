import { describe, expect, it } from "vitest";
import { collationSetupSql } from "~/agents/dialect/collation";
import { renderJinja, translate } from "./testing/harness";
import { shopDatabaseForThisFile } from "./testing/database";

/**
 * Checklist rows proven on real PostgreSQL: each T-SQL snippet is translated, rendered and run against the
 * hand-built `T`/`U` tables (agents/translate/testing/harness.ts); the value is what SQL Server returns.
 */

const db = shopDatabaseForThisFile();

async function run(tsql: string, vars: Record<string, string> = {}) {
  const t = translate(tsql);
  expect(t.issues, t.sql).toEqual([]);
  expect(t.status).toBe("translated");
  // The collations the model names, created as the sandbox creates them before building models.
  for (const create of collationSetupSql([t.sql])) await db.sql.unsafe(create);
  const rows = await db.sql.unsafe(renderJinja(t.sql, vars));
  return { rows, t };
}

async function value(expr: string, where = "ID = 1"): Promise<unknown> {
  const { rows } = await run(`select ${expr} as v from T where ${where}`);
  expect(rows).toHaveLength(1);
  const v = rows[0]!.v;
  return v instanceof Date ? v.toISOString().slice(0, 23).replace("T", " ") : v;
}

describe("functions and expressions (value on PostgreSQL = SQL Server's)", () => {
  const cases: [row: string, expr: string, expected: unknown, where?: string][] = [
    ["ISNULL → COALESCE", "ISNULL(Name, 'none')", "none", "ID = 3"],
    ["IIF → CASE", "IIF(Qty > 5, 'big', 'small')", "big"],
    ["CHOOSE → CASE", "CHOOSE(2, 'a', 'b', 'c')", "b"],
    ["DATEADD quarter = 3 months (month-end clamps)", "DATEADD(quarter, 1, '20200131')", "2020-04-30 00:00:00"],
    ["DATEADD week = 7 days", "DATEADD(wk, 2, D)", "1996-07-18 00:00:00"],
    ["DATEDIFF month counts boundaries", "DATEDIFF(month, '2020-01-31', '2020-02-01')", 1],
    ["DATEDIFF year counts boundaries", "DATEDIFF(yy, '2019-12-31', '2020-01-01')", 1],
    ["DATEDIFF day ignores the time", "DATEDIFF(day, '2020-01-01 23:59', '2020-01-02 00:01')", 1],
    ["DATEDIFF week counts Sundays", "DATEDIFF(week, '2023-01-07', '2023-01-08')", 1],
    ["DATEDIFF hour counts boundaries", "DATEDIFF(hour, '2020-01-01 10:59', '2020-01-01 11:01')", 1],
    ["DATEDIFF negative", "DATEDIFF(month, '2020-03-01', '2020-01-31')", -2],
    ["DATEPART dw is Sunday = 1 (us_english)", "DATEPART(dw, '20230101')", 1],
    ["DATEPART wk: Jan 1 is week 1, weeks start Sunday", "DATEPART(wk, '20230108')", 2],
    ["YEAR/MONTH/DAY", "YEAR(D) * 10000 + MONTH(D) * 100 + DAY(D)", 19960704],
    ["DATENAME(yy) is the 4-digit year", "DATENAME(yy, D)", "1996"],
    ["DATENAME(month)", "DATENAME(month, D)", "July"],
    ["DATENAME(dw)", "DATENAME(dw, D)", "Thursday"],
    ["EOMONTH", "EOMONTH('20200210')", "2020-02-29"],
    ["DATEFROMPARTS", "DATEFROMPARTS(2020, 2, 29)", "2020-02-29"],
    ["CONVERT style 101", "CONVERT(varchar(10), D, 101)", "07/04/1996"],
    ["CONVERT style 103", "CONVERT(varchar(10), D, 103)", "04/07/1996"],
    ["CONVERT style 111", "CONVERT(nvarchar(22), D, 111)", "1996/07/04"],
    ["CONVERT style 112", "CONVERT(char(8), D, 112)", "19960704"],
    ["CONVERT style 120", "CONVERT(varchar(19), D, 120)", "1996-07-04 00:00:00"],
    ["CONVERT style 0 (default)", "CONVERT(varchar(30), D)", "Jul  4 1996 12:00AM"],
    ["CONVERT to a shorter varchar truncates", "CONVERT(varchar(4), D, 112)", "1996"],
    ["CONVERT string to date with style 103", "CONVERT(datetime, '31/12/1999', 103)", "1999-12-31 00:00:00"],
    ["TRY_CAST bad → NULL", "TRY_CAST('12x' AS int)", null],
    ["TRY_CAST good", "TRY_CAST(' 12 ' AS int)", 12],
    ["TRY_CONVERT decimal bad → NULL", "TRY_CONVERT(decimal(5,2), 'abc')", null],
    ["string + is ||", "Name + '!' + Code", "ab  !A0001"],
    ["string + NULL is NULL", "Name + 'x'", null, "ID = 3"],
    ["numeric + stays numeric", "Qty + 1", 26],
    ["LEN ignores trailing spaces", "LEN(Name)", 2],
    ["DATALENGTH of nvarchar is 2 bytes a character", "DATALENGTH(Name)", 8],
    ["CHARINDEX", "CHARINDEX('b', 'abcb')", 2],
    ["CHARINDEX with start", "CHARINDEX('b', 'abcb', 3)", 4],
    ["PATINDEX with a class", "PATINDEX('%[0-9]%', 'ab3d')", 3],
    ["STUFF", "STUFF('abcdef', 2, 3, 'XY')", "aXYef"],
    ["REPLICATE", "REPLICATE('ab', 3)", "ababab"],
    ["SPACE", "SPACE(2) + 'x'", "  x"],
    ["ROUND(x, n, 1) truncates", "ROUND(123.456, 2, 1)", "123.450"],
    ["ROUND on decimal keeps the scale", "ROUND(Amount, 2)", "2.350"],
    ["money literal", "$20.00 * 2", "40.00"],
    ["integer division stays integer", "7 / 2", 3],
    ["integer division truncates toward zero", "-7 / 2", -3],
    ["CONVERT(int, real) truncates", "CONVERT(int, Disc * 100)", 15],
    ["CONVERT(int, float) truncates negatives toward zero", "CONVERT(int, -2.7e0)", -2],
    ["CAST(money AS int) rounds", "CAST($2.5 AS int)", 3],
    [
      "CONVERT(money, real) rounds the binary32 value half away from zero",
      "CONVERT(money, Price * Qty * (1 - Disc) / 100) * 100",
      "265.6300",
    ],
    ["money * real is real (binary32)", "Price * Disc", 1.8750001],
    ["JSON_VALUE", "JSON_VALUE(J, '$.a.b')", "5"],
    ["JSON_VALUE array index", "JSON_VALUE(J, '$.l[1]')", "2"],
    ["NULLIF", "NULLIF(Qty, 25)", null],
    ["bit column compared with 1", "CASE WHEN Flag = 1 THEN 'on' ELSE 'off' END", "on"],
    ["CAST(bit AS int)", "CAST(Flag AS int)", 1],
    ["COALESCE mixes int and decimal", "COALESCE(NULL, Qty, 1.5)", 25],
  ];
  for (const [row, expr, expected, where] of cases) {
    it(`${row}: ${expr}`, async () => {
      const v = await value(expr, where);
      if (typeof expected === "number" && typeof v === "string") expect(Number(v)).toBe(expected);
      else if (typeof expected === "string" && typeof v === "number") expect(String(v)).toBe(expected);
      else expect(v).toEqual(expected);
    });
  }

  it("NEWID → gen_random_uuid()", async () => {
    expect(String(await value("NEWID()"))).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("GETDATE → localtimestamp", async () => {
    expect(await value("DATEDIFF(day, GETDATE(), GETDATE())")).toBe(0);
  });
});

describe("predicates", () => {
  const ids = async (where: string) => (await run(`select ID from T where ${where}`)).rows.map((r) => r.id).sort();
  it("LIKE '[0-9]%' is a regex class, not a literal bracket", async () => {
    expect(await ids("Name LIKE '[0-9]%'")).toEqual([2]);
    expect(await ids("Name LIKE '[^0-9a]%'")).toEqual([4]);
    expect(await ids("Name NOT LIKE '[0-9]%'")).toEqual([1, 4]);
  });
  it("LIKE is case-insensitive like the default CI_AS collation", async () => {
    expect(await ids("Name LIKE 'z%'")).toEqual([4]);
  });
  it("bit = 0 / <> 1 on a boolean column", async () => {
    expect(await ids("Flag = 0")).toEqual([2, 3]);
    expect(await ids("Flag <> 1")).toEqual([2, 3]);
  });
  it("BETWEEN with unseparated date literals includes the upper day's midnight only", async () => {
    expect(await ids("D BETWEEN '19960101' AND '19971231'")).toEqual([1]);
  });
  it("IN list and subquery, EXISTS", async () => {
    expect(await ids("ID IN (1, 3)")).toEqual([1, 3]);
    expect(await ids("ID IN (SELECT TID FROM U)")).toEqual([1, 2]);
    expect(await ids("EXISTS (SELECT 1 FROM U WHERE U.TID = T.ID AND Tag = 'green')")).toEqual([2]);
  });
});

describe("queries", () => {
  it("TOP n → LIMIT after ORDER BY; ascending ORDER BY puts NULLs first like SQL Server", async () => {
    const { rows } = await run("select top 2 ID, Name from T order by Name");
    expect(rows.map((r) => r.id)).toEqual([3, 2]);
    const desc = await run("select ID from T order by Amount desc");
    expect(desc.rows.map((r) => r.id)).toEqual([4, 1, 2, 3]);
  });
  it("TOP n WITH TIES → FETCH FIRST … WITH TIES", async () => {
    const { rows } = await run("select top 1 with ties ID from T order by Price desc");
    expect(rows.map((r) => r.id).sort()).toEqual([3, 4]);
  });
  it("TOP n PERCENT rounds the row count up", async () => {
    const { rows } = await run("select top 30 percent ID from T order by ID");
    expect(rows.map((r) => r.id)).toEqual([1, 2]);
  });
  it("GROUP BY … WITH ROLLUP → ROLLUP(), GROUPING()", async () => {
    const { rows } = await run("select Grp, SUM(Qty) as Total, GROUPING(Grp) as G from T group by Grp with rollup");
    expect(rows.map((r) => [r.grp, r.total, r.g]).sort()).toEqual(
      [
        ["x", 28, 0],
        ["y", 8, 0],
        [null, 36, 1],
      ].sort(),
    );
  });
  it("CUBE()", async () => {
    const { rows } = await run("select Grp, Flag, COUNT(*) as N from T group by cube (Grp, Flag)");
    expect(rows).toHaveLength(9);
  });
  it("CROSS APPLY / OUTER APPLY → LATERAL", async () => {
    const cross = await run(
      "select T.ID, x.Tag from T cross apply (select top 1 Tag from U where U.TID = T.ID order by Tag) x",
    );
    expect(cross.rows.map((r) => [r.id, r.tag])).toEqual([
      [1, "blue"],
      [2, "green"],
    ]);
    const outer = await run(
      "select T.ID, x.Tag from T outer apply (select top 1 Tag from U where U.TID = T.ID order by Tag) x",
    );
    expect(outer.rows).toHaveLength(4);
  });
  it("PIVOT → conditional aggregates", async () => {
    const { rows } = await run(
      "select * from (select Grp, Flag, Qty from T) s pivot (sum(Qty) for Grp in ([x], [y])) as p",
    );
    expect(rows.map((r) => [r.flag, r.x, r.y]).sort()).toEqual([
      [false, 3, 7],
      [true, 25, 1],
    ]);
  });
  it("UNPIVOT → LATERAL VALUES without NULLs", async () => {
    const { rows } = await run(
      "select ID, Col, Val from (select ID, Name, Grp from T) s unpivot (Val for Col in (Name, Grp)) as u",
    );
    expect(rows).toHaveLength(7);
  });
  it("FOR XML PATH('') concatenation → string_agg, with XML escaping; STRING_AGG", async () => {
    const { rows } = await run(
      "select ID, STUFF((select ',' + Tag from U where U.TID = T.ID order by Tag for xml path('')), 1, 1, '') as Tags from T where ID = 1",
    );
    expect(rows[0]!.tags).toBe("blue,red");
    const agg = await run("select STRING_AGG(Tag, ';') WITHIN GROUP (ORDER BY Tag) as Tags from U");
    expect(agg.rows[0]!.tags).toBe("blue;green;red");
  });
  it("UNION removes duplicates, UNION ALL keeps them; literal branches get one type", async () => {
    expect((await run("select Grp from T union select Grp from T")).rows).toHaveLength(2);
    expect((await run("select Grp, 'T' as Src from T union all select Tag, 'U' from U")).rows).toHaveLength(7);
  });
  it("CTEs and derived tables; WITH (NOLOCK) and OPTION dropped", async () => {
    const { rows, t } = await run(
      "with c as (select ID, Qty from T with (nolock)) select d.ID from (select ID from c where Qty > 5) d option (maxdop 1)",
    );
    expect(rows.map((r) => r.id).sort()).toEqual([1, 7 > 5 ? 3 : 0]);
    expect(t.sql).not.toMatch(/nolock|maxdop/i);
  });
  it("AVG of int is an integer; AVG of money keeps 4 places", async () => {
    expect(await value("(select AVG(Qty) from T)")).toBe(9);
    expect(await value("(select AVG(Price) from T)")).toBe("15.6250");
  });
  it("window functions with NULLS FIRST ordering", async () => {
    const { rows } = await run("select ID, ROW_NUMBER() OVER (ORDER BY Name) as RN from T");
    expect(rows.find((r) => r.id === 3)!.rn).toBe("1");
  });
  // docs/t-sql/statements/collations.md and collation-precedence-transact-sql.md: an explicit COLLATE decides the
  // comparison; _BIN2 compares code points, still blank-padded (set-ansi-padding-transact-sql.md).
  it("an explicit COLLATE decides the comparison: _CI_AS matches another case, _CS_AS does not, _BIN2 ignores trailing blanks", async () => {
    expect((await run("select ID from T where Grp = 'X' collate Latin1_General_CI_AS")).rows).toHaveLength(2);
    expect((await run("select ID from T where Grp = 'X' collate Latin1_General_CS_AS")).rows).toHaveLength(0);
    expect((await run("select ID from T where Grp collate Latin1_General_BIN2 = 'x  '")).rows).toHaveLength(2);
  });
  // docs: from-transact-sql.md — a comma-separated FROM is a cross product the WHERE filters; an inner JOIN's ON
  // filters it the same way, so the linking conjuncts move to ON and the rest stay in WHERE.
  it("comma joins become explicit join … on the conjuncts that link them, with the same rows", async () => {
    const linked = await run("select T.ID, U.Tag from T, U where T.ID = U.TID and U.Tag <> 'red' order by T.ID");
    expect(linked.t.sql).toMatch(/\ninner join \{\{ ref\('stg_shop__u'\) \}\} as u on t\.id = u\.tid\nwhere /);
    expect(linked.t.sql).not.toMatch(/\bas t,/);
    expect(linked.rows.map((r) => [r.id, r.tag])).toEqual([
      [1, "blue"],
      [2, "green"],
    ]);
    // An item nothing links is a cross join; a later item joins on conjuncts reading it and the items before it.
    const crossed = await run("select count(*) as n from T, U, T as T2 where T2.ID = U.TID and T.Qty > 1");
    expect(crossed.t.sql).toContain(
      "cross join {{ ref('stg_shop__u') }} as u\ninner join {{ ref('stg_shop__t') }} as t2 on t2.id = u.tid\nwhere t.qty > 1",
    );
    expect(crossed.rows[0]!.n).toBe(9);
    // A conjunct with a subquery stays in WHERE, where its sources are certain.
    const sub = await run(
      "select T.ID from T, U where T.ID = U.TID and exists (select 1 from U u2 where u2.TID = T.ID and u2.Tag = 'green')",
    );
    expect(sub.t.sql).toMatch(/as u on t\.id = u\.tid\nwhere exists/);
    expect(sub.rows.map((r) => r.id)).toEqual([2]);
  });
});

describe("procedures on PostgreSQL", () => {
  it("parameters are typed vars with their T-SQL defaults", async () => {
    const p =
      "create procedure P @MinQty int, @G varchar(10) = 'x' as select ID from T where Qty >= @MinQty and Grp = @G";
    const { rows, t } = await run(p, { MinQty: "4" });
    expect(rows.map((r) => r.id)).toEqual([1]);
    expect(t.vars).toEqual([{ name: "MinQty" }, { name: "G", default: "x" }]);
    expect(t.sql).toContain("cast('{{ var('MinQty') }}' as integer)");
  });
  it("IF … on a parameter resets it (CASE), as SalesByCategory does", async () => {
    const p = `create procedure P @Y nvarchar(4) = '1998' as
      if @Y != '1996' and @Y != '1997' and @Y != '1998' begin select @Y = '1998' end
      select ID from T where DATENAME(yy, D) = @Y`;
    expect((await run(p, { Y: "2001" })).rows.map((r) => r.id)).toEqual([4]);
    expect((await run(p, { Y: "1996" })).rows.map((r) => r.id)).toEqual([1]);
    expect((await run(p)).rows.map((r) => r.id)).toEqual([4]);
  });
  it("IF … ELSE returning different result sets → guarded UNION ALL", async () => {
    const p = `create procedure P @All bit = 0 as
      if @All = 1 select ID from T else select ID from T where Flag = 1`;
    expect((await run(p, { All: "1" })).rows).toHaveLength(4);
    expect((await run(p, { All: "0" })).rows).toHaveLength(2);
  });
  it("SET ROWCOUNT n + SELECT → LIMIT n", async () => {
    const { rows } = await run("create procedure P as set rowcount 2 select ID from T order by ID desc");
    expect(rows.map((r) => r.id)).toEqual([4, 3]);
  });
  it("DECLARE / SET / SELECT @v = aggregate", async () => {
    const p = `create procedure P as
      declare @m money, @n int = 0
      select @m = max(Price) from T
      set @n += 2
      select ID from T where Price = @m and Qty > @n`;
    expect((await run(p)).rows.map((r) => r.id)).toEqual([3]);
  });
  it("#temp tables: SELECT INTO, INSERT … SELECT (twice → UNION ALL), UPDATE → CASE, DELETE → inverted filter", async () => {
    const p = `create procedure P as
      set nocount on
      create table #t (ID int, Label nvarchar(20), Score int)
      insert into #t (ID, Label, Score) select ID, Name, Qty from T where Flag = 1
      insert #t select TID, Tag, 0 from U
      update #t set Score = Score + 100 where Label like 'b%'
      delete from #t where Score = 0 and Label = 'red'
      select ID, Label, Score from #t order by ID, Label`;
    const { rows } = await run(p);
    expect(rows.map((r) => [r.id, r.label, r.score])).toEqual([
      [1, "ab  ", 25],
      [1, "blue", 100],
      [2, "green", 0],
      [4, "Zed", 1],
    ]);
  });
  it("table variables and SELECT … INTO #temp", async () => {
    const p = `create procedure P as
      declare @v table (ID int, N int)
      insert @v values (1, 10), (2, 20)
      select ID, Qty * 2 as Q2 into #x from T
      select x.ID, x.Q2 + v.N as S from #x x join @v v on v.ID = x.ID order by x.ID`;
    expect((await run(p)).rows.map((r) => [r.id, r.s])).toEqual([
      [1, 60],
      [2, 26],
    ]);
  });
  it("TRY/CATCH and BEGIN TRAN/COMMIT are dropped (a model is atomic)", async () => {
    const p =
      "create procedure P as begin try begin tran select ID from T where ID = 2 commit end try begin catch rollback end catch";
    expect((await run(p)).rows.map((r) => r.id)).toEqual([2]);
  });
});
