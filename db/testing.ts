import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { inject } from "vitest";
import { createDatabase } from "./client";
import { applyMigrations } from "./migrate";

/**
 * A fresh, migrated database of its own for one test file, dropped by `drop()`.
 * Tests own their data: nothing is shared between files.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}) {
  const adminUrl = inject("pgAdminUrl");
  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  if (options.migrate ?? true) await applyMigrations(url);
  const { db, sql, close } = createDatabase(url, { max: 5 });
  return {
    url,
    adminUrl,
    db,
    sql,
    async drop() {
      await close();
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
