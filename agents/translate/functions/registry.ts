import type { DataType } from "~/agents/catalog/schema";
import type * as A from "~/agents/tsql/ast";
import type { Emitter, Scope, Typed } from "../emit";

/**
 * The one registry of T-SQL built-in functions, in the manner of sqlglot's dialect tables: a family file per
 * area (dates, strings, math, …) declares each function once — its arity, the construct it counts as, how the
 * assessment scores it and how the emitter writes it for PostgreSQL. The assessment, the executor and the
 * rebuilder all read this table; adding a function is one entry here and one test row.
 */

export type Family = "aggregate" | "window" | "logical" | "datetime" | "string" | "math" | "json" | "xml" | "system";

import { type Construct, type ConstructRule, functionConstruct, type Scoring } from "./constructs";

export type { Scoring } from "./constructs";

/** What an entry's `emit` gets: the call, its scope and lazy access to its translated arguments. */
export type CallSite = {
  em: Emitter;
  call: A.Call;
  scope: Scope;
  /** Lower-case name as called (an alias keeps its own name, e.g. `datediff_big`). */
  name: string;
  line: number;
  /** Every argument translated, left to right. */
  args(): Typed[];
  arg(index: number): Typed;
  /** ` over (…)` when the call has an OVER clause, else "". */
  over: string;
  /** "distinct " for aggregate(DISTINCT …), else "". */
  distinct: string;
};

export type FunctionDef = {
  /** Lower-case T-SQL name. */
  name: string;
  aliases?: string[];
  family: Family;
  /** Smallest and largest number of arguments SQL Server accepts (Infinity: variadic). */
  arity: readonly [number, number];
  /** The checklist construct the call counts as (docs/tsql-to-postgres.md); also what the assessment reports. */
  construct?: Construct;
  /**
   * Assessment scoring; functions without it weigh 0.5 and go by rules. With `patterns`, the assessment asks the
   * translator whether this use of the function is one it translates (see ConstructRule).
   */
  scoring?: ConstructRule;
  /** Index of an argument that is a keyword (a date part such as `year`), not an expression. */
  keywordArg?: number;
  /** Result type as SQL Server documents it, where it does not depend on the arguments (for readers of the table). */
  returns?: DataType;
  emit(site: CallSite): Typed;
};

/** A function whose meaning has no faithful PostgreSQL form: the call is flagged for review with `why`. */
export function unsupported(
  name: string,
  family: Family,
  arity: readonly [number, number],
  why: string,
  scoring: Scoring = { weight: 2, handling: "manual", why },
): FunctionDef {
  return {
    name,
    family,
    arity,
    construct: functionConstruct(name),
    scoring,
    emit: ({ em, line }) => {
      em.issue(functionConstruct(name), line, why);
      return { sql: "null" };
    },
  };
}

export const ANY = Infinity;
