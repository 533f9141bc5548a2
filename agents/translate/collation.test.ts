import { describe, expect, inject, it } from "vitest";
import { ZCatalog } from "~/agents/catalog/schema";
import { loadCatalog } from "~/agents/sandbox/load";
import { withSandbox } from "~/agents/sandbox/sandbox";
import { quoteIdent } from "~/agents/dialect/postgres";
import { renderJinja } from "./testing/northwind";
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
CREATE TABLE dbo.Word (Id int NOT NULL, W varchar(10) NULL, Cs varchar(10) COLLATE Latin1_General_CS_AS NULL)
GO
INSERT INTO dbo.Word VALUES (1, 'rock', 'ab'), (2, 'Rock  ', 'ab  '), (3, 'jazz', 'AB'), (4, 'JAZZ ', 'Ab')
GO
CREATE VIEW dbo.v_group_left AS SELECT LEFT(W, 6) AS k, COUNT(*) AS n FROM dbo.Word GROUP BY LEFT(W, 6)
GO
CREATE VIEW dbo.v_group_concat AS SELECT UPPER(W) + '' AS k, COUNT(*) AS n FROM dbo.Word GROUP BY UPPER(W) + '' HAVING COUNT(*) > 0
GO
CREATE VIEW dbo.v_group_case AS SELECT CASE WHEN Id % 2 = 1 THEN 'x' ELSE 'X  ' END AS k, COUNT(*) AS n FROM dbo.Word GROUP BY CASE WHEN Id % 2 = 1 THEN 'x' ELSE 'X  ' END
GO
CREATE VIEW dbo.v_group_cs AS SELECT COUNT(*) AS n FROM dbo.Word GROUP BY LEFT(Cs, 6)
GO
CREATE VIEW dbo.v_group_bin2 AS SELECT COUNT(*) AS n FROM dbo.Word GROUP BY W COLLATE Latin1_General_BIN2
GO
CREATE VIEW dbo.v_distinct_expr AS SELECT DISTINCT LOWER(W) + '' AS k FROM dbo.Word
GO
CREATE VIEW dbo.v_distinct_cs AS SELECT DISTINCT LEFT(Cs, 6) AS k FROM dbo.Word
GO
CREATE VIEW dbo.v_union_literals AS SELECT CASE WHEN Id > 2 THEN 'x' ELSE 'X ' END AS k FROM dbo.Word UNION SELECT 'x'
GO
CREATE VIEW dbo.v_union_cs AS SELECT Cs FROM dbo.Word UNION SELECT 'AB'
GO
CREATE VIEW dbo.v_partition_expr AS SELECT Id, COUNT(*) OVER (PARTITION BY CASE WHEN Id % 2 = 1 THEN 'x' ELSE 'X ' END) AS n, COUNT(*) OVER (PARTITION BY LEFT(Cs, 6)) AS cs FROM dbo.Word
GO
CREATE VIEW dbo.v_count_distinct_expr AS SELECT COUNT(DISTINCT CASE WHEN Id % 2 = 1 THEN 'x' ELSE 'X ' END) AS n, COUNT(DISTINCT UPPER(Cs) + '') AS cs FROM dbo.Word
GO
CREATE VIEW dbo.v_any AS SELECT Id FROM dbo.Orders WHERE CustCode = ANY (SELECT Code FROM dbo.Customer)
GO
CREATE VIEW dbo.v_all AS SELECT Id FROM dbo.Word WHERE W <> ALL (SELECT 'rock')
GO
CREATE VIEW dbo.v_ge_all AS SELECT Id FROM dbo.Word WHERE W >= ALL (SELECT 'JAZZ  ')
GO
CREATE VIEW dbo.v_some_cs AS SELECT Id FROM dbo.Word WHERE W COLLATE Latin1_General_CS_AS = SOME (SELECT 'rock')
GO
CREATE VIEW dbo.v_any_cs_column AS SELECT Id FROM dbo.Word WHERE 'ab' = ANY (SELECT Cs FROM dbo.Word)
GO
CREATE VIEW dbo.v_between AS SELECT Id FROM dbo.Word WHERE W BETWEEN 'jazz  ' AND 'JAZZ'
GO
CREATE VIEW dbo.v_expr_cs AS SELECT Id FROM dbo.Word WHERE LEFT(Cs, 2) = 'ab'
GO
CREATE VIEW dbo.v_paren_cs AS SELECT Id FROM dbo.Word WHERE (Cs) = 'ab'
GO
CREATE VIEW dbo.v_accent_insensitive AS SELECT Id FROM dbo.Word WHERE W COLLATE Latin1_General_CI_AI = 'rôck'
GO
CREATE VIEW dbo.v_cs_source AS SELECT Id, Cs FROM dbo.Word
GO
CREATE TABLE dbo.Pad (Id int NOT NULL, W varchar(10) NULL)
GO
INSERT INTO dbo.Pad VALUES (1, 'pop  '), (2, 'POP  '), (3, 'ska')
GO
CREATE VIEW dbo.v_group_kept_blanks AS SELECT W + '|' AS k, UPPER(W) AS u, LEN(W) AS len, DATALENGTH(W) AS bytes, COUNT(*) AS n FROM dbo.Pad GROUP BY W HAVING W + '|' <> ''
GO
CREATE VIEW dbo.v_cs_through_view AS SELECT Id FROM dbo.v_cs_source WHERE Cs = 'ab'
GO
`;

const { byName, db, run } = translatedScriptForThisFile(SCRIPT, "collation.sql");
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

/**
 * Grouping and duplicate removal on expressions, quantified comparisons and BETWEEN, and the collation an expression
 * carries. docs/t-sql/statements/set-ansi-padding-transact-sql.md and "How SQL Server compares strings with trailing
 * spaces" (support.microsoft.com/kb/316626): `=`, GROUP BY, DISTINCT and the other comparisons pad the shorter
 * string with blanks, so 'rock' and 'Rock  ' are one value under CI_AS. docs/t-sql/statements/collation-precedence-
 * transact-sql.md: a function or operator over a column takes the column's collation (implicit), a literal the
 * database default (coercible-default), COLLATE is explicit and wins; `_BIN2` compares code points, still padded.
 */
describe("expressions compare like the column they come from, blank-padded", () => {
  it("GROUP BY on an expression puts trailing-blank and case variants in one group", async () => {
    // rock/Rock  and jazz/JAZZ : two groups of two, whichever variant SQL Server shows.
    const counts = async (name: string) => (await rows(name)).map((r) => r[r.length - 1]);
    expect(await counts("v_group_left")).toEqual([2, 2]);
    expect(await counts("v_group_concat")).toEqual([2, 2]);
    // Literals only: the database default collation (case-insensitive) decides, not PostgreSQL's.
    expect(await counts("v_group_case")).toEqual([4]);
  });

  it("GROUP BY on an expression of a _CS_AS column or under an explicit _BIN2 keeps case apart, still blank-padded", async () => {
    // Cs: ab = 'ab  ', AB, Ab. W under BIN2: rock, Rock, jazz, JAZZ.
    expect((await rows("v_group_cs")).flat()).toEqual([1, 1, 2]);
    expect((await rows("v_group_bin2")).flat()).toEqual([1, 1, 1, 1]);
  });

  it("DISTINCT, UNION, PARTITION BY and COUNT(DISTINCT) over expressions remove the same duplicates", async () => {
    expect(await rows("v_distinct_expr")).toHaveLength(2);
    expect(await rows("v_distinct_cs")).toHaveLength(3);
    expect(await rows("v_union_literals")).toHaveLength(1);
    expect(await rows("v_union_cs")).toHaveLength(3);
    expect(await rows("v_partition_expr")).toEqual([
      [1, 4, 2],
      [2, 4, 2],
      [3, 4, 1],
      [4, 4, 1],
    ]);
    expect(await rows("v_count_distinct_expr")).toEqual([[1, 1]]);
  });

  it("= ANY, <> ALL, >= ALL and = SOME over a subquery compare blank-padded under the collation", async () => {
    expect(await rows("v_any")).toEqual([[1], [2]]);
    expect(await rows("v_all")).toEqual([[3], [4]]);
    expect(await rows("v_ge_all")).toEqual([[1], [2], [3], [4]]);
    // An explicit COLLATE on the left decides; a _CS_AS column in the subquery decides over a literal.
    expect(await rows("v_some_cs")).toEqual([[1]]);
    expect(await rows("v_any_cs_column")).toEqual([[1], [2], [3], [4]]);
  });

  it("BETWEEN on strings is blank-padded and case-insensitive", async () => {
    expect(await rows("v_between")).toEqual([[3], [4]]);
  });

  it("an expression, a parenthesis or a view's column keeps its column's _CS_AS collation; _AI ignores accents", async () => {
    expect(await rows("v_expr_cs")).toEqual([[1], [2]]);
    expect(await rows("v_paren_cs")).toEqual([[1], [2]]);
    // The view a model reads is built first, as dbt builds it.
    const source = byName("v_cs_source");
    await db.sql.unsafe(`create view ${quoteIdent(source.model)} as ${renderJinja(source.sql, {})}`);
    expect(await rows("v_cs_through_view")).toEqual([[1], [2]]);
    expect(await rows("v_accent_insensitive")).toEqual([[1], [2]]);
  });
});

/**
 * A grouped varchar keeps the value SQL Server shows for the group, trailing blanks included, wherever the query
 * uses it: `+` (docs: string-concatenation-transact-sql.md, blanks are kept), UPPER, DATALENGTH (bytes, blanks
 * counted), while LEN ignores trailing blanks (len-transact-sql.md).
 */
describe("a GROUP BY key keeps its trailing blanks in the expressions over it", () => {
  it("'pop  ' + '|' is 'pop  |' for the group of 'pop  ' and 'POP  ', whichever variant represents it", async () => {
    const got = (await rows("v_group_kept_blanks")).map(([k, u, len, bytes, n]) => [
      String(k).toLowerCase(),
      u,
      len,
      bytes,
      n,
    ]);
    expect(got).toEqual([
      ["pop  |", "POP  ", 3, 5, 2],
      ["ska|", "SKA", 3, 3, 1],
    ]);
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

  // docs/t-sql/statements/set-ansi-padding-transact-sql.md and "How SQL Server compares strings with trailing
  // spaces": keys compare blank-padded, so 'a' and 'a  ' are the same key and SQL Server refuses the second.
  it("refuses a key that differs only in trailing blanks, naming the table, the row and the value", async () => {
    const catalog = ZCatalog.parse({
      database: "keys",
      tables: [
        {
          name: "P",
          location: { file: "keys.sql", line: 1 },
          columns: [
            { name: "Code", type: { name: "varchar", length: 10 }, nullable: false },
            { name: "Alt", type: { name: "nvarchar", length: 10 } },
            { name: "N", type: { name: "int" } },
          ],
          primaryKey: { columns: ["Code"] },
          uniqueConstraints: [{ columns: ["Alt", "N"] }],
          data: {
            columns: ["Code", "Alt", "N"],
            rows: [
              ["a", "x", "1"],
              ["a  ", "y", "1"],
              ["b", "X  ", "1"],
              ["c", "x ", "2"],
            ],
            source: { file: "keys.sql", lines: [3, 4, 5, 6] },
          },
        },
      ],
    });
    await withSandbox({ adminUrl: inject("pgAdminUrl") }, async (sandbox) => {
      const result = await loadCatalog(sandbox.sql, catalog);
      expect(await sandbox.sql`select "Code", "Alt", "N" from "dbo"."P" order by "Code"`).toEqual([
        { Code: "a", Alt: "x", N: 1 },
        { Code: "c", Alt: "x ", N: 2 },
      ]);
      expect(result.warnings).toEqual([
        `dbo.P: row 2 of the script's data (keys.sql line 4) was rejected: duplicate key value violates unique constraint "P_Code_idx" Key (("Code"::bpchar))=(a  ) already exists.`,
        `dbo.P: row 3 of the script's data (keys.sql line 5) was rejected: duplicate key value violates unique constraint "P_Alt_N_idx" Key (("Alt"::bpchar), "N")=(X  , 1) already exists.`,
      ]);
      expect(result.issues).toEqual([expect.objectContaining({ table: "dbo.P", file: "keys.sql", line: 4 })]);
    });
  });
});
