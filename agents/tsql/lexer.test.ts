import { describe, expect, it } from "vitest";
import { LexError, significant, tokenize, type Token } from "./lexer";

describe("tokenize", () => {
  it("decodes bracketed and double-quoted names, doubled closers included", () => {
    const tokens = significant(tokenize(`select [Order Details].[a]]b], "x""y" from t`));
    expect(tokens.filter((t) => t.type === "quoted").map((t) => t.text)).toEqual(["Order Details", "a]b", 'x"y']);
  });

  it("reads N'' strings with doubled quotes, money and binary literals", () => {
    const tokens = significant(tokenize(`N'it''s', 'plain', $20.00, 0x1f2E, 1.5e3, .5`));
    expect(tokens.filter((t) => t.type !== "punct").map((t) => [t.type, t.text])).toEqual([
      ["string", "it's"],
      ["string", "plain"],
      ["money", "20.00"],
      ["binary", "1F2E"],
      ["number", "1.5e3"],
      ["number", ".5"],
    ]);
    expect(tokens[0]!.unicode).toBe(true);
  });

  it("keeps nested block comments whole and counts lines through them", () => {
    const tokens = tokenize("/* a /* b */ c */\nselect\n1");
    expect(tokens[0]!.type).toBe("comment");
    expect(significant(tokens).map((t) => [t.text, t.line])).toEqual([
      ["select", 2],
      ["1", 3],
    ]);
  });

  it("reassembles the source exactly", () => {
    const source =
      'if exists (select * from sysobjects where id = object_id(\'dbo.x\') and sysstat & 0xf = 4)\n\tdrop table "dbo"."x" -- c\n';
    expect(
      tokenize(source)
        .map((t) => t.raw)
        .join(""),
    ).toBe(source);
  });

  it("reports an unterminated string with its line", () => {
    expect(() => tokenize("select 1\nselect 'abc")).toThrow(/Unterminated string literal \(line 2\)/);
  });

  it("reads a money constant without grouping commas, as SQL Server does: $1,000 is $1 then ,000", () => {
    const tokens = significant(tokenize("VALUES ($12.50,3, -$4)"));
    expect(tokens.map((t) => [t.type, t.text])).toEqual([
      ["word", "VALUES"],
      ["punct", "("],
      ["money", "12.50"],
      ["punct", ","],
      ["number", "3"],
      ["punct", ","],
      ["operator", "-"],
      ["money", "4"],
      ["punct", ")"],
    ]);
  });

  it("lexes GOTO labels, ODBC escapes and $-pseudo-columns instead of failing", () => {
    const tokens = significant(tokenize("ErrorExit: SELECT {fn NOW()}, $action, $PARTITION.pf(1)"));
    expect(tokens.slice(0, 4).map((t) => [t.type, t.text])).toEqual([
      ["word", "ErrorExit"],
      ["operator", ":"],
      ["word", "SELECT"],
      ["operator", "{"],
    ]);
    expect(tokens.filter((t) => t.type === "word").map((t) => t.text)).toContain("$action");
    expect(tokens.filter((t) => t.type === "word").map((t) => t.text)).toContain("$PARTITION");
  });

  it("lexes a range with absolute offsets and lines, so a caller can resume after an error", () => {
    const source = "select 'oops\nGO\nselect 2";
    let error: LexError | undefined;
    try {
      tokenize(source);
    } catch (e) {
      error = e as LexError;
    }
    expect(error).toBeInstanceOf(LexError);
    expect(error!.offset).toBe(7);
    const before = tokenize(source, 1, 0, error!.offset);
    expect(before.map((t) => t.raw).join("")).toBe("select ");
    const resumeAt = source.indexOf("GO");
    const after = significant(tokenize(source, 2, resumeAt));
    expect(after.map((t) => [t.text, t.line, t.start])).toEqual([
      ["GO", 2, 13],
      ["select", 3, 16],
      ["2", 3, 23],
    ]);
  });

  // Speed is measured by `npm run bench:engine`, not asserted here; this proves the large input is read right.
  it("lexes a megabyte of binary literal and nested comments", () => {
    const hex = "0x" + "0123456789ABCDEF".repeat(65536);
    const comments = "/* a /* b */ */\n".repeat(20000);
    const tokens = significant(tokenize(`${comments}INSERT t VALUES (${hex})`));
    expect(tokens.find((t) => t.type === "binary")!.text.length).toBe(16 * 65536);
    expect(tokens[0]!.line).toBe(20001);
  });

  /** The LexError `tokenize(source)` throws; anything else (a hang is caught by the test timeout) fails the test. */
  const lexError = (source: string): LexError => {
    try {
      tokenize(source);
    } catch (error) {
      if (error instanceof LexError) return error;
      throw error;
    }
    throw new Error("no LexError");
  };

  it.each([
    ["string", "select 1\nselect 'abc\n\nmore", "Unterminated string literal", 2, 16],
    ["N'' string", "select 1\nselect N'abc", "Unterminated string literal", 2, 16],
    ["[identifier]", "select 1\n\nselect [abc", "Unterminated [identifier]", 3, 17],
    ['"identifier"', 'select "abc', 'Unterminated "identifier"', 1, 7],
    ["nested block comment", "select 1 /* a /* b */\nselect 2", "Unterminated /* comment", 1, 9],
    ["lone surrogate (broken UTF-16)", "select 1\nselect \uD800x", 'Unexpected character "\\ud800"', 2, 16],
    ["replacement character (undecodable bytes)", "select \uFFFD", 'Unexpected character "\uFFFD"', 1, 7],
  ])("reports an unterminated or invalid %s with its line and offset", (_, source, message, line, offset) => {
    const error = lexError(source);
    expect(error.message).toBe(`${message} (line ${line})`);
    expect([error.line, error.offset]).toEqual([line, offset]);
  });

  it("gives up on a [ with no ] within a name's reach, so stray brackets cannot make a script quadratic", () => {
    const error = lexError(`select [abc ${"x".repeat(10_000)}] from t`);
    expect(error.message).toBe("Unterminated [identifier] (line 1)");
    expect(significant(tokenize(`select [${"x".repeat(128)}]`))[1]!.text).toHaveLength(128);
  });

  it("lexes in chunks that end at a line break and resume to the same tokens", () => {
    const source = Array.from({ length: 500 }, (_, i) => `select ${i}, 'a\nb', [c d] -- ${i}\n/* x\n*/`).join("\n");
    const whole = tokenize(source);
    const pieces: Token[] = [];
    let at = 0;
    let line = 1;
    while (at < source.length) {
      const chunk = tokenize(source, line, at, source.length, 100);
      const last = chunk[chunk.length - 1]!;
      expect(last.end === source.length || last.raw.includes("\n")).toBe(true);
      pieces.push(...chunk);
      at = last.end;
      line = last.line + last.raw.split("\n").length - 1;
    }
    expect(pieces).toEqual(whole);
  });

  it("cuts a line of a million tokens into chunks too, and counts its lines in linear time", () => {
    const source = "select " + "( ".repeat(500_000) + "\nx";
    const first = tokenize(source, 1, 0, source.length, 1000);
    expect(first.length).toBe(2000);
    expect(significant(tokenize(source)).at(-1)).toMatchObject({ text: "x", line: 2 });
  });

  it("reports a /* that nothing closes, instead of reading the rest of the file as a comment", () => {
    expect(lexError("select 1\n/* forgotten\nselect 2\nGO\nselect 3").message).toBe("Unterminated /* comment (line 2)");
  });

  it("answers the same for every comment whether or not an earlier unterminated comment indexed the text", () => {
    // The index that keeps repeated unterminated comments linear must agree with a plain scan, marker for marker.
    let seed = 7;
    const random = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % below;
    };
    const pieces = ["/*", "*/", "/*/", "*/*", " x ", "\nGO\n", "'s'"];
    const outcome = (text: string, at: number) => {
      try {
        return tokenize(text, 1, at)[0]!.end;
      } catch (error) {
        return (error as LexError).message;
      }
    };
    for (let round = 0; round < 200; round++) {
      const text = Array.from({ length: 5 + random(40) }, () => pieces[random(pieces.length)]).join("");
      const starts = [...text.matchAll(/\/\*/g)].map((m) => m.index);
      const plain = starts.map((at) => {
        try {
          tokenize("/* resets the index", 1);
        } catch {
          // expected: the other text's unterminated comment now holds the index
        }
        return outcome(text, at);
      });
      // The first comment that does not close indexes the text; every later lookup may then use the index.
      for (const at of starts) outcome(text, at);
      const indexed = starts.map((at) => outcome(text, at));
      expect(indexed, text).toEqual(plain);
    }
  });
});
