import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env, requireDatabaseUrl } from "~/server/env";
import * as schema from "./schema";

export function createDatabase(url: string, options: postgres.Options<Record<string, never>> = {}) {
  const sql = postgres(url, { max: env.DB_POOL_SIZE, onnotice: () => {}, ...options });
  return { sql, db: drizzle(sql, { schema }) };
}

export type Database = ReturnType<typeof createDatabase>["db"];
export type Sql = ReturnType<typeof createDatabase>["sql"];
/** A transaction handle, accepted wherever a Database is. */
export type Executor = Database | Parameters<Parameters<Database["transaction"]>[0]>[0];

// One pool per process; cached on globalThis so Next's dev reloads do not leak connections.
const globalForDb = globalThis as unknown as { appDatabase?: ReturnType<typeof createDatabase> };

export function appDatabase() {
  globalForDb.appDatabase ??= createDatabase(requireDatabaseUrl());
  return globalForDb.appDatabase;
}
