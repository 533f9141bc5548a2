/**
 * The layers of the code base, lowest first (README, "Architecture"). A module may import its own layer and the
 * layers below it, never one above; the modules of the bottom layer import nothing of ours at all. ESLint enforces
 * it (import/no-restricted-paths, zones built here; import/no-cycle for cycles inside a layer), and
 * eslint-layers.test.ts proves the rule still catches an upward import.
 */
import path from "node:path";

export const LAYERS = [
  {
    name: "contracts and rules that import nothing of ours",
    modules: ["agents/core", "agents/escape", "agents/catalog", "runtime"],
  },
  { name: "T-SQL and PostgreSQL", modules: ["agents/tsql", "agents/dialect"] },
  { name: "reading the input", modules: ["agents/ingest"] },
  {
    name: "the agents' work",
    modules: [
      "agents/assess",
      "agents/plan",
      "agents/translate",
      "agents/dbt",
      "agents/sandbox",
      "agents/tester",
      "agents/rebuild",
      "agents/evaluate",
      "agents/report",
      "agents/llm",
      "agents/sample",
    ],
  },
  { name: "the steps and their one composition", modules: ["agents/engine", "agents/graph"] },
  { name: "storage", modules: ["db"] },
  { name: "progress events", modules: ["agents/events"] },
  { name: "the worker", modules: ["agents/worker"] },
  { name: "the server", modules: ["server"] },
  { name: "the web app, the command line, the end-to-end tests", modules: ["app", "scripts", "e2e"] },
];

/** Tests and their helpers build a database, a server or a worker from any layer below the app. */
export const TEST_FILES = ["**/*.test.ts", "**/*.test.tsx", "**/testing/**", "**/testing.ts"];

// The rule takes globs only, in a zone's `from` and `except` alike; `@(name).ts` is one file written as a glob.
const globs = (entry) => (entry.endsWith(".ts") ? [entry.replace(/([^/]+)\.ts$/, "@($1).ts")] : [`${entry}/**`]);
const ALL = LAYERS.flatMap((layer) => layer.modules.flatMap(globs));

/**
 * Zones for import/no-restricted-paths: every layer may not import the layers above it. Paths are absolute under
 * `root`, because the rule matches a glob `except` against the imported file's absolute path as it is.
 */
export function layerZones(root) {
  const at = (list) => list.map((glob) => path.join(root, glob));
  const zones = [];
  LAYERS.forEach((layer, i) => {
    const above = at(LAYERS.slice(i + 1).flatMap((l) => l.modules.flatMap(globs)));
    for (const entry of layer.modules) {
      const target = at(globs(entry));
      if (i === 0) {
        zones.push({
          target,
          from: at(ALL),
          except: target,
          message: `${entry} is at the bottom (README, Architecture): it imports nothing of ours.`,
        });
      } else if (above.length) {
        // A module of this layer or below that sits inside a folder of a higher layer (server/env.ts) stays allowed.
        zones.push({
          target,
          from: above,
          except: at(LAYERS.slice(0, i + 1).flatMap((l) => l.modules.flatMap(globs))),
          message: `${entry} is in the layer "${layer.name}" and may not import a layer above it (README, Architecture).`,
        });
      }
    }
  });
  return zones;
}

/** For tests: nothing below the app imports the app. */
export function testZones() {
  return [{ target: ["agents/**", "db/**", "server/**"], from: ["app/**"], message: "Only the app imports the app." }];
}
