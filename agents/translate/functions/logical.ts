import type { DataType } from "~/agents/catalog/schema";
import {
  higher,
  isExact,
  isMoney,
  isString,
  needsCast,
  normalizeName,
  sameType,
  unionType,
} from "~/agents/tsql/type-rules";
import { pgType } from "~/agents/dialect/types";
import type * as A from "~/agents/tsql/ast";
import { ANY, type FunctionDef } from "./registry";

/** NULL handling and logical functions (docs: "Logical functions", ISNULL, COALESCE, NULLIF). */

const isnull: FunctionDef = {
  name: "isnull",
  family: "logical",
  arity: [2, 2],
  construct: "ISNULL",
  scoring: { weight: 0.5 },
  // ISNULL takes the first argument's type (docs: isnull-transact-sql.md): the replacement is converted to it by
  // CAST's rules (ISNULL(<int NULL>, 2.7) is 2, truncated; ISNULL(varchar(2), 'abcdef') is 'ab').
  emit: ({ em, args, line }) => {
    const [a, b] = args();
    const longer =
      isString(a!.type) &&
      isString(b!.type) &&
      typeof a!.type!.length === "number" &&
      (typeof b!.type!.length !== "number" || b!.type!.length > a!.type!.length);
    const bsql =
      !a!.type || !b!.type || b!.sql === "null"
        ? b!.sql
        : isString(a!.type) && isString(b!.type)
          ? longer || ["char", "nchar"].includes(normalizeName(a!.type.name))
            ? em.convert(b!, a!.type, undefined, line).sql
            : b!.sql
          : sameType(b!.type, a!.type)
            ? b!.sql
            : em.convert(b!, a!.type, undefined, line).sql;
    return { sql: `coalesce(${a!.sql}, ${bsql})`, ...((a!.type ?? b!.type) ? { type: (a!.type ?? b!.type)! } : {}) };
  },
};

const coalesce: FunctionDef = {
  name: "coalesce",
  family: "logical",
  arity: [2, ANY],
  emit: ({ args }) => {
    const a = args();
    const type = a.reduce<DataType | undefined>((t, x) => unionType(t, x.type), undefined);
    return {
      sql: `coalesce(${a.map((x) => (type && needsCast(x.type, type) && x.sql !== "null" ? `cast(${x.sql} as ${pgType(type)})` : x.sql)).join(", ")})`,
      ...(type ? { type } : {}),
    };
  },
};

const nullif: FunctionDef = {
  name: "nullif",
  family: "logical",
  arity: [2, 2],
  // NULLIF(a, b) is the searched CASE WHEN a = b THEN NULL ELSE a END (docs: nullif-transact-sql.md, "Remarks"), so
  // strings compare as = does, blank-padded and under their collation ('abc' vs 'ABC ' is NULL by default);
  // other types compare alike in PostgreSQL's nullif.
  emit: ({ em, call, scope, line, arg }) => {
    const a = arg(0);
    const b = em.coerceTo(em.expr(call.args[1]!, scope), call.args[1]!, a.type, line);
    if (!isString(a.type) && !isString(b.type))
      return { sql: `nullif(${a.sql}, ${b.sql})`, ...(a.type ? { type: a.type } : {}) };
    const equal: A.Binary = { kind: "binary", op: "=", left: call.args[0]!, right: call.args[1]!, line };
    const none: A.Literal = { kind: "literal", type: "null", value: "NULL", line };
    return em.caseExpr({ kind: "case", whens: [{ when: equal, then: none }], else: call.args[0]!, line }, scope);
  },
};

const iif: FunctionDef = {
  name: "iif",
  family: "logical",
  arity: [3, 3],
  construct: "IIF",
  scoring: { weight: 0.5 },
  emit: ({ em, call, scope, line }) =>
    em.caseExpr(
      { kind: "case", whens: [{ when: call.args[0]!, then: call.args[1]! }], else: call.args[2]!, line },
      scope,
    ),
};

const choose: FunctionDef = {
  name: "choose",
  family: "logical",
  arity: [2, ANY],
  construct: "CHOOSE",
  scoring: { weight: 0.5 },
  // The index is converted to int first (CHOOSE(2.5, …) picks the 2nd value); out of range gives NULL.
  emit: ({ em, call, scope, line }) =>
    em.caseExpr(
      {
        kind: "case",
        operand: { kind: "cast", fn: "CAST", type: { name: "int" }, expr: call.args[0]!, line },
        whens: call.args
          .slice(1)
          .map((then, i) => ({ when: { kind: "literal", type: "number", value: String(i + 1), line }, then })),
        line,
      },
      scope,
    ),
};

/**
 * GREATEST / LEAST: every argument is converted to the highest-precedence type among them, NULLs are ignored and
 * the result is NULL only when all are (docs: logical-functions-greatest-transact-sql.md,
 * logical-functions-least-transact-sql.md). PostgreSQL's greatest/least ignore NULLs the same way; the arguments
 * are cast to the common type first so '6.62' vs 3.1415 compares as numbers, and the result carries that type's
 * scale (smallmoney 14.99 → 14.9900).
 */
const extremum: FunctionDef = {
  name: "greatest",
  aliases: ["least"],
  family: "logical",
  arity: [1, 254],
  construct: "GREATEST/LEAST",
  scoring: { weight: 0.5 },
  emit: ({ em, call, name, line, args }) => {
    const a = args();
    const type = a.reduce<DataType | undefined>((t, x) => extremumType(t, x.type), undefined);
    if (!type) return { sql: `${name}(${a.map((x) => x.sql).join(", ")})` };
    const pg = pgType(type);
    const parts = a.map((x, i) => {
      if (x.sql === "null") return `cast(null as ${pg})`;
      const fitted = em.coerceTo(x, call.args[i]!, type, line);
      return needsCast(fitted.type, type) || isExact(type) || isMoney(type)
        ? `cast(${fitted.sql} as ${pg})`
        : fitted.sql;
    });
    // Strings compare under the collation SQL Server would use (the database default ignores case).
    if (isString(type) && parts.length) parts[0] = em.collated({ sql: parts[0]!, type }, ...a);
    return { sql: `${name}(${parts.join(", ")})`, type };
  },
};

/** The type GREATEST/LEAST return: the highest precedence; two decimals widen to hold both (as CASE does). */
function extremumType(a: DataType | undefined, b: DataType | undefined): DataType | undefined {
  if (isExact(a) && isExact(b)) return unionType(a, b);
  return isString(a) && isString(b) ? unionType(a, b) : higher(a, b);
}

export const LOGICAL: FunctionDef[] = [isnull, coalesce, nullif, iif, choose, extremum];
