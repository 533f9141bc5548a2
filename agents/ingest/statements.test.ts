import { describe, expect, it } from "vitest";
import { significant, tokenize } from "~/agents/tsql/lexer";
import { guardedBodies, splitStatements } from "./statements";

const split = (text: string) => {
  const tokens = significant(tokenize(text));
  return splitStatements(tokens).map(({ from, to }) =>
    tokens
      .slice(from, to)
      .map((t) => t.raw)
      .join(" "),
  );
};

describe("splitStatements", () => {
  it("splits statements that have no semicolons at their first keyword", () => {
    expect(
      split(
        "CREATE TABLE t (a int) ON [PRIMARY] INSERT INTO t VALUES (1) INSERT t VALUES (2) SET IDENTITY_INSERT t OFF",
      ),
    ).toEqual([
      "CREATE TABLE t ( a int ) ON [PRIMARY]",
      "INSERT INTO t VALUES ( 1 )",
      "INSERT t VALUES ( 2 )",
      "SET IDENTITY_INSERT t OFF",
    ]);
  });

  it("splits at semicolons and skips empty ones", () => {
    expect(split(";;select 1; select 2;")).toEqual(["select 1", "select 2"]);
  });

  it("keeps the source of INSERT … SELECT/EXEC and UNION branches in the statement", () => {
    expect(split("INSERT t SELECT 1 UNION ALL SELECT 2 INSERT t EXEC p")).toEqual([
      "INSERT t SELECT 1 UNION ALL SELECT 2",
      "INSERT t EXEC p",
    ]);
  });

  it("keeps ALTER TABLE … DROP CONSTRAINT, ALTER COLUMN and referential actions in the statement", () => {
    expect(
      split(
        "ALTER TABLE a DROP CONSTRAINT x ALTER TABLE a ALTER COLUMN c int ALTER TABLE a ADD CONSTRAINT f FOREIGN KEY (c) REFERENCES b (c) ON DELETE SET NULL ON UPDATE CASCADE DROP TABLE z",
      ),
    ).toEqual([
      "ALTER TABLE a DROP CONSTRAINT x",
      "ALTER TABLE a ALTER COLUMN c int",
      "ALTER TABLE a ADD CONSTRAINT f FOREIGN KEY ( c ) REFERENCES b ( c ) ON DELETE SET NULL ON UPDATE CASCADE",
      "DROP TABLE z",
    ]);
  });

  it("keeps UPDATE … SET and GRANT SELECT … TO together", () => {
    expect(split("UPDATE t SET a = 1 GRANT SELECT, INSERT ON t TO public SELECT 1")).toEqual([
      "UPDATE t SET a = 1",
      "GRANT SELECT , INSERT ON t TO public",
      "SELECT 1",
    ]);
  });

  it("gives CREATE VIEW/PROCEDURE/FUNCTION/TRIGGER the rest of the batch, statements in the body included", () => {
    expect(split("IF 1=1 PRINT 'x' CREATE PROCEDURE p AS SELECT 1 INSERT t VALUES (1)")).toEqual([
      "IF 1 = 1",
      "PRINT 'x'",
      "CREATE PROCEDURE p AS SELECT 1 INSERT t VALUES ( 1 )",
    ]);
    expect(split("CREATE OR ALTER VIEW v AS SELECT 1")).toHaveLength(1);
  });

  it("keeps the statement common table expressions feed whole: INSERT … SELECT, UPDATE … SET, MERGE to its semicolon (docs: with-common-table-expression-transact-sql.md: the statement before a CTE ends with a semicolon)", () => {
    expect(
      split(`WITH a AS (SELECT 1 AS n) INSERT INTO t (n) SELECT n FROM a;
WITH b AS (SELECT * FROM t) UPDATE b SET n = 2;
WITH c AS (SELECT * FROM t) MERGE c USING s ON c.n = s.n WHEN MATCHED THEN UPDATE SET n = 3 WHEN NOT MATCHED THEN INSERT (n) VALUES (s.n);
SELECT 1`),
    ).toEqual([
      "WITH a AS ( SELECT 1 AS n ) INSERT INTO t ( n ) SELECT n FROM a",
      "WITH b AS ( SELECT * FROM t ) UPDATE b SET n = 2",
      "WITH c AS ( SELECT * FROM t ) MERGE c USING s ON c . n = s . n WHEN MATCHED THEN UPDATE SET n = 3 WHEN NOT MATCHED THEN INSERT ( n ) VALUES ( s . n )",
      "SELECT 1",
    ]);
  });

  it("does not end a statement at END inside CASE", () => {
    expect(split("SELECT CASE WHEN a = 1 THEN 2 ELSE 3 END FROM t INSERT t VALUES (1)")).toEqual([
      "SELECT CASE WHEN a = 1 THEN 2 ELSE 3 END FROM t",
      "INSERT t VALUES ( 1 )",
    ]);
  });

  it("starts a new statement after SET … ON, while ON DELETE CASCADE stays in its constraint", () => {
    expect(split("SET IDENTITY_INSERT t ON INSERT t VALUES (1) SET IDENTITY_INSERT t OFF UPDATE t SET a = 1")).toEqual([
      "SET IDENTITY_INSERT t ON",
      "INSERT t VALUES ( 1 )",
      "SET IDENTITY_INSERT t OFF",
      "UPDATE t SET a = 1",
    ]);
  });
});

/** Each statement's text with what guardedBodies says decides whether it runs: IF statements by their text. */
const guards = (text: string) => {
  const tokens = significant(tokenize(text));
  const statements = splitStatements(tokens);
  const source = (k: number) =>
    tokens
      .slice(statements[k]!.from, statements[k]!.to)
      .map((t) => t.raw)
      .join(" ");
  return guardedBodies(tokens, statements).map((guard, k) => [
    source(k),
    typeof guard === "string" || guard === undefined
      ? guard
      : guard.map((b) => `${b.holds ? "" : "not "}${source(b.statement)}`).join(" & "),
  ]);
};

// docs: if-else-transact-sql.md (IF, ELSE, nesting), while-transact-sql.md, try-catch-transact-sql.md.
describe("guardedBodies", () => {
  it("pairs ELSE with the nearest IF whose body has ended, through blocks and ELSE IF chains", () => {
    expect(
      guards(`IF a = 1 IF b = 1 INSERT t VALUES (1) ELSE INSERT t VALUES (2) ELSE INSERT t VALUES (3)
INSERT t VALUES (4)
IF c = 1 BEGIN INSERT t VALUES (5) END ELSE IF d = 1 INSERT t VALUES (6) ELSE INSERT t VALUES (7)`),
    ).toEqual([
      ["IF a = 1", undefined],
      ["IF b = 1", "IF a = 1"],
      ["INSERT t VALUES ( 1 )", "IF a = 1 & IF b = 1"],
      ["ELSE", "IF a = 1"],
      ["INSERT t VALUES ( 2 )", "IF a = 1 & not IF b = 1"],
      ["ELSE", undefined],
      ["INSERT t VALUES ( 3 )", "not IF a = 1"],
      ["INSERT t VALUES ( 4 )", undefined],
      ["IF c = 1", undefined],
      ["BEGIN", "IF c = 1"],
      ["INSERT t VALUES ( 5 )", "IF c = 1"],
      ["END", "IF c = 1"],
      ["ELSE", undefined],
      ["IF d = 1", "not IF c = 1"],
      ["INSERT t VALUES ( 6 )", "not IF c = 1 & IF d = 1"],
      ["ELSE", "not IF c = 1"],
      ["INSERT t VALUES ( 7 )", "not IF c = 1 & not IF d = 1"],
    ]);
  });

  it("gives a WHILE body and a CATCH block no conditions to evaluate, whatever IF is around them", () => {
    expect(
      guards(`IF a = 1 WHILE b = 1 INSERT t VALUES (1)
BEGIN TRY INSERT t VALUES (2) END TRY
BEGIN CATCH INSERT t VALUES (3) END CATCH
BEGIN TRANSACTION INSERT t VALUES (4) COMMIT`),
    ).toEqual([
      ["IF a = 1", undefined],
      ["WHILE b = 1", "IF a = 1"],
      ["INSERT t VALUES ( 1 )", "loop"],
      ["BEGIN TRY", undefined],
      ["INSERT t VALUES ( 2 )", undefined],
      ["END TRY", undefined],
      ["BEGIN CATCH", "catch"],
      ["INSERT t VALUES ( 3 )", "catch"],
      ["END CATCH", "catch"],
      ["BEGIN TRANSACTION", undefined],
      ["INSERT t VALUES ( 4 )", undefined],
      ["COMMIT", undefined],
    ]);
  });

  it("marks a statement under more than 256 nested bodies as not followed, sharing each chain of bodies rather than copying it", () => {
    const tokens = significant(
      tokenize(`${"IF EXISTS (SELECT 1 FROM t) ".repeat(10_000)}INSERT t VALUES (1) ELSE INSERT t VALUES (2)`),
    );
    const statements = splitStatements(tokens);
    const guards = guardedBodies(tokens, statements);
    expect(guards).toHaveLength(10_003);
    expect(guards[255]).toHaveLength(255);
    expect(guards[257]).toBe("deep");
    expect(guards.slice(-3)).toEqual(["deep", "deep", "deep"]);
  });
});
