import type { Sql } from "~/db/client";
import type { MigrationEvent } from "~/db/schema";

/** Channel the web processes LISTEN on; the payload is `<event id>,<migration id>`. */
export const EVENTS_CHANNEL = "datamigrate_events";

export type NewEvent = Pick<MigrationEvent, "migrationId" | "agent" | "kind" | "message"> &
  Partial<Pick<MigrationEvent, "object" | "progress" | "payload">>;

/** The kind of the last event of a migration: SSE streams close after it. */
export const FINISHED_KIND = "migration_finished";

/**
 * Writes one progress event and NOTIFYs its id in the same statement (so the notification is sent exactly
 * when the row commits). Events of one migration are written one at a time (see `eventWriter`), so ids commit
 * in order and a client replaying "after id N" can never miss a lower id that committed late.
 */
export async function recordEvent(sql: Sql, event: NewEvent): Promise<number> {
  // The payload is stringified here: Drizzle's postgres.js setup turns the client's own json serializer off.
  const [row] = await sql<{ id: string }[]>`
    with inserted as (
      insert into migration_events (migration_id, agent, object, kind, message, progress, payload)
      values (${event.migrationId}, ${event.agent}, ${event.object ?? null}, ${event.kind}, ${event.message},
              ${event.progress ?? null}, ${event.payload == null ? null : JSON.stringify(event.payload)}::jsonb)
      returning id, migration_id
    )
    select id, pg_notify(${EVENTS_CHANNEL}, id || ',' || migration_id) from inserted`;
  return Number(row!.id);
}

/** Serialises one migration's event writes (see recordEvent for why order matters). */
export function eventWriter(sql: Sql, migrationId: string) {
  let tail: Promise<unknown> = Promise.resolve();
  return (event: Omit<NewEvent, "migrationId">): Promise<number> => {
    const write = tail.then(() => recordEvent(sql, { ...event, migrationId }));
    tail = write.catch(() => {});
    return write;
  };
}
