import { describe, expect, it } from "vitest";
import { quoteIdent } from "~/agents/dialect/postgres";
import { renderJinja } from "./testing/northwind";
import { sortedValues, translatedScriptForThisFile } from "./testing/script";

/**
 * SQL Server's collation precedence on real PostgreSQL 18 (docs: docs/t-sql/statements/collation-precedence-
 * transact-sql.md). Labels: Explicit (a COLLATE clause) > Implicit (a column reference) > Coercible-default (a
 * literal, a variable); Explicit X with Explicit Y is an error; Implicit X with Implicit Y gives No-collation,
 * which comparisons (error 468), the select list (451) and collation-sensitive functions (446) refuse — SQL Server
 * then refuses the object, so the translation must go to review naming the conflict and its line, never build.
 * The page's own examples come first, on its TestTab (GreekCol greek_ci_as, LatinCol latin1_general_cs_as, one
 * row 1, N'A', N'a').
 */

const SCRIPT = `
CREATE TABLE dbo.TestTab (id int, GreekCol nvarchar(10) collate greek_ci_as, LatinCol nvarchar(10) collate latin1_general_cs_as)
GO
INSERT TestTab VALUES (1, N'A', N'a');
GO
CREATE VIEW dbo.doc_conflict AS SELECT *
FROM TestTab
WHERE GreekCol = LatinCol -- doc_conflict
GO
CREATE VIEW dbo.doc_explicit AS SELECT * FROM TestTab WHERE GreekCol = LatinCol COLLATE greek_ci_as
GO
CREATE VIEW dbo.doc_case_select AS
SELECT (CASE WHEN id > 10 THEN GreekCol ELSE LatinCol END) AS c -- doc_case_select
FROM TestTab
GO
CREATE VIEW dbo.doc_case_patindex AS
SELECT PATINDEX((CASE WHEN id > 10 THEN GreekCol ELSE LatinCol END), 'a') AS p -- doc_case_patindex
FROM TestTab
GO
CREATE VIEW dbo.case_patindex AS
SELECT PATINDEX('%a%', CASE WHEN id > 10 THEN GreekCol ELSE LatinCol END) AS p -- case_patindex
FROM TestTab
GO
CREATE VIEW dbo.case_len AS
SELECT LEN(CASE WHEN id > 10 THEN GreekCol ELSE LatinCol END) AS n -- case_len
FROM TestTab
GO
CREATE VIEW dbo.case_is_null AS SELECT id FROM TestTab WHERE CASE WHEN id > 10 THEN GreekCol ELSE LatinCol END IS NOT NULL
GO
CREATE VIEW dbo.doc_case_collate AS SELECT (CASE WHEN id > 10 THEN GreekCol ELSE LatinCol END) COLLATE Latin1_General_CI_AS AS c FROM TestTab
GO
CREATE TABLE dbo.Other (id int, Code nvarchar(10) collate latin1_general_cs_as, Name nvarchar(10))
GO
INSERT INTO dbo.Other VALUES (1, N'A', N'a'), (2, N'a', N'B')
GO
CREATE VIEW dbo.join_conflict AS SELECT t.id
FROM TestTab t JOIN Other o ON o.Name = t.LatinCol -- join_conflict
GO
CREATE VIEW dbo.join_same AS SELECT o.id FROM TestTab t JOIN Other o ON o.Code = t.LatinCol
GO
CREATE VIEW dbo.union_conflict AS SELECT GreekCol AS c FROM TestTab
UNION SELECT Code FROM Other -- union_conflict
GO
CREATE VIEW dbo.union_all_conflict AS SELECT GreekCol AS c FROM TestTab
UNION ALL SELECT Code FROM Other -- union_all_conflict
GO
CREATE VIEW dbo.union_explicit AS SELECT GreekCol COLLATE Latin1_General_CS_AS AS c FROM TestTab UNION SELECT Code FROM Other
GO
CREATE VIEW dbo.in_conflict AS SELECT id FROM TestTab
WHERE GreekCol IN (LatinCol, N'x') -- in_conflict
GO
CREATE VIEW dbo.case_compared AS SELECT id FROM TestTab
WHERE CASE WHEN id = 1 THEN GreekCol ELSE LatinCol END = N'a' -- case_compared
GO
CREATE VIEW dbo.concat_selected AS
SELECT GreekCol + LatinCol AS c -- concat_selected
FROM TestTab
GO
CREATE VIEW dbo.concat_collated AS SELECT (GreekCol + LatinCol) COLLATE Latin1_General_CS_AS AS c FROM TestTab
GO
CREATE VIEW dbo.explicit_explicit AS SELECT id FROM TestTab
WHERE GreekCol COLLATE Greek_CS_AS = LatinCol COLLATE Latin1_General_CI_AS -- explicit_explicit
GO
CREATE VIEW dbo.collate_twice AS SELECT id FROM TestTab
WHERE LatinCol = (N'abc' COLLATE French_CI_AS) COLLATE French_CS_AS -- collate_twice
GO
CREATE VIEW dbo.coercible_yields AS SELECT (SELECT COUNT(*) FROM TestTab WHERE LatinCol = N'A') AS cs, (SELECT COUNT(*) FROM TestTab WHERE GreekCol = N'a') AS ci
GO
CREATE PROCEDURE dbo.variable_yields AS
BEGIN
  DECLARE @v nvarchar(10) = N'A';
  SELECT id FROM TestTab WHERE LatinCol = @v
END
GO
CREATE VIEW dbo.v_left AS SELECT id, LEFT(LatinCol, 1) AS l FROM TestTab
GO
CREATE VIEW dbo.v_left_reader AS SELECT id FROM v_left WHERE l = N'A'
GO
CREATE VIEW dbo.v_literal AS SELECT id, N'a' AS lit FROM TestTab
GO
CREATE VIEW dbo.literal_reader AS SELECT t.id
FROM v_literal v JOIN TestTab t ON t.LatinCol = v.lit -- literal_reader
GO
CREATE VIEW dbo.literal_vs_subquery AS SELECT id FROM TestTab WHERE N'A' = (SELECT MAX(LatinCol) FROM TestTab)
GO
CREATE VIEW dbo.subquery_conflict AS SELECT id FROM TestTab
WHERE GreekCol = (SELECT MAX(LatinCol) FROM TestTab) -- subquery_conflict
GO
CREATE PROCEDURE dbo.temp_declared AS
BEGIN
  CREATE TABLE #t (id int, c nvarchar(10) COLLATE Latin1_General_CS_AS)
  INSERT INTO #t SELECT id, GreekCol FROM TestTab
  INSERT INTO #t VALUES (2, N'a')
  SELECT id FROM #t WHERE c = N'a'
END
GO
CREATE PROCEDURE dbo.table_variable_declared AS
BEGIN
  DECLARE @t TABLE (c nvarchar(10) COLLATE Latin1_General_CS_AS)
  INSERT INTO @t VALUES (N'a'), (N'A'), (N'a ')
  SELECT c, COUNT(*) AS n FROM @t GROUP BY c
END
GO
CREATE PROCEDURE dbo.temp_default_conflict AS
BEGIN
  CREATE TABLE #t (c nvarchar(10))
  INSERT INTO #t VALUES (N'a')
  SELECT t.id FROM TestTab t JOIN #t x ON x.c = t.LatinCol -- temp_default_conflict
END
GO
`;

const { byName, db, lineOf, run } = translatedScriptForThisFile(SCRIPT, "precedence.sql");
const rows = async (name: string) => sortedValues(await run(name));

/** The object went to review for a collation conflict between `a` and `b`, reported on the marker's line. */
function refused(name: string, a: string, b: string) {
  const t = byName(name);
  expect(t.status, t.sql).toBe("needs_review");
  const conflict = t.issues.find((i) => i.construct === "collation conflict");
  expect(conflict, JSON.stringify(t.issues)).toBeDefined();
  expect(conflict!.line).toBe(lineOf(`-- ${name}`));
  expect(conflict!.message.toLowerCase()).toContain(`"${a.toLowerCase()}"`);
  expect(conflict!.message.toLowerCase()).toContain(`"${b.toLowerCase()}"`);
}

describe("collation precedence: the page's examples", () => {
  it("GreekCol = LatinCol is a conflict SQL Server refuses (Msg 468): review, naming both collations and the line", () => {
    refused("doc_conflict", "greek_ci_as", "latin1_general_cs_as");
  });

  it("an explicit COLLATE on one side decides over the other side's implicit collation: the page's one row", async () => {
    expect(await rows("doc_explicit")).toEqual([[1, "A", "a"]]);
  });

  it("a CASE over columns of two collations has no collation: refused in the select list (451) and by PATINDEX (446)", () => {
    refused("doc_case_select", "greek_ci_as", "latin1_general_cs_as");
    // The page's PATINDEX takes the CASE as its pattern, which the rules do not translate anyway; as the
    // searched string, the conflict is what refuses it. LEN is collation-sensitive too.
    expect(byName("doc_case_patindex").status).toBe("needs_review");
    refused("case_patindex", "greek_ci_as", "latin1_general_cs_as");
    refused("case_len", "greek_ci_as", "latin1_general_cs_as");
  });

  it("a collation-insensitive use of that CASE (IS NULL) is accepted", async () => {
    expect(await rows("case_is_null")).toEqual([[1]]);
  });

  it("the same CASE under COLLATE is explicit and selected: the page's result 'a'", async () => {
    expect(await rows("doc_case_collate")).toEqual([["a"]]);
  });
});

describe("collation precedence: implicit against implicit", () => {
  it("a join on columns of two collations is refused; on columns of one collation it compares under it", async () => {
    refused("join_conflict", "latin1_general_cs_as", "latin1_general_ci_as");
    // Code (CS_AS) = LatinCol (CS_AS): only 'a' matches 'a'.
    expect(await rows("join_same")).toEqual([[2]]);
  });

  it("UNION and UNION ALL of two collations in one column are refused", () => {
    refused("union_conflict", "greek_ci_as", "latin1_general_cs_as");
    refused("union_all_conflict", "greek_ci_as", "latin1_general_cs_as");
  });

  it("an explicit COLLATE in one branch decides the UNION's column: 'A' and 'a' stay apart under CS_AS", async () => {
    expect(await rows("union_explicit")).toEqual([["a"], ["A"]]);
  });

  it("IN with a list of another collation, a compared CASE and a selected concatenation are refused", () => {
    refused("in_conflict", "greek_ci_as", "latin1_general_cs_as");
    refused("case_compared", "greek_ci_as", "latin1_general_cs_as");
    refused("concat_selected", "greek_ci_as", "latin1_general_cs_as");
  });

  it("a concatenation without a collation can still be given one with COLLATE", async () => {
    expect(await rows("concat_collated")).toEqual([["Aa"]]);
  });

  it("two different explicit collations are an error wherever they meet", () => {
    refused("explicit_explicit", "greek_cs_as", "latin1_general_ci_as");
  });

  it("a second COLLATE on an explicit expression is refused (the page's WHERE ColumnA = ('abc' COLLATE …) COLLATE …)", () => {
    const t = byName("collate_twice");
    expect(t.status).toBe("needs_review");
    expect(t.issues).toContainEqual(
      expect.objectContaining({ construct: "COLLATE", line: lineOf("-- collate_twice") }),
    );
  });
});

describe("collation precedence: coercible-default yields, columns of models keep theirs", () => {
  it("a literal or a variable takes the column's collation: N'A' misses 'a' under CS_AS, N'a' finds 'A' under CI_AS", async () => {
    expect(await rows("coercible_yields")).toEqual([[0, 1]]);
    expect(await rows("variable_yields")).toEqual([]);
  });

  it("a view's column computed from a CS_AS column compares case-sensitively downstream", async () => {
    const source = byName("v_left");
    await db.sql.unsafe(`create view ${quoteIdent(source.model)} as ${renderJinja(source.sql, {})}`);
    expect(await rows("v_left_reader")).toEqual([]);
  });

  it("a scalar subquery's value has its column's collation: N'A' misses 'a' under CS_AS, GreekCol against it is a conflict", async () => {
    expect(await rows("literal_vs_subquery")).toEqual([]);
    refused("subquery_conflict", "greek_ci_as", "latin1_general_cs_as");
  });

  it("a view's literal column has the database default, so joining it to a CS_AS column is refused", () => {
    refused("literal_reader", "latin1_general_cs_as", "latin1_general_ci_as");
  });
});

/**
 * Temp tables and table variables: a column declared with COLLATE compares under it whatever collation the
 * inserted values had; one declared without compares under the default (tempdb's, the database's here) and is
 * a column reference like any other (docs: collation-precedence-transact-sql.md, "Implicit X"; create-table-
 * transact-sql.md, "COLLATE collation_name": a column's collation, default the database's).
 */
describe("collation precedence: temp tables and table variables", () => {
  it("a #temp column declared COLLATE …_CS_AS compares case-sensitively, also over values from a CI_AS column", async () => {
    expect(await rows("temp_declared")).toEqual([[2]]);
  });

  it("a table variable's CS_AS column groups case-sensitively, still blank-padded", async () => {
    const got = (await rows("table_variable_declared"))
      .map(([c, n]) => [String(c).trimEnd(), Number(n)] as const)
      .sort((x, y) => y[1] - x[1]);
    expect(got).toEqual([
      ["a", 2],
      ["A", 1],
    ]);
  });

  it("a #temp column declared without COLLATE joined to a CS_AS column is a conflict", () => {
    refused("temp_default_conflict", "latin1_general_ci_as", "latin1_general_cs_as");
  });
});
