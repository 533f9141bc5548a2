import { quoteIdent } from "~/agents/plan/naming";

/**
 * Text that ends up inside generated Jinja/SQL files. Object names come from the user's database and may hold
 * anything, so they are neutralised before they reach a place where dbt would interpret them.
 */

/** Breaks Jinja delimiters and line ends so text can sit in a `--` comment or a YAML description. */
export function commentSafe(text: string): string {
  return text.replace(/\{([{%#])/g, "{ $1").replace(/\r?\n/g, " ");
}

/** A double-quoted PostgreSQL identifier that Jinja leaves alone even if the name contains `{{`. */
export function sqlIdent(name: string): string {
  const quoted = quoteIdent(name);
  return /\{[{%#]/.test(quoted) ? `{{ ${JSON.stringify(quoted)} }}` : quoted;
}

/** Text inside a Jinja comment `{# … #}`, which must not close it early. */
export function jinjaCommentSafe(text: string): string {
  return text.replaceAll("#}", "# }");
}

/** A single-quoted Jinja string literal holding `text` exactly (backslashes and quotes escaped). */
export function jinjaString(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}
