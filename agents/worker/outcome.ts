import type { MigrationSummary, SummaryCounts } from "~/db/schema";

/** How a migration whose pipeline ran to the end is labelled. */
export type FinishedOutcome = "succeeded" | "completed_with_issues";

/** Objects that did not reach a green status: failed, returned other rows than expected, or need a person. */
export function issueCount(counts: Pick<SummaryCounts, "mismatch" | "needs_review" | "failed">): number {
  return (counts.mismatch ?? 0) + (counts.needs_review ?? 0) + (counts.failed ?? 0);
}

/**
 * The status of a migration whose pipeline ran to the end. Green `succeeded` only when every view, procedure
 * and function was validated (returned the expected rows) or, without expected data, executed, and every
 * source table was loaded (or executed): any object failed, mismatched or needing review makes it
 * `completed_with_issues`. Summaries from before programmable objects and tables were counted apart are judged
 * on their totals, which carry the same statuses.
 */
export function finishedStatus(summary: Pick<MigrationSummary, "mismatch" | "needs_review" | "failed" | "programmable" | "tables">): FinishedOutcome {
  const issues = summary.programmable && summary.tables ? issueCount(summary.programmable) + issueCount(summary.tables) : issueCount(summary);
  return issues > 0 ? "completed_with_issues" : "succeeded";
}
