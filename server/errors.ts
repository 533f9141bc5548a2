/**
 * The one error type services raise for a refusal their caller should see, its message shown as it is: `code`
 * says what kind of refusal it is, and server/trpc/app-errors.ts maps each code to its tRPC (and HTTP) code, in
 * one place. Anything else thrown is unexpected: an INTERNAL_SERVER_ERROR whose message is never sent.
 * The named subclasses (MigrationStateError, UploadError…) are this type with their code fixed.
 */
export const APP_ERROR_CODES = [
  "invalid_input",
  "unauthorized",
  "not_found",
  "conflict",
  "quota_exceeded",
  "busy",
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
  }
}
