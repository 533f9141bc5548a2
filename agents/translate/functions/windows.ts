import { T } from "../sqltypes";
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

const offsets: FunctionDef = {
  name: "lag",
  aliases: ["lead", "first_value", "last_value"],
  family: "window",
  arity: [1, 3],
  construct: "window function",
  emit: ({ name, args, over }) => {
    const a = args();
    return { sql: `${name}(${a.map((x) => x.sql).join(", ")})${over}`, ...(a[0]?.type ? { type: a[0].type } : {}) };
  },
};

export const WINDOWS: FunctionDef[] = [ranking, offsets];
