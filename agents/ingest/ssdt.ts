import { unzipSync } from "fflate";
import { InputError } from "./errors";

export type SourceFile = { path: string; bytes: Uint8Array };

// A zip bomb would otherwise exhaust memory before the first statement is read.
const MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024;

/**
 * The .sql files of an SSDT-style project (one object per file, any folder layout), sorted by path so the
 * result does not depend on the order a directory listing or zip happens to give.
 */
export function sqlFiles(files: SourceFile[]): SourceFile[] {
  return files
    .filter((f) => isSqlPath(f.path))
    .map((f) => ({ path: f.path.replaceAll("\\", "/"), bytes: f.bytes }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function isSqlPath(path: string): boolean {
  const name = path.replaceAll("\\", "/").split("/").pop() ?? "";
  return name.toLowerCase().endsWith(".sql") && !name.startsWith("._") && !path.startsWith("__MACOSX/");
}

/** The files of a zip archive (folders and macOS metadata left out). */
export function unzipFiles(bytes: Uint8Array, file: string): SourceFile[] {
  let total = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (entry) => {
        if (entry.name.endsWith("/") || !(isSqlPath(entry.name) || entry.name.toLowerCase().endsWith(".sqlproj"))) return false;
        total += entry.originalSize;
        if (total > MAX_UNZIPPED_BYTES) throw new InputError(`${file} unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 ** 3} GiB of .sql files`, file);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${file} is not a readable zip archive (${error instanceof Error ? error.message : String(error)})`, file);
  }
  return Object.entries(entries).map(([path, data]) => ({ path, bytes: data }));
}

/** An SSDT project names its database: `Northwind.sqlproj` → Northwind. */
export function projectName(files: SourceFile[]): string | undefined {
  const project = files.find((f) => f.path.toLowerCase().endsWith(".sqlproj"));
  return project?.path.replaceAll("\\", "/").split("/").pop()?.replace(/\.sqlproj$/i, "");
}
