import { TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { AppError, type AppErrorCode } from "~/server/errors";

/** What each service refusal answers over tRPC (the only place they are mapped; see server/errors.ts). */
const TRPC_CODES: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  invalid_input: "BAD_REQUEST",
  unauthorized: "UNAUTHORIZED",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  quota_exceeded: "FORBIDDEN",
  busy: "TOO_MANY_REQUESTS",
};

/** A service's refusal as the tRPC error the caller gets: its mapped code and its message. */
export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: TRPC_CODES[error.code], message: error.message, cause: error });
}

/**
 * Another user's record answers exactly as a missing one does (services return null for both): NOT_FOUND, with
 * no data.
 */
export function found<T>(value: T | null, message = "Migration not found"): T {
  if (value === null) throw new AppError("not_found", message);
  return value;
}
