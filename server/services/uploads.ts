import { createHash } from "node:crypto";
import { z } from "zod";
import { decodeText } from "~/agents/ingest/decode";
import { InputError } from "~/agents/ingest/errors";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export const ZUpload = z.object({
  filename: z
    .string()
    .trim()
    .min(1, "File name is required")
    .max(255, "File name must be at most 255 characters")
    .regex(/\.(sql|json)$/i, "Only .sql scripts and .json catalogs can be uploaded"),
  /** The file's bytes, base64-encoded. */
  contentBase64: z
    .string()
    .min(1, "The file is empty")
    // base64 is 4/3 of the bytes: reject before decoding anything large.
    .max(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4, `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, "contentBase64 is not valid base64"),
});

export class UploadError extends Error {}

export type CheckedUpload = { filename: string; format: "sql" | "json"; bytes: Buffer; sizeBytes: number; sha256: string };

/**
 * Accepts a SQL script (UTF-8 with or without BOM, UTF-16, Windows-1252: whatever the ingest layer reads) or
 * catalog JSON, and
 * rejects anything else with the reason and where it was found, before a row is written.
 */
export function checkUpload(input: z.output<typeof ZUpload>): CheckedUpload {
  const bytes = Buffer.from(input.contentBase64, "base64");
  if (bytes.length === 0) throw new UploadError(`${input.filename} is empty`);
  if (bytes.length > MAX_UPLOAD_BYTES) throw new UploadError(`${input.filename} is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
  const format = input.filename.toLowerCase().endsWith(".json") ? "json" : "sql";
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
  return { filename: input.filename, format, bytes, sizeBytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
}
