import type { Sql } from "~/db/client";
import { EVENTS_CHANNEL, readEventBody } from "~/agents/core/event-kinds";
import { describeError } from "~/server/http/log-safe";
import type { StreamedEvent } from "./streamed-event";

const READ_LIMIT = 2000;

type Subscriber = { after: number; deliver: (events: StreamedEvent[]) => void };

/**
 * One LISTEN connection per web process, fanned out in memory to every SSE client. A notification only says
 * "migration M has new events"; the hub then reads them once for all of M's subscribers. On (re)connection of
 * the LISTEN it re-reads every watched migration, so events committed while it was disconnected still arrive.
 */
export function createEventHub(sql: Sql) {
  const subscribers = new Map<string, Set<Subscriber>>();
  const fetching = new Map<string, Promise<void>>();

  async function fetchNew(migrationId: string) {
    const watchers = subscribers.get(migrationId);
    if (!watchers?.size) return;
    const after = Math.min(...[...watchers].map((s) => s.after));
    const events = await readEvents(sql, migrationId, after);
    if (events.length === READ_LIMIT) queueMicrotask(() => refresh(migrationId)); // a long backlog: read on
    for (const watcher of watchers) {
      const fresh = events.filter((e) => e.id > watcher.after);
      if (fresh.length) {
        watcher.after = fresh[fresh.length - 1]!.id;
        watcher.deliver(fresh);
      }
    }
  }

  // Coalesce bursts: while a read for M is in flight, further notifications for M trigger one more read after it.
  function refresh(migrationId: string) {
    const pending = fetching.get(migrationId);
    if (pending) {
      void pending.then(() => refresh(migrationId));
      return;
    }
    const run = fetchNew(migrationId)
      .catch((error) => console.error(`[events] read failed for ${migrationId}: ${describeError(error)}`))
      .finally(() => fetching.delete(migrationId));
    fetching.set(migrationId, run);
  }

  const listening = sql.listen(
    EVENTS_CHANNEL,
    (payload) => {
      const migrationId = payload.split(",")[1];
      if (migrationId && subscribers.has(migrationId)) refresh(migrationId);
    },
    () => {
      for (const migrationId of subscribers.keys()) refresh(migrationId);
    },
  );

  return {
    ready: listening.then(() => undefined),
    /** Delivers every event of the migration with id > `after`, in order, until unsubscribed. */
    subscribe(migrationId: string, after: number, deliver: (events: StreamedEvent[]) => void): () => void {
      const subscriber: Subscriber = { after, deliver };
      let watchers = subscribers.get(migrationId);
      if (!watchers) subscribers.set(migrationId, (watchers = new Set()));
      watchers.add(subscriber);
      refresh(migrationId); // the replay: everything after `after` that is already committed
      return () => {
        watchers.delete(subscriber);
        if (watchers.size === 0) subscribers.delete(migrationId);
      };
    },
    get subscriberCount() {
      let n = 0;
      for (const set of subscribers.values()) n += set.size;
      return n;
    },
    async close() {
      await (await listening).unlisten();
    },
  };
}

export type EventHub = ReturnType<typeof createEventHub>;

export async function readEvents(sql: Sql, migrationId: string, after: number): Promise<StreamedEvent[]> {
  // Drizzle's postgres.js setup hands timestamps back as strings, plain postgres.js as Dates: accept both.
  type Row = Omit<StreamedEvent, "id" | "createdAt" | "kind" | "payload" | "unreadable"> & {
    id: string;
    kind: string;
    payload: unknown;
    createdAt: Date | string;
  };
  const rows = await sql<Row[]>`
    select id, migration_id as "migrationId", agent, object, kind, message, progress, payload, created_at as "createdAt"
    from migration_events
    where migration_id = ${migrationId} and id > ${after}
    order by id
    limit ${READ_LIMIT}`;
  return rows.map(({ kind, payload, ...r }) => ({
    ...r,
    ...readEventBody(kind, payload),
    id: Number(r.id),
    createdAt: new Date(r.createdAt).toISOString(),
  }));
}
