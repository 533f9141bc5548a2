import { and, desc, eq, isNull } from "drizzle-orm";
import { objectKey } from "~/agents/catalog/schema";
import type { MigrationReport } from "~/agents/core/contracts";
import { parseObjectName } from "~/agents/evaluate/expected";
import type { Database } from "~/db/client";
import { migrationRuns, modelEdits, objectDecisions, type MigrationSummary } from "~/db/schema";
import { withDecisions } from "./outcome";

/** A report entry's object key, as the catalog, the assessment and the dashboard name objects. */
export function reportKey(object: string): string {
  const { schema, name } = parseObjectName(object);
  return objectKey(schema, name);
}

/** The summary with the owner's decisions on the report's objects applied (./outcome.ts withDecisions). */
export async function decidedSummary(
  db: Pick<Database, "select">,
  migrationId: string,
  summary: MigrationSummary,
  report: Pick<MigrationReport, "objects">,
): Promise<MigrationSummary> {
  const decisions = await db
    .select({ objectKey: objectDecisions.objectKey, decision: objectDecisions.decision })
    .from(objectDecisions)
    .where(eq(objectDecisions.migrationId, migrationId));
  return withDecisions(
    summary,
    report.objects.map((o) => ({ key: reportKey(o.object), kind: o.kind, status: o.status })),
    decisions,
  );
}

/** The model SQL the owner edited, model → SQL. */
export async function editsOf(db: Database, migrationId: string): Promise<Record<string, string>> {
  const rows = await db
    .select({ model: modelEdits.model, sql: modelEdits.sql })
    .from(modelEdits)
    .where(eq(modelEdits.migrationId, migrationId));
  return Object.fromEntries(rows.map((r) => [r.model, r.sql]));
}

/** The run the migration's current job is for: its newest unfinished migration_runs row (none for older migrations). */
export async function pendingRun(db: Database, migrationId: string) {
  const [run] = await db
    .select()
    .from(migrationRuns)
    .where(and(eq(migrationRuns.migrationId, migrationId), isNull(migrationRuns.finishedAt)))
    .orderBy(desc(migrationRuns.id))
    .limit(1);
  return run ?? null;
}
