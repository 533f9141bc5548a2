import { objectKey, type DataType, type Parameter } from "~/agents/catalog/schema";
import type * as A from "~/agents/tsql/ast";
import { snakeCase } from "~/agents/plan/naming";
import { jinjaString } from "~/agents/escape";
import { columnSql, renamedColumns, type OutputColumn } from "./context";
import type { Emitted, Emitter, Scope } from "./emit";
import { indent, wrap } from "./sql-text";
import { unparen } from "./ast-util";
import { quoteIdent } from "./literals";
import { isDateFormat, LANGUAGES } from "~/agents/tsql/date-formats";
import { SUB_MICROSECOND, dateKind, heldType, isTextHeld } from "./datetime";
import { declaredLength, isString, sameType } from "~/agents/tsql/type-rules";
import { collateClause, columnPgCollation } from "~/agents/dialect/collation";
import { pgType } from "~/agents/dialect/types";
import { mergeIntoTable, upsertTarget, type MergeHost } from "./merge";
import { AFTER_LOOP, LoopRewriter, type CursorState } from "./loops";

/**
 * Procedural T-SQL → one set-based dbt model, following dbt's "migrating from stored procedures" guide.
 *
 * The body is executed symbolically, statement by statement:
 * - parameters are `{{ var('<name>') }}` cast from text to the parameter's PostgreSQL type;
 * - DECLARE / SET / SELECT @v = … bind a variable to a SQL expression (substituted where it is used; a long one
 *   is computed once in a CTE and read by name, so the model stays linear in the procedure's size);
 * - IF … ELSE: assignments become CASE on the condition; rows inserted or returned in a branch are guarded by it;
 * - #temp tables, @table variables and SELECT … INTO become a chain of CTEs; INSERT … SELECT appends a
 *   UNION ALL branch, UPDATE becomes a CASE projection, DELETE an inverted filter;
 * - SET ROWCOUNT n + SELECT → LIMIT n; EXEC other_proc → `select * from {{ ref('other_proc') }}`;
 * - the model returns the final result set.
 * WHILE, cursors, dynamic SQL, OUTPUT, @@ROWCOUNT, writes to permanent tables, RAISERROR/THROW → issues
 * (the translation is then `needs_review`).
 */

/** A temp table or table variable; `identity` is its IDENTITY column, which INSERT numbers itself. */
/**
 * A #temp table or @table variable. `identityIssued`: how many IDENTITY values its INSERTs have handed out so far,
 * while that is known at translation time (VALUES rows outside an IF); undefined once an INSERT's row count is not.
 */
type Table = {
  name: string;
  columns: OutputColumn[];
  current?: string;
  pending: string[];
  identity?: IdentityColumn;
  identityIssued?: number;
};
type IdentityColumn = { name: string; seed: string; increment: string };
type Result = { sql: string; columns: OutputColumn[]; guard?: string };

/** The longest value SQL (characters) a variable is substituted with; a longer one is read from its own CTE. */
const INLINE_LIMIT = 400;

export type ProceduralOutput = { sql: string; columns: OutputColumn[]; returnValue?: { sql: string; type?: DataType } };

export class ProcedureRunner {
  private ctes: string[] = [];
  private tables = new Map<string, Table>();
  private counter = 0;
  /** How a bound variable is read (`(select "v" from "x__1")`), one per CTE bind wrote. */
  private readonly boundReads = new Set<string>();
  private guards: string[] = [];
  private rowcount?: string;
  private results: Result[] = [];
  private returned = false;
  private returns: { guard?: string; sql: string; type?: DataType }[] = [];
  private returnedInBranch = false;
  /** A multi-statement table function's RETURNS @table: a bare RETURN returns its contents at that point. */
  private returnsTable?: string;
  /** Cursors declared so far (lower-case name); `primed`: the one whose first FETCH NEXT the next WHILE loops on. */
  private cursors = new Map<string, CursorState>();
  private primed?: CursorState & { fetchLine: number };
  private readonly loops: LoopRewriter;
  /**
   * Values of assignments that can raise an error (arithmetic, a conversion), as bound. SQL Server runs an
   * assignment when it is reached; a model computes a variable only where it is read, so an assignment overwritten
   * or never read, or read only where no row comes, would never run and its error never happen: the model
   * evaluates each of these once (finish).
   */
  private raising: string[] = [];
  /** MERGEs into permanent tables, with the IF conditions they run under: the model is then that table, incremental. */
  private upserts: { s: A.Merge; guard?: string }[] = [];

  constructor(readonly em: Emitter) {
    this.loops = new LoopRewriter({
      em: this.em,
      table: (target) => this.target(target),
      isLocalTable: (key) => this.tables.has(key),
      flushAll: () => this.flushAll(),
      cteName: (prefix) => `${prefix}__${++this.counter}`,
      addCte: (name, sql) => this.ctes.push(`${quoteIdent(name)} as (\n${indent(sql)}\n)`),
      insertSource: (s) => this.insertSource(s, this.target(s.target)!),
      appendRows: (s, rows) => {
        const t = this.target(s.target)!;
        t.pending.push(this.insertShape(t, s.columns, rows, s.line));
      },
      assign: (name, sql, type, line) => this.assign(name, sql, type, line),
      rowcountSet: () => this.rowcount !== undefined,
    });
  }

  /** Runs a multi-statement table function's body: the result is the RETURNS table when a bare RETURN is met. */
  runTableFunction(table: { name: string; columns: A.ColumnDef[] }, body: A.Statement[], line: number): void {
    this.statement({
      kind: "declare",
      vars: [{ kind: "table", name: table.name, columns: table.columns, line }],
      line,
    });
    this.returnsTable = table.name;
    this.run(body);
    if (!this.returned) this.returnTable(line);
  }

  private returnTable(line: number): void {
    this.select(
      {
        kind: "query",
        ctes: [],
        body: {
          kind: "select",
          distinct: false,
          items: [{ kind: "star", line }],
          from: [{ kind: "variable", name: this.returnsTable!, line }],
          groupBy: [],
          line,
        },
        orderBy: [],
        line,
      },
      line,
    );
  }

  /** Bind procedure/function parameters to dbt vars (`var`) or macro arguments (`macro`). */
  bindParameters(
    params: (A.Param | Parameter)[],
    mode: "var" | "macro",
    defaults?: Map<string, A.Expr | undefined>,
  ): { name: string; default?: string }[] {
    const vars: { name: string; default?: string }[] = [];
    for (const p of params) {
      const name = p.name;
      // A parameter declared varchar/char without a length is one character long (docs: char-and-varchar-transact-sql.md).
      const type = declaredLength(p.type);
      const pg = pgType(type);
      if ("output" in p && p.output)
        this.em.issue(
          "OUTPUT parameter",
          "line" in p ? p.line : undefined,
          `@${name} is an OUTPUT parameter: a model cannot return it`,
        );
      if (mode === "macro") {
        this.em.vars.set(name.toLowerCase(), { sql: `({{ ${jinjaIdent(name)} }})`, type });
        continue;
      }
      const def =
        defaults?.get(name.toLowerCase()) ?? ("default" in p && typeof p.default === "object" ? p.default : undefined);
      let defText: string | undefined;
      let isNullDefault = false;
      if (def) {
        if (def.kind === "literal" && def.type === "null") isNullDefault = true;
        else if (def.kind === "literal") defText = def.value;
        else this.em.issue("parameter default", def.line, `The default of @${name} is not a literal`);
      } else if ("default" in p && typeof p.default === "string") {
        const m = p.default.trim().match(/^N?'((?:[^']|'')*)'$/i);
        if (/^null$/i.test(p.default.trim())) isNullDefault = true;
        else defText = m ? m[1]!.replaceAll("''", "'") : p.default.trim().replace(/^\((.*)\)$/, "$1");
      }
      const v = `var('${name}'${defText !== undefined ? `, '${defText.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'` : isNullDefault ? ", none" : ""})`;
      const sql = isNullDefault
        ? `{% if ${v} is none %}cast(null as ${pg}){% else %}cast('{{ ${v} }}' as ${pg}){% endif %}`
        : `cast('{{ ${v} }}' as ${pg})`;
      this.em.vars.set(name.toLowerCase(), { sql, type });
      vars.push({ name, ...(defText !== undefined ? { default: defText } : {}) });
    }
    return vars;
  }

  run(body: A.Statement[]): void {
    for (const s of body) {
      if (this.returned) break;
      this.statement(s);
    }
  }

  /** The model SQL: the temp-table CTEs, then the final result set. */
  finish(line: number): ProceduralOutput {
    if (this.upserts.length) return this.finishUpsert();
    const last = this.results[this.results.length - 1];
    if (!last) {
      this.em.issue(
        "no result set",
        line,
        "The procedure returns no result set, so there is nothing for a model to return",
      );
      return { sql: 'select 1 as "no_result" where false', columns: [] };
    }
    if (last.guard)
      this.em.issue("conditional result set", line, "The final result set is only returned under a condition");
    // A filter that reads no column of its query is evaluated once, before the first row and whether any comes
    // (PostgreSQL's one-time filter), and num_nonnulls is never NULL, so the rows are those of the result.
    const sql = this.wrap(
      this.raising.length
        ? `select * from (\n${indent(last.sql)}\n) as "__evaluated" where num_nonnulls(${this.raising.join(", ")}) >= 0`
        : last.sql,
    );
    this.readsAfterLoop(sql, line);
    return { sql, columns: last.columns };
  }

  /** For scalar functions: the RETURN value, as a CASE over the guarded RETURNs. */
  finishScalar(line: number): { sql: string; type?: DataType } {
    if (!this.returns.length) {
      this.em.issue("RETURN", line, "The function has no RETURN value");
      return { sql: "null" };
    }
    const type = this.returns.find((r) => r.type)?.type;
    const lastUnguarded = [...this.returns].reverse().find((r) => !r.guard);
    const guarded = this.returns.filter((r) => r.guard && r !== lastUnguarded);
    let sql = lastUnguarded?.sql ?? "null";
    if (guarded.length) sql = `case ${guarded.map((r) => `when ${r.guard} then ${r.sql}`).join(" ")} else ${sql} end`;
    // Each call runs every assignment, as the procedure's model does once (finish).
    if (this.raising.length) sql = `case when num_nonnulls(${this.raising.join(", ")}) >= 0 then ${sql} end`;
    const ctes = readCtes(this.ctes, sql);
    if (ctes.length) sql = `(with ${ctes.join(",\n")}\nselect ${sql})`;
    this.readsAfterLoop(sql, line);
    return { sql, ...(type ? { type } : {}) };
  }

  /** A variable a cursor loop fetched into, read after the loop: SQL Server gives the last row fetched. */
  private readsAfterLoop(sql: string, line: number): void {
    for (const m of sql.matchAll(new RegExp(`${AFTER_LOOP}(\\w+)`, "g"))) {
      this.em.issue(
        "cursor",
        line,
        `@${m[1]} is read after its cursor loop: it holds the last row fetched, which the set-based rewrite does not keep`,
      );
    }
    if (this.primed)
      this.em.issue(
        "cursor",
        this.primed.fetchLine,
        `FETCH FROM ${this.primed.name} is not followed by WHILE @@FETCH_STATUS = 0`,
      );
  }

  private wrap(sql: string): string {
    const ctes = readCtes(this.ctes, sql);
    if (!ctes.length) return sql;
    return `with ${ctes.join(",\n")}\n${sql.startsWith("with ") ? `(\n${indent(sql)}\n)` : sql}`;
  }

  private guard(): string | undefined {
    return this.guards.length ? this.guards.map((g) => wrap(g)).join(" and ") : undefined;
  }

  private statement(s: A.Statement): void {
    const em = this.em;
    if (this.primed && s.kind !== "while") {
      em.issue(
        "cursor",
        this.primed.fetchLine,
        `FETCH FROM ${this.primed.name} is not followed by WHILE @@FETCH_STATUS = 0`,
      );
      this.primed = undefined;
    }
    switch (s.kind) {
      case "block":
        for (const x of s.body) {
          if (this.returned) break;
          this.statement(x);
        }
        return;
      case "declare":
        for (const v of s.vars) {
          if (v.kind === "scalar") {
            const type = declaredLength(v.type);
            const init = v.init ? this.expr(v.init) : undefined;
            const value = init ? em.assignTo(init, type, v.line) : em.assignTo({ sql: "null" }, type, v.line);
            this.bind(v.name, value.sql, value.type ?? type);
            if (v.init && init && canRaise(v.init, init.sql !== value.sql && !isString(type)))
              this.raiseChecked(v.name, v.init, v.line, true);
          } else if (v.kind === "table") {
            em.constructs.add("table variable");
            this.createTable(
              "@" + v.name,
              this.declaredColumns("@" + v.name, v.columns, "table variable"),
              this.identityOf(v.columns),
            );
          } else {
            em.constructs.add("cursor");
            this.cursors.set(v.name.toLowerCase(), { name: v.name, query: v.query, line: v.line });
          }
        }
        return;
      case "setvar": {
        const cur = em.vars.get(s.name.toLowerCase());
        if (!cur) {
          em.issue("variables", s.line, `Variable @${s.name} is not declared`);
          return;
        }
        let value = this.expr(s.expr);
        if (s.op !== "=") {
          value = em.arithmetic(s.op[0]!, { sql: cur.sql, ...(cur.type ? { type: cur.type } : {}) }, value, {
            kind: "binary",
            op: s.op[0]!,
            left: s.expr,
            right: s.expr,
            line: s.line,
          });
        }
        this.assign(s.name, value.sql, value.type, s.line, s.expr);
        return;
      }
      case "setoption":
        if (s.option === "ROWCOUNT") {
          if (this.guards.length) em.issue("SET ROWCOUNT", s.line, "SET ROWCOUNT inside IF is not translated");
          const v = this.expr(s.value!);
          this.rowcount = v.sql === "0" ? undefined : v.sql;
          em.constructs.add("SET ROWCOUNT");
        } else if (s.option === "DATEFIRST" || s.option === "DATEFORMAT" || s.option === "LANGUAGE") {
          this.dateSetting(s);
        } else {
          em.constructs.add(`SET ${s.option}`);
          this.nullSetting(s);
        }
        return;
      case "if":
        return this.ifStatement(s);
      case "while":
        return this.whileLoop(s);
      case "return":
        if (s.expr) {
          const v = this.expr(s.expr);
          const g = this.guard();
          this.returns.push({ ...(g ? { guard: g } : {}), sql: v.sql, ...(v.type ? { type: v.type } : {}) });
        }
        if (s.query) {
          const r = this.em.query(s.query, this.scope());
          this.results.push({ sql: r.sql, columns: r.columns });
        }
        if (!s.expr && !s.query && this.returnsTable) this.returnTable(s.line);
        if (this.guards.length) this.returnedInBranch = true;
        else this.returned = true;
        return;
      case "break":
      case "continue":
        em.issue("WHILE", s.line, `${s.kind.toUpperCase()} outside a translatable loop`);
        return;
      case "select":
        return this.select(s.query, s.line);
      case "insert":
        if (s.ctes?.length) {
          this.em.issue("INSERT", s.line, "a WITH common table expression before INSERT is not translated");
          return;
        }
        return this.insert(s);
      case "update":
        if (s.ctes?.length) {
          this.em.issue("UPDATE", s.line, "a WITH common table expression before UPDATE is not translated");
          return;
        }
        return this.update(s);
      case "delete":
        if (s.ctes?.length) {
          this.em.issue("DELETE", s.line, "a WITH common table expression before DELETE is not translated");
          return;
        }
        return this.delete(s);
      case "merge":
        if (s.ctes?.length) {
          this.em.issue("MERGE", s.line, "a WITH common table expression before MERGE is not translated");
          return;
        }
        return this.merge(s);
      case "createtable":
        if (s.name[0]?.startsWith("#")) {
          em.constructs.add("temp table");
          this.createTable(
            s.name[0],
            this.declaredColumns(s.name[0], s.columns, "temp table"),
            this.identityOf(s.columns),
          );
        } else em.issue("CREATE TABLE", s.line, `CREATE TABLE ${s.name.join(".")} creates a permanent table`);
        return;
      case "drop":
        for (const n of s.names) {
          if (s.objectType === "TABLE" && n[0]?.startsWith("#")) this.tables.delete(n[0].toLowerCase());
          else em.issue("DROP", s.line, `DROP ${s.objectType} ${n.join(".")} changes the database`);
        }
        return;
      case "truncate": {
        const t = this.tables.get(s.name[0]!.toLowerCase());
        if (t && s.name.length === 1) {
          t.current = undefined;
          t.pending = [];
        } else em.issue("TRUNCATE", s.line, `TRUNCATE TABLE ${s.name.join(".")} changes a permanent table`);
        return;
      }
      case "exec": {
        const r = this.exec(s);
        if (r) this.results.push({ ...r, ...(this.guard() ? { guard: this.guard()! } : {}) });
        return;
      }
      case "transaction":
        em.constructs.add("transaction");
        return;
      case "try":
        em.constructs.add("TRY/CATCH");
        for (const x of s.body) this.statement(x);
        return;
      case "raiserror":
      case "throw":
        em.issue(
          s.kind === "throw" ? "THROW" : "RAISERROR",
          s.line,
          "Error checks become dbt data tests; review the condition",
        );
        return;
      case "print":
        em.constructs.add("PRINT");
        return;
      case "cursor":
        return this.cursorOp(s);
      case "use":
        return;
      case "other":
        if (s.keyword === "GO") return;
        em.issue("statement", s.line, `${s.keyword} is not translated`);
        return;
      default:
        em.issue("statement", s.line, `${s.kind} inside a procedure is not translated`);
    }
  }

  /**
   * OPEN reads the cursor's rows (with the variables' values at that point, as a STATIC cursor does; the loop
   * rewrite refuses a body that writes a table the cursor reads); the first FETCH NEXT INTO primes the WHILE loop
   * that must follow it. Any other use of a cursor is a review item.
   */
  private cursorOp(s: A.CursorOp): void {
    const c = this.cursors.get(s.name.toLowerCase());
    if (!c) {
      this.em.issue("cursor", s.line, `Cursor ${s.name} is not declared in this procedure`);
      return;
    }
    if (s.op === "OPEN") {
      this.flushAll();
      c.rows = this.em.query(c.query, this.scope());
      c.into = undefined;
    } else if (s.op === "FETCH") {
      if (!c.rows || c.into || s.direction !== "NEXT" || !s.into.length) {
        this.em.issue(
          "cursor",
          s.line,
          `FETCH ${s.direction ?? "NEXT"} FROM ${s.name} outside the pattern FETCH NEXT … INTO; WHILE @@FETCH_STATUS = 0 BEGIN … FETCH NEXT … END`,
        );
        return;
      }
      c.into = s.into;
      this.primed = { ...c, fetchLine: s.line };
    }
  }

  private whileLoop(s: A.While): void {
    const c = s.cond;
    const fetchStatus =
      c.kind === "binary" &&
      c.op === "=" &&
      c.left.kind === "variable" &&
      c.left.name.toUpperCase() === "@FETCH_STATUS" &&
      c.right.kind === "literal" &&
      c.right.value === "0";
    if (fetchStatus) {
      const primed = this.primed;
      this.primed = undefined;
      if (!primed) {
        this.em.issue("WHILE", s.line, "WHILE @@FETCH_STATUS = 0 without a FETCH NEXT … INTO just before it");
        return;
      }
      this.loops.cursorLoop(s, primed);
      return;
    }
    this.loops.counterLoop(s);
  }

  private scope(): Scope {
    return { sources: [] };
  }

  private expr(e: A.Expr) {
    return this.em.expr(e, this.scope());
  }

  /**
   * SET DATEFIRST n / SET DATEFORMAT order / SET LANGUAGE: the setting holds for the statements after it, until the
   * procedure returns (docs set-datefirst-transact-sql.md, set-dateformat-transact-sql.md). The translator reads
   * each statement in order, so the emitter's setting at that point is the one SQL Server would use.
   */
  private dateSetting(s: A.SetOption): void {
    const em = this.em;
    em.constructs.add(`SET ${s.option}`);
    const word = (s.words[0] ?? "").toLowerCase();
    if (this.guards.length) {
      em.issue(`SET ${s.option}`, s.line, `SET ${s.option} inside IF is not translated`);
      return;
    }
    if (s.option === "DATEFIRST" && /^[1-7]$/.test(word)) em.dateFirst = Number(word);
    else if (s.option === "DATEFORMAT" && isDateFormat(word)) em.dateFormat = word;
    else if (s.option === "LANGUAGE" && LANGUAGES.has(word.replace(/^n?'|'$/g, ""))) {
      // The language's DATEFORMAT and DATEFIRST (set-language-transact-sql.md); its names are flagged where read.
      const language = LANGUAGES.get(word.replace(/^n?'|'$/g, ""))!;
      em.dateFirst = language.dateFirst;
      em.dateFormat = language.dateFormat;
      em.language = language.name === "us_english" ? undefined : language.name;
    } else
      em.issue(
        `SET ${s.option}`,
        s.line,
        `SET ${s.option} ${s.words.join(" ")} is not translated (only literal settings, and languages whose date order is known)`,
      );
  }

  /**
   * SET CONCAT_NULL_YIELDS_NULL OFF: string + NULL yields the string from here on (docs:
   * set-concat-null-yields-null-transact-sql.md). SET ANSI_NULLS inside a procedure does not change the setting
   * SQL Server runs it with (the one at CREATE time, docs: set-ansi-nulls-transact-sql.md), so comparisons it
   * would affect are review items. Options may come in a list: SET ANSI_NULLS, CONCAT_NULL_YIELDS_NULL OFF.
   */
  private nullSetting(s: A.SetOption): void {
    const value = s.words[s.words.length - 1]?.toUpperCase();
    if (value !== "ON" && value !== "OFF") return;
    const options = [s.option, ...s.words.slice(0, -1)].map((o) => o.toUpperCase());
    if (options.includes("CONCAT_NULL_YIELDS_NULL")) {
      if (this.guards.length)
        this.em.issue("SET CONCAT_NULL_YIELDS_NULL", s.line, "SET CONCAT_NULL_YIELDS_NULL inside IF is not translated");
      else this.em.concatNullYieldsNull = value === "ON";
    }
    if (options.includes("ANSI_NULLS")) this.em.ansiNullsSetInBody = value;
  }

  /** A value written to a column (UPDATE SET, MERGE): a known non-string, non-date type converts as an assignment does. */
  private castTo(sql: string, from: DataType | undefined, to: DataType, line: number): string {
    if (sameType(from, to)) return sql;
    if (sql === "null") return `cast(null as ${pgType(to)})`;
    if (from && !isString(to) && !dateKind(to)) return wrap(this.em.assignTo({ sql, type: from }, to, line).sql);
    return `cast(${sql} as ${pgType(to)})`;
  }

  /** `expr`: the T-SQL assigned, when its evaluation may raise an error SQL Server would raise here. */
  private assign(name: string, sql: string, type: DataType | undefined, line: number, expr?: A.Expr): void {
    const cur = this.em.vars.get(name.toLowerCase())!;
    // The declared type, without the form a previous value was held in (a 100-ns datetime2 is held as text).
    const declared = cur.type ? heldType(cur.type) : undefined;
    const converted = declared
      ? this.em.assignTo({ sql, ...(type ? { type } : {}) }, declared, line)
      : { sql, ...(type ? { type } : {}) };
    let value = converted.sql;
    const g = this.guard();
    if (g) {
      if (isTextHeld(converted.type) !== isTextHeld(cur.type))
        this.em.issue(
          SUB_MICROSECOND,
          line,
          `@${name} holds a value with 100-ns digits in one branch only; not translated`,
        );
      value = `case when ${g} then ${value} else ${cur.sql} end`;
    }
    this.bind(name, value, converted.type ?? declared);
    if (expr && canRaise(expr, converted.sql !== sql && !isString(declared)))
      this.raiseChecked(name, expr, line, false);
  }

  /**
   * The variable's value as just bound is evaluated by the model whether or not it is read (`raising`); under IF
   * only when the branch runs (`declared`: a DECLARE's value, which is not guarded as an assignment's is).
   */
  private raiseChecked(name: string, expr: A.Expr, line: number, declared: boolean): void {
    const g = this.guard();
    if (g && dividesByZero(expr)) {
      // PostgreSQL folds a constant 1 / 0 while planning, so the model would fail whether or not the IF runs it.
      this.em.issue(
        "IF",
        line,
        `@${name} is set to a division by zero under IF: SQL Server raises the error only when the branch runs, the model would raise it always`,
      );
      return;
    }
    const value = this.em.vars.get(name.toLowerCase())!.sql;
    // A value fetched by a cursor loop is flagged where it is read; it is not evaluated on its own.
    if (value.includes(AFTER_LOOP)) return;
    this.raising.push(g && declared ? `case when ${g} then ${value} end` : value);
  }

  /**
   * Binds a variable to its value, which is substituted wherever the variable is read. A value built from the
   * variable's previous one (`SET @d = DATEADD(…, @d)` again and again, or a CASE over it under IF) would copy
   * the earlier text at every step and grow exponentially: a value longer than INLINE_LIMIT is computed once, in a
   * one-row CTE at this point of the chain (so it holds what the variable held here), and read from there by name.
   * Short values stay inline, where the emitter still reads constants (a date string, a literal count). A value
   * holding a fetched variable after its cursor loop stays inline: `readsAfterLoop` flags it only where it is read.
   */
  private bind(name: string, sql: string, type: DataType | undefined): void {
    let value = sql;
    // A value built on a bound one (`SET @d = DATEADD(…, -@years, @d)` after @years was bound) is bound too, however
    // short: inlined, each later step would copy it into every use and nest it past any line a reader can follow.
    const readsBound = [...this.boundReads].some((read) => value.includes(read));
    if ((value.length > INLINE_LIMIT || readsBound) && !value.includes(AFTER_LOOP)) {
      const cte = `${snakeCase(name, "v")}__${++this.counter}`;
      this.ctes.push(`${quoteIdent(cte)} as (\n  select ${value} as "v"\n)`);
      value = `(select "v" from ${quoteIdent(cte)})`;
      this.boundReads.add(value);
    }
    this.em.vars.set(name.toLowerCase(), { sql: value, ...(type ? { type } : {}) });
  }

  private ifStatement(s: A.If): void {
    this.em.constructs.add("IF");
    const cond = this.em.predicate(s.cond, this.scope());
    const before = this.results.length;
    const wasReturned = this.returnedInBranch;
    this.returnedInBranch = false;
    this.guards.push(`coalesce(${cond}, false)`);
    this.statement(s.then);
    this.guards.pop();
    const thenReturned = this.returnedInBranch;
    this.returnedInBranch = false;
    const thenResults = this.results.length - before;
    const mid = this.results.length;
    if (s.else) {
      this.guards.push(`not coalesce(${cond}, false)`);
      this.statement(s.else);
      this.guards.pop();
    }
    const elseReturned = this.returnedInBranch;
    this.returnedInBranch = wasReturned;
    const elseResults = this.results.length - mid;
    // One result set per branch: merge them into a single result guarded by the condition.
    if (thenResults >= 1 && elseResults >= 1) {
      const a = this.results[mid - 1]!;
      const b = this.results[this.results.length - 1]!;
      if (a.columns.length === b.columns.length) {
        const sql = `select * from (\n${indent(a.sql)}\n) as "__then" where ${a.guard}\nunion all\nselect * from (\n${indent(b.sql)}\n) as "__else" where ${b.guard}`;
        const g = this.guard();
        this.results.splice(before, this.results.length - before, {
          sql,
          columns: a.columns,
          ...(g ? { guard: g } : {}),
        });
      }
    }
    if (thenReturned && elseReturned) {
      if (this.guards.length) this.returnedInBranch = true;
      else this.returned = true;
    } else if (thenReturned) this.guards.push(`not coalesce(${cond}, false)`);
    else if (elseReturned) this.guards.push(`coalesce(${cond}, false)`);
  }

  private createTable(name: string, columns: OutputColumn[], identity?: IdentityColumn): Table {
    // Its CTEs name the columns as every other relation after staging does.
    const t: Table = {
      name,
      columns: renamedColumns(columns),
      pending: [],
      ...(identity ? { identity, identityIssued: 0 } : {}),
    };
    this.tables.set(name.toLowerCase(), t);
    this.em.locals.set(name.toLowerCase(), { kind: "temp", sql: "", columns: t.columns });
    return t;
  }

  /** Emit the pending inserts of a table as a new CTE and point the name at it. */
  private flush(t: Table): string {
    if (t.current && !t.pending.length) return t.current;
    const cte = `${tableCteBase(t.name)}__${++this.counter}`;
    const parts = [...(t.current ? [`select * from ${quoteIdent(t.current)}`] : []), ...t.pending];
    const body = parts.length
      ? parts.join("\nunion all\n")
      : `select ${t.columns.map((c) => `${typedNull(c)} as ${columnSql(c)}`).join(", ")}\nwhere false`;
    this.ctes.push(`${quoteIdent(cte)} as (\n${indent(body)}\n)`);
    t.current = cte;
    t.pending = [];
    this.em.locals.set(t.name.toLowerCase(), { kind: "temp", sql: quoteIdent(cte), columns: t.columns });
    return cte;
  }

  /** Flush every table a statement may read. */
  private flushAll(): void {
    for (const t of this.tables.values()) this.flush(t);
  }

  private target(tr: A.TableRef | A.VariableTable): Table | undefined {
    const key =
      tr.kind === "variable" ? "@" + tr.name.toLowerCase() : tr.name.length === 1 ? tr.name[0]!.toLowerCase() : "";
    return this.tables.get(key);
  }

  private select(q: A.Query, line: number): void {
    const core = q.body.kind === "select" ? q.body : undefined;
    this.flushAll();
    if (core && core.items.some((i) => i.kind === "assign")) return this.selectAssign(q, core, line);
    if (core?.into) {
      const name = core.into.join(".");
      if (!core.into[0]!.startsWith("#")) {
        this.em.issue("SELECT INTO", line, `SELECT … INTO ${name} creates a permanent table`);
        return;
      }
      this.em.constructs.add("SELECT INTO");
      const inner = { ...core };
      delete inner.into;
      const r = this.em.query({ ...q, body: inner }, this.scope(), this.limit());
      const t = this.createTable(core.into[0]!, r.columns);
      t.pending.push(this.guarded(r.sql));
      this.flush(t);
      return;
    }
    const r = this.em.query(q, this.scope(), this.limit());
    const g = this.guard();
    this.results.push({ sql: r.sql, columns: r.columns, ...(g ? { guard: g } : {}) });
  }

  private limit(): { limit?: number } {
    if (this.rowcount === undefined) return {};
    const n = Number(this.rowcount);
    if (!Number.isInteger(n)) {
      this.em.issue("SET ROWCOUNT", undefined, "SET ROWCOUNT with a non-literal count is not translated");
      return {};
    }
    return { limit: n };
  }

  private guarded(sql: string): string {
    const g = this.guard();
    return g ? `select * from (\n${indent(sql)}\n) as "__g" where ${g}` : sql;
  }

  /** SELECT @a = x, @b = y FROM … → each variable bound to a scalar subquery. */
  private selectAssign(q: A.Query, core: A.SelectCore, line: number): void {
    this.em.constructs.add("SELECT @variable =");
    if (core.items.some((i) => i.kind !== "assign")) {
      this.em.issue("SELECT @variable =", line, "A SELECT cannot both assign variables and return rows");
      return;
    }
    const noFrom = !core.from.length && !core.where;
    const aggregateOnly = core.items.every((i) => i.kind === "assign" && hasAggregate(i.expr)) && !core.groupBy.length;
    const single =
      noFrom || aggregateOnly || (core.top && core.top.expr.kind === "literal" && core.top.expr.value === "1");
    if (!single)
      this.em.issue(
        "SELECT @variable =",
        line,
        "SELECT @v = … FROM may read several rows; SQL Server keeps the last one (order undefined)",
      );
    for (const item of core.items) {
      if (item.kind !== "assign") continue;
      const cur = this.em.vars.get(item.variable.toLowerCase());
      if (!cur) {
        this.em.issue("variables", item.line, `Variable @${item.variable} is not declared`);
        continue;
      }
      let value: { sql: string; type?: DataType };
      if (noFrom) value = this.expr(item.expr);
      else {
        const one: A.SelectCore = { ...core, items: [{ kind: "expr", expr: item.expr, alias: "v", line: item.line }] };
        delete one.top;
        const r = this.em.query({ ...q, body: one }, this.scope(), aggregateOnly ? {} : { limit: 1 });
        value = {
          sql: aggregateOnly ? `(\n${indent(r.sql)}\n)` : `coalesce((\n${indent(r.sql)}\n), ${cur.sql})`,
          ...(r.columns[0]?.type ? { type: r.columns[0].type } : {}),
        };
        if (!aggregateOnly) {
          // No row: the variable keeps its value. A row with NULL: it becomes NULL.
          value.sql = `case when exists (\n${indent(r.sql)}\n) then (\n${indent(r.sql)}\n) else ${cur.sql} end`;
        }
      }
      if (item.op !== "=") {
        const combined = this.em.arithmetic(
          item.op[0]!,
          { sql: cur.sql, ...(cur.type ? { type: cur.type } : {}) },
          value,
          { kind: "binary", op: item.op[0]!, left: item.expr, right: item.expr, line: item.line },
        );
        value = combined;
      }
      this.assign(item.variable, value.sql, value.type, item.line, item.expr);
    }
  }

  /** The IDENTITY column of a table definition, with its seed and increment as SQL (default 1, 1). */
  private identityOf(columns: A.ColumnDef[]): IdentityColumn | undefined {
    const c = columns.find((x) => x.identity);
    if (!c?.identity) return undefined;
    return { name: c.name, ...c.identity };
  }

  /**
   * A temp table's or table variable's columns as declared. A text column compares under its COLLATE, else
   * under the default (tempdb's for a temp table, the database's for a table variable: the database's here), and a
   * reference to it is a column's, implicit (docs: collation-precedence-transact-sql.md); every state of the table
   * is selected under it (insertShape, merge.ts), so PostgreSQL knows it too. The rows built here hold only what an
   * INSERT gives, so a column SQL Server fills itself (a DEFAULT, a computed column) would read NULL: each such
   * column needs review.
   */
  private declaredColumns(
    table: string,
    columns: A.ColumnDef[],
    construct: "temp table" | "table variable",
  ): OutputColumn[] {
    return columns.map((c) => {
      if (c.computed) this.em.issue(construct, c.line, `${table}: the computed column ${c.name} is not translated`);
      else if (c.default)
        this.em.issue(construct, c.line, `${table}: the DEFAULT of column ${c.name} is not translated`);
      if (!c.type) return { name: c.name };
      const type = declaredLength(c.type);
      const collation = isString(type)
        ? columnPgCollation(c.collation ?? this.em.ctx.catalog.collation).tsql
        : undefined;
      return { name: c.name, type, ...(collation ? { collation } : {}) };
    });
  }

  private insertShape(
    t: Table,
    columns: string[] | undefined,
    source: Emitted,
    line: number,
    rowCount?: number,
  ): string {
    // Without a column list the values fill the columns in order, skipping the IDENTITY column (docs:
    // insert-transact-sql.md: "the identity column … is not specified in the column list").
    const names =
      columns ?? t.columns.filter((c) => c.name.toLowerCase() !== t.identity?.name.toLowerCase()).map((c) => c.name);
    if (names.length !== source.columns.length)
      this.em.issue("INSERT", line, `INSERT into ${t.name}: ${names.length} columns, ${source.columns.length} values`);
    const inner = source.columns.map((_, i) => `"__c${i + 1}"`);
    const list = t.columns.map((c) => {
      const i = names.findIndex((n) => n.toLowerCase() === c.name.toLowerCase());
      const pg = c.type ? pgType(c.type) : undefined;
      if (i < 0 && t.identity && c.name.toLowerCase() === t.identity.name.toLowerCase())
        return `${this.identityValues(t, line, rowCount)}${pg ? `::${pg}` : ""} as ${columnSql(c)}`;
      if (i < 0) return `cast(null as ${pg ?? "text"}) as ${columnSql(c)}`;
      // A temp table's text columns compare under their declared collation (declaredColumns).
      const collate = isString(c.type) ? ` ${collateClause(columnPgCollation(c.collation))}` : "";
      // A value of a known type converts to the column's as an assignment does (2.7 into an int column is 2).
      const from = source.columns[i]?.type;
      const value = `"__i"."__c${i + 1}"`;
      if (pg && from && c.type && !isString(c.type) && !dateKind(c.type))
        return `${wrap(this.em.assignTo({ sql: value, type: from }, c.type, line).sql)}${collate} as ${columnSql(c)}`;
      return pg ? `cast(${value} as ${pg})${collate} as ${columnSql(c)}` : `${value} as ${columnSql(c)}`;
    });
    const g = this.guard();
    return `select ${list.join(", ")}\nfrom (\n${indent(source.sql)}\n) as "__i" (${inner.join(", ")})${g ? `\nwhere ${g}` : ""}`;
  }

  /**
   * The IDENTITY values of an INSERT's rows: the next values after those handed out before, in the order the rows
   * come. SQL Server never reuses a value (rows deleted in between do not matter), so the numbering continues from
   * the count of values issued — known while every earlier INSERT had a row count fixed at translation time.
   */
  private identityValues(t: Table, line: number, rowCount: number | undefined): string {
    const issued = t.identityIssued;
    if (issued === undefined)
      this.em.issue(
        "IDENTITY",
        line,
        `IDENTITY values of this INSERT into ${t.name} depend on how many rows an earlier INSERT added; not translated`,
      );
    t.identityIssued = issued !== undefined && rowCount !== undefined ? issued + rowCount : undefined;
    return `(${wrap(t.identity!.seed)} + ${wrap(t.identity!.increment)} * (${issued ?? 0} + row_number() over () - 1))`;
  }

  private insert(s: A.Insert): void {
    const t = this.target(s.target);
    if (s.output) this.em.issue("OUTPUT", s.line, "The OUTPUT clause is not translated");
    if (!t) {
      this.em.issue("INSERT", s.line, "INSERT into a permanent table is outside a model's scope");
      return;
    }
    this.em.constructs.add("INSERT … SELECT");
    const source = this.insertSource(s, t);
    if (!source) return;
    const rowCount = s.source.kind === "values" && !this.guards.length ? s.source.rows.length : undefined;
    t.pending.push(this.insertShape(t, s.columns, source, s.line, rowCount));
  }

  /** The rows an INSERT's VALUES, SELECT or EXEC gives (undefined, with an issue, when it cannot be translated). */
  private insertSource(s: A.Insert, t: Table): Emitted | undefined {
    let source: Emitted | undefined;
    if (s.source.kind === "query") {
      this.flushAll();
      source = this.em.query(s.source.query, this.scope(), this.limit());
    } else if (s.source.kind === "values") {
      const rows = s.source.rows.map((row) => row.map((v) => this.expr(v)));
      const first = rows[0] ?? [];
      // A NULL has no type in PostgreSQL: a first row's NULL would make the UNION ALL column text. Each NULL
      // takes the type of the column it goes to, as SQL Server converts every value to the target column.
      const targets =
        s.columns ??
        t.columns.filter((c) => c.name.toLowerCase() !== t.identity?.name.toLowerCase()).map((c) => c.name);
      const typeAt = (i: number) => t.columns.find((c) => c.name.toLowerCase() === targets[i]?.toLowerCase())?.type;
      const value = (v: { sql: string }, i: number) =>
        v.sql === "null" && typeAt(i) ? `cast(null as ${pgType(typeAt(i)!)})` : v.sql;
      source = {
        sql: rows
          .map((row) => `select ${row.map((v, i) => `${value(v, i)} as "__v${i + 1}"`).join(", ")}`)
          .join("\nunion all\n"),
        columns: first.map((v, i) => ({ name: `__v${i + 1}`, ...(v.type ? { type: v.type } : {}) })),
      };
    } else if (s.source.kind === "exec") {
      source = this.exec(s.source.exec);
    } else {
      this.em.issue("INSERT", s.line, "INSERT … DEFAULT VALUES is not translated");
    }
    return source;
  }

  /** What UPDATE and DELETE on a temp table share: the target, its current relation, and the rows they touch. */
  private dmlTarget(s: A.Update | A.Delete, verb: "UPDATE" | "DELETE") {
    const t = this.target(s.target);
    if (s.output) this.em.issue("OUTPUT", s.line, "The OUTPUT clause is not translated");
    if (!t) {
      this.em.issue(
        verb,
        s.line,
        `${verb} ${verb === "UPDATE" ? "of" : "from"} a permanent table is outside a model's scope`,
      );
      return undefined;
    }
    if (s.from.length || s.top) {
      this.em.issue(`${verb} … FROM`, s.line, `${verb} … FROM / TOP on a temp table is not translated`);
      return undefined;
    }
    this.em.constructs.add(verb);
    this.flushAll();
    const cur = this.flush(t);
    const alias = t.name;
    const scope: Scope = {
      sources: [
        { alias, match: [t.name.toLowerCase(), t.name.replace(/^[#@]+/, "").toLowerCase()], columns: t.columns },
      ],
    };
    const conds: string[] = [];
    const g = this.guard();
    if (g) conds.push(g);
    if (s.where) conds.push(`coalesce(${this.em.predicate(s.where, scope)}, false)`);
    const condition = conds.length ? conds.map((c) => wrap(c)).join(" and ") : undefined;
    return { t, cur, alias, scope, condition };
  }

  /** The table's new state is `query`: a CTE that later statements read instead of the old one. */
  private replaceTable(t: NonNullable<ReturnType<ProcedureRunner["target"]>>, query: string): void {
    const cte = `${tableCteBase(t.name)}__${++this.counter}`;
    this.ctes.push(`${quoteIdent(cte)} as (\n${indent(query)}\n)`);
    t.current = cte;
    this.em.locals.set(t.name.toLowerCase(), { kind: "temp", sql: quoteIdent(cte), columns: t.columns });
  }

  private update(s: A.Update): void {
    const target = this.dmlTarget(s, "UPDATE");
    if (!target) return;
    const { t, cur, alias, scope, condition: when } = target;
    const sets = new Map<string, string>();
    for (const set of s.set) {
      if (set.variable) {
        this.em.issue("UPDATE", set.line, "UPDATE … SET @variable = … is not translated");
        continue;
      }
      const col = set.column![set.column!.length - 1]!;
      const c = t.columns.find((x) => x.name.toLowerCase() === col.toLowerCase());
      if (!c) {
        this.em.issue("UPDATE", set.line, `${t.name} has no column ${col}`);
        continue;
      }
      let v = this.em.expr(set.expr, scope);
      if (set.op !== "=")
        v = this.em.arithmetic(set.op[0]!, this.em.expr({ kind: "column", parts: [col], line: set.line }, scope), v, {
          kind: "binary",
          op: set.op[0]!,
          left: set.expr,
          right: set.expr,
          line: set.line,
        });
      sets.set(c.name, c.type ? this.castTo(v.sql, v.type, c.type, set.line) : v.sql);
    }
    const list = t.columns.map((c) => {
      const v = sets.get(c.name);
      const old = `${quoteIdent(alias)}.${columnSql(c)}`;
      if (v === undefined) return old;
      return when ? `case when ${when} then ${v} else ${old} end as ${columnSql(c)}` : `${v} as ${columnSql(c)}`;
    });
    // UPDATE becomes a projection of every row, changed where the WHERE holds.
    this.replaceTable(t, `select ${list.join(", ")}\nfrom ${quoteIdent(cur)} as ${quoteIdent(alias)}`);
  }

  private delete(s: A.Delete): void {
    const target = this.dmlTarget(s, "DELETE");
    if (!target) return;
    const { t, cur, alias, condition } = target;
    // DELETE becomes the inverted filter.
    this.replaceTable(
      t,
      `select * from ${quoteIdent(cur)} as ${quoteIdent(alias)}\nwhere not (${condition ?? "true"})`,
    );
  }

  private merge(s: A.Merge): void {
    this.em.constructs.add("MERGE");
    const t = this.target(s.target);
    if (!t) {
      const g = this.guard();
      this.upserts.push({ s, ...(g ? { guard: g } : {}) });
      return;
    }
    mergeIntoTable(this.mergeHost(t), s);
  }

  private mergeHost(t: Table, changedOnly = false): MergeHost {
    const base = tableCteBase(t.name);
    return {
      em: this.em,
      name: t.name,
      columns: t.columns,
      current: () => {
        this.flushAll();
        return this.flush(t);
      },
      cteName: () => `${base}__${++this.counter}`,
      addCte: (name, sql) => this.ctes.push(`${quoteIdent(name)} as (\n${indent(sql)}\n)`),
      replace: (sql) => this.replaceTable(t, sql),
      insertRows: (columns, source, line) => this.insertShape(t, columns, source, line),
      castTo: (sql, from, to, line) => this.castTo(sql, from, to, line),
      guard: () => this.guard(),
      changedOnly,
      ...(changedOnly
        ? {}
        : {
            output: (rows: Emitted, into: A.OutputClause["into"], line: number) => this.mergeOutput(rows, into, line),
          }),
    };
  }

  /** MERGE … OUTPUT's rows: the procedure's next result set, or appended INTO a temp table or table variable. */
  private mergeOutput(rows: Emitted, into: A.OutputClause["into"], line: number): void {
    if (!into) {
      const g = this.guard();
      this.results.push({ sql: rows.sql, columns: rows.columns, ...(g ? { guard: g } : {}) });
      return;
    }
    const log = this.target(into.target);
    if (!log) this.em.issue("MERGE", line, "MERGE … OUTPUT INTO a permanent table changes the database");
    else log.pending.push(this.insertShape(log, into.columns, rows, line));
  }

  /**
   * A procedure whose work is a MERGE into a permanent table becomes dbt's incremental model of that table
   * (merge-transact-sql.md; docs.getdbt.com/docs/build/incremental-strategy). The first build (no table yet) is the
   * table after the MERGE: its staging rows with the MERGE applied, as for a temp table. Each later run merges into
   * the model's own table (`{{ this }}`) the rows the MERGE changes, which dbt's `merge` strategy writes by
   * unique_key: the table after running the procedure again. The Tester builds the first form; expected results
   * for such a procedure are the table's rows after it ran.
   */
  private finishUpsert(): ProceduralOutput {
    const em = this.em;
    const none = { sql: 'select 1 as "no_result" where false', columns: [] };
    const [{ s, guard }, ...more] = this.upserts as [(typeof this.upserts)[number], ...typeof this.upserts];
    const name = s.target.kind === "variable" ? `@${s.target.name}` : s.target.name.join(".");
    for (const m of more)
      em.issue(
        "MERGE",
        m.s.line,
        "A second MERGE into a permanent table: an incremental model is one table, changed by one MERGE",
      );
    if (guard) em.issue("MERGE", s.line, `MERGE into ${name} runs under IF: an incremental model merges on every run`);
    if (this.results.length)
      em.issue(
        "MERGE",
        s.line,
        `The procedure MERGEs into ${name} and also returns a result set: a model is either the table or the result`,
      );
    const rel = s.target.kind === "table" ? em.ctx.resolver.resolve(s.target.name) : undefined;
    const table =
      rel?.kind === "table" && rel.key
        ? em.ctx.catalog.tables.find((x) => objectKey(x.schema, x.name) === rel.key)
        : undefined;
    if (!rel?.columns || !table) {
      em.issue(
        "MERGE",
        s.line,
        `MERGE into ${name}: not a table of the catalog, so there is no incremental model to make of it`,
      );
      return none;
    }
    const upsert = upsertTarget(em, s, { name, relation: rel.sql, columns: rel.columns, source: table.columns });
    if (!upsert || more.length || guard || this.results.length) return none;
    em.dependsOn.add(rel.key!);
    const form = (from: string, changedOnly: boolean) => {
      const ctes = this.ctes.length;
      const t: Table = {
        name,
        columns: upsert.columns,
        pending: [],
        current: `${tableCteBase(name)}__${++this.counter}`,
      };
      this.ctes.push(
        `${quoteIdent(t.current!)} as (\n${indent(`select ${t.columns.map(columnSql).join(", ")}\nfrom ${from}`)}\n)`,
      );
      mergeIntoTable(this.mergeHost(t, changedOnly), s);
      const sql = this.wrap(`select ${t.columns.map(columnSql).join(", ")}\nfrom ${quoteIdent(t.current!)}`);
      this.ctes.length = ctes;
      return sql;
    };
    const full = form(upsert.relation, false);
    const issues = em.issues.length;
    const incremental = form("{{ this }}", true);
    em.issues.length = issues; // the same MERGE translated twice raises the same issues twice
    const key = upsert.uniqueKey.map((c) => jinjaString(columnSql(c)));
    return {
      sql: [
        `{{ config(materialized='incremental', incremental_strategy='merge', unique_key=[${key.join(", ")}]) }}`,
        `{% if is_incremental() %}`,
        incremental,
        `{% else %}`,
        full,
        `{% endif %}`,
      ].join("\n"),
      columns: upsert.columns,
    };
  }

  private exec(s: A.Exec): Emitted | undefined {
    if (s.dynamic || s.proc?.[0]?.startsWith("@")) {
      this.em.issue("dynamic SQL", s.line, "EXEC of dynamic SQL needs a Jinja rewrite or review");
      return undefined;
    }
    const name = s.proc!;
    const last = name[name.length - 1]!.toLowerCase();
    if (last === "sp_executesql") {
      this.em.issue("dynamic SQL", s.line, "sp_executesql needs a Jinja rewrite or review");
      return undefined;
    }
    const rel = this.em.ctx.resolver.resolve(name);
    if (!rel || rel.kind !== "procedure") {
      this.em.issue("EXEC", s.line, `EXEC ${name.join(".")}: not a procedure in the catalog`);
      return undefined;
    }
    this.em.constructs.add("EXEC");
    if (rel.key) this.em.dependsOn.add(rel.key);
    if (s.args.length) {
      // The referenced model reads its parameters as dbt vars: only a pass-through of the same vars is faithful.
      const params = rel.parameters ?? [];
      const ok = s.args.every((a, i) => {
        const p = a.name ? params.find((x) => x.name.toLowerCase() === a.name!.toLowerCase()) : params[i];
        return p && a.value.kind === "variable" && a.value.name.toLowerCase() === p.name.toLowerCase();
      });
      if (!ok)
        this.em.issue(
          "EXEC",
          s.line,
          `EXEC ${name.join(".")} with arguments: its model reads them as dbt vars, so only pass-through of same-named parameters is translated`,
        );
    }
    if (s.returnVar) this.em.issue("EXEC", s.line, "The return code of EXEC is not available in a model");
    if (!rel.columns)
      this.em.issue("EXEC", s.line, `The result columns of ${name.join(".")} are unknown (translate it first)`);
    const cols = rel.columns ?? [];
    return { sql: `select ${cols.length ? cols.map(columnSql).join(", ") : "*"}\nfrom ${rel.sql}`, columns: cols };
  }
}

function jinjaIdent(name: string): string {
  return /^[A-Za-z_]\w*$/.test(name) ? name : name.replace(/\W/g, "_");
}

const AGGREGATES = new Set([
  "sum",
  "avg",
  "min",
  "max",
  "count",
  "count_big",
  "stdev",
  "stdevp",
  "var",
  "varp",
  "string_agg",
]);
/**
 * Can the assignment raise an error in SQL Server: arithmetic (division by zero, overflow: docs
 * divide-transact-sql.md, "Arithmetic overflow"), a CAST/CONVERT/PARSE (cast-and-convert-transact-sql.md), or the
 * conversion to the variable's type (`converted`: the translator emitted one to a type other than a string, which a
 * variable takes cut to its length without an error). A constant is read by the translator itself, which flags what
 * SQL Server would refuse.
 */
function canRaise(expr: A.Expr, converted: boolean): boolean {
  return unparen(expr).kind !== "literal" && (converted || raises(expr));
}

/** Arithmetic or a conversion anywhere in the node (TRY_ forms return NULL instead of raising). */
function raises(node: unknown): boolean {
  if (!node || typeof node !== "object") return false;
  if (Array.isArray(node)) return node.some(raises);
  const n = node as { kind?: string; op?: string; fn?: string };
  if (n.kind === "binary" && ["+", "-", "*", "/", "%"].includes(n.op!)) return true;
  if (n.kind === "cast" && !n.fn!.startsWith("TRY_")) return true;
  return Object.values(node).some(raises);
}

/** A division or modulo by the constant 0 anywhere in the node (SQL Server's error 8134 written on purpose). */
function dividesByZero(node: unknown): boolean {
  if (!node || typeof node !== "object") return false;
  if (Array.isArray(node)) return node.some(dividesByZero);
  const n = node as A.Expr;
  if (n.kind === "binary" && (n.op === "/" || n.op === "%")) {
    const divisor = unparen(n.right);
    if (divisor.kind === "literal" && divisor.type === "number" && Number(divisor.value) === 0) return true;
  }
  return Object.values(node).some(dividesByZero);
}

function hasAggregate(e: A.Expr): boolean {
  switch (e.kind) {
    case "call":
      return (e.name.length === 1 && AGGREGATES.has(e.name[0]!.toLowerCase()) && !e.over) || e.args.some(hasAggregate);
    case "binary":
      return hasAggregate(e.left) || hasAggregate(e.right);
    case "unary":
      return hasAggregate(e.operand);
    case "paren":
      return hasAggregate(e.expr);
    case "cast":
      return hasAggregate(e.expr);
    case "case":
      return (
        e.whens.some((w) => hasAggregate(w.when) || hasAggregate(w.then)) || (e.else ? hasAggregate(e.else) : false)
      );
    default:
      return false;
  }
}

/** A NULL of a table column's type, text under its collation (an empty table's state, read like any other). */
function typedNull(c: OutputColumn): string {
  const cast = `cast(null as ${c.type ? pgType(c.type) : "text"})`;
  return c.type && isString(c.type) ? `${cast} ${collateClause(columnPgCollation(c.collation))}` : cast;
}

/** The CTEs holding a temp table's or table variable's states are named after it in snake_case: `#Sales` → `sales__1`. */
function tableCteBase(name: string): string {
  return snakeCase(name, "t");
}

/**
 * The CTEs (`<name> as (…)`, in order) that `sql` reads, directly or through a later CTE. A variable set again before
 * it is read, or a table state no later statement reads, leaves a CTE nothing reads: PostgreSQL never runs one, so
 * leaving it out changes nothing, and a reader (sqlfluff's ST03) would take it for a mistake.
 */
function readCtes(ctes: readonly string[], sql: string): string[] {
  const readers = [sql];
  const kept: string[] = [];
  for (let i = ctes.length - 1; i >= 0; i--) {
    const cte = ctes[i]!;
    const name = cte.slice(0, cte.indexOf(" as (\n"));
    if (readers.some((r) => r.includes(name))) {
      kept.unshift(cte);
      readers.push(cte.slice(name.length));
    }
  }
  return kept;
}
