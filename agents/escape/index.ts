/**
 * Every text that comes from the user's database (names, string literals, comments, definitions) and lands in a
 * generated file is escaped here, for the context it lands in. Generated SQL is also a Jinja template (dbt
 * renders every model), so SQL text that holds Jinja delimiters is written as a Jinja expression that prints it:
 * whatever the input holds, dbt and our compiler print it back as inert text and never evaluate it.
 */

/** A double-quoted PostgreSQL identifier (SQL context only). */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A single-quoted PostgreSQL string literal (SQL context only; standard_conforming_strings, so `\` is plain). */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * A T-SQL Unicode string literal, for T-SQL the engine writes itself to read again (computed VALUES rows, the
 * sample's script): `N'…'`, where doubling `'` is the whole rule (T-SQL strings have no backslash escapes).
 */
export function tsqlString(value: string): string {
  return `N'${value.replaceAll("'", "''")}'`;
}

/** Where Jinja would start a tag, an expression or a comment. */
const JINJA_OPENER = /\{[{%#]/;

/** A single-quoted Jinja string literal that evaluates to `text` exactly, in dbt's Jinja and in ours. */
export function jinjaString(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/**
 * SQL text (an identifier or literal already quoted for SQL) placed in a Jinja template: unchanged when it holds
 * no Jinja opener, else `{{ '<text>' }}`, which renders to exactly the text. `{% raw %}` is not used: a value
 * holding `{% endraw %}` would close it.
 */
export function inJinja(sql: string): string {
  return JINJA_OPENER.test(sql) ? `{{ ${jinjaString(sql)} }}` : sql;
}

/** A YAML value dbt renders as Jinja (a source's `identifier:`, descriptions): the text itself, inert. */
export const jinjaText = inJinja;

/** Text inside a `--` SQL comment or a one-line description: no line breaks, no Jinja openers. */
export function lineCommentText(text: string): string {
  return text.replace(/\{([{%#])/g, "{ $1").replace(/\r?\n|\r/g, " ");
}

/** Text inside a Jinja comment `{# … #}`, which must not close it early. */
export function jinjaCommentText(text: string): string {
  return text.replaceAll("#}", "# }");
}

/** Largest model SQL an owner may save from the editor (a translated model is rarely a tenth of it). */
export const MAX_MODEL_EDIT_BYTES = 256 * 1024;

/** Jinja functions a model the owner edits may call: dbt's relations, vars and the model's own config. */
const MODEL_EDIT_CALLS = new Set(["ref", "source", "var", "config", "is_incremental"]);
/** Jinja statements it may use: conditions, loops and local names; never a macro, a call block or a `do`. */
const MODEL_EDIT_TAGS = new Set(["if", "elif", "else", "endif", "for", "endfor", "set", "endset"]);
/** config() keys it may set: how the model is built, never SQL run around it (hooks, headers) or where it goes. */
const MODEL_EDIT_CONFIG = new Set([
  "materialized",
  "enabled",
  "tags",
  "unique_key",
  "incremental_strategy",
  "on_schema_change",
]);

/**
 * Why model SQL an owner typed cannot be saved as a dbt model file, or null. The body is theirs (SQL with dbt
 * Jinja), but it is built by the Tester with real dbt, so it may only use the Jinja a translated model uses:
 * no `env_var`, `run_query`, macros, hooks or other files' content (what could read the worker's environment or
 * run SQL outside the model), within a size limit. Its file's path and YAML come from the plan, not from it.
 */
export function modelEditProblem(text: string): string | null {
  if (Buffer.byteLength(text, "utf8") > MAX_MODEL_EDIT_BYTES)
    return `The model SQL is larger than ${MAX_MODEL_EDIT_BYTES / 1024} KB`;
  if (!text.trim()) return "The model SQL is empty";
  if (text.includes("\0")) return "The model SQL contains a NUL character";
  const lineOf = (index: number) => text.slice(0, index).split("\n").length;
  for (const block of jinjaBlocks(text)) {
    const { open, index } = block;
    const line = lineOf(index);
    if (open === "#") continue; // a comment renders to nothing
    // Names inside Jinja string literals are text (a model printing `{{ '{{ count(*) }}' }}`), not calls.
    const body = block.body.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
    if (open === "%") {
      const tag = /^-?\s*(\w+)/.exec(body)?.[1] ?? "";
      if (!MODEL_EDIT_TAGS.has(tag))
        return `Line ${line}: the Jinja statement {% ${tag} %} is not allowed in a model (allowed: ${[...MODEL_EDIT_TAGS].join(", ")})`;
    }
    for (const call of body.matchAll(/([A-Za-z_][\w.]*)\s*\(/g)) {
      const name = call[1]!;
      if (!MODEL_EDIT_CALLS.has(name))
        return `Line ${line}: ${name}() is not allowed in a model (allowed: ${[...MODEL_EDIT_CALLS].join(", ")})`;
    }
    for (const config of body.matchAll(/\bconfig\s*\(([^)]*)\)/g)) {
      for (const key of config[1]!.matchAll(/([A-Za-z_]\w*)\s*=/g)) {
        if (!MODEL_EDIT_CONFIG.has(key[1]!))
          return `Line ${line}: config(${key[1]}=…) is not allowed in a model (allowed: ${[...MODEL_EDIT_CONFIG].join(", ")})`;
      }
    }
    if (
      /\b(env_var|run_query|execute|adapter|graph|modules|builtins|load_result|statement|return|exceptions|api)\b/.test(
        body,
      )
    ) {
      return `Line ${line}: the Jinja in this block reaches beyond the model (dbt context objects are not allowed)`;
    }
  }
  return null;
}

/** Text in HTML element content or a double- or single-quoted attribute. */
export function htmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Text in a Markdown table cell: no line breaks, no cell separator, and no raw HTML a renderer would keep. */
export function markdownCell(text: string): string {
  return text
    .replaceAll("\\", "\\\\")
    .replaceAll("|", "\\|")
    .replaceAll("<", "&lt;")
    .replace(/\r?\n|\r/g, " ");
}

/**
 * The Jinja blocks of a template: `{{ … }}`, `{% … %}` and `{# … #}`, with their body and where they start. A
 * closer inside a quoted string does not end an expression or a statement (as in Jinja's own lexer); an
 * unclosed block runs to the end of the text.
 */
function jinjaBlocks(text: string): { open: string; body: string; index: number }[] {
  const blocks: { open: string; body: string; index: number }[] = [];
  let i = 0;
  while (i < text.length) {
    const found = text.slice(i).search(/\{[{%#]/);
    if (found < 0) break;
    const index = i + found;
    const open = text[index + 1]!;
    const close = open === "{" ? "}}" : `${open}}`;
    let j = index + 2;
    while (j < text.length && !text.startsWith(close, j)) {
      const quote = text[j];
      if (open !== "#" && (quote === "'" || quote === '"')) {
        j++;
        while (j < text.length && text[j] !== quote) j += text[j] === "\\" ? 2 : 1;
      }
      j++;
    }
    blocks.push({ open, body: text.slice(index + 2, j), index });
    i = j + close.length;
  }
  return blocks;
}
