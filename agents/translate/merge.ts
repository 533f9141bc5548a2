import type { DataType } from "~/agents/catalog/schema";
import type * as A from "~/agents/tsql/ast";
import { columnSql, type OutputColumn } from "./context";
import type { Emitted, Emitter, Scope } from "./emit";
import { indent, wrap } from "./sql-text";
import { quoteIdent, quoteString } from "./literals";
import { defaultCollationClause } from "~/agents/dialect/collation";
import { isString } from "./sqltypes";

/**
 * MERGE into a #temp table or @table variable, set-based (docs: t-sql/statements/merge-transact-sql.md).
 *
 * The target's rows are numbered (`__rid`) and joined with the source on the ON condition:
 * - a target row with at least one matching source row takes, per pair, the first WHEN MATCHED clause whose
 *   AND condition holds; SQL Server refuses to UPDATE or DELETE one target row for several source rows (error
 *   8672), so when more than one pair of a target row selects an action the model fails with that reason (a cast
 *   PostgreSQL rejects, carrying the message); a target row whose pairs select no action is kept as it is;
 * - a target row with no matching source row takes the first WHEN NOT MATCHED BY SOURCE clause that holds;
 * - a source row matching no target row is inserted by WHEN NOT MATCHED [BY TARGET] when its condition holds.
 * What SQL Server itself refuses (clause counts and orders the page lists) and what a model cannot return
 * (OUTPUT, TOP's unordered subset, DEFAULT VALUES of columns whose defaults are unknown) are review items.
 */

/** What MERGE needs from the procedure runner: the table, its current relation, and where its new state goes. */
export type MergeHost = {
  em: Emitter;
  /** The table's columns and its current relation (a CTE name), after every pending INSERT is flushed. */
  current(): string;
  columns: OutputColumn[];
  name: string;
  /** A fresh CTE name for this table. */
  cteName(): string;
  addCte(name: string, sql: string): void;
  /** The new state of the table is this query. */
  replace(sql: string): void;
  /** The rows an INSERT of `source` into the table adds (IDENTITY, casts, collation), as the runner builds them. */
  insertRows(columns: string[] | undefined, source: Emitted, line: number): string;
  castTo(sql: string, from: DataType | undefined, to: DataType): string;
  /** The IF conditions the MERGE runs under, if any. */
  guard(): string | undefined;
};

export function mergeIntoTable(host: MergeHost, s: A.Merge): void {
  const em = host.em;
  if (!checkClauses(em, s)) return;
  const sourceAlias = aliasOf(s.source);
  if (!sourceAlias) {
    em.issue("MERGE", s.line, `A MERGE source that is a ${s.source.kind} is not translated (a table, a subquery or VALUES is)`);
    return;
  }
  const cur = host.current();
  const source = em.query(
    { kind: "query", ctes: [], body: { kind: "select", distinct: false, items: [{ kind: "star", line: s.line }], from: [s.source], groupBy: [], line: s.line }, orderBy: [], line: s.line },
    { sources: [] },
  );

  const targetAlias = s.target.alias ?? (s.target.kind === "variable" ? s.target.name : s.target.name[0]!);
  const targetMatch = [targetAlias.toLowerCase(), host.name.toLowerCase(), host.name.replace(/^[#@]+/, "").toLowerCase()];
  const sourceMatch = [sourceAlias.alias.toLowerCase(), ...sourceAlias.also];
  const targetSource = { alias: targetAlias, match: targetMatch, columns: host.columns };
  const sourceSource = { alias: sourceAlias.alias, match: sourceMatch, columns: source.columns };
  const both: Scope = { sources: [targetSource, sourceSource] };
  const targetOnly: Scope = { sources: [targetSource] };
  const sourceOnly: Scope = { sources: [sourceSource] };
  const T = quoteIdent(targetAlias);
  const S = quoteIdent(sourceAlias.alias);

  const numbered = host.cteName();
  host.addCte(numbered, `select "__t".*, row_number() over () as "__rid"\nfrom ${quoteIdent(cur)} as "__t"`);
  const src = host.cteName();
  host.addCte(src, source.sql);
  const on = `coalesce(${em.predicate(s.on, both)}, false)`;

  const matched = s.clauses.map((c, i) => ({ c, id: i + 1 })).filter((x) => x.c.when === "matched");
  const bySource = s.clauses.map((c, i) => ({ c, id: i + 1 })).filter((x) => x.c.when === "not matched by source");
  const byTarget = s.clauses.find((c) => c.when === "not matched by target");

  // The new value of each column a clause's UPDATE sets, in the clause's scope.
  const setValues = (c: A.MergeClause, scope: Scope): Map<string, string> => {
    const out = new Map<string, string>();
    if (c.action.kind !== "update") return out;
    for (const set of c.action.set) {
      if (set.variable) {
        em.issue("MERGE", set.line, "MERGE … UPDATE SET @variable = … is not translated");
        continue;
      }
      const name = set.column![set.column!.length - 1]!;
      const col = host.columns.find((x) => x.name.toLowerCase() === name.toLowerCase());
      if (!col) {
        em.issue("MERGE", set.line, `${host.name} has no column ${name}`);
        continue;
      }
      let v = em.expr(set.expr, scope);
      if (set.op !== "=") v = em.arithmetic(set.op[0]!, em.expr({ kind: "column", parts: [targetAlias, name], line: set.line }, scope), v, { kind: "binary", op: set.op[0]!, left: set.expr, right: set.expr, line: set.line });
      out.set(col.name, columnValue(host, v.sql, v.type, col));
    }
    return out;
  };
  const choose = (clauses: { c: A.MergeClause; id: number }[], scope: Scope, otherwise = "0") =>
    clauses.length ? `case ${clauses.map(({ c, id }) => `when ${c.cond ? `coalesce(${em.predicate(c.cond, scope)}, false)` : "true"} then ${id}`).join(" ")} else ${otherwise} end` : otherwise;
  const idsOf = (clauses: { c: A.MergeClause; id: number }[], kind: "update" | "delete") => clauses.filter((x) => x.c.action.kind === kind).map((x) => x.id);

  // Every (target row, source row) pair the ON condition joins, with the WHEN MATCHED clause it selects and the
  // values that clause's UPDATE would give; `__hits`: how many pairs of the same target row select an action.
  const pairs = host.cteName();
  const pairValues: string[] = [];
  const matchedSets = matched.map(({ c, id }) => {
    const sets = setValues(c, both);
    const named = new Map<string, string>();
    for (const [col, sql] of sets) {
      const alias = `__v${pairValues.length + 1}`;
      pairValues.push(`${sql} as ${quoteIdent(alias)}`);
      named.set(col, alias);
    }
    return { id, named };
  });
  const message = `MERGE at line ${s.line}: a row of ${host.name} matches more than one source row, and SQL Server refuses to UPDATE or DELETE the same row twice (error 8672)`;
  host.addCte(
    pairs,
    [
      `select "__p".*, cast(case when count(*) filter (where "__p"."__act" > 0) over (partition by "__p"."__rid") > 1 then ${quoteString(message)} end as integer) as "__dup"`,
      `from (`,
      indent(`select ${T}."__rid", ${choose(matched, both)} as "__act"${pairValues.map((v) => `, ${v}`).join("")}\nfrom ${quoteIdent(numbered)} as ${T}\njoin ${quoteIdent(src)} as ${S} on ${on}`),
      `) as "__p"`,
    ].join("\n"),
  );

  const branches: string[] = [];
  const updatedIds = idsOf(matched, "update");
  if (updatedIds.length) {
    const cols = host.columns.map((col) => {
      const whens = matchedSets.filter((m) => m.named.has(col.name)).map((m) => `when "__m"."__act" = ${m.id} then "__m".${quoteIdent(m.named.get(col.name)!)}`);
      const old = `"__o".${columnSql(col)}`;
      return whens.length ? `case ${whens.join(" ")} else ${old} end as ${columnSql(col)}` : `${old} as ${columnSql(col)}`;
    });
    branches.push(
      `select ${cols.join(", ")}\nfrom ${quoteIdent(pairs)} as "__m"\njoin ${quoteIdent(numbered)} as "__o" on "__o"."__rid" = "__m"."__rid"\nwhere "__m"."__dup" is null and "__m"."__act" in (${updatedIds.join(", ")})`,
    );
  }
  // Rows no pair acts on: unchanged when they have a matching source row, else WHEN NOT MATCHED BY SOURCE.
  const hasPair = `exists (select 1 from ${quoteIdent(pairs)} as "__m" where "__m"."__rid" = ${T}."__rid")`;
  const bySourceSets = bySource.map(({ c, id }) => ({ id, sets: setValues(c, targetOnly) }));
  const keptCols = host.columns.map((col) => {
    const whens = bySourceSets.filter((b) => b.sets.has(col.name)).map((b) => `when "__n"."__act" = ${b.id} then ${b.sets.get(col.name)}`);
    const old = `${T}.${columnSql(col)}`;
    return whens.length ? `case ${whens.join(" ")} else ${old} end as ${columnSql(col)}` : `${old} as ${columnSql(col)}`;
  });
  const deletedBySource = idsOf(bySource, "delete");
  branches.push(
    [
      `select ${keptCols.join(", ")}`,
      `from ${quoteIdent(numbered)} as ${T}`,
      `cross join lateral (select case when ${hasPair} then 0 else ${choose(bySource, targetOnly)} end as "__act") as "__n"`,
      `where not exists (select 1 from ${quoteIdent(pairs)} as "__m" where "__m"."__rid" = ${T}."__rid" and ("__m"."__act" > 0 or "__m"."__dup" is not null))`,
      ...(deletedBySource.length ? [`and "__n"."__act" not in (${deletedBySource.join(", ")})`] : []),
    ].join("\n"),
  );
  if (byTarget && byTarget.action.kind === "insert") {
    const values = (byTarget.action.values ?? []).map((v) => em.expr(v, sourceOnly));
    const cond = byTarget.cond ? ` and coalesce(${em.predicate(byTarget.cond, sourceOnly)}, false)` : "";
    const rows: Emitted = {
      sql: `select ${values.map((v, i) => `${v.sql} as "__v${i + 1}"`).join(", ")}\nfrom ${quoteIdent(src)} as ${S}\nwhere not exists (select 1 from ${quoteIdent(numbered)} as ${T} where ${on})${cond}`,
      columns: values.map((v, i) => ({ name: `__v${i + 1}`, ...(v.type ? { type: v.type } : {}) })),
    };
    branches.push(host.insertRows(byTarget.action.columns, rows, byTarget.line));
  }
  let merged = branches.join("\nunion all\n");
  const g = host.guard();
  // Under IF the MERGE happens only when the condition holds; the table is unchanged otherwise.
  if (g) merged = `select * from (\n${indent(merged)}\n) as "__merged" where ${g}\nunion all\nselect * from ${quoteIdent(cur)} where not ${wrap(g)}`;
  host.replace(merged);
}

/** The rules the docs give for the WHEN clauses; SQL Server refuses a MERGE that breaks them. */
function checkClauses(em: Emitter, s: A.Merge): boolean {
  const refuse = (why: string) => {
    em.issue("MERGE", s.line, why);
    return false;
  };
  if (s.output) return refuse("MERGE … OUTPUT ($action, inserted, deleted) is not translated: a model returns one result set");
  if (s.top) return refuse("MERGE TOP (n) acts on an unordered subset of the joined rows: not translated");
  for (const when of ["matched", "not matched by source"] as const) {
    const cs = s.clauses.filter((c) => c.when === when);
    if (cs.length > 2) return refuse(`MERGE has ${cs.length} WHEN ${when.toUpperCase()} clauses (SQL Server allows two)`);
    if (cs.length === 2 && (!cs[0]!.cond || cs[0]!.action.kind === cs[1]!.action.kind)) return refuse(`MERGE's two WHEN ${when.toUpperCase()} clauses must be an UPDATE and a DELETE, the first with AND (SQL Server refuses it)`);
  }
  const inserts = s.clauses.filter((c) => c.when === "not matched by target");
  if (inserts.length > 1) return refuse("MERGE has more than one WHEN NOT MATCHED [BY TARGET] clause (SQL Server allows one)");
  const insert = inserts[0]?.action;
  if (insert?.kind === "insert" && !insert.values) return refuse("MERGE … INSERT DEFAULT VALUES is not translated (column defaults of temp tables are not tracked)");
  if (insert?.kind === "insert" && insert.values?.some((v) => v.kind === "literal" && v.type === "null" && v.value === "DEFAULT")) return refuse("MERGE … INSERT VALUES (DEFAULT) is not translated (column defaults of temp tables are not tracked)");
  return true;
}

/** The name the MERGE's clauses use for the source, and the other names it answers to. */
function aliasOf(ts: A.TableSource): { alias: string; also: string[] } | undefined {
  switch (ts.kind) {
    case "table":
      return { alias: ts.alias ?? ts.name[ts.name.length - 1]!, also: [ts.name[ts.name.length - 1]!.toLowerCase()] };
    case "variable":
      return { alias: ts.alias ?? ts.name, also: ["@" + ts.name.toLowerCase()] };
    case "derived":
    case "values":
      return { alias: ts.alias, also: [] };
    default:
      return undefined;
  }
}

/** A value for a column of the table: converted to its type, text under tempdb's case-insensitive collation. */
function columnValue(host: MergeHost, sql: string, type: DataType | undefined, col: OutputColumn): string {
  if (!col.type) return sql;
  const v = host.castTo(sql, type, col.type);
  return isString(col.type) ? `${v} ${defaultCollationClause()}` : v;
}
