import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MigrationOptions } from "~/agents/core/migration-options";
import { createTestDatabase } from "~/db/testing";
import { migrations } from "~/db/schema";
import { createMigration } from "~/server/services/migrations";
import { loadSource } from "./source";
import { createOwner } from "./testing/migrations";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let owner: string;

beforeAll(async () => {
  t = await createTestDatabase();
  owner = await createOwner(t.db);
});
afterAll(() => t.drop());

const sample = (name: string, options: MigrationOptions = {}) =>
  createMigration(t.db, owner, { name, source: { kind: "sample" }, target: "postgres", options });

describe("a migration's options as the worker reads them", () => {
  it("are parsed with their schema: what the owner asked for, or nothing when they asked for nothing", async () => {
    const asked = await sample("asked", { maxRepairAttempts: 3, vars: { region: "EU" } });
    expect((await loadSource(t.db, asked.id))!.options).toEqual({ maxRepairAttempts: 3, vars: { region: "EU" } });
    const plain = await sample("plain");
    expect((await loadSource(t.db, plain.id))!.options).toEqual({});
  });

  it("refuses stored options that do not read as their schema, naming the migration and the field", async () => {
    const { id } = await sample("older");
    await t.db
      .update(migrations)
      .set({ options: sql`'{"maxRepairAttempts": "twice"}'::jsonb` })
      .where(eq(migrations.id, id));
    await expect(loadSource(t.db, id)).rejects.toThrow(
      new RegExp(`^migration ${id}: its options cannot be read: .*maxRepairAttempts`, "s"),
    );
  });
});
