import { describe, expect, it } from "vitest";
import type { MigrationReport } from "~/agents/core/contracts";
import { reportHtml } from "./downloads-handler";

const entry = (object: string, builtBy?: "dbt build" | "built-in compiler") => ({
  object,
  kind: "view",
  model: object.toLowerCase(),
  path: `models/marts/${object.toLowerCase()}.sql`,
  status: "validated" as const,
  reason: null,
  constructs: [],
  attempts: 1,
  rows: 3,
  comparison: { status: "match" as const, expectedRows: 3, actualRows: 3, diff: [] },
  ...(builtBy ? { builtBy } : {}),
});

const report = (objects: ReturnType<typeof entry>[]): MigrationReport => ({
  database: "shop",
  generatedAt: "2026-12-03T07:00:00Z",
  summary: {
    total: objects.length,
    validated: objects.length,
    loaded: 0,
    mismatch: 0,
    executed: 0,
    needs_review: 0,
    failed: 0,
  },
  objects,
  diagnostics: [],
});

describe("report.html", () => {
  it("says what built each model and counts the builders", () => {
    const html = reportHtml(
      "shop",
      report([entry("Orders", "dbt build"), entry("Totals", "dbt build"), entry("Labels", "built-in compiler")]),
    );
    expect(html).toContain('<p data-testid="built-by">Built by dbt build: 2 models; built-in compiler: 1 model.</p>');
    expect(html).toContain("<th>built by</th>");
    expect(html).toMatch(/<code>orders<\/code>.*<td>dbt build<\/td>/);
    expect(html).toMatch(/<code>labels<\/code>.*<td>built-in compiler<\/td>/);
  });

  it("says nothing about builders for a report written before runs recorded them", () => {
    expect(reportHtml("shop", report([entry("Orders")]))).not.toContain('data-testid="built-by"');
  });
});
