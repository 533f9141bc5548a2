import { significant, type Token, tokenAt, tokenize } from "./tokens";

/**
 * Where in the model's dbt SQL (with Jinja) is the token PostgreSQL pointed at in the compiled SQL?
 *
 * The compiler replaces Jinja with text (`{{ ref('x') }}` → `"analytics"."x"`, `{{ var('y') }}` → `'1997'`) and
 * may drop `{% if %}` branches, so offsets and even lines shift. The two token sequences are aligned instead:
 * the common prefix and suffix first (usually nearly everything), then a longest-common-subsequence on what is
 * left. A token that came out of Jinja has no counterpart: then there is no position, and rules that need one
 * decline.
 */
export function locateInTranslation(
  translationSql: string,
  compiledSql: string | undefined,
  compiledOffset: number | undefined,
): { tokens: Token[]; index?: number } {
  const tokens = significant(tokenize(translationSql));
  if (compiledOffset === undefined) return { tokens };
  if (compiledSql === undefined || compiledSql === translationSql)
    return { tokens, index: tokenAt(tokens, compiledOffset) };

  const compiled = significant(tokenize(compiledSql));
  const k = tokenAt(compiled, compiledOffset);
  const n = compiled.length;
  const m = tokens.length;
  let prefix = 0;
  while (prefix < n && prefix < m && compiled[prefix]!.raw === tokens[prefix]!.raw) prefix++;
  if (k < prefix) return { tokens, index: k };
  let suffix = 0;
  while (suffix < n - prefix && suffix < m - prefix && compiled[n - 1 - suffix]!.raw === tokens[m - 1 - suffix]!.raw)
    suffix++;
  if (k >= n - suffix) return { tokens, index: m - (n - k) };

  const a = compiled.slice(prefix, n - suffix).map((t) => t.raw);
  const b = tokens.slice(prefix, m - suffix).map((t) => t.raw);
  if (a.length * b.length > 4_000_000) return { tokens };
  const width = b.length + 1;
  const lcs = new Int32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * width + j + 1]! + 1
          : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const target = k - prefix;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      if (i === target) return { tokens, index: prefix + j };
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) {
      if (i === target) return { tokens };
      i++;
    } else j++;
  }
  return { tokens };
}
