import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ingestScript } from "~/agents/ingest/test-helpers";
import { loadCatalog } from "./load";
import { createSandbox, type Sandbox } from "./sandbox";

/**
 * A data script's MERGE, run set-based by the loader at its place in the script.
 *
 * SQL Server semantics tested here, from docs/t-sql/statements/merge-transact-sql.md (MicrosoftDocs/sql-docs):
 * - "WHEN MATCHED THEN <merge_matched>: specifies that all rows of *target_table, which match the rows returned by
 *   <table_source> ON <merge_search_condition>, and satisfy any additional search condition, are either updated or
 *   deleted"; with two WHEN MATCHED clauses the first has an AND condition and they are applied in order.
 * - "WHEN NOT MATCHED [ BY TARGET ] THEN <merge_not_matched>: specifies that a row is inserted into target_table for
 *   every row returned by <table_source> ON <merge_search_condition> that doesn't match a row in target_table".
 * - "WHEN NOT MATCHED BY SOURCE THEN <merge_matched>: specifies that all rows of *target_table, which don't match the
 *   rows returned by <table_source> ON <merge_search_condition> … are updated or deleted".
 * - "If the UPDATE or DELETE … matches more than one row in the source, the MERGE statement fails" (error 8672: "A
 *   MERGE statement cannot UPDATE/DELETE the same row of the target table multiple times").
 * - The source and target are read as they were before the statement: every clause sees the same rows.
 * - docs/t-sql/statements/collations.md and equals-transact-sql.md: under a case-insensitive (CI) collation
 *   `'fr' = 'FR '` (the shorter string is padded with blanks); a NULL ON comparison is not a match.
 */
describe("MERGE in a data script, in the sandbox", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ adminUrl: inject("pgAdminUrl") });
  });
  afterAll(() => sandbox?.dispose());

  it("updates matched rows, inserts unmatched source rows and deletes target rows no source row matches, all from the rows as they were", async () => {
    const catalog =
      ingestScript(`CREATE TABLE dbo.Stock (Item varchar(10) NOT NULL PRIMARY KEY, Qty int NOT NULL, Note varchar(20) NULL)
GO
INSERT INTO dbo.Stock VALUES ('apple', 5, NULL), ('pear', 0, NULL), ('plum', 3, 'old'), ('fig', 1, NULL)
GO
MERGE INTO dbo.Stock AS t
USING (VALUES ('apple', 2), ('pear', 4), ('kiwi', 7), ('lime', NULL)) AS s (Item, Added)
ON t.Item = s.Item
WHEN MATCHED AND t.Qty + s.Added = 4 THEN DELETE
WHEN MATCHED THEN UPDATE SET Qty = t.Qty + s.Added, Note = 'was ' + CAST(t.Qty AS varchar(10))
WHEN NOT MATCHED BY TARGET AND s.Added IS NOT NULL THEN INSERT (Item, Qty) VALUES (s.Item, s.Added)
WHEN NOT MATCHED BY SOURCE AND t.Note IS NULL THEN UPDATE SET Note = 'unsold'
WHEN NOT MATCHED BY SOURCE THEN DELETE;
GO`);
    expect(catalog.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues).toEqual([]);
    expect(
      await sandbox.sql`select "Item" as item, "Qty" as qty, "Note" as note from "dbo"."Stock" order by 1`,
    ).toEqual([
      { item: "apple", qty: 7, note: "was 5" },
      { item: "fig", qty: 1, note: "unsold" },
      { item: "kiwi", qty: 7, note: null },
    ]);
  });

  it("matches keys under the column's case-insensitive collation, ignoring trailing blanks, and never on NULL", async () => {
    const catalog =
      ingestScript(`CREATE TABLE dbo.Country (Code varchar(5) COLLATE Latin1_General_CI_AS NOT NULL PRIMARY KEY, Name varchar(20) NULL)
CREATE TABLE dbo.Feed (Code varchar(5) NULL, Name varchar(20) NULL)
GO
INSERT INTO dbo.Country VALUES ('fr', 'France'), ('DE', 'Germany')
INSERT INTO dbo.Feed VALUES ('FR ', 'République'), ('de', NULL), (NULL, 'Nowhere'), ('it', 'Italy')
GO
MERGE dbo.Country
USING dbo.Feed AS f ON Country.Code = f.Code
WHEN MATCHED AND f.Name IS NOT NULL THEN UPDATE SET Name = f.Name
WHEN NOT MATCHED AND f.Code IS NOT NULL THEN INSERT VALUES (f.Code, f.Name);
GO`);
    expect(catalog.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues).toEqual([]);
    expect(await sandbox.sql`select "Code" as code, "Name" as name from "dbo"."Country" order by 1`).toEqual([
      { code: "DE", name: "Germany" },
      { code: "fr", name: "République" },
      { code: "it", name: "Italy" },
    ]);
  });

  it("runs a MERGE under IF only when its condition holds, with the values its batch's DECLARE gives", async () => {
    const catalog = ingestScript(`CREATE TABLE dbo.Setting (Name varchar(20) NOT NULL PRIMARY KEY, Value int NOT NULL)
GO
INSERT INTO dbo.Setting VALUES ('retries', 3)
GO
DECLARE @limit int = 10;
IF EXISTS (SELECT 1 FROM dbo.Setting WHERE Name = 'retries')
    MERGE dbo.Setting AS t USING (SELECT 'limit' AS Name) AS s ON t.Name = s.Name
    WHEN NOT MATCHED THEN INSERT (Name, Value) VALUES (s.Name, @limit);
IF NOT EXISTS (SELECT 1 FROM dbo.Setting WHERE Name = 'retries')
    MERGE dbo.Setting AS t USING (SELECT 'never' AS Name) AS s ON t.Name = s.Name
    WHEN NOT MATCHED THEN INSERT (Name, Value) VALUES (s.Name, 0);
GO`);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues).toEqual([]);
    expect(await sandbox.sql`select "Name" as name, "Value" as value from "dbo"."Setting" order by 1`).toEqual([
      { name: "limit", value: 10 },
      { name: "retries", value: 3 },
    ]);
  });

  it("leaves the table flagged, naming error 8672, when two source rows would update one target row", async () => {
    const catalog = ingestScript(`CREATE TABLE dbo.Price (Sku varchar(5) NOT NULL PRIMARY KEY, Amount int NOT NULL)
GO
INSERT INTO dbo.Price VALUES ('a', 1)
GO
MERGE dbo.Price AS t USING (VALUES ('A', 2), ('a ', 3)) AS s (Sku, Amount) ON t.Sku = s.Sku
WHEN MATCHED THEN UPDATE SET Amount = s.Amount;
GO`);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues).toMatchObject([
      { table: "dbo.Price", line: 5, message: expect.stringMatching(/more than one source row.*error 8672/) },
    ]);
    expect(await sandbox.sql`select "Amount" as amount from "dbo"."Price"`).toEqual([{ amount: 1 }]);
  });

  it("names the clause it cannot run: TOP, a compound SET, a variable the batch does not give, an identity it would number", async () => {
    const catalog = ingestScript(`CREATE TABLE dbo.A (Id int NOT NULL PRIMARY KEY, N int NOT NULL)
CREATE TABLE dbo.B (Id int NOT NULL PRIMARY KEY, N int NOT NULL)
CREATE TABLE dbo.C (Id int NOT NULL PRIMARY KEY, N int NOT NULL)
CREATE TABLE dbo.D (Id int IDENTITY(1,1) PRIMARY KEY, Name varchar(10) NOT NULL)
GO
MERGE TOP (1) dbo.A AS t USING (VALUES (1, 1), (2, 2)) AS s (Id, N) ON t.Id = s.Id
WHEN NOT MATCHED THEN INSERT VALUES (s.Id, s.N);
MERGE dbo.B AS t USING (VALUES (1, 1)) AS s (Id, N) ON t.Id = s.Id
WHEN MATCHED THEN UPDATE SET N += s.N;
SET @n = 1;
MERGE dbo.C AS t USING (VALUES (1)) AS s (Id) ON t.Id = s.Id
WHEN NOT MATCHED THEN INSERT VALUES (s.Id, @n);
MERGE dbo.D AS t USING (VALUES ('x'), ('y')) AS s (Name) ON t.Name = s.Name
WHEN NOT MATCHED THEN INSERT (Name) VALUES (s.Name);
GO`);
    const result = await loadCatalog(sandbox.sql, catalog);
    const reasons = Object.fromEntries(result.issues.map((i) => [i.table, i.message]));
    expect(reasons["dbo.A"]).toMatch(/MERGE statement \(TOP \(n\).*\(test\.sql line 6\)/);
    expect(reasons["dbo.B"]).toMatch(/WHEN MATCHED \(line 9\) UPDATE SET compounds \(\+=\)/);
    expect(reasons["dbo.C"]).toMatch(/it reads @n, whose value the loader cannot follow/);
    expect(reasons["dbo.D"]).toMatch(
      /inserts 2 rows numbered by dbo\.D's identity, in an order SQL Server does not define/,
    );
    for (const table of ["A", "B", "C", "D"])
      expect(await sandbox.sql.unsafe(`select count(*)::int as n from "dbo"."${table}"`)).toEqual([{ n: 0 }]);
  });
});
