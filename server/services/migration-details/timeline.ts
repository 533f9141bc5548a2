import { and, desc, eq, gt, sql } from "drizzle-orm";
import { readEventBody, RERUN_KIND } from "~/agents/core/event-kinds";
import type { Database } from "~/db/client";
import { migrationArtifacts, migrationEvents, migrationOutputs, type ArtifactKind } from "~/db/schema";
import { getMigration } from "../migrations";

/** The Overview: the migration, the six agents' timeline, its latest events, what has been produced so far. */

/** The six agents, in order, as the timeline shows them (ingest and report are folded into their neighbours). */
export const AGENTS = ["assessment", "planner", "executor", "tester", "rebuilder", "evaluator"] as const;
export type AgentState = "pending" | "running" | "done" | "skipped" | "stopped";

export async function getOverview(db: Database, userId: string, id: string) {
  const migration = await getMigration(db, userId, id);
  if (!migration) return null;

  const since = sql`coalesce((select max(id) from migration_events where migration_id = ${id} and kind = ${RERUN_KIND}), 0)`;
  // Ingest is the first part of the Assessment and the report the last part of the Evaluator, as the user sees it.
  const agent = sql<string>`case ${migrationEvents.agent} when 'ingest' then 'assessment' when 'report' then 'evaluator' else ${migrationEvents.agent} end`;
  const steps = await db
    .select({
      agent,
      starts:
        sql<number>`count(*) filter (where ${migrationEvents.kind} = 'step_started' and ${migrationEvents.agent} not in ('ingest', 'report'))`.mapWith(
          Number,
        ),
      anyStart: sql<number>`count(*) filter (where ${migrationEvents.kind} = 'step_started')`.mapWith(Number),
      lastStartedId:
        sql<number>`coalesce(max(${migrationEvents.id}) filter (where ${migrationEvents.kind} = 'step_started'), 0)`.mapWith(
          Number,
        ),
      lastFinishedId:
        sql<number>`coalesce(max(${migrationEvents.id}) filter (where ${migrationEvents.kind} = 'step_finished'), 0)`.mapWith(
          Number,
        ),
      startedAt: sql<
        string | null
      >`min(${migrationEvents.createdAt}) filter (where ${migrationEvents.kind} = 'step_started')`,
      finishedAt: sql<
        string | null
      >`max(${migrationEvents.createdAt}) filter (where ${migrationEvents.kind} = 'step_finished')`,
      objects:
        sql<number>`count(*) filter (where ${migrationEvents.kind} = 'object' and ${migrationEvents.agent} not in ('ingest', 'report'))`.mapWith(
          Number,
        ),
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
  const rerunBody = rerun ? readEventBody(RERUN_KIND, rerun.payload) : null;
  const scoped = rerunBody?.kind === RERUN_KIND && rerunBody.payload !== null;
  const running = migration.status === "running";
  const latestStepEvent = Math.max(0, ...steps.filter((s) => s.agent !== "worker").map((s) => s.lastId));
  const evaluatorStarted =
    (byAgent.get("evaluator")?.anyStart ?? 0) > 0 ||
    migration.status === "succeeded" ||
    migration.status === "completed_with_issues";
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
    .select({
      createdAt: migrationOutputs.createdAt,
      zipBytes: sql<number>`octet_length(${migrationOutputs.projectZip})`.mapWith(Number),
    })
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
      kind: readEventBody(e.kind, e.payload).kind,
      message: e.message,
      createdAt: e.createdAt.toISOString(),
    })),
    artifacts: Object.fromEntries(artifactRows.map((a) => [a.kind, a.updatedAt.toISOString()])) as Partial<
      Record<ArtifactKind, string>
    >,
    /** Changes whenever any artifact does: the page refetches objects, lineage and assessment when it moves. */
    artifactsVersion: artifactRows
      .map((a) => `${a.kind}@${a.updatedAt.getTime()}`)
      .sort()
      .join(","),
    outputs: outputs ? { createdAt: outputs.createdAt.toISOString(), zipBytes: outputs.zipBytes } : null,
  };
}

function iso(value: string | Date | null): string | null {
  if (!value) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
