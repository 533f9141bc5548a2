import type { Token } from "~/agents/tsql/lexer";
import { ParseError } from "~/agents/tsql/parser";

/** `[db].[schema].[name]` with the schema defaulted to dbo; `temp` for #tables. */
export type QualifiedName = { database?: string; schema: string; name: string; temp?: boolean };

/**
 * Recursive-descent helpers over the significant tokens of one statement, tokens[pos, end).
 * `source` is the whole file text, so original text (defaults, checks, definitions) is sliced, not rebuilt.
 */
export class TokenReader {
  constructor(
    readonly tokens: Token[],
    public pos: number,
    readonly end: number,
    readonly source: string,
  ) {}

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  peek(ahead = 0): Token | undefined {
    const at = this.pos + ahead;
    return at < this.end ? this.tokens[at] : undefined;
  }

  /** The last token consumed. */
  previous(): Token {
    return this.tokens[this.pos - 1]!;
  }

  next(expected = "more text"): Token {
    const token = this.peek();
    if (!token) throw this.error(`expected ${expected}, found the end of the statement`);
    this.pos++;
    return token;
  }

  isWord(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t?.type === "word" && t.text.toUpperCase() === word;
  }

  /** The upper-cased word at `ahead`, or "" when it is not a bare word. */
  word(ahead = 0): string {
    const t = this.peek(ahead);
    return t?.type === "word" ? t.text.toUpperCase() : "";
  }

  acceptWord(...words: string[]): boolean {
    for (let k = 0; k < words.length; k++) if (!this.isWord(words[k]!, k)) return false;
    this.pos += words.length;
    return true;
  }

  /** Consumes the next token if it is any one of `words`; returns the word consumed. */
  acceptAnyWord(...words: string[]): string | undefined {
    const word = this.word();
    if (!words.includes(word)) return undefined;
    this.pos++;
    return word;
  }

  expectWord(word: string): Token {
    if (!this.isWord(word)) throw this.error(`expected ${word}, found ${this.describe()}`);
    return this.next();
  }

  isPunct(punct: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return (t?.type === "punct" || t?.type === "operator") && t.text === punct;
  }

  acceptPunct(punct: string): boolean {
    if (!this.isPunct(punct)) return false;
    this.pos++;
    return true;
  }

  expectPunct(punct: string): Token {
    if (!this.isPunct(punct)) throw this.error(`expected "${punct}", found ${this.describe()}`);
    return this.next();
  }

  /** A bare or quoted identifier. */
  identifier(what = "a name"): string {
    const t = this.peek();
    if (t?.type === "word" || t?.type === "quoted") {
      this.pos++;
      return t.text;
    }
    throw this.error(`expected ${what}, found ${this.describe()}`);
  }

  isIdentifier(ahead = 0): boolean {
    const t = this.peek(ahead);
    return t?.type === "word" || t?.type === "quoted";
  }

  /** `name`, `schema.name`, `db.schema.name`, `server.db.schema.name`, `db..name`, `#temp`. */
  objectName(what = "an object name"): QualifiedName {
    const first = this.peek();
    if (first?.type === "temp") {
      this.pos++;
      return { schema: "dbo", name: first.text, temp: true };
    }
    const parts: string[] = [this.identifier(what)];
    while (this.isPunct(".")) {
      this.pos++;
      if (this.isPunct(".")) {
        parts.push("");
        continue;
      }
      parts.push(this.identifier(what));
    }
    return qualifiedName(parts);
  }

  /** Skips a parenthesised group, the reader being on its `(`. Returns the `)` token. */
  skipParens(): Token {
    this.expectPunct("(");
    let depth = 1;
    for (;;) {
      const t = this.next('")"');
      if (t.type !== "punct") continue;
      if (t.text === "(") depth++;
      else if (t.text === ")" && --depth === 0) return t;
    }
  }

  /** `(a [ASC|DESC], b, …)` */
  columnList(): string[] {
    this.expectPunct("(");
    const columns: string[] = [];
    do {
      columns.push(this.identifier("a column name"));
      this.acceptAnyWord("ASC", "DESC");
    } while (this.acceptPunct(","));
    this.expectPunct(")");
    return columns;
  }

  /** Original source text from the start of `first` to the end of `last`. */
  text(first: Token, last: Token): string {
    return this.source.slice(first.start, last.end);
  }

  line(): number {
    return (this.peek() ?? this.tokens[this.end - 1] ?? this.tokens[this.pos - 1])?.line ?? 1;
  }

  describe(): string {
    const t = this.peek();
    if (!t) return "the end of the statement";
    const raw = t.raw.length > 40 ? `${t.raw.slice(0, 40)}…` : t.raw;
    return JSON.stringify(raw);
  }

  error(message: string): ParseError {
    return new ParseError(message, this.line());
  }
}

/** A multi-part name's parts (`db..t` has an empty one) as a QualifiedName, the schema defaulted to dbo. */
export function qualifiedName(parts: string[]): QualifiedName {
  const name = parts[parts.length - 1]!;
  const schema = parts.length >= 2 && parts[parts.length - 2] ? parts[parts.length - 2]! : "dbo";
  const database = parts.length >= 3 && parts[parts.length - 3] ? parts[parts.length - 3] : undefined;
  return database ? { database, schema, name } : { schema, name };
}

export const formatName = (n: { schema: string; name: string }) => `${n.schema}.${n.name}`;
