import { sql as sqlTag } from "drizzle-orm";
import type { Catalog } from "~/agents/catalog/schema";
import type { MigrationStateValue } from "~/agents/graph/migration-graph";
import type { Database } from "~/db/client";
import { migrationArtifacts, type ArtifactKind } from "~/db/schema";

/** Which graph state value is published as which artifact, and in what form. */
const STATE_ARTIFACTS: Partial<Record<keyof MigrationStateValue, { kind: ArtifactKind; data?: (value: never) => unknown }>> = {
  catalog: { kind: "catalog", data: (catalog: Catalog) => catalogArtifact(catalog) },
  assessed: { kind: "assessment" },
  plan: { kind: "plan" },
  translations: { kind: "translations" },
  runs: { kind: "runs" },
  repairs: { kind: "repairs" },
  evaluation: { kind: "evaluation" },
  finalReport: { kind: "report" },
};

export async function saveArtifact(db: Database, migrationId: string, kind: ArtifactKind, data: unknown): Promise<void> {
  await db
    .insert(migrationArtifacts)
    .values({ migrationId, kind, data })
    .onConflictDoUpdate({ target: [migrationArtifacts.migrationId, migrationArtifacts.kind], set: { data, updatedAt: sqlTag`now()` } });
}

/** Publishes what one graph node changed (a `streamMode: "updates"` chunk). */
export async function saveStateUpdate(db: Database, migrationId: string, update: Record<string, Partial<MigrationStateValue>>): Promise<void> {
  for (const changes of Object.values(update)) {
    for (const [key, value] of Object.entries(changes ?? {})) {
      const artifact = STATE_ARTIFACTS[key as keyof MigrationStateValue];
      if (artifact && value !== null && value !== undefined) await saveArtifact(db, migrationId, artifact.kind, artifact.data ? artifact.data(value as never) : value);
    }
  }
}

/** The source objects as the dashboard shows them: definitions and locations, without the tables' rows. */
export function catalogArtifact(catalog: Catalog) {
  return {
    database: catalog.database,
    tables: catalog.tables.map(({ data, ...table }) => ({ ...table, rows: data?.rows.length ?? 0 })),
    views: catalog.views,
    procedures: catalog.procedures,
    functions: catalog.functions,
    triggers: catalog.triggers,
    diagnostics: catalog.diagnostics,
  };
}
export type CatalogArtifact = ReturnType<typeof catalogArtifact>;
