import { z } from "zod";

const ZVarValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);

/**
 * How a migration runs, as its owner asked (`migrations.options`): validated when it is created (server/services),
 * read by the worker. Depends on nothing but zod: db/schema.ts types the column with it.
 */
export const ZMigrationOptions = z
  .object({
    /** Use Claude where the rules cannot translate faithfully (needs ANTHROPIC_API_KEY on the worker). */
    useLlm: z.boolean().optional(),
    /** dbt vars for procedure parameters, by parameter name without `@`. */
    vars: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "Var names are letters, digits and _"), ZVarValue)
      .refine((v) => Object.keys(v).length <= 100, "At most 100 vars")
      .optional(),
    /** How many times the Rebuilder may repair one model. */
    maxRepairAttempts: z.number().int().min(0).max(10).optional(),
  })
  .strict();
export type MigrationOptions = z.infer<typeof ZMigrationOptions>;
