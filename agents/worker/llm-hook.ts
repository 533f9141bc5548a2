import type { Catalog } from "~/agents/catalog/schema";
import { objectKey } from "~/agents/catalog/schema";
import type { LlmHook } from "~/agents/engine/steps";
import { llmTranslate, type Llm } from "~/agents/llm";
import { tableColumns } from "~/agents/translate";
import { pgType } from "~/agents/dialect/types";

/**
 * Connects the engine's LLM hook to Claude. Claude's answer is only a candidate: the Executor and Rebuilder
 * put it through the Tester like any translation, so it counts as validated only if it builds and matches.
 */
export function createLlmHook(llm: Llm, migrationId: string, catalog: Catalog): LlmHook {
  const tables = new Map(catalog.tables.map((t) => [objectKey(t.schema, t.name), t]));
  return async (object, context) => {
    const refs = context.refs.map((r) => ({ name: r.key, jinja: `{{ ref('${r.model}') }}` }));
    const catalogSummary = context.refs.flatMap((r) => {
      const table = tables.get(r.key);
      if (!table) return [];
      // The columns as the staging model the refs read names them (snake_case), not as the source table does.
      const names = tableColumns(table, true);
      return [
        {
          name: `${table.schema}.${table.name}`,
          kind: "table",
          columns: table.columns.map((c, i) => ({
            name: names[i]!.pg ?? c.name,
            type: safeType(c.type),
            nullable: c.nullable,
          })),
        },
      ];
    });
    const answer = await llmTranslate({
      llm,
      migrationId,
      agent: context.agent,
      object: {
        key: object.key,
        kind: object.kind,
        name: `${object.schema}.${object.name}`,
        definition: object.definition,
        ...(object.line ? { line: object.line } : {}),
      },
      context: {
        ...(context.translation ? { ruleTranslation: context.translation } : {}),
        issues: context.issues,
        ...(context.pgError ? { pgError: context.pgError } : {}),
        ...(context.compiledSql ? { failingSql: context.compiledSql } : {}),
        catalogSummary,
        refs,
        vars: context.vars,
      },
      ...(context.signal ? { signal: context.signal } : {}),
    });
    if (!("sql" in answer)) return null;
    return {
      key: object.key,
      model: object.model,
      sql: answer.sql,
      status: "translated",
      issues: [],
      constructs: context.translation?.constructs ?? [],
      by: "llm",
    };
  };
}

function safeType(type: Parameters<typeof pgType>[0]) {
  try {
    return pgType(type);
  } catch {
    return type.name;
  }
}
