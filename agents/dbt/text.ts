import { inJinja, jinjaCommentText, jinjaString, lineCommentText, sqlIdentifier } from "~/agents/escape";

/** The escapes generated dbt files use (agents/escape holds them all), under the names this module's callers know. */

/** Text for a `--` comment or a YAML description. */
export const commentSafe = lineCommentText;

/** A double-quoted PostgreSQL identifier that Jinja leaves alone even if the name contains `{{`. */
export const sqlIdent = (name: string) => inJinja(sqlIdentifier(name));

export const jinjaCommentSafe = jinjaCommentText;

export { jinjaString };
