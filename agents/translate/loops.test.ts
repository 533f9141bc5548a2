import { describe, expect, it } from "vitest";
import { sortedValues, translatedScriptForThisFile } from "./testing/script";

/**
 * Cursor and WHILE loops rewritten set-based, translated from a script and run on real PostgreSQL
 * (docs: t-sql/language-elements/while-transact-sql.md, declare-cursor-transact-sql.md, fetch-transact-sql.md).
 * Each expected result is what running the loop row by row gives: IF … ELSE takes the ELSE branch when the
 * condition is unknown, @v + NULL is NULL, a counter ends at the first value past its bound, and @@FETCH_STATUS
 * turns non-zero after the last row.
 */

const SCRIPT = `
CREATE TABLE dbo.Src (id int NULL, name varchar(10) NULL, qty int NULL)
GO
INSERT INTO dbo.Src VALUES (1, 'A', 11), (2, NULL, NULL), (4, 'd', 40), (NULL, 'n', 1)
GO
CREATE PROCEDURE dbo.p_cursor_insert @min int = 0 AS
DECLARE @id int, @name varchar(10), @qty int
CREATE TABLE #out (id int, label varchar(20))
DECLARE c CURSOR LOCAL FAST_FORWARD FOR SELECT id, name, qty FROM dbo.Src WHERE id >= @min OR id IS NULL ORDER BY id
OPEN c
FETCH NEXT FROM c INTO @id, @name, @qty
WHILE @@FETCH_STATUS = 0
BEGIN
  IF @qty > 10
    INSERT INTO #out VALUES (@id, 'big ' + @name)
  ELSE
    INSERT INTO #out (id, label) VALUES (@id, 'small')
  FETCH NEXT FROM c INTO @id, @name, @qty
END
CLOSE c
DEALLOCATE c
SELECT id, label FROM #out
GO
CREATE PROCEDURE dbo.p_cursor_totals AS
DECLARE @qty int, @name varchar(10), @total int = 0, @names varchar(100) = '', @big int = 0
DECLARE c CURSOR FOR SELECT qty, name FROM dbo.Src WHERE qty IS NOT NULL AND name IS NOT NULL ORDER BY name DESC
OPEN c
FETCH NEXT FROM c INTO @qty, @name
WHILE @@FETCH_STATUS = 0
BEGIN
  SET @total = @total + @qty
  SET @names = @names + @name + ';'
  IF @qty > 5 SET @big += 1
  FETCH NEXT FROM c INTO @qty, @name
END
CLOSE c
DEALLOCATE c
SELECT @total AS total, @names AS names, @big AS big
GO
CREATE PROCEDURE dbo.p_cursor_null_total AS
DECLARE @qty int, @total int = 0, @rows int = 0
DECLARE c CURSOR FOR SELECT qty FROM dbo.Src
OPEN c
FETCH NEXT FROM c INTO @qty
WHILE @@FETCH_STATUS = 0
BEGIN
  SET @total = @total + @qty
  SET @rows = @rows + 1
  FETCH NEXT FROM c INTO @qty
END
CLOSE c
DEALLOCATE c
SELECT @total AS total, @rows AS row_count
GO
CREATE PROCEDURE dbo.p_cursor_empty AS
DECLARE @id int, @total int = 7
DECLARE @t TABLE (id int)
DECLARE c CURSOR FOR SELECT id FROM dbo.Src WHERE id > 100
OPEN c
FETCH NEXT FROM c INTO @id
WHILE @@FETCH_STATUS = 0
BEGIN
  INSERT INTO @t VALUES (@id)
  SET @total += @id
  FETCH NEXT FROM c INTO @id
END
CLOSE c
DEALLOCATE c
SELECT @total AS total, (SELECT COUNT(*) FROM @t) AS inserted
GO
CREATE PROCEDURE dbo.p_cursor_lookup AS
DECLARE @id int
CREATE TABLE #hits (id int, name varchar(10))
DECLARE c CURSOR FOR SELECT id FROM dbo.Src WHERE id IS NOT NULL
OPEN c
FETCH NEXT FROM c INTO @id
WHILE @@FETCH_STATUS = 0
BEGIN
  INSERT INTO #hits SELECT s.id, s.name FROM dbo.Src s WHERE s.id = @id + 3
  FETCH NEXT FROM c INTO @id
END
CLOSE c
DEALLOCATE c
SELECT id, name FROM #hits
GO
CREATE PROCEDURE dbo.p_counter @n int = 5 AS
DECLARE @i int = 1
DECLARE @t TABLE (i int, sq int)
WHILE @i <= @n
BEGIN
  IF @i % 2 = 1 INSERT INTO @t VALUES (@i, @i * @i)
  SET @i = @i + 1
END
SELECT i, sq, @i AS after FROM @t
GO
CREATE PROCEDURE dbo.p_counter_end @start int = 0 AS
DECLARE @i int = @start, @sum int = 0
WHILE @i < 7
BEGIN
  SET @sum = @sum + @i
  SET @i += 3
END
SELECT @i AS after, @sum AS total
GO
CREATE PROCEDURE dbo.p_counter_down AS
DECLARE @i int = 3
DECLARE @t TABLE (n int IDENTITY(1, 1), v int)
WHILE @i >= 1
BEGIN
  INSERT INTO @t (v) VALUES (@i)
  SET @i = @i - 1
END
SELECT n, v, @i AS after FROM @t
GO
CREATE PROCEDURE dbo.p_break AS
DECLARE @i int = 1
DECLARE @t TABLE (i int)
WHILE @i <= 10
BEGIN
  INSERT INTO @t VALUES (@i)
  IF @i = 3 BREAK -- break here
  SET @i = @i + 1
END
SELECT i FROM @t
GO
CREATE PROCEDURE dbo.p_reads_own_writes AS
DECLARE @id int
CREATE TABLE #seen (id int)
DECLARE c CURSOR FOR SELECT id FROM dbo.Src ORDER BY id
OPEN c
FETCH NEXT FROM c INTO @id
WHILE @@FETCH_STATUS = 0 -- reads own writes
BEGIN
  IF NOT EXISTS (SELECT 1 FROM #seen WHERE id = @id) INSERT INTO #seen VALUES (@id)
  FETCH NEXT FROM c INTO @id
END
CLOSE c
DEALLOCATE c
SELECT id FROM #seen
GO
CREATE PROCEDURE dbo.p_unordered_concat AS
DECLARE @name varchar(10), @names varchar(100) = ''
DECLARE c CURSOR FOR SELECT name FROM dbo.Src
OPEN c
FETCH NEXT FROM c INTO @name
WHILE @@FETCH_STATUS = 0
BEGIN
  SET @names = @names + @name -- unordered concat
  FETCH NEXT FROM c INTO @name
END
CLOSE c
DEALLOCATE c
SELECT @names AS names
GO
CREATE PROCEDURE dbo.p_fetch_prior AS
DECLARE @id int
DECLARE c SCROLL CURSOR FOR SELECT id FROM dbo.Src ORDER BY id
OPEN c
FETCH LAST FROM c INTO @id -- fetch last
SELECT @id AS id
GO
CREATE PROCEDURE dbo.p_read_after AS
DECLARE @id int, @n int = 0
DECLARE c CURSOR FOR SELECT id FROM dbo.Src ORDER BY id
OPEN c
FETCH NEXT FROM c INTO @id
WHILE @@FETCH_STATUS = 0
BEGIN
  SET @n += 1
  FETCH NEXT FROM c INTO @id
END
CLOSE c
DEALLOCATE c
SELECT @id AS last_id, @n AS n -- read after
GO
CREATE PROCEDURE dbo.p_bound_changes AS
DECLARE @i int = 1, @n int = 10
DECLARE @t TABLE (i int)
WHILE @i <= @n -- bound changes
BEGIN
  INSERT INTO @t VALUES (@i)
  SET @n = @n - 1
  SET @i = @i + 1
END
SELECT i FROM @t
GO
CREATE PROCEDURE dbo.p_permanent_write AS
DECLARE @i int = 1
WHILE @i <= 3
BEGIN
  INSERT INTO dbo.Src (id) VALUES (@i) -- permanent write
  SET @i = @i + 1
END
SELECT id FROM dbo.Src
GO
CREATE PROCEDURE dbo.p_rowcount AS
DECLARE @i int = 1
DECLARE @t TABLE (i int)
SET ROWCOUNT 1
WHILE @i <= 3 -- under rowcount
BEGIN
  INSERT INTO @t SELECT id FROM dbo.Src WHERE id >= @i
  SET @i = @i + 1
END
SET ROWCOUNT 0
SELECT i FROM @t
GO
CREATE PROCEDURE dbo.p_other_while AS
DECLARE @t TABLE (i int)
WHILE (SELECT COUNT(*) FROM @t) < 3 -- other while
  INSERT INTO @t VALUES (1)
SELECT i FROM @t
GO
`;

const { byName, lineOf, run } = translatedScriptForThisFile(SCRIPT, "loops.sql");
/** Runs the procedure's model; rows as arrays of their values, sorted. */
const rows = async (name: string, vars: Record<string, string> = {}) => sortedValues(await run(name, vars));

describe("cursor loops rewritten set-based, on PostgreSQL", () => {
  it("turns a FETCH loop that INSERTs under IF … ELSE into INSERT … SELECT over the cursor (unknown conditions take ELSE)", async () => {
    expect(await rows("p_cursor_insert")).toEqual([
      [1, "big A"],
      [2, "small"],
      [4, "big d"],
      [null, "small"],
    ]);
    expect(await rows("p_cursor_insert", { min: "3" })).toEqual([
      [4, "big d"],
      [null, "small"],
    ]);
  });

  it("turns running totals into SUM, and string concatenation into the cursor's ORDER BY order", async () => {
    expect(await rows("p_cursor_totals")).toEqual([[52, "n;d;A;", 2]]);
  });

  it("makes the total NULL when one fetched value is NULL, as @total + NULL is", async () => {
    expect(await rows("p_cursor_null_total")).toEqual([[null, 4]]);
  });

  it("leaves variables and tables unchanged when the cursor returns no row", async () => {
    expect(await rows("p_cursor_empty")).toEqual([[7, 0]]);
  });

  it("runs an INSERT … SELECT that reads another table once per fetched row", async () => {
    expect(await rows("p_cursor_lookup")).toEqual([[4, "d"]]);
  });
});

describe("counter loops rewritten with generate_series, on PostgreSQL", () => {
  it("inserts under IF for each value of the counter and leaves it one past the bound", async () => {
    expect(await rows("p_counter")).toEqual([
      [1, 1, 6],
      [3, 9, 6],
      [5, 25, 6],
    ]);
    expect(await rows("p_counter", { n: "0" })).toEqual([]);
  });

  it("steps by the increment with <, sums the counter, and skips the loop when the start is past the bound", async () => {
    expect(await rows("p_counter_end")).toEqual([[9, 9]]);
    expect(await rows("p_counter_end", { start: "8" })).toEqual([[8, 0]]);
  });

  it("counts down, numbering IDENTITY in the loop's order", async () => {
    expect(await rows("p_counter_down")).toEqual([
      [1, 3, 0],
      [2, 2, 0],
      [3, 1, 0],
    ]);
  });
});

describe("loops that stay review items, naming the construct and line", () => {
  const issues = (name: string) => {
    expect(byName(name).status).toBe("needs_review");
    return byName(name).issues.map((i) => `${i.construct}@${i.line}: ${i.message}`);
  };
  it("BREAK", () => {
    expect(issues("p_break")).toContainEqual(
      expect.stringMatching(new RegExp(`^WHILE@${lineOf("-- break here")}: BREAK inside the loop`)),
    );
  });
  it("a body that reads the table it writes", () => {
    expect(issues("p_reads_own_writes")).toContainEqual(
      expect.stringMatching(
        new RegExp(`^WHILE@${lineOf("-- reads own writes")}: The loop reads #seen, which it also writes`),
      ),
    );
  });
  it("concatenation over a cursor without ORDER BY", () => {
    expect(issues("p_unordered_concat")).toContainEqual(
      expect.stringMatching(
        new RegExp(`^WHILE@${lineOf("-- unordered concat")}: @names concatenates .*\\(no ORDER BY\\)`),
      ),
    );
  });
  it("FETCH other than NEXT", () => {
    expect(issues("p_fetch_prior")).toContainEqual(
      expect.stringMatching(new RegExp(`^cursor@${lineOf("-- fetch last")}: FETCH LAST FROM c outside the pattern`)),
    );
  });
  it("a fetched variable read after the loop", () => {
    expect(issues("p_read_after")).toContainEqual(
      expect.stringMatching(/^cursor@\d+: @id is read after its cursor loop/),
    );
  });
  it("a loop whose body changes its bound", () => {
    expect(issues("p_bound_changes")).toContainEqual(
      expect.stringMatching(
        new RegExp(`^WHILE@${lineOf("-- bound changes")}: The loop's body changes @i or its bound`),
      ),
    );
  });
  it("an INSERT into a permanent table", () => {
    expect(issues("p_permanent_write")).toContainEqual(
      expect.stringMatching(new RegExp(`^WHILE@${lineOf("-- permanent write")}: .*permanent table`)),
    );
  });
  it("a loop under SET ROWCOUNT, which limits each iteration's INSERT", () => {
    expect(issues("p_rowcount")).toContainEqual(
      expect.stringMatching(new RegExp(`^WHILE@${lineOf("-- under rowcount")}: SET ROWCOUNT limits each statement`)),
    );
  });
  it("a WHILE that is neither pattern", () => {
    expect(issues("p_other_while")).toContainEqual(
      expect.stringMatching(new RegExp(`^WHILE@${lineOf("-- other while")}: Only WHILE @@FETCH_STATUS = 0`)),
    );
  });
});
