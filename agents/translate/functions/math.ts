import type * as A from "~/agents/tsql/ast";
import { T, isApprox, isExact, isInteger, isMoney } from "../sqltypes";
import { pgType } from "../types";
import { unparen } from "../ast-util";
import type { FunctionDef } from "./registry";

/** Mathematical functions (docs: "Mathematical functions (Transact-SQL)"). */

const sameType: FunctionDef = {
  name: "abs",
  aliases: ["sign", "floor", "ceiling"],
  family: "math",
  arity: [1, 1],
  emit: ({ name, arg }) => {
    const x = arg(0);
    return { sql: `${name}(${x.sql})`, ...(x.type ? { type: x.type } : {}) };
  },
};

const round: FunctionDef = {
  name: "round",
  family: "math",
  arity: [2, 3],
  construct: "ROUND",
  emit: ({ em, call, args }) => {
    const [x, n, mode] = args();
    // ROUND(x, n, f): any f other than 0 truncates (docs: round-transact-sql.md).
    const third = call.args[2] ? unparen(call.args[2]) : undefined;
    const truncate = mode && !(third?.kind === "literal" && Number((third as A.Literal).value) === 0);
    if (call.args[2]) em.constructs.add("ROUND truncate");
    const f = truncate ? "trunc" : "round";
    const t = x!.type;
    if (isApprox(t)) return { sql: `${f}((${x!.sql})::numeric, ${n!.sql})::${pgType(t!)}`, type: t! };
    if (isExact(t) || isMoney(t) || isInteger(t)) return { sql: `${f}(${x!.sql}, ${n!.sql})::${pgType(t!)}`, type: t! };
    return { sql: `${f}(${x!.sql}, ${n!.sql})`, ...(t ? { type: t } : {}) };
  },
};

const power: FunctionDef = {
  name: "power",
  family: "math",
  arity: [2, 2],
  emit: ({ args }) => {
    const [x, y] = args();
    const t = isInteger(x!.type) || isExact(x!.type) ? x!.type : T.float;
    return { sql: isInteger(x!.type) ? `trunc(power(${x!.sql}, ${y!.sql}))::${pgType(t!)}` : `power(${x!.sql}, ${y!.sql})`, ...(t ? { type: t } : {}) };
  },
};

const float: FunctionDef = {
  name: "sqrt",
  aliases: ["exp", "sin", "cos", "tan", "asin", "acos", "atan", "degrees", "radians"],
  family: "math",
  arity: [1, 1],
  emit: ({ name, arg }) => ({ sql: `${name}((${arg(0).sql})::double precision)`, type: T.float }),
};

const square: FunctionDef = {
  name: "square",
  family: "math",
  arity: [1, 1],
  emit: ({ arg }) => ({ sql: `power((${arg(0).sql})::double precision, 2)`, type: T.float }),
};

const atn2: FunctionDef = {
  name: "atn2",
  family: "math",
  arity: [2, 2],
  emit: ({ args }) => {
    const [y, x] = args();
    return { sql: `atan2((${y!.sql})::double precision, (${x!.sql})::double precision)`, type: T.float };
  },
};

const log: FunctionDef = {
  name: "log",
  family: "math",
  arity: [1, 2],
  emit: ({ args }) => {
    const [x, b] = args();
    return { sql: b ? `(ln((${x!.sql})::double precision) / ln((${b.sql})::double precision))` : `ln((${x!.sql})::double precision)`, type: T.float };
  },
};

const log10: FunctionDef = {
  name: "log10",
  family: "math",
  arity: [1, 1],
  emit: ({ arg }) => ({ sql: `log((${arg(0).sql})::double precision)`, type: T.float }),
};

const pi: FunctionDef = { name: "pi", family: "math", arity: [0, 0], emit: () => ({ sql: "pi()", type: T.float }) };

const rand: FunctionDef = {
  name: "rand",
  family: "math",
  arity: [0, 1],
  construct: "RAND",
  emit: ({ em, call, line }) => {
    if (call.args.length) em.issue("RAND", line, "RAND(seed) is not reproducible in PostgreSQL");
    return { sql: "random()", type: T.float };
  },
};

export const MATH: FunctionDef[] = [sameType, round, power, float, square, atn2, log, log10, pi, rand];
