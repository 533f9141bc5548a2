import type { Token } from "~/agents/tsql/lexer";
import { MAX_NESTING } from "~/agents/tsql/parser";

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
 * try-catch-transact-sql.md), "deep" past MAX_NESTING bodies (not followed), else the IF branches around it,
 * outermost first.
 */
export type Guard = "loop" | "catch" | "deep" | Branch[];

type Opener = { kind: "if"; statement: number; holds: boolean } | { kind: "loop" } | { kind: "catch" };
/** The bodies around a statement, innermost first, sharing their outer part with the statements around it. */
type Chain = { opener: Opener; parent: Chain; depth: number } | undefined;

const open = (parent: Chain, opener: Opener): Chain => ({ opener, parent, depth: (parent?.depth ?? 0) + 1 });

function guardOf(chain: Chain): Guard | undefined {
  if (!chain) return undefined;
  if (chain.depth > MAX_NESTING) return "deep";
  const branches: Branch[] = [];
  let caught = false;
  for (let n: Chain = chain; n; n = n.parent) {
    if (n.opener.kind === "loop") return "loop";
    if (n.opener.kind === "catch") caught = true;
    else if (n.opener.kind === "if") branches.push({ statement: n.opener.statement, holds: n.opener.holds });
  }
  return caught ? "catch" : branches.reverse();
}

/**
 * For each statement of a batch, what decides whether it runs (see Guard). A body is the statement after
 * `WHILE <condition>`, `IF <condition>` or `ELSE`, or the BEGIN … END block there (a TRY block with its CATCH
 * block), with everything nested in it; an ELSE belongs to the nearest IF whose body has just ended. Chains of
 * bodies are shared, not copied, so a deep nest costs linear time.
 */
export function guardedBodies(tokens: Token[], statements: StatementRange[]): (Guard | undefined)[] {
  const blocks: { chain: Chain }[] = []; // open BEGIN … END blocks: the bodies each is in
  const inside = () => blocks[blocks.length - 1]?.chain;
  let pending: Chain; // the bodies around the next statement: the block's and those opened since
  let completed: Chain; // the bodies the previous statement ended, for a following ELSE
  let lastTry: Chain; // the bodies around the TRY block that just ended, which its CATCH block shares
  let afterTry = false;
  return statements.map(({ from }, index) => {
    const head = upper(tokens[from]);
    const next = upper(tokens[from + 1]);
    const tried = afterTry;
    afterTry = false;
    if (head === "ELSE") {
      // The nearest IF branch among the bodies the previous statement ended, within the current block.
      let paired: Chain;
      for (let n = completed; n && n !== inside() && !paired; n = n.parent)
        if (n.opener.kind === "if" && n.opener.holds) paired = n;
      const around = paired ? paired.parent : inside();
      pending = paired && paired.opener.kind === "if" ? open(around, { ...paired.opener, holds: false }) : around;
      completed = undefined;
      return guardOf(around);
    }
    const chain = head === "BEGIN" && next === "CATCH" && tried ? open(lastTry, { kind: "catch" }) : pending;
    const guard = guardOf(chain);
    if (head === "IF" || head === "WHILE") {
      pending = open(pending, head === "IF" ? { kind: "if", statement: index, holds: true } : { kind: "loop" });
      completed = undefined;
      return guard;
    }
    if (head === "BEGIN" && !NON_BLOCK_BEGINS.has(next)) {
      blocks.push({ chain });
      pending = chain;
      completed = undefined;
    } else if (head === "END") {
      const block = blocks.pop();
      completed = block?.chain;
      pending = inside();
      if (next === "TRY" && block) {
        lastTry = block.chain;
        afterTry = true;
      }
    } else {
      completed = chain;
      pending = inside();
    }
    return guard;
  });
}
