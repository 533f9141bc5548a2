import { sql as sqlTag } from "drizzle-orm";
import { z } from "zod";
import { type Catalog, ZCatalog, ZTable } from "~/agents/catalog/schema";
import {
  ZAssessment,
  ZEvaluatorResult,
  ZMigrationReport,
  ZModelRun,
  ZPlan,
  ZRepairRecord,
  ZTranslation,
} from "~/agents/core/contracts";
import type { MigrationStateValue } from "~/agents/graph/migration-graph";
import type { Database } from "~/db/client";
import { migrationArtifacts, type ArtifactKind } from "~/db/schema";

/** Which graph state value is published as which artifact, and in what form. */
const STATE_ARTIFACTS: Partial<
  Record<keyof MigrationStateValue, { kind: ArtifactKind; data?: (value: never) => unknown }>
> = {
  catalog: { kind: "catalog", data: (catalog: Catalog) => catalogArtifact(catalog) },
  assessed: { kind: "assessment" },
  plan: { kind: "plan" },
  translations: { kind: "translations" },
  runs: { kind: "runs" },
  repairs: { kind: "repairs" },
  evaluation: { kind: "evaluation" },
  finalReport: { kind: "report" },
};

export async function saveArtifact(
  db: Database,
  migrationId: string,
  kind: ArtifactKind,
  data: unknown,
): Promise<void> {
  await db
    .insert(migrationArtifacts)
    .values({ migrationId, kind, data })
    .onConflictDoUpdate({
      target: [migrationArtifacts.migrationId, migrationArtifacts.kind],
      set: { data, updatedAt: sqlTag`now()` },
    });
}

/** Publishes what one graph node changed (a `streamMode: "updates"` chunk). */
export async function saveStateUpdate(
  db: Database,
  migrationId: string,
  update: Record<string, Partial<MigrationStateValue>>,
): Promise<void> {
  for (const changes of Object.values(update)) {
    for (const [key, value] of Object.entries(changes ?? {})) {
      const artifact = STATE_ARTIFACTS[key as keyof MigrationStateValue];
      if (artifact && value !== null && value !== undefined)
        await saveArtifact(db, migrationId, artifact.kind, artifact.data ? artifact.data(value as never) : value);
    }
  }
}

/** The source objects as the dashboard shows them: definitions and locations, without the tables' rows (their count instead). */
export const ZCatalogArtifact = ZCatalog.pick({
  database: true,
  views: true,
  procedures: true,
  functions: true,
  triggers: true,
  diagnostics: true,
}).extend({
  tables: z.array(ZTable.omit({ data: true }).extend({ rows: z.number() })),
});
export type CatalogArtifact = z.infer<typeof ZCatalogArtifact>;

export function catalogArtifact(catalog: Catalog): CatalogArtifact {
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
/** What each artifact row holds, by kind: rows are parsed with these when read, never cast. */
export const ARTIFACT_SCHEMAS = {
  catalog: ZCatalogArtifact,
  assessment: ZAssessment,
  plan: ZPlan,
  translations: z.array(ZTranslation),
  runs: z.array(ZModelRun),
  repairs: z.array(ZRepairRecord),
  // What the dashboard reads of it; rows stored before the Evaluator kept warnings lack them.
  evaluation: ZEvaluatorResult.pick({ runs: true, evaluations: true, warnings: true }).partial({ warnings: true }),
  report: ZMigrationReport,
} satisfies Record<ArtifactKind, z.ZodType>;
export type Artifacts = { [K in ArtifactKind]?: z.infer<(typeof ARTIFACT_SCHEMAS)[K]> };

/** A stored artifact that does not read as its kind: which migration, which kind, which field and why. */
export class ArtifactError extends Error {}

export function parseArtifact<K extends ArtifactKind>(
  migrationId: string,
  kind: K,
  data: unknown,
): NonNullable<Artifacts[K]> {
  const parsed = ARTIFACT_SCHEMAS[kind].safeParse(data);
  if (!parsed.success)
    throw new ArtifactError(
      `migration ${migrationId}: its ${kind} artifact cannot be read: ${z.prettifyError(parsed.error)}`,
    );
  return parsed.data as NonNullable<Artifacts[K]>;
}
