import type { Catalog } from "~/agents/catalog/schema";
import { FROM_CLAUSE_END, relationName } from "~/agents/dialect/postgres";
import type { RunError } from "~/agents/dialect/errors";
import { rewriteBuiltinCall } from "~/agents/translate/call-text";
import { lookupFunction } from "~/agents/translate/functions";
import { CLAUSE_WORDS, expressionAround, leftOperand, rightOperand, type Span } from "./operands";
import { quoteIdent } from "~/agents/translate/literals";
import {
  applyEdits,
  callArguments,
  type Edit,
  matchingParen,
  significant,
  textOf,
  type Token,
  tokenize,
} from "./tokens";

export type RepairContext = {
  /** The model's dbt SQL (Jinja included): what is repaired. */
  sql: string;
  /** Its significant tokens. */
  tokens: Token[];
  /** Index in `tokens` of the token PostgreSQL pointed at, when it gave a position and it could be mapped. */
  at?: number;
  error: RunError;
  catalog?: Catalog;
};

export type Rule = {
  name: string;
  /** What the rule fixes, for the report. */
  description: string;
  /** SQLSTATEs the rule applies to (any when absent). */
  codes?: string[];
  pattern: RegExp;
  apply: (context: RepairContext, match: RegExpExecArray) => string | null;
};

const TEXT_TYPES = "text|character varying|character|unknown|name";
const NUMBER_TYPES = "integer|bigint|smallint|numeric";
const COMPARISON = "=|<>|!=|<|>|<=|>=";

/**
 * The repair rules, tried in order; the first that matches the error and can edit the SQL wins. Each is keyed by
 * PostgreSQL's SQLSTATE and message, and each corresponds to a T-SQL idiom that survived translation.
 */
export const RULES: Rule[] = [
  {
    name: "string-concatenation",
    description: "T-SQL `+` on strings → `||` (for the whole `a + b + c` chain)",
    codes: ["42883"],
    pattern: new RegExp(`^operator does not exist: (?:(?:${TEXT_TYPES}) \\+ \\S.*|.* \\+ (?:${TEXT_TYPES}))$`),
    apply: ({ sql, tokens, at }) => {
      if (at === undefined || tokens[at]?.raw !== "+") return null;
      const span = expressionAround(tokens, at);
      const edits: Edit[] = [];
      let depth = 0;
      for (let i = span.start; i <= span.end; i++) {
        const raw = tokens[i]!.raw;
        if (raw === "(") depth++;
        else if (raw === ")") depth--;
        else if (raw === "+" && depth === 0) edits.push({ start: tokens[i]!.start, end: tokens[i]!.end, text: "||" });
      }
      return applyEdits(sql, edits);
    },
  },
  {
    name: "datepart-unit",
    description: "T-SQL DATEPART/DATENAME(unit, d) → date_part / to_char",
    codes: ["42703", "42883"],
    pattern: /^(?:column "?([\w.]+)"? does not exist|function (datepart|datename)\(.*\) does not exist)$/,
    apply: ({ sql, tokens, at }, match) => {
      if (match[1] !== undefined) {
        // The unit (`year`, `yy`) read as a column: only when it is the first argument of DATEPART/DATENAME.
        if (
          at === undefined ||
          tokens[at - 1]?.raw !== "(" ||
          !/^(datepart|datename)$/.test(tokens[at - 2]?.value ?? "")
        )
          return null;
      }
      // The registry's own DATEPART/DATENAME, so the unit names and DATEFIRST rules live in one place.
      const once = rewriteCalls(sql, ["datepart", "datename"], (name, args, text) =>
        rewriteBuiltinCall(
          name,
          args.map((a) => text(a).replace(/^'(\w+)'$/, "$1")),
        ),
      );
      return once === sql ? null : once;
    },
  },
  {
    name: "tsql-function",
    description: "a T-SQL function left in the SQL → its PostgreSQL equivalent (ISNULL, LEN, GETDATE, CHARINDEX…)",
    codes: ["42883"],
    pattern: /^function (?:dbo\.)?(\w+)\((.*)\) does not exist$/,
    apply: ({ sql }, match) => {
      const name = match[1]!.toLowerCase();
      if (!lookupFunction(name)) return null;
      const result = rewriteCalls(sql, [name], (_, args, text) => rewriteBuiltinCall(name, args.map(text)));
      return result === sql ? null : result;
    },
  },
  {
    name: "date-part-of-text",
    description: "date_part/extract on a text value → cast it to timestamp first",
    codes: ["42883"],
    pattern: new RegExp(
      `^function (?:pg_catalog\\.)?(date_part|extract)\\(unknown, (?:${TEXT_TYPES})\\) does not exist$`,
    ),
    apply: ({ sql, tokens }, match) => {
      const name = match[1]!;
      const edits: Edit[] = [];
      tokens.forEach((t, i) => {
        if (t.type !== "word" || t.value !== name || tokens[i + 1]?.raw !== "(") return;
        const close = matchingParen(tokens, i + 1);
        if (close < 0) return;
        // date_part('year', x) → second argument; extract(year from x) → after `from`.
        const args = callArguments(tokens, i + 1)!;
        const value =
          name === "date_part"
            ? args[1]
            : { start: tokens.findIndex((u, k) => k > i && k < close && u.value === "from") + 1, end: close - 1 };
        if (!value || value.start <= 0 || value.start > value.end) return;
        const text = textOf(sql, tokens, value.start, value.end);
        if (/^cast\(.* as timestamp\)$/is.test(text.trim())) return;
        edits.push({
          start: tokens[value.start]!.start,
          end: tokens[value.end]!.end,
          text: `cast(${text} as timestamp)`,
        });
      });
      return edits.length ? applyEdits(sql, edits) : null;
    },
  },
  {
    name: "round-float",
    description: "round(double precision|real, n) does not exist → round the value as numeric",
    codes: ["42883"],
    pattern: /^function round\((double precision|real), integer\) does not exist$/,
    apply: ({ sql }) => {
      const result = rewriteCalls(sql, ["round"], (name, args, text) =>
        args.length === 2 && !/^cast\(/i.test(text(args[0]!))
          ? `${name}(cast(${text(args[0]!)} as numeric), ${text(args[1]!)})`
          : undefined,
      );
      return result === sql ? null : result;
    },
  },
  {
    name: "number-text-comparison",
    description: "a number compared with text → cast the text side to the number's type, as SQL Server converts it",
    codes: ["42883"],
    pattern: new RegExp(
      `^operator does not exist: (?:(${NUMBER_TYPES}) (${COMPARISON}) (?:${TEXT_TYPES})|(?:${TEXT_TYPES}) (${COMPARISON}) (${NUMBER_TYPES}))$`,
    ),
    apply: ({ sql, tokens, at }, match) => {
      if (at === undefined || tokens[at]?.raw !== (match[2] ?? match[3])) return null;
      const textOnRight = match[1] !== undefined;
      const type = match[1] ?? match[4]!;
      const operand = textOnRight ? rightOperand(tokens, at) : leftOperand(tokens, at);
      return operand ? wrap(sql, tokens, operand, (text) => `cast(${text} as ${type})`) : null;
    },
  },
  {
    name: "boolean-integer-comparison",
    description: "bit compared with 1/0 → true/false (bit became boolean)",
    codes: ["42883"],
    pattern: new RegExp(
      `^operator does not exist: (?:boolean (${COMPARISON}) (integer|smallint|bigint)|(integer|smallint|bigint) (${COMPARISON}) boolean)$`,
    ),
    apply: ({ sql, tokens, at }, match) => {
      if (at === undefined || tokens[at]?.raw !== (match[1] ?? match[4])) return null;
      const operand = match[1] !== undefined ? rightOperand(tokens, at) : leftOperand(tokens, at);
      if (!operand) return null;
      return wrap(sql, tokens, operand, (text) =>
        text.trim() === "1" ? "true" : text.trim() === "0" ? "false" : `(${text} <> 0)`,
      );
    },
  },
  {
    name: "datetime-plus-days",
    description: "datetime ± integer (T-SQL adds days) → ± n * interval '1 day'",
    codes: ["42883"],
    pattern:
      /^operator does not exist: (?:timestamp without time zone ([+-]) (integer|bigint|smallint|numeric)|(integer|bigint|smallint|numeric) \+ timestamp without time zone)$/,
    apply: ({ sql, tokens, at }, match) => {
      if (at === undefined || !/^[+-]$/.test(tokens[at]?.raw ?? "")) return null;
      const operand = match[1] !== undefined ? rightOperand(tokens, at) : leftOperand(tokens, at);
      return operand ? wrap(sql, tokens, operand, (text) => `(${text}) * interval '1 day'`) : null;
    },
  },
  {
    name: "column-case",
    description: "column name folded to lower case → the catalog's (or PostgreSQL's hinted) spelling, quoted",
    codes: ["42703"],
    pattern: /^column (?:"([^"]+)"|(?:\S+\.)?(\S+)) does not exist$/,
    apply: ({ sql, tokens, at, error, catalog }, match) => {
      const missing = match[1] ?? match[2]!;
      const spelling = hintedColumn(error.hint, missing) ?? catalogColumn(catalog, missing);
      if (!spelling || spelling === missing) return null;
      // A catalog column is held within 63 bytes (columnIdent); a hinted one already is.
      return replaceNames(sql, tokens, missing, quoteIdent(relationName(spelling)), at);
    },
  },
  {
    name: "relation-case",
    description: "table name folded to lower case → the catalog's spelling, quoted and schema-qualified",
    codes: ["42P01"],
    pattern: /^relation "(?:([^".]+)\.)?([^"]+)" does not exist$/,
    apply: ({ sql, tokens, catalog }, match) => {
      const schema = match[1];
      const name = match[2]!;
      const table = catalog?.tables.find(
        (t) =>
          t.name.toLowerCase() === name.toLowerCase() &&
          (schema === undefined || t.schema.toLowerCase() === schema.toLowerCase()),
      );
      if (!table) return null;
      const replacement = `${quoteIdent(relationName(table.schema))}.${quoteIdent(relationName(table.name))}`;
      const edits: Edit[] = [];
      const sameName = (t: Token | undefined, wanted: string) =>
        t !== undefined &&
        (t.type === "word" ? t.value === wanted.toLowerCase() : t.type === "quoted" && t.value === wanted);
      for (let i = 0; i < tokens.length; i++) {
        if (schema !== undefined) {
          if (
            sameName(tokens[i], schema) &&
            tokens[i + 1]?.raw === "." &&
            sameName(tokens[i + 2], name) &&
            tokens[i - 1]?.raw !== "."
          ) {
            edits.push({ start: tokens[i]!.start, end: tokens[i + 2]!.end, text: replacement });
            i += 2;
          }
        } else if (
          sameName(tokens[i], name) &&
          tokens[i - 1]?.raw !== "." &&
          tokens[i + 1]?.raw !== "." &&
          tokens[i + 1]?.raw !== "(" &&
          /^(from|join)$/.test(tokens[i - 1]?.value ?? "")
        ) {
          edits.push({ start: tokens[i]!.start, end: tokens[i]!.end, text: replacement });
        }
      }
      return edits.length ? applyEdits(sql, edits) : null;
    },
  },
  {
    name: "ambiguous-column",
    description: "ambiguous column → qualified with the FROM item whose table has it",
    codes: ["42702"],
    pattern: /^column reference "([^"]+)" is ambiguous$/,
    apply: ({ sql, tokens, at, catalog }, match) => {
      if (at === undefined) return null;
      const token = tokens[at]!;
      const column = match[1]!;
      if (
        !(token.type === "word" ? token.value === column.toLowerCase() : token.value === column) ||
        tokens[at - 1]?.raw === "."
      )
        return null;
      const items = fromItems(sql, tokens, at);
      if (items.length === 0) return null;
      const hasColumn = (item: FromItem) =>
        catalog?.tables.some(
          (t) =>
            t.name.toLowerCase() === item.table?.toLowerCase() &&
            t.columns.some((c) => c.name.toLowerCase() === column.toLowerCase()),
        );
      const item = items.find(hasColumn) ?? items[0]!;
      return applyEdits(sql, [{ start: token.start, end: token.end, text: `${item.qualifier}.${token.raw}` }]);
    },
  },
  {
    name: "trailing-semicolon",
    description: "a `;` ending the model → removed (dbt wraps the SQL in a statement of its own)",
    codes: ["42601"],
    pattern: /^syntax error at or near ";"$/,
    apply: ({ sql, tokens }) => {
      let last = tokens.length - 1;
      while (last >= 0 && tokens[last]!.type === "jinja" && /^\{[#%]/.test(tokens[last]!.raw)) last--;
      if (tokens[last]?.raw !== ";") return null;
      const edits: Edit[] = [];
      while (tokens[last]?.raw === ";") {
        edits.push({ start: tokens[last]!.start, end: tokens[last]!.end, text: "" });
        last--;
      }
      return applyEdits(sql, edits);
    },
  },
  {
    name: "bracket-identifiers",
    description: 'T-SQL [bracketed] names → "quoted" identifiers',
    codes: ["42601"],
    pattern: /^syntax error at or near "\["$/,
    apply: ({ sql, tokens }) => {
      const edits: Edit[] = [];
      for (let i = 0; i < tokens.length; i++) {
        if (tokens[i]!.raw !== "[") continue;
        const close = tokens.findIndex((t, k) => k > i && t.raw === "]");
        if (close < 0) break;
        const inner = sql.slice(tokens[i]!.end, tokens[close]!.start);
        edits.push({ start: tokens[i]!.start, end: tokens[close]!.end, text: quoteIdent(inner) });
        i = close;
      }
      return edits.length ? applyEdits(sql, edits) : null;
    },
  },
];

/**
 * Rewrites every call of the named functions (not schema-qualified), innermost first: after each rewrite the
 * SQL is tokenized again, so a call nested in another's arguments is rewritten too.
 */
function rewriteCalls(
  sql: string,
  names: string[],
  build: (name: string, args: Span[], text: (span: Span) => string) => string | undefined,
): string {
  let current = sql;
  const declined = new Set<number>();
  for (let pass = 0; pass < 200; pass++) {
    const tokens = significant(tokenize(current));
    const calls = tokens
      .map((t, i) => ({ t, i }))
      .filter(
        ({ t, i }) =>
          t.type === "word" &&
          names.includes(t.value) &&
          tokens[i + 1]?.raw === "(" &&
          tokens[i - 1]?.raw !== "." &&
          !declined.has(t.start),
      );
    // Innermost first: the last call that starts before the others' ends.
    const call = calls.reverse().find(({ i }) => matchingParen(tokens, i + 1) >= 0);
    if (!call) break;
    const close = matchingParen(tokens, call.i + 1);
    const args = callArguments(tokens, call.i + 1)!;
    const replacement = build(call.t.value, args, (span) => textOf(current, tokens, span.start, span.end));
    if (replacement === undefined) {
      declined.add(call.t.start);
      continue;
    }
    current = applyEdits(current, [{ start: call.t.start, end: tokens[close]!.end, text: replacement }]);
    declined.clear(); // offsets moved
  }
  return current;
}

function wrap(sql: string, tokens: Token[], span: Span, build: (text: string) => string): string {
  const text = textOf(sql, tokens, span.start, span.end);
  return applyEdits(sql, [{ start: tokens[span.start]!.start, end: tokens[span.end]!.end, text: build(text) }]);
}

/** PostgreSQL's `Perhaps you meant to reference the column "o.OrderID".`, when it differs only in case. */
function hintedColumn(hint: string | undefined, missing: string): string | undefined {
  const match = /Perhaps you meant to reference the column "(?:[^"]*\.)?([^".]+)"/.exec(hint ?? "");
  return match && match[1]!.toLowerCase() === missing.toLowerCase() ? match[1] : undefined;
}

function catalogColumn(catalog: Catalog | undefined, missing: string): string | undefined {
  const spellings = new Set<string>();
  for (const table of catalog?.tables ?? [])
    for (const c of table.columns) if (c.name.toLowerCase() === missing.toLowerCase()) spellings.add(c.name);
  return spellings.size === 1 ? [...spellings][0] : undefined;
}

/** Words that are also SQL syntax (`extract(year from …)`): replaced only at the error position. */
const SYNTAX_WORDS = new Set([
  "year",
  "month",
  "day",
  "hour",
  "minute",
  "second",
  "date",
  "time",
  "timestamp",
  "interval",
  "zone",
  "position",
  "value",
  "name",
  "type",
]);

function replaceNames(
  sql: string,
  tokens: Token[],
  missing: string,
  replacement: string,
  at: number | undefined,
): string | null {
  const edits: Edit[] = [];
  tokens.forEach((t, i) => {
    const same =
      t.type === "word"
        ? t.value === missing.toLowerCase() && missing === missing.toLowerCase()
        : t.type === "quoted" && t.value === missing;
    if (!same) return;
    if (tokens[i + 1]?.raw === "(" || tokens[i - 1]?.raw === "::") return;
    if (t.type === "word" && (SYNTAX_WORDS.has(t.value) || CLAUSE_WORDS.has(t.value)) && i !== at) return;
    edits.push({ start: t.start, end: t.end, text: replacement });
  });
  return edits.length ? applyEdits(sql, edits) : null;
}

type FromItem = { qualifier: string; table?: string };

/** The FROM items (alias or name, and the table behind it) of the query block holding token `at`. */
function fromItems(sql: string, tokens: Token[], at: number): FromItem[] {
  const depth: number[] = [];
  let d = 0;
  for (const t of tokens) {
    if (t.raw === ")") d--;
    depth.push(d);
    if (t.raw === "(") d++;
  }
  const level = depth[at]!;
  // The block's SELECT: the nearest one before `at` at the same depth.
  let select = -1;
  for (let i = at; i >= 0; i--) {
    if (depth[i]! < level) break;
    if (depth[i] === level && tokens[i]!.value === "select") {
      select = i;
      break;
    }
  }
  if (select < 0) return [];
  let from = -1;
  for (let i = select + 1; i < tokens.length && depth[i]! >= level; i++) {
    if (depth[i] === level && tokens[i]!.value === "from") {
      from = i;
      break;
    }
  }
  if (from < 0) return [];

  const items: FromItem[] = [];
  const JOIN = new Set([
    "join",
    "left",
    "right",
    "inner",
    "full",
    "cross",
    "natural",
    "outer",
    "on",
    "using",
    "lateral",
  ]);
  let i = from + 1;
  while (i < tokens.length && depth[i]! >= level) {
    const t = tokens[i]!;
    if (depth[i] !== level) {
      i++;
      continue;
    }
    if (t.type === "word" && FROM_CLAUSE_END.has(t.value)) break;
    if (t.raw === ")") break;
    // Start of an item: after FROM, a comma or JOIN.
    const previous = tokens[i - 1]!;
    const starts = i === from + 1 || previous.raw === "," || previous.value === "join" || previous.value === "lateral";
    if (!starts || (t.type === "word" && JOIN.has(t.value))) {
      i++;
      continue;
    }
    let end = i;
    let table: string | undefined;
    if (t.raw === "(") end = matchingParen(tokens, i);
    else if (t.type === "jinja") table = /source\(\s*['"][^'"]*['"]\s*,\s*['"]([^'"]+)['"]/.exec(t.raw)?.[1];
    else {
      while (tokens[end + 1]?.raw === "." && tokens[end + 2]) end += 2;
      table = tokens[end]!.value;
    }
    if (end < 0) break;
    let alias: Token | undefined;
    let next = end + 1;
    if (tokens[next]?.value === "as") next++;
    const candidate = tokens[next];
    if (
      candidate &&
      (candidate.type === "quoted" ||
        (candidate.type === "word" &&
          !CLAUSE_WORDS.has(candidate.value) &&
          !JOIN.has(candidate.value) &&
          !FROM_CLAUSE_END.has(candidate.value)))
    )
      alias = candidate;
    items.push({ qualifier: alias ? alias.raw : textOf(sql, tokens, i, end), table });
    i = alias ? next + 1 : end + 1;
  }
  return items;
}
