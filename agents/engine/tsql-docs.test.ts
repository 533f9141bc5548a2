import { beforeAll, describe, expect, inject, it } from "vitest";
import { readInputFromPath } from "~/agents/ingest";
import { runPipeline, type PipelineResult } from "~/agents/graph/pipeline";
import { SHARED_FIXTURES, sharedCorpus } from "~/runtime/testing/corpora";

/**
 * The T-SQL reference corpus (../shared/fixtures/tsql-docs: cases from Microsoft's documentation, with the results
 * SQL Server printed), end to end through runPipeline. What this proves is the engine's honesty on constructs
 * Northwind never uses: no case may build and return different data (mismatch) or fail without a reason; what
 * the rules cannot do faithfully is needs_review naming the construct and its line.
 */
const CORPUS = sharedCorpus("tsql-docs");
const present = CORPUS !== undefined;
if (!present)
  console.warn(`SKIPPED: the T-SQL docs corpus test needs ${SHARED_FIXTURES}/tsql-docs (a script + manifest.json).`);

/** The validated count this engine has reached; a change that lowers it is a regression. */
const VALIDATED_AT_LEAST = 176;

const title = present
  ? "the T-SQL docs corpus through the whole pipeline"
  : `the T-SQL docs corpus — SKIPPED: ${SHARED_FIXTURES}/tsql-docs is absent`;

describe.skipIf(!present)(title, () => {
  let result: PipelineResult;

  beforeAll(async () => {
    const input = await readInputFromPath(CORPUS!.script);
    result = await runPipeline(input, { adminUrl: inject("pgAdminUrl"), expectedDir: CORPUS!.dir });
  }, 300_000);

  const cases = () => result.report.objects.filter((o) => o.kind === "procedure");

  it("returns no silently different data: no case is a mismatch", () => {
    expect(
      cases()
        .filter((o) => o.status === "mismatch")
        .map((o) => `${o.object}: ${o.reason}`),
    ).toEqual([]);
  });

  it("ends every case validated or needs_review, never failed without a construct", () => {
    expect(
      cases()
        .filter((o) => o.status === "failed")
        .map((o) => `${o.object}: ${o.reason}`),
    ).toEqual([]);
  });

  it("names the construct and its line for every case it sends to review", () => {
    const unnamed = cases().filter((o) => o.status === "needs_review" && !/\(line \d+\)/.test(o.reason ?? ""));
    expect(unnamed.map((o) => `${o.object}: ${o.reason}`)).toEqual([]);
  });

  it(`validates at least ${VALIDATED_AT_LEAST} of the 176 cases against SQL Server's printed results`, () => {
    expect(cases()).toHaveLength(176);
    expect(cases().filter((o) => o.status === "validated").length).toBeGreaterThanOrEqual(VALIDATED_AT_LEAST);
  });
});
