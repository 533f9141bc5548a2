import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseCsv } from "~/agents/evaluate/csv";
import { sampleScriptPath } from "~/agents/sample";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Runs `npm run migrate -- …` as a user would (tsx from the repository root), capturing its output and exit code. */
function migrate(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/migrate.ts", ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run migrate", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-cli-"));
    fs.writeFileSync(path.join(dir, "empty.sql"), "");
    fs.writeFileSync(path.join(dir, "comments.sql"), "-- nothing here\nGO\n");
    fs.writeFileSync(path.join(dir, "broken.json"), '{"tables": [');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("migrates the built-in sample offline on an embedded PostgreSQL: exit 0, project, reports and result CSVs", async () => {
    const out = path.join(dir, "sample");
    const csv = path.join(dir, "results");
    const run = await migrate([
      sampleScriptPath,
      "--expected",
      "agents/sample/expected",
      "--out",
      out,
      "--export-results",
      csv,
      "--vars",
      '{"MinRevenue": 100}',
    ]);
    expect({ code: run.code, stderr: run.code === 0 ? "" : run.stderr }).toEqual({ code: 0, stderr: "" });
    // Views and procedures apart from tables: the tables' rows are only loaded, not validated.
    expect(run.stdout).toMatch(
      /^ecommerce: 24 objects; views, procedures and functions: 14 of 14 validated, 0 mismatch, 0 executed, 0 need review, 0 failed; source tables: 10 of 10 loaded, 0 mismatch, 0 executed, 0 need review, 0 failed/,
    );
    expect(run.stdout).toContain(`results: 24 CSV files in ${csv}`);

    // Progress: every step, and objects by name.
    for (const agent of ["ingest", "assessment", "planner", "executor", "tester", "evaluator", "report"])
      expect(run.stderr).toMatch(new RegExp(`^\\[ *\\d+%\\] ${agent} +done: `, "m"));
    expect(run.stderr).toMatch(/^\[ *\d+%\] tester +usp_top_products: built, \d+ rows/m);
    expect(run.stderr).toContain("starting an embedded PostgreSQL");

    const report = JSON.parse(fs.readFileSync(path.join(out, "migration_report.json"), "utf8")) as {
      summary: Record<string, number>;
    };
    expect(report.summary).toMatchObject({ total: 24, validated: 14, loaded: 10 });
    expect(fs.readFileSync(path.join(out, "migration_report.md"), "utf8")).toContain("# Migration report: ecommerce");
    expect(fs.readFileSync(path.join(out, "dbt_project.yml"), "utf8")).toContain("name: ecommerce");
    expect(fs.existsSync(path.join(out, "models/staging/ecommerce/stg_ecommerce__orders.sql"))).toBe(true);

    const files = fs.readdirSync(csv).sort();
    expect(files).toHaveLength(24);
    expect(files).toContain("stg_ecommerce__order_items.csv");
    const top = parseCsv(fs.readFileSync(path.join(csv, "usp_top_products.csv"), "utf8"));
    // Exported under the models' own (snake_case) column names.
    expect(top.header).toEqual(["product_id", "product_name", "category_name", "units_sold", "revenue", "buyers"]);
    const items = parseCsv(fs.readFileSync(path.join(csv, "stg_ecommerce__order_items.csv"), "utf8"));
    expect(items.header).toEqual(["order_id", "line_number", "product_id", "quantity", "unit_price", "discount_pct"]);
    expect(items.rows).toHaveLength(229);
    // Real dbt builds the models when it is installed (the default): two dbt builds take far longer than a minute.
  }, 300_000);

  it("uses the server given by --database-url", async () => {
    // The built-in compiler: what this proves is where the sandbox lives (the test above builds with dbt).
    const run = await migrate([
      "--sample",
      "--out",
      path.join(dir, "url"),
      "--database-url",
      inject("pgAdminUrl"),
      "--quiet",
      "--no-dbt",
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^ecommerce: 24 objects; views, procedures and functions: 14 of 14 validated/);
  }, 300_000);

  it("exits 1 with the database's message when the sandbox server cannot be reached", async () => {
    const run = await migrate([
      "--sample",
      "--out",
      path.join(dir, "unreachable"),
      "--database-url",
      "postgres://nobody:secret@127.0.0.1:1/postgres",
      "--quiet",
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("migrate: the sandbox database failed: connect ECONNREFUSED 127.0.0.1:1\n");
  });

  it.concurrent.each([
    ["a missing file", ["no/such/file.sql"], /^migrate: no\/such\/file\.sql does not exist$/m],
    ["an empty script", ["<empty>"], /^migrate: empty\.sql is empty$/m],
    [
      "a script with nothing to migrate",
      ["<comments>"],
      /^migrate: comments\.sql holds no tables, views, procedures or functions to migrate$/m,
    ],
    ["unparseable catalog JSON", ["<json>"], /^migrate: broken\.json is not valid JSON/m],
    ["invalid --vars", ["--sample", "--vars", "{oops"], /^migrate: --vars is not valid JSON/m],
    ["--vars that is not an object", ["--sample", "--vars", "[1]"], /^migrate: --vars must be a JSON object/m],
    [
      "an expected-results folder without a manifest",
      ["--sample", "--expected", "<dir>"],
      /^migrate: .* holds no manifest\.json/m,
    ],
    ["no --out", ["--sample", "<no-out>"], /^migrate: --out <dir> is required/m],
  ])("exits non-zero with a clear message for %s", async (_what, args, message) => {
    const replaced = args.map((a) =>
      a === "<empty>"
        ? path.join(dir, "empty.sql")
        : a === "<comments>"
          ? path.join(dir, "comments.sql")
          : a === "<json>"
            ? path.join(dir, "broken.json")
            : a === "<dir>"
              ? dir
              : a,
    );
    const full = replaced.includes("<no-out>")
      ? replaced.filter((a) => a !== "<no-out>")
      : [...replaced, "--out", path.join(dir, "bad-out")];
    const run = await migrate(full);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
    expect(fs.existsSync(path.join(dir, "bad-out"))).toBe(false);
  });
});
