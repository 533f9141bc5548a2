import { describe, expect, it } from "vitest";
import type { MigrationReport } from "~/agents/engine/types";
import { markdownReport } from "./index";

const report: MigrationReport = {
  database: "Northwind",
  generatedAt: "2026-11-23T23:00:00Z",
  summary: { total: 3, validated: 1, mismatch: 1, executed: 0, needs_review: 1, failed: 0 },
  objects: [
    {
      object: "dbo.Invoices",
      kind: "view",
      model: "invoices",
      path: "models/marts/core/invoices.sql",
      status: "validated",
      reason: null,
      constructs: ["CONVERT"],
      attempts: 1,
      rows: 2155,
      comparison: { status: "match", expectedRows: 2155, actualRows: 2155, diff: [] },
    },
    {
      object: "dbo.Sales by Year",
      kind: "procedure",
      model: "sales_by_year",
      path: "models/marts/core/sales_by_year.sql",
      status: "mismatch",
      reason: "Year | differs",
      constructs: ["DATENAME"],
      attempts: 2,
      rows: 809,
      comparison: { status: "mismatch", expectedRows: 809, actualRows: 809, diff: ["row 1: Year '1996' ≠ '1996.0'"] },
    },
    {
      object: "dbo.trg",
      kind: "trigger",
      model: null,
      path: null,
      status: "needs_review",
      reason: "triggers are outside dbt's scope",
      constructs: ["trigger"],
      attempts: 0,
      rows: null,
      comparison: null,
    },
  ],
  diagnostics: [{ severity: "warning", file: "instnwnd.sql", line: 12, message: "SET DATEFORMAT mdy" }],
};

describe("markdownReport", () => {
  const md = markdownReport(report);

  it("summarises statuses with only the non-zero ones and the total", () => {
    expect(md).toContain("| validated (same data as SQL Server) | 1 |");
    expect(md).toContain("| **total** | **3** |");
    expect(md).not.toContain("| failed |");
  });

  it("lists what needs attention with reasons and diffs", () => {
    expect(md).toContain("- **dbo.Sales by Year** (procedure, mismatch) → `models/marts/core/sales_by_year.sql`: Year | differs");
    expect(md).toContain("  - row 1: Year '1996' ≠ '1996.0'");
    expect(md).toContain("- **dbo.trg** (trigger, needs review): triggers are outside dbt's scope");
  });

  it("escapes pipes in table cells and shows comparisons", () => {
    expect(md).toContain("| dbo.Sales by Year | procedure | `sales_by_year` | mismatch | 2 | 809 | mismatch (809 of 809 rows) | Year \\| differs |");
    expect(md).toContain("- warning: instnwnd.sql:12: SET DATEFORMAT mdy");
  });
});
