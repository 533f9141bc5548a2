import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { ZCatalog } from "~/agents/catalog/schema";
import { loadCatalog } from "~/agents/sandbox/load";
import { createSandbox, type Sandbox } from "~/agents/sandbox/sandbox";
import { compareResults } from "./compare";
import { parseCsv } from "./csv";
import { evaluateQuery, evaluateRelation, fetchResult } from "./evaluate";
import {
  type ExpectedResult,
  matchExpectedToModels,
  parseObjectName,
  parseSqlServerType,
  readExpectedResults,
} from "./expected";
import { exportQueryToCsv, resultToCsv } from "./export";
import { sharedCorpus } from "~/runtime/testing/corpora";

const NORTHWIND = sharedCorpus("northwind")?.dir;
const tableOf = (e: ExpectedResult) => path.basename(e.entry.file, ".csv");
const relationOf = (e: ExpectedResult) => `"expected"."${tableOf(e)}"`;
/** The loaded rows in file order (a heap gives no order: COPY may fill earlier pages' free space). */
const queryOf = (e: ExpectedResult) =>
  `select ${e.result.columns.map((c) => `"${c.name}"`).join(", ")} from ${relationOf(e)} order by _row`;

describe.skipIf(!NORTHWIND)("evaluating against the Northwind expected results", () => {
  let sandbox: Sandbox;
  let expected: ExpectedResult[];
  const byFile = (file: string) => expected.find((e) => e.entry.file.endsWith(file))!;

  beforeAll(async () => {
    sandbox = await createSandbox({ adminUrl: inject("pgAdminUrl") });
    expected = await readExpectedResults(NORTHWIND!);
    // Each expected CSV loaded as a table typed from the manifest (money → numeric(19,4), bit → boolean…).
    const catalog = ZCatalog.parse({
      tables: expected.map((e) => ({
        schema: "expected",
        name: tableOf(e),
        columns: [
          ...e.entry.columns!.map((c) => ({ name: c.name, type: parseSqlServerType(c.type!) })),
          { name: "_row", type: { name: "int" } },
        ],
        data: {
          columns: [...e.result.columns.map((c) => c.name), "_row"],
          rows: e.result.rows.map((row, i) => [...row, String(i)]),
        },
      })),
    });
    await loadCatalog(sandbox.sql, catalog);
  });
  afterAll(() => sandbox?.dispose());

  it("reads the manifest: 24 entries, object names normalised to keys, params as vars", () => {
    expect(expected).toHaveLength(24);
    expect(expected.flatMap((e) => e.problems)).toEqual([]);
    expect(byFile("sales_by_category.csv")).toMatchObject({
      key: "dbo.sales by category",
      schema: "dbo",
      name: "Sales by Category",
    });
    expect(byFile("cust_orders_detail.csv").vars).toEqual({ OrderID: "10248" });
    expect(byFile("invoices.csv").result.rows).toHaveLength(2155);
  });

  it("matches every expected result against itself loaded into PostgreSQL", async () => {
    for (const e of expected) {
      const comparison = await evaluateQuery(sandbox.sql, queryOf(e), e);
      expect(comparison, e.entry.file).toMatchObject({
        status: "match",
        expectedRows: e.result.rows.length,
        actualRows: e.result.rows.length,
        diff: [],
        details: { differing: 0, onlyExpected: 0, onlyActual: 0 },
      });
    }
  });

  it("finds a one-cent difference on one line of Invoices and shows it", async () => {
    await sandbox.sql.unsafe(`create table expected.invoices_off_by_a_cent as select * from expected.invoices;
      alter table expected.invoices_off_by_a_cent drop column _row;
      update expected.invoices_off_by_a_cent set "ExtendedPrice" = "ExtendedPrice" + 0.01 where "OrderID" = 10351 and "ProductID" = 44`);
    const comparison = await evaluateRelation(sandbox.sql, "expected.invoices_off_by_a_cent", byFile("invoices.csv"));
    expect(comparison).toMatchObject({
      status: "mismatch",
      expectedRows: 2155,
      actualRows: 2155,
      reason: "1 of 2155 rows differ",
    });
    expect(comparison.diff).toEqual([
      `CustomerID="ERNSH", OrderID=10351, ProductID=44: ExtendedPrice expected 1133.8200, got 1133.8300`,
    ]);
  });

  it("accepts a real column computed as double precision, and lower-case column names", async () => {
    const e = byFile("order_details_extended.csv");
    const query = `select "OrderID" as orderid, "ProductID", "ProductName", "UnitPrice", "Quantity", "Discount"::double precision as "Discount", "ExtendedPrice" from ${relationOf(e)}`;
    const actual = await fetchResult(sandbox.sql, query);
    expect(actual.rows.some((r) => r[5] === "0.15000000596046448")).toBe(true);
    expect(await evaluateQuery(sandbox.sql, query, e)).toMatchObject({ status: "match" });
  });

  it("evaluates each run of a procedure with its own params as a separate query", async () => {
    const runs = matchExpectedToModels(expected, [
      { key: "dbo.salesbycategory", name: "sales_by_category_proc" },
    ]).filter((m) => m.model);
    expect(runs.map((r) => r.expected.vars)).toEqual([
      { CategoryName: "Beverages", OrdYear: "1997" },
      { CategoryName: "Beverages", OrdYear: "2001" },
    ]);
    // Standing in for the model compiled with each run's vars: 2001 is reset to 1998, a different result.
    const compiled = (year: string) =>
      `select "ProductName", "TotalPurchase" from expected.${year === "1997" ? "sales_by_category_proc_beverages_1997" : "sales_by_category_proc_beverages_2001"} order by "ProductName"`;
    for (const run of runs)
      expect((await evaluateQuery(sandbox.sql, compiled(run.expected.vars.OrdYear!), run.expected)).status).toBe(
        "match",
      );
    const crossed = await evaluateQuery(sandbox.sql, compiled("1997"), runs[1]!.expected);
    expect(crossed).toMatchObject({ status: "mismatch", reason: "12 of 12 rows differ" });
  });

  it("checks the order of an ordered result", async () => {
    const e = byFile("cust_orders_orders.csv");
    expect(e.entry.ordered).toBe(true);
    const reversed = await evaluateQuery(
      sandbox.sql,
      `select "OrderID", "OrderDate", "RequiredDate", "ShippedDate" from ${relationOf(e)} order by "OrderID" desc`,
      e,
    );
    expect(reversed).toMatchObject({ status: "mismatch", reason: "same rows in a different order" });
  });

  it("says a failing query could not be compared, with PostgreSQL's error", async () => {
    const e = byFile("order_subtotals.csv");
    const comparison = await evaluateQuery(
      sandbox.sql,
      `select "OrderID", "Subtotal" / 0 as "Subtotal" from ${relationOf(e)}`,
      e,
    );
    expect(comparison).toMatchObject({ status: "not_compared", expectedRows: 830 });
    expect(comparison.reason).toMatch(/^the query failed: division by zero \(SQLSTATE 22012\)/);
  });

  it("exports every loaded result back to its expected file byte for byte, sorted as the files are", async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "dm-export-"));
    try {
      for (const e of expected) {
        const file = path.join(folder, "nested", path.basename(e.entry.file));
        // Rows in reverse load order, so only the export's own sort can restore the file's order; the ordered
        // results and Ten Most Expensive Products (listed in its procedure's order) keep the query's order.
        const ownOrder = e.entry.ordered || e.name === "Ten Most Expensive Products";
        const query = ownOrder ? queryOf(e) : `${queryOf(e)} desc`;
        const { rows } = await exportQueryToCsv(sandbox.sql, query, file, { sort: !ownOrder });
        expect(rows).toBe(e.result.rows.length);
        expect(fs.readFileSync(file, "utf8"), e.entry.file).toBe(
          fs.readFileSync(path.join(NORTHWIND!, e.entry.file), "utf8"),
        );
      }
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it("exports values in the expected-results format and reads them back equal", async () => {
    const query = `select 1e-7::real as r, 12345678::double precision * 1e10 as big, '\\x0aff'::bytea as b, true as t, null::text as n, ''::text as e,
      '1996-07-04 00:00:00.5'::timestamp(3) as ts, 'a,"b"'::text as q, 440::numeric(19,4) as m`;
    const result = await fetchResult(sandbox.sql, query);
    const csv = resultToCsv(result);
    expect(csv).toBe(
      `r,big,b,t,n,e,ts,q,m\r\n0.0000001,123456780000000000,0x0AFF,1,,"",1996-07-04 00:00:00.500,"a,""b""",440.0000\r\n`,
    );
    const read = parseCsv(csv);
    const back = { columns: read.header.map((name) => ({ name })), rows: read.rows };
    expect(compareResults(back, result)).toMatchObject({ status: "match" });
  });
});

describe("PostgreSQL's date and time output, as the Evaluator reads it", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ adminUrl: inject("pgAdminUrl") });
  });
  afterAll(() => sandbox?.dispose());

  const typed = (columns: [string, string][], row: string[]) => ({
    columns: columns.map(([name, type]) => ({ name, type })),
    rows: [row],
  });

  it("reads timestamp, time and timestamptz as exact text: microseconds kept, the 7th digit lost for real", async () => {
    const result = await fetchResult(
      sandbox.sql,
      `select '2007-01-01 13:10:10.1121111'::timestamp as a, '2007-01-01 13:10:10.1111112'::timestamp as b,
        '13:01:01.123'::time as t, '1998-09-20 04:45:50.71345-08'::timestamptz as o`,
    );
    // The sandbox role pins timezone = UTC: a timestamptz comes back as its UTC local time with +00.
    expect(result.rows).toEqual([
      ["2007-01-01 13:10:10.112111", "2007-01-01 13:10:10.111111", "13:01:01.123", "1998-09-20 12:45:50.71345+00"],
    ]);
    const e = typed(
      [
        ["a", "datetime2(7)"],
        ["b", "datetime2(7)"],
        ["t", "time(7)"],
        ["o", "datetimeoffset(7)"],
      ],
      [
        "2007-01-01 13:10:10.1121110",
        "2007-01-01 13:10:10.1111112",
        "13:01:01.1230000",
        "1998-09-20 04:45:50.7134500 -08:00",
      ],
    );
    const comparison = compareResults(e, result);
    expect(comparison.status).toBe("mismatch");
    // a and t match at full scale; b cannot (100 ns), o is the same instant in another offset.
    expect(comparison.diff).toEqual([
      `a="2007-01-01 13:10:10.1121110", t="13:01:01.1230000": b expected "2007-01-01 13:10:10.1111112", got "2007-01-01 13:10:10.111111" (PostgreSQL keeps microseconds; the 7th fractional digit cannot be represented); o expected "1998-09-20 04:45:50.7134500 -08:00", got "1998-09-20 12:45:50.71345+00"`,
    ]);
  });

  it("matches a datetimeoffset a translation renders with its own offset", async () => {
    const result = await fetchResult(
      sandbox.sql,
      `select to_char('1998-09-20 04:45:50.71345-08'::timestamptz at time zone interval '-08:00', 'YYYY-MM-DD HH24:MI:SS.US') || ' -08:00' as o`,
    );
    expect(
      compareResults(typed([["o", "datetimeoffset(7)"]], ["1998-09-20 04:45:50.7134500 -08:00"]), result).status,
    ).toBe("match");
  });
});

describe("object names", () => {
  it("normalises bracketed, quoted and bare names", () => {
    expect(parseObjectName("dbo.[Sales by Category]")).toEqual({ schema: "dbo", name: "Sales by Category" });
    expect(parseObjectName("[dbo].[Odd]]Name]")).toEqual({ schema: "dbo", name: "Odd]Name" });
    expect(parseObjectName(`"sales"."Order Details"`)).toEqual({ schema: "sales", name: "Order Details" });
    expect(parseObjectName("CustOrderHist")).toEqual({ schema: "dbo", name: "CustOrderHist" });
  });

  it("parses SQL Server type names", () => {
    expect(parseSqlServerType("decimal(38,2)")).toEqual({ name: "decimal", precision: 38, scale: 2 });
    expect(parseSqlServerType("nvarchar(max)")).toEqual({ name: "nvarchar", length: "max" });
    expect(parseSqlServerType("nchar(5)")).toEqual({ name: "nchar", length: 5 });
    expect(parseSqlServerType("money")).toEqual({ name: "money" });
  });
});
