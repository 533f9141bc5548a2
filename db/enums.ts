/** Enum values shared by the schema and the browser (which must not import the Drizzle schema's server code). */
export const migrationStatus = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export const jobStatus = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
/** `paste`: T-SQL pasted into the dashboard, stored as a script. */
export const migrationSourceKind = ["sample", "upload", "paste"] as const;
