import { eq, sql as sqlTag } from "drizzle-orm";
import { eventWriter, FINISHED_KIND } from "~/agents/events/record";
import type { StepProgress } from "~/agents/engine/steps";
import { ingestStep, PROGRESS_BANDS, readExpected } from "~/agents/engine/pipeline";
import { zipProject } from "~/agents/dbt";
import { DEFAULT_MAX_REPAIRS, type MigrationContext, type MigrationGraph, type MigrationStateValue } from "~/agents/graph/migration-graph";
import { InputError } from "~/agents/ingest";
import { totalCost, type Llm } from "~/agents/llm";
import type { Database, Sql } from "~/db/client";
import { migrationOutputs, migrations, type MigrationSummary } from "~/db/schema";
import { catalogArtifact, saveArtifact, saveStateUpdate } from "./artifacts";
import { createLlmHook } from "./llm-hook";
import { loadSource } from "./source";
import { PermanentJobError, type JobHandler } from "./worker";

/** Thrown at a step boundary when the run must stop there; the checkpoint keeps everything done so far. */
export class StopRun extends Error {
  constructor(readonly why: "cancelled" | "draining") {
    super(why === "cancelled" ? "the migration was cancelled" : "the worker is stopping");
  }
}

type Options = {
  db: Database;
  sql: Sql;
  graph: MigrationGraph;
  /** Superuser URL where sandboxes are created. */
  adminUrl: string;
  /** Claude, when configured; null means rules only. */
  llm: Llm | null;
  /** LLM calls one migration step makes at once. */
  llmConcurrency?: number;
  log?: (message: string) => void;
};

/**
 * Runs one claimed job: the migration's LangGraph graph, from its last checkpoint (thread id = migration id),
 * streaming every step as an event. Cancellation and draining stop the run at the next step boundary.
 */
export function createMigrationRunner(options: Options): JobHandler {
  const log = options.log ?? ((m: string) => console.log(`[worker] ${m}`));

  return async function runMigration(job, signal) {
    const { db, sql } = options;
    const migrationId = job.migrationId;
    const source = await loadSource(db, migrationId);
    if (!source || source.migration.status === "cancelled") return; // deleted or cancelled while queued
    const write = eventWriter(sql, migrationId);
    let lastProgressWrite = 0;
    const emit = async (event: StepProgress, overall: number) => {
      await write({ agent: event.agent, object: event.object ?? null, kind: event.kind, message: event.message, progress: overall });
      const now = Date.now();
      if (event.kind !== "object" || now - lastProgressWrite > 500) {
        lastProgressWrite = now;
        await db.update(migrations).set({ progress: overall, updatedAt: sqlTag`now()` }).where(eq(migrations.id, migrationId));
      }
    };
    // Events are written in order but off the steps' synchronous callbacks; failures surface at the next boundary.
    let pending: Promise<unknown> = Promise.resolve();
    const onProgress = (event: StepProgress) => {
      const [from, to] = PROGRESS_BANDS[event.agent];
      const overall = from + (to - from) * event.progress;
      pending = pending.then(() => emit(event, overall));
    };

    await db
      .update(migrations)
      .set({ status: "running", startedAt: sqlTag`coalesce(${migrations.startedAt}, now())`, error: null, updatedAt: sqlTag`now()` })
      .where(eq(migrations.id, migrationId));
    await write({ agent: "worker", kind: "attempt_started", message: `attempt ${job.attempts} started`, progress: source.migration.progress });

    try {
      let catalog;
      try {
        catalog = ingestStep(source.input, {}, { onProgress });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        const reason = `The source cannot be migrated: ${error.message}`;
        await finish("failed", reason);
        throw new PermanentJobError(reason); // retrying cannot help
      }
      await saveArtifact(db, migrationId, "catalog", catalogArtifact(catalog));
      const expected = source.expectedDir ? await readExpected(source.expectedDir) : undefined;
      const migrationOptions = source.migration.options;

      const ctx: MigrationContext = {
        migrationId,
        catalog,
        adminUrl: options.adminUrl,
        ...(expected ? { expected } : {}),
        ...(migrationOptions.vars ? { vars: migrationOptions.vars } : {}),
        maxRepairs: migrationOptions.maxRepairAttempts ?? DEFAULT_MAX_REPAIRS,
        ...(options.llm && migrationOptions.useLlm !== false ? { llm: createLlmHook(options.llm, migrationId, catalog) } : {}),
        ...(options.llmConcurrency ? { llmConcurrency: options.llmConcurrency } : {}),
        onProgress,
        checkpointGate: async () => {
          await pending;
          if (signal.aborted) throw new StopRun("draining");
          const [current] = await db.select({ status: migrations.status }).from(migrations).where(eq(migrations.id, migrationId));
          if (!current || current.status === "cancelled") throw new StopRun("cancelled");
        },
        saveOutputs: async ({ report, markdown, files }) => {
          const projectZip = Buffer.from(zipProject(files));
          await db
            .insert(migrationOutputs)
            .values({ migrationId, report, reportMarkdown: markdown, projectZip })
            .onConflictDoUpdate({ target: migrationOutputs.migrationId, set: { report, reportMarkdown: markdown, projectZip, createdAt: sqlTag`now()` } });
        },
      };
      const config = { configurable: { thread_id: migrationId, migration: ctx }, durability: "sync" as const, recursionLimit: 100 };

      const saved = await options.graph.getState(config);
      const resuming = saved.next.length > 0;
      if (resuming) log(`migration ${migrationId}: resuming at ${saved.next.join(", ")}`);
      if (resuming || !saved.values.finalReport) {
        const stream = await options.graph.stream(resuming ? null : {}, { ...config, streamMode: "updates" });
        for await (const update of stream) {
          // Already checkpointed by LangGraph; published for the dashboard, which reads artifacts, not checkpoints.
          await saveStateUpdate(db, migrationId, update as Record<string, Partial<MigrationStateValue>>);
        }
      }
      await pending;
      const final = await options.graph.getState(config);
      const report = final.values.finalReport;
      if (!report) throw new Error("the migration graph ended without a report");
      const summary: MigrationSummary = {
        total: report.summary.total,
        validated: report.summary.validated ?? 0,
        mismatch: report.summary.mismatch ?? 0,
        executed: report.summary.executed ?? 0,
        needs_review: report.summary.needs_review ?? 0,
        failed: report.summary.failed ?? 0,
        llmCostUsd: await totalCost(db, migrationId),
      };
      await finish("succeeded", null, summary);
    } catch (error) {
      await pending.catch(() => {});
      if (error instanceof StopRun) {
        if (error.why === "cancelled") {
          await write({ agent: "worker", kind: FINISHED_KIND, message: "cancelled", progress: null });
          return;
        }
        throw error; // draining: the worker releases the job for another worker to resume
      }
      if (error instanceof PermanentJobError) throw error;
      const message = (error as Error).message;
      if (job.attempts >= job.maxAttempts) {
        await finish("failed", `Failed after ${job.attempts} attempt(s): ${message}`);
        throw error;
      }
      await write({ agent: "worker", kind: "attempt_failed", message: `attempt ${job.attempts} failed: ${message}; it will be retried`, progress: null });
      throw error;
    }

    async function finish(status: "succeeded" | "failed", error: string | null, summary?: MigrationSummary) {
      await db
        .update(migrations)
        .set({ status, error, progress: status === "succeeded" ? 1 : sqlTag`${migrations.progress}`, ...(summary ? { summary } : {}), finishedAt: sqlTag`now()`, updatedAt: sqlTag`now()` })
        .where(eq(migrations.id, migrationId));
      await write({ agent: "worker", kind: FINISHED_KIND, message: error ?? status, progress: status === "succeeded" ? 1 : null, payload: summary ?? null });
      log(`migration ${migrationId}: ${status}${error ? ` (${error})` : ""}`);
    }
  };
}
