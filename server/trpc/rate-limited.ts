import { TRPCError } from "@trpc/server";
import { RATE_LIMITED_ACTIONS, type RateLimitedAction } from "~/server/rate-limit/policies";
import { RateLimitedError, takeRateLimit } from "~/server/rate-limit/rate-limit";
import { createMiddleware } from "./trpc";

/**
 * A procedure middleware taking one unit of `action`'s rate limit (per user when signed in and the action is
 * per user, else per client address), only for calls `counts` picks out of their raw input. Over the limit:
 * TOO_MANY_REQUESTS (HTTP 429) with the seconds to wait in `data.retryAfterSeconds` and `Retry-After`.
 */
export function rateLimited(action: RateLimitedAction, counts: (rawInput: unknown) => boolean = () => true) {
  return createMiddleware(async ({ ctx, getRawInput, next }) => {
    if (counts(await getRawInput())) {
      const subject =
        RATE_LIMITED_ACTIONS[action].per === "user" && ctx.userId
          ? `user:${ctx.userId}`
          : `address:${ctx.clientAddress}`;
      const verdict = await takeRateLimit(ctx.db, action, subject, ctx.rateLimits[action]);
      if (!verdict.allowed) {
        throw new TRPCError({
          code: "TOO_MANY_REQUESTS",
          message: verdict.message,
          cause: new RateLimitedError(verdict.message, verdict.retryAfterSeconds),
        });
      }
    }
    return next();
  });
}

/** Whether a create or preview call carries uploaded bytes (a file, pasted T-SQL, expected results). */
export function carriesUpload(rawInput: unknown): boolean {
  if (typeof rawInput !== "object" || rawInput === null) return false;
  const input = rawInput as { source?: { kind?: unknown }; expected?: unknown };
  return input.source?.kind === "upload" || input.source?.kind === "paste" || input.expected !== undefined;
}
