/**
 * A tokenizer for the SQL the Rebuilder edits: PostgreSQL SQL with dbt Jinja in it. Jinja (`{{ … }}`,
 * `{% … %}`, `{# … #}`) is one opaque token, so a repair never edits inside it. Every token keeps its offsets,
 * and edits are splices of the original text, so everything a rule does not touch stays byte for byte.
 */

export type TokenType = "word" | "quoted" | "string" | "number" | "operator" | "punct" | "jinja" | "comment" | "space";

export type Token = {
  type: TokenType;
  /** As written. */
  raw: string;
  /** word: lower-cased; quoted: the name unquoted; others: raw. */
  value: string;
  start: number;
  end: number;
};

const OPERATORS = [
  "::",
  "||",
  "<>",
  "!=",
  "<=",
  ">=",
  "=",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  "^",
  "~",
  "!",
  "@",
  "&",
  "|",
  "#",
];

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (type: TokenType, end: number, value?: string) => {
    const raw = sql.slice(i, end);
    tokens.push({ type, raw, value: value ?? (type === "word" ? raw.toLowerCase() : raw), start: i, end });
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      let end = i + 1;
      while (end < sql.length && /\s/.test(sql[end]!)) end++;
      push("space", end);
    } else if (c === "-" && next === "-") {
      const end = sql.indexOf("\n", i);
      push("comment", end < 0 ? sql.length : end);
    } else if (c === "/" && next === "*") {
      const end = sql.indexOf("*/", i + 2);
      push("comment", end < 0 ? sql.length : end + 2);
    } else if (c === "{" && (next === "{" || next === "%" || next === "#")) {
      const close = next === "{" ? "}}" : next === "%" ? "%}" : "#}";
      const end = sql.indexOf(close, i + 2);
      push("jinja", end < 0 ? sql.length : end + 2);
    } else if (c === "'") {
      let end = i + 1;
      while (end < sql.length) {
        if (sql[end] === "'" && sql[end + 1] === "'") end += 2;
        else if (sql[end] === "'") break;
        else end++;
      }
      push("string", Math.min(end + 1, sql.length), sql.slice(i + 1, end).replaceAll("''", "'"));
    } else if (c === '"') {
      let end = i + 1;
      while (end < sql.length) {
        if (sql[end] === '"' && sql[end + 1] === '"') end += 2;
        else if (sql[end] === '"') break;
        else end++;
      }
      push("quoted", Math.min(end + 1, sql.length), sql.slice(i + 1, end).replaceAll('""', '"'));
    } else if (/[0-9]/.test(c) || (c === "." && next !== undefined && /[0-9]/.test(next))) {
      const match = /^(\d*\.?\d*(?:[eE][+-]?\d+)?)/.exec(sql.slice(i))!;
      push("number", i + Math.max(1, match[1]!.length));
    } else if (/[\p{L}_]/u.test(c)) {
      let end = i + 1;
      while (end < sql.length && /[\p{L}\p{N}_$]/u.test(sql[end]!)) end++;
      push("word", end);
    } else {
      const operator = OPERATORS.find((op) => sql.startsWith(op, i));
      if (operator) push("operator", i + operator.length);
      else push("punct", i + 1);
    }
  }
  return tokens;
}

export function significant(tokens: Token[]): Token[] {
  return tokens.filter((t) => t.type !== "space" && t.type !== "comment");
}

/** Index (in `tokens`) of the token covering `offset`, or the next one after it. */
export function tokenAt(tokens: Token[], offset: number): number {
  const index = tokens.findIndex((t) => t.end > offset);
  return index < 0 ? tokens.length - 1 : index;
}

/** Index of the `)` matching the `(` at `open` (significant tokens), or -1. */
export function matchingParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i]!.raw === "(") depth++;
    else if (tokens[i]!.raw === ")" && --depth === 0) return i;
  }
  return -1;
}

export function matchingOpenParen(tokens: Token[], close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    if (tokens[i]!.raw === ")") depth++;
    else if (tokens[i]!.raw === "(" && --depth === 0) return i;
  }
  return -1;
}

/** Splits the tokens of a call's argument list (between `open` and its matching paren) at top-level commas. */
export function callArguments(tokens: Token[], open: number): { start: number; end: number }[] | undefined {
  const close = matchingParen(tokens, open);
  if (close < 0) return undefined;
  const args: { start: number; end: number }[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < close; i++) {
    const raw = tokens[i]!.raw;
    if (raw === "(") depth++;
    else if (raw === ")") depth--;
    else if (raw === "," && depth === 0) {
      args.push({ start, end: i - 1 });
      start = i + 1;
    }
  }
  if (start <= close - 1) args.push({ start, end: close - 1 });
  return args;
}

export type Edit = { start: number; end: number; text: string };

/** Applies non-overlapping edits (character offsets in `sql`). */
export function applyEdits(sql: string, edits: Edit[]): string {
  let result = sql;
  for (const edit of [...edits].sort((a, b) => b.start - a.start))
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

/** The source text from the start of token `from` to the end of token `to`. */
export function textOf(sql: string, tokens: Token[], from: number, to: number): string {
  return sql.slice(tokens[from]!.start, tokens[to]!.end);
}
