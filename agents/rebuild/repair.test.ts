import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import type { Catalog } from "~/agents/catalog/schema";
import type { ModelRun } from "~/agents/core/contracts";
import { loadCatalog } from "~/agents/sandbox/load";
import { createSandbox, type Sandbox } from "~/agents/sandbox/sandbox";
import { northwindLikeCatalog } from "~/agents/sandbox/testing";
import { testProject } from "~/agents/tester/test-project";
import { repair } from "./repair";

/** Stand-in for the dbt compiler (agents/dbt/jinja.ts) for the few Jinja forms these tests use. */
function compile(sql: string): string {
  return sql
    .replace(/\{\{\s*config\([^}]*\)\s*\}\}/g, "")
    .replace(/\{\{\s*source\('[^']+',\s*'([^']+)'\)\s*\}\}/g, '"dbo"."$1"')
    .replace(/\{\{\s*ref\('([^']+)'\)\s*\}\}/g, '"analytics"."$1"');
}

describe("rule-based repairs of real PostgreSQL errors", () => {
  let sandbox: Sandbox;
  let catalog: Catalog;
  let counter = 0;

  beforeAll(async () => {
    sandbox = await createSandbox({ adminUrl: inject("pgAdminUrl") });
    catalog = northwindLikeCatalog();
    await loadCatalog(sandbox.sql, catalog);
  });
  afterAll(() => sandbox?.dispose());

  async function run(sql: string): Promise<ModelRun> {
    const name = `m${++counter}`;
    const { runs } = await testProject({
      sandbox,
      plan: { order: [name], models: [] },
      models: [{ name, materialized: "table", compiledSql: compile(sql) }],
      reset: false,
    });
    return runs[0]!;
  }

  /** Runs `sql`, repairs it until it builds (at most `attempts` times), returns the rules used and its rows. */
  async function repairUntilItRuns(sql: string, attempts = 4) {
    const rules: string[] = [];
    const errors: string[] = [];
    let current = sql;
    for (let attempt = 0; attempt <= attempts; attempt++) {
      const result = await run(current);
      if (result.outcome === "ok") {
        const rows = await sandbox.sql.unsafe(`select * from (${compile(current)}) as q`);
        return { rules, errors, sql: current, rows };
      }
      errors.push(result.error!.split("\n")[0]!);
      const fixed = repair({ sql: current }, result, catalog);
      if (!fixed) throw new Error(`no rule for: ${result.error}\nafter ${rules.join(", ")}\n${current}`);
      rules.push(fixed.rule);
      current = fixed.sql;
    }
    throw new Error(`still failing after ${attempts} repairs: ${current}`);
  }

  it("turns string + into || across the whole concatenation, leaving numeric + alone", async () => {
    const result = await repairUntilItRuns(
      `select "ShipCity" + ', ' + "CustomerID" + ' (' + cast("OrderID" + 0 as varchar(10)) + ')' as label, "Freight" + 1 as f from "dbo"."Orders" where "OrderID" = 10248`,
    );
    expect(result.errors).toEqual([
      "operator does not exist: character varying + unknown (SQLSTATE 42883) at line 1, column 19",
    ]);
    expect(result.rules).toEqual(["string-concatenation"]);
    expect(result.sql).toBe(
      `select "ShipCity" || ', ' || "CustomerID" || ' (' || cast("OrderID" + 0 as varchar(10)) || ')' as label, "Freight" + 1 as f from "dbo"."Orders" where "OrderID" = 10248`,
    );
    expect(result.rows).toEqual([{ label: "Berlin, C0000 (10248)", f: "1.0000" }]);
  });

  it("repairs through the model's Jinja, keeping it, when the compiled SQL differs", async () => {
    const sql = `{{ config(materialized='view') }}\nselect "OrderID", "ShipCity" + ' ' + "CustomerID" as label\nfrom {{ source('northwind', 'Orders') }} where "OrderID" = 10249`;
    const result = await repairUntilItRuns(sql);
    expect(result.sql).toBe(
      `{{ config(materialized='view') }}\nselect "OrderID", "ShipCity" || ' ' || "CustomerID" as label\nfrom {{ source('northwind', 'Orders') }} where "OrderID" = 10249`,
    );
    expect(result.rows).toEqual([{ OrderID: 10249, label: "México D.F. C0001" }]);
  });

  it("maps T-SQL functions left in the SQL to PostgreSQL, nested calls included", async () => {
    const result = await repairUntilItRuns(
      `select isnull(isnull("Region", null), 'n/a') as region, len("CustomerID" || '  ') as n, charindex('any', "CompanyName") as at,
        iif("City" = 'Berlin', 'yes', 'no') as berlin, replicate('ab', 2) as twice, getdate() is not null as has_now
       from "dbo"."Customers" where "CustomerID" = 'C0000'`,
      8,
    );
    expect(result.rules).toEqual([
      "tsql-function",
      "tsql-function",
      "tsql-function",
      "tsql-function",
      "tsql-function",
      "tsql-function",
    ]);
    expect(result.errors.map((e) => /function (\w+)/.exec(e)?.[1])).toEqual([
      "isnull",
      "len",
      "charindex",
      "iif",
      "replicate",
      "getdate",
    ]);
    expect(result.rows).toEqual([{ region: "n/a", n: 5, at: 5, berlin: "yes", twice: "abab", has_now: true }]);
  });

  it("maps YEAR(), MONTH() and DAY() to date_part as integers", async () => {
    const result = await repairUntilItRuns(
      `select year("OrderDate") as y, month("OrderDate") as m, day("OrderDate") as d from "dbo"."Orders" where "OrderID" = 10248`,
    );
    expect(result.rules).toEqual(["tsql-function", "tsql-function", "tsql-function"]);
    expect(result.rows).toEqual([{ y: 1996, m: 7, d: 4 }]);
  });

  it("rewrites DATEPART and DATENAME whose unit PostgreSQL read as a column", async () => {
    const result = await repairUntilItRuns(
      `select datepart(yy, "OrderDate") as y, datepart(dw, "OrderDate") as dw, datename(month, "OrderDate") as m from "dbo"."Orders" where "OrderID" = 10248`,
    );
    expect(result.errors[0]).toMatch(/^column "yy" does not exist \(SQLSTATE 42703\)/);
    expect(result.rules).toEqual(["datepart-unit"]);
    // 1996-07-04 was a Thursday: 5 with SQL Server's default DATEFIRST 7.
    expect(result.rows).toEqual([{ y: 1996, dw: 5, m: "July" }]);
  });

  it("casts a text argument of date_part and extract to timestamp", async () => {
    const result = await repairUntilItRuns(
      `with t as (select '1997-03-04'::text as d) select date_part('year', d) as y, extract(month from d) as m from t`,
    );
    expect(result.errors.map((e) => e.replace(/ \(SQLSTATE.*/, ""))).toEqual([
      "function date_part(unknown, text) does not exist",
      "function pg_catalog.extract(unknown, text) does not exist",
    ]);
    expect(result.rules).toEqual(["date-part-of-text", "date-part-of-text"]);
    expect(result.rows).toEqual([{ y: 1997, m: "3" }]);
  });

  it("rounds a float as numeric", async () => {
    const result = await repairUntilItRuns(
      `select round("Discount" * 100, 1) as pct from "dbo"."Order Details" where "Discount" > 0.1 and "Discount" < 0.2 limit 1`,
    );
    expect(result.errors[0]).toMatch(/^function round\((real|double precision), integer\) does not exist/);
    expect(result.rules).toEqual(["round-float"]);
    expect(result.rows).toEqual([{ pct: "15.0" }]);
  });

  it("casts the text side of a comparison with a number, on either side", async () => {
    const right = await repairUntilItRuns(
      `select "TerritoryID" from "dbo"."Territories" where "RegionID" = "TerritoryID"::varchar(20) or 1001 = "TerritoryID"`,
    );
    expect(right.errors.map((e) => e.replace(/ \(SQLSTATE.*/, ""))).toEqual([
      "operator does not exist: integer = character varying",
      "operator does not exist: integer = character varying",
    ]);
    expect(right.rules).toEqual(["number-text-comparison", "number-text-comparison"]);
    expect(right.sql).toContain(
      `"RegionID" = cast("TerritoryID"::varchar(20) as integer) or 1001 = cast("TerritoryID" as integer)`,
    );
    expect(right.rows).toEqual([{ TerritoryID: "1001" }]);
    const left = await repairUntilItRuns(`select "TerritoryID" from "dbo"."Territories" where "TerritoryID" = 1002`);
    expect(left.sql).toContain(`where cast("TerritoryID" as integer) = 1002`);
    expect(left.rows).toHaveLength(1);
  });

  it("compares a boolean (was bit) with true/false instead of 1/0", async () => {
    const result = await repairUntilItRuns(
      `select count(*)::int as n from "dbo"."Products" where "Discontinued" = 1 and not (0 = "Discontinued")`,
    );
    expect(result.errors[0]).toMatch(/^operator does not exist: boolean = integer/);
    expect(result.sql).toContain(`where "Discontinued" = true and not (false = "Discontinued")`);
    expect(result.rows).toEqual([{ n: 9 }]);
  });

  it("adds days to a datetime with an interval", async () => {
    const result = await repairUntilItRuns(
      `select "OrderDate" + 2 as later, "OrderDate" - 1 as earlier from "dbo"."Orders" where "OrderID" = 10248`,
    );
    expect(result.rules).toEqual(["datetime-plus-days", "datetime-plus-days"]);
    expect(result.rows).toEqual([
      { later: new Date("1996-07-06T00:00:00Z"), earlier: new Date("1996-07-03T00:00:00Z") },
    ]);
  });

  it("restores the catalog's spelling of columns folded to lower case", async () => {
    const result = await repairUntilItRuns(
      `select o.OrderID, CustomerID as CustomerID from "dbo"."Orders" o where o.OrderID < 10250`,
    );
    expect(result.errors[0]).toMatch(/^column o\.orderid does not exist/);
    expect(result.rules).toEqual(["column-case", "column-case"]);
    expect(result.sql).toBe(
      `select o."OrderID", "CustomerID" as "CustomerID" from "dbo"."Orders" o where o."OrderID" < 10250`,
    );
    expect(result.rows).toHaveLength(2);
  });

  it("restores the catalog's spelling of tables folded to lower case", async () => {
    const result = await repairUntilItRuns(
      `select count(*)::int as n from dbo.orders join dbo.customers on true where false`,
    );
    expect(result.errors[0]).toMatch(/^relation "dbo\.orders" does not exist \(SQLSTATE 42P01\)/);
    expect(result.sql).toBe(`select count(*)::int as n from "dbo"."Orders" join "dbo"."Customers" on true where false`);
  });

  it("qualifies an ambiguous column with the FROM item whose table has it", async () => {
    const result = await repairUntilItRuns(
      `select "OrderID", "ProductID", c."City" from "dbo"."Order Details" as d join "dbo"."Orders" o on d."OrderID" = o."OrderID" join "dbo"."Customers" c on c."CustomerID" = o."CustomerID" where o."OrderID" = 10248 order by 2`,
    );
    expect(result.errors[0]).toMatch(/^column reference "OrderID" is ambiguous \(SQLSTATE 42702\) at line 1, column 8/);
    expect(result.sql).toMatch(/^select d\."OrderID", "ProductID"/);
    expect(result.rows).toHaveLength(3);
  });

  it("removes a trailing semicolon and turns [brackets] into quotes", async () => {
    const result = await repairUntilItRuns(
      `select [OrderID], [Order Details].[Quantity] from [dbo].[Order Details] where [OrderID] = 10248;\n`,
    );
    expect(result.rules).toEqual(["bracket-identifiers", "trailing-semicolon"]);
    expect(result.sql).toBe(
      `select "OrderID", "Order Details"."Quantity" from "dbo"."Order Details" where "OrderID" = 10248\n`,
    );
    expect(result.rows).toHaveLength(3);
  });

  it("declines errors no rule knows, skipped models and models that built", async () => {
    const failed = await run(`select 1/0 as x`);
    expect(repair({ sql: `select 1/0 as x` }, failed, catalog)).toBeNull();
    expect(repair({ sql: "select 1" }, { outcome: "skipped", error: "upstream model a failed" })).toBeNull();
    expect(
      repair({ sql: "select 1" }, { outcome: "not_built", error: "the model is disabled (not translated)" }),
    ).toBeNull();
    expect(repair({ sql: "select 1" }, { outcome: "ok" })).toBeNull();
  });

  it("declines a T-SQL call it cannot rewrite faithfully", async () => {
    // FORMAT takes .NET format strings: the function registry has no faithful translation, so no rule applies.
    const sql = `select format("OrderDate", 'dddd') as w from "dbo"."Orders"`;
    const failed = await run(sql);
    expect(failed.error).toMatch(/function format\(.*\) does not exist/);
    expect(repair({ sql }, failed, catalog)).toBeNull();
  });

  it("rewrites DATEPART(week) with SQL Server's Sunday-based week numbers, not ISO weeks", async () => {
    // docs: datepart-transact-sql.md, "week and weekday datepart arguments": week 1 holds January 1 (DATEFIRST 7).
    const { rules, rows } = await repairUntilItRuns(
      `select datepart(week, cast('2007-01-06' as date)) as w1, datepart(wk, cast('2007-01-07' as date)) as w2`,
    );
    expect(rules).toContain("datepart-unit");
    expect(rows).toEqual([{ w1: 1, w2: 2 }]);
  });
});
