import { describe, expect, it } from "vitest";
import { ingestScript, rows, table } from "./test-helpers";

describe("INSERT data", () => {
  it("stores literals as canonical text: N'' strings, numbers, money, binary, NULL, bit", () => {
    const catalog = ingestScript(`
CREATE TABLE t (s nvarchar(20), n decimal(10,2), i int, m money, b varbinary(10), f float, bit1 bit, bit2 bit, q nvarchar(20))
INSERT INTO t VALUES (N'it''s', 12.345, -7, $12.50, 0x0aFF, 1.5e3, 1, 'false', NULL)
INSERT t (i, s) VALUES (+3, 'a'), (-0, 'b')`);
    expect(catalog.diagnostics).toEqual([]);
    expect(rows(catalog, "t")).toEqual([
      { s: "it's", n: "12.35", i: "-7", m: "12.5", b: "\\x0aff", f: "1500", bit1: "1", bit2: "0", q: null },
      { s: "a", n: null, i: "3", m: null, b: null, f: null, bit1: null, bit2: null, q: null },
      { s: "b", n: null, i: "0", m: null, b: null, f: null, bit1: null, bit2: null, q: null },
    ]);
  });

  it("reads date strings with the DATEFORMAT in force at each INSERT", () => {
    const catalog = ingestScript(`
CREATE TABLE d (id int, at datetime, day date)
GO
SET DATEFORMAT dmy
GO
INSERT d VALUES (1, '04/07/1996', '04/07/1996')
GO
SET DATEFORMAT mdy
INSERT d VALUES (2, '04/07/1996', '04/07/1996')
SET LANGUAGE british
INSERT d VALUES (3, '13/01/1997 10:30', '19970113')`);
    expect(catalog.diagnostics).toEqual([]);
    expect(rows(catalog, "d")).toEqual([
      { id: "1", at: "1996-07-04 00:00:00", day: "1996-07-04" },
      { id: "2", at: "1996-04-07 00:00:00", day: "1996-04-07" },
      { id: "3", at: "1997-01-13 10:30:00", day: "1997-01-13" },
    ]);
  });

  it("evaluates CAST/CONVERT of literals, string concatenation and CHAR(n)", () => {
    const catalog = ingestScript(`
CREATE TABLE t (a datetime, b int, c nvarchar(40), d money)
INSERT t VALUES (CONVERT(datetime, '04/07/1996', 103), CAST('12' AS int), N'line1' + CHAR(13) + CHAR(10) + N'line2', CONVERT(money, '$1,234.5'))`);
    expect(catalog.diagnostics).toEqual([]);
    expect(rows(catalog, "t")).toEqual([{ a: "1996-07-04 00:00:00", b: "12", c: "line1\r\nline2", d: "1234.5" }]);
  });

  it('reads the SELECT … UNION ALL SELECT multi-row idiom and "strings" under QUOTED_IDENTIFIER OFF', () => {
    const catalog = ingestScript(`
CREATE TABLE t (id int, name varchar(10))
INSERT INTO t (id, name) SELECT 1, 'one' UNION ALL SELECT 2 AS id, "two" name`);
    expect(rows(catalog, "t")).toEqual([
      { id: "1", name: "one" },
      { id: "2", name: "two" },
    ]);
  });

  it("fills omitted columns with identity values and literal defaults", () => {
    const catalog = ingestScript(`
CREATE TABLE t (id int IDENTITY(10, 10) NOT NULL, name varchar(10) NOT NULL, qty int NOT NULL DEFAULT ((1)), note varchar(5) NULL)
INSERT t (name) VALUES ('a')
SET IDENTITY_INSERT t ON
INSERT t (id, name, qty) VALUES (100, 'b', DEFAULT)
SET IDENTITY_INSERT t OFF
INSERT t VALUES ('c', 5, 'x')`);
    expect(rows(catalog, "t")).toEqual([
      { id: "10", name: "a", qty: "1", note: null },
      { id: "100", name: "b", qty: "1", note: null },
      { id: "110", name: "c", qty: "5", note: "x" },
    ]);
  });

  it("repeats the rows of a batch run with GO n", () => {
    const catalog = ingestScript("CREATE TABLE t (a int)\nGO\nINSERT t VALUES (1)\nGO 3");
    expect(table(catalog, "t").data!.rows).toEqual([["1"], ["1"], ["1"]]);
  });

  it("rejects a whole INSERT that SQL Server would reject, and says why", () => {
    const catalog = ingestScript(`
CREATE TABLE t (a int NOT NULL, b date, c varchar(3))
INSERT t VALUES (1, '2/30/1996', 'ok'), (2, '1/1/1996', 'ok')
INSERT t VALUES (3, '1/1/1996', 'too long')
INSERT t VALUES (4, '1/1/1996', 'ok')
INSERT t VALUES (NULL, '1/1/1996', 'ok')
INSERT t (b) VALUES ('1/1/1996')`);
    expect(rows(catalog, "t")).toEqual([{ a: "4", b: "1996-01-01", c: "ok" }]);
    expect(catalog.diagnostics.map((d) => [d.severity, d.line, d.message])).toEqual([
      [
        "warning",
        3,
        expect.stringMatching(
          /INSERT INTO dbo\.t \(line 3\) was not loaded.*column b.*not a valid date: day 30 of month 2/,
        ),
      ],
      ["warning", 4, expect.stringMatching(/column c: text of 8 characters does not fit varchar\(3\)/)],
      ["warning", 6, expect.stringMatching(/column a: NULL into a NOT NULL column/)],
      ["warning", 7, expect.stringMatching(/a is NOT NULL and has no value or default/)],
    ]);
  });

  it("keeps an INSERT whose values are expressions (a function, arithmetic, a subquery) for the sandbox to compute, each value cast to its column's type, instead of storing NULL (docs: insert-transact-sql.md, VALUES)", () => {
    const catalog = ingestScript(
      "CREATE TABLE t (id int IDENTITY(10,5), a int, b datetime)\nINSERT t VALUES (1, GETDATE()), (2 * 3, (SELECT MAX(b) FROM t))\nINSERT t (a) VALUES (7)",
    );
    expect(rows(catalog, "t")).toEqual([{ id: "20", a: "7", b: null }]);
    expect(table(catalog, "t").data?.unloaded).toEqual([
      {
        line: 2,
        reason: "INSERT … VALUES computed by expressions",
        numbered: true,
        columns: ["id", "a", "b"],
        select:
          "SELECT CAST(10 AS int), CAST(N'1' AS int), CAST(GETDATE() AS datetime)\nUNION ALL\nSELECT CAST(15 AS int), CAST(2 * 3 AS int), CAST((SELECT MAX(b) FROM t) AS datetime)",
        selectLine: 2,
      },
    ]);
    expect(catalog.diagnostics.map((d) => [d.severity, d.line])).toEqual([["info", 2]]);
  });

  it("warns once per unknown table about its INSERTs, and about INSERT … SELECT FROM", () => {
    const catalog = ingestScript(`
CREATE TABLE t (a int)
INSERT INTO Missing VALUES (1), (2)
INSERT t SELECT a FROM t
INSERT #scratch VALUES (1)
INSERT INTO Missing VALUES (3)
INSERT INTO Other VALUES (4)`);
    expect(catalog.diagnostics.map((d) => [d.severity, d.line, d.message])).toEqual([
      [
        "warning",
        3,
        "INSERT INTO dbo.Missing: no such table was created; 3 rows in 2 INSERT statements from this one on skipped",
      ],
      ["warning", 4, "INSERT … SELECT reads other tables (dbo.t): no rows were taken from this statement"],
      ["warning", 7, "INSERT INTO dbo.Other: no such table was created; 1 row skipped"],
    ]);
    // The table is not empty on SQL Server: the statement is kept on it so what reads it is flagged.
    expect(table(catalog, "t").data).toEqual({
      columns: ["a"],
      rows: [],
      unloaded: [{ line: 4, reason: "INSERT … SELECT reads other tables", select: "SELECT a FROM t", selectLine: 4 }],
    });
  });

  it("reports unknown columns and value counts that do not match", () => {
    const catalog = ingestScript("CREATE TABLE t (a int)\nINSERT t (nope) VALUES (1)\nINSERT t VALUES (1, 2)");
    expect(catalog.diagnostics.map((d) => [d.severity, d.message])).toEqual([
      ["error", "INSERT INTO dbo.t (line 2) was not loaded: t has no column nope"],
      ["error", "INSERT INTO dbo.t (line 3) was not loaded: 2 values for 1 columns"],
    ]);
  });

  it("reads the binary dates of SSMS 2008 scripts and the ISO strings of later ones", () => {
    const catalog = ingestScript(`CREATE TABLE t (a datetime, b date, c smalldatetime, d datetime)
INSERT [dbo].[t] ([a], [b], [c], [d]) VALUES (CAST(0x00008A1A00C5C100 AS DateTime), CAST(0x8A1A0B AS Date), CAST(0x8A1A02D0 AS SmallDateTime), CAST(N'1996-07-04T13:14:15.123' AS DateTime))`);
    expect(catalog.diagnostics).toEqual([]);
    expect(rows(catalog, "t")).toEqual([
      { a: "1996-10-18 12:00:00", b: "1993-05-08", c: "1996-10-18 12:00:00", d: "1996-07-04 13:14:15.123" },
    ]);
  });

  it("takes no rows from an INSERT in a WHILE loop's body, which runs once per turn (docs: while-transact-sql.md), and loads those of BEGIN TRANSACTION", () => {
    const catalog = ingestScript(`
CREATE TABLE t (id int IDENTITY(1,1), name varchar(10))
GO
DECLARE @i int = 0
WHILE @i < 3
BEGIN
    IF @i > 0
        INSERT INTO t (name) VALUES ('looped')
    SET @i = @i + 1
END
INSERT INTO t (name) VALUES ('after')
GO
WHILE (SELECT COUNT(*) FROM t) < 5 INSERT INTO t (name) VALUES ('one')
GO
BEGIN TRANSACTION
INSERT INTO t (name) VALUES ('tran')
COMMIT`);
    expect(catalog.diagnostics.map((d) => [d.line, d.message])).toEqual([
      [8, "INSERT inside a WHILE loop (dbo.t): no rows were taken from this statement"],
      [13, "INSERT inside a WHILE loop (dbo.t): no rows were taken from this statement"],
    ]);
    expect(rows(catalog, "t").map((r) => r.name)).toEqual(["after", "tran"]);
    expect(table(catalog, "t").data?.unloaded).toEqual([
      { line: 8, reason: "INSERT inside a WHILE loop" },
      { line: 13, reason: "INSERT inside a WHILE loop" },
    ]);
  });

  it("keeps an INSERT under IF or ELSE on its table for the sandbox, with the conditions that decide it (docs: if-else-transact-sql.md), and takes no rows from one whose condition it cannot evaluate", () => {
    const catalog = ingestScript(`
CREATE TABLE t (id int IDENTITY(1,1), name varchar(10))
GO
IF NOT EXISTS (SELECT 1 FROM t WHERE name = 'if') INSERT INTO t (name) VALUES ('if')
ELSE INSERT INTO t (name) VALUES ('else')
INSERT INTO t (name) VALUES ('after')
GO
IF 'a' = 'A'
BEGIN
    INSERT INTO t (name) VALUES ('block')
END
IF OBJECT_ID('dbo.t') IS NOT NULL INSERT INTO t (name) VALUES ('object')
DECLARE @n int = 0
IF (SELECT COUNT(*) FROM t) > @n INSERT INTO t (name) VALUES ('variable')
INSERT INTO t (name) VALUES ('last')
GO
BEGIN TRY
    INSERT INTO t (name) VALUES ('try')
END TRY
BEGIN CATCH
    INSERT INTO t (name) VALUES ('catch')
END CATCH`);
    const guard = (holds: boolean) => [
      { id: expect.any(String), condition: "NOT EXISTS (SELECT 1 FROM t WHERE name = 'if')", line: 4, holds },
    ];
    const computed = (line: number, name: string, holds: boolean) => ({
      line,
      reason: "INSERT … VALUES under IF / ELSE",
      columns: ["name"],
      select: `SELECT CAST(N'${name}' AS varchar(10))`,
      selectLine: line,
      guard: guard(holds),
    });
    const notEvaluated = (line: number, why: string) =>
      `INSERT under IF / ELSE (the condition at line ${line} is not evaluated: ${why})`;
    const shape =
      "it is not [NOT] EXISTS (<query>) or a comparison of a scalar subquery with a literal, which are all the loader evaluates";
    expect(catalog.diagnostics.filter((d) => d.severity !== "info").map((d) => [d.line, d.message])).toEqual([
      [10, `${notEvaluated(8, shape)} (dbo.t): no rows were taken from this statement`],
      [12, `${notEvaluated(12, shape)} (dbo.t): no rows were taken from this statement`],
      [
        14,
        `${notEvaluated(14, "it reads @n, a variable or server value the loader does not hold")} (dbo.t): no rows were taken from this statement`,
      ],
      [
        21,
        "INSERT in a CATCH block (it runs only when its TRY block fails) (dbo.t): no rows were taken from this statement",
      ],
    ]);
    expect(rows(catalog, "t").map((r) => r.name)).toEqual(["after", "last", "try"]);
    const [ifBranch, elseBranch] = table(catalog, "t").data?.unloaded ?? [];
    expect(ifBranch?.guard?.[0]?.id).toBe(elseBranch?.guard?.[0]?.id); // one IF, evaluated once
    expect(table(catalog, "t").data?.unloaded).toEqual([
      computed(4, "if", true),
      computed(5, "else", false),
      { line: 10, reason: notEvaluated(8, shape) },
      { line: 12, reason: notEvaluated(12, shape) },
      { line: 14, reason: notEvaluated(14, "it reads @n, a variable or server value the loader does not hold") },
      {
        line: 21,
        reason: "INSERT in a CATCH block (it runs only when its TRY block fails)",
      },
    ]);
  });

  it("keeps BULK INSERT on its table, whose rows are in a data file and not in the script (docs: bulk-insert-transact-sql.md)", () => {
    const catalog = ingestScript(`
CREATE TABLE dbo.t (a int)
GO
BULK INSERT dbo.t FROM 'C:\\data\\t.csv' WITH (FIELDTERMINATOR = ',', FIRSTROW = 2)
GO`);
    expect(catalog.diagnostics.map((d) => [d.severity, d.line, d.message])).toEqual([
      ["warning", 4, "BULK INSERT dbo.t from 'C:\\data\\t.csv': the data file's rows are not in the script"],
    ]);
    expect(table(catalog, "t").data?.unloaded).toEqual([{ line: 4, reason: "BULK INSERT from a data file" }]);
  });

  it("takes a variable's value from its DECLARE in the same batch only: after GO the variable is undeclared and SQL Server rejects the INSERT (docs: declare-local-variable-transact-sql.md, scope)", () => {
    const catalog = ingestScript(`CREATE TABLE t (a int)
GO
DECLARE @x int = 1
INSERT t VALUES (@x)
GO
INSERT t VALUES (@x)
GO`);
    expect(table(catalog, "t").data?.unloaded).toEqual([
      {
        line: 4,
        reason: "INSERT … VALUES computed by expressions",
        columns: ["a"],
        select: "SELECT CAST(CAST(1 AS int) AS int)",
        selectLine: 4,
      },
    ]);
    expect(catalog.diagnostics.map((d) => [d.severity, d.line, d.message])).toEqual([
      ["info", 4, "INSERT INTO dbo.t (line 4): its values are computed (@x); the sandbox computes its rows"],
      [
        "warning",
        6,
        "INSERT INTO dbo.t: SQL Server rejects it, as @x is not declared in its batch (a variable lasts until GO); no rows were taken from this statement",
      ],
    ]);
  });

  it("after an UPDATE or DELETE still takes a DECLARE'd value whose initializer reads another table, and not one reading the changed table, an alias of it, a name that is no table of the script, or a table with a trigger (docs: declare-local-variable-transact-sql.md, update-transact-sql.md, create-trigger-transact-sql.md)", () => {
    const catalog = ingestScript(`CREATE TABLE dbo.A (id int PRIMARY KEY, code varchar(5))
CREATE TABLE dbo.B (id int PRIMARY KEY, n int)
CREATE TABLE dbo.C (v int)
GO
DECLARE @a int = (SELECT id FROM dbo.A WHERE code = 'x')
UPDATE dbo.B SET n = 1
DELETE FROM dbo.B WHERE n = 2
INSERT dbo.C VALUES (@a)
GO
DECLARE @a int = (SELECT id FROM dbo.A WHERE code = 'x')
UPDATE x SET code = 'y' FROM dbo.A AS x
INSERT dbo.C VALUES (@a)
GO
DECLARE @a int = (SELECT id FROM dbo.A WHERE code = 'x')
DELETE TOP (1) x FROM dbo.B x
INSERT dbo.C VALUES (@a)
GO
DECLARE @a int = (SELECT id FROM dbo.A WHERE code = 'x')
UPDATE dbo.NotATable SET n = 1
INSERT dbo.C VALUES (@a)
GO
CREATE TRIGGER dbo.tr ON dbo.B AFTER UPDATE AS UPDATE dbo.A SET code = 'z'
GO
DECLARE @a int = (SELECT id FROM dbo.A WHERE code = 'x')
UPDATE dbo.B SET n = 3
INSERT dbo.C VALUES (@a)
GO`);
    expect(table(catalog, "C").data?.unloaded?.map((u) => [u.line, u.reason, u.select])).toEqual([
      [
        8,
        "INSERT … VALUES computed by expressions",
        "SELECT CAST(CAST((SELECT id FROM dbo.A WHERE code = 'x') AS int) AS int)",
      ],
      ...[12, 16, 20, 26].map((line) => [
        line,
        "INSERT … VALUES computed from variables (a loop or procedural code)",
        undefined,
      ]),
    ]);
  });
});

describe("a procedure the script EXECs", () => {
  // docs: execute-transact-sql.md — EXEC runs the procedure, whose INSERT/UPDATE/DELETE/MERGE change its tables
  // as if they were in the script; the loader does not run procedures, so those tables say so.
  it("marks every table it writes, itself or through the procedures it EXECs, as changed by a statement not run", () => {
    const catalog = ingestScript(`CREATE TABLE Sales.Orders (ID int PRIMARY KEY, Total money)
CREATE TABLE Sales.Lines (ID int PRIMARY KEY, Qty int)
CREATE TABLE dbo.Audit (ID int PRIMARY KEY)
CREATE TABLE dbo.Untouched (ID int PRIMARY KEY)
GO
CREATE PROCEDURE Sales.Generate @Days int AS
BEGIN
  DECLARE @t TABLE (ID int)
  INSERT INTO Orders (ID, Total) SELECT ID, 0 FROM @t
  EXEC dbo.Log
  SELECT * FROM dbo.Untouched
END
GO
CREATE PROCEDURE dbo.Log AS
  UPDATE l SET l.Qty = 0 FROM Sales.Lines AS l;
  MERGE INTO Audit AS a USING (SELECT 1 AS ID) AS s ON a.ID = s.ID WHEN NOT MATCHED THEN INSERT (ID) VALUES (s.ID);
GO
CREATE PROCEDURE dbo.NeverCalled AS DELETE FROM dbo.Untouched
GO
INSERT INTO dbo.Untouched VALUES (1)

EXEC Sales.Generate @Days = 3
GO`);
    const unloaded = (name: string) => table(catalog, name).data?.unloaded?.map((u) => [u.line, u.reason]);
    expect(unloaded("Orders")).toEqual([[22, "EXEC Sales.Generate, a procedure that writes it"]]);
    expect(unloaded("Lines")).toEqual([[22, "EXEC Sales.Generate, a procedure that writes it"]]);
    expect(unloaded("Audit")).toEqual([[22, "EXEC Sales.Generate, a procedure that writes it"]]);
    expect(unloaded("Untouched")).toBeUndefined();
    expect(catalog.diagnostics).toContainEqual(
      expect.objectContaining({
        line: 22,
        message:
          "EXEC Sales.Generate: the procedure writes Sales.Orders, Sales.Lines, dbo.Audit, and procedures are not run while the data is loaded",
      }),
    );
  });
});

describe("a system-versioned table's history table (docs: temporal-tables.md, create-table-transact-sql.md SYSTEM_VERSIONING)", () => {
  it("is changed by every UPDATE, DELETE or EXEC that changes its table, and not by the table's INSERTs", () => {
    const catalog =
      ingestScript(`CREATE TABLE dbo.Colors (ID int PRIMARY KEY, Name nvarchar(20), ValidFrom datetime2(7) GENERATED ALWAYS AS ROW START, ValidTo datetime2(7) GENERATED ALWAYS AS ROW END, PERIOD FOR SYSTEM_TIME (ValidFrom, ValidTo))
WITH (SYSTEM_VERSIONING = ON (HISTORY_TABLE = [dbo].[Colors_Archive], DATA_CONSISTENCY_CHECK = ON))
CREATE TABLE dbo.Colors_Archive (ID int NOT NULL, Name nvarchar(20), ValidFrom datetime2(7) NOT NULL, ValidTo datetime2(7) NOT NULL)
CREATE TABLE dbo.Plain (ID int PRIMARY KEY) WITH (DATA_COMPRESSION = PAGE)
GO
INSERT INTO dbo.Colors (ID, Name) VALUES (1, N'Azure')
INSERT INTO dbo.Plain VALUES (1)
GO
UPDATE dbo.Colors SET Name = N'Blue' WHERE ID = 1
GO`);
    const unloaded = (name: string) => table(catalog, name).data?.unloaded?.map((u) => [u.line, u.reason]);
    expect(unloaded("Colors_Archive")).toEqual([
      [9, "UPDATE statement on dbo.Colors, whose history SQL Server keeps here"],
    ]);
    expect(unloaded("Plain")).toBeUndefined();
  });
});
