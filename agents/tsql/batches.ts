import { LexError, tokenize, type Token } from "./lexer";

export type Batch = {
  /** Significant tokens: no whitespace, comments or sqlcmd command lines. */
  tokens: Token[];
  /** Offset just past the batch's text: the start of its GO line, or the end of the file. */
  end: number;
  /** `GO n` runs the batch n times. */
  repeat: number;
  /** The batch could not be lexed (an unterminated string or comment, an unknown character), or is too large. */
  lexError?: { line: number; message: string };
};

/**
 * Most significant tokens one batch may hold; the rest of a larger batch is skipped (lexed, to find the next GO,
 * but not kept) with a diagnostic. A token costs about 100 bytes of memory, so this keeps one batch under half a
 * gigabyte: 20+ MB of INSERT statements, or 50 MB of `((((` that would otherwise exhaust the heap.
 */
export const MAX_BATCH_TOKENS = 4_000_000;

// Tokens lexed at a time: whitespace and comments are dropped per piece, so they never pile up for a whole file.
const LEX_CHUNK = 65_536;

// A GO line for the line-level search that resumes after a lex error, where no tokens are available.
const GO_LINE = /^[ \t]*go(?:[ \t]+\d+)?[ \t]*(?:--[^\r\n]*)?\r?$/gim;
// A GO line inside a string token's text; group 1 is the line break before it.
const GO_INSIDE = /(\n)[ \t]*go(?:[ \t]+\d+)?[ \t]*\r?\n/i;

/**
 * Splits a script into the batches sqlcmd/SSMS would send: a batch ends at a line holding only `GO`
 * (any case, optionally `GO <count>` and a `--` comment). GO is recognised on the token stream, so a
 * GO inside a string or a block comment is text, exactly as sqlcmd treats it.
 *
 * A lex error (say an unterminated string) spoils only its own batch: lexing resumes at the next GO line.
 * `firstLine` numbers lines of text that starts inside a file (dynamic SQL in a string literal).
 */
export function splitBatches(text: string, firstLine = 1, maxBatchTokens = MAX_BATCH_TOKENS): Batch[] {
  return [...readBatches(text, firstLine, maxBatchTokens)];
}

/**
 * Each batch's text (from its first token to its GO line) and the line it starts on: what `parseBatch` reads.
 * Batches that could not be lexed are left out.
 */
export function batchTexts(text: string): { text: string; line: number }[] {
  return splitBatches(text).flatMap((batch) => {
    const first = batch.tokens[0];
    return first && !batch.lexError ? [{ text: text.slice(first.start, batch.end), line: first.line }] : [];
  });
}

/**
 * splitBatches one batch at a time: the lexer runs only as far as the next GO, and a batch's tokens can be freed
 * once the caller is done with it, so reading a large script holds one batch's tokens rather than the file's.
 */
export function* readBatches(text: string, firstLine = 1, maxBatchTokens = MAX_BATCH_TOKENS): Generator<Batch> {
  const ready: Batch[] = [];
  let current: Batch = { tokens: [], end: text.length, repeat: 1 };
  let currentLine = firstLine;
  let oversized = false;

  const finish = (end: number, repeat: number) => {
    current.end = end;
    current.repeat = repeat;
    if (current.tokens.length > 0 || current.lexError) ready.push(current);
    current = { tokens: [], end: text.length, repeat: 1 };
    oversized = false;
  };

  const consume = (tokens: Token[]) => {
    for (let k = 0; k < tokens.length; k++) {
      const token = tokens[k]!;
      if (token.type === "whitespace" || token.type === "comment") continue;
      if (
        token.type === "word" &&
        token.raw.length === 2 &&
        token.raw.toUpperCase() === "GO" &&
        atLineStart(text, token.start)
      ) {
        const go = readGoLine(tokens, k);
        if (go) {
          finish(lineStart(text, token.start), go.count);
          k = go.next - 1;
          continue;
        }
      }
      if (
        token.type === "operator" &&
        token.raw === ":" &&
        tokens[k + 1]?.type === "word" &&
        atLineStart(text, token.start)
      ) {
        // A sqlcmd command (:setvar, :r, :on error exit): not T-SQL, so it never reaches the parser.
        while (k + 1 < tokens.length && !(tokens[k + 1]!.type === "whitespace" && tokens[k + 1]!.raw.includes("\n")))
          k++;
        continue;
      }
      if (current.tokens.length === 0) currentLine = token.line;
      if (current.tokens.length >= maxBatchTokens) {
        if (!oversized) {
          oversized = true;
          current.lexError ??= {
            line: currentLine,
            message: `the batch holds more than ${maxBatchTokens.toLocaleString("en-US")} tokens; split it with GO lines`,
          };
        }
        continue;
      }
      current.tokens.push(token);
    }
  };

  let pos = 0;
  let line = firstLine;
  while (pos < text.length) {
    try {
      const tokens = tokenize(text, line, pos, text.length, LEX_CHUNK);
      consume(tokens);
      const last = tokens[tokens.length - 1];
      pos = last ? last.end : text.length;
      if (last) line = last.line + countNewlines(last.raw, 0, last.raw.length);
      yield* ready.splice(0);
      continue;
    } catch (error) {
      if (!(error instanceof LexError)) throw error;
      // Lexing is deterministic, so everything before the bad token lexes again without error.
      consume(tokenize(text, line, pos, error.offset));
      const message = error.message.replace(/ \(line \d+\)$/, "");
      // A quote missing earlier makes a string swallow GO lines until a later quote; the lexer only
      // notices at the end. Blame that string and resume at the GO inside it: that is where the batch ended.
      const swallowing = current.tokens.findIndex((t) => t.type === "string" && GO_INSIDE.test(t.raw));
      if (swallowing !== -1) {
        const string = current.tokens[swallowing]!;
        const go = GO_INSIDE.exec(string.raw)!;
        const goOffset = string.start + go.index + go[1]!.length;
        current.tokens.length = swallowing;
        current.lexError ??= {
          line: string.line,
          message: "a string literal runs across a GO line, so a quote is probably missing",
        };
        line = string.line + countNewlines(text, string.start, goOffset);
        pos = goOffset;
        continue;
      }
      current.lexError ??= { line: error.line, message };
      GO_LINE.lastIndex = error.offset;
      const go = GO_LINE.exec(text);
      if (!go) {
        pos = text.length;
        break;
      }
      line = error.line + countNewlines(text, error.offset, go.index);
      pos = go.index;
    }
  }
  finish(text.length, 1);
  yield* ready.splice(0);
}

/** Reads `GO [count] [-- comment]` up to the end of its line; undefined when more follows on the line. */
function readGoLine(tokens: Token[], at: number): { count: number; next: number } | undefined {
  let k = at + 1;
  const inlineSpace = () => {
    const t = tokens[k];
    if (t?.type === "whitespace" && !t.raw.includes("\n")) k++;
  };
  inlineSpace();
  let count = 1;
  const countToken = tokens[k];
  if (countToken?.type === "number" && /^\d+$/.test(countToken.raw)) {
    count = Math.max(1, Number(countToken.raw));
    k++;
    inlineSpace();
  }
  if (tokens[k]?.type === "comment" && tokens[k]!.raw.startsWith("--")) k++;
  const after = tokens[k];
  if (after === undefined || (after.type === "whitespace" && after.raw.includes("\n"))) return { count, next: k };
  return undefined;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function atLineStart(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i];
    if (c === "\n") return true;
    if (c !== " " && c !== "\t" && c !== "\r" && c !== "\uFEFF") return false;
  }
  return true;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf("\n", from); at !== -1 && at < to; at = text.indexOf("\n", at + 1)) count++;
  return count;
}
