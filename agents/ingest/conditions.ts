import type { Token } from "~/agents/tsql/lexer";
import { MAX_NESTING } from "~/agents/tsql/parser";
import type { StatementRange } from "./statements";

const COMPARISONS = new Set(["=", "<>", "!=", "<", ">", "<=", ">=", "!<", "!>"]);

const word = (t: Token | undefined) => (t?.type === "word" ? t.text.toUpperCase() : "");
const punct = (t: Token | undefined, text: string) => t?.type === "punct" && t.text === text;

/**
 * The condition of an IF statement (tokens[from, to) of its batch, from IF), as T-SQL source text the sandbox can
 * evaluate over the rows loaded so far, or why it cannot. Only conditions on table data are taken: terms joined by
 * AND / OR, each `[NOT] EXISTS (<query>)` (docs: exists-transact-sql.md) or a comparison (or IS [NOT] NULL) of a
 * scalar subquery with a literal or another subquery, e.g. `IF (SELECT COUNT(*) FROM T) = 0`, or of two numbers
 * (`IF 1 = 0`, which scripts use to switch a block off). Anything else may read the server's state (`OBJECT_ID(…)
 * IS NULL`, `@@VERSION`, `DB_NAME()`) or a variable, which the sandbox does not hold.
 */
export function readCondition(
  tokens: Token[],
  { from, to }: StatementRange,
  source: string,
): { condition: string; line: number } | { unsupported: string } {
  const start = from + 1;
  if (start >= to) return { unsupported: "it has no condition" };
  const variable = tokens.slice(start, to).find((t) => t.type === "variable");
  if (variable) return { unsupported: `it reads ${variable.raw}, a variable or server value the loader does not hold` };
  if (!isCondition(tokens, start, to))
    return {
      unsupported:
        "it is not [NOT] EXISTS (<query>) or a comparison of a scalar subquery with a literal, which are all the loader evaluates",
    };
  return { condition: source.slice(tokens[start]!.start, tokens[to - 1]!.end), line: tokens[start]!.line };
}

/** tokens[from, to) is terms joined by AND / OR (see readCondition), within `nesting` parentheses. */
function isCondition(tokens: Token[], from: number, to: number, nesting = 0): boolean {
  if (nesting > MAX_NESTING) return false;
  let termStart = from;
  let depth = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (punct(t, "(")) depth++;
    else if (punct(t, ")")) depth--;
    // BETWEEN is not one of the shapes taken (and its AND would not end the term).
    else if (depth === 0 && word(t) === "BETWEEN") return false;
    else if (depth === 0 && (word(t) === "AND" || word(t) === "OR")) {
      if (!isTerm(tokens, termStart, i, nesting)) return false;
      termStart = i + 1;
    }
  }
  return isTerm(tokens, termStart, to, nesting);
}

function isTerm(tokens: Token[], from: number, to: number, nesting: number): boolean {
  while (from < to && word(tokens[from]) === "NOT") from++;
  if (from >= to) return false;
  if (word(tokens[from]) === "EXISTS") return isSubquery(tokens, from + 1, to);
  if (punct(tokens[from], "(") && closing(tokens, from, to) === to - 1 && !isQuery(tokens[from + 1]))
    return isCondition(tokens, from + 1, to - 1, nesting + 1);
  let depth = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (punct(t, "(")) depth++;
    else if (punct(t, ")")) depth--;
    else if (depth === 0 && t.type === "operator" && COMPARISONS.has(t.text)) {
      const left = side(tokens, from, i);
      const right = side(tokens, i + 1, to);
      // Two literals only when numbers: strings compare under a collation the literal takes from the database.
      const sides = [left, right];
      return sides.includes("query") ? !sides.includes(undefined) : sides.every((k) => k === "number");
    } else if (depth === 0 && word(t) === "IS") {
      let k = i + 1;
      if (word(tokens[k]) === "NOT") k++;
      return word(tokens[k]) === "NULL" && k === to - 1 && side(tokens, from, i) === "query";
    }
  }
  return false;
}

/** A comparison's operand: a scalar subquery, a number, another literal, or undefined for anything else. */
function side(tokens: Token[], from: number, to: number): "query" | "number" | "literal" | undefined {
  if (isSubquery(tokens, from, to)) return "query";
  if (from < to && tokens[from]!.type === "operator" && (tokens[from]!.text === "-" || tokens[from]!.text === "+"))
    from++;
  const t = tokens[from];
  if (from !== to - 1 || !t) return undefined;
  if (t.type === "number") return "number";
  return ["string", "money", "binary"].includes(t.type) || word(t) === "NULL" ? "literal" : undefined;
}

const isQuery = (t: Token | undefined) => word(t) === "SELECT";

/** tokens[from, to) is one parenthesised query. */
const isSubquery = (tokens: Token[], from: number, to: number) =>
  punct(tokens[from], "(") && isQuery(tokens[from + 1]) && closing(tokens, from, to) === to - 1;

/** The index of the parenthesis closing the one at `open`, before `end`; -1 if none. */
function closing(tokens: Token[], open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    if (punct(tokens[i], "(")) depth++;
    else if (punct(tokens[i], ")") && --depth === 0) return i;
  }
  return -1;
}
