import type { DataType } from "~/agents/catalog/schema";
import { T, concatType, isBinary, isString, isUnicode } from "../sqltypes";
import { likeToRegex, quoteString } from "../literals";
import { unparen } from "../ast-util";
import { ANY, type FunctionDef } from "./registry";

/** String functions (docs: "String functions (Transact-SQL)"). */

const asText = (x: { sql: string; type?: DataType }) => (isString(x.type) ? x.sql : `(${x.sql})::text`);

const len: FunctionDef = {
  name: "len",
  family: "string",
  arity: [1, 1],
  construct: "LEN",
  scoring: { weight: 0.5 },
  // LEN ignores trailing blanks (docs: len-transact-sql.md).
  emit: ({ arg }) => ({ sql: `length(rtrim(${asText(arg(0))}))`, type: T.int }),
};

const datalength: FunctionDef = {
  name: "datalength",
  family: "string",
  arity: [1, 1],
  construct: "DATALENGTH",
  scoring: { weight: 0.5 },
  emit: ({ em, line, arg }) => {
    const x = arg(0);
    const t = x.type;
    if (isUnicode(t)) return { sql: `(2 * length(${x.sql}))`, type: T.int };
    if (isString(t)) return { sql: `octet_length(convert_to(${x.sql}, 'WIN1252'))`, type: T.int };
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
  emit: ({ args }) => {
    const [needle, hay, start] = args();
    if (start) return { sql: `case when strpos(substr(${hay!.sql}, greatest(${start.sql}, 1)), ${needle!.sql}) = 0 then 0 else strpos(substr(${hay!.sql}, greatest(${start.sql}, 1)), ${needle!.sql}) + greatest(${start.sql}, 1) - 1 end`, type: T.int };
    return { sql: `strpos(${hay!.sql}, ${needle!.sql})`, type: T.int };
  },
};

const patindex: FunctionDef = {
  name: "patindex",
  family: "string",
  arity: [2, 2],
  construct: "PATINDEX",
  scoring: { weight: 1 },
  emit: ({ em, call, line, arg }) => {
    const pat = unparen(call.args[0]!);
    if (pat.kind !== "literal" || pat.type !== "string") {
      em.issue("PATINDEX", line, "PATINDEX with a non-literal pattern is not translated");
      return { sql: "null", type: T.int };
    }
    // A leading % means "anywhere": drop it (and the anchor) so regexp_instr reports where the rest starts.
    const re = likeToRegex(pat.value).replace(/^\^(\.\*)+/, "").replace(/(\.\*)+\$$/, "");
    return { sql: `regexp_instr(${arg(1).sql}, ${quoteString(re)}, 1, 1, 0, 'i')`, type: T.int };
  },
};

const stuff: FunctionDef = {
  name: "stuff",
  family: "string",
  arity: [4, 4],
  construct: "STUFF",
  scoring: { weight: 0.5 },
  emit: ({ args }) => {
    const [s, start, n, repl] = args();
    return { sql: `overlay(${s!.sql} placing ${repl!.sql} from ${start!.sql} for ${n!.sql})`, type: s!.type?.length !== undefined ? { ...s!.type, length: "max" as const } : T.nvarchar("max") };
  },
};

const replicate: FunctionDef = {
  name: "replicate",
  family: "string",
  arity: [2, 2],
  construct: "REPLICATE",
  scoring: { weight: 0.5 },
  emit: ({ args }) => {
    const [s, n] = args();
    return { sql: `repeat(${s!.sql}, ${n!.sql})`, type: isUnicode(s!.type) ? T.nvarchar("max") : T.varchar("max") };
  },
};

const space: FunctionDef = {
  name: "space",
  family: "string",
  arity: [1, 1],
  construct: "SPACE",
  scoring: { weight: 0.5 },
  emit: ({ arg }) => ({ sql: `repeat(' ', ${arg(0).sql})`, type: T.varchar("max") }),
};

const substring: FunctionDef = {
  name: "substring",
  family: "string",
  arity: [3, 3],
  emit: ({ args }) => {
    const [s, start, n] = args();
    return { sql: `substr(${s!.sql}, ${start!.sql}, ${n!.sql})`, ...(s!.type ? { type: s!.type } : {}) };
  },
};

const leftRight: FunctionDef = {
  name: "left",
  aliases: ["right"],
  family: "string",
  arity: [2, 2],
  emit: ({ name, args }) => {
    const [s, n] = args();
    return { sql: `${name}(${asText(s!)}, ${n!.sql})`, type: s!.type && isString(s!.type) ? s!.type : T.varchar(8000) };
  },
};

const sameType: FunctionDef = {
  name: "upper",
  aliases: ["lower", "ltrim", "rtrim", "reverse"],
  family: "string",
  arity: [1, 1],
  emit: ({ name, arg }) => {
    const s = arg(0);
    return { sql: `${name}(${s.sql})`, ...(s.type ? { type: s.type } : {}) };
  },
};

const trim: FunctionDef = {
  name: "trim",
  family: "string",
  arity: [1, 1],
  emit: ({ arg }) => {
    const s = arg(0);
    return { sql: `btrim(${s.sql}, ' ')`, ...(s.type ? { type: s.type } : {}) };
  },
};

const replace: FunctionDef = {
  name: "replace",
  family: "string",
  arity: [3, 3],
  construct: "REPLACE",
  emit: ({ args }) => {
    const [s, a, b] = args();
    return { sql: `replace(${s!.sql}, ${a!.sql}, ${b!.sql})`, ...(s!.type ? { type: s!.type } : {}) };
  },
};

const concat: FunctionDef = {
  name: "concat",
  family: "string",
  arity: [2, ANY],
  emit: ({ args }) => {
    const a = args();
    const type = a.reduce<DataType>((t, x) => concatType(t, x.type ?? T.varchar(1)), T.varchar(0));
    return { sql: `concat(${a.map((x) => x.sql).join(", ")})`, type };
  },
};

const concatWs: FunctionDef = {
  name: "concat_ws",
  family: "string",
  arity: [3, ANY],
  emit: ({ args }) => ({ sql: `concat_ws(${args().map((x) => x.sql).join(", ")})`, type: T.nvarchar("max") }),
};

const ascii: FunctionDef = {
  name: "ascii",
  aliases: ["unicode"],
  family: "string",
  arity: [1, 1],
  emit: ({ arg }) => ({ sql: `ascii(${arg(0).sql})`, type: T.int }),
};

const char: FunctionDef = {
  name: "char",
  aliases: ["nchar"],
  family: "string",
  arity: [1, 1],
  emit: ({ name, arg }) => ({ sql: `chr(${arg(0).sql})`, type: name === "nchar" ? T.nvarchar(1) : { name: "char", length: 1 } }),
};

const quotename: FunctionDef = {
  name: "quotename",
  family: "string",
  arity: [1, 2],
  emit: ({ em, call, line, arg }) => {
    if (call.args.length > 1) {
      em.issue("QUOTENAME", line, "QUOTENAME with a quote character is not translated");
      return { sql: "null", type: T.nvarchar(258) };
    }
    return { sql: `('[' || replace(${arg(0).sql}, ']', ']]') || ']')`, type: T.nvarchar(258) };
  },
};

export const STRINGS: FunctionDef[] = [len, datalength, charindex, patindex, stuff, replicate, space, substring, leftRight, sameType, trim, replace, concat, concatWs, ascii, char, quotename];
