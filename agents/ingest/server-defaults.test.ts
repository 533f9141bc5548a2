import { describe, expect, it } from "vitest";
import { ingestScript, table } from "./test-helpers";

/**
 * Rows that leave a column to a DEFAULT only the server can compute, and INSERTs whose rows the script does not
 * spell out. SQL Server semantics, from the Microsoft T-SQL reference (MicrosoftDocs/sql-docs):
 * - docs/t-sql/statements/create-table-transact-sql.md (DEFAULT): the value provided for the column when a
 *   value isn't explicitly supplied during an insert; constants, NULL or system functions such as getdate().
 * - docs/t-sql/statements/insert-transact-sql.md: DEFAULT "forces the Database Engine to load the default value
 *   defined for a column"; a column missing from column_list gets its default; INSERT … SELECT (derived_table)
 *   loads "any valid SELECT statement that returns rows".
 */
describe("INSERT rows that rely on a server-side DEFAULT", () => {
  it("marks the omitted getdate() column for the sandbox to fill, with the INSERT's line, instead of storing NULL", () => {
    const catalog =
      ingestScript(`CREATE TABLE dbo.T (id int PRIMARY KEY, d datetime NOT NULL DEFAULT (getdate()), n int NOT NULL)
GO
INSERT INTO dbo.T (id, n) VALUES (1, 10)
GO
INSERT INTO dbo.T VALUES (2, DEFAULT, 20), (3, '2001-02-03', 30)
GO`);
    expect(catalog.diagnostics).toEqual([]);
    expect(table(catalog, "T").data).toEqual({
      columns: ["id", "d", "n"],
      rows: [
        ["1", null, "10"],
        ["2", null, "20"],
        ["3", "2001-02-03 00:00:00", "30"],
      ],
      source: { file: "test.sql", lines: [3, 5, 5] },
      defaults: [[1], [1], []],
    });
  });

  it("still evaluates literal defaults itself, so only server-computed ones are left to the sandbox", () => {
    const catalog =
      ingestScript(`CREATE TABLE t (id int IDENTITY(10, 5), qty smallint NOT NULL DEFAULT ((1)), g uniqueidentifier DEFAULT NEWID())
INSERT INTO t (g) VALUES ('6F9619FF-8B86-D011-B42D-00C04FC964FF')
INSERT INTO t DEFAULT VALUES`);
    expect(catalog.diagnostics).toEqual([]);
    const data = table(catalog, "t").data!;
    expect(data.rows).toEqual([
      ["10", "1", "6f9619ff-8b86-d011-b42d-00c04fc964ff"],
      ["15", "1", null],
    ]);
    expect(data.defaults).toEqual([[], [2]]);
  });

  it("keeps the marks on the right columns when a column before them is dropped later", () => {
    const catalog = ingestScript(`CREATE TABLE t (a int, b datetime2 DEFAULT SYSDATETIME(), c int)
INSERT INTO t (a, c) VALUES (1, 2)
ALTER TABLE t DROP COLUMN a`);
    const data = table(catalog, "t").data!;
    expect(data.columns).toEqual(["b", "c"]);
    expect(data.rows).toEqual([[null, "2"]]);
    expect(data.defaults).toEqual([[0]]);
  });
});

describe("INSERTs whose rows the script does not spell out", () => {
  it("records INSERT … SELECT from other tables on the target table, so what reads it can be flagged", () => {
    const catalog = ingestScript(`CREATE TABLE dbo.Src (n int)
CREATE TABLE dbo.Totals (n int)
INSERT INTO dbo.Src VALUES (1), (2)
GO
INSERT INTO dbo.Totals (n) SELECT SUM(n) FROM dbo.Src
GO`);
    expect(catalog.diagnostics).toEqual([
      {
        severity: "warning",
        file: "test.sql",
        line: 5,
        message: "INSERT … SELECT reads other tables (dbo.Totals): no rows were taken from this statement",
      },
    ]);
    // With the query's text, so the sandbox can run it once dbo.Src is loaded (agents/sandbox/load.ts).
    expect(table(catalog, "Totals").data).toEqual({
      columns: ["n"],
      rows: [],
      unloaded: [
        {
          line: 5,
          reason: "INSERT … SELECT reads other tables",
          columns: ["n"],
          select: "SELECT SUM(n) FROM dbo.Src",
          selectLine: 5,
        },
      ],
    });
    expect(table(catalog, "Src").data?.unloaded).toBeUndefined();
  });

  it("takes no rows from an INSERT whose values come from variables (a WHILE loop), and records it on the table", () => {
    // docs/t-sql/language-elements/while-transact-sql.md: the body runs while the condition holds, so how many rows
    // the INSERT adds, and with what values, is only known by running it.
    const catalog = ingestScript(`CREATE TABLE dbo.N (i int NOT NULL, sq int)
GO
DECLARE @i int = 1
WHILE @i <= 5
BEGIN
  INSERT INTO dbo.N (i, sq) VALUES (@i, @i * @i)
  SET @i = @i + 1
END
GO
DECLARE @k int
SET @k = 7
INSERT INTO dbo.N (i, sq) VALUES (@k, 49)
GO`);
    expect(catalog.diagnostics).toEqual([
      {
        severity: "warning",
        file: "test.sql",
        line: 6,
        message: "INSERT inside a WHILE loop (dbo.N): no rows were taken from this statement",
      },
      {
        severity: "warning",
        file: "test.sql",
        line: 12,
        message:
          "INSERT INTO dbo.N (line 12): its values are computed from variables (@k); no rows were taken from this statement",
      },
    ]);
    expect(table(catalog, "N").data).toEqual({
      columns: ["i", "sq"],
      rows: [],
      unloaded: [
        { line: 6, reason: "INSERT inside a WHILE loop" },
        { line: 12, reason: "INSERT … VALUES computed from variables (a loop or procedural code)" },
      ],
    });
  });

  it("records UPDATE, DELETE and TRUNCATE TABLE on the table they change, since the loaded rows are not SQL Server's", () => {
    const catalog = ingestScript(`CREATE TABLE dbo.P (id int, price money)
INSERT INTO dbo.P VALUES (1, 10), (2, 20)
GO
UPDATE TOP (1) dbo.P SET price = price * 2
DELETE FROM P WHERE id = 2
TRUNCATE TABLE [dbo].[P]
UPDATE x SET price = 0 FROM dbo.P AS x
GO`);
    // UPDATE TOP is not run (which row is undefined); the others are kept for the sandbox to run by key.
    expect(table(catalog, "P").data?.unloaded).toEqual([
      { line: 4, reason: "UPDATE statement" },
      { line: 5, reason: "DELETE statement", change: { target: "P", set: [], from: "FROM P WHERE id = 2" } },
      { line: 6, reason: "TRUNCATE statement", change: { target: "[dbo].[P]", set: [], from: "FROM [dbo].[P]" } },
      {
        line: 7,
        reason: "UPDATE statement",
        change: { target: "x", set: [{ column: "price", value: "0" }], from: "FROM dbo.P AS x" },
      },
    ]);
    expect(catalog.diagnostics.map((d) => [d.line, d.severity])).toEqual([
      [4, "warning"],
      [5, "info"],
      [6, "info"],
      [7, "info"],
    ]);
  });
});
