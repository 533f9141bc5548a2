import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { type Catalog, objectKey } from "~/agents/catalog/schema";
import { compileModel } from "~/agents/dbt/jinja";
import { ingest } from "~/agents/ingest";
import { columnNames } from "~/agents/plan/naming";
import { loadCatalog } from "~/agents/sandbox/load";
import { createSandbox, type Sandbox } from "~/agents/sandbox/sandbox";
import { modelRelation, type ModelToTest, testProject } from "~/agents/tester/test-project";
import { translateAll, type TranslationResult } from "~/agents/translate";
import { evaluateQuery, evaluateRelation } from "./evaluate";
import { type ExpectedResult, readExpectedResults } from "./expected";
import { sharedCorpus } from "~/runtime/testing/corpora";

const NORTHWIND = sharedCorpus("northwind");

/**
 * The whole validation path on the real corpus: the install script ingested and its 3,308 rows loaded into a
 * sandbox, the translated views built by the Tester in dependency order, and every one of the 24 expected
 * results evaluated (views from their relation, procedures compiled with each manifest entry's params).
 */
describe.skipIf(!NORTHWIND)("Northwind through sandbox, Tester and Evaluator", () => {
  let sandbox: Sandbox;
  let catalog: Catalog;
  let translations: TranslationResult[];
  let expected: ExpectedResult[];
  const ref = (name: string) => modelRelation(name);

  beforeAll(async () => {
    sandbox = await createSandbox({ adminUrl: inject("pgAdminUrl") });
    const file = NORTHWIND!.script;
    catalog = ingest({ kind: "script", file: path.basename(file), bytes: fs.readFileSync(file) });
    translations = translateAll(catalog, { source: "northwind" }).results;
    expected = await readExpectedResults(NORTHWIND!.dir);
  });
  afterAll(() => sandbox?.dispose());

  it("loads the script's 3,308 rows into the original tables", async () => {
    const result = await loadCatalog(sandbox.sql, catalog);
    console.info(`Northwind: ${result.rows} rows into ${result.tables} tables in ${result.ms.toFixed(0)} ms`);
    expect(result).toMatchObject({ tables: 13, rows: 3308 });
    const [row] = await sandbox.sql`select count(*)::int as n, sum("Quantity")::int as q from "dbo"."Order Details"`;
    expect(row).toEqual({ n: 2155, q: 51317 });
  });

  it("builds the staging models and the 16 translated views, and every expected result matches", async () => {
    const { context } = translateAll(catalog, { source: "northwind" });
    const staging: ModelToTest[] = catalog.tables.map((t) => ({
      name: context.resolver.modelName(objectKey(t.schema, t.name))!,
      materialized: "view",
      // As the staging model renames them: every column to its snake_case name (agents/plan/naming.ts).
      compiledSql: `select ${columnNames(t.columns.map((c) => c.name))
        .map((snake, i) => `"${t.columns[i]!.name.replaceAll('"', '""')}" as ${snake}`)
        .join(", ")} from "${t.schema}"."${t.name}"`,
    }));
    const views = translations.filter((t) => catalog.views.some((v) => objectKey(v.schema, v.name) === t.key));
    const compiled = views.map((t) => ({ t, c: compileModel(t.sql, { ref }) }));
    const models: ModelToTest[] = [
      ...staging,
      ...compiled.map(({ t, c }) => ({ name: t.model, materialized: "view" as const, compiledSql: c.sql })),
    ];
    const plan = {
      order: models.map((m) => m.name),
      models: [
        ...staging.map((s) => ({ name: s.name, dependsOn: [] as string[] })),
        ...compiled.map(({ t, c }) => ({ name: t.model, dependsOn: c.refs })),
      ].map((m) => ({
        key: m.name,
        kind: "view" as const,
        path: "",
        layer: "marts" as const,
        materialized: "view" as const,
        vars: [],
        ...m,
      })),
    };
    const built = await testProject({ sandbox, plan, models });
    console.info(`Northwind: built ${built.runs.length} models in ${built.ms.toFixed(0)} ms`);
    expect(built.runs.filter((r) => r.outcome !== "ok").map((r) => [r.model, r.error])).toEqual([]);

    const started = performance.now();
    const results: [string, string, string | undefined][] = [];
    for (const e of expected) {
      const t = translations.find((x) => x.key === e.key)!;
      const comparison =
        e.entry.kind === "view"
          ? await evaluateRelation(sandbox.sql, ref(t.model), e)
          : await evaluateQuery(sandbox.sql, compileModel(t.sql, { ref, vars: e.vars }).sql, e);
      results.push([e.entry.file, comparison.status, comparison.reason]);
    }
    console.info(
      `Northwind: evaluated ${expected.length} expected results in ${(performance.now() - started).toFixed(0)} ms`,
    );
    expect(results.filter(([, status]) => status !== "match")).toEqual([]);
  });
});
