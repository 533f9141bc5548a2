import { describe, expect, it } from "vitest";
import type { MigrationSummary } from "~/db/schema";
import { finishedStatus, withDecisions } from "./outcome";

/** An owner's decisions take objects out of the issues, counted apart, in the totals and in their group. */
const counts = (c: Partial<MigrationSummary["programmable"] & object>) => ({
  total: 0,
  validated: 0,
  loaded: 0,
  mismatch: 0,
  executed: 0,
  needs_review: 0,
  failed: 0,
  ...c,
});
const SUMMARY: MigrationSummary = {
  ...counts({ total: 5, validated: 1, loaded: 1, needs_review: 1, mismatch: 1, failed: 1 }),
  programmable: counts({ total: 4, validated: 1, needs_review: 1, mismatch: 1, failed: 1 }),
  tables: counts({ total: 1, loaded: 1 }),
  llmCostUsd: 0,
};
const OBJECTS = [
  { key: "dbo.v_ok", kind: "view", status: "validated" },
  { key: "dbo.p_review", kind: "procedure", status: "needs_review" },
  { key: "dbo.v_diff", kind: "view", status: "mismatch" },
  { key: "dbo.v_fail", kind: "view", status: "failed" },
  { key: "dbo.t", kind: "table", status: "loaded" },
];

describe("decisions on objects", () => {
  it("moves each decided issue from its status to `decided`, in the totals and the group, and turns green when none is left", () => {
    const decided = withDecisions(SUMMARY, OBJECTS, [
      { objectKey: "dbo.p_review", decision: "accepted" },
      { objectKey: "dbo.v_diff", decision: "out_of_scope" },
      { objectKey: "dbo.v_fail", decision: "out_of_scope" },
    ]);
    expect(decided).toMatchObject({
      needs_review: 0,
      mismatch: 0,
      failed: 0,
      decided: { accepted: 1, out_of_scope: 2 },
      programmable: { needs_review: 0, mismatch: 0, failed: 0 },
    });
    expect(finishedStatus(decided)).toBe("succeeded");
    expect(SUMMARY.programmable!.failed).toBe(1); // the input is not changed
  });

  it("stays amber while one issue has no decision, and ignores decisions on green or unknown objects", () => {
    const partly = withDecisions(SUMMARY, OBJECTS, [
      { objectKey: "dbo.p_review", decision: "accepted" },
      { objectKey: "dbo.v_ok", decision: "out_of_scope" },
      { objectKey: "dbo.gone", decision: "out_of_scope" },
    ]);
    expect(partly).toMatchObject({ validated: 1, mismatch: 1, failed: 1, decided: { accepted: 1, out_of_scope: 0 } });
    expect(finishedStatus(partly)).toBe("completed_with_issues");
  });
});
