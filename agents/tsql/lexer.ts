/**
 * T-SQL tokenizer. Hand-written because no maintained JavaScript library lexes T-SQL faithfully
 * (bracketed names with `]]`, N'' strings, `$` money, `0x` binary, nested block comments, `GO`).
 * Every token keeps its offset and line so diagnostics can point at the source.
 */

export type TokenType =
  | "word" // keyword or bare identifier: SELECT, Orders, dbo
  | "quoted" // [Order Details] or "Order Details" (text = the name, unquoted)
  | "string" // 'it''s' or N'…' (text = the value)
  | "number" // 12, 1.5, 1e3, .5
  | "money" // $12.50 (text = "12.50")
  | "binary" // 0x1F (text = "1F")
  | "variable" // @name, @@ROWCOUNT (text = name without the first @)
  | "temp" // #temp, ##global (text as written)
  | "operator" // + - * / % = <> != <= >= < > !< !> += -= *= /= %= &= |= ^= & | ^ ~ ::
  | "punct" // ( ) , ; .
  | "comment"
  | "whitespace";

export type Token = {
  type: TokenType;
  /** Exactly as written in the source. */
  raw: string;
  /** Decoded value: the unquoted name, the string's content, the number's digits. */
  text: string;
  /** For strings: written as N'…' (Unicode). */
  unicode?: boolean;
  start: number;
  end: number;
  /** 1-based line of the first character. */
  line: number;
};

export class LexError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly offset: number,
  ) {
    super(`${message} (line ${line})`);
  }
}

const OPERATORS = ["::", "<>", "!=", "<=", ">=", "!<", "!>", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^="];
const isDigit = (c: string) => c >= "0" && c <= "9";
const isWordStart = (c: string) => /[\p{L}_]/u.test(c);
const isWordPart = (c: string) => /[\p{L}\p{N}_@#$]/u.test(c);

/**
 * Splits `source` into tokens, whitespace and comments included (so text can be reassembled exactly).
 * `firstLine` offsets line numbers when lexing a batch cut from a larger file.
 */
export function tokenize(source: string, firstLine = 1): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = firstLine;
  const n = source.length;

  const push = (type: TokenType, start: number, text?: string, unicode?: boolean) => {
    const raw = source.slice(start, i);
    tokens.push({ type, raw, text: text ?? raw, start, end: i, line, ...(unicode ? { unicode } : {}) });
    for (const ch of raw) if (ch === "\n") line++;
  };

  while (i < n) {
    const start = i;
    const c = source[i]!;
    const next = source[i + 1] ?? "";

    if (/\s/.test(c)) {
      while (i < n && /\s/.test(source[i]!)) i++;
      push("whitespace", start);
    } else if (c === "-" && next === "-") {
      while (i < n && source[i] !== "\n") i++;
      push("comment", start);
    } else if (c === "/" && next === "*") {
      // T-SQL block comments nest.
      let depth = 0;
      while (i < n) {
        if (source[i] === "/" && source[i + 1] === "*") {
          depth++;
          i += 2;
        } else if (source[i] === "*" && source[i + 1] === "/") {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
      if (depth > 0) throw new LexError("Unterminated /* comment", line, start);
      push("comment", start);
    } else if (c === "'" || ((c === "N" || c === "n") && next === "'")) {
      const unicode = c !== "'";
      i += unicode ? 2 : 1;
      let value = "";
      for (;;) {
        if (i >= n) throw new LexError("Unterminated string literal", line, start);
        if (source[i] === "'") {
          if (source[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += source[i++];
      }
      push("string", start, value, unicode);
    } else if (c === "[") {
      i++;
      let name = "";
      for (;;) {
        if (i >= n) throw new LexError("Unterminated [identifier]", line, start);
        if (source[i] === "]") {
          if (source[i + 1] === "]") {
            name += "]";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        name += source[i++];
      }
      push("quoted", start, name);
    } else if (c === '"') {
      i++;
      let name = "";
      for (;;) {
        if (i >= n) throw new LexError('Unterminated "identifier"', line, start);
        if (source[i] === '"') {
          if (source[i + 1] === '"') {
            name += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        name += source[i++];
      }
      push("quoted", start, name);
    } else if (c === "0" && (next === "x" || next === "X")) {
      i += 2;
      while (i < n && /[0-9a-fA-F]/.test(source[i]!)) i++;
      push("binary", start, source.slice(start + 2, i).toUpperCase());
    } else if (isDigit(c) || (c === "." && isDigit(next))) {
      while (i < n && isDigit(source[i]!)) i++;
      if (source[i] === "." ) {
        i++;
        while (i < n && isDigit(source[i]!)) i++;
      }
      if ((source[i] === "e" || source[i] === "E") && /[-+\d]/.test(source[i + 1] ?? "")) {
        i++;
        if (source[i] === "+" || source[i] === "-") i++;
        while (i < n && isDigit(source[i]!)) i++;
      }
      push("number", start);
    } else if (c === "$" && (isDigit(next) || next === "." || next === "-" || next === "+")) {
      i++;
      if (source[i] === "-" || source[i] === "+") i++;
      while (i < n && (isDigit(source[i]!) || source[i] === "." || source[i] === ",")) i++;
      push("money", start, source.slice(start + 1, i).replaceAll(",", ""));
    } else if (c === "@") {
      i++;
      if (source[i] === "@") i++;
      while (i < n && isWordPart(source[i]!)) i++;
      push("variable", start, source.slice(start + 1, i));
    } else if (c === "#") {
      i++;
      while (i < n && isWordPart(source[i]!)) i++;
      push("temp", start);
    } else if (isWordStart(c)) {
      while (i < n && isWordPart(source[i]!)) i++;
      push("word", start);
    } else if ("(),;.".includes(c)) {
      i++;
      push("punct", start);
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      if (op) i += op.length;
      else if ("+-*/%=<>&|^~!".includes(c)) i++;
      else throw new LexError(`Unexpected character ${JSON.stringify(c)}`, line, start);
      push("operator", start);
    }
  }
  return tokens;
}

/** Tokens without whitespace and comments: what a parser reads. */
export function significant(tokens: Token[]): Token[] {
  return tokens.filter((t) => t.type !== "whitespace" && t.type !== "comment");
}

/** True when `token` is the bare word `word` (case-insensitive). */
export function isWord(token: Token | undefined, word: string): boolean {
  return token?.type === "word" && token.text.toUpperCase() === word.toUpperCase();
}
