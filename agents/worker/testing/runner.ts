import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { buildMigrationGraph } from "~/agents/graph/migration-graph";
import type { Database, Sql } from "~/db/client";
import { recordEventsFirst } from "../checkpointer";
import { createMigrationRunner, type RunLimits } from "../run-migration";

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
  limits?: RunLimits;
}) {
  const saver = PostgresSaver.fromConnString(options.url, { schema: "langgraph" });
  await saver.setup();
  const logs: string[] = [];
  const graph = buildMigrationGraph(recordEventsFirst(options.wrap ? options.wrap(saver) : saver));
  const handle = createMigrationRunner({
    db: options.db,
    sql: options.sql,
    graph,
    adminUrl: options.adminUrl,
    llm: null,
    log: (m) => logs.push(m),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  return { handle, logs, end: () => saver.end() };
}

type SaverOverrides = {
  putWrites?: (saver: BaseCheckpointSaver, ...args: Parameters<BaseCheckpointSaver["putWrites"]>) => Promise<void>;
  put?: (
    saver: BaseCheckpointSaver,
    ...args: Parameters<BaseCheckpointSaver["put"]>
  ) => ReturnType<BaseCheckpointSaver["put"]>;
};

/** A `wrap` for createTestRunner: the saver with some of its methods replaced (each gets the real saver first). */
export function interceptSaver(overrides: SaverOverrides) {
  return (saver: BaseCheckpointSaver) =>
    new Proxy(saver, {
      get(target, property) {
        if (property === "putWrites" && overrides.putWrites)
          return (...args: Parameters<BaseCheckpointSaver["putWrites"]>) => overrides.putWrites!(target, ...args);
        if (property === "put" && overrides.put)
          return (...args: Parameters<BaseCheckpointSaver["put"]>) => overrides.put!(target, ...args);
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
}
