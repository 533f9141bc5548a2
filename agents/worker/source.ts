import { and, eq } from "drizzle-orm";
import type { Database } from "~/db/client";
import { migrations, sourceFiles, type Migration } from "~/db/schema";
import type { IngestInput } from "~/agents/ingest";
import { sampleExpectedDir, sampleScript, sampleScriptName } from "~/agents/sample";

export type MigrationSource = {
  migration: Migration;
  input: IngestInput;
  /** Folder of expected results (manifest.json + CSVs) to validate against, when the source has one. */
  expectedDir: string | null;
};

/** What a job migrates: the built-in sample (with its expected results) or the user's uploaded file. */
export async function loadSource(db: Database, migrationId: string): Promise<MigrationSource | null> {
  const [migration] = await db.select().from(migrations).where(eq(migrations.id, migrationId));
  if (!migration) return null;
  if (migration.sourceKind === "sample") {
    return { migration, input: { kind: "script", file: sampleScriptName, bytes: await sampleScript() }, expectedDir: sampleExpectedDir };
  }
  if (!migration.sourceFileId) throw new Error("The migration's uploaded file is missing");
  const [file] = await db
    .select()
    .from(sourceFiles)
    .where(and(eq(sourceFiles.id, migration.sourceFileId), eq(sourceFiles.userId, migration.userId)));
  if (!file) throw new Error("The migration's uploaded file is missing");
  const kind = file.format === "json" ? "catalog-json" : "script";
  return { migration, input: { kind, file: file.filename, bytes: file.content }, expectedDir: null };
}
