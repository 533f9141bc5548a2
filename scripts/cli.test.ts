import { spawn } from "node:child_process";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FINISHED_KIND, recordEvent } from "~/agents/events/record";
import { migrations, type MigrationSummary } from "~/db/schema";
import { startTestApi, type TestApi } from "~/server/testing";

/**
 * The CLI (scripts/cli.ts) run as a user would, against the API server: `watch` and `create --wait` exit with
 * the migration's outcome, so CI can gate on it, and `--json` ends with the counts.
 */
let api: TestApi;
let user: Awaited<ReturnType<TestApi["user"]>>;
beforeAll(async () => {
  api = await startTestApi();
  user = await api.user("cli");
}, 120_000);
afterAll(() => api?.stop());

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], {
      env: { ...process.env, DATAMIGRATE_URL: api.apiUrl, DATAMIGRATE_API_KEY: user.apiKey },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const programmable = { total: 3, validated: 1, loaded: 0, mismatch: 0, executed: 1, needs_review: 1, failed: 0 };
const tables = { total: 2, validated: 0, loaded: 2, mismatch: 0, executed: 0, needs_review: 0, failed: 0 };
const withIssues: MigrationSummary = { total: 5, validated: 1, loaded: 2, mismatch: 0, executed: 1, needs_review: 1, failed: 0, programmable, tables, llmCostUsd: 0 };
const green: MigrationSummary = {
  ...withIssues,
  executed: 2,
  needs_review: 0,
  programmable: { ...programmable, executed: 2, needs_review: 0 },
};

/** Ends a migration as the worker does: its row, then the finishing event that ends the progress stream. */
async function finish(id: string, status: "succeeded" | "completed_with_issues" | "failed" | "cancelled", summary: MigrationSummary | null) {
  await api.db
    .update(migrations)
    .set({ status, summary, progress: status === "failed" || status === "cancelled" ? 0.5 : 1, error: status === "failed" ? "Failed: boom" : null, finishedAt: new Date() })
    .where(eq(migrations.id, id));
  await recordEvent(api.sql, { migrationId: id, agent: "worker", kind: FINISHED_KIND, message: status, object: null });
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
    expect(human.stdout).toContain("completed with issues (1/3 views, procedures and functions validated, 1 executed, 1 need review; 2/2 tables loaded)");
    const json = await cli("watch", id, "--json");
    expect(json.code).toBe(3);
    const lines = json.stdout.trim().split("\n");
    const last = JSON.parse(lines.at(-1)!) as { result: Record<string, unknown> };
    expect(last.result).toMatchObject({ id, status: "completed_with_issues", exitCode: 3, programmable, tables });
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
