import { describe, expect, inject, it } from "vitest";
import { ZCatalog } from "~/agents/catalog/schema";
import { loadCatalog } from "~/agents/sandbox/load";
import { withSandbox } from "~/agents/sandbox/sandbox";
import { sortedValues, translatedScriptForThisFile } from "./testing/script";

/**
 * SQL Server's default collation (`*_CI_AS`) on real PostgreSQL 18, for the operations issue 10 lists beyond the
 * ones strings.test.ts covers: joins on text keys, IN over a subquery, INTERSECT/EXCEPT, COUNT(DISTINCT), PARTITION
 * BY, CHARINDEX/REPLACE/LIKE/PATINDEX on columns (run under the columns' nondeterministic collation, which
 * PostgreSQL 18 accepts for LIKE and position searches), a `_CS_AS` column and an explicit COLLATE, and PRIMARY
 * KEY/UNIQUE. docs/t-sql/statements/collations.md: under CI_AS 'alfki' and 'ALFKI' are equal; comparisons pad the
 * shorter string with blanks (docs/t-sql/language-elements/string-comparison... : ANSI padding), so 'ALFKI  '
 * equals 'ALFKI' too; `_CS_` keeps case apart.
 */

const SCRIPT = `
CREATE TABLE dbo.Customer (Code varchar(10) NOT NULL PRIMARY KEY, Name nvarchar(20) NULL)
GO
INSERT INTO dbo.Customer VALUES ('ALFKI', N'Alfreds'), ('BONAP', N'Bon app')
GO
CREATE TABLE dbo.Orders (Id int NOT NULL, CustCode varchar(10) NULL, Tag varchar(10) COLLATE Latin1_General_CS_AS NULL)
GO
INSERT INTO dbo.Orders VALUES (1, 'alfki', 'ab'), (2, 'ALFKI  ', 'AB'), (3, 'other', 'Ab'), (4, NULL, 'ab ')
GO
CREATE VIEW dbo.v_join AS SELECT o.Id, c.Name FROM dbo.Orders o JOIN dbo.Customer c ON c.Code = o.CustCode
GO
CREATE VIEW dbo.v_in AS SELECT Id FROM dbo.Orders WHERE CustCode IN (SELECT Code FROM dbo.Customer)
GO
CREATE VIEW dbo.v_intersect AS SELECT CustCode AS Code FROM dbo.Orders INTERSECT SELECT Code FROM dbo.Customer
GO
CREATE VIEW dbo.v_except AS SELECT Code FROM dbo.Customer EXCEPT SELECT CustCode FROM dbo.Orders
GO
CREATE VIEW dbo.v_count AS SELECT COUNT(DISTINCT CustCode) AS n, COUNT(DISTINCT Tag) AS tags FROM dbo.Orders
GO
CREATE VIEW dbo.v_partition AS SELECT Id, ROW_NUMBER() OVER (PARTITION BY CustCode ORDER BY Id) AS rn, COUNT(*) OVER (PARTITION BY Tag) AS same_tag FROM dbo.Orders
GO
CREATE VIEW dbo.v_search AS SELECT Id, CHARINDEX('FK', CustCode) AS at, REPLACE(CustCode, 'LF', '-') AS replaced, PATINDEX('%K%', CustCode) AS pat FROM dbo.Orders WHERE CustCode LIKE 'ALF%'
GO
CREATE VIEW dbo.v_case_sensitive AS SELECT Id FROM dbo.Orders WHERE Tag = 'ab'
GO
CREATE VIEW dbo.v_collate AS SELECT Id FROM dbo.Orders WHERE CustCode = 'ALFKI' COLLATE Latin1_General_CS_AS
GO
CREATE VIEW dbo.v_like_cs AS SELECT Id FROM dbo.Orders WHERE Tag LIKE 'a%'
GO
`;

const { byName, run } = translatedScriptForThisFile(SCRIPT, "collation.sql");
const rows = async (name: string) => sortedValues(await run(name));

describe("the default case-insensitive, blank-padded collation on PostgreSQL 18", () => {
  it("joins text keys ignoring case and trailing blanks", async () => {
    expect(await rows("v_join")).toEqual([
      [1, "Alfreds"],
      [2, "Alfreds"],
    ]);
  });

  it("IN over a subquery, INTERSECT and EXCEPT compare the same way", async () => {
    expect(await rows("v_in")).toEqual([[1], [2]]);
    expect(await rows("v_intersect")).toHaveLength(1);
    expect(await rows("v_except")).toEqual([["BONAP"]]);
  });

  it("COUNT(DISTINCT …) and PARTITION BY take 'alfki' and 'ALFKI  ' as one value; a _CS_AS column keeps case apart", async () => {
    // CustCode: alfki = ALFKI (NULL not counted); Tag (case-sensitive): ab = 'ab ', AB, Ab.
    expect(await rows("v_count")).toEqual([[2, 3]]);
    expect(await rows("v_partition")).toEqual([
      [1, "1", 2],
      [2, "2", 1],
      [3, "1", 1],
      [4, "1", 2],
    ]);
  });

  it("CHARINDEX, REPLACE, PATINDEX and LIKE on a column search case-insensitively", async () => {
    expect(await rows("v_search")).toEqual([
      [1, 3, "a-ki", 4],
      [2, 3, "A-KI  ", 4],
    ]);
  });

  it("a column declared COLLATE …_CS_AS and an explicit COLLATE in the query compare case-sensitively, still blank-padded", async () => {
    expect(await rows("v_case_sensitive")).toEqual([[1], [4]]);
    expect(await rows("v_collate")).toEqual([[2]]);
    expect(await rows("v_like_cs")).toEqual([[1], [4]]);
  });

  it("translates every view without a review item", () => {
    for (const name of [
      "v_join",
      "v_in",
      "v_intersect",
      "v_except",
      "v_count",
      "v_partition",
      "v_search",
      "v_case_sensitive",
      "v_collate",
      "v_like_cs",
    ])
      expect(byName(name).issues, name).toEqual([]);
  });
});

describe("PRIMARY KEY and UNIQUE under the case-insensitive collation", () => {
  it("refuses a key that differs from an existing one only in case, as SQL Server's CI_AS key does", async () => {
    const catalog = ZCatalog.parse({
      database: "keys",
      tables: [
        {
          name: "K",
          columns: [
            { name: "Code", type: { name: "varchar", length: 10 } },
            { name: "Alt", type: { name: "varchar", length: 10 } },
          ],
          primaryKey: { columns: ["Code"] },
          uniqueConstraints: [{ columns: ["Alt"] }],
        },
      ],
    });
    await withSandbox({ adminUrl: inject("pgAdminUrl") }, async (sandbox) => {
      await loadCatalog(sandbox.sql, catalog);
      await sandbox.sql.unsafe(`insert into "dbo"."K" values ('abc', 'x')`);
      await expect(sandbox.sql.unsafe(`insert into "dbo"."K" values ('ABC', 'y')`)).rejects.toThrow(/duplicate key/);
      await expect(sandbox.sql.unsafe(`insert into "dbo"."K" values ('def', 'X')`)).rejects.toThrow(/duplicate key/);
    });
  });
});
