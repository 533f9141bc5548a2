import { relations, sql } from "drizzle-orm";
import { z } from "zod";
import {
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { ZMigrationSummary } from "~/agents/core/migration-summary";
import { RUN_KINDS, type EventKind } from "~/agents/core/event-kinds";
import type { LlmOutcome } from "~/agents/llm/outcome";
import * as enums from "./enums";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });
/**
 * A jsonb column parsed with its zod schema as every query reads it (not cast); `unreadable` is what a stored value
 * that does not parse reads as (or throws).
 */
function parsedJsonb<S extends z.ZodType>(schema: S, unreadable: (error: z.ZodError) => z.output<S>) {
  return customType<{ data: z.output<S>; driverData: unknown }>({
    dataType: () => "jsonb",
    // Drizzle's postgres.js setup hands jsonb over as text and takes it as text (as its own jsonb column does).
    toDriver: (value) => JSON.stringify(value),
    fromDriver: (value) => {
      const parsed = schema.safeParse(typeof value === "string" ? JSON.parse(value) : value);
      return parsed.success ? parsed.data : unreadable(parsed.error);
    },
  });
}

/**
 * A migration's or a run's counts. A stored summary that does not parse (written by a version with other fields)
 * reads as null, as a migration without counts does (its status still shows): one old row must not break a page
 * of migrations.
 */
const summaryJsonb = parsedJsonb(ZMigrationSummary.nullable(), () => null);
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name"),
    passwordHash: text("password_hash").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`)],
);

/**
 * Failed sign-ins per account, kept in PostgreSQL so every web process sees the same count.
 * Keyed by the normalised email so unknown addresses are throttled the same way as known ones.
 */
export const signInThrottle = pgTable(
  "sign_in_throttle",
  {
    email: text("email").notNull(),
    /**
     * '' counts the failures from every address the account was never signed in from; a known address
     * (knownSignInAddresses) has its own count, so strangers cannot lock the owner out (server/auth/throttle.ts).
     */
    address: text("address").notNull().default(""),
    failures: integer("failures").notNull().default(0),
    lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.email, t.address] })],
);

/** Client addresses a user has signed in from successfully: the account's lockout does not apply to them. */
export const knownSignInAddresses = pgTable(
  "known_sign_in_addresses",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    address: text("address").notNull(),
    lastSuccessAt: timestamp("last_success_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.address] })],
);

/**
 * One row per signed-in browser session (the next-auth JWT carries its id): deleting the row signs that
 * session out on the server, whatever the cookie says.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * Rate limits (server/rate-limit): one row per limited action and subject (an address or a user), holding the
 * generic cell rate algorithm's "theoretical arrival time"; a row whose time has passed is the same as none.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    tat: timestamp("tat", { withTimezone: true }).notNull(),
  },
  (t) => [index("rate_limits_tat_idx").on(t.tat)],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_keys_key_hash_key").on(t.keyHash), index("api_keys_user_idx").on(t.userId, t.createdAt)],
);

/**
 * A user's uploaded file, stored whole with its size and checksum: the migration's source (a .sql script, pasted
 * T-SQL kept as a script, a .zip of .sql files, catalog JSON) or its expected results (a .zip of manifest.json
 * and CSVs, format `expected`).
 */
export const sourceFiles = pgTable(
  "source_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    filename: text("filename").notNull(),
    format: text("format", { enum: ["sql", "json", "zip", "expected"] }).notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    content: bytea("content").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("source_files_user_idx").on(t.userId)],
);

export const migrationStatus = pgEnum("migration_status", enums.migrationStatus);
export const migrationSourceKind = pgEnum("migration_source_kind", enums.migrationSourceKind);

export const migrations = pgTable(
  "migrations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    sourceKind: migrationSourceKind("source_kind").notNull(),
    sourceFileId: uuid("source_file_id").references(() => sourceFiles.id, { onDelete: "set null" }),
    /** Expected results to validate against (a source file of format `expected`), when the user gave some. */
    expectedFileId: uuid("expected_file_id").references(() => sourceFiles.id, { onDelete: "set null" }),
    target: text("target", { enum: ["postgres"] })
      .notNull()
      .default("postgres"),
    /** How the owner asked it to run: written from ZMigrationOptions, read through it (agents/worker/source.ts). */
    options: jsonb("options").notNull().default({}),
    status: migrationStatus("status").notNull().default("queued"),
    progress: real("progress").notNull().default(0),
    error: text("error"),
    /** Per-status object counts and LLM cost, refreshed as the agents work (for lists and badges). */
    summary: summaryJsonb("summary"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  // The list page reads "my migrations, newest first, maybe of one status": both indexes serve it. NULLS FIRST
  // because that is what `ORDER BY … DESC` means: an index ordered DESC NULLS LAST (Drizzle's default) does not
  // match it, and PostgreSQL falls back to reading and sorting every one of the user's rows.
  (t) => [
    index("migrations_user_created_idx").on(t.userId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("migrations_user_status_created_idx").on(
      t.userId,
      t.status,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
  ],
);

export type { MigrationSummary, SummaryCounts } from "~/agents/core/migration-summary";

export const jobStatus = pgEnum("job_status", enums.jobStatus);

/**
 * The work queue the agent worker claims from. One row per run of a migration; see agents/worker/queue.ts
 * for the claim, lease and fencing rules.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    migrationId: uuid("migration_id")
      .notNull()
      .references(() => migrations.id, { onDelete: "cascade" }),
    status: jobStatus("status").notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(3),
    runAt: timestamp("run_at", { withTimezone: true }).notNull().defaultNow(),
    lockedBy: text("locked_by"),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    /** When a worker last claimed it: the claim serves the owner served least recently first. */
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    /** How many times its lease ran out while it ran: the worker running it died (or hung) that often. */
    crashes: integer("crashes").notNull().default(0),
    /** Failed because its workers kept dying in it: a plain retry may resurrect it only once. */
    poisoned: boolean("poisoned").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Partial index: the claim query only ever looks at runnable rows.
    index("jobs_runnable_idx")
      .on(t.runAt, t.id)
      .where(sql`status = 'queued'`),
    index("jobs_migration_idx").on(t.migrationId),
    // The claim counts each owner's running jobs.
    index("jobs_running_idx")
      .on(t.migrationId)
      .where(sql`status = 'running'`),
  ],
);

/** Every step an agent takes, in order; the id is the SSE event id clients replay from. */
export const migrationEvents = pgTable(
  "migration_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    migrationId: uuid("migration_id")
      .notNull()
      .references(() => migrations.id, { onDelete: "cascade" }),
    agent: text("agent").notNull(),
    object: text("object"),
    kind: text("kind").$type<EventKind>().notNull(),
    message: text("message").notNull(),
    progress: real("progress"),
    /** What the kind carries (ZEventBody): checked when written, read through readEventBody (agents/core/event-kinds.ts). */
    payload: jsonb("payload"),
    createdAt: createdAt(),
  },
  (t) => [index("migration_events_migration_idx").on(t.migrationId, t.id)],
);

/**
 * What the agents have produced so far, one row per kind, replaced as the graph advances: the dashboard reads
 * these while the migration runs. `catalog` holds the source objects (definitions, no row data); the other kinds
 * are the graph's state values of the same name (agents/graph/migration-graph.ts).
 */
export const migrationArtifacts = pgTable(
  "migration_artifacts",
  {
    migrationId: uuid("migration_id")
      .notNull()
      .references(() => migrations.id, { onDelete: "cascade" }),
    kind: text("kind", {
      enum: ["catalog", "assessment", "plan", "translations", "runs", "repairs", "evaluation", "report"],
    }).notNull(),
    data: jsonb("data").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.migrationId, t.kind] })],
);

/** What a finished migration produced: the report and the dbt project, kept for download. */
export const migrationOutputs = pgTable("migration_outputs", {
  migrationId: uuid("migration_id")
    .primaryKey()
    .references(() => migrations.id, { onDelete: "cascade" }),
  /** migration_report.json: written as a ZMigrationReport, read through it (agents/worker/artifacts parseArtifact). */
  report: jsonb("report").notNull(),
  reportMarkdown: text("report_markdown").notNull(),
  /** The dbt project as a zip archive. */
  projectZip: bytea("project_zip").notNull(),
  createdAt: createdAt(),
});

/** The models a run was asked for: the worker re-runs exactly these, so a value that does not read fails the run. */
const modelsJsonb = parsedJsonb(z.array(z.string()), (error) => {
  throw new Error(`migration_runs.models cannot be read: ${z.prettifyError(error)}`);
});

/** What a run of a migration was: all six agents, or Tester → Rebuilder → Evaluator for some models only. */

/**
 * Every run of a migration, kept as history: what was re-run and why, who asked, and the counts it ended with.
 * The worker takes the newest unfinished row as the scope of the job it runs (server/services/fix-objects.ts).
 */
export const migrationRuns = pgTable(
  "migration_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    migrationId: uuid("migration_id")
      .notNull()
      .references(() => migrations.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: RUN_KINDS }).notNull(),
    /** The models asked for (empty for a full run); their dependants are re-run with them. */
    models: modelsJsonb("models").notNull().default([]),
    reason: text("reason").notNull(),
    /** The email of the user who asked (null for the first run, which creating the migration started). */
    requestedBy: text("requested_by"),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    status: text("status"),
    summary: summaryJsonb("summary"),
  },
  (t) => [index("migration_runs_migration_idx").on(t.migrationId, t.id)],
);

export const OBJECT_DECISIONS = ["accepted", "out_of_scope"] as const;
export type ObjectDecisionKind = (typeof OBJECT_DECISIONS)[number];

/** The owner's decision on an object that did not reach a green status: accepted with a note, or out of scope. */
export const objectDecisions = pgTable(
  "object_decisions",
  {
    migrationId: uuid("migration_id")
      .notNull()
      .references(() => migrations.id, { onDelete: "cascade" }),
    objectKey: text("object_key").notNull(),
    decision: text("decision", { enum: OBJECT_DECISIONS }).notNull(),
    note: text("note").notNull(),
    decidedBy: text("decided_by").notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.migrationId, t.objectKey] })],
);
export type ObjectDecision = typeof objectDecisions.$inferSelect;

/** A model's SQL as its owner edited it in the object view: it replaces the translation in every later build. */
export const modelEdits = pgTable(
  "model_edits",
  {
    migrationId: uuid("migration_id")
      .notNull()
      .references(() => migrations.id, { onDelete: "cascade" }),
    model: text("model").notNull(),
    sql: text("sql").notNull(),
    editedBy: text("edited_by").notNull(),
    editedAt: timestamp("edited_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.migrationId, t.model] })],
);
export type ModelEdit = typeof modelEdits.$inferSelect;

/** Every Claude call: what it was for, what it cost, how it ended (the migration shows the total). */
export const llmCalls = pgTable(
  "llm_calls",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    migrationId: uuid("migration_id").references(() => migrations.id, { onDelete: "cascade" }),
    object: text("object"),
    agent: text("agent").notNull(),
    model: text("model").notNull(),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    costUsd: numeric("cost_usd", { precision: 12, scale: 6, mode: "number" }).notNull().default(0),
    latencyMs: integer("latency_ms").notNull(),
    outcome: text("outcome").$type<LlmOutcome>().notNull(),
    error: text("error"),
    createdAt: createdAt(),
  },
  (t) => [index("llm_calls_migration_idx").on(t.migrationId, t.id)],
);

/**
 * A user's webhook: when one of their migrations ends, a signed POST goes to `url` (agents/worker/webhooks.ts).
 * `secret` signs it (HMAC-SHA256), so the receiver can tell the call came from here.
 */
export const webhooks = pgTable("webhooks", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  url: text("url").notNull(),
  secret: text("secret").notNull(),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The outbox of webhook calls: a row per migration that ended while its owner had a webhook, written by a trigger
 * on `migrations` (db/migrations/0010) in the same transaction as the status change, so no ending is missed however
 * the status was set. The worker delivers them with retries (agents/worker/webhooks.ts).
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    migrationId: uuid("migration_id")
      .notNull()
      .references(() => migrations.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    failedAt: timestamp("failed_at", { withTimezone: true }),
    lastError: text("last_error"),
    createdAt: createdAt(),
  },
  (t) => [
    index("webhook_deliveries_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`delivered_at is null and failed_at is null`),
    index("webhook_deliveries_user_idx").on(t.userId, t.createdAt.desc()),
  ],
);

export const usersRelations = relations(users, ({ many }) => ({
  apiKeys: many(apiKeys),
  migrations: many(migrations),
}));

export const migrationsRelations = relations(migrations, ({ one, many }) => ({
  user: one(users, { fields: [migrations.userId], references: [users.id] }),
  sourceFile: one(sourceFiles, { fields: [migrations.sourceFileId], references: [sourceFiles.id] }),
  jobs: many(jobs),
}));

export type User = typeof users.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type Migration = typeof migrations.$inferSelect;
export type MigrationStatus = (typeof migrationStatus.enumValues)[number];
export type Job = typeof jobs.$inferSelect;
export type MigrationEvent = typeof migrationEvents.$inferSelect;
export type LlmCall = typeof llmCalls.$inferSelect;
export type MigrationArtifact = typeof migrationArtifacts.$inferSelect;
export type ArtifactKind = MigrationArtifact["kind"];
