import { and, eq, type Placeholder } from "drizzle-orm";
import { migrations } from "~/db/schema";

/**
 * The one condition under which a user reads or changes a migration: its id and its owner (README, "Ownership").
 * Another user's id matches nothing, exactly like a missing one, so the answer is the same NOT_FOUND. Prepared
 * statements pass placeholders for both.
 */
export function ownMigration(id: string | Placeholder, userId: string | Placeholder) {
  return and(eq(migrations.id, id), eq(migrations.userId, userId))!;
}
