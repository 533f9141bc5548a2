import type { Token } from "~/agents/tsql/lexer";
import type { TokenReader } from "./reader";

const BINARY_OPERATORS = new Set([
  "+",
  "-",
  "*",
  "/",
  "%",
  "&",
  "|",
  "^",
  "=",
  "<>",
  "!=",
  "<",
  ">",
  "<=",
  ">=",
  "!<",
  "!>",
  "::",
]);
const UNARY_OPERATORS = new Set(["-", "+", "~"]);

/**
 * Skips one scalar expression (a parameter default, a value an INSERT does not spell out as a literal) and returns
 * its source text (column defaults and computed columns are read by the parser's column rule). The ingester keeps expressions verbatim for the translator, so it only needs their extent:
 * operands joined by binary operators, where an operand is a literal, a name, a function call, a
 * parenthesised group, `CASE … END` or `NEXT VALUE FOR seq`. Stops before a column-option keyword.
 */
export function skipExpression(r: TokenReader): string {
  const first = r.peek();
  if (!first) throw r.error("expected an expression, found the end of the statement");
  let last: Token;
  for (;;) {
    last = skipOperand(r);
    const op = r.peek();
    if (op?.type === "operator" && BINARY_OPERATORS.has(op.text)) {
      r.pos++;
      continue;
    }
    return r.text(first, last);
  }
}

function skipOperand(r: TokenReader): Token {
  // Unary operators in a loop, not by recursion: `- - - … 1` thousands deep must not overflow the stack.
  while (r.peek()?.type === "operator" && UNARY_OPERATORS.has(r.peek()!.text)) r.pos++;
  const t = r.peek();
  if (!t) throw r.error("expected an expression, found the end of the statement");
  if (t.type === "punct" && t.text === "(") return r.skipParens();
  if (t.type === "word" && t.text.toUpperCase() === "CASE") return skipCase(r);
  if (t.type === "word" && r.acceptWord("NEXT", "VALUE", "FOR")) {
    r.objectName("a sequence name");
    return r.previous();
  }
  if (t.type === "word" || t.type === "quoted") {
    r.pos++;
    while (r.isPunct(".") && r.isIdentifier(1)) r.pos += 2;
    if (r.isPunct("(")) return r.skipParens();
    return r.previous();
  }
  if (t.type === "punct") throw r.error(`expected an expression, found ${r.describe()}`);
  r.pos++;
  return t;
}

function skipCase(r: TokenReader): Token {
  let depth = 0;
  for (;;) {
    const t = r.next("END");
    if (t.type === "punct" && t.text === "(") {
      r.pos--;
      r.skipParens();
      continue;
    }
    if (t.type !== "word") continue;
    const word = t.text.toUpperCase();
    if (word === "CASE") depth++;
    else if (word === "END" && --depth === 0) return t;
  }
}
