import type { Token } from "~/agents/tsql/lexer";
import { functionConstructScoring, lookupFunction } from "~/agents/translate/functions";
import { closingParen } from "./references";

/**
 * T-SQL constructs the Assessment looks for, named after the rows of docs/tsql-to-postgres.md, with what each
 * costs (complexity weight) and whether the rule-based translator is expected to handle it.
 *
 * `handling` is the least automated route the construct forces: `llm` when a faithful rewrite needs judgement
 * (set-based rewrites of loops, data modification turned into models), `manual` when dbt has no equivalent
 * (dynamic SQL, side-channel results such as OUTPUT or @@ROWCOUNT, triggers). Everything else is rules.
 */
export type ConstructRule = {
  weight: number;
  handling?: "llm" | "manual";
  why?: string;
  /**
   * The rules translate the construct's known forms: `handling` applies only when the translator refuses this
   * object's use of it (patterns.ts asks it), and the translator's reason is given. The list names the issues by
   * which the translator refuses it (the construct of a TranslationIssue, as a prefix: `FOR XML` covers `FOR XML
   * AUTO`); an issue of another construct is judged by that construct, or leaves the object to review anyway.
   */
  patterns?: readonly string[];
};

export const CONSTRUCTS: Record<string, ConstructRule> = {
  // Built-in functions: scored by their entries in the translator's function registry.
  ...functionConstructScoring(),
  // Expressions: rule translations exist; weights reflect how easily they go silently wrong.
  TOP: { weight: 0.5 },
  "TOP PERCENT": { weight: 1.5 },
  "WITH TIES": { weight: 1 },
  "SET ROWCOUNT": { weight: 0.5 },
  "ORDER BY": { weight: 0.25 },
  CONVERT: { weight: 0.5 },
  CAST: { weight: 0.25 },
  TRY_CAST: { weight: 1 },
  TRY_CONVERT: { weight: 1 },
  FORMAT: { weight: 1.5, handling: "llm", why: "FORMAT takes .NET format strings", patterns: ["FORMAT"] },
  "string concatenation": { weight: 0.5 },
  "LIKE brackets": { weight: 1 },
  "ROUND truncate": { weight: 0.5 },
  "money literal": { weight: 0.25 },
  "binary literal": { weight: 0.25 },
  COLLATE: { weight: 1 },
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
  "table hints": { weight: 0.25 },
  OPTION: { weight: 0.25 },
  OPENJSON: {
    weight: 2,
    handling: "llm",
    why: "OPENJSON needs jsonb_to_recordset with an explicit schema",
    patterns: ["OPENJSON", "JSON path"],
  },
  "FOR JSON": { weight: 2, handling: "llm", why: "FOR JSON output must become json_agg", patterns: ["FOR JSON"] },
  "XML methods": { weight: 2, handling: "llm", why: "XML .value()/.nodes() must become xpath()", patterns: ["XML ."] },
  // Procedural code (docs: "Procedural code → dbt").
  parameters: { weight: 0.5 },
  IF: { weight: 1 },
  // Rewritten by the rules when they stay inside the procedure (temp tables, table variables): variables are
  // inlined, #temp/@table/SELECT INTO become a CTE chain, INSERT…SELECT a UNION ALL, UPDATE a CASE projection,
  // DELETE an inverted filter. Writes to permanent tables are judged separately (assess: "writes").
  variables: { weight: 1.5 },
  "table variable": { weight: 2 },
  "temp table": { weight: 2 },
  "SELECT INTO": { weight: 1.5 },
  INSERT: { weight: 1.5 },
  UPDATE: { weight: 2 },
  DELETE: { weight: 2 },
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
  "multi-statement table function": {
    weight: 2,
    handling: "llm",
    why: "a multi-statement table function must be rewritten as one query",
  },
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
  GOTO: { weight: 3, handling: "manual", why: "GOTO control flow has no set-based equivalent" },
  WAITFOR: { weight: 2, handling: "manual", why: "WAITFOR is a side effect outside dbt" },
  trigger: {
    weight: 3,
    handling: "manual",
    why: "triggers are outside dbt's scope: review (dbt snapshots for history)",
  },
};

/** Conversions are syntax (CAST … AS), not registry functions; FORMAT, OPENJSON and RAISERROR are checklist rows too. */
const SYNTAX_FUNCTIONS = new Set(["CONVERT", "CAST", "TRY_CAST", "TRY_CONVERT", "FORMAT", "OPENJSON", "RAISERROR"]);
const SYNTAX_ALIASES: Record<string, string> = { TRY_PARSE: "TRY_CONVERT", PARSE: "CONVERT" };
const XML_METHODS = new Set(["VALUE", "NODES", "QUERY", "EXIST", "MODIFY"]);
const TABLE_HINTS = new Set([
  "NOLOCK",
  "READUNCOMMITTED",
  "READCOMMITTED",
  "UPDLOCK",
  "ROWLOCK",
  "HOLDLOCK",
  "TABLOCK",
  "TABLOCKX",
  "PAGLOCK",
  "XLOCK",
  "READPAST",
  "SERIALIZABLE",
  "REPEATABLEREAD",
  "NOWAIT",
  "INDEX",
  "FORCESEEK",
]);

const isPunct = (t: Token | undefined, p: string) => t?.type === "punct" && t.text === p;
const upper = (t: Token | undefined) => (t?.type === "word" ? t.text.toUpperCase() : "");

/** Number of top-level arguments of the call whose `(` is at `open`. */
function argumentCount(sig: readonly Token[], open: number): number {
  const close = closingParen(sig, open);
  if (close === open + 1) return 0;
  let depth = 0;
  let count = 1;
  for (let i = open + 1; i < close; i++) {
    if (isPunct(sig[i], "(")) depth++;
    else if (isPunct(sig[i], ")")) depth--;
    else if (depth === 0 && isPunct(sig[i], ",")) count++;
  }
  return count;
}

export type ConstructContext = {
  kind: "table" | "view" | "procedure" | "function" | "trigger";
  functionKind?: "scalar" | "inline_table" | "multi_statement_table";
  hasParameters?: boolean;
  hasOutputParameters?: boolean;
};

/** The constructs used by the code `sig` (significant tokens), in first-seen order. */
export function findConstructs(sig: readonly Token[], context: ConstructContext): string[] {
  const found = new Set<string>();
  const add = (name: string) => found.add(name);
  if (context.kind === "trigger") add("trigger");
  if (context.functionKind === "multi_statement_table") add("multi-statement table function");
  if (context.hasParameters && context.kind === "procedure") add("parameters");
  if (context.hasOutputParameters) add("OUTPUT");

  /** The statement keyword most recently seen, to tell SELECT … INTO from INSERT INTO / FETCH … INTO. */
  let statement = "";
  for (let i = 0; i < sig.length; i++) {
    const t = sig[i]!;
    const prev = sig[i - 1];
    const next = sig[i + 1];
    const w = upper(t);

    if (t.type === "temp") add("temp table");
    else if (t.type === "money") add("money literal");
    else if (t.type === "binary") add("binary literal");
    else if (t.type === "variable") {
      const v = t.text.toUpperCase();
      if (v === "@ROWCOUNT") add("@@ROWCOUNT");
      else if (v === "@IDENTITY") add("@@IDENTITY");
      else if (v === "@ERROR") add("@@ERROR");
      else if (v === "@FETCH_STATUS") add("cursor");
      else if (v === "@TRANCOUNT") add("transaction");
    } else if (t.type === "operator" && t.text === "+" && (prev?.type === "string" || next?.type === "string")) {
      add("string concatenation");
    }
    if (t.type !== "word") continue;

    if (isPunct(next, "(") && !isPunct(prev, ".")) {
      const syntax = SYNTAX_ALIASES[w] ?? w;
      if (SYNTAX_FUNCTIONS.has(syntax)) add(syntax);
      const construct = lookupFunction(w)?.construct;
      if (construct) add(construct);
      if (w === "ROUND" && argumentCount(sig, i + 1) >= 3) add("ROUND truncate");
    }
    if (isPunct(prev, ".") && isPunct(next, "(") && XML_METHODS.has(w)) add("XML methods");

    switch (w) {
      case "SELECT":
      case "INSERT":
      case "UPDATE":
      case "DELETE":
      case "MERGE":
      case "FETCH":
      case "OUTPUT":
        statement = w;
        break;
    }

    switch (w) {
      case "TOP": {
        add("TOP");
        // TOP (n) PERCENT / TOP n PERCENT
        const after = isPunct(next, "(") ? sig[closingParen(sig, i + 1) + 1] : sig[i + 2];
        if (upper(after) === "PERCENT") add("TOP PERCENT");
        break;
      }
      case "TIES":
        if (upper(prev) === "WITH") add("WITH TIES");
        break;
      case "ROWCOUNT":
        if (upper(prev) === "SET") add("SET ROWCOUNT");
        break;
      case "BY":
        if (upper(prev) === "ORDER") add("ORDER BY");
        break;
      case "LIKE":
        if (next?.type === "string" && /\[/.test(next.text)) add("LIKE brackets");
        break;
      case "COLLATE":
        add("COLLATE");
        break;
      case "XML":
        if (upper(prev) === "FOR") add("FOR XML");
        break;
      case "JSON":
        if (upper(prev) === "FOR") add("FOR JSON");
        break;
      case "APPLY":
        if (upper(prev) === "CROSS" || upper(prev) === "OUTER") add("APPLY");
        break;
      case "PIVOT":
      case "UNPIVOT":
        add(w);
        break;
      case "ROLLUP":
      case "CUBE":
        if (upper(prev) === "WITH") add("WITH ROLLUP");
        break;
      case "OPTION":
        if (isPunct(next, "(")) add("OPTION");
        break;
      case "IF":
        add("IF");
        break;
      case "WHILE":
        add("WHILE");
        break;
      case "CURSOR":
        add("cursor");
        break;
      case "DECLARE":
        if (next?.type === "variable") {
          const kind = upper(sig[i + 2]) === "AS" ? upper(sig[i + 3]) : upper(sig[i + 2]);
          if (kind === "TABLE") add("table variable");
          else if (kind === "CURSOR") add("cursor");
          else add("variables");
        }
        break;
      case "SET":
        if (next?.type === "variable") add("variables");
        break;
      case "INTO":
        if (statement === "SELECT" && upper(prev) !== "INSERT" && next?.type !== "variable") add("SELECT INTO");
        break;
      case "INSERT":
        add("INSERT");
        break;
      case "UPDATE":
        // IF UPDATE(col) in a trigger is a function; UPDATE STATISTICS is maintenance.
        if (!isPunct(next, "(") && upper(next) !== "STATISTICS") add("UPDATE");
        break;
      case "DELETE":
        add("DELETE");
        break;
      case "TRUNCATE":
        add("TRUNCATE");
        break;
      case "MERGE":
        add("MERGE");
        break;
      case "TRY":
        if (upper(prev) === "BEGIN") add("TRY/CATCH");
        break;
      case "TRAN":
      case "TRANSACTION":
        add("transaction");
        break;
      case "COMMIT":
      case "ROLLBACK":
        add("transaction");
        break;
      case "THROW":
        add("THROW");
        break;
      case "GOTO":
        add("GOTO");
        break;
      case "WAITFOR":
        add("WAITFOR");
        break;
      case "OUTPUT":
      case "OUT":
        add("OUTPUT");
        break;
      case "SP_EXECUTESQL":
        add("dynamic SQL");
        break;
      case "EXEC":
      case "EXECUTE": {
        // EXEC (@sql), EXEC ('…'), EXEC @procName: dynamic. EXEC @rc = proc: a normal call.
        if (
          isPunct(next, "(") ||
          (next?.type === "variable" && !(sig[i + 2]?.type === "operator" && sig[i + 2]!.text === "="))
        ) {
          add("dynamic SQL");
        } else if (!/^sp_executesql$/i.test(next?.text ?? "")) add("EXEC");
        break;
      }
    }
    // SELECT @v = … assigns a variable.
    if (w === "SELECT" && next?.type === "variable" && sig[i + 2]?.type === "operator" && sig[i + 2]!.text === "=")
      add("variables");
    // WITH (NOLOCK) and the legacy Orders (NOLOCK)
    const closesHint = isPunct(next, ")") || isPunct(next, ",");
    if (
      TABLE_HINTS.has(w) &&
      closesHint &&
      isPunct(prev, "(") &&
      (upper(sig[i - 2]) === "WITH" || sig[i - 2]?.type === "word" || sig[i - 2]?.type === "quoted")
    ) {
      if (w !== "INDEX" || upper(sig[i - 2]) === "WITH") add("table hints");
    }
  }
  return [...found];
}
