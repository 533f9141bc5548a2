import type * as A from "~/agents/tsql/ast";
import type { Emitter } from "../emit";
import { T } from "../sqltypes";
import { quoteString } from "../literals";
import { unparen } from "../ast-util";
import type { FunctionDef } from "./registry";

/** JSON functions (docs: "JSON functions (Transact-SQL)"). */

/** JSON path `$.a.b[0]` → PostgreSQL text-array path `'{a,b,0}'`. */
export function jsonPathArray(pathExpr: A.Expr, em: Emitter, line: number): string {
  const p = unparen(pathExpr);
  if (p.kind !== "literal" || p.type !== "string") {
    em.issue("JSON path", line, "JSON path must be a literal to translate");
    return "'{}'";
  }
  let path = p.value.trim();
  if (/^(lax|strict)\s+/i.test(path)) {
    if (/^strict/i.test(path)) em.issue("JSON path", line, "strict JSON paths raise errors in SQL Server; translated as lax");
    path = path.replace(/^(lax|strict)\s+/i, "");
  }
  if (!path.startsWith("$")) em.issue("JSON path", line, `Unsupported JSON path ${p.value}`);
  const parts: string[] = [];
  const re = /\.(?:"([^"]*)"|([A-Za-z_$][\w$]*))|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path.slice(1)))) parts.push(m[1] ?? m[2] ?? m[3]!);
  return quoteString(`{${parts.map((x) => (/[,{}"\s]/.test(x) ? `"${x.replaceAll('"', '\\"')}"` : x)).join(",")}}`);
}

const jsonValue: FunctionDef = {
  name: "json_value",
  family: "json",
  arity: [2, 2],
  construct: "JSON_VALUE",
  scoring: { weight: 1 },
  emit: ({ em, call, line, arg }) => ({ sql: `((${arg(0).sql})::jsonb #>> ${jsonPathArray(call.args[1]!, em, line)})`, type: T.nvarchar(4000) }),
};

const jsonQuery: FunctionDef = {
  name: "json_query",
  family: "json",
  arity: [1, 2],
  construct: "JSON_QUERY",
  scoring: { weight: 1 },
  emit: ({ em, call, line, arg }) => ({ sql: `((${arg(0).sql})::jsonb #> ${call.args[1] ? jsonPathArray(call.args[1], em, line) : "'{}'"})::text`, type: T.nvarchar("max") }),
};

export const JSON_FUNCTIONS: FunctionDef[] = [jsonValue, jsonQuery];
