import { describe, expect, it } from "vitest";
import { ingestScript, rows, table } from "./test-helpers";

describe("ALTER TABLE", () => {
  it("adds primary keys, foreign keys, unique and check constraints, with or without WITH CHECK", () => {
    const catalog = ingestScript(`
CREATE TABLE Region (RegionID int NOT NULL, Name nchar(50) NOT NULL)
CREATE TABLE Territories (TerritoryID nvarchar(20) NOT NULL, RegionID int NOT NULL)
GO
ALTER TABLE Region ADD CONSTRAINT [PK_Region] PRIMARY KEY NONCLUSTERED ([RegionID]) ON [PRIMARY]
GO
ALTER TABLE [dbo].[Territories] WITH NOCHECK ADD CONSTRAINT [FK_Territories_Region] FOREIGN KEY ([RegionID]) REFERENCES [dbo].[Region] ([RegionID])
ALTER TABLE Territories WITH CHECK ADD CONSTRAINT UQ_T UNIQUE (TerritoryID), CONSTRAINT CK_T CHECK (RegionID > 0)
ALTER TABLE Territories CHECK CONSTRAINT FK_Territories_Region
ALTER TABLE Territories NOCHECK CONSTRAINT ALL`);
    expect(catalog.diagnostics).toEqual([]);
    expect(table(catalog, "Region").primaryKey).toEqual({ name: "PK_Region", columns: ["RegionID"] });
    const territories = table(catalog, "Territories");
    expect(territories.foreignKeys).toEqual([
      {
        name: "FK_Territories_Region",
        columns: ["RegionID"],
        references: { schema: "dbo", table: "Region", columns: ["RegionID"] },
      },
    ]);
    expect(territories.uniqueConstraints).toEqual([{ name: "UQ_T", columns: ["TerritoryID"] }]);
    expect(territories.checks).toEqual([{ name: "CK_T", expression: "(RegionID > 0)" }]);
  });

  it("adds a default with DEFAULT x FOR col, and drops it again by name", () => {
    const catalog = ingestScript(`
CREATE TABLE t (a int, b varchar(10))
ALTER TABLE t ADD CONSTRAINT DF_t_a DEFAULT ((42)) FOR a
ALTER TABLE t ADD CONSTRAINT DF_t_b DEFAULT 'x' FOR [B]
ALTER TABLE t DROP CONSTRAINT DF_t_b`);
    expect(table(catalog, "t").columns.map((c) => c.default)).toEqual(["((42))", undefined]);
  });

  it("adds, alters and drops columns, keeping already-inserted rows aligned", () => {
    const catalog = ingestScript(`
CREATE TABLE t (a int NOT NULL, gone int)
INSERT t VALUES (1, 9)
ALTER TABLE t ADD b varchar(5) NULL, c int NOT NULL CONSTRAINT DF_c DEFAULT (7)
ALTER TABLE t DROP COLUMN gone
ALTER TABLE t ALTER COLUMN a bigint NOT NULL
INSERT t (a, b) VALUES (2, 'x')`);
    const t = table(catalog, "t");
    expect(t.columns.map((c) => [c.name, c.type.name, c.nullable])).toEqual([
      ["a", "bigint", false],
      ["b", "varchar", true],
      ["c", "int", false],
    ]);
    expect(rows(catalog, "t")).toEqual([
      { a: "1", b: null, c: "7" },
      { a: "2", b: "x", c: "7" },
    ]);
  });

  it("drops constraints by name", () => {
    const catalog = ingestScript(`
CREATE TABLE p (id int CONSTRAINT PK_p PRIMARY KEY)
CREATE TABLE c (id int, pid int CONSTRAINT FK_c FOREIGN KEY REFERENCES p(id), CONSTRAINT CK_c CHECK (id > 0))
ALTER TABLE c DROP CONSTRAINT FK_c, CK_c
ALTER TABLE p DROP CONSTRAINT PK_p`);
    expect(table(catalog, "c").foreignKeys).toEqual([]);
    expect(table(catalog, "c").checks).toEqual([]);
    expect(table(catalog, "p").primaryKey).toBeUndefined();
  });

  it("warns about an ALTER TABLE on a table that was never created", () => {
    const catalog = ingestScript("ALTER TABLE Nowhere ADD CONSTRAINT PK PRIMARY KEY (a)");
    expect(catalog.diagnostics).toEqual([
      {
        severity: "warning",
        file: "test.sql",
        line: 1,
        message: "ALTER TABLE dbo.Nowhere: no such table was created; the change was skipped",
      },
    ]);
  });
});
