/**
 * One line describing an error for a log, safe to write anywhere: the error's class, a PostgreSQL error's
 * SQLSTATE and message, and where it was thrown, but never a query's SQL text or its bound parameters
 * (Drizzle's "Failed query: … params: …" message and postgres.js' `query`/`parameters` carry user ids, key
 * hashes and whole uploaded files).
 */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    parts.push(describeOne(current));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(" ← caused by ");
}

function describeOne(error: unknown): string {
  if (!(error instanceof Error)) return `non-error value (${typeof error})`;
  const name = error.constructor?.name || error.name;
  const where = firstFrame(error.stack);
  const code = (error as { code?: unknown }).code;
  // Anything that carries a query (Drizzle's DrizzleQueryError, postgres.js errors with `query`) is described
  // by its class alone; the PostgreSQL error that caused it follows in the chain with its SQLSTATE.
  const carriesQuery = "query" in error || "params" in error || /^Failed query:/.test(error.message);
  if (carriesQuery && typeof code !== "string") return `${name} (database query failed)${where}`;
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code))
    return `${name} ${code}: ${redact(error.message)}${where}`;
  return `${name}: ${redact(error.message)}${where}`;
}

/** PostgreSQL messages rarely quote values, but a few do (`invalid input syntax for type uuid: "…"`): cut them. */
function redact(message: string): string {
  return message
    .replace(/"[^"]*"/g, '"…"')
    .replace(/params:[\s\S]*$/, "params: …")
    .slice(0, 300);
}

function firstFrame(stack: string | undefined): string {
  const frame = stack?.split("\n").find((line) => line.trimStart().startsWith("at "));
  return frame ? ` ${frame.trim()}` : "";
}
