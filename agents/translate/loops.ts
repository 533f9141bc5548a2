import type { DataType } from "~/agents/catalog/schema";
import type * as A from "~/agents/tsql/ast";
import type { Emitted, Emitter, Scope, Typed } from "./emit";
import { indent, wrap } from "./sql-text";
import { quoteIdent } from "./literals";
import { isExact, isInteger, isMoney, isString } from "~/agents/tsql/type-rules";
import { pgType } from "~/agents/dialect/types";

/**
 * WHILE loops and cursors rewritten set-based, for the patterns whose effect does not depend on running them
 * one row at a time (docs: t-sql/language-elements/while-transact-sql.md, declare-cursor-transact-sql.md,
 * fetch-transact-sql.md):
 * - a cursor read by `FETCH NEXT … INTO @vars; WHILE @@FETCH_STATUS = 0 BEGIN … FETCH NEXT … INTO @vars END`;
 * - a counter `WHILE @i <= @n BEGIN … SET @i = @i + k END` (also <, >=, > with a decrement) → generate_series.
 * The loop's rows (the cursor's result, or the counter's values) become a CTE numbered in their order; in the body
 * - INSERT into a #temp table / @table variable (under IF conditions on the loop's variables) → INSERT … SELECT
 *   over those rows (a lateral join when the INSERT reads other tables);
 * - SET @v = @v + e / @v += e (and -) → SUM(e), or for strings the concatenation in the loop's order; a NULL e
 *   makes the result NULL as it does in the loop (string + NULL is NULL unless CONCAT_NULL_YIELDS_NULL is OFF).
 * Anything else — BREAK/CONTINUE, other assignments, a body that reads what it writes, writes to permanent tables,
 * nested loops, a running value read inside the loop, a concatenation over a cursor without ORDER BY, sums that
 * SQL Server would round at every step — stays a review item naming the construct and line.
 */

/** What the loop rewrite needs from the procedure runner. */
export type LoopHost = {
  em: Emitter;
  /** The #temp table / @table variable an INSERT writes, if it is one. */
  table(target: A.TableRef | A.VariableTable): { name: string; identity?: unknown } | undefined;
  /** Whether a name read in FROM (`#t`, `@t`) is a table the procedure holds. */
  isLocalTable(key: string): boolean;
  flushAll(): void;
  cteName(prefix: string): string;
  addCte(name: string, sql: string): void;
  /** The rows an INSERT's source gives, with the loop's variables bound (undefined: not translatable, issue raised). */
  insertSource(s: A.Insert): Emitted | undefined;
  /** Appends rows to the INSERT's table as the runner does (column order, IDENTITY, casts, the runner's IF). */
  appendRows(s: A.Insert, rows: Emitted): void;
  assign(name: string, sql: string, type: DataType | undefined, line: number): void;
  /** Whether SET ROWCOUNT n is in force (it would limit each iteration's statement, not the whole). */
  rowcountSet(): boolean;
};

export type CursorState = { name: string; query: A.Query; line: number; rows?: Emitted; into?: string[] };

/** The marker a fetched variable holds after its loop: reading it is a review item (see `readsAfterLoop`). */
export const AFTER_LOOP = "__read_after_cursor_loop__";

type LoopRows = {
  /** SQL of the rows, columns `__f1…` and `__n` (their order). */
  sql: string;
  /** Variable (lower-case) → the column it is bound to, converted to the variable's type. */
  binds: Map<string, Typed>;
  /** Whether the rows come in a defined order. */
  ordered: boolean;
  /** Tables the rows are read from (to refuse a body that writes them). */
  reads: Set<string>;
};

/** An IF condition a statement of the body runs under: `negate` for its ELSE branch (false, not unknown). */
type Guard = { cond: A.Expr; negate: boolean };
type Accumulation = {
  variable: string;
  op: "+" | "-";
  expr: A.Expr;
  line: number;
  statement: A.SetVariable;
  guards: Guard[];
};
type BodyInsert = { s: A.Insert; guards: Guard[] };

export class LoopRewriter {
  constructor(private readonly host: LoopHost) {}

  /** `WHILE @@FETCH_STATUS = 0` after `FETCH NEXT FROM c INTO …`; false when the loop is not that pattern (issue raised). */
  cursorLoop(s: A.While, cursor: CursorState): boolean {
    const em = this.host.em;
    const body = bodyOf(s);
    const last = body[body.length - 1];
    if (
      !last ||
      last.kind !== "cursor" ||
      last.op !== "FETCH" ||
      last.direction !== "NEXT" ||
      last.name.toLowerCase() !== cursor.name.toLowerCase() ||
      !sameVars(last.into, cursor.into!)
    ) {
      return this.refuse(
        s.line,
        `The loop over cursor ${cursor.name} does not end with FETCH NEXT FROM ${cursor.name} INTO the same variables`,
      );
    }
    const rows = cursor.rows!;
    if (rows.columns.length !== cursor.into!.length)
      return this.refuse(
        cursor.line,
        `Cursor ${cursor.name} returns ${rows.columns.length} columns, FETCH reads ${cursor.into!.length}`,
      );
    const name = this.host.cteName("cursor");
    const cols = rows.columns.map((_, i) => `"__f${i + 1}"`);
    // The cursor's rows numbered in the order it returns them (its ORDER BY, applied by the inner query).
    this.host.addCte(
      name,
      `select "__q".*, row_number() over () as "__n"\nfrom (\n${indent(rows.sql)}\n) as "__q" (${cols.join(", ")})`,
    );
    const binds = new Map<string, Typed>();
    cursor.into!.forEach((v, i) => {
      const declared = em.vars.get(v.toLowerCase());
      const col = { sql: `"__r"."__f${i + 1}"`, ...(rows.columns[i]?.type ? { type: rows.columns[i]!.type! } : {}) };
      binds.set(v.toLowerCase(), declared?.type ? em.assignTo(col, declared.type, s.line) : col);
    });
    const ordered = cursor.query.orderBy.length > 0;
    if (
      !this.rewrite(
        s,
        body.slice(0, -1),
        { sql: name, binds, ordered, reads: tablesRead(cursor.query, this.host.isLocalTable) },
        [],
      )
    )
      return false;
    // After the loop the variables hold the last row fetched: an order the rewrite does not keep.
    for (const v of cursor.into!) {
      const cur = em.vars.get(v.toLowerCase());
      em.vars.set(v.toLowerCase(), { sql: quoteIdent(`${AFTER_LOOP}${v}`), ...(cur?.type ? { type: cur.type } : {}) });
    }
    return true;
  }

  /** `WHILE @i <= bound BEGIN … SET @i = @i + k END` and its <, >=, > forms; false when not that pattern. */
  counterLoop(s: A.While): boolean {
    const em = this.host.em;
    const c = s.cond;
    if (
      c.kind !== "binary" ||
      !["<=", "<", ">=", ">"].includes(c.op) ||
      c.left.kind !== "variable" ||
      c.left.name.startsWith("@")
    ) {
      return this.refuse(
        s.line,
        "Only WHILE @@FETCH_STATUS = 0 over a cursor and counter loops (WHILE @i <= n … SET @i = @i + k) are rewritten set-based",
      );
    }
    const counter = c.left.name;
    const declared = em.vars.get(counter.toLowerCase());
    if (!declared || !isInteger(declared.type))
      return this.refuse(s.line, `The loop counter @${counter} is not an integer variable`);
    const body = bodyOf(s);
    const step = incrementOf(body[body.length - 1], counter);
    const up = c.op === "<=" || c.op === "<";
    if (step === undefined || step === 0 || up !== step > 0) {
      return this.refuse(
        s.line,
        `The loop does not end with SET @${counter} = @${counter} ${up ? "+" : "-"} <positive integer>, so its iterations are not a series`,
      );
    }
    const bound = em.expr(c.right, { sources: [] });
    if (!isInteger(bound.type)) return this.refuse(s.line, `The loop bound of @${counter} is not an integer`);
    const inBody = body.slice(0, -1);
    const changed = assignedIn(inBody);
    const boundVars = variablesIn(c.right);
    if (changed.has(counter.toLowerCase()) || [...boundVars].some((v) => changed.has(v)))
      return this.refuse(s.line, `The loop's body changes @${counter} or its bound`);
    // i <= n ⇔ i <= n; i < n ⇔ i <= n - 1 (integers); likewise downwards.
    const last = c.op === "<" ? `${wrap(bound.sql)} - 1` : c.op === ">" ? `${wrap(bound.sql)} + 1` : bound.sql;
    const start = declared.sql;
    const name = this.host.cteName("series");
    this.host.addCte(
      name,
      `select "__s"."__f1", "__s"."__n"\nfrom generate_series((${start})::bigint, (${last})::bigint, ${step}) with ordinality as "__s" ("__f1", "__n")`,
    );
    const pg = pgType(declared.type!);
    const binds = new Map<string, Typed>([
      [counter.toLowerCase(), { sql: `cast("__r"."__f1" as ${pg})`, type: declared.type! }],
    ]);
    if (
      !this.rewrite(
        s,
        inBody,
        { sql: name, binds, ordered: true, reads: tablesRead(c.right, this.host.isLocalTable) },
        [counter.toLowerCase()],
      )
    )
      return false;
    // After the loop the counter is the first value past the bound (unchanged when the loop never ran).
    const k = Math.abs(step);
    const ran = up ? `(${start}) <= (${last})` : `(${start}) >= (${last})`;
    const end = up
      ? `(${start}) + ${k} * (((${last}) - (${start})) / ${k} + 1)`
      : `(${start}) - ${k} * (((${start}) - (${last})) / ${k} + 1)`;
    this.host.assign(counter, `case when ${ran} then cast(${end} as ${pg}) else ${start} end`, declared.type, s.line);
    return true;
  }

  private refuse(line: number, message: string): false {
    this.host.em.issue("WHILE", line, message);
    return false;
  }

  /** Checks the body, then appends its INSERTs and binds its accumulations; false (issue raised) when it cannot. */
  private rewrite(loop: A.While, body: A.Statement[], rows: LoopRows, loopVars: string[]): boolean {
    const em = this.host.em;
    if (this.host.rowcountSet())
      return this.refuse(loop.line, "SET ROWCOUNT limits each statement of the loop, not the loop's rows together");
    const accumulations: Accumulation[] = [];
    const inserts: BodyInsert[] = [];
    const ok = this.collect(loop, body, [], accumulations, inserts);
    if (!ok) return false;

    const written = new Set(inserts.map((i) => tableKey(i.s.target)));
    const read = new Set([...rows.reads, ...tablesRead(body, this.host.isLocalTable)]);
    for (const w of written) {
      if (read.has(w))
        return this.refuse(
          loop.line,
          `The loop reads ${w}, which it also writes: each iteration sees the rows the previous ones added`,
        );
    }
    const targets = inserts.map((i) => this.host.table(i.s.target)!);
    if (targets.some((t, i) => t.identity && targets.findIndex((x) => x === t) !== i)) {
      return this.refuse(loop.line, "Several INSERTs of the loop number one IDENTITY column row by row in turn");
    }
    const accumulated = new Set(accumulations.map((a) => a.variable.toLowerCase()));
    if (accumulated.size !== accumulations.length) return this.refuse(loop.line, "The loop assigns one variable twice");
    const own = new Set<unknown>(accumulations.map((a) => a.statement));
    for (const v of accumulated) {
      if (loopVars.includes(v) || rows.binds.has(v))
        return this.refuse(loop.line, `The loop assigns @${v}, which it also iterates on`);
      // The running value inside the loop depends on how many rows came before.
      if (accumulations.some((a) => variablesIn(a.expr).has(v)) || variablesIn(body, own).has(v))
        return this.refuse(loop.line, `The loop reads the running value of @${v}`);
    }

    this.host.flushAll();
    const saved = new Map([...rows.binds.keys()].map((k) => [k, em.vars.get(k)]));
    for (const [k, b] of rows.binds) em.vars.set(k, { sql: b.sql, ...(b.type ? { type: b.type } : {}) });
    const assignments: { name: string; sql: string; type?: DataType; line: number }[] = [];
    try {
      const where = (guards: Guard[]) =>
        guards.length
          ? `\nwhere ${guards.map((g) => `${g.negate ? "not " : ""}coalesce(${em.predicate(g.cond, noScope())}, false)`).join(" and ")}`
          : "";
      for (const { s, guards } of inserts) {
        const source = this.host.insertSource(s);
        if (!source) return false;
        const inner = source.columns.map((_, i) => `"__l${i + 1}"`);
        this.host.appendRows(s, {
          sql: `select ${inner.join(", ")}\nfrom ${quoteIdent(rows.sql)} as "__r"\ncross join lateral (\n${indent(source.sql)}\n) as "__l" (${inner.join(", ")})${where(guards)}\norder by "__r"."__n"`,
          columns: source.columns,
        });
      }
      for (const a of accumulations) {
        const cur = saved.get(a.variable.toLowerCase()) ?? em.vars.get(a.variable.toLowerCase());
        if (!cur) return this.refuse(a.line, `Variable @${a.variable} is not declared`);
        const e = em.expr(a.expr, noScope());
        const from = `from ${quoteIdent(rows.sql)} as "__r"${where(a.guards)}`;
        const nulls =
          em.concatNullYieldsNull || !isString(cur.type)
            ? `case when count(*) filter (where (${e.sql}) is null) > 0 then null else `
            : "";
        let agg: string;
        if (isString(cur.type) && isString(e.type) && a.op === "+") {
          if (!rows.ordered)
            return this.refuse(
              a.line,
              `@${a.variable} concatenates the cursor's rows in an order the cursor does not define (no ORDER BY)`,
            );
          agg = `(select ${nulls}coalesce(string_agg(${e.sql}, '' order by "__r"."__n"), '')${nulls ? " end" : ""} as v ${from})`;
        } else if (exactSum(cur.type, e.type)) {
          // SUM widens (int to bigint); the total keeps the added values' type, and overflows where SQL Server does.
          const sum = `coalesce(sum(${e.sql}), 0)`;
          agg = `(select ${nulls}${e.type ? `cast(${sum} as ${pgType(e.type)})` : sum}${nulls ? " end" : ""} as v ${from})`;
        } else {
          return this.refuse(
            a.line,
            `SET @${a.variable} ${a.op}= … of these types is rounded or converted at every iteration; not rewritten as an aggregate`,
          );
        }
        const fake: A.Binary = {
          kind: "binary",
          op: a.op,
          left: { kind: "variable", name: a.variable, line: a.line },
          right: a.expr,
          line: a.line,
        };
        const value = em.arithmetic(
          a.op,
          { sql: cur.sql, ...(cur.type ? { type: cur.type } : {}) },
          { sql: agg, ...(e.type ? { type: e.type } : {}) },
          fake,
        );
        assignments.push({
          name: a.variable,
          sql: value.sql,
          ...(value.type ? { type: value.type } : {}),
          line: a.line,
        });
      }
    } finally {
      for (const [k, v] of saved) {
        if (v) em.vars.set(k, v);
        else em.vars.delete(k);
      }
    }
    for (const a of assignments) this.host.assign(a.name, a.sql, a.type, a.line);
    em.constructs.add(
      loop.cond.kind === "binary" && loop.cond.left.kind === "variable" && loop.cond.left.name.startsWith("@")
        ? "cursor (set-based)"
        : "WHILE (set-based)",
    );
    return true;
  }

  /** Walks the body: INSERTs and accumulations with the IF conditions they run under; anything else refuses. */
  private collect(
    loop: A.While,
    body: A.Statement[],
    guards: Guard[],
    accumulations: Accumulation[],
    inserts: BodyInsert[],
  ): boolean {
    for (const s of body) {
      switch (s.kind) {
        case "block":
          if (!this.collect(loop, s.body, guards, accumulations, inserts)) return false;
          continue;
        case "if":
          if (!this.collect(loop, [s.then], [...guards, { cond: s.cond, negate: false }], accumulations, inserts))
            return false;
          if (
            s.else &&
            !this.collect(loop, [s.else], [...guards, { cond: s.cond, negate: true }], accumulations, inserts)
          )
            return false;
          continue;
        case "insert":
          if (s.output) return this.refuse(s.line, "INSERT … OUTPUT inside a loop is not rewritten");
          if (!this.host.table(s.target))
            return this.refuse(
              s.line,
              `The loop at line ${loop.line} INSERTs into a permanent table (a side effect outside a model)`,
            );
          if (s.source.kind !== "values" && s.source.kind !== "query")
            return this.refuse(
              s.line,
              `INSERT … ${s.source.kind === "exec" ? "EXEC" : "DEFAULT VALUES"} inside a loop is not rewritten`,
            );
          inserts.push({ s, guards });
          continue;
        case "setvar": {
          const a = accumulationOf(s, guards);
          if (!a)
            return this.refuse(
              s.line,
              `SET @${s.name} inside the loop at line ${loop.line} is not an accumulation (SET @v = @v + …): its value depends on the iterations`,
            );
          accumulations.push(a);
          continue;
        }
        case "print":
          continue;
        default:
          return this.refuse(s.line, `${describe(s)} inside the loop at line ${loop.line} is not rewritten set-based`);
      }
    }
    return true;
  }
}

function noScope(): Scope {
  return { sources: [] };
}

function bodyOf(s: A.While): A.Statement[] {
  return s.body.kind === "block" ? s.body.body : [s.body];
}

function sameVars(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x.toLowerCase() === b[i]!.toLowerCase());
}

/** `SET @i = @i + k`, `SET @i += k` (and -) with an integer literal k: the signed step; undefined otherwise. */
function incrementOf(s: A.Statement | undefined, counter: string): number | undefined {
  if (!s || s.kind !== "setvar" || s.name.toLowerCase() !== counter.toLowerCase()) return undefined;
  const lit = (e: A.Expr) =>
    e.kind === "literal" && e.type === "number" && /^\d+$/.test(e.value) ? Number(e.value) : undefined;
  if (s.op === "+=" || s.op === "-=") {
    const k = lit(s.expr);
    return k === undefined ? undefined : s.op === "+=" ? k : -k;
  }
  const e = s.expr;
  if (
    s.op !== "=" ||
    e.kind !== "binary" ||
    (e.op !== "+" && e.op !== "-") ||
    e.left.kind !== "variable" ||
    e.left.name.toLowerCase() !== counter.toLowerCase()
  )
    return undefined;
  const k = lit(e.right);
  return k === undefined ? undefined : e.op === "+" ? k : -k;
}

/** `SET @v = @v + e`, `SET @v += e` (and -): the accumulation; undefined for any other assignment. */
function accumulationOf(s: A.SetVariable, guards: Guard[]): Accumulation | undefined {
  if (s.op === "+=" || s.op === "-=")
    return { variable: s.name, op: s.op[0] as "+" | "-", expr: s.expr, line: s.line, statement: s, guards };
  if (s.op !== "=") return undefined;
  // @v + a + b parses as ((@v + a) + b): peel the right operands off down to @v.
  const rest: A.Expr[] = [];
  let e = s.expr;
  let op: string | undefined;
  while (e.kind === "binary" && (e.op === "+" || e.op === "-")) {
    if (op && op !== e.op) return undefined;
    op = e.op;
    rest.unshift(e.right);
    e = e.left;
  }
  if (!op || e.kind !== "variable" || e.name.toLowerCase() !== s.name.toLowerCase()) return undefined;
  const expr = rest.reduce((acc, x) => ({ kind: "binary", op: "+", left: acc, right: x, line: s.line }) as A.Expr);
  return { variable: s.name, op: op as "+" | "-", expr, line: s.line, statement: s, guards };
}

/** Whether adding the values one at a time to a variable of type `v` gives the sum: no rounding at any step. */
function exactSum(v: DataType | undefined, e: DataType | undefined): boolean {
  if (isInteger(e)) return isInteger(v) || isExact(v) || isMoney(v);
  if (isExact(e) && isExact(v)) return (e!.scale ?? 0) <= (v!.scale ?? 0);
  return isMoney(e) && isMoney(v);
}

/** Every @variable an AST reads or writes (lower-case, without @), leaving out the nodes in `skip`. */
function variablesIn(node: unknown, skip: Set<unknown> = new Set()): Set<string> {
  const out = new Set<string>();
  walk(node, (n) => {
    if (skip.has(n)) return false;
    if (n.kind === "variable" && typeof n.name === "string" && !n.name.startsWith("@")) out.add(n.name.toLowerCase());
    if (n.kind === "setvar" && typeof n.name === "string") out.add(n.name.toLowerCase());
  });
  return out;
}

function assignedIn(body: A.Statement[]): Set<string> {
  const out = new Set<string>();
  walk(body, (n) => {
    if (n.kind === "setvar" && typeof n.name === "string") out.add(n.name.toLowerCase());
    if (n.kind === "assign" && typeof n.variable === "string") out.add(n.variable.toLowerCase());
    if (n.kind === "cursor" && Array.isArray(n.into)) for (const v of n.into as string[]) out.add(v.toLowerCase());
  });
  return out;
}

/** The #temp tables and @table variables an AST reads (`#t`, `@t`, lower-case); an INSERT's target is written, not read. */
function tablesRead(node: unknown, isLocalTable: (key: string) => boolean): Set<string> {
  const out = new Set<string>();
  walk(node, (n) => {
    if (n.kind === "table" && Array.isArray(n.name) && n.name.length === 1 && String(n.name[0]).startsWith("#"))
      out.add(String(n.name[0]).toLowerCase());
    if (n.kind === "variable" && isLocalTable("@" + String(n.name).toLowerCase()))
      out.add("@" + String(n.name).toLowerCase());
    if (n.kind === "insert") {
      walk((n as unknown as A.Insert).source, (m) => {
        if (m.kind === "table" && Array.isArray(m.name) && m.name.length === 1 && String(m.name[0]).startsWith("#"))
          out.add(String(m.name[0]).toLowerCase());
        if (m.kind === "variable" && isLocalTable("@" + String(m.name).toLowerCase()))
          out.add("@" + String(m.name).toLowerCase());
      });
      return false;
    }
  });
  return out;
}

function tableKey(t: A.TableRef | A.VariableTable): string {
  return t.kind === "variable" ? "@" + t.name.toLowerCase() : t.name.join(".").toLowerCase();
}

/** Visits every node of an AST; `visit` returning false skips the node's children. */
function walk(
  node: unknown,
  visit: (n: Record<string, unknown> & { kind?: unknown; name?: unknown }) => boolean | void,
): void {
  if (Array.isArray(node)) {
    for (const x of node) walk(x, visit);
    return;
  }
  if (!node || typeof node !== "object") return;
  const n = node as Record<string, unknown>;
  if (visit(n) === false) return;
  for (const v of Object.values(n)) if (v && typeof v === "object") walk(v, visit);
}

function describe(s: A.Statement): string {
  if (s.kind === "while") return "A nested WHILE";
  if (s.kind === "cursor") return `${s.op} ${s.name}`;
  return s.kind.toUpperCase();
}
