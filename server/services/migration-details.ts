import { and, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { objectKey } from "~/agents/catalog/schema";
import type { Assessment, Comparison, Evaluation, MigrationReport, ModelRun, ObjectStatus, Plan, PlannedModel, ReportEntry, Translation } from "~/agents/core/contracts";
import { RERUN_KIND } from "~/agents/events/kinds";
import type { RepairRecord } from "~/agents/engine/steps";
import { parseObjectName } from "~/agents/evaluate/expected";
import type { CatalogArtifact } from "~/agents/worker/artifacts";
import type { Database } from "~/db/client";
import { llmCalls, migrationArtifacts, migrationEvents, migrationOutputs, migrations, type ArtifactKind } from "~/db/schema";
import { getMigration, ZMigrationId } from "./migrations";
import { summarizeAssessment } from "./preview";

/**
 * What the migration detail page reads, built from the artifacts the worker publishes as the graph advances
 * (migration_artifacts), its events and its LLM calls. Every function first checks that the migration is the
 * user's (null otherwise, which the router turns into NOT_FOUND), then reads by migration id.
 */

export const ZObjectRef = ZMigrationId.extend({ key: z.string().min(1, "Object key is required").max(500) }).strict();

/** The six agents, in order, as the timeline shows them (ingest and report are folded into their neighbours). */
export const AGENTS = ["assessment", "planner", "executor", "tester", "rebuilder", "evaluator"] as const;
export type AgentState = "pending" | "running" | "done" | "skipped" | "stopped";

type EvaluationArtifact = { runs: ModelRun[]; evaluations: Evaluation[]; warnings?: string[] };

async function owned(db: Database, userId: string, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: migrations.id })
    .from(migrations)
    .where(and(eq(migrations.id, id), eq(migrations.userId, userId)));
  return !!row;
}

type Artifacts = {
  catalog?: CatalogArtifact;
  assessment?: Assessment;
  plan?: Plan;
  translations?: Translation[];
  runs?: ModelRun[];
  repairs?: RepairRecord[];
  evaluation?: EvaluationArtifact;
  report?: MigrationReport;
};

async function loadArtifacts(db: Database, id: string, kinds: ArtifactKind[]): Promise<Artifacts> {
  const rows = await db
    .select({ kind: migrationArtifacts.kind, data: migrationArtifacts.data })
    .from(migrationArtifacts)
    .where(and(eq(migrationArtifacts.migrationId, id), inArray(migrationArtifacts.kind, kinds)));
  return Object.fromEntries(rows.map((r) => [r.kind, r.data])) as Artifacts;
}

// ---------------------------------------------------------------------------------------------------------------
// Overview: the migration, its timeline, its latest events, what has been produced so far.

export async function getOverview(db: Database, userId: string, id: string) {
  const migration = await getMigration(db, userId, id);
  if (!migration) return null;

  const since = sql`coalesce((select max(id) from migration_events where migration_id = ${id} and kind = ${RERUN_KIND}), 0)`;
  // Ingest is the first part of the Assessment and the report the last part of the Evaluator, as the user sees it.
  const agent = sql<string>`case ${migrationEvents.agent} when 'ingest' then 'assessment' when 'report' then 'evaluator' else ${migrationEvents.agent} end`;
  const steps = await db
    .select({
      agent,
      starts: sql<number>`count(*) filter (where ${migrationEvents.kind} = 'step_started' and ${migrationEvents.agent} not in ('ingest', 'report'))`.mapWith(Number),
      anyStart: sql<number>`count(*) filter (where ${migrationEvents.kind} = 'step_started')`.mapWith(Number),
      lastStartedId: sql<number>`coalesce(max(${migrationEvents.id}) filter (where ${migrationEvents.kind} = 'step_started'), 0)`.mapWith(Number),
      lastFinishedId: sql<number>`coalesce(max(${migrationEvents.id}) filter (where ${migrationEvents.kind} = 'step_finished'), 0)`.mapWith(Number),
      startedAt: sql<string | null>`min(${migrationEvents.createdAt}) filter (where ${migrationEvents.kind} = 'step_started')`,
      finishedAt: sql<string | null>`max(${migrationEvents.createdAt}) filter (where ${migrationEvents.kind} = 'step_finished')`,
      objects: sql<number>`count(*) filter (where ${migrationEvents.kind} = 'object' and ${migrationEvents.agent} not in ('ingest', 'report'))`.mapWith(Number),
      warnings: sql<number>`count(*) filter (where ${migrationEvents.kind} = 'warning')`.mapWith(Number),
      lastMessage: sql<string>`(array_agg(${migrationEvents.message} order by ${migrationEvents.id} desc))[1]`,
      lastId: sql<number>`max(${migrationEvents.id})`.mapWith(Number),
    })
    .from(migrationEvents)
    .where(and(eq(migrationEvents.migrationId, id), gt(migrationEvents.id, since)))
    .groupBy(agent);

  const recentRows = await db
    .select()
    .from(migrationEvents)
    .where(and(eq(migrationEvents.migrationId, id), gt(migrationEvents.id, since)))
    .orderBy(desc(migrationEvents.id))
    .limit(25);
  const [last] = await db
    .select({ id: sql<number>`coalesce(max(${migrationEvents.id}), 0)`.mapWith(Number) })
    .from(migrationEvents)
    .where(eq(migrationEvents.migrationId, id));

  const byAgent = new Map(steps.map((s) => [s.agent, s]));
  // A re-run of some objects (server/services/fix-objects.ts) starts at the Tester: the first three agents are not run.
  const [rerun] = await db
    .select({ payload: migrationEvents.payload })
    .from(migrationEvents)
    .where(and(eq(migrationEvents.migrationId, id), eq(migrationEvents.kind, RERUN_KIND)))
    .orderBy(desc(migrationEvents.id))
    .limit(1);
  const scoped = Array.isArray((rerun?.payload as { models?: unknown } | null)?.models);
  const running = migration.status === "running";
  const latestStepEvent = Math.max(0, ...steps.filter((s) => s.agent !== "worker").map((s) => s.lastId));
  const evaluatorStarted = (byAgent.get("evaluator")?.anyStart ?? 0) > 0 || migration.status === "succeeded" || migration.status === "completed_with_issues";
  const timeline = AGENTS.map((name) => {
    const step = byAgent.get(name);
    let state: AgentState = "pending";
    if (scoped && (name === "assessment" || name === "planner" || name === "executor")) {
      state = "skipped"; // kept from the earlier run (re-reading the source, which the worker does, is not assessing it)
    } else if (step && step.anyStart > 0) {
      if (step.lastFinishedId >= step.lastStartedId) state = "done";
      else if (!running) state = "stopped";
      // A later step has started: this one finished its work (tester rounds alternate with the rebuilder).
      else state = step.lastId === latestStepEvent ? "running" : "done";
    } else if (name === "rebuilder" && evaluatorStarted) {
      state = "skipped"; // every model built the first time: nothing to repair
    }
    return {
      agent: name,
      state,
      /** How many times it ran (the Tester and the Rebuilder alternate in repair rounds). */
      rounds: step?.starts ?? 0,
      objects: step?.objects ?? 0,
      warnings: step?.warnings ?? 0,
      message: step?.lastMessage ?? null,
      startedAt: iso(step?.startedAt ?? null),
      finishedAt: state === "done" ? iso(step?.finishedAt ?? null) : null,
    };
  });
  // Between two steps of a running migration (the checkpoint written, the next node starting) the next one is at work.
  if (running && !timeline.some((t) => t.state === "running")) {
    const next = timeline.find((t) => t.state === "pending");
    if (next) next.state = "running";
  }
  const current = timeline.find((t) => t.state === "running")?.agent ?? null;

  const artifactRows = await db
    .select({ kind: migrationArtifacts.kind, updatedAt: migrationArtifacts.updatedAt })
    .from(migrationArtifacts)
    .where(eq(migrationArtifacts.migrationId, id));
  const [outputs] = await db
    .select({ createdAt: migrationOutputs.createdAt, zipBytes: sql<number>`octet_length(${migrationOutputs.projectZip})`.mapWith(Number) })
    .from(migrationOutputs)
    .where(eq(migrationOutputs.migrationId, id));

  return {
    migration,
    timeline,
    currentAgent: current,
    /** Stream events after this id (GET /api/migrations/:id/events?lastEventId=…). */
    lastEventId: last?.id ?? 0,
    recentEvents: recentRows.map((e) => ({
      id: e.id,
      agent: e.agent,
      object: e.object,
      kind: e.kind,
      message: e.message,
      createdAt: e.createdAt.toISOString(),
    })),
    artifacts: Object.fromEntries(artifactRows.map((a) => [a.kind, a.updatedAt.toISOString()])) as Partial<Record<ArtifactKind, string>>,
    /** Changes whenever any artifact does: the page refetches objects, lineage and assessment when it moves. */
    artifactsVersion: artifactRows.map((a) => `${a.kind}@${a.updatedAt.getTime()}`).sort().join(","),
    outputs: outputs ? { createdAt: outputs.createdAt.toISOString(), zipBytes: outputs.zipBytes } : null,
  };
}

function iso(value: string | Date | null): string | null {
  if (!value) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

// ---------------------------------------------------------------------------------------------------------------
// Objects: one row per source object, final once the report exists, provisional before.

/** Where an object is before the report gives its final status. */
export type ObjectStage = "assessed" | "planned" | "translated" | "built" | "build failed" | "reported";

type ObjectIndex = ReturnType<typeof indexArtifacts>;

function indexArtifacts(a: Artifacts) {
  const models = new Map<string, PlannedModel>((a.plan?.models ?? []).map((m) => [m.key, m]));
  const modelsByName = new Map<string, PlannedModel>((a.plan?.models ?? []).map((m) => [m.name, m]));
  const translations = new Map((a.translations ?? []).map((t) => [t.key, t]));
  // The Evaluator's build is the last word; before it, the Tester's latest.
  const runs = new Map((a.evaluation?.runs ?? a.runs ?? []).map((r) => [r.model, r]));
  const report = new Map<string, ReportEntry>();
  for (const entry of a.report?.objects ?? []) {
    const key = (entry.model && modelsByName.get(entry.model)?.key) ?? keyOf(entry.object);
    report.set(key, entry);
  }
  const evaluations = new Map<string, Evaluation[]>();
  for (const e of a.evaluation?.evaluations ?? []) evaluations.set(e.model, [...(evaluations.get(e.model) ?? []), e]);
  const repairs = new Map<string, RepairRecord[]>();
  for (const r of a.repairs ?? []) repairs.set(r.model, [...(repairs.get(r.model) ?? []), r]);
  return { models, modelsByName, translations, runs, report, evaluations, repairs };
}

function keyOf(object: string) {
  const { schema, name } = parseObjectName(object);
  return objectKey(schema, name);
}

function rowFor(
  key: string,
  base: { kind: string; schema: string; name: string; handling: string | null; constructs: string[] },
  index: ObjectIndex,
) {
  const model = index.models.get(key) ?? null;
  const translation = index.translations.get(key) ?? null;
  const run = model ? (index.runs.get(model.name) ?? null) : null;
  const entry = index.report.get(key) ?? null;
  const evaluations = model ? (index.evaluations.get(model.name) ?? []) : [];
  let stage: ObjectStage = "assessed";
  if (model) stage = "planned";
  if (translation) stage = "translated";
  if (run) stage = run.ok ? "built" : "build failed";
  if (entry) stage = "reported";
  const comparison: Comparison | null = entry?.comparison ?? (evaluations.length === 1 ? evaluations[0]!.comparison : null);
  return {
    key,
    object: entry?.object ?? `[${base.schema}].[${base.name}]`,
    kind: base.kind,
    handling: base.handling,
    model: model?.name ?? entry?.model ?? null,
    layer: model?.layer ?? null,
    path: model?.path ?? entry?.path ?? null,
    status: (entry?.status ?? null) as ObjectStatus | null,
    stage,
    reason: entry?.reason ?? (run && !run.ok ? (run.error ?? null) : translation?.status === "needs_review" ? (translation.issues[0]?.message ?? null) : null),
    translatedBy: translation?.by ?? null,
    attempts: entry?.attempts ?? (model ? (run ? 1 : 0) + (index.repairs.get(model.name)?.length ?? 0) : 0),
    rows: entry?.rows ?? run?.rows ?? null,
    comparison,
    constructs: entry?.constructs ?? base.constructs,
  };
}
export type ObjectRow = ReturnType<typeof rowFor>;

export async function listObjects(db: Database, userId: string, id: string) {
  if (!(await owned(db, userId, id))) return null;
  const a = await loadArtifacts(db, id, ["assessment", "plan", "translations", "runs", "repairs", "evaluation", "report"]);
  const index = indexArtifacts(a);
  let rows: ObjectRow[];
  if (a.assessment) {
    const byKey = new Map(a.assessment.objects.map((o) => [o.key, o]));
    const ordered = [...a.assessment.order.filter((k) => byKey.has(k)), ...a.assessment.objects.map((o) => o.key).filter((k) => !a.assessment!.order.includes(k))];
    rows = ordered.map((key) => {
      const o = byKey.get(key)!;
      return rowFor(key, { kind: o.kind, schema: o.schema, name: o.name, handling: o.handling, constructs: o.constructs }, index);
    });
  } else {
    rows = (a.report?.objects ?? []).map((entry) => {
      const { schema, name } = parseObjectName(entry.object);
      return rowFor(keyOf(entry.object), { kind: entry.kind, schema, name, handling: null, constructs: entry.constructs }, index);
    });
  }
  // The list shows each diff's counts; its rows side by side are the object view's (they can be many).
  return { final: !!a.report, objects: rows.map((row) => ({ ...row, comparison: row.comparison && withoutDiffRows(row.comparison) })) };
}

function withoutDiffRows(comparison: Comparison): Comparison {
  return comparison.details ? { ...comparison, details: { ...comparison.details, rows: [], truncated: comparison.details.rows.length > 0 } } : comparison;
}

// ---------------------------------------------------------------------------------------------------------------
// One object: the original T-SQL next to the dbt SQL, and everything that happened to it.

export async function getObject(db: Database, userId: string, id: string, key: string) {
  if (!(await owned(db, userId, id))) return null;
  const a = await loadArtifacts(db, id, ["catalog", "assessment", "plan", "translations", "runs", "repairs", "evaluation", "report"]);
  const index = indexArtifacts(a);
  const assessed = a.assessment?.objects.find((o) => o.key === key) ?? null;
  const source = a.catalog ? findSource(a.catalog, key) : null;
  const entry = index.report.get(key) ?? null;
  if (!assessed && !source && !entry) return { found: false as const, key };

  const base = assessed ?? {
    kind: entry?.kind ?? source?.kind ?? "object",
    schema: source?.schema ?? parseObjectName(entry?.object ?? key).schema,
    name: source?.name ?? parseObjectName(entry?.object ?? key).name,
    handling: null,
    constructs: entry?.constructs ?? [],
  };
  const row = rowFor(key, { kind: base.kind, schema: base.schema, name: base.name, handling: base.handling ?? null, constructs: base.constructs }, index);
  const model = index.models.get(key) ?? null;
  const translation = index.translations.get(key) ?? null;
  const run = model ? (index.runs.get(model.name) ?? null) : null;
  const calls = await db
    .select()
    .from(llmCalls)
    .where(and(eq(llmCalls.migrationId, id), eq(llmCalls.object, key)))
    .orderBy(llmCalls.id)
    .limit(200);
  const dependents = (a.plan?.models ?? []).filter((m) => model && m.dependsOn.includes(model.name)).map((m) => ({ model: m.name, key: m.key }));
  const upstream = (model?.dependsOn ?? []).map((name) => ({ model: name, key: index.modelsByName.get(name)?.key ?? null }));

  return {
    found: true as const,
    ...row,
    source: source && {
      /** The T-SQL as written (tables: reconstructed from the catalog, there is no CREATE TABLE text kept). */
      tsql: source.tsql,
      reconstructed: source.reconstructed,
      file: source.location?.file ?? null,
      line: source.location?.line ?? null,
    },
    assessment: assessed && { handling: assessed.handling, complexity: assessed.complexity, reasons: assessed.reasons, dependsOn: assessed.dependsOn },
    plan: model && { path: model.path, layer: model.layer, materialized: model.materialized, vars: model.vars },
    translation: translation && { sql: translation.sql, status: translation.status, issues: translation.issues, by: translation.by },
    run: run && { ok: run.ok, error: run.error ?? null, compiledSql: run.compiledSql ?? null, rows: run.rows ?? null, tests: run.tests, builtBy: run.builtBy ?? null },
    evaluations: model ? (index.evaluations.get(model.name) ?? []).map((e) => ({ source: e.source, params: e.params, comparison: e.comparison })) : [],
    repairs: model ? (index.repairs.get(model.name) ?? []) : [],
    upstream,
    dependents,
    llmCalls: calls.map(toCallDto),
  };
}

function findSource(catalog: CatalogArtifact, key: string) {
  const match = <T extends { schema: string; name: string }>(list: T[]) => list.find((o) => objectKey(o.schema, o.name) === key);
  const table = match(catalog.tables);
  if (table) return { kind: "table", schema: table.schema, name: table.name, location: table.location, tsql: tableDdl(table), reconstructed: true };
  for (const [kind, list] of [
    ["view", catalog.views],
    ["procedure", catalog.procedures],
    ["function", catalog.functions],
    ["trigger", catalog.triggers],
  ] as const) {
    const found = match(list as { schema: string; name: string; definition: string; location?: { file: string; line: number } }[]);
    if (found) return { kind, schema: found.schema, name: found.name, location: found.location, tsql: found.definition, reconstructed: false };
  }
  return null;
}

type TableShape = CatalogArtifact["tables"][number];

const bracket = (name: string) => `[${name.replaceAll("]", "]]")}]`;

/** A CREATE TABLE equivalent to the catalog's table (the ingest keeps columns and keys, not the statement's text). */
export function tableDdl(table: TableShape): string {
  const type = (t: TableShape["columns"][number]["type"]) =>
    t.length !== undefined ? `${t.name}(${t.length})` : t.precision !== undefined && t.scale !== undefined ? `${t.name}(${t.precision}, ${t.scale})` : t.precision !== undefined ? `${t.name}(${t.precision})` : t.scale !== undefined ? `${t.name}(${t.scale})` : t.name;
  const lines = table.columns.map((c) => {
    if (c.computed) return `    ${bracket(c.name)} AS ${c.computed}`;
    let line = `    ${bracket(c.name)} ${type(c.type)}`;
    if (c.identity) line += ` IDENTITY(${c.identity.seed}, ${c.identity.increment})`;
    line += c.nullable ? " NULL" : " NOT NULL";
    if (c.default) line += ` DEFAULT ${c.default}`;
    return line;
  });
  if (table.primaryKey) {
    lines.push(`    ${table.primaryKey.name ? `CONSTRAINT ${bracket(table.primaryKey.name)} ` : ""}PRIMARY KEY (${table.primaryKey.columns.map(bracket).join(", ")})`);
  }
  for (const u of table.uniqueConstraints) lines.push(`    ${u.name ? `CONSTRAINT ${bracket(u.name)} ` : ""}UNIQUE (${u.columns.map(bracket).join(", ")})`);
  for (const fk of table.foreignKeys) {
    lines.push(
      `    ${fk.name ? `CONSTRAINT ${bracket(fk.name)} ` : ""}FOREIGN KEY (${fk.columns.map(bracket).join(", ")}) REFERENCES ${bracket(fk.references.schema)}.${bracket(fk.references.table)} (${fk.references.columns.map(bracket).join(", ")})`,
    );
  }
  for (const check of table.checks) lines.push(`    ${check.name ? `CONSTRAINT ${bracket(check.name)} ` : ""}CHECK ${check.expression}`);
  return `CREATE TABLE ${bracket(table.schema)}.${bracket(table.name)} (\n${lines.join(",\n")}\n);\n-- ${table.rows} row(s) of data in the source`;
}

// ---------------------------------------------------------------------------------------------------------------
// Lineage: sources → staging → intermediate → marts, as nodes and edges for a DAG.

export async function getLineage(db: Database, userId: string, id: string) {
  if (!(await owned(db, userId, id))) return null;
  const a = await loadArtifacts(db, id, ["plan", "translations", "runs", "evaluation", "report", "repairs"]);
  if (!a.plan) return { ready: false as const, nodes: [], edges: [] };
  const index = indexArtifacts(a);
  type Node = { id: string; label: string; type: "source" | "model"; layer: string; kind: string | null; key: string | null; status: string | null; stage: string | null };
  const nodes: Node[] = [];
  const edges: { id: string; source: string; target: string }[] = [];
  const sourceIds = new Map<string, string>();
  for (const source of a.plan.sources) {
    for (const table of source.tables) {
      const nodeId = `source:${source.name}.${table}`;
      sourceIds.set(objectKey(source.schema, table), nodeId);
      nodes.push({ id: nodeId, label: `${source.name}.${table}`, type: "source", layer: "source", kind: "table", key: objectKey(source.schema, table), status: null, stage: null });
    }
  }
  const modelNames = new Set(a.plan.models.map((m) => m.name));
  for (const model of a.plan.models) {
    const row = rowFor(model.key, { kind: model.kind, schema: "", name: model.name, handling: null, constructs: [] }, index);
    nodes.push({ id: model.name, label: model.name, type: "model", layer: model.layer, kind: model.kind, key: model.key, status: row.status, stage: row.stage });
    const source = model.kind === "table" ? sourceIds.get(model.key) : undefined;
    if (source) edges.push({ id: `${source}->${model.name}`, source, target: model.name });
    for (const upstream of model.dependsOn) {
      if (modelNames.has(upstream)) edges.push({ id: `${upstream}->${model.name}`, source: upstream, target: model.name });
    }
  }
  return { ready: true as const, nodes, edges };
}

// ---------------------------------------------------------------------------------------------------------------
// Assessment report and LLM calls.

export async function getAssessment(db: Database, userId: string, id: string) {
  if (!(await owned(db, userId, id))) return null;
  const a = await loadArtifacts(db, id, ["assessment", "catalog"]);
  if (!a.assessment || !a.catalog) return { ready: false as const };
  return { ready: true as const, summary: summarizeAssessment(a.assessment, a.catalog) };
}

function toCallDto(call: typeof llmCalls.$inferSelect) {
  return {
    id: call.id,
    agent: call.agent,
    object: call.object,
    model: call.model,
    inputTokens: call.inputTokens,
    outputTokens: call.outputTokens,
    costUsd: call.costUsd,
    latencyMs: call.latencyMs,
    outcome: call.outcome,
    error: call.error,
    createdAt: call.createdAt.toISOString(),
  };
}

export async function listLlmCalls(db: Database, userId: string, id: string) {
  if (!(await owned(db, userId, id))) return null;
  const [totals] = await db
    .select({
      calls: sql<number>`count(*)`.mapWith(Number),
      inputTokens: sql<number>`coalesce(sum(${llmCalls.inputTokens}), 0)`.mapWith(Number),
      outputTokens: sql<number>`coalesce(sum(${llmCalls.outputTokens}), 0)`.mapWith(Number),
      costUsd: sql<number>`coalesce(sum(${llmCalls.costUsd}), 0)::float8`.mapWith(Number),
      ok: sql<number>`count(*) filter (where ${llmCalls.outcome} = 'ok')`.mapWith(Number),
    })
    .from(llmCalls)
    .where(eq(llmCalls.migrationId, id));
  const calls = await db.select().from(llmCalls).where(eq(llmCalls.migrationId, id)).orderBy(desc(llmCalls.id)).limit(500);
  return { totals: totals!, calls: calls.map(toCallDto) };
}

// ---------------------------------------------------------------------------------------------------------------
// Account: the user's migrations in numbers.

export async function accountStats(db: Database, userId: string) {
  const byStatus = await db
    .select({ status: migrations.status, count: sql<number>`count(*)`.mapWith(Number) })
    .from(migrations)
    .where(eq(migrations.userId, userId))
    .groupBy(migrations.status);
  const [totals] = await db
    .select({
      validated: sql<number>`coalesce(sum((${migrations.summary}->>'validated')::int), 0)`.mapWith(Number),
      objects: sql<number>`coalesce(sum((${migrations.summary}->>'total')::int), 0)`.mapWith(Number),
      // Views, procedures and functions apart from source tables (which are at best loaded). A summary written
      // before the split has no groups: all its objects count as programmable, as they were counted then.
      programmable: sql<number>`coalesce(sum(coalesce((${migrations.summary}->'programmable'->>'total')::int, (${migrations.summary}->>'total')::int)), 0)`.mapWith(Number),
      tables: sql<number>`coalesce(sum((${migrations.summary}->'tables'->>'total')::int), 0)`.mapWith(Number),
      loaded: sql<number>`coalesce(sum((${migrations.summary}->>'loaded')::int), 0)`.mapWith(Number),
      llmCostUsd: sql<number>`coalesce((select sum(c.cost_usd) from llm_calls c join migrations m on m.id = c.migration_id where m.user_id = ${userId}), 0)::float8`.mapWith(Number),
    })
    .from(migrations)
    .where(eq(migrations.userId, userId));
  return {
    migrations: Object.fromEntries(byStatus.map((s) => [s.status, s.count])) as Partial<Record<(typeof migrations.status.enumValues)[number], number>>,
    total: byStatus.reduce((n, s) => n + s.count, 0),
    objectsValidated: totals!.validated,
    objectsMigrated: totals!.objects,
    programmableMigrated: totals!.programmable,
    tablesLoaded: totals!.loaded,
    tablesMigrated: totals!.tables,
    llmCostUsd: totals!.llmCostUsd,
  };
}
