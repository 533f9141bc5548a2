import { describe, expect, it } from "vitest";
import { ingestScript } from "./test-helpers";

describe("views, procedures, functions and triggers", () => {
  it("keeps the whole batch from CREATE as a view's definition, trailing comments included", () => {
    const catalog = ingestScript(`-- header
IF EXISTS (SELECT * FROM sysobjects WHERE id = object_id('dbo.v')) DROP VIEW dbo.v
GO
/* leading comment */ CREATE VIEW [dbo].[My View] (a, b) WITH SCHEMABINDING AS
SELECT 1 AS a, 'GO' AS b
--ORDER BY a
GO
create view v2 as select 2 as x;
`);
    expect(catalog.views).toEqual([
      {
        schema: "dbo",
        name: "My View",
        location: { file: "test.sql", line: 4 },
        definition: "CREATE VIEW [dbo].[My View] (a, b) WITH SCHEMABINDING AS\nSELECT 1 AS a, 'GO' AS b\n--ORDER BY a",
      },
      {
        schema: "dbo",
        name: "v2",
        location: { file: "test.sql", line: 8 },
        definition: "create view v2 as select 2 as x;",
      },
    ]);
  });

  it("reads procedure parameters with types, defaults, OUTPUT and READONLY, with or without parentheses", () => {
    const catalog = ingestScript(`
CREATE PROCEDURE SalesByCategory
    @CategoryName nvarchar(15), @OrdYear nvarchar(4) = '1998'
AS
SELECT 1
GO
CREATE PROC dbo.p2 (@a AS int = -1, @b decimal(10,2) OUT, @c varchar(max) = N'x' OUTPUT, @d datetime = NULL) WITH RECOMPILE AS RETURN
GO
create procedure "Ten Most Expensive Products" AS
SET ROWCOUNT 10
SELECT 1`);
    expect(catalog.diagnostics).toEqual([]);
    expect(catalog.procedures.map((p) => [p.name, p.parameters])).toEqual([
      [
        "SalesByCategory",
        [
          { name: "CategoryName", type: { name: "nvarchar", length: 15 }, output: false },
          { name: "OrdYear", type: { name: "nvarchar", length: 4 }, default: "'1998'", output: false },
        ],
      ],
      [
        "p2",
        [
          { name: "a", type: { name: "int" }, default: "-1", output: false },
          { name: "b", type: { name: "decimal", precision: 10, scale: 2 }, output: true },
          { name: "c", type: { name: "varchar", length: "max" }, default: "N'x'", output: true },
          { name: "d", type: { name: "datetime" }, default: "NULL", output: false },
        ],
      ],
      ["Ten Most Expensive Products", []],
    ]);
    expect(catalog.procedures[2]!.definition).toBe(
      'create procedure "Ten Most Expensive Products" AS\nSET ROWCOUNT 10\nSELECT 1',
    );
  });

  it("tells scalar, inline table and multi-statement table functions apart", () => {
    const catalog = ingestScript(`
CREATE FUNCTION dbo.Add1 (@x int) RETURNS int WITH SCHEMABINDING AS BEGIN RETURN @x + 1 END
GO
CREATE FUNCTION dbo.ByCategory (@id int, @n nvarchar(10) = 'a') RETURNS TABLE AS RETURN (SELECT 1 AS a)
GO
CREATE FUNCTION dbo.Multi () RETURNS @t TABLE (a int) AS BEGIN INSERT @t VALUES (1) RETURN END`);
    expect(catalog.functions.map((f) => [f.name, f.kind, f.parameters.map((p) => p.name), f.returns])).toEqual([
      ["Add1", "scalar", ["x"], { name: "int" }],
      ["ByCategory", "inline_table", ["id", "n"], undefined],
      ["Multi", "multi_statement_table", [], undefined],
    ]);
  });

  it("records a trigger's table and skips database-level triggers", () => {
    const catalog = ingestScript(`
CREATE TRIGGER employee_insupd ON employee FOR INSERT, UPDATE AS
IF UPDATE(job_id) RAISERROR('x', 16, 1)
GO
CREATE TRIGGER ddl ON DATABASE FOR DROP_TABLE AS PRINT 'no'`);
    expect(catalog.triggers.map((t) => [t.schema, t.name, t.table])).toEqual([
      ["dbo", "employee_insupd", { schema: "dbo", name: "employee" }],
    ]);
    expect(catalog.diagnostics.map((d) => d.message)).toEqual(["DDL trigger ddl (ON DATABASE) is not migrated"]);
  });

  it("lets ALTER and CREATE OR ALTER replace an earlier definition", () => {
    const catalog = ingestScript(`
CREATE VIEW v AS SELECT 1 AS a
GO
ALTER VIEW v AS SELECT 2 AS a
GO
CREATE OR ALTER PROCEDURE p @x int AS SELECT @x
GO
CREATE OR ALTER PROCEDURE p @y int AS SELECT @y`);
    expect(catalog.diagnostics).toEqual([]);
    expect(catalog.views.map((v) => v.definition)).toEqual(["ALTER VIEW v AS SELECT 2 AS a"]);
    expect(catalog.procedures.map((p) => p.parameters.map((x) => x.name))).toEqual([["y"]]);
  });

  it("reads objects that SSMS wraps in sp_executesql or EXEC of a literal, at their lines in the file", () => {
    const catalog = ingestScript(`IF NOT EXISTS (SELECT * FROM sys.views WHERE object_id = OBJECT_ID(N'[dbo].[v]'))
EXEC dbo.sp_executesql @statement = N'CREATE VIEW [dbo].[v]
AS
SELECT ''x'' AS a'
GO
IF OBJECT_ID('dbo.p') IS NULL EXEC ('CREATE PROCEDURE dbo.p @n int AS RETURN')`);
    expect(catalog.diagnostics).toEqual([]);
    expect(catalog.views).toEqual([
      {
        schema: "dbo",
        name: "v",
        location: { file: "test.sql", line: 2 },
        definition: "CREATE VIEW [dbo].[v]\nAS\nSELECT 'x' AS a",
      },
    ]);
    expect(catalog.procedures.map((p) => [p.name, p.location, p.parameters.map((x) => x.name)])).toEqual([
      ["p", { file: "test.sql", line: 6 }, ["n"]],
    ]);
  });
});
