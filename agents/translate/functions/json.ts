import { type Construct, type ConstructRule } from "./constructs";
import type * as A from "~/agents/tsql/ast";
import type { Emitter, Typed } from "../emit";
import {
  T,
  isApprox,
  isBinary,
  isBit,
  isDateOnly,
  isDateTime,
  isExact,
  isInteger,
  isMoney,
  isString,
  isTime,
  normalizeName,
} from "~/agents/tsql/type-rules";
import { columnSql, forClauseColumn } from "../context";
import { quoteIdent, quoteString } from "../literals";
import { unparen } from "../ast-util";
import { wrap } from "../sql-text";
import { type FunctionDef } from "./registry";

/**
 * JSON functions (docs: docs/t-sql/functions/json-*-transact-sql.md, isjson-transact-sql.md). SQL Server stores
 * JSON as text and returns fragments exactly as written, so the target reads it as PostgreSQL `json` (which
 * keeps the text: key order, number spelling, whitespace), never `jsonb` (which reorders keys and normalizes
 * numbers).
 */

/** One step of a JSON path: a member name, a 0-based array index, or every element of an array (`[*]`). */
export type JsonPathStep = { key: string } | { index: number } | { every: true };

/** A JSON path read: its steps, whether it is strict, and its text (for error messages). */
export type JsonPath = { steps: JsonPathStep[]; strict: boolean; text: string };

/**
 * A JSON path `[lax|strict] $.a."b c"[0]` → its steps (docs: json-path-expressions-sql-server.md). `[*]` is read
 * only where the caller accepts it (JSON_PATH_EXISTS); elsewhere SQL Server refuses the path. Strict mode is
 * flagged unless the caller raises SQL Server's error itself (`strict: "raise"`, see jsonAt).
 */
export function jsonPath(
  pathExpr: A.Expr,
  em: Emitter,
  line: number,
  { wildcards = false, strict = "review" }: { wildcards?: boolean; strict?: "raise" | "review" } = {},
): JsonPath {
  const p = unparen(pathExpr);
  if (p.kind !== "literal" || p.type !== "string") {
    em.issue("JSON path", line, "JSON path must be a literal to translate");
    return { steps: [], strict: false, text: "" };
  }
  let path = p.value.trim();
  const isStrict = /^strict\s+/i.test(path);
  if (isStrict && strict === "review")
    em.issue(
      "JSON path",
      line,
      "strict JSON paths raise errors in SQL Server where lax returns NULL; the error cannot be reproduced here",
    );
  path = path.replace(/^(lax|strict)\s+/i, "");
  if (!path.startsWith("$")) em.issue("JSON path", line, `Unsupported JSON path ${p.value}`);
  const steps: JsonPathStep[] = [];
  const re = /\.(?:"([^"]*)"|([A-Za-z_$][\w$]*))|\[(\d+)\]|\[(\*)\]/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  const rest = path.slice(1);
  while ((m = re.exec(rest))) {
    if (m.index !== consumed) break;
    consumed = re.lastIndex;
    if (m[3] !== undefined) steps.push({ index: Number(m[3]) });
    else if (m[4] !== undefined) {
      if (!wildcards) em.issue("JSON path", line, `The wildcard [*] is not accepted in this JSON path: ${p.value}`);
      steps.push({ every: true });
    } else steps.push({ key: m[1] ?? m[2]! });
  }
  if (consumed !== rest.length) em.issue("JSON path", line, `Unsupported JSON path ${p.value}`);
  return { steps, strict: isStrict, text: p.value };
}

/**
 * FROM items that walk a `json` document along a path as SQL Server does: a member step takes the FIRST member of
 * that name, compared case-sensitively (BIN2) (docs: json-path-expressions-sql-server.md, "How built-in functions
 * handle duplicate paths"; PostgreSQL's json operators take the last one), an index step the element, `[*]` every
 * element (one row each). A step that finds nothing leaves NULL (lax mode). `node` names the value reached.
 */
export function jsonWalk(doc: string, steps: JsonPathStep[]): { from: string; node: string } {
  const alias = (i: number) => `"__j${i}"`;
  const items = [`(select ${doc} as "v") as ${alias(0)}`];
  steps.forEach((step, i) => {
    const v = `${alias(i)}."v"`;
    const of = (kind: string) => `case when json_typeof(${v}) = '${kind}' then ${v} end`;
    const sql =
      "key" in step
        ? `select "__e"."value" as "v" from json_each(${of("object")}) with ordinality as "__e" ("key", "value", "n") where "__e"."key" collate "C" = ${quoteString(step.key)} order by "__e"."n" limit 1`
        : "index" in step
          ? `select ${v} -> ${step.index} as "v"`
          : `select "__a"."value" as "v" from json_array_elements(${of("array")}) as "__a" ("value")`;
    items.push(`left join lateral (${sql}) as ${alias(i + 1)} on true`);
  });
  return { from: items.join(" "), node: `${alias(steps.length)}."v"` };
}

/**
 * The value a path reaches in a `json` document, as `project` writes it (a scalar subquery). Lax: NULL where the
 * path finds nothing. Strict: where `invalid` holds for the value reached (nothing, or the wrong kind) in a
 * non-NULL document, SQL Server raises an error, and so does the model, with `error` as the reason
 * (docs: json-path-expressions-sql-server.md, "Path mode").
 */
export function jsonAt(
  doc: string,
  path: JsonPath,
  project: (node: string) => string = (v) => v,
  strict: { invalid: (node: string) => string; error: string } = {
    invalid: (v) => `${v} is null`,
    error: "nothing at the path",
  },
): string {
  const walk = jsonWalk(doc, path.steps);
  const value = project(walk.node);
  const checked = path.strict
    ? `case when ${failWhen(`"__j0"."v" is not null and (${strict.invalid(walk.node)})`, `strict JSON path ${path.text}: ${strict.error}`)} is null then ${value} end`
    : value;
  return `(select ${checked} as "v" from ${walk.from})`;
}

/**
 * SQL that fails the model with `message` when `when` holds: for an error SQL Server raises, or what SQL Server
 * does that the page leaves undocumented. `when` must read a row value or an aggregate, never only constants, where
 * it sits in a CASE branch that may not be taken: PostgreSQL folds a constant cast while planning.
 */
function failWhen(when: string, message: string): string {
  return `cast(case when ${when} then ${quoteString(message)} end as integer)`;
}

/** The argument as PostgreSQL `json` (text-preserving). */
function asJson(x: Typed): string {
  return `${wrap(x.sql)}::json`;
}

/**
 * A T-SQL string as a JSON string literal, escaped as FOR JSON / JSON_OBJECT escape it: `"` `\` `/` and the
 * control characters \b \f \n \r \t, other characters below U+0020 as \u00xx (docs: how-for-json-escapes-special-
 * characters-and-control-characters-sql-server.md). PostgreSQL's to_json escapes all but the solidus.
 */
export function jsonStringLiteral(textSql: string): string {
  return `replace(to_json((${textSql})::text)::text, '/', '\\/')`;
}

/**
 * The JSON text SQL Server writes for a value in FOR JSON, JSON_OBJECT and JSON_ARRAY (docs: format-query-results-
 * as-json-with-for-json-sql-server.md, "How FOR JSON converts SQL Server data types to JSON data types"):
 * numbers unquoted, bit as true/false, strings escaped, date/datetime as ISO 8601 strings, binary as BASE64,
 * JSON produced by JSON_QUERY / JSON_OBJECT / FOR JSON embedded as is. SQL NULL stays NULL (the caller decides
 * between `null` and leaving the key out). Types whose JSON spelling is not documented are flagged.
 */
export function jsonValueText(em: Emitter, x: Typed, line: number, construct: Construct): string {
  if (x.json) return x.sql;
  if (x.sql === "null" && !x.type) return "null::text";
  const t = x.type;
  if (isBit(t)) return `case when ${wrap(x.sql)} then 'true' when not ${wrap(x.sql)} then 'false' end`;
  if (isInteger(t) || isExact(t)) return `(${x.sql})::text`;
  if (isString(t)) return jsonStringLiteral(`(${x.sql})::text`);
  if (isDateOnly(t)) return `('"' || to_char(${x.sql}, 'YYYY-MM-DD') || '"')`;
  if (t && normalizeName(t.name) === "datetime") {
    // ISO 8601 as CONVERT style 126 writes datetime: milliseconds only when they are not zero.
    return `('"' || to_char(${x.sql}, 'YYYY-MM-DD"T"HH24:MI:SS') || case when extract(milliseconds from ${x.sql})::integer % 1000 = 0 then '' else to_char(${x.sql}, '.MS') end || '"')`;
  }
  if (t && normalizeName(t.name) === "uniqueidentifier") return `('"' || upper((${x.sql})::text) || '"')`;
  if (isBinary(t)) return `('"' || replace(encode(${x.sql}, 'base64'), E'\\n', '') || '"')`;
  if (isMoney(t) || isApprox(t) || isDateTime(t) || isTime(t)) {
    em.issue(
      construct,
      line,
      `The JSON text SQL Server writes for a ${normalizeName(t!.name)} value is not documented precisely enough to reproduce`,
    );
    return `to_json(${x.sql})::text`;
  }
  em.issue(
    construct,
    line,
    `The JSON text of a value of ${t ? `type ${normalizeName(t.name)}` : "unknown type"} cannot be determined`,
  );
  return `to_json(${x.sql})::text`;
}

/**
 * The path functions are translated for literal paths (lax, and strict where the model can raise SQL Server's
 * error): the assessment asks the translator about each use, so a run-time or unsupported strict path is scored
 * as the review it becomes, not as rules.
 */
function pathScoring(construct: string): ConstructRule {
  return {
    weight: 1,
    handling: "llm",
    why: "a JSON path known only at run time, or a strict path whose error cannot be reproduced",
    patterns: ["JSON path", construct],
  };
}

const jsonValue: FunctionDef = {
  name: "json_value",
  family: "json",
  arity: [2, 2],
  construct: "JSON_VALUE",
  scoring: pathScoring("JSON_VALUE"),
  returns: T.nvarchar(4000),
  // Lax mode: an object or array, a missing path and a value longer than 4000 characters give NULL
  // (docs: json-value-transact-sql.md, "Return value" and the lax/strict table).
  emit: ({ em, call, line, arg }) => {
    const notScalar = (v: string) => `json_typeof(${v}) in ('object', 'array') or length(${v} #>> '{}') > 4000`;
    return {
      sql: jsonAt(
        asJson(arg(0)),
        jsonPath(call.args[1]!, em, line, { strict: "raise" }),
        (v) => `case when ${notScalar(v)} then null else ${v} #>> '{}' end`,
        {
          invalid: (v) => `${v} is null or ${notScalar(v)}`,
          error: `JSON_VALUE at line ${line} found no scalar value of at most 4000 characters`,
        },
      ),
      type: T.nvarchar(4000),
    };
  },
};

const jsonQuery: FunctionDef = {
  name: "json_query",
  family: "json",
  arity: [1, 2],
  construct: "JSON_QUERY",
  scoring: pathScoring("JSON_QUERY"),
  returns: T.nvarchar("max"),
  // Lax mode: only an object or an array is returned, as written; a scalar or a missing path gives NULL
  // (docs: json-query-transact-sql.md).
  emit: ({ em, call, line, arg }) => ({
    sql: jsonAt(
      asJson(arg(0)),
      call.args[1] ? jsonPath(call.args[1], em, line, { strict: "raise" }) : { steps: [], strict: false, text: "$" },
      (v) => `case when json_typeof(${v}) in ('object', 'array') then ${v}::text end`,
      {
        invalid: (v) => `${v} is null or json_typeof(${v}) not in ('object', 'array')`,
        error: `JSON_QUERY at line ${line} found no object or array`,
      },
    ),
    type: T.nvarchar("max"),
    json: true,
  }),
};

const isJson: FunctionDef = {
  name: "isjson",
  family: "json",
  arity: [1, 2],
  construct: "ISJSON",
  keywordArg: 1,
  returns: T.int,
  // Without a type constraint only an object or an array counts as JSON; VALUE accepts any JSON value, SCALAR a
  // string or a number (docs: isjson-transact-sql.md). Never raises.
  emit: ({ em, call, line, arg }) => {
    const x = arg(0);
    const text = isString(x.type) ? x.sql : `(${x.sql})::text`;
    const kindArg = call.args[1] ? unparen(call.args[1]) : undefined;
    const constraint = kindArg
      ? kindArg.kind === "column" && kindArg.parts.length === 1
        ? kindArg.parts[0]!.toUpperCase()
        : "?"
      : undefined;
    // Valid JSON's first character tells its kind: { object, [ array, " string, - or a digit number.
    const allowed: Record<string, string[] | undefined> = {
      VALUE: undefined,
      ARRAY: ["["],
      OBJECT: ["{"],
      SCALAR: ['"', "-", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
    };
    if (constraint !== undefined && !(constraint in allowed)) {
      em.issue("ISJSON", line, "ISJSON's second argument must be VALUE, ARRAY, OBJECT or SCALAR");
      return { sql: "null", type: T.int };
    }
    const types = constraint === undefined ? ["{", "["] : allowed[constraint];
    const valid = `pg_input_is_valid(${text}, 'json')`;
    const typed = types ? ` and left(ltrim(${text}, E' \\t\\n\\r'), 1) in (${types.map(quoteString).join(", ")})` : "";
    return { sql: `case when ${wrap(text)} is null then null when ${valid}${typed} then 1 else 0 end`, type: T.int };
  },
};

const jsonPathExists: FunctionDef = {
  name: "json_path_exists",
  family: "json",
  arity: [2, 2],
  construct: "JSON_PATH_EXISTS",
  scoring: pathScoring("JSON_PATH_EXISTS"),
  returns: T.int,
  // 1 when the path reaches something (a JSON null included), with `[*]` when any element does; 0 otherwise;
  // NULL for a NULL document (docs: json-path-exists-transact-sql.md, "Return value" and Example 3).
  emit: ({ em, call, line, arg }) => {
    const walk = jsonWalk(asJson(arg(0)), jsonPath(call.args[1]!, em, line, { wildcards: true }).steps);
    return {
      sql: `(select case when bool_or("__j0"."v" is null) then null when bool_or(${walk.node} is not null) then 1 else 0 end as "v" from ${walk.from})`,
      type: T.int,
    };
  },
};

/** `NULL ON NULL` writes `null`; `ABSENT ON NULL` leaves the member out (concat_ws skips a NULL member). */
function member(valueSql: string, absentOnNull: boolean): string {
  return absentOnNull ? valueSql : `coalesce(${valueSql}, 'null')`;
}

const jsonObject: FunctionDef = {
  name: "json_object",
  family: "json",
  arity: [0, Infinity],
  construct: "JSON_OBJECT",
  scoring: { weight: 1 },
  returns: T.nvarchar("max"),
  // docs: json-object-transact-sql.md — keys are strings, NULL ON NULL is the default.
  emit: ({ em, call, line, args }) => {
    const a = args();
    const absent = call.jsonOnNull === "ABSENT";
    const members: string[] = [];
    for (let i = 0; i + 1 < a.length; i += 2) {
      const key = a[i]!;
      if (!isString(key.type)) em.issue("JSON_OBJECT", line, "A JSON_OBJECT key must be a string");
      const value = jsonValueText(em, a[i + 1]!, line, "JSON_OBJECT");
      members.push(`${jsonStringLiteral(`(${key.sql})::text`)} || ':' || ${member(value, absent)}`);
    }
    const body = members.length ? `concat_ws(',', ${members.join(", ")})` : "''";
    return { sql: `('{' || ${body} || '}')`, type: T.nvarchar("max"), json: true };
  },
};

const jsonArray: FunctionDef = {
  name: "json_array",
  family: "json",
  arity: [0, Infinity],
  construct: "JSON_ARRAY",
  scoring: { weight: 1 },
  returns: T.nvarchar("max"),
  // docs: json-array-transact-sql.md — ABSENT ON NULL is the default.
  emit: ({ em, call, line, args }) => {
    const absent = call.jsonOnNull !== "NULL";
    const items = args().map((x) => member(jsonValueText(em, x, line, "JSON_ARRAY"), absent));
    const body = items.length ? `concat_ws(',', ${items.join(", ")})` : "''";
    return { sql: `('[' || ${body} || ']')`, type: T.nvarchar("max"), json: true };
  },
};

/**
 * JSON_MODIFY(expression, '[append] [lax] $.path', newValue) (docs: json-modify-transact-sql.md): the document
 * rebuilt along the path, every other member and element kept as written and in order. Lax mode: an existing
 * member is updated (the first of duplicates), a missing one is added at the end of its object when its parent
 * exists (a missing parent: no action), a NULL new value deletes the member (missing: no action), `append` adds
 * to the array at the path. The new value is written as FOR JSON writes it (strings escaped, numbers bare, JSON
 * from JSON_QUERY/JSON_MODIFY/FOR JSON as is). What the page leaves open (NULL for an array element, `append`
 * to something that is not an array) fails the model with the reason. Spacing inside the rebuilt objects differs
 * from SQL Server's, which the page does not state either.
 */
const jsonModify: FunctionDef = {
  name: "json_modify",
  family: "json",
  arity: [3, 3],
  construct: "JSON_MODIFY",
  scoring: pathScoring("JSON_MODIFY"),
  returns: T.nvarchar("max"),
  emit: ({ em, call, line, arg }) => {
    const pathArg = unparen(call.args[1]!);
    const append = pathArg.kind === "literal" && pathArg.type === "string" && /^\s*append\s+/i.test(pathArg.value);
    const { steps } = jsonPath(
      append ? { ...pathArg, value: pathArg.value.replace(/^\s*append\s+/i, "") } : pathArg,
      em,
      line,
    );
    const value = jsonValueText(em, arg(2), line, "JSON_MODIFY");
    const undocumented = (what: string) => `JSON_MODIFY at line ${line}: ${what} is not documented`;
    const appended = (v: string) =>
      `case when ${value} is not null and json_typeof(${v}) = 'array' then (select '[' || coalesce(string_agg("__x"."value"::text, ',' order by "__x"."n") || ',', '') || ${value} || ']' from json_array_elements(${v}) with ordinality as "__x" ("value", "n")) else ${failWhen(`${value} is null or json_typeof(${v}) is distinct from 'array'`, undocumented("append to a NULL value or to something that is not an array"))}::text end`;
    // The new text of the node at `level`, read from `v`: the rest of the path rebuilt, or the new value.
    const rebuild = (v: string, level: number): string => {
      if (level === steps.length) return append ? appended(v) : value;
      const step = steps[level]!;
      const last = level === steps.length - 1;
      const child = (c: string) => rebuild(c, level + 1);
      if ("key" in step) {
        const m = `"__m${level}"`;
        const key = quoteString(step.key);
        const member = `to_json(${m}."key")::text || ':' || ${m}."value"::text`;
        const changed = `to_json(${m}."key")::text || ':' || ${child(`${m}."value"`)}`;
        // Missing member: the last step adds it (a NULL value: no action); a missing parent is no action too.
        const missing = !last
          ? `${v}::text`
          : append
            ? `${failWhen("count(*) >= 0", undocumented("append to a missing member"))}::text`
            : `case when ${value} is null then ${v}::text else '{' || coalesce(string_agg(${member}, ',' order by ${m}."n") || ',', '') || ${jsonStringLiteral(key)} || ':' || ${value} || '}' end`;
        return [
          `(select case when json_typeof(${v}) is distinct from 'object' then ${v}::text`,
          ` when bool_or(${m}."n" = ${m}."first") is not true then ${missing}`,
          ` else '{' || coalesce(string_agg(case when ${m}."n" = ${m}."first" then ${changed} else ${member} end, ',' order by ${m}."n"), '') || '}' end`,
          ` from (select "__e".*, min(case when "__e"."key" collate "C" = ${key} then "__e"."n" end) over () as "first"`,
          ` from json_each(case when json_typeof(${v}) = 'object' then ${v} end) with ordinality as "__e" ("key", "value", "n")) as ${m})`,
        ].join("");
      }
      if ("index" in step) {
        const a = `"__a${level}"`;
        const element =
          last && !append
            ? `coalesce(${value}, ${failWhen(`${a}."n" > 0`, undocumented("a NULL new value for an array element"))}::text)`
            : child(`${a}."value"`);
        return [
          `(select case when json_typeof(${v}) is distinct from 'array' or count(*) <= ${step.index} then ${v}::text`,
          ` else '[' || string_agg(case when ${a}."n" = ${step.index + 1} then ${element} else ${a}."value"::text end, ',' order by ${a}."n") || ']' end`,
          ` from json_array_elements(case when json_typeof(${v}) = 'array' then ${v} end) with ordinality as ${a} ("value", "n"))`,
        ].join("");
      }
      em.issue("JSON_MODIFY", line, "JSON_MODIFY's path cannot hold a wildcard");
      return "null";
    };
    if (!steps.length && !append) em.issue("JSON_MODIFY", line, "JSON_MODIFY needs a path below $");
    const sql = `(select ${rebuild(`"__jm"."d"`, 0)} from (select ${asJson(arg(0))} as "d") as "__jm")`;
    return { sql, type: T.nvarchar("max"), json: true };
  },
};

export const JSON_FUNCTIONS: FunctionDef[] = [
  jsonValue,
  jsonQuery,
  isJson,
  jsonPathExists,
  jsonObject,
  jsonArray,
  jsonModify,
];

/** Is this select-list expression JSON that FOR JSON embeds as is (JSON_QUERY, JSON_OBJECT, JSON_ARRAY, a FOR JSON subquery)? */
export function isJsonExpression(e: A.Expr): boolean {
  const x = unparen(e);
  if (x.kind === "call" && x.name.length === 1)
    return ["json_query", "json_modify", "json_object", "json_array"].includes(x.name[0]!.toLowerCase());
  // An inner FOR JSON … WITHOUT_ARRAY_WRAPPER is not known to be valid JSON, so it is text (docs: solve-common-
  // issues-with-json-in-sql-server.md): JSON_QUERY promotes it.
  return x.kind === "subquery" && x.query.for?.kind === "json" && !x.query.for.withoutArrayWrapper;
}

type JsonCell = { key: string; value: string };

/** True when PATH nesting would write a key twice: a dotted prefix used again after other columns, or as a plain key too. */
function jsonPathConflict(keys: string[]): boolean {
  const seen = new Set<string>();
  let previous: string | undefined;
  for (const key of keys) {
    const dot = key.indexOf(".");
    const head = dot > 0 ? key.slice(0, dot) : key;
    if (dot > 0 && head === previous && seen.has(`${head}.`)) continue;
    if (seen.has(head) || seen.has(`${head}.`)) return true;
    seen.add(dot > 0 ? `${head}.` : head);
    previous = dot > 0 ? head : undefined;
  }
  // Inside each group the same rule applies one level down.
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const dot = key.indexOf(".");
    if (dot > 0) groups.set(key.slice(0, dot), [...(groups.get(key.slice(0, dot)) ?? []), key.slice(dot + 1)]);
  }
  return [...groups.values()].some(jsonPathConflict);
}

/** Members of one object: PATH mode nests `a.b` under `a` for consecutive columns sharing the prefix. */
function jsonMembers(cells: JsonCell[], nest: boolean, includeNulls: boolean): string[] {
  const members: string[] = [];
  let i = 0;
  while (i < cells.length) {
    const cell = cells[i]!;
    const dot = nest ? cell.key.indexOf(".") : -1;
    if (dot > 0) {
      const head = cell.key.slice(0, dot);
      const group: JsonCell[] = [];
      while (i < cells.length && cells[i]!.key.startsWith(`${head}.`)) {
        group.push({ key: cells[i]!.key.slice(head.length + 1), value: cells[i]!.value });
        i++;
      }
      const inner = jsonMembers(group, nest, includeNulls);
      // A nested object whose members are all left out is left out itself (docs: format-nested-json-output-with-
      // path-mode-sql-server.md: the row without Title and MiddleName has no "Info").
      members.push(
        `${jsonStringLiteral(quoteString(head))} || ':{' || nullif(concat_ws(',', ${inner.join(", ")}), '') || '}'`,
      );
      continue;
    }
    const key = jsonStringLiteral(quoteString(cell.key));
    members.push(includeNulls ? `${key} || ':' || coalesce(${cell.value}, 'null')` : `${key} || ':' || ${cell.value}`);
    i++;
  }
  return members;
}

/**
 * `SELECT … FOR JSON PATH|AUTO [, ROOT('r')] [, INCLUDE_NULL_VALUES] [, WITHOUT_ARRAY_WRAPPER]` → one text:
 * an array of one object per row, in the query's order, keys in column order, NULL columns left out unless
 * INCLUDE_NULL_VALUES; PATH nests dotted aliases (docs: format-query-results-as-json-with-for-json-sql-server.md,
 * format-nested-json-output-with-path-mode-sql-server.md, remove-square-brackets-from-json-without-array-wrapper-
 * option.md). No rows: NULL. The caller passes the query without its FOR clause and which columns hold JSON.
 */
export function forJson(
  em: Emitter,
  clause: Extract<A.ForClause, { kind: "json" }>,
  source: {
    sql: string;
    columns: { name: string; pg?: string; type?: A.TypeRef; json?: boolean; unnamed?: boolean }[];
    single: boolean;
  },
  rowAlias: string,
): Typed | undefined {
  const construct = `FOR JSON ${clause.mode}` as const;
  em.constructs.add(construct);
  const line = clause.line;
  if (clause.mode === "AUTO" && !source.single) {
    em.issue(construct, line, "FOR JSON AUTO over joined tables nests rows by table: not translated");
    return undefined;
  }
  const names = source.columns.map((c) => c.name.toLowerCase());
  if (source.columns.some((c) => c.unnamed)) {
    em.issue(construct, line, "FOR JSON needs a name for every column");
    return undefined;
  }
  if (new Set(names).size !== names.length) {
    em.issue(construct, line, "FOR JSON with two columns of the same name is an error in SQL Server");
    return undefined;
  }
  if (clause.mode === "PATH" && jsonPathConflict(source.columns.map((c) => c.name))) {
    em.issue(
      construct,
      line,
      "Dotted FOR JSON PATH aliases that conflict (a prefix repeated apart, or also a plain key) are an error in SQL Server",
    );
    return undefined;
  }
  const cells = source.columns.map((c) => {
    const ref = `${quoteIdent(rowAlias)}.${columnSql(c)}`;
    return {
      key: c.name,
      value: jsonValueText(
        em,
        { sql: ref, ...(c.type ? { type: c.type } : {}), ...(c.json ? { json: true } : {}) },
        line,
        construct,
      ),
    };
  });
  const members = jsonMembers(cells, clause.mode === "PATH", clause.includeNullValues);
  const object = `'{' || ${members.length ? `concat_ws(',', ${members.join(", ")})` : "''"} || '}'`;
  const value = columnSql(forClauseColumn("json"));
  const rows = `(select string_agg(${object}, ',' order by "__ord") as ${value} from (select *, row_number() over () as "__ord" from (\n${source.sql}\n) as "__src") as ${quoteIdent(rowAlias)})`;
  let sql = clause.withoutArrayWrapper ? rows : `('[' || ${rows} || ']')`;
  if (clause.root !== undefined)
    sql = `('{' || ${jsonStringLiteral(quoteString(clause.root))} || ':' || ${sql} || '}')`;
  return { sql, type: T.nvarchar("max"), ...(clause.withoutArrayWrapper ? {} : { json: true }) };
}
