import { describe, expect, it } from "vitest";
import { type Batch, batchTexts, readBatches, splitBatches } from "./batches";

const words = (text: string) => splitBatches(text).map((b) => b.tokens.map((t) => t.text).join(" "));

describe("splitBatches", () => {
  it("splits on GO alone on its line, in any case, with leading blanks and a trailing comment", () => {
    expect(words("select 1\nGO\nselect 2\n  go  \nselect 3\nGo -- done\nselect 4")).toEqual([
      "select 1",
      "select 2",
      "select 3",
      "select 4",
    ]);
  });

  it("never splits on GO inside a string, a block comment or a line comment", () => {
    const text = "select 'a\nGO\nb'\n/* x\nGO\n*/\n-- GO\nselect 2\nGO\nselect 3";
    const batches = splitBatches(text);
    expect(batches).toHaveLength(2);
    expect(batches[0]!.tokens.map((t) => t.text)).toEqual(["select", "a\nGO\nb", "select", "2"]);
  });

  it("splits CRLF scripts and keeps their lines", () => {
    const batches = splitBatches("select 1\r\nGO\r\n\r\nselect 2\r\nGO\r\n");
    expect(batches.map((b) => b.tokens.map((t) => [t.text, t.line]))).toEqual([
      [
        ["select", 1],
        ["1", 1],
      ],
      [
        ["select", 4],
        ["2", 4],
      ],
    ]);
  });

  it("does not take GO that shares its line with other text", () => {
    expect(words("select 1 GO\nselect go\nGO")).toEqual(["select 1 GO select go"]);
  });

  it("reads the count of GO n as the number of runs of the batch", () => {
    const batches = splitBatches("insert t values (1)\nGO 3\ninsert t values (2)\nGO");
    expect(batches.map((b) => b.repeat)).toEqual([3, 1]);
  });

  it("ends each batch at the start of its GO line, so definitions stop before GO", () => {
    const text = "create view v as select 1 -- tail\nGO\n";
    const [batch] = splitBatches(text);
    expect(text.slice(0, batch!.end)).toBe("create view v as select 1 -- tail\n");
  });

  it("drops sqlcmd commands such as :setvar and :r", () => {
    expect(words(":setvar Db Northwind\n:on error exit\nselect 1\nGO")).toEqual(["select 1"]);
  });

  it("confines a lex error to its batch and resumes at the next GO line", () => {
    const batches = splitBatches("select 1\nGO\nselect 'unterminated\nGO\nselect 3\nGO");
    expect(batches).toHaveLength(3);
    expect(batches[1]!.lexError).toEqual({ line: 3, message: "Unterminated string literal" });
    expect(batches[2]!.tokens.map((t) => [t.text, t.line])).toEqual([
      ["select", 5],
      ["3", 5],
    ]);
  });

  it("blames the string that swallowed a GO line and resumes at that GO", () => {
    const batches = splitBatches("insert t values ('a)\nGO\ninsert t values ('b')\nGO");
    expect(batches[0]!.lexError).toEqual({
      line: 1,
      message: "a string literal runs across a GO line, so a quote is probably missing",
    });
    expect(batches[0]!.tokens.map((t) => t.text)).toEqual(["insert", "t", "values", "("]);
    expect(batches[1]!.tokens.map((t) => [t.text, t.line])).toContainEqual(["b", 3]);
  });

  it("skips the rest of a batch past the token limit with an error at its first line, and reads the next batch", () => {
    const text = `select 1\nGO\n\nselect ${"(".repeat(5000)}1\nGO\nselect 3\nGO`;
    const batches = splitBatches(text, 1, 1000);
    expect(batches).toHaveLength(3);
    expect(batches[1]!.tokens).toHaveLength(1000);
    expect(batches[1]!.lexError).toEqual({
      line: 4,
      message: "the batch holds more than 1,000 tokens; split it with GO lines",
    });
    expect(batches[2]!.tokens.map((t) => [t.text, t.line])).toEqual([
      ["select", 6],
      ["3", 6],
    ]);
  });

  it("reads a script of many batches one batch at a time, with the same tokens and lines as at once", () => {
    const text = Array.from(
      { length: 3000 },
      (_, i) => `insert t values (${i}, 'a\nb') -- c\nGO${i % 7 === 0 ? " 2" : ""}`,
    ).join("\n");
    const reader = readBatches(text);
    const first = reader.next().value as Batch;
    expect(first.tokens.map((t) => t.text)).toEqual(["insert", "t", "values", "(", "0", ",", "a\nb", ")"]);
    const rest = [...reader];
    expect([first, ...rest]).toEqual(splitBatches(text));
    expect(rest).toHaveLength(2999);
    expect(rest[2998]!.tokens[0]!.line).toBe(2 * 2999 + 2999 + 1);
    expect(rest.map((b) => b.repeat).filter((r) => r === 2)).toHaveLength(428);
  });

  it.each([
    ["a nested comment left open", "select 1 /* /* x */\nGO\n", "Unterminated /* comment"],
    ["a comment never closed", "select 1 /* x\nGO\n", "Unterminated /* comment"],
    ["a bracket never closed", "select [x\nGO\n", "Unterminated [identifier]"],
  ])(
    "reports %s in each of 20,000 batches, each at its line (in linear time: each used to rescan the file)",
    (_, unit, message) => {
      const batches = splitBatches(unit.repeat(20_000));
      expect(batches).toHaveLength(20_000);
      expect(batches.every((b, i) => b.lexError?.message === message && b.lexError.line === 2 * i + 1)).toBe(true);
    },
  );
});

describe("batchTexts", () => {
  it("gives each batch's text from its first token to its GO line, with the line it starts on", () => {
    const script = "-- header\nselect 1\nGO\nselect 'a\nGO\nb'\n/*\ngo\n*/\nselect 2\ngo 3\nselect 3";
    expect(batchTexts(script)).toEqual([
      { text: "select 1\n", line: 2 },
      { text: "select 'a\nGO\nb'\n/*\ngo\n*/\nselect 2\n", line: 4 },
      { text: "select 3", line: 12 },
    ]);
  });

  it("leaves out a batch that cannot be lexed", () => {
    expect(batchTexts("select 1\nGO\nselect 'unterminated\nGO\nselect 3").map((b) => b.text)).toEqual([
      "select 1\n",
      "select 3",
    ]);
  });
});
