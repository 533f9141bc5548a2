import { describe, expect, it } from "vitest";
import { renderJinja, translate } from "./testing/harness";
import { shopDatabaseForThisFile } from "./testing/database";

/**
 * The ATOMIC block of a natively compiled procedure (docs: relational-databases/in-memory-oltp/atomic-blocks-in-
 * native-procedures.md): "Every natively compiled stored procedure contains exactly one block of Transact-SQL
 * statements. This is an ATOMIC block"; its WITH options are TRANSACTION ISOLATION LEVEL and LANGUAGE (required),
 * DATEFIRST, DATEFORMAT and DELAYED_DURABILITY; "the session settings are fixed for the atomic block … independent of
 * the settings of the current session". set-datefirst-transact-sql.md: 2007-04-21 is a Saturday, weekday 7 under
 * us_english's DATEFIRST 7 and 6 under DATEFIRST 1.
 */
const db = shopDatabaseForThisFile();

const procedure = (options: string, select: string) =>
  translate(`CREATE PROCEDURE p
WITH NATIVE_COMPILATION, SCHEMABINDING, EXECUTE AS OWNER
AS
BEGIN ATOMIC WITH
(
  ${options}
)
  SELECT ${select} AS v;
END`);

async function value(options: string, select: string): Promise<string | null> {
  const t = procedure(options, select);
  expect(t.issues).toEqual([]);
  const rows = await db.sql.unsafe(`select (v)::text as v from (${renderJinja(t.sql, {})}) as q`);
  return (rows[0]?.v as string | null) ?? null;
}

describe("BEGIN ATOMIC WITH (…) of a natively compiled procedure", () => {
  it("runs its body as a block under the block's own language and DATEFIRST, not the caller's", async () => {
    const weekday = "DATEPART(weekday, '2007-04-21')";
    expect(await value("TRANSACTION ISOLATION LEVEL = SNAPSHOT, LANGUAGE = N'us_english'", weekday)).toBe("7");
    expect(
      await value("DATEFIRST = 1, TRANSACTION ISOLATION LEVEL = REPEATABLE READ, LANGUAGE = N'English'", weekday),
    ).toBe("6");
    expect(
      await value(
        "TRANSACTION ISOLATION LEVEL = SERIALIZABLE, LANGUAGE = N'us_english', DATEFORMAT = dmy, DELAYED_DURABILITY = ON",
        "CAST('02/03/2007' AS date)",
      ),
    ).toBe("2007-03-02");
  });

  it("sends a language the translator does not carry to review, naming it and its line", () => {
    const t = procedure("TRANSACTION ISOLATION LEVEL = SNAPSHOT, LANGUAGE = N'Arabic'", "1");
    expect(t.status).toBe("needs_review");
    expect(t.issues).toMatchObject([{ construct: "SET LANGUAGE", line: 6 }]);
  });

  it("is a parse error naming an option SQL Server does not have", () => {
    const t = procedure("TRANSACTION ISOLATION LEVEL = SNAPSHOT, LANGUAGE = N'us_english', NOCOUNT = ON", "1");
    expect(t.issues).toMatchObject([
      { construct: "parse error", message: expect.stringMatching(/ATOMIC block option NOCOUNT/) },
    ]);
  });
});
