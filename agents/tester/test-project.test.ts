import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import type { Plan } from "~/agents/core/contracts";
import { loadCatalog } from "~/agents/sandbox/load";
import { createSandbox, type Sandbox } from "~/agents/sandbox/sandbox";
import { northwindLikeCatalog } from "~/agents/sandbox/testing";
import { parseRunError } from "~/agents/dialect/errors";
import { buildOrder, type ModelToTest, testProject } from "./test-project";

function planFor(models: { name: string; dependsOn?: string[] }[], order = models.map((m) => m.name)): Plan {
  return {
    project: { name: "p", profile: "p" },
    sources: [],
    models: models.map((m) => ({
      key: `dbo.${m.name}`,
      kind: "view",
      name: m.name,
      path: `models/${m.name}.sql`,
      layer: "marts",
      materialized: "view",
      dependsOn: m.dependsOn ?? [],
      vars: [],
    })),
    order,
  };
}

describe("testProject", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ adminUrl: inject("pgAdminUrl") });
    await loadCatalog(sandbox.sql, northwindLikeCatalog());
  });
  afterAll(() => sandbox?.dispose());

  it("builds models in dependency order with each materialization and counts their rows", async () => {
    const models: ModelToTest[] = [
      {
        name: "order_totals",
        materialized: "table",
        compiledSql: `select "OrderID", sum("UnitPrice" * "Quantity") as total from "analytics"."stg_order_details" group by "OrderID"`,
      },
      { name: "stg_order_details", materialized: "view", compiledSql: `select * from "dbo"."Order Details"` },
      {
        name: "big_orders",
        materialized: "ephemeral",
        compiledSql: `select * from "analytics"."order_totals" where total > 1000`,
      },
      { name: "orders_inc", materialized: "incremental", compiledSql: `select "OrderID" from "dbo"."Orders"` },
    ];
    const plan = planFor(
      [
        { name: "stg_order_details" },
        { name: "order_totals", dependsOn: ["stg_order_details"] },
        { name: "big_orders", dependsOn: ["order_totals"] },
        { name: "orders_inc" },
      ],
      ["big_orders", "order_totals", "stg_order_details", "orders_inc"],
    );
    const result = await testProject({ sandbox, plan, models });
    expect(result.runs.map((r) => [r.model, r.outcome, r.error])).toEqual([
      ["stg_order_details", "ok", undefined],
      ["order_totals", "ok", undefined],
      ["big_orders", "ok", undefined],
      ["orders_inc", "ok", undefined],
    ]);
    expect(result.runs.find((r) => r.model === "stg_order_details")?.rows).toBe(2155);
    expect(result.runs.find((r) => r.model === "order_totals")?.rows).toBe(719);
    expect(result.runs.find((r) => r.model === "orders_inc")?.rows).toBe(830);
    const kinds =
      await sandbox.sql`select table_name, table_type from information_schema.tables where table_schema = 'analytics' order by 1`;
    expect(kinds).toEqual([
      { table_name: "big_orders", table_type: "VIEW" },
      { table_name: "order_totals", table_type: "BASE TABLE" },
      { table_name: "orders_inc", table_type: "BASE TABLE" },
      { table_name: "stg_order_details", table_type: "VIEW" },
    ]);
  });

  it("counts rows whose every value is NULL", async () => {
    const { runs } = await testProject({
      sandbox,
      plan: planFor([{ name: "nulls" }]),
      models: [{ name: "nulls", materialized: "view", compiledSql: `select null::int as a union all select null` }],
    });
    expect(runs[0]).toMatchObject({ outcome: "ok", rows: 2 });
  });

  it("builds 2,000 models with data tests", async () => {
    const sources = ["Orders", "Order Details", "Customers", "Products"];
    const models: (ModelToTest & { dependsOn: string[] })[] = [];
    for (let i = 0; i < 500; i++) {
      const tests =
        sources[i % 4] === "Orders"
          ? [
              { type: "not_null" as const, column: "OrderID" },
              { type: "unique" as const, column: "OrderID" },
            ]
          : [];
      models.push({
        name: `stg_${i}`,
        materialized: "view",
        compiledSql: `select * from "dbo"."${sources[i % 4]}"`,
        dependsOn: [],
        dataTests: tests,
      });
    }
    for (let i = 0; i < 1000; i++) {
      const upstream = `stg_${(i * 4) % 500}`;
      models.push({
        name: `int_${i}`,
        materialized: "view",
        compiledSql: `select a.* from "analytics"."${upstream}" a where a."OrderID" > ${i}`,
        dependsOn: [upstream],
      });
    }
    for (let i = 0; i < 500; i++) {
      const upstream = `int_${i * 2}`;
      models.push({
        name: `mart_${i}`,
        materialized: "table",
        compiledSql: `select "OrderID", count(*) as n from "analytics"."${upstream}" group by 1`,
        dependsOn: [upstream],
      });
    }
    const plan = planFor(models);
    const result = await testProject({ sandbox, plan, models });
    console.info(`built 2,000 models in ${result.ms.toFixed(0)} ms`);
    expect(result.runs.filter((r) => r.outcome !== "ok")).toEqual([]);
    expect(result.runs.filter((r) => r.tests.length === 2)).toHaveLength(125);
  });

  it("reports PostgreSQL's error with the line and column of the compiled SQL", async () => {
    const compiledSql = `select\n  "OrderID",\n  "ShipCity" + "CustomerID" as label\nfrom "dbo"."Orders"`;
    const { runs } = await testProject({
      sandbox,
      plan: planFor([{ name: "labels" }]),
      models: [{ name: "labels", materialized: "view", compiledSql }],
    });
    const run = runs[0]!;
    expect(run.outcome).toBe("failed");
    expect(run.compiledSql).toBe(compiledSql);
    expect(run.error).toContain(
      "operator does not exist: character varying + character (SQLSTATE 42883) at line 3, column 14",
    );
    expect(run.error).toContain(`  3 |   "ShipCity" + "CustomerID" as label\n    |              ^`);
    expect(run.error).toMatch(/HINT: No operator matches/);
    expect(parseRunError(run.error!)).toMatchObject({
      code: "42883",
      line: 3,
      column: 14,
      message: "operator does not exist: character varying + character",
    });
  });

  it("skips models downstream of a failure, naming the failed upstream model, and builds the rest", async () => {
    const plan = planFor([
      { name: "a" },
      { name: "b", dependsOn: ["a"] },
      { name: "c", dependsOn: ["b"] },
      { name: "d" },
    ]);
    const { runs } = await testProject({
      sandbox,
      plan,
      models: [
        { name: "a", materialized: "view", compiledSql: `select "NoSuchColumn" from "dbo"."Orders"` },
        { name: "b", materialized: "view", compiledSql: `select * from "analytics"."a"` },
        { name: "c", materialized: "table", compiledSql: `select * from "analytics"."b"` },
        { name: "d", materialized: "view", compiledSql: `select 1 as one` },
      ],
    });
    expect(runs.map((r) => [r.model, r.outcome, r.error?.split("\n")[0]])).toEqual([
      ["a", "failed", `column "NoSuchColumn" does not exist (SQLSTATE 42703) at line 1, column 8`],
      ["b", "skipped", "upstream model a failed"],
      ["c", "skipped", "upstream model b failed"],
      ["d", "ok", undefined],
    ]);
  });

  it("fails a view whose SQL only breaks when it runs, and leaves no broken relation behind", async () => {
    const { runs } = await testProject({
      sandbox,
      plan: planFor([{ name: "bad_cast" }]),
      models: [
        { name: "bad_cast", materialized: "view", compiledSql: `select "CompanyName"::int as n from "dbo"."Shippers"` },
      ],
    });
    expect(runs[0]).toMatchObject({
      outcome: "failed",
      error: `invalid input syntax for type integer: "Speedy Express" (SQLSTATE 22P02)`,
    });
    expect(await sandbox.sql`select 1 from pg_class where relname = 'bad_cast'`).toHaveLength(0);
  });

  it("refuses a trailing semicolon and a second statement, as dbt would", async () => {
    const { runs } = await testProject({
      sandbox,
      plan: planFor([{ name: "semi" }, { name: "two" }]),
      models: [
        { name: "semi", materialized: "view", compiledSql: `select 1 as x;` },
        { name: "two", materialized: "table", compiledSql: `select 1 as x; drop table "dbo"."Orders"` },
      ],
    });
    expect(runs.map((r) => r.outcome)).toEqual(["failed", "failed"]);
    expect(runs[0]!.error).toMatch(/syntax error at or near ";" \(SQLSTATE 42601\) at line 1, column 14/);
    expect(await sandbox.sql`select count(*)::int as n from "dbo"."Orders"`).toEqual([{ n: 830 }]);
  });

  it("runs the generated data tests and counts each one's failures", async () => {
    const { runs } = await testProject({
      sandbox,
      plan: planFor([{ name: "customers" }, { name: "orders", dependsOn: ["customers"] }]),
      models: [
        {
          name: "customers",
          materialized: "table",
          compiledSql: `select "CustomerID" as customer_id, "Region" as region from "dbo"."Customers" where "CustomerID" <> 'C0005'`,
        },
        {
          name: "orders",
          materialized: "view",
          compiledSql: `select "OrderID" as order_id, "CustomerID" as customer_id, "ShippedDate" as shipped, "EmployeeID" % 3 as bucket, "ShipCity" as city from "dbo"."Orders"`,
          dataTests: [
            { type: "unique", column: "order_id" },
            { type: "not_null", column: "order_id" },
            { type: "not_null", column: "shipped" },
            { type: "unique", column: "customer_id" },
            { type: "accepted_values", column: "bucket", values: ["0", "1"] },
            { type: "relationships", column: "customer_id", to: "customers", field: "customer_id" },
            {
              type: "relationships",
              column: "customer_id",
              to: { schema: "dbo", table: "Customers" },
              field: "CustomerID",
            },
            { type: "not_null", column: "no_such_column" },
          ],
        },
      ],
    });
    const orders = runs.find((r) => r.model === "orders")!;
    expect(orders.outcome).toBe("ok");
    expect(orders.tests.map((t) => [t.name, t.ok, t.failures])).toEqual([
      ["unique_orders_order_id", true, 0],
      ["not_null_orders_order_id", true, 0],
      ["not_null_orders_shipped", false, 21],
      ["unique_orders_customer_id", false, 91],
      ["accepted_values_orders_bucket__0__1", false, 1],
      ["relationships_orders_customer_id__customer_id__customers", false, 10],
      ["relationships_orders_customer_id__CustomerID__dbo_Customers", true, 0],
      ["not_null_orders_no_such_column", false, 0],
    ]);
    expect(orders.tests[7]!.error).toMatch(/column "no_such_column" does not exist/);
  });

  it("re-tests only the given models when asked not to reset the schema", async () => {
    const plan = planFor([{ name: "base" }, { name: "top", dependsOn: ["base"] }, { name: "other" }]);
    await testProject({
      sandbox,
      plan,
      models: [
        { name: "base", materialized: "table", compiledSql: `select 1 as x` },
        { name: "top", materialized: "view", compiledSql: `select x from "analytics"."base"` },
        { name: "other", materialized: "view", compiledSql: `select 2 as y` },
      ],
    });
    const { runs } = await testProject({
      sandbox,
      plan,
      reset: false,
      models: [
        { name: "base", materialized: "view", compiledSql: `select 1 as x union all select 2` },
        { name: "top", materialized: "view", compiledSql: `select x from "analytics"."base"` },
      ],
    });
    expect(runs.map((r) => [r.model, r.outcome, r.rows])).toEqual([
      ["base", "ok", 2],
      ["top", "ok", 2],
    ]);
    expect(await sandbox.sql`select * from "analytics"."other"`).toEqual([{ y: 2 }]);
  });

  it("stops a model that runs longer than the statement timeout", async () => {
    const { runs } = await testProject({
      sandbox,
      plan: planFor([{ name: "slow" }]),
      statementTimeoutMs: 100,
      models: [{ name: "slow", materialized: "table", compiledSql: `select 1 as s from pg_sleep(2)` }],
    });
    expect(runs[0]!.error).toMatch(
      /^the statement ran past the sandbox statement deadline of 100 ms: canceling statement due to statement timeout \(SQLSTATE 57014\)/,
    );
  });
});

describe("the sandbox watchdog", () => {
  // A sandbox of its own with a short deadline and a quick watchdog: what is tested is the timing.
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({
      adminUrl: inject("pgAdminUrl"),
      statementTimeoutMs: 1_000,
      watchdog: { pollMs: 100, graceMs: 300, terminateAfterMs: 1_000 },
    });
  });
  afterAll(() => sandbox?.dispose());

  it("cancels a statement whose model lifted its own statement_timeout, fails that model with the deadline, and builds the rest", async () => {
    const started = performance.now();
    const { runs } = await testProject({
      sandbox,
      plan: planFor(
        [{ name: "lift" }, { name: "forever", dependsOn: ["lift"] }, { name: "after" }],
        ["lift", "forever", "after"],
      ),
      models: [
        // set_config(…, false) outlives the statement: every later statement of the session runs without a limit.
        {
          name: "lift",
          materialized: "table",
          compiledSql: `select set_config('statement_timeout', '0', false) as lifted`,
        },
        { name: "forever", materialized: "table", compiledSql: `select 1 as n from pg_sleep(3600)` },
        { name: "after", materialized: "view", compiledSql: `select 2 as n` },
      ],
    });
    const elapsed = performance.now() - started;
    expect(runs.map((r) => [r.model, r.outcome])).toEqual([
      ["lift", "ok"],
      ["forever", "failed"],
      ["after", "ok"],
    ]);
    expect(runs[1]!.error).toMatch(
      /^the statement ran past the sandbox statement deadline of 1 s: canceling statement due to user request \(SQLSTATE 57014\)/,
    );
    expect(elapsed).toBeLessThan(5_000); // deadline 1 s + grace 0.3 s + a poll
  });

  it("terminates a backend that keeps running after its cancel, and the models after it are built on a new connection", async () => {
    // A statement that ignores a cancel: a function swallowing query_canceled in a loop (what a cancel cannot
    // stop, a termination does).
    await sandbox.sql.unsafe(`create or replace function public.stubborn() returns int language plpgsql as $$
      begin loop begin perform pg_sleep(3600); exception when query_canceled then null; end; end loop; end $$`);
    const started = performance.now();
    const { runs } = await testProject({
      sandbox,
      plan: planFor([{ name: "stubborn" }, { name: "after" }], ["stubborn", "after"]),
      models: [
        { name: "stubborn", materialized: "table", compiledSql: `select public.stubborn() as n` },
        { name: "after", materialized: "view", compiledSql: `select 2 as n` },
      ],
    });
    expect(runs.map((r) => [r.model, r.outcome])).toEqual([
      ["stubborn", "failed"],
      ["after", "ok"],
    ]);
    expect(runs[0]!.error).toMatch(
      /^the statement ran past the sandbox statement deadline of 1 s: terminating connection due to administrator command \(SQLSTATE 57P01\)/,
    );
    expect(performance.now() - started).toBeLessThan(6_000); // deadline 1 s + grace + 1 s to terminate + polls
  });

  it("cancels the running statement and rejects with the reason as soon as the signal aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("the migration was cancelled")), 300);
    const started = performance.now();
    await expect(
      testProject({
        sandbox,
        plan: planFor([{ name: "lift" }, { name: "slow" }]),
        models: [
          {
            name: "lift",
            materialized: "table",
            compiledSql: `select set_config('statement_timeout', '0', false) as lifted`,
          },
          { name: "slow", materialized: "table", compiledSql: `select 1 as n from pg_sleep(3600)` },
        ],
        signal: controller.signal,
      }),
    ).rejects.toThrow("the migration was cancelled");
    expect(performance.now() - started).toBeLessThan(2_000);
    // Nothing of it is left running in the sandbox.
    const admin =
      await sandbox.sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid()`;
    expect(admin).toEqual([{ n: 0 }]);
  });
});

describe("buildOrder", () => {
  it("puts dependencies first, keeps the plan's order otherwise, and appends unknown models", () => {
    const plan = planFor(
      [
        { name: "c", dependsOn: ["b"] },
        { name: "b", dependsOn: ["a"] },
        { name: "a" },
        { name: "x", dependsOn: ["missing"] },
      ],
      ["c", "x", "b", "a"],
    );
    expect(buildOrder(plan, [{ name: "a" }, { name: "b" }, { name: "c" }, { name: "x" }, { name: "extra" }])).toEqual([
      "a",
      "b",
      "c",
      "x",
      "extra",
    ]);
  });

  it("survives a dependency cycle", () => {
    const plan = planFor([
      { name: "p", dependsOn: ["q"] },
      { name: "q", dependsOn: ["p"] },
    ]);
    expect(buildOrder(plan, [{ name: "p" }, { name: "q" }])).toEqual(["q", "p"]);
  });
});
