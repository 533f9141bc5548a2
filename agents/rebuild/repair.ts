import type { Catalog } from "~/agents/catalog/schema";
import type { ModelRun, Translation } from "~/agents/core/contracts";
import { parseRunError } from "~/agents/dialect/errors";
import { locateInTranslation } from "./locate";
import { RULES } from "./rules";

export type Repair = {
  /** The repaired dbt SQL (the translation's, Jinja kept). */
  sql: string;
  /** Name of the rule that made it (see RULES). */
  rule: string;
};

/**
 * A rule-based repair of a model that failed in the Tester, from PostgreSQL's error (ModelRun.error, as the
 * Tester writes it: message, SQLSTATE, line and column in the compiled SQL, HINT). Pure: it neither runs SQL
 * nor counts attempts (the pipeline bounds those and re-tests). Returns null when no rule applies, or when the
 * only edit a rule could make would leave the SQL unchanged, so a caller cannot loop on a no-op.
 */
export function repair(
  translation: Pick<Translation, "sql">,
  run: Pick<ModelRun, "outcome" | "error" | "compiledSql">,
  catalog?: Catalog,
): Repair | null {
  if (run.outcome !== "failed" || !run.error) return null;
  const error = parseRunError(run.error);
  const offset =
    error.line !== undefined && error.column !== undefined && run.compiledSql !== undefined
      ? offsetOf(run.compiledSql, error.line, error.column)
      : undefined;
  const { tokens, index } = locateInTranslation(translation.sql, run.compiledSql, offset);
  for (const rule of RULES) {
    if (rule.codes && (!error.code || !rule.codes.includes(error.code))) continue;
    const match = rule.pattern.exec(error.message);
    if (!match) continue;
    const sql = rule.apply({ sql: translation.sql, tokens, at: index, error, catalog }, match);
    if (sql !== null && sql !== translation.sql) return { sql, rule: rule.name };
  }
  return null;
}

function offsetOf(sql: string, line: number, column: number): number | undefined {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = sql.indexOf("\n", offset);
    if (next < 0) return undefined;
    offset = next + 1;
  }
  return offset + column - 1;
}
