import { strToU8, zipSync, type Zippable } from "fflate";

/**
 * The project as a zip archive, files under `root/` (default: no folder). Deterministic: a fixed timestamp,
 * paths in sorted order, so the same project always gives the same bytes (cacheable, diffable in tests).
 */
export function zipProject(
  files: ReadonlyMap<string, string> | Record<string, string>,
  options: { root?: string } = {},
): Uint8Array {
  const entries = files instanceof Map ? [...files.entries()] : Object.entries(files);
  const prefix = options.root ? `${options.root.replace(/\/+$/, "")}/` : "";
  const tree: Zippable = {};
  for (const [path, content] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (path.startsWith("/") || path.split("/").includes("..")) throw new Error(`unsafe path in project: ${path}`);
    tree[`${prefix}${path}`] = [strToU8(content), { mtime: FIXED_MTIME }];
  }
  return zipSync(tree, { level: 6 });
}

/** 2000-01-01: zip stores DOS timestamps (1980 or later), and a constant keeps archives reproducible. */
const FIXED_MTIME = new Date("2000-01-01T00:00:00Z");
