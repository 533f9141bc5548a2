import { describe, expect, it } from "vitest";
import { significant, tokenize } from "~/agents/tsql/lexer";
import { splitStatements } from "./statements";

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
