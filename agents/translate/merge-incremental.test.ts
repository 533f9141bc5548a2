import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { findDbt, profilesYaml, runTool } from "~/agents/dbt/cli";
import { withDatabase } from "~/db/testing";
import { main as migrate } from "~/scripts/migrate";

/**
 * A procedure that upserts a permanent table with MERGE becomes dbt's incremental model of that table, checked with
 * real dbt (.venv-dbt) on a real PostgreSQL, as a user runs the generated project: `migrate load` creates and fills
 * the source tables, `dbt build` builds the table, and each later `dbt build` is the procedure run again.
 * Each expected state is what the rules of docs/t-sql/statements/merge-transact-sql.md give for the data: a matched
 * row takes the first WHEN MATCHED clause whose AND holds (none: unchanged), a source row with no match is inserted
 * by WHEN NOT MATCHED [BY TARGET] when its AND holds, a NULL key matches nothing, text keys match under the
 * case-insensitive default collation.
 */

const dbt = findDbt();
if (!dbt) {
  const why = "dbt is not installed: run `npm run setup:dbt` (CI does), or set DBT_BIN";
  if (process.env.CI) throw new Error(why);
  console.warn(`SKIPPED: MERGE as an incremental model under real dbt — ${why}`);
}

const SCRIPT = `
CREATE TABLE dbo.Product (ProductID int PRIMARY KEY, Name varchar(20) NOT NULL, Qty int NULL)
GO
INSERT INTO dbo.Product VALUES (1, 'Apple', 10), (2, 'Pear', 20), (3, 'Plum', 30)
GO
CREATE TABLE dbo.Delivery (ProductID int NULL, Name varchar(20) NULL, Qty int NULL)
GO
INSERT INTO dbo.Delivery VALUES (2, 'PEAR', 5), (4, 'Kiwi', 7), (3, 'Plum', 0), (NULL, 'Nut', 1), (6, 'Lime', -1)
GO
CREATE TABLE dbo.Price (Code varchar(10) PRIMARY KEY, Amount decimal(9,2) NOT NULL)
GO
INSERT INTO dbo.Price VALUES ('ABC', 1.50), ('XYZ', 2.00)
GO
CREATE PROCEDURE dbo.ApplyDeliveries AS
SET NOCOUNT ON;
MERGE INTO dbo.Product AS t
USING dbo.Delivery AS s ON t.ProductID = s.ProductID
WHEN MATCHED AND s.Qty > 0 THEN UPDATE SET t.Qty = t.Qty + s.Qty
WHEN NOT MATCHED BY TARGET AND s.Qty >= 0 THEN INSERT (ProductID, Name, Qty) VALUES (s.ProductID, s.Name, s.Qty);
GO
CREATE PROCEDURE dbo.SetPrices AS
MERGE dbo.Price AS p
USING (VALUES ('abc  ', 1.75), ('new', 3.00)) AS v (Code, Amount) ON p.Code = v.Code
WHEN MATCHED THEN UPDATE SET Amount = v.Amount
WHEN NOT MATCHED THEN INSERT VALUES (v.Code, v.Amount);
GO
`;

describe.skipIf(!dbt)("MERGE into a permanent table, as a dbt incremental model under real dbt", () => {
  let dir: string;
  let project: string;
  let databaseUrl: string;
  let drop: () => Promise<void> = async () => {};
  const dbtRun = (...args: string[]) =>
    runTool(dbt!, [...args, "--project-dir", project, "--profiles-dir", project], { cwd: project, timeoutMs: 600_000 });
  const rows = async (query: string) => {
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      return (await sql.unsafe(query).values()).map((r) => r.map((v) => (v === null ? null : String(v))));
    } finally {
      await sql.end();
    }
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "dm-merge-"));
    const script = path.join(dir, "upsert.sql");
    fs.writeFileSync(script, SCRIPT);
    project = path.join(dir, "project");
    const said: string[] = [];
    const io = { out: (l: string) => said.push(l), err: (l: string) => said.push(l) };
    expect(await migrate([script, "--out", project, "--no-dbt", "--quiet"], io), said.join("\n")).toBe(0);

    const adminUrl = inject("pgAdminUrl");
    const name = `merge_${Math.random().toString(36).slice(2, 10)}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    databaseUrl = withDatabase(adminUrl, name);
    drop = async () => {
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    };
    expect(await migrate(["load", script, "--database-url", databaseUrl], io), said.join("\n")).toBe(0);
    const profile = /^profile: (.+)$/m.exec(fs.readFileSync(path.join(project, "dbt_project.yml"), "utf8"))![1]!.trim();
    fs.writeFileSync(
      path.join(project, "profiles.yml"),
      profilesYaml(profile.replace(/^"|"$/g, ""), databaseUrl, "analytics"),
    );
  }, 600_000);

  afterAll(async () => {
    await drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("is configured as an incremental model keyed by the ON columns, with dbt's merge strategy", () => {
    const model = fs.readFileSync(path.join(project, "models/marts/core/apply_deliveries.sql"), "utf8");
    expect(model).toMatch(
      /^\{\{ config\(materialized='incremental', incremental_strategy='merge', unique_key=\['product_id'\]\) \}\}\n\{% if is_incremental\(\) %\}/m,
    );
  });

  it("first build: the table after the MERGE; each later build: the MERGE applied again to the table it left, new source rows included", async () => {
    const first = await dbtRun("build", "--select", "+apply_deliveries", "+set_prices");
    expect(first.ok, first.output.slice(-3000)).toBe(true);
    // Pear matched (5 > 0): 20 + 5; Plum matched but its AND fails: unchanged; Kiwi inserted; the NULL key matches
    // nothing and is inserted; Lime's insert condition fails.
    const once = [
      ["1", "Apple", "10"],
      ["2", "Pear", "25"],
      ["3", "Plum", "30"],
      ["4", "Kiwi", "7"],
      [null, "Nut", "1"],
    ];
    const product = `select product_id, name, qty from analytics.apply_deliveries order by product_id nulls last`;
    expect(await rows(product)).toEqual(once);
    // 'abc  ' matches ABC (case and trailing blanks ignored): updated, the key kept as stored; 'new' inserted.
    const prices = `select code, amount from analytics.set_prices order by code`;
    expect(await rows(prices)).toEqual([
      ["ABC", "1.75"],
      ["new", "3.00"],
      ["XYZ", "2.00"],
    ]);

    await rows(`insert into "dbo"."Delivery" values (5, 'Fig', 1)`);
    const again = await dbtRun("build", "--select", "+apply_deliveries", "+set_prices");
    expect(again.ok, again.output.slice(-3000)).toBe(true);
    // Run twice, SQL Server adds each delivery again to the rows it now matches (Kiwi included), inserts Fig, and
    // inserts the NULL-keyed row a second time (NULL never matches).
    expect(await rows(product)).toEqual([
      ["1", "Apple", "10"],
      ["2", "Pear", "30"],
      ["3", "Plum", "30"],
      ["4", "Kiwi", "14"],
      ["5", "Fig", "1"],
      [null, "Nut", "1"],
      [null, "Nut", "1"],
    ]);
    // 'new' now exists: updated to the same value; nothing inserted twice.
    expect(await rows(prices)).toEqual([
      ["ABC", "1.75"],
      ["new", "3.00"],
      ["XYZ", "2.00"],
    ]);
  }, 600_000);
});
