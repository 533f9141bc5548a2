import type { DataType } from "~/agents/catalog/schema";
import type { DeclaredType } from "./data-types";

/**
 * Typed AST for the T-SQL the translator handles (agents/tsql/parser.ts builds it).
 * Every node carries `line`: the 1-based source line of its first token, so issues can point at the source.
 * Names are stored unquoted (`Order Details`, not `[Order Details]`); multi-part names as arrays of parts.
 */

export type TypeRef = DataType;

// ───────────────────────────── expressions ─────────────────────────────

export type Literal = {
  kind: "literal";
  /** `money` is `$12.50` (value "12.50"); `binary` is `0x1F` (value "1F", upper-case hex). */
  type: "string" | "number" | "money" | "binary" | "null";
  value: string;
  /** N'…' */
  unicode?: boolean;
  line: number;
};

/** A column (or, where context decides, a bare keyword such as a DATEADD part): `a`, `t.a`, `dbo.t.a`. */
export type ColumnRef = { kind: "column"; parts: string[]; line: number };
/** `*` or `t.*` (only in select lists and COUNT(*)). */
export type Star = { kind: "star"; qualifier?: string[]; line: number };
/** `@x` → name "x"; `@@ROWCOUNT` → name "@ROWCOUNT". */
export type Variable = { kind: "variable"; name: string; line: number };
export type Unary = { kind: "unary"; op: "-" | "+" | "~" | "NOT"; operand: Expr; line: number };
export type Binary = {
  kind: "binary";
  /** Upper-case for words: AND, OR; operators as written except `!=` → `<>`, `!<` → `>=`, `!>` → `<=`. */
  op: string;
  left: Expr;
  right: Expr;
  line: number;
};
export type Between = { kind: "between"; expr: Expr; low: Expr; high: Expr; not: boolean; line: number };
export type InList = { kind: "in"; expr: Expr; list?: Expr[]; query?: Query; not: boolean; line: number };
export type Like = { kind: "like"; expr: Expr; pattern: Expr; escape?: Expr; not: boolean; line: number };
export type IsNull = { kind: "isnull"; expr: Expr; not: boolean; line: number };
export type Exists = { kind: "exists"; query: Query; line: number };
export type Subquery = { kind: "subquery"; query: Query; line: number };
/** `x > ALL (select …)`, `x = ANY (…)`. */
export type Quantified = {
  kind: "quantified";
  op: string;
  quantifier: "ALL" | "ANY" | "SOME";
  left: Expr;
  query: Query;
  line: number;
};
export type Case = { kind: "case"; operand?: Expr; whens: { when: Expr; then: Expr }[]; else?: Expr; line: number };
export type OrderItem = { expr: Expr; desc: boolean; line: number };
export type Over = {
  partitionBy: Expr[];
  orderBy: OrderItem[];
  /** frame clause text, e.g. `ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW` */ frame?: string;
};
export type Call = {
  kind: "call";
  /** Function name parts as written (`dbo`,`fn`) — built-ins have one part. */
  name: string[];
  args: Expr[];
  distinct?: boolean;
  /** FIRST_VALUE / LAST_VALUE / LAG / LEAD … IGNORE NULLS */
  ignoreNulls?: boolean;
  over?: Over;
  /** STRING_AGG(...) WITHIN GROUP (ORDER BY …) */
  withinGroup?: OrderItem[];
  /** JSON_OBJECT / JSON_ARRAY `NULL ON NULL` or `ABSENT ON NULL` as written (absent: the function's default). */
  jsonOnNull?: "NULL" | "ABSENT";
  line: number;
};
export type Cast = {
  kind: "cast";
  fn: "CAST" | "CONVERT" | "TRY_CAST" | "TRY_CONVERT" | "PARSE" | "TRY_PARSE";
  type: TypeRef;
  expr: Expr;
  style?: Expr;
  /** PARSE … USING culture (absent: the session language's culture). */
  culture?: Expr;
  line: number;
};
export type Collate = { kind: "collate"; expr: Expr; collation: string; line: number };
/** XML/CLR method call on an expression: `x.value('(/a)[1]', 'int')`, `x.nodes(…)`. */
export type MethodCall = { kind: "method"; target: Expr; method: string; args: Expr[]; line: number };
export type AtTimeZone = { kind: "attimezone"; expr: Expr; zone: Expr; line: number };
/** A parenthesized expression (kept so the emitter can reproduce grouping exactly). */
export type Paren = { kind: "paren"; expr: Expr; line: number };

export type Expr =
  | Literal
  | ColumnRef
  | Star
  | Variable
  | Unary
  | Binary
  | Between
  | InList
  | Like
  | IsNull
  | Exists
  | Subquery
  | Quantified
  | Case
  | Call
  | Cast
  | Collate
  | MethodCall
  | AtTimeZone
  | Paren;

// ───────────────────────────── queries ─────────────────────────────

export type SelectItem =
  | { kind: "expr"; expr: Expr; alias?: string; line: number }
  | { kind: "star"; qualifier?: string[]; line: number }
  /** `SELECT @v = expr` (op may be `+=` etc.). */
  | { kind: "assign"; variable: string; op: string; expr: Expr; line: number };

export type TableRef = {
  kind: "table";
  /** `db.dbo.Orders` → ["db","dbo","Orders"]; temp tables keep their `#`: ["#t"]. */
  name: string[];
  alias?: string;
  /** Table hints: NOLOCK, READUNCOMMITTED… (upper-case). */
  hints: string[];
  /** `FOR SYSTEM_TIME AS OF …` (and FROM/BETWEEN/CONTAINED IN/ALL): a query of a temporal table's history. */
  systemTime?: string;
  line: number;
};
export type DerivedTable = {
  kind: "derived";
  query: Query;
  alias: string;
  columns?: string[];
  lateral?: boolean;
  line: number;
};
export type ValuesTable = { kind: "values"; rows: Expr[][]; alias: string; columns?: string[]; line: number };
/** A table-valued function in FROM: `dbo.fn(1)`, `OPENJSON(@j)`, `STRING_SPLIT(@s, ',')`. */
export type FunctionTable = {
  kind: "function";
  call: Call;
  /** `@x.nodes(…)`: the xml expression an xml method in FROM is called on (`t.col.nodes(…)` keeps it in `call.name`). */
  target?: Expr;
  alias?: string;
  columns?: string[];
  /** OPENJSON … WITH (…); `asJson`: an `AS JSON` column returns an object or array as JSON text. */
  withSchema?: { name: string; type: TypeRef; path?: string; asJson?: boolean }[];
  line: number;
};
/** `@t` table variable in FROM. */
export type VariableTable = { kind: "variable"; name: string; alias?: string; line: number };
export type JoinType = "INNER" | "LEFT" | "RIGHT" | "FULL" | "CROSS" | "CROSS APPLY" | "OUTER APPLY";
export type Join = { kind: "join"; type: JoinType; left: TableSource; right: TableSource; on?: Expr; line: number };
export type Pivot = {
  kind: "pivot";
  source: TableSource;
  aggregate: Call;
  forColumn: ColumnRef;
  values: { value: string; alias: string }[];
  alias: string;
  line: number;
};
export type Unpivot = {
  kind: "unpivot";
  source: TableSource;
  valueColumn: string;
  forColumn: string;
  columns: string[];
  alias: string;
  line: number;
};
/** A parenthesized join tree: `(a JOIN b ON …)`. */
export type ParenSource = { kind: "paren"; source: TableSource; line: number };

export type TableSource =
  TableRef | DerivedTable | ValuesTable | FunctionTable | VariableTable | Join | Pivot | Unpivot | ParenSource;

export type Top = { expr: Expr; percent: boolean; withTies: boolean };

export type SelectCore = {
  kind: "select";
  distinct: boolean;
  top?: Top;
  items: SelectItem[];
  /** SELECT … INTO #t / INTO dbo.t */
  into?: string[];
  from: TableSource[];
  where?: Expr;
  groupBy: Expr[];
  /** GROUP BY … WITH ROLLUP / WITH CUBE (the old syntax). ROLLUP(…)/CUBE(…)/GROUPING SETS appear as calls in groupBy. */
  groupByWith?: "ROLLUP" | "CUBE";
  having?: Expr;
  line: number;
};

export type SetOp = {
  kind: "setop";
  op: "UNION" | "UNION ALL" | "EXCEPT" | "INTERSECT";
  left: QueryBody;
  right: QueryBody;
  line: number;
};
export type QueryBody = SelectCore | SetOp | Query;

export type Cte = { name: string; columns?: string[]; query: Query; line: number };

export type ForClause =
  | {
      kind: "xml";
      mode: "PATH" | "RAW" | "AUTO" | "EXPLICIT";
      /** `PATH('x')` / `RAW('x')`; absent when written without parentheses. */
      element?: string;
      root?: string;
      type: boolean;
      /** `ELEMENTS` (RAW/AUTO: columns as child elements), `ELEMENTS XSINIL`, `BINARY BASE64`. */
      elements?: boolean;
      xsinil?: boolean;
      binaryBase64?: boolean;
      line: number;
    }
  | {
      kind: "json";
      mode: "PATH" | "AUTO";
      root?: string;
      withoutArrayWrapper: boolean;
      includeNullValues: boolean;
      line: number;
    };

export type Query = {
  kind: "query";
  ctes: Cte[];
  body: QueryBody;
  orderBy: OrderItem[];
  offset?: Expr;
  fetch?: Expr;
  for?: ForClause;
  /** OPTION (…) text: dropped by the translator. */
  option?: string;
  /** `WITH XMLNAMESPACES (…)`: prefix → URI; no prefix is the DEFAULT namespace. */
  xmlNamespaces?: { uri: string; prefix?: string }[];
  line: number;
};

// ───────────────────────────── statements ─────────────────────────────

/** An expression with its source text as written, which is what SQL Server keeps of a default, check or computed column. */
export type SourceExpr = { expr: Expr; text: string };

/**
 * A column definition (docs: create-table-transact-sql.md, column_definition and computed_column_definition): its
 * data type, or for a computed column its expression; what is not written is absent.
 */
export type ColumnDef = {
  name: string;
  /** As declared (an alias type not yet resolved); absent for a computed column, whose expression gives its type. */
  type?: DeclaredType;
  computed?: SourceExpr;
  persisted?: boolean;
  collation?: string;
  /** NULL or NOT NULL as written; absent when neither is. */
  nullable?: boolean;
  /** IDENTITY [(seed, increment)], each a signed number as written (absent: 1, 1). */
  identity?: { seed: string; increment: string };
  /** DEFAULT value, with the name of its constraint when one is given. */
  default?: SourceExpr & { name?: string };
  rowGuidCol?: boolean;
  sparse?: boolean;
  /** The column's PRIMARY KEY, UNIQUE, REFERENCES, CHECK and INDEX, each on this column unless it lists its own. */
  constraints: TableConstraint[];
  line: number;
};

/** A table constraint or index (table_constraint, table_index); DEFAULT … FOR column only in ALTER TABLE … ADD. */
export type TableConstraint = { name?: string; line: number } & (
  | { kind: "primary-key" | "unique"; columns: string[] }
  | { kind: "foreign-key"; columns: string[]; references: string[]; referencedColumns: string[] }
  /** `text` keeps the parentheses, as sys.check_constraints shows a definition. */
  | { kind: "check"; condition: SourceExpr }
  | { kind: "default"; value: SourceExpr; column: string }
  | { kind: "index"; name: string; columns: string[]; unique: boolean }
);

/** What a table definition's parentheses hold: its columns, then its table-level constraints and indexes. */
export type TableElements = { columns: ColumnDef[]; constraints: TableConstraint[] };

export type Param = { name: string; type: TypeRef; default?: Expr; output: boolean; readonly: boolean; line: number };

/** A procedure's or function's parameter as written: its type as declared, its default with its source text. */
export type ParameterDef = Omit<Param, "type" | "default"> & { type: DeclaredType; default?: SourceExpr };

export type SelectStatement = { kind: "select"; query: Query; line: number };
export type Declare = {
  kind: "declare";
  vars: (
    | { kind: "scalar"; name: string; type: TypeRef; init?: Expr; line: number }
    | { kind: "table"; name: string; columns: ColumnDef[]; line: number }
    | { kind: "cursor"; name: string; query: Query; line: number }
  )[];
  line: number;
};
export type SetVariable = { kind: "setvar"; name: string; op: string; expr: Expr; line: number };
/** SET NOCOUNT ON, SET ROWCOUNT 10, SET ANSI_NULLS ON, SET DATEFORMAT mdy, SET XACT_ABORT ON, SET TRANSACTION ISOLATION LEVEL … */
export type SetOption = { kind: "setoption"; option: string; value?: Expr; words: string[]; line: number };
export type If = { kind: "if"; cond: Expr; then: Statement; else?: Statement; line: number };
export type Block = { kind: "block"; body: Statement[]; line: number };
export type While = { kind: "while"; cond: Expr; body: Statement; line: number };
export type Return = { kind: "return"; expr?: Expr; query?: Query; line: number };
export type BreakContinue = { kind: "break" | "continue"; line: number };
export type InsertSource =
  | { kind: "values"; rows: Expr[][] }
  | { kind: "query"; query: Query }
  | { kind: "exec"; exec: Exec }
  | { kind: "default" };
export type Insert = {
  kind: "insert";
  /** `WITH c AS (…) INSERT …`: the common table expressions written before it. */
  ctes?: Cte[];
  target: TableRef | VariableTable;
  columns?: string[];
  source: InsertSource;
  output: boolean;
  line: number;
};
export type Update = {
  kind: "update";
  /** `WITH c AS (…) UPDATE …`: the common table expressions written before it. */
  ctes?: Cte[];
  target: TableRef | VariableTable;
  top?: Top;
  set: { column?: string[]; variable?: string; op: string; expr: Expr; line: number }[];
  from: TableSource[];
  where?: Expr;
  output: boolean;
  line: number;
};
export type Delete = {
  kind: "delete";
  /** `WITH c AS (…) DELETE …`: the common table expressions written before it. */
  ctes?: Cte[];
  target: TableRef | VariableTable;
  top?: Top;
  from: TableSource[];
  where?: Expr;
  output: boolean;
  line: number;
};
/** A WHEN clause of MERGE (docs: merge-transact-sql.md): `WHEN MATCHED [AND cond] THEN UPDATE SET … | DELETE`, … */
export type MergeClause = {
  when: "matched" | "not matched by target" | "not matched by source";
  cond?: Expr;
  action:
    | { kind: "update"; set: Update["set"] }
    | { kind: "delete" }
    | { kind: "insert"; columns?: string[]; values?: Expr[] };
  line: number;
  /** As written: the AND condition, and each SET value or INSERT value in order (the sandbox loader runs them). */
  text?: { cond?: string; values?: string[] };
};
/** `OUTPUT $action, inserted.c, deleted.*, … [INTO target [(columns)]]`; `inserted.*` is a Star with that qualifier. */
export type OutputClause = {
  items: { expr: Expr | Star; alias?: string; line: number }[];
  into?: { target: TableRef | VariableTable; columns?: string[] };
};
/** `MERGE [TOP (n)] [INTO] target [[AS] alias] USING source [[AS] alias] ON cond WHEN … [OUTPUT …];` */
export type Merge = {
  kind: "merge";
  /** `WITH c AS (…) MERGE …`: the common table expressions written before it. */
  ctes?: Cte[];
  target: TableRef | VariableTable;
  top?: Top;
  source: TableSource;
  on: Expr;
  clauses: MergeClause[];
  output: boolean;
  outputClause?: OutputClause;
  line: number;
  /** The source and the ON condition as written. */
  text?: { source: string; on: string };
};
export type CreateTable = {
  kind: "createtable";
  name: string[];
  columns: ColumnDef[];
  constraints: TableConstraint[];
  line: number;
};
export type Drop = { kind: "drop"; objectType: string; names: string[][]; ifExists: boolean; line: number };
export type Truncate = { kind: "truncate"; name: string[]; line: number };
export type ExecArg = { name?: string; value: Expr; output: boolean };
export type Exec = {
  kind: "exec";
  /** Procedure name parts; absent for dynamic SQL `EXEC (@sql)`. */
  proc?: string[];
  /** `EXEC (@sql)` / `EXEC ('…' + …)` */
  dynamic?: Expr;
  /** `EXEC @rc = proc` */
  returnVar?: string;
  args: ExecArg[];
  line: number;
};
export type Transaction = { kind: "transaction"; action: "BEGIN" | "COMMIT" | "ROLLBACK" | "SAVE"; line: number };
export type TryCatch = { kind: "try"; body: Statement[]; catchBody: Statement[]; line: number };
export type Raise = { kind: "raiserror" | "throw" | "print"; args: Expr[]; line: number };
/** `direction`: FETCH's NEXT (the default), PRIOR, FIRST, LAST, ABSOLUTE or RELATIVE. */
export type CursorOp = {
  kind: "cursor";
  op: "OPEN" | "CLOSE" | "DEALLOCATE" | "FETCH";
  name: string;
  into: string[];
  direction?: string;
  line: number;
};
export type Use = { kind: "use"; database: string; line: number };
/** Statements the parser skips over whole (ALTER TABLE, CREATE INDEX, GRANT, WAITFOR, GOTO …). */
export type Other = { kind: "other"; keyword: string; text: string; line: number };

export type CreateView = {
  kind: "createview";
  name: string[];
  columns?: string[];
  query: Query;
  orAlter: boolean;
  line: number;
};
export type CreateProcedure = {
  kind: "createprocedure";
  name: string[];
  params: Param[];
  body: Statement[];
  orAlter: boolean;
  line: number;
};
export type FunctionReturns =
  { kind: "scalar"; type: TypeRef } | { kind: "table" } | { kind: "tablevar"; name: string; columns: ColumnDef[] };
export type CreateFunction = {
  kind: "createfunction";
  name: string[];
  params: Param[];
  returns: FunctionReturns;
  /** Statements of a scalar or multi-statement function; an inline function has `query` instead. */
  body: Statement[];
  query?: Query;
  orAlter: boolean;
  line: number;
};
export type CreateTrigger = { kind: "createtrigger"; name: string[]; table: string[]; body: Statement[]; line: number };

export type Statement =
  | SelectStatement
  | Declare
  | SetVariable
  | SetOption
  | If
  | Block
  | While
  | Return
  | BreakContinue
  | Insert
  | Update
  | Delete
  | Merge
  | CreateTable
  | Drop
  | Truncate
  | Exec
  | Transaction
  | TryCatch
  | Raise
  | CursorOp
  | Use
  | Other
  | CreateView
  | CreateProcedure
  | CreateFunction
  | CreateTrigger;
