import { describe, expect, it } from "vitest";
import { ingestScript, table } from "./test-helpers";

/**
 * docs/t-sql/statements/create-trigger-transact-sql.md: a DML trigger runs when an INSERT, UPDATE or DELETE (as its
 * FOR / AFTER / INSTEAD OF list says) changes its table; INSTEAD OF runs in place of the statement.
 * docs/t-sql/statements/truncate-table-transact-sql.md: "TRUNCATE TABLE can't activate a trigger".
 */
describe("triggers fired by the script's data statements", () => {
  it("keeps a note on every table a trigger writes (through the procedures it EXECs too) from the first statement that fires it, and on its own table for INSTEAD OF", () => {
    const catalog = ingestScript(`CREATE TABLE dbo.Orders (id int PRIMARY KEY, qty int)
CREATE TABLE dbo.Audit (id int IDENTITY PRIMARY KEY, what varchar(20))
CREATE TABLE dbo.Stock (item int PRIMARY KEY, qty int)
CREATE TABLE dbo.Quiet (id int PRIMARY KEY)
GO
INSERT INTO dbo.Orders VALUES (1, 5)
GO
CREATE TRIGGER dbo.trOrders ON dbo.Orders AFTER INSERT, UPDATE AS
BEGIN
  INSERT INTO dbo.Audit (what) SELECT 'order' FROM inserted
  EXEC dbo.restock
END
GO
CREATE PROCEDURE dbo.restock AS UPDATE dbo.Stock SET qty = qty - 1
GO
CREATE TRIGGER dbo.trQuiet ON dbo.Quiet INSTEAD OF DELETE AS SELECT 1
GO
TRUNCATE TABLE dbo.Orders
INSERT INTO dbo.Quiet VALUES (1)
INSERT INTO dbo.Orders VALUES (2, 3)
UPDATE dbo.Orders SET qty = 4 WHERE id = 2
DELETE FROM dbo.Quiet WHERE id = 1
GO`);
    const fired = (name: string, on: string, event: string, instead = false) =>
      `trigger ${name} on ${on}${instead ? ` (INSTEAD OF the ${event})` : ""}, fired by the ${event} at this line: the loader runs no trigger`;
    expect(table(catalog, "Audit").data?.unloaded).toEqual([
      { line: 20, reason: fired("dbo.trOrders", "dbo.Orders", "INSERT") },
    ]);
    expect(table(catalog, "Stock").data?.unloaded).toEqual([
      { line: 20, reason: fired("dbo.trOrders", "dbo.Orders", "INSERT") },
    ]);
    expect(table(catalog, "Quiet").data?.unloaded?.map((u) => [u.line, u.reason])).toEqual([
      [22, "DELETE statement"],
      [22, fired("dbo.trQuiet", "dbo.Quiet", "DELETE", true)],
    ]);
    expect(catalog.diagnostics.filter((d) => /trigger/.test(d.message)).map((d) => [d.line, d.message])).toEqual([
      [20, `dbo.Audit is changed by ${fired("dbo.trOrders", "dbo.Orders", "INSERT")}`],
      [20, `dbo.Stock is changed by ${fired("dbo.trOrders", "dbo.Orders", "INSERT")}`],
      [22, `dbo.Quiet is changed by ${fired("dbo.trQuiet", "dbo.Quiet", "DELETE", true)}`],
    ]);
  });
});
