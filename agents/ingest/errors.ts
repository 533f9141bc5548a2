/**
 * Input that cannot be ingested at all (empty file, binary data, broken zip or JSON, a catalog that fails
 * the schema). Problems inside an otherwise readable script are not errors: they become catalog
 * diagnostics so the rest of the script still migrates.
 */
export class InputError extends Error {
  override name = "InputError";
  constructor(
    message: string,
    /** The file the problem is in, when there is one. */
    readonly file?: string,
  ) {
    super(message);
  }
}

/** The input is larger than the configured limit (IngestOptions.maxInputBytes). */
export class InputTooLargeError extends InputError {
  override name = "InputTooLargeError";
}

/** A size as the limits' messages give it: `4,000 bytes`, `1.5 MB`, `64 MB`. */
export function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb < 1) return `${bytes.toLocaleString("en-US")} bytes`;
  return `${mb >= 10 || Number.isInteger(mb) ? Math.round(mb) : mb.toFixed(1)} MB`;
}
