import { Unzip, UnzipInflate, type UnzipFile } from "fflate";
import { InputError, InputTooLargeError, megabytes } from "./errors";

/**
 * The one zip reader of the product (web process, worker, CLI): SSDT projects of .sql files and expected-results
 * archives both come through here.
 *
 * A zip's headers state the sizes of its entries, but nothing makes them true, and a few hundred kilobytes of
 * deflate can hold hundreds of megabytes. So the archive is inflated as a stream, a few kilobytes of compressed
 * input at a time, counting the bytes that actually come out, and it is refused the moment the unpacked total
 * passes the caller's limit or grows faster than any real text compresses. Memory never holds more than the
 * limit plus one step's output.
 */

export type ZipLimits = {
  /** Most bytes all the included entries may unpack to. */
  maxBytes: number;
  /** What the included entries are, for the message: ".sql files", "expected results". */
  contents: string;
  /** Entries to unpack (folders and macOS metadata are never included); the rest are skipped unread. */
  include: (name: string) => boolean;
};

/**
 * Unpacked size may be at most this many times the compressed size read so far, once past RATIO_FLOOR_BYTES.
 * Text compresses about 5 to 20 times, highly repetitive INSERT scripts and CSVs up to about 50; deflate's own
 * ceiling is about 1,030, where runs of one byte (the usual bomb) land.
 */
export const MAX_ZIP_RATIO = 200;
const RATIO_FLOOR_BYTES = 16 * 1024 * 1024;
/**
 * More entries than this is not a project, and each entry costs work even when empty (fflate's streaming reader
 * slows down more than linearly with the count: 10,000 empty entries take about a second, 20,000 many more).
 */
export const MAX_ZIP_ENTRIES = 10_000;
/** Compressed bytes fed per step: deflate's ceiling makes one step's output at most about 4 MB. */
const STEP_BYTES = 4 * 1024;

/** The included entries of `bytes` (a zip named `file`), by their path in the archive, in archive order. */
export function readZip(bytes: Uint8Array, file: string, limits: ZipLimits): Map<string, Uint8Array> {
  const stated = statedEntryCount(bytes);
  if (stated !== null && stated > MAX_ZIP_ENTRIES) throw tooManyEntries(file);
  const out = new Map<string, Uint8Array>();
  let unpacked = 0;
  let entries = 0;
  let fed = 0;
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
  };

  const unzip = new Unzip((entry: UnzipFile) => {
    if (failure) return;
    // The count the directory states is checked first, but nothing makes it true: count what the stream holds.
    if (++entries > MAX_ZIP_ENTRIES) return fail(tooManyEntries(file));
    const name = entry.name;
    if (name.endsWith("/") || name.startsWith("__MACOSX/") || !limits.include(name)) return;
    const chunks: Uint8Array[] = [];
    entry.ondata = (error, data, final) => {
      if (failure) return;
      if (error) return fail(new InputError(`${file}: ${name} cannot be unpacked (${error.message})`, file));
      unpacked += data.length;
      const limit = `at most ${megabytes(limits.maxBytes)} of ${limits.contents} are accepted`;
      if (unpacked > limits.maxBytes) {
        entry.terminate();
        return fail(
          new InputTooLargeError(
            `${file} unpacks to more than ${megabytes(limits.maxBytes)} (at ${name}): ${limit}`,
            file,
          ),
        );
      }
      if (unpacked > RATIO_FLOOR_BYTES && unpacked > MAX_ZIP_RATIO * fed) {
        entry.terminate();
        return fail(
          new InputTooLargeError(
            `${file} unpacks to more than ${MAX_ZIP_RATIO} times its compressed size (at ${name}), refused as a zip bomb: ${limit}, at most ${MAX_ZIP_RATIO} times the zip's size`,
            file,
          ),
        );
      }
      if (data.length) chunks.push(data);
      if (final) out.set(name, concat(chunks));
    };
    entry.start();
  });
  unzip.register(UnzipInflate);

  try {
    for (let offset = 0; offset < bytes.length && !failure; offset += STEP_BYTES) {
      const end = Math.min(offset + STEP_BYTES, bytes.length);
      fed = end;
      unzip.push(bytes.subarray(offset, end), end === bytes.length);
    }
    if (bytes.length === 0) unzip.push(new Uint8Array(0), true);
  } catch (error) {
    fail(
      new InputError(
        `${file} is not a readable zip archive (${error instanceof Error ? error.message : String(error)})`,
        file,
      ),
    );
  }
  if (failure) throw failure;
  if (entries === 0) throw new InputError(`${file} is not a readable zip archive (no entries found)`, file);
  return out;
}

function tooManyEntries(file: string) {
  return new InputTooLargeError(
    `${file} holds more than ${MAX_ZIP_ENTRIES.toLocaleString("en-US")} entries, the most accepted`,
    file,
  );
}

/** The entry count of the end-of-central-directory record, or null when there is none (or it defers to zip64). */
function statedEntryCount(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The record is 22 bytes plus a comment of at most 65,535, at the very end.
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - 0xffff; at--) {
    if (view.getUint32(at, true) !== 0x06054b50) continue;
    const count = view.getUint16(at + 10, true);
    return count === 0xffff ? null : count;
  }
  return null;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return all;
}
