import type { DataType } from "~/agents/catalog/schema";
import type * as A from "~/agents/tsql/ast";

/** The expression inside any number of parentheses. */
export function unparen(e: A.Expr): A.Expr {
  return e.kind === "paren" ? unparen(e.expr) : e;
}

/**
 * Replaces each alias type (`CREATE TYPE dbo.Flag FROM bit`, `sp_addtype`) named in the statements — parameters,
 * variables, CAST targets, table variable columns, RETURNS — by its base type, which is what SQL Server stores and
 * computes with (docs: create-type-transact-sql.md). A type node is the object under a `type` key that has a name
 * and no `kind`; the parser writes alias names lower-cased.
 */
export function resolveAliasTypes(node: unknown, types: { name: string; base: DataType }[]): void {
  if (!types.length) return;
  const byName = new Map(types.map((t) => [t.name.toLowerCase(), t.base]));
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const record = value as Record<string, unknown>;
    for (const [key, child] of Object.entries(record)) {
      if (key === "type" && typeof child === "object" && child !== null && !("kind" in child)) {
        const base = byName.get(String((child as { name?: unknown }).name).toLowerCase());
        if (base) record[key] = { ...base };
        continue;
      }
      visit(child);
    }
  };
  visit(node);
}
