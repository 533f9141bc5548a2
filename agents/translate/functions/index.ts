import { AGGREGATES } from "./aggregates";
import { DATES } from "./dates";
import { FORMATTING } from "./format";
import { JSON_FUNCTIONS } from "./json";
import { LOGICAL } from "./logical";
import { MATH } from "./math";
import { type ConstructRule, familyRule, SYNTAX_CONSTRUCTS, type SyntaxConstruct } from "./constructs";
import type { FunctionDef, Scoring } from "./registry";
import { STRINGS } from "./strings";
import { SYSTEM } from "./system";
import { WINDOWS } from "./windows";

export type { CallSite, Family, FunctionDef, Scoring } from "./registry";
export {
  type Construct,
  type ConstructRule,
  functionConstruct,
  type FunctionConstruct,
  SYNTAX_CONSTRUCTS,
  type SyntaxConstruct,
} from "./constructs";

/** Every built-in function the translator knows, by lower-case name and alias. */
export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = (() => {
  const map = new Map<string, FunctionDef>();
  for (const def of [
    ...AGGREGATES,
    ...WINDOWS,
    ...LOGICAL,
    ...DATES,
    ...STRINGS,
    ...FORMATTING,
    ...MATH,
    ...JSON_FUNCTIONS,
    ...SYSTEM,
  ]) {
    for (const name of [def.name, ...(def.aliases ?? [])]) {
      if (map.has(name)) throw new Error(`function ${name} is registered twice`);
      map.set(name, def);
    }
  }
  return map;
})();

export function lookupFunction(name: string): FunctionDef | undefined {
  return FUNCTIONS.get(name.toLowerCase());
}

/** The assessment's scoring of each function construct, from the entries that declare one. */
export function functionConstructScoring(): Record<string, Scoring> {
  const out: Record<string, Scoring> = {};
  for (const def of FUNCTIONS.values()) if (def.construct) out[def.construct] ??= def.scoring ?? { weight: 0.5 };
  return out;
}

/**
 * How the assessment scores a construct name (the one vocabulary, ./constructs.ts): a declared construct; a
 * built-in function's, by its registry entry (0.5 by rules without a scoring), or "unknown function" for an
 * upper-case name the registry does not know; else the family it is named in. Undefined for any other name.
 */
export function constructRule(name: string): ConstructRule | undefined {
  if (Object.hasOwn(SYNTAX_CONSTRUCTS, name)) return SYNTAX_CONSTRUCTS[name as SyntaxConstruct];
  for (const [called, def] of FUNCTIONS)
    if (def.construct === name || called.toUpperCase() === name) return def.scoring ?? { weight: 0.5 };
  // A function the registry does not know is flagged under its own name (FunctionConstruct).
  if (/^[A-Z_][A-Z0-9_]*$/.test(name)) return SYNTAX_CONSTRUCTS["unknown function"];
  return familyRule(name);
}
