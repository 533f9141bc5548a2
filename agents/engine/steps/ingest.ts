import fs from "node:fs/promises";
import path from "node:path";
import { type Catalog, type CatalogInput, ZCatalog } from "~/agents/catalog/schema";
import { type ExpectedResult, readExpectedResults } from "~/agents/evaluate/expected";
import { ingest, InputError, type IngestInput } from "~/agents/ingest";
import type { ProgressFn } from "./progress";

/** 0. Ingest: what a migration reads — its source into a Catalog, and the expected results it is compared with. */

/** A migration's source: a script, files or a zip to read, or a catalog given as data. */
export type MigrationInput = IngestInput | { kind: "catalog"; catalog: Catalog | CatalogInput };

export type IngestOptions = {
  /** The database's name when the input names none (agents/ingest, IngestOptions); it names the dbt project and its source. */
  database?: string;
  maxInputBytes?: number;
};

/**
 * Reads the input into a Catalog (a catalog given as data is validated against the schema). Throws InputError
 * when the input is unusable: unreadable, or holding no object to migrate.
 */
export function ingestStep(
  input: MigrationInput,
  options: IngestOptions = {},
  hooks: { onProgress?: ProgressFn } = {},
): Catalog {
  const onProgress: ProgressFn = hooks.onProgress ?? (() => {});
  const what =
    input.kind === "catalog" ? "the catalog" : input.kind === "files" ? `${input.files.length} files` : input.file;
  onProgress({ agent: "ingest", kind: "step_started", message: `reading ${what}`, progress: 0 });
  let catalog: Catalog;
  if (input.kind === "catalog") {
    const parsed = ZCatalog.safeParse(input.catalog);
    if (!parsed.success)
      throw new InputError(
        `the catalog is not valid: ${parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join(".")}: ${i.message}`)
          .join("; ")}`,
      );
    catalog = parsed.data; // it names its database
  } else {
    catalog = ingest(input, {
      ...(options.database ? { database: options.database } : {}),
      ...(options.maxInputBytes !== undefined ? { maxInputBytes: options.maxInputBytes } : {}),
    });
  }
  const objects =
    catalog.tables.length +
    catalog.views.length +
    catalog.procedures.length +
    catalog.functions.length +
    catalog.triggers.length;
  if (objects === 0) {
    const errors = catalog.diagnostics.filter((d) => d.severity === "error").slice(0, 3);
    throw new InputError(
      `${what} holds no tables, views, procedures or functions to migrate${errors.length ? ` (${errors.map((d) => `${d.file}:${d.line}: ${d.message}`).join("; ")})` : ""}`,
    );
  }
  for (const d of catalog.diagnostics) {
    if (d.severity !== "info")
      onProgress({ agent: "ingest", kind: "warning", message: `${d.file}:${d.line}: ${d.message}`, progress: 0.5 });
  }
  const rows = catalog.tables.reduce((n, t) => n + (t.data?.rows.length ?? 0), 0);
  onProgress({
    agent: "ingest",
    kind: "step_finished",
    message: `database ${catalog.database}: ${catalog.tables.length} tables (${rows} rows), ${catalog.views.length} views, ${catalog.procedures.length} procedures, ${catalog.functions.length} functions, ${catalog.triggers.length} triggers`,
    progress: 1,
  });
  return catalog;
}

/** Reads an expected-results folder, turning a missing or broken manifest into an InputError. */
export async function readExpected(folder: string): Promise<ExpectedResult[]> {
  try {
    await fs.access(path.join(folder, "manifest.json"));
  } catch {
    throw new InputError(
      `${folder} holds no manifest.json (expected results: manifest.json + CSV files, see the Northwind fixture's README)`,
      folder,
    );
  }
  try {
    return await readExpectedResults(folder);
  } catch (error) {
    throw new InputError(`the expected results in ${folder} cannot be read: ${(error as Error).message}`, folder);
  }
}
