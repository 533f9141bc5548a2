import { describe, expect, it } from "vitest";
import { renderJinja } from "./testing/northwind";
import { sortedValues, translatedScriptForThisFile } from "./testing/script";

/**
 * MERGE into temp tables and table variables, translated from a script and run on real PostgreSQL
 * (docs: t-sql/statements/merge-transact-sql.md). Each expected result is what the page's rules give for the
 * data: the first WHEN MATCHED clause whose AND holds acts on a matched row, NOT MATCHED [BY TARGET] inserts
 * source rows, NOT MATCHED BY SOURCE acts on target rows with no source row, NULL keys never match, and a target
 * row that two source rows would UPDATE or DELETE is SQL Server's error 8672.
 */

const SCRIPT = `
CREATE TABLE dbo.Src (id int NULL, name varchar(10) NULL, qty int NULL)
GO
INSERT INTO dbo.Src VALUES (1, 'A', 11), (2, NULL, NULL), (4, 'd', 40), (NULL, 'n', 1)
GO
CREATE TABLE dbo.Dup (id int, qty int)
GO
INSERT INTO dbo.Dup VALUES (1, 5), (1, 6), (2, 7)
GO
CREATE PROCEDURE dbo.p_all_clauses AS
CREATE TABLE #t (id int, name varchar(10), qty int)
INSERT INTO #t VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30), (5, 'e', 5)
MERGE INTO #t AS t
USING dbo.Src AS s ON t.id = s.id
WHEN MATCHED AND s.qty IS NULL THEN DELETE
WHEN MATCHED THEN UPDATE SET t.name = s.name, t.qty = t.qty + s.qty
WHEN NOT MATCHED BY TARGET THEN INSERT (id, name, qty) VALUES (s.id, s.name, s.qty)
WHEN NOT MATCHED BY SOURCE AND t.qty > 25 THEN DELETE;
SELECT id, name, qty FROM #t
GO
CREATE PROCEDURE dbo.p_values @fill int = 0 AS
DECLARE @t TABLE (id int, name varchar(10), qty int)
INSERT INTO @t VALUES (1, 'a', 10), (2, 'b', 20)
MERGE @t AS t
USING (VALUES (1, 15), (7, 70)) AS v (id, qty) ON t.id = v.id
WHEN MATCHED THEN UPDATE SET qty += v.qty
WHEN NOT MATCHED THEN INSERT VALUES (v.id, 'new', v.qty)
WHEN NOT MATCHED BY SOURCE THEN UPDATE SET qty = @fill, name = NULL;
SELECT id, name, qty FROM @t
GO
CREATE PROCEDURE dbo.p_empty_source AS
CREATE TABLE #t (id int, qty int)
INSERT INTO #t VALUES (1, 10), (2, 20)
MERGE #t tgt USING (SELECT id, qty FROM dbo.Src WHERE qty > 1000) AS s ON tgt.id = s.id
WHEN MATCHED THEN UPDATE SET qty = s.qty
WHEN NOT MATCHED BY SOURCE AND tgt.qty < 15 THEN DELETE
WHEN NOT MATCHED BY TARGET THEN INSERT (id, qty) VALUES (s.id, s.qty);
SELECT id, qty FROM #t
GO
CREATE PROCEDURE dbo.p_no_match AS
CREATE TABLE #t (id int, qty int)
INSERT INTO #t VALUES (10, 1)
MERGE #t AS t USING dbo.Src AS s ON t.id = s.id
WHEN MATCHED THEN DELETE;
SELECT id, qty FROM #t
GO
CREATE PROCEDURE dbo.p_case_insensitive_key AS
CREATE TABLE #t (code varchar(10), qty int)
INSERT INTO #t VALUES ('ABC', 1), ('xyz', 2)
MERGE #t AS t USING (VALUES ('abc  ', 10)) AS s (code, qty) ON t.code = s.code
WHEN MATCHED THEN UPDATE SET qty = s.qty;
SELECT code, qty FROM #t
GO
CREATE PROCEDURE dbo.p_duplicate_update AS
CREATE TABLE #t (id int, qty int)
INSERT INTO #t VALUES (1, 0), (2, 0)
MERGE #t AS t USING dbo.Dup AS s ON t.id = s.id
WHEN MATCHED THEN UPDATE SET qty = s.qty;
SELECT id, qty FROM #t
GO
CREATE PROCEDURE dbo.p_duplicate_delete AS
CREATE TABLE #t (id int, qty int)
INSERT INTO #t VALUES (2, 0), (1, 0)
MERGE #t AS t USING dbo.Dup AS s ON t.id = s.id
WHEN MATCHED THEN DELETE;
SELECT id, qty FROM #t
GO
CREATE PROCEDURE dbo.p_duplicate_one_acts AS
CREATE TABLE #t (id int, qty int)
INSERT INTO #t VALUES (1, 0), (2, 0)
MERGE #t AS t USING dbo.Dup AS s ON t.id = s.id
WHEN MATCHED AND s.qty <> 5 THEN UPDATE SET qty = s.qty
WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.qty);
SELECT id, qty FROM #t
GO
CREATE PROCEDURE dbo.p_under_if @go bit = 0 AS
CREATE TABLE #t (id int, qty int)
INSERT INTO #t VALUES (1, 0)
IF @go = 1
  MERGE #t AS t USING dbo.Dup AS s ON t.id = s.id AND s.qty = 5
  WHEN MATCHED THEN DELETE;
SELECT id, qty FROM #t
GO
CREATE PROCEDURE dbo.p_identity AS
CREATE TABLE #t (n int IDENTITY(10, 5), id int)
INSERT INTO #t (id) VALUES (1)
MERGE #t AS t USING (VALUES (2), (3)) AS s (id) ON t.id = s.id
WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id);
SELECT n, id FROM #t
GO
CREATE PROCEDURE dbo.p_permanent AS
MERGE dbo.Dup AS t USING dbo.Src AS s ON t.id = s.id -- permanent
WHEN MATCHED THEN UPDATE SET qty = s.qty;
SELECT id FROM dbo.Dup
GO
CREATE PROCEDURE dbo.p_permanent_delete AS
MERGE dbo.Dup AS t USING dbo.Src AS s ON t.id = s.id
WHEN MATCHED AND s.qty IS NULL THEN DELETE -- matched delete
WHEN MATCHED THEN UPDATE SET qty = s.qty
WHEN NOT MATCHED BY SOURCE THEN DELETE; -- by source
GO
CREATE PROCEDURE dbo.p_permanent_on AS
MERGE dbo.Dup AS t USING dbo.Src AS s
ON t.id = s.id AND s.qty > 0 -- not a key
WHEN MATCHED THEN UPDATE SET qty = s.qty;
GO
CREATE PROCEDURE dbo.p_permanent_key_update AS
MERGE dbo.Dup AS t USING dbo.Src AS s ON t.id = s.id
WHEN MATCHED THEN UPDATE SET qty = s.qty,
  id = s.id + 1; -- key update
GO
CREATE TABLE dbo.Ident (n int IDENTITY(1, 1), id int, d datetime DEFAULT (getdate()))
GO
CREATE PROCEDURE dbo.p_permanent_identity AS
MERGE dbo.Ident AS t USING dbo.Src AS s ON t.id = s.id
WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id); -- identity
GO
CREATE PROCEDURE dbo.p_permanent_twice @go bit = 0 AS
IF @go = 1
  MERGE dbo.Dup AS t USING dbo.Src AS s ON t.id = s.id -- under if
  WHEN MATCHED THEN UPDATE SET qty = s.qty;
MERGE dbo.Src AS t USING dbo.Dup AS s ON t.id = s.id -- second
WHEN MATCHED THEN UPDATE SET qty = s.qty;
GO
CREATE PROCEDURE dbo.p_output AS
CREATE TABLE #t (id int, qty int)
INSERT INTO #t VALUES (1, 10), (2, 20), (3, 30)
MERGE #t AS t USING dbo.Src AS s ON t.id = s.id
WHEN MATCHED AND s.qty IS NULL THEN DELETE
WHEN MATCHED THEN UPDATE SET qty = t.qty + s.qty
WHEN NOT MATCHED BY TARGET THEN INSERT VALUES (s.id, s.qty)
WHEN NOT MATCHED BY SOURCE THEN UPDATE SET qty = 0
OUTPUT $action, inserted.*, deleted.id AS old_id, deleted.qty AS old_qty;
GO
CREATE PROCEDURE dbo.p_output_into AS
DECLARE @log TABLE (act nvarchar(10), id int)
CREATE TABLE #t (id int, qty int)
INSERT INTO #t VALUES (1, 10)
MERGE #t AS t USING (VALUES (1, 5), (9, 9)) AS v (id, qty) ON t.id = v.id
WHEN MATCHED THEN DELETE
WHEN NOT MATCHED THEN INSERT VALUES (v.id, v.qty)
OUTPUT $action, inserted.id INTO @log (act, id);
SELECT act, id FROM @log
GO
CREATE PROCEDURE dbo.p_output_expr AS
CREATE TABLE #t (id int, qty int)
MERGE #t AS t USING dbo.Src AS s ON t.id = s.id
WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.qty)
OUTPUT inserted.qty + 1; -- output
GO
CREATE PROCEDURE dbo.p_two_updates AS
CREATE TABLE #t (id int, qty int)
MERGE #t AS t USING dbo.Src AS s ON t.id = s.id -- two updates
WHEN MATCHED AND s.qty > 1 THEN UPDATE SET qty = 1
WHEN MATCHED THEN UPDATE SET qty = 2;
SELECT id FROM #t
GO
`;

const { db, byName, lineOf, run } = translatedScriptForThisFile(SCRIPT, "merge.sql");
/** Runs the procedure's model; rows as arrays of their values, sorted. */
const rows = async (name: string, vars: Record<string, string> = {}) => sortedValues(await run(name, vars));

describe("MERGE into a temp table or table variable, on PostgreSQL", () => {
  it("applies the first WHEN MATCHED clause that holds, inserts unmatched source rows (a NULL key never matches) and deletes by source", async () => {
    // 1 updated (name from the source, qty 10 + 11), 2 deleted (its source qty is NULL), 3 deleted (no source
    // row, qty > 25), 5 kept (no source row, qty 5), 4 and the NULL-keyed source row inserted.
    expect(await rows("p_all_clauses")).toEqual([
      [1, "A", 21],
      [4, "d", 40],
      [5, "e", 5],
      [null, "n", 1],
    ]);
  });

  it("merges from VALUES into a table variable: += on a match, INSERT without a column list, NOT MATCHED BY SOURCE updates with a parameter", async () => {
    expect(await rows("p_values")).toEqual([
      [1, "a", 25],
      [2, null, 0],
      [7, "new", 70],
    ]);
    expect(await rows("p_values", { fill: "-1" })).toContainEqual([2, null, -1]);
  });

  it("with an empty source only NOT MATCHED BY SOURCE acts", async () => {
    expect(await rows("p_empty_source")).toEqual([[2, 20]]);
  });

  it("leaves the target as it is when no row matches and only WHEN MATCHED is given", async () => {
    expect(await rows("p_no_match")).toEqual([[10, 1]]);
  });

  it("matches text keys case- and trailing-blank-insensitively, as the default collation does", async () => {
    expect(await rows("p_case_insensitive_key")).toEqual([
      ["ABC", 10],
      ["xyz", 2],
    ]);
  });

  it("fails loudly, naming MERGE and error 8672, when two source rows would update the same target row", async () => {
    const t = byName("p_duplicate_update");
    expect(t.issues).toEqual([]);
    await expect(db.sql.unsafe(renderJinja(t.sql, {}))).rejects.toThrow(
      /MERGE at line \d+: a row of #t matches more than one source row.*8672/,
    );
  });

  it("fails loudly as well when two source rows would delete the same target row", async () => {
    const t = byName("p_duplicate_delete");
    expect(t.issues).toEqual([]);
    await expect(db.sql.unsafe(renderJinja(t.sql, {}))).rejects.toThrow(
      /MERGE at line \d+: a row of #t matches more than one source row.*8672/,
    );
  });

  it("accepts several matching source rows when only one of them selects an action", async () => {
    expect(await rows("p_duplicate_one_acts")).toEqual([
      [1, 6],
      [2, 7],
    ]);
  });

  it("merges only when the IF around it holds", async () => {
    expect(await rows("p_under_if")).toEqual([[1, 0]]);
    expect(await rows("p_under_if", { go: "1" })).toEqual([]);
  });

  it("numbers inserted rows from the IDENTITY values already handed out", async () => {
    expect(await rows("p_identity")).toEqual([
      [10, 1],
      [15, 2],
      [20, 3],
    ]);
  });
});

describe("MERGE … OUTPUT (docs: output-clause-transact-sql.md): the rows each clause affected", () => {
  const sorted = (rows: unknown[][]) => rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  it("returns $action, inserted.* and deleted.* per updated, deleted and inserted row, NULL where the action has none", async () => {
    // 1 updated by WHEN MATCHED (10 + 11), 2 deleted (its source qty is NULL), 3 updated by NOT MATCHED BY SOURCE,
    // 4 and the NULL-keyed source row inserted.
    expect(byName("p_output").columns.map((c) => c.name)).toEqual(["$action", "id", "qty", "old_id", "old_qty"]);
    expect(await rows("p_output")).toEqual(
      sorted([
        ["UPDATE", 1, 21, 1, 10],
        ["DELETE", null, null, 2, 20],
        ["UPDATE", 3, 0, 3, 30],
        ["INSERT", 4, 40, null, null],
        ["INSERT", null, 1, null, null],
      ]),
    );
  });
  it("appends the OUTPUT rows INTO a table variable that the procedure then returns", async () => {
    expect(await rows("p_output_into")).toEqual(
      sorted([
        ["DELETE", null],
        ["INSERT", 9],
      ]),
    );
  });
});

describe("MERGE that stays a review item, naming the construct and line", () => {
  const issue = (name: string) => byName(name).issues.map((i) => `${i.construct}@${i.line}: ${i.message}`);
  const at = (marker: string) => `^MERGE@${lineOf(marker)}: `;
  it("MERGE into a permanent table by a procedure that also returns a result set (a model is the table or the result)", () => {
    expect(byName("p_permanent").status).toBe("needs_review");
    expect(issue("p_permanent")).toContainEqual(
      expect.stringMatching(
        new RegExp(`${at("-- permanent")}The procedure MERGEs into dbo\\.Dup and also returns a result set`),
      ),
    );
  });
  it("MERGE into a permanent table that deletes: dbt's merge strategy only updates and inserts", () => {
    expect(issue("p_permanent_delete")).toEqual([
      expect.stringMatching(
        new RegExp(
          `${at("-- matched delete")}MERGE into dbo\\.Dup: WHEN MATCHED AND … THEN DELETE: dbt's merge strategy only updates and inserts`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `${at("-- by source")}MERGE into dbo\\.Dup: WHEN NOT MATCHED BY SOURCE THEN DELETE acts on rows the source does not hold`,
        ),
      ),
    ]);
  });
  it("MERGE into a permanent table whose ON is more than key equalities, or whose UPDATE changes a key", () => {
    expect(issue("p_permanent_on")).toEqual([
      expect.stringMatching(
        new RegExp(
          `${at("-- not a key")}MERGE into dbo\\.Dup: its ON condition must pair the table's columns .* by \`=\``,
        ),
      ),
    ]);
    expect(issue("p_permanent_key_update")).toEqual([
      expect.stringMatching(
        new RegExp(`${at("-- key update")}MERGE into dbo\\.Dup: UPDATE SET changes id, a column of the ON condition`),
      ),
    ]);
  });
  it("MERGE into a permanent table whose new rows take values SQL Server fills in (IDENTITY, DEFAULT)", () => {
    expect(issue("p_permanent_identity")).toEqual([
      expect.stringMatching(
        new RegExp(`${at("-- identity")}MERGE into dbo\\.Ident: its new rows take n's IDENTITY value`),
      ),
      expect.stringMatching(
        new RegExp(`${at("-- identity")}MERGE into dbo\\.Ident: INSERT leaves out d, whose DEFAULT`),
      ),
    ]);
  });
  it("MERGE into a permanent table under IF, and a second MERGE into another: one incremental model is one table, merged on every run", () => {
    expect(issue("p_permanent_twice")).toEqual([
      expect.stringMatching(new RegExp(`${at("-- second")}A second MERGE into a permanent table`)),
      expect.stringMatching(new RegExp(`${at("-- under if")}MERGE into dbo\\.Dup runs under IF`)),
    ]);
  });
  it("MERGE … OUTPUT of an expression", () => {
    expect(issue("p_output_expr")).toContainEqual(
      expect.stringMatching(new RegExp(`^MERGE@${lineOf("-- output")}: MERGE … OUTPUT lists \\$action`)),
    );
  });
  it("two WHEN MATCHED clauses that are both UPDATE, which SQL Server refuses", () => {
    expect(issue("p_two_updates")).toContainEqual(
      expect.stringMatching(new RegExp(`^MERGE@${lineOf("-- two updates")}: .*UPDATE and a DELETE`)),
    );
  });
});
