import { inJinja, sqlIdentifier, sqlString } from "~/agents/escape";

/**
 * Small pure helpers for emitting PostgreSQL text: identifiers, string literals and LIKE patterns (a date/time
 * string is read by agents/tsql/date-strings).
 */

/** An identifier in a model's SQL, which dbt renders as Jinja: inert whatever the name holds (agents/escape). */
export function quoteIdent(name: string): string {
  return inJinja(sqlIdentifier(name));
}

/** A string literal in a model's SQL, inert as Jinja whatever the value holds (agents/escape). */
export function quoteString(value: string): string {
  return inJinja(sqlString(value));
}

/**
 * A T-SQL LIKE pattern as an anchored POSIX regex (for `~*`): `%` → `.*`, `_` → `.`, `[a-c]`/`[^a]` classes kept,
 * everything else literal. `escape` is the LIKE ESCAPE character, if any: the character after it is literal, inside
 * a class too (docs: like-transact-sql.md, "Pattern matching with the ESCAPE clause"). A pattern that ends in the
 * escape character matches nothing (`danglingEscape`).
 */
export function likeToRegex(pattern: string, escape?: string, order?: RangeOrder): string {
  let out = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (escape && c === escape && i + 1 < pattern.length) {
      out += regexEscape(pattern[++i]!);
    } else if (c === "%") out += ".*";
    else if (c === "_") out += ".";
    else if (c === "[") {
      const cls = likeClass(pattern, i, escape, order);
      if (!cls) {
        out += "\\[";
        continue;
      }
      out += cls.regex;
      i = cls.close;
    } else out += regexEscape(c);
  }
  return out + "$";
}

/** A collation's order of two characters (agents/dialect collationOrder); none means code point order. */
export type RangeOrder = (a: string, b: string) => number;

/**
 * The characters a range can span under a collation order: Latin text (printable ASCII, Latin-1 and the Latin
 * Extended blocks) and the letters Windows-1252 adds, the repertoire of the Latin1_General code page and beyond.
 */
const RANGE_REPERTOIRE: string[] = [
  ...Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCodePoint(0x20 + i)),
  ...Array.from({ length: 0x250 - 0xa0 }, (_, i) => String.fromCodePoint(0xa0 + i)),
  ..."€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ",
];

/**
 * The class that opens at `open` (`[`): its regex and where its `]` is, or undefined when none closes it. The
 * first character after `[` (after `^`) belongs to the class even if it is `]`; an escaped character is literal. A
 * range `x-y` spans what lies between x and y in the collation's `order` (under a case-insensitive Windows collation
 * [a-z] also matches É and é, [A-z] no _), listed one by one; without an order it is a code point range.
 */
function likeClass(
  pattern: string,
  open: number,
  escape?: string,
  order?: RangeOrder,
): { regex: string; close: number } | undefined {
  let i = open + 1;
  let neg = "";
  if (pattern[i] === "^") {
    neg = "^";
    i++;
  }
  const members: string[] = [];
  let body = "";
  for (; i < pattern.length; i++) {
    let c = pattern[i]!;
    const escaped = escape !== undefined && c === escape && i + 1 < pattern.length;
    if (escaped) c = pattern[++i]!;
    else if (c === "]" && members.length) {
      const regex = body ? `[${neg}${body}]` : neg ? "." : "(?!.).";
      return { regex, close: i };
    }
    const next = pattern[i + 1];
    const last = pattern[i + 2];
    if (!escaped && order && c !== "-" && next === "-" && last !== undefined && last !== "]" && last !== escape) {
      // x-y under the collation: every character of the repertoire from x to y, both ends included.
      const span = RANGE_REPERTOIRE.filter((m) => order(c, m) <= 0 && order(m, last) <= 0);
      members.push(c, last);
      body += span.map(classMember).join("");
      i += 2;
      continue;
    }
    members.push(c);
    body += escaped ? classMember(c) : /[\\[\]^]/.test(c) ? `\\${c}` : c;
  }
  return undefined;
}

/** A character as a member of a regex class, whatever it is. */
function classMember(c: string): string {
  return /[\\[\]^-]/.test(c) ? `\\${c}` : c;
}

/** Does the pattern end in its escape character (nothing after it to escape)? SQL Server's LIKE is then false. */
export function danglingEscape(pattern: string, escape: string): boolean {
  for (let i = 0; i < pattern.length; i++) if (pattern[i] === escape && ++i === pattern.length) return true;
  return false;
}

function regexEscape(c: string): string {
  return /[.^$*+?()[\]{}|\\]/.test(c) ? `\\${c}` : c;
}

/**
 * The anchored regex of a LIKE pattern known only when the query runs (the SQL `pattern` evaluates to text), as
 * `likeToRegex` builds it for a literal: `%` → `.*`, `_` → `.`, every other character literal. A pattern holding a
 * `[` (a class, or an escaped bracket) makes the statement fail with `what` and the pattern rather than match it
 * as a plain character. The regex is under the database's deterministic collation, as regular expressions need.
 */
export function runtimeLikeRegex(pattern: string, what: string): string {
  // Text functions refuse a nondeterministic collation (a staging column's): read the pattern byte for byte.
  const p = `(${pattern}) collate "C"`;
  const escaped = `regexp_replace(${p}, ${quoteString(String.raw`([.^$*+?(){}|\\\]])`)}, ${quoteString(String.raw`\\\1`)}, 'g')`;
  const regex = `'^' || replace(replace(${escaped}, '%', '.*'), '_', '.') || '$'`;
  return `(case when ${likeBracketFound(pattern)} then ${likeBracketError(pattern, what)}::text else ${regex} end) collate "default"`;
}

/**
 * `test` (a LIKE of the runtime-computed `pattern`, which PostgreSQL's LIKE reads as SQL Server's when it has no
 * `[`), guarded so that a pattern holding one fails naming `what` and the pattern.
 */
export function runtimeLikeGuard(pattern: string, test: string, what: string): string {
  return `case when ${likeBracketFound(pattern)} then ${likeBracketError(pattern, what)} = 0 else ${test} end`;
}

function likeBracketFound(pattern: string): string {
  return `strpos((${pattern}) collate "C", '[') > 0`;
}

function likeBracketError(pattern: string, what: string): string {
  return `cast(${quoteString(`${what} with a [ ] class in a pattern computed at run time is not translated: `)} || (${pattern}) collate "C" as integer)`;
}

/** Does a LIKE pattern need a regex (bracket classes), or can PostgreSQL's LIKE take it as is? */
export function likeNeedsRegex(pattern: string): boolean {
  return /\[/.test(pattern);
}
