import { functionConstruct } from "./constructs";
import type { DataType } from "~/agents/catalog/schema";
import { collationOrder } from "~/agents/dialect/collation";
import type * as A from "~/agents/tsql/ast";
import { T, concatType, isBinary, isExact, isInteger, isString, isUnicode } from "~/agents/tsql/type-rules";
import { likeToRegex, quoteString, runtimeLikeRegex } from "../literals";
import { unparen } from "../ast-util";
import { wrap } from "../sql-text";
import type { Typed } from "../emit";
import { ANY, type FunctionDef } from "./registry";

/**
 * String functions (docs/t-sql/functions/string-functions-transact-sql.md and each function's page).
 *
 * Rules that apply across them:
 * - char(n)/nchar(n) values keep their blank padding in SQL Server; PostgreSQL drops it whenever a char(n) value
 *   becomes text, so string functions read char arguments through `text()` (rpad back to n).
 * - Searches (CHARINDEX, REPLACE, STRING_SPLIT's separator) compare under the collation, case-insensitive by
 *   default (`em.collated`, agents/dialect/collation.ts). Regular expressions need a deterministic collation: they run under
 *   the database's, with the `i` flag when the SQL Server collation ignores case.
 * - Functions that build strings of a non-max type stop at 8,000 bytes (4,000 characters for nvarchar).
 */

const isChar = (t?: DataType) => /^n?char$/i.test(t?.name ?? "");

/** The argument as PostgreSQL text with SQL Server's value: char(n) keeps its padding, non-strings are cast. */
export function text(x: Typed): string {
  if (isChar(x.type) && typeof x.type!.length === "number") return `rpad(${x.sql}, ${x.type!.length})`;
  return isString(x.type) ? x.sql : `(${x.sql})::text`;
}

/** The literal string an argument is, if it is one. */
function literalString(call: A.Call, i: number): string | undefined {
  const a = call.args[i] ? unparen(call.args[i]!) : undefined;
  return a?.kind === "literal" && a.type === "string" ? a.value : undefined;
}

function literalNumber(call: A.Call, i: number): number | undefined {
  const a = call.args[i] ? unparen(call.args[i]!) : undefined;
  if (a?.kind === "unary" && a.op === "-" && a.operand.kind === "literal" && a.operand.type === "number")
    return -Number(a.operand.value);
  return a?.kind === "literal" && a.type === "number" ? Number(a.value) : undefined;
}

/** Result type of a function that builds a string from `s`: max stays max, otherwise capped at 8,000 bytes. */
function builtType(s: DataType | undefined): DataType {
  const unicode = isUnicode(s);
  if (s?.length === "max" || /^n?text$/i.test(s?.name ?? "")) return unicode ? T.nvarchar("max") : T.varchar("max");
  return unicode ? T.nvarchar(4000) : T.varchar(8000);
}

/** `sql` cut to the 8,000-byte limit of a non-max result (docs: replicate-transact-sql.md). */
function capped(sql: string, type: DataType): string {
  return type.length === "max" ? sql : `left(${sql}, ${type.length})`;
}

const len: FunctionDef = {
  name: "len",
  family: "string",
  arity: [1, 1],
  construct: "LEN",
  scoring: { weight: 0.5 },
  // LEN ignores trailing blanks (docs: len-transact-sql.md).
  emit: ({ arg }) => {
    const x = arg(0);
    return { sql: `length(rtrim(${isString(x.type) ? x.sql : `(${x.sql})::text`}))`, type: T.int };
  },
};

const datalength: FunctionDef = {
  name: "datalength",
  family: "string",
  arity: [1, 1],
  construct: "DATALENGTH",
  scoring: { weight: 0.5 },
  // Bytes, trailing blanks and char(n) padding included (docs: datalength-transact-sql.md): nvarchar is UTF-16,
  // varchar the Windows-1252 code page of Latin1_General collations.
  emit: ({ em, line, arg }) => {
    const x = arg(0);
    const t = x.type;
    if (isUnicode(t)) return { sql: `(2 * length(${text(x)}))`, type: T.int };
    if (isString(t)) return { sql: `octet_length(convert_to(${text(x)}, 'WIN1252'))`, type: T.int };
    if (isBinary(t)) return { sql: `octet_length(${x.sql})`, type: T.int };
    em.issue("DATALENGTH", line, "DATALENGTH of a non-string, non-binary value is not translated");
    return { sql: "null", type: T.int };
  },
};

const charindex: FunctionDef = {
  name: "charindex",
  family: "string",
  arity: [2, 3],
  construct: "CHARINDEX",
  scoring: { weight: 0.5 },
  // docs: charindex-transact-sql.md — 0 when not found (an empty search string is never found), a start below 1
  // searches from the beginning, NULL when any argument is NULL; the search follows the collation.
  emit: ({ em, args }) => {
    const [needle, hay, start] = args();
    const h = { ...hay!, sql: text(hay!) };
    const n = { ...needle!, sql: text(needle!) };
    const from = start ? `greatest(${start.sql}, 1)` : "1";
    const searched = start ? `substr(${em.collated(h, n)}, ${from})` : em.collated(h, n);
    const found = `strpos(${searched}, ${n.sql})`;
    const nullIf = start ? ` when ${wrap(start.sql)} is null then null` : "";
    const position = start ? `${found} + ${from} - 1` : found;
    return {
      sql: `case when length(${n.sql}) = 0 then 0${nullIf} when ${found} = 0 then 0 else ${position} end`,
      type: T.int,
    };
  },
};

const LEADING_ANY = /^\^(\.\*)+/;
const TRAILING_ANY = /(\.\*)+\$$/;

const patindex: FunctionDef = {
  name: "patindex",
  family: "string",
  arity: [2, 2],
  construct: "PATINDEX",
  scoring: { weight: 1 },
  // docs: patindex-transact-sql.md — the LIKE wildcards %, _, [ ] and [^ ]; 0 when no match; the collation decides case.
  emit: ({ em, call, line, arg }) => {
    const pat = unparen(call.args[0]!);
    const literal = pat.kind === "literal" && pat.type === "string" ? pat.value : undefined;
    const s = arg(1);
    const { pg } = em.stringCollation(s, arg(0));
    if (pg.accentInsensitive)
      em.issue(
        "PATINDEX",
        line,
        `PATINDEX under the accent-insensitive collation ${pg.name} has no regular-expression form`,
      );
    // A leading % means "anywhere": drop it (and the anchor) so regexp_instr reports where the rest starts. A
    // pattern computed at run time is turned into the same regex by the query itself; a NULL one gives NULL.
    const re =
      literal !== undefined
        ? quoteString(
            likeToRegex(literal, undefined, collationOrder(pg)).replace(LEADING_ANY, "").replace(TRAILING_ANY, ""),
          )
        : `regexp_replace(regexp_replace(${runtimeLikeRegex(text(arg(0)), "PATINDEX")}, ${quoteString(LEADING_ANY.source)}, ''), ${quoteString(TRAILING_ANY.source)}, '')`;
    return {
      sql: `regexp_instr(${wrap(text(s))} collate "default", ${re}, 1, 1, 0, '${pg.caseInsensitive ? "i" : "c"}')`,
      type: T.int,
    };
  },
};

const stuff: FunctionDef = {
  name: "stuff",
  family: "string",
  arity: [4, 4],
  construct: "STUFF",
  scoring: { weight: 0.5 },
  // docs: stuff-transact-sql.md — NULL when start is below 1 or beyond the string, or the length is negative;
  // a length beyond the end deletes to the end; a NULL replacement inserts nothing. overlay() is called as a
  // function, not as `overlay(a placing b from s for n)`: the same pg_catalog.overlay (PostgreSQL 14+), and
  // sqlfluff 4.5 does not parse the PLACING form with a column or a call after PLACING.
  emit: ({ args }) => {
    const [s, start, n, repl] = args();
    const v = text(s!);
    const type = s!.type?.length !== undefined ? { ...s!.type, length: "max" as const } : T.nvarchar("max");
    return {
      sql: `case when ${wrap(start!.sql)} < 1 or ${wrap(start!.sql)} > length(${v}) or ${wrap(n!.sql)} < 0 then null else overlay(${v}, coalesce(${text(repl!)}, ''), ${start!.sql}, ${n!.sql}) end`,
      type,
    };
  },
};

const replicate: FunctionDef = {
  name: "replicate",
  family: "string",
  arity: [2, 2],
  construct: "REPLICATE",
  scoring: { weight: 0.5 },
  // docs: replicate-transact-sql.md — a negative count gives NULL; a non-max result stops at 8,000 bytes.
  emit: ({ args }) => {
    const [s, n] = args();
    const type = builtType(s!.type);
    return {
      sql: `case when ${wrap(n!.sql)} < 0 then null else ${capped(`repeat(${text(s!)}, ${n!.sql})`, type)} end`,
      type,
    };
  },
};

const space: FunctionDef = {
  name: "space",
  family: "string",
  arity: [1, 1],
  construct: "SPACE",
  scoring: { weight: 0.5 },
  // docs: space-transact-sql.md — a negative count gives NULL.
  emit: ({ arg }) => ({
    sql: `case when ${wrap(arg(0).sql)} < 0 then null else left(repeat(' ', ${arg(0).sql}), 8000) end`,
    type: T.varchar(8000),
  }),
};

const substring: FunctionDef = {
  name: "substring",
  family: "string",
  arity: [3, 3],
  // docs: substring-transact-sql.md — a start below 1 counts the missing characters against the length, as
  // PostgreSQL's substr does; a negative length is an error in both.
  emit: ({ args }) => {
    const [s, start, n] = args();
    const type =
      s!.type && isChar(s!.type) ? { ...s!.type, name: isUnicode(s!.type) ? "nvarchar" : "varchar" } : s!.type;
    return {
      sql: `substr(${isBinary(s!.type) ? s!.sql : text(s!)}, ${start!.sql}, ${n!.sql})`,
      ...(type ? { type } : {}),
    };
  },
};

const leftRight: FunctionDef = {
  name: "left",
  aliases: ["right"],
  family: "string",
  arity: [2, 2],
  emit: ({ em, name, args, line, call }) => {
    const [s, n] = args();
    const count = literalNumber(call, 1);
    // A negative count is an error in SQL Server; PostgreSQL would count from the other end instead.
    if (count !== undefined && count < 0)
      em.issue(
        functionConstruct(name),
        line,
        `${name.toUpperCase()} with a negative length raises an error in SQL Server`,
      );
    const type =
      s!.type && isString(s!.type)
        ? isChar(s!.type)
          ? { ...s!.type, name: isUnicode(s!.type) ? "nvarchar" : "varchar" }
          : s!.type
        : T.varchar(8000);
    // A computed count is checked when the query runs: a negative one fails as in SQL Server, naming the count.
    const length =
      count === undefined
        ? `case when ${wrap(n!.sql)} < 0 then cast(${quoteString(`${name.toUpperCase()} with a negative length raises an error in SQL Server: `)} || ${wrap(n!.sql)} as integer) else ${n!.sql} end`
        : n!.sql;
    return { sql: `${name}(${text(s!)}, ${length})`, type };
  },
};

const caseMapping: FunctionDef = {
  name: "upper",
  aliases: ["lower", "reverse"],
  family: "string",
  arity: [1, 1],
  emit: ({ name, arg }) => {
    const s = arg(0);
    return { sql: `${name}(${text(s)})`, ...(s.type ? { type: s.type } : {}) };
  },
};

/** LTRIM/RTRIM: blanks by default; SQL Server 2022's second argument lists the characters to remove. */
const sideTrim: FunctionDef = {
  name: "ltrim",
  aliases: ["rtrim"],
  family: "string",
  arity: [1, 2],
  emit: ({ name, args }) => {
    const [s, chars] = args();
    return { sql: `${name}(${text(s!)}, ${chars ? text(chars) : "' '"})`, ...(s!.type ? { type: s!.type } : {}) };
  },
};

/**
 * TRIM([LEADING | TRAILING | BOTH] [characters FROM] s) (docs: trim-transact-sql.md): blanks by default; the
 * parser passes the side as a leading string literal argument when one is written and `characters` second.
 */
const trim: FunctionDef = {
  name: "trim",
  family: "string",
  arity: [1, 3],
  emit: ({ call, args }) => {
    const side = call.args.length === 3 ? literalString(call, 0) : undefined;
    const rest = call.args.length === 3 ? args().slice(1) : args();
    const [chars, s] = rest.length === 2 ? rest : [undefined, rest[0]!];
    const fn = side === "LEADING" ? "ltrim" : side === "TRAILING" ? "rtrim" : "btrim";
    return { sql: `${fn}(${text(s!)}, ${chars ? text(chars) : "' '"})`, ...(s!.type ? { type: s!.type } : {}) };
  },
};

const replace: FunctionDef = {
  name: "replace",
  family: "string",
  arity: [3, 3],
  construct: "REPLACE",
  // docs: replace-transact-sql.md — the pattern is matched under the collation (case-insensitive by default).
  emit: ({ em, args }) => {
    const [s, a, b] = args();
    const v = { ...s!, sql: text(s!) };
    const type = builtType(s!.type);
    return {
      sql: `replace(${em.collated(v, a!)}, ${text(a!)}, ${text(b!)})`,
      type: s!.type?.length === "max" ? s!.type : type,
    };
  },
};

const concat: FunctionDef = {
  name: "concat",
  family: "string",
  arity: [2, ANY],
  // PostgreSQL's concat also reads NULL as '' and writes char(n) with its padding. Every other argument is
  // converted to a string as CAST would (docs: concat-transact-sql.md, "CONCAT implicitly converts all arguments
  // to string types"): bit is 1/0, datetime 'Jan  1 2020 12:00AM', money two decimals, float six digits, where
  // PostgreSQL's own text of the value differs.
  emit: ({ em, args, call, line }) => {
    const a = args();
    const type = a.reduce<DataType>((t, x) => concatType(t, x.type ?? T.varchar(1)), T.varchar(0));
    const text = a.map((x, i) =>
      // Integers and decimals read the same in both (decimal keeps its scale).
      x.type === undefined || isString(x.type) || isInteger(x.type) || isExact(x.type) || x.sql === "null"
        ? x.sql
        : em.convert(x, isUnicode(type) ? T.nvarchar("max") : T.varchar("max"), undefined, line, call.args[i]!).sql,
    );
    return { sql: `concat(${text.join(", ")})`, type };
  },
};

const concatWs: FunctionDef = {
  name: "concat_ws",
  family: "string",
  arity: [3, ANY],
  emit: ({ args }) => ({
    sql: `concat_ws(${args()
      .map((x) => x.sql)
      .join(", ")})`,
    type: T.nvarchar("max"),
  }),
};

const ascii: FunctionDef = {
  name: "ascii",
  family: "string",
  arity: [1, 1],
  // docs: ascii-transact-sql.md — the code of the first character in the Windows-1252 code page; '' gives NULL.
  emit: ({ arg }) => {
    const s = text(arg(0));
    return {
      sql: `case when length(${s}) = 0 then null else get_byte(convert_to(left(${s}, 1), 'WIN1252'), 0) end`,
      type: T.int,
    };
  },
};

const unicode: FunctionDef = {
  name: "unicode",
  family: "string",
  arity: [1, 1],
  // docs: unicode-transact-sql.md — the code point of the first character; '' gives NULL.
  emit: ({ arg }) => {
    const s = text(arg(0));
    return { sql: `case when length(${s}) = 0 then null else ascii(${s}) end`, type: T.int };
  },
};

const char: FunctionDef = {
  name: "char",
  family: "string",
  arity: [1, 1],
  // docs: char-transact-sql.md — a Windows-1252 byte (0–255), NULL outside that range.
  emit: ({ arg }) => {
    const n = arg(0).sql;
    return {
      sql: `case when ${wrap(n)} between 1 and 255 then convert_from(set_byte('\\x00'::bytea, 0, ${n}), 'WIN1252') end`,
      type: { name: "char", length: 1 },
    };
  },
};

const nchar: FunctionDef = {
  name: "nchar",
  family: "string",
  arity: [1, 1],
  // docs: nchar-transact-sql.md — a Unicode code point, NULL outside 0–0x10FFFF.
  emit: ({ arg }) => {
    const n = arg(0).sql;
    return { sql: `case when ${wrap(n)} between 1 and 1114111 then chr(${n}) end`, type: T.nvarchar(1) };
  },
};

/** QUOTENAME's delimiters (docs: quotename-transact-sql.md): the opening one → the closing one, which is doubled inside. */
const QUOTE_PAIRS: Record<string, [string, string]> = {
  "[": ["[", "]"],
  "]": ["[", "]"],
  '"': ['"', '"'],
  "'": ["'", "'"],
  "(": ["(", ")"],
  ")": ["(", ")"],
  "<": ["<", ">"],
  ">": ["<", ">"],
  "{": ["{", "}"],
  "}": ["{", "}"],
  "`": ["`", "`"],
};

const quotename: FunctionDef = {
  name: "quotename",
  family: "string",
  arity: [1, 2],
  // Input longer than 128 characters gives NULL; an unsupported quote character gives NULL.
  emit: ({ em, call, line, arg }) => {
    const quote = call.args.length > 1 ? literalString(call, 1) : "[";
    if (quote === undefined) {
      em.issue("QUOTENAME", line, "QUOTENAME with a non-literal quote character is not translated");
      return { sql: "null", type: T.nvarchar(258) };
    }
    const pair = QUOTE_PAIRS[quote.slice(0, 1)];
    if (!pair) return { sql: "cast(null as varchar(258))", type: T.nvarchar(258) };
    const s = text(arg(0));
    const [open, close] = pair;
    return {
      sql: `case when length(${s}) <= 128 then ${quoteString(open)} || replace(${s}, ${quoteString(close)}, ${quoteString(close + close)}) || ${quoteString(close)} end`,
      type: T.nvarchar(258),
    };
  },
};

const translate: FunctionDef = {
  name: "translate",
  family: "string",
  arity: [3, 3],
  construct: "TRANSLATE",
  scoring: { weight: 0.5 },
  // docs: translate-transact-sql.md — character-for-character, each character once; NULL when an argument is NULL;
  // characters and translations of different lengths raise an error (PostgreSQL's translate would delete the extra
  // characters instead). Characters match under the collation: a case-insensitive one maps both cases of a letter.
  emit: ({ em, call, line, args }) => {
    const [s, from, to] = args();
    const type = s!.type ? { type: s!.type } : {};
    if ([s, from, to].some((x) => x!.sql === "null")) return { sql: `cast(null as text)`, ...type };
    const f = literalString(call, 1);
    const t = literalString(call, 2);
    if (f === undefined || t === undefined) return runtimeTranslate(em, line, s!, from!, to!);
    const fs = [...f];
    if (fs.length !== [...t].length) {
      em.issue(
        "TRANSLATE",
        line,
        "TRANSLATE's second and third arguments differ in length: SQL Server raises an error",
      );
      return { sql: "null", ...type };
    }
    const { pg } = em.stringCollation(s!, from!);
    if (pg.accentInsensitive && /\p{L}/u.test(f))
      em.issue("TRANSLATE", line, `TRANSLATE of letters under the accent-insensitive collation ${pg.name}`);
    if (!pg.caseInsensitive || !/[\p{Lu}\p{Ll}]/u.test(f))
      return { sql: `translate(${text(s!)}, ${from!.sql}, ${to!.sql})`, ...type };
    // Two characters listed that the collation holds equal ('a' and 'A') would each claim the other's case; a
    // letter whose other case is two characters ('ß', 'İ') has no place-for-place mapping.
    if (new Set(fs.map((c) => c.toLowerCase())).size !== new Set(fs).size)
      em.issue("TRANSLATE", line, "TRANSLATE lists two characters the case-insensitive collation holds equal");
    if ([...f.toLowerCase()].length !== fs.length || [...f.toUpperCase()].length !== fs.length)
      em.issue("TRANSLATE", line, "TRANSLATE of a letter whose other case is more than one character");
    // PostgreSQL's translate maps a character by its first place in `from`: the listed character itself, else its
    // lower- or upper-case form, each to the translation listed for it.
    const cased = [f, f.toLowerCase(), f.toUpperCase()].join("");
    return { sql: `translate(${text(s!)}, ${quoteString(cased)}, ${quoteString(t.repeat(3))})`, ...type };
  },
};

/**
 * TRANSLATE of characters known only when the query runs: the checks the literal form makes at translation time
 * (equal lengths; under a case-insensitive collation no character listed twice once lower-cased, and no letter
 * whose other case is longer) run in the query and fail naming the characters.
 */
function runtimeTranslate(
  em: Parameters<FunctionDef["emit"]>[0]["em"],
  line: number,
  s: Typed,
  from: Typed,
  to: Typed,
): Typed {
  const type = s.type ? { type: s.type } : {};
  const { pg } = em.stringCollation(s, from);
  if (pg.accentInsensitive) em.issue("TRANSLATE", line, `TRANSLATE under the accent-insensitive collation ${pg.name}`);
  const [f, t] = [text(from), text(to)];
  // The checks read the characters byte for byte; translate itself takes them as they are, so that no two
  // explicit collations meet.
  const fc = `(${f}) collate "C"`;
  const fail = (why: string) => `cast(${quoteString(`TRANSLATE ${why}: `)} || ${fc} as integer)::text`;
  const lengths = `when length(${fc}) <> length((${t}) collate "C") then ${fail("characters and translations differ in length")}`;
  if (!pg.caseInsensitive) return { sql: `case ${lengths} else translate(${text(s)}, ${f}, ${t}) end`, ...type };
  const cased = `when lower(${fc}) ~ '(.).*\\1' or length(lower(${fc})) <> length(${fc}) or length(upper(${fc})) <> length(${fc}) then ${fail("characters the case-insensitive collation cannot map one to one")}`;
  return {
    sql: `case ${lengths} ${cased} else translate(${text(s)}, ${f} || lower(${f}) || upper(${f}), ${t} || ${t} || ${t}) end`,
    ...type,
  };
}

/** JSON's two-character escapes (docs: string-escape-transact-sql.md, the special-characters table). */
const JSON_SHORT_ESCAPES: [code: number, escaped: string][] = [
  [8, "\\b"],
  [9, "\\t"],
  [10, "\\n"],
  [12, "\\f"],
  [13, "\\r"],
];

/**
 * STRING_ESCAPE(text, 'json') (docs: string-escape-transact-sql.md): ", \ and / get a backslash, the control
 * characters with a short form take it, every other one below CHAR(32) is \u00xx (lower-case hex). The backslash goes
 * first so that the escapes added after it stay single. (CHAR(0) cannot occur in PostgreSQL text.)
 */
const stringEscape: FunctionDef = {
  name: "string_escape",
  family: "string",
  arity: [2, 2],
  emit: ({ em, call, line, arg }) => {
    if (literalString(call, 1)?.toLowerCase() !== "json") {
      em.issue("STRING_ESCAPE", line, "STRING_ESCAPE supports only the type 'json' (SQL Server raises an error)");
      return { sql: "null", type: T.nvarchar("max") };
    }
    let sql = text(arg(0));
    for (const [from, to] of [
      ["\\", "\\\\"],
      ['"', '\\"'],
      ["/", "\\/"],
    ])
      sql = `replace(${sql}, ${quoteString(from!)}, ${quoteString(to!)})`;
    const short = new Map(JSON_SHORT_ESCAPES);
    for (let code = 1; code < 32; code++) {
      const escaped = short.get(code) ?? `\\u${code.toString(16).padStart(4, "0")}`;
      sql = `replace(${sql}, chr(${code}), ${quoteString(escaped)})`;
    }
    return { sql, type: T.nvarchar("max") };
  },
};

/**
 * SOUNDEX (docs: soundex-transact-sql.md; compatibility level 110+ rules, the National Archives' Soundex): the
 * first letter, then the codes B F P V → 1, C G J K Q S X Z → 2, D T → 3, L → 4, M N → 5, R → 6 of the letters
 * after it; letters with the same code side by side count once, also across H and W (which are dropped), while
 * vowels and Y separate them (and are not coded); the first letter's code also absorbs the same code right after
 * it; the code is cut or padded with zeros to a letter and three digits. Characters other than A–Z separate like vowels.
 */
export function soundexSql(x: string): string {
  const s = `(upper(${x}) collate "C")`;
  const coded = `translate(regexp_replace(${s}, '[^A-Z]', '0', 'g'), 'AEIOUYBFPVCGJKQSXZDTLMNRHW', '000000111122222222334556')`;
  const collapsed = `regexp_replace(${coded}, '(.)\\1+', '\\1', 'g')`;
  const digits = `replace(substr(${collapsed}, case when left(${s}, 1) in ('H', 'W') then 1 else 2 end), '0', '')`;
  return `case when ${x} is null then null else left(${s}, 1) || rpad(left(${digits}, 3), 3, '0') end`;
}

const soundex: FunctionDef = {
  name: "soundex",
  family: "string",
  arity: [1, 1],
  construct: "SOUNDEX",
  scoring: { weight: 1 },
  emit: ({ arg }) => ({ sql: soundexSql(text(arg(0))), type: T.varchar(4) }),
};

const difference: FunctionDef = {
  name: "difference",
  family: "string",
  arity: [2, 2],
  construct: "DIFFERENCE",
  scoring: { weight: 1 },
  // docs: difference-transact-sql.md — how many of the four SOUNDEX characters agree (0–4).
  emit: ({ args }) => {
    const [a, b] = args().map((x) => soundexSql(text(x)));
    const same = [1, 2, 3, 4].map((i) => `(substr(${a}, ${i}, 1) = substr(${b}, ${i}, 1))::integer`).join(" + ");
    return { sql: `(${same})`, type: T.int };
  },
};

/**
 * PARSENAME(name, part) (docs: parsename-transact-sql.md): part 1 is the object, 2 the schema, 3 the database,
 * 4 the server, counted from the right; NULL when the part is absent or empty, the part number is not 1–4, or
 * the name has more than four parts. Names whose parts are delimited with [ ] or " " (which may hold dots) are
 * split here only when written as a literal; a column holding one makes the model fail rather than return a
 * wrong part.
 */
const parsename: FunctionDef = {
  name: "parsename",
  family: "string",
  arity: [2, 2],
  construct: "PARSENAME",
  scoring: { weight: 0.5 },
  emit: ({ em, call, line, args }) => {
    const [name, part] = args();
    const literal = literalString(call, 0);
    if (literal !== undefined && /[["]/.test(literal)) {
      const parts = splitDelimitedName(literal);
      const n = literalNumber(call, 1);
      if (!parts || n === undefined) {
        em.issue("PARSENAME", line, "PARSENAME of a delimited name needs a literal part number");
        return { sql: "null", type: T.nvarchar(128) };
      }
      const value = n >= 1 && n <= 4 ? parts[parts.length - n] : undefined;
      return { sql: value ? quoteString(value) : "cast(null as varchar(128))", type: T.nvarchar(128) };
    }
    const s = `${wrap(text(name!))} collate "C"`;
    // object_piece is an int: typed so that a NULL literal (NULL result) does not leave `-` without a type.
    const piece = `${wrap(part!.sql)}::int`;
    const guard = `when ${s} ~ '[["]' then cast('PARSENAME of a delimited name is not translated: ' || ${s} as integer)::text`;
    return {
      sql: `case when ${piece} not between 1 and 4 or length(${s}) - length(replace(${s}, '.', '')) > 3 then null ${guard} else nullif(split_part(${s}, '.', -${piece}), '') end`,
      type: T.nvarchar(128),
    };
  },
};

/** `a.[b.c]."d"` → ["a", "b.c", "d"]; undefined when the text is not a valid multipart name. */
export function splitDelimitedName(name: string): string[] | undefined {
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    let part = "";
    const open = name[i];
    if (open === "[" || open === '"') {
      const close = open === "[" ? "]" : '"';
      i++;
      for (;;) {
        if (i >= name.length) return undefined;
        if (name[i] === close) {
          if (name[i + 1] === close) {
            part += close;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        part += name[i++];
      }
    } else {
      while (i < name.length && name[i] !== ".") part += name[i++];
    }
    parts.push(part);
    if (i >= name.length) break;
    if (name[i] !== ".") return undefined;
    i++;
  }
  return parts.length <= 4 ? parts : undefined;
}

/**
 * FORMATMESSAGE(format, args…) with a literal format (docs: formatmessage-transact-sql.md, whose placeholders
 * are RAISERROR's: `%[flag][width][.precision][h|l]type` with types d i o s u x X, flags - + 0 # and blank, `%%`).
 * A NULL argument prints as (null); the result is nvarchar(2047).
 */
const formatmessage: FunctionDef = {
  name: "formatmessage",
  family: "string",
  arity: [1, ANY],
  construct: "FORMATMESSAGE",
  scoring: { weight: 1 },
  emit: ({ em, call, line, args }) => {
    const format = literalString(call, 0);
    if (format === undefined) {
      em.issue("FORMATMESSAGE", line, "FORMATMESSAGE with a message number or a non-literal format is not translated");
      return { sql: "null", type: T.nvarchar(2047) };
    }
    const values = args().slice(1);
    const pieces: string[] = [];
    let next = 0;
    let literal = "";
    const spec = /%([-+0# ]*)(\d+|\*)?(?:\.(\d+|\*))?(h|l|I64)?([diosuxX%])/y;
    for (let i = 0; i < format.length;) {
      if (format[i] !== "%") {
        literal += format[i++];
        continue;
      }
      spec.lastIndex = i;
      const m = spec.exec(format);
      if (!m) {
        literal += format[i++];
        continue;
      }
      i = spec.lastIndex;
      const [, flags = "", width, precision, size, type] = m;
      if (type === "%") {
        literal += "%";
        continue;
      }
      if (width === "*" || precision === "*" || (size === "I64" && "ouxX".includes(type!))) {
        em.issue(
          "FORMATMESSAGE",
          line,
          "FORMATMESSAGE with * width or precision, or an unsigned 64-bit placeholder, is not translated",
        );
        return { sql: "null", type: T.nvarchar(2047) };
      }
      const value = values[next++];
      if (literal) pieces.push(quoteString(literal));
      literal = "";
      if (!value) {
        // Too few arguments: SQL Server prints the placeholder's text as (null).
        pieces.push("'(null)'");
        continue;
      }
      pieces.push(
        formatPlaceholder(
          value,
          flags,
          width === undefined ? undefined : Number(width),
          precision === undefined ? undefined : Number(precision),
          type!,
        ),
      );
    }
    if (literal) pieces.push(quoteString(literal));
    const sql = pieces.length ? pieces.join(" || ") : "''";
    return { sql: `left(${sql}, 2047)`, type: T.nvarchar(2047) };
  },
};

function formatPlaceholder(
  value: Typed,
  flags: string,
  width: number | undefined,
  precision: number | undefined,
  type: string,
): string {
  let body: string;
  let sign = "";
  const v = value.sql;
  if (type === "s") {
    body = text(value);
    if (precision !== undefined) body = `left(${body}, ${precision})`;
  } else {
    const n = `(${v})::bigint`;
    if (type === "d" || type === "i") {
      body = `abs(${n})::text`;
      sign = `case when ${n} < 0 then '-' else '${flags.includes("+") ? "+" : flags.includes(" ") ? " " : ""}' end`;
    } else {
      // Unsigned forms read the value as a 32-bit two's-complement integer, as C's printf does.
      const unsigned = `(case when ${n} < 0 then ${n} + 4294967296 else ${n} end)`;
      body =
        type === "u"
          ? `${unsigned}::text`
          : type === "o"
            ? `to_oct(${unsigned})`
            : type === "x"
              ? `to_hex(${unsigned})`
              : `upper(to_hex(${unsigned}))`;
      if (flags.includes("#") && type !== "u") sign = type === "o" ? "'0'" : type === "x" ? "'0x'" : "'0X'";
    }
    if (precision !== undefined) body = `lpad(${body}, greatest(${precision}, length(${body})), '0')`;
  }
  let out = sign ? `${sign} || ${body}` : body;
  if (width !== undefined) {
    if (flags.includes("-")) out = `rpad(${out}, greatest(${width}, length(${out})))`;
    else if (flags.includes("0") && type !== "s" && precision === undefined)
      out = `${sign || "''"} || lpad(${body}, greatest(${width} - length(${sign || "''"}), length(${body})), '0')`;
    else out = `lpad(${out}, greatest(${width}, length(${out})))`;
  }
  return `coalesce(${out}, '(null)')`;
}

/** STRING_SPLIT's column types: value is the input's string type (nvarchar for nvarchar input). */
export function stringSplitValueType(input: DataType | undefined): DataType {
  if (isUnicode(input)) return typeof input?.length === "number" ? T.nvarchar(input.length) : T.nvarchar("max");
  return typeof input?.length === "number" ? T.varchar(input.length) : T.varchar("max");
}

export const STRINGS: FunctionDef[] = [
  len,
  datalength,
  charindex,
  patindex,
  stuff,
  replicate,
  space,
  substring,
  leftRight,
  caseMapping,
  sideTrim,
  trim,
  replace,
  concat,
  concatWs,
  ascii,
  unicode,
  char,
  nchar,
  quotename,
  translate,
  soundex,
  difference,
  parsename,
  formatmessage,
  stringEscape,
];
