import type { Column, DataType } from "~/agents/catalog/schema";
import type * as A from "~/agents/tsql/ast";
import { hasPrecedence, higher } from "~/agents/tsql/type-rules";
import { completeType } from "./data-types";
import { plain } from "./type-registry";

/**
 * The type of a computed column, which T-SQL does not declare, from the expression the parser read: the target of
 * a top-level CAST/CONVERT (or PARSE), otherwise the highest-precedence type among the operands — the columns it
 * reads, its literals and the targets of the conversions inside it. Lengths of derived strings are not computed
 * (left unsized, i.e. unbounded). Undefined when nothing in the expression has a type.
 */
export function inferComputedType(expression: A.Expr, columns: Column[]): DataType | undefined {
  let top = expression;
  while (top.kind === "paren") top = top.expr;
  if (top.kind === "cast") return conversionType(top);

  const byName = new Map(columns.filter((c) => !c.computed).map((c) => [c.name.toLowerCase(), c.type]));
  const candidates: DataType[] = [];
  const visit = (node: unknown): void => {
    if (typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) return node.forEach(visit);
    const expr = node as A.Expr;
    if (expr.kind === "column") {
      const type = byName.get(expr.parts[expr.parts.length - 1]!.toLowerCase());
      if (type) candidates.push(type);
    } else if (expr.kind === "literal") {
      const type = literalType(expr);
      if (type) candidates.push(type);
    } else if (expr.kind === "cast") {
      // A conversion's operand is not an operand of the expression: its result has the target type.
      candidates.push(conversionType(expr));
    } else Object.values(node).forEach(visit);
  };
  visit(top);
  // The highest-precedence operand's type; a type with no place in the precedence list says nothing.
  const best = candidates.filter(hasPrecedence).reduce<DataType | undefined>(higher, undefined);
  if (!best) return undefined;
  // Arithmetic widens decimals and concatenation lengthens strings, so only the type name is certain.
  return ["decimal", "numeric", "char", "varchar", "nchar", "nvarchar", "binary", "varbinary"].includes(best.name)
    ? { name: best.name === "char" ? "varchar" : best.name === "nchar" ? "nvarchar" : best.name }
    : { ...best };
}

/** The target type, with an unwritten length of 30 as CAST and CONVERT assume (docs: char-and-varchar-transact-sql.md). */
function conversionType(cast: A.Cast): DataType {
  return plain(completeType(cast.type, 30));
}

function literalType(literal: A.Literal): DataType | undefined {
  switch (literal.type) {
    case "number":
      return literal.value.includes(".") ? { name: "decimal" } : { name: "int" };
    case "money":
      return { name: "money" };
    case "string":
      return { name: literal.unicode ? "nvarchar" : "varchar" };
    default:
      return undefined;
  }
}
