import { describe, expect, it } from "vitest";
import { ingest } from "~/agents/ingest";
import { createTestDatabase } from "~/db/testing";
import { shopDdl } from "./testing/harness";
import { renderJinja } from "./testing/northwind";
import { translatedScriptForThisFile } from "./testing/script";
import { translateAll } from "./translate";

/**
 * Query constructs Northwind does not use, translated from a script and run on real PostgreSQL: recursive CTEs,
 * OFFSET/FETCH and TOP with expressions, inline table functions applied per row, multi-statement table
 * functions and synonyms. Each expected value is what SQL Server returns for the same script.
 */

const SCRIPT = `
CREATE TABLE dbo.Emp (EmpID int PRIMARY KEY, Name nvarchar(50) NOT NULL, MgrID int NULL, Salary decimal(10,2), Dept varchar(10))
GO
INSERT INTO dbo.Emp VALUES (1, N'Ann', NULL, 100.50, 'A'), (2, N'Bob', 1, 80.25, 'A'), (3, N'Cid', 1, 90.00, 'B'), (4, N'Dee', 2, 70.00, 'B'), (5, N'Eve', 2, 70.00, NULL)
GO
CREATE VIEW dbo.v_chain AS
WITH chain (EmpID, Name, Lvl) AS (
  SELECT EmpID, Name, 0 FROM dbo.Emp WHERE MgrID IS NULL
  UNION ALL
  SELECT e.EmpID, e.Name, c.Lvl + 1 FROM dbo.Emp e JOIN chain c ON e.MgrID = c.EmpID
)
SELECT EmpID, Name, Lvl FROM chain
GO
CREATE VIEW dbo.v_chain_path AS
WITH Chain AS (
  SELECT EmpID, Name, 0 AS Lvl, CAST(Name AS nvarchar(max)) AS Path FROM dbo.Emp WHERE MgrID IS NULL
  UNION ALL
  SELECT e.EmpID, e.Name, c.Lvl + 1, CAST(c.Path + N'>' + e.Name AS nvarchar(max)) FROM dbo.Emp e JOIN Chain c ON e.MgrID = c.EmpID
)
SELECT EmpID, Lvl, Path FROM Chain
GO
CREATE FUNCTION dbo.fn_dept (@d varchar(10), @min decimal(10,2) = 0) RETURNS TABLE AS RETURN (SELECT EmpID, Name FROM dbo.Emp WHERE Dept = @d AND Salary >= @min)
GO
CREATE VIEW dbo.v_apply AS SELECT e.EmpID, d.Name AS Peer FROM dbo.Emp e CROSS APPLY dbo.fn_dept(e.Dept, DEFAULT) d WHERE d.EmpID <> e.EmpID
GO
CREATE VIEW dbo.v_outer_apply AS SELECT e.EmpID, d.Name AS Richer FROM dbo.Emp e OUTER APPLY dbo.fn_dept(e.Dept, e.Salary + 1) AS d
GO
CREATE FUNCTION dbo.fn_reports (@m int) RETURNS @r TABLE (EmpID int, Name nvarchar(50)) AS
BEGIN
  INSERT INTO @r SELECT EmpID, Name FROM dbo.Emp WHERE MgrID = @m
  DELETE FROM @r WHERE EmpID = 5
  RETURN
END
GO
CREATE PROCEDURE dbo.p_page @page int = 2, @size int = 2 WITH RECOMPILE AS
SET NOCOUNT ON;
SELECT EmpID, Name FROM dbo.Emp ORDER BY EmpID OFFSET (@page - 1) * @size ROWS FETCH NEXT @size ROWS ONLY
GO
CREATE PROCEDURE dbo.p_top @n int = 1 AS
SELECT TOP (@n + 1) WITH TIES EmpID, Salary FROM dbo.Emp ORDER BY Salary
GO
CREATE SYNONYM dbo.Staff FOR dbo.Emp
GO
CREATE SYNONYM dbo.Team FOR Staff
GO
CREATE VIEW dbo.v_syn AS SELECT COUNT(*) AS n FROM Team t JOIN dbo.Staff s ON s.EmpID = t.EmpID
GO
`;

const { catalog, db, byName, run } = translatedScriptForThisFile(SCRIPT, "queries.sql");
/** Runs the model on the staging tables; rows in EmpID order unless the model orders them itself. */
async function rows(name: string, vars: Record<string, string> = {}) {
  const result = await run(name, vars);
  return /order by/i.test(byName(name).sql) ? result : result.sort((a, b) => Number(a.EmpID) - Number(b.EmpID));
}

describe("query constructs on PostgreSQL, as SQL Server returns them", () => {
  it("runs a recursive CTE declared with a column list as WITH RECURSIVE (docs: with-common-table-expression-transact-sql.md)", async () => {
    expect(byName("v_chain").sql).toMatch(/^with recursive chain /m);
    expect((await rows("v_chain")).map((r) => [r.emp_id, r.lvl])).toEqual([
      [1, 0],
      [2, 1],
      [3, 1],
      [4, 2],
      [5, 2],
    ]);
  });

  it("names a recursive CTE without a column list by its anchor, so the recursive member reads those columns (docs: with-common-table-expression-transact-sql.md)", async () => {
    expect(byName("v_chain_path").issues).toEqual([]);
    expect((await rows("v_chain_path")).map((r) => [r.emp_id, r.lvl, r.path])).toEqual([
      [1, 0, "Ann"],
      [2, 1, "Ann>Bob"],
      [3, 1, "Ann>Cid"],
      [4, 2, "Ann>Bob>Dee"],
      [5, 2, "Ann>Bob>Eve"],
    ]);
  });

  it("pages with OFFSET and FETCH given as expressions of parameters (docs: select-order-by-clause-transact-sql.md)", async () => {
    expect((await rows("p_page")).map((r) => r.emp_id)).toEqual([3, 4]);
    expect((await rows("p_page", { page: "3", size: "2" })).map((r) => r.emp_id)).toEqual([5]);
  });

  it("keeps the rows tied with the last one for TOP (expression) WITH TIES (docs: top-transact-sql.md)", async () => {
    // Two lowest salaries are 70.00 and 70.00; no third row ties with them.
    expect((await rows("p_top")).map((r) => r.emp_id).sort()).toEqual([4, 5]);
    expect((await rows("p_top", { n: "2" })).map((r) => r.emp_id).sort()).toEqual([2, 4, 5]);
  });

  it("applies an inline table function per row, with the row's values and DEFAULT as arguments (docs: from-transact-sql.md, APPLY)", async () => {
    const applied = await rows("v_apply");
    expect(applied.map((r) => [r.emp_id, r.peer])).toEqual([
      [1, "Bob"],
      [2, "Ann"],
      [3, "Dee"],
      [4, "Cid"],
    ]);
    const outer = await rows("v_outer_apply");
    // OUTER APPLY keeps every employee; only Bob has a richer colleague in his department (Ann).
    expect(outer.map((r) => [r.emp_id, r.richer])).toEqual([
      [1, null],
      [2, "Ann"],
      [3, null],
      [4, "Cid"],
      [5, null],
    ]);
  });

  it("returns a multi-statement table function's @table as it is at RETURN (docs: create-function-transact-sql.md)", async () => {
    const t = byName("fn_reports");
    expect(t.issues).toEqual([]);
    expect((await rows("fn_reports", { m: "2" })).map((r) => r.emp_id)).toEqual([4]);
  });

  it("reads through synonyms, including a synonym of a synonym (docs: create-synonym-transact-sql.md)", async () => {
    expect(catalog.synonyms.map((s) => [s.name, s.target])).toEqual([
      ["Staff", ["dbo", "Emp"]],
      ["Team", ["dbo", "Staff"]],
    ]);
    expect(byName("v_syn").dependsOn).toEqual(["dbo.emp"]);
    expect(await rows("v_syn")).toEqual([{ n: 5 }]);
  });
});

describe("headers and constructs outside dbt", () => {
  const script = `
CREATE TABLE dbo.Emp (EmpID int PRIMARY KEY, Salary decimal(10,2))
GO
CREATE PROCEDURE dbo.p_exec @min decimal(10,2) = 50 WITH EXECUTE AS OWNER, ENCRYPTION, RECOMPILE AS
SELECT EmpID FROM dbo.Emp WHERE Salary > @min
GO
CREATE VIEW dbo.v_hist AS SELECT EmpID FROM dbo.Emp FOR SYSTEM_TIME AS OF '2021-01-01' AS e
GO
CREATE PROCEDURE dbo.p_seq AS SELECT NEXT VALUE FOR dbo.S AS n
GO
`;
  const c = ingest({ kind: "script", file: "h.sql", bytes: new TextEncoder().encode(script) });
  const r = translateAll(c).results;
  const of = (name: string) => r.find((t) => t.key === `dbo.${name}`)!;

  it("reads EXECUTE AS, ENCRYPTION and RECOMPILE in a procedure header: they do not change its rows (docs: create-procedure-transact-sql.md)", () => {
    expect(of("p_exec").issues).toEqual([]);
  });

  it("sends a query of a temporal table's history and NEXT VALUE FOR to review, naming them (docs: temporal-tables.md, next-value-for-transact-sql.md)", () => {
    expect(of("v_hist").issues.map((i) => i.construct)).toEqual(["temporal table query"]);
    expect(of("p_seq").issues.map((i) => [i.construct, i.line])).toEqual([["NEXT_VALUE_FOR", 9]]);
  });
});

describe("IDENTITY in a temp table across INSERTs (docs: create-table-transact-sql-identity-property.md)", () => {
  const script = `
CREATE TABLE dbo.Emp (EmpID int PRIMARY KEY)
GO
CREATE PROCEDURE dbo.p_ident AS
CREATE TABLE #t (id int IDENTITY(10, 5), name varchar(10))
INSERT INTO #t (name) VALUES ('a'), ('b')
DELETE FROM #t WHERE name = 'b'
INSERT INTO #t VALUES ('c')
SELECT id, name FROM #t ORDER BY id
GO
CREATE PROCEDURE dbo.p_unknown AS
CREATE TABLE #t (id int IDENTITY, n int)
INSERT INTO #t (n) SELECT EmpID FROM dbo.Emp
INSERT INTO #t (n) VALUES (1)
SELECT id FROM #t
GO
`;
  const c = ingest({ kind: "script", file: "i.sql", bytes: new TextEncoder().encode(script) });
  const r = translateAll(c).results;
  const of = (name: string) => r.find((t) => t.key === `dbo.${name}`)!;

  it("continues numbering after the values already handed out, deleted rows included", async () => {
    const t = of("p_ident");
    expect(t.issues).toEqual([]);
    const rows = await db.sql.unsafe(renderJinja(t.sql, {}));
    // 10 and 15 were handed out; 15 was deleted; the next INSERT gets 20, not 15.
    expect(rows.map((row) => [row.id, row.name])).toEqual([
      [10, "a"],
      [20, "c"],
    ]);
  });

  it("sends an INSERT to review when earlier INSERTs added an unknown number of rows", () => {
    expect(of("p_unknown").issues.map((i) => [i.construct, i.line])).toEqual([["IDENTITY", 14]]);
  });
});

describe("WITH before INSERT, UPDATE, DELETE and MERGE (docs: with-common-table-expression-transact-sql.md)", () => {
  const script = `
CREATE TABLE dbo.Emp (EmpID int PRIMARY KEY, Dept varchar(10))
GO
INSERT INTO dbo.Emp VALUES (1, 'A'), (2, 'A'), (3, 'B')
GO
CREATE PROCEDURE dbo.p_cte_insert AS
DECLARE @t TABLE (Dept varchar(10), N int)
;WITH counts AS (SELECT Dept, COUNT(*) AS N FROM (VALUES ('A'), ('A'), ('B')) AS e (Dept) GROUP BY Dept)
INSERT INTO @t (Dept, N) SELECT Dept, N FROM counts WHERE N > 1
SELECT Dept, N FROM @t
GO
CREATE PROCEDURE dbo.p_cte_update AS
CREATE TABLE #t (Dept varchar(10), N int)
INSERT INTO #t VALUES ('A', 0)
;WITH counts AS (SELECT Dept, COUNT(*) AS N FROM dbo.Emp GROUP BY Dept)
UPDATE t SET N = c.N FROM #t AS t JOIN counts AS c ON c.Dept = t.Dept
SELECT Dept, N FROM #t
GO
CREATE PROCEDURE dbo.p_cte_delete AS
WITH old AS (SELECT EmpID FROM dbo.Emp WHERE Dept = 'B')
DELETE FROM dbo.Emp WHERE EmpID IN (SELECT EmpID FROM old)
GO
`;
  const c = ingest({ kind: "script", file: "w.sql", bytes: new TextEncoder().encode(script) });
  const r = translateAll(c).results;
  const of = (name: string) => r.find((t) => t.key === `dbo.${name}`)!;

  it("reads the CTEs of an INSERT … SELECT as its query's, and returns SQL Server's rows", async () => {
    const t = of("p_cte_insert");
    expect(t.issues).toEqual([]);
    expect(await db.sql.unsafe(renderJinja(t.sql, {}))).toEqual([{ dept: "A", n: 2 }]);
  });

  it("parses the others and sends them to review naming the statement, instead of a parse error", () => {
    expect(of("p_cte_update").issues.map((i) => [i.construct, i.line, i.message])).toEqual([
      ["UPDATE", 16, "a WITH common table expression before UPDATE is not translated"],
    ]);
    expect(of("p_cte_delete").issues.map((i) => i.construct)).toContain("DELETE");
    expect(of("p_cte_delete").issues.map((i) => i.construct)).not.toContain("parse error");
  });
});

describe("aggregate result types (docs: sum-transact-sql.md, avg-transact-sql.md)", () => {
  const script = `
CREATE TABLE dbo.N (id int PRIMARY KEY, b bigint, i int)
GO
INSERT INTO dbo.N VALUES (1, 9000000000, -7), (2, 1, 2)
GO
CREATE VIEW dbo.v_sum AS SELECT SUM(b) AS sb, SUM(i) AS si, AVG(i) AS ai, MIN(i) / 2 AS h FROM dbo.N
GO
`;
  const c = ingest({ kind: "script", file: "n.sql", bytes: new TextEncoder().encode(script) });
  const t = translateAll(c).results.find((r) => r.key === "dbo.v_sum")!;

  it("keeps SUM of bigint bigint and of int int, AVG of int an int truncated toward zero, integer / truncating", async () => {
    const database = await createTestDatabase({ migrate: false });
    try {
      await database.sql.unsafe(shopDdl(c));
      const [row] = await database.sql.unsafe(
        `select pg_typeof(sb)::text as tb, pg_typeof(si)::text as ti, sb::text, si, ai, h from (${renderJinja(t.sql, {})}) as q`,
      );
      expect(row).toEqual({ tb: "bigint", ti: "integer", sb: "9000000001", si: -5, ai: -2, h: -3 });
    } finally {
      await database.drop();
    }
  });
});
