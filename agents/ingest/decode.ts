import { InputError } from "./errors";

export type TextEncoding = "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be" | "windows-1252";

export type DecodedText = { text: string; encoding: TextEncoding };

// Enough bytes to tell UTF-16 from UTF-8 and text from binary without scanning a whole dump.
const SNIFF_BYTES = 8192;

/**
 * Turns the bytes of a .sql/.json file into text. SSMS saves scripts as UTF-16LE (with a BOM, and
 * sometimes without one), other tools as UTF-8 with or without a BOM, and old scripts as Windows-1252;
 * all of these must read the same. UTF-16 without a BOM is recognised by its NUL pattern: ASCII text in
 * UTF-16LE has a NUL in every odd byte.
 */
export function decodeText(bytes: Uint8Array, file: string): DecodedText {
  if (bytes.length === 0) throw new InputError(`${file} is empty`, file);
  const decoded = decodeBytes(bytes, file);
  if (decoded.text.trim() === "") throw new InputError(`${file} is empty (only whitespace)`, file);
  if (looksBinary(decoded.text)) throw new InputError(`${file} is not a text file (it contains binary data)`, file);
  return decoded;
}

function decodeBytes(bytes: Uint8Array, file: string): DecodedText {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf)
    return { text: utf8(bytes.subarray(3), file), encoding: "utf-8-bom" };
  if (b0 === 0xff && b1 === 0xfe) {
    if (bytes[2] === 0 && bytes[3] === 0)
      throw new InputError(`${file} is UTF-32, which is not supported; save it as UTF-8 or UTF-16`, file);
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  }
  if (b0 === 0xfe && b1 === 0xff)
    return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };

  const sniff = bytes.subarray(0, Math.min(bytes.length, SNIFF_BYTES));
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < sniff.length; i++) {
    if (sniff[i] === 0) {
      if (i % 2 === 0) evenNuls++;
      else oddNuls++;
    }
  }
  const pairs = Math.floor(sniff.length / 2) || 1;
  if (oddNuls / pairs > 0.3 && evenNuls / pairs < 0.05)
    return { text: new TextDecoder("utf-16le").decode(bytes), encoding: "utf-16le" };
  if (evenNuls / pairs > 0.3 && oddNuls / pairs < 0.05)
    return { text: new TextDecoder("utf-16be").decode(bytes), encoding: "utf-16be" };
  if (evenNuls + oddNuls > 0) throw new InputError(`${file} is not a text file (it contains NUL bytes)`, file);

  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    // Not valid UTF-8: scripts saved by older Windows tools are in the ANSI code page.
    return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "windows-1252" };
  }
}

function utf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${file} starts with a UTF-8 byte order mark but is not valid UTF-8`, file);
  }
}

/** Text has few control characters besides tab, CR, LF and form feed; binary data has many. */
function looksBinary(text: string): boolean {
  const sample = text.length > SNIFF_BYTES ? text.slice(0, SNIFF_BYTES) : text;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13) control++;
  }
  return control > sample.length * 0.01;
}
