/** How the assessment counts a construct: its complexity weight and the least automated route it forces. */
export type Scoring = { weight: number; handling?: "llm" | "manual"; why?: string };

/**
 * The one vocabulary of T-SQL construct names, shared by the Assessment (which finds constructs in the tokens and
 * scores them) and the translator (which records the constructs it met and names the one each issue is about), so
 * a report lists one name per construct and the assessment scores every construct the translator can flag.
 * Built-in functions are named by the registry (their entries' `construct`, or the function's upper-case name);
 * the rest are declared here, named after the rows of docs/tsql-to-postgres.md, with what each costs.
 *
 * `handling` is the least automated route the construct forces: `llm` when a faithful rewrite needs judgement
 * (set-based rewrites of loops, data modification turned into models), `manual` when dbt has no equivalent
 * (dynamic SQL, side-channel results such as OUTPUT or @@ROWCOUNT, triggers). Everything else is rules.
 */
export type ConstructRule = Scoring & {
  /**
   * The rules translate the construct's known forms: `handling` applies only when the translator refuses this
   * object's use of it (agents/assess/patterns.ts asks it), and the translator's reason is given. The list names
   * the issues by which the translator refuses it (the construct of a TranslationIssue, as a prefix: `FOR XML`
   * covers `FOR XML AUTO`); an issue of another construct is judged by that construct, or leaves the object to
   * review anyway.
   */
  patterns?: readonly string[];
};

const TRANSLATOR_LIMIT = { weight: 1 } as const;

export const SYNTAX_CONSTRUCTS = {
  // Expressions: rule translations exist; weights reflect how easily they go silently wrong.
  TOP: { weight: 0.5 },
  "TOP PERCENT": { weight: 1.5 },
  "WITH TIES": { weight: 1 },
  "SET ROWCOUNT": { weight: 0.5 },
  "ORDER BY": { weight: 0.25 },
  CONVERT: { weight: 0.5 },
  "CONVERT style": { weight: 1 },
  CAST: { weight: 0.25 },
  TRY_CAST: { weight: 1 },
  TRY_CONVERT: { weight: 1 },
  PARSE: { weight: 1 },
  TRY_PARSE: { weight: 1 },
  FORMAT: { weight: 1.5, handling: "llm", why: "FORMAT takes .NET format strings", patterns: ["FORMAT"] },
  "string concatenation": { weight: 0.5 },
  "bitwise operator": { weight: 0.5 },
  "LIKE brackets": { weight: 1 },
  "LIKE (non-literal pattern)": { weight: 1 },
  "ROUND truncate": { weight: 0.5 },
  "money literal": { weight: 0.25 },
  "binary literal": { weight: 0.25 },
  "datetime literal": { weight: 0.5 },
  "string to datetime": { weight: 0.5 },
  "datetime arithmetic": { weight: 1 },
  datetimeoffset: { weight: 1 },
  "AT TIME ZONE": { weight: 1 },
  "DATEPART(dw)": { weight: 0.5 },
  "AVG(money)": { weight: 0.5 },
  "decimal division": { weight: 0.5 },
  "bit comparison": { weight: 0.25 },
  "implicit conversion": { weight: 1 },
  COLLATE: { weight: 1 },
  "collation conflict": {
    weight: 1,
    handling: "manual",
    why: "SQL Server refuses the object: two collations meet where only a COLLATE clause would decide",
  },
  CTE: { weight: 0.5 },
  UNION: { weight: 0.25 },
  "UNION ALL": { weight: 0.25 },
  INTERSECT: { weight: 0.5 },
  EXCEPT: { weight: 0.5 },
  "VALUES table": { weight: 0.5 },
  "comma join": { weight: 0.25 },
  "SELECT *": { weight: 0.25 },
  "unnamed column": { weight: 0.25 },
  "duplicate output column": { weight: 0.5 },
  "FOR XML": {
    weight: 2,
    handling: "llm",
    why: "FOR XML output must become string_agg or xmlagg",
    patterns: ["FOR XML"],
  },
  APPLY: { weight: 1 },
  PIVOT: { weight: 2 },
  UNPIVOT: { weight: 2 },
  "WITH ROLLUP": { weight: 1 },
  "WITH CUBE": { weight: 1 },
  ROLLUP: { weight: 1 },
  CUBE: { weight: 1 },
  "GROUPING SETS": { weight: 1 },
  "table hints": { weight: 0.25 },
  OPTION: { weight: 0.25 },
  "temporal table query": {
    weight: 2,
    handling: "manual",
    why: "FOR SYSTEM_TIME reads a temporal table's history, which a dbt model of the current rows has not",
  },
  OPENJSON: {
    weight: 2,
    handling: "llm",
    why: "OPENJSON needs jsonb_to_recordset with an explicit schema",
    patterns: ["OPENJSON", "JSON path"],
  },
  "JSON path": { weight: 1 },
  // Built-in table-valued functions (./table-functions.ts), read in FROM rather than called.
  STRING_SPLIT: { weight: 1 },
  GENERATE_SERIES: { weight: 1 },
  "FOR JSON": { weight: 2, handling: "llm", why: "FOR JSON output must become json_agg", patterns: ["FOR JSON"] },
  "XML methods": { weight: 2, handling: "llm", why: "XML .value()/.nodes() must become xpath()", patterns: ["XML ."] },
  // Procedural code (docs: "Procedural code → dbt").
  parameters: { weight: 0.5 },
  "parameter default": { weight: 0.5 },
  IF: { weight: 1 },
  "conditional result set": { weight: 1.5 },
  "no result set": { weight: 1 },
  RETURN: { weight: 0.5 },
  PRINT: { weight: 0.25 },
  // Rewritten by the rules when they stay inside the procedure (temp tables, table variables): variables are
  // inlined, #temp/@table/SELECT INTO become a CTE chain, INSERT…SELECT a UNION ALL, UPDATE a CASE projection,
  // DELETE an inverted filter. Writes to permanent tables are judged separately (assess: "writes").
  variables: { weight: 1.5 },
  "SELECT @variable =": { weight: 1.5 },
  "table variable": { weight: 2 },
  "temp table": { weight: 2 },
  "CREATE TABLE": { weight: 1 },
  DROP: { weight: 0.25 },
  IDENTITY: { weight: 1 },
  "SELECT INTO": { weight: 1.5 },
  INSERT: { weight: 1.5 },
  "INSERT … SELECT": { weight: 1.5 },
  UPDATE: { weight: 2 },
  "UPDATE … FROM": { weight: 2 },
  DELETE: { weight: 2 },
  "DELETE … FROM": { weight: 2 },
  TRUNCATE: { weight: 1, handling: "llm", why: "TRUNCATE means the model is rebuilt: check the surrounding logic" },
  MERGE: { weight: 2.5, handling: "llm", why: "MERGE must become an incremental model", patterns: ["MERGE"] },
  WHILE: {
    weight: 3,
    handling: "llm",
    why: "WHILE loops need a set-based rewrite (window functions, recursive CTE, generate_series)",
    patterns: ["WHILE"],
  },
  cursor: { weight: 3, handling: "llm", why: "cursors need a set-based rewrite", patterns: ["cursor"] },
  "TRY/CATCH": { weight: 0.5 },
  transaction: { weight: 0.5 },
  RAISERROR: { weight: 1, handling: "llm", why: "RAISERROR checks become dbt data tests" },
  THROW: { weight: 1, handling: "llm", why: "THROW checks become dbt data tests" },
  EXEC: { weight: 1 },
  "scalar UDF": { weight: 1 },
  "table-valued function": { weight: 1.5 },
  "multi-statement table function": {
    weight: 2,
    handling: "llm",
    why: "a multi-statement table function must be rewritten as one query",
  },
  "view column list": { weight: 0.25 },
  "parse error": {
    weight: 4,
    handling: "llm",
    why: "the definition does not parse (a typo, or syntax the rules do not read): it goes to review, and to Claude where a key is configured",
  },
  "dynamic SQL": {
    weight: 4,
    handling: "manual",
    why: "dynamic SQL is built at run time: needs Jinja over run_query results or a person",
  },
  OUTPUT: {
    weight: 2,
    handling: "manual",
    why: "OUTPUT clauses and parameters return values outside a result set: no dbt equivalent",
  },
  "OUTPUT parameter": {
    weight: 2,
    handling: "manual",
    why: "an OUTPUT parameter returns a value outside a result set: no dbt equivalent",
  },
  "@@IDENTITY": {
    weight: 2,
    handling: "manual",
    why: "@@IDENTITY depends on rows inserted by the procedure: outside dbt",
  },
  "@@ROWCOUNT": {
    weight: 2,
    handling: "manual",
    why: "@@ROWCOUNT depends on the row counts of statements: outside dbt",
  },
  "@@ERROR": { weight: 1 },
  "SET ANSI_NULLS": { weight: 1 },
  "SET CONCAT_NULL_YIELDS_NULL": { weight: 1 },
  GOTO: { weight: 3, handling: "manual", why: "GOTO control flow has no set-based equivalent" },
  WAITFOR: { weight: 2, handling: "manual", why: "WAITFOR is a side effect outside dbt" },
  trigger: {
    weight: 3,
    handling: "manual",
    why: "triggers are outside dbt's scope: review (dbt snapshots for history)",
  },
  "computed column": { weight: 1 },
  CHECK: { weight: 0.5 },
  // What the translator could not work out about the object itself: each leaves it to review with the reason.
  definition: TRANSLATOR_LIMIT,
  "data type": TRANSLATOR_LIMIT,
  "type inference": TRANSLATOR_LIMIT,
  "unknown object": TRANSLATOR_LIMIT,
  "unknown column": TRANSLATOR_LIMIT,
  "unknown columns": TRANSLATOR_LIMIT,
  "ambiguous column": TRANSLATOR_LIMIT,
  "object reference": TRANSLATOR_LIMIT,
  "translation too large": TRANSLATOR_LIMIT,
  "translator error": TRANSLATOR_LIMIT,
  // Function families the registry's entries count calls as (their own upper-case names need no entry here).
  "window function": { weight: 1 },
  "bit shift": { weight: 0.5 },
  // A call to a function the registry does not know, flagged under the function's own name.
  "unknown function": { weight: 2, handling: "llm", why: "a function the rules do not know must be rewritten" },
  statement: { weight: 2, handling: "llm", why: "a statement the rules do not translate inside a procedure" },
  "100-ns precision": { weight: 1 },
  "cursor (set-based)": { weight: 2 },
  "WHILE (set-based)": { weight: 2 },
} as const satisfies Record<string, ConstructRule>;

export type SyntaxConstruct = keyof typeof SYNTAX_CONSTRUCTS;

/**
 * A built-in function's construct: what a registry entry declares, or the function's upper-case name
 * (functionConstruct in ./index). Every one the translator names is scored (functions/registry.test.ts).
 */
export type FunctionConstruct = Uppercase<string>;

/**
 * Every name the translator may record or flag: a declared construct, a function's, or one named after the
 * script's own words (a system variable `@@…`, a `SET …` option, an XML method `XML .value()`, `FOR XML <mode>`).
 */
export type Construct =
  | SyntaxConstruct
  | FunctionConstruct
  | `@@${string}`
  | `SET ${string}`
  | `XML .${string}()`
  | `FOR XML ${string}`
  | `FOR JSON ${string}`;

/** The families of constructs named after the script's words, scored by the construct they belong to. */
const FAMILIES: [prefix: string, rule: ConstructRule][] = [
  ["@@", { weight: 2, handling: "manual", why: "a system variable has no equivalent in a dbt model" }],
  ["SET ", { weight: 0.5 }],
  ["XML .", SYNTAX_CONSTRUCTS["XML methods"]],
  ["FOR XML ", SYNTAX_CONSTRUCTS["FOR XML"]],
  ["FOR JSON ", SYNTAX_CONSTRUCTS["FOR JSON"]],
];

/** The family rule of a construct named after the script's words (`@@…`, `SET …`, …), if it is one. */
export function familyRule(name: string): ConstructRule | undefined {
  return FAMILIES.find(([prefix]) => name.startsWith(prefix))?.[1];
}

/** The construct a built-in function is named by in issues: its upper-case name. */
export function functionConstruct(name: string): FunctionConstruct {
  return name.toUpperCase() as FunctionConstruct;
}
