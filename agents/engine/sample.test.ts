import { beforeAll, describe, expect, inject, it } from "vitest";
import { sampleExpectedDir, sampleScript, sampleScriptName } from "~/agents/sample";
import { runPipeline, type PipelineResult } from "~/agents/graph/pipeline";

/** Row counts of the sample's tables, as agents/sample/README.md gives them (778 rows in all). */
const ROWS = {
  Categories: 9,
  Products: 30,
  Customers: 40,
  Addresses: 60,
  Coupons: 5,
  Orders: 111,
  "Order Items": 229,
  Payments: 124,
  Shipments: 93,
  Reviews: 77,
};

/** The built-in sample is the product's fully proven demo: every view and procedure validated, every table loaded, by rules alone. */
describe("the built-in sample through the whole pipeline", () => {
  let result: PipelineResult;

  beforeAll(async () => {
    result = await runPipeline(
      { kind: "script", file: sampleScriptName, bytes: await sampleScript() },
      { adminUrl: inject("pgAdminUrl"), expectedDir: sampleExpectedDir },
    );
  });

  it("validates all 8 views and 6 procedures and loads all 10 tables", () => {
    const { summary, objects } = result.report;
    const expected = (kind: string) => (kind === "table" ? "loaded" : "validated");
    expect(objects.filter((o) => o.status !== expected(o.kind)).map((o) => [o.object, o.status, o.reason])).toEqual([]);
    expect(summary).toEqual({
      total: 24,
      validated: 14,
      loaded: 10,
      mismatch: 0,
      executed: 0,
      needs_review: 0,
      failed: 0,
      programmable: { total: 14, validated: 14, loaded: 0, mismatch: 0, executed: 0, needs_review: 0, failed: 0 },
      tables: { total: 10, validated: 0, loaded: 10, mismatch: 0, executed: 0, needs_review: 0, failed: 0 },
    });
    expect(result.state.translations.every((t) => t.by === "rules")).toBe(true);
  });

  it("compares all 16 expected results, procedures once per entry with its params", () => {
    const entries = result.state.evaluations.filter((e) => e.source !== "input data");
    expect(entries).toHaveLength(16);
    expect(entries.filter((e) => e.comparison.status !== "match")).toEqual([]);
    expect(result.state.evaluations.filter((e) => e.model === "usp_top_products")).toHaveLength(2);
  });

  it("loads every row of the script, including the INSERTs right after SET IDENTITY_INSERT … ON", () => {
    const rows = Object.fromEntries(
      result.report.objects
        .filter((o) => o.kind === "table")
        .map((o) => [o.object.slice("[dbo].[".length, -1), o.rows]),
    );
    expect(rows).toEqual(ROWS);
    const orders = result.state.catalog.tables.find((t) => t.name === "Orders")!;
    expect(orders.data!.rows).toHaveLength(111);
  });

  it("runs every data test generated from the constraints, and they pass", () => {
    const tests = result.state.runs.flatMap((r) => r.tests);
    expect(tests.length).toBeGreaterThan(50);
    expect(tests.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^relationships_/),
        expect.stringMatching(/^accepted_values_/),
        expect.stringMatching(/^unique_/),
      ]),
    );
    expect(tests.filter((t) => !t.ok)).toEqual([]);
  });
});
