import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FINISHED_KIND, RERUN_KIND } from "~/agents/core/event-kinds";
import { recordEvent } from "~/agents/events/record";
import { migrationOutputs, migrations, sourceFiles, type MigrationSummary } from "~/db/schema";
import { startTestApi, type TestApi } from "~/server/testing";
import { runCli } from "./testing";

/**
 * The CLI (scripts/cli.ts) run as a user would, against the API server: `watch` and `create --wait` exit with
 * the migration's outcome, so CI can gate on it, and `--json` ends with the counts.
 */
let api: TestApi;
let user: Awaited<ReturnType<TestApi["user"]>>;
let dir: string;
beforeAll(async () => {
  api = await startTestApi();
  user = await api.user("cli");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-test-"));
}, 120_000);
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  return api?.stop();
});

const cli = (...args: string[]) => runCli(api, user.apiKey, ...args);

const programmable = { total: 3, validated: 1, loaded: 0, mismatch: 0, executed: 1, needs_review: 1, failed: 0 };
const tables = { total: 2, validated: 0, loaded: 2, mismatch: 0, executed: 0, needs_review: 0, failed: 0 };
const withIssues: MigrationSummary = {
  total: 5,
  validated: 1,
  loaded: 2,
  mismatch: 0,
  executed: 1,
  needs_review: 1,
  failed: 0,
  programmable,
  tables,
  llmCostUsd: 0,
};
const green: MigrationSummary = {
  ...withIssues,
  executed: 2,
  needs_review: 0,
  programmable: { ...programmable, executed: 2, needs_review: 0 },
};

/** Ends a migration as the worker does: its row, then the finishing event that ends the progress stream. */
async function finish(
  id: string,
  status: "succeeded" | "completed_with_issues" | "failed" | "cancelled",
  summary: MigrationSummary | null,
) {
  await api.db
    .update(migrations)
    .set({
      status,
      summary,
      progress: status === "failed" || status === "cancelled" ? 0.5 : 1,
      error: status === "failed" ? "Failed: boom" : null,
      finishedAt: new Date(),
    })
    .where(eq(migrations.id, id));
  await recordEvent(api.db, { migrationId: id, agent: "worker", kind: FINISHED_KIND, message: status, object: null });
}

async function created(name: string) {
  return user.client.migrations.create.mutate({ name, source: { kind: "sample" } });
}

describe("cli watch", () => {
  it.each([
    ["succeeded", green, 0],
    ["completed_with_issues", withIssues, 3],
    ["failed", null, 4],
    ["cancelled", null, 5],
  ] as const)("exits for a migration that %s with its documented code", async (status, summary, code) => {
    const { id } = await created(status);
    await finish(id, status, summary);
    const run = await cli("watch", id);
    expect(run.code, run.stderr).toBe(code);
    expect(run.stdout).toContain(status.replaceAll("_", " "));
  });

  it("prints the counts of views, procedures and functions and of tables, in words and with --json", async () => {
    const { id } = await created("issues");
    await finish(id, "completed_with_issues", withIssues);
    const human = await cli("watch", id);
    expect(human.stdout).toContain(
      "completed with issues (1/3 views, procedures and functions validated, 1 executed, 1 need review; 2/2 tables loaded)",
    );
    const json = await cli("watch", id, "--json");
    expect(json.code).toBe(3);
    const lines = json.stdout.trim().split("\n");
    const last = JSON.parse(lines.at(-1)!) as { result: Record<string, unknown> };
    expect(last.result).toMatchObject({ id, status: "completed_with_issues", exitCode: 3, programmable, tables });
  });
});

/**
 * A reverse proxy in front of the test API that puts `injected` (raw SSE lines) at the head of every progress stream,
 * as a server of another version or a mangling proxy might send; everything else passes through untouched.
 */
async function manglingProxy(injected: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "host"),
      );
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      void fetch(`${api.apiUrl}${req.url}`, { method: req.method, headers, body })
        .then(async (upstream) => {
          res.writeHead(upstream.status, Object.fromEntries(upstream.headers));
          if (/\/events$/.test(req.url ?? "") && upstream.ok) res.write(injected);
          if (upstream.body)
            for await (const chunk of upstream.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
          res.end();
        })
        .catch((error: Error) => res.destroy(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe("cli watch on events it cannot read", () => {
  it("reports an event of a kind or payload this version does not know and still exits with the outcome", async () => {
    const { id } = await created("later-version");
    // Rows as a later version may write them: a kind unknown here, and a known kind with a payload that does not read.
    await api.db.execute(sql`
      insert into migration_events (migration_id, agent, object, kind, message, payload)
      values (${id}::uuid, 'worker', null, 'from_a_later_version', 'a step this version does not know', null),
             (${id}::uuid, 'worker', null, ${RERUN_KIND}, 'rerun', '{"runId": "one"}'::jsonb)`);
    await finish(id, "succeeded", green);
    const run = await cli("watch", id);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("a step this version does not know");
    expect(run.stderr).toMatch(/read in part: its kind "from_a_later_version" is not one this version knows/);
    expect(run.stderr).toMatch(/read in part: its payload does not read as a rerun_requested event's/);
  });

  it("skips a progress message that is not an event, saying why, and still exits with the outcome", async () => {
    const { id } = await created("mangled");
    await finish(id, "completed_with_issues", withIssues);
    const proxy = await manglingProxy(
      "id: 1\nevent: progress\ndata: <html>bad gateway</html>\n\n" +
        'id: 2\nevent: progress\ndata: {"id": 2, "agent": 7}\n\n',
    );
    try {
      const run = await runCli({ apiUrl: proxy.url }, user.apiKey, "watch", id, "--json");
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toMatch(/Skipped progress event 1, unreadable: it is not JSON/);
      expect(run.stderr).toMatch(/Skipped progress event 2, unreadable: it is not a progress event/);
      // Each skipped message once: the watch did not reconnect over them.
      expect(run.stderr.match(/Skipped/g)).toHaveLength(2);
      const last = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as { result: Record<string, unknown> };
      expect(last.result).toMatchObject({ id, status: "completed_with_issues", exitCode: 3 });
    } finally {
      await proxy.close();
    }
  });
});

describe("cli create --wait", () => {
  it("follows the new migration and exits 3 when it completes with issues", async () => {
    const run = cli("create", "--sample", "--name", "gate", "--wait", "--json");
    // Play the worker: once the migration exists, end it with issues.
    let id: string | undefined;
    for (let i = 0; i < 200 && !id; i++) {
      const page = await user.client.migrations.list.query({ limit: 20 });
      id = page.items.find((m) => m.name === "gate")?.id;
      if (!id) await new Promise((r) => setTimeout(r, 100));
    }
    expect(id).toBeDefined();
    await finish(id!, "completed_with_issues", withIssues);
    const done = await run;
    expect(done.code, done.stderr).toBe(3);
    const last = JSON.parse(done.stdout.trim().split("\n").at(-1)!) as { result: Record<string, unknown> };
    expect(last.result).toMatchObject({ id, status: "completed_with_issues", exitCode: 3, programmable, tables });
  });

  it("exits 0 when it succeeds and 2 on wrong usage", async () => {
    const run = cli("create", "--sample", "--name", "green", "--wait");
    let id: string | undefined;
    for (let i = 0; i < 200 && !id; i++) {
      id = (await user.client.migrations.list.query({ limit: 20 })).items.find((m) => m.name === "green")?.id;
      if (!id) await new Promise((r) => setTimeout(r, 100));
    }
    await finish(id!, "succeeded", green);
    expect((await run).code).toBe(0);
    expect((await cli("create", "--name", "nothing")).code).toBe(2);
  });

  it("documents the exit codes in its help", async () => {
    const help = await cli("--help");
    expect(help.stdout).toMatch(/0 {2}succeeded/);
    expect(help.stdout).toMatch(/3 {2}completed with issues/);
    expect(help.stdout).toMatch(/4 {2}failed/);
    expect(help.stdout).toMatch(/5 {2}cancelled/);
  });
});

/** A file of the test's own in its temp folder. */
function file(name: string, content: string | Uint8Array) {
  const at = path.join(dir, name);
  fs.writeFileSync(at, content);
  return at;
}

const SCRIPT = `CREATE TABLE dbo.Items (ItemID int PRIMARY KEY, Name nvarchar(40) NOT NULL)
GO
INSERT INTO dbo.Items VALUES (1, N'one'), (2, N'two')
GO
CREATE VIEW dbo.ItemNames AS SELECT Name FROM dbo.Items
GO
`;
const expectedZip = () =>
  zipSync({
    "expected/manifest.json": strToU8(
      JSON.stringify({ objects: [{ object: "dbo.ItemNames", kind: "view", file: "item_names.csv", rows: 2 }] }),
    ),
    "expected/item_names.csv": strToU8("Name\none\ntwo\n"),
  });

describe("cli parity with the dashboard", () => {
  it("lists every command and the .zip sources and expected results in its help", async () => {
    const help = await cli("--help");
    expect(help.code).toBe(0);
    for (const command of ["list", "preview", "create", "watch", "get", "cancel", "download"])
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    expect(help.stdout).toContain("a .zip of .sql files");
    expect(help.stdout).toContain("--expected <results.zip>");
    expect(help.stdout).toContain("--report <report.md|report.html|report.json>");
  });

  it("creates a migration from a file with expected results (--expected)", async () => {
    const run = await cli(
      "create",
      "--name",
      "with expected",
      "--file",
      file("items.sql", SCRIPT),
      "--expected",
      file("expected.zip", expectedZip()),
      "--json",
    );
    expect(run.code, run.stderr).toBe(0);
    const { id } = JSON.parse(run.stdout) as { id: string };
    const [row] = await api.db.select().from(migrations).where(eq(migrations.id, id));
    const [expected] = await api.db.select().from(sourceFiles).where(eq(sourceFiles.id, row!.expectedFileId!));
    expect(expected).toMatchObject({ filename: "expected.zip", format: "expected" });
  });

  it("previews a source's assessment in words, its problems with file and line, and the raw answer with --json", async () => {
    const broken = `${SCRIPT}CREATE VIEW dbo.Broken AS\nSELEC Name FROM dbo.Items WHERE (Name = 'x'\nGO\n`;
    const run = await cli("preview", file("broken.sql", broken), "--expected", file("expected2.zip", expectedZip()));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/3 objects \(1 table, 2 views, 0 procedures, 0 functions, 0 triggers\); 2 rows of data/);
    expect(run.stdout).toContain("Estimated LLM cost: $");
    // The typo is on the script's 8th line (6 lines of SCRIPT, then the CREATE VIEW).
    expect(run.stdout).toMatch(
      /^ {2}broken\.sql:8 \w+: view dbo\.Broken does not parse: Expected SELECT, found "SELEC"/m,
    );
    expect(run.stdout).toContain("Expected results (expected2.zip): 1 result, 1 matching an object");
    // Named after the file, unless a name is given, as the migration created with it would be.
    expect(run.stdout).toMatch(/^dbt project broken, source broken: .*stg_broken__items/m);
    const named = await cli("preview", file("broken.sql", broken), "--name", "Shop Floor");
    expect(named.stdout).toMatch(/^dbt project shop_floor, source shop_floor: .*stg_shop_floor__items/m);
    const json = await cli("preview", "--sample", "--json");
    expect(json.code, json.stderr).toBe(0);
    const answer = JSON.parse(json.stdout) as {
      ok: boolean;
      summary: { counts: { total: number } };
      expected: { source: string };
    };
    expect(answer).toMatchObject({ ok: true, expected: { source: "sample" } });
    expect(answer.summary.counts.total).toBeGreaterThan(0);
  });

  it("says when expected results cannot be used, on their own, and exits 2", async () => {
    const run = await cli(
      "preview",
      file("ok.sql", SCRIPT),
      "--expected",
      file("bad.zip", zipSync({ "a.csv": strToU8("a\n1") })),
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/Expected results cannot be used: bad\.zip holds no manifest\.json/);
    expect(run.stdout).toContain("Database ");
  });

  it("shows views, procedures and functions validated and tables loaded apart in list and get", async () => {
    const { id } = await created("counted");
    await finish(id, "completed_with_issues", withIssues);
    const list = await cli("list", "--limit", "100");
    expect(list.stdout.split("\n").find((l) => l.startsWith(id))).toContain("1/3 validated · 2/2 tables");
    const get = await cli("get", id);
    expect(get.stdout).toContain(
      "1/3 views, procedures and functions validated, 1 executed, 1 need review; 2/2 tables loaded",
    );
  });

  it("downloads a finished migration's project zip and report with the API key", async () => {
    const { id } = await created("downloaded");
    await finish(id, "succeeded", green);
    const projectZip = zipSync({
      "dbt_project.yml": strToU8("name: downloaded\n"),
      "source_schema/create_tables.sql": strToU8("create table t (id int);\n"),
      "source_schema/load_data.sql": strToU8("copy t (id) from stdin;\n1\n\\.\n"),
    });
    const report = {
      database: "downloaded",
      generatedAt: new Date().toISOString(),
      summary: { total: 0, validated: 0, loaded: 0, mismatch: 0, executed: 0, needs_review: 0, failed: 0 },
      objects: [],
      diagnostics: [],
    };
    await api.db.insert(migrationOutputs).values({
      migrationId: id,
      report,
      reportMarkdown: "# Report of downloaded\n",
      projectZip: Buffer.from(projectZip),
    });
    const out = path.join(dir, "out.zip");
    const md = path.join(dir, "report.md");
    const tables = path.join(dir, "tables.sql");
    const run = await cli("download", id, "--project", out, "--source-tables", tables, "--report", md);
    expect(run.code, run.stderr).toBe(0);
    // The two source_schema scripts as one, the DDL first, for `psql -f`.
    const tablesSql = fs.readFileSync(tables, "utf8");
    expect(tablesSql).toContain("create table t (id int);\n\ncopy t (id) from stdin;\n1\n\\.\n");
    expect(tablesSql).toMatch(
      /^-- .*\n--   psql "postgres:\/\/user:pass@host\/db" -v ON_ERROR_STOP=1 -f downloaded-source-tables\.sql\n/,
    );
    expect(fs.readFileSync(out).equals(Buffer.from(projectZip))).toBe(true);
    expect(fs.readFileSync(md, "utf8")).toContain("# Report of downloaded");
    expect(run.stdout).toContain(`Saved ${out}`);

    // A project made before the rows were shipped: the DDL, and a note that the rows are not there.
    const older = await created("older");
    await finish(older.id, "succeeded", green);
    await api.db.insert(migrationOutputs).values({
      migrationId: older.id,
      report: { ...report, database: "older" },
      reportMarkdown: "# Report of older\n",
      projectZip: Buffer.from(zipSync({ "source_schema/create_tables.sql": strToU8("create table t (id int);\n") })),
    });
    const olderTables = path.join(dir, "older.sql");
    expect((await cli("download", older.id, "--source-tables", olderTables)).code).toBe(0);
    expect(fs.readFileSync(olderTables, "utf8")).toMatch(
      /create table t \(id int\);\n\n-- This migration's project ships no rows/,
    );

    const wrongFormat = await cli("download", id, "--report", path.join(dir, "report.pdf"));
    expect(wrongFormat.code).toBe(2);
    const notFinished = await cli(
      "download",
      (await created("unfinished")).id,
      "--project",
      path.join(dir, "none.zip"),
    );
    expect(notFinished.code).toBe(1);
    expect(notFinished.stderr).toContain("project.zip: 404 Nothing to download yet");
    expect(fs.existsSync(path.join(dir, "none.zip"))).toBe(false);
  });
});
