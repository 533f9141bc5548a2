import { ZCatalog } from "~/agents/catalog/schema";
import { parseExpression } from "~/agents/tsql/parser";
import { createResolver } from "./context";
import { Emitter } from "./emit";
import { lookupFunction } from "./functions";

const EMPTY_CATALOG = ZCatalog.parse({});

/**
 * A T-SQL built-in call left in PostgreSQL text (by Claude or a person), rewritten by the function registry's
 * own translation — the same one the executor uses. The arguments are already PostgreSQL and their types are
 * unknown, so each is bound as an untyped variable; a keyword argument (a date part) is kept as written.
 * Undefined when the registry does not know the function or cannot translate the call faithfully without types.
 */
export function rewriteBuiltinCall(name: string, argTexts: string[]): string | undefined {
  const def = lookupFunction(name);
  if (!def) return undefined;
  const em = new Emitter({ catalog: EMPTY_CATALOG, resolver: createResolver(EMPTY_CATALOG) });
  const args = argTexts.map((text, i) => {
    if (i === def.keywordArg) return /^\w+$/.test(text.trim()) ? text.trim() : undefined;
    em.vars.set(`__arg${i}`, { sql: text });
    return `@__arg${i}`;
  });
  if (args.includes(undefined)) return undefined;
  let call;
  try {
    call = parseExpression(`${name}(${args.join(", ")})`);
  } catch {
    return undefined;
  }
  const out = em.expr(call, { sources: [] });
  return em.issues.length === 0 ? out.sql : undefined;
}
