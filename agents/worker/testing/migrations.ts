import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import type { Database, Sql } from "~/db/client";
import { jobs, migrationOutputs, migrations, users, type MigrationStatus } from "~/db/schema";
import { createMigration } from "~/server/services/migrations";
import { sharedCorpus } from "~/runtime/testing/corpora";

/** The shared Northwind corpus next to the repository, read at test time (tests skip when it is absent). */
const NORTHWIND = sharedCorpus("northwind");
export const northwindPresent = NORTHWIND !== undefined;

/**
 * A source to fix one object in (the fix-one-object tests, service and CLI): a view that divides by zero at run
 * time fails (as SELECT on it fails in SQL Server: "Divide by zero error encountered"), and so does the view reading
 * it; dynamic SQL needs review; the table and the plain view pass.
 */
export const FIX_ONE_OBJECT_SCRIPT = `
CREATE TABLE dbo.Readings (ReadingId int NOT NULL PRIMARY KEY, Amount int NOT NULL);
GO
INSERT INTO dbo.Readings (ReadingId, Amount) VALUES (1, 10), (2, 0), (3, 5);
GO
CREATE VIEW dbo.AllReadings AS SELECT ReadingId, Amount FROM dbo.Readings;
GO
CREATE VIEW dbo.Ratios AS SELECT ReadingId, 100 / Amount AS Ratio FROM dbo.Readings;
GO
CREATE VIEW dbo.RatioIds AS SELECT ReadingId FROM dbo.Ratios;
GO
CREATE PROCEDURE dbo.ReadAny @t nvarchar(50) AS EXEC (N'SELECT * FROM ' + @t);
GO
`;

/** A user row to own migrations (no password checks happen in worker tests, so no scrypt hashing either). */
export async function createOwner(db: Database): Promise<string> {
  const [user] = await db
    .insert(users)
    .values({ email: `owner-${randomUUID()}@example.com`, passwordHash: "unused" })
    .returning({ id: users.id });
  return user!.id;
}

/**
 * Northwind as a user would submit it: an upload of its script, with no expected results attached (the
 * worker's source loader only attaches them to the built-in sample), through the product's own create service
 * (migration + job + NOTIFY in one transaction).
 */
export async function createNorthwindMigration(db: Database, userId: string, name = "Northwind") {
  const script = NORTHWIND!.script;
  const bytes = fs.readFileSync(script);
  return createMigration(db, userId, {
    name,
    source: { kind: "upload", file: { filename: path.basename(script), contentBase64: bytes.toString("base64") } },
    target: "postgres",
    options: {},
  });
}

export async function createSampleMigration(db: Database, userId: string, name = "sample") {
  return createMigration(db, userId, { name, source: { kind: "sample" }, target: "postgres", options: {} });
}

/** Polls until `check` returns a value (not undefined), or throws after `timeoutMs` with `what` in the message. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const FINISHED: MigrationStatus[] = ["succeeded", "completed_with_issues", "failed", "cancelled"];

export async function waitForMigration(db: Database, migrationId: string, timeoutMs = 60_000) {
  return waitFor(
    `migration ${migrationId} to finish`,
    async () => {
      const [row] = await db.select().from(migrations).where(eq(migrations.id, migrationId));
      return row && FINISHED.includes(row.status) ? row : undefined;
    },
    timeoutMs,
    100,
  );
}

export async function jobsOf(db: Database, migrationId: string) {
  return db.select().from(jobs).where(eq(jobs.migrationId, migrationId)).orderBy(jobs.id);
}

export type StoredEvent = { id: number; agent: string; object: string | null; kind: string; message: string };

export async function eventsOf(sql: Sql, migrationId: string): Promise<StoredEvent[]> {
  const rows = await sql<StoredEvent[]>`
    select id::int as id, agent, object, kind, message from migration_events where migration_id = ${migrationId} order by id`;
  return [...rows];
}

/**
 * What a finished migration produced, with its one legitimately varying value (the report's `generatedAt`)
 * blanked everywhere it appears, so two runs of the same source compare equal byte for byte otherwise.
 */
export async function outcomeOf(db: Database, migrationId: string) {
  const [output] = await db.select().from(migrationOutputs).where(eq(migrationOutputs.migrationId, migrationId));
  if (!output) throw new Error(`migration ${migrationId} has no outputs`);
  const report = output.report as { generatedAt: string } & Record<string, unknown>;
  const blank = (text: string) => text.replaceAll(report.generatedAt, "<generatedAt>");
  const files = Object.fromEntries(
    Object.entries(unzipSync(new Uint8Array(output.projectZip)))
      .map(([name, bytes]) => [name, blank(strFromU8(bytes))] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return { report: { ...report, generatedAt: "<generatedAt>" }, markdown: blank(output.reportMarkdown), files };
}
