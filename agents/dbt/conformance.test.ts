import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { compareResults, type ResultSet } from "~/agents/evaluate/compare";
import { fetchResult } from "~/agents/evaluate/evaluate";
import { readExpectedResults, type ExpectedResult } from "~/agents/evaluate/expected";
import { runPipeline, type PipelineResult } from "~/agents/engine/pipeline";
import { readInputFromPath } from "~/agents/ingest";
import { sampleExpectedDir, sampleScriptPath } from "~/agents/sample";
import { withDatabase } from "~/db/testing";
import { main as migrate } from "~/scripts/migrate";
import { HOSTILE_SCRIPT, writeHostileExpected } from "~/agents/escape/hostile";
import { findDbt, profilesYaml, runTool } from "./cli";
import { SOURCE_SCHEMA_FILE } from "./project";

/**
 * The generated project under real dbt (dbt-core + dbt-postgres from `npm run setup:dbt`), as a user runs it:
 * the source tables are created and filled in a fresh PostgreSQL database, a profiles.yml points at it, then
 * `dbt parse` and `dbt build` must be green, and every model built from a view or procedure with an expected
 * result returns SQL Server's rows.
 */

const dbt = findDbt();
if (!dbt) {
  const why = "dbt is not installed: run `npm run setup:dbt` (CI does), or set DBT_BIN";
  if (process.env.CI) throw new Error(why);
  console.warn(`SKIPPED: the dbt conformance tests — ${why}`);
}

const SHARED = path.resolve(import.meta.dirname, "../../../shared/fixtures");

// Hostile names, literals and comments: real dbt must hold them as inert data too (agents/escape).
const hostile = fs.mkdtempSync(path.join(os.tmpdir(), "dm-hostile-"));
fs.writeFileSync(path.join(hostile, "hostile.sql"), HOSTILE_SCRIPT);
writeHostileExpected(hostile);
const CORPORA = [
  { name: "built-in sample", script: sampleScriptPath, expected: sampleExpectedDir },
  { name: "Northwind", script: path.join(SHARED, "northwind/instnwnd.sql"), expected: path.join(SHARED, "northwind"), database: "Northwind" },
  { name: "T-SQL docs corpus", script: path.join(SHARED, "tsql-docs/cases.sql"), expected: path.join(SHARED, "tsql-docs") },
  { name: "hostile-text", script: path.join(hostile, "hostile.sql"), expected: hostile },
];
afterAll(() => fs.rmSync(hostile, { recursive: true, force: true }));

const DBT_TIMEOUT_MS = 600_000;

for (const corpus of CORPORA) {
  const present = fs.existsSync(corpus.script);
  if (!present) console.warn(`SKIPPED: dbt conformance on ${corpus.name} — ${corpus.script} is absent`);

  describe.skipIf(!dbt || !present)(`the ${corpus.name} project under real dbt`, () => {
    let result: PipelineResult;
    let project: string;
    let databaseUrl: string;
    let drop: () => Promise<void>;
    let expected: ExpectedResult[];

    beforeAll(async () => {
      const adminUrl = inject("pgAdminUrl");
      result = await runPipeline(await readInputFromPath(corpus.script), { adminUrl, expectedDir: corpus.expected, ...(corpus.database ? { database: corpus.database } : {}) });
      expected = await readExpectedResults(corpus.expected);

      project = fs.mkdtempSync(path.join(os.tmpdir(), "dm-dbt-"));
      for (const [file, text] of Object.entries(result.files)) {
        fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
        fs.writeFileSync(path.join(project, file), text);
      }

      // The user's database: the source tables created and filled from the script's data.
      const name = `dbt_${Math.random().toString(36).slice(2, 10)}`;
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      await admin.end();
      databaseUrl = withDatabase(adminUrl, name);
      // As the project's README says: `npm run migrate -- load <script> --database-url <url>`.
      const said: string[] = [];
      const code = await migrate(["load", corpus.script, "--database-url", databaseUrl, ...(corpus.database ? ["--database", corpus.database] : [])], { out: (l) => said.push(l), err: (l) => said.push(l) });
      expect(code, said.join("\n")).toBe(0);
      drop = async () => {
        const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
        await dropper.unsafe(`drop database if exists ${name} with (force)`);
        await dropper.end();
      };
      const profile = /^profile: (.+)$/m.exec(result.files["dbt_project.yml"]!)![1]!.trim();
      fs.writeFileSync(path.join(project, "profiles.yml"), profilesYaml(JSON.parse(profile.startsWith('"') ? profile : JSON.stringify(profile)), databaseUrl, "analytics"));
    }, DBT_TIMEOUT_MS);

    afterAll(async () => {
      await drop?.();
      if (project) fs.rmSync(project, { recursive: true, force: true });
    });

    const dbtRun = (...args: string[]) => runTool(dbt!, [...args, "--project-dir", project, "--profiles-dir", project], { cwd: project, timeoutMs: DBT_TIMEOUT_MS });
    const failures = (output: string) => output.split("\n").filter((l) => /\b(ERROR|FAIL|Error|error)\b/.test(l) && !/ERROR=0/.test(l)).slice(0, 30).join("\n");

    it("ships the source tables' DDL and a README that says how to create and fill them", () => {
      expect(result.files[SOURCE_SCHEMA_FILE]!.match(/^create table /gm) ?? []).toHaveLength(result.state.catalog.tables.length);
      expect(result.files["README.md"]).toContain("npm run migrate -- load");
    });

    it("parses", async () => {
      const run = await dbtRun("parse");
      expect(run.ok, failures(run.output) || run.output.slice(-3000)).toBe(true);
    }, DBT_TIMEOUT_MS);

    it("builds every enabled model and passes every data test", async () => {
      const run = await dbtRun("build");
      expect(run.ok, failures(run.output) || run.output.slice(-3000)).toBe(true);
    }, DBT_TIMEOUT_MS);

    it("returns SQL Server's rows from every validated model built by dbt", async () => {
      const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
      const differences: string[] = [];
      let compared = 0;
      try {
        const validated = new Set(result.report.objects.filter((o) => o.status === "validated" && o.kind !== "table").map((o) => o.model));
        const modelOf = new Map(result.state.plan.models.map((m) => [m.key, m]));
        // dbt built each procedure with the project's var defaults: the entries with those params are comparable.
        const defaults = (YAML.parse(result.files["dbt_project.yml"]!) as { vars?: Record<string, unknown> }).vars ?? {};
        const builtWith = (vars: Record<string, string>) => Object.entries(vars).every(([k, v]) => String(defaults[k]) === v);
        for (const e of expected) {
          const m = modelOf.get(e.key);
          if (!m || !validated.has(m.name) || m.layer === "macro" || !builtWith(e.vars)) continue;
          compared++;
          let actual: ResultSet;
          try {
            actual = await fetchResult(sql, `select * from "analytics"."${m.name}"`);
          } catch (error) {
            differences.push(`${m.name}: ${(error as Error).message}`);
            continue;
          }
          const comparison = compareResults(e.result, actual, { ordered: false });
          if (comparison.status !== "match") differences.push(`${m.name}: ${comparison.reason} ${comparison.diff?.slice(0, 2).join("; ")}`);
        }
      } finally {
        await sql.end();
      }
      expect(differences).toEqual([]);
      expect(compared).toBeGreaterThan(0);
    }, DBT_TIMEOUT_MS);
  });
}
