import { describe, expect, it } from "vitest";
import { significant, tokenize } from "~/agents/tsql/lexer";
import { readCondition } from "./conditions";

const read = (text: string) => {
  const tokens = significant(tokenize(text));
  return readCondition(tokens, { from: 0, to: tokens.length }, text);
};

// docs: if-else-transact-sql.md (Boolean_expression; a SELECT in it is parenthesised), exists-transact-sql.md.
describe("readCondition", () => {
  it("takes [NOT] EXISTS, comparisons and IS [NOT] NULL of scalar subqueries, and number comparisons, joined by AND / OR", () => {
    for (const condition of [
      "NOT EXISTS (SELECT 1 FROM dbo.T WHERE code = 'X')",
      "(SELECT COUNT(*) FROM T) = 0",
      "0 < (SELECT MAX(n) FROM T)",
      "(SELECT MAX(n) FROM T) IS NOT NULL",
      "(NOT EXISTS (SELECT * FROM T) OR (SELECT COUNT(*) FROM U) >= -1) AND EXISTS (SELECT 1 FROM V WHERE n BETWEEN 1 AND 2)",
      "1 = 0",
    ])
      expect(read(`IF ${condition}`)).toEqual({ condition, line: 1 });
  });

  it("refuses variables, server state, string literals compared together, BETWEEN, bare expressions and parentheses nested past 256", () => {
    const shape = {
      unsupported:
        "it is not [NOT] EXISTS (<query>) or a comparison of a scalar subquery with a literal, which are all the loader evaluates",
    };
    expect(read("IF (SELECT COUNT(*) FROM T) > @n")).toEqual({
      unsupported: "it reads @n, a variable or server value the loader does not hold",
    });
    expect(read("IF @@ROWCOUNT = 0")).toEqual({
      unsupported: "it reads @@ROWCOUNT, a variable or server value the loader does not hold",
    });
    for (const condition of [
      "OBJECT_ID('dbo.T') IS NULL",
      "'a' = 'A'",
      "(SELECT COUNT(*) FROM T) BETWEEN 1 AND 2",
      "DB_NAME() = N'x'",
      "EXISTS (SELECT 1 FROM T) AND",
      `${"(".repeat(5000)}1 = 0${")".repeat(5000)}`,
    ])
      expect(read(`IF ${condition}`)).toEqual(shape);
  });
});
