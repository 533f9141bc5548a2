/**
 * T-SQL tokenizer. Hand-written because no maintained JavaScript library lexes T-SQL faithfully
 * (bracketed names with `]]`, N'' strings, `$` money, `0x` binary, nested block comments, `GO`).
 * Every token keeps its offset and line so diagnostics can point at the source.
 *
 * It works on char codes and `indexOf` rather than per-character regexes: ingestion lexes whole
 * install scripts (megabytes of `0x` image literals), so this loop is the hot path.
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
  | "operator" // + - * / % = <> != <= >= < > !< !> += -= *= /= %= &= |= ^= & | ^ ~ :: : { }
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

// `<<` and `>>` are LEFT_SHIFT and RIGHT_SHIFT (docs: left-shift-transact-sql.md).
const OPERATORS = [
  "::",
  "<<",
  ">>",
  "<>",
  "!=",
  "<=",
  ">=",
  "!<",
  "!>",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
];
// `:` ends GOTO labels (`ErrorExit:`); `{` `}` wrap ODBC escapes (`{fn NOW()}`, `{ts '…'}`).
const SINGLE_OPERATORS = "+-*/%=<>&|^~!:{}";

const QUOTE = 39; // '
const DQUOTE = 34; // "
const isDigitCode = (c: number) => c >= 48 && c <= 57;
const isHexCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isWhitespaceCode = (c: number, ch: string) => c === 32 || (c >= 9 && c <= 13) || (c >= 128 && /\s/.test(ch));
const isWordStartCode = (c: number, ch: string) => isAsciiLetter(c) || c === 95 || (c >= 128 && /\p{L}/u.test(ch));
const isWordPartCode = (c: number, ch: string) =>
  isAsciiLetter(c) ||
  isDigitCode(c) ||
  c === 95 ||
  c === 64 ||
  c === 35 ||
  c === 36 ||
  (c >= 128 && /[\p{L}\p{N}]/u.test(ch));
const isCurrencySymbol = (c: number, ch: string) => c >= 128 && /\p{Sc}/u.test(ch);

// SQL Server names are at most 128 characters, so a `[` with no `]` this far on is unterminated. Without a bound
// the search runs to the end of the file for every stray `[`, which makes a damaged script quadratic to read.
const MAX_BRACKETED_NAME = 4096;

/** The offset of the first `code` in source[from, limit), or -1. */
function indexWithin(source: string, code: number, from: number, limit: number): number {
  for (let k = from; k < limit; k++) if (source.charCodeAt(k) === code) return k;
  return -1;
}

/**
 * Splits `source` into tokens, whitespace and comments included (so text can be reassembled exactly).
 * `firstLine` is the line number at offset `from`. Lexing a range [from, to) lets a caller resume after a
 * LexError without slicing the source, and keeps token offsets absolute; `to` must fall between tokens.
 *
 * `chunk` lets a caller lex a large script piece by piece: lexing stops after the first token that ends a line once
 * `chunk` tokens are read (or after `2 × chunk` tokens, on a line that long), and the caller resumes at the last
 * token's end (line = its line + its line breaks). Every token is lexed from its start alone, so resuming at a
 * token's end reads the same tokens; memory then holds one piece's tokens, not the whole file's. A line is only cut
 * when it holds thousands of tokens, which no GO line does.
 */
export function tokenize(source: string, firstLine = 1, from = 0, to = source.length, chunk = Infinity): Token[] {
  const tokens: Token[] = [];
  let i = from;
  let line = firstLine;
  const n = Math.min(to, source.length);
  const find = (needle: string, at: number) => {
    const found = source.indexOf(needle, at);
    return found >= n ? -1 : found;
  };

  // Counts within the token's own text: an indexOf on the source for the next line break would scan on to the end
  // of a long line for every space in it, which made a one-line script of a million tokens quadratic.
  const countLines = (raw: string) => {
    for (let at = raw.indexOf("\n"); at !== -1; at = raw.indexOf("\n", at + 1)) line++;
  };
  const push = (type: TokenType, start: number, text?: string, unicode?: boolean, multiline = false) => {
    const raw = source.slice(start, i);
    const token: Token = { type, raw, text: text ?? raw, start, end: i, line };
    if (unicode) token.unicode = true;
    tokens.push(token);
    if (multiline) countLines(raw);
  };
  /** Reads a quoted run closed by `close`, where a doubled closer stands for itself. Returns the content. */
  const readQuoted = (close: string, what: string, start: number, maxLength = Infinity): string => {
    let value = "";
    for (;;) {
      // With a bound, look no further than it: indexOf would run on to the next closer, however far.
      const at =
        maxLength === Infinity
          ? find(close, i)
          : indexWithin(source, close.charCodeAt(0), i, Math.min(n, start + maxLength + 1));
      if (at === -1) throw new LexError(`Unterminated ${what}`, line, start);
      value += source.slice(i, at);
      if (at + 1 < n && source[at + 1] === close) {
        value += close;
        i = at + 2;
        continue;
      }
      i = at + 1;
      return value;
    }
  };

  while (i < n) {
    const start = i;
    const code = source.charCodeAt(i);
    const c = source[i]!;
    const nextCode = i + 1 < n ? source.charCodeAt(i + 1) : -1;

    if (isWhitespaceCode(code, c)) {
      i++;
      while (i < n && isWhitespaceCode(source.charCodeAt(i), source[i]!)) i++;
      push("whitespace", start, undefined, undefined, true);
    } else if (code === 45 /* - */ && nextCode === 45) {
      const eol = find("\n", i);
      i = eol === -1 ? n : eol;
      push("comment", start);
    } else if (code === 47 /* / */ && nextCode === 42 /* * */) {
      // T-SQL block comments nest. `nextOpen` is only searched again once passed, which keeps this linear.
      if (knownUnterminated(source, n, start)) throw new LexError("Unterminated /* comment", line, start);
      let depth = 0;
      let nextOpen = i;
      for (;;) {
        if (nextOpen !== -1 && nextOpen < i) nextOpen = find("/*", i);
        const close = find("*/", i);
        if (close === -1) {
          // Scanned to the end without closing: remember the markers, so that later comments in this text (after
          // resuming at a GO) need not scan to the end again, which made a script with one per batch quadratic.
          commentIndex = indexComments(source, start, n);
          throw new LexError("Unterminated /* comment", line, start);
        }
        if (nextOpen !== -1 && nextOpen < close) {
          depth++;
          i = nextOpen + 2;
        } else {
          depth--;
          i = close + 2;
          if (depth === 0) break;
        }
      }
      push("comment", start, undefined, undefined, true);
    } else if (code === QUOTE || ((code === 78 || code === 110) /* N n */ && nextCode === QUOTE)) {
      const unicode = code !== QUOTE;
      i += unicode ? 2 : 1;
      const value = readQuoted("'", "string literal", start);
      push("string", start, value, unicode, true);
    } else if (code === 91 /* [ */) {
      i++;
      push("quoted", start, readQuoted("]", "[identifier]", start, MAX_BRACKETED_NAME), undefined, true);
    } else if (code === DQUOTE) {
      i++;
      push("quoted", start, readQuoted('"', '"identifier"', start), undefined, true);
    } else if (code === 48 && (nextCode === 120 || nextCode === 88) /* 0x */) {
      i += 2;
      while (i < n && isHexCode(source.charCodeAt(i))) i++;
      push("binary", start, source.slice(start + 2, i).toUpperCase());
    } else if (isDigitCode(code) || (code === 46 /* . */ && isDigitCode(nextCode))) {
      while (i < n && isDigitCode(source.charCodeAt(i))) i++;
      if (source.charCodeAt(i) === 46) {
        i++;
        while (i < n && isDigitCode(source.charCodeAt(i))) i++;
      }
      const e = source.charCodeAt(i);
      const afterE = source.charCodeAt(i + 1);
      if ((e === 101 || e === 69) && (isDigitCode(afterE) || afterE === 43 || afterE === 45)) {
        i += 2;
        while (i < n && isDigitCode(source.charCodeAt(i))) i++;
      }
      push("number", start);
    } else if (
      (code === 36 /* $ */ || isCurrencySymbol(code, c)) &&
      (isDigitCode(nextCode) || nextCode === 46 || nextCode === 45 || nextCode === 43)
    ) {
      // Money constants take no grouping commas: `$1,000` is `$1` followed by `,000` (as SQL Server reads it).
      i++;
      if (source[i] === "-" || source[i] === "+") i++;
      while (i < n && (isDigitCode(source.charCodeAt(i)) || source.charCodeAt(i) === 46)) i++;
      push("money", start, source.slice(start + 1, i));
    } else if (code === 64 /* @ */) {
      i++;
      if (source.charCodeAt(i) === 64) i++;
      while (i < n && isWordPartCode(source.charCodeAt(i), source[i]!)) i++;
      push("variable", start, source.slice(start + 1, i));
    } else if (code === 35 /* # */) {
      i++;
      while (i < n && isWordPartCode(source.charCodeAt(i), source[i]!)) i++;
      push("temp", start);
    } else if (isWordStartCode(code, c) || (code === 36 && isAsciiLetter(nextCode))) {
      // `$` starts pseudo-columns such as `$action`, `$PARTITION`, `$identity`.
      i++;
      while (i < n && isWordPartCode(source.charCodeAt(i), source[i]!)) i++;
      push("word", start);
    } else if (code === 40 || code === 41 || code === 44 || code === 59 || code === 46 /* ( ) , ; . */) {
      i++;
      push("punct", start);
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      if (op) i += op.length;
      else if (SINGLE_OPERATORS.includes(c)) i++;
      else throw new LexError(`Unexpected character ${JSON.stringify(c)}`, line, start);
      push("operator", start);
    }
    if (tokens.length >= chunk && (line > tokens[tokens.length - 1]!.line || tokens.length >= 2 * chunk)) break;
  }
  return tokens;
}

/**
 * The `/*` and `*\/` markers from an unterminated comment's start to the end of the text, as the comment scan reads
 * them (left to right, the earlier of the two each time), with the nesting depth after each and its minimum over
 * every suffix. A comment that opens at one of these markers is unterminated exactly when the depth never falls
 * below the depth before it. Kept for the last text only: a caller resumes in the same text after a LexError.
 */
type CommentIndex = {
  source: string;
  end: number;
  openIndex: Map<number, number>;
  depth: Int32Array;
  suffixMin: Int32Array;
};
let commentIndex: CommentIndex | undefined;

function indexComments(source: string, from: number, end: number): CommentIndex {
  const opens: number[] = [];
  const depths: number[] = [];
  const openIndex = new Map<number, number>();
  const find = (needle: string, at: number) => {
    const found = source.indexOf(needle, at);
    return found === -1 || found >= end ? -1 : found;
  };
  let depth = 0;
  let i = from;
  let nextOpen = find("/*", i);
  let nextClose = find("*/", i);
  while (nextOpen !== -1 || nextClose !== -1) {
    const open = nextOpen !== -1 && (nextClose === -1 || nextOpen < nextClose);
    const at = open ? nextOpen : nextClose;
    depth += open ? 1 : -1;
    if (open) openIndex.set(at, depths.length);
    depths.push(depth);
    opens.push(at);
    i = at + 2;
    if (nextOpen !== -1 && nextOpen < i) nextOpen = find("/*", i);
    if (nextClose !== -1 && nextClose < i) nextClose = find("*/", i);
  }
  const depthArray = Int32Array.from(depths);
  const suffixMin = new Int32Array(depths.length + 1);
  suffixMin[depths.length] = 2 ** 31 - 1;
  for (let k = depths.length - 1; k >= 0; k--) suffixMin[k] = Math.min(depthArray[k]!, suffixMin[k + 1]!);
  return { source, end, openIndex, depth: depthArray, suffixMin };
}

/** True when the index of this text proves the comment opening at `start` never closes (false: not known). */
function knownUnterminated(source: string, end: number, start: number): boolean {
  const index = commentIndex;
  if (!index || index.end !== end || index.source !== source) return false;
  const k = index.openIndex.get(start);
  if (k === undefined) return false;
  // The depth before this opener is depth[k] - 1; the comment closes where the depth first returns to it.
  return index.suffixMin[k + 1]! >= index.depth[k]!;
}

/** Tokens without whitespace and comments: what a parser reads. */
export function significant(tokens: Token[]): Token[] {
  return tokens.filter((t) => t.type !== "whitespace" && t.type !== "comment");
}

/** True when `token` is the bare word `word` (case-insensitive). */
export function isWord(token: Token | undefined, word: string): boolean {
  return token?.type === "word" && token.text.toUpperCase() === word.toUpperCase();
}
