import { and, eq } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zipProject } from "~/agents/dbt";
import { runPipeline, type PipelineResult } from "~/agents/graph/pipeline";
import type { EventKind } from "~/agents/core/event-kinds";
import { recordEvent } from "~/agents/events/record";
import { sampleExpectedDir, sampleScript } from "~/agents/sample";
import { catalogArtifact, saveArtifact } from "~/agents/worker/artifacts";
import { jobs, llmCalls, migrationArtifacts, migrationEvents, migrationOutputs, migrations } from "~/db/schema";
import { startTestApi, type TestApi } from "~/server/testing";
import { errorOf } from "./test-errors";

let api: TestApi;
let sample: PipelineResult;
beforeAll(async () => {
  api = await startTestApi();
  // One real run of the six agents on the sample: the artifacts below are exactly what the worker publishes.
  sample = await runPipeline(
    { kind: "script", file: "ecommerce.sql", bytes: await sampleScript() },
    { adminUrl: api.adminUrl, expectedDir: sampleExpectedDir },
  );
}, 120_000);
afterAll(() => api.stop());

type Stage = "assessed" | "tested" | "finished";

/** A sample migration of `owner` as the worker leaves it at `stage`: artifacts, events, outputs, one LLM call. */
async function seed(owner: Awaited<ReturnType<TestApi["user"]>>, stage: Stage, name = "Sample") {
  const { id } = await owner.client.migrations.create.mutate({ name, source: { kind: "sample" } });
  const s = sample.state;
  const event = (agent: string, kind: EventKind, message: string, object?: string) =>
    recordEvent(api.db, { migrationId: id, agent, kind, message, object: object ?? null });
  await event("worker", "attempt_started", "attempt 1 started");
  await event("ingest", "step_started", "reading ecommerce.sql");
  await event("ingest", "step_finished", "database ecommerce");
  await saveArtifact(api.db, id, "catalog", catalogArtifact(s.catalog));
  await event("assessment", "step_started", "assessing");
  await saveArtifact(api.db, id, "assessment", s.assessment);
  await event("assessment", "step_finished", "24 by rules");
  if (stage !== "assessed") {
    for (const agent of ["planner", "executor"]) {
      await event(agent, "step_started", `${agent} started`);
      await event(agent, "step_finished", `${agent} finished`);
    }
    await saveArtifact(api.db, id, "plan", s.plan);
    await saveArtifact(api.db, id, "translations", s.translations);
    await event("tester", "step_started", "building 24 models");
    await event("tester", "object", "built", "int_order_totals");
    await saveArtifact(api.db, id, "runs", s.testRuns[0]);
  }
  if (stage === "finished") {
    await event("tester", "step_finished", "24 of 24 models built");
    await event("evaluator", "step_started", "comparing");
    await event("evaluator", "step_finished", "26 match");
    await event("report", "step_started", "writing");
    await event("report", "step_finished", "24 validated");
    await saveArtifact(api.db, id, "evaluation", {
      runs: s.runs,
      evaluations: s.evaluations,
      placeholders: s.placeholders,
      warnings: [],
    });
    await saveArtifact(api.db, id, "report", sample.report);
    await api.db.insert(migrationOutputs).values({
      migrationId: id,
      report: sample.report,
      reportMarkdown: sample.markdown,
      projectZip: Buffer.from(zipProject(sample.files)),
    });
    await event("worker", "migration_finished", "succeeded");
    const { programmable, tables } = sample.report.summary;
    const summary = {
      total: 24,
      validated: 14,
      loaded: 10,
      mismatch: 0,
      executed: 0,
      needs_review: 0,
      failed: 0,
      programmable,
      tables,
      llmCostUsd: 0.0125,
    };
    await api.db
      .update(migrations)
      .set({ status: "succeeded", progress: 1, summary, startedAt: new Date(), finishedAt: new Date() })
      .where(eq(migrations.id, id));
    await api.db.update(jobs).set({ status: "succeeded" }).where(eq(jobs.migrationId, id));
  } else {
    await api.db
      .update(migrations)
      .set({ status: "running", progress: 0.4, startedAt: new Date() })
      .where(eq(migrations.id, id));
    await api.db.update(jobs).set({ status: "running" }).where(eq(jobs.migrationId, id));
  }
  await api.db.insert(llmCalls).values({
    migrationId: id,
    object: "dbo.usp_paymentsummary",
    agent: "executor",
    model: "claude-sonnet-4-6",
    inputTokens: 2500,
    outputTokens: 300,
    costUsd: 0.0125,
    latencyMs: 1800,
    outcome: "ok",
  });
  return id;
}

describe("migration overview: the timeline of the six agents", () => {
  it("shows the agent at work while a migration runs, and what has been produced so far", async () => {
    const owner = await api.user();
    const id = await seed(owner, "tested");
    const overview = await owner.client.migrationDetails.overview.query({ id });
    expect(overview.migration).toMatchObject({ id, status: "running", llmCostUsd: 0.0125, sourceKind: "sample" });
    expect(overview.timeline.map((t) => [t.agent, t.state])).toEqual([
      ["assessment", "done"],
      ["planner", "done"],
      ["executor", "done"],
      ["tester", "running"],
      ["rebuilder", "pending"],
      ["evaluator", "pending"],
    ]);
    expect(overview.currentAgent).toBe("tester");
    expect(overview.timeline.find((t) => t.agent === "tester")).toMatchObject({
      rounds: 1,
      objects: 1,
      message: "built",
    });
    expect(overview.recentEvents[0]).toMatchObject({ agent: "tester", kind: "object", object: "int_order_totals" });
    expect(overview.lastEventId).toBe(overview.recentEvents[0]!.id);
    expect(Object.keys(overview.artifacts).sort()).toEqual(["assessment", "catalog", "plan", "runs", "translations"]);
    expect(overview.outputs).toBeNull();
  });

  it("shows every agent done (the Rebuilder skipped: nothing failed) once the migration succeeded", async () => {
    const owner = await api.user();
    const id = await seed(owner, "finished");
    const overview = await owner.client.migrationDetails.overview.query({ id });
    expect(overview.timeline.map((t) => t.state)).toEqual(["done", "done", "done", "done", "skipped", "done"]);
    expect(overview.currentAgent).toBeNull();
    expect(overview.migration.summary).toMatchObject({
      total: 24,
      validated: 14,
      loaded: 10,
      programmable: { total: 14, validated: 14 },
      tables: { total: 10, loaded: 10 },
    });
    expect(overview.outputs?.zipBytes).toBeGreaterThan(1000);
  });

  it("shows the next agent at work between two steps, and the first one as soon as a worker starts", async () => {
    const owner = await api.user();
    const { id } = await owner.client.migrations.create.mutate({ name: "between", source: { kind: "sample" } });
    expect(
      (await owner.client.migrationDetails.overview.query({ id })).timeline.every((t) => t.state === "pending"),
    ).toBe(true);
    await api.db.update(migrations).set({ status: "running" }).where(eq(migrations.id, id));
    await recordEvent(api.db, {
      migrationId: id,
      agent: "worker",
      kind: "attempt_started",
      message: "attempt 1 started",
    });
    expect((await owner.client.migrationDetails.overview.query({ id })).currentAgent).toBe("assessment");
    for (const agent of ["ingest", "assessment"]) {
      await recordEvent(api.db, { migrationId: id, agent, kind: "step_started", message: `${agent} started` });
      await recordEvent(api.db, { migrationId: id, agent, kind: "step_finished", message: `${agent} finished` });
    }
    const overview = await owner.client.migrationDetails.overview.query({ id });
    expect(overview.timeline.slice(0, 3).map((t) => t.state)).toEqual(["done", "running", "pending"]);
    expect(overview.currentAgent).toBe("planner");
  });

  it("marks the step a stopped migration was in", async () => {
    const owner = await api.user();
    const id = await seed(owner, "tested");
    await owner.client.migrations.cancel.mutate({ id });
    const overview = await owner.client.migrationDetails.overview.query({ id });
    expect(overview.timeline.find((t) => t.agent === "tester")?.state).toBe("stopped");
    expect(overview.currentAgent).toBeNull();
  });
});

describe("objects, one object, lineage, assessment and LLM calls", () => {
  it("lists every object with its model and final status once reported", async () => {
    const owner = await api.user();
    const id = await seed(owner, "finished");
    const { final, objects } = await owner.client.migrationDetails.objects.query({ id });
    expect(final).toBe(true);
    expect(objects).toHaveLength(24);
    // Views and procedures validated against expected results; tables only loaded (their rows are the input's).
    expect(
      objects.every((o) => o.status === (o.kind === "table" ? "loaded" : "validated") && o.stage === "reported"),
    ).toBe(true);
    expect(objects.find((o) => o.key === "dbo.order totals")).toMatchObject({
      object: "[dbo].[Order Totals]",
      kind: "view",
      model: "int_order_totals",
      layer: "intermediate",
      attempts: 1,
      rows: 111,
      comparison: { status: "match", expectedRows: 111, actualRows: 111 },
    });
  });

  it("gives provisional stages while the migration runs", async () => {
    const owner = await api.user();
    const id = await seed(owner, "tested");
    const { final, objects } = await owner.client.migrationDetails.objects.query({ id });
    expect(final).toBe(false);
    expect(objects.every((o) => o.status === null)).toBe(true);
    expect(new Set(objects.map((o) => o.stage))).toEqual(new Set(["built"]));

    const early = await seed(owner, "assessed");
    expect(
      (await owner.client.migrationDetails.objects.query({ id: early })).objects.every((o) => o.stage === "assessed"),
    ).toBe(true);
  });

  it("opens one object with its T-SQL, its dbt SQL, its build and its comparison", async () => {
    const owner = await api.user();
    const id = await seed(owner, "finished");
    const view = await owner.client.migrationDetails.object.query({ id, key: "dbo.order totals" });
    if (!view.found) throw new Error("not found");
    expect(view.source).toMatchObject({ reconstructed: false, file: "ecommerce.sql" });
    expect(view.source?.tsql).toMatch(/CREATE\s+VIEW/i);
    expect(view.translation?.sql).toMatch(/ref\('stg_ecommerce__orders'\)/);
    expect(view.run).toMatchObject({ outcome: "ok", rows: 111 });
    expect(view.run?.compiledSql).toBeTruthy();
    // What built it, as the object view shows it (the sample ran without dbt here).
    expect(view.run?.builtBy).toBe("built-in compiler");
    expect(view.evaluations[0]?.comparison.status).toBe("match");
    expect(view.dependents.map((d) => d.model)).toContain("monthly_sales");
    expect(view.upstream.map((d) => d.model)).toEqual(["stg_ecommerce__orders", "stg_ecommerce__order_items"]);

    const table = await owner.client.migrationDetails.object.query({ id, key: "dbo.order items" });
    if (!table.found) throw new Error("not found");
    expect(table.source?.reconstructed).toBe(true);
    expect(table.source?.tsql).toMatch(/^CREATE TABLE \[dbo\]\.\[Order Items\] \(/);
    expect(table.source?.tsql).toMatch(/PRIMARY KEY/);

    const procedure = await owner.client.migrationDetails.object.query({ id, key: "dbo.usp_paymentsummary" });
    expect(procedure.found && procedure.llmCalls).toMatchObject([
      { agent: "executor", costUsd: 0.0125, outcome: "ok" },
    ]);

    expect(await owner.client.migrationDetails.object.query({ id, key: "dbo.nope" })).toEqual({
      found: false,
      key: "dbo.nope",
    });
    expect(await errorOf(owner.client.migrationDetails.object.query({ id, key: "" }))).toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("shows a run stored before runs had an outcome as it shows a new one, and refuses an unreadable artifact without leaking it", async () => {
    const owner = await api.user();
    const id = await seed(owner, "tested");
    const model = sample.state.plan.models.find((m) => m.key === "dbo.order totals")!.name;
    // The runs artifact as the worker wrote it before `outcome`: `ok`, and a skip said by its error's prefix.
    const legacy = sample.state.testRuns[0]!.map(({ outcome, ...run }) =>
      run.model === model
        ? { ...run, ok: false, error: "skipped: upstream model stg_ecommerce__orders failed", rows: undefined }
        : { ...run, ok: outcome === "ok" },
    );
    await saveArtifact(api.db, id, "runs", legacy);
    const view = await owner.client.migrationDetails.object.query({ id, key: "dbo.order totals" });
    if (!view.found) throw new Error("not found");
    expect(view.run).toMatchObject({
      outcome: "skipped",
      error: "skipped: upstream model stg_ecommerce__orders failed",
    });
    expect(view).toMatchObject({
      stage: "build failed",
      reason: "skipped: upstream model stg_ecommerce__orders failed",
    });

    await saveArtifact(api.db, id, "runs", [{ model, outcome: "exploded", tests: [] }]);
    expect(await errorOf(owner.client.migrationDetails.object.query({ id, key: "dbo.order totals" }))).toEqual({
      code: "INTERNAL_SERVER_ERROR",
      message: "Internal server error",
      issues: null,
    });
  });

  it("draws the lineage: a node per source table and per model, an edge per dependency", async () => {
    const owner = await api.user();
    const id = await seed(owner, "finished");
    const lineage = await owner.client.migrationDetails.lineage.query({ id });
    const tables = sample.state.plan.sources.reduce((n, s) => n + s.tables.length, 0);
    expect(lineage.nodes).toHaveLength(tables + sample.state.plan.models.length);
    expect(lineage.nodes.filter((n) => n.type === "source")).toHaveLength(10);
    const dependencies = sample.state.plan.models.reduce((n, m) => n + m.dependsOn.length, 0);
    expect(lineage.edges).toHaveLength(dependencies + 10);
    expect(lineage.edges).toContainEqual(
      expect.objectContaining({ source: "source:ecommerce.Orders", target: "stg_ecommerce__orders" }),
    );
    expect(lineage.nodes.find((n) => n.id === "int_order_totals")).toMatchObject({
      layer: "intermediate",
      status: "validated",
      key: "dbo.order totals",
    });

    const early = await seed(owner, "assessed");
    expect(await owner.client.migrationDetails.lineage.query({ id: early })).toEqual({
      ready: false,
      nodes: [],
      edges: [],
    });
  });

  it("gives the assessment report and the LLM calls with their totals", async () => {
    const owner = await api.user();
    const id = await seed(owner, "assessed");
    const assessment = await owner.client.migrationDetails.assessment.query({ id });
    if (!assessment.ready) throw new Error("not ready");
    expect(assessment.summary.counts).toEqual({ total: 24, table: 10, view: 8, procedure: 6, function: 0, trigger: 0 });
    expect(assessment.summary.handling).toEqual({ rules: 24, llm: 0, manual: 0 });
    expect(assessment.summary.constructs.length).toBeGreaterThan(3);
    expect(assessment.summary.objects.find((o) => o.key === "dbo.orders")).toMatchObject({
      file: "ecommerce.sql",
      kind: "table",
    });

    const calls = await owner.client.migrationDetails.llmCalls.query({ id });
    expect(calls.totals).toEqual({ calls: 1, inputTokens: 2500, outputTokens: 300, costUsd: 0.0125, ok: 1 });
    expect(calls.calls).toHaveLength(1);

    const fresh = await owner.client.migrations.create.mutate({ name: "queued", source: { kind: "sample" } });
    expect(await owner.client.migrationDetails.assessment.query({ id: fresh.id })).toEqual({ ready: false });
  });
});

describe("the list shows cost, counts and source, and filters by name and source", () => {
  it("carries the summary, the LLM spend and the uploaded file's name", async () => {
    const owner = await api.user();
    await seed(owner, "finished", "Finished one");
    await owner.client.migrations.create.mutate({
      name: "Pasted one",
      source: { kind: "paste", sql: "CREATE TABLE t (id int PRIMARY KEY)" },
    });
    await owner.client.migrations.create.mutate({
      name: "Uploaded one",
      source: {
        kind: "upload",
        file: { filename: "shop.sql", contentBase64: Buffer.from("CREATE TABLE t (id int)").toString("base64") },
      },
    });
    const { items } = await owner.client.migrations.list.query({});
    expect(items.map((m) => [m.name, m.sourceKind, m.sourceFilename])).toEqual([
      ["Uploaded one", "upload", "shop.sql"],
      ["Pasted one", "paste", "pasted.sql"],
      ["Finished one", "sample", null],
    ]);
    expect(items[2]).toMatchObject({ summary: { validated: 14, loaded: 10, total: 24 }, llmCostUsd: 0.0125 });

    expect((await owner.client.migrations.list.query({ search: "ONE" })).items).toHaveLength(3);
    expect((await owner.client.migrations.list.query({ search: "past" })).items.map((m) => m.name)).toEqual([
      "Pasted one",
    ]);
    expect((await owner.client.migrations.list.query({ sourceKind: "sample" })).items.map((m) => m.name)).toEqual([
      "Finished one",
    ]);
    expect((await owner.client.migrations.list.query({ search: "%" })).items).toEqual([]);
    const paged = await owner.client.migrations.list.query({ search: "one", limit: 2 });
    const next = await owner.client.migrations.list.query({ search: "one", limit: 2, cursor: paged.nextCursor! });
    expect([...paged.items, ...next.items].map((m) => m.name)).toEqual(["Uploaded one", "Pasted one", "Finished one"]);
    expect(next.nextCursor).toBeNull();
    const other = await api.user();
    expect((await other.client.migrations.list.query({ search: "one" })).items).toEqual([]);
  });

  it("counts the user's migrations for the account page", async () => {
    const owner = await api.user();
    await seed(owner, "finished");
    await owner.client.migrations.create.mutate({ name: "q", source: { kind: "sample" } });
    expect(await owner.client.migrations.stats.query()).toEqual({
      migrations: { succeeded: 1, queued: 1 },
      total: 2,
      objectsValidated: 14,
      objectsMigrated: 24,
      programmableMigrated: 14,
      tablesLoaded: 10,
      tablesMigrated: 10,
      llmCostUsd: 0.0125,
    });
  });
});

describe("re-running a finished migration", () => {
  it("forgets checkpoints, artifacts and outputs, marks a new run in the events and queues a job", async () => {
    const owner = await api.user();
    const id = await seed(owner, "finished");
    const other = await seed(owner, "finished");
    // LangGraph's tables as PostgresSaver creates them (only the columns that matter here).
    await api.sql.unsafe(`create schema if not exists langgraph;
      create table if not exists langgraph.checkpoints (thread_id text, checkpoint_id text);
      create table if not exists langgraph.checkpoint_blobs (thread_id text, channel text);
      create table if not exists langgraph.checkpoint_writes (thread_id text, task_id text)`);
    for (const thread of [id, other]) {
      await api.sql`insert into langgraph.checkpoints values (${thread}, 'c1')`;
      await api.sql`insert into langgraph.checkpoint_blobs values (${thread}, 'plan')`;
      await api.sql`insert into langgraph.checkpoint_writes values (${thread}, 't1')`;
    }

    expect(await owner.client.migrations.rerun.mutate({ id })).toMatchObject({
      status: "queued",
      progress: 0,
      finishedAt: null,
    });
    for (const table of ["checkpoints", "checkpoint_blobs", "checkpoint_writes"]) {
      const rows = await api.sql.unsafe<{ thread_id: string }[]>(`select thread_id from langgraph.${table}`);
      expect(
        rows.map((r) => r.thread_id),
        table,
      ).toEqual([other]);
    }
    expect(await api.db.select().from(migrationArtifacts).where(eq(migrationArtifacts.migrationId, id))).toEqual([]);
    expect(await api.db.select().from(migrationOutputs).where(eq(migrationOutputs.migrationId, id))).toEqual([]);
    expect(
      (await api.db.select().from(migrationArtifacts).where(eq(migrationArtifacts.migrationId, other))).length,
    ).toBe(7);
    expect(
      await api.db
        .select({ status: jobs.status })
        .from(jobs)
        .where(and(eq(jobs.migrationId, id), eq(jobs.status, "queued"))),
    ).toHaveLength(1);
    const [row] = await api.db.select().from(migrations).where(eq(migrations.id, id));
    expect(row).toMatchObject({ summary: null, error: null, startedAt: null });

    // The new run's timeline starts empty: the earlier run's events stay in the log but not in the timeline.
    const overview = await owner.client.migrationDetails.overview.query({ id });
    expect(overview.timeline.every((t) => t.state === "pending")).toBe(true);
    expect(overview.recentEvents).toEqual([]);
    const [marker] = await api.db
      .select()
      .from(migrationEvents)
      .where(and(eq(migrationEvents.migrationId, id), eq(migrationEvents.kind, "rerun_requested")));
    expect(overview.lastEventId).toBe(marker!.id);

    expect(await errorOf(owner.client.migrations.rerun.mutate({ id }))).toMatchObject({
      code: "CONFLICT",
      message: "Only a finished migration can be re-run; this one is queued",
    });
  });
});

describe("downloads: the dbt project and the report", () => {
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${api.apiUrl}${path}`, { headers });

  it("serves the zip and the report in three formats to the owner, with a file name", async () => {
    const owner = await api.user();
    const id = await seed(owner, "finished", "Shop: Q3 / final");
    const auth = { authorization: `Bearer ${owner.apiKey}` };

    const zip = await get(`/api/migrations/${id}/project.zip`, auth);
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-type")).toBe("application/zip");
    expect(zip.headers.get("content-disposition")).toContain('filename="Shop-Q3-final-dbt.zip"');
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(["dbt_project.yml", "models/intermediate/core/int_order_totals.sql"]),
    );
    expect(strFromU8(files["dbt_project.yml"]!)).toMatch(/name: /);

    const json = await get(`/api/migrations/${id}/report.json`, auth);
    expect(json.headers.get("content-disposition")).toContain("Shop-Q3-final-report.json");
    expect(await json.json()).toMatchObject({
      database: "ecommerce",
      summary: { total: 24, validated: 14, loaded: 10 },
    });

    const markdown = await get(`/api/migrations/${id}/report.md`, auth);
    expect(markdown.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(await markdown.text()).toMatch(/^# Migration report: ecommerce/);

    const html = await get(`/api/migrations/${id}/report.html`, auth);
    const page = await html.text();
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain("<title>Migration report: Shop: Q3 / final</title>");
    expect(page).toContain("[dbo].[Order Totals]");
    // The headline says what was proven: views and procedures validated, tables only loaded.
    expect(page).toContain(
      "<strong>14 of 14</strong> views, procedures and functions validated: the same data as SQL Server's expected results.",
    );
    expect(page).toContain(
      "<strong>10 of 10</strong> source tables loaded: their rows arrived, which proves no SQL Server logic.",
    );
    expect(page).not.toContain("<script");
  });

  it("answers 401 without credentials, and 404 for another user's, a missing or an unfinished migration", async () => {
    const owner = await api.user();
    const stranger = await api.user();
    const id = await seed(owner, "finished");
    const running = await seed(owner, "tested");

    expect((await get(`/api/migrations/${id}/project.zip`)).status).toBe(401);
    expect((await get(`/api/migrations/${id}/project.zip`, { authorization: "Bearer dmk_nope" })).status).toBe(401);
    for (const name of ["project.zip", "report.json", "report.md", "report.html"]) {
      const foreign = await get(`/api/migrations/${id}/${name}`, { authorization: `Bearer ${stranger.apiKey}` });
      expect(foreign.status, name).toBe(404);
      expect(await foreign.json()).toEqual({ error: { code: "NOT_FOUND", message: "Migration not found" } });
    }
    const missing = await get(`/api/migrations/00000000-0000-4000-8000-000000000000/report.json`, {
      authorization: `Bearer ${owner.apiKey}`,
    });
    expect(missing.status).toBe(404);
    expect(
      (await get(`/api/migrations/not-a-uuid/report.json`, { authorization: `Bearer ${owner.apiKey}` })).status,
    ).toBe(404);
    const unfinished = await get(`/api/migrations/${running}/project.zip`, { authorization: `Bearer ${owner.apiKey}` });
    expect(unfinished.status).toBe(404);
    expect((await unfinished.json()).error.message).toMatch(/Nothing to download yet/);
  });
});
