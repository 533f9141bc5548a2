import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ingest } from "~/agents/ingest";
import { loadCatalog } from "./load";
import { createSandbox, type Sandbox } from "./sandbox";

/**
 * Computed columns (docs: create-table-transact-sql.md, "computed_column_definition"): SQL Server computes their
 * value from the row and INSERTs never name them, so the sandbox computes them too, from the translated
 * expression, with the type SQL Server gives the expression.
 */
const SCRIPT = `
CREATE TABLE dbo.Pay (ID int PRIMARY KEY, Name nvarchar(20), Salary decimal(10,2), Rate decimal(3,2), Bonus AS (Salary * Rate), Label AS (UPPER(Name) + N'!'), Odd AS (dbo.fn_unknown(ID)))
GO
INSERT INTO dbo.Pay (ID, Name, Salary, Rate) VALUES (1, N'ann', 100.55, 0.10), (2, NULL, NULL, 0.5), (3, N'Bob', -80.25, 0.33)
GO
`;

describe("computed columns in the sandbox", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ adminUrl: inject("pgAdminUrl") });
  });
  afterAll(() => sandbox?.dispose());

  it("computes each row's value with SQL Server's result type, and says which columns it could not compute", async () => {
    const catalog = ingest({ kind: "script", file: "pay.sql", bytes: new TextEncoder().encode(SCRIPT) });
    const result = await loadCatalog(sandbox.sql, catalog);
    const rows =
      await sandbox.sql`select "ID", "Bonus"::text as bonus, "Label" as label, "Odd" as odd from "dbo"."Pay" order by 1`;
    // decimal(10,2) * decimal(3,2) is decimal(14,4) (docs: precision-scale-and-length-transact-sql.md).
    expect(rows.map((r) => [r.ID, r.bonus, r.label, r.odd])).toEqual([
      [1, "10.0550", "ANN!", null],
      [2, null, null, null],
      [3, "-26.4825", "BOB!", null],
    ]);
    // The column the rules cannot translate holds NULL, and every object reading the table is told so.
    expect(result.issues).toEqual([
      expect.objectContaining({
        key: "dbo.pay",
        message: expect.stringMatching(/computed column Odd of dbo\.Pay could not be computed/),
      }),
    ]);
  });
});
