import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { findDbt } from "~/agents/dbt/cli";
import { runPipeline } from "~/agents/graph/pipeline";
import type { MigrationReport } from "~/agents/core/contracts";
import { sampleExpectedDir, sampleScript, sampleScriptName } from "~/agents/sample";
import { main as migrate } from "~/scripts/migrate";

/**
 * Which builder the Tester used, end to end on the built-in sample: real dbt when it is installed, the built-in
 * compiler when it is not, and the report (and the CLI) saying which.
 */

const dbt = findDbt();
if (!dbt) {
  const why = "dbt is not installed: run `npm run setup:dbt` (CI does), or set DBT_BIN";
  if (process.env.CI) throw new Error(why);
  console.warn(`SKIPPED: the sample under real dbt — ${why}`);
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("the Tester's builder", () => {
  it.skipIf(!dbt)(
    "builds the sample with real dbt build when dbt is installed, and the report says so",
    async () => {
      const result = await runPipeline(
        { kind: "script", file: sampleScriptName, bytes: await sampleScript() },
        { adminUrl: inject("pgAdminUrl"), expectedDir: sampleExpectedDir, dbt: dbt!, runId: "builderdbt" },
      );
      const [firstRound] = result.state.testRuns;
      expect(firstRound!.length).toBeGreaterThan(0);
      expect(firstRound!.filter((r) => r.outcome !== "ok").map((r) => [r.model, r.error])).toEqual([]);
      expect(new Set(firstRound!.map((r) => r.builtBy))).toEqual(new Set(["dbt build"]));
      // What ran is what dbt compiled: dbt-postgres names a ref'd relation with its database, our compiler never does.
      const withRefs = firstRound!.filter((r) => r.compiledSql?.includes('"analytics".'));
      expect(withRefs.length).toBeGreaterThan(0);
      for (const run of withRefs) expect(run.compiledSql).toContain('"dm_sandbox_builderdbt_t1"."analytics".');

      const built = result.report.objects.filter((o) => o.model && o.rows !== null);
      expect(built.length).toBeGreaterThan(0);
      expect(new Set(built.map((o) => o.builtBy))).toEqual(new Set(["dbt build"]));
      expect(result.report.summary.programmable).toMatchObject({ validated: 14, total: 14 });
      expect(result.markdown).toMatch(/Built by dbt build: \d+ models\./);
    },
    300_000,
  );

  it("uses the built-in compiler when dbt is absent (DBT_BIN pointing nowhere), and says so", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "dm-builder-"));
    dirs.push(out);
    const said: string[] = [];
    const previous = process.env.DBT_BIN;
    process.env.DBT_BIN = path.join(out, "no", "such", "dbt");
    let code: number;
    try {
      code = await migrate(["--sample", "--out", out, "--database-url", inject("pgAdminUrl")], {
        out: (l) => said.push(l),
        err: (l) => said.push(l),
      });
    } finally {
      if (previous === undefined) delete process.env.DBT_BIN;
      else process.env.DBT_BIN = previous;
    }
    expect(code, said.join("\n")).toBe(0);
    expect(said).toContain(
      "building the models with the built-in compiler (dbt not found: `npm run setup:dbt` or DBT_BIN to use it)",
    );
    expect(said.some((l) => /^ {2}Built by built-in compiler: \d+ models\.$/.test(l))).toBe(true);
    const report = JSON.parse(fs.readFileSync(path.join(out, "migration_report.json"), "utf8")) as MigrationReport;
    const built = report.objects.filter((o) => o.model && o.rows !== null);
    expect(built.length).toBeGreaterThan(0);
    expect(new Set(built.map((o) => o.builtBy))).toEqual(new Set(["built-in compiler"]));
    expect(fs.readFileSync(path.join(out, "migration_report.md"), "utf8")).toMatch(
      /Built by built-in compiler: \d+ models\./,
    );
  }, 300_000);

  it("refuses --dbt when dbt is not installed, with the reason", async () => {
    const said: string[] = [];
    const previous = process.env.DBT_BIN;
    process.env.DBT_BIN = "/nonexistent/dbt";
    try {
      const code = await migrate(["--sample", "--out", path.join(os.tmpdir(), "dm-unused"), "--dbt", "--quiet"], {
        out: (l) => said.push(l),
        err: (l) => said.push(l),
      });
      expect(code).toBe(2);
    } finally {
      if (previous === undefined) delete process.env.DBT_BIN;
      else process.env.DBT_BIN = previous;
    }
    expect(said).toEqual(["migrate: --dbt: dbt is not installed (DBT_BIN=/nonexistent/dbt does not exist)"]);
  });
});
