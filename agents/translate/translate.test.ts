import { describe, expect, it } from "vitest";
import { ZCatalog } from "~/agents/catalog/schema";
import { snakeCase } from "~/agents/plan/naming";
import { createResolver } from "./context";
import { likeToRegex } from "./literals";
import { shopContext, translate } from "./testing/harness";
import { translateAll } from "./translate";

/** Output forms and refusals: what the rules emit, and what they send to review with construct and line. */

const constructsOf = (tsql: string) => translate(tsql).issues.map((i) => i.construct);

describe("identifiers and references", () => {
  it("resolves tables and columns case-insensitively in any spelling to the staging ref and its snake_case columns", () => {
    for (const name of ["t", "[T]", '"t"', "dbo.T", "shop.dbo.[t]", "shop..t"]) {
      const r = translate(`select id, NAME from ${name}`);
      expect(r.status).toBe("translated");
      expect(r.sql).toContain("{{ ref('stg_shop__t') }}");
      expect(r.sql).toMatch(/^select t\.id,\s+t\.name\nfrom \{\{ ref\('stg_shop__t'\) \}\} as t$/m);
      expect(r.columns.map((c) => c.name)).toEqual(["ID", "Name"]);
    }
  });
  it("names output columns as T-SQL does: alias = expr, expr AS alias, expr alias, 'string' alias", () => {
    const r = translate("select Total = Qty * 2, Qty + 1 as [Next], Price p, Name 'N' from T");
    expect(r.columns.map((c) => c.name)).toEqual(["Total", "Next", "p", "N"]);
    expect(r.sql).toContain("as total,");
  });
  it("keeps the alias of an expression that merely ends like a column of that name (a.qty + b.qty as qty)", () => {
    const r = translate("select a.Qty + b.Qty as Qty, a.Qty from T a join T b on b.ID = a.ID");
    expect(r.sql).toMatch(/^select a\.qty::integer \+ b\.qty::integer as qty,$/m);
    const plain = translate("select a.Qty from T a");
    expect(plain.sql).toMatch(/^select a\.qty$/m); // a plain column carries its name: no alias
  });
  it("infers output types with SQL Server's rules (string + lengths add up, money * real is real, SUM(int) is int)", () => {
    const r = translate(
      "select Name + ' ' + Grp as S, Price * Disc as R, SUM(Qty) as Q, AVG(Price) as A from T group by Name, Grp, Price, Disc",
    );
    expect(r.columns.map((c) => c.type)).toEqual([
      { name: "nvarchar", length: 31 },
      { name: "real" },
      { name: "int" },
      { name: "money" },
    ]);
  });
  it("views and procedures are refs to their models, with output columns registered in dependency order", () => {
    const catalog = ZCatalog.parse({
      ...shopContext().catalog,
      views: [
        { name: "B", definition: "create view B as select X + 1 as Y from A" },
        { name: "A", definition: "create view A as select Price * Disc as X from T" },
      ],
      procedures: [{ name: "Top1", definition: "create procedure Top1 as select top 1 Y from B order by Y" }],
    });
    const { results } = translateAll(catalog);
    expect(results.map((r) => r.model)).toEqual(["a", "b", "top1"]);
    const b = results.find((r) => r.model === "b")!;
    expect(b.sql).toContain("{{ ref('a') }}");
    expect(b.columns[0]!.type).toEqual({ name: "real" });
    expect(b.sql).toContain("a.x + 1::real as y");
  });
  it("model names are snake_case; a procedure that collides with a view gets _proc", () => {
    expect(snakeCase("Order Details")).toBe("order_details");
    expect(snakeCase("CustOrdersOrders")).toBe("cust_orders_orders");
    const catalog = ZCatalog.parse({
      views: [{ name: "Sales by Category", definition: "" }],
      procedures: [{ name: "SalesByCategory", definition: "" }],
    });
    const r = createResolver(catalog);
    expect(r.modelName("dbo.salesbycategory")).toBe("sales_by_category_proc");
  });
});

describe("exact output for checklist rows", () => {
  const sqlOf = (expr: string) => translate(`select ${expr} as v from T`).sql;
  it.each([
    ["ISNULL(Name, 'x')", "coalesce("],
    ["IIF(Qty > 1, 1, 0)", "case when"],
    ["GETDATE()", "localtimestamp"],
    ["GETUTCDATE()", "now() at time zone 'utc'"],
    ["DATEADD(month, 1, D)", "interval '1 month'"],
    ["DATEDIFF(day, D, GETDATE())", "::date"],
    ["LEN(Name)", "length(rtrim("],
    ["CHARINDEX('a', Name)", "strpos("],
    ["STUFF(Name, 1, 1, '')", "overlay("],
    ["REPLICATE('a', 2)", "repeat("],
    ["ROUND(Amount, 1, 1)", "trunc("],
    ["NEWID()", "gen_random_uuid()"],
    ["CONVERT(varchar(10), D, 112)", "to_char("],
    ["JSON_VALUE(J, '$.a')", "#>>"],
    ["CAST(Flag AS int)", "::integer"],
  ])("%s → %s", (expr, expected) => {
    expect(sqlOf(expr)).toContain(expected);
  });
  it("ascending ORDER BY gets NULLS FIRST, descending NULLS LAST", () => {
    expect(translate("select top 1 ID from T order by Name, Qty desc").sql).toContain(
      "t.name::bpchar asc nulls first, t.qty desc nulls last\nlimit 1",
    );
  });
  it("LIKE with [] classes becomes a case-insensitive regex", () => {
    expect(likeToRegex("[0-9]%")).toBe("^[0-9].*$");
    expect(likeToRegex("a_b[^xy]c.")).toBe("^a.b[^xy]c\\.$");
    // Under the default Windows collation a range spans what sorts between its ends: superscripts and fractions
    // sort among the digits (like-transact-sql.md: ranges follow "the sorting rules of the collation").
    expect(translate("select ID from T where Name like '[0-9]%'").sql).toContain("~* '^[0123456789²³¹¼½¾].*$'");
  });
  it("a procedure keeps its ORDER BY; a TOP view keeps ORDER BY + LIMIT", () => {
    expect(translate("create procedure P as select ID from T order by ID").sql).toMatch(
      /order by id asc nulls first\s*$/,
    );
    expect(translate("select top 3 ID from T order by Price desc").sql).toMatch(
      /order by t\.price desc nulls last\nlimit 3\s*$/,
    );
  });
  it("writes string literals holding Jinja delimiters as Jinja strings that print them (agents/escape)", () => {
    expect(translate("select '{{ x }}' as v").sql).toContain(`{{ '\\'{{ x }}\\'' }}`);
  });
  it("scalar UDF → macro; inline table function → ephemeral model reading vars", () => {
    const ctx = shopContext({
      functions: [
        {
          name: "Net",
          kind: "scalar",
          returns: { name: "money" },
          parameters: [{ name: "p", type: { name: "money" } }],
          definition:
            "create function dbo.Net (@p money) returns money as begin declare @r money set @r = @p * 0.9 if @p > 100 set @r = @p * 0.8 return @r end",
        },
        {
          name: "ByGrp",
          kind: "inline_table",
          parameters: [{ name: "g", type: { name: "varchar", length: 10 } }],
          definition:
            "create function dbo.ByGrp (@g varchar(10)) returns table as return (select ID from T where Grp = @g)",
        },
      ],
    });
    const fn = translate(ctx.catalog.functions[0]!.definition, ctx);
    expect(fn.form).toBe("macro");
    expect(fn.status).toBe("translated");
    expect(fn.sql).toMatch(/^\{% macro net\(p\) %\}/);
    expect(fn.sql).toContain("case when coalesce(({{ p }}) > 100, false)");
    const tvf = translate(ctx.catalog.functions[1]!.definition, ctx);
    expect(tvf.form).toBe("ephemeral");
    expect(tvf.sql).toContain("materialized='ephemeral'");
    expect(tvf.sql).toContain("var('g')");
    const use = translate("select dbo.Net(Price) as N from T", ctx);
    expect(use.sql).toContain(`{{ net('t.price') }}`);
  });
});

describe("needs_review with construct and line", () => {
  it.each([
    ["create procedure P as\ndeclare @i int = 1\nwhile @i < 3 set @i = @i * 2\nselect 1 as x", "WHILE", 3],
    [
      "create procedure P as\ndeclare c cursor for select ID from T\nopen c\nfetch prior from c\nselect 1 as x",
      "cursor",
      4,
    ],
    ["create procedure P as\ndeclare @s nvarchar(100) = 'select 1'\nexec (@s)", "dynamic SQL", 3],
    ["create procedure P as\nexec sp_executesql N'select 1'", "dynamic SQL", 2],
    ["create procedure P as\nupdate T set Qty = 0\nselect @@ROWCOUNT as n", "UPDATE", 2],
    ["create procedure P as\nselect @@ROWCOUNT as n", "@@ROWCOUNT", 2],
    ["create procedure P as\ndelete from T output deleted.ID where ID = 1", "OUTPUT", 2],
    ["create procedure P as\nmerge T using U on T.ID = U.TID when matched then delete;\nselect 1 as x", "MERGE", 2],
    ["create procedure P @x int as\nif @x < 0 raiserror('negative', 16, 1)\nselect 1 as x", "RAISERROR", 2],
    ["create procedure P @o int output as\nselect 1 as x", "OUTPUT parameter", undefined],
    ["create procedure P as\ninsert into T (ID) values (9)", "INSERT", 2],
    ["select TRY_CAST(Name AS datetime) as d from T", "TRY_CAST", 1],
    ["select ID from T where D > 'not a date'", "datetime literal", 1],
    ["select FORMAT(D, 'yyyy', 'hi-IN') as f from T", "FORMAT", 1],
    // Styles 130 and 131 read Hijri dates (cast-and-convert-transact-sql.md): no Gregorian reading is faithful.
    ["select CONVERT(datetime, '01/06/1421', 130) as d from T", "CONVERT style", 1],
    ["select TRY_CONVERT(datetime, '01/06/1421', 131) as d from T", "TRY_CONVERT", 1],
    ["select x.query('for $i in /a return $i') as v from (select cast(J as xml) as x from T) s", "XML .query()", 1],
    ["select Nope from T", "unknown column", 1],
    ["select ID from Missing", "unknown object", 1],
    ["select ID from T where Name like Grp", undefined, undefined],
  ])("%s → %s", (tsql, construct, line) => {
    const r = translate(tsql);
    if (construct === undefined) {
      expect(r.status).toBe("translated");
      return;
    }
    expect(r.status).toBe("needs_review");
    const issue = r.issues.find((i) => i.construct === construct);
    expect(issue, JSON.stringify(r.issues)).toBeDefined();
    if (line !== undefined) expect(issue!.line).toBe(line);
  });
  it.each([
    [
      "create procedure p as\ncreate table #t (a int, b int default 7)\ninsert #t (a) values (1)\nselect a, b from #t",
      "temp table",
    ],
    [
      "create procedure p as\ndeclare @t table (a int, b as a * 2)\ninsert @t (a) values (1)\nselect a, b from @t",
      "table variable",
    ],
  ])(
    "a column SQL Server fills itself (DEFAULT, computed) in %s needs review: its rows would read NULL",
    (tsql, construct) => {
      // create-table-transact-sql.md: a DEFAULT fills a column an INSERT leaves out; a computed column is never inserted.
      const r = translate(tsql);
      expect(r.status).toBe("needs_review");
      expect(r.issues).toContainEqual(expect.objectContaining({ construct, line: 2 }));
    },
  );
  it("a parse error is an issue with its line, not an exception", () => {
    const r = translate("create view v as\nselect from where");
    expect(r.status).toBe("needs_review");
    expect(r.issues[0]).toMatchObject({ construct: "parse error", line: 2 });
  });
  it("never emits a translated status with an unknown-typed + ", () => {
    expect(constructsOf("select ID from T")).toEqual([]);
  });
});
