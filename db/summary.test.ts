import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOwner, createSampleMigration } from "~/agents/worker/testing/migrations";
import { getMigration, listMigrations } from "~/server/services/migrations";
import { migrations } from "./schema";
import { createTestDatabase } from "./testing";

/**
 * `migrations.summary` is parsed with its zod schema (agents/core/migration-summary.ts) wherever a query reads it,
 * through Drizzle and through the API's prepared hot reads alike: typed data, or null for a row that does not read.
 */
let t: Awaited<ReturnType<typeof createTestDatabase>>;
let owner: string;
beforeAll(async () => {
  t = await createTestDatabase();
  owner = await createOwner(t.db);
});
afterAll(() => t.drop());

/** Stores `summary` as the raw jsonb an older (or broken) version could have written. */
async function migrationWithStoredSummary(name: string, summary: unknown) {
  const migration = await createSampleMigration(t.db, owner, name);
  await t.db.execute(sql`update migrations set summary = ${JSON.stringify(summary)}::jsonb where id = ${migration.id}`);
  return migration.id;
}

describe("a migration's stored summary", () => {
  it("reads a summary written before tables were counted apart as it was stored, and fills a group's missing loaded count with 0", async () => {
    const legacy = { total: 3, validated: 2, mismatch: 0, executed: 0, needs_review: 1, failed: 0, llmCostUsd: 0.5 };
    const id = await migrationWithStoredSummary("legacy summary", legacy);
    expect((await getMigration(t.db, owner, id))?.summary).toEqual(legacy);

    const groupWithoutLoaded = { total: 1, validated: 1, mismatch: 0, executed: 0, needs_review: 0, failed: 0 };
    const grouped = await migrationWithStoredSummary("grouped summary", {
      ...legacy,
      programmable: groupWithoutLoaded,
    });
    const [row] = await t.db.select({ summary: migrations.summary }).from(migrations).where(eq(migrations.id, grouped));
    expect(row?.summary?.programmable).toEqual({ ...groupWithoutLoaded, loaded: 0 });
  });

  it("reads a summary that does not parse as no summary, and the page of migrations it is on still reads", async () => {
    const id = await migrationWithStoredSummary("unreadable summary", { total: "three", objects: 3 });
    const detail = await getMigration(t.db, owner, id);
    expect(detail).toMatchObject({ id, name: "unreadable summary", summary: null });
    const page = await listMigrations(t.db, owner, { limit: 50 });
    expect(page.items.find((m) => m.id === id)).toMatchObject({ name: "unreadable summary", summary: null });
  });
});
