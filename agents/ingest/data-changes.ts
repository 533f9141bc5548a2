import type { TableData } from "~/agents/catalog/schema";
import { tokenize } from "~/agents/tsql/lexer";
import { readMerge, readSourceExpression } from "~/agents/tsql/parser";
import { valueText } from "./insert-data";
import type { QualifiedName, TokenReader } from "./reader";

export type Change = NonNullable<NonNullable<TableData["unloaded"]>[number]["change"]>;

/** The change, and the table it writes when the target is an alias its FROM clause defines. */
export type ReadChange = Change & { aliased?: QualifiedName };

/**
 * An UPDATE, DELETE or TRUNCATE TABLE in the form the sandbox can run set-based through the table's key (the
 * reader on its first word): `UPDATE t SET c = e, … [FROM …] [WHERE …]` (docs: update-transact-sql.md),
 * `DELETE [FROM] t [FROM …] [WHERE …]` (delete-transact-sql.md), `TRUNCATE TABLE t`. Undefined for anything
 * else — TOP, OUTPUT, compound assignments (`+=`), `@v = col = e`, WHERE CURRENT OF, a CTE — which stays a
 * statement the loader cannot run.
 */
export function readChange(r: TokenReader, variable?: (name: string) => string | undefined): ReadChange | undefined {
  const word = r.word();
  r.pos++;
  if (word === "TRUNCATE") {
    if (!r.acceptWord("TABLE")) return undefined;
    const target = targetName(r);
    return r.atEnd() || r.isPunct(";") ? { target, set: [], from: `FROM ${target}` } : undefined;
  }
  if (r.isWord("TOP")) return undefined;
  if (word === "DELETE") r.acceptWord("FROM");
  const target = targetName(r);
  if (r.isWord("WITH") && r.isPunct("(", 1)) {
    r.pos++;
    r.skipParens();
  }
  const set: Change["set"] = [];
  if (word === "UPDATE") {
    if (!r.acceptWord("SET")) return undefined;
    do {
      if (r.peek()?.type === "variable") return undefined;
      const column = r.objectName("a column name").name;
      const op = r.peek();
      if (op?.type !== "operator" || op.text !== "=") return undefined;
      r.pos++;
      const { next } = readSourceExpression(r.tokens, r.pos, r.end, r.source);
      // A variable its batch's DECLARE gives stands for its value (the statement runs in the sandbox).
      set.push({ column, value: valueText(r, r.pos, next, variable) });
      r.pos = next;
    } while (r.acceptPunct(","));
  }
  if (r.isWord("OUTPUT") || r.isWord("OPTION")) return undefined;
  let from = "";
  let aliased: QualifiedName | undefined;
  if (r.isWord("FROM") || r.isWord("WHERE")) {
    const first = r.pos;
    while (!r.atEnd() && !r.isPunct(";")) {
      if (r.isWord("OPTION") || (r.isWord("CURRENT") && r.isWord("OF", 1))) return undefined;
      aliased ??= aliasAt(r, target);
      if (r.isPunct("(")) r.skipParens();
      else r.pos++;
    }
    from = valueText(r, first, r.pos, variable);
  }
  if (!r.atEnd() && !r.isPunct(";")) return undefined;
  // Without a FROM clause the statement reads the table it writes.
  if (!/^FROM\b/i.test(from)) from = `FROM ${target} ${from}`.trimEnd();
  return { target, set, from, ...(aliased ? { aliased } : {}) };
}

/** The table `name [AS] alias` at the reader's position names, when alias is the target (the reader stays). */
function aliasAt(r: TokenReader, target: string): QualifiedName | undefined {
  const start = r.pos;
  try {
    if (!r.isIdentifier() || (!r.isWord("JOIN", -1) && !r.isWord("FROM", -1) && !r.isPunct(",", -1))) return undefined;
    const table = r.objectName("a table name");
    r.acceptWord("AS");
    return r.isIdentifier() && r.identifier("an alias").toLowerCase() === target.replace(/^\[|\]$/g, "").toLowerCase()
      ? table
      : undefined;
  } catch {
    return undefined;
  } finally {
    r.pos = start;
  }
}

/** The target as written (`dbo.T`, `[T]`, an alias), kept as source text so the query reads it the same way. */
function targetName(r: TokenReader): string {
  const first = r.peek()!;
  r.objectName("a table name");
  return r.text(first, r.previous());
}

/**
 * `WITH name [(columns)] AS (query) [, …]` before a statement (docs: with-common-table-expression-transact-sql.md),
 * the reader on WITH: moves the reader to the statement's first word and returns the CTE names (lower case), or
 * leaves it and returns undefined when the statement does not start that way (`WITH XMLNAMESPACES (…)`).
 */
export function skipCommonTableExpressions(r: TokenReader): string[] | undefined {
  const start = r.pos;
  try {
    r.expectWord("WITH");
    const names: string[] = [];
    do {
      names.push(r.identifier("a CTE name").toLowerCase());
      if (r.isPunct("(")) r.skipParens();
      r.expectWord("AS");
      r.skipParens();
    } while (r.acceptPunct(","));
    return names;
  } catch {
    r.pos = start;
    return undefined;
  }
}

/** The names after FROM or JOIN in tokens[from, to) of the reader's statement (the reader stays). */
export function namesRead(r: TokenReader, from: number, to: number): QualifiedName[] {
  const start = r.pos;
  const names: QualifiedName[] = [];
  for (let k = from + 1; k < to; k++) {
    const before = r.tokens[k - 1]!;
    if (before.type !== "word" || !["FROM", "JOIN"].includes(before.text.toUpperCase())) continue;
    r.pos = k;
    try {
      if (r.isIdentifier() || r.peek()?.type === "temp") names.push(r.objectName());
    } catch {
      /* not a name: a derived table */
    }
    r.pos = start;
  }
  return names;
}

/**
 * The table an `OUTPUT … INTO t` clause of the statement (the reader on its first word) writes its rows to (docs:
 * output-clause-transact-sql.md); undefined without one, or for a table variable. The reader stays.
 */
export function outputInto(r: TokenReader): QualifiedName | undefined {
  let depth = 0;
  let output = false;
  for (let k = r.pos; k < r.end; k++) {
    const t = r.tokens[k]!;
    if (t.type === "punct" && t.text === "(") depth++;
    else if (t.type === "punct" && t.text === ")") depth--;
    else if (depth === 0 && t.type === "word" && t.text.toUpperCase() === "OUTPUT") output = true;
    else if (depth === 0 && output && t.type === "word" && t.text.toUpperCase() === "INTO") {
      const start = r.pos;
      r.pos = k + 1;
      try {
        return r.isIdentifier() || r.peek()?.type === "temp" ? r.objectName() : undefined;
      } catch {
        return undefined;
      } finally {
        r.pos = start;
      }
    }
  }
  return undefined;
}

export type MergeChange = NonNullable<NonNullable<TableData["unloaded"]>[number]["merge"]>;

/**
 * A MERGE (the reader on MERGE, after any common table expressions) in the form the sandbox runs set-based (docs:
 * merge-transact-sql.md), read with the parser's rule, or why it cannot run: TOP (n) acts on an unordered subset,
 * a SET that assigns a variable or compounds (`+=`), INSERT VALUES (DEFAULT), a variable whose value the batch's
 * DECLARE does not give (`variable`), WHEN clauses SQL Server itself refuses. The reader stays.
 */
export function readMergeChange(
  r: TokenReader,
  variable: (name: string) => string | undefined,
): { merge: MergeChange } | { unsupported: string } {
  const { value: m, next } = readMerge(r.tokens, r.pos, r.end, r.source);
  if (next < r.end && !(r.tokens[next]!.type === "punct" && r.tokens[next]!.text === ";"))
    return { unsupported: `text after it cannot be read (line ${r.tokens[next]!.line})` };
  if (m.target.kind !== "table") return { unsupported: "its target is a table variable" };
  if (m.top) return { unsupported: "TOP (n) acts on a subset of the rows SQL Server does not define" };
  for (const when of ["matched", "not matched by source"] as const) {
    const clauses = m.clauses.filter((c) => c.when === when);
    if (
      clauses.length > 2 ||
      (clauses.length === 2 && (!clauses[0]!.cond || clauses[0]!.action.kind === clauses[1]!.action.kind))
    )
      return {
        unsupported: `its WHEN ${when.toUpperCase()} clauses are refused by SQL Server (at most two: an UPDATE and a DELETE, the first with AND)`,
      };
  }
  if (m.clauses.filter((c) => c.when === "not matched by target").length > 1)
    return { unsupported: "it has more than one WHEN NOT MATCHED [BY TARGET] clause, which SQL Server refuses" };
  let unknown: string | undefined;
  const text = (source: string) =>
    tokenize(source).reduceRight((out, t) => {
      if (t.type !== "variable") return out;
      const value = variable(t.text);
      if (value === undefined) unknown ??= t.raw;
      return `${out.slice(0, t.start)}${value ?? t.raw}${out.slice(t.end)}`;
    }, source);
  const clauses: MergeChange["clauses"] = [];
  for (const c of m.clauses) {
    const at = `WHEN ${c.when.toUpperCase()} (line ${c.line})`;
    const values = (c.text?.values ?? []).map(text);
    const clause: MergeChange["clauses"][number] = {
      when: c.when,
      action: c.action.kind,
      line: c.line,
      ...(c.text?.cond !== undefined ? { condition: text(c.text.cond) } : {}),
    };
    if (c.action.kind === "update") {
      const odd = c.action.set.find((a) => a.variable !== undefined || a.op !== "=");
      if (odd)
        return {
          unsupported: `its ${at} UPDATE SET ${odd.variable !== undefined ? `assigns @${odd.variable}` : `compounds (${odd.op})`}`,
        };
      clause.set = c.action.set.map((a, i) => ({ column: a.column![a.column!.length - 1]!, value: values[i]! }));
    } else if (c.action.kind === "insert") {
      if (c.action.values?.some((v) => v.kind === "literal" && v.type === "null" && v.value === "DEFAULT"))
        return { unsupported: `its ${at} INSERT VALUES has DEFAULT` };
      if (c.action.columns) clause.columns = c.action.columns;
      if (c.action.values) clause.values = values;
    }
    clauses.push(clause);
  }
  const merge: MergeChange = {
    target: m.target.name.map((part) => `[${part.replaceAll("]", "]]")}]`).join("."),
    alias: m.target.alias ?? m.target.name[m.target.name.length - 1]!,
    source: text(m.text!.source),
    on: text(m.text!.on),
    clauses,
  };
  if (unknown !== undefined) return { unsupported: `it reads ${unknown}, whose value the loader cannot follow` };
  return { merge };
}
