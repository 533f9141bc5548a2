import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { profilesYaml, runTool } from "~/agents/dbt/cli";
import type { ModelRun, Plan } from "~/agents/core/contracts";
import { formatMs } from "~/agents/sandbox/sandbox";
import {
  buildOrder,
  buildModel,
  countView,
  DEFAULT_TARGET_SCHEMA,
  modelRelation,
  type ModelToTest,
  openSession,
  skippedRun,
  type TestProjectInput,
  type TestProjectResult,
} from "./test-project";

/**
 * The Tester's other builder: real dbt (`dbt build`) against the sandbox database, for when dbt is installed
 * (agents/dbt/cli.ts findDbt). It yields the same ModelRun records as testProject, so the Rebuilder, the
 * Evaluator and the report read them alike:
 *
 * - dbt connects as the sandbox role to the sandbox database (a profiles.yml in a temporary copy of the project),
 *   so it has exactly the role's rights and limits: its statement_timeout, and the sandbox watchdog, which
 *   watches every backend of that database, dbt's included.
 * - The dbt process has a deadline of its own (and dies with the step's signal): killed, the models it had started
 *   fail with an error naming them, the ones it had not reached are `not_built`.
 * - Per model results come from target/run_results.json. A model dbt failed to create is created again from the
 *   SQL dbt compiled, on our connection, so its error is PostgreSQL's structured error (SQLSTATE, line and column
 *   in that SQL) formatted as testProject formats it: the Rebuilder keys its repairs on that text.
 * - dbt creates a view without running it; each view dbt built is counted as testProject counts it (the whole
 *   row), so a run-time error (a bad cast, a division by zero) fails the model with the same record.
 * - Ephemeral models have no relation in dbt (they are inlined into their children): they are built as views
 *   by testProject's builder, and say so (`builtBy: "built-in compiler"`).
 * - Data tests run in the same `dbt build`, at severity warn in the temporary copy, so a failing test is recorded
 *   on its model without making dbt skip the models downstream (the built-in Tester does not skip them either).
 */

export type DbtBuildInput = Omit<TestProjectInput, "reset" | "models"> & {
  /** The dbt executable (findDbt()). */
  dbt: string;
  /** The sandbox's login URL (Sandbox.url): dbt connects with it. */
  sandbox: TestProjectInput["sandbox"] & { url: string };
  plan: Pick<Plan, "models" | "order" | "project">;
  /** The whole dbt project, as writeProject returns it. */
  files: ReadonlyMap<string, string>;
  /** The models to report on, as the built-in compiler compiled them (ephemeral ones are built from this SQL). */
  models: ModelToTest[];
  /**
   * Build only these models (`--select`) and the tests whose every parent is one of them (`--indirect-selection
   * cautious`: a relationships test to a model left out is not run against a relation that is not there). The
   * caller selects everything they read, so what is built is what a whole build would build. Absent: every model.
   */
  select?: string[];
  /** dbt vars for the build (`--vars`). */
  vars?: Record<string, unknown>;
  /** Longest the dbt process may run (default 30 min); past it, it is killed. */
  timeoutMs?: number;
  /** dbt threads (default 2: the sandbox role's connection limit is shared with the Tester's own pool). */
  threads?: number;
};

export const DEFAULT_DBT_TIMEOUT_MS = 30 * 60_000;

type RunResult = {
  unique_id: string;
  status: string;
  message?: string | null;
  failures?: number | null;
  compiled_code?: string | null;
  adapter_response?: { rows_affected?: number } | null;
  execution_time?: number;
};

type ManifestNode = {
  name: string;
  resource_type: string;
  attached_node?: string | null;
  depends_on?: { nodes?: string[] };
};

/** Builds the project with `dbt build` in the sandbox; one ModelRun per given model, in build order. */
export async function dbtBuildProject(input: DbtBuildInput): Promise<TestProjectResult> {
  const started = performance.now();
  const targetSchema = input.targetSchema ?? DEFAULT_TARGET_SCHEMA;
  const timeoutMs = input.timeoutMs ?? DEFAULT_DBT_TIMEOUT_MS;
  input.signal?.throwIfAborted();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dm-tester-dbt-"));
  try {
    writeProjectCopy(dir, input, targetSchema);
    // A model whose Jinja dbt cannot parse stops the whole build before any node ("Compilation Error in model
    // m"): it is left out with what depends on it (a stub in the copy, `--exclude m+`) and the rest is built
    // again, a few times at most; the model fails with dbt's message, its dependents are skipped as after any
    // failure.
    const unparsed = new Map<string, string>();
    for (;;) {
      fs.rmSync(path.join(dir, "target"), { recursive: true, force: true });
      const running = new Set<string>();
      const run = await runTool(
        input.dbt,
        [
          "build",
          ...[
            "--project-dir",
            dir,
            "--profiles-dir",
            dir,
            "--target-path",
            path.join(dir, "target"),
            "--log-path",
            path.join(dir, "logs"),
          ],
          ...[
            "--threads",
            String(input.threads ?? 2),
            "--log-format",
            "json",
            "--no-partial-parse",
            "--no-version-check",
          ],
          ...(input.select ? ["--select", ...input.select, "--indirect-selection", "cautious"] : []),
          ...(unparsed.size ? ["--exclude", ...[...unparsed.keys()].map((m) => `${m}+`)] : []),
          ...(input.vars && Object.keys(input.vars).length ? ["--vars", JSON.stringify(input.vars)] : []),
        ],
        {
          cwd: dir,
          timeoutMs,
          ...(input.signal ? { signal: input.signal } : {}),
          onLine: (line) => {
            const node = nodeEvent(line);
            if (!node || node.resource_type !== "model") return;
            if (
              node.node_status === "started" ||
              node.node_status === "compiling" ||
              node.node_status === "executing"
            ) {
              if (!running.has(node.node_name)) input.onModel?.(node.node_name);
              running.add(node.node_name);
            } else if (node.node_status) {
              running.delete(node.node_name);
            }
          },
        },
      );
      input.signal?.throwIfAborted();
      const results = readJson<{ results: RunResult[] }>(path.join(dir, "target", "run_results.json"));
      // A project dbt cannot parse (or a profile it cannot use) stops it before any node: say why on every model.
      if (!results || (!run.ok && results.results.length === 0)) {
        const broken = run.timedOut ? undefined : unparsedModel(run.output, input, unparsed);
        const file = input.plan.models.find((m) => m.name === broken)?.path;
        if (broken && file && unparsed.size < MAX_UNPARSED_MODELS) {
          unparsed.set(broken, `dbt could not compile it: ${lastError(run.output)}`);
          // dbt parses every file whatever is selected: the copy's model becomes one it can parse, and is excluded.
          fs.writeFileSync(path.join(dir, file), "select 1 as left_out\n");
          continue;
        }
        const why = run.timedOut
          ? `the dbt process ran past its deadline of ${formatMs(timeoutMs)} and was killed`
          : `dbt stopped before building anything (exit ${run.code ?? "killed"}): ${lastError(run.output)}`;
        return { runs: unbuilt(input, why, running), timings: {}, ms: performance.now() - started };
      }
      const manifest = readJson<{ nodes: Record<string, ManifestNode> }>(path.join(dir, "target", "manifest.json"));
      const runs = await collect(input, targetSchema, results.results, manifest?.nodes ?? {}, unparsed);
      return { ...runs, ms: performance.now() - started };
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The project, its profiles.yml (the sandbox role, the target schema) and tests at severity warn. */
function writeProjectCopy(dir: string, input: DbtBuildInput, targetSchema: string) {
  for (const [file, text] of input.files) {
    const target = path.join(dir, file);
    if (!target.startsWith(dir + path.sep)) throw new Error(`project file outside the project: ${file}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file === "dbt_project.yml" ? testsWarnOnly(text) : text);
  }
  // The sandbox role's password: readable by this process's user only, and removed with the copy.
  fs.writeFileSync(
    path.join(dir, "profiles.yml"),
    profilesYaml(input.plan.project.profile, input.sandbox.url, targetSchema, input.threads ?? 2),
    { mode: 0o600 },
  );
}

function testsWarnOnly(projectYaml: string): string {
  const doc = YAML.parseDocument(projectYaml);
  doc.setIn(["data_tests", "+severity"], "warn");
  return doc.toString();
}

/** A dbt JSON log line's node_info, when it has one. */
function nodeEvent(line: string): { node_name: string; resource_type: string; node_status?: string } | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const event = JSON.parse(line) as {
      data?: { node_info?: { node_name?: string; resource_type?: string; node_status?: string } };
    };
    const node = event.data?.node_info;
    return node?.node_name && node.resource_type
      ? {
          node_name: node.node_name,
          resource_type: node.resource_type,
          ...(node.node_status ? { node_status: node.node_status } : {}),
        }
      : undefined;
  } catch {
    return undefined;
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** dbt's last error lines from its JSON log (or plain output), for a build that produced no results. */
/** Models left out of a build because dbt could not parse their Jinja, at most. */
const MAX_UNPARSED_MODELS = 5;

/** The model dbt names in "Compilation Error in model m (models/…)", when it is one of ours not yet left out. */
function unparsedModel(output: string, input: DbtBuildInput, unparsed: Map<string, string>): string | undefined {
  for (const [, name] of output.matchAll(/Compilation Error in model (\S+) \(/g))
    if (name && !unparsed.has(name) && input.models.some((m) => m.name === name)) return name;
  return undefined;
}

function lastError(output: string): string {
  const messages: string[] = [];
  for (const line of output.split("\n")) {
    if (!line.trim()) continue;
    try {
      const event = JSON.parse(line) as { info?: { level?: string; msg?: string } };
      if (event.info?.level === "error" && event.info.msg) messages.push(event.info.msg);
    } catch {
      messages.push(line);
    }
  }
  return messages.slice(-5).join("\n").slice(-2000) || "no output";
}

/** Every model without a result: the ones dbt had started fail with the reason, the others were not reached. */
function unbuilt(input: DbtBuildInput, why: string, running: Set<string>): ModelRun[] {
  return buildOrder(input.plan, input.models).map((name) => {
    const model = input.models.find((m) => m.name === name);
    const base = {
      model: name,
      tests: [],
      builtBy: "dbt build" as const,
      ...(model ? { compiledSql: model.compiledSql } : {}),
    };
    // A build dbt did not finish reports nothing, not even for the models it had finished.
    return running.has(name)
      ? { ...base, outcome: "failed" as const, error: `${why} while building model ${name}` }
      : {
          ...base,
          outcome: "not_built" as const,
          error: `${why}${running.size ? ` (it was building ${[...running].join(", ")})` : ""}`,
        };
  });
}

/** What dbt reported, turned into testProject's records (see the module comment). */
async function collect(
  input: DbtBuildInput,
  targetSchema: string,
  results: RunResult[],
  nodes: Record<string, ManifestNode>,
  unparsed: Map<string, string>,
) {
  const byModel = new Map<string, RunResult>();
  const testsOf = new Map<string, ModelRun["tests"]>();
  for (const result of results) {
    const node = nodes[result.unique_id];
    const [kind, , name = ""] = result.unique_id.split(".");
    if (kind === "model") byModel.set(nodes[result.unique_id]?.name ?? name, result);
    if (kind !== "test") continue;
    const attached = node?.attached_node ?? node?.depends_on?.nodes?.find((n) => n.startsWith("model."));
    const model = attached ? (nodes[attached]?.name ?? attached.split(".").at(-1)!) : undefined;
    if (!model) continue;
    const failures = result.failures ?? 0;
    const test = {
      name: node?.name ?? name,
      ok: result.status === "pass",
      failures,
      ...(result.status === "error" || result.status === "skipped" ? { error: errorText(result) } : {}),
    };
    testsOf.set(model, [...(testsOf.get(model) ?? []), test]);
  }

  const models = new Map(input.models.map((m) => [m.name, m]));
  const dependencies = new Map(input.plan.models.map((m) => [m.name, m.dependsOn.filter((d) => models.has(d))]));
  const failed = new Set<string>();
  const runs: ModelRun[] = [];
  const timings: Record<string, number> = {};
  const session = await openSession(input);
  try {
    for (const name of buildOrder(input.plan, input.models)) {
      input.signal?.throwIfAborted();
      const model = models.get(name)!;
      const result = byModel.get(name);
      const upstream = (dependencies.get(name) ?? []).find((d) => failed.has(d));
      const modelStarted = performance.now();
      let run: ModelRun;
      if (upstream !== undefined) {
        run = skippedRun(name, upstream, result?.compiled_code ?? model.compiledSql);
      } else if (unparsed.has(name)) {
        run = {
          model: name,
          outcome: "failed",
          error: unparsed.get(name)!,
          compiledSql: model.compiledSql,
          tests: [],
          builtBy: "dbt build",
        };
      } else if (model.materialized === "ephemeral") {
        input.onModel?.(name);
        run = {
          ...(await session.stopped(await buildModel(session.connection, model, targetSchema, new Map()))),
          builtBy: "built-in compiler",
        };
      } else if (!result) {
        run = {
          model: name,
          outcome: "not_built",
          error: "dbt did not build it (disabled in the project, or not selected)",
          tests: [],
        };
      } else {
        input.onModel?.(name);
        run = {
          ...(await fromResult(session, model, result, targetSchema, input.sandbox.statementTimeoutMs)),
          builtBy: "dbt build",
        };
        if (run.outcome === "ok") run.tests = testsOf.get(name) ?? [];
      }
      if (run.outcome !== "ok") failed.add(name);
      runs.push(run);
      timings[name] = (result?.execution_time ?? 0) * 1000 + (performance.now() - modelStarted);
    }
  } finally {
    await session.close();
  }
  return { runs, timings };
}

type Session = Awaited<ReturnType<typeof openSession>>;

async function fromResult(
  session: Session,
  model: ModelToTest,
  result: RunResult,
  targetSchema: string,
  deadlineMs: number | undefined,
): Promise<ModelRun> {
  const compiledSql = result.compiled_code ?? model.compiledSql;
  if (result.status === "success") {
    const kind = model.materialized === "table" || model.materialized === "incremental" ? "table" : "view";
    if (kind === "table")
      return {
        model: model.name,
        outcome: "ok",
        compiledSql,
        rows: result.adapter_response?.rows_affected ?? 0,
        tests: [],
      };
    return session.stopped(await countView(session.connection, model.name, compiledSql, targetSchema));
  }
  if (result.status === "skipped")
    return {
      model: model.name,
      outcome: "skipped",
      error: `dbt skipped it (${errorText(result)})`,
      compiledSql,
      tests: [],
    };
  const message = errorText(result);
  // Stopped by the deadline: running it again would take the whole deadline again.
  if (/statement timeout|due to user request|terminating connection/.test(message)) {
    return {
      model: model.name,
      outcome: "failed",
      error: `the statement ran past the sandbox statement deadline${deadlineMs !== undefined ? ` of ${formatMs(deadlineMs)}` : ""}: ${message}`,
      compiledSql,
      tests: [],
    };
  }
  if (!result.compiled_code)
    return { model: model.name, outcome: "failed", error: `dbt compilation error: ${message}`, compiledSql, tests: [] };
  // PostgreSQL's own error, with its SQLSTATE and position, from the SQL dbt ran.
  const again = await session.stopped(
    await buildModel(session.connection, { ...model, compiledSql: result.compiled_code }, targetSchema, new Map()),
  );
  if (again.outcome !== "ok") return again;
  await session.connection
    .unsafe(
      `drop ${model.materialized === "table" || model.materialized === "incremental" ? "table" : "view"} if exists ${modelRelation(model.name, targetSchema)} cascade`,
    )
    .catch(() => {});
  return { model: model.name, outcome: "failed", error: `dbt: ${message}`, compiledSql, tests: [] };
}

/** dbt's message for a node, without its `Database Error in model x (path)` heading and `compiled code at` line. */
function errorText(result: RunResult): string {
  const lines = (result.message ?? result.status)
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !/^(Database|Compilation|Runtime) Error in \w+ /.test(l) && !/^compiled code at /.test(l));
  return lines.join("\n") || result.status;
}
