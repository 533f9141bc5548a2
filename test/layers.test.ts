import fs from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The layer rule (eslint.layers.js, README "Architecture") runs with the project's own ESLint configuration on
 * source text placed at a path in the tree, so a change that quietly switched it off fails here.
 */
const root = path.resolve(import.meta.dirname, "..");
const eslint = new ESLint({
  cwd: root,
  ruleFilter: ({ ruleId }) => ruleId === "import/no-restricted-paths" || ruleId === "import/no-cycle",
});
// import/no-cycle reads the files it follows from disk and fails on text that is in no file, so the zones are probed alone.
const zonesOnly = new ESLint({ cwd: root, ruleFilter: ({ ruleId }) => ruleId === "import/no-restricted-paths" });

async function layerErrors(file: string, text: string): Promise<string[]> {
  const [result] = await zonesOnly.lintText(text, { filePath: path.join(root, file) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe("the layer rule", () => {
  it("refuses an upward import: an agent importing the server", async () => {
    const errors = await layerErrors(
      "agents/translate/probe.ts",
      'import { createMigration } from "~/server/services/migrations";\nexport const f = createMigration;\n',
    );
    expect(errors).toEqual([
      expect.stringMatching(
        /^import\/no-restricted-paths: .*agents\/translate is in the layer "translation" and may not import a layer above it/,
      ),
    ]);
  });

  it("refuses an import up the agents' tiers: the translator importing the dbt writer", async () => {
    const errors = await layerErrors(
      "agents/translate/probe.ts",
      'import { writeProject } from "~/agents/dbt/project";\nexport const f = writeProject;\n',
    );
    expect(errors).toEqual([
      expect.stringMatching(
        /^import\/no-restricted-paths: .*agents\/translate is in the layer "translation" and may not/,
      ),
    ]);
  });

  it("refuses an import between two folders of one layer: the Evaluator importing the sandbox", async () => {
    const errors = await layerErrors(
      "agents/evaluate/probe.ts",
      'import { createSandbox } from "~/agents/sandbox/sandbox";\nexport const f = createSandbox;\n',
    );
    expect(errors).toEqual([
      expect.stringMatching(
        /^import\/no-restricted-paths: .*agents\/evaluate may not import .*agents\/sandbox.*side by side/,
      ),
    ]);
  });

  it("refuses any import of ours at the bottom: the contracts importing the catalog", async () => {
    const errors = await layerErrors(
      "agents/core/probe.ts",
      'import type { Catalog } from "~/agents/catalog/schema";\nexport type C = Catalog;\n',
    );
    expect(errors).toEqual([expect.stringMatching(/^import\/no-restricted-paths: .*agents\/core is at the bottom/)]);
  });

  it("allows imports of the layers below", async () => {
    expect(
      await layerErrors(
        "agents/worker/probe.ts",
        'import { ZMigrationReport } from "~/agents/core/contracts";\nimport { quoteIdent } from "~/agents/dialect/postgres";\nexport const f = [ZMigrationReport, quoteIdent];\n',
      ),
    ).toEqual([]);
    expect(await layerErrors("db/probe.ts", 'import { env } from "~/runtime/env";\nexport const e = env;\n')).toEqual(
      [],
    );
    expect(
      await layerErrors(
        "agents/dbt/probe.ts",
        'import { columnNames } from "~/agents/plan/naming";\nimport { translateObject } from "~/agents/translate";\nimport { writeCsv } from "~/agents/evaluate/csv";\nexport const f = [columnNames, translateObject, writeCsv];\n',
      ),
    ).toEqual([]);
  });

  it("refuses an import of a test, from a module or another test: no-cycle leaves the tests out as nothing imports them", async () => {
    const probe = 'import { it } from "~/agents/plan/plan.test";\nexport const f = it;\n';
    for (const file of ["agents/translate/probe.ts", "agents/translate/probe.test.ts"]) {
      expect(await layerErrors(file, probe)).toEqual([
        expect.stringMatching(/^import\/no-restricted-paths: .*A test is run, not imported/),
      ]);
    }
  });

  it("refuses an import cycle between the files of a folder", async () => {
    const dir = fs.mkdtempSync(path.join(root, "test", "cycle-"));
    try {
      fs.writeFileSync(path.join(dir, "a.ts"), 'import { b } from "./b";\nexport const a = () => b;\n');
      fs.writeFileSync(path.join(dir, "b.ts"), 'import { a } from "./a";\nexport const b = () => a;\n');
      const [result] = await eslint.lintFiles([path.join(dir, "a.ts")]);
      expect(result!.messages.map((m) => m.ruleId)).toEqual(["import/no-cycle"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
