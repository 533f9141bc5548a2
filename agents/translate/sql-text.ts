/** Helpers for the PostgreSQL text the translator writes. */

/** Parenthesize anything that is not obviously atomic. */
export function wrap(sql: string): string {
  if (/^[\w."$]+$/.test(sql) || /^'(?:[^']|'')*'$/.test(sql) || /^"(?:[^"]|"")*"(\."(?:[^"]|"")*")*$/.test(sql))
    return sql;
  if (/^\((.*)\)$/s.test(sql) && balanced(sql.slice(1, -1))) return sql;
  if (/^[a-z_]+\((.*)\)$/is.test(sql) && balanced(sql.slice(sql.indexOf("(") + 1, -1))) return sql;
  return `(${sql})`;
}

function balanced(s: string): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (const c of s) {
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "(") depth++;
    else if (c === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

export function indent(sql: string): string {
  return sql
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
}
