import postgres from "postgres";

/**
 * How a PostgreSQL error is written into ModelRun.error, and read back by the Rebuilder.
 *
 * The model's compiled SQL is sent wrapped (`create view … as\n<sql>`), so PostgreSQL's `position` (1-based,
 * in characters, into the statement it received) is shifted back by the wrapper's length and turned into a
 * line and column of the compiled SQL, shown psql-style with a caret:
 *
 *     operator does not exist: text + text (SQLSTATE 42883) at line 2, column 20
 *       2 | select "FirstName" + "LastName" as name
 *         |                    ^
 *     HINT: No operator matches the given name and argument types. You might need to add explicit type casts.
 */

export type RunError = {
  message: string;
  /** SQLSTATE, e.g. 42883. */
  code?: string;
  /** 1-based line and column in the compiled SQL. */
  line?: number;
  column?: number;
  /** 0-based character offset in the compiled SQL. */
  offset?: number;
  hint?: string;
  detail?: string;
};

export function runErrorOf(error: unknown, sql?: string, wrapperLength = 0): RunError {
  if (!(error instanceof postgres.PostgresError)) {
    return { message: error instanceof Error ? error.message : String(error) };
  }
  const result: RunError = { message: error.message, code: error.code };
  if (error.hint) result.hint = error.hint;
  if (error.detail) result.detail = error.detail;
  const position = Number(error.position);
  if (sql !== undefined && Number.isInteger(position) && position > 0) {
    const offset = position - 1 - wrapperLength;
    if (offset >= 0 && offset <= sql.length) {
      const before = sql.slice(0, offset);
      result.offset = offset;
      result.line = before.split("\n").length;
      result.column = offset - before.lastIndexOf("\n");
    }
  }
  return result;
}

export function formatRunError(error: RunError, sql?: string): string {
  let text = error.message;
  if (error.code) text += ` (SQLSTATE ${error.code})`;
  if (error.line !== undefined && error.column !== undefined) {
    text += ` at line ${error.line}, column ${error.column}`;
    const source = sql?.split("\n")[error.line - 1];
    if (source !== undefined) {
      const gutter = String(error.line);
      const shown = source.replace(/\t/g, " ").replace(/\r$/, "");
      text += `\n  ${gutter} | ${shown}\n  ${" ".repeat(gutter.length)} | ${" ".repeat(Math.max(0, error.column - 1))}^`;
    }
  }
  if (error.detail) text += `\nDETAIL: ${error.detail}`;
  if (error.hint) text += `\nHINT: ${error.hint}`;
  return text;
}

/** Reads back what formatRunError wrote (the Rebuilder works from ModelRun.error, which is plain text). */
export function parseRunError(text: string): RunError {
  const [first = "", ...rest] = text.split("\n");
  const head = /^(.*?)(?: \(SQLSTATE ([0-9A-Z]{5})\))?(?: at line (\d+), column (\d+))?$/s.exec(first);
  const result: RunError = { message: head?.[1] ?? first };
  if (head?.[2]) result.code = head[2];
  if (head?.[3] && head[4]) {
    result.line = Number(head[3]);
    result.column = Number(head[4]);
  }
  for (const line of rest) {
    if (line.startsWith("HINT: ")) result.hint = line.slice(6);
    else if (line.startsWith("DETAIL: ")) result.detail = line.slice(8);
  }
  return result;
}
