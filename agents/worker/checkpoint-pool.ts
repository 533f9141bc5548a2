import pg from "pg";

/**
 * The node-postgres pool LangGraph's PostgresSaver keeps its checkpoints through. A connection PostgreSQL cuts
 * (a restart, a failover) emits 'error' on its client, and an 'error' event nobody listens to kills the process:
 * the pool's own listener covers idle connections only, so each connection also gets one for while the saver holds
 * it between two statements of a transaction. The saver's next statement on a cut connection fails, and the step
 * is retried; the pool replaces the connection by itself.
 */
export function createCheckpointPool(
  connectionString: string,
  max: number,
  warn: (message: string) => void = console.warn,
): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on("error", (error) => warn(`[worker] checkpoint connection lost: ${error.message}`));
  pool.on("connect", (client) =>
    client.on("error", (error) => warn(`[worker] checkpoint connection lost while in use: ${error.message}`)),
  );
  return pool;
}
