import type postgres from "postgres";
import type { z } from "zod";
import type { ModelRun, Plan, ZMaterialization } from "~/agents/engine/types";
import { qualifiedName, quoteIdent } from "~/agents/sandbox/ddl";
import { type DataTest, dataTestName, dataTestSql } from "./data-tests";
import { formatRunError, runErrorOf } from "./errors";

type Materialization = z.infer<typeof ZMaterialization>;

export type ModelToTest = {
  name: string;
  materialized: Materialization;
  /** The model's SQL with its Jinja already compiled (refs resolved to relations in the target schema). */
  compiledSql: string;
  dataTests?: DataTest[];
};

export type TestProjectInput = {
  /** The sandbox's pool (Sandbox.sql); one connection of it is reserved for the whole run. */
  sandbox: { sql: postgres.Sql };
  /** Gives the build order and each model's dependencies. Models missing from it are built last. */
  plan: Pick<Plan, "models" | "order">;
  models: ModelToTest[];
  /** Schema the models are built in; must be the one the compiler resolved `ref()` to. Default `analytics`. */
  targetSchema?: string;
  /**
   * true (default): drop and recreate the target schema first. false: keep what is there and replace only the
   * given models (for a re-test after a repair: pass the repaired model and everything downstream of it,
   * since replacing a relation drops its dependents).
   */
  reset?: boolean;
  /** Overrides the sandbox role's statement_timeout for this run. */
  statementTimeoutMs?: number;
};

export type TestProjectResult = {
  /** One run per model, in build order. */
  runs: ModelRun[];
  /** Milliseconds per model (build, row count and its data tests). */
  timings: Record<string, number>;
  ms: number;
};

export const DEFAULT_TARGET_SCHEMA = "analytics";

/** The relation a model is built as: `"analytics"."orders"`. */
export function modelRelation(model: string, targetSchema = DEFAULT_TARGET_SCHEMA): string {
  return qualifiedName(targetSchema, model);
}

/**
 * Builds every model in dependency order, the way dbt-postgres does (`create view|table … as (\n<sql>\n)`,
 * so a stray trailing `;` fails here as it would in dbt), then runs each built model's data tests.
 *
 * Why one reserved connection in autocommit: each model is a single DDL statement, so it is atomic without a
 * transaction, and a failure leaves nothing behind to roll back; savepoints inside one big transaction would
 * add a round trip per model and keep thousands of subtransactions open. `synchronous_commit = off` makes the
 * per-statement commits cheap (a crash can only lose sandbox objects, which are rebuilt anyway). A view's
 * creation does not execute it, so a view is counted right after it is created (pipelined in the same round
 * trip): that is what surfaces run-time errors (bad casts, division by zero) and gives ModelRun.rows. It counts
 * the whole row, `count(m)`, because `count(*)` lets the planner skip computing the columns, and with them the
 * errors (a non-null row value is counted even when all its fields are null).
 *
 * Ephemeral models are built as views (their inlining as CTEs is the compiler's job); incremental as tables
 * (a first run of an incremental model is a full build).
 */
export async function testProject(input: TestProjectInput): Promise<TestProjectResult> {
  const started = performance.now();
  const targetSchema = input.targetSchema ?? DEFAULT_TARGET_SCHEMA;
  const models = new Map(input.models.map((m) => [m.name, m]));
  const order = buildOrder(input.plan, input.models);
  const dependencies = new Map(input.plan.models.map((m) => [m.name, m.dependsOn.filter((d) => models.has(d))]));

  const connection = await input.sandbox.sql.reserve();
  const runs: ModelRun[] = [];
  const timings: Record<string, number> = {};
  try {
    await connection.unsafe("set synchronous_commit = off");
    if (input.statementTimeoutMs !== undefined) await connection.unsafe(`set statement_timeout = ${Math.max(1, Math.trunc(input.statementTimeoutMs))}`);
    const existing = new Map<string, string>();
    if (input.reset ?? true) {
      await connection.unsafe(`drop schema if exists ${quoteIdent(targetSchema)} cascade; create schema ${quoteIdent(targetSchema)}`).simple();
    } else {
      await connection.unsafe(`create schema if not exists ${quoteIdent(targetSchema)}`);
      const rows = await connection<{ relname: string; relkind: string }[]>`
        select c.relname, c.relkind::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ${targetSchema} and c.relkind in ('r', 'v', 'm', 'p')`;
      for (const row of rows) existing.set(row.relname, row.relkind);
    }

    const failed = new Set<string>();
    for (const name of order) {
      const model = models.get(name)!;
      const modelStarted = performance.now();
      const upstream = (dependencies.get(name) ?? []).find((d) => failed.has(d));
      let run: ModelRun;
      if (upstream !== undefined) {
        run = { model: name, ok: false, error: `skipped: upstream model ${upstream} failed`, compiledSql: model.compiledSql, tests: [] };
      } else {
        run = await buildModel(connection, model, targetSchema, existing);
      }
      if (!run.ok) failed.add(name);
      runs.push(run);
      timings[name] = performance.now() - modelStarted;
    }

    for (const run of runs) {
      const model = models.get(run.model)!;
      if (!run.ok || !model.dataTests?.length) continue;
      const testsStarted = performance.now();
      run.tests = await runDataTests(connection, model, targetSchema);
      timings[run.model]! += performance.now() - testsStarted;
    }
  } finally {
    // Session settings would otherwise stay on the pooled connection for whoever takes it next.
    await connection.unsafe("reset synchronous_commit; reset statement_timeout").simple().catch(() => {});
    connection.release();
  }
  return { runs, timings, ms: performance.now() - started };
}

async function buildModel(
  connection: postgres.ReservedSql,
  model: ModelToTest,
  targetSchema: string,
  existing: Map<string, string>,
): Promise<ModelRun> {
  const relation = modelRelation(model.name, targetSchema);
  const kind = model.materialized === "table" || model.materialized === "incremental" ? "table" : "view";
  const previous = existing.get(model.name);
  if (previous !== undefined) {
    const dropKind = previous === "v" ? "view" : previous === "m" ? "materialized view" : "table";
    await connection.unsafe(`drop ${dropKind} if exists ${relation} cascade`);
    existing.delete(model.name);
  }

  const wrapper = `create ${kind} ${relation} as (\n`;
  const statement = `${wrapper}${model.compiledSql}\n)`;
  const base = { model: model.name, compiledSql: model.compiledSql, tests: [] };
  // prepare: false → the unnamed statement: still the extended protocol (so a model holding two statements is
  // refused, as dbt would), without leaving a prepared statement per model in the session.
  // postgres.js queries are lazy: execute() sends them now, in this order, on the one connection.
  const create = connection.unsafe(statement, [], { prepare: false }).execute();
  const count = kind === "view" ? connection.unsafe<{ n: string }[]>(`select count(m) as n from ${relation} as m`, [], { prepare: false }).execute() : undefined;
  count?.catch(() => {}); // Awaited below, after the create; a failed create makes it fail too.
  try {
    const created = await create;
    if (kind === "table") return { ...base, ok: true, rows: created.count ?? 0 };
  } catch (error) {
    return { ...base, ok: false, error: formatRunError(runErrorOf(error, model.compiledSql, wrapper.length), model.compiledSql) };
  }
  try {
    const [row] = await count!;
    return { ...base, ok: true, rows: Number(row?.n ?? 0) };
  } catch (error) {
    // Created but fails when it runs: drop it so nothing downstream or the Evaluator reads a broken relation.
    await connection.unsafe(`drop view if exists ${relation} cascade`).catch(() => {});
    return { ...base, ok: false, error: formatRunError(runErrorOf(error)) };
  }
}

/**
 * All of a model's tests in one query (one count per test); if that query fails, each test alone, so a broken
 * test (a column that does not exist) is reported without hiding the others' results.
 */
async function runDataTests(connection: postgres.ReservedSql, model: ModelToTest, targetSchema: string): Promise<ModelRun["tests"]> {
  const relation = modelRelation(model.name, targetSchema);
  const tests = model.dataTests!.map((test) => ({ name: dataTestName(model.name, test), sql: dataTestSql(relation, test, targetSchema) }));
  const counts = (list: typeof tests) => `select ${list.map((t, i) => `(select count(*) from (${t.sql}) as t) as f${i}`).join(", ")}`;
  try {
    const [row] = await connection.unsafe<Record<string, string>[]>(counts(tests), [], { prepare: false });
    return tests.map((t, i) => {
      const failures = Number(row![`f${i}`]);
      return { name: t.name, ok: failures === 0, failures };
    });
  } catch {
    const results: ModelRun["tests"] = [];
    for (const test of tests) {
      try {
        const [row] = await connection.unsafe<Record<string, string>[]>(counts([test]), [], { prepare: false });
        const failures = Number(row!.f0);
        results.push({ name: test.name, ok: failures === 0, failures });
      } catch (error) {
        results.push({ name: test.name, ok: false, failures: 0, error: formatRunError(runErrorOf(error)) });
      }
    }
    return results;
  }
}

/** Dependencies first, otherwise the plan's order; models the plan does not know come last, in input order. */
export function buildOrder(plan: Pick<Plan, "models" | "order">, models: { name: string }[]): string[] {
  const wanted = new Set(models.map((m) => m.name));
  const dependencies = new Map(plan.models.map((m) => [m.name, m.dependsOn]));
  const state = new Map<string, "visiting" | "done">();
  const order: string[] = [];
  const visit = (name: string) => {
    if (state.has(name)) return; // done, or a cycle: built in discovery order and left to fail on its own
    state.set(name, "visiting");
    for (const dependency of dependencies.get(name) ?? []) if (wanted.has(dependency)) visit(dependency);
    state.set(name, "done");
    order.push(name);
  };
  for (const name of [...plan.order, ...models.map((m) => m.name)]) if (wanted.has(name)) visit(name);
  return order;
}
