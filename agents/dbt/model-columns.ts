import type { Catalog } from "~/agents/catalog/schema";
import type { Plan, PlannedModel, Translation } from "~/agents/core/contracts";
import { translatePlan } from "~/agents/translate/plan-resolver";
import type { OutputColumn } from "~/agents/translate";
import { typeToString } from "~/agents/tsql/type-rules";
import { pgType } from "~/agents/dialect/types";
import { bracketName } from "./tests";
import { commentSafe } from "./text";

/**
 * Column docs and data tests of intermediate and mart models: each output column under its snake_case name, with
 * its SQL Server name and type and where it comes from (a source column or an expression), and the tests its
 * SELECT proves (`ColumnFacts`, agents/translate/emit.ts): `not_null` for a NOT NULL source column no outer join
 * pads, `unique` for the one GROUP BY key or the one-column primary key of the only table read.
 *
 * The facts come from the rules' translation, so a model gets them only while its SQL is exactly what the rules
 * wrote (a repair or Claude's answer may read other columns); tests only on views that build (`testable`), whose
 * result is one SELECT — a procedure's result may be assembled from several.
 */
export function modelColumns(
  catalog: Catalog,
  plan: Plan,
  translationOf: (m: PlannedModel) => Translation | undefined,
  testable: (m: PlannedModel) => boolean,
): Map<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  const rules = new Map(translatePlan(catalog, plan).map((r) => [r.key, r]));
  for (const m of plan.models) {
    if (m.layer !== "intermediate" && m.layer !== "marts") continue;
    const translation = translationOf(m);
    const rule = rules.get(m.key);
    if (
      !translation ||
      !rule ||
      translation.by !== "rules" ||
      rule.sql.trim() !== translation.sql.trim() ||
      !rule.columns.length
    )
      continue;
    const tests = testable(m) && m.kind === "view" && translation.status === "translated";
    out.set(
      m.name,
      rule.columns.map((c) => columnEntry(c, tests)),
    );
  }
  return out;
}

function columnEntry(column: OutputColumn, tests: boolean): Record<string, unknown> {
  const facts = column.facts;
  const from = facts
    ? facts.origin.startsWith("expression ")
      ? `computed as ${facts.origin.slice("expression ".length)}`
      : `from ${facts.origin}`
    : "from the set operation's branches";
  const dataTests = tests ? [...(facts?.notNull ? ["not_null"] : []), ...(facts?.unique ? ["unique"] : [])] : [];
  const dataType = safePgType(column);
  return {
    name: column.pg ?? column.name,
    description: commentSafe(
      `SQL Server column ${bracketName(column.name)}, ${typeToString(column.type)}; ${truncate(from, 300)}.`,
    ),
    ...(dataType ? { data_type: dataType } : {}),
    ...(dataTests.length ? { data_tests: dataTests } : {}),
  };
}

function safePgType(column: OutputColumn): string | undefined {
  if (!column.type) return undefined;
  try {
    return pgType(column.type);
  } catch {
    return undefined;
  }
}

function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
