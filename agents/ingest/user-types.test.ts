import { describe, expect, it } from "vitest";
import { ingestScript, table } from "./test-helpers";

describe("alias types", () => {
  it("resolves columns and parameters declared with sp_addtype types to the base type", () => {
    const catalog = ingestScript(`
EXEC sp_addtype N'empid', N'char(9)', N'NOT NULL'
GO
execute sp_addtype id, 'varchar(11)', 'NULL'
GO
sp_addtype tid, "varchar(6)"
GO
EXEC sys.sp_addtype @typename = 'flag', @phystype = bit, @nulltype = 'NOT NULL'
GO
CREATE TABLE employee (emp_id empid, au_id id, title_id tid NOT NULL, active flag NULL)
GO
CREATE PROCEDURE byemp @emp empid, @title dbo.tid = NULL OUTPUT AS SELECT 1`);
    expect(catalog.diagnostics).toEqual([]);
    expect(table(catalog, "employee").columns.map((c) => [c.name, c.type, c.nullable])).toEqual([
      ["emp_id", { name: "char", length: 9 }, false],
      ["au_id", { name: "varchar", length: 11 }, true],
      ["title_id", { name: "varchar", length: 6 }, false],
      ["active", { name: "bit" }, true],
    ]);
    expect(catalog.procedures[0]!.parameters).toEqual([
      { name: "emp", type: { name: "char", length: 9 }, output: false },
      { name: "title", type: { name: "varchar", length: 6 }, default: "NULL", output: true },
    ]);
    expect(catalog.types).toEqual([
      { schema: "dbo", name: "empid", base: { name: "char", length: 9 }, nullable: false },
      { schema: "dbo", name: "id", base: { name: "varchar", length: 11 }, nullable: true },
      { schema: "dbo", name: "tid", base: { name: "varchar", length: 6 }, nullable: true },
      { schema: "dbo", name: "flag", base: { name: "bit" }, nullable: false },
    ]);
  });

  it("resolves CREATE TYPE … FROM, schema-qualified, and ignores table types with a note", () => {
    const catalog = ingestScript(`
CREATE TYPE [Sales].[Phone] FROM nvarchar(24) NOT NULL
GO
CREATE TYPE dbo.Lines AS TABLE (a int)
GO
CREATE TABLE Sales.Contact (phone Sales.Phone, fax [Phone] NULL)`);
    expect(table(catalog, "Contact").columns.map((c) => [c.type, c.nullable])).toEqual([
      [{ name: "nvarchar", length: 24 }, false],
      [{ name: "nvarchar", length: 24 }, true],
    ]);
    expect(catalog.diagnostics).toEqual([
      { severity: "info", file: "test.sql", line: 4, message: "table type dbo.Lines is not migrated" },
    ]);
  });

  it("resolves alias types defined after their use, as an SSDT folder may order them", () => {
    const catalog = ingestScript("CREATE TABLE t (a Money2)\nGO\nCREATE TYPE Money2 FROM decimal(19, 2)");
    expect(table(catalog, "t").columns[0]!.type).toEqual({ name: "decimal", precision: 19, scale: 2 });
  });

  it("keeps an unknown type name and warns", () => {
    const catalog = ingestScript("CREATE TABLE t (a NoSuchType)");
    expect(table(catalog, "t").columns[0]!.type).toEqual({ name: "nosuchtype" });
    expect(catalog.diagnostics).toEqual([
      expect.objectContaining({
        severity: "warning",
        message: expect.stringMatching(/NoSuchType is not a SQL Server type/),
      }),
    ]);
  });
});
