import type * as A from "~/agents/tsql/ast";

/** The expression inside any number of parentheses. */
export function unparen(e: A.Expr): A.Expr {
  return e.kind === "paren" ? unparen(e.expr) : e;
}
