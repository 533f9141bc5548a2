import { z } from "zod";

/**
 * PostgreSQL `text` cannot hold U+0000, and a lone UTF-16 surrogate cannot be encoded as UTF-8 at all (it would
 * be stored silently changed). Every string a client sends, values and object keys alike, is checked at the edge
 * so such input is a 400 naming the field, never a failed query.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function unstorableText(value: string): string | null {
  const match = UNSTORABLE.exec(value);
  if (!match) return null;
  return match[0] === "\u0000"
    ? "must not contain NUL (\\u0000) characters"
    : "must not contain unpaired UTF-16 surrogates";
}

/** The cause of the BAD_REQUEST for such input: its issues are shown like zod's. */
export class UnstorableTextError extends Error {
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super(issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    this.name = "UnstorableTextError";
  }
}

/** The issues for every string in `input` (any depth) that PostgreSQL text cannot hold, with their paths. */
export function unstorableTextIssues(
  input: unknown,
  path: (string | number)[] = [],
  issues: z.core.$ZodIssue[] = [],
): z.core.$ZodIssue[] {
  if (issues.length >= 20) return issues;
  if (typeof input === "string") {
    const problem = unstorableText(input);
    if (problem)
      issues.push({ code: "custom", path, message: `${path.length ? "" : "Input "}${problem}`, input: undefined });
  } else if (Array.isArray(input)) {
    input.forEach((item, index) => unstorableTextIssues(item, [...path, index], issues));
  } else if (input !== null && typeof input === "object") {
    for (const [key, value] of Object.entries(input)) {
      const problem = unstorableText(key);
      if (problem) issues.push({ code: "custom", path, message: `a field name ${problem}`, input: undefined });
      else unstorableTextIssues(value, [...path, key], issues);
    }
  }
  return issues;
}

/** A zod string that refuses what PostgreSQL text cannot hold (for inputs parsed outside tRPC). */
export const zStorableString = () =>
  z.string().superRefine((value, ctx) => {
    const problem = unstorableText(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
