import { readAddedElement } from "./create-table";
import { readDataType } from "./data-types";
import type { AlterAction } from "./drafts";
import type { QualifiedName, TokenReader } from "./reader";

/**
 * ALTER TABLE name … (the reader is just past `ALTER TABLE`). Returns the changes that shape the catalog:
 * added columns and constraints, dropped ones, altered column types. Switches that only matter to a live
 * server (CHECK/NOCHECK CONSTRAINT, ENABLE/DISABLE TRIGGER, SET (…), REBUILD, SWITCH) give no actions.
 */
export function readAlterTable(r: TokenReader): { table: QualifiedName; actions: AlterAction[] } {
  const table = r.objectName("a table name");
  // WITH CHECK / WITH NOCHECK only says whether existing rows are validated.
  if (r.acceptWord("WITH")) {
    if (!r.acceptWord("CHECK") && !r.acceptWord("NOCHECK"))
      throw r.error(`expected CHECK or NOCHECK after WITH, found ${r.describe()}`);
  }
  const actions: AlterAction[] = [];
  const word = r.word();
  if (word === "ADD") {
    r.pos++;
    do {
      const action = readAddedElement(r);
      if (action) actions.push(action);
    } while (r.acceptPunct(","));
  } else if (word === "DROP") {
    r.pos++;
    // `DROP COLUMN a, b` drops two columns: the keyword carries over the comma.
    let dropping: "drop-column" | "drop-constraint" = "drop-constraint";
    do {
      if (r.acceptWord("PERIOD", "FOR")) {
        r.identifier();
        continue;
      }
      if (r.acceptWord("COLUMN")) dropping = "drop-column";
      else if (r.acceptWord("CONSTRAINT")) dropping = "drop-constraint";
      r.acceptWord("IF", "EXISTS");
      actions.push({
        kind: dropping,
        name: r.identifier(dropping === "drop-column" ? "a column name" : "a constraint name"),
      });
      if (r.isWord("WITH") && r.isPunct("(", 1)) {
        r.pos++;
        r.skipParens();
      }
    } while (r.acceptPunct(","));
  } else if (word === "ALTER") {
    r.pos++;
    r.expectWord("COLUMN");
    const name = r.identifier("a column name");
    if (r.isWord("ADD") || r.isWord("DROP")) return { table, actions }; // ADD/DROP ROWGUIDCOL, PERSISTED, MASKED…
    const type = readDataType(r);
    const action: AlterAction = { kind: "alter-column", name, type };
    if (r.acceptWord("COLLATE")) action.collation = r.identifier("a collation name");
    if (r.acceptWord("NULL")) action.nullable = true;
    else if (r.acceptWord("NOT", "NULL")) action.nullable = false;
    actions.push(action);
  } else if (["CHECK", "NOCHECK", "ENABLE", "DISABLE", "SET", "REBUILD", "SWITCH", "LOCK"].includes(word)) {
    r.pos = r.end;
  } else {
    throw r.error(
      `expected ADD, DROP, ALTER COLUMN, CHECK or NOCHECK after ALTER TABLE ${table.name}, found ${r.describe()}`,
    );
  }
  return { table, actions };
}
