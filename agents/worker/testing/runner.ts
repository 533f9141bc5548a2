import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { buildMigrationGraph } from "~/agents/graph/migration-graph";
import type { Database, Sql } from "~/db/client";
import { createMigrationRunner, recordEventsFirst } from "../run-migration";

/**
 * The worker's real migration runner (the LangGraph graph checkpointed in PostgreSQL) in the test's process.
 * `wrap` may put a test's own checkpointer in between, to act at an exact point of the graph's progress.
 */
export async function createTestRunner(options: {
  db: Database;
  sql: Sql;
  url: string;
  adminUrl: string;
  wrap?: (saver: BaseCheckpointSaver) => BaseCheckpointSaver;
}) {
  const saver = PostgresSaver.fromConnString(options.url, { schema: "langgraph" });
  await saver.setup();
  const logs: string[] = [];
  const graph = buildMigrationGraph(recordEventsFirst(options.wrap ? options.wrap(saver) : saver));
  const handle = createMigrationRunner({ db: options.db, sql: options.sql, graph, adminUrl: options.adminUrl, llm: null, log: (m) => logs.push(m) });
  return { handle, logs, end: () => saver.end() };
}
