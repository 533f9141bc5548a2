import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type CatalogInput, ZCatalog } from "~/agents/catalog/schema";
import { ingestScript } from "~/agents/ingest/test-helpers";
import { planTable, sequenceDdl, translateDefault } from "./ddl";
import { loadCatalog } from "./load";
import { createSandbox, type Sandbox } from "./sandbox";

/**
 * Loading rows PostgreSQL rejects, and rows that leave columns to their DEFAULT.
 *
 * SQL Server semantics tested here, from the Microsoft T-SQL reference (MicrosoftDocs/sql-docs):
 * - docs/t-sql/statements/create-table-transact-sql.md (DEFAULT): "Specifies the value provided for the column
 *   when a value isn't explicitly supplied during an insert"; a DEFAULT may be a constant, NULL or a system
 *   function (getdate(), newid()…).
 * - docs/t-sql/statements/insert-transact-sql.md: a column left out of the column list, or given DEFAULT, gets
 *   its default (NULL when there is none and it allows nulls); DEFAULT VALUES fills every column from its default.
 * - docs/t-sql/functions/getdate-transact-sql.md, newid-transact-sql.md: evaluated per inserted row.
 */

const catalog = (tables: CatalogInput["tables"]) => ZCatalog.parse({ tables });

describe("loading rows PostgreSQL rejects", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ adminUrl: inject("pgAdminUrl") });
  });
  afterAll(() => sandbox?.dispose());

  it("settles when the server rejects the data after the COPY stream ended, skips only the bad row and names it", async () => {
    // The shape of the script that hung the Tester: the NOT NULL violation is found after CopyDone was sent, which
    // left postgres.js's writable pending forever before patches/postgres+3.4.9+001+copy-error-settles.patch.
    const input = catalog([
      {
        schema: "dbo",
        name: "T",
        location: { file: "bad.sql", line: 1 },
        columns: [
          { name: "id", type: { name: "int" }, nullable: false },
          { name: "n", type: { name: "int" }, nullable: false },
        ],
        primaryKey: { columns: ["id"] },
        data: {
          columns: ["id", "n"],
          rows: [
            ["1", "10"],
            ["2", null],
            ["3", "30"],
          ],
          source: { file: "bad.sql", lines: [3, 4, 4] },
        },
      },
    ]);
    const result = await loadCatalog(sandbox.sql, input);
    expect(result.rows).toBe(2);
    expect(await sandbox.sql`select id, n from "dbo"."T" order by id`).toEqual([
      { id: 1, n: 10 },
      { id: 3, n: 30 },
    ]);
    expect(result.warnings).toEqual([
      `dbo.T: row 2 of the script's data (bad.sql line 4) was rejected: null value in column "n" of relation "T" violates not-null constraint (column n = NULL)`,
    ]);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ key: "dbo.t", table: "dbo.T", file: "bad.sql", line: 4 });
    expect(result.issues[0]!.message).toMatch(
      /^table dbo\.T is missing 1 of the script's 3 rows, which PostgreSQL rejected while loading; first: row 2 of the script's data \(bad\.sql line 4\)/,
    );
  }, 20_000);

  it("finds every bad row in a large table (duplicate keys, values the type refuses) and loads all the others", async () => {
    const rows: (string | null)[][] = Array.from({ length: 5000 }, (_, i) => [String(i + 1), `name ${i + 1}`]);
    rows[9] = ["5", "duplicate of row 5"];
    rows[3999] = ["x4000", "not an integer"];
    rows[4999] = ["5000", "a value longer than ten"];
    const input = catalog([
      {
        schema: "s",
        name: "Many",
        columns: [
          { name: "id", type: { name: "int" }, nullable: false },
          { name: "name", type: { name: "varchar", length: 20 } },
        ],
        primaryKey: { columns: ["id"] },
        data: { columns: ["id", "name"], rows },
      },
    ]);
    const result = await loadCatalog(sandbox.sql, input);
    expect(result.rows).toBe(4997);
    const [count] = await sandbox.sql<{ n: number }[]>`select count(*)::int as n from "s"."Many"`;
    expect(count!.n).toBe(4997);
    expect(result.warnings).toEqual([
      `s.Many: row 10 of the script's data was rejected: duplicate key value violates unique constraint "Many_pkey" Key (id)=(5) already exists.`,
      `s.Many: row 4000 of the script's data was rejected: invalid input syntax for type integer: "x4000" (column id = "x4000")`,
      `s.Many: row 5000 of the script's data was rejected: value too long for type character varying(20) (column name = "a value longer than ten")`,
    ]);
    expect(result.issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/^table s\.Many is missing 3 of the script's 5000 rows/),
    ]);
  }, 30_000);

  it("stops trying a table's rows one by one after 1,000 rejections, and counts every row it did not load", async () => {
    // Bounds the load's time on a table whose every row is wrong (a type mapped badly): ~2 COPYs per bad row.
    const rows: (string | null)[][] = [
      ...Array.from({ length: 10 }, (_, i) => [String(i), "ok"]),
      ...Array.from({ length: 1200 }, (_, i) => [String(100 + i), null]),
    ];
    const input = catalog([
      {
        schema: "dbo",
        name: "AllBad",
        columns: [
          { name: "id", type: { name: "int" }, nullable: false },
          { name: "v", type: { name: "varchar", length: 5 }, nullable: false },
        ],
        data: { columns: ["id", "v"], rows },
      },
    ]);
    const result = await loadCatalog(sandbox.sql, input);
    expect(result.rows).toBe(10);
    expect(result.warnings).toHaveLength(20 + 2);
    expect(result.warnings.slice(-2)).toEqual([
      "dbo.AllBad: 980 more rows of the script's data were rejected by PostgreSQL",
      "dbo.AllBad: 200 rows of the script's data were not loaded: more than 1000 rows were rejected",
    ]);
    expect(result.issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/^table dbo\.AllBad is missing 1200 of the script's 1210 rows/),
    ]);
  }, 60_000);

  it("reports a table filled by a statement the loader could not run", async () => {
    const input = catalog([
      {
        schema: "dbo",
        name: "Totals",
        location: { file: "s.sql", line: 2 },
        columns: [{ name: "n", type: { name: "int" } }],
        data: { columns: ["n"], rows: [], unloaded: [{ line: 9, reason: "INSERT … SELECT reads other tables" }] },
      },
    ]);
    const result = await loadCatalog(sandbox.sql, input);
    expect(result.issues).toEqual([
      {
        key: "dbo.totals",
        table: "dbo.Totals",
        file: "s.sql",
        line: 9,
        message:
          "table dbo.Totals is filled by a statement the loader could not run: INSERT … SELECT reads other tables (s.sql line 9)",
      },
    ]);
  });
});

describe("column defaults in the sandbox", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ adminUrl: inject("pgAdminUrl") });
  });
  afterAll(() => sandbox?.dispose());

  it("translates the defaults SQL Server evaluates per row to their PostgreSQL equivalents for the column's type", () => {
    expect(translateDefault("(getdate())", "timestamp(3)")).toBe("localtimestamp");
    expect(translateDefault("(GETDATE())", "date")).toBe("current_date");
    expect(translateDefault("(sysdatetime())", "time(7)")).toBe("localtime");
    expect(translateDefault("(CURRENT_TIMESTAMP)", "timestamp(6)")).toBe("localtimestamp");
    expect(translateDefault("(getutcdate())", "timestamp(3)")).toBe("(now() at time zone 'utc')");
    expect(translateDefault("(sysdatetimeoffset())", "timestamptz")).toBe("now()");
    expect(translateDefault("(newid())", "uuid")).toBe("gen_random_uuid()");
    expect(translateDefault("(newsequentialid())", "uuid")).toBe("gen_random_uuid()");
    expect(translateDefault("((0))", "integer")).toBe("0");
    // No faithful equivalent: skipped (getdate() into a string column would need SQL Server's text format).
    expect(translateDefault("(getdate())", "varchar(30)")).toBeUndefined();
    expect(translateDefault("(newid())", "varchar(36)")).toBeUndefined();
    expect(translateDefault("([dbo].[NextCode]())", "integer")).toBeUndefined();
    const plan = planTable(
      ZCatalog.parse({
        tables: [
          {
            name: "T",
            columns: [
              { name: "d", type: { name: "datetime" }, nullable: false, default: "(getdate())" },
              { name: "x", type: { name: "int" }, default: "(dbo.f())" },
            ],
          },
        ],
      }).tables[0]!,
    );
    expect(plan.ddl).toContain(`"d" timestamp(3) not null default localtimestamp`);
    expect(plan.warnings).toEqual([
      "dbo.T.x: default (dbo.f()) skipped (no PostgreSQL equivalent here); rows that omit the column get NULL",
    ]);
  });

  it("fills the columns a row left to its DEFAULT (getdate, newid, literals) and keeps the values the script gave", async () => {
    const before = Date.now();
    const input = catalog([
      {
        schema: "dbo",
        name: "Events",
        columns: [
          { name: "id", type: { name: "int" }, nullable: false, identity: { seed: 1, increment: 1 } },
          { name: "at", type: { name: "datetime" }, nullable: false, default: "(getdate())" },
          { name: "guid", type: { name: "uniqueidentifier" }, nullable: false, default: "(newid())" },
          { name: "note", type: { name: "nvarchar", length: 20 }, default: "(N'none')" },
        ],
        data: {
          columns: ["id", "at", "guid", "note"],
          // Row 1 names every column; rows 2-3 leave at and guid to their defaults; row 4 only guid.
          rows: [
            ["1", "2001-02-03 04:05:06", "6f9619ff-8b86-d011-b42d-00c04fc964ff", "given"],
            ["2", null, null, "none"],
            ["3", null, null, "none"],
            ["4", "1999-12-31 00:00:00", null, "x"],
          ],
          defaults: [[], [1, 2], [1, 2], [2]],
        },
      },
    ]);
    const result = await loadCatalog(sandbox.sql, input);
    expect(result.warnings).toEqual([]);
    expect(result.rows).toBe(4);
    const rows = await sandbox.sql<
      { id: number; at: Date; guid: string; note: string }[]
    >`select id, at, guid::text as guid, note from "dbo"."Events" order by id`;
    expect(rows.map((r) => r.note)).toEqual(["given", "none", "none", "x"]);
    expect(rows[0]!.guid).toBe("6f9619ff-8b86-d011-b42d-00c04fc964ff");
    expect(rows[0]!.at.toISOString()).toBe("2001-02-03T04:05:06.000Z");
    expect(rows[3]!.at.toISOString()).toBe("1999-12-31T00:00:00.000Z");
    for (const row of rows.slice(1, 3)) {
      // The sandbox runs in UTC, so localtimestamp is the load time.
      expect(Math.abs(row.at.getTime() - before)).toBeLessThan(60_000);
    }
    const guids = new Set(rows.map((r) => r.guid));
    expect(guids.size).toBe(4);
  });

  it("loads rows of INSERT … DEFAULT VALUES, where every column comes from its default", async () => {
    const input = catalog([
      {
        schema: "dbo",
        name: "Ticks",
        columns: [{ name: "at", type: { name: "datetime2" }, nullable: false, default: "(sysdatetime())" }],
        data: { columns: ["at"], rows: [[null], [null]], defaults: [[0], [0]] },
      },
    ]);
    const result = await loadCatalog(sandbox.sql, input);
    expect(result).toMatchObject({ rows: 2, warnings: [], issues: [] });
    const [count] = await sandbox.sql<{ n: number }[]>`select count(at)::int as n from "dbo"."Ticks"`;
    expect(count!.n).toBe(2);
  });
});

/**
 * INSERT … SELECT (docs/t-sql/statements/insert-transact-sql.md: derived_table, "any valid SELECT statement that
 * returns rows of data to be loaded into the table"; an IDENTITY column gets the next identity value, see
 * docs/t-sql/statements/create-table-transact-sql.md, IDENTITY), run in the sandbox from a real script's catalog.
 */
describe("INSERT … SELECT in the sandbox", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ adminUrl: inject("pgAdminUrl") });
  });
  afterAll(() => sandbox?.dispose());

  it("runs it set-based after the tables it reads are loaded, continuing the target's identity after its loaded rows", async () => {
    const catalog = ingestScript(`CREATE TABLE dbo.Sales (region nvarchar(10) NOT NULL, amount money NOT NULL)
CREATE TABLE dbo.Summary (id int IDENTITY(1,1) PRIMARY KEY, region nvarchar(10) NOT NULL, total money NOT NULL)
GO
INSERT INTO dbo.Sales VALUES (N'North', 10.5), (N'North', 4.5), (N'South', 7)
INSERT INTO dbo.Summary (region, total) VALUES (N'Manual', 1)
GO
INSERT INTO dbo.Summary (region, total)
SELECT region, SUM(amount) FROM dbo.Sales WHERE amount > 0 GROUP BY region;
GO`);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues).toEqual([]);
    expect(result.warnings).toEqual([
      "dbo.Summary: 2 rows of its INSERT … SELECT (test.sql line 7) computed in the sandbox",
    ]);
    expect(result.rows).toBe(3 + 1 + 2);
    // Without ORDER BY, neither server promises which group gets which identity value: only that they follow 1.
    expect(await sandbox.sql`select id, region, total::text as total from "dbo"."Summary" order by region`).toEqual([
      { id: 1, region: "Manual", total: "1.0000" },
      { id: expect.any(Number), region: "North", total: "15.0000" },
      { id: expect.any(Number), region: "South", total: "7.0000" },
    ]);
    expect((await sandbox.sql`select id from "dbo"."Summary" order by id`).map((r) => r.id)).toEqual([1, 2, 3]);
  });

  // docs: create-table-transact-sql.md, IDENTITY: each row inserted gets the next value, in the order the INSERTs run.
  it("does not run an INSERT … SELECT into an identity table the script inserts numbered rows into further on, whose numbers would then come after theirs", async () => {
    const catalog = ingestScript(`CREATE TABLE dbo.Src (n int NOT NULL)
CREATE TABLE dbo.Numbered (id int IDENTITY(1,1) PRIMARY KEY, n int NOT NULL)
GO
INSERT INTO dbo.Src VALUES (10), (20)
GO
INSERT INTO dbo.Numbered (n) SELECT n FROM dbo.Src
INSERT INTO dbo.Numbered (n) VALUES (99)
GO`);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues.map((i) => [i.line, i.message])).toEqual([
      [
        6,
        "table dbo.Numbered is filled by a statement the loader could not run: INSERT … SELECT reads other tables (test.sql line 6): Numbered has an identity, and the rows the script inserts into it further on were numbered as if this statement did not run",
      ],
    ]);
  });

  it("computes VALUES rows whose values SQL Server computes (a subquery, arithmetic, a function, a variable its DECLARE sets), with identity values in script order (docs: insert-transact-sql.md, VALUES; declare-local-variable-transact-sql.md)", async () => {
    const catalog = ingestScript(`CREATE TABLE dbo.Cat (CatID int IDENTITY(1,1) PRIMARY KEY, Code varchar(10) NOT NULL)
CREATE TABLE dbo.Item (ItemID int IDENTITY(1,1) PRIMARY KEY, Name varchar(20) NOT NULL, CatID int NOT NULL, Price decimal(10,2))
GO
INSERT INTO dbo.Cat (Code) VALUES ('A'), ('B')
GO
DECLARE @b int = (SELECT CatID FROM dbo.Cat WHERE Code = 'B'), @n varchar(20) = 'y'
INSERT INTO dbo.Item (Name, CatID, Price) VALUES
  ('x', (SELECT CatID FROM dbo.Cat WHERE Code = 'A'), 2.5 * 2),
  (@n, @b, ABS(-3))
INSERT INTO dbo.Item (Name, CatID, Price) VALUES ('z', 1, 1)
GO`);
    expect(catalog.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues).toEqual([]);
    expect(result.warnings).toEqual([
      "dbo.Item: 2 rows of its INSERT … SELECT (test.sql line 7) computed in the sandbox",
    ]);
    expect(
      await sandbox.sql`select "ItemID" as id, "Name" as name, "CatID" as cat, "Price"::text as price from "dbo"."Item" order by 1`,
    ).toEqual([
      { id: 1, name: "x", cat: 1, price: "5.00" },
      { id: 2, name: "y", cat: 2, price: "3.00" },
      { id: 3, name: "z", cat: 1, price: "1.00" },
    ]);
  });

  it("loads datetime2(7) values from literal rows and computed ones, and says when PostgreSQL rounds a 100-ns digit (docs: datetime2-transact-sql.md, 100 ns accuracy)", async () => {
    // The shape of a temporal table's seed script: ValidTo is the end of time, given through a variable.
    const catalog =
      ingestScript(`CREATE TABLE dbo.Colour (ID int PRIMARY KEY, Name varchar(10) NOT NULL, ValidFrom datetime2(7) NOT NULL, ValidTo datetime2(7) NOT NULL)
CREATE TABLE dbo.Shade (ID int PRIMARY KEY, At datetime2(7) NOT NULL)
GO
DECLARE @From datetime2(7) = '20200101'
DECLARE @EndOfTime datetime2(7) = '99991231 23:59:59.9999999'
INSERT dbo.Colour (ID, Name, ValidFrom, ValidTo) VALUES (1, 'Azure', @From, @EndOfTime), (2, 'Beige', @From, '2020-06-01 10:00:00.1234560')
GO
INSERT dbo.Shade (ID, At) VALUES (1, '2020-01-01 10:00:00.123456'), (2, '2020-01-01 10:00:00.1234567')
GO`);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(
      await sandbox.sql`select "ID" as id, "ValidFrom"::text as f, "ValidTo"::text as t from "dbo"."Colour" order by 1`,
    ).toEqual([
      { id: 1, f: "2020-01-01 00:00:00", t: "10000-01-01 00:00:00" },
      { id: 2, f: "2020-01-01 00:00:00", t: "2020-06-01 10:00:00.123456" },
    ]);
    expect((await sandbox.sql`select "At"::text as a from "dbo"."Shade" order by "ID"`).map((r) => r.a)).toEqual([
      "2020-01-01 10:00:00.123456",
      "2020-01-01 10:00:00.123457",
    ]);
    // Both tables say they do not hold SQL Server's values, naming the statement or the row and value.
    expect(result.issues.map((i) => [i.key, i.line, i.message])).toEqual([
      [
        "dbo.shade",
        8,
        "column At of dbo.Shade holds a value with a 7th fractional digit (row 2: 2020-01-01 10:00:00.1234567), which PostgreSQL rounds to the microsecond: not SQL Server's value",
      ],
      [
        "dbo.colour",
        6,
        expect.stringMatching(
          /^table dbo\.Colour is filled by .* with 1 row holding a value with a 7th fractional digit/,
        ),
      ],
    ]);
  });

  it("does not take a variable's DECLARE value once it is assigned again or a table it reads changes, and says so", async () => {
    const catalog = ingestScript(`CREATE TABLE dbo.Kind (CatID int IDENTITY(1,1) PRIMARY KEY, Code varchar(10) NOT NULL)
CREATE TABLE dbo.Part (Name varchar(20) NOT NULL, CatID int NOT NULL)
GO
DECLARE @last int = (SELECT MAX(CatID) FROM dbo.Kind)
INSERT INTO dbo.Kind (Code) VALUES ('C')
INSERT INTO dbo.Part (Name, CatID) VALUES ('w', @last)
GO
DECLARE @c int = 1
SET @c = 2
INSERT INTO dbo.Part (Name, CatID) VALUES ('v', @c)
GO`);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues.map((i) => i.line)).toEqual([6, 10]);
    expect(result.issues[0]!.message).toMatch(/INSERT … VALUES computed from variables/);
    expect(await sandbox.sql`select count(*)::int as n from "dbo"."Part"`).toEqual([{ n: 0 }]);
  });

  // docs: declare-local-variable-transact-sql.md — the initializer is evaluated at the DECLARE; the variable holds it
  // for the batch until assigned again.
  it("takes a variable its batch's DECLARE gives in INSERT … SELECT and in UPDATE's SET and WHERE, and not one assigned again", async () => {
    const catalog = ingestScript(`CREATE TABLE dbo.Grp (GrpID int PRIMARY KEY, Name varchar(10) NOT NULL)
CREATE TABLE dbo.ItemGrp (ItemID int NOT NULL, GrpID int NOT NULL, EditedWhen datetime2(0) NOT NULL, PRIMARY KEY (ItemID, GrpID))
GO
INSERT INTO dbo.Grp VALUES (1, 'toys'), (2, 'USB'), (3, 'food')
GO
DECLARE @now datetime2(0) = '20200101', @later datetime2(0) = '20210102 03:04:05', @item int = 7
DECLARE @moved int = 1
SET @moved = 2
INSERT dbo.ItemGrp (ItemID, GrpID, EditedWhen) SELECT @item, g.GrpID, @now FROM dbo.Grp AS g WHERE g.Name IN (N'TOYS', N'usb')
UPDATE dbo.ItemGrp SET EditedWhen = @later WHERE GrpID = 2 AND ItemID = @item
UPDATE dbo.ItemGrp SET EditedWhen = @later WHERE GrpID = @moved
GO`);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues).toMatchObject([
      {
        line: 11,
        message: expect.stringMatching(/UPDATE statement \(test\.sql line 11\): .*Variable @moved is not declared/),
      },
    ]);
    expect(
      await sandbox.sql`select "ItemID" as item, "GrpID" as grp, "EditedWhen"::text as edited from "dbo"."ItemGrp" order by 2`,
    ).toEqual([
      { item: 7, grp: 1, edited: "2020-01-01 00:00:00" },
      { item: 7, grp: 2, edited: "2021-01-02 03:04:05" },
    ]);
  });

  it("runs UPDATE and DELETE through the primary key in script order, every SET value computed from the row as it was (docs: update-transact-sql.md, delete-transact-sql.md)", async () => {
    const catalog =
      ingestScript(`CREATE TABLE dbo.Stock (ItemID int PRIMARY KEY, Code varchar(10) NOT NULL, Cost decimal(10,2) NULL, Qty int NOT NULL)
CREATE TABLE dbo.Bom (ParentID int NOT NULL, ChildID int NOT NULL, Qty int NOT NULL, PRIMARY KEY (ParentID, ChildID))
GO
INSERT INTO dbo.Stock VALUES (1, 'a', NULL, 1), (2, 'b', 2.50, 2), (3, 'c', 4.00, 3), (4, 'gone', 1, 1)
INSERT INTO dbo.Bom VALUES (1, 2, 2), (1, 3, 1)
GO
UPDATE Stock SET Cost = (SELECT ISNULL(SUM(c.Cost * b.Qty), 0) FROM dbo.Bom b JOIN dbo.Stock c ON c.ItemID = b.ChildID WHERE b.ParentID = Stock.ItemID), Qty = Qty * 10, Code = Code + CAST(Qty AS varchar(10))
WHERE Cost IS NULL;
UPDATE s SET Code = UPPER(s.Code) FROM dbo.Stock AS s WHERE s.ItemID IN (2, 3)
DELETE FROM dbo.Stock WHERE Code = 'GONE'
TRUNCATE TABLE dbo.Bom
GO`);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues).toEqual([]);
    expect(result.warnings).toEqual([
      "dbo.Stock: 1 row changed by its UPDATE statement (test.sql line 7)",
      "dbo.Stock: 2 rows changed by its UPDATE statement (test.sql line 9)",
      "dbo.Stock: 1 row deleted by its DELETE statement (test.sql line 10)",
      "dbo.Bom: 2 rows deleted by its TRUNCATE statement (test.sql line 11)",
    ]);
    // Code + Qty read the old Qty (1), not the new one (10); 'GONE' matches 'gone' under the default CI collation.
    expect(
      await sandbox.sql`select "ItemID" as id, "Code" as code, "Cost"::text as cost, "Qty" as qty from "dbo"."Stock" order by 1`,
    ).toEqual([
      { id: 1, code: "a1", cost: "9.00", qty: 10 },
      { id: 2, code: "B", cost: "2.50", qty: 2 },
      { id: 3, code: "C", cost: "4.00", qty: 3 },
    ]);
    expect(await sandbox.sql`select count(*)::int as n from "dbo"."Bom"`).toEqual([{ n: 0 }]);
  });

  it("leaves an UPDATE it cannot run faithfully as a load issue: no key, a compound assignment, a FROM matching a row twice", async () => {
    const catalog = ingestScript(`CREATE TABLE dbo.Loose (n int)
CREATE TABLE dbo.Keyed (id int PRIMARY KEY, n int)
CREATE TABLE dbo.Pairs (id int, n int)
GO
INSERT INTO dbo.Loose VALUES (1)
INSERT INTO dbo.Keyed VALUES (1, 1)
INSERT INTO dbo.Pairs VALUES (1, 5), (1, 6)
GO
UPDATE dbo.Loose SET n = 2
UPDATE dbo.Keyed SET n += 1
UPDATE k SET n = p.n FROM dbo.Keyed k JOIN dbo.Pairs p ON p.id = k.id
GO`);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues.map((i) => [i.line, i.message.replace(/^.*?\(test\.sql line \d+\)(: )?/, "")])).toEqual([
      [9, "Loose has no primary key to match the changed rows by"],
      [10, ""],
      [11, "its FROM matches a row of dbo.Keyed more than once, and SQL Server would apply any one of them"],
    ]);
    expect(await sandbox.sql`select n from "dbo"."Keyed"`).toEqual([{ n: 1 }]);
  });

  it("runs an INSERT … SELECT with common table expressions, and flags UPDATE or DELETE with them, through a CTE the tables it reads (docs: with-common-table-expression-transact-sql.md)", async () => {
    const catalog = ingestScript(`CREATE TABLE dbo.Raw (id int PRIMARY KEY, amount int)
CREATE TABLE dbo.Big (id int PRIMARY KEY, amount int)
CREATE TABLE dbo.Clean (id int PRIMARY KEY, amount int)
CREATE TABLE dbo.Trim (id int PRIMARY KEY)
GO
INSERT INTO dbo.Raw VALUES (1, 5), (2, 50), (3, 500)
GO
WITH big AS (SELECT id, amount FROM dbo.Raw WHERE amount > 10)
INSERT INTO dbo.Big (id, amount) SELECT id, amount * 2 FROM big
GO
WITH r AS (SELECT id, amount FROM dbo.Clean) UPDATE r SET amount = 0
GO
WITH s AS (SELECT id FROM dbo.Raw) DELETE FROM dbo.Trim WHERE id IN (SELECT id FROM s)
GO`);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues.map((i) => [i.line, i.message])).toEqual([
      [
        11,
        "table dbo.Clean is changed by a statement the loader could not run: UPDATE through a common table expression (test.sql line 11)",
      ],
      [
        13,
        "table dbo.Trim is changed by a statement the loader could not run: DELETE statement with a common table expression (test.sql line 13)",
      ],
    ]);
    expect(await sandbox.sql`select id, amount from "dbo"."Big" order by id`).toEqual([
      { id: 2, amount: 100 },
      { id: 3, amount: 1000 },
    ]);
  });

  it("does not run one that reads a table the script fills further on, and says why", async () => {
    const catalog = ingestScript(`CREATE TABLE dbo.A (n int)
CREATE TABLE dbo.Copy (n int)
INSERT INTO dbo.A VALUES (1)
INSERT INTO dbo.Copy SELECT n FROM dbo.A
INSERT INTO dbo.A VALUES (2)`);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues.map((i) => i.message)).toEqual([
      "table dbo.Copy is filled by a statement the loader could not run: INSERT … SELECT reads other tables (test.sql line 4): it reads dbo.A, which the script fills further on",
    ]);
    expect(await sandbox.sql`select count(*)::int as n from "dbo"."Copy"`).toEqual([{ n: 0 }]);
  });
});

/**
 * NEXT VALUE FOR in a DEFAULT (docs/t-sql/statements/create-sequence-transact-sql.md: "The default start value for
 * a new sequence object is the minimum value for an ascending sequence object"; bigint when no type is given;
 * docs/t-sql/functions/next-value-for-transact-sql.md: one value per row, usable in a DEFAULT constraint).
 */
describe("sequences in the sandbox", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ adminUrl: inject("pgAdminUrl") });
  });
  afterAll(() => sandbox?.dispose());

  it("creates the script's sequences with SQL Server's defaults and fills NEXT VALUE FOR defaults in script order", async () => {
    const catalog = ingestScript(`CREATE SEQUENCE dbo.TicketNo AS int START WITH 100 INCREMENT BY 10
CREATE SEQUENCE dbo.Plain
GO
CREATE TABLE dbo.Tickets (no int NOT NULL CONSTRAINT DF_No DEFAULT (NEXT VALUE FOR [dbo].[TicketNo]), what nvarchar(10), p bigint DEFAULT NEXT VALUE FOR Plain)
GO
INSERT INTO dbo.Tickets (what) VALUES (N'a'), (N'b')
INSERT INTO dbo.Tickets (no, what) VALUES (5, N'given')
INSERT INTO dbo.Tickets (what) VALUES (N'c')
GO`);
    expect(catalog.sequences).toEqual([
      {
        schema: "dbo",
        name: "TicketNo",
        location: { file: "test.sql", line: 1 },
        type: { name: "int" },
        start: "100",
        increment: "10",
        cycle: false,
      },
      { schema: "dbo", name: "Plain", location: { file: "test.sql", line: 2 }, cycle: false },
    ]);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result).toMatchObject({ rows: 4, warnings: [], issues: [] });
    expect(await sandbox.sql`select no, what, p::text as p from "dbo"."Tickets" order by what`).toEqual([
      { no: 100, what: "a", p: "-9223372036854775808" },
      { no: 110, what: "b", p: "-9223372036854775807" },
      { no: 120, what: "c", p: "-9223372036854775805" },
      { no: 5, what: "given", p: "-9223372036854775806" },
    ]);
  });

  it("hands out a sequence shared by several tables in the order the script's INSERTs ran, whatever the pool does", async () => {
    const catalog = ingestScript(`CREATE SEQUENCE dbo.GlobalId AS int START WITH 1
CREATE TABLE dbo.A (id int DEFAULT NEXT VALUE FOR dbo.GlobalId, name nvarchar(10))
CREATE TABLE dbo.B (id int DEFAULT NEXT VALUE FOR dbo.GlobalId, name nvarchar(10))
CREATE TABLE dbo.C (id int DEFAULT NEXT VALUE FOR dbo.GlobalId, name nvarchar(10))
CREATE TABLE dbo.Unrelated (n int)
GO
INSERT INTO dbo.C (name) VALUES (N'c1')
INSERT INTO dbo.A (name) VALUES (N'a1'), (N'a2')
INSERT INTO dbo.B (name) VALUES (N'b1')
INSERT INTO dbo.A (id, name) VALUES (100, N'given')
INSERT INTO dbo.Unrelated VALUES (1)
INSERT INTO dbo.A (name) VALUES (N'a3')
INSERT INTO dbo.C (name) VALUES (N'c2')
GO`);
    const result = await loadCatalog(sandbox.sql, catalog, { concurrency: 1 });
    expect(result).toMatchObject({ rows: 8, warnings: [], issues: [] });
    const ids = await sandbox.sql<{ name: string; id: number }[]>`
      select name, id from "dbo"."A" union all select name, id from "dbo"."B" union all select name, id from "dbo"."C" order by id`;
    expect(ids.map((r) => `${r.name}=${r.id}`)).toEqual(["c1=1", "a1=2", "a2=3", "b1=4", "a3=5", "c2=6", "given=100"]);
  });

  it("spells out SQL Server's sequence defaults, which PostgreSQL's do not share", () => {
    const sequence = (input: object) => sequenceDdl({ schema: "dbo", name: "S", cycle: false, ...input });
    expect(sequence({})).toBe(
      `create sequence "dbo"."S" as bigint increment by 1 minvalue -9223372036854775808 maxvalue 9223372036854775807 start with -9223372036854775808 no cycle`,
    );
    // Descending: starts at MAXVALUE.
    expect(sequence({ type: { name: "smallint" }, increment: "-5" })).toBe(
      `create sequence "dbo"."S" as smallint increment by -5 minvalue -32768 maxvalue 32767 start with 32767 no cycle`,
    );
    expect(sequence({ type: { name: "tinyint" }, cycle: true })).toBe(
      `create sequence "dbo"."S" as smallint increment by 1 minvalue 0 maxvalue 255 start with 0 cycle`,
    );
    expect(sequence({ type: { name: "decimal", precision: 5, scale: 0 }, start: "1", minValue: "1" })).toBe(
      `create sequence "dbo"."S" as bigint increment by 1 minvalue 1 maxvalue 99999 start with 1 no cycle`,
    );
  });

  it("skips a NEXT VALUE FOR default whose sequence the input does not create, with a warning", () => {
    const plan = planTable(
      ZCatalog.parse({
        tables: [
          { name: "T", columns: [{ name: "n", type: { name: "int" }, default: "(NEXT VALUE FOR dbo.Missing)" }] },
        ],
      }).tables[0]!,
    );
    expect(plan.ddl).toContain(`"n" integer\n`);
    expect(plan.warnings).toEqual([
      "dbo.T.n: default (NEXT VALUE FOR dbo.Missing) skipped (no PostgreSQL equivalent here); rows that omit the column get NULL",
    ]);
  });
});
