import { describe, expect, inject, it } from "vitest";
import { runPipeline } from "~/agents/graph/pipeline";

/**
 * What the whole engine does with data the sandbox cannot load as the script would on SQL Server:
 * - a DEFAULT (getdate()) on a NOT NULL column an INSERT leaves out: SQL Server fills it
 *   (docs/t-sql/statements/create-table-transact-sql.md, DEFAULT), so must the sandbox; this script hung the
 *   Tester forever before the COPY fix (the rejected COPY never settled);
 * - a second INSERT of the same primary key: SQL Server rejects that statement
 *   (docs/t-sql/statements/create-table-transact-sql.md, PRIMARY KEY), and the sandbox rejects the row; the
 *   rest still loads and whatever reads the table says which row is missing and why;
 * - INSERT … SELECT over another table (docs/t-sql/statements/insert-transact-sql.md, derived_table): its rows are
 *   not in the script; it runs set-based in the sandbox after the tables it reads are loaded, and when it cannot
 *   (it reads a view, not built yet at load time), whatever reads the table is flagged rather than silently built
 *   on an empty table.
 */
const SCRIPT = `CREATE TABLE dbo.T (id int PRIMARY KEY, d datetime NOT NULL DEFAULT (getdate()), n int NOT NULL)
GO
INSERT INTO dbo.T (id, n) VALUES (1, 10)
GO
CREATE VIEW dbo.v AS SELECT id, n FROM dbo.T
GO
CREATE TABLE dbo.K (id int PRIMARY KEY, name nvarchar(10))
GO
INSERT INTO dbo.K VALUES (1, N'first')
INSERT INTO dbo.K VALUES (1, N'again')
INSERT INTO dbo.K VALUES (2, N'second')
GO
CREATE VIEW dbo.KNames AS SELECT name FROM dbo.K
GO
CREATE TABLE dbo.Totals (n int)
GO
INSERT INTO dbo.Totals (n) SELECT SUM(n) FROM dbo.T
GO
CREATE VIEW dbo.TotalsView AS SELECT n FROM dbo.Totals
GO
CREATE TABLE dbo.FromView (n int)
GO
INSERT INTO dbo.FromView SELECT n FROM dbo.v
GO
CREATE VIEW dbo.FromViewView AS SELECT n FROM dbo.FromView
GO
`;

describe("the engine on data the sandbox cannot load as SQL Server would", () => {
  it("finishes, fills the DEFAULT, runs the INSERT … SELECT it can, and says in each affected object's reason which table is incomplete and why", async () => {
    const result = await runPipeline(
      { kind: "script", file: "mix.sql", bytes: new TextEncoder().encode(SCRIPT) },
      { adminUrl: inject("pgAdminUrl"), runId: "load_issues_test" },
    );
    const entry = (object: string) => result.report.objects.find((o) => o.object === object)!;

    // The getdate() default filled the NOT NULL column: the table and the view build with their row, no note.
    expect(entry("[dbo].[T]").reason ?? "").not.toMatch(/missing|could not run/);
    expect(entry("[dbo].[v]")).toMatchObject({ rows: 1 });
    expect(entry("[dbo].[v]").reason ?? "").not.toMatch(/missing|could not run/);

    const duplicate =
      /table dbo\.K is missing 1 of the script's 3 rows, which PostgreSQL rejected while loading; first: row 2 of the script's data \(mix\.sql line 10\) was rejected: duplicate key value violates unique constraint "K_pkey" Key \(id\)=\(1\) already exists\./;
    expect(entry("[dbo].[K]").reason).toMatch(duplicate);
    expect(entry("[dbo].[KNames]")).toMatchObject({ rows: 2 });
    expect(entry("[dbo].[KNames]").reason).toMatch(duplicate);

    // SELECT SUM(n) FROM dbo.T ran in the sandbox after T was loaded: the view over Totals has its row. The table
    // is not compared with the script's rows, which do not include it.
    expect(entry("[dbo].[TotalsView]")).toMatchObject({ rows: 1 });
    expect(entry("[dbo].[TotalsView]").reason ?? "").not.toMatch(/could not run/);
    expect(entry("[dbo].[Totals]").comparison).toMatchObject({
      status: "not_compared",
      reason:
        "not compared: the script also changes it with statements whose rows the input does not spell out (INSERT … SELECT reads other tables)",
    });

    const unloaded =
      /^table dbo\.FromView is filled by a statement the loader could not run: INSERT … SELECT reads other tables \(mix\.sql line 23\): /;
    expect(entry("[dbo].[FromView]").status).not.toMatch(/validated|loaded/);
    expect(entry("[dbo].[FromView]").reason?.split("; ").at(-1)).toMatch(unloaded);
    expect(entry("[dbo].[FromViewView]").reason?.split("; ").at(-1)).toMatch(unloaded);
    expect(entry("[dbo].[FromView]").reason).toMatch(
      /: it reads dbo\.v, which is not a table \(only tables exist while the data is loaded\)$/,
    );

    // Each table's problem is also a diagnostic of the report, once, at the row or statement it is about.
    const loadDiagnostics = result.report.diagnostics.filter((d) => /^table dbo\./.test(d.message));
    expect(loadDiagnostics).toEqual([
      { severity: "warning", file: "mix.sql", line: 10, message: expect.stringMatching(duplicate) },
      { severity: "warning", file: "mix.sql", line: 23, message: expect.stringMatching(unloaded) },
    ]);
  }, 120_000);
});
