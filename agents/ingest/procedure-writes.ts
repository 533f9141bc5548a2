import { LexError, significant, tokenize } from "~/agents/tsql/lexer";
import { objectKey } from "~/agents/catalog/schema";
import { type QualifiedName, TokenReader } from "./reader";

/**
 * What a procedure's body names as the target of INSERT, UPDATE, DELETE, MERGE or TRUNCATE TABLE, and the
 * procedures it EXECs: read from its tokens, so a body the parser cannot read still names them. A name that is
 * an alias (`UPDATE s … FROM dbo.T AS s`) or a keyword in another statement's syntax (`FOR UPDATE`, `THEN
 * DELETE`) is returned too; the caller keeps only the names of tables the catalog has.
 */
/** How many tokens after an UPDATE's or DELETE's target its FROM is looked for in. */
const ALIAS_REACH = 400;
/** Words before an alias's name that cannot end a table name. */
const NOT_A_TABLE = new Set([
  "FROM",
  "JOIN",
  "SET",
  "WHERE",
  "ON",
  "AND",
  "OR",
  "NOT",
  "SELECT",
  "UPDATE",
  "DELETE",
  "INTO",
  "BY",
  "AS",
]);

export function procedureWrites(definition: string): { targets: QualifiedName[]; calls: QualifiedName[] } {
  const targets: QualifiedName[] = [];
  const calls: QualifiedName[] = [];
  let tokens;
  try {
    tokens = significant(tokenize(definition));
  } catch (error) {
    if (error instanceof LexError) return { targets, calls };
    throw error;
  }
  const r = new TokenReader(tokens, 0, tokens.length, definition);
  const name = (into: QualifiedName[]) => {
    const first = r.peek();
    if (first?.type !== "word" && first?.type !== "quoted") return; // @table variable, #temp, `(`
    try {
      into.push(r.objectName());
    } catch {
      // not a name after all
    }
  };
  // `UPDATE s SET … FROM dbo.T AS s`: the target is an alias its FROM gives a table (docs: update-transact-sql.md,
  // "table_alias"); the first `<name> [AS] s` further on names it.
  const aliased = (at: number) => {
    const alias = tokens[at]!;
    if (tokens[at + 1]?.text === ".") return;
    for (let k = at + 2; k < Math.min(tokens.length, at + ALIAS_REACH); k++) {
      const t = tokens[k]!;
      if ((t.type !== "word" && t.type !== "quoted") || t.text.toLowerCase() !== alias.text.toLowerCase()) continue;
      if (tokens[k + 1]?.text === ".") continue; // s.Column
      const before = tokens[k - 1]?.text.toUpperCase() === "AS" ? k - 2 : k - 1;
      if (tokens[before]?.type === "word" && NOT_A_TABLE.has(tokens[before]!.text.toUpperCase())) continue;
      let start = before;
      while (start >= 2 && tokens[start - 1]?.text === "." && ["word", "quoted"].includes(tokens[start - 2]!.type))
        start -= 2;
      if (start <= at || !["word", "quoted"].includes(tokens[before]!.type)) continue;
      const reader = new TokenReader(tokens, start, before + 1, definition);
      try {
        targets.push(reader.objectName());
      } catch {
        // not a name after all
      }
      return;
    }
  };
  while (!r.atEnd()) {
    const token = r.next();
    if (token.type !== "word") continue;
    const word = token.text.toUpperCase();
    if (word === "INSERT" || word === "MERGE") {
      if (r.isWord("TOP")) {
        r.pos++;
        if (r.isPunct("(")) r.skipParens();
        r.acceptWord("PERCENT");
      }
      r.acceptWord("INTO");
      name(targets);
    } else if (word === "UPDATE" || word === "DELETE") {
      if (r.isWord("TOP") && r.isPunct("(", 1)) {
        r.pos++;
        r.skipParens();
      }
      if (word === "DELETE") r.acceptWord("FROM");
      const at = r.pos;
      name(targets);
      if (r.pos === at + 1) aliased(at);
    } else if (word === "TRUNCATE" && r.acceptWord("TABLE")) name(targets);
    else if (word === "EXEC" || word === "EXECUTE") {
      if (r.peek()?.type === "variable" && r.isPunct("=", 1)) r.pos += 2; // EXEC @rc = proc
      name(calls);
    }
  }
  return { targets, calls };
}

type Routine = { schema: string; definition: string };

/**
 * The keys of the catalog's tables a routine body (a procedure's, a trigger's) writes, itself or through the
 * procedures it EXECs, each procedure's read once into `memo`. An unqualified name is looked up in the routine's
 * schema, then dbo (SQL Server's default schema).
 */
export function tablesWritten(
  routine: Routine,
  tables: { has(key: string): boolean },
  procedures: Map<string, Routine>,
  memo = new Map<string, string[]>(),
  seen = new Set<string>(),
): string[] {
  const { targets, calls } = procedureWrites(routine.definition);
  const keys = (n: QualifiedName) =>
    n.schema === "dbo" ? [objectKey(routine.schema, n.name), objectKey("dbo", n.name)] : [objectKey(n.schema, n.name)];
  const found = new Set<string>();
  for (const target of targets) {
    const key = keys(target).find((k) => tables.has(k));
    if (key) found.add(key);
  }
  for (const call of calls) {
    const callee = keys(call).find((k) => procedures.has(k));
    if (!callee || seen.has(callee)) continue;
    seen.add(callee);
    let written = memo.get(callee);
    if (!written) {
      written = tablesWritten(procedures.get(callee)!, tables, procedures, memo, seen);
      memo.set(callee, written);
    }
    for (const t of written) found.add(t);
  }
  return [...found];
}
