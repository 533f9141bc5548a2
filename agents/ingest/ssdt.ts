import { readZip } from "./zip";

export type SourceFile = { path: string; bytes: Uint8Array };

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

/** The .sql and .sqlproj files of a zip archive, refused once their unpacked size passes `maxBytes` (see ./zip). */
export function unzipFiles(bytes: Uint8Array, file: string, maxBytes: number): SourceFile[] {
  const entries = readZip(bytes, file, {
    maxBytes,
    contents: ".sql files",
    include: (name) => isSqlPath(name) || name.toLowerCase().endsWith(".sqlproj"),
  });
  return [...entries].map(([path, data]) => ({ path, bytes: data }));
}

/** An SSDT project names its database: `Northwind.sqlproj` → Northwind. */
export function projectName(files: SourceFile[]): string | undefined {
  const project = files.find((f) => f.path.toLowerCase().endsWith(".sqlproj"));
  return project?.path
    .replaceAll("\\", "/")
    .split("/")
    .pop()
    ?.replace(/\.sqlproj$/i, "");
}
