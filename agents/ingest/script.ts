import type { Diagnostic } from "~/agents/catalog/schema";
import { readAlterTable } from "./alter-table";
import { readBatches, type Batch } from "~/agents/tsql/batches";
import { readCreateIndex } from "./create-index";
import { readCreateTable } from "./create-table";
import { readCondition } from "./conditions";
import type { Draft, IfGuard } from "./drafts";
import { isDateFormat, type DateFormat } from "~/agents/tsql/date-formats";
import { readInsert } from "./insert-data";
import { readCreateSequence } from "./sequence";
import type { Token } from "~/agents/tsql/lexer";
import { MAX_NESTING, ParseError } from "~/agents/tsql/parser";
import { type QualifiedName, TokenReader, formatName } from "./reader";
import { procedureWrites } from "./procedure-writes";
import { readRoutine } from "./routines";
import { guardedBodies, splitStatements, type Guard } from "./statements";
import { BatchVariables } from "./variables";
import {
  namesRead,
  outputInto,
  type ReadChange,
  readChange,
  readMergeChange,
  skipCommonTableExpressions,
} from "./data-changes";
import { readAddType, readCreateType } from "./user-types";

export type ScriptRead = {
  drafts: Draft[];
  diagnostics: Diagnostic[];
  /** From CREATE DATABASE, or else the first USE of a user database. */
  database?: string;
  /** The database's default collation: COLLATE of CREATE DATABASE or ALTER DATABASE, the last one written. */
  collation?: string;
};

// SET LANGUAGE also sets DATEFORMAT; these are the languages' defaults (sys.syslanguages).
const LANGUAGE_DATE_FORMATS: Record<string, DateFormat> = {
  us_english: "mdy",
  english: "mdy",
  british: "dmy",
  deutsch: "dmy",
  german: "dmy",
  français: "dmy",
  french: "dmy",
  italiano: "dmy",
  italian: "dmy",
  español: "dmy",
  spanish: "dmy",
  nederlands: "dmy",
  dutch: "dmy",
  português: "dmy",
  portuguese: "dmy",
  brazilian: "dmy",
  polski: "dmy",
  polish: "dmy",
  dansk: "dmy",
  danish: "dmy",
  norsk: "dmy",
  norwegian: "dmy",
  suomi: "dmy",
  finnish: "dmy",
  русский: "dmy",
  russian: "dmy",
  čeština: "dmy",
  czech: "dmy",
  svenska: "ymd",
  swedish: "ymd",
  magyar: "ymd",
  hungarian: "ymd",
  日本語: "ymd",
  japanese: "ymd",
  한국어: "ymd",
  korean: "ymd",
  简体中文: "ymd",
  "simplified chinese": "ymd",
  繁體中文: "ymd",
  "traditional chinese": "ymd",
};
const SYSTEM_DATABASES = new Set(["master", "model", "msdb", "tempdb"]);
// Statements with no bearing on the catalog: session control, flow, permissions, one-off DDL.
const IGNORED_HEADS = new Set([
  "BACKUP",
  "BEGIN",
  "BREAK",
  "BULK",
  "CHECKPOINT",
  "CLOSE",
  "COMMIT",
  "CONTINUE",
  "DBCC",
  "DEALLOCATE",
  "DECLARE",
  "DENY",
  "DISABLE",
  "DROP",
  "ELSE",
  "ENABLE",
  "END",
  "FETCH",
  "GOTO",
  "GRANT",
  "IF",
  "KILL",
  "OPEN",
  "PRINT",
  "RAISERROR",
  "READTEXT",
  "RECONFIGURE",
  "RESTORE",
  "RETURN",
  "REVERT",
  "REVOKE",
  "ROLLBACK",
  "SAVE",
  "SELECT",
  "SETUSER",
  "SHUTDOWN",
  "THROW",
  "WAITFOR",
  "WHILE",
  "WITH",
  "WRITETEXT",
  "UPDATETEXT",
]);
const DATA_CHANGES = new Set(["UPDATE", "DELETE", "MERGE", "TRUNCATE"]);
// CREATE/ALTER of server, security and storage objects: nothing a dbt project holds.
const SERVER_OBJECTS = new Set([
  "AGGREGATE",
  "APPLICATION",
  "ASSEMBLY",
  "ASYMMETRIC",
  "AUTHORIZATION",
  "AVAILABILITY",
  "BROKER",
  "CERTIFICATE",
  "COLUMN",
  "CONTRACT",
  "CREDENTIAL",
  "CRYPTOGRAPHIC",
  "DATABASE",
  "ENDPOINT",
  "EVENT",
  "EXTERNAL",
  "FULLTEXT",
  "LOGIN",
  "MASTER",
  "MESSAGE",
  "PARTITION",
  "QUEUE",
  "RESOURCE",
  "ROLE",
  "ROUTE",
  "SCHEMA",
  "SEARCH",
  "SECURITY",
  "SEQUENCE",
  "SERVER",
  "SERVICE",
  "STATISTICS",
  "SYMMETRIC",
  "USER",
  "WORKLOAD",
  "XML",
]);

/**
 * Reads one script file into drafts, in statement order. Every statement is read on its own, so one
 * that cannot be read becomes a diagnostic and the rest of the file still migrates.
 * `dateFormat` is the session's DATEFORMAT at the start of the file; SET DATEFORMAT/LANGUAGE change it.
 */
/**
 * SQLCMD's commands (docs: tools/sqlcmd/sqlcmd-utility.md, "sqlcmd commands"): `:r file`, `:setvar`, `:on error`
 * … each on a line of its own, as SSDT's pre- and post-deployment scripts use them. They are not T-SQL, so each
 * becomes blank (lines keep their numbers) with a warning, instead of a lexing error that skipped the statements
 * after it up to the next GO. `:r` is not followed: the file it includes is read when it is part of the input.
 */
const SQLCMD_COMMAND =
  /^[ \t]*:(r|setvar|on[ \t]+error|connect|out|error|perftrace|exit|quit|listvar|reset|serverlist|xml|help|ed)(?=[ \t\r\n(]|$)[^\r\n]*/gim;

function withoutSqlcmdDirectives(text: string, file: string, firstLine: number, out: ScriptRead): string {
  if (!text.includes(":")) return text;
  // Matches come in order: lines are counted from the previous one on.
  let line = firstLine;
  let counted = 0;
  return text.replace(SQLCMD_COMMAND, (command, _name: string, offset: number) => {
    for (let at = text.indexOf("\n", counted); at !== -1 && at < offset; at = text.indexOf("\n", at + 1)) line++;
    counted = offset;
    out.diagnostics.push({
      severity: "warning",
      file,
      line,
      message: `SQLCMD command ${JSON.stringify(command.trim().slice(0, 80))} is not run (a file :r includes is read only when it is part of the input)`,
    });
    return " ".repeat(command.length);
  });
}

export function readScript(
  text: string,
  file: string,
  dateFormat: DateFormat,
  firstLine = 1,
  /** Tells apart IF statements of dynamic SQL (offsets in its string) from the file's: see IfGuard's `id`. */
  scope = "",
): ScriptRead {
  const out: ScriptRead = { drafts: [], diagnostics: [] };
  const session = { dateFormat, usedDatabase: undefined as string | undefined };
  if (!scope) text = withoutSqlcmdDirectives(text, file, firstLine, out);
  // One batch at a time, so a large script's tokens are freed batch by batch rather than held all at once.
  for (const batch of readBatches(text, firstLine)) {
    let statements = splitStatements(batch.tokens);
    const guards = guardedBodies(batch.tokens, statements);
    const variables = new BatchVariables(batch.tokens, statements);
    const conditions = new Map<number, ReturnType<typeof readCondition>>(); // per IF statement, read once
    if (batch.lexError) {
      // The statement holding the bad token (or the first token past the batch limit) is cut short; those before it are whole.
      out.diagnostics.push({
        severity: "error",
        file,
        line: batch.lexError.line,
        message: `${batch.lexError.message}; the statement was skipped up to the next GO`,
      });
      const cut = statements[statements.length - 1];
      if (cut) unreadDataStatement(batch, cut.from, cut.to, text, file, out);
      statements = statements.slice(0, -1);
    }
    for (let s = 0; s < statements.length; s++) {
      const { from, to } = statements[s]!;
      const r = new TokenReader(batch.tokens, from, to, text);
      const head = batch.tokens[from]!;
      try {
        // Worked out only for the data statements that ask.
        let guard: { value: StatementGuard | undefined } | undefined;
        const condition = (k: number) => {
          if (!conditions.has(k)) conditions.set(k, readCondition(batch.tokens, statements[k]!, text));
          return { read: conditions.get(k)!, at: batch.tokens[statements[k]!.from]! };
        };
        const flow = {
          get guard() {
            return (guard ??= { value: statementGuard(guards[s], batch, scope, condition) }).value;
          },
          variables,
          scope,
        };
        readStatement(r, batch, s === 0, file, session, out, flow);
      } catch (error) {
        // A ParseError's detail is its message without the line, which the diagnostic carries.
        const message =
          error instanceof ParseError ? error.detail : error instanceof Error ? error.message : String(error);
        const line = error instanceof ParseError ? error.line : head.line;
        const what = describeStatement(batch, from, to);
        out.diagnostics.push({
          severity: "error",
          file,
          line,
          message:
            error instanceof ParseError
              ? `${what} (line ${head.line}) was skipped: ${message}`
              : // A RangeError is the statement outgrowing a reader (a stack overflow on a deep nest), not a bug elsewhere.
                error instanceof RangeError
                ? `${what} (line ${head.line}) was skipped: it is nested too deeply or too large to read (${message})`
                : `${what} (line ${head.line}) was skipped: internal error: ${message}`,
        });
        unreadDataStatement(batch, from, to, text, file, out);
      }
    }
  }
  out.database ??= session.usedDatabase;
  return out;
}

/**
 * A data statement that could not be read still changes its table on SQL Server: the table keeps a note, and what
 * reads it is flagged instead of being built on rows the table would not hold.
 */
function unreadDataStatement(batch: Batch, from: number, to: number, text: string, file: string, out: ScriptRead) {
  const head = batch.tokens[from];
  const last = batch.tokens[Math.min(to, batch.tokens.length) - 1];
  const word = head?.type === "word" ? head.text.toUpperCase() : "";
  if (!head || !last || (word !== "INSERT" && !DATA_CHANGES.has(word))) return;
  const [table] = procedureWrites(text.slice(head.start, last.end)).targets;
  if (table && !table.temp)
    out.drafts.push({
      kind: "unloaded-insert",
      table,
      reason: `${word} statement that could not be read`,
      location: { file, line: head.line },
    });
}

/**
 * What decides whether a data statement runs: nothing (undefined), IF conditions the sandbox evaluates at their
 * place in the script, or why the loader cannot tell (`notRun`, which ends its reason: "INSERT inside a WHILE loop").
 */
type StatementGuard = { conditions: IfGuard } | { notRun: string };

function statementGuard(
  guard: Guard | undefined,
  batch: Batch,
  scope: string,
  condition: (statement: number) => { read: ReturnType<typeof readCondition>; at: Token },
): StatementGuard | undefined {
  if (guard === undefined) return undefined;
  if (guard === "loop") return { notRun: "inside a WHILE loop" };
  if (guard === "catch") return { notRun: "in a CATCH block (it runs only when its TRY block fails)" };
  if (guard === "deep") return { notRun: `under more than ${MAX_NESTING} nested IF / WHILE bodies` };
  if (batch.repeat > 1) return { notRun: `under IF / ELSE in a batch GO repeats ${batch.repeat} times` };
  const conditions: IfGuard = [];
  for (const { statement, holds } of guard) {
    const { read, at } = condition(statement);
    if ("unsupported" in read)
      return { notRun: `under IF / ELSE (the condition at line ${at.line} is not evaluated: ${read.unsupported})` };
    conditions.push({ id: `${scope}${at.line}:${at.start}`, condition: read.condition, line: read.line, holds });
  }
  return { conditions };
}

function readStatement(
  r: TokenReader,
  batch: Batch,
  firstInBatch: boolean,
  file: string,
  session: { dateFormat: DateFormat; usedDatabase?: string },
  out: ScriptRead,
  flow: { guard: StatementGuard | undefined; variables: BatchVariables; scope: string },
) {
  const head = r.peek()!;
  const location = { file, line: head.line };
  let word = r.word();
  // A statement after common table expressions: an INSERT … SELECT keeps them in its query; an UPDATE, DELETE or
  // MERGE with them is not run, and changes its table or, through a CTE, the tables the statement reads.
  let cte: { text: string; names: string[]; from: number } | undefined;
  if (word === "WITH") {
    const from = r.pos;
    const names = skipCommonTableExpressions(r);
    if (!names) return;
    cte = { text: r.text(head, r.previous()), names, from };
    word = r.word();
    if (word !== "INSERT" && word !== "UPDATE" && word !== "DELETE" && word !== "MERGE") return;
  }

  if (word === "CREATE" || word === "ALTER") {
    const object = objectWord(r);
    if (["VIEW", "PROC", "PROCEDURE", "FUNCTION", "TRIGGER", "DEFAULT", "RULE"].includes(object)) {
      const routine = readRoutine(r, batch.end);
      if ("ignored" in routine) note(out, "info", location, routine.ignored);
      else out.drafts.push({ ...routine, location });
      return;
    }
    if (word === "ALTER") {
      if (object === "DATABASE") {
        out.collation = databaseCollation(r) ?? out.collation;
        return;
      }
      if (object !== "TABLE") {
        if (SERVER_OBJECTS.has(object) || object === "INDEX") return;
        r.pos++;
        throw r.error(`unrecognised ALTER ${r.describe()}`);
      }
      r.pos += 2;
      const { table, actions } = readAlterTable(r);
      requireEnd(r, out, file, `ALTER TABLE ${formatName(table)}`);
      if (!table.temp) out.drafts.push({ kind: "alter-table", table, actions, location });
      return;
    }
    r.pos++;
    if (object === "TABLE") {
      r.pos++;
      const { table, trailing } = readCreateTable(r);
      if (trailing) requireEnd(r, out, file, `CREATE TABLE ${formatName(table.name)}`);
      if (table.name.temp) return;
      if (table.columns.length === 0) throw r.error(`CREATE TABLE ${formatName(table.name)} has no columns`);
      out.drafts.push({ kind: "table", table, location });
    } else if (object === "INDEX") {
      const index = readCreateIndex(r);
      if (index && !index.table.temp)
        out.drafts.push({
          kind: "index",
          table: index.table,
          index: { name: index.name, columns: index.columns, unique: index.unique },
          location,
        });
    } else if (object === "TYPE") {
      const type = readCreateType(r);
      requireEnd(r, out, file, "CREATE TYPE");
      if ("ignored" in type) note(out, "info", location, type.ignored);
      else out.drafts.push({ kind: "type", ...type, location });
    } else if (object === "DATABASE") {
      r.pos++;
      out.database ??= r.identifier("a database name");
      out.collation = databaseCollation(r) ?? out.collation;
    } else if (object === "SYNONYM") {
      r.pos++;
      const name = r.objectName("a synonym name");
      r.expectWord("FOR");
      const target = r.objectName("the synonym's target");
      out.drafts.push({
        kind: "synonym",
        name,
        target: [target.database, target.schema, target.name].filter((p): p is string => p !== undefined),
        location,
      });
    } else if (object === "SEQUENCE") {
      // Kept for the sandbox: column DEFAULTs may draw from it (NEXT VALUE FOR); nothing else in dbt needs it.
      r.pos++;
      const sequence = readCreateSequence(r);
      if (!sequence.name.temp) out.drafts.push({ kind: "sequence", ...sequence, location });
    } else if (!SERVER_OBJECTS.has(object)) {
      throw r.error(`unrecognised CREATE ${r.describe()}`);
    }
    return;
  }
  if (word === "DECLARE") {
    // Only read for the values it gives INSERTs: a DECLARE this reader cannot follow leaves its variables unknown.
    try {
      flow.variables.declare(r);
    } catch {
      /* not an error in the script */
    }
    return;
  }
  if (word === "INSERT" || DATA_CHANGES.has(word)) outputRows(r, out, flow, location, word);
  if (word === "INSERT") {
    let undeclared: string | undefined;
    const insert = readInsert(r, (name) => {
      if (!flow.variables.isDeclared(name)) undeclared ??= name;
      return flow.variables.value(name);
    });
    if (insert.table) tableChanged(flow.variables, out, insert.table);
    if (undeclared !== undefined && insert.table && !insert.table.temp)
      // A compile error (Msg 137): SQL Server stores no rows from it, so the table is complete without them.
      return note(
        out,
        "warning",
        location,
        `INSERT INTO ${formatName(insert.table)}: SQL Server rejects it, as @${undeclared} is not declared in its batch (a variable lasts until GO); no rows were taken from this statement`,
      );
    if (flow.guard && "notRun" in flow.guard && insert.table && !insert.table.temp) {
      // Its rows are stored once per turn of the loop, or only when the condition holds: taking them once, always,
      // would be silently wrong.
      const reason = `INSERT ${flow.guard.notRun}`;
      note(out, "warning", location, `${reason} (${formatName(insert.table)}): no rows were taken from this statement`);
      out.drafts.push({ kind: "unloaded-insert", table: insert.table, reason, location });
      return;
    }
    // Under IF conditions the sandbox evaluates, the rows are its to insert in script order, when they hold.
    const guard = guardOf(flow.guard);
    if (cte && "select" in insert && insert.select !== undefined)
      Object.assign(insert, { select: `${cte.text}\n${insert.select}`, selectLine: head.line });
    if ("unsupported" in insert) {
      if (!insert.table?.temp)
        note(
          out,
          "warning",
          location,
          `${insert.unsupported}${insert.table ? ` (${formatName(insert.table)})` : ""}: no rows were taken from this statement`,
        );
      // The table keeps a note, so whatever reads it is flagged instead of silently built on missing rows.
      if (insert.table && !insert.table.temp) {
        const { unsupported: reason, table, ...query } = insert;
        out.drafts.push({ kind: "unloaded-insert", table, reason, ...query, ...guard, location });
      }
      return;
    }
    requireEnd(r, out, file, `INSERT INTO ${formatName(insert.table)}`);
    if (insert.table.temp) return;
    out.drafts.push({
      kind: "insert",
      ...insert,
      dateFormat: session.dateFormat,
      repeat: batch.repeat,
      ...guard,
      location,
    });
    return;
  }
  if (word === "SET") {
    r.pos++;
    const option = r.word();
    if (option !== "DATEFORMAT" && option !== "LANGUAGE") return;
    r.pos++;
    const value = r.peek();
    if (value?.type === "variable")
      return note(
        out,
        "warning",
        location,
        `SET ${option} from a variable cannot be followed; dates keep the ${session.dateFormat} order`,
      );
    const text = (value?.text ?? "").toLowerCase();
    const format = option === "DATEFORMAT" ? (isDateFormat(text) ? text : undefined) : LANGUAGE_DATE_FORMATS[text];
    if (format) session.dateFormat = format;
    else
      note(
        out,
        "warning",
        location,
        `SET ${option} ${value?.raw ?? ""} is not known; dates keep the ${session.dateFormat} order`,
      );
    return;
  }
  if (word === "USE") {
    r.pos++;
    const name = r.identifier("a database name");
    if (!SYSTEM_DATABASES.has(name.toLowerCase())) session.usedDatabase ??= name;
    return;
  }
  if (
    word === "EXEC" ||
    word === "EXECUTE" ||
    (firstInBatch && head.type === "word" && !IGNORED_HEADS.has(word) && !DATA_CHANGES.has(word))
  ) {
    // A bare procedure name is a call when it opens a batch; it may change any table.
    flow.variables.changed("*");
    if (word === "EXEC" || word === "EXECUTE") r.pos++;
    if (r.peek()?.type === "variable" && r.isPunct("=", 1)) r.pos += 2; // EXEC @rc = proc
    const dynamic = dynamicSql(r);
    if (dynamic) {
      // SSMS scripts with "check for object existence" wrap every view and procedure this way. The
      // string's lines are the file's lines (N'… starts on the string token's line), so locations hold.
      const nested = readScript(dynamic.text, file, session.dateFormat, dynamic.line, `${flow.scope}${dynamic.start}/`);
      // Under IF / WHILE the string's data statements run only as the EXEC does.
      for (const draft of nested.drafts) {
        const kept = flow.guard ? guarded(draft, flow.guard) : draft;
        if (kept !== draft && kept.kind === "unloaded-insert" && !kept.guard)
          note(out, "warning", kept.location, `${kept.reason} (${formatName(kept.table)}): it is not applied`);
        out.drafts.push(kept);
      }
      for (const diagnostic of nested.diagnostics) out.diagnostics.push(diagnostic);
      return;
    }
    if (createsObjects(r))
      note(
        out,
        "warning",
        location,
        "objects created by dynamic SQL built from expressions are not read; script them as plain statements",
      );
    if (!r.isIdentifier()) return; // EXEC ('dynamic sql'), EXEC @proc_name
    const start = r.pos;
    const name = r.objectName("a procedure name");
    if (name.name.toLowerCase() === "sp_addtype") {
      r.pos = start;
      const type = readAddType(r);
      out.drafts.push({ kind: "type", ...type, location });
    } else {
      if (word !== "EXEC" && word !== "EXECUTE")
        // Without EXEC this is either a procedure call or a garbled statement; say which way it was read.
        note(
          out,
          "warning",
          location,
          `statement starting with ${JSON.stringify(head.raw)} was read as a call to procedure ${formatName(name)} and not run`,
        );
      // The tables the procedure writes are known once every file is read (catalog-builder).
      if (!name.temp) out.drafts.push({ kind: "exec", procedure: name, ...guardOf(flow.guard), location });
    }
    return;
  }
  if (word === "BULK" && r.isWord("INSERT", 1)) {
    r.pos += 2;
    const table = r.objectName("a table name");
    tableChanged(flow.variables, out, table);
    const source = r.acceptWord("FROM") ? r.peek() : undefined;
    const from = source?.type === "string" ? ` from '${source.text}'` : "";
    note(
      out,
      "warning",
      location,
      `BULK INSERT ${formatName(table)}${from}: the data file's rows are not in the script`,
    );
    // The table keeps a note, so whatever reads it is flagged instead of silently built on an empty table.
    if (!table.temp)
      out.drafts.push({ kind: "unloaded-insert", table, reason: "BULK INSERT from a data file", location });
    return;
  }
  if (word === "UPDATE" && r.isWord("STATISTICS", 1)) return;
  if (DATA_CHANGES.has(word)) {
    // The changed table keeps a note, so whatever reads it is flagged (its loaded rows are not SQL Server's) unless
    // the sandbox runs the statement set-based (`change`; under IF conditions only when they hold).
    const notRun = flow.guard && "notRun" in flow.guard ? flow.guard.notRun : undefined;
    let change: ReadChange | undefined;
    if (!notRun && word !== "MERGE" && !cte) {
      const start = r.pos;
      try {
        change = readChange(r, (name) => flow.variables.value(name));
      } catch {
        change = undefined;
      }
      r.pos = start;
    }
    let merge: ReturnType<typeof readMergeChange> | undefined;
    if (!notRun && word === "MERGE") {
      const start = r.pos;
      try {
        merge = readMergeChange(r, (name) => flow.variables.value(name));
      } catch (error) {
        merge = { unsupported: error instanceof ParseError ? error.message : String(error) };
      }
      r.pos = start;
    }
    const table = change?.aliased ?? changedTable(r);
    if (cte && table && cte.names.includes(table.name.toLowerCase())) {
      // The CTE's base table is changed, one of those it reads: each keeps a note, none is trusted.
      tableChanged(flow.variables, out, undefined);
      const reason = `${word} through a common table expression${notRun ? ` ${notRun}` : ""}`;
      note(out, "warning", location, `${reason}: it is not applied`);
      const seen = new Set<string>();
      for (const read of namesRead(r, cte.from, r.end))
        if (!read.temp && !cte.names.includes(read.name.toLowerCase()) && !seen.has(tableKey(read))) {
          seen.add(tableKey(read));
          out.drafts.push({ kind: "unloaded-insert", table: read, reason, location, ...guardOf(flow.guard) });
        }
      return;
    }
    if (change || (merge && "merge" in merge))
      note(out, "info", location, `${word} statement: the sandbox runs it after the rows it changes are loaded`);
    else if (merge) note(out, "warning", location, `MERGE statement (${merge.unsupported}): it is not applied`);
    else if (notRun) note(out, "warning", location, `${word} statement ${notRun}: it is not applied`);
    else
      note(
        out,
        "warning",
        location,
        `${word} statements are not applied: table data comes from INSERT statements only`,
      );
    tableChanged(flow.variables, out, table);
    if (table && !table.temp)
      out.drafts.push({
        kind: "unloaded-insert",
        table,
        reason: `${word} statement${cte && !merge ? " with a common table expression" : ""}${notRun ? ` ${notRun}` : ""}${merge && "unsupported" in merge ? ` (${merge.unsupported})` : ""}`,
        location,
        ...(change ? { change: { target: change.target, set: change.set, from: change.from } } : {}),
        ...(merge && "merge" in merge ? { merge: { ...merge.merge, ...(cte ? { ctes: cte.text } : {}) } } : {}),
        ...guardOf(flow.guard),
      });
    return;
  }
  if (word === "SELECT") {
    const into = selectIntoTarget(r);
    if (into)
      note(out, "warning", location, `SELECT … INTO ${into} creates a table from a query; it is not in the catalog`);
    return;
  }
  if (IGNORED_HEADS.has(word)) return;
  throw r.error(`unrecognised statement starting with ${r.describe()}`);
}

/** `OUTPUT … INTO t` of a data statement: t gets its output rows, which the loader does not produce. */
function outputRows(
  r: TokenReader,
  out: ScriptRead,
  flow: { guard: StatementGuard | undefined; variables: BatchVariables },
  location: { file: string; line: number },
  word: string,
) {
  const target = outputInto(r);
  if (!target) return;
  tableChanged(flow.variables, out, target);
  if (target.temp) return;
  const reason = `OUTPUT … INTO of the ${word} statement`;
  note(out, "warning", location, `${reason} (${formatName(target)}): its rows are not loaded`);
  out.drafts.push({ kind: "unloaded-insert", table: target, reason, location, ...guardOf(flow.guard) });
}

const guardOf = (guard: StatementGuard | undefined) =>
  guard && "conditions" in guard ? { guard: guard.conditions } : {};

/** A data statement's draft read from dynamic SQL, whose EXEC runs under `guard`: its conditions come first. */
function guarded(draft: Draft, guard: StatementGuard): Draft {
  if (draft.kind !== "insert" && draft.kind !== "unloaded-insert" && draft.kind !== "exec") return draft;
  if ("conditions" in guard) return { ...draft, guard: [...guard.conditions, ...(draft.guard ?? [])] };
  if (draft.kind === "exec") return draft; // flagged whatever the loop or CATCH block does
  const what = draft.kind === "insert" ? "INSERT" : draft.reason;
  return { kind: "unloaded-insert", table: draft.table, reason: `${what} ${guard.notRun}`, location: draft.location };
}

/** Per script read: the tables it has created and those with a trigger, from the drafts read so far. */
const knownTables = new WeakMap<ScriptRead, { scanned: number; created: Set<string>; triggered: Set<string> }>();
const tableKey = (name: QualifiedName) => `${name.schema}.${name.name}`.toLowerCase();

/**
 * A statement wrote to `table` (undefined when it cannot be told, e.g. an alias): the variables whose DECLARE read
 * it may now hold another value. Any variable is distrusted when the name is not a table the script created (a
 * view or a synonym writes another table, an unresolved alias names none) or a trigger on it was read, as the
 * trigger may change other tables (docs: create-trigger-transact-sql.md).
 */
function tableChanged(variables: BatchVariables, out: ScriptRead, table: QualifiedName | undefined) {
  const known = knownTables.get(out) ?? { scanned: 0, created: new Set<string>(), triggered: new Set<string>() };
  knownTables.set(out, known);
  for (; known.scanned < out.drafts.length; known.scanned++) {
    const draft = out.drafts[known.scanned]!;
    if (draft.kind === "table") known.created.add(tableKey(draft.table.name));
    else if (draft.kind === "trigger") known.triggered.add(tableKey(draft.table));
  }
  const real = table && (table.temp || known.created.has(tableKey(table)));
  variables.changed(real && !known.triggered.has(tableKey(table)) ? table.name : "*");
}

/**
 * The table an UPDATE / DELETE / MERGE / TRUNCATE TABLE changes, as written after its keywords (best effort: an
 * alias such as `UPDATE o … FROM Orders o` names no table, and the statement is then only a warning).
 */
function changedTable(r: TokenReader): QualifiedName | undefined {
  const start = r.pos;
  try {
    r.pos++;
    if (r.acceptWord("TOP")) {
      r.skipParens();
      r.acceptWord("PERCENT");
    }
    r.acceptWord("TABLE");
    r.acceptWord("FROM");
    r.acceptWord("INTO");
    return r.isIdentifier() ? r.objectName("a table name") : undefined;
  } catch {
    return undefined;
  } finally {
    r.pos = start;
  }
}

/** `SELECT … INTO name FROM …` at depth 0: the new table's name, unless it is a #temp table. */
function selectIntoTarget(r: TokenReader): string | undefined {
  let depth = 0;
  for (let k = r.pos; k < r.end; k++) {
    const t = r.tokens[k]!;
    if (t.type === "punct" && t.text === "(") depth++;
    else if (t.type === "punct" && t.text === ")") depth--;
    else if (depth === 0 && t.type === "word" && t.text.toUpperCase() === "FROM") return undefined;
    else if (depth === 0 && t.type === "word" && t.text.toUpperCase() === "INTO") {
      const target = r.tokens[k + 1];
      return target && (target.type === "word" || target.type === "quoted") ? target.text : undefined;
    }
  }
  return undefined;
}

/** The literal of `EXEC ('…')` or `EXEC [dbo.]sp_executesql [@statement =] N'…'`, the reader after EXEC. */
function dynamicSql(r: TokenReader): Token | undefined {
  const t = (k: number) => r.tokens[r.pos + k];
  if (r.isPunct("(") && t(1)?.type === "string" && r.isPunct(")", 2)) return t(1);
  let k = 0;
  while (r.isIdentifier(k) && r.isPunct(".", k + 1)) k += 2;
  if (!r.isIdentifier(k) || t(k)!.text.toLowerCase() !== "sp_executesql") return undefined;
  k++;
  if (t(k)?.type === "variable" && r.isPunct("=", k + 1)) k += 2;
  return t(k)?.type === "string" ? t(k) : undefined;
}

/** `EXEC ('CREATE TABLE ' + @name + …)`: a string that creates objects, in an expression we cannot evaluate. */
function createsObjects(r: TokenReader): boolean {
  for (let k = r.pos; k < r.end && k < r.pos + 4; k++) {
    const t = r.tokens[k]!;
    if (
      t.type === "string" &&
      /\b(CREATE|ALTER)\s+(OR\s+ALTER\s+)?(TABLE|VIEW|PROC|PROCEDURE|FUNCTION|TRIGGER|TYPE)\b/i.test(t.text)
    )
      return true;
  }
  return false;
}

function note(
  out: ScriptRead,
  severity: Diagnostic["severity"],
  location: { file: string; line: number },
  message: string,
) {
  out.diagnostics.push({ severity, file: location.file, line: location.line, message });
}

/** Reports tokens a statement reader left unread: the statement is kept, the rest is named. */
function requireEnd(r: TokenReader, out: ScriptRead, file: string, what: string) {
  if (r.atEnd() || r.isPunct(";")) return;
  out.diagnostics.push({
    severity: "warning",
    file,
    line: r.line(),
    message: `text after ${what} was ignored, from ${r.describe()} (line ${r.line()})`,
  });
}

/**
 * The COLLATE clause of a CREATE DATABASE or ALTER DATABASE statement, read to its end (docs:
 * create-database-transact-sql.md, alter-database-transact-sql.md: "COLLATE collation_name specifies the default
 * collation for the database"), or undefined when it has none.
 */
function databaseCollation(r: TokenReader): string | undefined {
  let collation: string | undefined;
  while (!r.atEnd()) {
    if (r.isWord("COLLATE")) {
      r.pos++;
      collation = r.identifier("a collation name");
    } else r.pos++;
  }
  return collation;
}

/** The object keyword after CREATE/ALTER [OR ALTER], skipping index flavours: TABLE, VIEW, INDEX… */
function objectWord(r: TokenReader): string {
  let k = 1;
  if (r.isWord("OR", 1) && r.isWord("ALTER", 2)) k = 3;
  while (
    ["UNIQUE", "CLUSTERED", "NONCLUSTERED", "COLUMNSTORE", "PRIMARY", "XML", "SPATIAL", "FULLTEXT"].includes(r.word(k))
  )
    k++;
  return r.word(k);
}

/** `CREATE TABLE dbo.Orders`, `INSERT Orders`… for messages about a statement that failed. */
function describeStatement(batch: Batch, from: number, to: number): string {
  let text = "";
  let words = 0;
  for (let k = from; k < to; k++) {
    const t = batch.tokens[k]!;
    const dot = t.type === "punct" && t.text === ".";
    const afterDot = k > from && batch.tokens[k - 1]!.type === "punct" && batch.tokens[k - 1]!.text === ".";
    if (!dot && !afterDot && (words === 4 || t.type === "punct")) break;
    const raw = t.raw.length > 40 ? `${t.raw.slice(0, 40)}…` : t.raw;
    text += dot || afterDot || text === "" ? raw : ` ${raw}`;
    if (!dot && !afterDot) words++;
  }
  return text;
}
