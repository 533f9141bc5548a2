/**
 * `npm run cli -- <command>`: the typed tRPC client as a command line, authenticated with an API key.
 *   DATAMIGRATE_URL      the server (default http://localhost:3000)
 *   DATAMIGRATE_API_KEY  an API key from the dashboard's API keys page
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "~/server/trpc/root";
import { readProgress } from "~/server/events/sse-client";
import { parseStreamedEvent } from "~/server/events/streamed-event";
import type { MigrationSummary } from "~/db/schema";
import { provenText } from "~/agents/core/summary-text";
import type { MigrationDto } from "~/server/services/migrations";
import type { DownloadName } from "~/server/http/downloads-handler";

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  list [--status <status>] [--limit <n>] [--cursor <c>]   list your migrations, newest first, with their counts
                                                           (views, procedures and functions validated; tables
                                                           loaded); <status> is one of queued, running, succeeded,
                                                           completed_with_issues, failed, cancelled
  preview (--sample | <file>) [--expected <results.zip>] [--name <name>]
                                                           the Assessment of a source before migrating it: objects
                                                           by kind, rules / LLM / person, constructs, estimated LLM
                                                           cost, the dbt names a migration of that --name gives,
                                                           problems with file and line, the expected results
  create --name <name> (--sample | --file <file>) [--expected <results.zip>] [--wait]
                                                           create a migration (queued for the agent worker);
                                                           --wait prints its live progress and exits with its outcome
  watch <id>                                               print a migration's live progress until it ends and
                                                           exit with its outcome
  get <id>                                                 show one migration with its counts
  cancel <id>                                              cancel a queued or running migration
  download <id> [--project <out.zip>] [--source-tables <out.sql>] [--report <report.md|report.html|report.json>]
                                                           save a finished migration's dbt project (a .zip), its
                                                           source tables as one psql script (DDL, then the rows it
                                                           was validated on) and/or its report (the format follows
                                                           the extension)

Fix one object, not everything (a migration that has ended; refused while it is queued or running):
  objects <id>                                             every object: its key (what the commands below take),
                                                           status, model, reason, edit and decision
  object <id> <key> [--sql]                                one object: status, reason, its dbt model SQL;
                                                           --sql prints only the model SQL (to edit it)
  rerun <id> (--object <key>... | --failed) [--wait]       re-run those objects (--object, repeatable) or every one
                                                           that failed, mismatched or needs review, with the models
                                                           that read them, through Tester, Rebuilder and Evaluator
  edit <id> <key> <model.sql> [--wait]                     save your SQL for the object's model (kept in the project
                                                           and the report as edited by you) and rebuild it
  accept <id> <key> --note <why>                           accept an object that needs review
  out-of-scope <id> <key> [--note <why>]                   put an object that did not pass out of scope
  reopen <id> <key>                                        take back the decision on an object
  attach-expected <id> <results.zip> [--wait]              attach or replace the expected results and re-evaluate
                                                           every model
  history <id>                                             every run (what was re-run, why, by whom, its counts),
                                                           the edited models and the decisions
  --wait follows the run and exits with its outcome, as watch does.

  <file> is a .sql script, a .zip of .sql files (an SSDT project) or a catalog .json (at most 10 MB);
  <results.zip> holds manifest.json and the CSVs it names (expected results to compare the models with).

Options:
  --json    print the raw JSON answer; watch and --wait print one JSON event per line, then a last line
            {"result": {id, status, error, exitCode, programmable, tables}} with the object counts (validated,
            loaded, executed, mismatch, needs_review, failed, total) of views/procedures/functions and of tables
  --help    show this help

Exit codes (watch, create --wait, and rerun, edit, attach-expected with --wait): for CI to gate on a migration
  0  succeeded: every view, procedure and function validated (or executed, without expected data), tables loaded
  3  completed with issues: the pipeline ran to the end, but some object failed, mismatched or needs review
  4  failed
  5  cancelled
  1  the request failed (server unreachable, bad key, not found…)    2  wrong usage, or (preview) a source or
                                                                       expected results that cannot be used

Environment: DATAMIGRATE_URL (default http://localhost:3000), DATAMIGRATE_API_KEY (required).`;

class UsageError extends Error {}

/** How many arguments each command takes after the migration id. */
const ARITY: Record<string, number> = {
  object: 1,
  edit: 2,
  accept: 1,
  "out-of-scope": 1,
  reopen: 1,
  "attach-expected": 1,
};

export function createClient(url: string, apiKey: string) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${url.replace(/\/$/, "")}/api/trpc`, headers: { authorization: `Bearer ${apiKey}` } })],
  });
}

function formatMigration(m: MigrationDto & { summary?: MigrationSummary | null }): string {
  const progress = `${Math.round(m.progress * 100)}%`.padStart(4);
  return `${m.id}  ${m.status.padEnd(21)}  ${progress}  ${(m.summary ? provenText(m.summary) : "–").padEnd(24)}  ${m.createdAt}  ${m.name}`;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      status: { type: "string" },
      limit: { type: "string" },
      cursor: { type: "string" },
      name: { type: "string" },
      sample: { type: "boolean" },
      file: { type: "string" },
      expected: { type: "string" },
      project: { type: "string" },
      report: { type: "string" },
      "source-tables": { type: "string" },
      object: { type: "string", multiple: true },
      failed: { type: "boolean" },
      note: { type: "string" },
      sql: { type: "boolean" },
      json: { type: "boolean" },
      wait: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  const [command, id, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const apiKey = process.env.DATAMIGRATE_API_KEY;
  if (!apiKey) throw new UsageError("DATAMIGRATE_API_KEY is not set: create a key on the dashboard's API keys page");
  const baseUrl = process.env.DATAMIGRATE_URL ?? "http://localhost:3000";
  const client = createClient(baseUrl, apiKey);
  const print = (value: unknown, human: () => string) =>
    console.log(values.json ? JSON.stringify(value, null, 2) : human());
  const requireId = () => {
    if (!id) throw new UsageError(`${command} needs a migration id`);
    return id;
  };
  /** The command's arguments after the migration id, exactly as many as it takes. */
  const args = (...names: string[]): string[] => {
    requireId();
    if (rest.length < names.length)
      throw new UsageError(`${command} needs ${names.slice(rest.length).join(" and ")}\n\n${USAGE}`);
    return rest;
  };
  const arity = ARITY[command] ?? 0;
  if (rest.length > arity) throw new UsageError(`Unexpected argument "${rest[arity]}"\n\n${USAGE}`);
  const expected = () => (values.expected ? upload(values.expected) : undefined);
  /** Follows the run a change just queued (events after `after`) when --wait is given. */
  const queued = async (migrationId: string, after: number, run: { models: string[] }) => {
    print(
      run,
      () => `Queued a run of ${run.models.length} model${run.models.length === 1 ? "" : "s"}: ${run.models.join(", ")}`,
    );
    return values.wait ? watch(client, baseUrl, apiKey, migrationId, values.json ?? false, after) : 0;
  };
  /** The last event id before a change: --wait prints the events of the run it queues, not the earlier ones. */
  const lastEventId = async (migrationId: string) =>
    values.wait ? (await client.migrationDetails.overview.query({ id: migrationId })).lastEventId : 0;

  switch (command) {
    case "list": {
      const page = await client.migrations.list.query({
        status: values.status as MigrationDto["status"] | undefined,
        limit: values.limit ? Number(values.limit) : undefined,
        cursor: values.cursor,
      });
      print(page, () =>
        [
          ...(page.items.length ? page.items.map(formatMigration) : ["No migrations."]),
          ...(page.nextCursor ? [`More: --cursor ${page.nextCursor}`] : []),
        ].join("\n"),
      );
      return 0;
    }
    case "create": {
      if (!values.name) throw new UsageError("create needs --name");
      if (!values.sample === !values.file)
        throw new UsageError("create needs exactly one of --sample or --file <path>");
      const source = values.file ? { kind: "upload" as const, file: upload(values.file) } : { kind: "sample" as const };
      const migration = await client.migrations.create.mutate({ name: values.name, source, expected: expected() });
      print(migration, () => formatMigration(migration));
      return values.wait ? watch(client, baseUrl, apiKey, migration.id, values.json ?? false) : 0;
    }
    case "watch":
      return watch(client, baseUrl, apiKey, requireId(), values.json ?? false);
    case "get": {
      const migration = await client.migrations.get.query({ id: requireId() });
      print(
        migration,
        () =>
          formatMigration(migration) +
          (migration.summary ? `\n${countsText(migration.summary)}` : "") +
          (migration.error ? `\nerror: ${migration.error}` : ""),
      );
      return 0;
    }
    case "preview": {
      const file = id ?? values.file;
      if (!values.sample === !file)
        throw new UsageError("preview needs exactly one of --sample or a file (.sql, .zip or .json)");
      const source = file ? { kind: "upload" as const, file: upload(file) } : { kind: "sample" as const };
      const preview = await client.migrations.preview.mutate({
        source,
        expected: expected(),
        ...(values.name !== undefined ? { name: values.name } : {}),
      });
      print(preview, () => previewText(preview));
      return preview.ok && !preview.expectedError ? 0 : 2;
    }
    case "download": {
      const migrationId = requireId();
      if (!values.project && !values["source-tables"] && !values.report)
        throw new UsageError(
          "download needs --project <out.zip>, --source-tables <out.sql> and/or --report <report.md|report.html|report.json>",
        );
      const reportName = values.report
        ? REPORT_FORMATS.find((f) => values.report!.toLowerCase().endsWith(f.slice("report".length)))
        : undefined;
      if (values.report && !reportName)
        throw new UsageError(`--report ${values.report}: name a .md, .html or .json file`);
      const saved: { file: string; bytes: number }[] = [];
      for (const [name, file] of [
        ["project.zip", values.project],
        ["source-tables.sql", values["source-tables"]],
        [reportName, values.report],
      ] as const) {
        if (!name || !file) continue;
        const bytes = await download(baseUrl, apiKey, migrationId, name);
        fs.writeFileSync(file, bytes);
        saved.push({ file, bytes: bytes.length });
      }
      print(saved, () => saved.map((s) => `Saved ${s.file} (${s.bytes} bytes)`).join("\n"));
      return 0;
    }
    case "objects": {
      const migrationId = requireId();
      const [list, history] = await Promise.all([
        client.migrationDetails.objects.query({ id: migrationId }),
        client.migrationDetails.history.query({ id: migrationId }),
      ]);
      print({ ...list, edits: history.edits, decisions: history.decisions }, () => objectsText(list, history));
      return 0;
    }
    case "object": {
      const [key] = args("an object key");
      const object = await client.migrationDetails.object.query({ id: requireId(), key: key! });
      if (!object.found) throw new Error(`No object ${key} in this migration (see: objects ${id})`);
      if (values.sql) {
        if (!object.translation?.sql)
          throw new Error(
            `${object.object} has no model SQL${object.layer === "staging" ? " to edit: a staging model is generated from its table's columns" : ""}`,
          );
        process.stdout.write(
          values.json
            ? JSON.stringify({ sql: object.translation.sql }) + "\n"
            : object.translation.sql.endsWith("\n")
              ? object.translation.sql
              : `${object.translation.sql}\n`,
        );
        return 0;
      }
      print(object, () => objectText(object));
      return 0;
    }
    case "rerun": {
      const migrationId = requireId();
      if (!values.failed === !values.object?.length)
        throw new UsageError("rerun needs --object <key> (one or more) or --failed");
      const after = await lastEventId(migrationId);
      const run = await client.migrations.rerunObjects.mutate({
        id: migrationId,
        ...(values.object?.length ? { keys: values.object } : {}),
      });
      return queued(migrationId, after, run);
    }
    case "edit": {
      const [key, file] = args("an object key", "a file with the model SQL");
      const migrationId = requireId();
      const after = await lastEventId(migrationId);
      const run = await client.migrations.editModel.mutate({
        id: migrationId,
        key: key!,
        sql: readFile(file!).toString("utf8"),
      });
      return queued(migrationId, after, run);
    }
    case "accept":
    case "out-of-scope":
    case "reopen": {
      const [key] = args("an object key");
      if (command === "accept" && !values.note?.trim())
        throw new UsageError("accept needs --note <why>: say why you accept it");
      if (command === "reopen" && values.note !== undefined) throw new UsageError("reopen takes no --note");
      const decision = command === "accept" ? "accepted" : command === "out-of-scope" ? "out_of_scope" : null;
      const outcome = await client.migrations.decideObject.mutate({
        id: requireId(),
        key: key!,
        decision,
        note: values.note ?? "",
      });
      print(
        outcome,
        () =>
          `${decision ? `${key} ${decision === "accepted" ? "accepted" : "put out of scope"}` : `Decision on ${key} taken back`}: the migration is ${outcome.status.replaceAll("_", " ")}${"summary" in outcome && outcome.summary ? ` (${countsText(outcome.summary)})` : ""}`,
      );
      return 0;
    }
    case "attach-expected": {
      const [file] = args("an expected results .zip");
      const migrationId = requireId();
      const after = await lastEventId(migrationId);
      const run = await client.migrations.attachExpected.mutate({ id: migrationId, expected: upload(file!) });
      return queued(migrationId, after, run);
    }
    case "history": {
      const history = await client.migrationDetails.history.query({ id: requireId() });
      print(history, () => historyText(history));
      return 0;
    }
    case "cancel": {
      const migration = await client.migrations.cancel.mutate({ id: requireId() });
      print(migration, () => formatMigration(migration));
      return 0;
    }
    default:
      throw new UsageError(`Unknown command "${command}"\n\n${USAGE}`);
  }
}

/** A finished migration's exit code (see USAGE); a migration still queued or running is an error. */
const EXIT_CODES: Record<MigrationDto["status"], number> = {
  succeeded: 0,
  completed_with_issues: 3,
  failed: 4,
  cancelled: 5,
  queued: 1,
  running: 1,
};

/**
 * Follows the migration's progress stream from event `after` (reconnecting from the last event id if the
 * connection drops) and returns the exit code for its outcome (EXIT_CODES). The stream ends at a run's last event;
 * a migration re-run since then is still queued or running, and is followed on.
 */
async function watch(
  client: ReturnType<typeof createClient>,
  baseUrl: string,
  apiKey: string,
  id: string,
  json: boolean,
  after = 0,
): Promise<number> {
  let lastEventId = after;
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      for await (const message of readProgress(baseUrl, id, {
        headers: { authorization: `Bearer ${apiKey}` },
        lastEventId,
      })) {
        if (message.event === "end") {
          const { status } = await client.migrations.get.query({ id });
          if (status !== "queued" && status !== "running") attempt = 20;
          break;
        }
        const parsed = parseStreamedEvent(message.data);
        if ("error" in parsed) {
          // Said and passed over: one event this version cannot read must not stop the watch (nor be replayed).
          const id = Number(message.id);
          if (Number.isSafeInteger(id) && id > lastEventId) lastEventId = id;
          console.error(`Skipped progress event ${message.id ?? "(no id)"}, unreadable: ${parsed.error}`);
          continue;
        }
        const { event } = parsed;
        lastEventId = event.id;
        if (event.unreadable !== undefined)
          console.error(`Progress event ${event.id} read in part: ${event.unreadable}`);
        if (json) console.log(JSON.stringify(event));
        else if (event.kind !== "object" || event.agent !== "evaluator") {
          const percent = event.progress === null ? "    " : `${Math.round(event.progress * 100)}%`.padStart(4);
          console.log(
            `${percent} ${event.agent.padEnd(10)} ${event.object ? `${event.object}: ` : ""}${event.message}`,
          );
        }
      }
    } catch (error) {
      if ((error as Error).message.startsWith("progress stream answered")) throw error;
      await new Promise((r) => setTimeout(r, 1000)); // connection dropped: reconnect and replay from lastEventId
    }
  }
  const migration = await client.migrations.get.query({ id });
  const exitCode = EXIT_CODES[migration.status];
  const s = migration.summary;
  if (json) {
    const result = {
      id,
      status: migration.status,
      error: migration.error,
      exitCode,
      programmable: s?.programmable ?? null,
      tables: s?.tables ?? null,
      summary: s,
    };
    console.log(JSON.stringify({ result }));
  } else {
    console.log(
      `${migration.status.replaceAll("_", " ")}${migration.error ? `: ${migration.error}` : ""}${s ? ` (${countsText(s)})` : ""}`,
    );
  }
  return exitCode;
}

/** "2/3 views, procedures and functions validated, 1 needs review; 4/4 tables loaded". */
function countsText(s: MigrationSummary): string {
  const issues = (c: { mismatch: number; needs_review: number; failed: number }) =>
    [
      c.mismatch && `${c.mismatch} mismatch`,
      c.needs_review && `${c.needs_review} need review`,
      c.failed && `${c.failed} failed`,
    ]
      .filter(Boolean)
      .join(", ");
  if (!s.programmable || !s.tables) {
    return [`${s.validated}/${s.total} objects validated`, s.executed && `${s.executed} executed`, issues(s)]
      .filter(Boolean)
      .join(", ");
  }
  const p = s.programmable;
  const t = s.tables;
  const programmable = [
    `${p.validated}/${p.total} views, procedures and functions validated`,
    p.executed && `${p.executed} executed`,
    issues(p),
  ]
    .filter(Boolean)
    .join(", ");
  const tables = [`${t.loaded}/${t.total} tables loaded`, t.executed && `${t.executed} executed`, issues(t)]
    .filter(Boolean)
    .join(", ");
  return `${programmable}; ${tables}`;
}

type Client = ReturnType<typeof createClient>;
type ObjectList = Awaited<ReturnType<Client["migrationDetails"]["objects"]["query"]>>;
type ObjectDetail = Extract<Awaited<ReturnType<Client["migrationDetails"]["object"]["query"]>>, { found: true }>;
type History = Awaited<ReturnType<Client["migrationDetails"]["history"]["query"]>>;

const decisionText = (d: History["decisions"][number]) =>
  `${d.decision === "accepted" ? "accepted" : "out of scope"} by ${d.decidedBy}${d.note ? `: ${d.note}` : ""}`;

/** One line per object: key, status, model, then why it did not pass, who edited it and what was decided. */
function objectsText(list: ObjectList, history: History): string {
  if (!list.objects.length) return "No objects yet.";
  const edits = new Map(history.edits.map((e) => [e.model, e]));
  const decisions = new Map(history.decisions.map((d) => [d.key, d]));
  const width = Math.max(...list.objects.map((o) => o.key.length));
  const lines = list.objects.map((o) => {
    const notes = [
      o.reason && o.status !== "validated" && o.status !== "executed" && o.status !== "loaded"
        ? firstLine(o.reason)
        : null,
      o.model && edits.has(o.model) ? `edited by ${edits.get(o.model)!.editedBy}` : null,
      decisions.has(o.key) ? decisionText(decisions.get(o.key)!) : null,
    ].filter(Boolean);
    return `${o.key.padEnd(width)}  ${(o.status ?? o.stage).padEnd(12)}  ${(o.model ?? "–").padEnd(28)}${notes.length ? `  ${notes.join("; ")}` : ""}`;
  });
  return [...lines, ...(list.final ? [] : ["(provisional: the migration has not finished)"])].join("\n");
}

/** One object as the object view shows it, its model SQL last. */
function objectText(o: ObjectDetail): string {
  const lines = [
    `${o.object} (${o.kind}) — ${o.status ?? o.stage}${o.model ? `, model ${o.model}${o.layer ? ` (${o.layer})` : ""}` : ""}`,
    `attempts: ${o.attempts}${o.rows !== null ? `, rows: ${o.rows}` : ""}${o.translatedBy ? `, translated by ${o.translatedBy}` : ""}`,
  ];
  if (o.reason) lines.push(`reason: ${o.reason}`);
  if (o.source?.file) lines.push(`source: ${o.source.file}${o.source.line ? `:${o.source.line}` : ""}`);
  if (o.upstream.length) lines.push(`reads: ${o.upstream.map((u) => u.model).join(", ")}`);
  if (o.dependents.length) lines.push(`read by: ${o.dependents.map((d) => d.model).join(", ")}`);
  if (o.translation?.sql) lines.push("", "-- dbt model SQL", o.translation.sql);
  return lines.join("\n");
}

/** The runs, newest first, then the edits and the decisions. */
function historyText(h: History): string {
  const lines = h.runs.map((r) => {
    const when = `${r.requestedAt}${r.requestedBy ? ` by ${r.requestedBy}` : ""}`;
    const outcome = r.status
      ? `${r.status.replaceAll("_", " ")}${r.summary ? ` (${countsText(r.summary)})` : ""}`
      : "not finished";
    return `#${r.number} ${r.kind.padEnd(8)} ${when}: ${r.reason}\n    ${outcome}`;
  });
  for (const e of h.edits) lines.push(`edited: ${e.model} by ${e.editedBy} at ${e.editedAt}`);
  for (const d of h.decisions) lines.push(`decided: ${d.key} ${decisionText(d)} (${d.decidedAt})`);
  return lines.join("\n") || "No runs yet.";
}

const firstLine = (text: string) => text.split("\n", 1)[0]!;

const REPORT_FORMATS = ["report.md", "report.html", "report.json"] as const;

/** One of the server's download routes (server/http/downloads-handler.ts), with the API key. */
async function download(baseUrl: string, apiKey: string, id: string, name: DownloadName): Promise<Buffer> {
  const response = await fetch(`${baseUrl.replace(/\/$/, "")}/api/migrations/${encodeURIComponent(id)}/${name}`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(`${name}: ${response.status} ${body?.error?.message ?? response.statusText}`);
  }
  return Buffer.from(await response.arrayBuffer());
}

type PreviewAnswer = Awaited<ReturnType<ReturnType<typeof createClient>["migrations"]["preview"]["mutate"]>>;

/** The Assessment preview in words, in the order the dashboard's preview panel shows it. */
function previewText(preview: PreviewAnswer): string {
  if (!preview.ok)
    return `This source cannot be migrated: ${preview.error.message}${preview.error.file ? ` (${preview.error.file})` : ""}`;
  const s = preview.summary;
  const c = s.counts;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const lines = [
    `Database ${s.database}: ${plural(c.total, "object")} (${plural(c.table, "table")}, ${plural(c.view, "view")}, ${plural(c.procedure, "procedure")}, ${plural(c.function, "function")}, ${plural(c.trigger, "trigger")}); ${s.tableRows} rows of data`,
    `Translated by rules: ${s.handling.rules}; needs the LLM: ${s.handling.llm}; needs a person: ${s.handling.manual}`,
    `Estimated LLM cost: $${s.estimatedLlmCostUsd.toFixed(2)}`,
  ];
  if (s.dbt)
    lines.push(
      `dbt project ${s.dbt.project}, source${s.dbt.sources.length === 1 ? "" : "s"} ${s.dbt.sources.join(", ")}: ${s.dbt.models.map((m) => m.name).join(", ")}`,
    );
  if (s.constructs.length)
    lines.push(
      `Constructs: ${s.constructs.map((k) => `${k.name} ×${k.objects}${k.handling === "rules" ? "" : ` (${k.handling === "manual" ? "person" : k.handling})`}`).join(", ")}`,
    );
  const needs = s.objects.filter((o) => o.handling !== "rules");
  for (const o of needs)
    lines.push(
      `  ${o.handling === "manual" ? "needs a person" : "needs the LLM"}: ${o.name}${o.file ? ` (${o.file}${o.line ? `:${o.line}` : ""})` : ""}${o.reasons.length ? ` — ${o.reasons.join("; ")}` : ""}`,
    );
  if (s.diagnostics.length) {
    lines.push(`Problems (${s.diagnostics.length}):`);
    for (const d of s.diagnostics) lines.push(`  ${d.file}:${d.line} ${d.severity}: ${d.message}`);
  }
  for (const w of s.warnings) lines.push(`Warning: ${w}`);
  if (preview.expectedError) lines.push(`Expected results cannot be used: ${preview.expectedError}`);
  else if (preview.expected) {
    const e = preview.expected;
    const matched = e.entries.filter((x) => x.matched).length;
    lines.push(
      `Expected results (${e.source}): ${plural(e.entries.length, "result")}, ${matched} matching an object, ${e.unmatched} naming objects the source does not hold`,
    );
    for (const x of e.entries) for (const p of x.problems) lines.push(`  ${x.object} (${x.file}): ${p}`);
  } else lines.push("Expected results: none (models will be executed, not compared)");
  return lines.join("\n");
}

/** A file to send (source or expected results), as the API takes uploads. */
function upload(file: string) {
  return { filename: path.basename(file), contentBase64: readFile(file).toString("base64") };
}

function readFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(error.message);
    process.exitCode = 2;
  } else if (error instanceof TRPCClientError) {
    const issues = (error.data?.issues as { path: string; message: string }[] | null) ?? [];
    console.error(
      `Error (${error.data?.code ?? "request failed"}): ${issues.length ? issues.map((i) => `${i.path}: ${i.message}`).join("; ") : error.message}`,
    );
    process.exitCode = 1;
  } else {
    console.error(`Error: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
