import { functionConstruct } from "./constructs";
import type * as A from "~/agents/tsql/ast";
import type { DataType } from "~/agents/catalog/schema";
import { T, isApprox, isBinary, isBit, isExact, isInteger, isMoney, normalizeName } from "~/agents/tsql/type-rules";
import { pgType } from "~/agents/dialect/types";
import { unparen } from "../ast-util";
import type { FunctionDef } from "./registry";

/** Mathematical functions (docs: "Mathematical functions (Transact-SQL)"). */

/**
 * ABS, SIGN, FLOOR, CEILING return the argument's type (docs: abs-, sign-, floor-, ceiling-transact-sql.md):
 * money keeps 4 places (CEILING($123.45) = 124.0000) and SIGN(0.0) = 0.0, while FLOOR/CEILING of decimal(p,s)
 * print no fraction (FLOOR(123.45) = 123), as decimal(p,0).
 */
const sameType: FunctionDef = {
  name: "abs",
  aliases: ["sign", "floor", "ceiling"],
  family: "math",
  arity: [1, 1],
  emit: ({ name, arg }) => {
    const x = arg(0);
    const t = x.type;
    const fn = name === "ceiling" ? "ceil" : name;
    if (isExact(t) && (name === "floor" || name === "ceiling")) {
      const type: DataType = { name: "decimal", precision: t!.precision ?? 18, scale: 0 };
      return { sql: `${fn}(${x.sql})::${pgType(type)}`, type };
    }
    if (isExact(t) || isMoney(t)) return { sql: `${fn}(${x.sql})::${pgType(t!)}`, type: t! };
    return { sql: `${fn}(${x.sql})`, ...(t ? { type: t } : {}) };
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
  // The result has the first argument's type (docs: power-transact-sql.md): computed in float, then truncated to an
  // integer type (POWER(2, -100.0) = 0) or rounded to a decimal's scale as decimal(38, s) (POWER(2.0, -100.0) = 0.0)
  // or to money's 4 places.
  emit: ({ args }) => {
    const [x, y] = args();
    const t = x!.type;
    const f = `power((${x!.sql})::float8, (${y!.sql})::float8)`;
    if (isInteger(t)) return { sql: `trunc(${f})::${pgType(t!)}`, type: t! };
    if (isExact(t)) {
      const type: DataType = { name: "decimal", precision: 38, scale: t!.scale ?? 0 };
      return { sql: `(${f})::${pgType(type)}`, type };
    }
    if (isMoney(t)) return { sql: `round((${f})::numeric, 4)::${pgType(t!)}`, type: t! };
    return { sql: `power((${x!.sql})::double precision, ${y!.sql})`, type: T.float };
  },
};

const float: FunctionDef = {
  name: "sqrt",
  aliases: ["exp", "sin", "cos", "tan", "asin", "acos", "atan"],
  family: "math",
  arity: [1, 1],
  emit: ({ name, arg }) => ({ sql: `${name}((${arg(0).sql})::double precision)`, type: T.float }),
};

/** DEGREES / RADIANS return the argument's type (docs: radians-transact-sql.md): an integer is truncated (RADIANS(180) = 3). */
const angle: FunctionDef = {
  name: "degrees",
  aliases: ["radians"],
  family: "math",
  arity: [1, 1],
  emit: ({ name, arg }) => {
    const x = arg(0);
    const f = `${name}((${x.sql})::double precision)`;
    return isInteger(x.type) ? { sql: `trunc(${f})::${pgType(x.type!)}`, type: x.type! } : { sql: f, type: T.float };
  },
};

const square: FunctionDef = {
  name: "square",
  family: "math",
  arity: [1, 1],
  emit: ({ arg }) => ({ sql: `power((${arg(0).sql})::double precision, 2)`, type: T.float }),
};

/**
 * COT (docs: cot-transact-sql.md) as 1 / TAN: the same float, and COT(0) an error as in SQL Server (PostgreSQL's own
 * cot(0) returns Infinity, a value no SQL Server float can hold).
 */
const cot: FunctionDef = {
  name: "cot",
  family: "math",
  arity: [1, 1],
  emit: ({ arg }) => ({ sql: `(1 / tan((${arg(0).sql})::double precision))`, type: T.float }),
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
    return {
      sql: b
        ? `(ln((${x!.sql})::double precision) / ln((${b.sql})::double precision))`
        : `ln((${x!.sql})::double precision)`,
      type: T.float,
    };
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

// ───────────── bit manipulation (SQL Server 2022; docs: bit-manipulation-functions-overview.md) ─────────────

/** Width in bits of an integer type as SQL Server stores it (tinyint is one unsigned byte). */
function integerWidth(t: DataType | undefined): number | undefined {
  if (!t || !isInteger(t)) return undefined;
  return { tinyint: 8, smallint: 16, int: 32, bigint: 64 }[normalizeName(t.name)];
}

/** The value's two's-complement bits as a PostgreSQL bit(w) string (the low w bits of the integer). */
function toBits(x: string, width: number): string {
  return width === 64 ? `(${x})::bigint::bit(64)` : `(${x})::integer::bit(${width})`;
}

/** bit(w) back to the integer type: bit(32)/bit(64) read as signed; a smallint's sign bit is restored by hand. */
function fromBits(bits: string, width: number): string {
  if (width === 64) return `(${bits})::bigint`;
  if (width === 32) return `(${bits})::integer`;
  if (width === 16) return `(((${bits})::integer # 32768) - 32768)::smallint`;
  return `(${bits})::integer::smallint`;
}

/**
 * A binary value's bits are numbered from the least significant bit of its last byte (GET_BIT(0xabcdef, 2) = 1);
 * PostgreSQL's get_bit/set_bit on bytea count bytes from the first, bits within a byte from the least significant.
 */
function binaryBitIndex(bytes: string, offset: string): string {
  return `(length(${bytes}) - 1 - (${offset}) / 8) * 8 + (${offset}) % 8`;
}

/** BIT_COUNT: ones in the value's own representation (an int -1 has 32, a smallint -1 has 16); bigint result. */
const bitCount: FunctionDef = {
  name: "bit_count",
  family: "math",
  arity: [1, 1],
  construct: "BIT_COUNT",
  emit: ({ em, arg, line }) => {
    const x = arg(0);
    const w = integerWidth(x.type);
    if (w) return { sql: `length(replace(${toBits(x.sql, w)}::text, '0', ''))::bigint`, type: T.bigint };
    if (isBinary(x.type)) return { sql: `bit_count(${x.sql})`, type: T.bigint };
    em.issue(
      "BIT_COUNT",
      line,
      `BIT_COUNT of ${x.type ? normalizeName(x.type.name) : "an untyped value"} is not translated (integer or binary only)`,
    );
    return { sql: "null" };
  },
};

/**
 * LEFT_SHIFT / RIGHT_SHIFT: the result has the first argument's type; the shift is logical (vacated bits are 0,
 * whatever the sign), a negative amount shifts the other way and an amount beyond the width gives 0 — exactly
 * the behaviour of PostgreSQL's << and >> on a bit(w) string.
 */
const shift: FunctionDef = {
  name: "left_shift",
  aliases: ["right_shift"],
  family: "math",
  arity: [2, 2],
  construct: "bit shift",
  emit: ({ em, name, args, line }) => {
    const [x, n] = args();
    const w = integerWidth(x!.type);
    if (!w) {
      em.issue(functionConstruct(name), line, `${name.toUpperCase()} of a non-integer value is not translated`);
      return { sql: "null" };
    }
    return {
      sql: fromBits(`${toBits(x!.sql, w)} ${name === "left_shift" ? "<<" : ">>"} (${n!.sql})::integer`, w),
      type: x!.type!,
    };
  },
};

/** GET_BIT(x, offset): the bit `offset` places from the least significant one, as bit. */
const getBit: FunctionDef = {
  name: "get_bit",
  family: "math",
  arity: [2, 2],
  construct: "GET_BIT",
  emit: ({ em, args, line }) => {
    const [x, offset] = args();
    const w = integerWidth(x!.type);
    if (isBinary(x!.type))
      return { sql: `(get_bit(${x!.sql}, ${binaryBitIndex(x!.sql, offset!.sql)}) = 1)`, type: T.bit };
    if (!w) {
      em.issue("GET_BIT", line, "GET_BIT of a non-integer value is not translated");
      return { sql: "null" };
    }
    return { sql: `(get_bit(${toBits(x!.sql, w)}, ${w - 1} - (${offset!.sql})) = 1)`, type: T.bit };
  },
};

/** SET_BIT(x, offset [, 0|1]): x with that bit set (default 1); same type as x. */
const setBit: FunctionDef = {
  name: "set_bit",
  family: "math",
  arity: [2, 3],
  construct: "SET_BIT",
  emit: ({ em, args, line }) => {
    const [x, offset, value] = args();
    const w = integerWidth(x!.type);
    const bit = value ? (isBit(value.type) ? `(${value.sql})::integer` : `(${value.sql})`) : "1";
    if (isBinary(x!.type))
      return { sql: `set_bit(${x!.sql}, ${binaryBitIndex(x!.sql, offset!.sql)}, ${bit})`, type: x!.type! };
    if (!w) {
      em.issue("SET_BIT", line, "SET_BIT of a non-integer value is not translated");
      return { sql: "null" };
    }
    return { sql: fromBits(`set_bit(${toBits(x!.sql, w)}, ${w - 1} - (${offset!.sql}), ${bit})`, w), type: x!.type! };
  },
};

export const MATH: FunctionDef[] = [
  sameType,
  round,
  power,
  float,
  angle,
  square,
  cot,
  atn2,
  log,
  log10,
  pi,
  rand,
  bitCount,
  shift,
  getBit,
  setBit,
];
