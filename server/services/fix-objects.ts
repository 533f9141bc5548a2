import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { MigrationReport } from "~/agents/core/contracts";
import { modelEditProblem } from "~/agents/escape";
import { RERUN_KIND, type RunKind } from "~/agents/core/event-kinds";
import { recordEvent } from "~/agents/events/record";
import { parseArtifact } from "~/agents/worker/artifacts";
import { decidedSummary, reportKey } from "~/agents/worker/decisions";
import { finishedStatus, isDecidable } from "~/agents/worker/outcome";
import type { Database } from "~/db/client";
import { isoTimestamp } from "~/db/iso-timestamp";
import {
  migrationArtifacts,
  migrationRuns,
  migrations,
  modelEdits,
  objectDecisions,
  OBJECT_DECISIONS,
  sourceFiles,
  users,
  type MigrationSummary,
} from "~/db/schema";
import { enforceQuotas, quotasFromEnv, type Quotas } from "./quotas";
import { checkExpectedUpload, ZExpectedUpload } from "./uploads";
import {
  closeUnfinishedRuns,
  enqueueJob,
  lockOwned,
  MigrationStateError,
  refusePoisonedTwice,
  ZMigrationId,
  type Tx,
} from "./migrations";
import { ownMigration } from "./ownership";

/**
 * Fixing one object instead of re-running everything: re-run some objects (or the failed ones) through Tester →
 * Rebuilder → Evaluator, edit a model's SQL, accept an object or put it out of scope, attach new expected results.
 * Every function locks the user's own migration first (another user's answers null, which the router makes
 * NOT_FOUND) and refuses while the migration is queued or running. Each run is a migration_runs row: the history.
 */

const ZKey = z.string().trim().min(1, "Object key is required").max(500);

export const ZRerunObjects = ZMigrationId.extend({
  /** Object keys to re-run; absent: every object that failed, mismatched or needs review. */
  keys: z.array(ZKey).min(1, "Name at least one object").max(1000).optional(),
}).strict();

export const ZEditModel = ZMigrationId.extend({
  key: ZKey,
  sql: z.string().max(1024 * 1024, "The model SQL is larger than 1 MB"),
}).strict();

export const ZDecideObject = ZMigrationId.extend({
  key: ZKey,
  /** null takes the decision back. */
  decision: z.enum(OBJECT_DECISIONS).nullable(),
  note: z.string().trim().max(2000, "The note must be at most 2,000 characters").default(""),
})
  .strict()
  .refine((d) => d.decision !== "accepted" || d.note.length > 0, {
    message: "Say why you accept it: a note is required",
    path: ["note"],
  });

export const ZAttachExpected = ZMigrationId.extend({ expected: ZExpectedUpload }).strict();

/** What the previous runs produced that a re-run starts from: refused when there is no finished report yet. */
async function finishedArtifacts(tx: Tx, id: string) {
  const rows = await tx
    .select({ kind: migrationArtifacts.kind, data: migrationArtifacts.data })
    .from(migrationArtifacts)
    .where(and(eq(migrationArtifacts.migrationId, id), inArray(migrationArtifacts.kind, ["plan", "report"])));
  const planRow = rows.find((r) => r.kind === "plan");
  const reportRow = rows.find((r) => r.kind === "report");
  if (!planRow || !reportRow)
    throw new MigrationStateError("This migration has no finished report to start from: re-run it whole instead");
  return { plan: parseArtifact(id, "plan", planRow.data), report: parseArtifact(id, "report", reportRow.data) };
}

async function lockIdle(tx: Tx, userId: string, id: string) {
  const current = await lockOwned(tx, userId, id);
  if (!current) return null;
  if (current.status === "queued" || current.status === "running") {
    throw new MigrationStateError(
      `This migration is ${current.status}: wait until it ends (or cancel it) before changing it`,
    );
  }
  return current;
}

async function emailOf(tx: Tx, userId: string): Promise<string> {
  const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return user!.email;
}

/** Queues a Tester → Rebuilder → Evaluator run of `models` (and their dependants) as the migration's next run. */
async function queueScopedRun(
  tx: Tx,
  userId: string,
  id: string,
  run: { kind: RunKind; models: string[]; reason: string },
  quotas: Quotas,
) {
  await refusePoisonedTwice(tx, id);
  await enforceQuotas(tx, userId, quotas, { migrations: 1, bytes: 0 });
  const requestedBy = await emailOf(tx, userId);
  await closeUnfinishedRuns(tx, id);
  const [row] = await tx
    .insert(migrationRuns)
    .values({ migrationId: id, ...run, requestedBy })
    .returning({ id: migrationRuns.id });
  await tx
    .update(migrations)
    .set({ status: "queued", progress: 0, error: null, startedAt: null, finishedAt: null, updatedAt: sql`now()` })
    .where(ownMigration(id, userId));
  await recordEvent(tx, {
    migrationId: id,
    agent: "worker",
    kind: RERUN_KIND,
    message: `re-run requested: ${run.reason}`,
    progress: 0,
    payload: { runId: row!.id, kind: run.kind, models: run.models },
  });
  await enqueueJob(tx, id);
  return { runId: row!.id, models: run.models };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Re-runs the named objects, or every object that failed, mismatched or needs review. */
export async function rerunObjects(
  db: Database,
  userId: string,
  input: z.output<typeof ZRerunObjects>,
  quotas: Quotas = quotasFromEnv(),
) {
  return db.transaction(async (tx) => {
    if (!(await lockIdle(tx, userId, input.id))) return null;
    const { plan, report } = await finishedArtifacts(tx, input.id);
    const modelOf = new Map(plan.models.filter((m) => plan.order.includes(m.name)).map((m) => [m.key, m.name]));
    let keys: string[];
    if (input.keys) {
      keys = [...new Set(input.keys)];
      const missing = keys.find((k) => !modelOf.has(k));
      if (missing) throw new MigrationStateError(`${missing} has no model to re-run`);
    } else {
      keys = report.objects
        .filter((o) => isDecidable(o.status))
        .map((o) => reportKey(o.object))
        .filter((k) => modelOf.has(k));
      if (!keys.length)
        throw new MigrationStateError("No object failed, mismatched or needs review: there is nothing to re-run");
    }
    const models = keys.map((k) => modelOf.get(k)!);
    const reason = input.keys
      ? `re-run of ${models.join(", ")}`
      : `re-run of the ${plural(models.length, "object")} that did not pass: ${models.join(", ")}`;
    return queueScopedRun(tx, userId, input.id, { kind: input.keys ? "objects" : "failed", models, reason }, quotas);
  });
}

/** Saves the owner's SQL for one model (checked by agents/escape) and rebuilds and re-compares that model. */
export async function editModel(
  db: Database,
  userId: string,
  input: z.output<typeof ZEditModel>,
  quotas: Quotas = quotasFromEnv(),
) {
  const problem = modelEditProblem(input.sql);
  if (problem) throw new MigrationStateError(problem);
  return db.transaction(async (tx) => {
    if (!(await lockIdle(tx, userId, input.id))) return null;
    const { plan } = await finishedArtifacts(tx, input.id);
    const model = plan.models.find((m) => m.key === input.key && plan.order.includes(m.name));
    if (!model) throw new MigrationStateError(`${input.key} has no model to edit`);
    if (model.layer === "staging")
      throw new MigrationStateError(
        "A staging model is generated from its table's columns; edit the models that read it",
      );
    const editedBy = await emailOf(tx, userId);
    await tx
      .insert(modelEdits)
      .values({ migrationId: input.id, model: model.name, sql: input.sql, editedBy })
      .onConflictDoUpdate({
        target: [modelEdits.migrationId, modelEdits.model],
        set: { sql: input.sql, editedBy, editedAt: sql`now()` },
      });
    return queueScopedRun(
      tx,
      userId,
      input.id,
      { kind: "edit", models: [model.name], reason: `${model.name} edited by ${editedBy}` },
      quotas,
    );
  });
}

/**
 * Records (or takes back) the owner's decision on an object that did not pass, and recomputes the migration's
 * counts and outcome from its report at once: nothing is rebuilt, only what counts as an issue changes.
 */
export async function decideObject(db: Database, userId: string, input: z.output<typeof ZDecideObject>) {
  return db.transaction(async (tx) => {
    const current = await lockIdle(tx, userId, input.id);
    if (!current) return null;
    const { report } = await finishedArtifacts(tx, input.id);
    const entry = report.objects.find((o) => reportKey(o.object) === input.key);
    if (!entry) throw new MigrationStateError(`${input.key} is not in this migration's report`);
    if (input.decision === null) {
      await tx
        .delete(objectDecisions)
        .where(and(eq(objectDecisions.migrationId, input.id), eq(objectDecisions.objectKey, input.key)));
    } else {
      if (!isDecidable(entry.status))
        throw new MigrationStateError(
          `${entry.object} is ${entry.status.replace("_", " ")}: only an object that did not pass needs a decision`,
        );
      if (input.decision === "accepted" && entry.status !== "needs_review") {
        throw new MigrationStateError(
          `${entry.object} is ${entry.status}: only an object that needs review can be accepted; mark it out of scope, edit or re-run it`,
        );
      }
      const decidedBy = await emailOf(tx, userId);
      const values = { decision: input.decision, note: input.note, decidedBy, decidedAt: sql`now()` };
      await tx
        .insert(objectDecisions)
        .values({ migrationId: input.id, objectKey: input.key, ...values })
        .onConflictDoUpdate({ target: [objectDecisions.migrationId, objectDecisions.objectKey], set: values });
    }
    const [row] = await tx
      .select({ summary: migrations.summary, status: migrations.status })
      .from(migrations)
      .where(eq(migrations.id, input.id));
    if (!row?.summary) return { status: row?.status ?? current.status };
    const summary = await decidedSummary(tx, input.id, rawSummary(report, row.summary.llmCostUsd), report);
    // Only an outcome the pipeline reached is re-judged; a failed or cancelled migration stays what it is.
    const status =
      row.status === "succeeded" || row.status === "completed_with_issues" ? finishedStatus(summary) : row.status;
    await tx
      .update(migrations)
      .set({ summary, status, updatedAt: sql`now()` })
      .where(ownMigration(input.id, userId));
    return { status, summary };
  });
}

/** The report's counts as the worker records them, before decisions (agents/worker/run-migration.ts). */
function rawSummary(report: MigrationReport, llmCostUsd: number): MigrationSummary {
  const s = report.summary;
  return {
    total: s.total,
    validated: s.validated ?? 0,
    loaded: s.loaded ?? 0,
    mismatch: s.mismatch ?? 0,
    executed: s.executed ?? 0,
    needs_review: s.needs_review ?? 0,
    failed: s.failed ?? 0,
    ...(s.programmable && s.tables ? { programmable: s.programmable, tables: s.tables } : {}),
    llmCostUsd,
  };
}

/**
 * Attaches or replaces the expected results (read and checked as at creation) and re-evaluates: the Tester builds
 * procedures with their first expected params, so every model goes through Tester → Rebuilder → Evaluator again,
 * without the Assessment, the Planner or the Executor.
 */
export async function attachExpected(
  db: Database,
  userId: string,
  input: z.output<typeof ZAttachExpected>,
  quotas: Quotas = quotasFromEnv(),
) {
  const expected = checkExpectedUpload(input.expected);
  return db.transaction(async (tx) => {
    const current = await lockIdle(tx, userId, input.id);
    if (!current) return null;
    const [kind] = await tx
      .select({ sourceKind: migrations.sourceKind })
      .from(migrations)
      .where(eq(migrations.id, input.id));
    if (kind?.sourceKind === "sample")
      throw new MigrationStateError("The sample database brings its own expected results");
    const { plan } = await finishedArtifacts(tx, input.id);
    await enforceQuotas(tx, userId, quotas, { migrations: 0, bytes: expected.sizeBytes });
    const [file] = await tx
      .insert(sourceFiles)
      .values({
        userId,
        filename: expected.filename,
        format: expected.format,
        sizeBytes: expected.sizeBytes,
        sha256: expected.sha256,
        content: expected.bytes,
      })
      .returning({ id: sourceFiles.id });
    await tx.update(migrations).set({ expectedFileId: file!.id }).where(ownMigration(input.id, userId));
    if (current.expectedFileId)
      await tx
        .delete(sourceFiles)
        .where(and(eq(sourceFiles.id, current.expectedFileId), eq(sourceFiles.userId, userId)));
    const models = plan.order.filter((name) => plan.models.some((m) => m.name === name));
    const verb = current.expectedFileId ? "replaced" : "attached";
    return queueScopedRun(
      tx,
      userId,
      input.id,
      { kind: "expected", models, reason: `expected results ${verb} (${expected.filename}): every model re-evaluated` },
      quotas,
    );
  });
}

/** The migration's runs, newest first, with its edits and decisions: the page's "Runs" history and the report. */
export async function getHistory(db: Database, userId: string, id: string) {
  const [owned] = await db.select({ id: migrations.id }).from(migrations).where(ownMigration(id, userId));
  if (!owned) return null;
  return historyOf(db, id);
}

/** The history of a migration already known to be the caller's. */
export async function historyOf(db: Database, id: string) {
  const runs = await db
    .select({
      id: migrationRuns.id,
      kind: migrationRuns.kind,
      models: migrationRuns.models,
      reason: migrationRuns.reason,
      requestedBy: migrationRuns.requestedBy,
      requestedAt: isoTimestamp(migrationRuns.requestedAt),
      finishedAt: isoTimestamp(migrationRuns.finishedAt),
      status: migrationRuns.status,
      summary: migrationRuns.summary,
    })
    .from(migrationRuns)
    .where(eq(migrationRuns.migrationId, id))
    .orderBy(asc(migrationRuns.id));
  const edits = await db
    .select({
      model: modelEdits.model,
      sql: modelEdits.sql,
      editedBy: modelEdits.editedBy,
      editedAt: isoTimestamp(modelEdits.editedAt),
    })
    .from(modelEdits)
    .where(eq(modelEdits.migrationId, id))
    .orderBy(asc(modelEdits.model));
  const decisions = await db
    .select({
      key: objectDecisions.objectKey,
      decision: objectDecisions.decision,
      note: objectDecisions.note,
      decidedBy: objectDecisions.decidedBy,
      decidedAt: isoTimestamp(objectDecisions.decidedAt),
    })
    .from(objectDecisions)
    .where(eq(objectDecisions.migrationId, id))
    .orderBy(asc(objectDecisions.objectKey));
  return { runs: runs.map((r, i) => ({ ...r, number: i + 1 })).reverse(), edits, decisions };
}
export type MigrationHistory = Awaited<ReturnType<typeof historyOf>>;
