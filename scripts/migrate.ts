/**
 * `npm run migrate -- <input> --out <dir>`: the whole migration offline, in one process: ingest, assessment,
 * planner, executor, tester, rebuilder, evaluator and report, with a sandbox on an embedded PostgreSQL started in
 * a temporary folder (or on the server given by --database-url). See USAGE.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import postgres from "postgres";
import YAML from "yaml";
import {
  DeadlineError,
  ingestStep,
  readExpected,
  REPORT_JSON,
  REPORT_MARKDOWN,
  type StepProgress,
} from "~/agents/engine/steps";
import { runPipeline } from "~/agents/graph/pipeline";
import { InputError, InputTooLargeError, MAX_INPUT_BYTES, readInputFromPath } from "~/agents/ingest";
import { builtByText, countsText, PROGRAMMABLE, summaryGroups, TABLES } from "~/agents/report";
import { findDbt } from "~/agents/dbt/cli";
import { SOURCE_SCHEMA_FILE } from "~/agents/dbt/project";
import { sampleExpectedDir, sampleScriptPath } from "~/agents/sample";
import { loadCatalog } from "~/agents/sandbox/load";
import { findFreePort, startEmbeddedPostgres } from "~/db/embedded";

export const USAGE = `Usage: npm run migrate -- <input> --out <dir> [options]
       npm run migrate -- load <input> --database-url <url>   (the source tables in your PostgreSQL: load --help)

Migrates a SQL Server database into a dbt project for PostgreSQL, builds every model in a PostgreSQL sandbox
loaded with the input's data, repairs what fails, compares the results with the expected ones, and writes the
project with a migration report. Runs offline: no server, no API key.

<input>                   a .sql script (GO batches, UTF-8 or UTF-16), a folder or .zip of .sql files (an SSDT
                          project), or a catalog .json

Options:
  --out <dir>             where to write the dbt project, ${REPORT_JSON} and ${REPORT_MARKDOWN} (required)
  --expected <dir>        expected results to compare with: manifest.json + CSV files (the Northwind fixture's
                          format); procedures are run with each entry's params as dbt vars
  --vars '<json>'         project-wide dbt vars for the build, e.g. '{"CategoryName": "Beverages"}'
  --export-results <dir>  write each built model's rows to <dir>/<model>.csv (header = column names)
  --database-url <url>    PostgreSQL superuser URL for the sandboxes (default: an embedded PostgreSQL in a
                          temporary folder, removed afterwards)
  --database <name>       the database's name (names the dbt project and its source) when the input names
                          none with CREATE DATABASE or USE (default: the input's file name)
  --max-repairs <n>       rule-based repair attempts per failing model (default 2)
  --statement-timeout <s> longest one sandbox statement may run, in seconds; past it that model fails (default 30)
  --step-timeout <s>      longest one step may run, in seconds; past it the run stops with the reason (no limit)
  --timeout <s>           longest the whole run may take, in seconds (no limit)
  --max-input-mb <n>      largest input read, in MB: a script, a catalog, or a folder's or zip's .sql files
                          together (default ${MAX_INPUT_BYTES / (1024 * 1024)})
  --no-dbt                build with the built-in dbt compiler even when dbt is installed (by default the models
                          are built with real \`dbt build\` when DBT_BIN or the project's .venv-dbt has dbt)
  --dbt                   require real dbt: stop (exit 2) if it is not installed
  --sample                migrate the built-in sample database (its expected results unless --expected)
  --quiet                 print only the summary
  --help                  show this help

Exit status: 0 when the pipeline ran, whatever the objects' statuses (see the report); 2 for unusable input or
options; 1 for an unexpected error.`;

class UsageError extends Error {}

type Io = { out: (line: string) => void; err: (line: string) => void };

export async function main(
  argv: string[],
  io: Io = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) },
): Promise<number> {
  if (argv[0] === "load") return load(argv.slice(1), io);
  let options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`migrate: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (options === "help") {
    io.out(USAGE);
    return 0;
  }

  let stopDatabase: (() => Promise<void>) | undefined;
  const onSignal = () => {
    void (stopDatabase?.() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  try {
    // Everything about the input is read and checked before a database is started.
    const started = performance.now();
    const progress = options.quiet ? undefined : progressPrinter(io.err);
    const limits = options.maxInputBytes !== undefined ? { maxInputBytes: options.maxInputBytes } : {};
    const catalog = ingestStep(
      await readInputFromPath(options.input, limits),
      { ...(options.database ? { database: options.database } : {}), ...limits },
      progress ? { onProgress: (e) => progress({ ...e, progress: e.progress * 0.05 }) } : {},
    );
    const expected = options.expected ? await readExpected(options.expected) : undefined;
    const dbt = options.dbt === "off" ? undefined : findDbt();
    if (options.dbt === "required" && !dbt) {
      io.err(
        `migrate: --dbt: dbt is not installed (${process.env.DBT_BIN ? `DBT_BIN=${process.env.DBT_BIN} does not exist` : "run `npm run setup:dbt`, or set DBT_BIN"})`,
      );
      return 2;
    }
    if (!options.quiet)
      io.err(
        dbt
          ? `building the models with real dbt: ${dbt}`
          : `building the models with the built-in compiler${options.dbt === "off" ? " (--no-dbt)" : " (dbt not found: `npm run setup:dbt` or DBT_BIN to use it)"}`,
      );

    let adminUrl = options.databaseUrl;
    if (!adminUrl) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "datamigrate-migrate-"));
      fs.chmodSync(dir, 0o755); // the cluster runs as the `postgres` OS user
      if (!options.quiet) io.err("starting an embedded PostgreSQL for the sandbox…");
      let server;
      try {
        server = await startEmbeddedPostgres({ dataDir: path.join(dir, "cluster"), port: await findFreePort() });
      } catch (error) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw error;
      }
      adminUrl = server.adminUrl;
      stopDatabase = async () => {
        stopDatabase = undefined;
        await server.stop().catch(() => {});
        fs.rmSync(dir, { recursive: true, force: true });
      };
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
    }

    const result = await runPipeline(
      { kind: "catalog", catalog },
      {
        adminUrl,
        outDir: options.out,
        ...(expected ? { expected } : {}),
        ...(options.vars ? { vars: options.vars } : {}),
        ...(options.exportResults ? { exportDir: options.exportResults } : {}),
        ...(options.maxRepairs !== undefined ? { maxRepairs: options.maxRepairs } : {}),
        ...(options.statementTimeoutMs !== undefined ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
        ...(options.stepTimeoutMs !== undefined ? { stepTimeoutMs: options.stepTimeoutMs } : {}),
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(dbt ? { dbt } : {}),
        lint: true,
      },
      // The input was read above, and reported then.
      progress ? (event) => event.agent !== "ingest" && progress(event) : undefined,
    );

    // Programmable objects and source tables apart: a loaded table proves the data arrived, a validated view
    // that it computes what SQL Server does. One "36 of 36 validated" would claim the second for both.
    const { summary } = result.report;
    const groups = summaryGroups(summary, result.report.objects)!;
    io.out(
      `${result.report.database}: ${summary.total} objects; ${PROGRAMMABLE}: ${countsText(groups.programmable, "validated")}; ` +
        `${TABLES}: ${countsText(groups.tables, "loaded")} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
    for (const o of result.report.objects.filter(
      (x) => x.status === "mismatch" || x.status === "needs_review" || x.status === "failed",
    )) {
      io.out(`  ${o.status.padEnd(12)} ${o.object}: ${(o.reason ?? "").split("\n", 1)[0]}`);
    }
    const executed = result.report.objects.filter((x) => x.status === "executed");
    if (executed.length) {
      const names = executed
        .slice(0, 5)
        .map((o) => o.object)
        .join(", ");
      io.out(
        `  executed     ${executed.length} object${executed.length === 1 ? "" : "s"} built and ran with nothing compared (no expected results): ${names}${executed.length > 5 ? ", …" : ""}`,
      );
    }
    const builtBy = builtByText(result.report.objects);
    if (builtBy) io.out(`  ${builtBy}`);
    io.out(`dbt project: ${options.out}`);
    io.out(`report: ${path.join(options.out, REPORT_JSON)}, ${path.join(options.out, REPORT_MARKDOWN)}`);
    if (options.exportResults) io.out(`results: ${result.state.exported.length} CSV files in ${options.exportResults}`);
    return 0;
  } catch (error) {
    if (error instanceof InputTooLargeError) {
      io.err(`migrate: ${error.message} (raise the limit with --max-input-mb)`);
      return 2;
    }
    if (error instanceof InputError) {
      io.err(`migrate: ${error.message}`);
      return 2;
    }
    if (error instanceof DeadlineError) {
      io.err(`migrate: ${error.message} (see --step-timeout and --timeout)`);
      return 1;
    }
    // The database (an unreachable --database-url, a user that may not create roles): its message says it all.
    const code = (error as { code?: unknown }).code;
    if (error instanceof postgres.PostgresError || (typeof code === "string" && /^E[A-Z]+$/.test(code))) {
      io.err(`migrate: the sandbox database failed: ${(error as Error).message}`);
      return 1;
    }
    io.err(`migrate: ${(error as Error).stack ?? String(error)}`);
    return 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await stopDatabase?.();
  }
}

export const LOAD_USAGE = `Usage: npm run migrate -- load <input> --database-url <url> [--database <name>] [--max-input-mb <n>]

Creates the input's source tables in a PostgreSQL database (collations, schemas, sequences, tables with their keys,
defaults and computed columns: the DDL a generated project ships as ${SOURCE_SCHEMA_FILE}) and fills them with
the input's rows, so the dbt project can be built there. The database must be empty of those tables.

Exit status: 0 when the tables were created and loaded (rows PostgreSQL rejected are listed); 2 for unusable input
or options; 1 when the database failed.`;

/** \`migrate load\`: the source tables of a script in the user's own PostgreSQL, created and filled. */
async function load(argv: string[], io: Io): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        "database-url": { type: "string" },
        database: { type: "string" },
        "max-input-mb": { type: "string" },
        help: { type: "boolean" },
      },
    }));
  } catch (error) {
    io.err(`migrate load: ${(error as Error).message}\n\n${LOAD_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(LOAD_USAGE);
    return 0;
  }
  const url = values["database-url"];
  const mb = values["max-input-mb"] !== undefined ? Number(values["max-input-mb"]) : undefined;
  const problem =
    positionals.length !== 1
      ? "one input expected"
      : !url
        ? "--database-url <url> is required"
        : mb !== undefined && !(mb > 0)
          ? "--max-input-mb must be a number of megabytes > 0"
          : undefined;
  if (problem) {
    io.err(`migrate load: ${problem}\n\n${LOAD_USAGE}`);
    return 2;
  }
  const limits = mb !== undefined ? { maxInputBytes: Math.floor(mb * 1024 * 1024) } : {};
  let catalog;
  try {
    catalog = ingestStep(await readInputFromPath(positionals[0]!, limits), {
      ...(values.database ? { database: values.database } : {}),
      ...limits,
    });
  } catch (error) {
    if (error instanceof InputError) {
      io.err(`migrate load: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const sql = postgres(url!, { max: 4, onnotice: () => {} });
  try {
    const result = await loadCatalog(sql, catalog);
    io.out(
      `${catalog.database}: ${result.tables} tables created, ${result.rows} rows loaded in ${(result.ms / 1000).toFixed(1)} s`,
    );
    for (const w of result.warnings) io.out(`  warning: ${w}`);
    for (const i of result.issues) io.out(`  incomplete: ${i.message}`);
    return 0;
  } catch (error) {
    io.err(`migrate load: the database failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await sql.end({ timeout: 5 }).catch(() => {});
  }
}

type Options = {
  input: string;
  out: string;
  expected?: string;
  vars?: Record<string, unknown>;
  exportResults?: string;
  databaseUrl?: string;
  database?: string;
  maxRepairs?: number;
  maxInputBytes?: number;
  statementTimeoutMs?: number;
  stepTimeoutMs?: number;
  timeoutMs?: number;
  /** auto: real dbt when it is installed; off: the built-in compiler; required: dbt or stop. */
  dbt: "auto" | "off" | "required";
  quiet: boolean;
};

function parseOptions(argv: string[]): Options | "help" {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: "string" },
      expected: { type: "string" },
      vars: { type: "string" },
      "export-results": { type: "string" },
      "database-url": { type: "string" },
      database: { type: "string" },
      "max-repairs": { type: "string" },
      "max-input-mb": { type: "string" },
      "statement-timeout": { type: "string" },
      "step-timeout": { type: "string" },
      timeout: { type: "string" },
      sample: { type: "boolean" },
      dbt: { type: "boolean" },
      "no-dbt": { type: "boolean" },
      quiet: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) return "help";
  if (positionals.length > 1)
    throw new UsageError(`one input expected, got ${positionals.length}: ${positionals.join(", ")}`);
  const input = values.sample ? sampleScriptPath : positionals[0];
  if (values.sample && positionals.length) throw new UsageError("give either an input or --sample, not both");
  if (!input) throw new UsageError("no input given");
  if (!values.out) throw new UsageError("--out <dir> is required");
  if (values.dbt && values["no-dbt"]) throw new UsageError("give either --dbt or --no-dbt, not both");
  let vars: Record<string, unknown> | undefined;
  if (values.vars !== undefined) {
    let parsed: unknown;
    try {
      // JSON, or YAML's flow mapping as dbt accepts it (`{CategoryName: Beverages}`).
      parsed = YAML.parse(values.vars);
    } catch (error) {
      throw new UsageError(
        `--vars is not valid JSON: ${(error as Error).message.split("\n", 1)[0]!.replace(/:$/, "")}`,
      );
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
      throw new UsageError(`--vars must be a JSON object, e.g. '{"CategoryName": "Beverages"}'`);
    vars = parsed as Record<string, unknown>;
  }
  let maxRepairs: number | undefined;
  if (values["max-repairs"] !== undefined) {
    maxRepairs = Number(values["max-repairs"]);
    if (!Number.isInteger(maxRepairs) || maxRepairs < 0)
      throw new UsageError("--max-repairs must be a whole number ≥ 0");
  }
  let maxInputBytes: number | undefined;
  if (values["max-input-mb"] !== undefined) {
    const mb = Number(values["max-input-mb"]);
    if (!Number.isFinite(mb) || mb <= 0) throw new UsageError("--max-input-mb must be a number of megabytes > 0");
    maxInputBytes = Math.floor(mb * 1024 * 1024);
  }
  const seconds = (name: "statement-timeout" | "step-timeout" | "timeout") => {
    const value = values[name];
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a number of seconds > 0`);
    return Math.round(n * 1000);
  };
  const statementTimeoutMs = seconds("statement-timeout");
  const stepTimeoutMs = seconds("step-timeout");
  const timeoutMs = seconds("timeout");
  const expected = values.expected ?? (values.sample ? sampleExpectedDir : undefined);
  return {
    input,
    out: path.resolve(values.out),
    ...(expected ? { expected: path.resolve(expected) } : {}),
    ...(vars ? { vars } : {}),
    ...(values["export-results"] ? { exportResults: path.resolve(values["export-results"]) } : {}),
    ...(values["database-url"] ? { databaseUrl: values["database-url"] } : {}),
    ...(values.database ? { database: values.database } : {}),
    ...(maxRepairs !== undefined ? { maxRepairs } : {}),
    ...(maxInputBytes !== undefined ? { maxInputBytes } : {}),
    ...(statementTimeoutMs !== undefined ? { statementTimeoutMs } : {}),
    ...(stepTimeoutMs !== undefined ? { stepTimeoutMs } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    dbt: values["no-dbt"] ? "off" : values.dbt ? "required" : "auto",
    quiet: values.quiet ?? false,
  };
}

/** One line per step start/end, warning, and object: `[ 42%] tester     orders: built, 830 rows`. */
function progressPrinter(write: (line: string) => void) {
  return (event: StepProgress) => {
    const pct = `[${String(Math.floor(event.progress * 100)).padStart(3)}%]`;
    const agent = event.agent.padEnd(10);
    const prefix = event.kind === "warning" ? "warning: " : event.kind === "step_finished" ? "done: " : "";
    const object = event.object ? `${event.object}: ` : "";
    write(`${pct} ${agent} ${prefix}${object}${event.message.split("\n", 1)[0]}`);
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`migrate: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
