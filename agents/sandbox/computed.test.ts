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

  it("generates columns whose translation PostgreSQL holds only stable (CONCAT, a date as text), and refuses nondeterministic ones", async () => {
    // CONCAT and GETDATE: docs concat-transact-sql.md; relational-databases/user-defined-functions/
    // deterministic-and-nondeterministic-functions.md (GETDATE is nondeterministic: SQL Server computes a
    // non-persisted column calling it when the row is read, so no stored value can stand for it).
    const script = `
CREATE TABLE dbo.Person (ID int PRIMARY KEY, First nvarchar(20) NOT NULL, Last nvarchar(20), Born datetime, Closed date,
  SearchName AS (concat([First], N' ', [Last])) PERSISTED NOT NULL,
  Label AS (CONCAT([Last], ': ', [Born])),
  IsClosed AS (case when [Closed] IS NULL then CONVERT([bit],(0)) else CONVERT([bit],(1)) end) PERSISTED,
  Age AS (DATEDIFF(year, [Born], GETDATE())))
GO
INSERT INTO dbo.Person (ID, First, Last, Born, Closed) VALUES (1, N'Ann', N'Lee', '2001-02-03', NULL), (2, N'Bo', NULL, NULL, '2020-01-01')
GO
`;
    const catalog = ingest({ kind: "script", file: "person.sql", bytes: new TextEncoder().encode(script) });
    const result = await loadCatalog(sandbox.sql, catalog);
    const rows =
      await sandbox.sql`select "SearchName" as s, "Label" as l, "IsClosed" as c, "Age" as a from "dbo"."Person" order by "ID"`;
    expect(rows.map((r) => [r.s, r.l, r.c, r.a])).toEqual([
      ["Ann Lee", "Lee: Feb  3 2001 12:00AM", false, null],
      ["Bo ", ": ", true, null],
    ]);
    expect(result.issues).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/computed column Age of dbo\.Person could not be computed/),
      }),
    ]);
    expect(result.warnings.join("\n")).toMatch(/Age: .*GETDATE is nondeterministic/);
  });

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
