import { readDataType } from "./data-types";
import type { ColumnDraft, ConstraintDraft, TableDraft } from "./drafts";
import { skipExpression } from "./expressions";
import { ParseError } from "~/agents/tsql/parser";
import type { TokenReader } from "./reader";

/**
 * CREATE TABLE name ( column | table constraint | table index, … ) [ON fg] [TEXTIMAGE_ON fg] [WITH (…)]
 * The reader is just past `CREATE TABLE`. Column-level constraints are returned as table constraints on
 * that column, so the builder has one shape to apply (ALTER TABLE … ADD uses the same functions).
 */
export function readCreateTable(r: TokenReader): { table: TableDraft; trailing?: string } {
  const name = r.objectName("a table name");
  if (r.acceptWord("AS")) {
    // AS FILETABLE / AS NODE / AS EDGE: graph and file tables have system columns we cannot model.
    throw r.error(`CREATE TABLE ${name.name} AS ${r.describe()} is not supported`);
  }
  r.expectPunct("(");
  const columns: ColumnDraft[] = [];
  const constraints: ConstraintDraft[] = [];
  for (;;) {
    if (r.acceptPunct(")")) break; // SQL Server accepts a trailing comma before ")"
    if (isTableConstraintStart(r)) constraints.push(readTableConstraint(r));
    else if (r.isWord("PERIOD") && r.isWord("FOR", 1)) {
      r.pos += 2;
      r.identifier();
      r.skipParens();
    } else {
      const column = readColumnDefinition(r);
      columns.push(column.column);
      constraints.push(...column.constraints);
    }
    if (r.acceptPunct(")")) break;
    r.expectPunct(",");
  }
  skipTableOptions(r);
  const trailing = r.atEnd() ? undefined : r.describe();
  return { table: { name, columns, constraints }, trailing };
}

const CONSTRAINT_STARTS = new Set(["CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "INDEX"]);

function isTableConstraintStart(r: TokenReader): boolean {
  return CONSTRAINT_STARTS.has(r.word());
}

/** ON [PRIMARY] | ON ps(col) | TEXTIMAGE_ON fg | FILESTREAM_ON fg | WITH (…) | LOCK_ESCALATION… */
function skipTableOptions(r: TokenReader) {
  for (;;) {
    if (r.acceptWord("ON") || r.acceptWord("TEXTIMAGE_ON") || r.acceptWord("FILESTREAM_ON")) {
      r.identifier("a filegroup");
      if (r.isPunct("(")) r.skipParens();
    } else if (r.isWord("WITH") && r.isPunct("(", 1)) {
      r.pos++;
      r.skipParens();
    } else return;
  }
}

/** `name type [options…]` or `name AS expr [PERSISTED] [options…]`. */
export function readColumnDefinition(r: TokenReader): { column: ColumnDraft; constraints: ConstraintDraft[] } {
  const line = r.line();
  const name = r.identifier("a column name");
  const column: ColumnDraft = { name, line };
  if (r.acceptWord("AS")) column.computed = skipExpression(r);
  else column.type = readDataType(r);
  const constraints = readColumnOptions(r, column);
  return { column, constraints };
}

function readColumnOptions(r: TokenReader, column: ColumnDraft): ConstraintDraft[] {
  const constraints: ConstraintDraft[] = [];
  for (;;) {
    const word = r.word();
    if (word === "" || r.atEnd()) return constraints;
    if (word === "NULL") {
      r.pos++;
      column.nullable = true;
    } else if (word === "NOT" && r.isWord("NULL", 1)) {
      r.pos += 2;
      column.nullable = false;
    } else if (r.acceptWord("NOT", "FOR", "REPLICATION")) {
      // identity or constraint option without a catalog meaning
    } else if (word === "COLLATE") {
      r.pos++;
      column.collation = r.identifier("a collation name");
    } else if (word === "IDENTITY") {
      r.pos++;
      column.identity = { seed: 1, increment: 1 };
      if (r.acceptPunct("(")) {
        column.identity.seed = readSignedNumber(r);
        r.expectPunct(",");
        column.identity.increment = readSignedNumber(r);
        r.expectPunct(")");
      }
    } else if (["ROWGUIDCOL", "SPARSE", "FILESTREAM", "PERSISTED", "HIDDEN"].includes(word)) {
      r.pos++;
    } else if (word === "MASKED" || word === "ENCRYPTED") {
      r.pos++;
      r.expectWord("WITH");
      r.skipParens();
    } else if (word === "GENERATED") {
      // GENERATED ALWAYS AS ROW|TRANSACTION_ID|SEQUENCE_NUMBER START|END [HIDDEN]
      r.pos++;
      r.expectWord("ALWAYS");
      r.expectWord("AS");
      while (r.word() !== "" && !["START", "END"].includes(r.word())) r.pos++;
      r.pos++;
    } else {
      const constraint = readConstraint(r, column.name);
      if (!constraint) return constraints;
      if (constraint.kind === "default") {
        column.default = constraint.expression;
        if (constraint.name !== undefined) column.defaultName = constraint.name;
      } else constraints.push(constraint);
    }
  }
}

/** A table-level element starting with CONSTRAINT, PRIMARY, UNIQUE, FOREIGN, CHECK, DEFAULT (ALTER TABLE only) or INDEX. */
export function readTableConstraint(r: TokenReader): ConstraintDraft {
  return readConstraint(r);
}

/**
 * [CONSTRAINT name] PRIMARY KEY | UNIQUE | FOREIGN KEY … REFERENCES | CHECK | DEFAULT | INDEX, of the table or, given
 * `column`, of that column. A column's may leave out the column list (it is the column; SQL Server still accepts a
 * list there) and FOREIGN KEY, and its DEFAULT has no `FOR column` (ALTER TABLE's table-level DEFAULT has). A
 * column's options that hold no constraint here give undefined, the reader where it was.
 */
function readConstraint(r: TokenReader): ConstraintDraft;
function readConstraint(r: TokenReader, column: string): ConstraintDraft | undefined;
function readConstraint(r: TokenReader, column?: string): ConstraintDraft | undefined {
  const start = r.pos;
  const name = r.acceptWord("CONSTRAINT") ? r.identifier("a constraint name") : undefined;
  const named = name === undefined ? {} : { name };
  const columns = () => (column !== undefined && !r.isPunct("(") ? [column] : r.columnList());
  const word = r.word();
  if (word === "PRIMARY" || word === "UNIQUE") {
    r.pos++;
    if (word === "PRIMARY") r.expectWord("KEY");
    r.acceptAnyWord("CLUSTERED", "NONCLUSTERED");
    const keyColumns = columns();
    skipIndexOptions(r);
    return { kind: word === "PRIMARY" ? "primary-key" : "unique", ...named, columns: keyColumns };
  }
  if (word === "FOREIGN" || (word === "REFERENCES" && column !== undefined)) {
    if (r.acceptWord("FOREIGN")) r.expectWord("KEY");
    return { kind: "foreign-key", ...named, columns: columns(), ...readReferences(r) };
  }
  if (word === "CHECK") {
    r.pos++;
    r.acceptWord("NOT", "FOR", "REPLICATION");
    return { kind: "check", ...named, expression: readParenthesisedText(r) };
  }
  if (word === "DEFAULT") {
    r.pos++;
    const expression = skipExpression(r);
    let target = column;
    if (target === undefined) {
      r.expectWord("FOR");
      target = r.identifier("a column name");
    }
    r.acceptWord("WITH", "VALUES");
    return { kind: "default", ...named, expression, column: target };
  }
  if (word === "INDEX") {
    r.pos++;
    const indexName = r.identifier("an index name");
    const unique = r.acceptWord("UNIQUE");
    r.acceptAnyWord("CLUSTERED", "NONCLUSTERED");
    r.acceptWord("COLUMNSTORE");
    const indexColumns = r.isPunct("(") ? r.columnList() : column === undefined ? [] : [column];
    skipIndexOptions(r);
    return { kind: "index", name: indexName, columns: indexColumns, unique };
  }
  if (column === undefined)
    throw r.error(`expected PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK or DEFAULT, found ${r.describe()}`);
  if (name !== undefined) throw r.error(`expected a constraint after CONSTRAINT ${name}, found ${r.describe()}`);
  r.pos = start;
  return undefined;
}

/** REFERENCES table [(cols)] [ON DELETE|UPDATE action]… [NOT FOR REPLICATION] */
function readReferences(r: TokenReader) {
  r.expectWord("REFERENCES");
  const references = r.objectName("the referenced table");
  const referencedColumns = r.isPunct("(") ? r.columnList() : [];
  for (;;) {
    if (r.acceptWord("ON")) {
      if (!r.acceptWord("DELETE") && !r.acceptWord("UPDATE"))
        throw r.error(`expected DELETE or UPDATE after ON, found ${r.describe()}`);
      if (!(
        r.acceptWord("NO", "ACTION") ||
        r.acceptWord("CASCADE") ||
        r.acceptWord("SET", "NULL") ||
        r.acceptWord("SET", "DEFAULT")
      )) {
        throw r.error(`expected NO ACTION, CASCADE, SET NULL or SET DEFAULT, found ${r.describe()}`);
      }
    } else if (!r.acceptWord("NOT", "FOR", "REPLICATION")) break;
  }
  return { references, referencedColumns };
}

/** WITH (FILLFACTOR = 90, …) | WITH FILLFACTOR = 90 | ON filegroup | ON scheme(col) */
function skipIndexOptions(r: TokenReader) {
  for (;;) {
    if (r.isWord("WITH") && r.isPunct("(", 1)) {
      r.pos++;
      r.skipParens();
    } else if (r.acceptWord("WITH", "FILLFACTOR")) {
      r.expectPunct("=");
      r.next("a number");
    } else if (r.isWord("ON") && !r.isWord("DELETE", 1) && !r.isWord("UPDATE", 1)) {
      r.pos++;
      r.identifier("a filegroup");
      if (r.isPunct("(")) r.skipParens();
    } else return;
  }
}

/** `(expr)` kept with its parentheses, as sys.check_constraints shows a definition. */
function readParenthesisedText(r: TokenReader): string {
  const open = r.peek();
  if (!open || !r.isPunct("(")) throw r.error(`expected "(", found ${r.describe()}`);
  const close = r.skipParens();
  return r.text(open, close);
}

function readSignedNumber(r: TokenReader): number {
  let sign = 1;
  if (r.acceptPunct("-")) sign = -1;
  else r.acceptPunct("+");
  const t = r.next("a number");
  const value = Number(t.text);
  if (t.type !== "number" || !Number.isFinite(value))
    throw new ParseError(`expected a number, found ${JSON.stringify(t.raw)}`, t.line);
  return sign * value;
}
