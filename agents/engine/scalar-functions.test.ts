import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runPipeline, type PipelineResult } from "~/agents/graph/pipeline";

/**
 * Scalar functions become dbt macros; with expected results (manifest entries of kind `function`, params by
 * parameter name) the Evaluator validates each by calling it, so a function is proven on its own and not only
 * through the models that happen to call it.
 */
const SCRIPT = `
CREATE TABLE dbo.Emp (EmpID int PRIMARY KEY, Salary decimal(10,2))
GO
INSERT INTO dbo.Emp VALUES (1, 100.55), (2, 80.25)
GO
CREATE FUNCTION dbo.fn_bonus (@s decimal(10,2), @rate decimal(3,2) = 0.10) RETURNS decimal(10,2) AS
BEGIN
  RETURN @s * @rate
END
GO
CREATE FUNCTION dbo.fn_label (@id int) RETURNS varchar(5) AS
BEGIN
  RETURN 'emp-' + CAST(@id AS varchar(10))
END
GO
CREATE VIEW dbo.v_bonus AS SELECT EmpID, dbo.fn_bonus(Salary, 0.10) AS Bonus FROM dbo.Emp
GO
`;

const MANIFEST = {
  objects: [
    // docs: create-function-transact-sql.md — RETURN converts to the declared type: 100.55 * 0.10 = 10.0550 → 10.06.
    { object: "dbo.fn_bonus", kind: "function", file: "bonus.csv", params: { s: "100.55", rate: "0.10" } },
    // A parameter left out is NULL, and NULL * x is NULL.
    { object: "dbo.fn_bonus", kind: "function", file: "bonus_null.csv", params: { rate: "0.5" } },
    // RETURNS varchar(5) keeps the first 5 characters of 'emp-12'.
    { object: "dbo.fn_label", kind: "function", file: "label.csv", params: { id: 12 } },
  ],
};

describe("scalar functions validated by calling them", () => {
  let dir: string;
  let result: PipelineResult;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "dm-scalar-"));
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(MANIFEST));
    fs.writeFileSync(path.join(dir, "bonus.csv"), "Result\r\n10.06\r\n");
    fs.writeFileSync(path.join(dir, "bonus_null.csv"), "Result\r\n\r\n");
    fs.writeFileSync(path.join(dir, "label.csv"), "Result\r\nemp-1\r\n");
    result = await runPipeline(
      { kind: "script", file: "functions.sql", bytes: new TextEncoder().encode(SCRIPT) },
      { adminUrl: inject("pgAdminUrl"), expectedDir: dir },
    );
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("validates each function against every expected call, converting the RETURN value to the declared type", () => {
    const fns = result.report.objects.filter((o) => o.kind === "function");
    expect(fns.map((o) => [o.object, o.status, o.reason])).toEqual([
      ["[dbo].[fn_bonus]", "validated", "called with 2 sets of params"],
      ["[dbo].[fn_label]", "validated", "called with the expected result's params"],
    ]);
  });

  it("reports a wrong function as a mismatch, not as executed", async () => {
    fs.writeFileSync(path.join(dir, "label.csv"), "Result\r\nemp-12\r\n");
    const again = await runPipeline(
      { kind: "script", file: "functions.sql", bytes: new TextEncoder().encode(SCRIPT) },
      { adminUrl: inject("pgAdminUrl"), expectedDir: dir },
    );
    const label = again.report.objects.find((o) => o.object === "[dbo].[fn_label]")!;
    expect(label.status).toBe("mismatch");
    expect(label.comparison?.diff?.join("\n")).toMatch(/expected "emp-12", got "emp-1"/);
  }, 120_000);
});
