import { describe, expect, it } from "vitest";
import { ingestScript, rows, table } from "./test-helpers";

// docs/t-sql/queries/output-clause-transact-sql.md: OUTPUT … INTO inserts the rows the statement affects into a
// table or table variable.
describe("OUTPUT … INTO in a data statement", () => {
  it("keeps a note on the table OUTPUT … INTO writes, whose rows the loader does not produce, and none for a table variable", () => {
    const catalog = ingestScript(`CREATE TABLE dbo.Item (id int PRIMARY KEY, name varchar(10))
CREATE TABLE dbo.Journal (id int, name varchar(10))
GO
INSERT INTO dbo.Item (id, name) OUTPUT inserted.id, inserted.name INTO dbo.Journal VALUES (1, 'a')
DECLARE @log TABLE (id int)
DELETE FROM dbo.Item OUTPUT deleted.id INTO @log WHERE id = 2
UPDATE dbo.Item SET name = 'b' OUTPUT inserted.id, inserted.name INTO dbo.Journal (id, name) WHERE id = 1
GO`);
    expect(rows(catalog, "Item")).toEqual([{ id: "1", name: "a" }]);
    expect(table(catalog, "Journal").data?.unloaded).toEqual([
      { line: 4, reason: "OUTPUT … INTO of the INSERT statement" },
      { line: 7, reason: "OUTPUT … INTO of the UPDATE statement" },
    ]);
    expect(catalog.diagnostics.filter((d) => /OUTPUT/.test(d.message)).map((d) => [d.line, d.message])).toEqual([
      [4, "OUTPUT … INTO of the INSERT statement (dbo.Journal): its rows are not loaded"],
      [7, "OUTPUT … INTO of the UPDATE statement (dbo.Journal): its rows are not loaded"],
    ]);
  });
});
