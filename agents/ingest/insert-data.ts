import { readDataType } from "./data-types";
import type { Literal } from "./drafts";
import { readSourceExpression } from "~/agents/tsql/parser";
import type { QualifiedName, TokenReader } from "./reader";

export type InsertStatement =
  /**
   * `texts`, only when a value is an expression the reader cannot evaluate (a subquery, arithmetic, a function):
   * each value's source text, row by row, so the sandbox can compute the rows set-based.
   */
  | { table: QualifiedName; columns?: string[]; rows: Literal[][]; texts?: string[][] }
  /**
   * Rows the catalog cannot hold (INSERT … SELECT FROM, INSERT … EXEC, table variables). For INSERT … SELECT,
   * `select` is the query's original text (from SELECT to the statement's end) and `selectLine` its line, so the
   * sandbox can try to run it set-based once the tables it reads are loaded.
   */
  | { unsupported: string; table?: QualifiedName; columns?: string[]; select?: string; selectLine?: number };

/**
 * INSERT [TOP (n)] [INTO] table [WITH (hints)] [(columns)] [OUTPUT …] source, the reader on INSERT.
 * Sources with data: VALUES (…)[, (…)], DEFAULT VALUES, and the old multi-row idiom
 * `SELECT 1, 'a' UNION ALL SELECT 2, 'b'` when every item is a literal.
 */
export function readInsert(r: TokenReader, variable?: (name: string) => string | undefined): InsertStatement {
  r.expectWord("INSERT");
  if (r.acceptWord("TOP")) {
    r.skipParens();
    r.acceptWord("PERCENT");
  }
  r.acceptWord("INTO");
  if (r.peek()?.type === "variable") return { unsupported: "INSERT into a table variable" };
  if (r.isWord("OPENQUERY") || r.isWord("OPENROWSET") || r.isWord("OPENDATASOURCE"))
    return { unsupported: "INSERT into a remote rowset" };
  const table = r.objectName("a table name");
  if (r.isWord("WITH") && r.isPunct("(", 1)) {
    r.pos++;
    r.skipParens();
  }
  const columns = r.isPunct("(") ? r.columnList() : undefined;
  if (r.acceptWord("OUTPUT")) skipOutputClause(r);

  if (r.acceptWord("DEFAULT", "VALUES")) return { table, columns: [], rows: [[]] };
  if (r.acceptWord("VALUES")) {
    const rows: Literal[][] = [];
    const spans: [number, number][][] = [];
    do {
      const row = readRow(r);
      rows.push(row.values);
      spans.push(row.spans);
    } while (r.acceptPunct(","));
    // Source texts only when needed: INSERT-heavy scripts hold millions of plain literals.
    if (!rows.some((row) => row.some((v) => v.kind === "unsupported"))) return { table, columns, rows };
    return {
      table,
      columns,
      rows,
      texts: spans.map((row) => row.map(([from, to]) => valueText(r, from, to, variable))),
    };
  }
  if (r.isWord("SELECT")) {
    const from = r.pos;
    const rows = readLiteralSelects(r);
    if (rows) return { table, columns, rows };
    let last = r.end - 1;
    while (last > from && r.tokens[last]!.type === "punct" && r.tokens[last]!.text === ";") last--;
    const start = r.tokens[from]!;
    // A variable its batch's DECLARE gives stands for its value, as in VALUES (the query runs in the sandbox).
    const select = valueText(r, from, last + 1, variable);
    return {
      unsupported: "INSERT … SELECT reads other tables",
      table,
      ...(columns ? { columns } : {}),
      select,
      selectLine: start.line,
    };
  }
  if (r.isWord("EXEC") || r.isWord("EXECUTE")) return { unsupported: "INSERT … EXEC", table };
  throw r.error(`expected VALUES, SELECT or DEFAULT VALUES, found ${r.describe()}`);
}

function skipOutputClause(r: TokenReader) {
  while (!r.atEnd() && !["VALUES", "SELECT", "DEFAULT", "EXEC", "EXECUTE"].includes(r.word())) {
    if (r.isPunct("(")) r.skipParens();
    else r.pos++;
  }
}

/** A row of VALUES, with each value's token range. */
function readRow(r: TokenReader): { values: Literal[]; spans: [number, number][] } {
  r.expectPunct("(");
  const values: Literal[] = [];
  const spans: [number, number][] = [];
  do {
    const from = r.pos;
    values.push(readValue(r));
    spans.push([from, r.pos]);
  } while (r.acceptPunct(","));
  r.expectPunct(")");
  return { values, spans };
}

/** The source text of tokens[from, to), each variable replaced by what `variable` says stands for it. */
export function valueText(
  r: TokenReader,
  from: number,
  to: number,
  variable?: (name: string) => string | undefined,
): string {
  let text = "";
  for (let i = from; i < to; i++) {
    const t = r.tokens[i]!;
    if (i > from) text += r.source.slice(r.tokens[i - 1]!.end, t.start);
    text += (t.type === "variable" && variable?.(t.text)) || r.source.slice(t.start, t.end);
  }
  return text;
}

/** `SELECT lit [AS alias], … [UNION [ALL] SELECT …]…`; undefined as soon as anything is not a literal. */
function readLiteralSelects(r: TokenReader): Literal[][] | undefined {
  const rows: Literal[][] = [];
  for (;;) {
    r.expectWord("SELECT");
    const row: Literal[] = [];
    do {
      const value = readValue(r);
      if (value.kind === "unsupported") return undefined;
      row.push(value);
      if (r.acceptWord("AS")) r.identifier("an alias");
      else if (r.isIdentifier() && !["UNION", "FROM", "WHERE"].includes(r.word())) r.pos++;
    } while (r.acceptPunct(","));
    if (!r.atEnd() && !r.isWord("UNION") && !r.isPunct(";")) return undefined;
    rows.push(row);
    // Plain UNION would also drop duplicate rows; scripts use this idiom with distinct rows.
    if (!r.acceptWord("UNION")) break;
    r.acceptWord("ALL");
  }
  return r.atEnd() || r.isPunct(";") ? rows : undefined;
}

/**
 * One value: a literal, a sign, parentheses, `+` string concatenation, CHAR(n)/NCHAR(n), and CAST/CONVERT
 * of those. Anything else (GETDATE(), a subquery, arithmetic) is kept as `unsupported` with its text.
 */
export function readValue(r: TokenReader): Literal {
  const start = r.pos;
  const value = readConcatenation(r);
  // A literal followed by an operator other than `+` is arithmetic (`2.5 * 2`): an expression, not that literal.
  if (value.kind !== "unsupported" && r.peek()?.type !== "operator") return value;
  const { value: expression, next } = readSourceExpression(r.tokens, start, r.end, r.source);
  r.pos = next;
  return { kind: "unsupported", value: expression.text };
}

function readConcatenation(r: TokenReader): Literal {
  let value = readTerm(r);
  while (r.isPunct("+")) {
    r.pos++;
    const right = readTerm(r);
    if (value.kind === "unsupported" || right.kind === "unsupported") return unsupported;
    if (value.kind === "null" || right.kind === "null") value = { kind: "null", value: "" };
    else if (value.kind === "string" && right.kind === "string" && !value.cast && !right.cast)
      value = { kind: "string", value: value.value + right.value };
    else return unsupported;
  }
  return value;
}

const unsupported: Literal = { kind: "unsupported", value: "" };

function readTerm(r: TokenReader): Literal {
  const t = r.peek();
  if (!t) return unsupported;
  if (t.type === "operator" && (t.text === "-" || t.text === "+")) {
    r.pos++;
    const operand = readTerm(r);
    if (t.text === "+") return operand;
    if ((operand.kind === "number" || operand.kind === "money") && !operand.cast) {
      return { ...operand, value: operand.value.startsWith("-") ? operand.value.slice(1) : `-${operand.value}` };
    }
    return unsupported;
  }
  if (t.type === "punct" && t.text === "(") {
    r.pos++;
    const inner = readConcatenation(r);
    return r.acceptPunct(")") ? inner : unsupported;
  }
  switch (t.type) {
    case "string":
      r.pos++;
      return { kind: "string", value: t.text };
    case "quoted":
      // With QUOTED_IDENTIFIER OFF, "…" is a string; a name cannot stand in VALUES anyway.
      if (!t.raw.startsWith('"')) return unsupported;
      r.pos++;
      return { kind: "string", value: t.text };
    case "number":
      r.pos++;
      return { kind: "number", value: t.text };
    case "money":
      r.pos++;
      return { kind: "money", value: t.text };
    case "binary":
      r.pos++;
      return { kind: "binary", value: t.text };
    case "word":
      return readWordTerm(r);
    default:
      return unsupported;
  }
}

function readWordTerm(r: TokenReader): Literal {
  const word = r.word();
  if (word === "NULL") {
    r.pos++;
    return { kind: "null", value: "" };
  }
  if (word === "DEFAULT") {
    r.pos++;
    return { kind: "default", value: "" };
  }
  if (!r.isPunct("(", 1)) return unsupported;
  if (word === "CAST" || word === "TRY_CAST") {
    r.pos += 2;
    const inner = readConcatenation(r);
    if (inner.kind === "unsupported" || !r.acceptWord("AS")) return unsupported;
    const cast = readDataType(r, 30);
    return r.acceptPunct(")") ? { ...inner, cast } : unsupported;
  }
  if (word === "CONVERT" || word === "TRY_CONVERT") {
    r.pos += 2;
    const cast = readDataType(r, 30);
    if (!r.acceptPunct(",")) return unsupported;
    const inner = readConcatenation(r);
    if (inner.kind === "unsupported") return unsupported;
    let style: number | undefined;
    if (r.acceptPunct(",")) {
      const t = r.peek();
      if (t?.type !== "number") return unsupported;
      r.pos++;
      style = Number(t.text);
    }
    if (!r.acceptPunct(")")) return unsupported;
    return style === undefined ? { ...inner, cast } : { ...inner, cast, style };
  }
  if (word === "CHAR" || word === "NCHAR") {
    r.pos += 2;
    const code = r.peek();
    if (code?.type !== "number" || !/^\d+$/.test(code.text)) return unsupported;
    r.pos++;
    if (!r.acceptPunct(")")) return unsupported;
    return { kind: "string", value: String.fromCodePoint(Number(code.text)) };
  }
  return unsupported;
}
