import type { DataType } from "~/agents/catalog/schema";
import {
  T,
  isApprox,
  isBit,
  isExact,
  isInteger,
  isMoney,
  isString,
  isUnicode,
  normalizeName,
} from "~/agents/tsql/type-rules";
import { pgType } from "~/agents/dialect/types";
import { wrap } from "../sql-text";
import { ANY, type FunctionDef } from "./registry";

/** Aggregates (docs: "Aggregate functions (Transact-SQL)"): result types follow SQL Server's, not PostgreSQL's. */

/** SQL Server's result type of an aggregate over `t`: SUM/AVG of int stay int, of decimal widen to 38 digits. */
export function aggregateType(fn: string, t: DataType | undefined): DataType | undefined {
  switch (fn) {
    case "count":
      return T.int;
    case "count_big":
      return T.bigint;
    case "sum":
      if (isInteger(t) && normalizeName(t!.name) !== "bigint") return T.int;
      if (isExact(t)) return T.decimal(38, t!.scale ?? 0);
      if (isApprox(t)) return T.float;
      return t;
    case "avg":
      if (isInteger(t) && normalizeName(t!.name) !== "bigint") return T.int;
      if (isExact(t)) return T.decimal(38, Math.max(t!.scale ?? 0, 6));
      if (isApprox(t)) return T.float;
      return t;
    case "stdev":
    case "stdevp":
    case "var":
    case "varp":
      return T.float;
    default:
      return t;
  }
}

const count: FunctionDef = {
  name: "count",
  aliases: ["count_big"],
  family: "aggregate",
  arity: [1, 1],
  // COUNT(DISTINCT) counts strings as equal as `=` finds them: blank-padded, under the collation.
  emit: ({ em, call, name, args, distinct, over }) => {
    const inner =
      call.args[0]?.kind === "star"
        ? "*"
        : `${distinct}${args()
            .map((a) => (distinct ? em.comparableKey(a) : a.sql))
            .join(", ")}`;
    return {
      sql: `count(${inner})${over}${name === "count" ? "::integer" : ""}`,
      type: name === "count" ? T.int : T.bigint,
    };
  },
};

const sumAvgMinMax: FunctionDef = {
  name: "sum",
  aliases: ["avg", "min", "max"],
  family: "aggregate",
  arity: [1, 1],
  emit: ({ em, name, arg, distinct, over }) => {
    const x = arg(0);
    // MIN and MAX of strings take the lowest and highest value in the collating sequence (docs: min-transact-sql.md,
    // max-transact-sql.md): the database default ignores case, so 'a' < 'B'.
    const ordered = (name === "min" || name === "max") && isString(x.type) ? em.collated(x) : x.sql;
    const v = isBit(x.type) ? `${wrap(x.sql)}::integer` : ordered;
    const type = aggregateType(name, x.type);
    let sql = `${name}(${distinct}${v})${over}`;
    // SUM of int is int, of bigint bigint (PostgreSQL widens to bigint and numeric): the cast also raises where
    // SQL Server reports an arithmetic overflow (docs: sum-transact-sql.md, "Return types").
    if (name === "sum" && isInteger(x.type))
      sql = `${sql}::${normalizeName(x.type!.name) === "bigint" ? "bigint" : "integer"}`;
    if (name === "avg") {
      if (isInteger(x.type)) sql = `trunc(${sql})::${normalizeName(x.type!.name) === "bigint" ? "bigint" : "integer"}`;
      else if (isMoney(x.type)) {
        em.constructs.add("AVG(money)");
        sql = `(${sql})::numeric(19,4)`;
      } else if (isExact(x.type)) sql = `(${sql})::${pgType(type!)}`;
      else if (isApprox(x.type)) sql = `${sql}::double precision`;
    }
    if (name === "sum" && isApprox(x.type)) sql = `${sql}::double precision`;
    return { sql, ...(type ? { type } : {}) };
  },
};

const STATISTICS: Record<string, string> = {
  stdev: "stddev_samp",
  stdevp: "stddev_pop",
  var: "var_samp",
  varp: "var_pop",
};
const statistics: FunctionDef = {
  name: "stdev",
  aliases: ["stdevp", "var", "varp"],
  family: "aggregate",
  arity: [1, 1],
  emit: ({ name, arg, distinct, over }) => ({
    sql: `${STATISTICS[name]}(${distinct}${arg(0).sql})::double precision${over}`,
    type: T.float,
  }),
};

const grouping: FunctionDef = {
  name: "grouping",
  aliases: ["grouping_id"],
  family: "aggregate",
  arity: [1, ANY],
  construct: "GROUPING",
  // Its arguments are GROUP BY keys, written as the GROUP BY writes them (a string as Emitter.comparableKey does).
  emit: ({ args, em }) => ({
    sql: `grouping(${args()
      .map((a) => em.comparableKey(a))
      .join(", ")})`,
    type: T.int,
  }),
};

const stringAgg: FunctionDef = {
  name: "string_agg",
  family: "aggregate",
  arity: [2, 2],
  construct: "STRING_AGG",
  emit: ({ em, call, scope, args }) => {
    const [x, sep] = args();
    const order = call.withinGroup ? ` order by ${em.orderBy(call.withinGroup, scope, [], undefined)}` : "";
    return {
      sql: `string_agg(${isString(x!.type) ? x!.sql : `(${x!.sql})::text`}, ${sep!.sql}${order})`,
      type: isUnicode(x!.type) ? T.nvarchar("max") : T.varchar("max"),
    };
  },
};

export const AGGREGATES: FunctionDef[] = [count, sumAvgMinMax, statistics, grouping, stringAgg];
