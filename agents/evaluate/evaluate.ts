import type postgres from "postgres";
import type { Comparison } from "~/agents/core/contracts";
import { formatRunError, runErrorOf } from "~/agents/dialect/errors";
import { type CompareOptions, compareResults, type ResultSet } from "./compare";
import type { ExpectedResult } from "./expected";

/**
 * Runs a query and returns its rows as PostgreSQL's own text output (`.raw()` gives the wire bytes, before any
 * parsing into JavaScript numbers or Dates), with each column's type oid. Comparing that text exactly is what
 * keeps 0.15::real as `0.15` and numeric(19,4) as `440.0000`.
 */
export async function fetchResult(sql: postgres.Sql | postgres.ReservedSql, query: string): Promise<ResultSet> {
  const result = await sql.unsafe(query, [], { prepare: false }).raw();
  const decoder = new TextDecoder();
  return {
    columns: result.columns.map((c) => ({ name: c.name, pgType: c.type })),
    rows: result.map((row) =>
      (row as unknown as (Uint8Array | null)[]).map((v) => (v === null ? null : decoder.decode(v))),
    ),
  };
}

export function notCompared(reason: string, expectedRows?: number): Comparison {
  return { status: "not_compared", ...(expectedRows === undefined ? {} : { expectedRows }), diff: [], reason };
}

/** A comparison in one line, for progress messages and an object's reason. */
export function comparisonText(c: Comparison): string {
  if (c.status === "match") return `match (${c.actualRows ?? "?"} rows)`;
  return `${c.status}${c.reason ? `: ${c.reason}` : ""}`;
}

/**
 * Evaluates one expected result against a query: the model's relation (`select * from "analytics"."invoices"`),
 * or, for a procedure run with params, the model's SQL compiled with those params as vars (so the same model
 * can be evaluated once per manifest entry). A query that fails is `not_compared`, with PostgreSQL's error.
 */
export async function evaluateQuery(
  sql: postgres.Sql | postgres.ReservedSql,
  query: string,
  expected: Pick<ExpectedResult, "result" | "entry">,
  options: Omit<CompareOptions, "ordered"> = {},
): Promise<Comparison> {
  let actual: ResultSet;
  try {
    actual = await fetchResult(sql, query);
  } catch (error) {
    return notCompared(
      `the query failed: ${formatRunError(runErrorOf(error, query), query)}`,
      expected.result.rows.length,
    );
  }
  return compareResults(expected.result, actual, { ...options, ordered: expected.entry.ordered });
}

/** `select * from <relation>`, evaluated. */
export function evaluateRelation(
  sql: postgres.Sql | postgres.ReservedSql,
  relation: string,
  expected: Pick<ExpectedResult, "result" | "entry">,
  options: Omit<CompareOptions, "ordered"> = {},
): Promise<Comparison> {
  return evaluateQuery(sql, `select * from ${relation}`, expected, options);
}
