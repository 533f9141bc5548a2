import { TRPCError } from "@trpc/server";
import {
  cancelMigration,
  createMigration,
  deleteMigration,
  getMigration,
  listMigrations,
  MigrationStateError,
  retryMigration,
  ZCreateMigration,
  ZListMigrations,
  ZMigrationId,
} from "~/server/services/migrations";
import { UploadError } from "~/server/services/uploads";
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
    throw error;
  }
}

export const migrationsRouter = createRouter({
  list: protectedProcedure
    .input(ZListMigrations)
    .query(({ ctx, input }) => translateErrors(() => listMigrations(ctx.db, ctx.userId, input))),

  get: protectedProcedure.input(ZMigrationId).query(async ({ ctx, input }) => found(await getMigration(ctx.db, ctx.userId, input.id))),

  create: protectedProcedure
    .input(ZCreateMigration)
    .mutation(({ ctx, input }) => translateErrors(() => createMigration(ctx.db, ctx.userId, input))),

  cancel: protectedProcedure
    .input(ZMigrationId)
    .mutation(async ({ ctx, input }) => found(await translateErrors(() => cancelMigration(ctx.db, ctx.userId, input.id)))),

  retry: protectedProcedure
    .input(ZMigrationId)
    .mutation(async ({ ctx, input }) => found(await translateErrors(() => retryMigration(ctx.db, ctx.userId, input.id)))),

  delete: protectedProcedure
    .input(ZMigrationId)
    .mutation(async ({ ctx, input }) => found(await translateErrors(() => deleteMigration(ctx.db, ctx.userId, input.id)))),
});
