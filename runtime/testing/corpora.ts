import fs from "node:fs";
import path from "node:path";

/**
 * The shared corpora next to the repository (`../shared/fixtures` from its root), read at test and bench time. A
 * corpus is a folder holding a `manifest.json` (its expected results) and a `.sql` script, whatever the script is
 * called: tests name the folder they target, never its file.
 */
export const SHARED_FIXTURES = path.resolve(import.meta.dirname, "../../../shared/fixtures");

/** `dir`: the corpus folder (its expected results); `script`: its one `.sql` script. */
export type SharedCorpus = { name: string; dir: string; script: string };

/**
 * The corpus in the folder `name` of the shared fixtures; undefined when the folder or its manifest is absent (its
 * tests skip). A folder with a manifest but not exactly one script is an error: which script is the corpus would be
 * left to chance.
 */
export function sharedCorpus(name: string): SharedCorpus | undefined {
  const dir = path.join(SHARED_FIXTURES, name);
  if (!fs.existsSync(path.join(dir, "manifest.json"))) return undefined;
  const scripts = fs.readdirSync(dir).filter((file) => file.toLowerCase().endsWith(".sql"));
  if (scripts.length !== 1)
    throw new Error(`${dir} holds ${scripts.length} .sql scripts; a corpus folder holds exactly one`);
  return { name, dir, script: path.join(dir, scripts[0]!) };
}

/** Every corpus of the shared fixtures, in folder-name order. */
export function sharedCorpora(): SharedCorpus[] {
  if (!fs.existsSync(SHARED_FIXTURES)) return [];
  return fs
    .readdirSync(SHARED_FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .flatMap((name) => sharedCorpus(name) ?? []);
}
