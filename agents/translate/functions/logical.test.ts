import { describe, expect, it } from "vitest";
import { renderJinja, translate } from "../testing/harness";
import { shopDatabaseForThisFile } from "../testing/database";

/**
 * Logical functions and NULL semantics proven on real PostgreSQL against the values SQL Server documents (docs:
 * logical-functions-*-transact-sql.md, isnull-, coalesce-, nullif-transact-sql.md, is-distinct-from-transact-sql.md,
 * set-concat-null-yields-null-transact-sql.md).
 */

const db = shopDatabaseForThisFile();

async function rows(tsql: string): Promise<Record<string, unknown>[]> {
  const t = translate(tsql);
  expect(t.issues, t.sql).toEqual([]);
  return [...(await db.sql.unsafe(renderJinja(t.sql, {})))];
}
const value = async (expr: string) => (await rows(`select ${expr} as v`))[0]!.v;

describe("GREATEST / LEAST", () => {
  const cases: [string, unknown][] = [
    ["LEAST('6.62', 3.1415, N'7')", "3.1415"],
    ["GREATEST('6.62', 3.1415, N'7')", "7.0000"],
    ["GREATEST('Glacier', N'Joshua Tree', 'Mount Rainier')", "Mount Rainier"],
    ["LEAST('Glacier', N'Joshua Tree', 'Mount Rainier')", "Glacier"],
    ["GREATEST(1, NULL, 3)", 3],
    ["LEAST(CAST(NULL AS int), NULL)", null],
    ["LEAST(CAST(14.99 AS smallmoney), 40, CAST(19.99 AS smallmoney))", "14.9900"],
    ["GREATEST(CAST(0.7 AS decimal(2,1)), CAST(0.65 AS decimal(3,2)))", "0.70"],
  ];
  it.each(cases)("%s → %s", async (expr, expected) => {
    expect(await value(expr)).toBe(expected);
  });
});

describe("NULL semantics", () => {
  const cases: [string, unknown][] = [
    ["ISNULL(CAST(NULL AS varchar(2)), 'abcdef')", "ab"],
    // isnull-transact-sql.md: the replacement is converted to the first argument's type, by CAST's rules
    ["ISNULL(CAST(NULL AS int), 2.7)", 2],
    ["ISNULL(CAST(NULL AS int), -2.7)", -2],
    ["ISNULL(CAST(NULL AS decimal(5,2)), 1.005)", "1.01"],
    ["ISNULL(CAST(NULL AS money), '$1,000')", "1000.0000"],
    ["ISNULL(CAST(NULL AS char(4)), 'ab')", "ab  "],
    ["ISNULL(1, 2.7)", 1],
    ["ISNULL(NULL, 2.7)", "2.7"],
    ["NULLIF(4, 4)", null],
    ["CHOOSE(4, 'a', 'b', 'c')", null],
    ["CHOOSE(2, 'a', 'b', 'c')", "b"],
    ["CHOOSE(2.5, 'a', 'b', 'c')", "b"],
    ["CHOOSE(0, 'a', 'b', 'c')", null],
    ["GREATEST('apple', 'Banana')", "Banana"],
    ["LEAST('apple', 'Banana')", "apple"],
    ["IIF(NULL > 1, 'yes', 'no')", "no"],
    ["COALESCE(NULL, NULL, 3)", 3],
    ["CONCAT('a', NULL, 1)", "a1"],
    ["CONCAT_WS(',', 'a', NULL, 'b')", "a,b"],
    ["'a' + NULL", null],
  ];
  it.each(cases)("%s → %s", async (expr, expected) => {
    expect(await value(expr)).toBe(expected);
  });

  it("NULLIF compares as = does: blank-padded, case-insensitive by default, never equal to NULL", async () => {
    // nullif-transact-sql.md: NULLIF is CASE WHEN a = b THEN NULL ELSE a END; string-comparison-assignment.md:
    // 'abc' and 'abc ' are equal. The result keeps the first value as it is, trailing blanks and case included.
    const r = await rows(`select id, NULLIF(a, b) as n from (values (1, 'abc', 'abc '), (2, 'abc', 'ABC'),
      (3, 'abc ', 'abd'), (4, NULL, 'abc'), (5, 'abc', NULL), (6, '', ' '), (7, 'Abc', 'abc')) as t(id, a, b) order by id`);
    expect(r.map((x) => x.n)).toEqual([null, null, "abc ", null, "abc", null, null]);
    expect(await value("NULLIF(1, 1.0)")).toBeNull();
    expect(await value("NULLIF(-5, 5)")).toBe(-5);
  });

  it("MIN and MAX of strings follow the case-insensitive collating sequence (min-, max-transact-sql.md)", async () => {
    const r = await rows(`select MIN(w) as lo, MAX(w) as hi from (values ('a'), ('B'), ('c'), ('D'), (NULL)) as t(w)`);
    expect([r[0]!.lo, r[0]!.hi]).toEqual(["a", "D"]);
  });

  it("IS [NOT] DISTINCT FROM treats NULLs as equal", async () => {
    const sql = (op: string) => `select v from (values (1), (null), (17)) as t(v) where v ${op} order by v`;
    expect((await rows(sql("IS DISTINCT FROM 17"))).map((r) => r.v)).toEqual([null, 1]);
    expect((await rows(sql("IS NOT DISTINCT FROM 17"))).map((r) => r.v)).toEqual([17]);
    expect((await rows(sql("IS NOT DISTINCT FROM NULL"))).map((r) => r.v)).toEqual([null]);
  });

  it("SET CONCAT_NULL_YIELDS_NULL OFF in a procedure: string + NULL is the string, from that statement on", async () => {
    const t = translate(`create procedure p as begin
      select 'abc' + NULL as before;
      SET CONCAT_NULL_YIELDS_NULL OFF;
      select 'abc' + NULL as a, NULL + 'x' as b, CAST(NULL AS varchar(3)) + NULL as c;
    end`);
    expect(t.sql).toContain("coalesce(");
    const r = (await db.sql.unsafe(renderJinja(t.sql, {})))[0]!;
    expect([r.a, r.b, r.c]).toEqual(["abc", "x", null]);
  });

  it("SET ANSI_NULLS inside a procedure is a review item where it would decide = NULL (SQL Server ignores it there)", () => {
    const t = translate(
      "create procedure p as begin SET ANSI_NULLS OFF; DECLARE @v int; select ID from T where ID = @v; end",
    );
    expect(t.issues.map((i) => i.construct)).toEqual(["SET ANSI_NULLS"]);
  });
});
