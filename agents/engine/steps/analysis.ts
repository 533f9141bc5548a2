import { assess } from "~/agents/assess";
import { type Catalog } from "~/agents/catalog/schema";
import { plan as planProject, type PlanOptions } from "~/agents/plan";
import type { Assessment, Plan } from "~/agents/core/contracts";
import { type StepHooks, count, countText, reporter } from "./progress";

/** 1. Assessment and 2. Planner: what the database holds and how it maps to dbt. */

export function assessmentStep(input: { catalog: Catalog }, hooks: StepHooks = {}): { assessment: Assessment } {
  const progress = reporter("assessment", hooks.onProgress);
  progress.start(`assessing ${countText(input.catalog)}`);
  const assessment = assess(input.catalog);
  for (const warning of assessment.warnings) progress.warn(warning);
  const c = assessment.counts;
  progress.finish(
    `${c.rules ?? 0} by rules, ${c.llm ?? 0} for the LLM, ${c.manual ?? 0} for a person; estimated LLM cost $${assessment.estimatedLlmCostUsd.toFixed(2)}`,
  );
  return { assessment };
}

/** Plain-data planner options (the plan function's `area` callback cannot be checkpointed). */
export type PlannerOptions = Pick<PlanOptions, "projectName" | "profile">;

export function plannerStep(
  input: { catalog: Catalog; assessment: Assessment; options?: PlannerOptions },
  hooks: StepHooks = {},
): { plan: Plan } {
  const progress = reporter("planner", hooks.onProgress);
  progress.start("mapping objects to dbt models");
  const plan = planProject(input.catalog, input.assessment, input.options ?? {});
  const layers = count(plan.models.map((m) => m.layer));
  progress.finish(
    `${plan.models.length} entries: ${Object.entries(layers)
      .map(([k, v]) => `${v} ${k}`)
      .join(", ")}; ${plan.order.length} models to build`,
  );
  return { plan };
}
