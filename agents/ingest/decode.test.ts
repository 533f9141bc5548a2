import { describe, expect, it } from "vitest";
import { decodeText } from "./decode";
import { InputError } from "./errors";

const utf16le = (text: string, bom: boolean) => {
  const bytes = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  let at = 0;
  if (bom) {
    bytes[0] = 0xff;
    bytes[1] = 0xfe;
    at = 2;
  }
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes[at++] = code & 0xff;
    bytes[at++] = code >> 8;
  }
  return bytes;
};
const swapPairs = (bytes: Uint8Array) => bytes.map((_, i) => bytes[i % 2 === 0 ? i + 1 : i - 1]!);
const script = "CREATE TABLE [Café] (a int)\r\nGO\r\n";

describe("decodeText", () => {
  it("decodes UTF-16LE with a BOM, as SSMS saves scripts", () => {
    expect(decodeText(utf16le(script, true), "x.sql")).toEqual({ text: script, encoding: "utf-16le" });
  });

  it("recognises UTF-16LE without a BOM by its NUL pattern", () => {
    expect(decodeText(utf16le(script, false), "x.sql")).toEqual({ text: script, encoding: "utf-16le" });
  });

  it("decodes UTF-16BE with and without a BOM", () => {
    const le = utf16le(script, false);
    const be = swapPairs(le);
    expect(decodeText(be, "x.sql")).toEqual({ text: script, encoding: "utf-16be" });
    expect(decodeText(new Uint8Array([0xfe, 0xff, ...be]), "x.sql")).toEqual({ text: script, encoding: "utf-16be" });
  });

  it("strips a UTF-8 BOM and reads plain UTF-8", () => {
    const utf8 = new TextEncoder().encode(script);
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]), "x.sql")).toEqual({
      text: script,
      encoding: "utf-8-bom",
    });
    expect(decodeText(utf8, "x.sql")).toEqual({ text: script, encoding: "utf-8" });
  });

  it("falls back to Windows-1252 for bytes that are not UTF-8", () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode("SELECT 'M"),
      0xe9,
      ...new TextEncoder().encode("xico'"),
    ]);
    expect(decodeText(bytes, "x.sql")).toEqual({ text: "SELECT 'México'", encoding: "windows-1252" });
  });

  it("rejects empty and whitespace-only files with an InputError naming the file", () => {
    expect(() => decodeText(new Uint8Array(), "empty.sql")).toThrow(InputError);
    expect(() => decodeText(new Uint8Array(), "empty.sql")).toThrow(/empty\.sql is empty/);
    expect(() => decodeText(new TextEncoder().encode(" \n\t\n"), "blank.sql")).toThrow(/blank\.sql is empty/);
  });

  it("rejects binary files", () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 0, 0, 7,
    ]);
    expect(() => decodeText(png, "image.sql")).toThrow(/image\.sql is not a text file/);
    const controls = new Uint8Array(200).map((_, i) => (i % 3 === 0 ? 1 : 65));
    expect(() => decodeText(controls, "noise.sql")).toThrow(/not a text file/);
  });
});
