import type * as A from "~/agents/tsql/ast";
import type { OutputColumn } from "../context";
import type { Emitter, Scope, Typed } from "../emit";
import { quoteIdent } from "../literals";
import { unparen } from "../ast-util";
import { wrap } from "../sql-text";
import { T, higher, isExact, isInteger, isString, normalizeName } from "~/agents/tsql/type-rules";
import { pgType } from "~/agents/dialect/types";
import { jsonAt, jsonPath } from "./json";

/**
 * Built-in table-valued functions that Emitter.functionTable hands over: OPENJSON and GENERATE_SERIES. Each
 * returns the LATERAL subquery (without alias) and its output columns with their T-SQL types.
 */
export type TableFunctionSql = { sql: string; columns: OutputColumn[] };

/** The JSON document an OPENJSON call reads: its first argument as `json`, at the optional path. */
function openJsonBase(em: Emitter, call: A.Call, scope: Scope, line: number): string {
  const doc = em.expr(call.args[0]!, scope);
  const json = `${wrap(doc.sql)}::json`;
  return call.args[1]
    ? jsonAt(json, jsonPath(call.args[1], em, line, { strict: "raise" }), undefined, {
        invalid: (v) => `${v} is null`,
        error: `OPENJSON at line ${line} found nothing at the path`,
      })
    : json;
}

/**
 * OPENJSON with the default schema (docs: openjson-transact-sql.md, "Default schema"): one row per member of an
 * object or element of an array, in document order: `key` (member name, or 0-based index as a string), `value`
 * (a string unescaped, a number / true / false as written, an object or array as its JSON text, JSON null as NULL)
 * and `type` (0 null, 1 string, 2 number, 3 true/false, 4 array, 5 object). A path to nothing gives no rows.
 */
export function openJsonDefault(em: Emitter, call: A.Call, scope: Scope, line: number): TableFunctionSql {
  const base = openJsonBase(em, call, scope, line);
  const v = `"__m"."value"`;
  const sql = [
    `select "__m"."key" as "key",`,
    `       case json_typeof(${v}) when 'string' then ${v} #>> '{}' when 'null' then null else ${v}::text end as "value",`,
    `       case json_typeof(${v}) when 'null' then 0 when 'string' then 1 when 'number' then 2 when 'boolean' then 3 when 'array' then 4 else 5 end as "type"`,
    `from (`,
    `  select "__o"."key", "__o"."value", "__o"."n" from json_each(case when json_typeof(${base}) = 'object' then ${base} end) with ordinality as "__o" ("key", "value", "n")`,
    `  union all`,
    `  select ("__a"."n" - 1)::text, "__a"."value", "__a"."n" from json_array_elements(case when json_typeof(${base}) = 'array' then ${base} end) with ordinality as "__a" ("value", "n")`,
    `) as "__m"`,
    `order by "__m"."n"`,
  ].join("\n");
  return {
    sql,
    columns: [
      { name: "key", type: T.nvarchar(4000) },
      { name: "value", type: T.nvarchar("max") },
      { name: "type", type: T.int },
    ],
  };
}

/**
 * OPENJSON … WITH (col type ['path'] [AS JSON], …) (docs: openjson-transact-sql.md, "Explicit schema"): one row
 * per element of an array (one row for an object), each column read at its path (default `$.<column name>`).
 * Lax paths: a column that is not AS JSON is NULL where the value is an object or array; an AS JSON column is NULL
 * where it is a scalar. Values are converted to the column type.
 */
export function openJsonWithSchema(em: Emitter, ts: A.FunctionTable, scope: Scope): TableFunctionSql {
  const base = openJsonBase(em, ts.call, scope, ts.line);
  const e = `"__j"."__e"`;
  const cols = ts.withSchema!.map((c) => {
    const pathText = c.path ?? `$.${/^[A-Za-z_$][\w$]*$/.test(c.name) ? c.name : `"${c.name}"`}`;
    const path = jsonPath({ kind: "literal", type: "string", value: pathText, line: ts.line }, em, ts.line, {
      strict: "raise",
    });
    const container = (v: string) => `json_typeof(${v}) in ('object', 'array')`;
    if (c.asJson) {
      if (!(isString(c.type) && c.type.length === "max"))
        em.issue("OPENJSON", ts.line, `AS JSON column ${c.name} must be nvarchar(max)`);
      return `${jsonAt(e, path, (v) => `case when ${container(v)} then ${v}::text end`, {
        invalid: (v) => `${v} is null or not ${container(v)}`,
        error: `OPENJSON at line ${ts.line} found no object or array for column ${c.name}`,
      })} as ${quoteIdent(c.name)}`;
    }
    const scalar = jsonAt(e, path, (v) => `case when ${container(v)} then null else ${v} #>> '{}' end`, {
      invalid: (v) => `${v} is null or ${container(v)}`,
      error: `OPENJSON at line ${ts.line} found no scalar value for column ${c.name}`,
    });
    if (normalizeName(c.type.name) === "bit")
      return `case (${scalar}) when 'true' then true when 'false' then false else cast(${scalar} as boolean) end as ${quoteIdent(c.name)}`;
    return `cast(${scalar} as ${pgType(c.type)}) as ${quoteIdent(c.name)}`;
  });
  const sql = [
    `select ${cols.join(",\n       ")}`,
    `from (`,
    `  select "__a"."value", "__a"."n" from json_array_elements(case when json_typeof(${base}) = 'array' then ${base} end) with ordinality as "__a" ("value", "n")`,
    `  union all`,
    `  select ${base}, 1 where json_typeof(${base}) = 'object'`,
    `) as "__j" ("__e", "__n")`,
    `order by "__j"."__n"`,
  ].join("\n");
  return { sql, columns: ts.withSchema!.map((c) => ({ name: c.name, type: c.type })) };
}

/** `START = x` written with the parameter name (parsed as a comparison) → the name and the value. */
function namedArgument(arg: A.Expr): { name?: string; value: A.Expr } {
  if (arg.kind === "binary" && arg.op === "=" && arg.left.kind === "column" && arg.left.parts.length === 1) {
    return { name: arg.left.parts[0]!.toUpperCase(), value: arg.right };
  }
  return { value: arg };
}

/**
 * GENERATE_SERIES(START = a, STOP = b [, STEP = s]) (docs: generate-series-transact-sql.md): a column `value` of
 * the arguments' type from a towards b; STEP defaults to 1 when a < b, else -1; a step pointing away from STOP
 * gives no rows.
 */
export function generateSeries(em: Emitter, call: A.Call, scope: Scope, line: number): TableFunctionSql | undefined {
  const order = ["START", "STOP", "STEP"];
  const byName = new Map<string, A.Expr>();
  call.args.forEach((arg, i) => {
    const { name, value } = namedArgument(arg);
    byName.set(name ?? order[i] ?? `#${i}`, value);
  });
  const start = byName.get("START");
  const stop = byName.get("STOP");
  if (!start || !stop || byName.size !== call.args.length || [...byName.keys()].some((k) => !order.includes(k))) {
    em.issue("GENERATE_SERIES", line, "GENERATE_SERIES takes START, STOP and an optional STEP");
    return undefined;
  }
  const a = em.expr(start, scope);
  const b = em.expr(stop, scope);
  const stepAst = byName.get("STEP");
  const s: Typed | undefined = stepAst ? em.expr(stepAst, scope) : undefined;
  const type = higher(a.type, b.type);
  if (!type || !(isInteger(type) || isExact(type))) {
    em.issue("GENERATE_SERIES", line, "GENERATE_SERIES takes integer or decimal arguments");
    return undefined;
  }
  const pg = pgType(type);
  // PostgreSQL's generate_series wants one type for all three arguments: the widest; the output is START's type.
  const calc = pgType(higher(type, s?.type) ?? type);
  const step = s ? `cast(${s.sql} as ${calc})` : `case when ${wrap(a.sql)} > ${wrap(b.sql)} then -1 else 1 end`;
  const literalZero =
    stepAst && unparen(stepAst).kind === "literal" && Number((unparen(stepAst) as A.Literal).value) === 0;
  if (literalZero) em.issue("GENERATE_SERIES", line, "GENERATE_SERIES with STEP = 0 raises an error in SQL Server");
  return {
    sql: `select cast("__g" as ${pg}) as "value" from generate_series(cast(${a.sql} as ${calc}), cast(${b.sql} as ${calc}), ${step}) as "__s" ("__g")`,
    columns: [{ name: "value", type }],
  };
}
