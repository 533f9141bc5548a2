import type { Token } from "~/agents/tsql/lexer";
import { type Construct, lookupFunction } from "~/agents/translate/functions";
import { closingParen } from "./references";

/** Every construct's scoring, by name: the one vocabulary (agents/translate/functions/constructs.ts). */
export { constructRule } from "~/agents/translate/functions";

/** Conversions are syntax (CAST … AS), not registry functions; FORMAT, OPENJSON and RAISERROR are checklist rows too. */
const SYNTAX_FUNCTIONS = new Set<Construct>([
  "CONVERT",
  "CAST",
  "TRY_CAST",
  "TRY_CONVERT",
  "PARSE",
  "TRY_PARSE",
  "FORMAT",
  "OPENJSON",
  "RAISERROR",
]);
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
export function findConstructs(sig: readonly Token[], context: ConstructContext): Construct[] {
  const found = new Set<Construct>();
  const add = (name: Construct) => found.add(name);
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
      if (SYNTAX_FUNCTIONS.has(w as Construct)) add(w as Construct);
      const construct = lookupFunction(w)?.construct;
      if (construct) add(construct as Construct);
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
        if (upper(prev) === "WITH") add("WITH ROLLUP");
        break;
      case "CUBE":
        if (upper(prev) === "WITH") add("WITH CUBE");
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
