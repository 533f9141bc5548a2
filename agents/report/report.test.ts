import { describe, expect, it } from "vitest";
import type { MigrationReport } from "~/agents/core/contracts";
import { countsText, headline, loadIssuesReason, markdownReport, summarize, summaryGroups } from "./index";

const report: MigrationReport = {
  database: "Northwind",
  generatedAt: "2026-11-23T23:00:00Z",
  summary: { total: 3, validated: 1, loaded: 0, mismatch: 1, executed: 0, needs_review: 1, failed: 0 },
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
      builtBy: "dbt build",
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
      comparison: {
        status: "mismatch",
        expectedRows: 809,
        actualRows: 809,
        diff: ["row 1: Year '1996' ≠ '1996.0'"],
        details: {
          columns: ["Year", "Total"],
          keyedBy: [],
          identical: 800,
          differing: 6,
          onlyExpected: 3,
          onlyActual: 3,
          columnMatches: [800, 806],
          rows: [],
          truncated: true,
        },
      },
      builtBy: "built-in compiler",
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

  it("says what built each model: real dbt or the built-in compiler, per object and counted", () => {
    expect(md).toContain(
      "| dbo.Invoices | view | `invoices` | validated | 1 | 2155 | dbt build | match (2155 of 2155 rows) |  |",
    );
    expect(md).toContain("**How the models were built.** Built by dbt build: 1 model; built-in compiler: 1 model.");
    // A report written before runs recorded their builder says nothing about it.
    expect(markdownReport({ ...report, objects: report.objects.map(({ builtBy: _, ...o }) => o) })).not.toContain(
      "How the models were built",
    );
  });

  it("summarises statuses with only the non-zero ones and the total, programmable objects and tables apart", () => {
    expect(md).toContain("| status | views, procedures and functions | source tables | total |");
    expect(md).toContain("| validated (same data as SQL Server's expected results) | 1 | 0 | 1 |");
    expect(md).toContain("| **total** | **3** | **0** | **3** |");
    expect(md).not.toContain("| failed |");
  });

  it("lists what needs attention with reasons and diffs", () => {
    expect(md).toContain(
      "- **dbo.Sales by Year** (procedure, mismatch) → `models/marts/core/sales_by_year.sql`: Year | differs",
    );
    expect(md).toContain("  - row 1: Year '1996' ≠ '1996.0'");
    expect(md).toContain(
      "  - rows: 800 identical, 6 differ, 3 only expected, 3 only actual (paired by value); below 100 %: Year 99.2 % (800/806)",
    );
    expect(md).toContain("- **dbo.trg** (trigger, needs review): triggers are outside dbt's scope");
  });

  it("escapes pipes in table cells and shows comparisons", () => {
    expect(md).toContain(
      "| dbo.Sales by Year | procedure | `sales_by_year` | mismatch | 2 | 809 | built-in compiler | mismatch (809 of 809 rows) | Year \\| differs |",
    );
    expect(md).toContain("- warning: instnwnd.sql:12: SET DATEFORMAT mdy");
  });
});

const table = (object: string, status: "loaded" | "executed" | "mismatch", rows: number | null) => ({
  object,
  kind: "table",
  model: `stg_${object}`,
  path: `models/staging/stg_${object}.sql`,
  status,
  reason: status === "executed" ? "nothing was compared: the input holds no rows for any table" : null,
  constructs: [],
  attempts: 1,
  rows,
  comparison: null,
});

describe("saying what was proven", () => {
  const view = report.objects[0]!;
  const executedView = {
    ...view,
    object: "dbo.Orders Qry",
    status: "executed" as const,
    reason: "nothing was compared: no expected result was given for this view",
    comparison: null,
  };
  const objects = [view, executedView, table("Customers", "loaded", 91), table("Orders", "loaded", 830)];
  const proven: MigrationReport = { ...report, objects, summary: summarize(objects), diagnostics: [] };

  it("counts source tables apart from views, procedures and functions", () => {
    expect(proven.summary).toEqual({
      total: 4,
      validated: 1,
      loaded: 2,
      mismatch: 0,
      executed: 1,
      needs_review: 0,
      failed: 0,
      programmable: { total: 2, validated: 1, loaded: 0, mismatch: 0, executed: 1, needs_review: 0, failed: 0 },
      tables: { total: 2, validated: 0, loaded: 2, mismatch: 0, executed: 0, needs_review: 0, failed: 0 },
    });
  });

  it("never calls a loaded table validated in the headline: 1 of 2 views validated, 2 of 2 tables loaded", () => {
    // The old headline was "3 of 4 objects validated", counting the two tables as proven.
    expect(headline(proven.summary)).toBe(
      "1 of 2 views, procedures and functions validated (same data as SQL Server); 2 of 2 source tables loaded; 1 executed with nothing compared",
    );
    expect(countsText(proven.summary.programmable!, "validated")).toBe(
      "1 of 2 validated, 0 mismatch, 1 executed (nothing compared), 0 need review, 0 failed",
    );
    expect(countsText(proven.summary.tables!, "loaded")).toBe(
      "2 of 2 loaded, 0 mismatch, 0 executed, 0 need review, 0 failed",
    );
  });

  it("says plainly in the report that nothing was compared for executed objects, and what loading proves", () => {
    const text = markdownReport(proven);
    expect(text).toContain("| loaded (a source table returns the input's rows) | 0 | 2 | 2 |");
    expect(text).toContain(
      "**What was proven.** 1 of 2 views, procedures and functions returned the same data as SQL Server's expected results.",
    );
    expect(text).toContain(
      "2 of 2 source tables were loaded: their staging models return the rows the input inserts, which shows the data arrived, not that any SQL Server logic was reproduced.",
    );
    expect(text).toContain("1 object was executed with nothing compared: no expected results were given for it.");
    expect(text).toContain("## Executed, nothing compared");
    expect(text).toContain(
      "- **dbo.Orders Qry** (view): nothing was compared: no expected result was given for this view",
    );
  });

  it("counts a report stored before the split again from its objects", () => {
    const { programmable: _p, tables: _t, ...flat } = proven.summary;
    expect(summaryGroups({ ...flat }, objects)).toEqual({
      programmable: proven.summary.programmable,
      tables: proven.summary.tables,
    });
    expect(summaryGroups({ ...flat })).toBeUndefined();
    expect(headline({ ...flat })).toBe("1 of 4 objects validated");
  });
});

describe("load issues in a reason", () => {
  const cities = Array.from({ length: 100 }, (_, i) => ({
    key: "application.cities",
    table: "Application.Cities",
    message: `table Application.Cities is changed by a statement the loader could not run: UPDATE statement (cities.sql line ${i + 10})`,
    line: i + 10,
  }));
  const people = {
    key: "application.people",
    table: "Application.People",
    message: "table Application.People is missing 1 of the script's 3 rows",
  };

  it("names each table a reader reads with its first issue and how many more, once per table", () => {
    const reason = loadIssuesReason([...cities, people], "sales.orders");
    expect(reason).toBe(
      `${cities[0]!.message} (and 99 more load issues of Application.Cities, listed on its own entry); ${people.message}`,
    );
  });

  it("lists every issue of the table's own entry", () => {
    const reason = loadIssuesReason([...cities, people], "application.cities")!;
    expect(reason.split("; ")).toEqual([...cities.map((i) => i.message), people.message]);
  });

  it("keeps issues recorded without their table (older runs) as they were, and says nothing without issues", () => {
    expect(loadIssuesReason([{ message: "a" }, { message: "b" }])).toBe("a; b");
    expect(loadIssuesReason([])).toBeNull();
  });
});
