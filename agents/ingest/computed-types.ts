import type { Column, DataType } from "~/agents/catalog/schema";
import { significant, tokenize, type Token } from "~/agents/tsql/lexer";
import { hasPrecedence, higher } from "~/agents/tsql/type-rules";
import { readDataType } from "./data-types";
import { TokenReader } from "./reader";
import { plain } from "./type-registry";

/**
 * The type of a computed column, which T-SQL does not declare: the target of a top-level CAST/CONVERT,
 * otherwise the highest-precedence type among the referenced columns and literals. Lengths of derived
 * strings are not computed (left unsized, i.e. unbounded). Undefined when nothing in the expression has a type.
 */
export function inferComputedType(expression: string, columns: Column[]): DataType | undefined {
  let tokens;
  try {
    tokens = significant(tokenize(expression));
  } catch {
    return undefined;
  }
  const cast = topLevelCast(tokens, expression);
  if (cast) return cast;

  const byName = new Map(columns.filter((c) => !c.computed).map((c) => [c.name.toLowerCase(), c.type]));
  const candidates: DataType[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if ((t.type === "word" || t.type === "quoted") && !(next?.type === "punct" && next.text === "(")) {
      const type = byName.get(t.text.toLowerCase());
      if (type) candidates.push(type);
    } else if (t.type === "number") candidates.push(t.text.includes(".") ? { name: "decimal" } : { name: "int" });
    else if (t.type === "money") candidates.push({ name: "money" });
    else if (t.type === "string") candidates.push({ name: t.unicode ? "nvarchar" : "varchar" });
  }
  // The highest-precedence operand's type; a type with no place in the precedence list says nothing.
  const best = candidates.filter(hasPrecedence).reduce<DataType | undefined>(higher, undefined);
  if (!best) return undefined;
  // Arithmetic widens decimals and concatenation lengthens strings, so only the type name is certain.
  return ["decimal", "numeric", "char", "varchar", "nchar", "nvarchar", "binary", "varbinary"].includes(best.name)
    ? { name: best.name === "char" ? "varchar" : best.name === "nchar" ? "nvarchar" : best.name }
    : { ...best };
}

function topLevelCast(tokens: Token[], source: string): DataType | undefined {
  // Matching parentheses found in one pass: looking each up afresh made `((((…x…))))` quadratic to strip.
  const closer = matchingParens(tokens);
  let from = 0;
  let to = tokens.length;
  while (isPunct(tokens[from], "(") && isPunct(tokens[to - 1], ")") && closer[from] === to - 1) {
    from++;
    to--;
  }
  const head = tokens[from];
  if (head?.type !== "word" || !isPunct(tokens[from + 1], "(") || closer[from + 1] !== to - 1) return undefined;
  const word = head.text.toUpperCase();
  try {
    if (word === "CONVERT" || word === "TRY_CONVERT")
      return plain(readDataType(new TokenReader(tokens, from + 2, to - 1, source), 30));
    if (word === "CAST" || word === "TRY_CAST") {
      let depth = 0;
      for (let i = to - 2; i > from + 1; i--) {
        const t = tokens[i]!;
        if (isPunct(t, ")")) depth++;
        else if (isPunct(t, "(")) depth--;
        else if (depth === 0 && t.type === "word" && t.text.toUpperCase() === "AS")
          return plain(readDataType(new TokenReader(tokens, i + 1, to - 1, source), 30));
      }
    }
  } catch {
    return undefined;
  }
  return undefined;
}

const isPunct = (t: Token | undefined, p: string) => t?.type === "punct" && t.text === p;

/** For each `(`, the index of its matching `)` (-1 when unmatched); other indexes are unset. */
function matchingParens(tokens: Token[]): number[] {
  const closer: number[] = new Array<number>(tokens.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== "punct") continue;
    if (t.text === "(") open.push(i);
    else if (t.text === ")" && open.length) closer[open.pop()!] = i;
  }
  return closer;
}
