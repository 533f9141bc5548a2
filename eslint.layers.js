/**
 * The layers of the code base, lowest first (README, "Architecture"). A folder may import the layers below it,
 * never one above, and never another folder of its own layer: the folders of a layer stand side by side, so no
 * two folders can import each other (no folder-level cycle). The bottom layer has nothing below it, so it imports
 * nothing of ours. ESLint enforces it (import/no-restricted-paths, zones built here; import/no-cycle for cycles
 * between the files of one folder), and test/layers.test.ts proves the rule still refuses what it should.
 */
import path from "node:path";

export const LAYERS = [
  {
    name: "contracts and rules that import nothing of ours",
    modules: ["agents/core", "agents/escape", "agents/catalog", "runtime"],
  },
  { name: "T-SQL and PostgreSQL", modules: ["agents/tsql", "agents/dialect"] },
  { name: "reading the input", modules: ["agents/ingest"] },
  // The agents' work, in five tiers: what each uses sits below it.
  { name: "model names and build order", modules: ["agents/plan"] },
  { name: "translation", modules: ["agents/translate"] },
  {
    name: "what works from the translation or the results",
    modules: ["agents/assess", "agents/sandbox", "agents/evaluate", "agents/report", "agents/llm"],
  },
  { name: "what is written from them", modules: ["agents/dbt", "agents/sample"] },
  { name: "building and repairing the project", modules: ["agents/tester", "agents/rebuild"] },
  { name: "the steps of a migration", modules: ["agents/engine"] },
  { name: "the one composition of the steps", modules: ["agents/graph"] },
  { name: "storage", modules: ["db"] },
  { name: "progress events", modules: ["agents/events"] },
  { name: "the worker", modules: ["agents/worker"] },
  { name: "the server", modules: ["server"] },
  { name: "the web app, the command line, the end-to-end tests", modules: ["app", "scripts", "e2e"] },
];

/** Tests and their helpers build a database, a server or a worker from any layer below the app. */
export const TEST_FILES = ["**/*.test.ts", "**/*.test.tsx", "**/testing/**", "**/testing.ts"];

/** The tests themselves (not their helpers) and the end-to-end specs: run by a runner, imported by no module. */
export const UNIMPORTED_FILES = ["**/*.test.ts", "**/*.test.tsx", "e2e/**/*.spec.ts"];

/** No module imports a test, so a test is on no import cycle (eslint.config.js leaves no-cycle off for them). */
const unimportedZone = (root) => ({
  target: path.join(root, "**"),
  from: UNIMPORTED_FILES.map((glob) => path.join(root, glob)),
  message: "A test is run, not imported: move what it shares into a testing helper (testing.ts or testing/).",
});

/**
 * Zones for import/no-restricted-paths: each folder may not import its layer's other folders nor the layers above
 * it. Paths are absolute under `root`, as the rule resolves the imported file to an absolute path.
 */
export function layerZones(root) {
  const at = (modules) => modules.map((module) => path.join(root, module, "**"));
  const layered = LAYERS.flatMap((layer, i) =>
    layer.modules.flatMap((module) => {
      const target = at([module]);
      const siblings = layer.modules.filter((m) => m !== module);
      const above = LAYERS.slice(i + 1).flatMap((l) => l.modules);
      if (i === 0) {
        const message = `${module} is at the bottom (README, Architecture): it imports nothing of ours.`;
        return [{ target, from: at([...siblings, ...above]), message }];
      }
      const zones = [];
      if (siblings.length) {
        zones.push({
          target,
          from: at(siblings),
          message: `${module} may not import ${siblings.join(", ")}: they share the layer "${layer.name}" and stand side by side (README, Architecture).`,
        });
      }
      if (above.length) {
        zones.push({
          target,
          from: at(above),
          message: `${module} is in the layer "${layer.name}" and may not import a layer above it (README, Architecture).`,
        });
      }
      return zones;
    }),
  );
  return [...layered, unimportedZone(root)];
}

/** For tests: nothing below the app imports the app, and no test imports another. */
export function testZones(root) {
  return [
    { target: ["agents/**", "db/**", "server/**"], from: ["app/**"], message: "Only the app imports the app." },
    unimportedZone(root),
  ];
}
