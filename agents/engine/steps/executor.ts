import pLimit from "p-limit";
import { type Catalog, objectKey } from "~/agents/catalog/schema";
import { planResolver, translatePlan } from "~/agents/translate/plan-resolver";
import { type TranslatableObject, translateObject, type TranslationResult } from "~/agents/translate";
import type { Plan, Translation } from "~/agents/core/contracts";
import { DEFAULT_LLM_CONCURRENCY, type LlmStepHooks, llmObject, refsFor } from "./llm";
import { reporter } from "./progress";
import { issuesText } from "./report";

/** 3. Executor: T-SQL to dbt SQL by the rules, with the LLM hook for what the rules flag. */

/**
 * Translates every view, procedure and function with the rules, in build order and with the plan's model names
 * (translatePlan), then offers each object the rules flagged to the LLM hook, when there is one.
 */
export async function executorStep(
  input: { catalog: Catalog; plan: Plan },
  hooks: LlmStepHooks = {},
): Promise<{ translations: Translation[] }> {
  const progress = reporter("executor", hooks.onProgress);
  const { catalog, plan } = input;
  progress.start(
    `translating ${plan.models.filter((m) => m.layer !== "staging" && m.layer !== "review").length} objects`,
  );
  const results = translateEach(catalog, plan);
  const modelByKey = new Map(plan.models.map((m) => [m.key, m]));
  const translations: Translation[] = results.map((r) => ({
    key: r.key,
    model: modelByKey.get(r.key)?.name ?? r.model,
    sql: r.sql,
    status: r.status,
    issues: r.issues,
    constructs: r.constructs,
    by: r.by,
  }));
  let done = 0;
  const finished = (t: Translation) => {
    const note = t.status === "needs_review" ? `needs review: ${issuesText(t.issues)}` : `translated by ${t.by}`;
    progress.object(t.model, note, ++done / Math.max(1, translations.length));
  };
  // The rules answer at once; LLM calls take seconds each, so the flagged objects are asked concurrently.
  const limit = pLimit(hooks.llmConcurrency ?? DEFAULT_LLM_CONCURRENCY);
  await Promise.all(
    translations.map((t, i) => {
      const object = t.status === "needs_review" && hooks.llm ? llmObject(catalog, plan, t.key) : undefined;
      if (!object || !hooks.llm) {
        finished(t);
        return undefined;
      }
      const llm = hooks.llm;
      return limit(async () => {
        // Queued calls of a step told to stop are not made (and not paid for).
        hooks.signal?.throwIfAborted();
        hooks.onWorking?.(t.model);
        const answer = await llm(object, {
          agent: "executor",
          translation: t,
          issues: t.issues,
          refs: refsFor(plan, t.key),
          vars: modelByKey.get(t.key)?.vars ?? [],
          ...(hooks.signal ? { signal: hooks.signal } : {}),
        });
        if (answer)
          translations[i] = { ...answer, key: t.key, model: t.model, by: answer.by === "rules" ? "llm" : answer.by };
        finished(translations[i]!);
      });
    }),
  );
  const flagged = translations.filter((t) => t.status === "needs_review").length;
  progress.finish(`${translations.length - flagged} translated, ${flagged} need review`);
  return { translations };
}

/**
 * translatePlan's walk (macros first, then the build order, each result's columns registered for its dependants),
 * one object at a time, so that a translator crash on one object becomes that object's `needs_review` instead of
 * stopping the migration.
 */
function translateEach(catalog: Catalog, plan: Plan): TranslationResult[] {
  try {
    return translatePlan(catalog, plan);
  } catch {
    // Redo it object by object to find out which one(s) the translator cannot handle.
  }
  const resolver = planResolver(catalog, plan);
  const objects = new Map<string, TranslatableObject>(
    [...catalog.functions, ...catalog.views, ...catalog.procedures].map((o) => [objectKey(o.schema, o.name), o]),
  );
  const keyOf = new Map(plan.models.map((m) => [m.name, m.key]));
  const results: TranslationResult[] = [];
  for (const name of [...plan.models.filter((m) => m.layer === "macro").map((m) => m.name), ...plan.order]) {
    const key = keyOf.get(name) ?? "";
    const object = objects.get(key);
    if (!object) continue;
    try {
      const result = translateObject(object, { catalog, resolver });
      if (result.columns.length) resolver.register(result.key, result.columns);
      results.push(result);
    } catch (error) {
      const issue = {
        construct: "translator error",
        ...(object.location ? { line: object.location.line } : {}),
        message: `the translator failed: ${(error as Error).message}`,
      };
      results.push({
        key,
        model: name,
        sql: "",
        status: "needs_review",
        issues: [issue],
        constructs: [],
        by: "rules",
        columns: [],
        dependsOn: [],
        vars: [],
        form: "model",
      });
    }
  }
  return results;
}
