import fs from "node:fs";
import path from "node:path";
import { ZManifest } from "~/agents/evaluate/expected";

/**
 * The built-in sample database ("Trailhead Outfitters", an online shop): the SQL Server script a new user can
 * migrate in one click, and the expected result of each of its views and procedures (Northwind's format:
 * manifest.json + CSVs, files named relative to the manifest). See agents/sample/README.md.
 *
 * Paths are resolved from this file, not from the working directory, so the CLI, the worker and the web
 * server (all run from source by tsx) find the files wherever they were started.
 */

/** File name the migration records as its source (source kind "sample"). */
export const sampleScriptName = "ecommerce.sql";

export const sampleScriptPath = path.join(import.meta.dirname, sampleScriptName);

/** Folder holding manifest.json and the expected CSVs. */
export const sampleExpectedDir = path.join(import.meta.dirname, "expected");

export const sampleManifestPath = path.join(sampleExpectedDir, "manifest.json");

/** The script's bytes, exactly as stored (UTF-8 without BOM, LF line ends), for the same input path as an upload. */
export async function sampleScript(): Promise<Buffer> {
  return fs.promises.readFile(sampleScriptPath);
}

/** The expected-results manifest (agents/sample/expected/manifest.json). */
export async function sampleManifest() {
  return ZManifest.parse(JSON.parse(await fs.promises.readFile(sampleManifestPath, "utf8")));
}
