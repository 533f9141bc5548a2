/**
 * tRPC, in three parts (as create-t3-app lays it out):
 * 1. CONTEXT: who is calling (API key or session) and the database.
 * 2. INITIALIZATION: the tRPC instance and its error shape.
 * 3. PROCEDURES: `publicProcedure` and `protectedProcedure`, the only builders routers use.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Database } from "~/db/client";
import { sessionUserId } from "~/server/auth/session";
import type { RateLimits } from "~/server/rate-limit/policies";
import { RateLimitedError } from "~/server/rate-limit/rate-limit";
import { authenticateApiKey } from "~/server/services/api-keys";
import { AppError } from "~/server/errors";
import { toTRPCError } from "./app-errors";
import { UnstorableTextError, unstorableTextIssues } from "./storable-text";

// 1. CONTEXT

export type Context = {
  db: Database;
  userId: string | null;
  /** Why a presented credential was refused, reported by protectedProcedure. */
  authError: string | null;
  /** The caller's address (server/rate-limit/client-address.ts): what anonymous actions are limited per. */
  clientAddress: string;
  rateLimits: RateLimits;
};

type RequestHeaders = Record<string, string | string[] | undefined>;
/** What the HTTP server knows of the request besides its headers. */
export type RequestFacts = { clientAddress: string; rateLimits: RateLimits };

/**
 * `Authorization: Bearer <key>` wins over the session cookie: scripts send keys, browsers send cookies.
 * A key that is unknown, revoked or expired is refused outright rather than falling back to the cookie.
 */
export async function createContext(
  db: Database,
  headers: RequestHeaders,
  authSecret: string | undefined,
  facts: RequestFacts,
): Promise<Context> {
  const authorization = headers.authorization;
  if (typeof authorization === "string" && authorization.length > 0) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) return { db, userId: null, authError: "Authorization header must be 'Bearer <API key>'", ...facts };
    const key = await authenticateApiKey(db, match[1]!);
    return key
      ? { db, userId: key.userId, authError: null, ...facts }
      : { db, userId: null, authError: "API key is invalid, revoked or expired", ...facts };
  }
  const userId = authSecret ? await sessionUserId(db, headers, authSecret) : null;
  return { db, userId, authError: null, ...facts };
}

// 2. INITIALIZATION

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    // zod's issues, flattened to "field: message" pairs a form or a script can show as they are.
    const issues =
      error.cause instanceof z.ZodError || error.cause instanceof UnstorableTextError
        ? error.cause.issues.map((i) => ({ path: i.path.join("."), message: i.message }))
        : null;
    // An unexpected error's message may be a failed query with its SQL and bound parameters: never send it.
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    const message = issues
      ? issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")
      : internal
        ? "Internal server error"
        : shape.message;
    // A rate-limited call says when to come back (the HTTP handler also sends it as Retry-After).
    const retryAfterSeconds = error.cause instanceof RateLimitedError ? error.cause.retryAfterSeconds : undefined;
    return { ...shape, message, data: { ...shape.data, stack: undefined, issues, retryAfterSeconds } };
  },
});

export const createRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const createMiddleware = t.middleware;

// 3. PROCEDURES

/**
 * Every procedure first refuses strings PostgreSQL text cannot hold (NUL, unpaired surrogates) anywhere in its
 * input, as a BAD_REQUEST whose issues name the field.
 */
const storableInput = t.middleware(async ({ getRawInput, next }) => {
  const issues = unstorableTextIssues(await getRawInput());
  if (issues.length) throw new TRPCError({ code: "BAD_REQUEST", cause: new UnstorableTextError(issues) });
  return next();
});

/** A service's refusal (an AppError, server/errors.ts) becomes its tRPC error here, for every procedure. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) throw toTRPCError(result.error.cause);
  return result;
});

export const publicProcedure = t.procedure.use(appErrors).use(storableInput);

export const protectedProcedure = t.procedure
  .use(appErrors)
  .use(function requireUser({ ctx, next }) {
    if (!ctx.userId) {
      throw new TRPCError({ code: "UNAUTHORIZED", message: ctx.authError ?? "Sign in or send an API key" });
    }
    return next({ ctx: { ...ctx, userId: ctx.userId } });
  })
  .use(storableInput);
