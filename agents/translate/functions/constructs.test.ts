import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assess, constructRule } from "~/agents/assess";
import { ingest } from "~/agents/ingest";
import { sampleScriptPath } from "~/agents/sample";
import { translateAll } from "../translate";
import { FUNCTIONS, SYNTAX_CONSTRUCTS } from ".";
import { sharedCorpora } from "~/runtime/testing/corpora";

/**
 * One vocabulary of construct names (./constructs.ts): the Emitter takes only a `Construct` (the compiler refuses
 * any other name), and every name of it is one the assessment scores. What the type cannot see (a function's
 * upper-case name) is checked here on every script we have.
 */

const SCRIPTS = [sampleScriptPath, ...sharedCorpora().map((corpus) => corpus.script)];

describe("the construct vocabulary shared by the assessment and the translator", () => {
  it("scores every declared construct, every registry function by its construct and its name, and each family", () => {
    for (const name of Object.keys(SYNTAX_CONSTRUCTS)) expect(constructRule(name), name).toBeDefined();
    for (const [called, def] of FUNCTIONS) {
      expect(constructRule(called.toUpperCase()), called).toBeDefined();
      if (def.construct) expect(constructRule(def.construct), called).toBeDefined();
    }
    for (const name of ["@@SPID", "SET NOCOUNT", "XML .value()", "FOR XML PATH", "FOR JSON AUTO"])
      expect(constructRule(name), name).toBeDefined();
    // A function the registry does not know is scored as one; a name of none of these is not scored.
    expect(constructRule("NOSUCHFN")).toBe(SYNTAX_CONSTRUCTS["unknown function"]);
    expect(constructRule("string +")).toBeUndefined();
  });

  it.each(SCRIPTS.map((file) => [path.basename(file), file]))(
    "names only scored constructs when it translates and assesses %s",
    (_name, file) => {
      const catalog = ingest({ kind: "script", file: path.basename(file), bytes: fs.readFileSync(file) });
      const { results } = translateAll(catalog);
      const named = new Set([
        ...results.flatMap((r) => [...r.constructs, ...r.issues.map((i) => i.construct)]),
        ...assess(catalog).objects.flatMap((o) => o.constructs),
      ]);
      expect(named.size).toBeGreaterThan(0);
      expect([...named].filter((name) => constructRule(name) === undefined)).toEqual([]);
    },
  );
});
