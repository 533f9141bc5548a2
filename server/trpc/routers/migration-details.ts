import { getAssessment } from "~/server/services/migration-details/assessment";
import { getLineage } from "~/server/services/migration-details/lineage";
import { listLlmCalls } from "~/server/services/migration-details/llm-calls";
import { getObject, ZObjectRef } from "~/server/services/migration-details/object";
import { listObjects } from "~/server/services/migration-details/objects";
import { getOverview } from "~/server/services/migration-details/timeline";
import { ZMigrationId } from "~/server/services/migrations";
import { getHistory } from "~/server/services/fix-objects";
import { found } from "../app-errors";
import { createRouter, protectedProcedure } from "../trpc";

/** What the migration detail page reads: every procedure is owner-scoped by the service it calls. */
export const migrationDetailsRouter = createRouter({
  /** The migration, the six agents' timeline, the latest events, what has been produced so far. */
  overview: protectedProcedure
    .input(ZMigrationId)
    .query(async ({ ctx, input }) => found(await getOverview(ctx.db, ctx.userId, input.id))),

  /** One row per source object: model, status (provisional until the report), attempts, rows, comparison. */
  objects: protectedProcedure
    .input(ZMigrationId)
    .query(async ({ ctx, input }) => found(await listObjects(ctx.db, ctx.userId, input.id))),

  /** One object: original T-SQL, dbt SQL, compiled SQL, database error, data diff, repairs, LLM calls. */
  object: protectedProcedure
    .input(ZObjectRef)
    .query(async ({ ctx, input }) => found(await getObject(ctx.db, ctx.userId, input.id, input.key))),

  /** Sources and models with their dependencies, for the lineage DAG. */
  lineage: protectedProcedure
    .input(ZMigrationId)
    .query(async ({ ctx, input }) => found(await getLineage(ctx.db, ctx.userId, input.id))),

  /** The Assessment report: objects by kind, constructs, rules vs LLM vs review, estimated cost, diagnostics. */
  assessment: protectedProcedure
    .input(ZMigrationId)
    .query(async ({ ctx, input }) => found(await getAssessment(ctx.db, ctx.userId, input.id))),

  /** Every run (what was re-run, why, by whom, its counts), the edited models and the decisions on objects. */
  history: protectedProcedure
    .input(ZMigrationId)
    .query(async ({ ctx, input }) => found(await getHistory(ctx.db, ctx.userId, input.id))),

  /** Every Claude call made for the migration, newest first, with totals. */
  llmCalls: protectedProcedure
    .input(ZMigrationId)
    .query(async ({ ctx, input }) => found(await listLlmCalls(ctx.db, ctx.userId, input.id))),
});
