import { describe, expect, it } from "vitest";
import { sourceNames } from "~/agents/plan";
import { ingest } from "./index";
import { ingestScript } from "./test-helpers";

describe("diagnostics for scripts that cannot be read whole", () => {
  it("reports a garbled CREATE TABLE with file and line and keeps the tables around it", () => {
    const catalog = ingestScript(
      `CREATE TABLE Before (a int)
GO
CREATE TABLE Broken (
  a int,
  b decimal(10,,
)
GO
CREATE TABLE After (b int)
GO
CREATE VIEW v AS SELECT * FROM After`,
      "schema.sql",
    );
    expect(catalog.tables.map((t) => t.name)).toEqual(["Before", "After"]);
    expect(catalog.views.map((v) => v.name)).toEqual(["v"]);
    expect(catalog.diagnostics).toEqual([
      {
        severity: "error",
        file: "schema.sql",
        line: 5,
        message: 'CREATE TABLE Broken (line 3) was skipped: expected a type length or precision, found ","',
      },
    ]);
  });

  it("recovers inside one batch: the statements after a broken one still run", () => {
    const catalog = ingestScript(`CREATE TABLE t (a int)
INSERT t VALUES (1)
CREATE TABLE u (a int CONSTRAINT)
INSERT t VALUES (2)
CREATE TABLE w (x int)`);
    expect(catalog.tables.map((t) => t.name)).toEqual(["t", "w"]);
    expect(catalog.tables[0]!.data!.rows).toEqual([["1"], ["2"]]);
    expect(catalog.diagnostics).toEqual([
      {
        severity: "error",
        file: "test.sql",
        line: 3,
        message: 'CREATE TABLE u (line 3) was skipped: expected a constraint name, found ")"',
      },
    ]);
  });

  it("skips only the statement with an unterminated string, up to the next GO", () => {
    const catalog = ingestScript(`CREATE TABLE t (a varchar(10))
GO
INSERT t VALUES ('ok')
INSERT t VALUES ('unclosed)
GO
INSERT t VALUES (1)`);
    expect(catalog.tables[0]!.data!.rows).toEqual([["ok"], ["1"]]);
    expect(catalog.diagnostics).toEqual([
      {
        severity: "error",
        file: "test.sql",
        line: 4,
        message: "Unterminated string literal; the statement was skipped up to the next GO",
      },
    ]);
  });

  it("blames a string that runs across a GO line, and reads on from that GO", () => {
    const catalog = ingestScript(`CREATE TABLE t (a varchar(10))
GO
INSERT t VALUES ('missing quote)
GO
INSERT t VALUES ('after')`);
    expect(catalog.tables[0]!.data!.rows).toEqual([["after"]]);
    expect(catalog.diagnostics).toEqual([
      {
        severity: "error",
        file: "test.sql",
        line: 3,
        message:
          "a string literal runs across a GO line, so a quote is probably missing; the statement was skipped up to the next GO",
      },
    ]);
  });

  it("keeps a note on the table of an INSERT or UPDATE it cannot read, so what reads the table is flagged", () => {
    // geography::Point(…) calls a CLR type's static method (docs: spatial-geography/point-geography-data-type.md),
    // which the script reader does not take as a value; the row is still SQL Server's.
    const catalog = ingestScript(`CREATE TABLE dbo.Place (id int PRIMARY KEY, spot geography)
CREATE TABLE dbo.Other (id int PRIMARY KEY)
GO
INSERT INTO dbo.Place VALUES (1, geography::Point(37.76, -122.50, 4326))
INSERT INTO dbo.Other VALUES (1)
GO
INSERT dbo.Other VALUES (2) UPDATE dbo.Other SET id = 'unterminated
GO`);
    expect(catalog.diagnostics.filter((d) => d.severity === "error").map((d) => d.line)).toEqual([4, 7]);
    const unloaded = (name: string) =>
      catalog.tables.find((t) => t.name === name)!.data?.unloaded?.map((u) => [u.line, u.reason]);
    expect(unloaded("Place")).toEqual([[4, "INSERT statement that could not be read"]]);
    expect(unloaded("Other")).toEqual([[7, "UPDATE statement that could not be read"]]);
  });

  it("reports text it does not recognise, and data changes it does not apply", () => {
    const catalog = ingestScript(
      "CREATE TABLE t (a int) FROBNICATE t\nGO\nFROBNICATE t\nGO\nSELECT 1; FROBNICATE t\nUPDATE t SET a += 2",
    );
    expect(catalog.tables.map((t) => t.name)).toEqual(["t"]);
    expect(catalog.diagnostics.map((d) => [d.severity, d.line, d.message])).toEqual([
      ["warning", 1, 'text after CREATE TABLE dbo.t was ignored, from "FROBNICATE" (line 1)'],
      ["warning", 3, 'statement starting with "FROBNICATE" was read as a call to procedure dbo.FROBNICATE and not run'],
      ["error", 5, 'FROBNICATE t (line 5) was skipped: unrecognised statement starting with "FROBNICATE"'],
      ["warning", 6, "UPDATE statements are not applied: table data comes from INSERT statements only"],
    ]);
  });

  it("reports CREATE/ALTER of unknown objects, SELECT INTO and objects created by dynamic SQL it cannot evaluate", () => {
    const catalog = ingestScript(`CREATE TABEL t (a int)
GO
ALTER TABEL t ADD b int
GO
SELECT a INTO Copy FROM t
SELECT a INTO #scratch FROM t
EXEC ('CREATE VIEW ' + @name + ' AS SELECT 1')
CREATE SCHEMA Sales AUTHORIZATION dbo
ALTER DATABASE CURRENT SET RECOVERY SIMPLE`);
    expect(catalog.diagnostics.map((d) => [d.severity, d.line, d.message])).toEqual([
      ["error", 1, 'CREATE TABEL t (line 1) was skipped: unrecognised CREATE "TABEL"'],
      ["error", 3, 'ALTER TABEL t ADD (line 3) was skipped: unrecognised ALTER "TABEL"'],
      ["warning", 5, "SELECT … INTO Copy creates a table from a query; it is not in the catalog"],
      [
        "warning",
        7,
        "objects created by dynamic SQL built from expressions are not read; script them as plain statements",
      ],
    ]);
  });

  it("ignores SET options, USE, DROP, IF EXISTS … DROP, PRINT and permission statements quietly", () => {
    const catalog = ingestScript(`SET NOCOUNT ON
SET ANSI_NULLS ON
SET QUOTED_IDENTIFIER ON
GO
USE [Shop]
GO
IF EXISTS (SELECT * FROM sys.objects WHERE name = 't') DROP TABLE t
GO
DROP TABLE IF EXISTS dbo.u
PRINT 'creating'
GRANT SELECT ON t TO public
CREATE TABLE t (a int)
UPDATE STATISTICS t
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'x'`);
    expect(catalog.diagnostics).toEqual([]);
    expect(catalog.database).toBe("Shop");
    expect(catalog.tables.map((t) => t.name)).toEqual(["t"]);
  });

  it("says when a file was read as Windows-1252 because it is not UTF-8", () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode("CREATE TABLE t (city varchar(20))\nINSERT t VALUES ('M"),
      0xfc,
      ...new TextEncoder().encode("nchen')"),
    ]);
    const catalog = ingest({ kind: "script", file: "ansi.sql", bytes });
    expect(catalog.tables[0]!.data!.rows).toEqual([["München"]]);
    expect(catalog.diagnostics).toEqual([
      {
        severity: "info",
        file: "ansi.sql",
        line: 1,
        message: "the file is not valid UTF-8 and was read as Windows-1252",
      },
    ]);
  });

  it("names the database from CREATE DATABASE, else USE, else the file name", () => {
    expect(
      ingestScript("USE master\nGO\nCREATE DATABASE [North Wind]\nGO\nUSE [North Wind]\nGO\nCREATE TABLE t (a int)")
        .database,
    ).toBe("North Wind");
    expect(ingestScript("CREATE TABLE t (a int)", "scripts/instpubs.sql").database).toBe("instpubs");
  });

  it("names it after the name given (--database, the migration's name) when the script names none, never over the script's own", () => {
    const given = { database: "Northwind Copy (2024)" };
    expect(ingestScript("CREATE TABLE t (a int)", "instnwnd.sql", given).database).toBe("Northwind Copy (2024)");
    // USE master names no user database: the given name still applies.
    expect(ingestScript("USE master\nGO\nCREATE TABLE t (a int)", "instnwnd.sql", given).database).toBe(
      "Northwind Copy (2024)",
    );
    expect(ingestScript("CREATE DATABASE Shop\nGO\nCREATE TABLE t (a int)", "instnwnd.sql", given).database).toBe(
      "Shop",
    );
    expect(ingestScript("USE [Shop]\nGO\nCREATE TABLE t (a int)", "instnwnd.sql", given).database).toBe("Shop");
    expect(ingestScript("CREATE TABLE t (a int)", "instnwnd.sql", { database: "  " }).database).toBe("instnwnd");
    const catalog = ingest(
      {
        kind: "catalog-json",
        file: "c.json",
        bytes: new TextEncoder().encode(
          JSON.stringify({
            database: "shop",
            tables: [{ name: "t", columns: [{ name: "a", type: { name: "int" } }] }],
          }),
        ),
      },
      given,
    );
    expect(catalog.database).toBe("shop");
    // The dbt source and project are named from it in snake_case (agents/plan/naming.ts).
    const named = ingestScript("CREATE TABLE t (a int)", "instnwnd.sql", given);
    expect([...sourceNames(named).values()]).toEqual(["northwind_copy_2024"]);
  });
});
