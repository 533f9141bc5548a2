import pLimit from "p-limit";
import { type Catalog } from "~/agents/catalog/schema";
import { repair } from "~/agents/rebuild/repair";
import type { ModelRun, Plan, RepairRecord, Translation } from "~/agents/core/contracts";
import { DEFAULT_LLM_CONCURRENCY, type LlmStepHooks, llmObject, refsFor } from "./llm";
import { firstLine, reporter } from "./progress";

/** 5. Rebuilder: repair failed models from PostgreSQL's error (rules, then the LLM hook), within a bound. */

/** One repair the Rebuilder made: the model, which attempt, what made it and the error it answered. */
export type { RepairRecord };

export type RebuilderInput = {
  catalog: Catalog;
  plan: Plan;
  translations: Translation[];
  /** The Tester's last runs. */
  runs: ModelRun[];
  /** Repairs made so far (the bound is per model, over the whole migration). */
  repairs?: RepairRecord[];
  /** Most repairs per model (default 2). */
  maxAttempts?: number;
  /** Model → the error nothing could repair in an earlier round: not offered again while the error is the same. */
  declined?: Record<string, string>;
};

export type RebuilderOutput = {
  translations: Translation[];
  /** All repairs so far, this round's included. */
  repairs: RepairRecord[];
  /** Models changed this round: re-test when not empty. */
  repaired: string[];
  declined: Record<string, string>;
};

export const DEFAULT_MAX_REPAIRS = 2;

/**
 * A model that failed on its own: what the Rebuilder can repair. One skipped because a model it reads failed, or
 * not built at all, has nothing of its own to repair; its upstream model is the one repaired.
 */
export function failedOnItsOwn(run: ModelRun): boolean {
  return run.outcome === "failed" && !!run.error;
}

/**
 * For every model that failed in the Tester (not skipped for an upstream failure) and still has repair attempts
 * left: a rule-based repair from PostgreSQL's error, else the LLM hook when there is one. Pure apart from the hook.
 */
export async function rebuilderStep(input: RebuilderInput, hooks: LlmStepHooks = {}): Promise<RebuilderOutput> {
  const progress = reporter("rebuilder", hooks.onProgress);
  const maxAttempts = input.maxAttempts ?? DEFAULT_MAX_REPAIRS;
  const repairs = [...(input.repairs ?? [])];
  const translations = [...input.translations];
  const index = new Map(translations.map((t, i) => [t.model, i]));
  const plannedByName = new Map(input.plan.models.map((m) => [m.name, m]));
  const candidates = input.runs.filter((r) => failedOnItsOwn(r) && index.has(r.model));
  progress.start(`${candidates.length} failed model${candidates.length === 1 ? "" : "s"} to repair`);
  const repaired: string[] = [];
  const declined = { ...(input.declined ?? {}) };
  let finishedCount = 0;
  const limit = pLimit(hooks.llmConcurrency ?? DEFAULT_LLM_CONCURRENCY);
  // Rules first, synchronously; what they cannot repair goes to the LLM hook, several models at a time.
  await Promise.all(
    candidates.map((run) => {
      const done = (text: string) => progress.object(run.model, text, ++finishedCount / candidates.length);
      if (declined[run.model] === run.error) return done("no repair for this error (tried before)");
      const attempt = repairs.filter((r) => r.model === run.model).length + 1;
      if (attempt > maxAttempts) return done(`no attempts left (${maxAttempts} made)`);
      const at = index.get(run.model)!;
      const translation = translations[at]!;
      const fix = repair(translation, run, input.catalog);
      if (fix) {
        translations[at] = { ...translation, sql: fix.sql, by: "repair" };
        repairs.push({ model: run.model, attempt, by: "repair", rule: fix.rule, error: run.error! });
        repaired.push(run.model);
        return done(`attempt ${attempt}: repaired by rule ${fix.rule}`);
      }
      const planned = plannedByName.get(run.model);
      const object = planned && hooks.llm ? llmObject(input.catalog, input.plan, planned.key) : undefined;
      const decline = () => {
        declined[run.model] = run.error!;
        done(`no repair for: ${firstLine(run.error!)}`);
      };
      if (!object || !planned || !hooks.llm) return decline();
      const llm = hooks.llm;
      return limit(async () => {
        // Queued calls of a step told to stop are not made (and not paid for).
        hooks.signal?.throwIfAborted();
        hooks.onWorking?.(run.model);
        const answer = await llm(object, {
          agent: "rebuilder",
          translation,
          issues: translation.issues,
          pgError: run.error!,
          ...(run.compiledSql !== undefined ? { compiledSql: run.compiledSql } : {}),
          refs: refsFor(input.plan, planned.key),
          vars: planned.vars,
          attempt,
          ...(hooks.signal ? { signal: hooks.signal } : {}),
        });
        if (answer && answer.sql.trim() && answer.sql !== translation.sql) {
          translations[at] = { ...answer, key: translation.key, model: translation.model, by: "llm" };
          repairs.push({ model: run.model, attempt, by: "llm", rule: "llm", error: run.error! });
          repaired.push(run.model);
          return done(`attempt ${attempt}: rewritten by the LLM`);
        }
        decline();
      });
    }),
  );
  // Concurrent answers arrive in any order: keep the records deterministic for reports and resumed runs.
  repairs.sort((a, b) => a.model.localeCompare(b.model) || a.attempt - b.attempt);
  repaired.sort();
  progress.finish(repaired.length ? `repaired ${repaired.length}: ${repaired.join(", ")}` : "nothing repaired");
  return { translations, repairs, repaired, declined };
}
