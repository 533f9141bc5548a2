import type { Token } from "~/agents/tsql/lexer";

/** A statement: tokens[from, to) of its batch's significant tokens. */
export type StatementRange = { from: number; to: number };

// Words that begin a statement. A batch need not use `;`, so statements end where the next one begins.
const STARTERS = new Set([
  "ALTER",
  "BACKUP",
  "BEGIN",
  "BREAK",
  "BULK",
  "CHECKPOINT",
  "COMMIT",
  "CONTINUE",
  "CREATE",
  "DBCC",
  "DECLARE",
  "DELETE",
  "DENY",
  "DISABLE",
  "DROP",
  "ELSE",
  "ENABLE",
  "END",
  "EXEC",
  "EXECUTE",
  "GOTO",
  "GRANT",
  "IF",
  "INSERT",
  "MERGE",
  "PRINT",
  "RAISERROR",
  "RECONFIGURE",
  "RESTORE",
  "RETURN",
  "REVOKE",
  "ROLLBACK",
  "SELECT",
  "SET",
  "THROW",
  "TRUNCATE",
  "UPDATE",
  "USE",
  "WAITFOR",
  "WHILE",
  "WITH",
]);
// These run to the end of the batch: SQL Server requires them to be alone in it, and their bodies hold statements.
const WHOLE_BATCH_OBJECTS = new Set(["VIEW", "PROC", "PROCEDURE", "FUNCTION", "TRIGGER", "DEFAULT", "RULE"]);
// `ALTER TABLE t DROP x` drops a column/constraint; `DROP <one of these>` after it is a new statement.
const DROPPABLE_OBJECTS = new Set([
  "TABLE",
  "VIEW",
  "PROC",
  "PROCEDURE",
  "FUNCTION",
  "INDEX",
  "TRIGGER",
  "TYPE",
  "SCHEMA",
  "DATABASE",
  "SYNONYM",
  "SEQUENCE",
  "DEFAULT",
  "RULE",
  "STATISTICS",
  "USER",
  "ROLE",
  "LOGIN",
]);
const SET_OPERATORS = new Set(["UNION", "ALL", "EXCEPT", "INTERSECT"]);
const REFERENTIAL_ACTIONS = new Set(["CASCADE", "NO", "SET"]);
// The first of these after INSERT is its row source; after a leading WITH, the statement the CTE feeds.
const INSERT_SOURCES = new Set(["SELECT", "EXEC", "EXECUTE", "VALUES", "DEFAULT"]);
const CTE_STATEMENTS = new Set(["SELECT", "INSERT", "UPDATE", "DELETE", "MERGE"]);
const PERMISSIONS = new Set([
  "SELECT",
  "INSERT",
  "UPDATE",
  "DELETE",
  "EXEC",
  "EXECUTE",
  "ALTER",
  "CREATE",
  "REFERENCES",
]);

const upper = (t: Token | undefined) => (t?.type === "word" ? t.text.toUpperCase() : "");

/**
 * Splits a batch into statements, with or without `;`. Keyword-driven: a starter word at parenthesis
 * depth 0 begins a new statement unless the current one's syntax owns it (`INSERT … SELECT`,
 * `UPDATE … SET`, `ON DELETE CASCADE`, `GRANT SELECT`, `ALTER TABLE … DROP CONSTRAINT`, a MERGE up to its `;`).
 * CREATE VIEW/PROCEDURE/FUNCTION/TRIGGER takes the rest of the batch, as SQL Server does.
 * A mis-split only ever cuts statements the catalog ignores (bodies of IF/WHILE at top level), because the
 * statements that matter (CREATE TABLE, ALTER TABLE, INSERT, CREATE INDEX) keep their words inside parentheses.
 */
export function splitStatements(tokens: Token[]): StatementRange[] {
  const statements: StatementRange[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (tokens[i]!.type === "punct" && tokens[i]!.text === ";") {
      i++;
      continue;
    }
    const from = i;
    if (isWholeBatchObject(tokens, i)) {
      statements.push({ from, to: tokens.length });
      break;
    }
    const head = upper(tokens[i]);
    const alterTable = head === "ALTER" && upper(tokens[i + 1]) === "TABLE";
    let depth = 0;
    let caseDepth = 0;
    let owned = head === "INSERT" ? INSERT_SOURCES : head === "WITH" ? CTE_STATEMENTS : undefined;
    let ownsSet = head === "UPDATE";
    let merge = head === "MERGE";
    let permissions = head === "GRANT" || head === "DENY" || head === "REVOKE";
    i++;
    for (; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.type === "punct") {
        if (t.text === "(") depth++;
        else if (t.text === ")") depth = Math.max(0, depth - 1);
        else if (t.text === ";" && depth === 0) break;
        continue;
      }
      if (t.type !== "word" || depth > 0) continue;
      const word = t.text.toUpperCase();
      if (word === "CASE") caseDepth++;
      if (word === "END" && caseDepth > 0) {
        caseDepth--;
        continue;
      }
      if (word === "ELSE" && caseDepth > 0) continue;
      if ((word === "TO" || word === "FROM") && permissions) permissions = false;
      if (owned?.has(word)) {
        // After common table expressions, the statement they feed owns its words as it would at the head.
        owned = head === "WITH" && word === "INSERT" ? INSERT_SOURCES : undefined;
        if (head === "WITH" && word === "UPDATE") ownsSet = true;
        if (head === "WITH" && word === "MERGE") merge = true;
        continue;
      }
      if (!STARTERS.has(word)) continue;
      if (merge) continue; // MERGE must end with `;`

      const prev = tokens[i - 1]!;
      const prevWord = upper(prev);
      if (prev.type === "punct" && prev.text === ".") continue;
      if (prevWord === "BULK" || SET_OPERATORS.has(prevWord)) continue;
      // Referential actions: `ON DELETE CASCADE`, `ON UPDATE NO ACTION`, `ON DELETE SET NULL`.
      if (
        (word === "DELETE" || word === "UPDATE") &&
        prevWord === "ON" &&
        REFERENTIAL_ACTIONS.has(upper(tokens[i + 1]))
      )
        continue;
      if (word === "SET" && (prevWord === "DELETE" || prevWord === "UPDATE") && upper(tokens[i - 2]) === "ON") continue;
      if (ownsSet && word === "SET") {
        ownsSet = false;
        continue;
      }
      if (permissions && PERMISSIONS.has(word)) continue;
      if (word === "WITH") continue; // only a starter at the head of a statement (a CTE)
      if (alterTable) {
        if (word === "ALTER" && upper(tokens[i + 1]) === "COLUMN") continue;
        if (word === "DROP" && !DROPPABLE_OBJECTS.has(upper(tokens[i + 1]))) continue;
        if (word === "ENABLE" || word === "DISABLE" || word === "SET") continue;
      }
      break;
    }
    statements.push({ from, to: i });
  }
  return statements;
}

function isWholeBatchObject(tokens: Token[], i: number): boolean {
  const head = upper(tokens[i]);
  if (head !== "CREATE" && head !== "ALTER") return false;
  let k = i + 1;
  if (upper(tokens[k]) === "OR" && upper(tokens[k + 1]) === "ALTER") k += 2;
  return WHOLE_BATCH_OBJECTS.has(upper(tokens[k]));
}

// BEGIN followed by one of these starts no block: `BEGIN TRAN`, `BEGIN DISTRIBUTED TRANSACTION`, `BEGIN DIALOG`.
const NON_BLOCK_BEGINS = new Set(["TRAN", "TRANSACTION", "DISTRIBUTED", "DIALOG", "CONVERSATION"]);

/** One IF around a statement: the IF's statement (its index in the batch) and whether the statement is in its IF
 * branch (it runs when the condition is true) or its ELSE branch (false or NULL: docs if-else-transact-sql.md). */
export type Branch = { statement: number; holds: boolean };

/**
 * What decides whether a statement runs, which only running the batch tells: "loop" in a WHILE body (it runs once
 * per turn: docs while-transact-sql.md), "catch" in a CATCH block (only when its TRY block fails:
 * try-catch-transact-sql.md), else the IF branches around it, outermost first.
 */
export type Guard = "loop" | "catch" | Branch[];

type Opener = { kind: "if"; statement: number; holds: boolean } | { kind: "loop" } | { kind: "catch" };

function guardOf(chain: Opener[]): Guard | undefined {
  if (chain.some((o) => o.kind === "loop")) return "loop";
  if (chain.some((o) => o.kind === "catch")) return "catch";
  const branches = chain.flatMap((o) => (o.kind === "if" ? [{ statement: o.statement, holds: o.holds }] : []));
  return branches.length ? branches : undefined;
}

/**
 * For each statement of a batch, what decides whether it runs (see Guard). A body is the statement after
 * `WHILE <condition>`, `IF <condition>` or `ELSE`, or the BEGIN … END block there (a TRY block with its CATCH
 * block), with everything nested in it; an ELSE belongs to the nearest IF whose body has just ended. Iterative, so
 * a deep nest of IFs costs no stack.
 */
export function guardedBodies(tokens: Token[], statements: StatementRange[]): (Guard | undefined)[] {
  const blocks: { chain: Opener[]; openers: Opener[] }[] = []; // open BEGIN … END blocks: the chain inside each
  let pending: Opener[] = []; // bodies opened by the statements since the last complete one
  let completed: Opener[] = []; // the openers whose body the previous statement completed, for a following ELSE
  let lastTry: Opener[] | undefined; // the openers of the TRY block that just ended, which its CATCH block shares
  const inside = () => blocks[blocks.length - 1]?.chain ?? [];
  return statements.map(({ from }, index) => {
    const head = upper(tokens[from]);
    const next = upper(tokens[from + 1]);
    if (head === "ELSE") {
      let k = completed.length - 1;
      const isThen = (o: Opener | undefined): o is Extract<Opener, { kind: "if" }> => o?.kind === "if" && o.holds;
      while (k >= 0 && !isThen(completed[k])) k--;
      const paired = completed[k];
      const guard = guardOf([...inside(), ...completed.slice(0, Math.max(k, 0))]);
      pending = isThen(paired)
        ? [...completed.slice(0, k), { kind: "if", statement: paired.statement, holds: false }]
        : [];
      completed = [];
      lastTry = undefined;
      return guard;
    }
    const catchBlock = head === "BEGIN" && next === "CATCH" && lastTry !== undefined;
    const openers = catchBlock ? [...lastTry!, { kind: "catch" } as const] : pending;
    const guard = guardOf([...inside(), ...openers]);
    lastTry = undefined;
    if (head === "IF" || head === "WHILE") {
      pending = [...pending, head === "IF" ? { kind: "if", statement: index, holds: true } : { kind: "loop" }];
      completed = [];
      return guard;
    }
    pending = [];
    if (head === "BEGIN" && !NON_BLOCK_BEGINS.has(next)) {
      blocks.push({ chain: [...inside(), ...openers], openers });
      completed = [];
    } else if (head === "END") {
      const block = blocks.pop();
      completed = block?.openers ?? [];
      if (next === "TRY" && block) lastTry = block.openers;
    } else completed = openers;
    return guard;
  });
}
