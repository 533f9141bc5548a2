import { floatKind } from "~/agents/catalog/schema";
import type * as A from "./ast";
import { FRACTIONAL_SECONDS_TYPES, LENGTH_TYPES, TYPE_SYNONYMS, isSystemType, type DeclaredType } from "./data-types";
import { isWord, significant, tokenize, type Token } from "./lexer";

/**
 * Recursive-descent T-SQL parser over the lexer's significant tokens (a script's GO batches: ./batches.ts).
 *
 *   parseBatch(text, firstLine?)  → Statement[]   (one GO batch: CREATE VIEW/PROC/FUNCTION or plain statements)
 *   parseExpression(text)         → Expr
 *   parseQuery(text)              → Query
 *
 * Statements need no `;` (T-SQL style): a statement ends where the next one starts, which is why bare
 * reserved words are never taken as implicit aliases. Errors are `ParseError` with the line.
 */

export class ParseError extends Error {
  constructor(
    readonly detail: string,
    readonly line: number,
  ) {
    super(`${detail} (line ${line})`);
  }
}

/**
 * How deep the parser follows nested constructs (parentheses, CASE, subqueries, function calls, unary operators,
 * BEGIN/IF blocks); deeper input is a ParseError. Every level costs a dozen stack frames here and more in the
 * translator and its consumers, so without a limit a machine-written `((((…))))` ten thousand deep overflows the
 * stack (a RangeError that names no line). SQL Server itself refuses far less (CASE nests 10 deep, subqueries 32),
 * so real code stays well below this.
 */
export const MAX_NESTING = 256;

/**
 * How deep a parsed tree may be. Operator chains parse in a loop but build a left-deep tree (`a OR b OR c` is
 * `(a OR b) OR c`), and the translator walks trees recursively, so a machine-generated WHERE with thousands of ORs
 * would overflow its stack though the parser never nested. Counted in AST nodes (each chained operator is one);
 * the translator has been measured to handle about twice this.
 */
export const MAX_TREE_DEPTH = 1000;

/** Throws a ParseError at the first node deeper than MAX_TREE_DEPTH. Iterative, so the check itself cannot overflow. */
function checkTreeDepth(root: unknown): void {
  const stack: { value: object; depth: number }[] = [{ value: root as object, depth: 0 }];
  while (stack.length) {
    const { value, depth } = stack.pop()!;
    const node = value as Record<string, unknown>;
    const here = !Array.isArray(value) && typeof node.kind === "string" ? depth + 1 : depth;
    if (here > MAX_TREE_DEPTH) {
      throw new ParseError(
        `expression nested deeper than ${MAX_TREE_DEPTH} levels, counting each operator of a chain (a OR b OR …) as a level`,
        typeof node.line === "number" ? node.line : 1,
      );
    }
    for (const child of Object.values(node))
      if (child !== null && typeof child === "object") stack.push({ value: child, depth: here });
  }
}

/** SQL Server reserved keywords (plus a few clause words) that can never be an implicit alias or bare name. */
const RESERVED = new Set(
  `ADD ALL ALTER AND ANY AS ASC AUTHORIZATION BACKUP BEGIN BETWEEN BREAK BROWSE BULK BY CASCADE CASE CHECK CHECKPOINT CLOSE
CLUSTERED COLLATE COLUMN COMMIT COMPUTE CONSTRAINT CONTAINS CONTAINSTABLE CONTINUE CONVERT CREATE CROSS CURRENT CURSOR
DATABASE DBCC DEALLOCATE DECLARE DEFAULT DELETE DENY DESC DISK DISTINCT DISTRIBUTED DROP DUMP ELSE END ERRLVL ESCAPE
EXCEPT EXEC EXECUTE EXISTS EXIT EXTERNAL FETCH FILE FILLFACTOR FOR FOREIGN FREETEXT FREETEXTTABLE FROM FULL FUNCTION GOTO
GRANT GROUP HAVING HOLDLOCK IDENTITY IDENTITY_INSERT IDENTITYCOL IF IN INDEX INNER INSERT INTERSECT INTO IS JOIN KEY KILL
LEFT LIKE LINENO MERGE NATIONAL NOCHECK NONCLUSTERED NOT NULL NULLIF OF OFF OFFSETS ON OPEN OPENDATASOURCE OPENQUERY
OPENROWSET OPENXML OPTION OR ORDER OUTER OVER PERCENT PIVOT PLAN PRIMARY PRINT PROC PROCEDURE PUBLIC RAISERROR READ
READTEXT RECONFIGURE REFERENCES REPLICATION RESTORE RESTRICT RETURN REVERT REVOKE RIGHT ROLLBACK ROWCOUNT ROWGUIDCOL RULE
SAVE SCHEMA SELECT SET SETUSER SHUTDOWN SOME STATISTICS TABLE TABLESAMPLE TEXTSIZE THEN TO TOP TRAN TRANSACTION TRIGGER
TRUNCATE UNION UNIQUE UNPIVOT UPDATE UPDATETEXT USE USER VALUES VARYING VIEW WAITFOR WHEN WHERE WHILE WITH WRITETEXT
GO THROW OUTPUT APPLY OFFSET`.split(/\s+/),
);

/** Words that start a statement: they end the previous one. */
const STATEMENT_START = new Set(
  `SELECT INSERT UPDATE DELETE MERGE DECLARE SET IF ELSE BEGIN END WHILE RETURN BREAK CONTINUE EXEC EXECUTE PRINT RAISERROR
THROW CREATE DROP ALTER TRUNCATE OPEN CLOSE DEALLOCATE FETCH COMMIT ROLLBACK SAVE USE GO WITH GRANT REVOKE DENY WAITFOR GOTO`.split(
    /\s+/,
  ),
);

const COMPARISON = new Set(["=", "<>", "!=", "<", ">", "<=", ">=", "!<", "!>"]);

/**
 * Table hints that may follow a table without WITH, `Orders (NOLOCK)` (docs: table-hints-transact-sql.md): after a
 * name, `(` and one of them is a hint list, not a table-valued function's arguments.
 */
const OLD_STYLE_TABLE_HINTS = [
  "NOLOCK",
  "READUNCOMMITTED",
  "UPDLOCK",
  "HOLDLOCK",
  "ROWLOCK",
  "TABLOCK",
  "TABLOCKX",
  "NOWAIT",
  "READPAST",
  "XLOCK",
  "PAGLOCK",
  "SERIALIZABLE",
  "REPEATABLEREAD",
  "READCOMMITTED",
  "INDEX",
];

/** One precedence level of left-associative binary operators: keywords (upper case) or operator tokens. */
type OperatorLevel = { kind: "word" | "operator"; ops: ReadonlySet<string> };

/**
 * The left-associative binary operators, loosest level first (docs: operator-precedence-transact-sql.md). Between
 * AND and the additive level stand NOT and the predicates (comparisons, BETWEEN, IN, LIKE, IS), which take at most
 * one operator and have rules of their own; below multiplication, the unary operators.
 */
const BINARY_OPERATORS = {
  or: { kind: "word", ops: new Set(["OR"]) },
  and: { kind: "word", ops: new Set(["AND"]) },
  additive: { kind: "operator", ops: new Set(["+", "-", "&", "|", "^", "<<", ">>"]) },
  multiplicative: { kind: "operator", ops: new Set(["*", "/", "%"]) },
} satisfies Record<string, OperatorLevel>;

/** The operator `tok` is at `level`, as the AST spells it (a keyword upper-cased); undefined when it is none. */
function operatorOf(tok: Token, level: OperatorLevel): string | undefined {
  if (tok.type !== level.kind) return undefined;
  const op = level.kind === "word" ? tok.text.toUpperCase() : tok.text;
  return level.ops.has(op) ? op : undefined;
}

export function parseBatch(text: string, firstLine = 1): A.Statement[] {
  const p = new Parser(significant(tokenize(text, firstLine)), text);
  const statements = p.parseStatements();
  checkTreeDepth(statements);
  return statements;
}

export function parseExpression(text: string, firstLine = 1): A.Expr {
  const p = new Parser(significant(tokenize(text, firstLine)), text);
  const e = p.expr();
  p.expectEnd();
  checkTreeDepth(e);
  return e;
}

export function parseQuery(text: string, firstLine = 1): A.Query {
  const p = new Parser(significant(tokenize(text, firstLine)), text);
  const q = p.query();
  p.optionalSemicolons();
  p.expectEnd();
  checkTreeDepth(q);
  return q;
}

/** Parses `nvarchar(40)`, `decimal(14,2)`, `varchar(max)` into a TypeRef. */
export function parseDataType(text: string): A.TypeRef {
  const p = new Parser(significant(tokenize(text)), text);
  const t = p.dataType();
  p.expectEnd();
  return t;
}

/**
 * Reads one data type from the significant tokens tokens[at, end) with the parser's own rule, alias types and
 * typed xml included: how the ingester reads column, parameter and CAST types. Returns the index after it.
 */
export function readDeclaredType(tokens: Token[], at: number, end: number, source: string) {
  return readPart(tokens, at, end, source, (p) => p.declaredType());
}

/**
 * Reads one part of a statement from the significant tokens tokens[at, end) with the parser's own rule, for the
 * ingester, which reads statements itself but their types, column definitions and constraints through here.
 * Returns the part and the index after it.
 */
function readPart<T>(
  tokens: Token[],
  at: number,
  end: number,
  source: string,
  rule: (p: Parser) => T,
): { value: T; next: number } {
  const p = new Parser(tokens, source, at, end);
  const value = rule(p);
  return { value, next: p.position };
}

/** A table definition's `( … )`: its columns (types as declared) and table constraints. */
export function readTableDefinition(tokens: Token[], at: number, end: number, source: string) {
  return readPart(tokens, at, end, source, (p) => p.tableDefinition());
}

/** A routine's parameters (without the parentheses a function's list has): types as declared, defaults with text. */
export function readParameterList(tokens: Token[], at: number, end: number, source: string) {
  return readPart(tokens, at, end, source, (p) => p.parameterList());
}

/** One scalar expression with its source text. */
export function readSourceExpression(tokens: Token[], at: number, end: number, source: string) {
  return readPart(tokens, at, end, source, (p) => p.sourceExpr());
}

/**
 * A MERGE statement (the tokens on MERGE) with the parser's rule, its parts' source texts included (Merge's and
 * its clauses' `text`): how the ingester reads a script's MERGE for the sandbox loader.
 */
export function readMerge(tokens: Token[], at: number, end: number, source: string) {
  return readPart(tokens, at, end, source, (p) => p.mergeStatement());
}

/** One element of ALTER TABLE … ADD: a column, a table constraint (DEFAULT … FOR included), or neither (PERIOD FOR). */
export function readTableElement(tokens: Token[], at: number, end: number, source: string) {
  return readPart(tokens, at, end, source, (p) => p.tableElement());
}

class Parser {
  private depth = 0;
  /** The OVER clauses naming a window, per SELECT being read, resolved by its WINDOW clause. */
  private windowUses: { over: A.Over; name: string }[][] = [];
  /** Parses tokens[i, end): a whole batch, or one part of a statement the ingester reads (readDeclaredType). */
  constructor(
    private readonly t: Token[],
    private readonly source: string,
    private i = 0,
    private readonly end = t.length,
  ) {}

  get position(): number {
    return this.i;
  }

  /** Runs `parse` one nesting level deeper, refusing input nested deeper than MAX_NESTING. */
  private nested<T>(parse: () => T): T {
    if (this.depth >= MAX_NESTING)
      throw new ParseError(`expression nested deeper than ${MAX_NESTING} levels`, this.line);
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  // ── token helpers ──
  private peek(o = 0): Token | undefined {
    const at = this.i + o;
    return at < this.end ? this.t[at] : undefined;
  }
  private get line(): number {
    return this.peek()?.line ?? this.t[this.end - 1]?.line ?? 1;
  }
  private next(): Token {
    const tok = this.peek();
    if (!tok) throw new ParseError("Unexpected end of input", this.line);
    this.i++;
    return tok;
  }
  private atWord(...words: string[]): boolean {
    return words.some((w) => isWord(this.peek(), w));
  }
  private atWordAt(o: number, ...words: string[]): boolean {
    return words.some((w) => isWord(this.peek(o), w));
  }
  private acceptWord(...words: string[]): boolean {
    if (this.atWord(...words)) {
      this.i++;
      return true;
    }
    return false;
  }
  private expectWord(word: string): Token {
    if (!this.atWord(word)) this.fail(`Expected ${word}`);
    return this.next();
  }
  private atToken(type: "punct" | "operator", text: string, o = 0): boolean {
    const tok = this.peek(o);
    return tok?.type === type && tok.text === text;
  }
  private acceptToken(type: "punct" | "operator", text: string): boolean {
    if (!this.atToken(type, text)) return false;
    this.i++;
    return true;
  }
  private atPunct(p: string, o = 0): boolean {
    return this.atToken("punct", p, o);
  }
  private acceptPunct(p: string): boolean {
    return this.acceptToken("punct", p);
  }
  private expectPunct(p: string): void {
    if (!this.acceptPunct(p)) this.fail(`Expected '${p}'`);
  }
  private atOp(op: string, o = 0): boolean {
    return this.atToken("operator", op, o);
  }
  private acceptOp(op: string): boolean {
    return this.acceptToken("operator", op);
  }
  private fail(message: string): never {
    const tok = this.peek();
    throw new ParseError(
      tok ? `${message}, found ${JSON.stringify(tok.raw.slice(0, 40))}` : `${message} at end of input`,
      this.line,
    );
  }
  expectEnd(): void {
    if (this.peek()) this.fail("Unexpected token");
  }
  optionalSemicolons(): void {
    while (this.acceptPunct(";"));
  }

  /** An identifier: a bare non-reserved word or a quoted name. */
  private atIdent(o = 0): boolean {
    const tok = this.peek(o);
    if (!tok) return false;
    if (tok.type === "quoted") return true;
    return tok.type === "word" && !RESERVED.has(tok.text.toUpperCase());
  }
  /** Any word or quoted name (for positions where keywords are allowed, e.g. after a dot). */
  private atName(o = 0): boolean {
    const tok = this.peek(o);
    return !!tok && (tok.type === "quoted" || tok.type === "word");
  }
  private ident(): string {
    if (!this.atIdent()) this.fail("Expected an identifier");
    return this.next().text;
  }
  private name(): string {
    if (!this.atName()) this.fail("Expected a name");
    return this.next().text;
  }
  /** Multi-part object name: a.b.c, allowing empty parts (`db..t`) and #temp. */
  private objectName(): string[] {
    const tok = this.peek();
    if (tok?.type === "temp") {
      this.i++;
      return [tok.text];
    }
    const parts = [this.name()];
    while (this.atPunct(".")) {
      this.i++;
      if (this.atPunct(".")) {
        parts.push("");
        continue;
      }
      parts.push(this.name());
    }
    return parts;
  }

  // ── statements ──
  parseStatements(): A.Statement[] {
    const out: A.Statement[] = [];
    for (;;) {
      this.optionalSemicolons();
      if (!this.peek()) break;
      out.push(this.statement());
    }
    return out;
  }

  private statementsUntil(...words: string[]): A.Statement[] {
    const out: A.Statement[] = [];
    for (;;) {
      this.optionalSemicolons();
      if (!this.peek()) this.fail(`Expected ${words.join(" or ")}`);
      if (this.atWord(...words)) break;
      out.push(this.statement());
    }
    return out;
  }

  statement(): A.Statement {
    return this.nested(() => this.statementAt());
  }

  private statementAt(): A.Statement {
    const tok = this.peek()!;
    const line = tok.line;
    if (this.atPunct("(")) return { kind: "select", query: this.query(), line };
    if (tok.type !== "word") this.fail("Expected a statement");
    const w = tok.text.toUpperCase();
    switch (w) {
      case "SELECT":
      case "WITH":
        return this.withOrSelect(line);
      case "INSERT":
        return this.insert();
      case "UPDATE":
        return this.update();
      case "DELETE":
        return this.delete();
      case "MERGE":
        return this.merge();
      case "DECLARE":
        return this.declare();
      case "SET":
        return this.set();
      case "IF": {
        this.i++;
        const cond = this.expr();
        const then = this.statement();
        this.optionalSemicolons();
        const els = this.acceptWord("ELSE") ? this.statement() : undefined;
        return { kind: "if", cond, then, ...(els ? { else: els } : {}), line };
      }
      case "WHILE": {
        this.i++;
        const cond = this.expr();
        return { kind: "while", cond, body: this.statement(), line };
      }
      case "BEGIN":
        return this.begin();
      case "RETURN": {
        this.i++;
        if (this.atPunct("(") && this.looksLikeQueryAfterParen()) {
          this.expectPunct("(");
          const query = this.query();
          this.expectPunct(")");
          return { kind: "return", query, line };
        }
        if (this.atWord("SELECT", "WITH")) return { kind: "return", query: this.query(), line };
        if (this.peek() && !this.atStatementStart() && !this.atPunct(";"))
          return { kind: "return", expr: this.expr(), line };
        return { kind: "return", line };
      }
      case "BREAK":
      case "CONTINUE":
        this.i++;
        return { kind: w === "BREAK" ? "break" : "continue", line };
      case "EXEC":
      case "EXECUTE":
        return this.exec();
      case "PRINT":
      case "RAISERROR":
      case "THROW": {
        this.i++;
        const args: A.Expr[] = [];
        const paren = w === "RAISERROR" && this.acceptPunct("(");
        if (w !== "THROW" || (this.peek() && !this.atPunct(";") && !this.atStatementStart())) {
          args.push(this.expr());
          while (this.acceptPunct(",")) args.push(this.expr());
        }
        if (paren) this.expectPunct(")");
        if (w === "RAISERROR" && this.acceptWord("WITH")) {
          do this.name();
          while (this.acceptPunct(","));
        }
        return { kind: w === "PRINT" ? "print" : w === "THROW" ? "throw" : "raiserror", args, line };
      }
      case "CREATE":
      case "ALTER":
        return this.create();
      case "DROP":
        return this.drop();
      case "TRUNCATE": {
        this.i++;
        this.expectWord("TABLE");
        return { kind: "truncate", name: this.objectName(), line };
      }
      case "OPEN":
      case "CLOSE":
      case "DEALLOCATE": {
        this.i++;
        this.acceptWord("GLOBAL");
        return { kind: "cursor", op: w, name: this.cursorName(), into: [], line };
      }
      case "FETCH": {
        this.i++;
        let direction = "NEXT";
        if (this.atWord("NEXT", "PRIOR", "FIRST", "LAST")) direction = this.next().text.toUpperCase();
        else if (this.atWord("ABSOLUTE", "RELATIVE")) {
          direction = this.next().text.toUpperCase();
          this.expr();
        }
        this.acceptWord("FROM");
        const name = this.cursorName();
        const into: string[] = [];
        if (this.acceptWord("INTO")) {
          do into.push(this.variableName());
          while (this.acceptPunct(","));
        }
        return { kind: "cursor", op: "FETCH", name, into, direction, line };
      }
      case "COMMIT":
      case "ROLLBACK":
      case "SAVE": {
        this.i++;
        this.acceptWord("TRAN", "TRANSACTION", "WORK");
        if (this.atIdent() || this.peek()?.type === "variable") this.i++;
        return { kind: "transaction", action: w, line };
      }
      case "USE":
        this.i++;
        return { kind: "use", database: this.name(), line };
      case "GO":
        this.i++;
        if (this.peek()?.type === "number") this.i++;
        return { kind: "other", keyword: "GO", text: "GO", line };
      case "GRANT":
      case "REVOKE":
      case "DENY":
      case "WAITFOR":
      case "GOTO":
      case "DBCC":
      case "CHECKPOINT":
      case "KILL":
      case "RECONFIGURE":
      case "SETUSER":
      case "REVERT":
      case "BULK":
      case "BACKUP":
      case "RESTORE":
        return this.skipStatement(w);
      default:
        this.fail("Unsupported statement");
    }
  }

  private cursorName(): string {
    const tok = this.peek();
    if (tok?.type === "variable") {
      this.i++;
      return tok.text;
    }
    return this.name();
  }
  private variableName(): string {
    const tok = this.peek();
    if (tok?.type !== "variable") this.fail("Expected a @variable");
    this.i++;
    return tok.text;
  }

  private atStatementStart(): boolean {
    const tok = this.peek();
    return !!tok && tok.type === "word" && STATEMENT_START.has(tok.text.toUpperCase());
  }

  /** Skip to `;`, or to the next statement keyword at parenthesis depth 0. */
  private skipStatement(keyword: string): A.Other {
    const first = this.next();
    let depth = 0;
    let last = first;
    while (this.peek()) {
      if (depth === 0 && (this.atPunct(";") || (this.atStatementStart() && !this.continuesStatement()))) break;
      const tok = this.next();
      if (tok.type === "punct" && tok.text === "(") depth++;
      if (tok.type === "punct" && tok.text === ")") depth--;
      last = tok;
    }
    return { kind: "other", keyword, text: this.source.slice(first.start, last.end), line: first.line };
  }

  /**
   * A statement keyword that cannot start a statement where it stands, so belongs to the one skipped (docs:
   * alter-table-transact-sql.md): `SET (SYSTEM_VERSIONING = OFF)`, `DROP COLUMN | CONSTRAINT | PERIOD …`,
   * `ALTER COLUMN …`.
   */
  private continuesStatement(): boolean {
    return (
      (this.atWord("SET") && this.atPunct("(", 1)) ||
      (this.atWord("DROP") && this.atWordAt(1, "COLUMN", "CONSTRAINT", "PERIOD")) ||
      (this.atWord("ALTER") && this.atWordAt(1, "COLUMN"))
    );
  }

  private begin(): A.Statement {
    const line = this.line;
    this.expectWord("BEGIN");
    if (this.acceptWord("TRAN", "TRANSACTION")) {
      if (this.atIdent() || this.peek()?.type === "variable") this.i++;
      return { kind: "transaction", action: "BEGIN", line };
    }
    if (this.acceptWord("DISTRIBUTED")) {
      this.acceptWord("TRAN", "TRANSACTION");
      return { kind: "transaction", action: "BEGIN", line };
    }
    if (this.acceptWord("ATOMIC")) return this.atomicBlock(line);
    if (this.acceptWord("TRY")) {
      const body = this.statementsUntil("END");
      this.expectWord("END");
      this.expectWord("TRY");
      this.optionalSemicolons();
      this.expectWord("BEGIN");
      this.expectWord("CATCH");
      const catchBody = this.statementsUntil("END");
      this.expectWord("END");
      this.expectWord("CATCH");
      return { kind: "try", body, catchBody, line };
    }
    const body = this.statementsUntil("END");
    this.expectWord("END");
    return { kind: "block", body, line };
  }

  /**
   * `BEGIN ATOMIC WITH (TRANSACTION ISOLATION LEVEL = …, LANGUAGE = …[, DATEFIRST = n][, DATEFORMAT = …]
   * [, DELAYED_DURABILITY = ON | OFF]) … END`, the body of a natively compiled procedure (docs: in-memory-oltp/
   * atomic-blocks-in-native-procedures.md): one transaction whose session settings are the block's own, whatever the
   * caller's. A block whose statements start with SET LANGUAGE, DATEFIRST and DATEFORMAT of those values (in that
   * order: a language sets the other two, which the block may override); the isolation level and durability change
   * no rows a single session reads.
   */
  private atomicBlock(line: number): A.Block {
    const settings: A.SetOption[] = [];
    if (this.acceptWord("WITH")) {
      this.expectPunct("(");
      do {
        const at = this.line;
        const option = this.name().toUpperCase();
        if (option === "TRANSACTION") {
          this.expectWord("ISOLATION");
          this.expectWord("LEVEL");
        }
        if (!this.acceptOp("=")) this.fail(`Expected = after ${option}`);
        const value = this.next();
        if (option === "TRANSACTION") {
          while (this.atName() && !this.atPunct(",")) this.next(); // REPEATABLE READ
        } else if (option === "LANGUAGE" || option === "DATEFIRST" || option === "DATEFORMAT") {
          const word = value.type === "variable" ? `@${value.text}` : value.text;
          settings.push({ kind: "setoption", option, words: [word], line: at });
        } else if (option !== "DELAYED_DURABILITY") this.fail(`Unknown ATOMIC block option ${option}`);
      } while (this.acceptPunct(","));
      this.expectPunct(")");
    }
    const order = ["LANGUAGE", "DATEFIRST", "DATEFORMAT"];
    settings.sort((a, b) => order.indexOf(a.option) - order.indexOf(b.option));
    const body = this.statementsUntil("END");
    this.expectWord("END");
    return { kind: "block", body: [...settings, ...body], line };
  }

  /**
   * A SELECT, or `WITH c AS (…)` before INSERT, UPDATE, DELETE or MERGE (docs: with-common-table-expression-
   * transact-sql.md, "a single SELECT, INSERT, UPDATE, DELETE or MERGE statement that references some or all the CTE
   * columns"). An INSERT's query takes the CTEs as its own (the same rows); the others keep them as `ctes`.
   */
  private withOrSelect(line: number): A.Statement {
    if (this.atWord("WITH") && !this.atWordAt(1, "XMLNAMESPACES")) {
      const start = this.i;
      this.i++;
      const ctes = this.cteList();
      if (this.atWord("INSERT")) {
        const insert = this.insert();
        if (insert.source.kind === "query")
          return {
            ...insert,
            source: { kind: "query", query: { ...insert.source.query, ctes: [...ctes, ...insert.source.query.ctes] } },
          };
        return { ...insert, ctes };
      }
      if (this.atWord("UPDATE")) return { ...this.update(), ctes };
      if (this.atWord("DELETE")) return { ...this.delete(), ctes };
      if (this.atWord("MERGE")) return { ...this.merge(), ctes };
      this.i = start;
    }
    return { kind: "select", query: this.query(), line };
  }

  private declare(): A.Declare {
    const line = this.line;
    this.expectWord("DECLARE");
    const vars: A.Declare["vars"] = [];
    do {
      const vline = this.line;
      const tok = this.peek();
      if (tok?.type !== "variable") {
        // DECLARE c CURSOR FOR …
        const name = this.name();
        while (!this.atWord("CURSOR")) this.next();
        this.expectWord("CURSOR");
        while (!this.atWord("FOR")) this.next();
        this.expectWord("FOR");
        const query = this.query();
        if (this.acceptWord("FOR")) {
          this.expectWord("UPDATE");
          if (this.acceptWord("OF"))
            do this.name();
            while (this.acceptPunct(","));
        }
        vars.push({ kind: "cursor", name, query, line: vline });
        continue;
      }
      this.i++;
      this.acceptWord("AS");
      if (this.acceptWord("TABLE")) {
        vars.push({ kind: "table", name: tok.text, columns: this.tableElements(), line: vline });
      } else if (this.acceptWord("CURSOR")) {
        while (!this.atWord("FOR")) this.next();
        this.expectWord("FOR");
        vars.push({ kind: "cursor", name: tok.text, query: this.query(), line: vline });
      } else {
        const type = this.dataType();
        const init = this.acceptOp("=") ? this.expr() : undefined;
        vars.push({ kind: "scalar", name: tok.text, type, ...(init ? { init } : {}), line: vline });
      }
    } while (this.acceptPunct(","));
    return { kind: "declare", vars, line };
  }

  private set(): A.Statement {
    const line = this.line;
    this.expectWord("SET");
    const tok = this.peek();
    if (tok?.type === "variable") {
      this.i++;
      const op = this.next();
      if (op.type !== "operator" || !/^[-+*/%&|^]?=$/.test(op.text)) this.fail("Expected = after the variable");
      // SET @cursor = CURSOR FOR …
      if (this.atWord("CURSOR")) {
        while (!this.atWord("FOR")) this.next();
        this.expectWord("FOR");
        const q = this.query();
        return { kind: "setvar", name: tok.text, op: op.text, expr: { kind: "subquery", query: q, line }, line };
      }
      return { kind: "setvar", name: tok.text, op: op.text, expr: this.expr(), line };
    }
    const words: string[] = [];
    const option = this.name().toUpperCase();
    if (option === "ROWCOUNT" || option === "TEXTSIZE" || option === "LOCK_TIMEOUT" || option === "DEADLOCK_PRIORITY") {
      return { kind: "setoption", option, value: this.expr(), words, line };
    }
    if (option === "TRANSACTION") {
      while (this.peek() && !this.atPunct(";") && !this.atStatementStart()) words.push(this.next().text.toUpperCase());
      return { kind: "setoption", option, words, line };
    }
    // SET NOCOUNT ON; SET ANSI_NULLS, QUOTED_IDENTIFIER ON; SET DATEFORMAT mdy; SET IDENTITY_INSERT t ON;
    // SET LANGUAGE 'English' (a setting's value may be a string, or a variable, kept as @name so it reads as one)
    while (this.acceptPunct(",")) words.push(this.name().toUpperCase());
    while (
      this.peek() &&
      !this.atPunct(";") &&
      !this.atStatementStart() &&
      (this.atName() || ["number", "string", "variable"].includes(this.peek()!.type))
    ) {
      const word = this.next();
      words.push(word.type === "variable" ? `@${word.text}` : word.text);
      if (this.atPunct(".")) {
        this.i++;
      }
    }
    return { kind: "setoption", option, words, line };
  }

  private exec(): A.Exec {
    const line = this.line;
    this.next(); // EXEC
    if (this.atPunct("(")) {
      this.i++;
      const dynamic = this.expr();
      this.expectPunct(")");
      if (this.acceptWord("AS")) {
        this.name();
        this.acceptOp("=");
        this.expr();
      }
      if (this.acceptWord("AT")) this.name();
      return { kind: "exec", dynamic, args: [], line };
    }
    let returnVar: string | undefined;
    if (this.peek()?.type === "variable" && this.atOp("=", 1)) {
      returnVar = this.next().text;
      this.i++;
    }
    let proc: string[];
    if (this.peek()?.type === "variable") proc = ["@" + this.next().text];
    else proc = this.objectName();
    const args: A.ExecArg[] = [];
    if (this.peek() && !this.atPunct(";") && !this.atStatementStart() && !this.atPunct(")")) {
      do {
        let name: string | undefined;
        if (this.peek()?.type === "variable" && this.atOp("=", 1)) {
          name = this.next().text;
          this.i++;
        }
        let value: A.Expr;
        if (this.atWord("DEFAULT")) {
          this.i++;
          value = { kind: "literal", type: "null", value: "DEFAULT", line: this.line };
        } else value = this.expr();
        const output = this.acceptWord("OUTPUT", "OUT");
        args.push({ ...(name ? { name } : {}), value, output });
      } while (this.acceptPunct(","));
    }
    if (this.acceptWord("WITH")) {
      while (this.peek() && !this.atPunct(";") && !this.atStatementStart()) this.next();
    }
    return { kind: "exec", proc, args, ...(returnVar ? { returnVar } : {}), line };
  }

  private dmlTarget(): A.TableRef | A.VariableTable {
    const line = this.line;
    const tok = this.peek();
    if (tok?.type === "variable") {
      this.i++;
      return { kind: "variable", name: tok.text, line };
    }
    const name = this.objectName();
    const hints = this.tableHints();
    return { kind: "table", name, hints, line };
  }

  private top(): A.Top | undefined {
    if (!this.acceptWord("TOP")) return undefined;
    let expr: A.Expr;
    if (this.acceptPunct("(")) {
      expr = this.expr();
      this.expectPunct(")");
    } else expr = this.primary();
    const percent = this.acceptWord("PERCENT");
    let withTies = false;
    if (this.atWord("WITH") && this.atWordAt(1, "TIES")) {
      this.i += 2;
      withTies = true;
    }
    return { expr, percent, withTies };
  }

  private skipOutputClause(): boolean {
    return this.outputClause() !== undefined;
  }

  /** `OUTPUT item [AS alias], … [INTO target [(columns)]]` (docs: output-clause-transact-sql.md). */
  private outputClause(): A.OutputClause | undefined {
    if (!this.atWord("OUTPUT")) return undefined;
    this.i++;
    const items: A.OutputClause["items"] = [];
    do {
      const line = this.line;
      // `inserted.*` / `deleted.*` name every column of the row.
      if (
        (this.atIdent() || this.atWordAt(0, "INSERTED", "DELETED")) &&
        this.atPunct(".", 1) &&
        this.peek(2)?.type === "operator" &&
        this.peek(2)?.text === "*"
      ) {
        items.push({ expr: { kind: "star", qualifier: [this.next().text], line }, line });
        this.i += 2;
        continue;
      }
      const expr = this.expr();
      let alias: string | undefined;
      if (this.acceptWord("AS")) alias = this.name();
      else if (this.atIdent()) alias = this.name();
      items.push({ expr, ...(alias !== undefined ? { alias } : {}), line });
    } while (this.acceptPunct(","));
    if (this.acceptWord("INTO")) {
      const target = this.dmlTarget();
      const columns = this.atPunct("(") ? this.columnList() : undefined;
      return { items, into: { target, ...(columns ? { columns } : {}) } };
    }
    return { items };
  }

  private insert(): A.Insert {
    const line = this.line;
    this.expectWord("INSERT");
    this.top();
    this.acceptWord("INTO");
    const target = this.dmlTarget();
    let columns: string[] | undefined;
    if (this.atPunct("(") && !this.atWordAt(1, "SELECT", "WITH")) columns = this.columnList();
    const output = this.skipOutputClause();
    let source: A.InsertSource;
    if (this.acceptWord("VALUES")) {
      const rows: A.Expr[][] = [];
      do rows.push(this.argumentList());
      while (this.acceptPunct(","));
      source = { kind: "values", rows };
    } else if (this.atWord("EXEC", "EXECUTE")) source = { kind: "exec", exec: this.exec() };
    else if (this.atWord("DEFAULT")) {
      this.i++;
      this.expectWord("VALUES");
      source = { kind: "default" };
    } else source = { kind: "query", query: this.query() };
    return { kind: "insert", target, ...(columns ? { columns } : {}), source, output, line };
  }

  private update(): A.Update {
    const line = this.line;
    this.expectWord("UPDATE");
    const top = this.top();
    const target = this.dmlTarget();
    this.expectWord("SET");
    const set = this.setList();
    const output = this.skipOutputClause();
    const from = this.acceptWord("FROM") ? this.fromList() : [];
    const where = this.acceptWord("WHERE") ? this.expr() : undefined;
    this.optionClause();
    return { kind: "update", target, ...(top ? { top } : {}), set, from, ...(where ? { where } : {}), output, line };
  }

  /** UPDATE's (and MERGE's) `SET col = expr, @v = expr, @v = col = expr, col += expr, …`. */
  private setList(): A.Update["set"] {
    const set: A.Update["set"] = [];
    do {
      const sline = this.line;
      const tok = this.peek();
      if (tok?.type === "variable") {
        this.i++;
        const op = this.next().text;
        // SET @v = col = expr
        if (this.atName() && this.atOp("=", 1)) {
          const col = [this.name()];
          this.i++;
          set.push({ variable: tok.text, column: col, op, expr: this.expr(), line: sline });
        } else set.push({ variable: tok.text, op, expr: this.expr(), line: sline });
      } else {
        const column = this.objectName();
        const opTok = this.next();
        if (opTok.type !== "operator") this.fail("Expected = in SET");
        set.push({ column, op: opTok.text, expr: this.expr(), line: sline });
      }
    } while (this.acceptPunct(","));
    return set;
  }

  private delete(): A.Delete {
    const line = this.line;
    this.expectWord("DELETE");
    const top = this.top();
    this.acceptWord("FROM");
    const target = this.dmlTarget();
    const output = this.skipOutputClause();
    const from = this.acceptWord("FROM") ? this.fromList() : [];
    const where = this.acceptWord("WHERE") ? this.expr() : undefined;
    this.optionClause();
    return { kind: "delete", target, ...(top ? { top } : {}), from, ...(where ? { where } : {}), output, line };
  }

  mergeStatement(): A.Merge {
    return this.merge();
  }

  private merge(): A.Merge {
    const line = this.line;
    this.expectWord("MERGE");
    const top = this.top();
    this.acceptWord("INTO");
    const target = this.mergeTarget();
    this.expectWord("USING");
    const source = this.withText(() => this.joinedTable());
    this.expectWord("ON");
    const on = this.sourceExpr();
    const clauses: A.MergeClause[] = [];
    while (this.atWord("WHEN")) {
      const cline = this.line;
      this.i++;
      let when: A.MergeClause["when"] = "matched";
      if (this.acceptWord("NOT")) {
        this.expectWord("MATCHED");
        when = "not matched by target";
        if (this.acceptWord("BY")) {
          const by = this.name().toUpperCase();
          if (by === "SOURCE") when = "not matched by source";
          else if (by !== "TARGET") this.fail("Expected BY TARGET or BY SOURCE");
        }
      } else this.expectWord("MATCHED");
      const cond = this.acceptWord("AND") ? this.sourceExpr() : undefined;
      this.expectWord("THEN");
      let action: A.MergeClause["action"];
      let texts: string[] | undefined;
      if (this.acceptWord("DELETE")) action = { kind: "delete" };
      else if (this.acceptWord("UPDATE")) {
        this.expectWord("SET");
        const set = this.withText(() => this.setList());
        action = { kind: "update", set: set.value };
        // Each assignment's value: what follows its operator (`col = value`).
        texts = this.commaTexts(set.from, set.to).map((part) => {
          const op = part.findIndex((t) => t.type === "operator");
          return this.tokensText(part.slice(op + 1));
        });
      } else {
        this.expectWord("INSERT");
        const columns = this.atPunct("(") ? this.columnList() : undefined;
        if (this.acceptWord("DEFAULT")) {
          this.expectWord("VALUES");
          action = { kind: "insert", ...(columns ? { columns } : {}) };
        } else {
          this.expectWord("VALUES");
          const values = this.withText(() => this.argumentList());
          action = { kind: "insert", ...(columns ? { columns } : {}), values: values.value };
          texts = this.commaTexts(values.from + 1, values.to - 1).map((part) => this.tokensText(part));
        }
      }
      clauses.push({
        when,
        ...(cond ? { cond: cond.expr } : {}),
        action,
        line: cline,
        text: { ...(cond ? { cond: cond.text } : {}), ...(texts ? { values: texts } : {}) },
      });
    }
    const outputClause = this.outputClause();
    this.optionClause();
    return {
      kind: "merge",
      target,
      ...(top ? { top } : {}),
      source: source.value,
      on: on.expr,
      clauses,
      text: { source: source.text, on: on.text },
      output: !!outputClause,
      ...(outputClause ? { outputClause } : {}),
      line,
    };
  }

  /** What a rule reads, with its source text and its tokens [from, to). */
  private withText<T>(rule: () => T): { value: T; text: string; from: number; to: number } {
    const from = this.i;
    const value = rule();
    return { value, text: this.tokensText(this.t.slice(from, this.i)), from, to: this.i };
  }

  private tokensText(tokens: Token[]): string {
    return tokens.length ? this.source.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end) : "";
  }

  /** tokens[from, to) cut at the commas outside parentheses (a list the parser has read: each part is whole). */
  private commaTexts(from: number, to: number): Token[][] {
    const parts: Token[][] = [[]];
    let depth = 0;
    for (let k = from; k < to; k++) {
      const t = this.t[k]!;
      if (t.type === "punct" && t.text === "(") depth++;
      else if (t.type === "punct" && t.text === ")") depth--;
      if (depth === 0 && t.type === "punct" && t.text === ",") parts.push([]);
      else parts[parts.length - 1]!.push(t);
    }
    return parts;
  }

  /** MERGE's target: a table or table variable, its hints, then an optional alias (before USING). */
  private mergeTarget(): A.TableRef | A.VariableTable {
    const t = this.dmlTarget();
    if (t.kind === "table" && !t.hints.length) t.hints = this.tableHints();
    let alias: string | undefined;
    if (this.acceptWord("AS")) alias = this.name();
    else if (this.atIdent() && !this.atWord("USING")) alias = this.ident();
    return alias ? { ...t, alias } : t;
  }

  private drop(): A.Drop {
    const line = this.line;
    this.expectWord("DROP");
    const objectType = this.name().toUpperCase();
    let ifExists = false;
    if (this.atWord("IF") && this.atWordAt(1, "EXISTS")) {
      this.i += 2;
      ifExists = true;
    }
    const names: string[][] = [];
    do names.push(this.objectName());
    while (this.acceptPunct(","));
    if (objectType === "INDEX" && this.acceptWord("ON")) this.objectName();
    return { kind: "drop", objectType, names, ifExists, line };
  }

  private create(): A.Statement {
    const line = this.line;
    const first = this.next().text.toUpperCase(); // CREATE | ALTER
    let orAlter = first === "ALTER";
    if (this.atWord("OR") && this.atWordAt(1, "ALTER")) {
      this.i += 2;
      orAlter = true;
    }
    const what = this.peek()?.text.toUpperCase();
    if (first === "CREATE" && what === "TABLE") {
      this.i++;
      const name = this.objectName();
      const { columns, constraints } = this.tableDefinition();
      while (this.peek() && !this.atPunct(";") && !this.atStatementStart()) this.next(); // ON [PRIMARY], TEXTIMAGE_ON …
      return { kind: "createtable", name, columns: columns.map(translatorColumn), constraints, line };
    }
    if (what === "VIEW") {
      this.i++;
      const name = this.objectName();
      const columns = this.atPunct("(") ? this.columnList() : undefined;
      this.routineOptions();
      this.expectWord("AS");
      const query = this.query();
      if (this.atWord("WITH") && this.atWordAt(1, "CHECK")) this.i += 3;
      this.optionalSemicolons();
      this.expectEnd();
      return { kind: "createview", name, ...(columns ? { columns } : {}), query, orAlter, line };
    }
    if (what === "PROC" || what === "PROCEDURE") {
      this.i++;
      const name = this.objectName();
      if (this.peek()?.type === "punct" && this.peek()?.text === ";" && this.peek(1)?.type === "number") this.i += 2;
      const params = this.params(true);
      this.routineOptions();
      if (this.acceptWord("FOR")) this.expectWord("REPLICATION");
      this.expectWord("AS");
      const body = this.parseStatements();
      return { kind: "createprocedure", name, params, body, orAlter, line };
    }
    if (what === "FUNCTION") {
      this.i++;
      const name = this.objectName();
      const params = this.params(false);
      this.expectWord("RETURNS");
      let returns: A.FunctionReturns;
      const vtok = this.peek();
      if (vtok?.type === "variable") {
        this.i++;
        this.expectWord("TABLE");
        returns = { kind: "tablevar", name: vtok.text, columns: this.tableElements() };
      } else if (this.acceptWord("TABLE")) returns = { kind: "table" };
      else returns = { kind: "scalar", type: this.dataType() };
      this.routineOptions();
      this.acceptWord("AS");
      if (returns.kind === "table") {
        this.expectWord("RETURN");
        let query: A.Query;
        if (this.atPunct("(") && this.looksLikeQueryAfterParen()) {
          this.i++;
          query = this.query();
          this.expectPunct(")");
        } else query = this.query();
        this.optionalSemicolons();
        this.expectEnd();
        return { kind: "createfunction", name, params, returns, body: [], query, orAlter, line };
      }
      const body = this.parseStatements();
      return { kind: "createfunction", name, params, returns, body, orAlter, line };
    }
    if (what === "TRIGGER") {
      this.i++;
      const name = this.objectName();
      this.expectWord("ON");
      const table = this.objectName();
      while (this.peek() && !this.atWord("AS")) this.next();
      this.expectWord("AS");
      return { kind: "createtrigger", name, table, body: this.parseStatements(), line };
    }
    // CREATE INDEX / SCHEMA / TYPE / DATABASE / ALTER TABLE … : skipped whole.
    this.i--;
    return this.skipStatement(`${first} ${what ?? ""}`.trim());
  }

  /** A procedure's or function's parameters for the translator: each type as it reads types (dataType). */
  private params(parenthesizedAllowed: boolean): A.Param[] {
    const paren = this.acceptPunct("(");
    if (!paren && !parenthesizedAllowed) this.fail("Expected '(' before the parameters");
    const params = this.parameterList().map(({ type, default: value, ...p }) => ({
      ...p,
      type: typeRef(type, p.line),
      ...(value ? { default: value.expr } : {}),
    }));
    if (paren) this.expectPunct(")");
    return params;
  }

  /**
   * `@p [AS] type [VARYING] [NULL | NOT NULL] [= default] [OUT | OUTPUT] [READONLY]`, comma-separated; none is fine
   * (docs: create-procedure-transact-sql.md, create-function-transact-sql.md).
   */
  parameterList(): A.ParameterDef[] {
    const params: A.ParameterDef[] = [];
    while (this.peek()?.type === "variable") {
      const line = this.line;
      const name = this.next().text;
      this.acceptWord("AS");
      const type = this.declaredType();
      this.acceptWord("VARYING");
      if (this.atWord("NOT") && this.atWordAt(1, "NULL")) this.i += 2;
      else this.acceptWord("NULL");
      const value = this.acceptOp("=") ? this.sourceExpr() : undefined;
      let output = false;
      let readonly = false;
      for (;;) {
        if (this.acceptWord("OUTPUT", "OUT")) output = true;
        else if (this.acceptWord("READONLY")) readonly = true;
        else break;
      }
      params.push({ name, type, ...(value ? { default: value } : {}), output, readonly, line });
      if (!this.acceptPunct(",")) break;
    }
    return params;
  }

  /** A table definition for the translator: its columns, each type as the translator reads types (dataType). */
  private tableElements(): A.ColumnDef[] {
    return this.tableDefinition().columns.map(translatorColumn);
  }

  /**
   * `( element, … )` of CREATE TABLE, DECLARE @t TABLE and RETURNS @t TABLE: columns, table constraints and indexes,
   * PERIOD FOR SYSTEM_TIME (docs: create-table-transact-sql.md). SQL Server accepts a comma before the `)`.
   */
  tableDefinition(): A.TableElements {
    this.expectPunct("(");
    const elements: A.TableElements = { columns: [], constraints: [] };
    for (;;) {
      if (this.acceptPunct(")")) return elements;
      const { column, constraint } = this.tableElement();
      if (column) elements.columns.push(column);
      if (constraint) elements.constraints.push(constraint);
      if (this.acceptPunct(")")) return elements;
      this.expectPunct(",");
    }
  }

  /**
   * One element of a table definition or of ALTER TABLE … ADD: a column, or a table constraint or index (DEFAULT …
   * FOR column is ALTER TABLE's); PERIOD FOR SYSTEM_TIME (a, b) gives neither, it declares nothing we keep.
   */
  tableElement(): { column?: A.ColumnDef; constraint?: A.TableConstraint } {
    if (this.atWord("PERIOD") && this.atWordAt(1, "FOR")) {
      this.i += 2;
      this.name();
      this.skipParens();
      return {};
    }
    if (this.atWord("CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "INDEX", "DEFAULT"))
      return { constraint: this.tableConstraint() };
    return { column: this.columnDefinition() };
  }

  /**
   * column_definition and computed_column_definition: `name type` or `name AS expr [PERSISTED]`, then its options in
   * any order (SQL Server accepts them so): COLLATE, NULL / NOT NULL (a constraint name allowed), IDENTITY(seed,
   * increment), [CONSTRAINT name] DEFAULT expr, ROWGUIDCOL, SPARSE, and its PRIMARY KEY, UNIQUE, REFERENCES, CHECK
   * and INDEX. FILESTREAM, HIDDEN, NOT FOR REPLICATION, MASKED WITH (…), ENCRYPTED WITH (…), GENERATED ALWAYS AS …
   * and COLUMN_SET FOR ALL_SPARSE_COLUMNS are read and not kept: they change no value a query returns.
   */
  private columnDefinition(): A.ColumnDef {
    const line = this.line;
    if (!this.atName()) this.fail("expected a column name");
    const column: A.ColumnDef = { name: this.name(), constraints: [], line };
    if (this.acceptWord("AS")) column.computed = this.sourceExpr();
    else column.type = this.declaredType();
    for (;;) {
      if (this.acceptWord("PERSISTED")) column.persisted = true;
      else if (this.acceptWord("COLLATE")) column.collation = this.name();
      else if (this.acceptWord("NULL")) column.nullable = true;
      else if (this.atWord("NOT") && this.atWordAt(1, "NULL")) {
        this.i += 2;
        column.nullable = false;
      } else if (this.acceptNotForReplication()) continue;
      else if (this.acceptWord("IDENTITY")) {
        column.identity = { seed: "1", increment: "1" };
        if (this.acceptPunct("(")) {
          column.identity.seed = this.signedNumber();
          this.expectPunct(",");
          column.identity.increment = this.signedNumber();
          this.expectPunct(")");
        }
      } else if (this.acceptWord("ROWGUIDCOL")) column.rowGuidCol = true;
      else if (this.acceptWord("SPARSE")) column.sparse = true;
      else if (this.acceptWord("FILESTREAM", "HIDDEN")) continue;
      else if (this.acceptWord("MASKED", "ENCRYPTED")) {
        this.expectWord("WITH");
        this.skipParens();
      } else if (this.acceptWord("GENERATED")) {
        // GENERATED ALWAYS AS { ROW | TRANSACTION_ID | SEQUENCE_NUMBER } { START | END }
        this.expectWord("ALWAYS");
        this.expectWord("AS");
        this.acceptWord("ROW", "TRANSACTION_ID", "SEQUENCE_NUMBER");
        if (!this.acceptWord("START", "END")) this.fail("expected START or END");
      } else if (this.atWord("COLUMN_SET") && this.atWordAt(1, "FOR") && this.atWordAt(2, "ALL_SPARSE_COLUMNS")) {
        this.i += 3;
      } else if (!this.columnConstraint(column)) return column;
    }
  }

  /**
   * `[CONSTRAINT name]` then DEFAULT, NULL / NOT NULL or a constraint of the column, added to it; false (nothing
   * read) when none follows.
   */
  private columnConstraint(column: A.ColumnDef): boolean {
    const line = this.line;
    const name = this.constraintName();
    if (this.acceptWord("DEFAULT")) {
      column.default = { ...this.sourceExpr(), ...(name !== undefined ? { name } : {}) };
      if (this.atWord("WITH") && this.atWordAt(1, "VALUES")) this.i += 2;
      return true;
    }
    if (name !== undefined && this.acceptWord("NULL")) column.nullable = true;
    else if (name !== undefined && this.atWord("NOT") && this.atWordAt(1, "NULL")) {
      this.i += 2;
      column.nullable = false;
    } else {
      const constraint = this.constraintBody(name, line, column.name);
      if (constraint) column.constraints.push(constraint);
      else if (name !== undefined) this.fail(`expected a constraint after CONSTRAINT ${name}`);
      else return false;
    }
    return true;
  }

  /** table_constraint and table_index, and ALTER TABLE's `[CONSTRAINT name] DEFAULT expr FOR column [WITH VALUES]`. */
  private tableConstraint(): A.TableConstraint {
    const line = this.line;
    const name = this.constraintName();
    const named = name !== undefined ? { name } : {};
    if (this.acceptWord("DEFAULT")) {
      const value = this.sourceExpr();
      this.expectWord("FOR");
      if (!this.atName()) this.fail("expected a column name");
      const column = this.name();
      if (this.atWord("WITH") && this.atWordAt(1, "VALUES")) this.i += 2;
      return { kind: "default", ...named, value, column, line };
    }
    return this.constraintBody(name, line) ?? this.fail("expected PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK or DEFAULT");
  }

  private constraintName(): string | undefined {
    if (!this.acceptWord("CONSTRAINT")) return undefined;
    if (!this.atName()) this.fail("expected a constraint name");
    return this.name();
  }

  /**
   * PRIMARY KEY, UNIQUE, FOREIGN KEY … REFERENCES, CHECK or INDEX, of the table or, given `column`, of that column: a
   * column's may leave out the column list (it is the column) and FOREIGN KEY. Undefined when none is next.
   */
  private constraintBody(name: string | undefined, line: number, column?: string): A.TableConstraint | undefined {
    const named = name !== undefined ? { name } : {};
    const columns = () => (column !== undefined && !this.atPunct("(") ? [column] : this.keyColumns());
    if (this.atWord("PRIMARY", "UNIQUE")) {
      const kind = this.next().text.toUpperCase() === "PRIMARY" ? "primary-key" : "unique";
      if (kind === "primary-key") this.expectWord("KEY");
      this.acceptWord("CLUSTERED", "NONCLUSTERED");
      this.acceptWord("HASH");
      const keyColumns = columns();
      this.skipIndexOptions();
      return { kind, ...named, columns: keyColumns, line };
    }
    if (this.atWord("FOREIGN") || (column !== undefined && this.atWord("REFERENCES"))) {
      if (this.acceptWord("FOREIGN")) this.expectWord("KEY");
      const keyColumns = columns();
      this.expectWord("REFERENCES");
      const references = this.objectName();
      const referencedColumns = this.atPunct("(") ? this.keyColumns() : [];
      for (;;) {
        if (this.acceptWord("ON")) {
          if (!this.acceptWord("DELETE", "UPDATE")) this.fail("expected DELETE or UPDATE after ON");
          if (this.atWord("NO") && this.atWordAt(1, "ACTION")) this.i += 2;
          else if (this.acceptWord("CASCADE")) continue;
          else if (this.atWord("SET") && this.atWordAt(1, "NULL", "DEFAULT")) this.i += 2;
          else this.fail("expected NO ACTION, CASCADE, SET NULL or SET DEFAULT");
        } else if (!this.acceptNotForReplication()) break;
      }
      return { kind: "foreign-key", ...named, columns: keyColumns, references, referencedColumns, line };
    }
    if (this.acceptWord("CHECK")) {
      this.acceptNotForReplication();
      const open = this.peek();
      this.expectPunct("(");
      const expr = this.expr();
      const close = this.peek();
      this.expectPunct(")");
      return { kind: "check", ...named, condition: { expr, text: this.source.slice(open!.start, close!.end) }, line };
    }
    if (this.acceptWord("INDEX")) {
      if (!this.atName()) this.fail("expected an index name");
      const indexName = this.name();
      const unique = this.acceptWord("UNIQUE");
      this.acceptWord("CLUSTERED", "NONCLUSTERED");
      this.acceptWord("HASH", "COLUMNSTORE");
      const indexColumns = this.atPunct("(") ? this.keyColumns() : column !== undefined ? [column] : [];
      this.skipIndexOptions();
      return { kind: "index", name: indexName, columns: indexColumns, unique, line };
    }
    return undefined;
  }

  /** `(a [ASC | DESC], …)` of a key or an index. */
  private keyColumns(): string[] {
    this.expectPunct("(");
    const columns: string[] = [];
    do {
      if (!this.atName()) this.fail("expected a column name");
      columns.push(this.name());
      this.acceptWord("ASC", "DESC");
    } while (this.acceptPunct(","));
    this.expectPunct(")");
    return columns;
  }

  /** WHERE filter, WITH (options), WITH FILLFACTOR = n, ON filegroup | scheme(col), FILESTREAM_ON …: placement only. */
  private skipIndexOptions(): void {
    for (;;) {
      if (this.atWord("WITH") && this.atPunct("(", 1)) {
        this.i++;
        this.skipParens();
      } else if (this.atWord("WITH") && this.atWordAt(1, "FILLFACTOR")) {
        this.i += 2;
        if (!this.acceptOp("=")) this.fail("expected '='");
        this.next();
      } else if (this.atWord("WHERE")) {
        this.i++;
        this.expr();
      } else if ((this.atWord("ON") && !this.atWordAt(1, "DELETE", "UPDATE")) || this.atWord("FILESTREAM_ON")) {
        this.i++;
        this.name();
        if (this.atPunct("(")) this.skipParens();
      } else return;
    }
  }

  private acceptNotForReplication(): boolean {
    if (!(this.atWord("NOT") && this.atWordAt(1, "FOR") && this.atWordAt(2, "REPLICATION"))) return false;
    this.i += 3;
    return true;
  }

  /** An expression and its source text as written. */
  sourceExpr(): A.SourceExpr {
    const first = this.peek();
    const expr = this.expr();
    const last = this.t[this.i - 1]!;
    return { expr, text: this.source.slice(first!.start, last.end) };
  }

  /** `12`, `-1`, `+5`: IDENTITY's seed and increment, as written without the `+`. */
  private signedNumber(): string {
    const sign = this.acceptOp("-") ? "-" : (this.acceptOp("+"), "");
    const tok = this.peek();
    if (tok?.type !== "number") this.fail("expected a number");
    this.i++;
    return sign + tok.text;
  }

  private skipParens(): void {
    this.expectPunct("(");
    let depth = 1;
    while (depth > 0) {
      const tok = this.next();
      if (tok.type === "punct" && tok.text === "(") depth++;
      if (tok.type === "punct" && tok.text === ")") depth--;
    }
  }

  /** A data type for the translator: a system type's canonical name, an alias type's name lower-cased. */
  dataType(): A.TypeRef {
    const line = this.line;
    return typeRef(this.declaredType(), line);
  }

  /**
   * The data-type rule (docs: data-types-transact-sql.md, data-type-synonyms-transact-sql.md): `int`,
   * `[nvarchar](40)`, `decimal(10, 2)`, `varchar(max)`, `double precision`, `national character varying(20)`,
   * `binary varying(8)`, `xml(CONTENT dbo.Schemas)`, `dbo.Phone`. Nothing unwritten is filled in: what an
   * unsized `varchar` means (1 in DDL, 30 in CAST) depends on where it stands, so its reader decides.
   */
  declaredType(): DeclaredType {
    const parts = [this.name()];
    while (this.atPunct(".") && this.atName(1)) {
      this.i++;
      parts.push(this.name());
    }
    const written = parts[parts.length - 1]!;
    const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
    let name = written.toLowerCase();
    // Multi-word ISO spellings.
    if (parts.length === 1) {
      if (name === "double" && this.acceptWord("PRECISION")) {
        name = "float";
      } else if (name === "national" && this.acceptWord("CHARACTER", "CHAR")) {
        name = this.acceptWord("VARYING") ? "nvarchar" : "nchar";
      } else if (name === "national" && this.acceptWord("TEXT")) {
        name = "ntext";
      } else if ((name === "char" || name === "character") && this.acceptWord("VARYING")) {
        name = "varchar";
      } else if (name === "nchar" && this.acceptWord("VARYING")) {
        name = "nvarchar";
      } else if (name === "binary" && this.acceptWord("VARYING")) {
        name = "varbinary";
      }
    }
    name = TYPE_SYNONYMS[name] ?? name;
    const system = (schema === undefined || schema.toLowerCase() === "sys") && isSystemType(name);
    const type: DeclaredType = system
      ? { name }
      : { name: written, alias: true, ...(schema !== undefined ? { schema } : {}) };
    if (!this.atPunct("(")) return type;
    if (system && name === "xml") {
      // xml ( [ CONTENT | DOCUMENT ] xml_schema_collection ) (docs: xml-transact-sql.md)
      this.i++;
      this.acceptWord("CONTENT", "DOCUMENT");
      type.xmlSchemaCollection = this.objectName().join(".");
      this.expectPunct(")");
      return type;
    }
    const line = this.line;
    const args = this.typeArguments();
    if (system) applyTypeArguments(type, args, line);
    return type;
  }

  /** `(10)`, `(10, 2)`, `(max)`. */
  private typeArguments(): (number | "max")[] {
    this.expectPunct("(");
    const args: (number | "max")[] = [];
    do {
      const tok = this.peek();
      if (tok?.type === "number" && /^\d+$/.test(tok.text)) args.push(Number(tok.text));
      else if (isWord(tok, "MAX")) args.push("max");
      else this.fail("expected a type length or precision");
      this.i++;
    } while (this.acceptPunct(","));
    this.expectPunct(")");
    return args;
  }

  private columnList(): string[] {
    this.expectPunct("(");
    const cols: string[] = [];
    do cols.push(this.name());
    while (this.acceptPunct(","));
    this.expectPunct(")");
    return cols;
  }

  /** After the current `(`, does a query follow (possibly nested in more parentheses)? */
  private looksLikeQueryAfterParen(): boolean {
    let o = 0;
    while (this.atPunct("(", o)) o++;
    return o > 0 && this.atWordAt(o, "SELECT", "WITH");
  }

  // ── queries ──
  query(): A.Query {
    return this.nested(() => this.queryAt());
  }

  /** `name [(columns)] AS (query)`, comma-separated, after WITH (docs: with-common-table-expression-transact-sql.md). */
  private cteList(): A.Cte[] {
    const ctes: A.Cte[] = [];
    do {
      const line = this.line;
      const name = this.ident();
      const columns = this.atPunct("(") ? this.columnList() : undefined;
      this.expectWord("AS");
      this.expectPunct("(");
      const query = this.query();
      this.expectPunct(")");
      ctes.push({ name, ...(columns ? { columns } : {}), query, line });
    } while (this.acceptPunct(","));
    return ctes;
  }

  private queryAt(): A.Query {
    const line = this.line;
    let ctes: A.Cte[] = [];
    let xmlNamespaces: A.Query["xmlNamespaces"];
    if (this.acceptWord("WITH")) {
      if (this.atWord("XMLNAMESPACES")) {
        xmlNamespaces = this.xmlNamespaces();
        if (!this.acceptPunct(",")) return this.withXmlNamespaces(this.queryAt(), xmlNamespaces);
      }
      ctes = this.cteList();
    }
    const body = this.queryBody();
    const q: A.Query = { kind: "query", ctes, body, orderBy: [], line };
    if (this.atWord("ORDER")) {
      this.i++;
      this.expectWord("BY");
      q.orderBy = this.orderList();
      if (this.acceptWord("OFFSET")) {
        q.offset = this.expr();
        this.acceptWord("ROW", "ROWS");
        if (this.acceptWord("FETCH")) {
          this.acceptWord("FIRST", "NEXT");
          q.fetch = this.expr();
          this.acceptWord("ROW", "ROWS");
          this.expectWord("ONLY");
        }
      }
    }
    if (this.atWord("FOR") && this.atWordAt(1, "XML", "JSON", "BROWSE")) q.for = this.forClause();
    this.optionClause(q);
    return xmlNamespaces ? this.withXmlNamespaces(q, xmlNamespaces) : q;
  }

  /** `FOR SYSTEM_TIME AS OF t | FROM a TO b | BETWEEN a AND b | CONTAINED IN (a, b) | ALL` after a table name. */
  private systemTime(): string | undefined {
    if (!(this.atWord("FOR") && this.atWordAt(1, "SYSTEM_TIME"))) return undefined;
    this.i += 2;
    const words: string[] = [];
    if (this.acceptWord("ALL")) return "ALL";
    if (this.acceptWord("CONTAINED")) {
      this.expectWord("IN");
      this.expectPunct("(");
      this.expr();
      this.expectPunct(",");
      this.expr();
      this.expectPunct(")");
      return "CONTAINED IN";
    }
    const kind = this.next().text.toUpperCase(); // AS | FROM | BETWEEN
    if (kind === "AS") this.expectWord("OF");
    words.push(kind === "AS" ? "AS OF" : kind);
    this.expr();
    if (kind === "FROM") this.expectWord("TO");
    else if (kind === "BETWEEN") this.expectWord("AND");
    if (kind !== "AS") this.expr();
    return words.join(" ");
  }

  /**
   * `WITH RECOMPILE, ENCRYPTION, SCHEMABINDING, EXECUTE AS OWNER | CALLER | SELF | 'user', …` after a routine's
   * header: options of how SQL Server stores and runs it, none of which changes the rows it returns.
   */
  private routineOptions(): void {
    if (!this.acceptWord("WITH")) return;
    do {
      if (this.acceptWord("EXECUTE") || this.acceptWord("EXEC")) {
        this.expectWord("AS");
        if (this.peek()?.type === "string") this.next();
        else this.name();
      } else this.name();
    } while (this.acceptPunct(","));
  }

  /** `XMLNAMESPACES ('uri' AS prefix, DEFAULT 'uri', …)` (docs: with-xmlnamespaces.md). */
  private xmlNamespaces(): NonNullable<A.Query["xmlNamespaces"]> {
    this.expectWord("XMLNAMESPACES");
    this.expectPunct("(");
    const out: NonNullable<A.Query["xmlNamespaces"]> = [];
    do {
      const isDefault = this.acceptWord("DEFAULT");
      const uri = this.next();
      if (uri.type !== "string") this.fail("Expected a namespace URI string in XMLNAMESPACES");
      if (isDefault) out.push({ uri: uri.text });
      else {
        this.expectWord("AS");
        out.push({ uri: uri.text, prefix: this.name() });
      }
    } while (this.acceptPunct(","));
    this.expectPunct(")");
    return out;
  }

  private withXmlNamespaces(q: A.Query, ns: NonNullable<A.Query["xmlNamespaces"]>): A.Query {
    return { ...q, xmlNamespaces: [...ns, ...(q.xmlNamespaces ?? [])] };
  }

  private optionClause(q?: A.Query): void {
    if (!this.atWord("OPTION")) return;
    const start = this.next();
    const open = this.peek();
    this.skipParens();
    const end = this.t[this.i - 1]!;
    if (q && open) q.option = this.source.slice(start.start, end.end);
  }

  private forClause(): A.ForClause {
    const line = this.line;
    this.expectWord("FOR");
    const kind = this.name().toUpperCase();
    if (kind === "XML") {
      const mode = this.name().toUpperCase() as "PATH" | "RAW" | "AUTO" | "EXPLICIT";
      let element: string | undefined;
      if (this.acceptPunct("(")) {
        element = this.next().text;
        this.expectPunct(")");
      }
      let root: string | undefined;
      let type = false;
      let elements = false;
      let xsinil = false;
      let binaryBase64 = false;
      while (this.acceptPunct(",")) {
        const opt = this.name().toUpperCase();
        if (opt === "TYPE") type = true;
        else if (opt === "ROOT") {
          root = "root";
          if (this.acceptPunct("(")) {
            root = this.next().text;
            this.expectPunct(")");
          }
        } else if (opt === "ELEMENTS") {
          elements = true;
          if (this.atWord("XSINIL")) xsinil = true;
          this.acceptWord("XSINIL", "ABSENT");
        } else if (opt === "BINARY") binaryBase64 = this.acceptWord("BASE64");
      }
      return {
        kind: "xml",
        mode,
        ...(element !== undefined ? { element } : {}),
        ...(root ? { root } : {}),
        type,
        ...(elements ? { elements } : {}),
        ...(xsinil ? { xsinil } : {}),
        ...(binaryBase64 ? { binaryBase64 } : {}),
        line,
      };
    }
    if (kind === "JSON") {
      const mode = this.name().toUpperCase() as "PATH" | "AUTO";
      let root: string | undefined;
      let withoutArrayWrapper = false;
      let includeNullValues = false;
      while (this.acceptPunct(",")) {
        const opt = this.name().toUpperCase();
        if (opt === "ROOT") {
          root = "root";
          if (this.acceptPunct("(")) {
            root = this.next().text;
            this.expectPunct(")");
          }
        } else if (opt === "WITHOUT_ARRAY_WRAPPER") withoutArrayWrapper = true;
        else if (opt === "INCLUDE_NULL_VALUES") includeNullValues = true;
      }
      return { kind: "json", mode, ...(root ? { root } : {}), withoutArrayWrapper, includeNullValues, line };
    }
    this.fail("FOR BROWSE is not supported");
  }

  private queryBody(): A.QueryBody {
    let left = this.queryTerm();
    for (;;) {
      const line = this.line;
      if (this.atWord("UNION")) {
        this.i++;
        const op = this.acceptWord("ALL") ? "UNION ALL" : "UNION";
        left = { kind: "setop", op, left, right: this.queryTerm(), line };
      } else if (this.atWord("EXCEPT")) {
        this.i++;
        left = { kind: "setop", op: "EXCEPT", left, right: this.queryTerm(), line };
      } else break;
    }
    return left;
  }

  /** INTERSECT binds tighter than UNION/EXCEPT. */
  private queryTerm(): A.QueryBody {
    let left = this.queryPrimary();
    while (this.atWord("INTERSECT")) {
      const line = this.line;
      this.i++;
      left = { kind: "setop", op: "INTERSECT", left, right: this.queryPrimary(), line };
    }
    return left;
  }

  private queryPrimary(): A.QueryBody {
    if (this.atPunct("(")) {
      this.i++;
      const q = this.query();
      this.expectPunct(")");
      return q;
    }
    return this.selectCore();
  }

  private selectCore(): A.SelectCore {
    this.windowUses.push([]);
    try {
      const core = this.selectCoreClauses();
      const defined = this.atWindowClause() ? this.windowClause() : new Map<string, NamedWindow>();
      this.resolveWindows(this.windowUses.at(-1)!, defined);
      return core;
    } finally {
      this.windowUses.pop();
    }
  }

  /**
   * `WINDOW w AS ([base] [PARTITION BY …] [ORDER BY …] [ROWS|RANGE …]), …`: named window specifications the
   * query's OVER clauses use (docs: select-window-transact-sql.md).
   */
  private windowClause(): Map<string, NamedWindow> {
    this.expectWord("WINDOW");
    const defined = new Map<string, NamedWindow>();
    do {
      const name = this.ident();
      this.expectWord("AS");
      this.expectPunct("(");
      const base = this.atWindowName() ? this.ident() : undefined;
      const over = this.windowSpecification();
      this.expectPunct(")");
      if (defined.has(name.toLowerCase())) this.fail(`Window ${name} is defined twice`);
      defined.set(name.toLowerCase(), { over, ...(base ? { base } : {}) });
    } while (this.acceptPunct(","));
    return defined;
  }

  /**
   * Each OVER that names a window takes that window's PARTITION BY, ORDER BY and frame, then adds its own (a window
   * may name another, before or after it; the parts it defines cannot be redefined).
   */
  private resolveWindows(uses: { over: A.Over; name: string }[], defined: Map<string, NamedWindow>): void {
    const resolved = new Map<string, A.Over>();
    const lookup = (name: string, seen: string[]): A.Over => {
      const key = name.toLowerCase();
      const done = resolved.get(key);
      if (done) return done;
      const w = defined.get(key);
      if (!w) this.fail(`Window ${name} is not defined in the query's WINDOW clause`);
      if (seen.includes(key)) this.fail(`Window ${name} refers to itself`);
      const over = w.base ? mergedWindow(lookup(w.base, [...seen, key]), w.over) : w.over;
      resolved.set(key, over);
      return over;
    };
    for (const use of uses) Object.assign(use.over, mergedWindow(lookup(use.name, []), use.over));
  }

  /** A window name at the start of OVER (…) or of a window definition: an identifier that is not a clause word. */
  private atWindowName(): boolean {
    return this.atIdent() && !this.atWord("PARTITION", "ORDER", "ROWS", "RANGE");
  }

  private selectCoreClauses(): A.SelectCore {
    const line = this.line;
    this.expectWord("SELECT");
    let distinct = false;
    if (this.acceptWord("DISTINCT")) distinct = true;
    else this.acceptWord("ALL");
    const top = this.top();
    const items: A.SelectItem[] = [];
    do items.push(this.selectItem());
    while (this.acceptPunct(","));
    const core: A.SelectCore = {
      kind: "select",
      distinct,
      ...(top ? { top } : {}),
      items,
      from: [],
      groupBy: [],
      line,
    };
    if (this.acceptWord("INTO")) core.into = this.objectName();
    if (this.acceptWord("FROM")) core.from = this.fromList();
    if (this.acceptWord("WHERE")) core.where = this.expr();
    if (this.atWord("GROUP")) {
      this.i++;
      this.expectWord("BY");
      this.acceptWord("ALL");
      do core.groupBy.push(this.groupingElement());
      while (this.acceptPunct(","));
      if (this.atWord("WITH") && this.atWordAt(1, "ROLLUP", "CUBE")) {
        this.i++;
        core.groupByWith = this.next().text.toUpperCase() as "ROLLUP" | "CUBE";
      }
    }
    if (this.acceptWord("HAVING")) core.having = this.expr();
    return core;
  }

  private groupingElement(): A.Expr {
    const line = this.line;
    if (this.atWord("ROLLUP", "CUBE") && this.atPunct("(", 1)) {
      const name = this.next().text.toUpperCase();
      this.expectPunct("(");
      const args: A.Expr[] = [];
      do args.push(this.nested(() => this.groupingElement()));
      while (this.acceptPunct(","));
      this.expectPunct(")");
      return { kind: "call", name: [name], args, line };
    }
    if (this.atWord("GROUPING") && this.atWordAt(1, "SETS")) {
      this.i += 2;
      this.expectPunct("(");
      const args: A.Expr[] = [];
      do args.push(this.nested(() => this.groupingElement()));
      while (this.acceptPunct(","));
      this.expectPunct(")");
      return { kind: "call", name: ["GROUPING SETS"], args, line };
    }
    if (this.atPunct("(") && (this.atPunct(")", 1) || this.isTupleAhead())) {
      // ( a, b ) grouping set, or () grand total
      this.i++;
      const args: A.Expr[] = [];
      if (!this.atPunct(")")) {
        do args.push(this.expr());
        while (this.acceptPunct(","));
      }
      this.expectPunct(")");
      return { kind: "call", name: ["ROW"], args, line };
    }
    return this.expr();
  }

  /** `(` … `,` at depth 1 before the matching `)`. */
  private isTupleAhead(): boolean {
    let depth = 0;
    for (let o = 0; this.peek(o); o++) {
      if (this.atPunct("(", o)) depth++;
      else if (this.atPunct(")", o)) {
        depth--;
        if (depth === 0) return false;
      } else if (depth === 1 && this.atPunct(",", o)) return true;
      else if (depth === 1 && this.atWordAt(o, "SELECT")) return false;
    }
    return false;
  }

  private selectItem(): A.SelectItem {
    const line = this.line;
    const tok = this.peek();
    // @v = expr
    if (tok?.type === "variable" && this.peek(1)?.type === "operator" && /^[-+*/%&|^]?=$/.test(this.peek(1)!.text)) {
      this.i++;
      const op = this.next().text;
      return { kind: "assign", variable: tok.text, op, expr: this.expr(), line };
    }
    // alias = expr  (alias may be a bare word, quoted name or string)
    if (
      tok &&
      (tok.type === "quoted" ||
        tok.type === "string" ||
        (tok.type === "word" && !RESERVED.has(tok.text.toUpperCase()))) &&
      this.atOp("=", 1)
    ) {
      this.i += 2;
      return { kind: "expr", expr: this.expr(), alias: tok.text, line };
    }
    // * or t.*
    if (this.atOp("*")) {
      this.i++;
      return { kind: "star", line };
    }
    {
      let o = 0;
      while (this.atName(o) && this.atPunct(".", o + 1)) o += 2;
      if (o > 0 && this.atOp("*", o)) {
        const qualifier: string[] = [];
        for (let k = 0; k < o; k += 2) qualifier.push(this.peek(k)!.text);
        this.i += o + 1;
        return { kind: "star", qualifier, line };
      }
    }
    const expr = this.expr();
    const alias = this.optionalAlias(true);
    return { kind: "expr", expr, ...(alias !== undefined ? { alias } : {}), line };
  }

  private optionalAlias(allowString: boolean): string | undefined {
    if (this.acceptWord("AS")) {
      const tok = this.next();
      if (tok.type === "quoted" || tok.type === "word" || (allowString && tok.type === "string")) return tok.text;
      this.i--;
      this.fail("Expected an alias after AS");
    }
    const tok = this.peek();
    if (tok && (tok.type === "quoted" || (allowString && tok.type === "string"))) {
      this.i++;
      return tok.text;
    }
    if (this.atIdent() && !this.atWindowClause()) return this.next().text;
    return undefined;
  }

  /** `WINDOW name AS (` (docs: select-window-transact-sql.md). */
  private atWindowClause(): boolean {
    return this.atWord("WINDOW") && this.atIdent(1) && this.atWordAt(2, "AS") && this.atPunct("(", 3);
  }

  private orderList(): A.OrderItem[] {
    const items: A.OrderItem[] = [];
    do {
      const line = this.line;
      const expr = this.expr();
      let desc = false;
      if (this.acceptWord("DESC")) desc = true;
      else this.acceptWord("ASC");
      items.push({ expr, desc, line });
    } while (this.acceptPunct(","));
    return items;
  }

  private fromList(): A.TableSource[] {
    const out: A.TableSource[] = [];
    do out.push(this.joinedTable());
    while (this.acceptPunct(","));
    return out;
  }

  private joinedTable(): A.TableSource {
    let left = this.tablePrimary();
    for (;;) {
      const line = this.line;
      let type: A.JoinType | undefined;
      if (this.atWord("CROSS") && this.atWordAt(1, "JOIN")) {
        this.i += 2;
        left = { kind: "join", type: "CROSS", left, right: this.tablePrimary(), line };
        continue;
      }
      if (this.atWord("CROSS") && this.atWordAt(1, "APPLY")) {
        this.i += 2;
        left = { kind: "join", type: "CROSS APPLY", left, right: this.tablePrimary(), line };
        continue;
      }
      if (this.atWord("OUTER") && this.atWordAt(1, "APPLY")) {
        this.i += 2;
        left = { kind: "join", type: "OUTER APPLY", left, right: this.tablePrimary(), line };
        continue;
      }
      if (this.atWord("JOIN")) type = "INNER";
      else if (this.atWord("INNER")) {
        this.i++;
        type = "INNER";
      } else if (this.atWord("LEFT", "RIGHT", "FULL")) {
        type = this.next().text.toUpperCase() as "LEFT" | "RIGHT" | "FULL";
        this.acceptWord("OUTER");
      }
      if (!type) break;
      this.acceptWord("HASH", "MERGE", "LOOP", "REMOTE");
      this.expectWord("JOIN");
      const right = this.joinedTable_right();
      this.expectWord("ON");
      const on = this.expr();
      left = { kind: "join", type, left, right, on, line };
    }
    return left;
  }

  /** The right side of a JOIN … ON: a table, possibly itself a join tree (`a JOIN b JOIN c ON … ON …`). */
  private joinedTable_right(): A.TableSource {
    let right = this.tablePrimary();
    // Nested join without parentheses: A JOIN B JOIN C ON c1 ON c2
    while (this.atWord("JOIN", "INNER", "LEFT", "RIGHT", "FULL")) {
      const line = this.line;
      let type: A.JoinType = "INNER";
      if (this.atWord("LEFT", "RIGHT", "FULL")) type = this.next().text.toUpperCase() as A.JoinType;
      else this.acceptWord("INNER");
      this.acceptWord("OUTER");
      this.expectWord("JOIN");
      const inner = this.nested(() => this.joinedTable_right());
      this.expectWord("ON");
      const on = this.expr();
      right = { kind: "join", type, left: right, right: inner, on, line };
    }
    return right;
  }

  private tableHints(): string[] {
    const hints: string[] = [];
    const readHints = () => {
      this.expectPunct("(");
      do {
        const h = this.name().toUpperCase();
        if (this.atPunct("(")) this.skipParens();
        if (this.acceptOp("=")) this.expr();
        hints.push(h);
      } while (this.acceptPunct(","));
      this.expectPunct(")");
    };
    if (this.atWord("WITH") && this.atPunct("(", 1)) {
      this.i++;
      readHints();
    } else if (this.atPunct("(") && this.atWordAt(1, ...OLD_STYLE_TABLE_HINTS)) {
      readHints();
    }
    return hints;
  }

  private tablePrimary(): A.TableSource {
    const line = this.line;
    let source: A.TableSource;
    if (this.atPunct("(")) {
      if (this.looksLikeQueryAfterParen()) {
        this.i++;
        const query = this.query();
        this.expectPunct(")");
        this.acceptWord("AS");
        const alias = this.ident();
        const columns = this.atPunct("(") ? this.columnList() : undefined;
        source = { kind: "derived", query, alias, ...(columns ? { columns } : {}), line };
      } else if (this.atWordAt(1, "VALUES")) {
        this.i += 2;
        const rows: A.Expr[][] = [];
        do {
          this.expectPunct("(");
          const row: A.Expr[] = [];
          do row.push(this.expr());
          while (this.acceptPunct(","));
          this.expectPunct(")");
          rows.push(row);
        } while (this.acceptPunct(","));
        this.expectPunct(")");
        this.acceptWord("AS");
        const alias = this.ident();
        const columns = this.atPunct("(") ? this.columnList() : undefined;
        source = { kind: "values", rows, alias, ...(columns ? { columns } : {}), line };
      } else {
        this.i++;
        const inner = this.nested(() => this.joinedTable());
        this.expectPunct(")");
        source = { kind: "paren", source: inner, line };
      }
    } else if (this.peek()?.type === "variable" && this.atPunct(".", 1) && this.atName(2) && this.atPunct("(", 3)) {
      // `@x.nodes('/a/b') AS t(c)`: an xml method as a row source.
      const target: A.Expr = { kind: "variable", name: this.next().text, line };
      this.i++;
      const method = this.name();
      const call: A.Call = { kind: "call", name: [method], args: this.callArgs(), line };
      this.acceptWord("AS");
      const alias = this.atIdent() ? this.ident() : undefined;
      const columns = alias && this.atPunct("(") ? this.columnList() : undefined;
      source = { kind: "function", call, target, ...(alias ? { alias } : {}), ...(columns ? { columns } : {}), line };
    } else if (this.peek()?.type === "variable") {
      const name = this.next().text;
      this.acceptWord("AS");
      const alias = this.atIdent() ? this.ident() : undefined;
      source = { kind: "variable", name, ...(alias ? { alias } : {}), line };
    } else {
      const name = this.objectName();
      if (this.atPunct("(") && !this.atWordAt(1, ...OLD_STYLE_TABLE_HINTS)) {
        // table-valued function
        const args = this.callArgs();
        const call: A.Call = { kind: "call", name, args, line };
        let withSchema: A.FunctionTable["withSchema"];
        if (this.atWord("WITH") && this.atPunct("(", 1)) {
          this.i += 2;
          withSchema = [];
          do {
            const cname = this.name();
            const type = this.dataType();
            let path: string | undefined;
            if (this.peek()?.type === "string") path = this.next().text;
            let asJson = false;
            if (this.acceptWord("AS")) {
              this.expectWord("JSON");
              asJson = true;
            }
            withSchema.push({
              name: cname,
              type,
              ...(path !== undefined ? { path } : {}),
              ...(asJson ? { asJson } : {}),
            });
          } while (this.acceptPunct(","));
          this.expectPunct(")");
        }
        this.acceptWord("AS");
        const alias = this.atIdent() ? this.ident() : undefined;
        const columns = alias && this.atPunct("(") ? this.columnList() : undefined;
        source = {
          kind: "function",
          call,
          ...(alias ? { alias } : {}),
          ...(columns ? { columns } : {}),
          ...(withSchema ? { withSchema } : {}),
          line,
        };
      } else {
        const systemTime = this.systemTime();
        let hints = this.tableHints();
        let alias: string | undefined;
        if (this.acceptWord("AS")) alias = this.name();
        else if (this.atIdent()) alias = this.ident();
        if (!hints.length) hints = this.tableHints();
        source = {
          kind: "table",
          name,
          ...(alias ? { alias } : {}),
          hints,
          ...(systemTime ? { systemTime } : {}),
          line,
        };
      }
    }
    // PIVOT / UNPIVOT
    for (;;) {
      if (this.atWord("PIVOT")) {
        const pline = this.line;
        this.i++;
        this.expectPunct("(");
        const agg = this.expr();
        if (agg.kind !== "call") this.fail("Expected an aggregate in PIVOT");
        this.expectWord("FOR");
        const forColumn = this.primary();
        if (forColumn.kind !== "column") this.fail("Expected a column after FOR in PIVOT");
        this.expectWord("IN");
        this.expectPunct("(");
        const values: { value: string; alias: string }[] = [];
        do {
          const tok = this.next();
          const alias = this.acceptWord("AS") ? this.name() : tok.text;
          values.push({ value: tok.text, alias });
        } while (this.acceptPunct(","));
        this.expectPunct(")");
        this.expectPunct(")");
        this.acceptWord("AS");
        const alias = this.ident();
        source = { kind: "pivot", source, aggregate: agg, forColumn, values, alias, line: pline };
      } else if (this.atWord("UNPIVOT")) {
        const pline = this.line;
        this.i++;
        this.expectPunct("(");
        const valueColumn = this.name();
        this.expectWord("FOR");
        const forColumn = this.name();
        this.expectWord("IN");
        const columns = this.columnList();
        this.expectPunct(")");
        this.acceptWord("AS");
        const alias = this.ident();
        source = { kind: "unpivot", source, valueColumn, forColumn, columns, alias, line: pline };
      } else break;
    }
    return source;
  }

  private callArgs(): A.Expr[] {
    if (this.atPunct("(") && this.atPunct(")", 1)) {
      this.i += 2;
      return [];
    }
    return this.argumentList();
  }

  /**
   * `(value, …)`: a VALUES row or a call's arguments, where DEFAULT stands for the column's or the parameter's
   * default (read as a literal the translator recognises).
   */
  private argumentList(): A.Expr[] {
    this.expectPunct("(");
    const values: A.Expr[] = [];
    do
      values.push(
        this.atWord("DEFAULT")
          ? (this.next(), { kind: "literal" as const, type: "null" as const, value: "DEFAULT", line: this.line })
          : this.expr(),
      );
    while (this.acceptPunct(","));
    this.expectPunct(")");
    return values;
  }

  // ── expressions ──
  expr(): A.Expr {
    return this.nested(() => this.or());
  }

  private or(): A.Expr {
    return this.leftAssociative(BINARY_OPERATORS.or, () => this.and());
  }

  private and(): A.Expr {
    return this.leftAssociative(BINARY_OPERATORS.and, () => this.not());
  }

  /**
   * `operand (op operand)*` for the operators of one precedence level, built left-deep (`a - b - c` is
   * `(a - b) - c`). A loop, not recursion, so a chain thousands long does not nest (checkTreeDepth bounds the tree).
   */
  private leftAssociative(level: OperatorLevel, operand: () => A.Expr): A.Expr {
    let left = operand();
    for (;;) {
      const tok = this.peek();
      const op = tok && operatorOf(tok, level);
      if (!tok || op === undefined) return left;
      this.i++;
      left = { kind: "binary", op, left, right: operand(), line: tok.line };
    }
  }

  private not(): A.Expr {
    if (this.atWord("NOT")) {
      const line = this.line;
      this.i++;
      return { kind: "unary", op: "NOT", operand: this.nested(() => this.not()), line };
    }
    return this.predicate();
  }

  private predicate(): A.Expr {
    const line = this.line;
    const left = this.additive();
    const tok = this.peek();
    if (tok?.type === "operator" && COMPARISON.has(tok.text)) {
      this.i++;
      const op = tok.text === "!=" ? "<>" : tok.text === "!<" ? ">=" : tok.text === "!>" ? "<=" : tok.text;
      if (this.atWord("ALL", "ANY", "SOME") && this.atPunct("(", 1)) {
        const quantifier = this.next().text.toUpperCase() as "ALL" | "ANY" | "SOME";
        this.expectPunct("(");
        const query = this.query();
        this.expectPunct(")");
        return { kind: "quantified", op, quantifier, left, query, line };
      }
      return { kind: "binary", op, left, right: this.additive(), line };
    }
    let not = false;
    if (this.atWord("NOT") && this.atWordAt(1, "BETWEEN", "IN", "LIKE")) {
      this.i++;
      not = true;
    }
    if (this.acceptWord("BETWEEN")) {
      const low = this.additive();
      this.expectWord("AND");
      const high = this.additive();
      return { kind: "between", expr: left, low, high, not, line };
    }
    if (this.acceptWord("IN")) {
      this.expectPunct("(");
      if (this.atWord("SELECT", "WITH")) {
        const query = this.query();
        this.expectPunct(")");
        return { kind: "in", expr: left, query, not, line };
      }
      const list: A.Expr[] = [];
      do list.push(this.expr());
      while (this.acceptPunct(","));
      this.expectPunct(")");
      return { kind: "in", expr: left, list, not, line };
    }
    if (this.acceptWord("LIKE")) {
      const pattern = this.additive();
      const escape = this.acceptWord("ESCAPE") ? this.additive() : undefined;
      return { kind: "like", expr: left, pattern, ...(escape ? { escape } : {}), not, line };
    }
    if (this.atWord("IS")) {
      this.i++;
      const isNot = this.acceptWord("NOT");
      // `x IS [NOT] DISTINCT FROM y` (SQL Server 2022): a NULL-aware comparison, kept as a binary operator.
      if (this.acceptWord("DISTINCT")) {
        this.expectWord("FROM");
        return {
          kind: "binary",
          op: isNot ? "IS NOT DISTINCT FROM" : "IS DISTINCT FROM",
          left,
          right: this.additive(),
          line,
        };
      }
      this.expectWord("NULL");
      return { kind: "isnull", expr: left, not: isNot, line };
    }
    return left;
  }

  private additive(): A.Expr {
    return this.leftAssociative(BINARY_OPERATORS.additive, () => this.multiplicative());
  }

  private multiplicative(): A.Expr {
    return this.leftAssociative(BINARY_OPERATORS.multiplicative, () => this.unary());
  }

  unary(): A.Expr {
    const tok = this.peek();
    if (tok?.type === "operator" && ["-", "+", "~"].includes(tok.text)) {
      this.i++;
      const operand = this.nested(() => this.unary());
      // Fold negative number literals.
      if (tok.text === "-" && operand.kind === "literal" && (operand.type === "number" || operand.type === "money")) {
        return {
          ...operand,
          value: operand.value.startsWith("-") ? operand.value.slice(1) : "-" + operand.value,
          line: tok.line,
        };
      }
      return { kind: "unary", op: tok.text as "-" | "+" | "~", operand, line: tok.line };
    }
    return this.postfix();
  }

  private postfix(): A.Expr {
    let e = this.primary();
    for (;;) {
      if (this.atWord("COLLATE")) {
        const line = this.line;
        this.i++;
        e = { kind: "collate", expr: e, collation: this.name(), line };
      } else if (this.atWord("AT") && this.atWordAt(1, "TIME")) {
        const line = this.line;
        this.i += 2;
        this.expectWord("ZONE");
        e = { kind: "attimezone", expr: e, zone: this.primary(), line };
      } else if (this.atPunct(".") && this.atName(1) && this.atPunct("(", 2) && e.kind !== "column") {
        const line = this.line;
        this.i++;
        const method = this.name();
        e = { kind: "method", target: e, method, args: this.callArgs(), line };
      } else return e;
    }
  }

  primary(): A.Expr {
    const tok = this.peek();
    if (!tok) this.fail("Expected an expression");
    const line = tok.line;
    switch (tok.type) {
      case "string":
        this.i++;
        return { kind: "literal", type: "string", value: tok.text, ...(tok.unicode ? { unicode: true } : {}), line };
      case "number":
        this.i++;
        return { kind: "literal", type: "number", value: tok.text, line };
      case "money":
        this.i++;
        return { kind: "literal", type: "money", value: tok.text, line };
      case "binary":
        this.i++;
        return { kind: "literal", type: "binary", value: tok.text, line };
      case "variable":
        this.i++;
        return { kind: "variable", name: tok.text, line };
      case "punct":
        if (tok.text === "(") {
          this.i++;
          if (
            this.atWord("SELECT", "WITH") ||
            (this.atPunct("(") && this.looksLikeQueryAfterParen() && this.parenQueryIsWhole())
          ) {
            const query = this.query();
            this.expectPunct(")");
            return { kind: "subquery", query, line };
          }
          const inner = this.expr();
          this.expectPunct(")");
          return { kind: "paren", expr: inner, line };
        }
        break;
      case "operator":
        if (tok.text === "*") {
          this.i++;
          return { kind: "star", line };
        }
        break;
      case "temp":
        break;
      case "quoted":
      case "word":
        return this.wordExpr();
    }
    this.fail("Expected an expression");
  }

  /** At `(`…: is the parenthesized query followed by `)` (a subquery), or by an operator (an expression)? */
  private parenQueryIsWhole(): boolean {
    // ((select …)) vs ((select 1) + 2): find the matching close of the inner paren, see what follows.
    let depth = 0;
    for (let o = 0; this.peek(o); o++) {
      if (this.atPunct("(", o)) depth++;
      else if (this.atPunct(")", o)) {
        depth--;
        if (depth === 0)
          return this.atPunct(")", o + 1) || this.atWordAt(o + 1, "UNION", "EXCEPT", "INTERSECT", "ORDER");
      }
    }
    return false;
  }

  private wordExpr(): A.Expr {
    const tok = this.peek()!;
    const line = tok.line;
    const upper = tok.type === "word" ? tok.text.toUpperCase() : "";
    if (tok.type === "word") {
      if (upper === "NULL") {
        this.i++;
        return { kind: "literal", type: "null", value: "NULL", line };
      }
      if (upper === "CASE") return this.caseExpr();
      // NEXT VALUE FOR seq [OVER (ORDER BY …)]: a call of the built-in `next_value_for` with the sequence's name.
      if (upper === "NEXT" && this.atWordAt(1, "VALUE") && this.atWordAt(2, "FOR")) {
        this.i += 3;
        const sequence = this.objectName();
        const over = this.acceptWord("OVER") ? this.overClause() : undefined;
        return {
          kind: "call",
          name: ["next_value_for"],
          args: [{ kind: "column", parts: sequence, line }],
          ...(over ? { over } : {}),
          line,
        };
      }
      if (upper === "EXISTS") {
        this.i++;
        this.expectPunct("(");
        const query = this.query();
        this.expectPunct(")");
        return { kind: "exists", query, line };
      }
      if ((upper === "CAST" || upper === "TRY_CAST") && this.atPunct("(", 1)) {
        this.i += 2;
        const expr = this.expr();
        this.expectWord("AS");
        const type = this.dataType();
        this.expectPunct(")");
        return { kind: "cast", fn: upper, type, expr, line };
      }
      if ((upper === "PARSE" || upper === "TRY_PARSE") && this.atPunct("(", 1)) {
        // PARSE ( string AS type [ USING culture ] ) (docs: parse-transact-sql.md).
        this.i += 2;
        const expr = this.expr();
        this.expectWord("AS");
        const type = this.dataType();
        const culture = this.acceptWord("USING") ? this.expr() : undefined;
        this.expectPunct(")");
        return { kind: "cast", fn: upper, type, expr, ...(culture ? { culture } : {}), line };
      }
      if (upper === "TRIM" && this.atPunct("(", 1)) {
        // TRIM ( [ LEADING | TRAILING | BOTH ] [ characters FROM ] string ) (docs: trim-transact-sql.md) → a call
        // TRIM(side, characters, string) when a side is written, TRIM(characters, string), or TRIM(string).
        this.i += 2;
        const side = ["LEADING", "TRAILING", "BOTH"].find((w) => this.atWord(w));
        if (side) this.i++;
        let characters: A.Expr | undefined;
        let subject: A.Expr;
        if (side && this.acceptWord("FROM")) subject = this.expr();
        else {
          const first = this.expr();
          if (this.acceptWord("FROM")) {
            characters = first;
            subject = this.expr();
          } else subject = first;
        }
        this.expectPunct(")");
        const blank: A.Expr = { kind: "literal", type: "string", value: " ", line };
        const args: A.Expr[] = side
          ? [{ kind: "literal", type: "string", value: side, line }, characters ?? blank, subject]
          : characters
            ? [characters, subject]
            : [subject];
        return { kind: "call", name: ["TRIM"], args, line };
      }
      if ((upper === "CONVERT" || upper === "TRY_CONVERT") && this.atPunct("(", 1)) {
        this.i += 2;
        const type = this.dataType();
        this.expectPunct(",");
        const expr = this.expr();
        const style = this.acceptPunct(",") ? this.expr() : undefined;
        this.expectPunct(")");
        return { kind: "cast", fn: upper, type, expr, ...(style ? { style } : {}), line };
      }
      if (
        RESERVED.has(upper) &&
        ![
          "LEFT",
          "RIGHT",
          "COALESCE",
          "NULLIF",
          "CURRENT_TIMESTAMP",
          "CURRENT_USER",
          "SESSION_USER",
          "SYSTEM_USER",
          "USER",
        ].includes(upper) &&
        !(this.atPunct("(", 1) && ["IDENTITY", "CONTAINS"].includes(upper))
      ) {
        this.fail("Expected an expression");
      }
      if (
        ["CURRENT_TIMESTAMP", "CURRENT_USER", "SESSION_USER", "SYSTEM_USER", "USER"].includes(upper) &&
        !this.atPunct("(", 1)
      ) {
        this.i++;
        return { kind: "call", name: [upper], args: [], line };
      }
    }
    // Name, possibly multi-part, possibly a call.
    const parts: string[] = [];
    parts.push(this.next().text);
    while (this.atPunct(".") && (this.atName(1) || this.atPunct(".", 1))) {
      this.i++;
      if (this.atPunct(".")) {
        parts.push("");
        continue;
      }
      parts.push(this.next().text);
    }
    if (this.atPunct("(")) {
      const call = this.call(parts, line);
      return call;
    }
    return { kind: "column", parts, line };
  }

  private call(name: string[], line: number): A.Call {
    this.expectPunct("(");
    const call: A.Call = { kind: "call", name, args: [], line };
    const jsonConstructor = name.length === 1 && ["JSON_OBJECT", "JSON_ARRAY"].includes(name[0]!.toUpperCase());
    if (jsonConstructor) this.jsonConstructorArgs(call, name[0]!.toUpperCase() === "JSON_OBJECT");
    else if (!this.atPunct(")")) {
      if (this.acceptWord("DISTINCT")) call.distinct = true;
      else this.acceptWord("ALL");
      do call.args.push(this.expr());
      while (this.acceptPunct(","));
    }
    this.expectPunct(")");
    if (this.atWord("WITHIN") && this.atWordAt(1, "GROUP")) {
      this.i += 2;
      this.expectPunct("(");
      this.expectWord("ORDER");
      this.expectWord("BY");
      call.withinGroup = this.orderList();
      this.expectPunct(")");
    }
    // FIRST_VALUE, LAST_VALUE, LAG and LEAD take IGNORE NULLS or RESPECT NULLS (the default) before OVER (docs:
    // first-value-transact-sql.md, lag-transact-sql.md; SQL Server 2022).
    const nullsFunction = name.length === 1 && NULL_TREATMENT_FUNCTIONS.has(name[0]!.toUpperCase());
    if (nullsFunction && this.atWord("IGNORE", "RESPECT") && this.atWordAt(1, "NULLS")) {
      if (this.next().text.toUpperCase() === "IGNORE") call.ignoreNulls = true;
      this.i++;
    }
    if (this.acceptWord("OVER")) call.over = this.overClause();
    return call;
  }

  /** `(PARTITION BY … ORDER BY … ROWS|RANGE …)` after OVER. */
  private overClause(): A.Over {
    // OVER w, or OVER (w …): a window the query's WINDOW clause names (docs: select-window-transact-sql.md).
    if (!this.atPunct("(")) {
      const over: A.Over = { partitionBy: [], orderBy: [] };
      this.useWindow(over, this.ident());
      return over;
    }
    this.expectPunct("(");
    const name = this.atWindowName() ? this.ident() : undefined;
    const over = this.windowSpecification();
    if (name) this.useWindow(over, name);
    this.expectPunct(")");
    return over;
  }

  private useWindow(over: A.Over, name: string): void {
    const uses = this.windowUses.at(-1);
    if (!uses) this.fail(`OVER ${name}: a named window is only defined for the SELECT it is used in`);
    uses.push({ over, name });
  }

  /** `[PARTITION BY …] [ORDER BY …] [ROWS|RANGE …]` up to the closing parenthesis. */
  private windowSpecification(): A.Over {
    const over: A.Over = { partitionBy: [], orderBy: [] };
    if (this.atWord("PARTITION")) {
      this.i++;
      this.expectWord("BY");
      do over.partitionBy.push(this.expr());
      while (this.acceptPunct(","));
    }
    if (this.atWord("ORDER")) {
      this.i++;
      this.expectWord("BY");
      over.orderBy = this.orderList();
    }
    if (this.atWord("ROWS", "RANGE")) {
      const start = this.peek()!;
      let end = start;
      while (!this.atPunct(")")) end = this.next();
      over.frame = this.source.slice(start.start, end.end);
    }
    return over;
  }

  /**
   * `JSON_OBJECT('k': v, … [NULL | ABSENT] ON NULL)` (args alternate key, value) and
   * `JSON_ARRAY(v, … [NULL | ABSENT] ON NULL)` (docs: json-object-transact-sql.md, json-array-transact-sql.md).
   */
  private jsonConstructorArgs(call: A.Call, keyed: boolean): void {
    const atOnNull = () => this.atWord("NULL", "ABSENT") && this.atWordAt(1, "ON") && this.atWordAt(2, "NULL");
    if (!this.atPunct(")") && !atOnNull()) {
      do {
        call.args.push(this.expr());
        if (keyed) {
          const colon = this.peek();
          if (colon?.type !== "operator" || colon.text !== ":")
            this.fail("Expected ':' between a JSON_OBJECT key and its value");
          this.i++;
          call.args.push(this.expr());
        }
      } while (this.acceptPunct(","));
    }
    if (atOnNull()) {
      call.jsonOnNull = this.next().text.toUpperCase() as "NULL" | "ABSENT";
      this.i += 2;
    }
  }

  private caseExpr(): A.Case {
    const line = this.line;
    this.expectWord("CASE");
    const operand = this.atWord("WHEN") ? undefined : this.expr();
    const whens: A.Case["whens"] = [];
    while (this.acceptWord("WHEN")) {
      const when = this.expr();
      this.expectWord("THEN");
      whens.push({ when, then: this.expr() });
    }
    if (!whens.length) this.fail("Expected WHEN in CASE");
    const els = this.acceptWord("ELSE") ? this.expr() : undefined;
    this.expectWord("END");
    return { kind: "case", ...(operand ? { operand } : {}), whens, ...(els ? { else: els } : {}), line };
  }
}

/** A system type's arguments: a length, a precision and scale, or fractional seconds, as the type takes them. */
/** A declared type as the translator reads types: an alias type's name lower-cased, typed xml refused. */
function typeRef(declared: DeclaredType, line: number): A.TypeRef {
  const { schema: _schema, alias, xmlSchemaCollection, ...type } = declared;
  if (xmlSchemaCollection !== undefined)
    // PostgreSQL's xml has no schema collections: a value SQL Server would reject would pass unchecked.
    throw new ParseError(`xml typed by the schema collection ${xmlSchemaCollection} is not supported`, line);
  return alias ? { ...type, name: type.name.toLowerCase() } : type;
}

/** A column definition with its type as the translator reads types (typeRef). */
function translatorColumn(column: A.ColumnDef): A.ColumnDef {
  return column.type ? { ...column, type: typeRef(column.type, column.line) } : column;
}

function applyTypeArguments(type: DeclaredType, [a, b]: (number | "max")[], line: number) {
  const numeric = (v: number | "max" | undefined) => {
    if (typeof v !== "number") throw new ParseError(`${type.name} takes a number, not "max"`, line);
    return v;
  };
  if (LENGTH_TYPES.has(type.name)) type.length = a;
  else if (type.name === "decimal" || type.name === "numeric") {
    type.precision = numeric(a);
    if (b !== undefined) type.scale = numeric(b);
  } else if (type.name === "float") {
    // "SQL Server treats n as one of two possible values": 1-24 is real, 25-53 is float(53), which plain float is
    // (docs: float-and-real-transact-sql.md). One spelling per type, so no two spellings compare as different types.
    const bits = numeric(a);
    if (bits < 1 || bits > 53) throw new ParseError(`float(${bits}): n runs from 1 to 53`, line);
    type.name = floatKind({ name: "float", precision: bits })!;
  } else if (FRACTIONAL_SECONDS_TYPES.has(type.name)) type.scale = numeric(a);
  else if (a === "max" && (type.name === "vector" || type.name === "json")) type.length = a;
  else if (typeof a === "number") type.length = a;
}

type NamedWindow = { over: A.Over; base?: string };

/** A named window's parts, then the ones the referring OVER or window adds. */
function mergedWindow(named: A.Over, own: A.Over): A.Over {
  const frame = named.frame ?? own.frame;
  return {
    partitionBy: named.partitionBy.length ? named.partitionBy : own.partitionBy,
    orderBy: named.orderBy.length ? named.orderBy : own.orderBy,
    ...(frame ? { frame } : {}),
  };
}

const NULL_TREATMENT_FUNCTIONS = new Set(["FIRST_VALUE", "LAST_VALUE", "LAG", "LEAD"]);
