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
import type { StreamedEvent } from "~/server/events/hub";
import { readProgress } from "~/server/events/sse-client";
import type { MigrationSummary } from "~/db/schema";
import type { MigrationDto } from "~/server/services/migrations";

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  list [--status <status>] [--limit <n>] [--cursor <c>]   list your migrations, newest first; <status> is one of
                                                           queued, running, succeeded, completed_with_issues,
                                                           failed, cancelled
  create --name <name> (--sample | --file <path.sql|path.json>) [--wait]
                                                           create a migration (queued for the agent worker);
                                                           --wait prints its live progress and exits with its outcome
  watch <id>                                               print a migration's live progress until it ends and
                                                           exit with its outcome
  get <id>                                                 show one migration
  cancel <id>                                              cancel a queued or running migration

Options:
  --json    print the raw JSON answer; watch and --wait print one JSON event per line, then a last line
            {"result": {id, status, error, exitCode, programmable, tables}} with the object counts (validated,
            loaded, executed, mismatch, needs_review, failed, total) of views/procedures/functions and of tables
  --help    show this help

Exit codes (watch, create --wait): for CI to gate on a migration
  0  succeeded: every view, procedure and function validated (or executed, without expected data), tables loaded
  3  completed with issues: the pipeline ran to the end, but some object failed, mismatched or needs review
  4  failed
  5  cancelled
  1  the request failed (server unreachable, bad key, not found…)    2  wrong usage

Environment: DATAMIGRATE_URL (default http://localhost:3000), DATAMIGRATE_API_KEY (required).`;

class UsageError extends Error {}

export function createClient(url: string, apiKey: string) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${url.replace(/\/$/, "")}/api/trpc`, headers: { authorization: `Bearer ${apiKey}` } })],
  });
}

function formatMigration(m: MigrationDto): string {
  const progress = `${Math.round(m.progress * 100)}%`.padStart(4);
  return `${m.id}  ${m.status.padEnd(21)}  ${progress}  ${m.createdAt}  ${m.name}`;
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
      json: { type: "boolean" },
      wait: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  const [command, id] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const apiKey = process.env.DATAMIGRATE_API_KEY;
  if (!apiKey) throw new UsageError("DATAMIGRATE_API_KEY is not set: create a key on the dashboard's API keys page");
  const baseUrl = process.env.DATAMIGRATE_URL ?? "http://localhost:3000";
  const client = createClient(baseUrl, apiKey);
  const print = (value: unknown, human: () => string) => console.log(values.json ? JSON.stringify(value, null, 2) : human());
  const requireId = () => {
    if (!id) throw new UsageError(`${command} needs a migration id`);
    return id;
  };

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
      if (!values.sample === !values.file) throw new UsageError("create needs exactly one of --sample or --file <path>");
      const source = values.file
        ? { kind: "upload" as const, file: { filename: path.basename(values.file), contentBase64: readFile(values.file).toString("base64") } }
        : { kind: "sample" as const };
      const migration = await client.migrations.create.mutate({ name: values.name, source });
      print(migration, () => formatMigration(migration));
      return values.wait ? watch(client, baseUrl, apiKey, migration.id, values.json ?? false) : 0;
    }
    case "watch":
      return watch(client, baseUrl, apiKey, requireId(), values.json ?? false);
    case "get": {
      const migration = await client.migrations.get.query({ id: requireId() });
      print(migration, () => formatMigration(migration) + (migration.summary ? `\n${countsText(migration.summary)}` : "") + (migration.error ? `\nerror: ${migration.error}` : ""));
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
 * Follows the migration's progress stream (reconnecting from the last event id if the connection drops) and
 * returns the exit code for its outcome (EXIT_CODES).
 */
async function watch(client: ReturnType<typeof createClient>, baseUrl: string, apiKey: string, id: string, json: boolean): Promise<number> {
  let lastEventId = 0;
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      for await (const message of readProgress(baseUrl, id, { headers: { authorization: `Bearer ${apiKey}` }, lastEventId })) {
        if (message.event === "end") {
          attempt = 20;
          break;
        }
        const event = JSON.parse(message.data) as StreamedEvent;
        lastEventId = event.id;
        if (json) console.log(JSON.stringify(event));
        else if (event.kind !== "object" || event.agent !== "evaluator") {
          const percent = event.progress === null ? "    " : `${Math.round(event.progress * 100)}%`.padStart(4);
          console.log(`${percent} ${event.agent.padEnd(10)} ${event.object ? `${event.object}: ` : ""}${event.message}`);
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
    const result = { id, status: migration.status, error: migration.error, exitCode, programmable: s?.programmable ?? null, tables: s?.tables ?? null, summary: s };
    console.log(JSON.stringify({ result }));
  } else {
    console.log(`${migration.status.replaceAll("_", " ")}${migration.error ? `: ${migration.error}` : ""}${s ? ` (${countsText(s)})` : ""}`);
  }
  return exitCode;
}

/** "2/3 views, procedures and functions validated, 1 needs review; 4/4 tables loaded". */
function countsText(s: MigrationSummary): string {
  const issues = (c: { mismatch: number; needs_review: number; failed: number }) =>
    [c.mismatch && `${c.mismatch} mismatch`, c.needs_review && `${c.needs_review} need review`, c.failed && `${c.failed} failed`].filter(Boolean).join(", ");
  if (!s.programmable || !s.tables) {
    return [`${s.validated}/${s.total} objects validated`, s.executed && `${s.executed} executed`, issues(s)].filter(Boolean).join(", ");
  }
  const p = s.programmable;
  const t = s.tables;
  const programmable = [`${p.validated}/${p.total} views, procedures and functions validated`, p.executed && `${p.executed} executed`, issues(p)].filter(Boolean).join(", ");
  const tables = [`${t.loaded}/${t.total} tables loaded`, t.executed && `${t.executed} executed`, issues(t)].filter(Boolean).join(", ");
  return `${programmable}; ${tables}`;
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
    console.error(`Error (${error.data?.code ?? "request failed"}): ${issues.length ? issues.map((i) => `${i.path}: ${i.message}`).join("; ") : error.message}`);
    process.exitCode = 1;
  } else {
    console.error(`Error: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
