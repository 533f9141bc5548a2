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
