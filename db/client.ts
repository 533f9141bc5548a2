import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env, requireDatabaseUrl } from "~/runtime/env";
import * as schema from "./schema";

type Options = postgres.Options<Record<string, never>>;

/**
 * A database handle: a pool for everything (`sql`, and `db` over it), plus `db.$hotReads`, one connection of its
 * own for the API's hottest reads (the API-key check, migration pages, one migration; see `prepareHotSelect`).
 *
 * Why one connection: postgres.js pipelines the statements sent to a busy connection, so under load dozens of
 * requests' statements travel in one write, one PostgreSQL backend runs them back to back and their results come
 * back in one read. Spread over a pool, the same reads cost about twice the CPU on both sides (README "API
 * performance"). Only short indexed reads belong there: a slow one would hold up everything queued behind it, and
 * transactions stay on the pool. postgres.js connects lazily, so a handle that never reads hot opens nothing.
 */
export function createDatabase(url: string, options: Options = {}) {
  // Timestamps reach us as UTC text whatever the server's TimeZone: the API's ISO strings are cut from it (isoTimestamp).
  const defaults: Options = { onnotice: () => {}, connection: { TimeZone: "UTC" } };
  const sql = postgres(url, { ...defaults, max: env.DB_POOL_SIZE, ...options });
  // Through drizzle() too, which sets the connection's parsers and serializers the way Drizzle's columns expect.
  const hotReads = drizzle(postgres(url, { ...defaults, max: 1 })).$client;
  const db = Object.assign(drizzle(sql, { schema }), { $hotReads: hotReads });
  return {
    sql,
    db,
    /** Ends the pool and the hot-reads connection, letting running queries finish (for up to `timeout` seconds). */
    close: async (closeOptions?: { timeout?: number }) => {
      await Promise.all([sql.end(closeOptions), hotReads.end(closeOptions)]);
    },
  };
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
