import { z } from "zod";
import { ZStatusCounts } from "./contracts";

/** Objects by status, as a finished migration's summary counts them (the report's StatusCounts). */
export type SummaryCounts = z.infer<typeof ZStatusCounts>;

/**
 * A finished migration's counts (`migrations.summary`, `migration_runs.summary`, the finished event's payload).
 * `validated` is views, procedures and functions that returned SQL Server's data; source tables are at best
 * `loaded`. The optional fields are absent from rows written before tables and programmable objects were counted
 * apart, or before owners could decide on objects. Depends on nothing but zod: db/schema.ts types the columns with it.
 */
export const ZMigrationSummary = z.object({
  total: z.number(),
  validated: z.number(),
  loaded: z.number().optional(),
  mismatch: z.number(),
  executed: z.number(),
  needs_review: z.number(),
  failed: z.number(),
  /** Views, procedures, functions and triggers. */
  programmable: ZStatusCounts.optional(),
  /** Source tables. */
  tables: ZStatusCounts.optional(),
  /** Objects the owner accepted or put out of scope (object_decisions), no longer counted as issues above. */
  decided: z.object({ accepted: z.number(), out_of_scope: z.number() }).optional(),
  llmCostUsd: z.number(),
});
export type MigrationSummary = z.infer<typeof ZMigrationSummary>;
