import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "~/db/client";
import { jobs, migrations, migrationStatus, sourceFiles, type Migration } from "~/db/schema";
import { checkUpload, ZUpload } from "./uploads";

/** Channel the agent worker LISTENs on; the payload is the job id. A hint only: workers also poll. */
export const JOBS_CHANNEL = "datamigrate_jobs";

const ZVarValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);

export const ZMigrationOptions = z
  .object({
    useLlm: z.boolean().optional(),
    vars: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "Var names are letters, digits and _"), ZVarValue)
      .refine((v) => Object.keys(v).length <= 100, "At most 100 vars")
      .optional(),
    maxRepairAttempts: z.number().int().min(0).max(10).optional(),
  })
  .strict();

export const ZCreateMigration = z.object({
  name: z.string().trim().min(1, "Name is required").max(200, "Name must be at most 200 characters"),
  source: z.discriminatedUnion("kind", [z.object({ kind: z.literal("sample") }), z.object({ kind: z.literal("upload"), file: ZUpload })], {
    error: "source.kind must be 'sample' or 'upload'",
  }),
  target: z.literal("postgres", { error: "target must be 'postgres'" }).default("postgres"),
  options: ZMigrationOptions.default({}),
}).strict();

export const ZListMigrations = z.object({
  limit: z.number().int().min(1).max(100).default(20),
  status: z.enum(migrationStatus.enumValues).optional(),
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
  /** Sent by tRPC's infinite queries; pages only go forward. */
  direction: z.literal("forward").optional(),
}).strict();

export const ZMigrationId = z.object({ id: z.uuid("Migration id must be a UUID") }).strict();

export class MigrationStateError extends Error {}

const listColumns = {
  id: migrations.id,
  name: migrations.name,
  sourceKind: migrations.sourceKind,
  target: migrations.target,
  status: migrations.status,
  progress: migrations.progress,
  error: migrations.error,
  createdAt: migrations.createdAt,
  startedAt: migrations.startedAt,
  finishedAt: migrations.finishedAt,
};

type MigrationRow = Pick<Migration, keyof typeof listColumns>;

/** The wire form of a migration: timestamps as ISO strings, so the typed client sees exactly what JSON carries. */
export function toMigrationDto(row: MigrationRow) {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
export type MigrationDto = ReturnType<typeof toMigrationDto>;

// Keyset pagination on (created_at, id): stable under inserts and as fast on page 50 as on page 1.
function encodeCursor(row: MigrationRow) {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}
function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || Number.isNaN(createdAt.getTime()) || !z.uuid().safeParse(id).success) throw new MigrationStateError("Invalid cursor");
  return { createdAt, id };
}

const preparedLists = new WeakMap<Database, ReturnType<typeof prepareLists>>();
function prepareLists(db: Database) {
  const firstPage = (withStatus: boolean) =>
    db
      .select(listColumns)
      .from(migrations)
      .where(and(eq(migrations.userId, sql.placeholder("userId")), withStatus ? eq(migrations.status, sql.placeholder("status")) : undefined))
      .orderBy(desc(migrations.createdAt), desc(migrations.id))
      .limit(sql.placeholder("limit"));
  const nextPage = (withStatus: boolean) =>
    db
      .select(listColumns)
      .from(migrations)
      .where(
        and(
          eq(migrations.userId, sql.placeholder("userId")),
          withStatus ? eq(migrations.status, sql.placeholder("status")) : undefined,
          sql`(${migrations.createdAt}, ${migrations.id}) < (${sql.placeholder("afterCreatedAt")}::timestamptz, ${sql.placeholder("afterId")}::uuid)`,
        ),
      )
      .orderBy(desc(migrations.createdAt), desc(migrations.id))
      .limit(sql.placeholder("limit"));
  return {
    first: firstPage(false).prepare("migrations_first_page"),
    firstWithStatus: firstPage(true).prepare("migrations_first_page_status"),
    next: nextPage(false).prepare("migrations_next_page"),
    nextWithStatus: nextPage(true).prepare("migrations_next_page_status"),
    get: db
      .select(listColumns)
      .from(migrations)
      .where(and(eq(migrations.id, sql.placeholder("id")), eq(migrations.userId, sql.placeholder("userId"))))
      .prepare("migrations_get"),
  };
}
function prepared(db: Database) {
  let queries = preparedLists.get(db);
  if (!queries) preparedLists.set(db, (queries = prepareLists(db)));
  return queries;
}

export async function listMigrations(db: Database, userId: string, input: z.output<typeof ZListMigrations>) {
  const queries = prepared(db);
  const params = { userId, status: input.status, limit: input.limit + 1 };
  let rows: MigrationRow[];
  if (input.cursor) {
    const after = decodeCursor(input.cursor);
    const cursorParams = { ...params, afterCreatedAt: after.createdAt.toISOString(), afterId: after.id };
    rows = await (input.status ? queries.nextWithStatus : queries.next).execute(cursorParams);
  } else {
    rows = await (input.status ? queries.firstWithStatus : queries.first).execute(params);
  }
  const page = rows.slice(0, input.limit);
  return { items: page.map(toMigrationDto), nextCursor: rows.length > input.limit ? encodeCursor(page[page.length - 1]!) : null };
}

export async function getMigration(db: Database, userId: string, id: string) {
  const [row] = await prepared(db).get.execute({ id, userId });
  return row ? toMigrationDto(row) : null;
}

/**
 * Creates the migration, its uploaded source and its first job in one transaction, and NOTIFYs the workers.
 * NOTIFY inside the transaction is delivered only on commit, so a worker never wakes for a row it cannot see.
 */
export async function createMigration(db: Database, userId: string, input: z.output<typeof ZCreateMigration>) {
  const upload = input.source.kind === "upload" ? checkUpload(input.source.file) : null;
  return db.transaction(async (tx) => {
    let sourceFileId: string | null = null;
    if (upload) {
      const [file] = await tx
        .insert(sourceFiles)
        .values({ userId, filename: upload.filename, format: upload.format, sizeBytes: upload.sizeBytes, sha256: upload.sha256, content: upload.bytes })
        .returning({ id: sourceFiles.id });
      sourceFileId = file!.id;
    }
    const [migration] = await tx
      .insert(migrations)
      .values({ userId, name: input.name, sourceKind: input.source.kind, sourceFileId, target: input.target, options: input.options })
      .returning(listColumns);
    await enqueueJob(tx, migration!.id);
    return toMigrationDto(migration!);
  });
}

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

async function enqueueJob(tx: Tx, migrationId: string) {
  const [job] = await tx.insert(jobs).values({ migrationId }).returning({ id: jobs.id });
  await tx.execute(sql`select pg_notify(${JOBS_CHANNEL}, ${String(job!.id)})`);
}

export async function cancelMigration(db: Database, userId: string, id: string) {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: migrations.status })
      .from(migrations)
      .where(and(eq(migrations.id, id), eq(migrations.userId, userId)))
      .for("update");
    if (!current) return null;
    if (current.status !== "queued" && current.status !== "running") {
      throw new MigrationStateError(`Only a queued or running migration can be cancelled; this one is ${current.status}`);
    }
    const [row] = await tx
      .update(migrations)
      .set({ status: "cancelled", finishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(migrations.id, id), eq(migrations.userId, userId)))
      .returning(listColumns);
    // A running job is stopped by its worker at the next step boundary, when it sees the migration cancelled.
    await tx
      .update(jobs)
      .set({ status: "cancelled", updatedAt: sql`now()` })
      .where(and(eq(jobs.migrationId, id), eq(jobs.status, "queued")));
    return toMigrationDto(row!);
  });
}

export async function retryMigration(db: Database, userId: string, id: string) {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: migrations.status })
      .from(migrations)
      .where(and(eq(migrations.id, id), eq(migrations.userId, userId)))
      .for("update");
    if (!current) return null;
    if (current.status !== "failed" && current.status !== "cancelled") {
      throw new MigrationStateError(`Only a failed or cancelled migration can be retried; this one is ${current.status}`);
    }
    const [row] = await tx
      .update(migrations)
      .set({ status: "queued", progress: 0, error: null, startedAt: null, finishedAt: null, updatedAt: sql`now()` })
      .where(and(eq(migrations.id, id), eq(migrations.userId, userId)))
      .returning(listColumns);
    await enqueueJob(tx, id);
    return toMigrationDto(row!);
  });
}

export async function deleteMigration(db: Database, userId: string, id: string) {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: migrations.status, sourceFileId: migrations.sourceFileId })
      .from(migrations)
      .where(and(eq(migrations.id, id), eq(migrations.userId, userId)))
      .for("update");
    if (!current) return null;
    if (current.status === "running") throw new MigrationStateError("A running migration cannot be deleted; cancel it first");
    await tx.delete(migrations).where(and(eq(migrations.id, id), eq(migrations.userId, userId)));
    if (current.sourceFileId) {
      await tx.delete(sourceFiles).where(and(eq(sourceFiles.id, current.sourceFileId), eq(sourceFiles.userId, userId)));
    }
    return { id };
  });
}

