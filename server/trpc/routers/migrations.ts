import {
  cancelMigration,
  createMigration,
  deleteMigration,
  getMigration,
  listMigrations,
  rerunMigration,
  retryMigration,
  ZCreateMigration,
  ZListMigrations,
  ZMigrationId,
  ZPreviewSource,
} from "~/server/services/migrations";
import { accountStats } from "~/server/services/migration-details/account-stats";
import {
  attachExpected,
  decideObject,
  editModel,
  rerunObjects,
  ZAttachExpected,
  ZDecideObject,
  ZEditModel,
  ZRerunObjects,
} from "~/server/services/fix-objects";
import { previewPool } from "~/server/services/preview-pool";
import { found } from "../app-errors";
import { carriesUpload, rateLimited } from "../rate-limited";
import { createRouter, protectedProcedure } from "../trpc";

export const migrationsRouter = createRouter({
  list: protectedProcedure.input(ZListMigrations).query(({ ctx, input }) => listMigrations(ctx.db, ctx.userId, input)),

  get: protectedProcedure
    .input(ZMigrationId)
    .query(async ({ ctx, input }) => found(await getMigration(ctx.db, ctx.userId, input.id))),

  create: protectedProcedure
    .use(rateLimited("migrationCreate"))
    .use(rateLimited("upload", carriesUpload))
    .input(ZCreateMigration)
    .mutation(({ ctx, input }) => createMigration(ctx.db, ctx.userId, input)),

  cancel: protectedProcedure
    .input(ZMigrationId)
    .mutation(async ({ ctx, input }) => found(await cancelMigration(ctx.db, ctx.userId, input.id))),

  retry: protectedProcedure
    .input(ZMigrationId)
    .mutation(async ({ ctx, input }) => found(await retryMigration(ctx.db, ctx.userId, input.id))),

  /**
   * Re-runs a finished migration from the first agent (fresh translation and repair attempts for every object;
   * the previous checkpoints, artifacts and outputs are discarded). The dashboard's "Re-run everything".
   */
  rerun: protectedProcedure
    .input(ZMigrationId)
    .mutation(async ({ ctx, input }) => found(await rerunMigration(ctx.db, ctx.userId, input.id))),

  /**
   * Re-runs some objects (`keys`), or every object that did not pass, through Tester → Rebuilder → Evaluator (with
   * the models that read them); the other objects keep their results. A new entry in the migration's run history.
   */
  rerunObjects: protectedProcedure
    .use(rateLimited("migrationCreate"))
    .input(ZRerunObjects)
    .mutation(async ({ ctx, input }) => found(await rerunObjects(ctx.db, ctx.userId, input))),

  /** Saves the owner's SQL for one model (kept in the project and the report) and rebuilds and re-compares it. */
  editModel: protectedProcedure
    .use(rateLimited("migrationCreate"))
    .input(ZEditModel)
    .mutation(async ({ ctx, input }) => found(await editModel(ctx.db, ctx.userId, input))),

  /** Accepts an object that needs review (with a note), puts one out of scope, or takes the decision back. */
  decideObject: protectedProcedure
    .input(ZDecideObject)
    .mutation(async ({ ctx, input }) => found(await decideObject(ctx.db, ctx.userId, input))),

  /** Attaches or replaces the expected results (checked as at creation) and re-evaluates every model. */
  attachExpected: protectedProcedure
    .use(rateLimited("migrationCreate"))
    .use(rateLimited("upload"))
    .input(ZAttachExpected)
    .mutation(async ({ ctx, input }) => found(await attachExpected(ctx.db, ctx.userId, input))),

  /**
   * The Assessment preview of a source, before creating anything: objects by kind, constructs, what rules can
   * do, what needs the LLM or review, estimated LLM cost, diagnostics with file and line. A mutation because
   * the source travels in the body (up to 10 MB).
   */
  preview: protectedProcedure
    .use(rateLimited("preview"))
    .use(rateLimited("upload", carriesUpload))
    .input(ZPreviewSource)
    .mutation(({ ctx, input }) => previewPool().run(ctx.userId, input)),

  /** The signed-in user's migrations in numbers (account page). */
  stats: protectedProcedure.query(({ ctx }) => accountStats(ctx.db, ctx.userId)),

  delete: protectedProcedure
    .input(ZMigrationId)
    .mutation(async ({ ctx, input }) => found(await deleteMigration(ctx.db, ctx.userId, input.id))),
});
