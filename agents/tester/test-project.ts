import type postgres from "postgres";
import type { z } from "zod";
import type { ModelRun, Plan, ZMaterialization } from "~/agents/core/contracts";
import { qualifiedName, quoteIdent } from "~/agents/dialect/postgres";
import { formatMs, type Sandbox } from "~/agents/sandbox/sandbox";
import { type DataTest, dataTestName, dataTestSql } from "./data-tests";
import { formatRunError, runErrorOf } from "~/agents/dialect/errors";

type Materialization = z.infer<typeof ZMaterialization>;

export type ModelToTest = {
  name: string;
  materialized: Materialization;
  /** The model's SQL with its Jinja already compiled (refs resolved to relations in the target schema). */
  compiledSql: string;
  dataTests?: DataTest[];
};

export type TestProjectInput = {
  /**
   * The sandbox's pool (Sandbox.sql): one connection of it is reserved for the run (another one if the watchdog
   * terminates it). With the rest of a Sandbox, a statement the watchdog stopped fails its model with the reason.
   */
  sandbox: Pick<Sandbox, "sql"> & Partial<Pick<Sandbox, "stoppedBy" | "cancelRunning" | "statementTimeoutMs">>;
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
  /** Aborting cancels the running statement (through the sandbox's cancelRunning) and rejects with the reason. */
  signal?: AbortSignal;
  /** Told which model is about to be built (what a step deadline names when it cuts the build short). */
  onModel?: (model: string) => void;
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

  const signal = input.signal;
  signal?.throwIfAborted();
  // A cancel must not wait for the statement running now: it can run for the whole statement deadline.
  const onAbort = () =>
    void input.sandbox
      .cancelRunning?.(`cancelled: ${(signal?.reason as Error | undefined)?.message ?? "aborted"}`)
      .catch(() => {});
  signal?.addEventListener("abort", onAbort, { once: true });
  const session = await openSession(input);
  const runs: ModelRun[] = [];
  const timings: Record<string, number> = {};
  try {
    const connection = session.connection;
    const existing = new Map<string, string>();
    if (input.reset ?? true) {
      await connection
        .unsafe(`drop schema if exists ${quoteIdent(targetSchema)} cascade; create schema ${quoteIdent(targetSchema)}`)
        .simple();
    } else {
      await connection.unsafe(`create schema if not exists ${quoteIdent(targetSchema)}`);
      const rows = await connection<{ relname: string; relkind: string }[]>`
        select c.relname, c.relkind::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ${targetSchema} and c.relkind in ('r', 'v', 'm', 'p')`;
      for (const row of rows) existing.set(row.relname, row.relkind);
    }

    const failed = new Set<string>();
    for (const name of order) {
      signal?.throwIfAborted();
      const model = models.get(name)!;
      const modelStarted = performance.now();
      const upstream = (dependencies.get(name) ?? []).find((d) => failed.has(d));
      let run: ModelRun;
      if (upstream !== undefined) {
        run = skippedRun(name, upstream, model.compiledSql);
      } else {
        input.onModel?.(name);
        run = {
          ...(await session.stopped(await buildModel(session.connection, model, targetSchema, existing))),
          builtBy: "built-in compiler",
        };
      }
      if (run.outcome !== "ok") failed.add(name);
      runs.push(run);
      timings[name] = performance.now() - modelStarted;
    }

    for (const run of runs) {
      const model = models.get(run.model)!;
      if (run.outcome !== "ok" || !model.dataTests?.length) continue;
      signal?.throwIfAborted();
      input.onModel?.(run.model);
      const testsStarted = performance.now();
      run.tests = await session.stoppedTests(await runDataTests(session.connection, model, targetSchema));
      timings[run.model]! += performance.now() - testsStarted;
    }
    signal?.throwIfAborted();
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await session.close();
  }
  return { runs, timings, ms: performance.now() - started };
}

/**
 * The reserved connection the models are built on, and what happens when the watchdog (or a cancel) stops one of
 * its statements: the statement's error becomes the reason the watchdog gave, and a backend it had to terminate is
 * replaced by a fresh connection with the same settings, so the models after it are still built.
 */
export async function openSession(input: Pick<TestProjectInput, "sandbox" | "statementTimeoutMs">) {
  const deadlineMs = input.statementTimeoutMs ?? input.sandbox.statementTimeoutMs;
  const open = async () => {
    const reserved = await input.sandbox.sql.reserve();
    try {
      const [row] = await reserved<
        { pid: number }[]
      >`select pg_backend_pid() as pid, set_config('synchronous_commit', 'off', false)`;
      if (input.statementTimeoutMs !== undefined)
        await reserved.unsafe(`set statement_timeout = ${Math.max(1, Math.trunc(input.statementTimeoutMs))}`);
      return { reserved, pid: row!.pid };
    } catch (error) {
      reserved.release();
      throw error;
    }
  };
  let current = await open();
  let lost = false;

  /** Why the statement that just failed was stopped, if it was stopped rather than wrong; reads the connection's fate too. */
  const stopReason = (error: string | undefined): string | undefined => {
    const watchdog = input.sandbox.stoppedBy?.(current.pid);
    if (error === undefined) return undefined;
    if (
      /terminating connection|CONNECTION_|ECONNRESET|write after end|connection.*(closed|destroyed|ended)/i.test(error)
    )
      lost = true;
    if (watchdog) return watchdog;
    if (/statement timeout/.test(error))
      return `the statement ran past the sandbox statement deadline${deadlineMs !== undefined ? ` of ${formatMs(deadlineMs)}` : ""}`;
    return undefined;
  };
  const replaceIfLost = async () => {
    if (!lost) return;
    lost = false;
    // Not released: postgres.js takes a connection whose socket closed back into its pool by itself, and releasing
    // it after that would put the dead connection among the open ones.
    current = await open();
  };

  return {
    get connection() {
      return current.reserved;
    },
    async stopped(run: ModelRun): Promise<ModelRun> {
      const reason = stopReason(run.outcome === "ok" ? undefined : run.error);
      await replaceIfLost();
      return reason ? { ...run, error: `${reason}: ${run.error}` } : run;
    },
    async stoppedTests(tests: ModelRun["tests"]): Promise<ModelRun["tests"]> {
      let out = tests;
      for (const test of tests) {
        const reason = stopReason(test.error);
        if (reason) out = out.map((t) => (t === test ? { ...t, error: `${reason}: ${t.error}` } : t));
      }
      await replaceIfLost();
      return out;
    },
    async close() {
      // Session settings would otherwise stay on the pooled connection for whoever takes it next.
      await current.reserved
        .unsafe("reset synchronous_commit; reset statement_timeout")
        .simple()
        .catch(() => {});
      current.reserved.release();
    },
  };
}

export async function buildModel(
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
  const count =
    kind === "view"
      ? connection
          .unsafe<{ n: string }[]>(`select count(m) as n from ${relation} as m`, [], { prepare: false })
          .execute()
      : undefined;
  count?.catch(() => {}); // Awaited below, after the create; a failed create makes it fail too.
  try {
    const created = await create;
    if (kind === "table") return { ...base, outcome: "ok", rows: created.count ?? 0 };
  } catch (error) {
    return {
      ...base,
      outcome: "failed",
      error: formatRunError(runErrorOf(error, model.compiledSql, wrapper.length), model.compiledSql),
    };
  }
  return counted(connection, base, relation, count!);
}

/**
 * Counts a view that someone else created (real dbt): the whole row, as buildModel does, so run-time errors
 * surface with the same record.
 */
export function countView(
  connection: postgres.ReservedSql,
  model: string,
  compiledSql: string | undefined,
  targetSchema: string,
): Promise<ModelRun> {
  const relation = modelRelation(model, targetSchema);
  const count = connection
    .unsafe<{ n: string }[]>(`select count(m) as n from ${relation} as m`, [], { prepare: false })
    .execute();
  return counted(
    connection,
    { model, ...(compiledSql !== undefined ? { compiledSql } : {}), tests: [] },
    relation,
    count,
  );
}

async function counted(
  connection: postgres.ReservedSql,
  base: Omit<ModelRun, "outcome">,
  relation: string,
  count: Promise<{ n: string }[]>,
): Promise<ModelRun> {
  try {
    const [row] = await count;
    return { ...base, outcome: "ok", rows: Number(row?.n ?? 0) };
  } catch (error) {
    // Created but fails when it runs: drop it so nothing downstream or the Evaluator reads a broken relation.
    await connection.unsafe(`drop view if exists ${relation} cascade`).catch(() => {});
    return { ...base, outcome: "failed", error: formatRunError(runErrorOf(error)) };
  }
}

/**
 * All of a model's tests in one query (one count per test); if that query fails, each test alone, so a broken
 * test (a column that does not exist) is reported without hiding the others' results.
 */
async function runDataTests(
  connection: postgres.ReservedSql,
  model: ModelToTest,
  targetSchema: string,
): Promise<ModelRun["tests"]> {
  const relation = modelRelation(model.name, targetSchema);
  const tests = model.dataTests!.map((test) => ({
    name: dataTestName(model.name, test),
    sql: dataTestSql(relation, test, targetSchema),
  }));
  const counts = (list: typeof tests) =>
    `select ${list.map((t, i) => `(select count(*) from (${t.sql}) as t) as f${i}`).join(", ")}`;
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

/** A model not run because a model it reads failed (dbt's "skipped"): nothing of its own to repair. */
export function skippedRun(model: string, upstream: string, compiledSql: string): ModelRun {
  return { model, outcome: "skipped", error: `upstream model ${upstream} failed`, compiledSql, tests: [] };
}
