import { promises as fs } from "node:fs";
import path from "node:path";
import type { Catalog } from "~/agents/catalog/schema";
import { readCatalogJson } from "./catalog-json";
import { CatalogBuilder } from "./catalog-builder";
import { decodeText, type TextEncoding } from "./decode";
import type { DateFormat } from "~/agents/tsql/date-formats";
import { InputError, InputTooLargeError, megabytes } from "./errors";
import { readScript } from "./script";
import { projectName, sqlFiles, unzipFiles, type SourceFile } from "./ssdt";

export { InputError, InputTooLargeError } from "./errors";
export type { DateFormat } from "~/agents/tsql/date-formats";

/** What can be ingested. `file`/`path` names appear in every diagnostic and object location. */
export type IngestInput =
  | { kind: "script"; file: string; bytes: Uint8Array }
  | {
      kind: "files";
      files: SourceFile[];
      /** Folder name: the database name when no script gives one. */ name?: string;
    }
  | { kind: "zip"; file: string; bytes: Uint8Array }
  | { kind: "catalog-json"; file: string; bytes: Uint8Array };

export type IngestOptions = {
  /** DATEFORMAT of the session the script would run in before any SET DATEFORMAT (us_english: mdy). */
  dateFormat?: DateFormat;
  /**
   * The database's name when the input names none: a script's CREATE DATABASE or first USE of a user database,
   * and a catalog's `database`, come first; this (the CLI's --database, the migration's name in the dashboard)
   * comes before the file's, folder's or SSDT project's name, which is the last resort.
   */
  database?: string;
  /** Largest input accepted, in bytes (default MAX_INPUT_BYTES): a script, a catalog, or all .sql files together. */
  maxInputBytes?: number;
};

/**
 * Largest input ingested by default. A 50 MB install script reads in seconds in under a gigabyte; much past that,
 * the text, its tokens and its rows outgrow a default Node heap on a small machine and the process is killed
 * without a word. Refusing up front says why. The CLI raises it with --max-input-mb.
 */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** Throws InputError when `bytes` is over the limit. */
export function checkInputSize(bytes: number, what: string, maxInputBytes = MAX_INPUT_BYTES, file?: string): void {
  if (bytes <= maxInputBytes) return;
  throw new InputTooLargeError(
    `${what} is ${megabytes(bytes)}, more than the ${megabytes(maxInputBytes)} an input may be`,
    file,
  );
}

/**
 * Reads a SQL Server database definition into a Catalog. Throws InputError when the input is unusable as a
 * whole (empty, binary, broken zip or JSON, no .sql files); problems inside scripts become
 * `catalog.diagnostics` and everything else still migrates.
 */
export function ingest(input: IngestInput, options: IngestOptions = {}): Catalog {
  try {
    return ingestInput(input, options);
  } catch (error) {
    // A RangeError here is the input outgrowing the engine (a stack overflow on a pathological nest, a string or
    // array past V8's maximum), not a bug to hide: say so as unusable input rather than crash the caller.
    if (error instanceof RangeError) {
      const what = input.kind === "files" ? "the input" : input.file;
      throw new InputError(
        `${what} cannot be read: it is too large or too deeply nested (${error.message})`,
        input.kind === "files" ? undefined : input.file,
      );
    }
    throw error;
  }
}

function ingestInput(input: IngestInput, options: IngestOptions): Catalog {
  const dateFormat = options.dateFormat ?? "mdy";
  const limit = options.maxInputBytes ?? MAX_INPUT_BYTES;
  const given = options.database?.trim() || undefined;
  let catalog: Catalog;
  switch (input.kind) {
    case "catalog-json":
      checkInputSize(input.bytes.length, input.file, limit, input.file);
      catalog = readCatalogJson(input.bytes, input.file);
      break;
    case "script": {
      checkInputSize(input.bytes.length, input.file, limit, input.file);
      const { text, encoding } = decodeText(input.bytes, input.file);
      const builder = new CatalogBuilder();
      noteEncoding(builder, input.file, encoding);
      builder.add(readScript(text, input.file, dateFormat));
      catalog = builder.build(given ?? baseName(input.file));
      break;
    }
    case "files":
      catalog = ingestFiles(
        input.files,
        given ?? input.name ?? projectName(input.files) ?? "database",
        dateFormat,
        "the input",
        limit,
      );
      break;
    case "zip": {
      checkInputSize(input.bytes.length, input.file, limit, input.file);
      const files = unzipFiles(input.bytes, input.file, limit);
      catalog = ingestFiles(files, given ?? projectName(files) ?? baseName(input.file), dateFormat, input.file, limit);
      break;
    }
  }
  return catalog;
}

function ingestFiles(
  files: SourceFile[],
  database: string,
  dateFormat: DateFormat,
  what: string,
  limit: number,
): Catalog {
  const scripts = sqlFiles(files);
  if (scripts.length === 0) throw new InputError(`${what} holds no .sql files`);
  checkInputSize(
    scripts.reduce((n, f) => n + f.bytes.length, 0),
    `the .sql text in ${what}`,
    limit,
  );
  const builder = new CatalogBuilder();
  let readable = 0;
  for (const file of scripts) {
    let text: string;
    try {
      const decoded = decodeText(file.bytes, file.path);
      text = decoded.text;
      noteEncoding(builder, file.path, decoded.encoding);
    } catch (error) {
      // One unreadable file in a project must not stop the others.
      if (!(error instanceof InputError)) throw error;
      builder.diagnose({
        severity: "warning",
        file: file.path,
        line: 1,
        message: `${error.message}; the file was skipped`,
      });
      continue;
    }
    readable++;
    // Each file is its own session, as a deployment runs it: DATEFORMAT starts from the default again.
    builder.add(readScript(text, file.path, dateFormat));
  }
  if (readable === 0)
    throw new InputError(`${what} holds no readable .sql files (all ${scripts.length} are empty or binary)`);
  return builder.build(database);
}

/**
 * Builds an IngestInput from a path: a directory (its .sql files, recursively), a .zip, a .json catalog or
 * a .sql script. Sizes are checked against `maxInputBytes` before anything is read, so an oversized input is
 * refused without being loaded into memory.
 */
export async function readInputFromPath(
  inputPath: string,
  options: { maxInputBytes?: number } = {},
): Promise<IngestInput> {
  const limit = options.maxInputBytes ?? MAX_INPUT_BYTES;
  let stat;
  try {
    stat = await fs.stat(inputPath);
  } catch {
    throw new InputError(`${inputPath} does not exist`, inputPath);
  }
  const file = path.basename(inputPath);
  // A file that exists but cannot be read (permissions, a vanished file) is unusable input, not a crash.
  const read = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw new InputError(`${what} cannot be read: ${(error as Error).message}`, what);
    }
  };
  if (stat.isDirectory()) {
    const relatives = await read(inputPath, () => listFiles(inputPath));
    let total = 0;
    for (const relative of relatives) {
      if (/\.sql$/i.test(relative)) total += (await read(relative, () => fs.stat(path.join(inputPath, relative)))).size;
    }
    checkInputSize(total, `the .sql text in ${inputPath}`, limit, inputPath);
    const files: SourceFile[] = [];
    for (const relative of relatives) {
      files.push({ path: relative, bytes: await read(relative, () => fs.readFile(path.join(inputPath, relative))) });
    }
    if (!files.some((f) => f.path.toLowerCase().endsWith(".sql")))
      throw new InputError(`${inputPath} holds no .sql files`, inputPath);
    return { kind: "files", files, name: file };
  }
  const extension = path.extname(inputPath).toLowerCase();
  const kind = ({ ".zip": "zip", ".json": "catalog-json", ".sql": "script" } as const)[extension];
  // Known by its name before a byte is read, so a stray multi-gigabyte file is never loaded.
  if (!kind || !stat.isFile())
    throw new InputError(`${file}: expected a .sql script, a .zip of .sql files, a .json catalog or a folder`, file);
  checkInputSize(stat.size, file, limit, file);
  const bytes = new Uint8Array(await read(file, () => fs.readFile(inputPath)));
  return { kind, file, bytes };
}

/** `ingest(await readInputFromPath(inputPath), options)`: what a CLI or a worker calls. */
export async function ingestPath(inputPath: string, options?: IngestOptions): Promise<Catalog> {
  return ingest(await readInputFromPath(inputPath, options), options);
}

/** Paths (with `/`) of the .sql and .sqlproj files under `root`, skipping build output and hidden folders. */
async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (relative: string) => {
    const entries = await fs.readdir(path.join(root, relative), { withFileTypes: true });
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name.startsWith(".") || ["bin", "obj", "node_modules"].includes(entry.name)) continue;
        await walk(child);
      } else if (entry.isFile() && /\.(sql|sqlproj)$/i.test(entry.name)) out.push(child);
    }
  };
  await walk("");
  return out;
}

/** Windows-1252 is a guess (the bytes are not UTF-8), so say it was made. */
function noteEncoding(builder: CatalogBuilder, file: string, encoding: TextEncoding) {
  if (encoding === "windows-1252") {
    builder.diagnose({
      severity: "info",
      file,
      line: 1,
      message: "the file is not valid UTF-8 and was read as Windows-1252",
    });
  }
}

function baseName(file: string): string {
  const name = path.basename(file.replaceAll("\\", "/"));
  return name.replace(/\.[^.]+$/, "") || "database";
}
