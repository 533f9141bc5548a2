/** Enum values shared by the schema and the browser (which must not import the Drizzle schema's server code). */
/** `completed_with_issues`: the pipeline ran to the end, but some object failed, mismatched or needs review (agents/worker/outcome.ts). */
export const migrationStatus = [
  "queued",
  "running",
  "succeeded",
  "completed_with_issues",
  "failed",
  "cancelled",
] as const;
export const jobStatus = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
/** `paste`: T-SQL pasted into the dashboard, stored as a script. */
export const migrationSourceKind = ["sample", "upload", "paste"] as const;
/** A migration in one of these states has ended: no more events will come until a retry or re-run. */
export const finishedMigrationStatus = ["succeeded", "completed_with_issues", "failed", "cancelled"] as const;
