import { createHash } from "node:crypto";
import { z } from "zod";
import { decodeText } from "~/agents/ingest/decode";
import { MAX_INPUT_BYTES } from "~/agents/ingest";
import { InputError } from "~/agents/ingest/errors";
import { sqlFiles, unzipFiles } from "~/agents/ingest/ssdt";
import { readExpectedArchive } from "~/agents/worker/source";
import { AppError } from "~/server/errors";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export const ZUpload = z.object({
  filename: z
    .string()
    .trim()
    .min(1, "File name is required")
    .max(255, "File name must be at most 255 characters")
    .regex(/\.(sql|json|zip)$/i, "Only .sql scripts and .json catalogs (or a .zip of .sql files) can be uploaded"),
  /** The file's bytes, base64-encoded. */
  contentBase64: ZBase64(),
});

/** Expected results: a .zip holding manifest.json and the CSV files it names (the Northwind fixture's format). */
export const ZExpectedUpload = z.object({
  filename: z
    .string()
    .trim()
    .min(1, "File name is required")
    .max(255, "File name must be at most 255 characters")
    .regex(/\.zip$/i, "Expected results must be a .zip of manifest.json and CSV files"),
  contentBase64: ZBase64(),
});

/** T-SQL pasted into the dashboard: stored and migrated exactly like an uploaded script. */
export const ZPastedSql = z
  .string()
  .max(MAX_UPLOAD_BYTES, `The pasted T-SQL is longer than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`)
  .refine((text) => text.trim().length > 0, "Paste some T-SQL (CREATE TABLE, CREATE VIEW, CREATE PROCEDURE …)");

/** The file name pasted T-SQL gets: diagnostics and object locations name it. */
export const PASTED_FILENAME = "pasted.sql";

function ZBase64() {
  return (
    z
      .string()
      .min(1, "The file is empty")
      // base64 is 4/3 of the bytes: reject before decoding anything large.
      .max(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4, `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, "contentBase64 is not valid base64")
  );
}

export class UploadError extends AppError {
  constructor(message: string) {
    super("invalid_input", message);
  }
}

export type CheckedUpload = {
  filename: string;
  format: "sql" | "json" | "zip" | "expected";
  bytes: Buffer;
  sizeBytes: number;
  sha256: string;
};

function decodeUpload(input: { filename: string; contentBase64: string }): Buffer {
  const bytes = Buffer.from(input.contentBase64, "base64");
  if (bytes.length === 0) throw new UploadError(`${input.filename} is empty`);
  if (bytes.length > MAX_UPLOAD_BYTES)
    throw new UploadError(`${input.filename} is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
  return bytes;
}

function checked(filename: string, format: CheckedUpload["format"], bytes: Buffer): CheckedUpload {
  return { filename, format, bytes, sizeBytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/**
 * Accepts a SQL script (UTF-8 with or without BOM, UTF-16, Windows-1252: whatever the ingest layer reads),
 * a .zip of .sql files (an SSDT project) or catalog JSON, and
 * rejects anything else with the reason and where it was found, before a row is written.
 */
export function checkUpload(input: z.output<typeof ZUpload>): CheckedUpload {
  const bytes = decodeUpload(input);
  const lower = input.filename.toLowerCase();
  if (lower.endsWith(".zip")) {
    try {
      if (sqlFiles(unzipFiles(bytes, input.filename, MAX_INPUT_BYTES)).length === 0)
        throw new UploadError(`${input.filename} holds no .sql files`);
    } catch (error) {
      if (error instanceof InputError) throw new UploadError(error.message);
      throw error;
    }
    return checked(input.filename, "zip", bytes);
  }
  const format = lower.endsWith(".json") ? "json" : "sql";
  let text: string;
  try {
    text = decodeText(bytes, input.filename).text;
  } catch (error) {
    if (error instanceof InputError) throw new UploadError(error.message);
    throw error;
  }
  if (format === "json") {
    try {
      JSON.parse(text);
    } catch (error) {
      throw new UploadError(`${input.filename} is not valid JSON: ${(error as Error).message}`);
    }
  }
  return checked(input.filename, format, bytes);
}

/** Pasted T-SQL, stored as a UTF-8 script named `pasted.sql`. */
export function checkPastedSql(text: string): CheckedUpload {
  return checkUpload({ filename: PASTED_FILENAME, contentBase64: Buffer.from(text, "utf8").toString("base64") });
}

/** Expected results: the zip must hold a valid manifest.json and every CSV it names. */
export function checkExpectedUpload(input: z.output<typeof ZExpectedUpload>): CheckedUpload {
  const bytes = decodeUpload(input);
  try {
    readExpectedArchive(bytes, input.filename);
  } catch (error) {
    if (error instanceof InputError) throw new UploadError(error.message);
    throw error;
  }
  return checked(input.filename, "expected", bytes);
}
