import { describe, expect, inject, it } from "vitest";
import { findDbt } from "~/agents/dbt/cli";
import {
  assessmentStep,
  executorStep,
  plannerStep,
  reporter,
  withBuild,
  type SandboxInput,
} from "~/agents/engine/steps";
import { ingest } from "~/agents/ingest";

/**
 * A re-run of some models (the dashboard's or the CLI's "re-run this object", "only the failed ones") builds those
 * models, what they read, and what their relationships tests read, in a fresh sandbox — under real dbt with
 * `dbt build --select` — and nothing else; each re-run model's build, rows and data tests are what a whole build
 * gives it.
 */

const dbt = findDbt();
if (!dbt) {
  const why = "dbt is not installed: run `npm run setup:dbt` (CI does), or set DBT_BIN";
  if (process.env.CI) throw new Error(why);
  console.warn(`SKIPPED: partial builds under real dbt — ${why}`);
}

const SCRIPT = `
CREATE TABLE dbo.Customers (CustomerId int NOT NULL PRIMARY KEY, Name nvarchar(40) NOT NULL);
GO
CREATE TABLE dbo.Orders (OrderId int NOT NULL PRIMARY KEY, CustomerId int NOT NULL REFERENCES dbo.Customers (CustomerId), Amount int NOT NULL);
GO
CREATE TABLE dbo.Parts (PartId int NOT NULL PRIMARY KEY);
GO
INSERT INTO dbo.Customers VALUES (1, N'Ann'), (2, N'Bo');
GO
INSERT INTO dbo.Orders VALUES (10, 1, 5), (11, 2, 50), (12, 2, 70);
GO
INSERT INTO dbo.Parts VALUES (1), (2);
GO
CREATE VIEW dbo.BigOrders AS SELECT OrderId, Amount FROM dbo.Orders WHERE Amount > 10;
GO
CREATE VIEW dbo.PartIds AS SELECT PartId FROM dbo.Parts;
GO
`;

async function translated() {
  const catalog = ingest({ kind: "script", file: "partial.sql", bytes: new TextEncoder().encode(SCRIPT) });
  const { assessment } = assessmentStep({ catalog });
  const { plan } = plannerStep({ catalog, assessment });
  const { translations } = await executorStep({ catalog, plan });
  const modelOf = (key: string) => plan.models.find((m) => m.key === key)!.name;
  return { catalog, plan, translations, modelOf };
}

/** Builds in a sandbox of its own; returns the reported runs and the relations the build left in the target schema. */
async function build(input: Omit<SandboxInput, "adminUrl" | "sandboxId">, id: string) {
  return withBuild(
    { ...input, adminUrl: inject("pgAdminUrl"), sandboxId: `partial_${id}_${process.pid}` },
    reporter("tester", undefined),
    async ({ sandbox, runs }) => {
      const relations = await sandbox.sql<{ relname: string }[]>`
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'analytics' and c.relkind in ('r', 'v') order by c.relname`;
      return { runs, relations: relations.map((r) => r.relname) };
    },
  );
}

const record = (r: {
  model: string;
  outcome: string;
  rows?: number;
  error?: string;
  builtBy?: string;
  tests: { name: string; ok: boolean; failures: number }[];
}) => ({
  model: r.model,
  outcome: r.outcome,
  rows: r.rows,
  error: r.error,
  builtBy: r.builtBy,
  tests: r.tests.map((t) => [t.name, t.ok, t.failures]).sort(),
});

describe.each([
  { builder: "real dbt (dbt build --select)", dbtBin: dbt, runnable: !!dbt },
  { builder: "the built-in compiler", dbtBin: undefined, runnable: true },
])("a partial build with $builder", ({ dbtBin, runnable }) => {
  it.runIf(runnable)(
    "builds the re-run models, their upstream and the models their relationships tests read, nothing else, with the results of a whole build",
    async () => {
      const { catalog, plan, translations, modelOf } = await translated();
      const orders = modelOf("dbo.orders");
      const bigOrders = modelOf("dbo.bigorders");
      const common = { catalog, plan, translations, ...(dbtBin ? { dbt: dbtBin } : {}) };
      const tag = dbtBin ? "dbt" : "own";

      const whole = await build(common, `${tag}_all`);
      const partial = await build({ ...common, only: [orders, bigOrders] }, `${tag}_some`);

      // The whole build built every model; the partial one the two, and the customers its foreign key's test reads.
      expect(whole.relations).toEqual([...plan.order].sort());
      expect(partial.relations).toEqual([modelOf("dbo.customers"), orders, bigOrders].sort());
      expect(partial.runs.map((r) => r.model)).toEqual([orders, bigOrders]);
      // Same builds, rows and data tests, the relationships test to the customers included.
      const same = whole.runs.filter((r) => r.model === orders || r.model === bigOrders).map(record);
      expect(partial.runs.map(record)).toEqual(same);
      expect(partial.runs[0]!.tests.some((t) => /relationships/.test(t.name) && t.ok)).toBe(true);
      expect(partial.runs.map((r) => r.builtBy)).toEqual(
        dbtBin ? ["dbt build", "dbt build"] : ["built-in compiler", "built-in compiler"],
      );
    },
    300_000,
  );
});
