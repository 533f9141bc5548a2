import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { ZMigrationOptions, type MigrationOptions } from "~/agents/core/migration-options";
import type { Database } from "~/db/client";
import { migrations, sourceFiles, type Migration } from "~/db/schema";
import { InputError, type IngestInput } from "~/agents/ingest";
import { readZip } from "~/agents/ingest/zip";
import { ZManifest } from "~/agents/evaluate/expected";
import { sampleExpectedDir, sampleScript, sampleScriptName } from "~/agents/sample";

export type MigrationSource = {
  migration: Migration;
  /** How its owner asked it to run (`migrations.options`), parsed with its schema. */
  options: MigrationOptions;
  input: IngestInput;
  /**
   * The name the owner gave the migration, which names the database (the dbt project and its source) when their
   * script names none (agents/ingest, IngestOptions.database). Absent for the built-in sample, whose database is
   * its own (ecommerce).
   */
  database?: string;
  /** Folder of expected results (manifest.json + CSVs) to validate against, when the source has one. */
  expectedDir: string | null;
  /**
   * Removes what loading made on disk (an uploaded expected-results zip is unpacked into a temporary folder).
   * Safe to call more than once. Folders nobody cleaned up are swept by the next loadSource after a day.
   */
  cleanup: () => Promise<void>;
};

const noCleanup = async () => {};

/**
 * The database name a source is read with (agents/ingest, IngestOptions.database): the name its owner gave the
 * migration, except for the built-in sample, which names its own. One rule for the worker and the dashboard's
 * preview, so the preview shows the source and model names the migration will produce.
 */
export function sourceDatabaseName(sourceKind: string, migrationName: string | undefined): string | undefined {
  return sourceKind === "sample" ? undefined : migrationName?.trim() || undefined;
}

/**
 * What a job migrates: the built-in sample (with its expected results), or the user's uploaded file (a .sql
 * script, pasted T-SQL stored as a script, a .zip of .sql files, catalog JSON) with the expected results they
 * uploaded, if any.
 */
export async function loadSource(db: Database, migrationId: string): Promise<MigrationSource | null> {
  const [migration] = await db.select().from(migrations).where(eq(migrations.id, migrationId));
  if (!migration) return null;
  const read = ZMigrationOptions.safeParse(migration.options);
  if (!read.success)
    throw new Error(`migration ${migrationId}: its options cannot be read: ${z.prettifyError(read.error)}`);
  const options = read.data;
  if (migration.sourceKind === "sample") {
    return {
      migration,
      options,
      input: { kind: "script", file: sampleScriptName, bytes: await sampleScript() },
      expectedDir: sampleExpectedDir,
      cleanup: noCleanup,
    };
  }
  const file = migration.sourceFileId ? await ownedFile(db, migration.sourceFileId, migration.userId) : undefined;
  if (!file) throw new Error("The migration's uploaded file is missing");
  const kind = file.format === "json" ? "catalog-json" : file.format === "zip" ? "zip" : "script";
  const input: IngestInput = { kind, file: file.filename, bytes: file.content };
  const database = sourceDatabaseName(migration.sourceKind, migration.name);

  if (!migration.expectedFileId) return { migration, options, input, database, expectedDir: null, cleanup: noCleanup };
  const expected = await ownedFile(db, migration.expectedFileId, migration.userId);
  if (!expected) throw new Error("The migration's expected-results file is missing");
  await sweepStaleExpectedDirs();
  const dir = path.join(await expectedRoot(), migration.id);
  await fs.rm(dir, { recursive: true, force: true }); // a killed run's leftovers: start from the upload again
  const cleanup = () => fs.rm(dir, { recursive: true, force: true });
  try {
    await writeExpectedDir(expected.content, expected.filename, dir);
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { migration, options, input, database, expectedDir: dir, cleanup };
}

async function ownedFile(db: Database, id: string, userId: string) {
  const [file] = await db
    .select()
    .from(sourceFiles)
    .where(and(eq(sourceFiles.id, id), eq(sourceFiles.userId, userId)));
  return file;
}

// ---------------------------------------------------------------------------------------------------------------
// Expected results uploaded as a zip: manifest.json and the CSVs it names (the Northwind fixture's format).

/**
 * Where this process unpacks uploaded expected results, one folder per migration: a folder of its own made by
 * mkdtemp (mode 0700, a random name no other user of the machine can create first or read).
 */
const EXPECTED_PREFIX = "datamigrate-expected-";
let ownExpectedRoot: Promise<string> | undefined;
export function expectedRoot(): Promise<string> {
  ownExpectedRoot ??= fs.mkdtemp(path.join(os.tmpdir(), EXPECTED_PREFIX));
  return ownExpectedRoot;
}
const STALE_MS = 24 * 60 * 60 * 1000;
/**
 * Most an expected-results zip may unpack to. Its CSVs are parsed whole into rows (several times their size in
 * memory), in the web process's preview and in the worker; a whole database's results are usually well under 1 MB.
 */
export const MAX_EXPECTED_UNZIPPED_BYTES = 32 * 1024 * 1024;

export type ExpectedArchive = {
  /** manifest.json's folder inside the zip ("" when at the top); entry files are relative to it. */
  root: string;
  manifest: ReturnType<typeof ZManifest.parse>;
  /** Every file under `root`, by its path relative to `root`. */
  files: Map<string, Uint8Array>;
};

/**
 * Reads an expected-results zip: manifest.json (at the top or in one folder) and every CSV it names. Throws
 * InputError with the file and the reason when the archive, the manifest or a named file is wrong.
 */
export function readExpectedArchive(bytes: Uint8Array, filename: string): ExpectedArchive {
  const entries = Object.fromEntries(
    readZip(bytes, filename, {
      maxBytes: MAX_EXPECTED_UNZIPPED_BYTES,
      contents: "expected results",
      include: () => true,
    }),
  );
  const names = Object.keys(entries).map((name) => name.replaceAll("\\", "/"));
  const manifests = names
    .filter((name) => name === "manifest.json" || name.endsWith("/manifest.json"))
    .sort((a, b) => a.length - b.length);
  const manifestPath = manifests[0];
  if (!manifestPath)
    throw new InputError(`${filename} holds no manifest.json (expected results: manifest.json + CSV files)`, filename);
  const root = manifestPath.slice(0, -"manifest.json".length);

  const files = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(entries)) {
    const normalized = name.replaceAll("\\", "/");
    if (!normalized.startsWith(root)) continue;
    const relative = safeRelative(normalized.slice(root.length));
    if (relative) files.set(relative, data);
  }

  const where = `${filename}: ${manifestPath}`;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(files.get("manifest.json")!));
  } catch (error) {
    throw new InputError(`${where} is not valid JSON: ${(error as Error).message}`, filename);
  }
  const parsed = ZManifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(
      `${where} is not an expected-results manifest: ${issue.path.join(".") || "(top)"}: ${issue.message}`,
      filename,
    );
  }
  if (parsed.data.objects.length === 0) throw new InputError(`${where} lists no objects`, filename);
  for (const entry of parsed.data.objects) {
    const relative = safeRelative(entry.file);
    if (!relative || !files.has(relative))
      throw new InputError(`${where} names ${entry.file} (for ${entry.object}), which is not in the zip`, filename);
  }
  return { root, manifest: parsed.data, files };
}

/** `a/b.csv` for a path inside the archive; null for anything that could escape the folder. */
function safeRelative(name: string): string | null {
  const normalized = path.posix.normalize(name.replaceAll("\\", "/"));
  if (
    normalized === "." ||
    normalized.startsWith("../") ||
    normalized === ".." ||
    path.posix.isAbsolute(normalized) ||
    /^[A-Za-z]:/.test(normalized)
  ) {
    return null;
  }
  return normalized;
}

/** Unpacks an expected-results zip into `dir` (created), checked as readExpectedArchive checks it. */
export async function writeExpectedDir(bytes: Uint8Array, filename: string, dir: string): Promise<void> {
  const archive = readExpectedArchive(bytes, filename);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  for (const [relative, data] of archive.files) {
    const target = path.join(dir, relative);
    if (!target.startsWith(dir + path.sep)) continue;
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, data);
  }
}

/** Folders of processes that were killed before they could clean up (untouched for a day) are removed. */
async function sweepStaleExpectedDirs() {
  const names = await fs.readdir(os.tmpdir()).catch(() => [] as string[]);
  const own = await expectedRoot();
  const now = Date.now();
  for (const name of names.filter((n) => n.startsWith(EXPECTED_PREFIX))) {
    const dir = path.join(os.tmpdir(), name);
    if (dir === own) continue;
    const stat = await fs.lstat(dir).catch(() => null);
    const ours = stat?.isDirectory() && stat.uid === process.getuid?.();
    if (stat && ours && now - stat.mtimeMs > STALE_MS)
      await fs.rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}
