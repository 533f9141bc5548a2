import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { readInputFromPath } from "~/agents/ingest";
import { runPipeline, type PipelineResult } from "~/agents/graph/pipeline";

/**
 * Our own cases from Microsoft's T-SQL reference, beside the shared docs corpus: further examples of the same pages
 * (and their neighbours) whose result the page prints, wrapped as procedures in the corpus's format. They exist to
 * check that the engine's rules follow the documented semantics rather than the shared cases they were first fixed
 * on. Each folder of agents/engine/testing/docs-examples is one family: `cases.sql`, `manifest.json` (each entry
 * names its page in `doc.path`, and `validated_at_least` is the family's floor) and `expected/<id>.csv`.
 */
const ROOT = path.join(import.meta.dirname, "testing/docs-examples");
const families = fs.existsSync(ROOT)
  ? fs
      .readdirSync(ROOT, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort()
  : [];

const ZFloor = z.object({ validated_at_least: z.number().int().nonnegative(), objects: z.array(z.unknown()) });

describe.each(families)("documented examples of the %s family through the whole pipeline", (family) => {
  const dir = path.join(ROOT, family);
  const manifest = ZFloor.parse(JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")));
  let result: PipelineResult;

  beforeAll(async () => {
    const input = await readInputFromPath(path.join(dir, "cases.sql"));
    result = await runPipeline(input, { adminUrl: inject("pgAdminUrl"), expectedDir: dir });
  }, 300_000);

  const cases = () => result.report.objects.filter((o) => o.kind === "procedure");

  it("returns no silently different data: no case is a mismatch", () => {
    expect(
      cases()
        .filter((o) => o.status === "mismatch")
        .map((o) => `${o.object}: ${o.reason}`),
    ).toEqual([]);
  });

  it("ends every case validated or needs_review naming the construct and its line", () => {
    const unexplained = cases().filter(
      (o) => o.status !== "validated" && !(o.status === "needs_review" && /\(line \d+\)/.test(o.reason ?? "")),
    );
    expect(unexplained.map((o) => `${o.object}: ${o.status}: ${o.reason}`)).toEqual([]);
  });

  it(`validates at least the family's floor against the results the pages print`, () => {
    expect(cases()).toHaveLength(manifest.objects.length);
    expect(cases().filter((o) => o.status === "validated").length).toBeGreaterThanOrEqual(manifest.validated_at_least);
  });
});
