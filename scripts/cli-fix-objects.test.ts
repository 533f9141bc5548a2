import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWorker } from "~/agents/worker/testing/in-process";
import { FIX_ONE_OBJECT_SCRIPT } from "~/agents/worker/testing/migrations";
import { createTestRunner } from "~/agents/worker/testing/runner";
import { startTestApi, type TestApi } from "~/server/testing";
import { runCli } from "./testing";

/**
 * "Fix one object, not everything" from the command line (scripts/cli.ts), as the dashboard does it, run as a user
 * would against the API server with the real worker and LangGraph graph: list the objects and their keys, re-run the
 * failed ones or one object, edit a model's SQL, accept or put out of scope, take a decision back, attach expected
 * results, read the history. A view dividing by zero at run time fails (as SELECT on it fails in SQL Server), and
 * so does the view reading it; dynamic SQL needs review.
 */

let api: TestApi;
let user: Awaited<ReturnType<TestApi["user"]>>;
let dir: string;
let stopWorker: () => Promise<void>;
let migrationId: string;

beforeAll(async () => {
  api = await startTestApi();
  user = await api.user("cli-fix");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-fix-test-"));
  const runner = await createTestRunner({ db: api.db, sql: api.sql, url: api.url, adminUrl: api.adminUrl });
  const worker = startTestWorker(api.sql, {
    workerId: "cli-fix",
    handle: runner.handle,
    pollIntervalMs: 100,
    leaseMs: 10_000,
  });
  stopWorker = async () => {
    await worker.drain();
    await runner.end();
  };
}, 120_000);
afterAll(async () => {
  await stopWorker?.();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  await api?.stop();
});

const cli = (...args: string[]) => runCli(api, user.apiKey, ...args);

function file(name: string, content: string | Uint8Array) {
  const at = path.join(dir, name);
  fs.writeFileSync(at, content);
  return at;
}

/** The `objects` line of one object key. */
async function objectLine(key: string) {
  const run = await cli("objects", migrationId);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout.split("\n").find((l) => l.startsWith(`${key} `)) ?? "";
}

type Result = {
  result: {
    id: string;
    status: string;
    exitCode: number;
    summary: { failed: number; needs_review: number; validated: number };
  };
};
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1)!) as Result;

describe("cli: fix one object, not everything", () => {
  it("creates the migration, which completes with issues, and lists every object with its key, status and reason", async () => {
    const created = await cli(
      "create",
      "--name",
      "ratios",
      "--file",
      file("ratios.sql", FIX_ONE_OBJECT_SCRIPT),
      "--wait",
      "--json",
    );
    expect(created.code, created.stderr).toBe(3);
    migrationId = lastJson(created.stdout).result.id;

    expect(await objectLine("dbo.ratios")).toMatch(/^dbo\.ratios\s+failed\s+\S+\s+.*division by zero/);
    expect(await objectLine("dbo.ratioids")).toMatch(/\sfailed\s/);
    expect(await objectLine("dbo.allreadings")).toMatch(/\sexecuted\s/);
    expect(await objectLine("dbo.readany")).toMatch(/\sneeds_review\s/);
    const json = await cli("objects", migrationId, "--json");
    const answer = JSON.parse(json.stdout) as { final: boolean; objects: { key: string; status: string }[] };
    expect(answer.final).toBe(true);
    expect(answer.objects.find((o) => o.key === "dbo.ratios")?.status).toBe("failed");
  }, 180_000);

  it("shows one object with its reason and prints its model SQL alone with --sql", async () => {
    const shown = await cli("object", migrationId, "dbo.ratios");
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^\[dbo\]\.\[Ratios\] \(view\) — failed, model \S+/);
    expect(shown.stdout).toMatch(/reason: .*division by zero/);
    expect(shown.stdout).toContain("read by: ");
    const sqlOnly = await cli("object", migrationId, "dbo.ratios", "--sql");
    expect(sqlOnly.stdout).toMatch(/^select/im);
    expect(sqlOnly.stdout).not.toContain("reason:");
    expect(shown.stdout).toContain(sqlOnly.stdout.trim());
    const missing = await cli("object", migrationId, "dbo.nothing");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("No object dbo.nothing in this migration");
  });

  it("re-runs only the failed objects, following the run and exiting with its outcome", async () => {
    const run = await cli("rerun", migrationId, "--failed", "--wait", "--json");
    expect(run.code, run.stderr).toBe(3);
    const lines = run.stdout.trim().split("\n");
    // The events printed are the new run's only: the Tester onwards, no Assessment.
    const events = lines
      .filter((l) => l.startsWith('{"id"'))
      .map((l) => JSON.parse(l) as { agent: string; kind: string });
    expect(events.some((e) => e.agent === "tester" && e.kind === "step_started")).toBe(true);
    expect(events.some((e) => e.agent === "assessment")).toBe(false);
    expect(lastJson(run.stdout).result).toMatchObject({
      status: "completed_with_issues",
      exitCode: 3,
      summary: { failed: 2, needs_review: 1 },
    });

    const history = await cli("history", migrationId);
    expect(history.stdout).toMatch(/^#2 failed\s.* by cli-fix-.*: re-run of the 3 objects that did not pass/m);
    expect(history.stdout).toMatch(/^#1 full\s/m);
  }, 180_000);

  it("re-runs one object named by its key, and refuses a key without a model or a missing migration", async () => {
    const run = await cli("rerun", migrationId, "--object", "dbo.allreadings", "--wait");
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout).toMatch(/^Queued a run of 1 model: \S+/m);
    expect(run.stdout).toContain("completed with issues");
    expect((await cli("history", migrationId)).stdout).toMatch(/^#3 objects\s/m);

    const unknown = await cli("rerun", migrationId, "--object", "dbo.nothing");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Error (CONFLICT): dbo.nothing has no model to re-run");
    const missing = await cli("rerun", "00000000-0000-4000-8000-000000000000", "--failed");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Error (NOT_FOUND)");
    expect((await cli("rerun", migrationId)).code).toBe(2);
  }, 180_000);

  it("saves an edited model from a file, rebuilds it with its dependant, and lists it as edited by the user", async () => {
    const original = (await cli("object", migrationId, "dbo.ratios", "--sql")).stdout;
    // The owner's fix: NULL where SQL Server would have raised (their decision, in their words).
    const edited = original.replace(/\/\s*([\w."]+)/, "/ nullif($1, 0)");
    expect(edited).not.toBe(original);
    const run = await cli("edit", migrationId, "dbo.ratios", file("ratios-edited.sql", edited), "--wait");
    expect(run.code, run.stderr).toBe(3); // amber only for the procedure that still needs review
    expect(await objectLine("dbo.ratios")).toMatch(/\sexecuted\s.*edited by cli-fix-/);
    expect(await objectLine("dbo.ratioids")).toMatch(/\sexecuted\s/);
    expect((await cli("object", migrationId, "dbo.ratios", "--sql")).stdout).toContain("nullif(");

    const refused = await cli(
      "edit",
      migrationId,
      "dbo.ratios",
      file("env.sql", `select '{{ env_var("DATABASE_URL") }}' as x`),
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not allowed/);
    expect((await cli("edit", migrationId, "dbo.ratios")).code).toBe(2);
  }, 180_000);

  it("accepts an object that needs review with a note, takes the decision back, and puts it out of scope", async () => {
    expect((await cli("accept", migrationId, "dbo.readany")).code).toBe(2);
    const accepted = await cli("accept", migrationId, "dbo.readany", "--note", "rewritten by hand in the app layer");
    expect(accepted.code, accepted.stderr).toBe(0);
    // Nothing else is an issue any more: the migration turns green at once.
    expect(accepted.stdout).toContain("dbo.readany accepted: the migration is succeeded");
    expect(await objectLine("dbo.readany")).toMatch(/accepted by cli-fix-.*: rewritten by hand in the app layer/);

    const reopened = await cli("reopen", migrationId, "dbo.readany");
    expect(reopened.stdout).toContain("Decision on dbo.readany taken back: the migration is completed with issues");
    const notDecidable = await cli("out-of-scope", migrationId, "dbo.allreadings");
    expect(notDecidable.code).toBe(1);
    expect(notDecidable.stderr).toMatch(/only an object that did not pass needs a decision/);

    const outOfScope = await cli("out-of-scope", migrationId, "dbo.readany", "--note", "retired", "--json");
    expect(JSON.parse(outOfScope.stdout)).toMatchObject({
      status: "succeeded",
      summary: { needs_review: 0, decided: { out_of_scope: 1 } },
    });
    expect((await cli("history", migrationId)).stdout).toMatch(
      /^decided: dbo\.readany out of scope by cli-fix-.*: retired/m,
    );
  }, 60_000);

  it("attaches expected results and re-evaluates: the view they name is validated and the migration succeeds", async () => {
    const bad = await cli(
      "attach-expected",
      migrationId,
      file("bad.zip", zipSync({ "x.txt": strToU8("no manifest") })),
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Error (BAD_REQUEST): bad.zip holds no manifest.json");
    const expected = zipSync({
      "expected/manifest.json": strToU8(
        JSON.stringify({ objects: [{ object: "dbo.AllReadings", kind: "view", file: "all_readings.csv", rows: 3 }] }),
      ),
      "expected/all_readings.csv": strToU8("ReadingId,Amount\n1,10\n2,0\n3,5\n"),
    });
    const run = await cli("attach-expected", migrationId, file("expected.zip", expected), "--wait", "--json");
    expect(run.code, run.stderr).toBe(0);
    expect(lastJson(run.stdout).result).toMatchObject({
      status: "succeeded",
      exitCode: 0,
      summary: { validated: 1, failed: 0 },
    });
    expect(await objectLine("dbo.allreadings")).toMatch(/\svalidated\s/);
    const history = await cli("history", migrationId);
    expect(history.stdout).toMatch(/^#5 expected\s.*expected results attached \(expected\.zip\)/m);
    expect(history.stdout).toMatch(/^edited: \S*ratios\S* by cli-fix-/m);
  }, 180_000);

  it("lists the commands in its help", async () => {
    const help = await cli("--help");
    for (const command of [
      "objects",
      "object",
      "rerun",
      "edit",
      "accept",
      "out-of-scope",
      "reopen",
      "attach-expected",
      "history",
    ]) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command} <id>`, "m"));
    }
  });
});
