import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ingestScript } from "~/agents/ingest/test-helpers";
import { loadCatalog } from "./load";
import { createSandbox, type Sandbox } from "./sandbox";

/**
 * INSERT, UPDATE and DELETE under IF / ELSE, run by the loader when their condition holds at their place in the script.
 *
 * SQL Server semantics tested here, from the Microsoft T-SQL reference (MicrosoftDocs/sql-docs):
 * - docs/t-sql/language-elements/if-else-transact-sql.md: the statement after IF "is executed if the condition is
 *   satisfied: the Boolean expression returns TRUE"; ELSE's "is executed when the IF condition is not satisfied"
 *   (NULL does not satisfy it); a statement block is BEGIN … END; "IF tests can be nested after another IF or
 *   following an ELSE".
 * - docs/t-sql/language-elements/exists-transact-sql.md: EXISTS is TRUE when the subquery returns any row.
 * - docs/t-sql/statements/collations.md: under a case-insensitive (CI) collation `'fr' = 'FR '` (comparisons pad
 *   the shorter string with blanks: docs/t-sql/language-elements/equals-transact-sql.md… ANSI padding).
 */
describe("statements under IF / ELSE in the sandbox", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ adminUrl: inject("pgAdminUrl") });
  });
  afterAll(() => sandbox?.dispose());

  it("runs the IF branch when its condition is true and the ELSE branch when it is false or NULL, each condition evaluated once over the rows loaded before it", async () => {
    const catalog =
      ingestScript(`CREATE TABLE dbo.Status (StatusID int IDENTITY(1,1) PRIMARY KEY, Code varchar(10) NOT NULL UNIQUE, Name nvarchar(20) NOT NULL)
GO
INSERT INTO dbo.Status (Code, Name) VALUES ('A', N'Active')
GO
IF NOT EXISTS (SELECT 1 FROM dbo.Status WHERE Code = 'A') INSERT INTO dbo.Status (Code, Name) VALUES ('A', N'Again')
IF NOT EXISTS (SELECT 1 FROM dbo.Status WHERE Code = 'B') INSERT INTO dbo.Status (Code, Name) VALUES ('B', N'Blocked')
IF (SELECT COUNT(*) FROM dbo.Status) = 0
    INSERT INTO dbo.Status (Code, Name) VALUES ('E', N'Empty')
ELSE
    UPDATE dbo.Status SET Name = N'Active!' WHERE Code = 'A'
IF NOT EXISTS (SELECT 1 FROM dbo.Status WHERE Code = 'D')
BEGIN
    INSERT INTO dbo.Status (Code, Name) VALUES ('D', N'Draft')
    INSERT INTO dbo.Status (Code, Name) VALUES ('X', N'Same block')
END
IF (SELECT MAX(Name) FROM dbo.Status WHERE Code = 'none') = N'x' INSERT INTO dbo.Status (Code, Name) VALUES ('T', N'NULL is true')
ELSE DELETE FROM dbo.Status WHERE Code = 'B'
IF 1 = 0 INSERT INTO dbo.Status (Code, Name) VALUES ('O', N'Switched off')
GO`);
    expect(catalog.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues).toEqual([]);
    expect(
      await sandbox.sql`select "StatusID" as id, "Code" as code, "Name" as name from "dbo"."Status" order by 1`,
    ).toEqual([
      { id: 1, code: "A", name: "Active!" },
      { id: 3, code: "D", name: "Draft" },
      { id: 4, code: "X", name: "Same block" },
    ]);
    expect(result.warnings).toContain(
      "dbo.Status: its INSERT … VALUES under IF / ELSE (test.sql line 5) did not run, as its IF / ELSE conditions do not hold",
    );
  });

  it("pairs ELSE with the nearest IF and evaluates an inner IF only when the outer branch is taken", async () => {
    const catalog = ingestScript(`CREATE TABLE dbo.Log (n int NOT NULL)
CREATE TABLE dbo.Flag (name varchar(10) NOT NULL)
INSERT INTO dbo.Flag VALUES ('on')
GO
IF EXISTS (SELECT 1 FROM dbo.Flag WHERE name = 'on')
    IF EXISTS (SELECT 1 FROM dbo.Flag WHERE name = 'off') INSERT INTO dbo.Log VALUES (1)
    ELSE INSERT INTO dbo.Log VALUES (2)
ELSE INSERT INTO dbo.Log VALUES (3)
IF EXISTS (SELECT 1 FROM dbo.Flag WHERE name = 'off') INSERT INTO dbo.Log VALUES (4)
ELSE IF (SELECT COUNT(*) FROM dbo.Log) = 1 INSERT INTO dbo.Log VALUES (5)
ELSE INSERT INTO dbo.Log VALUES (6)
GO`);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues).toEqual([]);
    expect((await sandbox.sql`select n from "dbo"."Log" order by n`).map((r) => r.n)).toEqual([2, 5]);
  });

  it("compares under the column's case-insensitive collation, ignoring trailing blanks, as NOT EXISTS does on SQL Server", async () => {
    const catalog = ingestScript(`CREATE TABLE dbo.Country (Code varchar(5) NOT NULL, Name varchar(20) NOT NULL)
INSERT INTO dbo.Country VALUES ('fr', 'France')
GO
IF NOT EXISTS (SELECT 1 FROM dbo.Country WHERE Code = 'FR ') INSERT INTO dbo.Country VALUES ('FR', 'France again')
IF NOT EXISTS (SELECT * FROM dbo.Country WHERE Name = 'GERMANY') INSERT INTO dbo.Country VALUES ('de', 'Germany')
IF NOT EXISTS (SELECT * FROM dbo.Country WHERE Name = 'germany  ') INSERT INTO dbo.Country VALUES ('DE', 'Germany again')
GO`);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues).toEqual([]);
    expect(await sandbox.sql`select "Code" as code from "dbo"."Country" order by "Name"`).toEqual([
      { code: "fr" },
      { code: "de" },
    ]);
  });

  it("does not run a statement whose condition reads rows the script inserts further on, a view or a flagged table, and says why", async () => {
    const catalog = ingestScript(`CREATE TABLE dbo.Src (n int)
CREATE TABLE dbo.Dst (n int)
CREATE TABLE dbo.Other (n int)
GO
CREATE VIEW dbo.V AS SELECT n FROM dbo.Src
GO
IF EXISTS (SELECT 1 FROM dbo.Src) INSERT INTO dbo.Dst VALUES (1)
INSERT INTO dbo.Src VALUES (5)
IF EXISTS (SELECT 1 FROM dbo.V) INSERT INTO dbo.Dst VALUES (2)
INSERT INTO dbo.Other EXEC dbo.fill
IF NOT EXISTS (SELECT 1 FROM dbo.Other) UPDATE dbo.Src SET n = 6
GO`);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues.map((i) => [i.table, i.line, i.message.replace(/^.*?: /, "")])).toEqual([
      [
        "dbo.Dst",
        7,
        "INSERT … VALUES under IF / ELSE (test.sql line 7): its IF condition (line 7) cannot be evaluated: it reads dbo.Src, which the script fills further on",
      ],
      [
        "dbo.Dst",
        9,
        "INSERT … VALUES under IF / ELSE (test.sql line 9): its IF condition (line 9) cannot be evaluated: it reads dbo.V, which is not a table (only tables exist while the data is loaded)",
      ],
      ["dbo.Other", 10, "INSERT … EXEC (test.sql line 10)"],
      [
        "dbo.Src",
        11,
        "UPDATE statement (test.sql line 11): its IF condition (line 11) cannot be evaluated: it reads dbo.Other, whose loaded rows are not SQL Server's (table dbo.Other is filled by a statement the loader could not run: INSERT … EXEC (test.sql line 10))",
      ],
    ]);
    expect(await sandbox.sql`select count(*)::int as n from "dbo"."Dst"`).toEqual([{ n: 0 }]);
    expect(await sandbox.sql`select n from "dbo"."Src"`).toEqual([{ n: 5 }]);
  });

  it("judges every statement of an IF's body by the tables its condition read when it was evaluated: one flagged then stops the statements into other tables", async () => {
    const catalog = ingestScript(`CREATE TABLE dbo.Fed (n int)
CREATE TABLE dbo.Follow (n int)
GO
INSERT INTO dbo.Fed EXEC dbo.fill
IF NOT EXISTS (SELECT 1 FROM dbo.Fed)
BEGIN
    INSERT INTO dbo.Fed VALUES (1)
    INSERT INTO dbo.Follow VALUES (1)
END
GO`);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues.map((i) => [i.table, i.line])).toEqual([
      ["dbo.Fed", 4],
      ["dbo.Follow", 8],
    ]);
    expect(result.issues[1]!.message).toBe(
      "table dbo.Follow is filled by a statement the loader could not run: INSERT … VALUES under IF / ELSE (test.sql line 8): its IF condition (line 5) cannot be evaluated: it reads dbo.Fed, whose loaded rows are not SQL Server's (table dbo.Fed is filled by a statement the loader could not run: INSERT … EXEC (test.sql line 4))",
    );
    expect(await sandbox.sql`select count(*)::int as n from "dbo"."Follow"`).toEqual([{ n: 0 }]);
  });

  it("does not evaluate a condition, nor run a statement, reading a table the script fills or changes on the same line, whose order within the line is not known", async () => {
    const catalog = ingestScript(`CREATE TABLE dbo.Lined (n int)
CREATE TABLE dbo.Marked (n int)
GO
IF EXISTS (SELECT 1 FROM dbo.Lined) INSERT INTO dbo.Marked VALUES (1); INSERT INTO dbo.Lined VALUES (1)
IF EXISTS (SELECT 1 FROM dbo.Marked) INSERT INTO dbo.Lined VALUES (2); INSERT INTO dbo.Marked SELECT n + 1 FROM dbo.Lined
GO`);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues.map((i) => i.message)).toEqual([
      "table dbo.Marked is filled by a statement the loader could not run: INSERT … VALUES under IF / ELSE (test.sql line 4): its IF condition (line 4) cannot be evaluated: it reads dbo.Lined, which the script fills further on (on its line: the order within a line is not known)",
      "table dbo.Lined is filled by a statement the loader could not run: INSERT … VALUES under IF / ELSE (test.sql line 5): its IF condition (line 5) cannot be evaluated: it reads dbo.Marked, which a statement on its line changes (the order within a line is not known)",
      "table dbo.Marked is filled by a statement the loader could not run: INSERT … SELECT reads other tables (test.sql line 5): it reads dbo.Lined, which a statement on its line changes (the order within a line is not known)",
    ]);
  });

  it("does not insert rows under IF into an identity table the script inserts numbered rows into further on", async () => {
    const catalog = ingestScript(`CREATE TABLE dbo.Tag (TagID int IDENTITY(1,1) PRIMARY KEY, Name varchar(10) NOT NULL)
CREATE TABLE dbo.Seen (Name varchar(10) NOT NULL)
GO
IF NOT EXISTS (SELECT 1 FROM dbo.Seen) INSERT INTO dbo.Tag (Name) VALUES ('first')
INSERT INTO dbo.Tag (Name) VALUES ('second')
GO`);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues.map((i) => i.message)).toEqual([
      "table dbo.Tag is filled by a statement the loader could not run: INSERT … VALUES under IF / ELSE (test.sql line 4): Tag has an identity, and the rows the script inserts into it further on were numbered as if this statement did not run",
    ]);
    expect(await sandbox.sql`select "TagID" as id, "Name" as name from "dbo"."Tag"`).toEqual([
      { id: 1, name: "second" },
    ]);
  });

  // docs: set-identity-insert-transact-sql.md — "If the value inserted is larger than the current identity value for
  // the table, SQL Server automatically uses the new inserted value as the current identity value."
  it("inserts rows under IF that write their own identity values when the rows further on write theirs too, and not when the ingest numbered those", async () => {
    const catalog =
      ingestScript(`CREATE TABLE dbo.Kind (KindID int IDENTITY(1,1) PRIMARY KEY, Name varchar(10) NOT NULL)
CREATE TABLE dbo.Mode (ModeID int IDENTITY(1,1) PRIMARY KEY, Name varchar(10) NOT NULL)
CREATE TABLE dbo.Installed (Name varchar(10) NOT NULL)
GO
SET IDENTITY_INSERT dbo.Kind ON
IF NOT EXISTS (SELECT 1 FROM dbo.Installed) INSERT INTO dbo.Kind (KindID, Name) VALUES (5, 'five')
INSERT INTO dbo.Kind (KindID, Name) VALUES (2, 'two')
SET IDENTITY_INSERT dbo.Kind OFF
SET IDENTITY_INSERT dbo.Mode ON
IF NOT EXISTS (SELECT 1 FROM dbo.Installed) INSERT INTO dbo.Mode (ModeID, Name) VALUES (5, 'five')
SET IDENTITY_INSERT dbo.Mode OFF
INSERT INTO dbo.Mode (Name) VALUES ('next')
GO`);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues.map((i) => i.message)).toEqual([
      "table dbo.Mode is filled by a statement the loader could not run: INSERT … VALUES under IF / ELSE (test.sql line 10): it writes Mode's identity values, which move SQL Server's identity past them, and the rows the script inserts into it further on were numbered as if this statement did not run",
    ]);
    expect(await sandbox.sql`select "KindID" as id, "Name" as name from "dbo"."Kind" order by 1`).toEqual([
      { id: 2, name: "two" },
      { id: 5, name: "five" },
    ]);
  });

  it("runs the data statements of dynamic SQL under the IF that guards its EXEC, and not those of an EXEC in a loop", async () => {
    const catalog = ingestScript(`CREATE TABLE dbo.Dyn (n int)
CREATE TABLE dbo.Gate (n int)
GO
IF NOT EXISTS (SELECT 1 FROM dbo.Gate) EXEC ('INSERT INTO dbo.Dyn VALUES (1)')
IF EXISTS (SELECT 1 FROM dbo.Gate) EXEC sp_executesql N'INSERT INTO dbo.Dyn VALUES (2)'
WHILE (SELECT COUNT(*) FROM dbo.Dyn) < 5 EXEC ('INSERT INTO dbo.Dyn VALUES (3)')
GO`);
    expect(catalog.diagnostics.filter((d) => d.severity !== "info").map((d) => [d.line, d.message])).toEqual([
      [6, "INSERT inside a WHILE loop (dbo.Dyn): it is not applied"],
    ]);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues.map((i) => [i.line, i.message])).toEqual([
      [
        6,
        "table dbo.Dyn is filled by a statement the loader could not run: INSERT inside a WHILE loop (test.sql line 6)",
      ],
    ]);
    expect(await sandbox.sql`select n from "dbo"."Dyn"`).toEqual([{ n: 1 }]);
  });

  it("flags the tables a procedure or a trigger writes only when the IF around the EXEC or the firing statement holds", async () => {
    const catalog = ingestScript(`CREATE TABLE dbo.Fill (n int)
CREATE TABLE dbo.Log2 (n int)
CREATE TABLE dbo.Src2 (n int)
CREATE TABLE dbo.Closed (n int)
GO
CREATE PROCEDURE dbo.filler AS INSERT INTO dbo.Fill VALUES (1)
GO
CREATE TRIGGER dbo.trSrc ON dbo.Src2 AFTER INSERT AS INSERT INTO dbo.Log2 SELECT n FROM inserted
GO
IF EXISTS (SELECT 1 FROM dbo.Closed) EXEC dbo.filler
IF EXISTS (SELECT 1 FROM dbo.Closed) INSERT INTO dbo.Src2 VALUES (1)
GO
IF NOT EXISTS (SELECT 1 FROM dbo.Closed) EXEC dbo.filler
INSERT INTO dbo.Src2 VALUES (2)
GO`);
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.issues.map((i) => [i.table, i.line])).toEqual([
      ["dbo.Fill", 13],
      ["dbo.Log2", 14],
    ]);
    expect(await sandbox.sql`select n from "dbo"."Src2"`).toEqual([{ n: 2 }]);
  });
});
