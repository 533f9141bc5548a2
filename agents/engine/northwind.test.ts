import fs from "node:fs";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsPlugin from "ajv-formats";
import YAML from "yaml";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { readInputFromPath } from "~/agents/ingest";
import { runPipeline, type PipelineResult } from "~/agents/graph/pipeline";
import { ZMigrationReport } from "~/agents/core/contracts";
import { SHARED_FIXTURES, sharedCorpus } from "~/runtime/testing/corpora";

/** The shared corpus, next to the repository (`../shared` from its root), read at test time. */
const NORTHWIND = sharedCorpus("northwind");
const DBT_SCHEMAS = path.resolve(import.meta.dirname, "../../../shared/schemas/dbt");
const present = NORTHWIND !== undefined;
if (!present)
  console.warn(`SKIPPED: the Northwind corpus test needs ${SHARED_FIXTURES}/northwind (a script + manifest.json).`);

const VIEWS = 16;
const PROCEDURES = 7;

/**
 * The Northwind target, end to end through runPipeline: every table a source and a staging model, all 16 views
 * and all 7 procedures built in the sandbox and compared with the 24 expected results (procedures once per
 * manifest entry, with its params as dbt vars): 23/23 validated, by rules alone (no LLM hook).
 */
const title = present
  ? "Northwind through the whole pipeline"
  : `Northwind through the whole pipeline — SKIPPED: the corpus ${SHARED_FIXTURES}/northwind is absent`;

describe.skipIf(!present)(title, () => {
  let result: PipelineResult;

  beforeAll(async () => {
    const input = await readInputFromPath(NORTHWIND!.script);
    result = await runPipeline(input, {
      adminUrl: inject("pgAdminUrl"),
      expectedDir: NORTHWIND!.dir,
      database: "Northwind",
    });
  });

  it("validates all 16 views and 7 procedures against the expected results, with no LLM", () => {
    const code = result.report.objects.filter((o) => o.kind === "view" || o.kind === "procedure");
    expect(code).toHaveLength(VIEWS + PROCEDURES);
    expect(code.filter((o) => o.status !== "validated").map((o) => [o.object, o.status, o.reason])).toEqual([]);
    expect(result.state.translations.every((t) => t.by === "rules" && t.status === "translated")).toBe(true);
    expect(code.every((o) => o.attempts === 1 && o.comparison?.status === "match")).toBe(true);

    // 24 entries (SalesByCategory twice), each compared on its own.
    const entries = result.state.evaluations.filter((e) => e.source !== "input data");
    expect(entries).toHaveLength(24);
    expect(entries.filter((e) => e.comparison.status !== "match")).toEqual([]);
    const salesByCategory = result.report.objects.find((o) => o.object === "[dbo].[SalesByCategory]")!;
    expect(salesByCategory.comparison?.reason).toMatch(/^2 runs with the manifest's params/);
    expect(result.state.evaluations.filter((e) => e.model === "sales_by_category_proc").map((e) => e.params)).toEqual([
      { CategoryName: "Beverages", OrdYear: "1997" },
      { CategoryName: "Beverages", OrdYear: "2001" },
    ]);
  });

  it("makes every table a source and a staging model that returns the script's rows", () => {
    const tables = result.report.objects.filter((o) => o.kind === "table");
    expect(tables).toHaveLength(13);
    const sources = YAML.parse(result.files["models/staging/northwind/_northwind__sources.yml"]!) as {
      sources: { tables: { name: string; identifier?: string }[] }[];
    };
    const sourceTables = sources.sources[0]!.tables.map((t) => t.identifier ?? t.name);
    for (const t of tables) {
      const name = t.object.slice("[dbo].[".length, -1);
      expect(sourceTables, name).toContain(name);
      expect(t.model, name).toMatch(/^stg_northwind__/);
      expect(result.files[t.path!], name).toContain(`source('northwind',`);
      // Its rows are the script's own: loaded, which proves the data arrived, not "validated".
      expect([t.object, t.status, t.reason]).toEqual([
        t.object,
        "loaded",
        `the staging model returns the input's ${t.rows} rows`,
      ]);
    }
    const rows = Object.fromEntries(tables.map((t) => [t.object, t.rows]));
    expect(rows).toMatchObject({
      "[dbo].[Order Details]": 2155,
      "[dbo].[Orders]": 830,
      "[dbo].[Customers]": 91,
      "[dbo].[CustomerDemographics]": 0,
    });
    expect(result.state.runs.filter((r) => r.tests.some((t) => !t.ok))).toEqual([]);
    expect(result.state.runs.flatMap((r) => r.tests).length).toBeGreaterThan(50);
  });

  it("writes a report in the contract's format and YAML that validates against dbt's schemas", () => {
    expect(result.report.summary).toEqual({
      total: 36,
      validated: 23,
      loaded: 13,
      mismatch: 0,
      executed: 0,
      needs_review: 0,
      failed: 0,
      programmable: { total: 23, validated: 23, loaded: 0, mismatch: 0, executed: 0, needs_review: 0, failed: 0 },
      tables: { total: 13, validated: 0, loaded: 13, mismatch: 0, executed: 0, needs_review: 0, failed: 0 },
    });
    expect(ZMigrationReport.parse(JSON.parse(result.files["migration_report.json"]!))).toEqual(result.report);
    expect(result.files["migration_report.md"]).toContain("| **total** | **23** | **13** | **36** |");
    expect(JSON.parse(JSON.stringify(result.state))).toEqual(result.state);
    if (!fs.existsSync(DBT_SCHEMAS)) {
      console.warn(`dbt schema validation skipped: ${DBT_SCHEMAS} is absent`);
      return;
    }
    expect(dbtYamlProblems(result.files)).toEqual([]);
  });
});

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

/**
 * Every YAML file of a generated project checked against dbt's JSON schemas, read as dbt reads YAML (PyYAML,
 * YAML 1.1): the dbt writer's own validation (agents/dbt/project.test.ts), applied to a whole project.
 */
function dbtYamlProblems(files: Record<string, string>): string[] {
  const compile = (file: string): ValidateFunction => {
    // dbt's schemas are draft-07 with `$defs`; strict mode would reject their extra keywords.
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    return ajv.compile(JSON.parse(fs.readFileSync(path.join(DBT_SCHEMAS, file), "utf8")));
  };
  const project = compile("dbt_project-latest.json");
  const properties = compile("dbt_yml_files-latest.json");
  const problems: string[] = [];
  let checked = 0;
  for (const [file, text] of Object.entries(files)) {
    if (!file.endsWith(".yml")) continue;
    checked++;
    const doc = YAML.parseDocument(text, { version: "1.1" });
    if (doc.errors.length) {
      problems.push(`${file}: ${doc.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const validate = file === "dbt_project.yml" ? project : properties;
    if (!validate(doc.toJS())) problems.push(`${file}: ${JSON.stringify(validate.errors)}`);
  }
  if (checked < 4) problems.push(`only ${checked} YAML files in the project`);
  return problems;
}
