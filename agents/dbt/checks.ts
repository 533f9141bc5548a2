import type { Column } from "~/agents/catalog/schema";
import { sqlIdent } from "./text";
import { significant, tokenize, type Token } from "~/agents/tsql/lexer";

/**
 * CHECK constraints → dbt tests.
 *
 * `col IN (…)` and `col = a OR col = b …` become `accepted_values`. Other checks become a singular test when
 * every token is on a short whitelist (columns of the table, literals, comparisons, AND/OR/NOT, IS NULL,
 * BETWEEN, IN, LIKE without bracket patterns) so the PostgreSQL text is certainly equivalent; anything else
 * (functions, bracket LIKE patterns, !<) is reported as not converted rather than guessed.
 */
export type CheckTest =
  | { kind: "accepted_values"; column: string; values: string[]; quote: boolean }
  | { kind: "expression"; sql: string }
  | { kind: "unsupported"; reason: string };

const isPunct = (t: Token | undefined, p: string) => t?.type === "punct" && t.text === p;
const upper = (t: Token | undefined) => (t?.type === "word" ? t.text.toUpperCase() : "");

/** `columnSql`: a column as the tested relation names it (default: its SQL Server name, quoted). */
export function translateCheck(
  expression: string,
  columns: readonly Column[],
  columnSql: (column: Column) => string = (c) => sqlIdent(c.name),
): CheckTest {
  let sig: Token[];
  try {
    sig = significant(tokenize(expression));
  } catch (e) {
    return { kind: "unsupported", reason: `cannot read the expression: ${(e as Error).message}` };
  }
  const columnOf = (t: Token | undefined) =>
    t && (t.type === "quoted" || t.type === "word")
      ? columns.find((c) => c.name.toLowerCase() === t.text.toLowerCase())
      : undefined;

  const inner = stripParens(sig, 0, sig.length);
  const values = acceptedValues(sig, inner[0], inner[1], columnOf);
  if (values) return values;
  return expressionSql(sig, columnOf, columnSql);
}

/** [start, end) without the parentheses that wrap the whole range. */
function stripParens(sig: readonly Token[], start: number, end: number): [number, number] {
  while (end - start >= 2 && isPunct(sig[start], "(") && matching(sig, start) === end - 1) {
    start++;
    end--;
  }
  return [start, end];
}

function matching(sig: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < sig.length; i++) {
    if (isPunct(sig[i], "(")) depth++;
    else if (isPunct(sig[i], ")") && --depth === 0) return i;
  }
  return -1;
}

type Literal = { text: string; isString: boolean };

/** A literal spanning [start, end): 'x', N'x', 12, -1.5, (0), ((1)). */
function literal(sig: readonly Token[], start: number, end: number): Literal | undefined {
  [start, end] = stripParens(sig, start, end);
  const t = sig[start];
  if (end - start === 1 && t?.type === "string") return { text: t.text, isString: true };
  if (end - start === 1 && t?.type === "number") return { text: t.text, isString: false };
  if (
    end - start === 2 &&
    t?.type === "operator" &&
    (t.text === "-" || t.text === "+") &&
    sig[start + 1]?.type === "number"
  ) {
    return { text: `${t.text === "-" ? "-" : ""}${sig[start + 1]!.text}`, isString: false };
  }
  return undefined;
}

/** Splits [start, end) at top-level commas or at top-level `OR`s. */
function split(sig: readonly Token[], start: number, end: number, at: "," | "OR"): [number, number][] {
  const parts: [number, number][] = [];
  let depth = 0;
  let from = start;
  for (let i = start; i < end; i++) {
    if (isPunct(sig[i], "(")) depth++;
    else if (isPunct(sig[i], ")")) depth--;
    else if (depth === 0 && (at === "," ? isPunct(sig[i], ",") : upper(sig[i]) === "OR")) {
      parts.push([from, i]);
      from = i + 1;
    }
  }
  parts.push([from, end]);
  return parts;
}

function acceptedValues(
  sig: readonly Token[],
  start: number,
  end: number,
  columnOf: (t: Token | undefined) => Column | undefined,
): CheckTest | undefined {
  const build = (column: Column, literals: Literal[]): CheckTest | undefined => {
    if (!literals.length) return undefined;
    const strings = literals.every((l) => l.isString);
    if (!strings && literals.some((l) => l.isString)) return undefined;
    // bit → boolean in PostgreSQL: 0/1 become false/true.
    if (column.type.name.toLowerCase() === "bit") {
      if (literals.some((l) => !["0", "1"].includes(l.text))) return undefined;
      return {
        kind: "accepted_values",
        column: column.name,
        values: literals.map((l) => (l.text === "1" ? "true" : "false")),
        quote: false,
      };
    }
    return {
      kind: "accepted_values",
      column: column.name,
      values: [...new Set(literals.map((l) => l.text))],
      quote: strings,
    };
  };

  // col IN (a, b, c)
  const [s, e] = stripParens(sig, start, end);
  const column = columnOf(sig[s]);
  if (column && upper(sig[s + 1]) === "IN" && isPunct(sig[s + 2], "(") && matching(sig, s + 2) === e - 1) {
    const literals = split(sig, s + 3, e - 1, ",").map(([a, b]) => literal(sig, a, b));
    if (literals.every((l): l is Literal => l !== undefined)) return build(column, literals);
    return undefined;
  }
  // col = a OR col = b …
  const terms = split(sig, s, e, "OR");
  if (terms.length < 2) return undefined;
  let target: Column | undefined;
  const literals: Literal[] = [];
  for (const [a0, b0] of terms) {
    const [a, b] = stripParens(sig, a0, b0);
    const col = columnOf(sig[a]);
    const eq = sig[a + 1];
    if (!col || eq?.type !== "operator" || eq.text !== "=") return undefined;
    if (target && target !== col) return undefined;
    target = col;
    const lit = literal(sig, a + 2, b);
    if (!lit) return undefined;
    literals.push(lit);
  }
  return target ? build(target, literals) : undefined;
}

const ALLOWED_WORDS = new Set(["AND", "OR", "NOT", "IS", "NULL", "BETWEEN", "IN", "LIKE"]);
const ALLOWED_OPERATORS = new Set(["=", "<>", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "%"]);

function expressionSql(
  sig: readonly Token[],
  columnOf: (t: Token | undefined) => Column | undefined,
  columnSql: (column: Column) => string,
): CheckTest {
  const out: string[] = [];
  for (let i = 0; i < sig.length; i++) {
    const t = sig[i]!;
    const column = columnOf(t);
    if (column) {
      out.push(columnSql(column));
      continue;
    }
    switch (t.type) {
      case "number": {
        // A bit column compared with 0/1 (`[Discontinued]=(0)`) compares with false/true in PostgreSQL.
        const step = (from: number, dir: 1 | -1) => {
          let k = from + dir;
          while (isPunct(sig[k], "(") || isPunct(sig[k], ")")) k += dir;
          return k;
        };
        const isEquality = (x: Token | undefined) => x?.type === "operator" && ["=", "<>", "!="].includes(x.text);
        const isBit = (x: Token | undefined) => columnOf(x)?.type.name.toLowerCase() === "bit";
        const before = step(i, -1);
        const after = step(i, 1);
        const bitComparison =
          (isEquality(sig[before]) && isBit(sig[step(before, -1)])) ||
          (isEquality(sig[after]) && isBit(sig[step(after, 1)]));
        out.push(bitComparison && (t.text === "0" || t.text === "1") ? (t.text === "1" ? "true" : "false") : t.text);
        break;
      }
      case "string":
        if (upper(sig[i - 1]) === "LIKE" && /[[\]]/.test(t.text))
          return { kind: "unsupported", reason: "LIKE with a bracket pattern" };
        out.push(`'${t.text.replaceAll("'", "''")}'`);
        break;
      case "operator":
        if (!ALLOWED_OPERATORS.has(t.text)) return { kind: "unsupported", reason: `operator ${t.text}` };
        out.push(t.text);
        break;
      case "punct":
        if (t.text !== "(" && t.text !== ")" && t.text !== ",") return { kind: "unsupported", reason: `'${t.text}'` };
        out.push(t.text);
        break;
      case "word":
        if (!ALLOWED_WORDS.has(t.text.toUpperCase()))
          return { kind: "unsupported", reason: `'${t.text}' is not a column of the table or a supported keyword` };
        out.push(t.text.toLowerCase());
        break;
      default:
        return { kind: "unsupported", reason: `'${t.raw}'` };
    }
  }
  const sql = out.join(" ").replaceAll("( ", "(").replaceAll(" )", ")").replaceAll(" ,", ",");
  return sql ? { kind: "expression", sql } : { kind: "unsupported", reason: "empty expression" };
}
