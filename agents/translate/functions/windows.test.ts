import { describe, expect, it } from "vitest";
import { renderJinja, translate } from "../testing/harness";
import { shopDatabaseForThisFile } from "../testing/database";

/**
 * Window functions, GENERATE_SERIES and grouping constructs translated and run on PostgreSQL; each expected value
 * is what SQL Server returns per the cited page (MicrosoftDocs/sql-docs).
 */

const db = shopDatabaseForThisFile();

async function rows(tsql: string) {
  const t = translate(/^\s*create\s+(view|proc)/i.test(tsql) ? tsql : `create procedure p as begin ${tsql} end`);
  expect(t.issues, t.sql).toEqual([]);
  return db.sql.unsafe(renderJinja(t.sql, {}));
}

const sample = `CREATE TABLE #T (a INT, b INT, c INT);
  INSERT INTO #T VALUES (1, 1, -3), (2, 2, 4), (3, 1, NULL), (4, 3, 1), (5, 2, NULL), (6, 1, 5);`;

describe("LAG / LEAD / FIRST_VALUE / LAST_VALUE / PERCENT_RANK / CUME_DIST", () => {
  // docs/t-sql/functions/lag-transact-sql.md, "Specifying arbitrary expressions": the offset is evaluated per row
  // and the decimal default is converted to the value's type (int): 1.5 → 1.
  it("LAG with an expression offset and a default converted to the value's type", async () => {
    const r = await rows(
      `${sample} SELECT a, LAG(2*c, b*(SELECT MIN(b) FROM #T), -c/2.0) OVER (ORDER BY a) AS i FROM #T ORDER BY a`,
    );
    expect(r.map((x) => x.i)).toEqual([1, -2, 8, -6, null, null]);
  });

  // docs/t-sql/functions/lead-transact-sql.md, same example.
  it("LEAD with an expression offset and a default converted to the value's type", async () => {
    const r = await rows(
      `${sample} SELECT a, LEAD(2*c, b*(SELECT MIN(b) FROM #T), -c/2.0) OVER (ORDER BY a) AS i FROM #T ORDER BY a`,
    );
    expect(r.map((x) => x.i)).toEqual([8, 2, 2, 0, null, -2]);
  });

  // docs/t-sql/functions/last-value-transact-sql.md: the default frame ends at the current row (peers included).
  it("FIRST_VALUE / LAST_VALUE use RANGE UNBOUNDED PRECEDING .. CURRENT ROW by default, a written frame as written", async () => {
    const r =
      await rows(`${sample} SELECT a, FIRST_VALUE(c) OVER (ORDER BY b, a) AS f, LAST_VALUE(a) OVER (ORDER BY b) AS l,
      LAST_VALUE(a) OVER (ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS lall FROM #T ORDER BY a`);
    expect(r.map((x) => [x.a, x.f, x.l, x.lall])).toEqual([
      [1, -3, 6, 4],
      [2, -3, 5, 4],
      [3, -3, 6, 4],
      [4, -3, 4, 4],
      [5, -3, 5, 4],
      [6, -3, 6, 4],
    ]);
  });

  // docs/t-sql/functions/percent-rank-transact-sql.md, cume-dist-transact-sql.md: float results.
  it("PERCENT_RANK and CUME_DIST", async () => {
    const r = await rows(
      `${sample} SELECT a, PERCENT_RANK() OVER (ORDER BY b) AS pr, CUME_DIST() OVER (ORDER BY b) AS cd FROM #T ORDER BY a`,
    );
    expect(r.map((x) => [x.a, x.pr, x.cd])).toEqual([
      [1, 0, 0.5],
      [2, 0.6, 5 / 6],
      [3, 0, 0.5],
      [4, 1, 1],
      [5, 0.6, 5 / 6],
      [6, 0, 0.5],
    ]);
  });
});

describe("GENERATE_SERIES", () => {
  // docs/t-sql/functions/generate-series-transact-sql.md
  it("named and positional arguments, STEP, and the default step of -1 when START > STOP", async () => {
    expect(
      (await rows(`SELECT value FROM GENERATE_SERIES(START = 1, STOP = 50, STEP = 5)`)).map((x) => x.value),
    ).toEqual([1, 6, 11, 16, 21, 26, 31, 36, 41, 46]);
    expect((await rows(`SELECT value FROM GENERATE_SERIES(3, 1)`)).map((x) => x.value)).toEqual([3, 2, 1]);
    expect((await rows(`SELECT value FROM GENERATE_SERIES(1, 5, -1)`)).map((x) => x.value)).toEqual([]);
  });

  it("decimal arguments give decimal values of their type", async () => {
    const r =
      await rows(`DECLARE @start decimal(2, 1) = 0.0; DECLARE @stop decimal(2, 1) = 1.0; DECLARE @step decimal(2, 1) = 0.1;
      SELECT value FROM GENERATE_SERIES(START = @start, STOP = @stop, STEP = @step)`);
    expect(r.map((x) => x.value)).toEqual([
      "0.0",
      "0.1",
      "0.2",
      "0.3",
      "0.4",
      "0.5",
      "0.6",
      "0.7",
      "0.8",
      "0.9",
      "1.0",
    ]);
  });

  it("GENERATE_SERIES joined to a table", async () => {
    const r = await rows(
      `create view v as SELECT T.ID, s.value FROM T CROSS APPLY GENERATE_SERIES(1, T.ID) AS s WHERE T.ID <= 2`,
    );
    expect(r.map((x) => [x.id, x.value]).sort()).toEqual([
      [1, 1],
      [2, 1],
      [2, 2],
    ]);
  });
});

describe("grouping", () => {
  // docs/t-sql/queries/select-group-by-transact-sql.md: ROLLUP adds subtotal rows with NULL keys; GROUPING marks them.
  it("GROUP BY ROLLUP with GROUPING", async () => {
    const r = await rows(`create view v as SELECT Grp, SUM(Qty) AS q, GROUPING(Grp) AS g FROM T GROUP BY ROLLUP(Grp)`);
    expect(r.map((x) => [x.grp, x.q, x.g]).sort()).toEqual(
      [
        ["x", 28, 0],
        ["y", 8, 0],
        [null, 36, 1],
      ].sort(),
    );
  });

  // docs/t-sql/queries/select-group-by-transact-sql.md (CUBE, GROUPING SETS, WITH ROLLUP) and
  // docs/t-sql/functions/grouping-id-transact-sql.md: GROUPING_ID is the bit mask of the rolled-up columns.
  it("GROUP BY CUBE with GROUPING_ID, GROUPING SETS with the grand total, WITH ROLLUP", async () => {
    const data = `CREATE TABLE #S (Country varchar(20), Region varchar(20), Sales int);
      INSERT INTO #S VALUES ('Canada', 'Alberta', 100), ('Canada', 'BC', 200), ('Canada', 'BC', 300), ('US', 'Montana', 100);`;
    const cube = await rows(
      `${data} SELECT Country, Region, SUM(Sales) AS TotalSales, GROUPING_ID(Country, Region) AS gid FROM #S GROUP BY CUBE (Country, Region)`,
    );
    const norm = (r: Record<string, unknown>[]) =>
      r
        .map((x) =>
          Object.values(x)
            .map((v) => (typeof v === "string" ? v.trimEnd() : v))
            .join("|"),
        )
        .sort();
    expect(norm(cube)).toEqual(
      [
        ["Canada", "Alberta", 100, 0],
        ["Canada", "BC", 500, 0],
        ["US", "Montana", 100, 0],
        ["Canada", null, 600, 1],
        ["US", null, 100, 1],
        [null, "Alberta", 100, 2],
        [null, "BC", 500, 2],
        [null, "Montana", 100, 2],
        [null, null, 700, 3],
      ]
        .map((x) => x.join("|"))
        .sort(),
    );
    const sets = await rows(
      `${data} SELECT Country, Region, SUM(Sales) AS TotalSales FROM #S GROUP BY GROUPING SETS ((Country), (Region), ())`,
    );
    expect(norm(sets)).toEqual(["Canada||600", "US||100", "|Alberta|100", "|BC|500", "|Montana|100", "||700"].sort());
    const rollup = await rows(
      `${data} SELECT Country, Region, SUM(Sales) AS TotalSales FROM #S GROUP BY Country, Region WITH ROLLUP`,
    );
    expect(norm(rollup)).toEqual(
      ["Canada|Alberta|100", "Canada|BC|500", "US|Montana|100", "Canada||600", "US||100", "||700"].sort(),
    );
  });

  // docs/t-sql/queries/from-using-pivot-and-unpivot.md: UNPIVOT drops NULL values.
  it("UNPIVOT leaves NULL values out", async () => {
    const r = await rows(
      `create view v as SELECT ID, col, val FROM (SELECT ID, Name, Grp FROM T WHERE ID IN (3, 4)) AS s UNPIVOT (val FOR col IN (Name, Grp)) AS u`,
    );
    expect(r.map((x) => [x.id, x.col, x.val]).sort()).toEqual([
      [3, "Grp", "y"],
      [4, "Grp", "y"],
      [4, "Name", "Zed"],
    ]);
  });
});

describe("PERCENTILE_CONT / PERCENTILE_DISC", () => {
  // docs/t-sql/functions/percentile-cont-transact-sql.md, percentile-disc-transact-sql.md: window functions over a
  // partition; NULLs ignored; CONT interpolates (float), DISC returns an input value.
  it("median per partition and over everything, NULLs ignored", async () => {
    const r = await rows(`${sample} SELECT a, b,
      PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY c) OVER (PARTITION BY b) AS cont,
      PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY c) OVER (PARTITION BY b) AS disc,
      PERCENTILE_CONT(0.25) WITHIN GROUP (ORDER BY c DESC) OVER () AS q,
      PERCENTILE_DISC(0) WITHIN GROUP (ORDER BY c) OVER () AS lo
      FROM #T ORDER BY a`);
    // b = 1: c in (-3, NULL, 5) → cont 1, disc -3; b = 2: (4, NULL) → 4, 4; b = 3: (1) → 1, 1.
    // All c descending: 5, 4, 1, -3 → position 1 + 0.25·3 = 1.75 → 5 − 0.75 = 4.25.
    expect(r.map((x) => [x.a, x.cont, x.disc, x.q, x.lo])).toEqual([
      [1, 1, -3, 4.25, -3],
      [2, 4, 4, 4.25, -3],
      [3, 1, -3, 4.25, -3],
      [4, 1, 1, 4.25, -3],
      [5, 4, 4, 4.25, -3],
      [6, 1, -3, 4.25, -3],
    ]);
  });

  it("PERCENTILE_CONT without OVER is flagged (SQL Server has it only as a window function)", () => {
    expect(
      translate(`select PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY Qty) AS m from T`).issues.map((i) => i.construct),
    ).toContain("PERCENTILE_CONT");
  });
});

describe("PIVOT", () => {
  // docs/t-sql/queries/from-using-pivot-and-unpivot.md: each value column is the aggregate of the matching rows;
  // AVG of an int column stays int (truncated), as everywhere in SQL Server.
  it("PIVOT with AVG over int keeps int, with SUM, and NULL where no row matches", async () => {
    const r = await rows(
      `create view v as SELECT 'q' AS k, [x], [y], [z] FROM (SELECT Grp, Qty FROM T) AS s PIVOT (AVG(Qty) FOR Grp IN ([x], [y], [z])) AS p`,
    );
    expect(r).toEqual([{ k: "q", x: 14, y: 4, z: null }]);
    const sums = await rows(
      `create view v as SELECT [x], [y] FROM (SELECT Grp, Qty FROM T) AS s PIVOT (SUM(Qty) FOR Grp IN ([x], [y])) AS p`,
    );
    expect(sums).toEqual([{ x: 28, y: 8 }]);
  });
});

describe("table value constructors (docs: table-value-constructor-transact-sql.md)", () => {
  it("a VALUES column has the type UNION ALL gives its rows: int and decimal rows make a decimal", async () => {
    // "Data Types": the rows follow UNION ALL's conversion to the higher precedence, so AVG keeps the fraction
    // (avg-transact-sql.md: decimal(p, s) → decimal(38, max(s, 6))) instead of the int AVG's truncation.
    const r = await rows(`SELECT AVG(x) AS a, SUM(x) AS s, MIN(x) AS lo FROM (VALUES (1), (2.5), (NULL)) AS v (x)`);
    expect([r[0]!.a, r[0]!.s, r[0]!.lo]).toEqual(["1.750000", "3.5", "1.0"]);
    const m = await rows(`SELECT x + 1 AS y FROM (VALUES ('1'), (2)) AS v (x) ORDER BY y`);
    expect(m.map((x) => x.y)).toEqual([2, 3]);
  });

  it("VALUES under CROSS APPLY reads the columns of the FROM items before it (from-transact-sql.md, APPLY)", async () => {
    const r = await rows(`SELECT t.id, u.label, u.n
      FROM (VALUES (1, 10, 20), (2, 30, NULL)) AS t (id, q1, q2)
      CROSS APPLY (VALUES ('q1', t.q1), ('q2', t.q2)) AS u (label, n)
      ORDER BY t.id, u.label`);
    expect(r.map((x) => [x.id, x.label, x.n])).toEqual([
      [1, "q1", 10],
      [1, "q2", 20],
      [2, "q1", 30],
      [2, "q2", null],
    ]);
  });
});

describe("the WINDOW clause (docs: select-window-transact-sql.md)", () => {
  const rowsOf = `FROM (VALUES (1, 4), (1, 2), (2, 3), (2, NULL)) AS v (g, o)`;
  it("an OVER names a window and may add what the window leaves out: PARTITION BY, a frame", async () => {
    const r = await rows(`SELECT g, o, SUM(o) OVER win AS total, AVG(o) OVER (win PARTITION BY g) AS av,
        COUNT(o) OVER (win ROWS BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING) AS cnt
      ${rowsOf} WINDOW win AS (ORDER BY g, o) ORDER BY g, o`);
    expect(r.map((x) => [x.g, x.o, x.total, x.av, x.cnt])).toEqual([
      [1, 2, 2, 2, 2],
      [1, 4, 6, 3, 2],
      [2, null, 6, null, 3],
      [2, 3, 9, 3, 3],
    ]);
  });

  it("windows name each other forward and backward; a window name is case-insensitive", async () => {
    const r = await rows(`SELECT o, SUM(o) OVER WIN2 AS total, AVG(o) OVER win1 AS av
      ${rowsOf} WHERE o IS NOT NULL WINDOW win1 AS (win3), win2 AS (ORDER BY g, o), win3 AS (Win2 PARTITION BY g)
      ORDER BY g, o`);
    expect(r.map((x) => [x.o, x.total, x.av])).toEqual([
      [2, 2, 2],
      [4, 6, 3],
      [3, 9, 3],
    ]);
  });

  it("an undefined or self-referring window is a parse error naming it, never a window over everything", () => {
    const undefinedWindow = translate(`SELECT SUM(o) OVER nope AS s ${rowsOf}`);
    expect(undefinedWindow.issues.map((i) => i.message).join()).toMatch(/Window nope is not defined/);
    const cycle = translate(`SELECT SUM(o) OVER a AS s ${rowsOf} WINDOW a AS (b), b AS (a)`);
    expect(cycle.issues.map((i) => i.message).join()).toMatch(/refers to itself/);
  });

  it("WINDOW stays a name where no clause follows it", async () => {
    const r = await rows(`SELECT window.o FROM (VALUES (7)) AS window (o)`);
    expect(r[0]!.o).toBe(7);
  });
});

describe("IGNORE NULLS and RESPECT NULLS (docs: lag-transact-sql.md D and E, first-value-transact-sql.md)", () => {
  const data = `FROM (VALUES ('a', 1, NULL), ('a', 2, 5), ('a', 3, NULL), ('a', 4, 6), ('a', 5, NULL), ('b', 1, NULL),
    ('b', 2, 7)) AS v (g, o, x)`;
  it("FIRST_VALUE and LAST_VALUE IGNORE NULLS take the first and last non-NULL value of the frame", async () => {
    const r = await rows(`SELECT g, o, FIRST_VALUE(x) IGNORE NULLS OVER (PARTITION BY g ORDER BY o) AS f,
        LAST_VALUE(x) IGNORE NULLS OVER (PARTITION BY g ORDER BY o) AS l,
        LAST_VALUE(x) RESPECT NULLS OVER (PARTITION BY g ORDER BY o) AS lr ${data} ORDER BY g, o`);
    expect(r.map((x) => [x.f, x.l, x.lr])).toEqual([
      [null, null, null],
      [5, 5, 5],
      [5, 5, null],
      [5, 6, 6],
      [5, 6, null],
      [null, null, null],
      [7, 7, 7],
    ]);
  });

  it("LAG and LEAD IGNORE NULLS count only non-NULL rows for the offset, and fall back to the default", async () => {
    const r = await rows(`SELECT g, o, LAG(x) IGNORE NULLS OVER (PARTITION BY g ORDER BY o) AS l,
        LEAD(x, 2, -1) IGNORE NULLS OVER (PARTITION BY g ORDER BY o) AS d ${data} ORDER BY g, o`);
    expect(r.map((x) => [x.l, x.d])).toEqual([
      [null, 6],
      [null, -1],
      [5, -1],
      [5, -1],
      [6, -1],
      [null, -1],
      [null, -1],
    ]);
  });

  it("an IGNORE NULLS offset that is not a positive integer constant is named for review", () => {
    const t = translate(`create procedure p as begin SELECT LAG(x, o) IGNORE NULLS OVER (ORDER BY o) AS l ${data} end`);
    expect(t.issues.map((i) => i.message).join()).toMatch(/IGNORE NULLS with an offset/);
  });
});
