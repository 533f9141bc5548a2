import { TRPCError } from "@trpc/server";
import {
  cancelMigration,
  createMigration,
  deleteMigration,
  getMigration,
  listMigrations,
  MigrationStateError,
  rerunMigration,
  retryMigration,
  ZCreateMigration,
  ZListMigrations,
  ZMigrationId,
  ZPreviewSource,
} from "~/server/services/migrations";
import { accountStats } from "~/server/services/migration-details/account-stats";
import { attachExpected, decideObject, editModel, rerunObjects, ZAttachExpected, ZDecideObject, ZEditModel, ZRerunObjects } from "~/server/services/fix-objects";
import { PreviewBusyError, previewPool } from "~/server/services/preview-pool";
import { QuotaExceededError } from "~/server/services/quotas";
import { UploadError } from "~/server/services/uploads";
import { carriesUpload, rateLimited } from "../rate-limited";
import { createRouter, protectedProcedure } from "../trpc";

/** Another user's migration answers exactly as a missing one does: NOT_FOUND, with no data. */
function found<T>(value: T | null): T {
  if (value === null) throw new TRPCError({ code: "NOT_FOUND", message: "Migration not found" });
  return value;
}

async function translateErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MigrationStateError) throw new TRPCError({ code: "CONFLICT", message: error.message });
    if (error instanceof UploadError) throw new TRPCError({ code: "BAD_REQUEST", message: error.message });
    if (error instanceof QuotaExceededError) throw new TRPCError({ code: "FORBIDDEN", message: error.message });
    if (error instanceof PreviewBusyError) throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: error.message });
    throw error;
  }
}

export const migrationsRouter = createRouter({
  list: protectedProcedure
    .input(ZListMigrations)
    .query(({ ctx, input }) => translateErrors(() => listMigrations(ctx.db, ctx.userId, input))),

  get: protectedProcedure.input(ZMigrationId).query(async ({ ctx, input }) => found(await getMigration(ctx.db, ctx.userId, input.id))),

  create: protectedProcedure
    .use(rateLimited("migrationCreate"))
    .use(rateLimited("upload", carriesUpload))
    .input(ZCreateMigration)
    .mutation(({ ctx, input }) => translateErrors(() => createMigration(ctx.db, ctx.userId, input))),

  cancel: protectedProcedure
    .input(ZMigrationId)
    .mutation(async ({ ctx, input }) => found(await translateErrors(() => cancelMigration(ctx.db, ctx.userId, input.id)))),

  retry: protectedProcedure
    .input(ZMigrationId)
    .mutation(async ({ ctx, input }) => found(await translateErrors(() => retryMigration(ctx.db, ctx.userId, input.id)))),

  /**
   * Re-runs a finished migration from the first agent (fresh translation and repair attempts for every object;
   * the previous checkpoints, artifacts and outputs are discarded). The dashboard's "Re-run everything".
   */
  rerun: protectedProcedure
    .input(ZMigrationId)
    .mutation(async ({ ctx, input }) => found(await translateErrors(() => rerunMigration(ctx.db, ctx.userId, input.id)))),

  /**
   * Re-runs some objects (`keys`), or every object that did not pass, through Tester → Rebuilder → Evaluator (with
   * the models that read them); the other objects keep their results. A new entry in the migration's run history.
   */
  rerunObjects: protectedProcedure
    .use(rateLimited("migrationCreate"))
    .input(ZRerunObjects)
    .mutation(async ({ ctx, input }) => found(await translateErrors(() => rerunObjects(ctx.db, ctx.userId, input)))),

  /** Saves the owner's SQL for one model (kept in the project and the report) and rebuilds and re-compares it. */
  editModel: protectedProcedure
    .use(rateLimited("migrationCreate"))
    .input(ZEditModel)
    .mutation(async ({ ctx, input }) => found(await translateErrors(() => editModel(ctx.db, ctx.userId, input)))),

  /** Accepts an object that needs review (with a note), puts one out of scope, or takes the decision back. */
  decideObject: protectedProcedure
    .input(ZDecideObject)
    .mutation(async ({ ctx, input }) => found(await translateErrors(() => decideObject(ctx.db, ctx.userId, input)))),

  /** Attaches or replaces the expected results (checked as at creation) and re-evaluates every model. */
  attachExpected: protectedProcedure
    .use(rateLimited("migrationCreate"))
    .use(rateLimited("upload"))
    .input(ZAttachExpected)
    .mutation(async ({ ctx, input }) => found(await translateErrors(() => attachExpected(ctx.db, ctx.userId, input)))),

  /**
   * The Assessment preview of a source, before creating anything: objects by kind, constructs, what rules can
   * do, what needs the LLM or review, estimated LLM cost, diagnostics with file and line. A mutation because
   * the source travels in the body (up to 10 MB).
   */
  preview: protectedProcedure
    .use(rateLimited("preview"))
    .use(rateLimited("upload", carriesUpload))
    .input(ZPreviewSource)
    .mutation(({ ctx, input }) => translateErrors(() => previewPool().run(ctx.userId, input))),

  /** The signed-in user's migrations in numbers (account page). */
  stats: protectedProcedure.query(({ ctx }) => accountStats(ctx.db, ctx.userId)),

  delete: protectedProcedure
    .input(ZMigrationId)
    .mutation(async ({ ctx, input }) => found(await translateErrors(() => deleteMigration(ctx.db, ctx.userId, input.id)))),
});
