/**
 * Small pure helpers for emitting PostgreSQL text: identifiers, string literals, T-SQL datetime literals and
 * LIKE patterns.
 */

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A PostgreSQL string literal; Jinja delimiters inside are protected with {% raw %}. */
export function quoteString(value: string): string {
  const lit = `'${value.replaceAll("'", "''")}'`;
  return /\{[{%#]/.test(value) ? `{% raw %}${lit}{% endraw %}` : lit;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/**
 * Reads a T-SQL datetime string literal the way SQL Server does under `SET DATEFORMAT mdy` / us_english:
 * `19970101`, `1997-01-01`, `1997-01-01T10:00:00`, `7/4/1996`, `07-04-1996`, `Jul 4 1996 10:00AM`, with an
 * optional time. Returns `YYYY-MM-DD HH:MM:SS.mmm`, or undefined when the text is not a date this reader is sure of.
 */
export function parseDateLiteral(text: string): string | undefined {
  const s = text.trim();
  let y: number, mo: number, d: number;
  let rest = "";
  let m: RegExpMatchArray | null;
  if ((m = s.match(/^(\d{4})(\d{2})(\d{2})(?:\s+(.*))?$/))) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    rest = m[4] ?? "";
  } else if ((m = s.match(/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+(.*))?$/))) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    rest = m[4] ?? "";
  } else if ((m = s.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(.*))?$/))) {
    [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    rest = m[4] ?? "";
  } else if ((m = s.match(/^([A-Za-z]{3})[a-z]*\s+(\d{1,2}),?\s+(\d{4})(?:\s+(.*))?$/))) {
    const i = MONTHS.indexOf(m[1]!.toLowerCase());
    if (i < 0) return undefined;
    [mo, d, y] = [i + 1, Number(m[2]), Number(m[3])];
    rest = m[4] ?? "";
  } else return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate() || y < 1753) return undefined;
  let hh = 0,
    mi = 0,
    ss = 0,
    ms = 0;
  if (rest) {
    const t = rest.match(/^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.:](\d{1,7}))?)?\s*([AaPp][Mm])?(Z)?$/);
    if (!t) return undefined;
    hh = Number(t[1]);
    mi = Number(t[2]);
    ss = Number(t[3] ?? 0);
    ms = t[4] ? Math.round(Number(`0.${t[4]}`) * 1000) : 0;
    if (t[5]) {
      const pm = t[5].toLowerCase() === "pm";
      if (hh > 12) return undefined;
      if (hh === 12) hh = pm ? 12 : 0;
      else if (pm) hh += 12;
    }
    if (hh > 23 || mi > 59 || ss > 59) return undefined;
  }
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(y, 4)}-${p(mo)}-${p(d)} ${p(hh)}:${p(mi)}:${p(ss)}.${p(Math.min(ms, 999), 3)}`;
}

/**
 * A T-SQL LIKE pattern as an anchored POSIX regex (for `~*`): `%` → `.*`, `_` → `.`, `[a-c]`/`[^a]` classes kept,
 * everything else literal. `escape` is the LIKE ESCAPE character, if any.
 */
export function likeToRegex(pattern: string, escape?: string): string {
  let out = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (escape && c === escape && i + 1 < pattern.length) {
      out += regexEscape(pattern[++i]!);
    } else if (c === "%") out += ".*";
    else if (c === "_") out += ".";
    else if (c === "[") {
      const close = pattern.indexOf("]", i + 2);
      if (close < 0) {
        out += "\\[";
        continue;
      }
      let body = pattern.slice(i + 1, close);
      let neg = "";
      if (body.startsWith("^")) {
        neg = "^";
        body = body.slice(1);
      }
      const cls = body.replace(/[\\[\]^]/g, (x) => `\\${x}`);
      out += `[${neg}${cls}]`;
      i = close;
    } else out += regexEscape(c);
  }
  return out + "$";
}

function regexEscape(c: string): string {
  return /[.^$*+?()[\]{}|\\]/.test(c) ? `\\${c}` : c;
}

/** Does a LIKE pattern need a regex (bracket classes), or can PostgreSQL's LIKE take it as is? */
export function likeNeedsRegex(pattern: string): boolean {
  return /\[/.test(pattern);
}
