import { describe, expect, it } from "vitest";
import { sortedValues, translatedScriptForThisFile } from "./testing/script";

/**
 * A database declared with a case-sensitive default collation (docs: create-database-transact-sql.md and
 * alter-database-transact-sql.md, "COLLATE collation_name: the default collation for the database"): a text
 * column without COLLATE has it (create-table-transact-sql.md), literals and variables take it
 * (collation-precedence-transact-sql.md, Coercible-default), and temp tables' columns do too; a column declared
 * `_CI_AS` keeps its own. On real PostgreSQL 18.
 */

const SCRIPT = `
CREATE DATABASE Shop ON PRIMARY (NAME = N'Shop', FILENAME = N'shop.mdf') COLLATE Latin1_General_CI_AS
GO
ALTER DATABASE Shop COLLATE Latin1_General_CS_AS
GO
CREATE TABLE dbo.Album (Id int NOT NULL, Genre varchar(20) NULL, Title varchar(20) COLLATE Latin1_General_CI_AS NULL)
GO
INSERT INTO dbo.Album VALUES (1, 'Rock', 'Abc'), (2, 'rock', 'abc')
GO
CREATE VIEW dbo.v_genre AS SELECT Id FROM dbo.Album WHERE Genre = 'rock'
GO
CREATE VIEW dbo.v_title AS SELECT Id FROM dbo.Album WHERE Title = 'ABC'
GO
CREATE VIEW dbo.v_literals AS SELECT CASE WHEN 'a' = 'A' THEN 1 ELSE 0 END AS same
GO
CREATE PROCEDURE dbo.p_temp AS
BEGIN
  CREATE TABLE #t (g varchar(20))
  INSERT INTO #t SELECT Title FROM dbo.Album
  SELECT COUNT(*) AS n FROM #t GROUP BY g
END
GO
`;

const { catalog, run } = translatedScriptForThisFile(SCRIPT, "shop.sql");
const rows = async (name: string) => sortedValues(await run(name));

describe("the database's declared default collation", () => {
  it("is read from CREATE DATABASE and ALTER DATABASE (the last one) and written on undeclared text columns", () => {
    expect(catalog.collation).toBe("Latin1_General_CS_AS");
    const [id, genre, title] = catalog.tables[0]!.columns;
    expect([id!.collation, genre!.collation, title!.collation]).toEqual([
      undefined,
      "Latin1_General_CS_AS",
      "Latin1_General_CI_AS",
    ]);
  });

  it("an undeclared column and literals compare case-sensitively; a column declared CI_AS ignores case", async () => {
    expect(await rows("v_genre")).toEqual([[2]]);
    expect(await rows("v_title")).toEqual([[1], [2]]);
    expect(await rows("v_literals")).toEqual([[0]]);
  });

  it("a temp table's undeclared column has the database's collation, whatever the inserted values had", async () => {
    // Title's 'Abc' and 'abc' are one value under CI_AS, two under #t's CS_AS.
    expect(await rows("p_temp")).toEqual([[1], [1]]);
  });
});
