import { FROM_CLAUSE_END } from "~/agents/dialect/postgres";

/**
 * Validation of what the LLM sends back, before anything uses it. The reply is untrusted output (the T-SQL
 * it was given is untrusted input and may have steered it), so a reply is accepted only when:
 * - it holds exactly one fenced ```sql block (no block, two blocks, or an unterminated one → refused);
 * - the block is one read-only query: it starts with SELECT or WITH, has no `;` followed by another
 *   statement, and none of the statement keywords that write or run things (DROP, INSERT, UPDATE, DELETE,
 *   CREATE, ALTER, GRANT, REVOKE, COPY, TRUNCATE, MERGE, EXECUTE, CALL, DO, SELECT … INTO, TABLE …);
 * - it calls none of PostgreSQL's server-side file/session/process functions (pg_read_file, lo_import,
 *   dblink, pg_sleep, set_config, query_to_xml…);
 * - every relation it reads is a `{{ ref() }}`/`{{ source() }}` from the refs it was given, a CTE it defines,
 *   a subquery, `{{ this }}`, or a set-returning function such as generate_series/unnest; anything else
 *   (a bare or schema-qualified table name, a ref/source not in the list) is refused;
 * - its Jinja is limited to ref, source, config, var, this, is_incremental and the macros it was told
 *   about (whose SQL arguments are checked like the rest): no run_query, env_var, set, for, …
 *
 * This is a static gate, not a proof of correctness: the pipeline still compiles and runs the model in the
 * sandbox Tester (an isolated database and role) before trusting it.
 */

export type RefEntry = {
  /** The object as the T-SQL names it, e.g. `dbo.Orders`. */
  name: string;
  /** How the model must reference it: `{{ ref('stg_northwind__orders') }}` or `{{ source('northwind', 'orders') }}`. */
  jinja: string;
};

export type CheckOptions = {
  refs: readonly RefEntry[];
  /** Project macros the model may call (scalar UDFs translated to macros). */
  macros?: readonly string[];
};

export type SqlAnswer = { ok: true; sql: string; notes: string } | { ok: false; error: string };

const MAX_NOTES_CHARS = 4000;

/** Parses and checks a reply that must be exactly one ```sql block, optionally followed by notes. */
export function parseSqlAnswer(text: string, options: CheckOptions & { stopReason?: string | null }): SqlAnswer {
  if (options.stopReason === "max_tokens") return { ok: false, error: "the reply was cut off at max_tokens" };
  if (options.stopReason === "refusal") return { ok: false, error: "the model refused" };
  const lines = text.split(/\r?\n/);
  const fences = lines.map((line, i) => ({ line, i })).filter(({ line }) => /^\s*(```|~~~)/.test(line));
  if (fences.length === 0) return { ok: false, error: "no ```sql block in the reply" };
  if (fences.length === 1) return { ok: false, error: "unterminated ``` block in the reply" };
  if (fences.length > 2)
    return {
      ok: false,
      error: `more than one fenced block in the reply (${fences.length} fence lines); exactly one \`\`\`sql block is required`,
    };
  const [open, close] = fences as [{ line: string; i: number }, { line: string; i: number }];
  const lang = open.line
    .trim()
    .replace(/^(```|~~~)/, "")
    .trim();
  if (!/^(sql|postgres|postgresql|pgsql)?$/i.test(lang))
    return { ok: false, error: `the fenced block is \`${lang}\`, not sql` };
  if (
    close.line
      .trim()
      .replace(/^(```|~~~)/, "")
      .trim() !== ""
  )
    return { ok: false, error: "malformed closing fence" };

  const body = lines
    .slice(open.i + 1, close.i)
    .join("\n")
    .trim();
  if (!body) return { ok: false, error: "the ```sql block is empty" };
  const checked = checkModelSql(body, options);
  if (!checked.ok) return checked;

  const outside = [...lines.slice(0, open.i), ...lines.slice(close.i + 1)].join("\n").trim();
  const notes = outside
    .replace(/^\s*(#+\s*)?notes\s*:?\s*/i, "")
    .trim()
    .slice(0, MAX_NOTES_CHARS);
  return { ok: true, sql: checked.sql, notes };
}

// ---------------------------------------------------------------------------------------------------------
// The SQL checks

type Token = { t: "word" | "qident" | "string" | "number" | "punct"; v: string };

const FORBIDDEN_WORDS = new Set([
  "drop",
  "insert",
  "update",
  "delete",
  "create",
  "alter",
  "grant",
  "revoke",
  "copy",
  "truncate",
  "merge",
  "execute",
  "exec",
  "call",
  "do",
  "vacuum",
  "reindex",
  "into",
  "table",
  "listen",
  "notify",
]);

const FORBIDDEN_FUNCTION_PREFIXES = [
  "pg_read_",
  "pg_ls_",
  "pg_file_",
  "pg_stat_file",
  "lo_",
  "dblink",
  "pg_sleep",
  "pg_advisory",
  "pg_terminate_backend",
  "pg_cancel_backend",
  "pg_reload_conf",
  "pg_rotate_logfile",
  "pg_promote",
  "pg_switch_wal",
  "pg_create_restore_point",
  "pg_logical_emit_message",
  "pg_replication_origin",
  "pg_export_snapshot",
  "pg_notify",
];
const FORBIDDEN_FUNCTIONS = new Set([
  "set_config",
  "nextval",
  "setval",
  "query_to_xml",
  "query_to_xmlschema",
  "query_to_xml_and_xmlschema",
  "cursor_to_xml",
  "cursor_to_xmlschema",
  "table_to_xml",
  "table_to_xmlschema",
  "table_to_xml_and_xmlschema",
  "schema_to_xml",
  "database_to_xml",
  "txid_current",
  "pg_current_xact_id",
]);

/** Set-returning functions a model may select FROM. */
const FROM_FUNCTIONS = new Set([
  "generate_series",
  "generate_subscripts",
  "unnest",
  "regexp_split_to_table",
  "regexp_matches",
  "string_to_table",
  "json_array_elements",
  "json_array_elements_text",
  "jsonb_array_elements",
  "jsonb_array_elements_text",
  "json_each",
  "json_each_text",
  "jsonb_each",
  "jsonb_each_text",
  "json_object_keys",
  "jsonb_object_keys",
  "json_to_record",
  "jsonb_to_record",
  "json_to_recordset",
  "jsonb_to_recordset",
  "json_populate_record",
  "jsonb_populate_record",
  "json_populate_recordset",
  "jsonb_populate_recordset",
  "jsonb_path_query",
]);

/** Functions whose argument syntax uses FROM without naming a relation. */
const FROM_IN_ARGUMENTS = new Set(["extract", "substring", "trim", "overlay"]);

const REL_PLACEHOLDER = /^__dbt_(rel_\d+|this)__$/;

/** Checks one dbt model's SQL; returns it normalised (no trailing `;`). */
export function checkModelSql(
  sql: string,
  options: CheckOptions,
): { ok: true; sql: string } | { ok: false; error: string } {
  const jinja = stripJinja(sql, options);
  if (!jinja.ok) return jinja;
  const lexed = tokenize(jinja.sql);
  if (!lexed.ok) return lexed;
  const tokens = lexed.tokens;
  if (tokens.length === 0) return { ok: false, error: "the SQL is empty" };

  // One statement: a `;` may only end it.
  const semi = tokens.findIndex((tk) => tk.t === "punct" && tk.v === ";");
  if (semi >= 0 && semi < tokens.length - 1)
    return { ok: false, error: "more than one statement (`;` followed by more SQL)" };
  const body = semi >= 0 ? tokens.slice(0, semi) : tokens;
  const first = body.find((tk) => !(tk.t === "punct" && tk.v === "("));
  if (!first || first.t !== "word" || !["select", "with"].includes(first.v)) {
    return {
      ok: false,
      error: `the model must be a single SELECT or WITH query, not ${first ? `\`${first.v.toUpperCase()}\`` : "nothing"}`,
    };
  }

  for (let i = 0; i < body.length; i++) {
    const tk = body[i]!;
    if (tk.t !== "word") continue;
    if (FORBIDDEN_WORDS.has(tk.v))
      return { ok: false, error: `\`${tk.v.toUpperCase()}\` is not allowed: the model must be a read-only SELECT` };
    if (
      body[i + 1]?.v === "(" &&
      (FORBIDDEN_FUNCTIONS.has(tk.v) || FORBIDDEN_FUNCTION_PREFIXES.some((p) => tk.v.startsWith(p)))
    ) {
      return { ok: false, error: `function ${tk.v}() is not allowed in a model` };
    }
  }

  const relations = checkRelations(body);
  if (!relations.ok) return relations;

  let normalised = sql.trim();
  if (semi >= 0) {
    if (!/;\s*$/.test(normalised))
      return { ok: false, error: "a trailing `;` followed by a comment: end the query without `;`" };
    normalised = normalised.replace(/;\s*$/, "").trimEnd();
  }
  return { ok: true, sql: normalised };
}

function nameOf(tk: Token): string {
  return tk.t === "qident" ? tk.v : tk.v.toLowerCase();
}

/** Every relation read (after FROM, JOIN, and commas in a FROM list) must be allowed. */
function checkRelations(tokens: Token[]): { ok: true } | { ok: false; error: string } {
  // CTE names: `name [(cols)] AS [NOT] [MATERIALIZED] (`.
  const ctes = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const tk = tokens[i]!;
    if (tk.t !== "word" && tk.t !== "qident") continue;
    let j = i + 1;
    if (tokens[j]?.v === "(") {
      let depth = 0;
      for (; j < tokens.length; j++) {
        if (tokens[j]!.v === "(") depth++;
        else if (tokens[j]!.v === ")" && --depth === 0) break;
      }
      j++;
    }
    if (tokens[j]?.t !== "word" || tokens[j]!.v !== "as") continue;
    j++;
    if (tokens[j]?.v === "not") j++;
    if (tokens[j]?.v === "materialized") j++;
    if (tokens[j]?.v === "(") ctes.add(nameOf(tk));
  }

  const checkItem = (k: number): string | null => {
    while (tokens[k]?.t === "word" && (tokens[k]!.v === "lateral" || tokens[k]!.v === "only")) k++;
    const tk = tokens[k];
    if (!tk) return "FROM/JOIN without a relation";
    if (tk.t === "punct" && tk.v === "(") return null;
    if (tk.t !== "word" && tk.t !== "qident") return `unexpected \`${tk.v}\` where a relation is expected`;
    const name = nameOf(tk);
    const next = tokens[k + 1];
    if (next?.t === "punct" && next.v === ".") {
      return `\`${tk.v}.${tokens[k + 2]?.v ?? ""}\` is a schema-qualified relation: read tables only through the {{ ref() }}/{{ source() }} given`;
    }
    if (next?.t === "punct" && next.v === "(") {
      return tk.t === "word" && FROM_FUNCTIONS.has(name) ? null : `\`${tk.v}(…)\` is not an allowed function in FROM`;
    }
    if (tk.t === "word" && REL_PLACEHOLDER.test(tk.v)) return null;
    if (ctes.has(name)) return null;
    return `relation \`${tk.v}\` is neither a CTE nor one of the {{ ref() }}/{{ source() }} given`;
  };

  const parens: (string | undefined)[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tk = tokens[i]!;
    if (tk.t === "punct" && tk.v === "(") {
      const before = tokens[i - 1];
      parens.push(before?.t === "word" ? before.v : undefined);
      continue;
    }
    if (tk.t === "punct" && tk.v === ")") {
      parens.pop();
      continue;
    }
    if (tk.t !== "word") continue;
    if (tk.v === "join") {
      const error = checkItem(i + 1);
      if (error) return { ok: false, error };
      continue;
    }
    if (tk.v !== "from") continue;
    const fn = parens.at(-1);
    if (fn && FROM_IN_ARGUMENTS.has(fn)) continue; // extract(year from x), substring(x from 2) …
    if (tokens[i - 1]?.t === "word" && tokens[i - 1]!.v === "distinct") continue; // IS [NOT] DISTINCT FROM
    const error = checkItem(i + 1);
    if (error) return { ok: false, error };
    // Commas at this depth, until the FROM clause ends, start further items.
    let depth = 0;
    for (let j = i + 1; j < tokens.length; j++) {
      const tj = tokens[j]!;
      if (tj.t === "punct" && tj.v === "(") depth++;
      else if (tj.t === "punct" && tj.v === ")") {
        if (--depth < 0) break;
      } else if (depth === 0 && tj.t === "word" && FROM_CLAUSE_END.has(tj.v)) break;
      else if (depth === 0 && tj.t === "punct" && (tj.v === "," || tj.v === ";")) {
        if (tj.v === ";") break;
        const itemError = checkItem(j + 1);
        if (itemError) return { ok: false, error: itemError };
      }
    }
  }
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------------------
// Jinja: only a known-safe subset, replaced by placeholders the SQL checks understand

const STR = String.raw`'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"`;
const LIT = String.raw`(?:${STR}|-?\d+(?:\.\d+)?|none|None|true|false|True|False)`;
const RE_REF = new RegExp(String.raw`^ref\(\s*(${STR})\s*(?:,\s*(${STR})\s*)?\)$`);
const RE_SOURCE = new RegExp(String.raw`^source\(\s*(${STR})\s*,\s*(${STR})\s*\)$`);
const RE_VAR = new RegExp(String.raw`^var\(\s*${STR}\s*(?:,\s*${LIT}\s*)?\)$`);
const RE_CONFIG = new RegExp(String.raw`^config\(\s*(?:\w+\s*=\s*(?:${LIT}|\[\s*(?:${LIT}\s*,?\s*)*\])\s*,?\s*)*\)$`);
const VAR_CALL = String.raw`var\(\s*${STR}\s*(?:,\s*${LIT}\s*)?\)`;
const RE_IF = new RegExp(
  String.raw`^(?:el)?if\s+(?:not\s+)?(?:is_incremental\(\s*\)|${VAR_CALL}\s+is\s+(?:not\s+)?none)$`,
);

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, "$1");
}

/** `ref:model`, `ref:package.model` or `source:name.table`, from a `{{ ref(…) }}`/`{{ source(…) }}` text. */
export function relationKey(jinja: string): string | undefined {
  const inner = jinja
    .trim()
    .replace(/^\{\{-?\s*/, "")
    .replace(/\s*-?\}\}$/, "")
    .trim();
  const ref = inner.match(RE_REF);
  if (ref) return ref[2] ? `ref:${unquote(ref[1]!)}.${unquote(ref[2])}` : `ref:${unquote(ref[1]!)}`;
  const source = inner.match(RE_SOURCE);
  if (source) return `source:${unquote(source[1]!)}.${unquote(source[2]!)}`;
  return undefined;
}

/** Splits `'a', "b", 3` into literals; undefined when anything else is there. */
function jinjaArgs(text: string): string[] | undefined {
  const args: string[] = [];
  const re = new RegExp(String.raw`\s*(${LIT})\s*(,|$)`, "y");
  let pos = 0;
  if (!text.trim()) return args;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return undefined;
    args.push(m[1]!);
    pos = re.lastIndex;
    if (m[2] === "") break;
  }
  return args;
}

function stripJinja(sql: string, options: CheckOptions): { ok: true; sql: string } | { ok: false; error: string } {
  const allowed = new Set(options.refs.map((r) => relationKey(r.jinja)).filter((k): k is string => !!k));
  const macros = new Set((options.macros ?? []).map((m) => m.toLowerCase()));
  let relations = 0;
  let error: string | undefined;
  const out = sql.replace(
    /\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}|\{#[\s\S]*?#\}/g,
    (match, expr: string | undefined, stmt: string | undefined) => {
      if (error) return " ";
      if (expr !== undefined) {
        const e = expr.replace(/^-/, "").replace(/-$/, "").trim();
        if (RE_REF.test(e) || RE_SOURCE.test(e)) {
          const key = relationKey(`{{ ${e} }}`)!;
          if (!allowed.has(key)) {
            error = `\`{{ ${e} }}\` is not one of the refs/sources provided`;
            return " ";
          }
          return ` __dbt_rel_${relations++}__ `;
        }
        if (e === "this") return " __dbt_this__ ";
        if (RE_VAR.test(e)) return "0";
        if (RE_CONFIG.test(e)) return " ";
        const call = e.match(/^([A-Za-z_]\w*)\s*\(([\s\S]*)\)$/);
        if (call && macros.has(call[1]!.toLowerCase())) {
          const args = jinjaArgs(call[2]!);
          if (args) {
            // String arguments are SQL the macro splices in: check them as SQL too.
            return ` __macro__(${args.map((a) => (a.startsWith("'") || a.startsWith('"') ? `(${unquote(a)})` : "0")).join(", ")}) `;
          }
        }
        error = `Jinja \`${match.trim().slice(0, 80)}\` is not allowed (only ref, source, var, config, this, is_incremental and the listed macros)`;
        return " ";
      }
      if (stmt !== undefined) {
        const s = stmt.replace(/^-/, "").replace(/-$/, "").trim();
        if (s === "else" || s === "endif" || RE_IF.test(s)) return " ";
        error = `Jinja \`${match.trim().slice(0, 80)}\` is not allowed (only if is_incremental()/var(…) is none, else, endif)`;
        return " ";
      }
      return " "; // {# comment #}
    },
  );
  if (error) return { ok: false, error };
  if (/\{\{|\}\}|\{%|%\}|\{#|#\}/.test(out)) return { ok: false, error: "unbalanced Jinja delimiters" };
  return { ok: true, sql: out };
}

// ---------------------------------------------------------------------------------------------------------
// A PostgreSQL lexer just good enough to tell words from strings, quoted identifiers and comments

function tokenize(sql: string): { ok: true; tokens: Token[] } | { ok: false; error: string } {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (c === "/" && sql[i + 1] === "*") {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === "/" && sql[i + 1] === "*") {
          depth++;
          i += 2;
        } else if (sql[i] === "*" && sql[i + 1] === "/") {
          depth--;
          i += 2;
        } else i++;
      }
      if (depth > 0) return { ok: false, error: "unterminated /* comment" };
      continue;
    }
    if (c === "'") {
      const end = readQuoted(sql, i, "'", false);
      if (end < 0) return { ok: false, error: "unterminated string literal" };
      tokens.push({ t: "string", v: sql.slice(i, end) });
      i = end;
      continue;
    }
    if (c === '"') {
      const end = readQuoted(sql, i, '"', false);
      if (end < 0) return { ok: false, error: "unterminated quoted identifier" };
      tokens.push({ t: "qident", v: sql.slice(i + 1, end - 1).replaceAll('""', '"') });
      i = end;
      continue;
    }
    if (c === "$") {
      const tag = sql.slice(i).match(/^\$([A-Za-z_][\w]*)?\$/);
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        if (close < 0) return { ok: false, error: "unterminated dollar-quoted string" };
        tokens.push({ t: "string", v: sql.slice(i, close + tag[0].length) });
        i = close + tag[0].length;
        continue;
      }
      const param = sql.slice(i).match(/^\$\d+/);
      tokens.push({ t: "punct", v: param ? param[0] : "$" });
      i += param ? param[0].length : 1;
      continue;
    }
    if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      const m = sql.slice(i).match(/^[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*/)!;
      const word = m[0];
      // E'…' (backslash escapes), B'…', X'…', N'…', U&'…' string prefixes.
      if (/^[ebxn]$/i.test(word) && sql[i + 1] === "'") {
        const end = readQuoted(sql, i + 1, "'", /^e$/i.test(word));
        if (end < 0) return { ok: false, error: "unterminated string literal" };
        tokens.push({ t: "string", v: sql.slice(i, end) });
        i = end;
        continue;
      }
      if (/^u$/i.test(word) && sql[i + 1] === "&" && (sql[i + 2] === "'" || sql[i + 2] === '"')) {
        const quote = sql[i + 2]!;
        const end = readQuoted(sql, i + 2, quote, false);
        if (end < 0) return { ok: false, error: "unterminated string literal" };
        tokens.push(
          quote === "'" ? { t: "string", v: sql.slice(i, end) } : { t: "qident", v: sql.slice(i + 3, end - 1) },
        );
        i = end;
        continue;
      }
      tokens.push({ t: "word", v: word.toLowerCase() });
      i += word.length;
      continue;
    }
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(sql[i + 1] ?? ""))) {
      const m = sql.slice(i).match(/^(\d[\d_]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?/)!;
      tokens.push({ t: "number", v: m[0] });
      i += m[0].length;
      continue;
    }
    if (c === ":" && sql[i + 1] === ":") {
      tokens.push({ t: "punct", v: "::" });
      i += 2;
      continue;
    }
    tokens.push({ t: "punct", v: c });
    i++;
  }
  return { ok: true, tokens };
}

/** Index just past the closing quote of a quoted run starting at `start`, or -1. Doubled quotes escape. */
function readQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i]!;
    if (backslashEscapes && c === "\\") {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return -1;
}
