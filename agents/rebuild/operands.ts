import { matchingOpenParen, matchingParen, type Token } from "./tokens";

/**
 * Finding the operands of an operator and the extent of an expression in a token list, just well enough for
 * the repairs: a primary is a literal, a (qualified) name, a function call, a parenthesised expression, a CASE
 * … END or a Jinja expression, with any `::type` casts after it.
 */

export const CLAUSE_WORDS = new Set([
  "select",
  "from",
  "where",
  "and",
  "or",
  "not",
  "as",
  "on",
  "when",
  "then",
  "else",
  "end",
  "case",
  "group",
  "order",
  "by",
  "having",
  "union",
  "intersect",
  "except",
  "all",
  "join",
  "left",
  "right",
  "inner",
  "outer",
  "full",
  "cross",
  "natural",
  "limit",
  "offset",
  "fetch",
  "between",
  "in",
  "is",
  "like",
  "ilike",
  "similar",
  "distinct",
  "with",
  "over",
  "partition",
  "asc",
  "desc",
  "nulls",
  "using",
  "lateral",
  "exists",
  "any",
  "some",
  "into",
  "values",
  "set",
  "for",
  "escape",
  "window",
  "filter",
  "within",
  "returning",
]);

export type Span = { start: number; end: number };

const isName = (t: Token | undefined) =>
  t !== undefined && (t.type === "quoted" || (t.type === "word" && !CLAUSE_WORDS.has(t.value)));

function caseEnd(tokens: Token[], index: number): number {
  let depth = 0;
  for (let i = index; i < tokens.length; i++) {
    if (tokens[i]!.type !== "word") continue;
    if (tokens[i]!.value === "case") depth++;
    else if (tokens[i]!.value === "end" && --depth === 0) return i;
  }
  return -1;
}

function caseStart(tokens: Token[], index: number): number {
  let depth = 0;
  for (let i = index; i >= 0; i--) {
    if (tokens[i]!.type !== "word") continue;
    if (tokens[i]!.value === "end") depth++;
    else if (tokens[i]!.value === "case" && --depth === 0) return i;
  }
  return -1;
}

/** Last token index of the primary starting at `i`, or -1. */
function primaryEnd(tokens: Token[], i: number): number {
  const t = tokens[i];
  if (!t) return -1;
  if (t.raw === "(") return matchingParen(tokens, i);
  if (t.type === "string" || t.type === "number" || t.type === "jinja") return i;
  if (t.type === "word" && t.value === "case") return caseEnd(tokens, i);
  if (!isName(t)) return -1;
  let j = i;
  while (tokens[j + 1]?.raw === "." && (isName(tokens[j + 2]) || tokens[j + 2]?.raw === "*")) j += 2;
  if (tokens[j + 1]?.raw === "(") return matchingParen(tokens, j + 1);
  // A typed literal: date '1997-01-01', interval '1 day'.
  if (j === i && tokens[j + 1]?.type === "string") return j + 1;
  return j;
}

/** First token index of the primary ending at `i`, or -1. */
function primaryStart(tokens: Token[], i: number): number {
  const t = tokens[i];
  if (!t) return -1;
  if (t.raw === ")") {
    let j = matchingOpenParen(tokens, i);
    if (j < 0) return -1;
    if (isName(tokens[j - 1])) {
      j--;
      while (tokens[j - 1]?.raw === "." && isName(tokens[j - 2])) j -= 2;
    }
    return j;
  }
  if (t.type === "word" && t.value === "end") return caseStart(tokens, i);
  if (
    t.type === "string" &&
    tokens[i - 1]?.type === "word" &&
    /^(date|timestamp|time|interval)$/.test(tokens[i - 1]!.value)
  )
    return i - 1;
  if (t.type === "string" || t.type === "number" || t.type === "jinja") return i;
  if (!isName(t) && t.raw !== "*") return -1;
  let j = i;
  while (tokens[j - 1]?.raw === "." && isName(tokens[j - 2])) j -= 2;
  return j;
}

/** The operand right of the operator at `op`: an optional sign, a primary, and its `::type` casts. */
export function rightOperand(tokens: Token[], op: number): Span | undefined {
  const start = op + 1;
  let i = start;
  if (tokens[i]?.raw === "-" || tokens[i]?.raw === "+") i++;
  let end = primaryEnd(tokens, i);
  if (end < 0) return undefined;
  while (tokens[end + 1]?.raw === "::") {
    end += 2;
    while (tokens[end + 1]?.type === "word" && !CLAUSE_WORDS.has(tokens[end + 1]!.value)) end++;
    if (tokens[end + 1]?.raw === "(") end = matchingParen(tokens, end + 1);
    if (end < 0) return undefined;
  }
  return { start, end };
}

/** The operand left of the operator at `op`, casts included. */
export function leftOperand(tokens: Token[], op: number): Span | undefined {
  const end = op - 1;
  let i = end;
  for (;;) {
    // `x::numeric(10,2)`, `x::double precision`: step back over the type to the `::`.
    let j = i;
    if (tokens[j]?.raw === ")") j = matchingOpenParen(tokens, j) - 1;
    let words = 0;
    while (tokens[j]?.type === "word" && words < 4 && tokens[j - 1]?.raw !== "::") {
      j--;
      words++;
    }
    if (tokens[j]?.type === "word" && tokens[j - 1]?.raw === "::") {
      i = j - 2;
      continue;
    }
    break;
  }
  const start = primaryStart(tokens, i);
  if (start < 0) return undefined;
  return { start: tokens[start - 1]?.raw === "-" && !isOperand(tokens[start - 2]) ? start - 1 : start, end };
}

function isOperand(t: Token | undefined): boolean {
  return (
    t !== undefined &&
    (t.raw === ")" ||
      t.type === "number" ||
      t.type === "string" ||
      t.type === "quoted" ||
      (t.type === "word" && !CLAUSE_WORDS.has(t.value)))
  );
}

const BOUNDARY_OPERATORS = new Set(["=", "<>", "!=", "<", ">", "<=", ">="]);

/**
 * The extent of the arithmetic/concatenation expression around the operator at `op`: outwards at the same
 * parenthesis depth until a comma, an unmatched parenthesis, a clause keyword or a comparison.
 */
export function expressionAround(tokens: Token[], op: number): Span {
  const boundary = (t: Token) =>
    t.raw === "," ||
    t.raw === ";" ||
    BOUNDARY_OPERATORS.has(t.raw) ||
    (t.type === "word" && CLAUSE_WORDS.has(t.value) && t.value !== "case" && t.value !== "end");
  let start = op;
  for (let i = op - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.raw === ")") {
      const open = matchingOpenParen(tokens, i);
      if (open < 0) break;
      i = open;
      start = isName(tokens[open - 1]) ? open - 1 : open;
      if (start === open - 1) i--;
      continue;
    }
    if (t.type === "word" && t.value === "end") {
      const c = caseStart(tokens, i);
      if (c < 0) break;
      i = start = c;
      continue;
    }
    if (t.raw === "(" || boundary(t)) break;
    start = i;
  }
  let end = op;
  for (let i = op + 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.raw === "(") {
      const close = matchingParen(tokens, i);
      if (close < 0) break;
      i = end = close;
      continue;
    }
    if (t.type === "word" && t.value === "case") {
      const e = caseEnd(tokens, i);
      if (e < 0) break;
      i = end = e;
      continue;
    }
    if (t.raw === ")" || boundary(t)) break;
    end = i;
  }
  return { start, end };
}
