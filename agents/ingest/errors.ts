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
