import { type ModelRun, runFailureText } from "~/agents/core/contracts";
import { type LoadSummary, type Placeholders, type SandboxInput, withBuild } from "./build";
import { type StepHooks, firstLine, reporter } from "./progress";

/** 4. Tester: build everything, run the data tests. */

export type TesterOutput = {
  /** One run per built model, in build order (dependencies first). */
  runs: ModelRun[];
  load: LoadSummary;
  placeholders: Placeholders;
  ms: number;
};

/**
 * Builds the whole project in a fresh sandbox: source tables from the translated DDL loaded with the catalog's
 * data, every model compiled (Jinja) and created in dependency order, row counts, then every generated data test.
 * A model downstream of a failure is not run (outcome `skipped`: "upstream model X failed").
 */
export async function testerStep(input: SandboxInput, hooks: StepHooks = {}): Promise<TesterOutput> {
  const started = performance.now();
  const progress = reporter("tester", hooks.onProgress);
  progress.start(`building ${input.plan.order.length} models in sandbox ${input.sandboxId}`);
  return withBuild(
    input,
    progress,
    async ({ runs, load, placeholders }) => {
      runs.forEach((run, i) =>
        progress.object(run.model, runText(run), 0.1 + (0.9 * (i + 1)) / Math.max(1, runs.length)),
      );
      const failed = runs.filter((r) => r.outcome !== "ok").length;
      const tests = runs.flatMap((r) => r.tests);
      const failedTests = tests.filter((t) => !t.ok).length;
      const builder = input.dbt ? "dbt build" : "the built-in compiler";
      progress.finish(
        `${runs.length - failed} of ${runs.length} models built by ${builder}; ${tests.length - failedTests} of ${tests.length} data tests passed`,
      );
      return { runs, load, placeholders, ms: Math.round(performance.now() - started) };
    },
    hooks,
  );
}

function runText(run: ModelRun): string {
  const failure = runFailureText(run);
  if (failure !== null) return `failed: ${firstLine(failure)}`;
  const failedTests = run.tests.filter((t) => !t.ok);
  return `built, ${run.rows ?? 0} rows${run.tests.length ? `, ${run.tests.length - failedTests.length}/${run.tests.length} data tests passed` : ""}`;
}
