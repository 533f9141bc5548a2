import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CsvError, parseCsv, writeCsv } from "./csv";
import { sharedCorpus } from "~/runtime/testing/corpora";

const NORTHWIND = sharedCorpus("northwind")?.dir;

describe("expected-results CSV", () => {
  it("reads an empty unquoted field as NULL and a quoted empty field as the empty string", () => {
    expect(parseCsv('a,b,c\r\n,"",x\r\n')).toEqual({ header: ["a", "b", "c"], rows: [[null, "", "x"]] });
  });

  it("reads quoted commas, doubled quotes and line breaks inside fields", () => {
    const table = parseCsv('name,note\r\n"Alfred\'s, ""the"" shop","line1\r\nline2"\r\nlast,\r\n');
    expect(table.rows).toEqual([
      [`Alfred's, "the" shop`, "line1\r\nline2"],
      ["last", null],
    ]);
  });

  it("accepts LF line ends and a missing final line end", () => {
    expect(parseCsv("a,b\n1,2\n3,4").rows).toEqual([
      ["1", "2"],
      ["3", "4"],
    ]);
  });

  it("rejects records with the wrong number of fields and unterminated quotes", () => {
    expect(() => parseCsv("a,b\r\n1\r\n")).toThrow(CsvError);
    expect(() => parseCsv('a\r\n"open\r\n')).toThrow(/unterminated/);
  });

  it("writes quotes only where the format requires them, with CRLF after every record", () => {
    const text = writeCsv({ header: ["a", "b", "c", "d"], rows: [[null, "", 'say "hi", then\nleave', "plain"]] });
    expect(text).toBe('a,b,c,d\r\n,"","say ""hi"", then\nleave",plain\r\n');
    expect(parseCsv(text).rows).toEqual([[null, "", 'say "hi", then\nleave', "plain"]]);
  });

  it.skipIf(!NORTHWIND)("round-trips every Northwind expected file byte for byte", () => {
    const folder = path.join(NORTHWIND!, "expected");
    for (const file of fs.readdirSync(folder)) {
      const text = fs.readFileSync(path.join(folder, file), "utf8");
      expect(writeCsv(parseCsv(text)), file).toBe(text);
    }
  });
});
