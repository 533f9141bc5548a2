import { objectKey, type DataType } from "~/agents/catalog/schema";
import { parseBatch, parseDataType } from "~/agents/tsql/parser";
import type { TranslationIssue } from "~/agents/core/contracts";
import type * as A from "~/agents/tsql/ast";
import { aliasName, columnNames } from "~/agents/plan/naming";
import {
  columnSql,
  forClauseColumn,
  renamedColumns,
  type OutputColumn,
  type Relation,
  type TranslateContext,
} from "./context";
import { danglingEscape, likeNeedsRegex, likeToRegex, quoteIdent, quoteString, runtimeLikeGuard } from "./literals";
import { STYLE_DATEFORMAT, type DateFormat } from "~/agents/tsql/date-formats";
import {
  atTimeZone,
  compareDateTimes,
  offsetLostOnOutput,
  convertDateTime,
  dateKind,
  dateTimeConstant,
  exactTextOf,
  fractionScale,
  hasExactText,
  hasOffsetText,
  isTextHeld,
  localTimestamp,
  roundToDatetime,
  roundToSmalldatetime,
  stringConstant,
  stringToTime,
  withExactText,
  withOffsetText,
} from "./datetime";
import {
  collateClause,
  collationOrder,
  columnPgCollation,
  pgCollation,
  type PgCollation,
} from "~/agents/dialect/collation";
import { unparen } from "./ast-util";
import { type Construct, functionConstruct, lookupFunction } from "./functions";
import { aggregateType } from "./functions/aggregates";
import { forJson, isJsonExpression } from "./functions/json";
import { enterXmlNamespaces, forXml, isXml, nodesTarget, stringToXml, xmlMethod, xmlNodesTable } from "./functions/xml";
import { stringSplitValueType, text as stringText } from "./functions/strings";
import {
  MONEY_TEXT,
  binaryToString,
  bindValue,
  bytesToInteger,
  cultureNumbers,
  fitBinary,
  floatToString,
  integerBytes,
  parseDateForCulture,
  parseNumber,
  stringToBinary,
  stringToMoney,
  stringToUuid,
} from "./functions/conversion";
import { generateSeries, openJsonDefault, openJsonWithSchema } from "./functions/table-functions";
import { indent, wrap } from "./sql-text";
import {
  T,
  arithmeticType,
  asDecimal,
  concatType,
  defaultLength,
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
  isVaryingString,
  needsCast,
  normalizeName,
  numberLiteralType,
  sameName,
  sameType,
  typeToString,
  unionType,
} from "~/agents/tsql/type-rules";
import { pgType } from "~/agents/dialect/types";

/**
 * Expression and query emitter: T-SQL AST → PostgreSQL text, with T-SQL type inference on every expression.
 * One Emitter per translated object; it collects issues (constructs it could not translate faithfully) and the
 * constructs it met. Procedural code (./procedure) drives it with variable bindings and local relations.
 */

/** `json`: the text is JSON that FOR JSON / JSON_OBJECT / JSON_ARRAY embed as is (JSON_QUERY, FOR JSON, JSON_OBJECT results). */
/**
 * `collation`: the SQL Server collation the expression carries when known, from a COLLATE clause
 * (`explicitCollation`, already written into `sql`) or a column's declared one (applied by the staging model,
 * so PostgreSQL derives it by itself); `collationDerived` when it comes from the operands of a function or
 * operator (collation precedence, see collationPrecedence), which comparisons then write out.
 * `collationConflict`: the expression has SQL Server's no-collation label (two different implicit collations met
 * in it), which every collation-sensitive use refuses; it then has no `collation`. None of the three: the
 * coercible-default label (a literal, a variable), under which the database default applies.
 */
/**
 * `column`: the SQL Server name (catalog spelling) of the column a column reference resolved to, and `relation` the
 * relation it was read from.
 */
export type Typed = {
  sql: string;
  type?: DataType;
  json?: boolean;
  collation?: PgCollation;
  explicitCollation?: boolean;
  collationDerived?: boolean;
  collationConflict?: CollationConflict;
  column?: string;
  relation?: Relation;
  /** The string constants a column of a VALUES constructor holds (OutputColumn.constants). */
  constants?: readonly string[];
};
export type Emitted = { sql: string; columns: OutputColumn[] };
/** The SQL Server names of two collations that met with the same label (implicit, or explicit: an error at once). */
type CollationConflict = { collations: [string, string] };

/**
 * A relation in scope; `bare` sources name their columns without a qualifier (a table's own row, as in DDL).
 * `sql`: the alias as written in the query (Emitter.aliasSql), when it is not `alias` quoted.
 */
type Source = {
  alias: string;
  sql?: string;
  match: string[];
  columns?: OutputColumn[];
  relation?: Relation;
  bare?: boolean;
};

/** A source's alias as SQL text. */
function sourceSql(s: Source): string {
  return s.sql ?? quoteIdent(s.alias);
}
export type Scope = { sources: Source[]; parent?: Scope };

export type VarBinding = { sql: string; type?: DataType };

/**
 * An expression whose translation outgrew the object's size limit: checked at every expression, so text that
 * copies its operands (a function repeating an argument, nested many times) stops before it exhausts memory.
 */
export class TranslationTooLarge extends Error {
  constructor(
    readonly line: number,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`The translation of the expression at line ${line} is ${size} characters, over the limit of ${limit}`);
  }
}

export class Emitter {
  readonly issues: TranslationIssue[] = [];
  /** The longest SQL (characters) an expression may translate to (translateObject sets it from the definition). */
  sizeLimit = Number.POSITIVE_INFINITY;
  readonly constructs = new Set<Construct>();
  /** Relations referenced (catalog keys) — the model's dependencies. */
  readonly dependsOn = new Set<string>();
  vars = new Map<string, VarBinding>();
  /** #temp tables, @table variables and CTEs visible by name (lower-case, with # or @). */
  locals = new Map<string, Relation>();
  private cteStack: Map<string, Relation>[] = [];
  private recursiveHit = false;
  /** CTEs whose own query is being translated: a reference to one of them makes the WITH recursive. */
  private readonly definingCtes = new Set<Relation>();

  /** SET CONCAT_NULL_YIELDS_NULL: when OFF, string + NULL is the string. */
  concatNullYieldsNull = true;
  /** SET ANSI_NULLS ON|OFF written inside a procedure body (which SQL Server ignores there). */
  ansiNullsSetInBody?: "ON" | "OFF";
  /** SET DATEFIRST: the first day of the week (7 = Sunday, us_english), for weekday/week parts. */
  dateFirst = 7;
  /** SET DATEFORMAT: how numeric date strings are read (mdy for us_english). */
  dateFormat: DateFormat = "mdy";
  /** SET LANGUAGE other than us_english: its month and day names and culture are not translated (see namesOf). */
  language: string | undefined;

  /** T-SQL alias or CTE name (lower-cased) → its snake_case name in the model, and the names given out. */
  private readonly aliases = new Map<string, string>();
  private readonly aliasesTaken = new Set<string>();
  /** The expressions translated directly inside each expression being translated (see expr). */
  private readonly operandFrames: Typed[][] = [];
  /** The lines of the expressions being translated, innermost last: where a collation conflict is reported. */
  private readonly exprLines: number[] = [];

  constructor(readonly ctx: TranslateContext) {}

  /**
   * A table alias or CTE name as the model writes it: snake_case like the columns, short (aliasName). The same T-SQL name (any case)
   * always gets the same name, so nested scopes shadow exactly as in T-SQL; a different name that would snake_case
   * the same (`[Order Details]` and `Order_Details`) gets `_2`, so it cannot shadow or capture another.
   */
  aliasSql(name: string): string {
    const key = name.toLowerCase();
    const known = this.aliases.get(key);
    if (known) return known;
    const base = aliasName(name);
    let pg = base;
    for (let n = 2; this.aliasesTaken.has(pg); n++) pg = `${base}_${n}`;
    this.aliases.set(key, pg);
    this.aliasesTaken.add(pg);
    return pg;
  }

  issue(construct: Construct, line: number | undefined, message: string): void {
    if (!this.issues.some((i) => i.construct === construct && i.line === line && i.message === message)) {
      this.issues.push({ construct, ...(line !== undefined ? { line } : {}), message });
    }
    this.constructs.add(construct);
  }

  // ───────────────────────── queries ─────────────────────────

  query(q: A.Query, outer?: Scope, opts: { limit?: number; anchorOf?: Relation } = {}): Emitted {
    if (q.for) return this.forClauseQuery(q, outer);
    const ctes = new Map<string, Relation>();
    this.cteStack.push(ctes);
    const leaveXmlNamespaces = enterXmlNamespaces(this, q.xmlNamespaces);
    try {
      const withParts: string[] = [];
      let recursive = false;
      for (const cte of q.ctes) {
        this.constructs.add("CTE");
        const rel: Relation = {
          kind: "cte",
          sql: this.aliasSql(cte.name),
          ...(cte.columns ? { columns: renamedColumns(cte.columns.map((name) => ({ name }))) } : {}),
        };
        ctes.set(cte.name.toLowerCase(), rel);
        const before = this.recursiveHit;
        this.recursiveHit = false;
        this.definingCtes.add(rel);
        // Without a column list the CTE is named by its anchor: a recursive member reads those names from it.
        const inner = this.query(cte.query, outer, { anchorOf: rel });
        this.definingCtes.delete(rel);
        if (this.recursiveHit) recursive = true;
        this.recursiveHit = before;
        rel.columns = cte.columns
          ? renamedColumns(
              cte.columns.map((name, i) => {
                const { type, collation, collationDerived } = inner.columns[i] ?? {};
                return {
                  name,
                  type,
                  ...(collation ? { collation, ...(collationDerived ? { collationDerived } : {}) } : {}),
                };
              }),
            )
          : inner.columns;
        const cols = cte.columns ? ` (${rel.columns.map(columnSql).join(", ")})` : "";
        withParts.push(`${rel.sql}${cols} as (\n${indent(inner.sql)}\n)`);
      }
      if (q.option) this.constructs.add("OPTION");

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
        sql = `select ${r.columns.map(columnSql).join(", ")}\nfrom (\n${indent(r.sql.replace(/^select( distinct)?/, (m) => `${m} ${rankFn} over (${over}) as "__rn", count(*) over () as "__cnt",`))}\n) as "__top"\nwhere "__rn" <= ceil("__cnt" * (${n.sql}) / 100.0)\norder by "__rn"`;
        columns = r.columns;
        top = undefined;
      } else {
        const r = core ? this.selectCore(core, outer, { skipTop: true }) : this.queryBody(body, outer, opts.anchorOf);
        sql = r.sql;
        columns = r.columns;
        if (q.orderBy.length)
          sql += `\norder by ${groupedBlankPadded(this.orderBy(q.orderBy, r.scope, columns, core), ("padded" in r && Array.isArray(r.padded) ? r.padded : []) as GroupKey[])}`;
        if (q.offset) {
          // PostgreSQL's OFFSET … ROWS / FETCH … ROWS take only a simple value: any expression goes in parentheses.
          sql += `\noffset (${this.expr(q.offset, outer ?? { sources: [] }).sql}) rows`;
          if (q.fetch) sql += ` fetch next (${this.expr(q.fetch, outer ?? { sources: [] }).sql}) rows only`;
        }
        if (top) {
          this.constructs.add("TOP");
          const n = this.expr(top.expr, outer ?? { sources: [] }).sql;
          if (top.withTies) {
            this.constructs.add("WITH TIES");
            if (!q.orderBy.length) this.issue("WITH TIES", core?.line, "TOP … WITH TIES requires ORDER BY");
            sql += `\nfetch first (${n}) rows with ties`;
          } else {
            const limit = opts.limit !== undefined ? `least(${n}, ${opts.limit})` : n;
            sql += `\nlimit ${limit}`;
          }
        } else if (opts.limit !== undefined) sql += `\nlimit ${opts.limit}`;
      }
      if (withParts.length) sql = `with ${recursive ? "recursive " : ""}${withParts.join(",\n")}\n${sql}`;
      return { sql, columns };
    } finally {
      leaveXmlNamespaces();
      this.cteStack.pop();
    }
  }

  /**
   * A query with FOR JSON / FOR XML returned as a result set: one column with SQL Server's generated name. FOR JSON
   * text longer than 2033 characters comes back split over rows of 2033 characters (docs: format-query-results-as-
   * json-with-for-json-sql-server.md, "Output of the FOR JSON clause").
   */
  private forClauseQuery(q: A.Query, outer?: Scope): Emitted {
    const value = this.forClauseValue(q, outer);
    const isJson = q.for!.kind === "json";
    const column = forClauseColumn(isJson ? "json" : "xml", value.type ?? T.nvarchar("max"));
    if (!isJson) return { sql: `select ${value.sql} as ${columnSql(column)}`, columns: [column] };
    return {
      sql: `select substr("__for"."v", 1 + 2033 * "__chunk", 2033) as ${columnSql(column)}\nfrom (select ${value.sql} as "v") as "__for"\ncross join generate_series(0, (length("__for"."v") - 1) / 2033) as "__chunk"\norder by "__chunk"`,
      columns: [column],
    };
  }

  /** The one value a FOR JSON / FOR XML query produces (a scalar subquery's value). */
  private forClauseValue(q: A.Query, outer?: Scope): Typed {
    const clause = q.for!;
    const inner = this.query({ ...q, for: undefined }, outer);
    const core = q.body.kind === "select" ? q.body : undefined;
    const onlyTable = core?.from.length === 1 && core.from[0]!.kind === "table" ? core.from[0] : undefined;
    // A column without a name (an expression without alias) is text content in FOR XML PATH, an error elsewhere.
    const items = core?.items.filter((it) => it.kind !== "assign");
    const positional = items && !items.some((it) => it.kind === "star") && items.length === inner.columns.length;
    const named = inner.columns.map((c, i) => {
      const it = positional ? items[i] : undefined;
      return it?.kind === "expr" && it.alias === undefined && it.expr.kind !== "column" ? { ...c, unnamed: true } : c;
    });
    let value: Typed | undefined;
    if (clause.kind === "json") {
      const jsonNames = new Set(
        (core?.items ?? []).flatMap((it) =>
          it.kind === "expr" && isJsonExpression(it.expr) && it.alias ? [it.alias.toLowerCase()] : [],
        ),
      );
      const columns = named.map((c) => ({ ...c, ...(jsonNames.has(c.name.toLowerCase()) ? { json: true } : {}) }));
      value = forJson(
        this,
        clause,
        {
          sql: inner.sql,
          columns,
          single: !!core && core.from.length <= 1 && !core.from.some((f) => f.kind === "join"),
        },
        "__row",
      );
    } else {
      if (q.xmlNamespaces?.length)
        this.issue(
          `FOR XML ${clause.mode}`,
          clause.line,
          "WITH XMLNAMESPACES adds namespace declarations to FOR XML output: not translated",
        );
      // AUTO names each row element after the table's alias, or its name as written; a schema-qualified name
      // without alias is left to review (how SQL Server spells it as an element is not documented).
      const autoElement = onlyTable
        ? (onlyTable.alias ?? (onlyTable.name.length === 1 ? onlyTable.name[0] : undefined))
        : undefined;
      if (clause.mode === "AUTO" && onlyTable && autoElement === undefined)
        this.issue(
          "FOR XML AUTO",
          clause.line,
          "FOR XML AUTO over a schema-qualified table without an alias: the element name is not documented",
        );
      value = forXml(
        this,
        clause,
        { sql: inner.sql, columns: named, ...(autoElement !== undefined ? { single: { table: autoElement } } : {}) },
        "__row",
      );
    }
    return value ?? { sql: "null" };
  }

  orderBy(
    items: A.OrderItem[],
    scope: Scope | undefined,
    columns: OutputColumn[],
    core: A.SelectCore | undefined,
  ): string {
    return items
      .map((item) => {
        let sql: string;
        let key: Typed | undefined;
        const e = item.expr;
        if (e.kind === "literal" && e.type === "number" && /^\d+$/.test(e.value)) {
          sql = e.value;
          const c = columns[Number(e.value) - 1];
          key = { sql, ...(c?.type ? { type: c.type } : {}) };
        } else if (
          (e.kind === "column" &&
            e.parts.length === 1 &&
            columns.some((c) => c.name.toLowerCase() === e.parts[0]!.toLowerCase()) &&
            (!core || !scope || this.outputShadows(core, e.parts[0]!))) ||
          // ORDER BY 'alias': a string literal naming a select-list alias sorts by that column, as SQL Server reads it.
          (e.kind === "literal" &&
            e.type === "string" &&
            columns.some((c) => c.name.toLowerCase() === e.value.toLowerCase()))
        ) {
          const name = e.kind === "column" ? e.parts[0]! : (e as A.Literal).value;
          const c = columns.find((c) => c.name.toLowerCase() === name.toLowerCase())!;
          sql = columnSql(c);
          // An output column is named bare: PostgreSQL reads a name inside an expression (`x collate …`) as a FROM
          // column, so it keeps the collation its select-list expression gave it.
          key = undefined;
        } else if (scope) sql = (key = this.expr(e, scope)).sql;
        else {
          this.issue("ORDER BY", item.line, "ORDER BY on a set operation must name output columns");
          sql = this.expr(e, { sources: [] }).sql;
        }
        // Strings sort as they compare: under the collation (the database default ignores case, unlike
        // PostgreSQL's default), trailing blanks not counted.
        if (key && isString(key.type) && unparen(e).kind !== "literal") sql = this.comparableKey({ ...key, sql });
        // SQL Server sorts NULL lowest: first when ascending, last when descending.
        return `${sql}${item.desc ? " desc nulls last" : " asc nulls first"}`;
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

  /**
   * `anchorOf`: the CTE this body defines. Without a column list its columns are the first branch's, set as soon
   * as that branch is translated so the recursive branches after it resolve the CTE's columns.
   */
  private queryBody(body: A.QueryBody, outer?: Scope, anchorOf?: Relation): Emitted & { scope?: Scope } {
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
    const left = this.queryBody(body.left, outer, anchorOf);
    if (anchorOf && !anchorOf.columns) anchorOf.columns = left.columns;
    const right = this.queryBody(body.right, outer);
    const recursive = anchorOf !== undefined && this.recursiveHit;
    if (left.columns.length !== right.columns.length)
      this.issue(body.op, body.line, "The branches of the set operation have different column counts");
    this.constructs.add(body.op);
    // T-SQL converts each column to the higher-precedence type of the branches; PostgreSQL needs the same category.
    // Named as the first branch names them; no fact of one branch's columns holds of the combined rows.
    // Each column's collation by precedence over the branches, as SQL Server resolves it column by column.
    // Two different implicit collations in one column are refused by UNION ALL too (error 451, "… in UNION ALL
    // operator occurring in SELECT statement column n"), as its result has no collation to be selected with.
    const columns: OutputColumn[] = left.columns.map((c, i) => {
      const other = right.columns[i];
      let type = unionType(c.type, other?.type);
      // One branch holding a 100-ns value as text makes the column text in every branch (alignBranch).
      const kind = dateKind(type);
      if ((kind === "datetime2" || kind === "time") && (hasExactText(c.type) || hasExactText(other?.type)))
        type = withExactText(type!);
      const operation = `the ${body.op} operator, column ${i + 1}`;
      const { collation, collationConflict } = isString(type)
        ? this.precedence([c, ...(other ? [other] : [])].map(typedColumn), operation, body.line)
        : {};
      if (collationConflict) this.conflict(collationConflict.collations, operation, body.line);
      // PostgreSQL derives the same collation when both branches record it from their text alike.
      const known =
        other?.collation === c.collation && !c.collationDerived && !other?.collationDerived && !c.collationExplicit;
      return {
        name: c.name,
        ...(c.pg ? { pg: c.pg } : {}),
        type,
        ...(collation ? { collation: collation.tsql, ...(known ? {} : { collationDerived: true }) } : {}),
      };
    });
    // UNION, INTERSECT and EXCEPT remove duplicates comparing strings as `=` does: each branch's string columns
    // are selected as comparableKey writes them (values kept as stored).
    if (recursive) {
      // SQL Server has made the anchor's and the recursive member's types equal; PostgreSQL also wants their
      // lengths and precisions equal, which the translated branches need not spell alike (CAST AS nvarchar(max)
      // emits no cast): both branches go to the same type without a length, which changes no value.
      const wide = columns.map((c, i) => recursiveColumnType(left.columns[i]?.type, right.columns[i]?.type));
      const branch = (b: Emitted) =>
        wide.some(Boolean)
          ? `select ${b.columns.map((c, i) => (wide[i] ? `cast(${columnSql(c)} as ${wide[i]}) as ${columnSql(c)}` : columnSql(c))).join(", ")} from (${b.sql}) as "__branch"`
          : b.sql;
      return { sql: `${branch(left)}\n${body.op.toLowerCase()}\n${branch(right)}`, columns };
    }
    const padded = body.op !== "UNION ALL" && columns.some((c) => isString(c.type));
    const rightSql = this.alignBranch(right, columns, padded);
    const leftSql = this.alignBranch(left, columns, padded);
    return { sql: `${leftSql}\n${body.op.toLowerCase()}\n${rightSql}`, columns };
  }

  /**
   * Casts a set-operation branch's columns when their type family differs from the combined one; `padded`
   * also reads its varchar columns as bpchar.
   */
  private alignBranch(branch: Emitted, columns: OutputColumn[], padded = false): string {
    const toText = (c: OutputColumn, i: number) =>
      hasExactText(columns[i]?.type) && !isTextHeld(c.type) && dateKind(c.type) !== undefined;
    const mismatch = branch.columns.some((c, i) => needsCast(c.type, columns[i]?.type) || toText(c, i));
    if (!mismatch && !padded) return branch.sql;
    const list = branch.columns
      .map((c, i) => {
        const value = toText(c, i)
          ? exactTextOf({ sql: columnSql(c), type: c.type })
          : needsCast(c.type, columns[i]?.type)
            ? `cast(${columnSql(c)} as ${pgType(columns[i]!.type!)})`
            : columnSql(c);
        if (padded && isString(columns[i]?.type)) {
          // Written out in every branch, so each compares under the combined column's collation.
          const key = this.comparableKey({ ...typedColumn(columns[i]!), sql: value, collationDerived: true });
          return `${key} as ${columnSql(c)}`;
        }
        return value === columnSql(c) ? value : `${value} as ${columnSql(c)}`;
      })
      .join(", ");
    return `select ${list} from (${branch.sql}) as "__branch"`;
  }

  selectCore(
    core: A.SelectCore,
    outer?: Scope,
    opts: { skipTop?: boolean } = {},
  ): Emitted & { scope: Scope; padded?: GroupKey[] } {
    const scope: Scope = { sources: [], ...(outer ? { parent: outer } : {}) };
    const firstSource: number[] = [];
    const from = core.from.map((ts) => {
      firstSource.push(scope.sources.length);
      return this.fromItem(ts, scope);
    });
    // Each item's value; its `as` name comes once the whole list is named (renamedColumns).
    const values: { sql: string; column?: number; key?: string; ref?: { relation?: Relation; name: string } }[] = [];
    const named: OutputColumn[] = [];
    let unnamed = 0;
    for (const item of core.items) {
      if (item.kind === "assign") {
        this.issue("SELECT @variable =", item.line, "Variable assignment inside a query is not supported here");
        continue;
      }
      if (item.kind === "star") {
        const sources = item.qualifier
          ? scope.sources.filter((s) => s.match.includes(item.qualifier![item.qualifier!.length - 1]!.toLowerCase()))
          : scope.sources;
        if (!sources.length) this.issue("SELECT *", item.line, `No source ${item.qualifier?.join(".") ?? ""} for *`);
        for (const s of sources) {
          if (!s.columns) {
            this.issue("SELECT *", item.line, `The columns of ${s.alias} are unknown, so * cannot be expanded`);
            values.push({ sql: `${sourceSql(s)}.*` });
            continue;
          }
          for (const c of s.columns) {
            values.push({
              sql: `${sourceSql(s)}.${columnSql(c)}`,
              column: named.length,
              ref: { ...(s.relation ? { relation: s.relation } : {}), name: c.name },
            });
            named.push({ ...c });
          }
        }
        continue;
      }
      const e = this.expr(item.expr, scope);
      offsetLostOnOutput(this, e, item.line);
      // A value without a collation cannot be selected (error 451, "Cannot resolve collation conflict … for
      // column n in SELECT statement"; docs: collation-precedence-transact-sql.md, "No-Collation Labels").
      if (e.collationConflict)
        this.conflict(e.collationConflict.collations, `the select list, column ${named.length + 1}`, item.line);
      // The output name of a bare column is the name as resolved (catalog spelling).
      let name =
        item.alias ??
        (item.expr.kind === "column" ? (e.column ?? item.expr.parts[item.expr.parts.length - 1]!) : undefined);
      if (name === undefined) {
        unnamed++;
        name = `column${unnamed}`;
        this.constructs.add("unnamed column");
      }
      // DISTINCT compares strings as GROUP BY does: each is selected as comparableKey writes it.
      const ref =
        item.expr.kind === "column" && e.column !== undefined
          ? { ref: { ...(e.relation ? { relation: e.relation } : {}), name: e.column } }
          : {};
      values.push({
        sql: e.sql,
        column: named.length,
        ...ref,
        ...(core.distinct && isString(e.type) ? { key: this.comparableKey(e) } : {}),
      });
      // An int constant's own digit count only matters where the constant itself meets a decimal: a column is int.
      const type = e.type && isInteger(e.type) && e.type.precision !== undefined ? { name: e.type.name } : e.type;
      named.push({ name, ...(type ? { type } : {}), ...outputCollation(e) });
    }
    const columns = this.withFacts(core, scope, renamedColumns(named), values);
    // SQL Server groups strings blank-padded under the collation: 'Rock' and 'rock ' are one group. String keys
    // (columns or expressions) are grouped as comparableKey writes them, and every other mention of them in the
    // select list, HAVING and ORDER BY follows, as PostgreSQL requires.
    const padded: GroupKey[] = [];
    const keys = core.groupBy.map((g) => this.groupingElement(g, scope, padded)).join(", ");
    const grouped = (text: string) => groupedBlankPadded(text, padded);
    const items = values.map((v) => {
      if (v.column === undefined) return v.sql; // alias.* of a source whose columns are unknown
      const as = columnSql(columns[v.column]!);
      if (v.key !== undefined && v.key !== v.sql) return `${grouped(v.key)} as ${as}`;
      const value = grouped(v.sql);
      // Only a plain column reference already carries its name: `a.amount + b.amount` ends like one but is not.
      const carriesName = "ref" in v && v.ref !== undefined && (value === as || value.endsWith(`.${as}`));
      return carriesName ? value : `${value} as ${as}`;
    });
    const names = columns.map((c) => c.name.toLowerCase());
    if (new Set(names).size !== names.length) this.constructs.add("duplicate output column");
    if (core.into) this.issue("SELECT INTO", core.line, "SELECT … INTO is only translated inside procedures");
    let sql = `select ${core.distinct ? "distinct " : ""}${items.join(",\n       ")}`;
    const joined =
      core.where && from.length > 1 ? this.commaJoins(core.from, from, core.where, scope, firstSource) : undefined;
    if (joined) {
      sql += `\nfrom ${joined.from}`;
      if (joined.where) sql += `\nwhere ${this.predicate(joined.where, scope)}`;
    } else {
      if (from.length) sql += `\nfrom ${from.join(",\n     ")}`;
      if (core.where) sql += `\nwhere ${this.predicate(core.where, scope)}`;
    }
    if (core.groupBy.length) {
      if (core.groupByWith) {
        this.constructs.add(`WITH ${core.groupByWith}`);
        sql += `\ngroup by ${core.groupByWith.toLowerCase()} (${keys})`;
      } else sql += `\ngroup by ${keys}`;
    }
    if (core.having) sql += `\nhaving ${grouped(this.predicate(core.having, scope))}`;
    if (core.top && !opts.skipTop) sql += `\nlimit ${this.expr(core.top.expr, scope).sql}`;
    return { sql, columns, scope, padded };
  }

  /**
   * Each output column's facts (ColumnFacts), replacing any it copied from its source. Sound rules only:
   * - origin: `<relation>.<column>` for a column read as is, else the expression;
   * - notNull: a NOT NULL column of a source table, read as is, when no outer join or APPLY can pad it with NULL
   *   and no ROLLUP/CUBE/GROUPING SETS adds NULL subtotal rows;
   * - unique: the one GROUP BY key, output as is (one row per group); or, without GROUP BY, the one-column primary
   *   key of the only table in FROM, output as is (the rows are that table's rows, filtered).
   */
  private withFacts(
    core: A.SelectCore,
    scope: Scope,
    columns: OutputColumn[],
    values: { sql: string; column?: number; ref?: { relation?: Relation; name: string } }[],
  ): OutputColumn[] {
    const refs = new Map(values.flatMap((v) => (v.column !== undefined && v.ref ? [[v.column, v.ref] as const] : [])));
    const exprs = new Map(values.flatMap((v) => (v.column !== undefined ? [[v.column, v.sql] as const] : [])));
    const innerOnly = core.from.every(innerJoinsOnly);
    const subtotals =
      !!core.groupByWith ||
      core.groupBy.some((g) => g.kind === "call" && ["ROLLUP", "CUBE", "GROUPING SETS"].includes(g.name[0]!));
    const tableOf = (relation: Relation | undefined) =>
      relation?.kind === "table"
        ? this.ctx.catalog.tables.find((t) => objectKey(t.schema, t.name) === relation.key)
        : undefined;
    // The one GROUP BY key as SQL: an output column reading the same source column prints the same text.
    const onlyKey =
      core.groupBy.length === 1 && !subtotals && core.groupBy[0]!.kind === "column"
        ? this.expr(core.groupBy[0]!, scope).sql
        : undefined;
    const single =
      core.from.length === 1 && core.from[0]!.kind === "table" && !core.groupBy.length && !subtotals
        ? core.from[0]
        : undefined;
    return columns.map((c, i) => {
      const { facts: _inherited, ...column } = c;
      void _inherited;
      const ref = refs.get(i);
      const table = tableOf(ref?.relation);
      const declared = table?.columns.find((x) => x.name.toLowerCase() === ref?.name.toLowerCase());
      const model = ref?.relation ? /ref\('([^']+)'\)/.exec(ref.relation.sql)?.[1] : undefined;
      const origin = ref
        ? `${model ?? ref.relation?.sql ?? "a source"}.${columnSql({ name: ref.name, ...(declared ? { pg: tableColumnPg(table!, declared.name) } : {}) })}`
        : `expression ${exprs.get(i) ?? ""}`;
      const notNull = !!declared && !declared.nullable && innerOnly && !subtotals;
      const pk = table?.primaryKey?.columns;
      const unique =
        !!ref &&
        ((onlyKey !== undefined && exprs.get(i) === onlyKey) ||
          (!!single && !!pk && pk.length === 1 && pk[0]!.toLowerCase() === ref.name.toLowerCase()));
      return { ...column, facts: { origin, ...(notNull ? { notNull } : {}), ...(unique ? { unique } : {}) } };
    });
  }

  /**
   * `FROM a, b WHERE a.x = b.y AND …` as explicit joins: `a join b on a.x = b.y`, in FROM order, each item joined
   * on the WHERE conjuncts that read it and only items before it; an item no conjunct links is a cross join, and
   * the other conjuncts stay in WHERE. For an inner join ON and WHERE filter alike (docs: from-transact-sql.md,
   * "[ INNER ] JOIN … ON": the ON condition filters the cross product as WHERE does), so the rows are the same.
   * A conjunct whose sources cannot be told (a subquery, a column of a relation whose columns are unknown, an
   * ambiguous name) stays in WHERE. Undefined when nothing links the items.
   */
  private commaJoins(
    items: A.TableSource[],
    from: string[],
    where: A.Expr,
    scope: Scope,
    firstSource: number[],
  ): { from: string; where?: A.Expr } | undefined {
    const itemOf = (source: number) => firstSource.findLastIndex((f) => f <= source);
    const conjuncts = splitAnd(where);
    const placed = conjuncts.map((c) => {
      const refs = this.itemsRead(c, scope, itemOf);
      return refs && refs.size >= 2 ? Math.max(...refs) : -1;
    });
    if (placed.every((k) => k < 0)) return undefined;
    this.constructs.add("comma join");
    const on = (k: number) => conjuncts.filter((_, i) => placed[i] === k);
    // A join tree as a joined item keeps its own ON clauses inside parentheses.
    const item = (k: number) => (items[k]!.kind === "join" ? `(${from[k]})` : from[k]!);
    let sql = item(0);
    for (let k = 1; k < from.length; k++) {
      const conditions = on(k);
      sql += conditions.length
        ? `\ninner join ${item(k)} on ${this.predicate(andOf(conditions), scope)}`
        : `\ncross join ${item(k)}`;
    }
    const rest = conjuncts.filter((_, i) => placed[i]! < 0);
    return { from: sql, ...(rest.length ? { where: andOf(rest) } : {}) };
  }

  /** The FROM items (by index) a predicate reads; undefined when that cannot be told for certain. */
  private itemsRead(e: A.Expr, scope: Scope, itemOf: (source: number) => number): Set<number> | undefined {
    const items = new Set<number>();
    let certain = true;
    const visit = (node: unknown): void => {
      if (!certain || node === null || typeof node !== "object") return;
      if (Array.isArray(node)) return node.forEach(visit);
      const n = node as { kind?: string };
      if (
        n.kind === "subquery" ||
        n.kind === "exists" ||
        n.kind === "quantified" ||
        (n.kind === "in" && (node as A.InList).query)
      ) {
        certain = false;
        return;
      }
      if (n.kind === "column") {
        const parts = (node as A.ColumnRef).parts;
        const name = parts[parts.length - 1]!.toLowerCase();
        if (parts.length > 1) {
          const qualifier = parts[parts.length - 2]!.toLowerCase();
          const at = scope.sources.findIndex((s) => s.match.includes(qualifier));
          if (at >= 0) items.add(itemOf(at)); // else a correlated reference to an outer query: a constant here
          return;
        }
        const hits = scope.sources.flatMap((s, i) =>
          s.columns?.some((c) => c.name.toLowerCase() === name) ? [i] : [],
        );
        if (hits.length === 1) items.add(itemOf(hits[0]!));
        else if (hits.length > 1 || scope.sources.some((s) => !s.columns)) certain = false;
        return;
      }
      for (const value of Object.values(node)) visit(value);
    };
    visit(e);
    return certain ? items : undefined;
  }

  /** A GROUP BY element; a string key is grouped as comparableKey writes it and recorded in `padded`. */
  private groupingElement(g: A.Expr, scope: Scope, padded: GroupKey[] = []): string {
    if (g.kind === "call" && g.name.length === 1 && ["ROLLUP", "CUBE", "GROUPING SETS", "ROW"].includes(g.name[0]!)) {
      const inner = g.args.map((a) => this.groupingElement(a, scope, padded)).join(", ");
      if (g.name[0] !== "ROW") this.constructs.add(g.name[0] as "ROLLUP" | "CUBE" | "GROUPING SETS");
      return g.name[0] === "ROW" ? `(${inner})` : `${g.name[0]!.toLowerCase()} (${inner})`;
    }
    // `(Country)` in a grouping set is the key Country, which the select list names bare.
    const key = this.expr(unparen(g), scope);
    const to = this.comparableKey(key);
    if (to !== key.sql && !padded.some((k) => k.from === key.sql)) {
      // The group's value as SQL Server keeps it, trailing blanks included ('Rock  ' + 'x' is 'Rock  x'): a
      // varchar key read as bpchar loses them wherever PostgreSQL converts it to text (`||`, functions), so a
      // mention inside an expression reads the bpchar's stored text through its output function, under the key's
      // collation (a cast would be pushed beneath the COLLATE and no longer be the grouped expression).
      const kept = isVaryingString(key.type)
        ? `(textin(bpcharout(${to})) ${collateClause(this.stringCollation(key).pg)})`
        : to;
      padded.push({ from: key.sql, to, kept });
    }
    return to;
  }

  private fromItem(ts: A.TableSource, scope: Scope): string {
    switch (ts.kind) {
      case "table": {
        if (ts.hints.length) this.constructs.add("table hints");
        // A temporal table's past rows live in its history table, which a dbt model of the current rows has not.
        if (ts.systemTime)
          this.issue(
            "temporal table query",
            ts.line,
            `FOR SYSTEM_TIME ${ts.systemTime} reads the table's history: outside dbt (snapshots keep history from now on)`,
          );
        const alias = ts.alias ?? ts.name[ts.name.length - 1]!;
        const rel = this.resolveRelation(ts.name, ts.line);
        const match = ts.alias ? [ts.alias.toLowerCase()] : [ts.name[ts.name.length - 1]!.toLowerCase()];
        const as = this.aliasSql(alias);
        scope.sources.push({
          alias,
          sql: as,
          match,
          ...(rel?.columns ? { columns: rel.columns } : {}),
          ...(rel ? { relation: rel } : {}),
        });
        return `${rel?.sql ?? quoteIdent(ts.name.join("."))} as ${as}`;
      }
      case "variable": {
        const rel = this.locals.get("@" + ts.name.toLowerCase());
        if (!rel) this.issue("table variable", ts.line, `Table variable @${ts.name} is not declared`);
        const alias = ts.alias ?? ts.name;
        const as = this.aliasSql(alias);
        scope.sources.push({
          alias,
          sql: as,
          match: [alias.toLowerCase(), "@" + ts.name.toLowerCase()],
          ...(rel?.columns ? { columns: rel.columns } : {}),
        });
        return `${rel?.sql ?? quoteIdent(ts.name)} as ${as}`;
      }
      case "derived":
        return this.derivedTable(ts, scope, scope.parent);
      case "values": {
        this.constructs.add("VALUES table");
        // The rows are read in the enclosing scope (under APPLY they see the FROM items before them), and each column
        // has the type UNION ALL gives its rows: the highest precedence (docs: table-value-constructor-transact-sql.md,
        // "Data Types"), so VALUES (1), (2.5) is decimal and AVG over it keeps the fraction.
        const typed = ts.rows.map((row) => row.map((v) => this.expr(v, scope)));
        const types = (typed[0] ?? []).map((_, i) =>
          typed.reduce<DataType | undefined>((t, row) => unionType(t, row[i]?.type), undefined),
        );
        // A decimal column holds every row at its scale (1 beside 2.5 is 1.0).
        const fit = (v: Typed, i: number) =>
          types[i] &&
          v.sql !== "null" &&
          (needsCast(v.type, types[i]) || (isExact(types[i]) && !sameType(v.type, types[i])))
            ? `cast(${v.sql} as ${pgType(types[i]!)})`
            : v.sql;
        const rows = typed.map((row) => `(${row.map(fit).join(", ")})`);
        const names = ts.columns ?? types.map((_, i) => `column${i + 1}`);
        const columns = renamedColumns(
          names.map((name, i) => {
            const constants = stringConstants(ts.rows.map((row) => row[i]));
            return { name, type: types[i], ...(constants ? { constants } : {}) };
          }),
        );
        const as = this.aliasSql(ts.alias);
        scope.sources.push({ alias: ts.alias, sql: as, match: [ts.alias.toLowerCase()], columns });
        return `(values ${rows.join(", ")}) as ${as} (${columns.map(columnSql).join(", ")})`;
      }
      case "paren":
        return `(${this.fromItem(ts.source, scope)})`;
      case "join": {
        // A bracketed join on the left is how joins associate anyway: written without its brackets (readers, and
        // sqlfluff's reference checks, see its relations as part of the FROM clause).
        const left = this.fromItem(
          ts.left.kind === "paren" && ts.left.source.kind === "join" ? ts.left.source : ts.left,
          scope,
        );
        if (ts.type === "CROSS APPLY" || ts.type === "OUTER APPLY") {
          this.constructs.add(ts.type);
          const right = this.lateral(ts.right, scope);
          return ts.type === "CROSS APPLY"
            ? `${left}\ncross join lateral ${right}`
            : `${left}\nleft join lateral ${right} on true`;
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
    // A lateral derived table sees the columns of the FROM items before it.
    if (ts.kind === "derived") return this.derivedTable(ts, scope, scope);
    if (ts.kind === "function") return this.functionTable(ts, scope, true);
    return this.fromItem(ts, scope);
  }

  /** `(query) AS alias [(columns)]`, its query read in `outer`, added to `scope`'s sources. */
  private derivedTable(
    ts: Extract<A.TableSource, { kind: "derived" }>,
    scope: Scope,
    outer: Scope | undefined,
  ): string {
    const r = this.query(ts.query, outer);
    const columns = ts.columns
      ? renamedColumns(ts.columns.map((name, i) => ({ name, type: r.columns[i]?.type })))
      : r.columns;
    const as = this.aliasSql(ts.alias);
    scope.sources.push({ alias: ts.alias, sql: as, match: [ts.alias.toLowerCase()], columns });
    const cols = ts.columns ? ` (${columns.map(columnSql).join(", ")})` : "";
    return `(\n${indent(r.sql)}\n) as ${as}${cols}`;
  }

  /**
   * An unaliased table function is named after itself; SQL Server accepts two of them in one FROM (`OPENJSON(…)
   * OUTER APPLY OPENJSON(…)`, docs: json-data-sql-server.md), PostgreSQL needs two names: the second gets a suffix.
   */
  private unusedAlias(name: string, scope: Scope): string {
    const taken = (a: string) => scope.sources.some((s) => s.alias.toLowerCase() === a.toLowerCase());
    let alias = name;
    for (let n = 2; taken(alias); n++) alias = `${name}_${n}`;
    return alias;
  }

  private functionTable(ts: A.FunctionTable, scope: Scope, lateral: boolean): string {
    const fname = ts.call.name[ts.call.name.length - 1]!.toUpperCase();
    const alias = ts.alias ?? this.unusedAlias(ts.call.name[ts.call.name.length - 1]!, scope);
    const as = this.aliasSql(alias);
    if (ts.call.name.length === 1 && fname === "STRING_SPLIT") {
      this.constructs.add("STRING_SPLIT");
      // docs: string-split-transact-sql.md — one row per substring (an empty input is one empty substring, NULL
      // none), the one-character separator matched under the collation; enable_ordinal = 1 adds `ordinal`.
      const [s, sep] = ts.call.args.map((a) => this.expr(a, scope));
      const separator = ts.call.args[1] ? unparen(ts.call.args[1]) : undefined;
      if (separator?.kind === "literal" && separator.type === "string" && [...separator.value].length !== 1)
        this.issue(
          "STRING_SPLIT",
          ts.line,
          "STRING_SPLIT's separator must be one character (SQL Server raises an error)",
        );
      const flag = ts.call.args[2] ? unparen(ts.call.args[2]) : undefined;
      if (flag && !(flag.kind === "literal" && (flag.type === "number" || flag.type === "null")))
        this.issue("STRING_SPLIT", ts.line, "STRING_SPLIT's enable_ordinal must be a constant 0 or 1");
      const ordinal = flag?.kind === "literal" && flag.type === "number" && Number(flag.value) === 1;
      const columns = [
        { name: "value", type: stringSplitValueType(s!.type) },
        ...(ordinal ? [{ name: "ordinal", type: T.bigint }] : []),
      ];
      scope.sources.push({ alias, sql: as, match: [alias.toLowerCase()], columns });
      const text = stringText(s!);
      const parts = `case when length(${text}) = 0 then array[''] else string_to_array(${this.collated({ ...s!, sql: text }, sep!)}, ${sep!.sql}) end`;
      const list = ordinal ? `"__v" as "value", "__o" as "ordinal"` : `"__v" as "value"`;
      return `${lateral ? "" : "lateral "}(select ${list} from unnest(${parts})${ordinal ? " with ordinality" : ""} as "__s" ("__v"${ordinal ? ', "__o"' : ""})) as ${as}`;
    }
    if (ts.call.name.length === 1 && (fname === "OPENJSON" || fname === "GENERATE_SERIES")) {
      this.constructs.add(fname);
      const r =
        fname === "GENERATE_SERIES"
          ? generateSeries(this, ts.call, scope, ts.line)
          : ts.call.args.length < 1 || ts.call.args.length > 2
            ? (this.issue("OPENJSON", ts.line, "OPENJSON takes a JSON expression and an optional path"), undefined)
            : ts.withSchema
              ? openJsonWithSchema(this, ts, scope)
              : openJsonDefault(this, ts.call, scope, ts.line);
      if (r) {
        const columns = ts.columns
          ? renamedColumns(ts.columns.map((name, i) => ({ name, type: r.columns[i]?.type })))
          : r.columns;
        scope.sources.push({ alias, sql: as, match: [alias.toLowerCase()], columns });
        const names = ts.columns ? ` (${columns.map(columnSql).join(", ")})` : "";
        return `${lateral ? "" : "lateral "}(\n${indent(r.sql)}\n) as ${as}${names}`;
      }
      scope.sources.push({ alias, sql: as, match: [alias.toLowerCase()] });
      return `(select) as ${as}`;
    }
    const rel = ts.call.name.length > 1 || !isBuiltinTvf(fname) ? this.ctx.resolver.resolve(ts.call.name) : undefined;
    if (fname === "NODES" && (ts.target || (ts.call.name.length > 1 && rel?.kind !== "function"))) {
      const target = nodesTarget(this, ts, scope);
      const nodes = target ? xmlNodesTable(this, target, ts.call.args, alias, ts.columns, ts.line) : undefined;
      if (nodes) {
        scope.sources.push({ alias, match: [alias.toLowerCase()], columns: nodes.columns });
        return `${lateral ? "" : "lateral "}(\n${indent(nodes.sql)}\n) as ${quoteIdent(alias)}`;
      }
      scope.sources.push({ alias, match: [alias.toLowerCase()] });
      return `(select) as ${quoteIdent(alias)}`;
    }
    if (rel?.kind === "function") {
      this.constructs.add("table-valued function");
      if (ts.call.args.length) {
        const inlined = this.inlineTableFunction(rel, ts, alias, scope);
        if (inlined !== undefined) return `${lateral ? "" : "lateral "}(\n${indent(inlined)}\n) as ${as}`;
        this.issue(
          "table-valued function",
          ts.line,
          `${ts.call.name.join(".")} takes arguments and is not an inline function: per-call arguments cannot be passed to its model`,
        );
      }
      if (rel.key) this.dependsOn.add(rel.key);
      scope.sources.push({
        alias,
        sql: as,
        match: [alias.toLowerCase()],
        ...(rel.columns ? { columns: rel.columns } : {}),
      });
      return `${rel.sql} as ${as}`;
    }
    this.issue("table-valued function", ts.line, `Table-valued function ${ts.call.name.join(".")} is not translated`);
    scope.sources.push({ alias, sql: as, match: [alias.toLowerCase()] });
    return `${quoteIdent(ts.call.name.join("."))} as ${as}`;
  }

  private pivot(ts: A.Pivot, scope: Scope): string {
    this.constructs.add("PIVOT");
    const inner: Scope = { sources: [], ...(scope.parent ? { parent: scope.parent } : {}) };
    const src = this.fromItem(ts.source, inner);
    const all = inner.sources.flatMap((s) => (s.columns ?? []).map((c) => ({ s, c })));
    if (inner.sources.some((s) => !s.columns)) {
      this.issue("PIVOT", ts.line, "PIVOT needs the columns of its source");
      scope.sources.push({ alias: ts.alias, sql: this.aliasSql(ts.alias), match: [ts.alias.toLowerCase()] });
      return `${src} /* PIVOT */ as ${this.aliasSql(ts.alias)}`;
    }
    const agg = ts.aggregate;
    const valueCol = agg.args[0];
    const forName = ts.forColumn.parts[ts.forColumn.parts.length - 1]!.toLowerCase();
    const valueName = valueCol?.kind === "column" ? valueCol.parts[valueCol.parts.length - 1]!.toLowerCase() : "";
    const groupCols = all.filter(({ c }) => c.name.toLowerCase() !== forName && c.name.toLowerCase() !== valueName);
    const forExpr = this.expr(ts.forColumn, inner);
    const value = this.expr(valueCol!, inner);
    const fn = agg.name[agg.name.length - 1]!.toLowerCase();
    // Each pivoted column is the aggregate over `CASE WHEN for_column = value THEN value_column END`, emitted through
    // the function registry so it keeps SQL Server's aggregate types (AVG of int truncates, SUM of int is int) and
    // compares under the column's collation (docs: from-using-pivot-and-unpivot.md).
    const aggType = aggregateType(fn, value.type);
    const columns = renamedColumns([
      ...groupCols.map(({ c }) => c),
      ...ts.values.map((v) => ({ name: v.alias, ...(aggType ? { type: aggType } : {}) })),
    ]);
    const aggs = ts.values.map((v, i) => {
      const key: A.Literal =
        isNumeric(forExpr.type) && /^[-+]?\d+(\.\d*)?$/.test(v.value)
          ? { kind: "literal", type: "number", value: v.value, line: ts.line }
          : { kind: "literal", type: "string", value: v.value, unicode: true, line: ts.line };
      const inside: A.Case = {
        kind: "case",
        whens: [{ when: { kind: "binary", op: "=", left: ts.forColumn, right: key, line: ts.line }, then: valueCol! }],
        line: ts.line,
      };
      const call = this.expr({ ...agg, args: [inside] }, inner);
      return `${call.sql} as ${columnSql(columns[groupCols.length + i]!)}`;
    });
    const keys = groupCols.map(({ s, c }) => `${sourceSql(s)}.${columnSql(c)}`);
    const named = keys.map((k, i) => `${k} as ${columnSql(columns[i]!)}`);
    const as = this.aliasSql(ts.alias);
    scope.sources.push({ alias: ts.alias, sql: as, match: [ts.alias.toLowerCase()], columns });
    return `(\n  select ${[...named, ...aggs].join(", ")}\n  from ${src}${keys.length ? `\n  group by ${keys.join(", ")}` : ""}\n) as ${as}`;
  }

  private unpivot(ts: A.Unpivot, scope: Scope): string {
    this.constructs.add("UNPIVOT");
    const inner: Scope = { sources: [], ...(scope.parent ? { parent: scope.parent } : {}) };
    const src = this.fromItem(ts.source, inner);
    const s = inner.sources[0];
    if (!s?.columns || inner.sources.length !== 1) {
      this.issue("UNPIVOT", ts.line, "UNPIVOT needs a single source with known columns");
      scope.sources.push({ alias: ts.alias, sql: this.aliasSql(ts.alias), match: [ts.alias.toLowerCase()] });
      return `${src} as ${this.aliasSql(ts.alias)}`;
    }
    const lower = ts.columns.map((c) => c.toLowerCase());
    const keep = s.columns.filter((c) => !lower.includes(c.name.toLowerCase()));
    const unpivoted = ts.columns.map(
      (c) => s.columns!.find((x) => x.name.toLowerCase() === c.toLowerCase()) ?? { name: c },
    );
    const valueType = unpivoted.reduce<DataType | undefined>((t, c) => higher(t, c.type), undefined);
    const values = unpivoted.map((c) => `(${quoteString(c.name)}, ${sourceSql(s)}.${columnSql(c)})`).join(", ");
    const columns = renamedColumns([
      ...keep,
      { name: ts.forColumn, type: T.nvarchar(128) },
      { name: ts.valueColumn, ...(valueType ? { type: valueType } : {}) },
    ]);
    const cols = [...keep.map((c) => `${sourceSql(s)}.${columnSql(c)}`), `"__u"."__for"`, `"__u"."__value"`].map(
      (v, i) => `${v} as ${columnSql(columns[i]!)}`,
    );
    const as = this.aliasSql(ts.alias);
    scope.sources.push({
      alias: ts.alias,
      sql: as,
      match: [ts.alias.toLowerCase()],
      columns,
    });
    return `(\n  select ${cols.join(", ")}\n  from ${src}\n  cross join lateral (values ${values}) as "__u" ("__for", "__value")\n  where "__u"."__value" is not null\n) as ${as}`;
  }

  /**
   * An inline table-valued function called with arguments (`CROSS APPLY dbo.f(t.x)`) becomes its own query as a
   * LATERAL subquery, its parameters bound to the arguments as evaluated for each outer row — what SQL Server
   * does when it expands an inline function (docs: create-function-transact-sql.md, "Inline table-valued
   * functions"). Undefined for a multi-statement function, whose body is not one query.
   */
  private inlineTableFunction(rel: Relation, ts: A.FunctionTable, alias: string, scope: Scope): string | undefined {
    const fn = this.ctx.catalog.functions.find((f) => objectKey(f.schema, f.name) === rel.key);
    if (fn?.kind !== "inline_table") return undefined;
    let create: A.Statement | undefined;
    try {
      create = parseBatch(fn.definition, fn.location?.line ?? 1).find((st) => st.kind === "createfunction");
    } catch {
      return undefined;
    }
    if (create?.kind !== "createfunction" || !create.query) return undefined;
    if (create.params.length < ts.call.args.length) {
      this.issue(
        "table-valued function",
        ts.line,
        `${ts.call.name.join(".")} takes ${create.params.length} arguments, not ${ts.call.args.length}`,
      );
      return undefined;
    }
    const bound = new Map<string, VarBinding>();
    create.params.forEach((param, i) => {
      const arg = ts.call.args[i];
      // `DEFAULT` as an argument takes the parameter's default (the parser reads it as a NULL literal spelled DEFAULT).
      const isDefault = arg?.kind === "literal" && arg.type === "null" && /^default$/i.test(arg.value);
      const value = arg && !isDefault ? this.expr(arg, scope) : undefined;
      const sql = value
        ? this.coerceTo(value, arg!, param.type, ts.line).sql
        : param.default
          ? this.expr(param.default, { sources: [] }).sql
          : "null";
      bound.set(param.name.toLowerCase(), { sql: `cast(${sql} as ${pgType(param.type)})`, type: param.type });
    });
    const outerVars = this.vars;
    this.vars = bound;
    try {
      const r = this.query(create.query, undefined);
      scope.sources.push({
        alias,
        sql: this.aliasSql(alias),
        match: [alias.toLowerCase()],
        columns: ts.columns ? ts.columns.map((name, i) => ({ ...r.columns[i], name })) : r.columns,
      });
      return r.sql;
    } finally {
      this.vars = outerVars;
    }
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
          if (this.definingCtes.has(rel)) this.recursiveHit = true;
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
    if (rel.kind === "procedure" || rel.kind === "function")
      this.issue("object reference", line, `${parts.join(".")} is a ${rel.kind}, not a table or view`);
    if (!rel.columns)
      this.issue(
        "unknown columns",
        line,
        `The output columns of ${parts.join(".")} are not known (translate it first)`,
      );
    return rel;
  }

  // ───────────────────────── expressions ─────────────────────────

  /** A boolean-context expression (WHERE, ON, HAVING, WHEN). */
  predicate(e: A.Expr, scope: Scope): string {
    return this.expr(e, scope).sql;
  }

  /**
   * An expression's translation; one longer than `sizeLimit` stops the object's translation (TranslationTooLarge).
   * A string computed from other strings (a function, `+`, CASE, CAST, parentheses) takes their collation by SQL
   * Server's precedence (collationPrecedence): the operands are the expressions translated directly inside it.
   */
  expr(e: A.Expr, scope: Scope): Typed {
    const operands: Typed[] = [];
    this.operandFrames.push(operands);
    this.exprLines.push(e.line);
    let x: Typed;
    try {
      x = this.exprOf(e, scope);
      if (COLLATION_FROM_OPERANDS.has(e.kind) && isString(x.type) && !x.collation && !x.collationConflict)
        x = { ...x, ...this.precedence(operands, operationName(e)) };
      else if ((e.kind === "call" || e.kind === "cast") && !isString(x.type)) this.collationSensitive(e, operands);
    } finally {
      this.operandFrames.pop();
      this.exprLines.pop();
    }
    this.operandFrames.at(-1)?.push(x);
    if (x.sql.length > this.sizeLimit) throw new TranslationTooLarge(e.line, x.sql.length, this.sizeLimit);
    return x;
  }

  /** `fn()` with the expressions it translates kept out of the enclosing expression's operands (OVER's keys). */
  private apart<T>(fn: () => T): T {
    this.operandFrames.push([]);
    try {
      return fn();
    } finally {
      this.operandFrames.pop();
    }
  }

  private exprOf(e: A.Expr, scope: Scope): Typed {
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
        const { sql, type, collation, explicitCollation, collationDerived } = this.expr(e.expr, scope);
        return {
          sql: `(${sql})`,
          ...(type ? { type } : {}),
          ...(collation ? { collation, explicitCollation, collationDerived } : {}),
        };
      }
      case "unary": {
        const x = this.expr(e.operand, scope);
        if (e.op === "NOT") return { sql: `not ${wrap(x.sql)}`, type: T.bit };
        // tinyint is unsigned: ~170 is 85 there, not the -171 of a PostgreSQL smallint.
        if (e.op === "~" && x.type && normalizeName(x.type.name) === "tinyint")
          return { sql: `(255 - ${wrap(x.sql)})::smallint`, type: x.type };
        // ~ of a bit is a bit: 1 becomes 0 (docs: bitwise-not-transact-sql.md, "Result Types").
        if (e.op === "~" && isBit(x.type)) return { sql: `(not ${wrap(x.sql)})`, type: T.bit };
        if (e.op === "~") return { sql: `~${wrap(x.sql)}`, ...(x.type ? { type: x.type } : {}) };
        return {
          sql: `${e.op}${wrap(isBit(x.type) ? `${wrap(x.sql)}::integer` : x.sql)}`,
          ...(x.type ? { type: isBit(x.type) ? T.int : x.type } : {}),
        };
      }
      case "binary":
        return this.binary(e, scope);
      case "between": {
        const x = this.expr(e.expr, scope);
        const lo = this.coerceTo(this.expr(e.low, scope), e.low, x.type, e.line);
        const hi = this.coerceTo(this.expr(e.high, scope), e.high, x.type, e.line);
        if (isString(x.type) && isString(lo.type) && isString(hi.type)) {
          // Two comparisons: blank-padded, under the collation, as `>=` and `<=` are.
          const { clause } = this.stringCollation(x, lo, hi);
          const [v, l, h] = [
            [x, e.expr],
            [lo, e.low],
            [hi, e.high],
          ].map(([t, ast]) => wrap(blankPadded((t as Typed).sql, (t as Typed).type, ast as A.Expr)));
          return { sql: `${v}${clause} ${e.not ? "not between" : "between"} ${l} and ${h}`, type: T.bit };
        }
        return {
          sql: `${wrap(x.sql)} ${e.not ? "not between" : "between"} ${wrap(lo.sql)} and ${wrap(hi.sql)}`,
          type: T.bit,
        };
      }
      case "in": {
        const x = this.expr(e.expr, scope);
        if (e.query) {
          // IN is a chain of = against the subquery's rows, as the list form.
          const q = this.query(e.query, scope);
          return { sql: this.subqueryComparison(x, e.expr, e.not ? "not in" : "in", q), type: T.bit };
        }
        const items = e.list!.map((v) => ({ ast: v, typed: this.coerceTo(this.expr(v, scope), v, x.type, e.line) }));
        if (isString(x.type) && items.every((i) => isString(i.typed.type) || i.typed.sql === "null")) {
          // IN is a chain of =: blank-padded, under the collation.
          const { clause } = this.stringCollation(x, ...items.map((i) => i.typed));
          const list = items.map((i) => blankPadded(i.typed.sql, i.typed.type, i.ast));
          return {
            sql: `${wrap(blankPadded(x.sql, x.type, e.expr))}${clause} ${e.not ? "not in" : "in"} (${list.join(", ")})`,
            type: T.bit,
          };
        }
        const list = items.map((i) => i.typed.sql);
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
        const quantifier = e.quantifier === "SOME" ? "any" : e.quantifier.toLowerCase();
        return { sql: this.subqueryComparison(x, e.left, `${e.op} ${quantifier}`, q), type: T.bit };
      }
      case "case":
        return this.caseExpr(e, scope);
      case "call":
        return this.call(e, scope);
      case "cast":
        return this.cast(e, scope);
      case "collate": {
        this.constructs.add("COLLATE");
        const inner = this.expr(e.expr, scope);
        // docs: collation-precedence-transact-sql.md: "You cannot have multiple COLLATE clauses on an expression
        // that is already an explicit expression" (`('abc' COLLATE French_CI_AS) COLLATE French_CS_AS`).
        if (unparen(e.expr).kind === "collate")
          this.issue(
            "COLLATE",
            e.line,
            "A second COLLATE on an expression that already has one: SQL Server refuses it",
          );
        const pg = pgCollation(e.collation);
        if (!pg) {
          this.issue("COLLATE", e.line, `Collation ${e.collation} has no PostgreSQL equivalent here`);
          return inner;
        }
        return {
          sql: `${wrap(inner.sql)} ${collateClause(pg)}`,
          ...(inner.type ? { type: inner.type } : {}),
          collation: pg,
          explicitCollation: true,
        };
      }
      case "method":
        return this.xmlMethodCall(e.target, e.method, e.args, e.line, scope);
      case "attimezone": {
        this.constructs.add("AT TIME ZONE");
        const zone = unparen(e.zone);
        const value = this.expr(e.expr, scope);
        const constant =
          zone.kind === "literal" && zone.type === "string" ? zone.value : stringConstant(this.expr(e.zone, scope));
        return atTimeZone(this, value, constant, e.line);
      }
    }
  }

  private literal(e: A.Literal): Typed {
    switch (e.type) {
      case "string": {
        const len = Math.max(e.value.length, 1);
        return { sql: quoteString(e.value), type: e.unicode ? T.nvarchar(len) : T.varchar(len) };
      }
      case "number": {
        const type = numberLiteralType(e.value);
        // An integer constant too large for int is decimal in T-SQL; PostgreSQL would read it as bigint and divide
        // as integers.
        if (isExact(type) && /^[-+]?\d+$/.test(e.value)) return { sql: `${e.value}::numeric`, type };
        // A constant with an exponent is float in T-SQL (constants-transact-sql.md); PostgreSQL reads it as numeric.
        if (isApprox(type)) return { sql: `${e.value}::double precision`, type };
        return { sql: e.value, type };
      }
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
      // The first day of the week in force here: the translator follows SET DATEFIRST and SET LANGUAGE statement by
      // statement, from us_english's 7 (docs: datefirst-transact-sql.md; tinyint, smallint on PostgreSQL).
      if (name === "DATEFIRST") return { sql: `${this.dateFirst}::smallint`, type: { name: "tinyint" } };
      this.issue(`@@${name}`, e.line, `@@${name} has no equivalent in a dbt model`);
      return { sql: "null" };
    }
    const v = this.vars.get(e.name.toLowerCase());
    if (!v) {
      this.issue("variables", e.line, `Variable @${e.name} is not declared`);
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
      if (hits.length > 1)
        this.issue("ambiguous column", e.line, `Column ${colName} is in ${hits.map((h) => h.alias).join(" and ")}`);
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
    // A column reference has the implicit label of the column's collation (docs: collation-precedence-transact-
    // sql.md). A table's text columns reach the model through its staging model, which declares it; a view's,
    // procedure's, function's or temp table's column without a recorded one has the database default, which
    // PostgreSQL may not know it by (a literal selected there), so comparisons write it out.
    const kind = src.relation?.kind;
    const stored = kind === "view" || kind === "procedure" || kind === "function" || kind === "temp";
    const declared =
      col && isString(col.type) && (col.collation || kind === "table" || stored)
        ? columnPgCollation(col.collation ?? this.ctx.catalog.collation)
        : undefined;
    const derived = declared && (col!.collationDerived || (!col!.collation && stored));
    const own = col ? columnSql(col) : quoteIdent(name);
    const qualified = src.bare ? own : `${sourceSql(src)}.${own}`;
    return {
      sql: qualified,
      column: col?.name ?? name,
      ...(src.relation ? { relation: src.relation } : {}),
      ...(col?.type ? { type: col.type } : {}),
      ...(declared ? { collation: declared, ...(derived ? { collationDerived: true } : {}) } : {}),
      ...(col?.constants ? { constants: col.constants } : {}),
    };
  }

  private subquery(e: A.Subquery, scope: Scope): Typed {
    const q = e.query;
    if (
      q.for?.kind === "xml" &&
      q.for.mode === "PATH" &&
      q.for.element === "" &&
      q.for.root === undefined &&
      q.body.kind === "select" &&
      this.isConcatenation(q.body)
    ) {
      return this.forXmlConcat(q, q.body, scope, !q.for.type);
    }
    if (q.for) return this.forClauseValue(q, scope);
    const r = this.query(q, scope);
    const [column] = r.columns;
    // Its value has the collation of the column it selects, written out where it is compared.
    const collation =
      column?.collation && isString(column.type)
        ? { collation: columnPgCollation(column.collation), collationDerived: true }
        : {};
    return { sql: `(\n${indent(r.sql)}\n)`, ...(column?.type ? { type: column.type } : {}), ...collation };
  }

  /** `(SELECT ',' + x FROM … FOR XML PATH(''))` → `(select string_agg(…, '' order by …) from …)`. */
  /** One unnamed (or `text()`) expression and no grouping: FOR XML PATH('') only concatenates its values. */
  private isConcatenation(core: A.SelectCore): boolean {
    const only = core.items.length === 1 ? core.items[0]! : undefined;
    return (
      !!only &&
      only.kind === "expr" &&
      ["", "text()", undefined].includes(only.alias) &&
      !core.groupBy.length &&
      !core.top
    );
  }

  private forXmlConcat(q: A.Query, core: A.SelectCore, scope: Scope, escape: boolean): Typed {
    this.constructs.add("FOR XML PATH('')");
    const only = core.items.length === 1 ? core.items[0]! : undefined;
    if (
      !only ||
      only.kind !== "expr" ||
      !["", "text()", "data()", undefined].includes(only.alias) ||
      core.groupBy.length ||
      core.top
    ) {
      this.issue(
        "FOR XML",
        q.line,
        "Only FOR XML PATH('') over one unnamed string expression is translated (string concatenation)",
      );
      return { sql: "null" };
    }
    const item = core.items[0] as { expr: A.Expr };
    const inner: Scope = { sources: [], parent: scope };
    const from = core.from.map((ts) => this.fromItem(ts, inner));
    const value = this.expr(item.expr, inner);
    let v = isString(value.type) ? value.sql : `(${value.sql})::text`;
    if (escape) v = `replace(replace(replace(${v}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;
    const order = q.orderBy.length ? ` order by ${this.orderBy(q.orderBy, inner, [], core)}` : "";
    let sql = `select string_agg(${v}, ''${order}) as ${columnSql(forClauseColumn("xml"))}`;
    if (from.length) sql += ` from ${from.join(", ")}`;
    if (core.where) sql += ` where ${this.predicate(core.where, inner)}`;
    return { sql: `(${sql})`, type: T.nvarchar("max") };
  }

  caseExpr(e: A.Case, scope: Scope): Typed {
    const operand = e.operand ? this.expr(e.operand, scope) : undefined;
    const results = e.whens.map((w) => this.expr(w.then, scope));
    const els = e.else ? this.expr(e.else, scope) : undefined;
    const all = els ? [...results, els] : results;
    const type = all.reduce<DataType | undefined>((t, r) => unionType(t, r.type), undefined);
    const fit = (r: Typed) =>
      type && needsCast(r.type, type) && r.sql !== "null" ? `cast(${r.sql} as ${pgType(type)})` : r.sql;
    const whens = e.whens.map((w, i) => {
      const cond = operand
        ? this.compare("=", operand, w.when, this.expr(w.when, scope), e.operand!, scope, w.when.line).sql
        : this.predicate(w.when, scope);
      return `when ${cond} then ${fit(results[i]!)}`;
    });
    return {
      sql: `case ${whens.join(" ")}${els ? ` else ${fit(els)}` : ""} end`,
      ...(type ? { type } : {}),
      // CASE is collation-insensitive: its results combine by precedence, a conflict is left to the CASE's use.
      ...(isString(type) ? this.precedence(all, "CASE") : {}),
    };
  }

  private binary(e: A.Binary, scope: Scope): Typed {
    if (e.op === "AND" || e.op === "OR") {
      return {
        sql: `${wrap(this.predicate(e.left, scope))} ${e.op.toLowerCase()} ${wrap(this.predicate(e.right, scope))}`,
        type: T.bit,
      };
    }
    // `a << n` and `a >> n` are the operators of LEFT_SHIFT and RIGHT_SHIFT (docs: left-shift-transact-sql.md).
    if (e.op === "<<" || e.op === ">>") {
      const name = e.op === "<<" ? "LEFT_SHIFT" : "RIGHT_SHIFT";
      return this.expr({ kind: "call", name: [name], args: [e.left, e.right], line: e.line }, scope);
    }
    const left = this.expr(e.left, scope);
    const right = this.expr(e.right, scope);
    if (["=", "<>", "<", ">", "<=", ">="].includes(e.op))
      return this.compare(e.op, left, e.right, right, e.left, scope, e.line);
    // IS [NOT] DISTINCT FROM treats two NULLs as equal and NULL vs a value as different (docs:
    // is-distinct-from-transact-sql.md) — PostgreSQL's operator of the same name has the same meaning.
    if (e.op === "IS DISTINCT FROM" || e.op === "IS NOT DISTINCT FROM")
      return this.compare(e.op.toLowerCase(), left, e.right, right, e.left, scope, e.line);
    if (["&", "|", "^"].includes(e.op)) return this.bitwise(e, left, right);
    return this.arithmetic(e.op, left, right, e);
  }

  /**
   * `&`, `|`, `^` over integers (docs: bitwise-and-, bitwise-or-, bitwise-exclusive-or-transact-sql.md). One operand
   * may be binary or varbinary: it is read as the other operand's integer type (0x0F & 3 is 3).
   */
  private bitwise(e: A.Binary, l: Typed, r: Typed): Typed {
    let left = l;
    let right = r;
    if (isBinary(left.type) || isBinary(right.type)) {
      const other = isBinary(left.type) ? right : left;
      if (!isInteger(other.type)) {
        this.issue("bitwise operator", e.line, `${e.op} with a binary operand needs an integer on the other side`);
        return { sql: "null" };
      }
      if (isBinary(left.type)) left = this.convert(left, other.type!, undefined, e.line);
      else right = this.convert(right, other.type!, undefined, e.line);
    }
    {
      const type = arithmeticType("+", left.type, right.type);
      const op = e.op === "^" ? "#" : e.op;
      const asInt = (x: Typed) => (isBit(x.type) ? `${wrap(x.sql)}::integer` : wrap(x.sql));
      const sql = `${asInt(left)} ${op} ${asInt(right)}`;
      return isBit(left.type) && isBit(right.type)
        ? { sql: `(${sql}) <> 0`, type: T.bit }
        : { sql, ...(type ? { type } : {}) };
    }
  }

  arithmetic(op: string, leftOperand: Typed, rightOperand: Typed, e: A.Binary): Typed {
    // binary meeting an integer type converts to it (docs: data-type-precedence-transact-sql.md, binary is lowest).
    const bytesAs = (x: Typed, other: Typed): Typed =>
      isBinary(x.type) && isInteger(other.type) ? this.convert(x, other.type!, undefined, e.line) : x;
    const left = bytesAs(leftOperand, rightOperand);
    const right = bytesAs(rightOperand, leftOperand);
    const ls = isString(left.type) || (left.type === undefined && left.sql.startsWith("'"));
    const rs = isString(right.type) || (right.type === undefined && right.sql.startsWith("'"));
    if (
      op === "+" &&
      (ls || rs) &&
      !isNumeric(left.type) &&
      !isNumeric(right.type) &&
      !isDateTime(left.type) &&
      !isDateTime(right.type)
    ) {
      this.constructs.add("string concatenation");
      if (left.type === undefined && right.type === undefined && left.sql !== "null" && right.sql !== "null")
        this.issue("string concatenation", e.line, "Cannot tell string + from numeric + (unknown types)");
      if (!this.concatNullYieldsNull) {
        // CONCAT_NULL_YIELDS_NULL OFF: a NULL operand counts as '' (two NULLs stay NULL).
        const sql = `case when ${wrap(left.sql)} is null and ${wrap(right.sql)} is null then null else coalesce(${left.sql}, '') || coalesce(${right.sql}, '') end`;
        return { sql, type: concatType(left.type ?? right.type, right.type ?? left.type) };
      }
      // char(n) operands keep their blank padding; two non-max operands give a non-max result that SQL Server
      // cuts at 8,000 bytes (4,000 characters of nvarchar) — docs: string-concatenation-transact-sql.md.
      const type = concatType(left.type ?? right.type, right.type ?? left.type);
      const sql = `${wrap(stringText(left))} || ${wrap(stringText(right))}`;
      const whole =
        typeof left.type?.length === "number" && typeof right.type?.length === "number"
          ? left.type.length + right.type.length
          : undefined;
      return {
        sql:
          typeof type.length === "number" && whole !== undefined && whole > type.length
            ? `left(${sql}, ${type.length})`
            : sql,
        type,
      };
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
      // tinyint and smallint arithmetic is done in int (no smallint overflow at 32,767).
      if (type && isInteger(type) && x.type && ["smallint", "tinyint"].includes(normalizeName(x.type.name)))
        return `${wrap(x.sql)}::${pgType(type)}`;
      if (type && isApprox(type) && !sameName(x.type, type)) return `${wrap(x.sql)}::${pgType(type)}`;
      // A string meeting a number converts to it as CAST would ('' is 0, money takes '$1,000').
      if (isString(x.type) && t) return wrap(this.convert(x, t, undefined, e.line).sql);
      return wrap(x.sql);
    };
    const pgOp = op === "%" ? "%" : op;
    let sql = `${cast(left, type)} ${pgOp} ${cast(right, type)}`;
    if (op === "/" && type && isApprox(type) === false && (isExact(type) || isMoney(type))) {
      this.constructs.add("decimal division");
      sql = `(${sql})::${pgType(type)}`;
    } else if (op === "*" && isMoney(type) && isMoney(left.type) && isMoney(right.type))
      sql = `(${sql})::numeric(19,4)`;
    // decimal × decimal has scale s1 + s2 only up to 38 digits of precision: beyond, SQL Server rounds to the
    // capped scale (docs: precision-scale-and-length-transact-sql.md).
    else if (
      op === "*" &&
      isExact(type) &&
      (type!.scale ?? 0) < (asDecimal(left.type ?? type!)?.s ?? 0) + (asDecimal(right.type ?? type!)?.s ?? 0)
    )
      sql = `(${sql})::${pgType(type!)}`;
    return { sql, ...(type ? { type } : {}) };
  }

  private compare(
    op: string,
    left: Typed,
    rightAst: A.Expr,
    right: Typed,
    leftAst: A.Expr,
    _scope: Scope,
    line: number,
  ): Typed {
    const nullable = (x: A.Expr) => {
      const u = unparen(x);
      return (u.kind === "literal" && u.type === "null") || u.kind === "variable";
    };
    if (this.ansiNullsSetInBody && (op === "=" || op === "<>") && (nullable(leftAst) || nullable(rightAst))) {
      this.issue(
        "SET ANSI_NULLS",
        line,
        `SET ANSI_NULLS ${this.ansiNullsSetInBody} inside a procedure does not apply (SQL Server keeps the setting the procedure was created with), yet it decides ${op} against a NULL variable or literal`,
      );
    }
    const l = this.coerceTo(left, leftAst, right.type, line);
    const r = this.coerceTo(right, rightAst, left.type, line);
    const dated = compareDateTimes(this, op, l, r, line);
    if (dated) return dated;
    let ls = l.sql;
    let rs = r.sql;
    if (isBit(l.type) !== isBit(r.type) && (isBit(l.type) || isBit(r.type)) && l.type && r.type) {
      // boolean vs number: compare as integers.
      if (isBit(l.type)) ls = `${wrap(ls)}::integer`;
      else rs = `${wrap(rs)}::integer`;
    }
    if (isString(l.type) && isString(r.type)) {
      // SQL Server pads the shorter string with blanks before comparing ('a' = 'a  '), under the collation.
      const { clause } = this.stringCollation(l, r);
      return {
        sql: `${wrap(blankPadded(ls, l.type, leftAst))}${clause} ${op} ${wrap(blankPadded(rs, r.type, rightAst))}`,
        type: T.bit,
      };
    }
    return { sql: `${wrap(ls)} ${op} ${wrap(rs)}`, type: T.bit };
  }

  /**
   * The collation a string comparison or search runs under, by SQL Server's collation precedence: an explicit
   * COLLATE, then a column's declared collation, else the database default (case-insensitive, accent-sensitive).
   * `clause` is what to write after the first operand so PostgreSQL uses it: nothing when an operand already
   * carries it (an explicit `collate` in its text, or a column the staging model declared with it).
   */
  stringCollation(...operands: Typed[]): { pg: PgCollation; clause: string } {
    const combined = this.precedence(operands, "a comparison");
    if (combined.collationConflict) this.conflict(combined.collationConflict.collations, "a comparison");
    const chosen = operands.find((x) => x.collation && x.explicitCollation) ?? operands.find((x) => x.collation);
    const pg = chosen?.collation ?? this.databaseCollation();
    // A collation derived from operands is written out: PostgreSQL derives the same one, except through a
    // function whose translation picks a collation of its own inside (a regular expression under "C").
    const inText = chosen !== undefined && (chosen.explicitCollation || !chosen.collationDerived);
    return { pg, clause: inText ? "" : ` ${collateClause(pg)}` };
  }

  /**
   * The database's default collation: what a literal or variable (coercible-default) compares under, and a column
   * without its own has (docs: collation-precedence-transact-sql.md; create-database-transact-sql.md, COLLATE).
   */
  databaseCollation(): PgCollation {
    return columnPgCollation(this.ctx.catalog.collation);
  }

  /**
   * `operands` combined by SQL Server's collation precedence (collationPrecedence); two different explicit
   * collations are an error wherever they meet.
   */
  private precedence(operands: Typed[], operation: string, line?: number): Precedence {
    const { explicitConflict, ...combined } = collationPrecedence(operands);
    if (explicitConflict) this.conflict(explicitConflict, operation, line);
    return combined;
  }

  /**
   * SQL Server refuses the object: two collations met where it must choose one (docs:
   * collation-precedence-transact-sql.md, errors 468 and 451: "Cannot resolve the collation conflict between …").
   * Only a COLLATE clause would decide, so nothing here may pick one and build the model as if it were fine.
   */
  conflict(collations: [string, string], operation: string, line?: number): void {
    line ??= this.exprLines.at(-1);
    this.issue(
      "collation conflict",
      line,
      `Cannot resolve the collation conflict between "${collations[0]}" and "${collations[1]}" in ${operation}: SQL Server refuses this object (a COLLATE clause on one side would decide)`,
    );
  }

  /**
   * A call or conversion whose result is not a string, over an operand without a collation: the string functions
   * and CAST/CONVERT are collation-sensitive (docs: collation-precedence-transact-sql.md, "Functions and
   * Collation": error 446 for PATINDEX over a no-collation CASE); COUNT only counts.
   */
  private collationSensitive(e: A.Call | A.Cast, operands: Typed[]): void {
    const none = operands.find((o) => o.collationConflict);
    if (!none) return;
    const name = e.kind === "cast" ? e.fn : e.name.join(".").toUpperCase();
    if (!COLLATION_INSENSITIVE.has(name)) this.conflict(none.collationConflict!.collations, name);
  }

  /**
   * A value as SQL Server compares it for sameness and order (GROUP BY, DISTINCT, UNION/INTERSECT/EXCEPT,
   * PARTITION BY, COUNT(DISTINCT), ORDER BY): a string blank-padded — varchar read as bpchar, which ignores
   * trailing blanks and keeps the value as stored — under its collation (stringCollation); anything else as is.
   */
  comparableKey(x: Typed): string {
    if (!isString(x.type)) return x.sql;
    return this.collated({ ...x, sql: isVaryingString(x.type) ? `${wrap(x.sql)}::bpchar` : x.sql });
  }

  /**
   * `x <op> (subquery)` for IN and the quantified comparisons (`= ANY`, `<> ALL`, `> SOME`): a string compares
   * with each row as `=` and `<` do, blank-padded under the collation (docs: some-any-transact-sql.md,
   * all-transact-sql.md: the comparison operator applied to every row).
   */
  private subqueryComparison(x: Typed, xAst: A.Expr, op: string, q: Emitted): string {
    const col = q.columns.length === 1 ? q.columns[0]! : undefined;
    if (!isString(x.type) || !col || !isString(col.type)) return `${wrap(x.sql)} ${op} (\n${indent(q.sql)}\n)`;
    const inner: Typed = { ...typedColumn(col), sql: `"__rows".${columnSql(col)}` };
    const { clause } = this.stringCollation(x, inner);
    const rows = `select rtrim(${inner.sql})\nfrom (\n${indent(q.sql)}\n) as "__rows"`;
    return `${wrap(blankPadded(x.sql, x.type, xAst))}${clause} ${op} (\n${indent(rows)}\n)`;
  }

  /** `x` with the string collation of the call applied (see stringCollation), for functions that search text. */
  collated(x: Typed, ...others: Typed[]): string {
    const { clause } = this.stringCollation(x, ...others);
    return clause ? `${wrap(x.sql)}${clause}` : x.sql;
  }

  /** Literal operands take the other side's type, as T-SQL's implicit conversion does. */
  coerceTo(x: Typed, ast: A.Expr, target: DataType | undefined, line: number): Typed {
    if (!target) return x;
    const lit = unparen(ast);
    if (lit.kind !== "literal") {
      if (isString(x.type) && isNumeric(target) && !isBit(target))
        return { sql: `${wrap(x.sql)}::${pgType(target)}`, type: target };
      // A variable bound to a string constant converts as the constant would.
      const constant = isString(x.type) && dateKind(target) ? stringConstant(x) : undefined;
      if (constant !== undefined) return this.dateTimeString(x, constant, target, line);
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
    if (dateKind(target) && lit.type === "string") return this.dateTimeString(x, lit.value, target, line);
    if (isNumeric(target) && lit.type === "string") {
      if (/^\s*[-+]?(\d+\.?\d*|\.\d+)\s*$/.test(lit.value))
        return { sql: lit.value.trim(), type: numberLiteralType(lit.value.trim()) };
      this.issue(
        "implicit conversion",
        line,
        `${quoteString(lit.value)} would not convert to ${normalizeName(target.name)}`,
      );
    }
    return x;
  }

  /**
   * Month and day names, and the default culture, follow SET LANGUAGE (set-language-transact-sql.md); the
   * translator knows only us_english's, so under another language what reads or writes them is a review item.
   */
  languageNames(line: number, what: string): void {
    if (this.language)
      this.issue("SET LANGUAGE", line, `${what} under SET LANGUAGE ${this.language} is not translated`);
  }

  /**
   * A date string read under SET LANGUAGE: with the language's month names when it holds a word other than AM/PM;
   * and a leading four-digit year read as datetime/smalldatetime under a day-before-month order, which the docs
   * show both ways (isdate-transact-sql.md: '2008/04/15' is a date under Italian; the translator, like the
   * ingester, reads the month and day after such a year in DATEFORMAT's order).
   */
  languageReads(text: string, kind: string | undefined, line: number): void {
    if (!this.language) return;
    const words = text
      .replace(/[ap]m/gi, "")
      .replace(/(\d)t(\d)/gi, "$1$2")
      .replace(/z\s*$/i, "");
    if (/[a-z]/i.test(words)) this.languageNames(line, `Reading the date string '${text}'`);
    else if (
      (kind === "datetime" || kind === "smalldatetime") &&
      this.dateFormat.indexOf("d") < this.dateFormat.indexOf("m") &&
      /^\s*\d{4}[/.-]\d{1,2}[/.-]\d/.test(text) &&
      !/^\s*\d{4}-\d{2}-\d{2}t/i.test(text)
    )
      this.languageNames(
        line,
        `Reading '${text}' (a leading year, then day and month as DATEFORMAT ${this.dateFormat} orders them)`,
      );
  }

  /** A string constant read as a date/time type under the session's DATEFORMAT; what SQL Server rejects is flagged. */
  private dateTimeString(x: Typed, text: string, target: DataType, line: number): Typed {
    this.languageReads(text, dateKind(target), line);
    const c = dateTimeConstant(this, text, target);
    if (!("error" in c)) return c;
    this.issue(
      "datetime literal",
      line,
      `SQL Server cannot convert it to ${typeToString(target)}: ${c.error} (SET DATEFORMAT ${this.dateFormat})`,
    );
    return x;
  }

  /**
   * The value stored by DECLARE/SET/SELECT @v = x or an UPDATE of a typed column: SQL Server's implicit conversion
   * to the declared type (date/time values and string constants as SQL Server reads them, the rest a cast).
   */
  assignTo(x: Typed, target: DataType, line: number): Typed {
    if (x.sql === "null")
      return {
        sql: `cast(null as ${dateKind(target) === "datetimeoffset" ? "text" : pgType(target)})`,
        type: dateKind(target) === "datetimeoffset" ? withOffsetText(target) : target,
      };
    if (dateKind(target) && (dateKind(x.type) || isString(x.type) || x.type === undefined)) {
      // A string constant is read as SQL Server reads it (a date/time value held as text is not a string).
      const constant = dateKind(x.type) ? undefined : stringConstant(x);
      if (constant !== undefined)
        return this.dateTimeString(
          { sql: `cast(${x.sql} as ${pgType(target)})`, type: target },
          constant,
          target,
          line,
        );
      if (dateKind(x.type)) return convertDateTime(this, x, target, line);
    }
    if (dateKind(target) && isNumeric(x.type)) return this.toDateTime(x, target, undefined, line);
    if (sameType(x.type, target)) return { sql: x.sql, type: target };
    if (isXml(target) && isString(x.type)) return this.convert(x, target, undefined, line);
    // Assignment converts by the rules CAST follows (docs: cast-and-convert-transact-sql.md, "Implicit conversions"
    // and "Truncating and rounding results": 2.7 assigned to an int is 2, 123456 to a binary(2) is 0xE240). A string
    // kept in a string variable stays a cast, the form later readers recognise as a constant.
    if (
      x.type &&
      (isNumeric(target) ||
        isBinary(target) ||
        normalizeName(target.name) === "uniqueidentifier" ||
        (isString(target) && !isString(x.type)))
    )
      return this.convert(x, target, undefined, line);
    return { sql: `cast(${x.sql} as ${pgType(target)})`, type: target };
  }

  private like(e: A.Like, scope: Scope): Typed {
    const x = this.expr(e.expr, scope);
    const pat = unparen(e.pattern);
    const escape = e.escape ? unparen(e.escape) : undefined;
    const esc = escape?.kind === "literal" && escape.type === "string" ? escape.value : undefined;
    if (e.escape && esc === undefined) this.issue("LIKE", e.line, "LIKE … ESCAPE with a non-literal escape character");
    const patternUnicode =
      pat.kind === "literal" && pat.type === "string" ? !!pat.unicode : isUnicode(this.expr(e.pattern, scope).type);
    // ASCII LIKE (no Unicode argument) ignores the value's trailing blanks; Unicode LIKE counts them
    // (docs: like-transact-sql.md, "Pattern matching by using LIKE": char(30) 'Robert King' LIKE '% King').
    const ascii =
      isString(x.type) && !isUnicode(x.type) && !patternUnicode && !(escape?.kind === "literal" && escape.unicode);
    const text = isString(x.type) || x.type === undefined ? x.sql : `(${x.sql})::text`;
    const subject = ascii ? `rtrim(${text})` : text;
    // LIKE compares under the collation (case-insensitive by default). PostgreSQL 18's LIKE honours a
    // nondeterministic collation; ILIKE and regular expressions refuse one, so bracket classes run as a regex
    // under the database's deterministic collation, with the `i` flag where the collation ignores case.
    const p = pat.kind === "literal" && pat.type === "string" ? undefined : this.expr(e.pattern, scope);
    const { pg, clause } = this.stringCollation({ ...x, sql: subject }, ...(p ? [p] : []));
    const collatedSubject = clause ? `${wrap(subject)}${clause}` : subject;
    if (pat.kind === "literal" && pat.type === "string") {
      // An escape character with nothing after it makes the pattern invalid: LIKE is false (docs: like-transact-sql.md).
      if (esc !== undefined && danglingEscape(pat.value, esc))
        return {
          sql: `case when ${wrap(subject)} is null then null else ${e.not ? "true" : "false"} end`,
          type: T.bit,
        };
      if (likeNeedsRegex(pat.value)) {
        this.constructs.add("LIKE brackets");
        if (pg.accentInsensitive)
          this.issue(
            "LIKE",
            e.line,
            `LIKE with a [] class under the accent-insensitive collation ${pg.name} has no PostgreSQL form (regular expressions compare accents)`,
          );
        const re = likeToRegex(pat.value, esc, collationOrder(pg));
        const op = pg.caseInsensitive ? (e.not ? "!~*" : "~*") : e.not ? "!~" : "~";
        return { sql: `${wrap(subject)} collate "default" ${op} ${quoteString(re)}`, type: T.bit };
      }
      // T-SQL's LIKE has no default escape character; PostgreSQL's is backslash.
      let pattern = pat.value;
      let escClause = "";
      if (esc !== undefined) escClause = ` escape ${quoteString(esc)}`;
      else if (pattern.includes("\\")) pattern = pattern.replaceAll("\\", "\\\\");
      return {
        sql: `${wrap(collatedSubject)} ${e.not ? "not like" : "like"} ${quoteString(pattern)}${escClause}`,
        type: T.bit,
      };
    }
    this.constructs.add("LIKE (non-literal pattern)");
    // PostgreSQL's LIKE has no [ ] classes: a pattern that turns out to hold one fails instead of matching '['. A
    // char(n) pattern keeps its blank padding, which LIKE matches (docs: like-transact-sql.md, FindEmployee).
    const pattern = stringText(p!);
    const test = `${wrap(collatedSubject)} ${e.not ? "not like" : "like"} ${wrap(pattern)} escape ${esc !== undefined ? quoteString(esc) : "''"}`;
    return { sql: runtimeLikeGuard(pattern, test, "LIKE"), type: T.bit };
  }

  private call(e: A.Call, scope: Scope): Typed {
    if (e.name.length > 1) return this.udfCall(e, scope);
    const name = e.name[0]!.toLowerCase();
    const def = lookupFunction(name);
    if (!def) {
      this.issue(functionConstruct(name), e.line, `Function ${e.name.join(".")} is not translated`);
      return { sql: "null" };
    }
    if (def.construct) this.constructs.add(def.construct);
    const [min, max] = def.arity;
    if (e.args.length < min || e.args.length > max) {
      const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      this.issue(
        functionConstruct(name),
        e.line,
        `${name.toUpperCase()} takes ${expected} argument${expected === "1" ? "" : "s"}, not ${e.args.length}`,
      );
      return { sql: "null" };
    }
    // Arguments are translated on demand, each once: a date part is a keyword, not an expression to translate.
    const translated: Typed[] = [];
    const arg = (i: number) => (translated[i] ??= this.expr(e.args[i]!, scope));
    const args = () => e.args.map((_, i) => arg(i));
    return def.emit({
      em: this,
      call: e,
      scope,
      name,
      line: e.line,
      args,
      arg,
      over: e.over ? this.over(e.over, scope) : "",
      distinct: e.distinct ? "distinct " : "",
    });
  }

  /**
   * `partition by …`: SQL Server partitions strings as it groups them, blank-padded under the collation
   * (comparableKey), as GROUP BY's keys are.
   */
  partitionBy(keys: A.Expr[], scope: Scope): string {
    return `partition by ${keys.map((x) => this.comparableKey(this.expr(x, scope))).join(", ")}`;
  }

  private over(o: A.Over, scope: Scope): string {
    return this.apart(() => this.overClause(o, scope));
  }

  private overClause(o: A.Over, scope: Scope): string {
    const parts: string[] = [];
    if (o.partitionBy.length) parts.push(this.partitionBy(o.partitionBy, scope));
    if (o.orderBy.length) parts.push(`order by ${this.orderBy(o.orderBy, scope, [], undefined)}`);
    if (o.frame) parts.push(o.frame.toLowerCase());
    return ` over (${parts.join(" ")})`;
  }

  /**
   * An xml method call. `(SELECT … FOR XML PATH(''), TYPE).value('.', 'nvarchar(max)')` — the concatenation idiom —
   * reads the string value of the concatenated text nodes: the concatenation itself, unescaped.
   */
  private xmlMethodCall(target: A.Expr, method: string, args: A.Expr[], line: number, scope: Scope): Typed {
    const t = unparen(target);
    const path = args[0] ? unparen(args[0]) : undefined;
    const typeArg = args[1] ? unparen(args[1]) : undefined;
    if (
      method.toLowerCase() === "value" &&
      t.kind === "subquery" &&
      t.query.for?.kind === "xml" &&
      t.query.for.mode === "PATH" &&
      t.query.for.element === "" &&
      t.query.for.type &&
      t.query.for.root === undefined &&
      t.query.body.kind === "select" &&
      path?.kind === "literal" &&
      path.type === "string" &&
      [".", "text()[1]", "(text())[1]", "(./text())[1]", "./text()[1]"].includes(path.value.replace(/\s+/g, "")) &&
      typeArg?.kind === "literal" &&
      typeArg.type === "string" &&
      /^n?(var)?char\b/i.test(typeArg.value.trim())
    ) {
      const text = this.forXmlConcat(t.query, t.query.body, scope, false);
      let type: DataType | undefined;
      try {
        type = parseDataType(typeArg.value);
      } catch {
        type = undefined;
      }
      if (type) return this.convert(text, type, undefined, line, target);
    }
    return xmlMethod(this, this.expr(target, scope), method, args, line);
  }

  private udfCall(e: A.Call, scope: Scope): Typed {
    const fn = this.ctx.resolver.resolveFunction(e.name);
    if (!fn) {
      const method = e.name[e.name.length - 1]!.toLowerCase();
      // `col.value(…)` / `t.col.query(…)`: an xml method on a column, written like a qualified function name.
      if (["value", "nodes", "query", "exist", "modify"].includes(method))
        return this.xmlMethodCall(
          { kind: "column", parts: e.name.slice(0, -1), line: e.line },
          method,
          e.args,
          e.line,
          scope,
        );
      this.issue("unknown object", e.line, `Function ${e.name.join(".")} is not in the catalog`);
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
    if (e.style && styleNo === undefined)
      this.issue("CONVERT", e.line, "CONVERT with a non-literal style is not translated");
    if (e.fn === "PARSE" || e.fn === "TRY_PARSE") return this.parse(e, x, target);
    const tryFn = e.fn === "TRY_CAST" || e.fn === "TRY_CONVERT";
    this.constructs.add(tryFn ? e.fn : e.fn === "CONVERT" ? (e.style ? "CONVERT style" : "CONVERT") : "CAST");
    if (x.sql === "null") return { sql: `cast(null as ${pg})`, type: target };

    // Guarded casts: only strings can fail to convert.
    if (tryFn && isString(src)) {
      let pattern: string | undefined;
      if (isInteger(target)) pattern = "^\\s*[-+]?\\d+\\s*$";
      else if (isExact(target) || isMoney(target) || isApprox(target))
        pattern = "^\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*$";
      if (isApprox(target) === false && (isExact(target) || isMoney(target)))
        pattern = "^\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)\\s*$";
      if (isMoney(target)) pattern = MONEY_TEXT;
      // A blank string is 0 for every number type but decimal/numeric.
      if (pattern && !(isExact(target) && !isMoney(target))) pattern = `^ *$|${pattern}`;
      if (pattern) {
        // A string constant is cast from text: PostgreSQL reads an untyped literal's cast while parsing, before a
        // CASE could skip it.
        const constant = lit.kind === "literal" && lit.type === "string";
        const inner = this.convert(constant ? { ...x, sql: `(${x.sql}::text)` } : x, target, undefined, e.line, lit);
        // A well-formed number outside the type's range is NULL too (TRY_CAST('300' AS tinyint)).
        const range = numericRange(target);
        // Money's dollar sign and commas are not part of the number whose range is checked; a blank string is 0.
        const number = (sql: string) =>
          `case when ${wrap(sql)} collate "default" ~ '^ *$' then '0' else ${isMoney(target) ? `translate(${sql}, '$,', '')` : sql} end`;
        const fits = (sql: string) =>
          range ? `case when ${range(`(${number(sql)})::numeric`)} then ${inner.sql} end` : inner.sql;
        if (lit.kind === "literal" && lit.type === "string")
          return new RegExp(pattern).test(lit.value)
            ? { sql: fits(x.sql), type: target }
            : { sql: `cast(null as ${pg})`, type: target };
        // Regular expressions need a deterministic collation; text columns carry the case-insensitive one.
        return {
          sql: `case when ${wrap(x.sql)} collate "default" ~ ${quoteString(pattern)} then ${fits(x.sql)} end`,
          type: target,
        };
      }
      if (isString(target)) return this.convert(x, target, styleNo, e.line, lit);
      // bit takes 'TRUE'/'FALSE' or an integer; anything else is NULL.
      if (tname === "bit")
        return {
          sql: bindValue(
            `upper(btrim(${x.sql}))`,
            (v) =>
              `case when ${v} in ('TRUE', 'FALSE') then ${v} = 'TRUE' when ${v} collate "default" ~ '^[-+]?[0-9]+$' then ${v}::numeric <> 0 end`,
          ),
          type: target,
        };
      // A string constant to a date/time type: read as SQL Server reads it under the session's DATEFORMAT (or the
      // style's); what it cannot read is NULL instead of an error (docs: try-cast-transact-sql.md).
      const text = dateKind(target) ? stringConstant(x) : undefined;
      const format = styleNo === undefined ? this.dateFormat : STYLE_DATEFORMAT[styleNo];
      if (text !== undefined && format) {
        const session = this.dateFormat;
        this.dateFormat = format;
        try {
          const c = dateTimeConstant(this, text, target);
          if (!("error" in c)) return c;
          return {
            sql: `cast(null as ${dateKind(target) === "datetimeoffset" ? "text" : pg})`,
            type: dateKind(target) === "datetimeoffset" ? withOffsetText(target) : target,
          };
        } finally {
          this.dateFormat = session;
        }
      }
      this.issue(
        e.fn,
        e.line,
        `${e.fn} from a string ${text === undefined ? "column" : "in a style it does not read"} to ${tname}: SQL Server's reading of the text at run time is not translated`,
      );
      return { sql: `cast(${x.sql} as ${pg})`, type: target };
    }
    return this.convert(x, target, styleNo, e.line, lit);
  }

  /** `CONVERT(target, x [, style])` with SQL Server's conversion rules (`lit` is the argument's AST, for literals). */
  convert(x: Typed, target: DataType, style: number | undefined, line: number, lit?: A.Expr): Typed {
    const tname = normalizeName(target.name);
    const src = x.type;
    const pg = pgType(target);
    if (dateKind(target)) return this.toDateTime(x, target, style, line);
    if (isString(target)) {
      const len = target.length;
      // char(n)/nchar(n) are fixed length: SQL Server pads with spaces (kept through later concatenation, so
      // rpad to text rather than PostgreSQL's char(n), whose padding || drops); varchar(n) cuts.
      const fixedLength = typeof len === "number" && ["char", "nchar"].includes(tname);
      const fit = (sql: string) =>
        typeof len === "number" ? (fixedLength ? `rpad(${sql}, ${len})` : `left(${sql}, ${len})`) : sql;
      // A number (but an integer to char/varchar, which becomes '*') or a uniqueidentifier too long for the string
      // is an error, not cut (docs: "Truncating and rounding results", E; uniqueidentifier-transact-sql.md).
      const fitOrFail = (sql: string) =>
        typeof len === "number"
          ? bindValue(
              sql,
              (v) =>
                `case when length(${v}) <= ${len} then ${fit(v)} else (${quoteString(`${typeToString(src)} value too long for ${typeToString(target)}: `)} || ${v})::integer::text end`,
            )
          : sql;
      if (dateKind(src)) return { sql: fit(this.dateToString(x, style, line)), type: target };
      // money styles (docs: cast-and-convert-transact-sql.md): 1 with commas, 2 and 126 four decimals, any other
      // value as 0 (two decimals, no commas).
      if (isMoney(src))
        return {
          sql: fitOrFail(
            style === 1
              ? `to_char(${x.sql}, 'FM999,999,999,999,990.00')`
              : style === 2 || style === 126
                ? `(${x.sql})::text`
                : `round(${x.sql}, 2)::text`,
          ),
          type: target,
        };
      if (isApprox(src)) {
        const text = floatToString(x.sql, style ?? 0);
        if (!text) {
          this.issue("CONVERT style", line, `CONVERT style ${style} from float/real to a string is not translated`);
          return { sql: `(${x.sql})::text`, type: target };
        }
        return { sql: fitOrFail(text), type: target };
      }
      if (isBit(src)) return { sql: fit(`(${wrap(x.sql)})::integer::text`), type: target };
      // SQL Server writes a uniqueidentifier in capitals (docs: uniqueidentifier-transact-sql.md, its examples'
      // results); PostgreSQL's uuid text is lower case.
      if (src && normalizeName(src.name) === "uniqueidentifier")
        return { sql: fitOrFail(`upper((${x.sql})::text)`), type: target };
      if (isString(src)) {
        if (fixedLength) return { sql: fit(x.sql), type: target };
        return {
          sql:
            typeof len === "number" && (src!.length === "max" || src!.length === undefined || src!.length > len)
              ? `(${x.sql})::${pg}`
              : x.sql,
          type: target,
        };
      }
      if (isBinary(src)) {
        const text = binaryToString(x.sql, style ?? 0, target);
        if (!text) {
          this.issue("CONVERT", line, `binary to ${typeToString(target)} with style ${style ?? 0} is not translated`);
          return { sql: `encode(${x.sql}, 'escape')`, type: target };
        }
        return { sql: fit(text), type: target };
      }
      // An integer that does not fit char(n)/varchar(n) becomes '*' (docs: "Truncating and rounding results").
      if (isInteger(src) && typeof len === "number" && !isUnicode(target))
        return {
          sql: fit(bindValue(`(${x.sql})::text`, (v) => `case when length(${v}) > ${len} then '*' else ${v} end`)),
          type: target,
        };
      if (isInteger(src) || isExact(src)) return { sql: fitOrFail(`(${x.sql})::text`), type: target };
      return { sql: fit(`(${x.sql})::text`), type: target };
    }
    if (tname === "bit") {
      if (isNumeric(src) && !isBit(src)) return { sql: `(${x.sql} <> 0)`, type: target };
      // A string converts to bit as 'TRUE'/'FALSE' (any case) or as an integer, non-zero being 1 (docs: bit-transact-sql.md);
      // PostgreSQL's boolean input would also take 'yes', 'on', 't' and refuse '2'.
      if (isString(src))
        return {
          sql: bindValue(
            `upper(btrim(${x.sql}))`,
            (v) => `case when ${v} in ('TRUE', 'FALSE') then ${v} = 'TRUE' else (${v})::integer <> 0 end`,
          ),
          type: target,
        };
      return { sql: `cast(${x.sql} as boolean)`, type: target };
    }
    if (tname === "tinyint" && !isBit(src) && !isDateTime(src) && !isBinary(src)) {
      // tinyint is 0-255 but lives in a PostgreSQL smallint: out of range is an error, as SQL Server's overflow is.
      const asSmallint = this.convert(x, { name: "smallint" }, style, line, lit);
      return {
        sql: bindValue(
          asSmallint.sql,
          (v) => `case when ${v} between 0 and 255 then ${v} else ('tinyint overflow: ' || ${v})::smallint end`,
        ),
        type: target,
      };
    }
    // datetime and smalldatetime are days since 1900-01-01, the time a fraction of a day: to an integer rounded
    // (docs: cast-and-convert-transact-sql.md, "Truncating and rounding results", datetime → int: Round), to float
    // as is. The other date/time types do not convert to numbers at all (data-type-conversion chart).
    const days = datetimeDays(x);
    if (
      (isDateTime(src) || isTime(src)) &&
      (isInteger(target) || isMoney(target) || isExact(target) || isApprox(target)) &&
      !(days && (isInteger(target) || isApprox(target)))
    ) {
      const kind = dateKind(src);
      this.issue(
        "CONVERT",
        line,
        kind === "datetime" || kind === "smalldatetime"
          ? `${kind} to ${normalizeName(target.name)} is not translated`
          : `SQL Server does not convert ${kind} to ${normalizeName(target.name)}`,
      );
      return { sql: `cast(null as ${pg})`, type: target };
    }
    if (isInteger(target)) {
      if (isApprox(src) || isExact(src)) return { sql: `trunc(${x.sql})::${pg}`, type: target };
      if (isMoney(src)) return { sql: `round(${x.sql})::${pg}`, type: target };
      if (isBit(src)) return { sql: `(${wrap(x.sql)})::integer`, type: target };
      if (isBinary(src)) return { sql: bytesToInteger(x.sql, target)!, type: target };
      if (days) return { sql: `round(${days})::${pg}`, type: target };
      // A blank string is 0 for an integer, float or money (only decimal/numeric refuse it: docs, "Truncating and
      // rounding results").
      if (isString(src)) return { sql: blankIsZero(x.sql, pg), type: target };
      return { sql: `cast(${x.sql} as ${pg})`, type: target };
    }
    if (isMoney(target)) {
      // CONVERT(money, <real/float>): the binary value, rounded half away from zero to 4 places.
      if (isApprox(src)) return { sql: `round((${x.sql})::float8::numeric, 4)`, type: target };
      if (isExact(src) && (src!.scale ?? 0) > 4) return { sql: `round(${x.sql}, 4)`, type: target };
      if (isBit(src)) return { sql: `(${wrap(x.sql)})::integer::${pg}`, type: target };
      if (isString(src)) return { sql: stringToMoney(blankIsZero(x.sql, "text"), pg), type: target };
      return { sql: `cast(${x.sql} as ${pg})`, type: target };
    }
    if (isExact(target)) {
      if (isApprox(src)) return { sql: `(${x.sql})::float8::${pg}`, type: target };
      if (isBit(src)) return { sql: `(${wrap(x.sql)})::integer::${pg}`, type: target };
      return { sql: `cast(${x.sql} as ${pg})`, type: target };
    }
    if (isApprox(target)) {
      if (isBit(src)) return { sql: `(${wrap(x.sql)})::integer::${pg}`, type: target };
      // float to float(53), real to float(24): the same type, nothing to convert.
      if (sameType(src, target)) return { sql: wrap(x.sql), type: target };
      if (days) return { sql: `(${days})::${pg}`, type: target };
      if (isString(src)) return { sql: blankIsZero(x.sql, pg), type: target };
      return { sql: `cast(${x.sql} as ${pg})`, type: target };
    }
    if (isBinary(target)) return this.toBinary(x, target, style, line);
    if (tname === "uniqueidentifier" && isString(src)) return { sql: stringToUuid(x.sql), type: target };
    if (tname === "uniqueidentifier" || tname === "date" || tname === "time")
      return { sql: `cast(${x.sql} as ${pg})`, type: target };
    if (isXml(target) && isString(src)) return stringToXml(this, x, style, line);
    this.issue("CONVERT", line, `Conversion to ${tname} is not translated`);
    return { sql: `cast(${x.sql} as ${pg})`, type: target };
  }

  /**
   * CONVERT/CAST to a date/time type: a string constant read as SQL Server reads it (the style names the input
   * format), another date/time value by the conversion rules, a number as days since 1900-01-01 (datetime and
   * smalldatetime only). A string column is cast, and flagged unless the style fixes an ISO/numeric format.
   */
  private toDateTime(x: Typed, target: DataType, style: number | undefined, line: number): Typed {
    const src = x.type;
    const pg = dateKind(target) === "datetimeoffset" ? "text" : pgType(target);
    const constant = isString(src) || src === undefined ? stringConstant(x) : undefined;
    if (constant !== undefined) {
      const format = style === undefined ? this.dateFormat : STYLE_DATEFORMAT[style];
      if (!format) {
        this.issue("CONVERT style", line, `CONVERT style ${style} to a date is not translated`);
        return { sql: `cast(${x.sql} as ${pg})`, type: target };
      }
      const session = this.dateFormat;
      this.dateFormat = format;
      try {
        return this.dateTimeString({ sql: `cast(${x.sql} as ${pg})`, type: target }, constant, target, line);
      } finally {
        this.dateFormat = session;
      }
    }
    if (dateKind(src)) return convertDateTime(this, x, target, line);
    if (isNumeric(src) && !isBit(src)) {
      const kind = dateKind(target);
      if (kind !== "datetime" && kind !== "smalldatetime") {
        this.issue("CONVERT", line, `SQL Server does not convert a number to ${typeToString(target)}`);
        return { sql: `cast(null as ${pg})`, type: target };
      }
      // A number is days since 1900-01-01, the fraction a part of a day.
      const days = `(timestamp '1900-01-01' + ${wrap(x.sql)} * interval '1 day')`;
      return {
        sql: isInteger(src)
          ? `${days}::${pg}`
          : kind === "datetime"
            ? roundToDatetime(days)
            : roundToSmalldatetime(days),
        type: target,
      };
    }
    if (isString(src) && style !== undefined && dateKind(target) !== "datetimeoffset" && dateKind(target) !== "time") {
      const fmt = {
        101: "MM/DD/YYYY",
        103: "DD/MM/YYYY",
        104: "DD.MM.YYYY",
        105: "DD-MM-YYYY",
        110: "MM-DD-YYYY",
        111: "YYYY/MM/DD",
        112: "YYYYMMDD",
        102: "YYYY.MM.DD",
        23: "YYYY-MM-DD",
        120: "YYYY-MM-DD HH24:MI:SS",
        121: "YYYY-MM-DD HH24:MI:SS.MS",
        126: 'YYYY-MM-DD"T"HH24:MI:SS.MS',
      }[style];
      if (!fmt) {
        this.issue("CONVERT style", line, `CONVERT style ${style} to a date is not translated`);
        return { sql: `cast(${x.sql} as ${pg})`, type: target };
      }
      return {
        sql: isDateOnly(target) ? `to_date(${x.sql}, '${fmt}')` : `to_timestamp(${x.sql}, '${fmt}')::${pg}`,
        type: target,
      };
    }
    if (isString(src) && x.constants) return this.constantsToDateTime(x, x.constants, target, style, line);
    if (isString(src) && style === undefined && dateKind(target) === "time") return stringToTime(this, x, target, line);
    if (isString(src)) {
      this.constructs.add("string to datetime");
      this.issue(
        "CONVERT",
        line,
        "Converting a string column to a date/time depends on SET DATEFORMAT/language and SQL Server's formats; check the values",
      );
    } else if (src)
      this.issue("CONVERT", line, `Conversion from ${typeToString(src)} to ${typeToString(target)} is not translated`);
    return {
      sql: `cast(${x.sql} as ${pg})`,
      type: dateKind(target) === "datetimeoffset" ? withOffsetText(target) : target,
    };
  }

  /**
   * A column of a VALUES constructor of string literals converted to a date/time type: each literal is read as the
   * literal itself would be (session DATEFORMAT or the style, SQL Server's formats and rounding), and the column's
   * value picks its reading. A literal SQL Server cannot convert is flagged as it would be written alone.
   */
  private constantsToDateTime(
    x: Typed,
    constants: readonly string[],
    target: DataType,
    style: number | undefined,
    line: number,
  ): Typed {
    const read = constants.map((c) => this.toDateTime({ sql: quoteString(c), type: x.type }, target, style, line));
    // Every branch in one form: canonical text as soon as one reading needs its 100-ns digit.
    const text = read.find((r) => isTextHeld(r.type));
    const branches = read.map((r) => (text && !isTextHeld(r.type) ? exactTextOf(r) : r.sql));
    const type = text?.type ?? read[0]?.type ?? target;
    const pg = isTextHeld(type) ? "text" : pgType(target);
    const whens = constants.map((c, i) => `when ${quoteString(c)} then ${branches[i]}`);
    return { sql: `(case ${x.sql} ${whens.join(" ")} else cast(null as ${pg}) end)`, type };
  }

  /**
   * A date/time value as a string: with a style, the style's format; without one, datetime and smalldatetime as
   * style 0 (`mon dd yyyy hh:miAM`), the other types in their ISO form with the type's fractional digits
   * (docs cast-and-convert-transact-sql.md: 21/121 is the default for date, time, datetime2, datetimeoffset).
   */
  private dateToString(x: Typed, style: number | undefined, line: number): string {
    const kind = dateKind(x.type)!;
    // Styles that write a month name (datetime and smalldatetime default to style 0).
    const named = style === undefined ? kind === "datetime" || kind === "smalldatetime" : MONTH_NAME_STYLES.has(style);
    if (named) this.languageNames(line, `CONVERT of a date to a string with month names (style ${style ?? 0})`);
    const scale = fractionScale(x.type!);
    if (style === undefined && kind !== "datetime" && kind !== "smalldatetime") {
      if (kind === "datetimeoffset" && hasOffsetText(x.type))
        return `(left(${wrap(x.sql)}, ${scale ? 20 + scale : 19}) || ' ' || substr(${wrap(x.sql)}, 29, 6))`;
      // A datetime2(7)/time(7) held as text is its own canonical form.
      if (hasExactText(x.type)) return x.sql;
      const fraction = scale ? ` || '.' || substr(to_char(${wrap(x.sql)}, 'US') || '0', 1, ${scale})` : "";
      if (kind === "date") return `to_char(${x.sql}, 'YYYY-MM-DD')`;
      if (kind === "time") return `(to_char(${x.sql}, 'HH24:MI:SS')${fraction})`;
      const local = localTimestamp(this, x, line);
      return `(to_char(${local}, 'YYYY-MM-DD HH24:MI:SS')${fraction.replace(wrap(x.sql), local)}${kind === "datetimeoffset" ? " || ' +00:00'" : ""})`;
    }
    // ODBC canonical with fractions (21/121/25) is the default form of the types with a scale.
    if (
      (style === 21 || style === 121 || style === 25) &&
      (kind === "datetime2" || kind === "time" || kind === "datetimeoffset")
    )
      return this.dateToString(x, undefined, line);
    // ISO 8601 (126, and 127 for a type without an offset, which has no Z to add) is that form with a T: a datetime2
    // keeps its scale's digits (docs: cast-and-convert-transact-sql.md, SYSDATETIME() in style 126:
    // 2010-07-20T13:44:31.5879025). 127 of a datetimeoffset is the instant in UTC with Z, not translated.
    if ((style === 126 || style === 127) && kind === "datetime2")
      return `overlay(${this.dateToString(x, undefined, line)}, 'T', 11, 1)`;
    if (style === 127 && kind === "datetimeoffset") {
      this.issue("CONVERT style", line, "CONVERT style 127 of a datetimeoffset (UTC with Z) is not translated");
      return `${wrap(x.sql)}::text`;
    }
    const source =
      kind === "datetimeoffset" || hasExactText(x.type)
        ? { sql: localTimestamp(this, x, line), type: kind === "time" ? x.type! : T.datetime }
        : x;
    const f = dateStyle(style ?? 0, source.type!);
    if (!f) {
      this.issue("CONVERT style", line, `CONVERT style ${style} from a date is not translated`);
      return `${wrap(x.sql)}::text`;
    }
    return f(source.sql);
  }

  /**
   * PARSE / TRY_PARSE (string AS type [USING culture]): numbers by the culture's separators and currency symbol;
   * without USING, the session language's culture (us_english → en-US). Dates go by .NET's culture-aware
   * DateTime.Parse, which has no PostgreSQL counterpart: only a string without a single digit, which no culture
   * reads as a date, is translated (TRY_PARSE → NULL).
   */
  private parse(e: A.Cast, x: Typed, target: DataType): Typed {
    this.constructs.add(e.fn);
    const pg = pgType(target);
    const tryMode = e.fn === "TRY_PARSE";
    const culture = e.culture ? unparen(e.culture) : undefined;
    if (culture === undefined) this.languageNames(e.line, `${e.fn} without USING (the language's culture)`);
    const cultureName =
      culture === undefined
        ? "en-US"
        : culture.kind === "literal" && culture.type === "string"
          ? culture.value
          : undefined;
    if (cultureName === undefined) {
      this.issue(e.fn, e.line, `${e.fn} with a culture that is not a string literal is not translated`);
      return { sql: `cast(null as ${pg})`, type: target };
    }
    const lit = unparen(e.expr);
    if (isDateTime(target) || isTime(target)) {
      const kind = normalizeName(target.name);
      const parsed =
        lit.kind === "literal" &&
        lit.type === "string" &&
        ["datetime2", "date", "datetime", "smalldatetime"].includes(kind)
          ? parseDateForCulture(lit.value, cultureName)
          : undefined;
      if (parsed === "invalid") {
        if (tryMode) return { sql: `cast(null as ${pg})`, type: target };
        this.issue(
          e.fn,
          e.line,
          `PARSE of ${quoteString((lit as A.Literal).value)} as ${kind} fails in SQL Server (not a date in culture ${cultureName})`,
        );
        return { sql: `cast(null as ${pg})`, type: target };
      }
      // datetime and smalldatetime round fractions their own way (1/300 s, minutes): only whole seconds here.
      if (parsed && !(parsed.fraction && kind !== "datetime2") && !(kind === "smalldatetime" && parsed.second)) {
        const p2 = (n: number) => String(n).padStart(2, "0");
        const day = `${String(parsed.year).padStart(4, "0")}-${p2(parsed.month)}-${p2(parsed.day)}`;
        if (kind === "date") return { sql: `date '${day}'`, type: target };
        const fraction = parsed.fraction ? `.${parsed.fraction.slice(0, 6)}` : "";
        if (parsed.fraction.length > 6)
          this.issue(e.fn, e.line, "a 7th fractional digit (100 ns) has no PostgreSQL timestamp form");
        return {
          sql: `timestamp '${day} ${p2(parsed.hour)}:${p2(parsed.minute)}:${p2(parsed.second)}${fraction}'::${pg}`,
          type: target,
        };
      }
      this.issue(
        e.fn,
        e.line,
        `${e.fn} to ${typeToString(target)} reads dates the way .NET's DateTime.Parse does for culture ${cultureName}; only string constants in the culture's plain date forms are translated`,
      );
      return { sql: `cast(null as ${pg})`, type: target };
    }
    const numbers = cultureNumbers(cultureName);
    if (!numbers || !(isInteger(target) || isExact(target) || isMoney(target) || isApprox(target))) {
      this.issue(
        e.fn,
        e.line,
        numbers
          ? `${e.fn} to ${typeToString(target)} is not supported by SQL Server (numbers and dates only)`
          : `${e.fn} with culture ${cultureName}: its number format is not known to the translator`,
      );
      return { sql: `cast(null as ${pg})`, type: target };
    }
    const r = parseNumber(x.sql, target, numbers, tryMode, pg);
    if ("refused" in r) {
      this.issue(e.fn, e.line, r.refused);
      return { sql: `cast(null as ${pg})`, type: target };
    }
    return { sql: r.sql, type: target };
  }

  /** CONVERT/CAST to binary(n)/varbinary(n): a string's bytes or hex digits by style, an integer's stored bytes. */
  private toBinary(x: Typed, target: DataType, style: number | undefined, line: number): Typed {
    const src = x.type;
    const pg = pgType(target);
    let bytes: string | undefined;
    let fromNumber = false;
    if (isString(src)) bytes = stringToBinary(x.sql, style ?? 0, src);
    else if (isBinary(src)) bytes = x.sql;
    else if (isInteger(src)) {
      bytes = integerBytes(x.sql, src!);
      fromNumber = true;
    }
    if (!bytes) {
      this.issue(
        "CONVERT",
        line,
        `Conversion from ${typeToString(src)} to ${typeToString(target)}${style !== undefined ? ` with style ${style}` : ""} is not translated`,
      );
      return { sql: `cast(${x.sql} as ${pg})`, type: target };
    }
    return { sql: fitBinary(bytes, target, fromNumber), type: target };
  }
}

// ───────────────────────── helpers ─────────────────────────

/** A condition that a numeric value fits an integer, decimal(p,s) or money type (undefined: any value fits). */
function numericRange(t: DataType): ((n: string) => string) | undefined {
  const bounds: Record<string, [string, string]> = {
    tinyint: ["0", "255"],
    smallint: ["-32768", "32767"],
    int: ["-2147483648", "2147483647"],
    bigint: ["-9223372036854775808", "9223372036854775807"],
    money: ["-922337203685477.5808", "922337203685477.5807"],
    smallmoney: ["-214748.3648", "214748.3647"],
  };
  const name = normalizeName(t.name);
  const b = bounds[name];
  // Integer targets truncate a fraction (TRY_CAST('1.9' AS int) is NULL earlier, by the pattern).
  if (b) return (n) => `${n} between ${b[0]} and ${b[1]}`;
  if (isExact(t)) {
    const p = t.precision ?? 18;
    const sc = t.scale ?? 0;
    return (n) => `abs(round(${n}, ${sc})) < 1e${p - sc}`;
  }
  return undefined;
}

/** A datetime/smalldatetime value as fractional days since 1900-01-01 (numeric), else undefined. */
function datetimeDays(x: Typed): string | undefined {
  const kind = dateKind(x.type);
  if (kind !== "datetime" && kind !== "smalldatetime") return undefined;
  return bindValue(
    x.sql,
    (v) => `((${v}::date - date '1900-01-01') + extract(epoch from ${v} - date_trunc('day', ${v})) / 86400)`,
  );
}

/** A string of blanks (or empty) converts to 0 for an integer, float or money type; otherwise it is cast. */
function blankIsZero(x: string, pg: string): string {
  return bindValue(x, (v) => `case when ${v} collate "default" ~ '^ *$' then '0' else ${v} end::${pg}`);
}

function isBuiltinTvf(name: string): boolean {
  return ["STRING_SPLIT", "OPENJSON", "OPENXML", "OPENROWSET", "OPENQUERY", "GENERATE_SERIES"].includes(name);
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
      return (d) =>
        `(to_char(${d}, 'Mon ') || lpad(to_char(${d}, 'FMDD'), 2) || to_char(${d}, ' YYYY ') || lpad(to_char(${d}, 'FMHH12:MI'), 5) || to_char(${d}, 'AM'))`;
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
    case 6:
      return tc("DD Mon YY");
    case 106:
      return tc("DD Mon YYYY");
    case 7:
      return tc("Mon DD, YY");
    case 107:
      return tc("Mon DD, YYYY");
    case 8:
    case 24:
    case 108:
      return tc("HH24:MI:SS");
    case 9:
    case 109:
      // mon dd yyyy hh:mi:ss:mmmAM (day and hour padded with a space)
      if (isDateOnly(src)) return tc("YYYY-MM-DD");
      return (d) =>
        `(to_char(${d}, 'Mon ') || lpad(to_char(${d}, 'FMDD'), 2) || to_char(${d}, ' YYYY ') || lpad(to_char(${d}, 'FMHH12:MI:SS:MS'), 12) || to_char(${d}, 'AM'))`;
    case 13:
    case 113:
      return isDateOnly(src) ? tc("DD Mon YYYY") : tc("DD Mon YYYY HH24:MI:SS:MS");
    case 14:
    case 114:
      return tc("HH24:MI:SS:MS");
    case 22:
      // mm/dd/yy hh:mi:ss AM (the hour padded with a space)
      return (d) => `(to_char(${d}, 'MM/DD/YY ') || lpad(to_char(${d}, 'FMHH12:MI:SS'), 8) || to_char(${d}, ' AM'))`;
    case 20:
    case 120:
      return isDateOnly(src) ? tc("YYYY-MM-DD") : tc("YYYY-MM-DD HH24:MI:SS");
    case 21:
    case 25:
    case 121:
      return isDateOnly(src) ? tc("YYYY-MM-DD") : tc(`YYYY-MM-DD HH24:MI:SS${ms3}`);
    case 23:
      return tc("YYYY-MM-DD");
    case 126:
    case 127:
      // ISO 8601; milliseconds only when non-zero.
      if (isDateOnly(src)) return tc("YYYY-MM-DD");
      return (d) =>
        `(to_char(${d}, 'YYYY-MM-DD"T"HH24:MI:SS') || case when extract(milliseconds from ${d})::integer % 1000 = 0 then '' else to_char(${d}, '.MS') end)`;
  }
  return undefined;
}

/**
 * A string comparison operand with its trailing blanks made insignificant, as SQL Server's blank padding does
 * ('abc' = 'abc   '): a literal loses them here, char(n) already compares that way in PostgreSQL, anything
 * else is rtrim()med.
 */
function blankPadded(sql: string, type: DataType | undefined, ast: A.Expr): string {
  const lit = unparen(ast);
  if (lit.kind === "literal" && lit.type === "string" && sql === quoteString(lit.value))
    return quoteString(lit.value.replace(/ +$/, ""));
  if (sql === "null" || /^n?char$/i.test(type?.name ?? "")) return sql;
  return `rtrim(${sql})`;
}

/**
 * A GROUP BY key: its expression's SQL (`from`), the SQL it is grouped by (`to`, Emitter.comparableKey), and
 * how an expression over it reads the group's value with its trailing blanks (`kept`, Emitter.groupingElement).
 */
type GroupKey = { from: string; to: string; kept: string };

/**
 * `text` (a select list item, HAVING, ORDER BY) with each string GROUP BY key written as the GROUP BY has it,
 * which PostgreSQL requires of every mention of a grouped expression: the key selected as it is stays the
 * grouped value, a mention inside an expression reads it with its blanks (`kept`). The longest keys first, so a
 * key inside another is not rewritten apart; text already in the grouped form is left as is.
 */
function groupedBlankPadded(text: string, keys: GroupKey[]): string {
  const whole = keys.find((k) => k.from === text);
  if (whole) return whole.to;
  return [...keys]
    .sort((a, b) => b.from.length - a.from.length)
    .reduce(
      (t, { from, to, kept }) =>
        t
          .split(to)
          .map((part) => part.split(from).join(kept))
          .join(to),
      text,
    );
}

/** An output column as an operand: its type and the collation it records, with the label it was selected with. */
function typedColumn(c: OutputColumn): Typed {
  return {
    sql: columnSql(c),
    ...(c.type ? { type: c.type } : {}),
    ...(c.collation
      ? {
          collation: columnPgCollation(c.collation),
          ...(c.collationExplicit ? { explicitCollation: true } : {}),
          ...(c.collationDerived ? { collationDerived: true } : {}),
        }
      : {}),
  };
}

/**
 * The collation a select item's output column records (OutputColumn.collation), so a model reading it compares
 * under it as SQL Server does; `collationDerived` when PostgreSQL may not give the column that collation from
 * the item's text (an expression over columns, rather than a column or a COLLATE).
 */
function outputCollation(x: Typed): Pick<OutputColumn, "collation" | "collationDerived" | "collationExplicit"> {
  if (!x.collation || !isString(x.type)) return {};
  if (x.explicitCollation) return { collation: x.collation.tsql, collationExplicit: true };
  return { collation: x.collation.tsql, ...(x.collationDerived ? { collationDerived: true } : {}) };
}

/** How SQL Server's collation messages name the operation an expression is. */
function operationName(e: A.Expr): string {
  if (e.kind === "binary") return `the ${e.op} operator`;
  if (e.kind === "call") return e.name.join(".").toUpperCase();
  if (e.kind === "cast") return e.fn;
  return "an expression";
}

/**
 * The expressions whose string result takes its operands' collation (collationPrecedence); CASE takes its
 * results' (caseExpr), not its operand's or its conditions'.
 */
const COLLATION_FROM_OPERANDS = new Set<A.Expr["kind"]>(["paren", "binary", "call", "cast"]);

/** Functions that accept a string without a collation (they do not compare or transform it). */
const COLLATION_INSENSITIVE = new Set(["COUNT", "COUNT_BIG", "GROUPING", "GROUPING_ID"]);

type Precedence = Pick<Typed, "collation" | "explicitCollation" | "collationDerived" | "collationConflict">;

/**
 * The collation label a string computed from `operands` carries, by SQL Server's collation precedence (docs:
 * collation-precedence-transact-sql.md, "Collation Rules"): Explicit > Implicit > Coercible-default; Explicit X
 * with Explicit Y is an error (`explicitConflict`); Implicit X with Implicit Y, or anything but Explicit with
 * No-collation, gives No-collation (`collationConflict`), which collation-sensitive uses refuse. Collations are
 * told apart by what they do here (their PostgreSQL collation): a script that declares no database collation
 * does not say whether its undeclared columns are `SQL_Latin1_General_CP1_CI_AS` or `Latin1_General_CI_AS`, so
 * those two are taken as the same.
 */
function collationPrecedence(operands: Typed[]): Precedence & { explicitConflict?: [string, string] } {
  const explicit = operands.filter((o) => o.collation && o.explicitCollation).map((o) => o.collation!);
  if (explicit.length) {
    const other = explicit.find((c) => c.name !== explicit[0]!.name);
    return {
      collation: explicit[0]!,
      explicitCollation: true,
      collationDerived: true,
      ...(other ? { explicitConflict: [explicit[0]!.tsql, other.tsql] as [string, string] } : {}),
    };
  }
  const none = operands.find((o) => o.collationConflict);
  if (none) return { collationConflict: none.collationConflict! };
  const implicit = operands.filter((o) => o.collation).map((o) => o.collation!);
  if (!implicit.length) return {};
  const other = implicit.find((c) => c.name !== implicit[0]!.name);
  if (other) return { collationConflict: { collations: [implicit[0]!.tsql, other.tsql] } };
  return { collation: implicit[0]!, collationDerived: true };
}

/** The conjuncts of `a AND (b AND c)`: a, b, c. */
function splitAnd(e: A.Expr): A.Expr[] {
  const inner = unparen(e);
  return inner.kind === "binary" && inner.op === "AND" ? [...splitAnd(inner.left), ...splitAnd(inner.right)] : [e];
}

/** Conjuncts joined by AND again (left-deep, as the parser builds a chain). */
function andOf(conjuncts: A.Expr[]): A.Expr {
  return conjuncts.reduce((left, right) => ({ kind: "binary", op: "AND", left, right, line: right.line }));
}

/** True when a FROM item joins only with INNER and CROSS joins (no side can be padded with NULLs). */
function innerJoinsOnly(ts: A.TableSource): boolean {
  if (ts.kind === "paren") return innerJoinsOnly(ts.source);
  if (ts.kind !== "join") return true;
  return (
    (ts.type === "INNER" || ts.type === "CROSS" || ts.type === "CROSS APPLY") &&
    innerJoinsOnly(ts.left) &&
    innerJoinsOnly(ts.right)
  );
}

/** A table column's name in its staging model. */
function tableColumnPg(table: { columns: { name: string }[] }, name: string): string {
  const names = columnNames(table.columns.map((c) => c.name));
  return names[table.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase())]!;
}

/**
 * The PostgreSQL type, without length or precision, a recursive CTE's column takes in both branches: bpchar when
 * both are fixed-length text, text for other text, numeric for decimal and money; undefined keeps the column as
 * it is.
 */
function recursiveColumnType(anchor?: DataType, member?: DataType): string | undefined {
  const fixed = (t?: DataType) => !!t && ["char", "nchar"].includes(normalizeName(t.name));
  if (isString(anchor) || isString(member)) return fixed(anchor) && fixed(member) ? "bpchar" : "text";
  if (isExact(anchor) || isMoney(anchor) || isExact(member) || isMoney(member)) return "numeric";
  return undefined;
}

/** The values of a VALUES column when every row holds a string literal or NULL (at least one literal), else undefined. */
function stringConstants(cells: (A.Expr | undefined)[]): string[] | undefined {
  const values = new Set<string>();
  for (const cell of cells) {
    const lit = cell && unparen(cell);
    if (lit?.kind === "literal" && lit.type === "string") values.add(lit.value);
    else if (!(lit?.kind === "literal" && lit.type === "null")) return undefined;
  }
  return values.size ? [...values] : undefined;
}

/** CONVERT styles that write or read a month name (cast-and-convert-transact-sql.md, Date and time styles). */
const MONTH_NAME_STYLES: ReadonlySet<number> = new Set([0, 100, 6, 106, 7, 107, 9, 109, 13, 113, 130, 131]);
