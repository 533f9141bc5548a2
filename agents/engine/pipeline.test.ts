import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ingest } from "~/agents/ingest";
import { createSandbox } from "~/agents/sandbox/sandbox";
import { runPipeline, type PipelineResult } from "~/agents/graph/pipeline";
import {
  assessmentStep,
  evaluatorStep,
  executorStep,
  type LlmHook,
  plannerStep,
  rebuilderStep,
  reportStep,
  testerStep,
} from "./steps";
import type { Translation } from "~/agents/core/contracts";

/**
 * A small shop with what a migration meets: a view the rules flag (CHECKSUM, a hash with no PostgreSQL equivalent) that the LLM hook answers with SQL
 * that fails twice and is repaired twice by rules, a view that fails in PostgreSQL as it would in SQL Server
 * (division by zero) with a view downstream of it, data that breaks the tables' foreign key and CHECK, a view
 * without an expected result, and a procedure whose parameter has no default.
 */
const SCRIPT = `CREATE TABLE Customers (CustomerID int NOT NULL PRIMARY KEY, FirstName nvarchar(20) NOT NULL, LastName nvarchar(20) NOT NULL)
GO
CREATE TABLE Orders (OrderID int NOT NULL PRIMARY KEY, CustomerID int NULL REFERENCES Customers (CustomerID), Amount money NOT NULL, Status char(1) NOT NULL CHECK (Status IN ('N', 'S')))
GO
INSERT Customers (CustomerID, FirstName, LastName) VALUES (1, N'Ada', N'Lovelace')
INSERT Customers (CustomerID, FirstName, LastName) VALUES (2, N'Alan', N'Turing')
INSERT Orders VALUES (10, 1, 12.5, 'N')
INSERT Orders VALUES (11, 2, 20, 'S')
INSERT Orders VALUES (12, 3, 7.25, 'X')
GO
CREATE VIEW [Customer Sounds] AS SELECT CustomerID, CHECKSUM(LastName) AS Sound FROM Customers
GO
CREATE VIEW [Broken Ratio] AS SELECT OrderID, Amount / 0 AS Ratio FROM Orders
GO
CREATE VIEW [Ratio Report] AS SELECT OrderID, Ratio FROM [Broken Ratio]
GO
CREATE VIEW [Order Count] AS SELECT CustomerID, COUNT(*) AS Orders FROM Orders GROUP BY CustomerID
GO
CREATE PROCEDURE OrdersOf @CustomerID int AS SELECT OrderID, Amount FROM Orders WHERE CustomerID = @CustomerID
GO
`;

const input = { kind: "script" as const, file: "shop.sql", bytes: new TextEncoder().encode(SCRIPT) };

/** The LLM's answer for CHECKSUM: T-SQL habits (ISNULL, + on strings) the Rebuilder's rules then fix one at a time. */
// Claude's answer reads the staging model's snake_case columns, as the prompt lists them.
const SOUNDS_SQL = `select customer_id, isnull(upper(left(last_name, 1)), '') + '000' as sound\nfrom {{ ref('stg_shop__customers') }}`;

function writeExpected(dir: string) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "customer_sounds.csv"), "CustomerID,Sound\r\n1,L000\r\n2,T000\r\n");
  fs.writeFileSync(path.join(dir, "orders_of.csv"), "OrderID,Amount\r\n11,20.0000\r\n");
  fs.writeFileSync(
    path.join(dir, "manifest.json"),
    JSON.stringify({
      objects: [
        {
          object: "dbo.[Customer Sounds]",
          kind: "view",
          file: "customer_sounds.csv",
          params: {},
          columns: [
            { name: "CustomerID", type: "int" },
            { name: "Sound", type: "varchar(4)" },
          ],
        },
        {
          object: "dbo.[OrdersOf]",
          kind: "procedure",
          file: "orders_of.csv",
          params: { CustomerID: 2 },
          columns: [
            { name: "OrderID", type: "int" },
            { name: "Amount", type: "money" },
          ],
        },
      ],
    }),
  );
}

describe("runPipeline: repairs, failures and what the report says about them", () => {
  const adminUrl = inject("pgAdminUrl");
  const calls: { agent: string; model: string; attempt?: number }[] = [];
  const llm: LlmHook = async (object, context) => {
    calls.push({
      agent: context.agent,
      model: object.model,
      ...(context.attempt !== undefined ? { attempt: context.attempt } : {}),
    });
    if (context.agent === "executor" && object.model === "customer_sounds") {
      return {
        key: object.key,
        model: object.model,
        sql: SOUNDS_SQL,
        status: "translated",
        issues: [],
        constructs: [],
        by: "llm",
      };
    }
    // A rewrite that changes nothing that matters: the bound must stop it.
    if (context.agent === "rebuilder" && object.model === "int_broken_ratio")
      return { ...context.translation!, sql: `-- attempt ${context.attempt}\n${context.translation!.sql}` };
    return null;
  };
  let result: PipelineResult;
  let dir: string;
  const progress: { agent: string; kind: string; progress: number }[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-pipeline-"));
    writeExpected(path.join(dir, "expected"));
    result = await runPipeline(
      input,
      {
        adminUrl,
        runId: "pipeline_test",
        expectedDir: path.join(dir, "expected"),
        llm,
        exportDir: path.join(dir, "csv"),
        outDir: path.join(dir, "out"),
      },
      (e) => progress.push(e),
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const entry = (object: string) => result.report.objects.find((o) => o.object === object)!;

  it("repairs a failing model within the bound and reports its attempts", () => {
    const sounds = entry("[dbo].[Customer Sounds]");
    expect(sounds).toMatchObject({ status: "validated", attempts: 3, rows: 2, comparison: { status: "match" } });
    expect(sounds.reason).toBe("built after 2 repairs (tsql-function, string-concatenation)");
    expect(result.state.repairs.filter((r) => r.model === "customer_sounds").map((r) => [r.attempt, r.rule])).toEqual([
      [1, "tsql-function"],
      [2, "string-concatenation"],
    ]);
    expect(result.state.translations.find((t) => t.model === "customer_sounds")?.sql).toContain(
      `coalesce(upper(left(last_name, 1)), '') || '000'`,
    );
    expect(result.state.testRuns).toHaveLength(3);
  });

  it("reports a model that cannot be repaired as failed with the database error, after at most 2 repairs, and its dependents as upstream failures", () => {
    const broken = entry("[dbo].[Broken Ratio]");
    expect(broken).toMatchObject({ status: "failed", attempts: 3, rows: null, model: "int_broken_ratio" });
    expect(broken.reason).toMatch(/^division by zero \(SQLSTATE 22012\)/);
    expect(broken.reason).toContain("after 2 repairs (LLM, LLM)");
    expect(calls.filter((c) => c.model === "int_broken_ratio")).toEqual([
      { agent: "rebuilder", model: "int_broken_ratio", attempt: 1 },
      { agent: "rebuilder", model: "int_broken_ratio", attempt: 2 },
    ]);
    expect(entry("[dbo].[Ratio Report]")).toMatchObject({
      status: "failed",
      attempts: 0,
      reason: "upstream model int_broken_ratio failed",
    });
  });

  it("reports failing data tests on the model without failing it", () => {
    const orders = entry("[dbo].[Orders]");
    // A table's comparison is with the input's own rows: it is loaded, never "validated".
    expect(orders.status).toBe("loaded");
    expect(orders.reason).toMatch(
      /^the staging model returns the input's \d+ rows; data tests failed \(2 of \d+\): relationships_stg_shop__orders_customer_id__customer_id__stg_shop__customers \(1 failing row\), accepted_values_stg_shop__orders_status__N__S \(1 failing row\)$/,
    );
    expect(entry("[dbo].[Customers]")).toMatchObject({
      status: "loaded",
      rows: 2,
      reason: "the staging model returns the input's 2 rows",
    });
  });

  it("says when there is nothing to compare with, and evaluates a procedure with the manifest's params", () => {
    expect(entry("[dbo].[Order Count]")).toMatchObject({
      status: "executed",
      rows: 3,
      reason:
        "nothing was compared: no expected result was given for this view, so it built and ran but its data is not proven",
      comparison: { status: "not_compared" },
    });
    expect(entry("[dbo].[OrdersOf]")).toMatchObject({
      status: "validated",
      comparison: { status: "match", expectedRows: 1, actualRows: 1 },
    });
    expect(result.state.evaluations.find((e) => e.model === "orders_of")?.params).toEqual({ CustomerID: "2" });
    // The two tables were loaded; only the view and the procedure that matched expected results are validated.
    expect(result.report.summary).toMatchObject({
      total: 7,
      validated: 2,
      loaded: 2,
      mismatch: 0,
      executed: 1,
      needs_review: 0,
      failed: 2,
    });
    expect(result.report.summary.tables).toMatchObject({ total: 2, loaded: 2, validated: 0 });
    expect(result.report.summary.programmable).toMatchObject({ total: 5, validated: 2, executed: 1, failed: 2 });
  });

  it("writes the project, the reports and each built model's rows, reports progress, and leaves no sandbox behind", async () => {
    const out = path.join(dir, "out");
    expect(JSON.parse(fs.readFileSync(path.join(out, "migration_report.json"), "utf8"))).toEqual(result.report);
    expect(fs.readFileSync(path.join(out, "migration_report.md"), "utf8")).toContain("## Needs attention");
    expect(fs.readFileSync(path.join(out, "models/intermediate/core/int_broken_ratio.sql"), "utf8")).toContain("/ 0");
    expect(fs.existsSync(path.join(out, "dbt_project.yml"))).toBe(true);
    expect(fs.readFileSync(path.join(dir, "csv", "customer_sounds.csv"), "utf8")).toBe(
      "customer_id,sound\r\n1,L000\r\n2,T000\r\n",
    ); // the model's own (snake_case) column names
    expect(fs.existsSync(path.join(dir, "csv", "int_broken_ratio.csv"))).toBe(false);
    expect(new Set(progress.map((p) => p.agent))).toEqual(
      new Set(["ingest", "assessment", "planner", "executor", "tester", "rebuilder", "evaluator", "report"]),
    );
    expect(progress.every((p, i) => i === 0 || p.progress >= progress[i - 1]!.progress)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ agent: "report", kind: "step_finished", progress: 1 });
    expect(await sandboxesNamed(adminUrl, "pipeline_test")).toEqual([]);
  });
});

describe("the steps one by one, as the worker's graph runs them", () => {
  const adminUrl = inject("pgAdminUrl");

  it("pass plain JSON between them, and a re-run sandbox step replaces what a killed run left behind", async () => {
    const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
    const catalog = json(ingest(input));
    const { assessment } = json(assessmentStep({ catalog }));
    const { plan } = json(plannerStep({ catalog, assessment }));
    const { translations } = json(await executorStep({ catalog, plan }));
    expect(translations.find((t: Translation) => t.model === "customer_sounds")).toMatchObject({
      status: "needs_review",
      issues: [{ construct: "CHECKSUM", line: 11 }],
    });

    // A killed Tester left its sandbox (same id) behind: the step drops it and starts afresh.
    const leftover = await createSandbox({ adminUrl, id: "steps_test_t1" });
    await leftover.sql.end();
    const tested = json(await testerStep({ catalog, plan, translations, adminUrl, sandboxId: "steps_test_t1" }));
    expect(Object.fromEntries(tested.runs.map((r) => [r.model, r.outcome]))).toEqual({
      stg_shop__customers: "ok",
      stg_shop__orders: "ok",
      customer_sounds: "ok",
      int_broken_ratio: "failed",
      order_count: "ok",
      orders_of: "ok",
      ratio_report: "skipped",
    });
    expect(tested.runs.findIndex((r) => r.model === "ratio_report")).toBeGreaterThan(
      tested.runs.findIndex((r) => r.model === "int_broken_ratio"),
    );
    expect(tested.placeholders).toEqual({ orders_of: { CustomerID: "0" } });

    const rebuilt = json(await rebuilderStep({ catalog, plan, translations, runs: tested.runs }));
    expect(rebuilt.repaired).toEqual([]);
    expect(rebuilt.declined).toEqual({ int_broken_ratio: expect.stringMatching(/^division by zero/) });

    const evaluated = json(await evaluatorStep({ catalog, plan, translations, adminUrl, sandboxId: "steps_test_e" }));
    expect(evaluated.runs).toEqual(tested.runs);
    const { report } = json(
      reportStep({
        catalog,
        assessment,
        plan,
        translations,
        runs: evaluated.runs,
        evaluations: evaluated.evaluations,
        placeholders: evaluated.placeholders,
        generatedAt: "2026-01-01T00:00:00.000Z",
      }),
    );
    expect(report.objects.find((o) => o.object === "[dbo].[Customer Sounds]")).toMatchObject({
      status: "needs_review",
      reason: "the translator flagged it: CHECKSUM (line 11): Function CHECKSUM is not translated",
      rows: 2,
    });
    expect(report.objects.find((o) => o.object === "[dbo].[OrdersOf]")?.reason).toBe(
      'nothing was compared: no expected result was given for this procedure, so it built and ran but its data is not proven; built with placeholder values for vars without a default (CustomerID="0")',
    );
    expect(await sandboxesNamed(adminUrl, "steps_test")).toEqual([]);
  });
});

/** Sandbox databases and roles left on the server whose name starts with `dm_sandbox_<prefix>`. */
async function sandboxesNamed(adminUrl: string, prefix: string): Promise<string[]> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const like = `dm\\_sandbox\\_${prefix.replaceAll("_", "\\_")}%`;
    const rows = await sql<{ name: string }[]>`
      select datname as name from pg_database where datname like ${like}
      union all select rolname::text from pg_roles where rolname like ${like}`;
    return rows.map((r) => r.name);
  } finally {
    await sql.end();
  }
}

describe("runPipeline: deadlines and abort", () => {
  // A view that would count 40⁷ combinations: hours of work in the sandbox.
  const rows = Array.from({ length: 40 }, (_, i) => `(${i + 1})`).join(", ");
  const forever = {
    kind: "script" as const,
    file: "forever.sql",
    bytes: new TextEncoder().encode(`CREATE TABLE Numbers (n int NOT NULL PRIMARY KEY)
GO
INSERT INTO Numbers (n) VALUES ${rows}
GO
CREATE VIEW Forever AS SELECT COUNT_BIG(*) AS c FROM Numbers a CROSS JOIN Numbers b CROSS JOIN Numbers c CROSS JOIN Numbers d CROSS JOIN Numbers e CROSS JOIN Numbers f CROSS JOIN Numbers g
GO
`),
  };
  const sandboxesLeft = async () => {
    const admin = postgres(inject("pgAdminUrl"), { max: 1, onnotice: () => {} });
    try {
      return (
        await admin<{ datname: string }[]>`select datname from pg_database where datname like 'dm_sandbox_deadline%'`
      ).map((r) => r.datname);
    } finally {
      await admin.end();
    }
  };

  it("rejects with the step and the model when a step runs past its deadline, and drops its sandbox", async () => {
    const started = performance.now();
    await expect(
      runPipeline(forever, { adminUrl: inject("pgAdminUrl"), runId: "deadline_step", stepTimeoutMs: 2_000 }),
    ).rejects.toThrow("the tester step ran past its deadline of 2 s (working on model forever)");
    expect(performance.now() - started).toBeLessThan(10_000);
    await expect.poll(sandboxesLeft, { timeout: 5_000 }).toEqual([]);
  });

  it("stops at once when its signal aborts", async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    // Half a second into the build of the endless model (the tables are loaded: the build is under way).
    const run = runPipeline(
      forever,
      { adminUrl: inject("pgAdminUrl"), runId: "deadline_abort", signal: controller.signal },
      (event) => {
        if (event.agent === "tester" && event.kind === "object" && !abortedAt) {
          abortedAt = -1;
          setTimeout(() => {
            abortedAt = performance.now();
            controller.abort(new Error("stopped by the user"));
          }, 500);
        }
      },
    );
    await expect(run).rejects.toThrow("stopped by the user");
    expect(performance.now() - abortedAt).toBeLessThan(2_000);
    await expect.poll(sandboxesLeft, { timeout: 5_000 }).toEqual([]);
  });
});
