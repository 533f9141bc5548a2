import { eq, sql } from "drizzle-orm";
import type { Database } from "~/db/client";
import { migrations } from "~/db/schema";

/** Account: the user's migrations in numbers. */

export async function accountStats(db: Database, userId: string) {
  const byStatus = await db
    .select({ status: migrations.status, count: sql<number>`count(*)`.mapWith(Number) })
    .from(migrations)
    .where(eq(migrations.userId, userId))
    .groupBy(migrations.status);
  const [totals] = await db
    .select({
      validated: sql<number>`coalesce(sum((${migrations.summary}->>'validated')::int), 0)`.mapWith(Number),
      objects: sql<number>`coalesce(sum((${migrations.summary}->>'total')::int), 0)`.mapWith(Number),
      // Views, procedures and functions apart from source tables (which are at best loaded). A summary written
      // before the split has no groups: all its objects count as programmable, as they were counted then.
      programmable:
        sql<number>`coalesce(sum(coalesce((${migrations.summary}->'programmable'->>'total')::int, (${migrations.summary}->>'total')::int)), 0)`.mapWith(
          Number,
        ),
      tables: sql<number>`coalesce(sum((${migrations.summary}->'tables'->>'total')::int), 0)`.mapWith(Number),
      loaded: sql<number>`coalesce(sum((${migrations.summary}->>'loaded')::int), 0)`.mapWith(Number),
      llmCostUsd:
        sql<number>`coalesce((select sum(c.cost_usd) from llm_calls c join migrations m on m.id = c.migration_id where m.user_id = ${userId}), 0)::float8`.mapWith(
          Number,
        ),
    })
    .from(migrations)
    .where(eq(migrations.userId, userId));
  return {
    migrations: Object.fromEntries(byStatus.map((s) => [s.status, s.count])) as Partial<
      Record<(typeof migrations.status.enumValues)[number], number>
    >,
    total: byStatus.reduce((n, s) => n + s.count, 0),
    objectsValidated: totals!.validated,
    objectsMigrated: totals!.objects,
    programmableMigrated: totals!.programmable,
    tablesLoaded: totals!.loaded,
    tablesMigrated: totals!.tables,
    llmCostUsd: totals!.llmCostUsd,
  };
}
