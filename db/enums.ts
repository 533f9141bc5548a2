/** Enum values shared by the schema and the browser (which must not import the Drizzle schema's server code). */
export const migrationStatus = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export const jobStatus = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export const migrationSourceKind = ["sample", "upload"] as const;
