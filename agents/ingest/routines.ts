import { readParameterList } from "~/agents/tsql/parser";
import { completeType, readDataType } from "./data-types";
import type { Draft, ParameterDraft } from "./drafts";
import type { TokenReader } from "./reader";

type RoutineDraft = Extract<Draft, { kind: "view" | "procedure" | "function" | "trigger" }>;
type WithoutLocation<T> = T extends unknown ? Omit<T, "location"> : never;

/**
 * CREATE / ALTER / CREATE OR ALTER of a VIEW, PROCEDURE, FUNCTION or TRIGGER, which SQL Server requires
 * to be alone in its batch: the definition is the batch text from the CREATE/ALTER keyword to the GO.
 * The body is kept verbatim for the translator; only the header (name, parameters, return type, trigger
 * table) is read here. Returns a reason string for objects the catalog has no place for.
 */
export function readRoutine(r: TokenReader, batchEnd: number): WithoutLocation<RoutineDraft> | { ignored: string } {
  const first = r.next();
  let alter = first.text.toUpperCase() === "ALTER";
  if (!alter && r.acceptWord("OR", "ALTER")) alter = true;
  const kind = r.next("VIEW, PROCEDURE, FUNCTION or TRIGGER").text.toUpperCase();
  const definition = r.source.slice(first.start, batchEnd).trimEnd();
  if (kind === "DEFAULT" || kind === "RULE")
    return { ignored: `CREATE ${kind} (a bound ${kind.toLowerCase()} object) is not migrated` };
  const name = r.objectName(`a ${kind.toLowerCase()} name`);

  if (kind === "VIEW") return { kind: "view", name, definition, alter };
  if (kind === "PROC" || kind === "PROCEDURE") {
    // `;1` numbered procedures group versions under one name; the catalog keeps the name.
    if (r.isPunct(";") && r.peek(1)?.type === "number") r.pos += 2;
    const parenthesised = r.acceptPunct("(");
    const parameters = readParameters(r);
    if (parenthesised) r.expectPunct(")");
    return { kind: "procedure", name, parameters, definition, alter };
  }
  if (kind === "FUNCTION") {
    r.expectPunct("(");
    const parameters = readParameters(r);
    r.expectPunct(")");
    r.expectWord("RETURNS");
    if (r.peek()?.type === "variable") {
      r.pos++;
      r.expectWord("TABLE");
      return { kind: "function", name, functionKind: "multi_statement_table", parameters, definition, alter };
    }
    if (r.acceptWord("TABLE"))
      return { kind: "function", name, functionKind: "inline_table", parameters, definition, alter };
    const returns = readDataType(r);
    return { kind: "function", name, functionKind: "scalar", parameters, returns, definition, alter };
  }
  if (kind === "TRIGGER") {
    r.expectWord("ON");
    if (r.isWord("DATABASE") || r.isWord("ALL"))
      return { ignored: `DDL trigger ${name.name} (ON ${r.word()}) is not migrated` };
    const table = r.objectName("the trigger's table");
    // A trigger lives in its table's schema; a schema on the trigger name must agree with it.
    return { kind: "trigger", name: { ...name, schema: table.schema }, table, definition, alter };
  }
  throw r.error(
    `expected VIEW, PROCEDURE, FUNCTION or TRIGGER after ${first.text.toUpperCase()}, found ${JSON.stringify(kind)}`,
  );
}

/** The parameters, read by the parser's rule (parameterList): types completed, defaults as written. */
function readParameters(r: TokenReader): ParameterDraft[] {
  const { value, next } = readParameterList(r.tokens, r.pos, r.end, r.source);
  r.pos = next;
  return value.map((p) => ({
    name: p.name,
    type: completeType(p.type),
    ...(p.default ? { default: p.default.text } : {}),
    output: p.output,
  }));
}
