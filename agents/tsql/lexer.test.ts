import { describe, expect, it } from "vitest";
import { significant, tokenize } from "./lexer";

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
    const source = "if exists (select * from sysobjects where id = object_id('dbo.x') and sysstat & 0xf = 4)\n\tdrop table \"dbo\".\"x\" -- c\n";
    expect(tokenize(source).map((t) => t.raw).join("")).toBe(source);
  });

  it("reports an unterminated string with its line", () => {
    expect(() => tokenize("select 1\nselect 'abc")).toThrow(/Unterminated string literal \(line 2\)/);
  });
});
