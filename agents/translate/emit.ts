import type { DataType } from "~/agents/catalog/schema";
import type { TranslationIssue } from "~/agents/engine/types";
import type * as A from "~/agents/tsql/ast";
import type { OutputColumn, Relation, TranslateContext } from "./context";
import { likeNeedsRegex, likeToRegex, parseDateLiteral, quoteIdent, quoteString } from "./literals";
import {
  T,
  arithmeticType,
  concatType,
  higher,
  isApprox,
  isBinary,
  isBit,
  isDateOnly,
  isDateTime,
  isExact,
  isInteger,
  isMoney,
  isNumeric,
  isString,
  isTime,
  isUnicode,
  normalizeName,
  numberLiteralType,
} from "./sqltypes";
import { pgType } from "./types";

/**
 * Expression and query emitter: T-SQL AST → PostgreSQL text, with T-SQL type inference on every expression.
 * One Emitter per translated object; it collects issues (constructs it could not translate faithfully) and the
 * constructs it met. Procedural code (./procedure) drives it with variable bindings and local relations.
 */

export type Typed = { sql: string; type?: DataType };
export type Emitted = { sql: string; columns: OutputColumn[] };

type Source = { alias: string; match: string[]; columns?: OutputColumn[]; relation?: Relation };
export type Scope = { sources: Source[]; parent?: Scope };

export type VarBinding = { sql: string; type?: DataType };

const DATE_PARTS: Record<string, string> = {
  year: "year", yy: "year", yyyy: "year",
  quarter: "quarter", qq: "quarter", q: "quarter",
  month: "month", mm: "month", m: "month",
  dayofyear: "dayofyear", dy: "dayofyear", y: "dayofyear",
  day: "day", dd: "day", d: "day",
  week: "week", wk: "week", ww: "week",
  weekday: "weekday", dw: "weekday", w: "weekday",
  hour: "hour", hh: "hour",
  minute: "minute", mi: "minute", n: "minute",
  second: "second", ss: "second", s: "second",
  millisecond: "millisecond", ms: "millisecond",
  microsecond: "microsecond", mcs: "microsecond",
  iso_week: "iso_week", isowk: "iso_week", isoww: "iso_week",
};

export class Emitter {
  readonly issues: TranslationIssue[] = [];
  readonly constructs = new Set<string>();
  /** Relations referenced (catalog keys) — the model's dependencies. */
  readonly dependsOn = new Set<string>();
  vars = new Map<string, VarBinding>();
  /** #temp tables, @table variables and CTEs visible by name (lower-case, with # or @). */
  locals = new Map<string, Relation>();
  private cteStack: Map<string, Relation>[] = [];
  private recursiveHit = false;

  constructor(readonly ctx: TranslateContext) {}

  issue(construct: string, line: number | undefined, message: string): void {
    if (!this.issues.some((i) => i.construct === construct && i.line === line && i.message === message)) {
      this.issues.push({ construct, ...(line !== undefined ? { line } : {}), message });
    }
    this.constructs.add(construct);
  }

  // ───────────────────────── queries ─────────────────────────

  query(q: A.Query, outer?: Scope, opts: { limit?: number } = {}): Emitted {
    const ctes = new Map<string, Relation>();
    this.cteStack.push(ctes);
    try {
      const withParts: string[] = [];
      let recursive = false;
      for (const cte of q.ctes) {
        this.constructs.add("CTE");
        const rel: Relation = { kind: "cte", sql: quoteIdent(cte.name), ...(cte.columns ? { columns: cte.columns.map((name) => ({ name })) } : {}) };
        ctes.set(cte.name.toLowerCase(), rel);
        const before = this.recursiveHit;
        this.recursiveHit = false;
        const inner = this.query(cte.query, outer);
        if (this.recursiveHit) recursive = true;
        this.recursiveHit = before;
        rel.columns = cte.columns ? cte.columns.map((name, i) => ({ name, type: inner.columns[i]?.type })) : inner.columns;
        const cols = cte.columns ? ` (${cte.columns.map(quoteIdent).join(", ")})` : "";
        withParts.push(`${quoteIdent(cte.name)}${cols} as (\n${indent(inner.sql)}\n)`);
      }
      if (q.option) this.constructs.add("OPTION");
      if (q.for) this.issue(q.for.kind === "xml" ? "FOR XML" : "FOR JSON", q.for.line, `FOR ${q.for.kind.toUpperCase()} outside a string-concatenation subquery is not translated`);

      const body = q.body;
      let sql: string;
      let columns: OutputColumn[];
      const core = body.kind === "select" ? body : undefined;
      let top = core?.top;
      if (core && top?.percent) {
        // TOP n PERCENT: number the rows in ORDER BY order, keep ceil(n% of the count).
        this.constructs.add("TOP PERCENT");
        const r = this.selectCore(core, outer, { skipTop: true });
        const order = this.orderBy(q.orderBy, r.scope, r.columns, core);
        const n = this.expr(top.expr, outer ?? { sources: [] });
        const rankFn = top.withTies ? "rank()" : "row_number()";
        const over = order ? `order by ${order}` : "";
        sql = `select ${r.columns.map((c) => quoteIdent(c.name)).join(", ")}\nfrom (\n${indent(r.sql.replace(/^select( distinct)?/, (m) => `${m} ${rankFn} over (${over}) as "__rn", count(*) over () as "__cnt",`))}\n) as "__top"\nwhere "__rn" <= ceil("__cnt" * (${n.sql}) / 100.0)\norder by "__rn"`;
        columns = r.columns;
        top = undefined;
      } else {
        const r = core ? this.selectCore(core, outer, { skipTop: true }) : this.queryBody(body, outer);
        sql = r.sql;
        columns = r.columns;
        if (q.orderBy.length) sql += `\norder by ${this.orderBy(q.orderBy, r.scope, columns, core)}`;
        if (q.offset) {
          sql += `\noffset ${this.expr(q.offset, outer ?? { sources: [] }).sql} rows`;
          if (q.fetch) sql += ` fetch next ${this.expr(q.fetch, outer ?? { sources: [] }).sql} rows only`;
        }
        if (top) {
          this.constructs.add("TOP");
          const n = this.expr(top.expr, outer ?? { sources: [] }).sql;
          if (top.withTies) {
            this.constructs.add("WITH TIES");
            if (!q.orderBy.length) this.issue("WITH TIES", core?.line, "TOP … WITH TIES requires ORDER BY");
            sql += `\nfetch first ${n} rows with ties`;
          } else {
            const limit = opts.limit !== undefined ? `least(${n}, ${opts.limit})` : n;
            sql += `\nlimit ${limit}`;
          }
        } else if (opts.limit !== undefined) sql += `\nlimit ${opts.limit}`;
      }
      if (withParts.length) sql = `with ${recursive ? "recursive " : ""}${withParts.join(",\n")}\n${sql}`;
      return { sql, columns };
    } finally {
      this.cteStack.pop();
    }
  }

  private orderBy(items: A.OrderItem[], scope: Scope | undefined, columns: OutputColumn[], core: A.SelectCore | undefined): string {
    return items
      .map((item) => {
        let sql: string;
        const e = item.expr;
        if (e.kind === "literal" && e.type === "number" && /^\d+$/.test(e.value)) sql = e.value;
        else if (e.kind === "column" && e.parts.length === 1 && columns.some((c) => c.name.toLowerCase() === e.parts[0]!.toLowerCase()) && (!core || !scope || this.outputShadows(core, e.parts[0]!))) {
          sql = quoteIdent(columns.find((c) => c.name.toLowerCase() === e.parts[0]!.toLowerCase())!.name);
        } else if (scope) sql = this.expr(e, scope).sql;
        else {
          this.issue("ORDER BY", item.line, "ORDER BY on a set operation must name output columns");
          sql = this.expr(e, { sources: [] }).sql;
        }
        // SQL Server sorts NULL lowest: first when ascending, last when descending.
        return `${sql}${item.desc ? " desc nulls last" : " nulls first"}`;
      })
      .join(", ");
  }

  /** ORDER BY name: SQL Server prefers a select-list alias over a source column of the same name. */
  private outputShadows(core: A.SelectCore, name: string): boolean {
    return core.items.some((it) => {
      if (it.kind !== "expr") return false;
      const n = it.alias ?? (it.expr.kind === "column" ? it.expr.parts[it.expr.parts.length - 1] : undefined);
      return n?.toLowerCase() === name.toLowerCase();
    });
  }

  private queryBody(body: A.QueryBody, outer?: Scope): Emitted & { scope?: Scope } {
    if (body.kind === "select") {
      if (body.top) {
        const r = this.query({ kind: "query", ctes: [], body, orderBy: [], line: body.line }, outer);
        return { sql: `(${r.sql})`, columns: r.columns };
      }
      return this.selectCore(body, outer);
    }
    if (body.kind === "query") {
      const r = this.query(body, outer);
      return { sql: `(${r.sql})`, columns: r.columns };
    }
    const left = this.queryBody(body.left, outer);
    const right = this.queryBody(body.right, outer);
    if (left.columns.length !== right.columns.length) this.issue(body.op, body.line, "The branches of the set operation have different column counts");
    this.constructs.add(body.op);
    // T-SQL converts each column to the higher-precedence type of the branches; PostgreSQL needs the same category.
    const columns = left.columns.map((c, i) => {
      const other = right.columns[i]?.type;
      return { name: c.name, type: unionType(c.type, other) };
    });
    const rightSql = this.alignBranch(right, columns);
    const leftSql = this.alignBranch(left, columns);
    return { sql: `${leftSql}\n${body.op.toLowerCase()}\n${rightSql}`, columns };
  }

  /** Casts a set-operation branch's columns when their type family differs from the combined one. */
  private alignBranch(branch: Emitted, columns: OutputColumn[]): string {
    const mismatch = branch.columns.some((c, i) => needsCast(c.type, columns[i]?.type));
    if (!mismatch) return branch.sql;
    const list = branch.columns
      .map((c, i) => (needsCast(c.type, columns[i]?.type) ? `cast(${quoteIdent(c.name)} as ${pgType(columns[i]!.type!)}) as ${quoteIdent(c.name)}` : quoteIdent(c.name)))
      .join(", ");
    return `select ${list} from (${branch.sql}) as "__branch"`;
  }

  selectCore(core: A.SelectCore, outer?: Scope, opts: { skipTop?: boolean } = {}): Emitted & { scope: Scope } {
    const scope: Scope = { sources: [], ...(outer ? { parent: outer } : {}) };
    const from = core.from.map((ts) => this.fromItem(ts, scope));
    const items: string[] = [];
    const columns: OutputColumn[] = [];
    let unnamed = 0;
    for (const item of core.items) {
      if (item.kind === "assign") {
        this.issue("SELECT @variable =", item.line, "Variable assignment inside a query is not supported here");
        continue;
      }
      if (item.kind === "star") {
        const sources = item.qualifier ? scope.sources.filter((s) => s.match.includes(item.qualifier![item.qualifier!.length - 1]!.toLowerCase())) : scope.sources;
        if (!sources.length) this.issue("SELECT *", item.line, `No source ${item.qualifier?.join(".") ?? ""} for *`);
        for (const s of sources) {
          if (!s.columns) {
            this.issue("SELECT *", item.line, `The columns of ${s.alias} are unknown, so * cannot be expanded`);
            items.push(`${quoteIdent(s.alias)}.*`);
            continue;
          }
          for (const c of s.columns) {
            items.push(`${quoteIdent(s.alias)}.${quoteIdent(c.name)}`);
            columns.push({ ...c });
          }
        }
        continue;
      }
      const e = this.expr(item.expr, scope);
      let name = item.alias ?? (item.expr.kind === "column" ? item.expr.parts[item.expr.parts.length - 1]! : undefined);
      if (item.expr.kind === "column" && !item.alias) {
        // The output name of a bare column is the name as resolved (catalog spelling).
        const m = /"((?:[^"]|"")*)"$/.exec(e.sql);
        if (m) name = m[1]!.replaceAll('""', '"');
      }
      if (name === undefined) {
        unnamed++;
        name = `column${unnamed}`;
        this.constructs.add("unnamed column");
      }
      items.push(e.sql.endsWith(`.${quoteIdent(name)}`) || e.sql === quoteIdent(name) ? e.sql : `${e.sql} as ${quoteIdent(name)}`);
      columns.push({ name, ...(e.type ? { type: e.type } : {}) });
    }
    const names = columns.map((c) => c.name.toLowerCase());
    if (new Set(names).size !== names.length) this.constructs.add("duplicate output column");
    if (core.into) this.issue("SELECT INTO", core.line, "SELECT … INTO is only translated inside procedures");
    let sql = `select ${core.distinct ? "distinct " : ""}${items.join(",\n       ")}`;
    if (from.length) sql += `\nfrom ${from.join(",\n     ")}`;
    if (core.where) sql += `\nwhere ${this.predicate(core.where, scope)}`;
    if (core.groupBy.length) {
      const keys = core.groupBy.map((g) => this.groupingElement(g, scope)).join(", ");
      if (core.groupByWith) {
        this.constructs.add(`WITH ${core.groupByWith}`);
        sql += `\ngroup by ${core.groupByWith.toLowerCase()} (${keys})`;
      } else sql += `\ngroup by ${keys}`;
    }
    if (core.having) sql += `\nhaving ${this.predicate(core.having, scope)}`;
    if (core.top && !opts.skipTop) sql += `\nlimit ${this.expr(core.top.expr, scope).sql}`;
    return { sql, columns, scope };
  }

  private groupingElement(g: A.Expr, scope: Scope): string {
    if (g.kind === "call" && g.name.length === 1 && ["ROLLUP", "CUBE", "GROUPING SETS", "ROW"].includes(g.name[0]!)) {
      const inner = g.args.map((a) => this.groupingElement(a, scope)).join(", ");
      if (g.name[0] !== "ROW") this.constructs.add(g.name[0]!);
      return g.name[0] === "ROW" ? `(${inner})` : `${g.name[0]!.toLowerCase()} (${inner})`;
    }
    return this.expr(g, scope).sql;
  }

  private fromItem(ts: A.TableSource, scope: Scope): string {
    switch (ts.kind) {
      case "table": {
        for (const h of ts.hints) this.constructs.add(`WITH (${h})`);
        const alias = ts.alias ?? ts.name[ts.name.length - 1]!;
        const rel = this.resolveRelation(ts.name, ts.line);
        const match = ts.alias ? [ts.alias.toLowerCase()] : [ts.name[ts.name.length - 1]!.toLowerCase()];
        scope.sources.push({ alias, match, ...(rel?.columns ? { columns: rel.columns } : {}), ...(rel ? { relation: rel } : {}) });
        return `${rel?.sql ?? quoteIdent(ts.name.join("."))} as ${quoteIdent(alias)}`;
      }
      case "variable": {
        const rel = this.locals.get("@" + ts.name.toLowerCase());
        if (!rel) this.issue("table variable", ts.line, `Table variable @${ts.name} is not declared`);
        const alias = ts.alias ?? ts.name;
        scope.sources.push({ alias, match: [alias.toLowerCase(), "@" + ts.name.toLowerCase()], ...(rel?.columns ? { columns: rel.columns } : {}) });
        return `${rel?.sql ?? quoteIdent(ts.name)} as ${quoteIdent(alias)}`;
      }
      case "derived": {
        const r = this.query(ts.query, scope.parent);
        const columns = ts.columns ? ts.columns.map((name, i) => ({ name, type: r.columns[i]?.type })) : r.columns;
        scope.sources.push({ alias: ts.alias, match: [ts.alias.toLowerCase()], columns });
        const cols = ts.columns ? ` (${ts.columns.map(quoteIdent).join(", ")})` : "";
        return `(\n${indent(r.sql)}\n) as ${quoteIdent(ts.alias)}${cols}`;
      }
      case "values": {
        this.constructs.add("VALUES table");
        const rows = ts.rows.map((row) => `(${row.map((v) => this.expr(v, scope).sql).join(", ")})`);
        const first = ts.rows[0]?.map((v) => this.expr(v, { sources: [] }).type) ?? [];
        const names = ts.columns ?? first.map((_, i) => `column${i + 1}`);
        scope.sources.push({ alias: ts.alias, match: [ts.alias.toLowerCase()], columns: names.map((name, i) => ({ name, type: first[i] })) });
        return `(values ${rows.join(", ")}) as ${quoteIdent(ts.alias)} (${names.map(quoteIdent).join(", ")})`;
      }
      case "paren":
        return `(${this.fromItem(ts.source, scope)})`;
      case "join": {
        const left = this.fromItem(ts.left, scope);
        if (ts.type === "CROSS APPLY" || ts.type === "OUTER APPLY") {
          this.constructs.add(ts.type);
          const right = this.lateral(ts.right, scope);
          return ts.type === "CROSS APPLY" ? `${left}\ncross join lateral ${right}` : `${left}\nleft join lateral ${right} on true`;
        }
        const right = this.fromItem(ts.right, scope);
        if (ts.type === "CROSS") return `${left}\ncross join ${right}`;
        const on = this.predicate(ts.on!, scope);
        return `${left}\n${ts.type.toLowerCase()} join ${right} on ${on}`;
      }
      case "function":
        return this.functionTable(ts, scope, false);
      case "pivot":
        return this.pivot(ts, scope);
      case "unpivot":
        return this.unpivot(ts, scope);
    }
  }

  private lateral(ts: A.TableSource, scope: Scope): string {
    if (ts.kind === "derived") {
      const r = this.query(ts.query, scope);
      const columns = ts.columns ? ts.columns.map((name, i) => ({ name, type: r.columns[i]?.type })) : r.columns;
      scope.sources.push({ alias: ts.alias, match: [ts.alias.toLowerCase()], columns });
      const cols = ts.columns ? ` (${ts.columns.map(quoteIdent).join(", ")})` : "";
      return `(\n${indent(r.sql)}\n) as ${quoteIdent(ts.alias)}${cols}`;
    }
    if (ts.kind === "function") return this.functionTable(ts, scope, true);
    return this.fromItem(ts, scope);
  }

  private functionTable(ts: A.FunctionTable, scope: Scope, lateral: boolean): string {
    const fname = ts.call.name[ts.call.name.length - 1]!.toUpperCase();
    const alias = ts.alias ?? ts.call.name[ts.call.name.length - 1]!;
    if (ts.call.name.length === 1 && fname === "STRING_SPLIT") {
      this.constructs.add("STRING_SPLIT");
      const [s, sep] = ts.call.args.map((a) => this.expr(a, scope));
      scope.sources.push({ alias, match: [alias.toLowerCase()], columns: [{ name: "value", type: T.nvarchar(4000) }] });
      return `${lateral ? "" : "lateral "}(select "__v" as "value" from unnest(string_to_array(${s!.sql}, ${sep!.sql})) as "__s" ("__v")) as ${quoteIdent(alias)}`;
    }
    if (ts.call.name.length === 1 && fname === "OPENJSON" && ts.withSchema) {
      this.constructs.add("OPENJSON");
      const [j, path] = ts.call.args.map((a) => this.expr(a, scope));
      const base = path ? `(${j!.sql})::jsonb #> ${jsonPathArray(ts.call.args[1]!, this, ts.line)}` : `(${j!.sql})::jsonb`;
      const cols = ts.withSchema.map((c) => {
        const p = c.path ? jsonPathArray({ kind: "literal", type: "string", value: c.path, line: ts.line }, this, ts.line) : `'{${c.name}}'`;
        return `cast("__e" #>> ${p} as ${pgType(c.type)}) as ${quoteIdent(c.name)}`;
      });
      scope.sources.push({ alias, match: [alias.toLowerCase()], columns: ts.withSchema.map((c) => ({ name: c.name, type: c.type })) });
      return `${lateral ? "" : "lateral "}(select ${cols.join(", ")} from jsonb_array_elements(${base}) as "__j" ("__e")) as ${quoteIdent(alias)}`;
    }
    const rel = ts.call.name.length > 1 || !isBuiltinTvf(fname) ? this.ctx.resolver.resolve(ts.call.name) : undefined;
    if (rel?.kind === "function") {
      if (rel.key) this.dependsOn.add(rel.key);
      this.constructs.add("table-valued function");
      if (ts.call.args.length) this.issue("table-valued function", ts.line, `${ts.call.name.join(".")} takes arguments; its ephemeral model reads them as dbt vars, so per-call arguments cannot be passed`);
      scope.sources.push({ alias, match: [alias.toLowerCase()], ...(rel.columns ? { columns: rel.columns } : {}) });
      return `${rel.sql} as ${quoteIdent(alias)}`;
    }
    this.issue(fname, ts.line, `Table-valued function ${ts.call.name.join(".")} is not translated`);
    scope.sources.push({ alias, match: [alias.toLowerCase()] });
    return `${quoteIdent(ts.call.name.join("."))} as ${quoteIdent(alias)}`;
  }

  private pivot(ts: A.Pivot, scope: Scope): string {
    this.constructs.add("PIVOT");
    const inner: Scope = { sources: [], ...(scope.parent ? { parent: scope.parent } : {}) };
    const src = this.fromItem(ts.source, inner);
    const all = inner.sources.flatMap((s) => (s.columns ?? []).map((c) => ({ s, c })));
    if (inner.sources.some((s) => !s.columns)) {
      this.issue("PIVOT", ts.line, "PIVOT needs the columns of its source");
      scope.sources.push({ alias: ts.alias, match: [ts.alias.toLowerCase()] });
      return `${src} /* PIVOT */ as ${quoteIdent(ts.alias)}`;
    }
    const agg = ts.aggregate;
    const valueCol = agg.args[0];
    const forName = ts.forColumn.parts[ts.forColumn.parts.length - 1]!.toLowerCase();
    const valueName = valueCol?.kind === "column" ? valueCol.parts[valueCol.parts.length - 1]!.toLowerCase() : "";
    const groupCols = all.filter(({ c }) => c.name.toLowerCase() !== forName && c.name.toLowerCase() !== valueName);
    const forExpr = this.expr(ts.forColumn, inner);
    const value = this.expr(valueCol!, inner);
    const fn = agg.name[agg.name.length - 1]!.toLowerCase();
    const aggs = ts.values.map((v) => {
      const lit = isNumeric(forExpr.type) ? v.value : quoteString(v.value);
      const inside = `case when ${forExpr.sql} = ${lit} then ${value.sql} end`;
      const call = fn === "count" ? `count(${inside})::integer` : fn === "sum" && isInteger(value.type) ? `sum(${inside})::integer` : `${fn}(${inside})`;
      return `${call} as ${quoteIdent(v.alias)}`;
    });
    const keys = groupCols.map(({ s, c }) => `${quoteIdent(s.alias)}.${quoteIdent(c.name)}`);
    const aggType = this.aggregateType(fn, value.type);
    scope.sources.push({
      alias: ts.alias,
      match: [ts.alias.toLowerCase()],
      columns: [...groupCols.map(({ c }) => c), ...ts.values.map((v) => ({ name: v.alias, ...(aggType ? { type: aggType } : {}) }))],
    });
    return `(\n  select ${[...keys, ...aggs].join(", ")}\n  from ${src}${keys.length ? `\n  group by ${keys.join(", ")}` : ""}\n) as ${quoteIdent(ts.alias)}`;
  }

  private unpivot(ts: A.Unpivot, scope: Scope): string {
    this.constructs.add("UNPIVOT");
    const inner: Scope = { sources: [], ...(scope.parent ? { parent: scope.parent } : {}) };
    const src = this.fromItem(ts.source, inner);
    const s = inner.sources[0];
    if (!s?.columns || inner.sources.length !== 1) {
      this.issue("UNPIVOT", ts.line, "UNPIVOT needs a single source with known columns");
      scope.sources.push({ alias: ts.alias, match: [ts.alias.toLowerCase()] });
      return `${src} as ${quoteIdent(ts.alias)}`;
    }
    const lower = ts.columns.map((c) => c.toLowerCase());
    const keep = s.columns.filter((c) => !lower.includes(c.name.toLowerCase()));
    const unpivoted = ts.columns.map((c) => s.columns!.find((x) => x.name.toLowerCase() === c.toLowerCase()) ?? { name: c });
    const valueType = unpivoted.reduce<DataType | undefined>((t, c) => higher(t, c.type), undefined);
    const values = unpivoted.map((c) => `(${quoteString(c.name)}, ${quoteIdent(s.alias)}.${quoteIdent(c.name)})`).join(", ");
    const cols = [...keep.map((c) => `${quoteIdent(s.alias)}.${quoteIdent(c.name)}`), `"__u".${quoteIdent(ts.forColumn)}`, `"__u".${quoteIdent(ts.valueColumn)}`];
    scope.sources.push({
      alias: ts.alias,
      match: [ts.alias.toLowerCase()],
      columns: [...keep, { name: ts.forColumn, type: T.nvarchar(128) }, { name: ts.valueColumn, ...(valueType ? { type: valueType } : {}) }],
    });
    return `(\n  select ${cols.join(", ")}\n  from ${src}\n  cross join lateral (values ${values}) as "__u" (${quoteIdent(ts.forColumn)}, ${quoteIdent(ts.valueColumn)})\n  where "__u".${quoteIdent(ts.valueColumn)} is not null\n) as ${quoteIdent(ts.alias)}`;
  }

  resolveRelation(parts: string[], line: number): Relation | undefined {
    const last = parts[parts.length - 1]!;
    if (parts.length === 1) {
      const lower = last.toLowerCase();
      if (lower.startsWith("#")) {
        const rel = this.locals.get(lower);
        if (!rel) this.issue("temp table", line, `Temporary table ${last} is not created in this object`);
        return rel;
      }
      for (let i = this.cteStack.length - 1; i >= 0; i--) {
        const rel = this.cteStack[i]!.get(lower);
        if (rel) {
          if (!rel.columns) this.recursiveHit = true;
          return rel;
        }
      }
      const local = this.locals.get(lower);
      if (local) return local;
    }
    const rel = this.ctx.resolver.resolve(parts);
    if (!rel) {
      this.issue("unknown object", line, `${parts.join(".")} is not in the catalog`);
      return undefined;
    }
    if (rel.key) this.dependsOn.add(rel.key);
    if (rel.kind === "procedure" || rel.kind === "function") this.issue("object reference", line, `${parts.join(".")} is a ${rel.kind}, not a table or view`);
    if (!rel.columns) this.issue("unknown columns", line, `The output columns of ${parts.join(".")} are not known (translate it first)`);
    return rel;
  }

  // ───────────────────────── expressions ─────────────────────────

  /** A boolean-context expression (WHERE, ON, HAVING, WHEN). */
  predicate(e: A.Expr, scope: Scope): string {
    return this.expr(e, scope).sql;
  }

  expr(e: A.Expr, scope: Scope): Typed {
    switch (e.kind) {
      case "literal":
        return this.literal(e);
      case "column":
        return this.column(e, scope);
      case "star":
        return { sql: "*" };
      case "variable":
        return this.variable(e);
      case "paren": {
        const inner = this.expr(e.expr, scope);
        return { sql: `(${inner.sql})`, ...(inner.type ? { type: inner.type } : {}) };
      }
      case "unary": {
        const x = this.expr(e.operand, scope);
        if (e.op === "NOT") return { sql: `not ${wrap(x.sql)}`, type: T.bit };
        if (e.op === "~") return { sql: `~${wrap(x.sql)}`, ...(x.type ? { type: x.type } : {}) };
        return { sql: `${e.op}${wrap(isBit(x.type) ? `${wrap(x.sql)}::integer` : x.sql)}`, ...(x.type ? { type: isBit(x.type) ? T.int : x.type } : {}) };
      }
      case "binary":
        return this.binary(e, scope);
      case "between": {
        const x = this.expr(e.expr, scope);
        const lo = this.coerceTo(this.expr(e.low, scope), e.low, x.type, e.line);
        const hi = this.coerceTo(this.expr(e.high, scope), e.high, x.type, e.line);
        return { sql: `${wrap(x.sql)} ${e.not ? "not between" : "between"} ${wrap(lo.sql)} and ${wrap(hi.sql)}`, type: T.bit };
      }
      case "in": {
        const x = this.expr(e.expr, scope);
        if (e.query) {
          const q = this.query(e.query, scope);
          return { sql: `${wrap(x.sql)} ${e.not ? "not in" : "in"} (\n${indent(q.sql)}\n)`, type: T.bit };
        }
        const list = e.list!.map((v) => this.coerceTo(this.expr(v, scope), v, x.type, e.line).sql);
        return { sql: `${wrap(x.sql)} ${e.not ? "not in" : "in"} (${list.join(", ")})`, type: T.bit };
      }
      case "like":
        return this.like(e, scope);
      case "isnull": {
        const x = this.expr(e.expr, scope);
        return { sql: `${wrap(x.sql)} is ${e.not ? "not " : ""}null`, type: T.bit };
      }
      case "exists": {
        const q = this.query(e.query, scope);
        return { sql: `exists (\n${indent(q.sql)}\n)`, type: T.bit };
      }
      case "subquery":
        return this.subquery(e, scope);
      case "quantified": {
        const x = this.expr(e.left, scope);
        const q = this.query(e.query, scope);
        return { sql: `${wrap(x.sql)} ${e.op} ${e.quantifier === "SOME" ? "any" : e.quantifier.toLowerCase()} (\n${indent(q.sql)}\n)`, type: T.bit };
      }
      case "case":
        return this.caseExpr(e, scope);
      case "call":
        return this.call(e, scope);
      case "cast":
        return this.cast(e, scope);
      case "collate": {
        this.constructs.add("COLLATE");
        return this.expr(e.expr, scope);
      }
      case "method":
        this.issue("XML method", e.line, `.${e.method}() on XML is not translated`);
        return { sql: "null" };
      case "attimezone":
        this.issue("AT TIME ZONE", e.line, "AT TIME ZONE uses Windows time zone names; not translated");
        return { sql: "null" };
    }
  }

  private literal(e: A.Literal): Typed {
    switch (e.type) {
      case "string": {
        const len = Math.max(e.value.length, 1);
        return { sql: quoteString(e.value), type: e.unicode ? T.nvarchar(len) : T.varchar(len) };
      }
      case "number":
        return { sql: e.value, type: numberLiteralType(e.value) };
      case "money":
        this.constructs.add("money literal");
        return { sql: e.value, type: T.money };
      case "binary":
        return { sql: `'\\x${e.value}'::bytea`, type: { name: "varbinary", length: Math.max(e.value.length / 2, 1) } };
      case "null":
        return { sql: "null" };
    }
  }

  private variable(e: A.Variable): Typed {
    if (e.name.startsWith("@")) {
      const name = e.name.slice(1).toUpperCase();
      this.issue(`@@${name}`, e.line, `@@${name} has no equivalent in a dbt model`);
      return { sql: "null" };
    }
    const v = this.vars.get(e.name.toLowerCase());
    if (!v) {
      this.issue("variable", e.line, `Variable @${e.name} is not declared`);
      return { sql: "null" };
    }
    return { sql: v.sql, ...(v.type ? { type: v.type } : {}) };
  }

  private column(e: A.ColumnRef, scope: Scope): Typed {
    const parts = e.parts;
    const colName = parts[parts.length - 1]!;
    const lower = colName.toLowerCase();
    if (parts.length > 1) {
      const qual = parts[parts.length - 2]!.toLowerCase();
      for (let s: Scope | undefined = scope; s; s = s.parent) {
        const src = s.sources.find((x) => x.match.includes(qual));
        if (src) return this.columnOf(src, colName, e.line);
      }
      this.issue("unknown column", e.line, `No table or alias ${parts.slice(0, -1).join(".")} for ${parts.join(".")}`);
      return { sql: parts.map(quoteIdent).join(".") };
    }
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const hits = s.sources.filter((x) => x.columns?.some((c) => c.name.toLowerCase() === lower));
      if (hits.length > 1) this.issue("ambiguous column", e.line, `Column ${colName} is in ${hits.map((h) => h.alias).join(" and ")}`);
      if (hits.length >= 1) return this.columnOf(hits[0]!, colName, e.line);
      const unknown = s.sources.filter((x) => !x.columns);
      if (unknown.length === 1 && s.sources.length === 1) return this.columnOf(unknown[0]!, colName, e.line);
    }
    this.issue("unknown column", e.line, `Column ${colName} is not found in the query's sources`);
    return { sql: quoteIdent(colName) };
  }

  private columnOf(src: Source, name: string, line: number): Typed {
    const col = src.columns?.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (src.columns && !col) this.issue("unknown column", line, `${src.alias} has no column ${name}`);
    return { sql: `${quoteIdent(src.alias)}.${quoteIdent(col?.name ?? name)}`, ...(col?.type ? { type: col.type } : {}) };
  }

  private subquery(e: A.Subquery, scope: Scope): Typed {
    const q = e.query;
    if (q.for?.kind === "xml" && q.for.mode === "PATH" && (q.for.element === "" || q.for.element === undefined) && q.body.kind === "select") {
      return this.forXmlConcat(q, q.body, scope, !q.for.type);
    }
    const r = this.query(q, scope);
    return { sql: `(\n${indent(r.sql)}\n)`, ...(r.columns[0]?.type ? { type: r.columns[0].type } : {}) };
  }

  /** `(SELECT ',' + x FROM … FOR XML PATH(''))` → `(select string_agg(…, '' order by …) from …)`. */
  private forXmlConcat(q: A.Query, core: A.SelectCore, scope: Scope, escape: boolean): Typed {
    this.constructs.add("FOR XML PATH('')");
    const only = core.items.length === 1 ? core.items[0]! : undefined;
    if (!only || only.kind !== "expr" || !["", "text()", "data()", undefined].includes(only.alias) || core.groupBy.length || core.top) {
      this.issue("FOR XML", q.line, "Only FOR XML PATH('') over one unnamed string expression is translated (string concatenation)");
      return { sql: "null" };
    }
    const item = core.items[0] as { expr: A.Expr };
    const inner: Scope = { sources: [], parent: scope };
    const from = core.from.map((ts) => this.fromItem(ts, inner));
    const value = this.expr(item.expr, inner);
    let v = isString(value.type) ? value.sql : `(${value.sql})::text`;
    if (escape) v = `replace(replace(replace(${v}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;
    const order = q.orderBy.length ? ` order by ${this.orderBy(q.orderBy, inner, [], core)}` : "";
    let sql = `select string_agg(${v}, ''${order})`;
    if (from.length) sql += ` from ${from.join(", ")}`;
    if (core.where) sql += ` where ${this.predicate(core.where, inner)}`;
    return { sql: `(${sql})`, type: T.nvarchar("max") };
  }

  private caseExpr(e: A.Case, scope: Scope): Typed {
    const operand = e.operand ? this.expr(e.operand, scope) : undefined;
    const results = e.whens.map((w) => this.expr(w.then, scope));
    const els = e.else ? this.expr(e.else, scope) : undefined;
    const all = els ? [...results, els] : results;
    const type = all.reduce<DataType | undefined>((t, r) => unionType(t, r.type), undefined);
    const fit = (r: Typed) => (type && needsCast(r.type, type) && r.sql !== "null" ? `cast(${r.sql} as ${pgType(type)})` : r.sql);
    const whens = e.whens.map((w, i) => {
      const cond = operand ? this.compare("=", operand, w.when, this.expr(w.when, scope), e.operand!, scope, w.when.line).sql : this.predicate(w.when, scope);
      return `when ${cond} then ${fit(results[i]!)}`;
    });
    return {
      sql: `case ${whens.join(" ")}${els ? ` else ${fit(els)}` : ""} end`,
      ...(type ? { type } : {}),
    };
  }

  private binary(e: A.Binary, scope: Scope): Typed {
    if (e.op === "AND" || e.op === "OR") {
      return { sql: `${wrap(this.predicate(e.left, scope))} ${e.op.toLowerCase()} ${wrap(this.predicate(e.right, scope))}`, type: T.bit };
    }
    const left = this.expr(e.left, scope);
    const right = this.expr(e.right, scope);
    if (["=", "<>", "<", ">", "<=", ">="].includes(e.op)) return this.compare(e.op, left, e.right, right, e.left, scope, e.line);
    if (["&", "|", "^"].includes(e.op)) {
      const type = arithmeticType("+", left.type, right.type);
      const op = e.op === "^" ? "#" : e.op;
      const asInt = (x: Typed) => (isBit(x.type) ? `${wrap(x.sql)}::integer` : wrap(x.sql));
      const sql = `${asInt(left)} ${op} ${asInt(right)}`;
      return isBit(left.type) && isBit(right.type) ? { sql: `(${sql}) <> 0`, type: T.bit } : { sql, ...(type ? { type } : {}) };
    }
    return this.arithmetic(e.op, left, right, e);
  }

  arithmetic(op: string, left: Typed, right: Typed, e: A.Binary): Typed {
    const ls = isString(left.type) || (left.type === undefined && left.sql.startsWith("'"));
    const rs = isString(right.type) || (right.type === undefined && right.sql.startsWith("'"));
    if (op === "+" && (ls || rs) && !isNumeric(left.type) && !isNumeric(right.type) && !isDateTime(left.type) && !isDateTime(right.type)) {
      this.constructs.add("string +");
      if (left.type === undefined && right.type === undefined && left.sql !== "null" && right.sql !== "null") this.issue("string +", e.line, "Cannot tell string + from numeric + (unknown types)");
      return { sql: `${wrap(left.sql)} || ${wrap(right.sql)}`, type: concatType(left.type ?? right.type, right.type ?? left.type) };
    }
    if (left.type === undefined && right.type === undefined && left.sql !== "null" && right.sql !== "null") {
      this.issue("type inference", e.line, `Operand types of ${op} are unknown`);
    }
    // datetime ± number: days.
    if ((op === "+" || op === "-") && isDateTime(left.type) && isNumeric(right.type)) {
      return { sql: `${wrap(left.sql)} ${op} ${wrap(right.sql)} * interval '1 day'`, type: left.type! };
    }
    if (op === "+" && isNumeric(left.type) && isDateTime(right.type)) {
      return { sql: `${wrap(right.sql)} + ${wrap(left.sql)} * interval '1 day'`, type: right.type! };
    }
    if (op === "-" && isDateTime(left.type) && isDateTime(right.type)) {
      this.issue("datetime arithmetic", e.line, "datetime - datetime is not translated");
      return { sql: `${wrap(left.sql)} - ${wrap(right.sql)}`, type: T.datetime };
    }
    const lt = isString(left.type) ? higher(right.type, T.int) : left.type;
    const rt = isString(right.type) ? higher(left.type, T.int) : right.type;
    const type = arithmeticType(op, lt, rt);
    const cast = (x: Typed, t: DataType | undefined) => {
      if (isBit(x.type)) return `${wrap(x.sql)}::integer`;
      if (type && (isApprox(type) && !sameName(x.type, type))) return `${wrap(x.sql)}::${pgType(type)}`;
      if (isString(x.type) && t) return `${wrap(x.sql)}::${pgType(t)}`;
      return wrap(x.sql);
    };
    const pgOp = op === "%" ? "%" : op;
    let sql = `${cast(left, type)} ${pgOp} ${cast(right, type)}`;
    if (op === "/" && type && isApprox(type) === false && (isExact(type) || isMoney(type))) {
      this.constructs.add("decimal division");
      sql = `(${sql})::${pgType(type)}`;
    } else if (op === "*" && isMoney(type) && isMoney(left.type) && isMoney(right.type)) sql = `(${sql})::numeric(19,4)`;
    return { sql, ...(type ? { type } : {}) };
  }

  private compare(op: string, left: Typed, rightAst: A.Expr, right: Typed, leftAst: A.Expr, _scope: Scope, line: number): Typed {
    const l = this.coerceTo(left, leftAst, right.type, line);
    const r = this.coerceTo(right, rightAst, left.type, line);
    let ls = l.sql;
    let rs = r.sql;
    if (isBit(l.type) !== isBit(r.type) && (isBit(l.type) || isBit(r.type)) && l.type && r.type) {
      // boolean vs number: compare as integers.
      if (isBit(l.type)) ls = `${wrap(ls)}::integer`;
      else rs = `${wrap(rs)}::integer`;
    }
    return { sql: `${wrap(ls)} ${op} ${wrap(rs)}`, type: T.bit };
  }

  /** Literal operands take the other side's type, as T-SQL's implicit conversion does. */
  coerceTo(x: Typed, ast: A.Expr, target: DataType | undefined, line: number): Typed {
    if (!target) return x;
    const lit = unparen(ast);
    if (lit.kind !== "literal") {
      if (isString(x.type) && isNumeric(target) && !isBit(target)) return { sql: `${wrap(x.sql)}::${pgType(target)}`, type: target };
      return x;
    }
    if (isBit(target) && lit.type === "number") {
      this.constructs.add("bit comparison");
      return { sql: Number(lit.value) !== 0 ? "true" : "false", type: T.bit };
    }
    if (isBit(target) && lit.type === "string" && /^(0|1|true|false)$/i.test(lit.value.trim())) {
      this.constructs.add("bit comparison");
      return { sql: /^(1|true)$/i.test(lit.value.trim()) ? "true" : "false", type: T.bit };
    }
    if ((isDateTime(target) || isTime(target)) && lit.type === "string") {
      if (isTime(target)) return { sql: `${quoteString(lit.value)}::time`, type: target };
      const d = parseDateLiteral(lit.value);
      if (!d) {
        this.issue("datetime literal", line, `Cannot read ${JSON.stringify(lit.value)} as a datetime the way SQL Server does`);
        return x;
      }
      return isDateOnly(target) ? { sql: `date '${d.slice(0, 10)}'`, type: T.date } : { sql: `timestamp '${d}'`, type: T.datetime };
    }
    if (isNumeric(target) && lit.type === "string") {
      if (/^\s*[-+]?(\d+\.?\d*|\.\d+)\s*$/.test(lit.value)) return { sql: lit.value.trim(), type: numberLiteralType(lit.value.trim()) };
      this.issue("implicit conversion", line, `${quoteString(lit.value)} would not convert to ${normalizeName(target.name)}`);
    }
    return x;
  }

  private like(e: A.Like, scope: Scope): Typed {
    const x = this.expr(e.expr, scope);
    const pat = unparen(e.pattern);
    const escape = e.escape ? unparen(e.escape) : undefined;
    const esc = escape?.kind === "literal" && escape.type === "string" ? escape.value : undefined;
    if (e.escape && esc === undefined) this.issue("LIKE", e.line, "LIKE … ESCAPE with a non-literal escape character");
    const subject = isString(x.type) || x.type === undefined ? x.sql : `(${x.sql})::text`;
    if (pat.kind === "literal" && pat.type === "string") {
      if (likeNeedsRegex(pat.value)) {
        this.constructs.add("LIKE [] class");
        const re = likeToRegex(pat.value, esc);
        return { sql: `${wrap(subject)} ${e.not ? "!~*" : "~*"} ${quoteString(re)}`, type: T.bit };
      }
      // T-SQL's LIKE has no default escape character; PostgreSQL's is backslash.
      let pattern = pat.value;
      let escClause = "";
      if (esc !== undefined) escClause = ` escape ${quoteString(esc)}`;
      else if (pattern.includes("\\")) pattern = pattern.replaceAll("\\", "\\\\");
      return { sql: `${wrap(subject)} ${e.not ? "not ilike" : "ilike"} ${quoteString(pattern)}${escClause}`, type: T.bit };
    }
    this.constructs.add("LIKE (non-literal pattern)");
    const p = this.expr(e.pattern, scope);
    return { sql: `${wrap(subject)} ${e.not ? "not ilike" : "ilike"} ${wrap(p.sql)} escape ${esc !== undefined ? quoteString(esc) : "''"}`, type: T.bit };
  }

  aggregateType(fn: string, t: DataType | undefined): DataType | undefined {
    switch (fn) {
      case "count":
        return T.int;
      case "count_big":
        return T.bigint;
      case "sum":
        if (isInteger(t) && normalizeName(t!.name) !== "bigint") return T.int;
        if (isExact(t)) return T.decimal(38, t!.scale ?? 0);
        if (isApprox(t)) return T.float;
        return t;
      case "avg":
        if (isInteger(t) && normalizeName(t!.name) !== "bigint") return T.int;
        if (isExact(t)) return T.decimal(38, Math.max(t!.scale ?? 0, 6));
        if (isApprox(t)) return T.float;
        return t;
      case "stdev":
      case "stdevp":
      case "var":
      case "varp":
        return T.float;
      default:
        return t;
    }
  }

  private call(e: A.Call, scope: Scope): Typed {
    if (e.name.length > 1) return this.udfCall(e, scope);
    const fn = e.name[0]!.toLowerCase();
    const args = () => e.args.map((a) => this.expr(a, scope));
    const over = e.over ? this.over(e.over, scope) : "";
    const distinct = e.distinct ? "distinct " : "";
    const part = () => {
      const p = e.args[0];
      const raw = p?.kind === "column" && p.parts.length === 1 ? p.parts[0]! : p?.kind === "literal" && p.type === "string" ? p.value : "";
      const canon = DATE_PARTS[raw.toLowerCase()];
      if (!canon) this.issue(fn.toUpperCase(), e.line, `Unknown date part ${raw}`);
      return canon ?? "day";
    };
    const dateArg = (i: number): Typed => {
      const a = e.args[i]!;
      const x = this.expr(a, scope);
      const lit = unparen(a);
      if (lit.kind === "literal" && lit.type === "string") return this.coerceTo(x, a, T.datetime, e.line);
      return x;
    };
    switch (fn) {
      // ── aggregates ──
      case "count":
      case "count_big": {
        const inner = e.args[0]?.kind === "star" ? "*" : `${distinct}${args().map((a) => a.sql).join(", ")}`;
        return { sql: `count(${inner})${over}${fn === "count" ? "::integer" : ""}`, type: fn === "count" ? T.int : T.bigint };
      }
      case "sum":
      case "avg":
      case "min":
      case "max": {
        const [x] = args();
        const v = isBit(x!.type) ? `${wrap(x!.sql)}::integer` : x!.sql;
        const type = this.aggregateType(fn, x!.type);
        let sql = `${fn}(${distinct}${v})${over}`;
        if (fn === "sum" && isInteger(x!.type) && normalizeName(x!.type!.name) !== "bigint") sql = `${sql}::integer`;
        if (fn === "avg") {
          if (isInteger(x!.type)) sql = `trunc(${sql})::${normalizeName(x!.type!.name) === "bigint" ? "bigint" : "integer"}`;
          else if (isMoney(x!.type)) {
            this.constructs.add("AVG(money)");
            sql = `(${sql})::numeric(19,4)`;
          } else if (isExact(x!.type)) sql = `(${sql})::${pgType(type!)}`;
          else if (isApprox(x!.type)) sql = `${sql}::double precision`;
        }
        if (fn === "sum" && isApprox(x!.type)) sql = `${sql}::double precision`;
        return { sql, ...(type ? { type } : {}) };
      }
      case "stdev":
      case "stdevp":
      case "var":
      case "varp": {
        const [x] = args();
        const pg = { stdev: "stddev_samp", stdevp: "stddev_pop", var: "var_samp", varp: "var_pop" }[fn];
        return { sql: `${pg}(${distinct}${x!.sql})::double precision${over}`, type: T.float };
      }
      case "grouping":
      case "grouping_id":
        this.constructs.add("GROUPING()");
        return { sql: `grouping(${args().map((a) => a.sql).join(", ")})`, type: T.int };
      case "string_agg": {
        this.constructs.add("STRING_AGG");
        const [x, sep] = args();
        const order = e.withinGroup ? ` order by ${this.orderBy(e.withinGroup, scope, [], undefined)}` : "";
        return { sql: `string_agg(${isString(x!.type) ? x!.sql : `(${x!.sql})::text`}, ${sep!.sql}${order})`, type: isUnicode(x!.type) ? T.nvarchar("max") : T.varchar("max") };
      }
      case "checksum_agg":
        break;
      // ── window ──
      case "row_number":
      case "rank":
      case "dense_rank":
      case "ntile": {
        this.constructs.add("window function");
        return { sql: `${fn}(${args().map((a) => a.sql).join(", ")})${over}${fn === "ntile" || fn === "row_number" || fn === "rank" || fn === "dense_rank" ? "" : ""}`, type: fn === "row_number" ? T.bigint : fn === "ntile" ? T.bigint : T.bigint };
      }
      case "lag":
      case "lead":
      case "first_value":
      case "last_value": {
        this.constructs.add("window function");
        const a = args();
        return { sql: `${fn}(${a.map((x) => x.sql).join(", ")})${over}`, ...(a[0]?.type ? { type: a[0].type } : {}) };
      }
      // ── null handling / logic ──
      case "isnull": {
        this.constructs.add("ISNULL");
        const [a, b] = args();
        const bsql = a!.type && b!.type && needsCast(b!.type, a!.type) ? `cast(${b!.sql} as ${pgType(a!.type)})` : b!.sql;
        return { sql: `coalesce(${a!.sql}, ${bsql})`, ...(a!.type ?? b!.type ? { type: (a!.type ?? b!.type)! } : {}) };
      }
      case "coalesce": {
        const a = args();
        const type = a.reduce<DataType | undefined>((t, x) => unionType(t, x.type), undefined);
        return { sql: `coalesce(${a.map((x) => (type && needsCast(x.type, type) && x.sql !== "null" ? `cast(${x.sql} as ${pgType(type)})` : x.sql)).join(", ")})`, ...(type ? { type } : {}) };
      }
      case "nullif": {
        const [a] = args();
        const b = this.coerceTo(this.expr(e.args[1]!, scope), e.args[1]!, a!.type, e.line);
        return { sql: `nullif(${a!.sql}, ${b.sql})`, ...(a!.type ? { type: a!.type } : {}) };
      }
      case "iif": {
        this.constructs.add("IIF");
        return this.caseExpr({ kind: "case", whens: [{ when: e.args[0]!, then: e.args[1]! }], else: e.args[2]!, line: e.line }, scope);
      }
      case "choose": {
        this.constructs.add("CHOOSE");
        return this.caseExpr({ kind: "case", operand: e.args[0]!, whens: e.args.slice(1).map((then, i) => ({ when: { kind: "literal", type: "number", value: String(i + 1), line: e.line }, then })), line: e.line }, scope);
      }
      // ── dates ──
      case "getdate":
      case "current_timestamp":
      case "sysdatetime":
        this.constructs.add("GETDATE");
        return { sql: "localtimestamp", type: fn === "sysdatetime" ? { name: "datetime2", scale: 7 } : T.datetime };
      case "getutcdate":
      case "sysutcdatetime":
        this.constructs.add("GETUTCDATE");
        return { sql: "(now() at time zone 'utc')", type: T.datetime };
      case "sysdatetimeoffset":
        return { sql: "now()", type: { name: "datetimeoffset" } };
      case "dateadd": {
        this.constructs.add("DATEADD");
        const p = part();
        const n = this.expr(e.args[1]!, scope);
        const d = dateArg(2);
        const nsql = isInteger(n.type) ? wrap(n.sql) : `trunc(${n.sql})`;
        const unit = { year: "1 year", quarter: "3 months", month: "1 month", dayofyear: "1 day", day: "1 day", weekday: "1 day", week: "7 days", hour: "1 hour", minute: "1 minute", second: "1 second", millisecond: "1 millisecond", microsecond: "1 microsecond", iso_week: "7 days" }[p];
        const type = d.type ?? T.datetime;
        const sum = `${wrap(d.sql)} + ${nsql} * interval '${unit}'`;
        return { sql: isDateOnly(type) ? `(${sum})::date` : `(${sum})`, type };
      }
      case "datediff":
      case "datediff_big": {
        this.constructs.add("DATEDIFF");
        const p = part();
        const a = dateArg(1).sql;
        const b = dateArg(2).sql;
        const y = (d: string) => `extract(year from ${wrap(d)})`;
        let sql: string;
        switch (p) {
          case "year":
            sql = `(${y(b)} - ${y(a)})::integer`;
            break;
          case "quarter":
            sql = `((${y(b)} * 4 + extract(quarter from ${wrap(b)})) - (${y(a)} * 4 + extract(quarter from ${wrap(a)})))::integer`;
            break;
          case "month":
            sql = `((${y(b)} - ${y(a)}) * 12 + extract(month from ${wrap(b)}) - extract(month from ${wrap(a)}))::integer`;
            break;
          case "day":
          case "dayofyear":
          case "weekday":
            sql = `(${wrap(b)}::date - ${wrap(a)}::date)`;
            break;
          case "week":
            // Sunday-based week boundaries, independent of DATEFIRST (as in SQL Server).
            sql = `(((${wrap(b)}::date - extract(dow from ${wrap(b)})::integer) - (${wrap(a)}::date - extract(dow from ${wrap(a)})::integer)) / 7)`;
            break;
          default: {
            const unit = { hour: "hour", minute: "minute", second: "second", millisecond: "milliseconds", microsecond: "microseconds", iso_week: "week" }[p]!;
            const div = { hour: 3600, minute: 60, second: 1, millisecond: 0.001, microsecond: 0.000001, iso_week: 604800 }[p]!;
            sql = `round((extract(epoch from date_trunc('${unit}', ${wrap(b)}::timestamp)) - extract(epoch from date_trunc('${unit}', ${wrap(a)}::timestamp))) / ${div})::${fn === "datediff_big" ? "bigint" : "integer"}`;
          }
        }
        return { sql, type: fn === "datediff_big" ? T.bigint : T.int };
      }
      case "datepart":
      case "year":
      case "month":
      case "day": {
        this.constructs.add(fn === "datepart" ? "DATEPART" : "YEAR/MONTH/DAY");
        const p = fn === "datepart" ? part() : fn;
        const d = dateArg(fn === "datepart" ? 1 : 0).sql;
        return { sql: this.datePart(p, d, e.line), type: T.int };
      }
      case "datename": {
        this.constructs.add("DATENAME");
        const p = part();
        const d = dateArg(1).sql;
        let sql: string;
        if (p === "year") sql = `to_char(${d}, 'FMYYYY')`;
        else if (p === "month") sql = `trim(to_char(${d}, 'Month'))`;
        else if (p === "weekday") sql = `trim(to_char(${d}, 'Day'))`;
        else sql = `(${this.datePart(p, d, e.line)})::text`;
        return { sql, type: T.nvarchar(30) };
      }
      case "eomonth": {
        this.constructs.add("EOMONTH");
        const d = dateArg(0).sql;
        const n = e.args[1] ? this.expr(e.args[1], scope).sql : undefined;
        const sql = n ? `(date_trunc('month', ${d}) + (${n} + 1) * interval '1 month' - interval '1 day')::date` : `(date_trunc('month', ${d}) + interval '1 month - 1 day')::date`;
        return { sql, type: T.date };
      }
      case "datefromparts": {
        this.constructs.add("DATEFROMPARTS");
        return { sql: `make_date(${args().map((a) => a.sql).join(", ")})`, type: T.date };
      }
      case "datetimefromparts": {
        this.constructs.add("DATEFROMPARTS");
        const a = args().map((x) => x.sql);
        return { sql: `make_timestamp(${a[0]}, ${a[1]}, ${a[2]}, ${a[3]}, ${a[4]}, ${a[5]} + ${a[6]} / 1000.0)::timestamp(3)`, type: T.datetime };
      }
      case "isdate":
        this.issue("ISDATE", e.line, "ISDATE depends on SQL Server's date parsing; not translated");
        return { sql: "null", type: T.int };
      // ── strings ──
      case "len": {
        this.constructs.add("LEN");
        const [x] = args();
        return { sql: `length(rtrim(${isString(x!.type) ? x!.sql : `(${x!.sql})::text`}))`, type: T.int };
      }
      case "datalength": {
        this.constructs.add("DATALENGTH");
        const [x] = args();
        const t = x!.type;
        if (isUnicode(t)) return { sql: `(2 * length(${x!.sql}))`, type: T.int };
        if (isString(t)) return { sql: `octet_length(convert_to(${x!.sql}, 'WIN1252'))`, type: T.int };
        if (isBinary(t)) return { sql: `octet_length(${x!.sql})`, type: T.int };
        this.issue("DATALENGTH", e.line, "DATALENGTH of a non-string, non-binary value is not translated");
        return { sql: "null", type: T.int };
      }
      case "charindex": {
        this.constructs.add("CHARINDEX");
        const [needle, hay, start] = args();
        if (start) return { sql: `case when strpos(substr(${hay!.sql}, greatest(${start.sql}, 1)), ${needle!.sql}) = 0 then 0 else strpos(substr(${hay!.sql}, greatest(${start.sql}, 1)), ${needle!.sql}) + greatest(${start.sql}, 1) - 1 end`, type: T.int };
        return { sql: `strpos(${hay!.sql}, ${needle!.sql})`, type: T.int };
      }
      case "patindex": {
        this.constructs.add("PATINDEX");
        const pat = unparen(e.args[0]!);
        const [, x] = args();
        if (pat.kind !== "literal" || pat.type !== "string") {
          this.issue("PATINDEX", e.line, "PATINDEX with a non-literal pattern is not translated");
          return { sql: "null", type: T.int };
        }
        let re = likeToRegex(pat.value);
        // A leading % means "anywhere": drop it (and the anchor) so regexp_instr reports where the rest starts.
        re = re.replace(/^\^(\.\*)+/, "").replace(/(\.\*)+\$$/, "");
        return { sql: `regexp_instr(${x!.sql}, ${quoteString(re)}, 1, 1, 0, 'i')`, type: T.int };
      }
      case "stuff": {
        this.constructs.add("STUFF");
        const [s, start, len, repl] = args();
        return { sql: `overlay(${s!.sql} placing ${repl!.sql} from ${start!.sql} for ${len!.sql})`, type: s!.type?.length !== undefined ? { ...s!.type, length: "max" as const } : T.nvarchar("max") };
      }
      case "replicate": {
        this.constructs.add("REPLICATE");
        const [s, n] = args();
        return { sql: `repeat(${s!.sql}, ${n!.sql})`, type: isUnicode(s!.type) ? T.nvarchar("max") : T.varchar("max") };
      }
      case "space":
        this.constructs.add("SPACE");
        return { sql: `repeat(' ', ${args()[0]!.sql})`, type: T.varchar("max") };
      case "substring": {
        const [s, start, len] = args();
        return { sql: `substr(${s!.sql}, ${start!.sql}, ${len!.sql})`, ...(s!.type ? { type: s!.type } : {}) };
      }
      case "left":
      case "right": {
        const [s, n] = args();
        return { sql: `${fn}(${isString(s!.type) ? s!.sql : `(${s!.sql})::text`}, ${n!.sql})`, ...(s!.type && isString(s!.type) ? { type: s!.type } : { type: T.varchar(8000) }) };
      }
      case "upper":
      case "lower":
      case "ltrim":
      case "rtrim":
      case "reverse": {
        const [s] = args();
        return { sql: `${fn}(${s!.sql})`, ...(s!.type ? { type: s!.type } : {}) };
      }
      case "trim": {
        const [s] = args();
        return { sql: `btrim(${s!.sql}, ' ')`, ...(s!.type ? { type: s!.type } : {}) };
      }
      case "replace": {
        this.constructs.add("REPLACE");
        const [s, a, b] = args();
        return { sql: `replace(${s!.sql}, ${a!.sql}, ${b!.sql})`, ...(s!.type ? { type: s!.type } : {}) };
      }
      case "concat": {
        const a = args();
        const type = a.reduce<DataType>((t, x) => concatType(t, x.type ?? T.varchar(1)), T.varchar(0));
        return { sql: `concat(${a.map((x) => x.sql).join(", ")})`, type };
      }
      case "concat_ws": {
        const a = args();
        return { sql: `concat_ws(${a.map((x) => x.sql).join(", ")})`, type: T.nvarchar("max") };
      }
      case "ascii":
      case "unicode":
        return { sql: `ascii(${args()[0]!.sql})`, type: T.int };
      case "char":
      case "nchar":
        return { sql: `chr(${args()[0]!.sql})`, type: fn === "nchar" ? T.nvarchar(1) : { name: "char", length: 1 } };
      case "quotename": {
        const [s] = args();
        if (e.args.length > 1) break;
        return { sql: `('[' || replace(${s!.sql}, ']', ']]') || ']')`, type: T.nvarchar(258) };
      }
      // ── numbers ──
      case "abs":
      case "sign":
      case "floor":
      case "ceiling": {
        const [x] = args();
        return { sql: `${fn === "ceiling" ? "ceiling" : fn}(${x!.sql})`, ...(x!.type ? { type: x!.type } : {}) };
      }
      case "round": {
        this.constructs.add(e.args[2] ? "ROUND(x,n,1)" : "ROUND");
        const [x, n, mode] = args();
        const truncate = mode && !(unparen(e.args[2]!).kind === "literal" && Number((unparen(e.args[2]!) as A.Literal).value) === 0);
        const f = truncate ? "trunc" : "round";
        const t = x!.type;
        if (isApprox(t)) return { sql: `${f}((${x!.sql})::numeric, ${n!.sql})::${pgType(t!)}`, type: t! };
        if (isExact(t) || isMoney(t)) return { sql: `${f}(${x!.sql}, ${n!.sql})::${pgType(t!)}`, type: t! };
        if (isInteger(t)) return { sql: `${f}(${x!.sql}, ${n!.sql})::${pgType(t!)}`, type: t! };
        return { sql: `${f}(${x!.sql}, ${n!.sql})`, ...(t ? { type: t } : {}) };
      }
      case "power": {
        const [x, y] = args();
        const t = isInteger(x!.type) ? x!.type : isExact(x!.type) ? x!.type : T.float;
        return { sql: isInteger(x!.type) ? `trunc(power(${x!.sql}, ${y!.sql}))::${pgType(t!)}` : `power(${x!.sql}, ${y!.sql})`, ...(t ? { type: t } : {}) };
      }
      case "sqrt":
      case "exp":
      case "sin":
      case "cos":
      case "tan":
      case "asin":
      case "acos":
      case "atan":
      case "degrees":
      case "radians":
        return { sql: `${fn}((${args()[0]!.sql})::double precision)`, type: T.float };
      case "square":
        return { sql: `power((${args()[0]!.sql})::double precision, 2)`, type: T.float };
      case "log": {
        const [x, b] = args();
        return { sql: b ? `(ln((${x!.sql})::double precision) / ln((${b.sql})::double precision))` : `ln((${x!.sql})::double precision)`, type: T.float };
      }
      case "log10":
        return { sql: `log((${args()[0]!.sql})::double precision)`, type: T.float };
      case "pi":
        return { sql: "pi()", type: T.float };
      case "rand":
        this.constructs.add("RAND");
        if (e.args.length) this.issue("RAND", e.line, "RAND(seed) is not reproducible in PostgreSQL");
        return { sql: "random()", type: T.float };
      case "newid":
        this.constructs.add("NEWID");
        return { sql: "gen_random_uuid()", type: T.uuid };
      // ── JSON ──
      case "json_value":
      case "json_query": {
        this.constructs.add(fn.toUpperCase());
        const [j] = args();
        const path = jsonPathArray(e.args[1]!, this, e.line);
        return fn === "json_value" ? { sql: `((${j!.sql})::jsonb #>> ${path})`, type: T.nvarchar(4000) } : { sql: `((${j!.sql})::jsonb #> ${path})::text`, type: T.nvarchar("max") };
      }
      case "scope_identity":
      case "ident_current":
      case "error_message":
      case "error_number":
      case "error_severity":
      case "error_state":
      case "error_line":
      case "error_procedure":
      case "object_id":
      case "db_name":
      case "suser_sname":
      case "host_name":
      case "app_name":
        this.issue(fn.toUpperCase(), e.line, `${fn.toUpperCase()}() has no equivalent in a dbt model`);
        return { sql: "null" };
    }
    this.issue(fn.toUpperCase(), e.line, `Function ${e.name.join(".")} is not translated`);
    return { sql: "null" };
  }

  private datePart(p: string, d: string, line: number): string {
    switch (p) {
      case "weekday":
        // us_english: DATEFIRST 7, Sunday = 1.
        this.constructs.add("DATEPART(dw)");
        return `(extract(dow from ${wrap(d)})::integer + 1)`;
      case "week":
        // T-SQL week: week 1 holds Jan 1, weeks start on Sunday.
        return `((extract(doy from ${wrap(d)})::integer + extract(dow from date_trunc('year', ${wrap(d)}))::integer - 1) / 7 + 1)`;
      case "iso_week":
        return `extract(week from ${wrap(d)})::integer`;
      case "dayofyear":
        return `extract(doy from ${wrap(d)})::integer`;
      case "millisecond":
        return `(extract(milliseconds from ${wrap(d)})::integer % 1000)`;
      case "microsecond":
        return `(extract(microseconds from ${wrap(d)})::integer % 1000000)`;
      case "year":
      case "quarter":
      case "month":
      case "day":
      case "hour":
      case "minute":
        return `extract(${p} from ${wrap(d)})::integer`;
      case "second":
        return `floor(extract(second from ${wrap(d)}))::integer`;
    }
    this.issue("DATEPART", line, `Date part ${p} is not translated`);
    return "null";
  }

  private over(o: A.Over, scope: Scope): string {
    const parts: string[] = [];
    if (o.partitionBy.length) parts.push(`partition by ${o.partitionBy.map((x) => this.expr(x, scope).sql).join(", ")}`);
    if (o.orderBy.length) parts.push(`order by ${this.orderBy(o.orderBy, scope, [], undefined)}`);
    if (o.frame) parts.push(o.frame.toLowerCase());
    return ` over (${parts.join(" ")})`;
  }

  private udfCall(e: A.Call, scope: Scope): Typed {
    const fn = this.ctx.resolver.resolveFunction(e.name);
    if (!fn) {
      const method = e.name[e.name.length - 1]!.toLowerCase();
      if (["value", "nodes", "query", "exist", "modify"].includes(method)) this.issue("XML method", e.line, `.${method}() on XML is not translated`);
      else this.issue("function", e.line, `Function ${e.name.join(".")} is not in the catalog`);
      return { sql: "null" };
    }
    this.dependsOn.add(fn.key);
    this.constructs.add("scalar UDF");
    const args = e.args.map((a) => this.expr(a, scope).sql);
    const jinjaArgs = args.map((a) => `'${a.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`).join(", ");
    return { sql: `{{ ${fn.macro}(${jinjaArgs}) }}`, ...(fn.returns ? { type: fn.returns } : {}) };
  }

  // ───────────────────────── CAST / CONVERT ─────────────────────────

  private cast(e: A.Cast, scope: Scope): Typed {
    const x = this.expr(e.expr, scope);
    const target = defaultLength(e.type);
    const tname = normalizeName(target.name);
    const src = x.type;
    const pg = pgType(target);
    const lit = unparen(e.expr);
    const style = e.style ? unparen(e.style) : undefined;
    const styleNo = style?.kind === "literal" && style.type === "number" ? Number(style.value) : undefined;
    if (e.style && styleNo === undefined) this.issue("CONVERT", e.line, "CONVERT with a non-literal style is not translated");
    const tryFn = e.fn === "TRY_CAST" || e.fn === "TRY_CONVERT";
    this.constructs.add(tryFn ? e.fn : e.fn === "CONVERT" ? (e.style ? "CONVERT style" : "CONVERT") : "CAST");
    if (x.sql === "null") return { sql: `cast(null as ${pg})`, type: target };

    // Guarded casts: only strings can fail to convert.
    if (tryFn && isString(src)) {
      let pattern: string | undefined;
      if (isInteger(target)) pattern = "^\\s*[-+]?\\d+\\s*$";
      else if (isExact(target) || isMoney(target) || isApprox(target)) pattern = "^\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*$";
      if (isApprox(target) === false && (isExact(target) || isMoney(target))) pattern = "^\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)\\s*$";
      if (pattern) {
        const inner = this.convert(x, target, undefined, e.line, lit);
        if (lit.kind === "literal" && lit.type === "string") return new RegExp(pattern).test(lit.value) ? inner : { sql: `cast(null as ${pg})`, type: target };
        return { sql: `case when ${wrap(x.sql)} ~ ${quoteString(pattern)} then ${inner.sql} end`, type: target };
      }
      if (isString(target)) return this.convert(x, target, styleNo, e.line, lit);
      this.issue(e.fn, e.line, `${e.fn} from a string to ${tname} needs pg_input_is_valid (PostgreSQL 16+); not translated for PostgreSQL 15`);
      return { sql: `cast(${x.sql} as ${pg})`, type: target };
    }
    return this.convert(x, target, styleNo, e.line, lit);
  }

  private convert(x: Typed, target: DataType, style: number | undefined, line: number, lit: A.Expr): Typed {
    const tname = normalizeName(target.name);
    const src = x.type;
    const pg = pgType(target);
    // String literal → date/time: read it as SQL Server would.
    if (lit.kind === "literal" && lit.type === "string" && (isDateTime(target) || isTime(target)) && style === undefined) {
      const c = this.coerceTo(x, lit, target, line);
      return { sql: isDateTime(target) && !isDateOnly(target) ? `${c.sql}::${pg}` : c.sql, type: target };
    }
    if (isString(target)) {
      const len = target.length;
      const fit = (sql: string) => (typeof len === "number" ? `left(${sql}, ${len})` : sql);
      if (isDateTime(src) || isTime(src)) {
        const f = dateStyle(style ?? 0, src!);
        if (!f) {
          this.issue("CONVERT style", line, `CONVERT style ${style} from a date is not translated`);
          return { sql: `${wrap(x.sql)}::text`, type: target };
        }
        return { sql: fit(f(x.sql)), type: target };
      }
      if (isMoney(src)) return { sql: fit(style === 1 ? `to_char(${x.sql}, 'FM999,999,999,999,990.00')` : style === 2 ? `(${x.sql})::text` : `round(${x.sql}, 2)::text`), type: target };
      if (isApprox(src)) {
        this.issue("CONVERT", line, "float/real to string uses SQL Server's 6-digit scientific format; not translated");
        return { sql: `(${x.sql})::text`, type: target };
      }
      if (isBit(src)) return { sql: `(${wrap(x.sql)})::integer::text`, type: target };
      if (isString(src)) return { sql: typeof len === "number" && (src!.length === "max" || src!.length === undefined || src!.length > len) ? `(${x.sql})::${pg}` : x.sql, type: target };
      if (isBinary(src)) {
        this.issue("CONVERT", line, "binary to string conversion is not translated");
        return { sql: `encode(${x.sql}, 'escape')`, type: target };
      }
      return { sql: fit(`(${x.sql})::text`), type: target };
    }
    if (isDateTime(target)) {
      if (isString(src) && style !== undefined) {
        const fmt = { 101: "MM/DD/YYYY", 103: "DD/MM/YYYY", 104: "DD.MM.YYYY", 105: "DD-MM-YYYY", 110: "MM-DD-YYYY", 111: "YYYY/MM/DD", 112: "YYYYMMDD", 102: "YYYY.MM.DD", 23: "YYYY-MM-DD", 120: "YYYY-MM-DD HH24:MI:SS", 121: "YYYY-MM-DD HH24:MI:SS.MS", 126: 'YYYY-MM-DD"T"HH24:MI:SS.MS' }[style];
        if (!fmt) {
          this.issue("CONVERT style", line, `CONVERT style ${style} to a date is not translated`);
          return { sql: `cast(${x.sql} as ${pg})`, type: target };
        }
        return { sql: isDateOnly(target) ? `to_date(${x.sql}, '${fmt}')` : `to_timestamp(${x.sql}, '${fmt}')::${pg}`, type: target };
      }
      if (isString(src)) {
        this.constructs.add("string to datetime");
        this.issue("CONVERT", line, "Converting a string column to a datetime depends on SET DATEFORMAT/language; check the formats");
      }
      if (isNumeric(src) && !isDateTime(src)) {
        this.issue("CONVERT", line, "number to datetime (days since 1900-01-01) is not translated");
      }
      return { sql: `cast(${x.sql} as ${pg})`, type: target };
    }
    if (tname === "bit") {
      if (isNumeric(src) && !isBit(src)) return { sql: `(${x.sql} <> 0)`, type: target };
      return { sql: `cast(${x.sql} as boolean)`, type: target };
    }
    if (isInteger(target)) {
      if (isApprox(src) || isExact(src)) return { sql: `trunc(${x.sql})::${pg}`, type: target };
      if (isMoney(src)) return { sql: `round(${x.sql})::${pg}`, type: target };
      if (isBit(src)) return { sql: `(${wrap(x.sql)})::integer`, type: target };
      if (isDateTime(src)) {
        this.issue("CONVERT", line, "datetime to number is not translated");
      }
      return { sql: `cast(${x.sql} as ${pg})`, type: target };
    }
    if (isMoney(target)) {
      // CONVERT(money, <real/float>): the binary value, rounded half away from zero to 4 places.
      if (isApprox(src)) return { sql: `round((${x.sql})::float8::numeric, 4)`, type: target };
      if (isExact(src) && (src!.scale ?? 0) > 4) return { sql: `round(${x.sql}, 4)`, type: target };
      if (isBit(src)) return { sql: `(${wrap(x.sql)})::integer::${pg}`, type: target };
      return { sql: `cast(${x.sql} as ${pg})`, type: target };
    }
    if (isExact(target)) {
      if (isApprox(src)) return { sql: `(${x.sql})::float8::${pg}`, type: target };
      if (isBit(src)) return { sql: `(${wrap(x.sql)})::integer::${pg}`, type: target };
      return { sql: `cast(${x.sql} as ${pg})`, type: target };
    }
    if (isApprox(target)) {
      if (isBit(src)) return { sql: `(${wrap(x.sql)})::integer::${pg}`, type: target };
      return { sql: `cast(${x.sql} as ${pg})`, type: target };
    }
    if (tname === "uniqueidentifier" || tname === "date" || tname === "time" || isBinary(target)) return { sql: `cast(${x.sql} as ${pg})`, type: target };
    this.issue("CONVERT", line, `Conversion to ${tname} is not translated`);
    return { sql: `cast(${x.sql} as ${pg})`, type: target };
  }
}

// ───────────────────────── helpers ─────────────────────────

function isBuiltinTvf(name: string): boolean {
  return ["STRING_SPLIT", "OPENJSON", "OPENXML", "OPENROWSET", "OPENQUERY", "GENERATE_SERIES"].includes(name);
}

/** CAST(x AS varchar) has length 30 in T-SQL. */
function defaultLength(t: DataType): DataType {
  const n = normalizeName(t.name);
  if (["varchar", "nvarchar", "char", "nchar", "varbinary", "binary"].includes(n) && t.length === undefined) return { ...t, length: 30 };
  return t;
}

function sameName(a: DataType | undefined, b: DataType | undefined): boolean {
  return !!a && !!b && normalizeName(a.name) === normalizeName(b.name);
}

/** Do two types need an explicit cast to meet in PostgreSQL (different families, or real vs float)? */
function needsCast(from: DataType | undefined, to: DataType | undefined): boolean {
  if (!from || !to) return false;
  const fam = (t: DataType) => (isString(t) ? "s" : isBit(t) ? "b" : isApprox(t) ? normalizeName(t.name) : isNumeric(t) ? "n" : isDateTime(t) ? "d" : normalizeName(t.name));
  return fam(from) !== fam(to);
}

function unionType(a: DataType | undefined, b: DataType | undefined): DataType | undefined {
  if (!a) return b;
  if (!b) return a;
  if (isString(a) && isString(b)) {
    const unicode = isUnicode(a) || isUnicode(b);
    const la = a.length;
    const lb = b.length;
    const length = la === "max" || lb === "max" || la === undefined || lb === undefined ? "max" : Math.max(la, lb);
    return { name: unicode ? "nvarchar" : "varchar", length };
  }
  if (isExact(a) && isExact(b)) {
    const s = Math.max(a.scale ?? 0, b.scale ?? 0);
    const ip = Math.max((a.precision ?? 18) - (a.scale ?? 0), (b.precision ?? 18) - (b.scale ?? 0));
    return T.decimal(Math.min(ip + s, 38), s);
  }
  return higher(a, b);
}

function unparen(e: A.Expr): A.Expr {
  return e.kind === "paren" ? unparen(e.expr) : e;
}

/** Parenthesize anything that is not obviously atomic. */
export function wrap(sql: string): string {
  if (/^[\w."$]+$/.test(sql) || /^'(?:[^']|'')*'$/.test(sql) || /^"(?:[^"]|"")*"(\."(?:[^"]|"")*")*$/.test(sql)) return sql;
  if (/^\((.*)\)$/s.test(sql) && balanced(sql.slice(1, -1))) return sql;
  if (/^[a-z_]+\((.*)\)$/is.test(sql) && balanced(sql.slice(sql.indexOf("(") + 1, -1))) return sql;
  return `(${sql})`;
}

function balanced(s: string): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (const c of s) {
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "(") depth++;
    else if (c === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

export function indent(sql: string): string {
  return sql
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
}

/** JSON path `$.a.b[0]` → PostgreSQL text-array path `'{a,b,0}'`. */
function jsonPathArray(pathExpr: A.Expr, em: Emitter, line: number): string {
  const p = unparen(pathExpr);
  if (p.kind !== "literal" || p.type !== "string") {
    em.issue("JSON path", line, "JSON path must be a literal to translate");
    return "'{}'";
  }
  let path = p.value.trim();
  if (/^(lax|strict)\s+/i.test(path)) {
    if (/^strict/i.test(path)) em.issue("JSON path", line, "strict JSON paths raise errors in SQL Server; translated as lax");
    path = path.replace(/^(lax|strict)\s+/i, "");
  }
  if (!path.startsWith("$")) em.issue("JSON path", line, `Unsupported JSON path ${p.value}`);
  const parts: string[] = [];
  const re = /\.(?:"([^"]*)"|([A-Za-z_$][\w$]*))|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path.slice(1)))) parts.push(m[1] ?? m[2] ?? m[3]!);
  return quoteString(`{${parts.map((x) => (/[,{}"\s]/.test(x) ? `"${x.replaceAll('"', '\\"')}"` : x)).join(",")}}`);
}

/** to_char formats for CONVERT(varchar, date, style). */
function dateStyle(style: number, src: DataType): ((d: string) => string) | undefined {
  const tc = (fmt: string) => (d: string) => `to_char(${d}, '${fmt}')`;
  const ms3 = isDateOnly(src) ? "" : ".MS";
  switch (style) {
    case 0:
    case 100:
      if (isDateOnly(src)) return tc("YYYY-MM-DD");
      // mon dd yyyy hh:miAM (day and hour padded with a space)
      return (d) => `(to_char(${d}, 'Mon ') || lpad(to_char(${d}, 'FMDD'), 2) || to_char(${d}, ' YYYY ') || lpad(to_char(${d}, 'FMHH12:MI'), 5) || to_char(${d}, 'AM'))`;
    case 1:
      return tc("MM/DD/YY");
    case 101:
      return tc("MM/DD/YYYY");
    case 2:
      return tc("YY.MM.DD");
    case 102:
      return tc("YYYY.MM.DD");
    case 3:
      return tc("DD/MM/YY");
    case 103:
      return tc("DD/MM/YYYY");
    case 4:
      return tc("DD.MM.YY");
    case 104:
      return tc("DD.MM.YYYY");
    case 5:
      return tc("DD-MM-YY");
    case 105:
      return tc("DD-MM-YYYY");
    case 10:
      return tc("MM-DD-YY");
    case 110:
      return tc("MM-DD-YYYY");
    case 11:
      return tc("YY/MM/DD");
    case 111:
      return tc("YYYY/MM/DD");
    case 12:
      return tc("YYMMDD");
    case 112:
      return tc("YYYYMMDD");
    case 8:
    case 108:
      return tc("HH24:MI:SS");
    case 20:
    case 120:
      return isDateOnly(src) ? tc("YYYY-MM-DD") : tc("YYYY-MM-DD HH24:MI:SS");
    case 21:
    case 121:
      return isDateOnly(src) ? tc("YYYY-MM-DD") : tc(`YYYY-MM-DD HH24:MI:SS${ms3}`);
    case 23:
      return tc("YYYY-MM-DD");
    case 126:
      // ISO 8601; milliseconds only when non-zero.
      if (isDateOnly(src)) return tc("YYYY-MM-DD");
      return (d) => `(to_char(${d}, 'YYYY-MM-DD"T"HH24:MI:SS') || case when extract(milliseconds from ${d})::integer % 1000 = 0 then '' else to_char(${d}, '.MS') end)`;
  }
  return undefined;
}
