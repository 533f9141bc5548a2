import { describe, expect, it } from "vitest";
import { translatedScriptForThisFile } from "./testing/script";

/**
 * Alias types (docs: create-type-transact-sql.md, "CREATE TYPE … FROM base_type"; sp-addtype-transact-sql.md) in a
 * procedure's parameters, its variables and its CASTs: SQL Server stores and computes them as their base type.
 */
const SCRIPT = `
CREATE TYPE dbo.Flag FROM bit NOT NULL
GO
EXEC sp_addtype 'ShortName', 'nvarchar(5)', 'NULL'
GO
CREATE TABLE dbo.Emp (ID int PRIMARY KEY, FullName nvarchar(20), Active Flag)
GO
INSERT INTO dbo.Emp VALUES (1, N'Annabel', 1), (2, N'Bob', 0), (3, N'Anders', 1)
GO
CREATE PROCEDURE dbo.ByFlag @Active dbo.Flag = 1, @Prefix ShortName = N'A'
AS
DECLARE @pattern ShortName = @Prefix + N'%'
SELECT ID, CAST(FullName AS ShortName) AS Short FROM dbo.Emp WHERE Active = @Active AND FullName LIKE @pattern
GO
`;

const { byName, run } = translatedScriptForThisFile(SCRIPT, "alias-types.sql");

describe("alias types in procedures", () => {
  it("reads parameters, variables and CAST targets of an alias type as its base type", async () => {
    expect(byName("ByFlag").issues).toEqual([]);
    // CAST to nvarchar(5) cuts to five characters, as the base type does.
    expect((await run("ByFlag")).map((r) => [r.id, r.short])).toEqual([
      [1, "Annab"],
      [3, "Ander"],
    ]);
    expect((await run("ByFlag", { Active: "0", Prefix: "B" })).map((r) => [r.id, r.short])).toEqual([[2, "Bob"]]);
  });
});
