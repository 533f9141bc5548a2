import { floatKind, type DataType } from "~/agents/catalog/schema";

/**
 * T-SQL type rules: data type precedence, the result type of arithmetic (decimal precision/scale included) and
 * type families, for the translator and for the ingester's computed columns. Types are T-SQL `DataType`s
 * throughout; `pgType` (agents/dialect/types) maps them at the end.
 */

/** SQL Server data type precedence, highest first (docs: "Data type precedence (Transact-SQL)"). */
const PRECEDENCE = [
  "sql_variant",
  "xml",
  "datetimeoffset",
  "datetime2",
  "datetime",
  "smalldatetime",
  "date",
  "time",
  "float",
  "real",
  "decimal",
  "numeric",
  "money",
  "smallmoney",
  "bigint",
  "int",
  "smallint",
  "tinyint",
  "bit",
  "ntext",
  "text",
  "image",
  "timestamp",
  "uniqueidentifier",
  "nvarchar",
  "nchar",
  "varchar",
  "char",
  "varbinary",
  "binary",
];

export function rank(t: DataType | undefined): number {
  if (!t) return PRECEDENCE.length + 1;
  const i = PRECEDENCE.indexOf(normalizeName(t.name));
  return i < 0 ? PRECEDENCE.length : i;
}

/** True when the type has a place in the precedence list (not a spatial, CLR or unknown type). */
export const hasPrecedence = (t: DataType) => rank(t) < PRECEDENCE.length;

export function normalizeName(name: string): string {
  const n = name.toLowerCase();
  if (n === "integer") return "int";
  if (n === "dec") return "decimal";
  if (n === "sysname") return "nvarchar";
  if (n === "rowversion") return "timestamp";
  return n;
}

export const T = {
  int: { name: "int" } as DataType,
  bigint: { name: "bigint" } as DataType,
  bit: { name: "bit" } as DataType,
  money: { name: "money" } as DataType,
  real: { name: "real" } as DataType,
  float: { name: "float" } as DataType,
  datetime: { name: "datetime" } as DataType,
  date: { name: "date" } as DataType,
  uuid: { name: "uniqueidentifier" } as DataType,
  nvarchar: (length: number | "max") => ({ name: "nvarchar", length }) as DataType,
  varchar: (length: number | "max") => ({ name: "varchar", length }) as DataType,
  decimal: (precision: number, scale: number) => ({ name: "decimal", precision, scale }) as DataType,
};

const is = (t: DataType | undefined, ...names: string[]) => !!t && names.includes(normalizeName(t.name));
export const isString = (t?: DataType) => is(t, "char", "varchar", "nchar", "nvarchar", "text", "ntext", "sysname");
export const isUnicode = (t?: DataType) => is(t, "nchar", "nvarchar", "ntext", "sysname");
export const isInteger = (t?: DataType) => is(t, "tinyint", "smallint", "int", "bigint");
export const isExact = (t?: DataType) => is(t, "decimal", "numeric");
export const isMoney = (t?: DataType) => is(t, "money", "smallmoney");
export const isApprox = (t?: DataType) => is(t, "float", "real");
export const isBit = (t?: DataType) => is(t, "bit");
export const isNumeric = (t?: DataType) => isInteger(t) || isExact(t) || isMoney(t) || isApprox(t) || isBit(t);
export const isDateTime = (t?: DataType) => is(t, "datetime", "datetime2", "smalldatetime", "date", "datetimeoffset");
export const isDateOnly = (t?: DataType) => is(t, "date");
export const isTime = (t?: DataType) => is(t, "time");
export const isBinary = (t?: DataType) => is(t, "binary", "varbinary", "image", "timestamp");

/** The higher-precedence type of two (undefined when both are unknown). */
export function higher(a: DataType | undefined, b: DataType | undefined): DataType | undefined {
  if (!a) return b;
  if (!b) return a;
  return rank(a) <= rank(b) ? a : b;
}

/** decimal(p,s) view of an exact numeric type, for the precision/scale rules. */
export function asDecimal(t: DataType): { p: number; s: number } | undefined {
  switch (normalizeName(t.name)) {
    case "tinyint":
      return { p: 3, s: 0 };
    case "smallint":
      return { p: 5, s: 0 };
    case "int":
      return { p: t.precision ?? 10, s: 0 };
    case "bigint":
      return { p: 19, s: 0 };
    case "bit":
      return { p: 1, s: 0 };
    case "money":
      return { p: 19, s: 4 };
    case "smallmoney":
      return { p: 10, s: 4 };
    case "decimal":
    case "numeric":
      return { p: t.precision ?? 18, s: t.scale ?? 0 };
  }
  return undefined;
}

/** Precision above 38 is cut back, keeping at least min(s, 6) digits of scale (SQL Server's rule). */
function capDecimal(p: number, s: number): DataType {
  if (p <= 38) return T.decimal(p, s);
  const intDigits = p - s;
  const scale = Math.max(Math.min(s, 6), 38 - intDigits);
  return T.decimal(38, Math.min(scale, s));
}

/** Result type of `a op b` for + - * / % on numbers (SQL Server rules). */
export function arithmeticType(op: string, a: DataType | undefined, b: DataType | undefined): DataType | undefined {
  if (!a || !b) return a ?? b;
  const top = higher(a, b)!;
  if (isApprox(top)) return approxKind(top) === "float" ? T.float : T.real;
  if (isMoney(top)) return T.money;
  if (isExact(top)) {
    const x = asDecimal(a);
    const y = asDecimal(b);
    if (!x || !y) return top;
    switch (op) {
      case "+":
      case "-":
        return capDecimal(Math.max(x.s, y.s) + Math.max(x.p - x.s, y.p - y.s) + 1, Math.max(x.s, y.s));
      case "*":
        return capDecimal(x.p + y.p + 1, x.s + y.s);
      case "/": {
        const s = Math.max(6, x.s + y.p + 1);
        return capDecimal(x.p - x.s + y.s + s, s);
      }
      case "%":
        return capDecimal(Math.min(x.p - x.s, y.p - y.s) + Math.max(x.s, y.s), Math.max(x.s, y.s));
    }
    return top;
  }
  if (isInteger(top) || isBit(top)) {
    // tinyint/smallint arithmetic yields int unless bigint is involved.
    return normalizeName(top.name) === "bigint" ? T.bigint : T.int;
  }
  return top;
}

/** Result type of string concatenation (lengths add up, capped at 8000 bytes / 4000 characters). */
export function concatType(a: DataType | undefined, b: DataType | undefined): DataType {
  const unicode = isUnicode(a) || isUnicode(b);
  const la = a?.length;
  const lb = b?.length;
  if (
    la === "max" ||
    lb === "max" ||
    la === undefined ||
    lb === undefined ||
    is(a, "text", "ntext") ||
    is(b, "text", "ntext")
  )
    return unicode ? T.nvarchar("max") : T.varchar("max");
  const cap = unicode ? 4000 : 8000;
  return unicode ? T.nvarchar(Math.min(la + lb, cap)) : T.varchar(Math.min(la + lb, cap));
}

export function typeToString(t: DataType | undefined): string {
  if (!t) return "unknown";
  const n = normalizeName(t.name);
  if (t.length !== undefined) return `${n}(${t.length})`;
  if ((n === "decimal" || n === "numeric") && t.precision !== undefined) return `${n}(${t.precision},${t.scale ?? 0})`;
  return n;
}

/** The type a number literal has in T-SQL: int, bigint, decimal(p,s) or float (exponent). */
export function numberLiteralType(text: string): DataType {
  if (/e/i.test(text)) return T.float;
  const digits = text.replace(/^[-+]/, "");
  if (!digits.includes(".")) {
    // Integer constants above 2,147,483,647 are decimal, not bigint (docs: int-bigint-smallint-and-tinyint-
    // transact-sql.md). An int constant meeting a decimal counts with its own digits (2 → decimal(1,0)), which is
    // why 2147483649 / 2 has scale 6: the precision is kept on the literal's type for asDecimal.
    const significant = Math.max(digits.replace(/^0+/, "").length, 1);
    if (Number(digits) <= 2147483647) return { name: "int", precision: significant } as DataType;
    return T.decimal(Math.min(significant, 38), 0);
  }
  const [i = "", f = ""] = digits.split(".");
  const intDigits = i.replace(/^0+/, "").length;
  return T.decimal(Math.max(intDigits + f.length, 1), f.length);
}

/** CAST(x AS varchar) has length 30 in T-SQL. */
export function defaultLength(t: DataType): DataType {
  const n = normalizeName(t.name);
  if (["varchar", "nvarchar", "char", "nchar", "varbinary", "binary"].includes(n) && t.length === undefined)
    return { ...t, length: 30 };
  return t;
}

/**
 * A string or binary type declared without a length (a variable, parameter or column) is one character or byte
 * long; CAST and CONVERT use 30 instead (docs: char-and-varchar-transact-sql.md, binary-and-varbinary-transact-sql.md).
 */
export function declaredLength(t: DataType): DataType {
  const n = normalizeName(t.name);
  if (["varchar", "nvarchar", "char", "nchar", "varbinary", "binary"].includes(n) && t.length === undefined)
    return { ...t, length: 1 };
  return t;
}

export function sameName(a: DataType | undefined, b: DataType | undefined): boolean {
  return !!a && !!b && normalizeName(a.name) === normalizeName(b.name);
}

/** Which of the two floating-point types, real or float (agents/catalog floatKind); undefined for any other type. */
export const approxKind = (t: DataType | undefined) => (t ? floatKind(t) : undefined);

/**
 * The same type, whatever the spelling: float(1-24) is real and float(25-53) is float, as the grammar reads them
 * (float-and-real-transact-sql.md); a type built elsewhere (a catalog's JSON, a function's result) may still carry
 * the bits. Otherwise the name, length, precision and scale.
 */
export function sameType(a: DataType | undefined, b: DataType | undefined): boolean {
  if (!a || !b) return false;
  if (isApprox(a) || isApprox(b)) return approxKind(a) === approxKind(b);
  return sameName(a, b) && a.length === b.length && a.precision === b.precision && a.scale === b.scale;
}

/** Do two types need an explicit cast to meet in PostgreSQL (different families, or real vs float)? */
export function needsCast(from: DataType | undefined, to: DataType | undefined): boolean {
  if (!from || !to) return false;
  const fam = (t: DataType) =>
    isString(t)
      ? "s"
      : isBit(t)
        ? "b"
        : isApprox(t)
          ? approxKind(t)!
          : isNumeric(t)
            ? "n"
            : isDateTime(t)
              ? "d"
              : normalizeName(t.name);
  return fam(from) !== fam(to);
}

/** The type two branches (CASE, COALESCE, UNION) meet in. */
export function unionType(a: DataType | undefined, b: DataType | undefined): DataType | undefined {
  if (!a) return b;
  if (!b) return a;
  if (isString(a) && isString(b)) {
    const unicode = isUnicode(a) || isUnicode(b);
    const la = a.length;
    const lb = b.length;
    const length = la === "max" || lb === "max" || la === undefined || lb === undefined ? "max" : Math.max(la, lb);
    return { name: unicode ? "nvarchar" : "varchar", length };
  }
  // decimal meets decimal, or an integer read as decimal(p, 0) (an int column is decimal(10,0), the constant 100
  // decimal(3,0)): wide enough for both integral parts and both scales (precision-scale-and-length-transact-sql.md).
  if ((isExact(a) || isExact(b)) && (isExact(a) || isInteger(a)) && (isExact(b) || isInteger(b))) {
    const da = asDecimal(a) ?? { p: 18, s: 0 };
    const db = asDecimal(b) ?? { p: 18, s: 0 };
    const s = Math.max(da.s, db.s);
    return T.decimal(Math.min(Math.max(da.p - da.s, db.p - db.s) + s, 38), s);
  }
  return higher(a, b);
}

/** varchar/nvarchar/text: strings whose trailing blanks PostgreSQL counts (char(n) already ignores them). */
export function isVaryingString(type: DataType | undefined): boolean {
  return isString(type) && !/^n?char$/i.test(type!.name);
}
