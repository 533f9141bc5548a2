import { eq } from "drizzle-orm";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MigrationReport, Plan, Translation } from "~/agents/core/contracts";
import { startTestWorker } from "~/agents/worker/testing/in-process";
import {
  createOwner,
  eventsOf,
  FIX_ONE_OBJECT_SCRIPT,
  outcomeOf,
  waitForMigration,
} from "~/agents/worker/testing/migrations";
import { createTestRunner } from "~/agents/worker/testing/runner";
import { migrationArtifacts, migrations } from "~/db/schema";
import { createTestDatabase } from "~/db/testing";
import { attachExpected, decideObject, editModel, getHistory, rerunObjects, ZDecideObject } from "./fix-objects";
import { getOverview } from "./migration-details/timeline";
import { RERUN_KIND } from "~/agents/core/event-kinds";
import { createMigration, MigrationStateError } from "./migrations";
import { UploadError } from "./uploads";

/**
 * Fixing one object instead of everything, on real PostgreSQL with the real worker and graph: a view that divides
 * by zero at run time fails (as SELECT on it fails in SQL Server: "Divide by zero error encountered"), and so does
 * the view reading it. Re-running the failed ones goes through Tester → Rebuilder → Evaluator for those two only;
 * the owner's edit rebuilds and re-compares them and lands in the project and the report; decisions change the
 * outcome without a rebuild; new expected results re-evaluate. Every mutation is the owner's alone and refused
 * while the migration is queued or running.
 */

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let owner: string;
let stranger: string;
let migrationId: string;
let stop: () => Promise<void>;

async function artifact<T>(kind: "plan" | "translations" | "report"): Promise<T> {
  const rows = await t.db
    .select({ kind: migrationArtifacts.kind, data: migrationArtifacts.data })
    .from(migrationArtifacts)
    .where(eq(migrationArtifacts.migrationId, migrationId));
  return rows.find((r) => r.kind === kind)!.data as T;
}
const statusOf = async (object: string) =>
  (await artifact<MigrationReport>("report")).objects.find((o) => o.object === object)?.status;
const keyOf = (name: string) => `dbo.${name.toLowerCase()}`;

/** The events of the latest run: everything after its re-run request. */
async function latestRunEvents() {
  const events = await eventsOf(t.sql, migrationId);
  const start = events.findLastIndex((e) => e.kind === RERUN_KIND);
  return events.slice(start + 1);
}

beforeAll(async () => {
  t = await createTestDatabase();
  owner = await createOwner(t.db);
  stranger = await createOwner(t.db);
  const runner = await createTestRunner({ db: t.db, sql: t.sql, url: t.url, adminUrl: t.adminUrl });
  const worker = startTestWorker(t.sql, {
    workerId: "fix-objects",
    handle: runner.handle,
    pollIntervalMs: 100,
    leaseMs: 10_000,
  });
  stop = async () => {
    await worker.drain();
    await runner.end();
  };
  const created = await createMigration(t.db, owner, {
    name: "ratios",
    source: { kind: "paste", sql: FIX_ONE_OBJECT_SCRIPT },
    target: "postgres",
    options: {},
  });
  migrationId = created.id;
  const done = await waitForMigration(t.db, migrationId, 120_000);
  expect(done.status, done.error ?? "").toBe("completed_with_issues");
}, 180_000);
afterAll(async () => {
  await stop?.();
  await t?.drop();
});

describe("fixing one object", () => {
  it("starts from a run in which the dividing view and the view reading it failed, and the other objects passed", async () => {
    expect(await statusOf("[dbo].[Ratios]")).toBe("failed");
    expect(await statusOf("[dbo].[RatioIds]")).toBe("failed");
    expect(await statusOf("[dbo].[AllReadings]")).toBe("executed");
    // Dynamic SQL cannot be translated faithfully: a person decides.
    expect(await statusOf("[dbo].[ReadAny]")).toBe("needs_review");
  });

  it("answers another user's migration as missing, for every change", async () => {
    expect(await rerunObjects(t.db, stranger, { id: migrationId })).toBeNull();
    expect(
      await decideObject(t.db, stranger, { id: migrationId, key: keyOf("Ratios"), decision: "out_of_scope", note: "" }),
    ).toBeNull();
    expect(await editModel(t.db, stranger, { id: migrationId, key: keyOf("Ratios"), sql: "select 1 as x" })).toBeNull();
    expect(await getHistory(t.db, stranger, migrationId)).toBeNull();
  });

  it("re-runs only the failed objects and their dependants through Tester, Rebuilder and Evaluator, keeping the first run in the history", async () => {
    const plan = await artifact<Plan>("plan");
    const modelOf = (name: string) => plan.models.find((m) => m.key === keyOf(name))!.name;
    const queued = await rerunObjects(t.db, owner, { id: migrationId });
    // Every object that did not pass: the two failures and the one that needs review.
    const failedOnes = [modelOf("RatioIds"), modelOf("Ratios"), modelOf("ReadAny")].sort();
    expect(queued!.models.sort()).toEqual(failedOnes);
    // Refused while it is queued, with the reason.
    await expect(rerunObjects(t.db, owner, { id: migrationId })).rejects.toThrow(/queued: wait until it ends/);
    await expect(
      decideObject(t.db, owner, { id: migrationId, key: keyOf("Ratios"), decision: "out_of_scope", note: "" }),
    ).rejects.toThrow(MigrationStateError);
    const done = await waitForMigration(t.db, migrationId, 120_000);
    expect(done.status).toBe("completed_with_issues");

    const events = await latestRunEvents();
    const agents = new Set(events.filter((e) => e.kind === "step_started").map((e) => e.agent));
    expect(agents.has("assessment") || agents.has("planner") || agents.has("executor")).toBe(false);
    expect(agents.has("tester") && agents.has("evaluator")).toBe(true);
    // Only the two failed views were built and reported by the Tester this time (AllReadings kept its result).
    const testerObjects = new Set(
      events.filter((e) => e.agent === "tester" && e.kind === "object" && e.object).map((e) => e.object),
    );
    expect(testerObjects).toEqual(new Set(failedOnes));
    expect(await statusOf("[dbo].[AllReadings]")).toBe("executed");
    // The dashboard's timeline says so: the first three agents were not needed for this run.
    const overview = (await getOverview(t.db, owner, migrationId))!;
    expect(overview.timeline.filter((s) => s.state === "skipped").map((s) => s.agent)).toEqual(
      expect.arrayContaining(["assessment", "planner", "executor"]),
    );
    expect(overview.timeline.find((s) => s.agent === "tester")!.state).toBe("done");

    const history = (await getHistory(t.db, owner, migrationId))!;
    expect(history.runs.map((r) => [r.number, r.kind, r.status])).toEqual([
      [2, "failed", "completed_with_issues"],
      [1, "full", "completed_with_issues"],
    ]);
    expect(history.runs[0]!.models.sort()).toEqual(failedOnes);
    expect(history.runs[0]!.summary).toMatchObject({ failed: 2 });
  }, 180_000);

  it("refuses model SQL that reaches beyond the model, and rebuilds an edited model with its dependant, keeping the edit in the project and the report", async () => {
    await expect(
      editModel(t.db, owner, {
        id: migrationId,
        key: keyOf("Ratios"),
        sql: "select '{{ env_var(\"DATABASE_URL\") }}' as x",
      }),
    ).rejects.toThrow(/not allowed/);
    await expect(
      editModel(t.db, owner, {
        id: migrationId,
        key: keyOf("Ratios"),
        sql: "{{ config(post_hook='drop table x') }} select 1 as x",
      }),
    ).rejects.toThrow(/post_hook/);
    await expect(
      editModel(t.db, owner, {
        id: migrationId,
        key: keyOf("Ratios"),
        sql: `select 1 as x -- ${"y".repeat(300 * 1024)}`,
      }),
    ).rejects.toThrow(/larger than/);

    const plan = await artifact<Plan>("plan");
    const ratios = plan.models.find((m) => m.key === keyOf("Ratios"))!;
    const translated = (await artifact<Translation[]>("translations")).find((tr) => tr.model === ratios.name)!.sql;
    // The owner's fix: NULL where SQL Server would have raised (their decision, in their words).
    const edited = translated.replace(/\/\s*([\w."]+)/, "/ nullif($1, 0)");
    expect(edited).not.toBe(translated);
    await editModel(t.db, owner, { id: migrationId, key: keyOf("Ratios"), sql: edited });
    const done = await waitForMigration(t.db, migrationId, 120_000);
    // Amber only for the procedure that still needs review.
    expect(done.status, done.error ?? "").toBe("completed_with_issues");
    expect(done.summary).toMatchObject({ failed: 0, needs_review: 1 });
    expect(await statusOf("[dbo].[Ratios]")).toBe("executed");
    expect(await statusOf("[dbo].[RatioIds]")).toBe("executed");

    const outcome = await outcomeOf(t.db, migrationId);
    expect(outcome.files[ratios.path]).toContain("nullif(");
    const history = (await getHistory(t.db, owner, migrationId))!;
    expect(history.edits).toMatchObject([
      { model: ratios.name, editedBy: expect.stringMatching(/^owner-.*@example\.com$/) },
    ]);
    expect(history.runs[0]).toMatchObject({ kind: "edit", reason: expect.stringContaining("edited by owner-") });
  }, 180_000);

  it("counts an object put out of scope apart: the outcome turns green without a rebuild, and amber again when the decision is taken back", async () => {
    // Put the dividing view back to failing, then decide on the two failures.
    await editModel(t.db, owner, {
      id: migrationId,
      key: keyOf("Ratios"),
      sql: (await artifact<Translation[]>("translations"))
        .find((tr) => tr.model.includes("ratios"))!
        .sql.replace(/nullif\(([^,]+), 0\)/, "$1"),
    });
    expect((await waitForMigration(t.db, migrationId, 120_000)).status).toBe("completed_with_issues");
    await expect(
      decideObject(t.db, owner, { id: migrationId, key: keyOf("Ratios"), decision: "accepted", note: "fine" }),
    ).rejects.toThrow(/only an object that needs review can be accepted/);
    await expect(
      decideObject(t.db, owner, { id: migrationId, key: keyOf("AllReadings"), decision: "out_of_scope", note: "" }),
    ).rejects.toThrow(/only an object that did not pass/);

    // The API's input schema: accepting needs a reason.
    expect(() =>
      ZDecideObject.parse({ id: migrationId, key: keyOf("ReadAny"), decision: "accepted", note: " " }),
    ).toThrow(/a note is required/);
    await decideObject(t.db, owner, {
      id: migrationId,
      key: keyOf("ReadAny"),
      decision: "accepted",
      note: "rewritten by hand in the app layer",
    });
    await decideObject(t.db, owner, {
      id: migrationId,
      key: keyOf("Ratios"),
      decision: "out_of_scope",
      note: "retired report",
    });
    const half = await decideObject(t.db, owner, {
      id: migrationId,
      key: keyOf("RatioIds"),
      decision: "out_of_scope",
      note: "",
    });
    expect(half).toMatchObject({
      status: "succeeded",
      summary: { failed: 0, needs_review: 0, decided: { accepted: 1, out_of_scope: 2 } },
    });
    const [row] = await t.db
      .select({ status: migrations.status })
      .from(migrations)
      .where(eq(migrations.id, migrationId));
    expect(row!.status).toBe("succeeded");

    const back = await decideObject(t.db, owner, { id: migrationId, key: keyOf("RatioIds"), decision: null, note: "" });
    expect(back).toMatchObject({
      status: "completed_with_issues",
      summary: { failed: 1, decided: { out_of_scope: 1 } },
    });
    const history = (await getHistory(t.db, owner, migrationId))!;
    expect(history.decisions).toMatchObject([
      { key: keyOf("Ratios"), decision: "out_of_scope", note: "retired report" },
      {
        key: keyOf("ReadAny"),
        decision: "accepted",
        note: "rewritten by hand in the app layer",
        decidedBy: expect.stringMatching(/^owner-/),
      },
    ]);
  }, 180_000);

  it("attaches expected results, checked as at creation, and re-evaluates: the view they name is validated", async () => {
    const zip = (files: Record<string, string>) =>
      Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])))).toString(
        "base64",
      );
    await expect(
      attachExpected(t.db, owner, {
        id: migrationId,
        expected: { filename: "bad.zip", contentBase64: zip({ "x.txt": "no manifest" }) },
      }),
    ).rejects.toThrow(UploadError);
    await attachExpected(t.db, owner, {
      id: migrationId,
      expected: {
        filename: "expected.zip",
        contentBase64: zip({
          "expected/manifest.json": JSON.stringify({
            objects: [{ object: "dbo.AllReadings", kind: "view", file: "all_readings.csv", rows: 3 }],
          }),
          "expected/all_readings.csv": "ReadingId,Amount\n1,10\n2,0\n3,5\n",
        }),
      },
    });
    const done = await waitForMigration(t.db, migrationId, 120_000);
    // Ratios is still out of scope; RatioIds (its decision taken back) still fails.
    expect(done.status, done.error ?? "").toBe("completed_with_issues");
    expect(done.summary).toMatchObject({
      validated: 1,
      failed: 1,
      needs_review: 0,
      decided: { accepted: 1, out_of_scope: 1 },
    });
    expect(await statusOf("[dbo].[AllReadings]")).toBe("validated");
    const history = (await getHistory(t.db, owner, migrationId))!;
    expect(history.runs[0]).toMatchObject({
      kind: "expected",
      reason: expect.stringContaining("expected results attached"),
    });
  }, 180_000);
});
