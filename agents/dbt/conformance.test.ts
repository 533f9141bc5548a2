import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { compareResults, type ResultSet } from "~/agents/evaluate/compare";
import { fetchResult } from "~/agents/evaluate/evaluate";
import { readExpectedResults, type ExpectedResult } from "~/agents/evaluate/expected";
import { runPipeline, type PipelineResult } from "~/agents/graph/pipeline";
import { readInputFromPath } from "~/agents/ingest";
import { sampleExpectedDir, sampleScriptPath } from "~/agents/sample";
import { withDatabase } from "~/db/testing";
import { main as migrate } from "~/scripts/migrate";
import { HOSTILE_SCRIPT, writeHostileExpected } from "~/agents/escape/hostile";
import { LONG_NAMES, LONG_NAMES_SCRIPT, writeLongNamesExpected } from "~/agents/plan/testing/long-names";
import { findDbt, findSqlfluff, profilesYaml, runTool, type ToolRun } from "./cli";
import { compileModel, parseMacros, type MacroLibrary } from "./jinja";
import { LOAD_DATA_FILE, SOURCE_SCHEMA_FILE } from "./project";
import { qualifiedName } from "~/agents/dialect/postgres";
import { relationResolvers } from "./relations";
import { lintProject } from "./sqlfluff";
import { sharedCorpora } from "~/runtime/testing/corpora";

/**
 * The generated project under real dbt (dbt-core + dbt-postgres from `npm run setup:dbt`), as a user runs it:
 * the source tables are created and filled in a fresh PostgreSQL database, a profiles.yml points at it, then
 * `dbt build` (which parses and compiles) must be green; the equality tests against the expected-results seeds ran
 * and passed; our compiler (agents/dbt/jinja.ts, the Tester's) renders every enabled model exactly as dbt compiled
 * it; and every model built from a view or procedure with an expected result returns SQL Server's rows. One dbt
 * invocation per corpus (a second, once, proves an equality test can fail); sqlfluff lints each project once.
 * Where the time goes: README, "Real dbt".
 */

const dbt = findDbt();
if (!dbt) {
  const why = "dbt is not installed: run `npm run setup:dbt` (CI does), or set DBT_BIN";
  if (process.env.CI) throw new Error(why);
  console.warn(`SKIPPED: the dbt conformance tests — ${why}`);
}

// sqlfluff comes with dbt (requirements-dbt.txt): CI has both.
const sqlfluff = findSqlfluff();
if (dbt && !sqlfluff && process.env.CI)
  throw new Error("sqlfluff is not installed: run `npm run setup:dbt`, or set SQLFLUFF_BIN");

// Hostile names, literals and comments: real dbt must hold them as inert data too (agents/escape).
const hostile = fs.mkdtempSync(path.join(os.tmpdir(), "dm-hostile-"));
fs.writeFileSync(path.join(hostile, "hostile.sql"), HOSTILE_SCRIPT);
writeHostileExpected(hostile);
// Names past PostgreSQL's 63 bytes once prefixed, alike in their first 70 characters or multi-byte (relationName).
const longNames = fs.mkdtempSync(path.join(os.tmpdir(), "dm-long-names-"));
fs.writeFileSync(path.join(longNames, "long_names.sql"), LONG_NAMES_SCRIPT);
writeLongNamesExpected(longNames);
type Corpus = { name: string; script: string; expected: string; database?: string };
const CORPORA: Corpus[] = [
  { name: "built-in sample", script: sampleScriptPath, expected: sampleExpectedDir },
  // Every shared corpus, whatever its script is called. Its scripts name no database, so the migration is given the
  // folder's name, as a user names a migration in the dashboard.
  ...sharedCorpora().map(({ name, script, dir }) => ({ name, script, expected: dir, database: name })),
  { name: "hostile-text", script: path.join(hostile, "hostile.sql"), expected: hostile },
  {
    name: "long-names",
    script: path.join(longNames, "long_names.sql"),
    expected: longNames,
    database: "long_names",
  },
];

afterAll(() => {
  fs.rmSync(hostile, { recursive: true, force: true });
  fs.rmSync(longNames, { recursive: true, force: true });
});

/** SQL with every run of whitespace as one blank, none at the ends. */
const normalize = (sql: string) => sql.replace(/\s+/g, " ").trim();
const firstDifference = (ours: string, theirs: string) => {
  let i = 0;
  while (i < ours.length && ours[i] === theirs[i]) i++;
  return `  ours: …${ours.slice(Math.max(0, i - 80), i + 120)}\n  dbt:  …${theirs.slice(Math.max(0, i - 80), i + 120)}`;
};

const DBT_TIMEOUT_MS = 600_000;
const execFileAsync = promisify(execFile);

for (const corpus of CORPORA) {
  const present = fs.existsSync(corpus.script);
  if (!present) console.warn(`SKIPPED: dbt conformance on ${corpus.name} — ${corpus.script} is absent`);

  describe.skipIf(!dbt || !present)(`the ${corpus.name} project under real dbt`, () => {
    let result: PipelineResult;
    let project: string;
    let databaseUrl: string;
    let loadedUrl: string;
    let drop: () => Promise<void>;
    let expected: ExpectedResult[];

    beforeAll(async () => {
      const adminUrl = inject("pgAdminUrl");
      result = await runPipeline(await readInputFromPath(corpus.script), {
        adminUrl,
        expectedDir: corpus.expected,
        ...(corpus.database ? { database: corpus.database } : {}),
      });
      expected = await readExpectedResults(corpus.expected);

      project = fs.mkdtempSync(path.join(os.tmpdir(), "dm-dbt-"));
      for (const [file, text] of Object.entries(result.files)) {
        fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
        fs.writeFileSync(path.join(project, file), text);
      }

      // The user's database, filled as the project's README says first: psql runs its own source_schema files.
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      const names = [1, 2].map(() => `dbt_${Math.random().toString(36).slice(2, 10)}`);
      for (const name of names) await admin.unsafe(`create database ${name}`);
      await admin.end();
      drop = async () => {
        const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
        for (const name of names) await dropper.unsafe(`drop database if exists ${name} with (force)`);
        await dropper.end();
      };
      [databaseUrl, loadedUrl] = names.map((name) => withDatabase(adminUrl, name)) as [string, string];
      await execFileAsync("psql", [
        databaseUrl,
        "--no-psqlrc",
        "--quiet",
        "-v",
        "ON_ERROR_STOP=1",
        "-f",
        path.join(project, SOURCE_SCHEMA_FILE),
        "-f",
        path.join(project, LOAD_DATA_FILE),
      ]);
      // And as it says next: `npm run migrate -- load <script> --database-url <url>`, into a second database.
      const said: string[] = [];
      const code = await migrate(
        [
          "load",
          corpus.script,
          "--database-url",
          loadedUrl,
          ...(corpus.database ? ["--database", corpus.database] : []),
        ],
        { out: (l) => said.push(l), err: (l) => said.push(l) },
      );
      expect(code, said.join("\n")).toBe(0);
      const profile = /^profile: (.+)$/m.exec(result.files["dbt_project.yml"]!)![1]!.trim();
      fs.writeFileSync(
        path.join(project, "profiles.yml"),
        profilesYaml(JSON.parse(profile.startsWith('"') ? profile : JSON.stringify(profile)), databaseUrl, "analytics"),
      );
    }, DBT_TIMEOUT_MS);

    afterAll(async () => {
      await drop?.();
      if (project && !process.env.KEEP_DBT_PROJECT) fs.rmSync(project, { recursive: true, force: true });
      else if (project) console.warn(`kept the ${corpus.name} dbt project in ${project}`);
    });

    const dbtRun = (...args: string[]) =>
      runTool(dbt!, [...args, "--project-dir", project, "--profiles-dir", project], {
        cwd: project,
        timeoutMs: DBT_TIMEOUT_MS,
      });
    // One `dbt build` per corpus (it parses and compiles too), shared by the tests that read what it left.
    let building: Promise<ToolRun> | undefined;
    const build = () => (building ??= dbtRun("build"));
    const failures = (output: string) =>
      output
        .split("\n")
        .filter((l) => /\b(ERROR|FAIL|Error|error)\b/.test(l) && !/ERROR=0/.test(l))
        .slice(0, 30)
        .join("\n");

    it("ships the source tables' DDL and a README that says how to create and fill them", () => {
      expect(result.files[SOURCE_SCHEMA_FILE]!.match(/^create table /gm) ?? []).toHaveLength(
        result.state.catalog.tables.length,
      );
      expect(result.files["README.md"]).toContain(`-f ${SOURCE_SCHEMA_FILE} -f ${LOAD_DATA_FILE}`);
      expect(result.files["README.md"]).toContain("npm run migrate -- load");
    });

    it("fills the source tables from the project's own files with the rows `migrate load` gives", async () => {
      const [projectFiles, cli] = [databaseUrl, loadedUrl].map((url) => postgres(url, { max: 1, onnotice: () => {} }));
      try {
        for (const table of result.state.catalog.tables) {
          const rows = (sql: postgres.Sql) =>
            sql.unsafe(
              `select to_jsonb(t)::text as row from ${qualifiedName(table.schema, table.name)} as t order by 1`,
            );
          const [ours, theirs] = await Promise.all([rows(projectFiles!), rows(cli!)]);
          expect(ours, `${table.schema}.${table.name}`).toEqual(theirs);
        }
      } finally {
        await Promise.all([projectFiles!.end(), cli!.end()]);
      }
    });

    it(
      "builds every enabled model and passes every data test, the equality tests against the expected results among them",
      async () => {
        const run = await build();
        expect(run.ok, failures(run.output) || run.output.slice(-3000)).toBe(true);

        // Every validated model with an expected result computed with the project's vars has its equality test, and it passed.
        const results = (
          JSON.parse(fs.readFileSync(path.join(project, "target/run_results.json"), "utf8")) as {
            results: { unique_id: string; status: string }[];
          }
        ).results;
        const statusOf = new Map(
          results.filter((r) => r.unique_id.startsWith("test.")).map((r) => [r.unique_id.split(".")[2]!, r.status]),
        );
        const defaults =
          (YAML.parse(result.files["dbt_project.yml"]!) as { vars?: Record<string, unknown> }).vars ?? {};
        const builtWith = (vars: Record<string, string>) =>
          Object.entries(vars).every(([k, v]) => String(defaults[k]) === v);
        const validated = new Set(
          result.report.objects.filter((o) => o.status === "validated" && o.kind !== "table").map((o) => o.model),
        );
        const provable = result.state.plan.models.filter(
          (m) =>
            validated.has(m.name) && m.layer !== "macro" && expected.some((e) => e.key === m.key && builtWith(e.vars)),
        );
        // A model the project cannot test (an XML column: no canonical form in SQL) is listed in its README with the reason.
        const readme = result.files["README.md"]!;
        const unprovable = readme.split("Validated, but without an equality test")[1]?.split("\n\n")[1] ?? "";
        const explained = new Set([...unprovable.matchAll(/^- `(\w+)`: /gm)].map((m) => m[1]!));
        const outcomes = provable.map((m) => [
          m.name,
          statusOf.get(`equals_expected__${m.name}`) ?? (explained.has(m.name) ? "explained" : "no equality test"),
        ]);
        expect(outcomes).toEqual(provable.map((m) => [m.name, explained.has(m.name) ? "explained" : "pass"]));
        // Every corpus proves at least one model: the hostile one its view, whose column names no seed could hold as
        // they are (quotes, Jinja, past 63 bytes; seeds.ts), so its seed loads them under the model's names.
        expect(provable.length).toBeGreaterThan(0);
      },
      DBT_TIMEOUT_MS,
    );

    it(
      "renders every enabled model with our compiler exactly as dbt compiled it in that build",
      async () => {
        // `dbt build` compiles every model it builds into target/compiled, as `dbt compile` would: no second dbt run.
        const run = await build();
        expect(run.ok, failures(run.output) || run.output.slice(-3000)).toBe(true);

        const projectName = (YAML.parse(result.files["dbt_project.yml"]!) as { name: string }).name;
        const database = new URL(databaseUrl).pathname.slice(1);
        const resolvers = relationResolvers(result.state.catalog, result.state.plan, "analytics", database);
        const macros: MacroLibrary = {};
        for (const [file, text] of Object.entries(result.files))
          if (file.startsWith("macros/") && file.endsWith(".sql")) parseMacros(text, macros);
        const vars = (YAML.parse(result.files["dbt_project.yml"]!) as { vars?: Record<string, unknown> }).vars ?? {};
        const differences: string[] = [];
        let compared = 0;
        for (const m of result.state.plan.models) {
          const compiledFile = path.join(project, "target/compiled", projectName, m.path);
          if (!fs.existsSync(compiledFile)) continue; // disabled, or not a model (macros, review notes)
          compared++;
          const ours = compileModel(result.files[m.path]!, {
            ...resolvers,
            vars,
            macros,
            this: resolvers.ref(m.name),
          }).sql;
          const theirs = fs.readFileSync(compiledFile, "utf8");
          if (normalize(ours) !== normalize(theirs))
            differences.push(`${m.name}:\n${firstDifference(normalize(ours), normalize(theirs))}`);
        }
        expect(differences).toEqual([]);
        const enabled = result.state.plan.models.filter(
          (m) =>
            (m.layer === "staging" || m.layer === "intermediate" || m.layer === "marts") &&
            !/\{\{ config\(enabled=false\) \}\}/.test(result.files[m.path] ?? ""),
        );
        expect(compared).toBe(enabled.length);
      },
      DBT_TIMEOUT_MS,
    );

    // Names past 63 bytes once prefixed (relationName): the migration validates every object under the names it gave,
    // the ones the build above created (its source tables, models and seeds), and each keeps its SQL Server name.
    it.runIf(corpus.name === "long-names")(
      "validates every view and procedure whose name PostgreSQL could not hold, keeping the SQL Server names in the docs",
      async () => {
        expect((await build()).ok).toBe(true);
        expect(
          result.report.objects.map((o) => [o.object, o.status]).filter(([, s]) => s !== "validated" && s !== "loaded"),
        ).toEqual([]);
        const docs = Object.entries(result.files)
          .filter(([file]) => file.endsWith(".yml"))
          .map(([, text]) => text)
          .join("\n");
        for (const name of Object.values(LONG_NAMES)) expect(docs).toContain(`[${name}]`);
      },
      DBT_TIMEOUT_MS,
    );

    // One corpus is enough to see real dbt fail the test (a second dbt invocation); equals-expected.test.ts covers the SQL.
    it.runIf(corpus.name === "built-in sample")(
      "fails an equality test when the model's rows differ from the expected ones",
      async () => {
        // The first proven model's seed loses one row: its test must fail, naming the missing row.
        const seedsFile = Object.keys(result.files).find(
          (f) => f.startsWith("seeds/expected/") && f.endsWith(".csv") && result.files[f]!.split("\r\n").length > 3,
        );
        expect(seedsFile, "a seed with at least two rows").toBeDefined();
        expect((await build()).ok).toBe(true);
        const lines = result.files[seedsFile!]!.split("\r\n");
        fs.writeFileSync(path.join(project, seedsFile!), [lines[0], ...lines.slice(2)].join("\r\n"));
        try {
          const seed = path.basename(seedsFile!, ".csv");
          // The seed and its children: the equality test (the model, upstream of the test only, is already built).
          const run = await dbtRun("build", "--select", `${seed}+`);
          expect(run.ok, run.output.slice(-3000)).toBe(false);
          expect(run.output).toMatch(/Failure in test equals_expected__\w+ /);
          expect(run.output).toMatch(/Got 1 result, configured to fail if != 0/);
        } finally {
          fs.writeFileSync(path.join(project, seedsFile!), result.files[seedsFile!]!);
        }
      },
      DBT_TIMEOUT_MS,
    );

    it(
      "returns SQL Server's rows from every validated model built by dbt",
      async () => {
        expect((await build()).ok).toBe(true);
        const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
        const differences: string[] = [];
        let compared = 0;
        try {
          const validated = new Set(
            result.report.objects.filter((o) => o.status === "validated" && o.kind !== "table").map((o) => o.model),
          );
          const modelOf = new Map(result.state.plan.models.map((m) => [m.key, m]));
          // dbt built each procedure with the project's var defaults: the entries with those params are comparable.
          const defaults =
            (YAML.parse(result.files["dbt_project.yml"]!) as { vars?: Record<string, unknown> }).vars ?? {};
          const builtWith = (vars: Record<string, string>) =>
            Object.entries(vars).every(([k, v]) => String(defaults[k]) === v);
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
            if (comparison.status !== "match")
              differences.push(`${m.name}: ${comparison.reason} ${comparison.diff?.slice(0, 2).join("; ")}`);
          }
        } finally {
          await sql.end();
        }
        expect(differences).toEqual([]);
        expect(compared).toBeGreaterThan(0);
      },
      DBT_TIMEOUT_MS,
    );

    it.skipIf(!sqlfluff)(
      "is linted by sqlfluff under its own .sqlfluff (dbt-labs' style) with no findings, printing any",
      async () => {
        const started = performance.now();
        const lint = await lintProject(result.files, { timeoutMs: DBT_TIMEOUT_MS });
        if (!lint || "error" in lint) throw new Error(lint?.error ?? "sqlfluff vanished");
        const findings = lint.findings.map((f) => `${f.file}:${f.line} ${f.code} ${f.message}`);
        console.log(
          `sqlfluff lint of the ${corpus.name} project: ${lint.files} files, ${findings.length} findings in ${Math.round(performance.now() - started)} ms${findings.length ? `\n  ${findings.join("\n  ")}` : ""}`,
        );
        expect(lint.files).toBeGreaterThan(0);
        expect(findings).toEqual([]);
      },
      DBT_TIMEOUT_MS,
    );
  });
}
