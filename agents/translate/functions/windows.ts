import { T, sameName } from "../sqltypes";
import type { FunctionDef } from "./registry";

/** Ranking and analytic window functions (docs: "Ranking functions", "Analytic functions"). */

const ranking: FunctionDef = {
  name: "row_number",
  aliases: ["rank", "dense_rank", "ntile"],
  family: "window",
  arity: [0, 1],
  construct: "window function",
  emit: ({ name, args, over }) => ({ sql: `${name}(${args().map((a) => a.sql).join(", ")})${over}`, type: T.bigint }),
};

/**
 * LAG/LEAD(value [, offset [, default]]): the offset is evaluated per row, as in PostgreSQL. The result has the
 * value's type and the default is converted to it with SQL Server's rules (docs: lag-transact-sql.md: "default …
 * must be type-compatible with scalar_expression"; e.g. a decimal default for an int value is truncated), where
 * PostgreSQL would instead widen the whole column to the common type.
 */
const offsets: FunctionDef = {
  name: "lag",
  aliases: ["lead"],
  family: "window",
  arity: [1, 3],
  construct: "window function",
  emit: ({ em, call, name, args, over, line }) => {
    const a = args();
    const value = a[0]!;
    if (a[2] && a[2].sql !== "null") {
      if (!value.type) em.issue(name.toUpperCase(), line, `The type of ${name.toUpperCase()}'s value is unknown, so its default cannot be converted to it`);
      else if (!sameName(a[2].type, value.type) || a[2].type?.precision !== value.type.precision || a[2].type?.scale !== value.type.scale) {
        a[2] = em.convert(a[2], value.type, undefined, line, call.args[2]!);
      }
    }
    return { sql: `${name}(${a.map((x) => x.sql).join(", ")})${over}`, ...(value.type ? { type: value.type } : {}) };
  },
};

/**
 * FIRST_VALUE/LAST_VALUE: SQL Server's default frame with ORDER BY is RANGE BETWEEN UNBOUNDED PRECEDING AND
 * CURRENT ROW, as in PostgreSQL (docs: last-value-transact-sql.md), so the frame is passed through as written.
 */
const boundaryValues: FunctionDef = {
  name: "first_value",
  aliases: ["last_value"],
  family: "window",
  arity: [1, 1],
  construct: "window function",
  emit: ({ name, arg, over }) => {
    const x = arg(0);
    return { sql: `${name}(${x.sql})${over}`, ...(x.type ? { type: x.type } : {}) };
  },
};

/** PERCENT_RANK = (rank - 1) / (rows - 1), CUME_DIST = rows ≤ current / rows; both float (docs: percent-rank-, cume-dist-transact-sql.md). */
const distribution: FunctionDef = {
  name: "percent_rank",
  aliases: ["cume_dist"],
  family: "window",
  arity: [0, 0],
  construct: "window function",
  emit: ({ name, over }) => ({ sql: `${name}()${over}`, type: T.float }),
};

export const WINDOWS: FunctionDef[] = [ranking, offsets, boundaryValues, distribution];
