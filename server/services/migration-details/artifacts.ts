import { and, eq, inArray } from "drizzle-orm";
import { type Artifacts, parseArtifact } from "~/agents/worker/artifacts";
import type { Database } from "~/db/client";
import { migrationArtifacts, migrations, type ArtifactKind } from "~/db/schema";
import { ownMigration } from "../ownership";

/**
 * What the migration detail page reads is built from the artifacts the worker publishes as the graph advances
 * (migration_artifacts), its events and its LLM calls (the other modules of this folder, one per part of the page).
 * Every reader first checks that the migration is the user's (null otherwise, which the router turns into
 * NOT_FOUND), then reads by migration id.
 */

export async function owned(db: Database, userId: string, id: string): Promise<boolean> {
  const [row] = await db.select({ id: migrations.id }).from(migrations).where(ownMigration(id, userId));
  return !!row;
}

export type { Artifacts };

/** The artifacts of these kinds, each parsed with its schema (a row that does not read fails, naming it). */
export async function loadArtifacts(db: Database, id: string, kinds: ArtifactKind[]): Promise<Artifacts> {
  const rows = await db
    .select({ kind: migrationArtifacts.kind, data: migrationArtifacts.data })
    .from(migrationArtifacts)
    .where(and(eq(migrationArtifacts.migrationId, id), inArray(migrationArtifacts.kind, kinds)));
  const artifacts: Artifacts = {};
  for (const row of rows) Object.assign(artifacts, { [row.kind]: parseArtifact(id, row.kind, row.data) });
  return artifacts;
}
