import { sql as sqlTag } from "drizzle-orm";
import { zipProject } from "~/agents/dbt";
import { readExpected, type AgentName, type ProgressFn, type StepLimits } from "~/agents/engine/steps";
import type { MigrationReport } from "~/agents/core/contracts";
import {
  checkpointState,
  DEFAULT_MAX_REPAIRS,
  recursionLimit,
  type MigrationContext,
  type MigrationGraph,
  type MigrationStateValue,
} from "~/agents/graph/migration-graph";
import type { Llm } from "~/agents/llm";
import { modelClosure } from "~/agents/plan/closure";
import type { Database } from "~/db/client";
import { migrationOutputs } from "~/db/schema";
import { saveStateUpdate } from "./artifacts";
import { editsOf, type pendingRun } from "./decisions";
import { createLlmHook } from "./llm-hook";
import type { MigrationSource } from "./source";

/** What one attempt of a migration runs the graph with (the job's policy, in ./run-migration.ts, supplies it). */
export type GraphRun = {
  db: Database;
  graph: MigrationGraph;
  source: MigrationSource;
  /** The migration_runs row the job is for: a full run, or a re-run of some models (null for older migrations). */
  run: Awaited<ReturnType<typeof pendingRun>>;
  /** Superuser URL where sandboxes are created. */
  adminUrl: string;
  /** The dbt executable: the Tester and the Evaluator build with real `dbt build` (else the built-in compiler). */
  dbt?: string;
  /** Claude, when configured; null means rules only. */
  llm: Llm | null;
  /** LLM calls one migration step makes at once. */
  llmConcurrency?: number;
  /** What stops a step while it runs: a signal, the step's deadline and the attempt's budget (runStep). */
  limits: StepLimits;
  statementTimeoutMs?: number;
  onProgress: ProgressFn;
  /** Called at every step boundary; throws to stop the run there (cancel, drain). */
  checkpointGate: (next: AgentName) => Promise<void>;
  /** Resolves when every event emitted so far is written (see recordEventsFirst). */
  flushEvents: () => Promise<unknown>;
  log: (message: string) => void;
};

/**
 * Runs the migration's LangGraph graph for one attempt, from its last checkpoint (thread id = migration id):
 * resumes a run a killed worker left, or starts the pending run (all agents, or a re-run of some models), and
 * publishes every node's results as artifacts and the finished project and report as outputs. Returns the report.
 */
export async function runGraph(r: GraphRun): Promise<MigrationReport> {
  const { db, graph, source, run } = r;
  const migrationId = source.migration.id;
  // The expected results are read into memory whole; their unpacked folder is not needed after that.
  const expected = source.expectedDir
    ? await readExpected(source.expectedDir).finally(() => source.cleanup())
    : undefined;
  const { options } = source;
  const edits = await editsOf(db, migrationId);
  const maxRepairs = options.maxRepairAttempts ?? DEFAULT_MAX_REPAIRS;
  const llm = options.useLlm !== false ? r.llm : null;

  /** This run's report, as the report node hands it over to be saved. */
  let reported: MigrationReport | null = null;
  const ctx: MigrationContext = {
    migrationId,
    input: source.input,
    ...(source.database ? { database: source.database } : {}),
    adminUrl: r.adminUrl,
    maxRepairs,
    limits: r.limits,
    onProgress: r.onProgress,
    checkpointGate: r.checkpointGate,
    saveOutputs: async ({ report, markdown, files }) => {
      reported = report;
      const projectZip = Buffer.from(zipProject(files));
      await db
        .insert(migrationOutputs)
        .values({ migrationId, report, reportMarkdown: markdown, projectZip })
        .onConflictDoUpdate({
          target: migrationOutputs.migrationId,
          set: { report, reportMarkdown: markdown, projectZip, createdAt: sqlTag`now()` },
        });
    },
    ...(r.dbt ? { dbt: r.dbt } : {}),
    ...(expected ? { expected } : {}),
    ...(options.vars ? { vars: options.vars } : {}),
    ...(llm ? { llm: (catalog) => createLlmHook(llm, migrationId, catalog) } : {}),
    ...(r.llmConcurrency ? { llmConcurrency: r.llmConcurrency } : {}),
    ...(Object.keys(edits).length ? { edits } : {}),
    ...(r.statementTimeoutMs !== undefined ? { statementTimeoutMs: r.statementTimeoutMs } : {}),
  };
  const config = {
    configurable: { thread_id: migrationId, migration: ctx, flushEvents: r.flushEvents },
    durability: "sync" as const,
    recursionLimit: recursionLimit(maxRepairs),
  };

  const saved = await graph.getState(config);
  // Read (not cast) from the checkpoint: it may have been written by an earlier version (runs checkpointed before
  // they carried an outcome read as new ones do).
  const previous = checkpointState(saved.values);
  // Pending tasks, not `next`: LangGraph leaves out of `next` a task whose writes were saved before the crash
  // cut off the checkpoint after it, and a run killed in that moment would otherwise start over from START.
  const resuming = saved.tasks.length > 0;
  if (resuming) {
    r.log(`migration ${migrationId}: resuming at ${saved.tasks.map((task) => task.name).join(", ")}`);
    // A crash between a step's checkpoint and its publication below would leave the dashboard without that
    // step's results for good (the resumed stream starts after it): publish what the checkpoint holds.
    await saveStateUpdate(db, migrationId, { resumed: producedValues(previous) });
  }
  const scoped = run && run.kind !== "full" && previous.plan && previous.finalReport ? run : null;
  if (resuming || !previous.finalReport || (scoped && previous.runId !== scoped.id)) {
    // A re-run of some models starts where the last run ended (same thread): the asked models and every model
    // that reads them go through Tester → Rebuilder → Evaluator → report; nothing else is redone.
    const input = resuming
      ? null
      : scoped
        ? {
            scope: [...modelClosure(previous.plan!, scoped.models, "dependants")],
            runId: scoped.id,
            testRounds: 0,
            repaired: [],
            // The last run's results, as the re-run merges into them.
            runs: previous.runs,
            ...(previous.evaluation ? { evaluation: previous.evaluation } : {}),
            declined: Object.fromEntries(
              Object.entries(previous.declined).filter(([model]) => !scoped.models.includes(model)),
            ),
          }
        : { scope: null, runId: run?.id ?? 0 };
    const stream = await graph.stream(input, { ...config, streamMode: "updates" });
    for await (const update of stream) {
      // Already checkpointed by LangGraph; published for the dashboard, which reads artifacts, not checkpoints.
      await saveStateUpdate(db, migrationId, update);
    }
  } else {
    reported = previous.finalReport; // ended by an attempt whose worker died before it could finish the migration
  }
  await r.flushEvents();
  if (!reported) throw new Error("the migration graph ended without a report");
  return reported;
}

/** The state values some step has produced (not the graph's initial empty values). */
function producedValues(values: MigrationStateValue): Partial<MigrationStateValue> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== null && !(Array.isArray(value) && value.length === 0)),
  );
}
