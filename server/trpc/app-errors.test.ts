import { describe, expect, it } from "vitest";
import { z } from "zod";
import { APP_ERROR_CODES, AppError } from "~/server/errors";
import { MigrationStateError } from "~/server/services/migrations";
import { UploadError } from "~/server/services/uploads";
import { found } from "./app-errors";
import { createCallerFactory, createRouter, publicProcedure, type Context } from "./trpc";

/**
 * A service's refusal (AppError) becomes its tRPC error in one place, for every procedure: the code the caller
 * (and the HTTP status) gets, and the message as the service wrote it; anything else stays an internal error.
 */
const router = createRouter({
  refuse: publicProcedure.input(z.object({ code: z.enum(APP_ERROR_CODES) })).query(({ input }) => {
    throw new AppError(input.code, `refused: ${input.code}`);
  }),
  conflict: publicProcedure.query(() => {
    throw new MigrationStateError("This migration is running");
  }),
  upload: publicProcedure.query(() => {
    throw new UploadError("x.zip is empty");
  }),
  missing: publicProcedure.query(() => found(null)),
  crash: publicProcedure.query(() => {
    throw new Error("select * from secrets");
  }),
});
const caller = createCallerFactory(router)({} as Context);

const failure = async (call: Promise<unknown>) => {
  const error = (await call.then(
    () => null,
    (e: unknown) => e,
  )) as { code: string; message: string } | null;
  return error && { code: error.code, message: error.message };
};

describe("service refusals over tRPC", () => {
  it.each([
    ["invalid_input", "BAD_REQUEST"],
    ["unauthorized", "UNAUTHORIZED"],
    ["not_found", "NOT_FOUND"],
    ["conflict", "CONFLICT"],
    ["quota_exceeded", "FORBIDDEN"],
    ["busy", "TOO_MANY_REQUESTS"],
  ] as const)("answers %s as %s with the service's message", async (code, trpcCode) => {
    expect(await failure(caller.refuse({ code }))).toEqual({ code: trpcCode, message: `refused: ${code}` });
  });

  it("maps the named refusals by their code, a missing record as NOT_FOUND, and leaves anything else internal", async () => {
    expect(await failure(caller.conflict())).toEqual({ code: "CONFLICT", message: "This migration is running" });
    expect(await failure(caller.upload())).toEqual({ code: "BAD_REQUEST", message: "x.zip is empty" });
    expect(await failure(caller.missing())).toEqual({ code: "NOT_FOUND", message: "Migration not found" });
    expect((await failure(caller.crash()))?.code).toBe("INTERNAL_SERVER_ERROR");
  });
});
