import { functionConstruct } from "./constructs";
import { unparen } from "../ast-util";
import { T, isApprox, isExact, isInteger, isMoney, sameName } from "~/agents/tsql/type-rules";
import type * as A from "~/agents/tsql/ast";
import type { FunctionDef } from "./registry";

/** Ranking and analytic window functions (docs: "Ranking functions", "Analytic functions"). */

const ranking: FunctionDef = {
  name: "row_number",
  aliases: ["rank", "dense_rank", "ntile"],
  family: "window",
  arity: [0, 1],
  construct: "window function",
  emit: ({ name, args, over }) => ({
    sql: `${name}(${args()
      .map((a) => a.sql)
      .join(", ")})${over}`,
    type: T.bigint,
  }),
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
      if (!value.type)
        em.issue(
          functionConstruct(name),
          line,
          `The type of ${name.toUpperCase()}'s value is unknown, so its default cannot be converted to it`,
        );
      else if (
        !sameName(a[2].type, value.type) ||
        a[2].type?.precision !== value.type.precision ||
        a[2].type?.scale !== value.type.scale
      ) {
        a[2] = em.convert(a[2], value.type, undefined, line, call.args[2]!);
      }
    }
    const type = value.type ? { type: value.type } : {};
    if (!call.ignoreNulls) return { sql: `${name}(${a.map((x) => x.sql).join(", ")})${over}`, ...type };
    // IGNORE NULLS: the offset-th non-NULL value before (LAG) or after (LEAD) the row, else the default.
    const offset = call.args[1] ? unparen(call.args[1]) : undefined;
    if (offset && !(offset.kind === "literal" && /^[1-9]\d*$/.test(offset.value))) {
      em.issue(
        functionConstruct(name),
        line,
        `${name.toUpperCase()} … IGNORE NULLS with an offset other than a positive integer constant is not translated`,
      );
      return { sql: "null", ...type };
    }
    const n = offset ? (offset as A.Literal).value : "1";
    const frame =
      name === "lag"
        ? "rows between unbounded preceding and 1 preceding"
        : "rows between 1 following and unbounded following";
    const values = nonNullValues(value.sql, over.replace(/\)$/, ` ${frame})`));
    const pick = name === "lag" ? `${values}[cardinality(${values}) - ${n} + 1]` : `${values}[${n}]`;
    return { sql: a[2] && a[2].sql !== "null" ? `coalesce(${pick}, ${a[2].sql})` : pick, ...type };
  },
};

/** The non-NULL values of a window frame, in the window's order (PostgreSQL has no IGNORE NULLS). */
function nonNullValues(value: string, over: string): string {
  return `(array_agg(${value}) filter (where (${value}) is not null)${over})`;
}

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
  emit: ({ call, name, arg, over }) => {
    const x = arg(0);
    const type = x.type ? { type: x.type } : {};
    if (!call.ignoreNulls) return { sql: `${name}(${x.sql})${over}`, ...type };
    // IGNORE NULLS: the first or last non-NULL value of the same frame (docs: first-value-transact-sql.md).
    const values = nonNullValues(x.sql, over);
    return { sql: name === "first_value" ? `${values}[1]` : `${values}[cardinality(${values})]`, ...type };
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

/**
 * PERCENTILE_CONT / PERCENTILE_DISC (p) WITHIN GROUP (ORDER BY x) OVER ([PARTITION BY …]) — in SQL Server only
 * window functions; NULLs are ignored (docs: percentile-cont-transact-sql.md, percentile-disc-transact-sql.md).
 * PostgreSQL has them only as ordered-set aggregates, which cannot take OVER, so each partition's sorted
 * non-NULL values are gathered with array_agg over the whole partition (NULLs sorted last, counted out):
 * CONT interpolates between positions floor and ceil of 1 + p·(n − 1) (float); DISC takes the first value whose
 * cumulative distribution reaches p, position max(ceil(p·n), 1) (the value's type).
 */
const percentiles: FunctionDef = {
  name: "percentile_cont",
  aliases: ["percentile_disc"],
  family: "window",
  arity: [1, 1],
  construct: "PERCENTILE_CONT/DISC",
  emit: ({ em, call, scope, name, line }) => {
    const fn = functionConstruct(name);
    const p = unparen(call.args[0]!);
    const fraction = p.kind === "literal" && p.type === "number" ? Number(p.value) : NaN;
    const order = call.withinGroup;
    if (!(fraction >= 0 && fraction <= 1)) em.issue(fn, line, `${fn} takes a constant between 0.0 and 1.0`);
    else if (!call.over || call.over.orderBy.length || call.over.frame)
      em.issue(fn, line, `${fn} needs OVER ([PARTITION BY …]) without ORDER BY or a frame`);
    else if (order?.length !== 1) em.issue(fn, line, `${fn} needs WITHIN GROUP (ORDER BY one expression)`);
    else {
      const x = em.expr(order[0]!.expr, scope);
      if (
        !(isInteger(x.type) || isExact(x.type) || isMoney(x.type) || isApprox(x.type)) &&
        name === "percentile_cont"
      ) {
        em.issue(fn, line, "PERCENTILE_CONT interpolates numbers: the ORDER BY expression must be numeric");
        return { sql: "null" };
      }
      const partition = call.over.partitionBy.length ? `${em.partitionBy(call.over.partitionBy, scope)} ` : "";
      const direction = order[0]!.desc ? "desc" : "asc";
      const values = `(array_agg(${x.sql}) over (${partition}order by ${x.sql} ${direction} nulls last rows between unbounded preceding and unbounded following))`;
      const n = `count(${x.sql}) over (${partition.trim()})`;
      if (name === "percentile_disc")
        return {
          sql: `${values}[greatest(ceil(${fraction} * ${n})::integer, 1)]`,
          ...(x.type ? { type: x.type } : {}),
        };
      const position = `(1 + ${fraction} * (${n} - 1))`;
      const at = (i: string) => `(${values}[${i}::integer])::float8`;
      return {
        sql: `(${at(`floor(${position})`)} + (${position} - floor(${position})) * (${at(`ceil(${position})`)} - ${at(`floor(${position})`)}))`,
        type: T.float,
      };
    }
    return { sql: "null" };
  },
};

export const WINDOWS: FunctionDef[] = [ranking, offsets, boundaryValues, distribution, percentiles];
