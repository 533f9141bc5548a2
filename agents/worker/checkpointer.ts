import type { RunnableConfig } from "@langchain/core/runnables";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";

const recordingEventsFirst = new WeakSet<object>();

/**
 * The checkpointer for the migration graph: before LangGraph records anything (a node's result with putWrites,
 * a checkpoint with put), it waits until the events the run emitted so far are in migration_events (the run's
 * `configurable.flushEvents`). Without this a worker killed between the two commits would leave a step recorded
 * as done whose last events were never written, and nothing would ever write them. With it, a crash between
 * them only makes the next attempt redo the step, writing its events again (the one repeat the crash tests allow).
 */
export function recordEventsFirst<T extends BaseCheckpointSaver>(saver: T): T {
  const flush = async (config: RunnableConfig) => {
    const flushEvents = config.configurable?.flushEvents as (() => Promise<unknown>) | undefined;
    await flushEvents?.();
  };
  const wrapped = new Proxy(saver, {
    get(target, property) {
      if (property === "put") {
        return async (config: RunnableConfig, ...rest: unknown[]) => {
          await flush(config);
          return (target.put as (...args: unknown[]) => unknown).call(target, config, ...rest);
        };
      }
      if (property === "putWrites") {
        return async (config: RunnableConfig, ...rest: unknown[]) => {
          await flush(config);
          return (target.putWrites as (...args: unknown[]) => unknown).call(target, config, ...rest);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  recordingEventsFirst.add(wrapped);
  return wrapped;
}

/** Whether `saver` was wrapped by recordEventsFirst. */
export function recordsEventsFirst(saver: unknown): boolean {
  return typeof saver === "object" && saver !== null && recordingEventsFirst.has(saver);
}
