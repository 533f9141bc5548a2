import type * as A from "~/agents/tsql/ast";
import { readTableDefinition, readTableElement } from "~/agents/tsql/parser";
import { completeType } from "./data-types";
import type { AlterAction, ColumnDraft, ConstraintDraft, TableDraft } from "./drafts";
import { type QualifiedName, qualifiedName, TokenReader } from "./reader";

/**
 * CREATE TABLE name ( column | table constraint | table index, … ) [ON fg] [TEXTIMAGE_ON fg] [WITH (…)]
 * The reader is just past `CREATE TABLE`. What the parentheses hold is read by the parser's own rule (its
 * tableDefinition); this turns it into drafts. Column-level constraints are returned as table constraints on that
 * column, so the builder has one shape to apply (ALTER TABLE … ADD gives the same drafts).
 */
export function readCreateTable(r: TokenReader): { table: TableDraft; trailing?: string } {
  const name = r.objectName("a table name");
  if (r.acceptWord("AS")) {
    // AS FILETABLE / AS NODE / AS EDGE: graph and file tables have system columns we cannot model.
    throw r.error(`CREATE TABLE ${name.name} AS ${r.describe()} is not supported`);
  }
  const { value: definition, next } = readTableDefinition(r.tokens, r.pos, r.end, r.source);
  r.pos = next;
  const columns: ColumnDraft[] = [];
  const constraints: ConstraintDraft[] = [];
  for (const column of definition.columns) {
    const draft = columnDraft(column);
    columns.push(draft.column);
    constraints.push(...draft.constraints);
  }
  constraints.push(...definition.constraints.map(constraintDraft));
  const historyTable = skipTableOptions(r);
  const trailing = r.atEnd() ? undefined : r.describe();
  return { table: { name, columns, constraints, ...(historyTable ? { historyTable } : {}) }, trailing };
}

/**
 * The history table a `WITH (SYSTEM_VERSIONING = ON (HISTORY_TABLE = schema.name, …), …)` option names (docs:
 * create-table-transact-sql.md, "SYSTEM_VERSIONING"), the reader on the option list's `(`.
 */
function historyTableOption(r: TokenReader): QualifiedName | undefined {
  const start = r.pos;
  r.skipParens();
  const after = r.pos;
  let found: QualifiedName | undefined;
  for (let k = start; k < after; k++)
    if (
      r.tokens[k]!.type === "word" &&
      r.tokens[k]!.text.toUpperCase() === "HISTORY_TABLE" &&
      r.tokens[k + 1]?.text === "="
    ) {
      const reader = new TokenReader(r.tokens, k + 2, after, r.source);
      try {
        found = reader.objectName("a history table");
      } catch {
        found = undefined;
      }
    }
  return found;
}

/** One element of ALTER TABLE … ADD, read by the parser's rule: an added column or constraint, or nothing to keep. */
export function readAddedElement(r: TokenReader): AlterAction | undefined {
  const { value: element, next } = readTableElement(r.tokens, r.pos, r.end, r.source);
  r.pos = next;
  if (element.column) return { kind: "add-column", ...columnDraft(element.column) };
  if (element.constraint) return { kind: "add-constraint", constraint: constraintDraft(element.constraint) };
  return undefined;
}

/** ON [PRIMARY] | ON ps(col) | TEXTIMAGE_ON fg | FILESTREAM_ON fg | WITH (…) | LOCK_ESCALATION…; returns the history table. */
function skipTableOptions(r: TokenReader): QualifiedName | undefined {
  let history: QualifiedName | undefined;
  for (;;) {
    if (r.acceptWord("ON") || r.acceptWord("TEXTIMAGE_ON") || r.acceptWord("FILESTREAM_ON")) {
      r.identifier("a filegroup");
      if (r.isPunct("(")) r.skipParens();
    } else if (r.isWord("WITH") && r.isPunct("(", 1)) {
      r.pos++;
      history = historyTableOption(r) ?? history;
    } else return history;
  }
}

/** A parsed column as the catalog keeps it: the type completed, expressions as written, its constraints apart. */
function columnDraft(column: A.ColumnDef): { column: ColumnDraft; constraints: ConstraintDraft[] } {
  const draft: ColumnDraft = { name: column.name, line: column.line };
  if (column.type) draft.type = completeType(column.type);
  if (column.nullable !== undefined) draft.nullable = column.nullable;
  if (column.identity)
    draft.identity = { seed: Number(column.identity.seed), increment: Number(column.identity.increment) };
  if (column.default) {
    draft.default = column.default.text;
    if (column.default.name !== undefined) draft.defaultName = column.default.name;
  }
  if (column.computed) draft.computed = column.computed;
  if (column.collation !== undefined) draft.collation = column.collation;
  return { column: draft, constraints: column.constraints.map(constraintDraft) };
}

function constraintDraft(constraint: A.TableConstraint): ConstraintDraft {
  const named = constraint.name !== undefined ? { name: constraint.name } : {};
  switch (constraint.kind) {
    case "primary-key":
    case "unique":
      return { kind: constraint.kind, ...named, columns: constraint.columns };
    case "foreign-key":
      return {
        kind: "foreign-key",
        ...named,
        columns: constraint.columns,
        references: qualifiedName(constraint.references),
        referencedColumns: constraint.referencedColumns,
      };
    case "check":
      return { kind: "check", ...named, expression: constraint.condition.text };
    case "default":
      return { kind: "default", ...named, expression: constraint.value.text, column: constraint.column };
    case "index":
      return { kind: "index", name: constraint.name, columns: constraint.columns, unique: constraint.unique };
  }
}
