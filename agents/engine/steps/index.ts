/**
 * The six agent steps of a migration (plus the report), as functions over plain data.
 *
 * Every input and output is JSON-serialisable (no class instances, Maps or functions), so the worker can wrap
 * each step in a LangGraph node and checkpoint the state between them. The only non-data arguments are the
 * optional `hooks` (progress callback, LLM hook), which the worker supplies again when it resumes.
 *
 *   ingestStep(input, { database })                                   → catalog
 *   assessmentStep({ catalog })                                        → { assessment }
 *   plannerStep({ catalog, assessment })                               → { plan }
 *   executorStep({ catalog, plan }, { llm })                           → { translations }
 *   testerStep({ catalog, plan, translations, adminUrl, sandboxId })   → { runs, load, placeholders }
 *   rebuilderStep({ catalog, plan, translations, runs, repairs })      → { translations, repairs, repaired }
 *   evaluatorStep({ …, adminUrl, sandboxId, expected, exportDir })     → { runs, evaluations, exported, … }
 *   sourceDataStep({ catalog, adminUrl, sandboxId })                  → the source tables' rows, as psql reads them
 *   reportStep({ catalog, assessment, plan, translations, runs, … })   → { report, markdown, files }
 *
 * The Tester and the Evaluator each create their own sandbox (database + role `dm_sandbox_<sandboxId>`), load the
 * catalog's tables and data, build every model, and drop the sandbox before returning, whatever happened. A
 * sandbox left behind by a killed run under the same id is dropped first, so a resumed run simply redoes the step.
 * Building is deterministic, so the Evaluator's own build gives the same results as the Tester's last one.
 */
export * from "./progress";
export * from "./llm";
export * from "./deadline";
export * from "./ingest";
export * from "./analysis";
export * from "./executor";
export * from "./build";
export * from "./tester";
export * from "./rebuilder";
export * from "./source-data";
export * from "./evaluator";
export * from "./report";
export * from "./lint";
