import { and, eq, inArray } from "drizzle-orm";
import type { Assessment, Evaluation, MigrationReport, ModelRun, Plan, Translation } from "~/agents/core/contracts";
import type { RepairRecord } from "~/agents/engine/steps";
import type { CatalogArtifact } from "~/agents/worker/artifacts";
import type { Database } from "~/db/client";
import { migrationArtifacts, migrations, type ArtifactKind } from "~/db/schema";

/**
 * What the migration detail page reads is built from the artifacts the worker publishes as the graph advances
 * (migration_artifacts), its events and its LLM calls (the other modules of this folder, one per part of the page).
 * Every reader first checks that the migration is the user's (null otherwise, which the router turns into
 * NOT_FOUND), then reads by migration id.
 */

type EvaluationArtifact = { runs: ModelRun[]; evaluations: Evaluation[]; warnings?: string[] };

export async function owned(db: Database, userId: string, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: migrations.id })
    .from(migrations)
    .where(and(eq(migrations.id, id), eq(migrations.userId, userId)));
  return !!row;
}

export type Artifacts = {
  catalog?: CatalogArtifact;
  assessment?: Assessment;
  plan?: Plan;
  translations?: Translation[];
  runs?: ModelRun[];
  repairs?: RepairRecord[];
  evaluation?: EvaluationArtifact;
  report?: MigrationReport;
};

export async function loadArtifacts(db: Database, id: string, kinds: ArtifactKind[]): Promise<Artifacts> {
  const rows = await db
    .select({ kind: migrationArtifacts.kind, data: migrationArtifacts.data })
    .from(migrationArtifacts)
    .where(and(eq(migrationArtifacts.migrationId, id), inArray(migrationArtifacts.kind, kinds)));
  return Object.fromEntries(rows.map((r) => [r.kind, r.data])) as Artifacts;
}
