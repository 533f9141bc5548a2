import type { Column, DataType } from "~/agents/catalog/schema";
import type * as A from "~/agents/tsql/ast";
import { columnSql, type OutputColumn } from "./context";
import type { Emitted, Emitter, Scope } from "./emit";
import { indent, wrap } from "./sql-text";
import { quoteIdent, quoteString } from "./literals";
import { collateClause, columnPgCollation } from "~/agents/dialect/collation";
import { isString } from "~/agents/tsql/type-rules";
import { pgType } from "~/agents/dialect/types";
import { unparen } from "./ast-util";

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
  castTo(sql: string, from: DataType | undefined, to: DataType, line: number): string;
  /** The IF conditions the MERGE runs under, if any. */
  guard(): string | undefined;
  /**
   * Only the rows the MERGE updates or inserts, not those it leaves as they are: an incremental model's run, which
   * dbt's merge strategy applies to the table (NOT MATCHED BY SOURCE and DELETE are refused before).
   */
  changedOnly?: boolean;
  /** Where OUTPUT's rows go: the procedure's result set, or INTO a temp table (absent: OUTPUT is a review item). */
  output?: (rows: Emitted, into: NonNullable<A.OutputClause["into"]> | undefined, line: number) => void;
};

/** OUTPUT's select list over the affected rows: `$action`, `inserted.c`/`deleted.c` and `inserted.*`/`deleted.*`. */
function outputRows(
  host: MergeHost,
  clause: A.OutputClause,
  rows: string[],
  guard: string | undefined,
  line: number,
): void {
  const em = host.em;
  const items: string[] = [];
  const columns: OutputColumn[] = [];
  const side = (q: string | undefined) =>
    q?.toLowerCase() === "inserted" ? "__i" : q?.toLowerCase() === "deleted" ? "__d" : undefined;
  const add = (sql: string, name: string, type?: DataType) => {
    items.push(`${sql} as ${quoteIdent(name)}`);
    columns.push({ name, ...(type ? { type } : {}) });
  };
  for (const item of clause.items) {
    const x = item.expr.kind === "star" ? item.expr : unparen(item.expr);
    if (x.kind === "star" && side(x.qualifier?.[0])) {
      host.columns.forEach((col, i) => add(`"__out"."${side(x.qualifier![0])}${i + 1}"`, col.name, col.type));
      continue;
    }
    if (x.kind === "column" && x.parts.length === 1 && x.parts[0]!.toLowerCase() === "$action") {
      add(`"__out"."__action"`, item.alias ?? "$action", { name: "nvarchar", length: 10 });
      continue;
    }
    const i =
      x.kind === "column" && x.parts.length === 2 && side(x.parts[0])
        ? host.columns.findIndex((c) => c.name.toLowerCase() === x.parts[1]!.toLowerCase())
        : -1;
    if (x.kind !== "column" || i < 0) {
      em.issue(
        "MERGE",
        item.line,
        "MERGE … OUTPUT lists $action, inserted.<column>, deleted.<column> or inserted.*/deleted.* here; other expressions are not translated",
      );
      return;
    }
    add(`"__out"."${side(x.parts[0])}${i + 1}"`, item.alias ?? host.columns[i]!.name, host.columns[i]!.type);
  }
  const from = rows.length ? rows.join("\nunion all\n") : `${'select null as "__action"'} where false`;
  host.output!(
    {
      sql: `select ${items.join(", ")}\nfrom (\n${indent(from)}\n) as "__out"${guard ? `\nwhere ${guard}` : ""}`,
      columns,
    },
    clause.into,
    line,
  );
}

export function mergeIntoTable(host: MergeHost, s: A.Merge): void {
  const em = host.em;
  if (!checkClauses(em, s, !!host.output)) return;
  const sourceAlias = aliasOf(s.source);
  if (!sourceAlias) {
    em.issue(
      "MERGE",
      s.line,
      `A MERGE source that is a ${s.source.kind} is not translated (a table, a subquery or VALUES is)`,
    );
    return;
  }
  const cur = host.current();
  const source = em.query(
    {
      kind: "query",
      ctes: [],
      body: {
        kind: "select",
        distinct: false,
        items: [{ kind: "star", line: s.line }],
        from: [s.source],
        groupBy: [],
        line: s.line,
      },
      orderBy: [],
      line: s.line,
    },
    { sources: [] },
  );

  const targetAlias = s.target.alias ?? (s.target.kind === "variable" ? s.target.name : s.target.name[0]!);
  const targetMatch = [
    targetAlias.toLowerCase(),
    host.name.toLowerCase(),
    host.name.replace(/^[#@]+/, "").toLowerCase(),
    host.name.split(".").pop()!.toLowerCase(),
  ];
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
      if (set.op !== "=")
        v = em.arithmetic(
          set.op[0]!,
          em.expr({ kind: "column", parts: [targetAlias, name], line: set.line }, scope),
          v,
          { kind: "binary", op: set.op[0]!, left: set.expr, right: set.expr, line: set.line },
        );
      out.set(col.name, columnValue(host, v.sql, v.type, col, set.line));
    }
    return out;
  };
  const choose = (clauses: { c: A.MergeClause; id: number }[], scope: Scope, otherwise = "0") =>
    clauses.length
      ? `case ${clauses.map(({ c, id }) => `when ${c.cond ? `coalesce(${em.predicate(c.cond, scope)}, false)` : "true"} then ${id}`).join(" ")} else ${otherwise} end`
      : otherwise;
  const idsOf = (clauses: { c: A.MergeClause; id: number }[], kind: "update" | "delete") =>
    clauses.filter((x) => x.c.action.kind === kind).map((x) => x.id);

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
      indent(
        `select ${T}."__rid", ${choose(matched, both)} as "__act"${pairValues.map((v) => `, ${v}`).join("")}\nfrom ${quoteIdent(numbered)} as ${T}\njoin ${quoteIdent(src)} as ${S} on ${on}`,
      ),
      `) as "__p"`,
    ].join("\n"),
  );

  const branches: string[] = [];
  // OUTPUT's rows (docs: output-clause-transact-sql.md): per affected row its $action, the new values (inserted.*)
  // and the old ones (deleted.*), NULL where the action has none.
  const outputs: string[] = [];
  const nulls = host.columns.map((col) => (col.type ? `cast(null as ${pgType(col.type)})` : "null"));
  const outputRow = (action: string, inserted: string[], deleted: string[]) =>
    `select '${action}' as "__action", ${inserted.map((v, i) => `${v} as "__i${i + 1}"`).join(", ")}, ${deleted.map((v, i) => `${v} as "__d${i + 1}"`).join(", ")}`;
  const pairRows = (ids: number[]) =>
    `from ${quoteIdent(pairs)} as "__m"\njoin ${quoteIdent(numbered)} as "__o" on "__o"."__rid" = "__m"."__rid"\nwhere "__m"."__dup" is null and "__m"."__act" in (${ids.join(", ")})`;
  const oldOf = (alias: string) => host.columns.map((col) => `${alias}.${columnSql(col)}`);
  const updatedIds = idsOf(matched, "update");
  if (updatedIds.length) {
    const values = host.columns.map((col) => {
      const whens = matchedSets
        .filter((m) => m.named.has(col.name))
        .map((m) => `when "__m"."__act" = ${m.id} then "__m".${quoteIdent(m.named.get(col.name)!)}`);
      const old = `"__o".${columnSql(col)}`;
      return whens.length ? `case ${whens.join(" ")} else ${old} end` : old;
    });
    branches.push(
      `select ${values.map((v, i) => `${v} as ${columnSql(host.columns[i]!)}`).join(", ")}\n${pairRows(updatedIds)}`,
    );
    outputs.push(`${outputRow("UPDATE", values, oldOf(`"__o"`))}\n${pairRows(updatedIds)}`);
  }
  const deletedIds = idsOf(matched, "delete");
  if (deletedIds.length) outputs.push(`${outputRow("DELETE", nulls, oldOf(`"__o"`))}\n${pairRows(deletedIds)}`);
  // Rows no pair acts on: unchanged when they have a matching source row, else WHEN NOT MATCHED BY SOURCE.
  if (!host.changedOnly) {
    const hasPair = `exists (select 1 from ${quoteIdent(pairs)} as "__m" where "__m"."__rid" = ${T}."__rid")`;
    const bySourceSets = bySource.map(({ c, id }) => ({ id, sets: setValues(c, targetOnly) }));
    const kept = host.columns.map((col) => {
      const whens = bySourceSets
        .filter((b) => b.sets.has(col.name))
        .map((b) => `when "__n"."__act" = ${b.id} then ${b.sets.get(col.name)}`);
      const old = `${T}.${columnSql(col)}`;
      return whens.length ? `case ${whens.join(" ")} else ${old} end` : old;
    });
    const deletedBySource = idsOf(bySource, "delete");
    const unpaired = [
      `from ${quoteIdent(numbered)} as ${T}`,
      `cross join lateral (select case when ${hasPair} then 0 else ${choose(bySource, targetOnly)} end as "__act") as "__n"`,
      `where not exists (select 1 from ${quoteIdent(pairs)} as "__m" where "__m"."__rid" = ${T}."__rid" and ("__m"."__act" > 0 or "__m"."__dup" is not null))`,
    ].join("\n");
    branches.push(
      [
        `select ${kept.map((v, i) => `${v} as ${columnSql(host.columns[i]!)}`).join(", ")}`,
        unpaired,
        ...(deletedBySource.length ? [`and "__n"."__act" not in (${deletedBySource.join(", ")})`] : []),
      ].join("\n"),
    );
    const updatedBySource = idsOf(bySource, "update");
    if (updatedBySource.length)
      outputs.push(
        `${outputRow("UPDATE", kept, oldOf(T))}\n${unpaired}\nand "__n"."__act" in (${updatedBySource.join(", ")})`,
      );
    if (deletedBySource.length)
      outputs.push(
        `${outputRow("DELETE", nulls, oldOf(T))}\n${unpaired}\nand "__n"."__act" in (${deletedBySource.join(", ")})`,
      );
  }
  if (byTarget && byTarget.action.kind === "insert") {
    const values = (byTarget.action.values ?? []).map((v) => em.expr(v, sourceOnly));
    const cond = byTarget.cond ? ` and coalesce(${em.predicate(byTarget.cond, sourceOnly)}, false)` : "";
    const rows: Emitted = {
      sql: `select ${values.map((v, i) => `${v.sql} as "__v${i + 1}"`).join(", ")}\nfrom ${quoteIdent(src)} as ${S}\nwhere not exists (select 1 from ${quoteIdent(numbered)} as ${T} where ${on})${cond}`,
      columns: values.map((v, i) => ({ name: `__v${i + 1}`, ...(v.type ? { type: v.type } : {}) })),
    };
    const inserted = host.insertRows(byTarget.action.columns, rows, byTarget.line);
    branches.push(inserted);
    outputs.push(`${outputRow("INSERT", oldOf(`"__n"`), nulls)}\nfrom (\n${indent(inserted)}\n) as "__n"`);
  }
  let merged = branches.join("\nunion all\n");
  const g = host.guard();
  if (s.outputClause && host.output) outputRows(host, s.outputClause, outputs, g, s.line);
  // Under IF the MERGE happens only when the condition holds; the table is unchanged otherwise.
  if (g)
    merged = `select * from (\n${indent(merged)}\n) as "__merged" where ${g}\nunion all\nselect * from ${quoteIdent(cur)} where not ${wrap(g)}`;
  host.replace(merged);
}

/** The rules the docs give for the WHEN clauses; SQL Server refuses a MERGE that breaks them. */
function checkClauses(em: Emitter, s: A.Merge, output = false): boolean {
  const refuse = (why: string) => {
    em.issue("MERGE", s.line, why);
    return false;
  };
  if (s.output && !output)
    return refuse(
      "MERGE … OUTPUT ($action, inserted, deleted) into a permanent table is not translated: an incremental model returns the table",
    );
  if (s.top) return refuse("MERGE TOP (n) acts on an unordered subset of the joined rows: not translated");
  for (const when of ["matched", "not matched by source"] as const) {
    const cs = s.clauses.filter((c) => c.when === when);
    if (cs.length > 2)
      return refuse(`MERGE has ${cs.length} WHEN ${when.toUpperCase()} clauses (SQL Server allows two)`);
    if (cs.length === 2 && (!cs[0]!.cond || cs[0]!.action.kind === cs[1]!.action.kind))
      return refuse(
        `MERGE's two WHEN ${when.toUpperCase()} clauses must be an UPDATE and a DELETE, the first with AND (SQL Server refuses it)`,
      );
  }
  const inserts = s.clauses.filter((c) => c.when === "not matched by target");
  if (inserts.length > 1)
    return refuse("MERGE has more than one WHEN NOT MATCHED [BY TARGET] clause (SQL Server allows one)");
  const insert = inserts[0]?.action;
  if (insert?.kind === "insert" && !insert.values)
    return refuse("MERGE … INSERT DEFAULT VALUES is not translated (column defaults of temp tables are not tracked)");
  if (
    insert?.kind === "insert" &&
    insert.values?.some((v) => v.kind === "literal" && v.type === "null" && v.value === "DEFAULT")
  )
    return refuse("MERGE … INSERT VALUES (DEFAULT) is not translated (column defaults of temp tables are not tracked)");
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

/** A value for a column of the table: converted to its type, text under the column's collation (tempdb's default for a temp table). */
function columnValue(
  host: MergeHost,
  sql: string,
  type: DataType | undefined,
  col: OutputColumn,
  line: number,
): string {
  if (!col.type) return sql;
  const v = host.castTo(sql, type, col.type, line);
  return isString(col.type) ? `${v} ${collateClause(columnPgCollation(col.collation))}` : v;
}

/** A MERGE into a permanent table that an incremental model can carry: the table and the columns that identify a row. */
export type Upsert = { name: string; relation: string; columns: OutputColumn[]; uniqueKey: OutputColumn[] };

/**
 * Whether a MERGE into a permanent table is what dbt's incremental model with the `merge` strategy does
 * (docs.getdbt.com/docs/build/incremental-strategy: on PostgreSQL ≥ 15 dbt runs `merge into <model> using <new rows>
 * on <unique_key> = … when matched then update set <every column> when not matched then insert`). That is an
 * upsert keyed by the ON condition, so ON must pair target columns with source values by `=` and nothing else
 * (those columns become `unique_key`, and UPDATE must not change them); the model's rows carry each updated row's
 * full new state and each inserted row. What dbt's strategy cannot do is a review item naming the clause and line:
 * DELETE (in WHEN MATCHED or NOT MATCHED BY SOURCE), and new rows whose values SQL Server fills itself (IDENTITY,
 * computed columns, defaults of columns the INSERT leaves out).
 */
export function upsertTarget(
  em: Emitter,
  s: A.Merge,
  table: { name: string; relation: string; columns: OutputColumn[]; source: Column[] },
): Upsert | undefined {
  if (!checkClauses(em, s)) return undefined;
  let ok = true;
  const refuse = (line: number, why: string) => {
    em.issue("MERGE", line, `MERGE into ${table.name}: ${why}`);
    ok = false;
  };
  for (const c of s.clauses) {
    const clause = `WHEN ${c.when.toUpperCase()}${c.cond ? " AND …" : ""} THEN ${c.action.kind.toUpperCase()}`;
    if (c.when === "not matched by source")
      refuse(c.line, `${clause} acts on rows the source does not hold, which dbt's merge strategy never touches`);
    else if (c.action.kind === "delete")
      refuse(c.line, `${clause}: dbt's merge strategy only updates and inserts rows`);
  }
  const targetNames = new Set(
    [s.target.alias, ...(s.target.kind === "table" ? [s.target.name[s.target.name.length - 1]] : [])]
      .filter((x): x is string => !!x)
      .map((x) => x.toLowerCase()),
  );
  const targetColumn = (e: A.Expr): OutputColumn | undefined => {
    const x = unparen(e);
    if (x.kind !== "column" || x.parts.length !== 2 || !targetNames.has(x.parts[0]!.toLowerCase())) return undefined;
    return table.columns.find((c) => c.name.toLowerCase() === x.parts[1]!.toLowerCase());
  };
  const readsTarget = (e: A.Expr) =>
    columnsIn(e).some((c) => c.parts.length > 1 && targetNames.has(c.parts[c.parts.length - 2]!.toLowerCase()));
  const key: OutputColumn[] = [];
  const conjuncts = (e: A.Expr): A.Expr[] => {
    const x = unparen(e);
    return x.kind === "binary" && x.op === "AND" ? [...conjuncts(x.left), ...conjuncts(x.right)] : [x];
  };
  for (const c of conjuncts(s.on)) {
    const col =
      c.kind === "binary" && c.op === "="
        ? targetColumn(c.left) && !readsTarget(c.right)
          ? targetColumn(c.left)
          : targetColumn(c.right) && !readsTarget(c.left)
            ? targetColumn(c.right)
            : undefined
        : undefined;
    if (col) key.push(col);
    else {
      refuse(
        c.line,
        "its ON condition must pair the table's columns (qualified by its name or alias) with source values by `=`: those columns become the incremental model's unique_key",
      );
      break;
    }
  }
  for (const c of s.clauses) {
    if (c.action.kind === "update") {
      const changed = c.action.set.find(
        (set) =>
          set.column && key.some((k) => k.name.toLowerCase() === set.column![set.column!.length - 1]!.toLowerCase()),
      );
      if (changed)
        refuse(
          changed.line,
          `UPDATE SET changes ${changed.column!.join(".")}, a column of the ON condition that identifies the row`,
        );
    }
    if (c.action.kind === "insert") {
      const named = c.action.columns?.map((n) => n.toLowerCase());
      for (const col of table.source) {
        const given = named ? named.includes(col.name.toLowerCase()) : !col.identity && !col.computed;
        if (col.identity || col.computed)
          refuse(
            c.line,
            `its new rows take ${col.name}'s ${col.identity ? "IDENTITY value from the table's counter" : "computed value"}, which the model does not know`,
          );
        else if (!given && col.default !== undefined)
          refuse(c.line, `INSERT leaves out ${col.name}, whose DEFAULT ${col.default} SQL Server fills in`);
      }
    }
  }
  return ok ? { name: table.name, relation: table.relation, columns: table.columns, uniqueKey: key } : undefined;
}

/** Every column reference inside an expression (subqueries included): a structural walk of the AST. */
function columnsIn(node: unknown, out: A.ColumnRef[] = []): A.ColumnRef[] {
  if (Array.isArray(node)) for (const x of node) columnsIn(x, out);
  else if (node && typeof node === "object") {
    if ((node as { kind?: unknown }).kind === "column") out.push(node as A.ColumnRef);
    else for (const v of Object.values(node)) columnsIn(v, out);
  }
  return out;
}
