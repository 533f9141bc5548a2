import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { findDbt } from "~/agents/dbt/cli";
import type { Plan } from "~/agents/core/contracts";
import { repair } from "~/agents/rebuild/repair";
import { loadCatalog } from "~/agents/sandbox/load";
import { createSandbox, type Sandbox } from "~/agents/sandbox/sandbox";
import { northwindLikeCatalog } from "~/agents/sandbox/testing";
import { dbtBuildProject } from "./dbt-build";
import { type ModelToTest, testProject } from "./test-project";

/**
 * The Tester's real-dbt builder against a real sandbox and real dbt (`npm run setup:dbt`): the records it makes
 * are the built-in Tester's, so the Rebuilder and the report read both alike.
 */

const dbt = findDbt();
if (!dbt) {
  const why = "dbt is not installed: run `npm run setup:dbt` (CI does), or set DBT_BIN";
  if (process.env.CI) throw new Error(why);
  console.warn(`SKIPPED: the Tester's dbt builder — ${why}`);
}

type Spec = { name: string; materialized: ModelToTest["materialized"]; sql: string; dependsOn?: string[] };

/** A dbt project of plain-SQL models (refs written as relations in "analytics", which both builders resolve alike). */
function project(specs: Spec[]) {
  const plan: Plan = {
    project: { name: "tester_dbt", profile: "tester_dbt" },
    sources: [],
    models: specs.map((s) => ({
      key: `dbo.${s.name}`,
      kind: "view",
      name: s.name,
      path: `models/${s.name}.sql`,
      layer: "marts",
      materialized: s.materialized,
      dependsOn: s.dependsOn ?? [],
      vars: [],
    })),
    order: specs.map((s) => s.name),
  };
  const files = new Map<string, string>([
    [
      "dbt_project.yml",
      `name: tester_dbt\nversion: "1.0.0"\nconfig-version: 2\nprofile: tester_dbt\nmodel-paths: ["models"]\n`,
    ],
  ]);
  for (const s of specs) {
    // Dependencies through ref() for dbt's ordering; the SQL reads the relation itself so both builders run the same text.
    const refs = (s.dependsOn ?? []).map((d) => `-- depends_on: {{ ref('${d}') }}\n`).join("");
    files.set(`models/${s.name}.sql`, `{{ config(materialized='${s.materialized}') }}\n${refs}${s.sql}`);
  }
  const models: ModelToTest[] = specs.map((s) => ({
    name: s.name,
    materialized: s.materialized,
    compiledSql: `\n${(s.dependsOn ?? []).map(() => "-- depends_on\n").join("")}${s.sql}`,
  }));
  return { plan, files, models };
}

describe.skipIf(!dbt)("the Tester under real dbt", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ adminUrl: inject("pgAdminUrl") });
    await loadCatalog(sandbox.sql, northwindLikeCatalog());
  });
  afterAll(() => sandbox?.dispose());

  it("builds the models with dbt build in the sandbox: tables, counted views, tests, and what dbt compiled", async () => {
    const { plan, files, models } = project([
      {
        name: "orders",
        materialized: "table",
        sql: `select "OrderID" as order_id, "CustomerID" as customer_id from "dbo"."Orders"`,
      },
      {
        name: "order_count",
        materialized: "view",
        sql: `select customer_id, count(*) as n from "analytics"."orders" group by customer_id`,
        dependsOn: ["orders"],
      },
    ]);
    files.set(
      "models/_models.yml",
      `version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: order_id\n        data_tests: [unique, not_null]\n      - name: customer_id\n        data_tests: [unique]\n`,
    );
    const started: string[] = [];
    const { runs } = await dbtBuildProject({
      dbt: dbt!,
      sandbox,
      plan,
      files,
      models,
      onModel: (m) => started.push(m),
    });
    expect(runs.map((r) => [r.model, r.outcome, r.builtBy, r.error])).toEqual([
      ["orders", "ok", "dbt build", undefined],
      ["order_count", "ok", "dbt build", undefined],
    ]);
    const [truth] = await sandbox.sql<{ orders: number; customers: number; repeated: number }[]>`
      select (select count(*)::int from "dbo"."Orders") as orders,
             (select count(distinct "CustomerID")::int + max(case when "CustomerID" is null then 1 else 0 end) from "dbo"."Orders") as customers,
             (select count(*)::int from (select 1 from "dbo"."Orders" where "CustomerID" is not null group by "CustomerID" having count(*) > 1) as d) as repeated`;
    expect(runs.map((r) => r.rows)).toEqual([truth!.orders, truth!.customers]);
    // dbt's compiled SQL names the relation with the database, which our compiler never writes.
    expect(runs[1]!.compiledSql).toContain(`"${sandbox.database}"."analytics"."orders"`);
    expect(started).toEqual(expect.arrayContaining(["orders", "order_count"]));
    // The duplicate CustomerIDs fail dbt's unique test; the model downstream is still built (severity warn).
    const tests = Object.fromEntries(runs[0]!.tests.map((t) => [t.name, [t.ok, t.failures]]));
    expect(tests).toEqual({
      unique_orders_order_id: [true, 0],
      not_null_orders_order_id: [true, 0],
      unique_orders_customer_id: [false, truth!.repeated],
    });
  }, 180_000);

  it("records a model's run-time error exactly as the built-in compiler does, and skips what is downstream", async () => {
    const { plan, files, models } = project([
      {
        name: "ratio_table",
        materialized: "table",
        sql: `select "OrderID" / ("OrderID" - 10248) as r from "dbo"."Orders"`,
      },
      {
        name: "ratio_view",
        materialized: "view",
        sql: `select cast("ShipCity" as integer) as city from "dbo"."Orders"`,
      },
      {
        name: "after_view",
        materialized: "view",
        sql: `select * from "analytics"."ratio_view"`,
        dependsOn: ["ratio_view"],
      },
      { name: "fine", materialized: "view", sql: `select 1 as one` },
    ]);
    const underDbt = await dbtBuildProject({ dbt: dbt!, sandbox, plan, files, models });
    const builtIn = await testProject({ sandbox, plan, models });
    const record = (r: (typeof underDbt.runs)[number]) => [r.model, r.outcome, r.error];
    expect(underDbt.runs.map(record)).toEqual(builtIn.runs.map(record));
    expect(underDbt.runs.map(record)).toEqual([
      ["ratio_table", "failed", "division by zero (SQLSTATE 22012)"],
      ["ratio_view", "failed", `invalid input syntax for type integer: "Berlin" (SQLSTATE 22P02)`],
      ["after_view", "skipped", "upstream model ratio_view failed"],
      ["fine", "ok", undefined],
    ]);
  }, 180_000);

  it("gives the Rebuilder PostgreSQL's error with its position in the SQL dbt ran, so a repair rule applies", async () => {
    const sql = `select "ShipCity" + ', ' + "CustomerID" as label from "dbo"."Orders"`;
    const { plan, files, models } = project([{ name: "labels", materialized: "table", sql }]);
    const { runs } = await dbtBuildProject({ dbt: dbt!, sandbox, plan, files, models });
    expect(runs[0]!.error).toMatch(
      /^operator does not exist: character varying \+ unknown \(SQLSTATE 42883\) at line 2, column 19\n/,
    );
    expect(repair({ sql: files.get("models/labels.sql")! }, runs[0]!)?.rule).toBe("string-concatenation");
  }, 180_000);

  it("says why dbt could not compile a model, and why it built nothing from a project it could not parse", async () => {
    const compiled = project([
      { name: "jinja_broken", materialized: "view", sql: `select {{ no_such_macro() }} as x` },
    ]);
    const { runs } = await dbtBuildProject({ dbt: dbt!, sandbox, ...compiled });
    expect(runs[0]!.error).toMatch(/^dbt compilation error: .*no_such_macro/s);

    // Jinja dbt cannot parse stops its whole build: that model fails with dbt's message, what reads it is
    // skipped, and the rest is built.
    const jinja = project([
      { name: "unclosed", materialized: "view", sql: `select '{{ var('Name') }'\n'}' as v` },
      { name: "reads_unclosed", materialized: "view", sql: `select 1 as one`, dependsOn: ["unclosed"] },
      { name: "sound", materialized: "view", sql: `select 1 as one` },
    ]);
    const partial = await dbtBuildProject({ dbt: dbt!, sandbox, ...jinja });
    expect(partial.runs.map((r) => [r.model, r.outcome])).toEqual([
      ["unclosed", "failed"],
      ["reads_unclosed", "skipped"],
      ["sound", "ok"],
    ]);
    expect(partial.runs[0]!.error).toMatch(/^dbt could not compile it: .*Compilation Error in model unclosed/s);

    const unparsable = project([{ name: "orphan", materialized: "view", sql: `select 1 as one` }]);
    unparsable.files.set("models/_broken.yml", "version: 2\nmodels: [\n");
    const stopped = await dbtBuildProject({ dbt: dbt!, sandbox, ...unparsable });
    expect(stopped.runs.map((r) => [r.model, r.outcome])).toEqual([["orphan", "not_built"]]);
    expect(stopped.runs[0]!.error).toMatch(/^dbt stopped before building anything \(exit \d+\): .*_broken\.yml/s);
  }, 180_000);
});

describe.skipIf(!dbt)("the Tester under real dbt, with a short statement deadline", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({
      adminUrl: inject("pgAdminUrl"),
      statementTimeoutMs: 2_000,
      watchdog: { pollMs: 100, graceMs: 200 },
    });
  });
  afterAll(() => sandbox?.dispose());

  it("fails a model dbt ran past the sandbox's statement deadline with that reason, even one that lifted its own timeout", async () => {
    const { plan, files, models } = project([
      { name: "sleepy", materialized: "table", sql: `select 1 as s from pg_sleep(30)` },
      { name: "unbounded", materialized: "table", sql: `select 1 as s from pg_sleep(30)` },
      { name: "quick", materialized: "table", sql: `select 1 as s` },
    ]);
    // The model lifts the role's statement_timeout in its session: the sandbox's watchdog still stops it.
    files.set(
      "models/unbounded.sql",
      `{{ config(materialized='table', pre_hook='set statement_timeout = 0') }}\nselect 1 as s from pg_sleep(30)`,
    );
    const { runs } = await dbtBuildProject({ dbt: dbt!, sandbox, plan, files, models });
    const errors = Object.fromEntries(runs.map((r) => [r.model, r.error]));
    expect(errors.sleepy).toMatch(
      /^the statement ran past the sandbox statement deadline of 2 s: canceling statement due to statement timeout/,
    );
    expect(errors.unbounded).toMatch(
      /^the statement ran past the sandbox statement deadline of 2 s: canceling statement due to user request/,
    );
    expect(errors.quick).toBeUndefined();
  }, 180_000);
});

describe.skipIf(!dbt)("the Tester under real dbt, past the dbt process's deadline", () => {
  let sandbox: Sandbox;
  // Statements may run longer than dbt may: the process deadline is what stops the build here. Generous, so dbt
  // has started building on a busy machine before it is killed.
  beforeAll(async () => {
    sandbox = await createSandbox({ adminUrl: inject("pgAdminUrl"), statementTimeoutMs: 600_000 });
  });
  afterAll(() => sandbox?.dispose());

  it("kills dbt at its deadline and names the model it was building", async () => {
    const { plan, files, models } = project([
      { name: "fast", materialized: "table", sql: `select 1 as one` },
      { name: "slow", materialized: "table", sql: `select 1 as s from pg_sleep(600)`, dependsOn: ["fast"] },
      { name: "later", materialized: "view", sql: `select * from "analytics"."slow"`, dependsOn: ["slow"] },
    ]);
    const { runs } = await dbtBuildProject({ dbt: dbt!, sandbox, plan, files, models, timeoutMs: 90_000, threads: 1 });
    const errors = Object.fromEntries(runs.map((r) => [r.model, r.error]));
    expect(Object.fromEntries(runs.map((r) => [r.model, r.outcome]))).toMatchObject({
      slow: "failed",
      later: "not_built",
    });
    expect(errors.slow).toBe("the dbt process ran past its deadline of 90 s and was killed while building model slow");
    expect(errors.later).toMatch(
      /^the dbt process ran past its deadline of 90 s and was killed \(it was building slow\)$/,
    );
  }, 300_000);
});
