import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "~/db/client";
import type { MigrationEvent } from "~/db/schema";
import { EVENTS_CHANNEL, type EventBodyInput, ZEventBody } from "~/agents/core/event-kinds";

/** An event of one migration to write: its kind with the payload that kind carries (ZEventBody). */
export type MigrationEventInput = Pick<MigrationEvent, "agent" | "message"> &
  Partial<Pick<MigrationEvent, "object" | "progress">> &
  EventBodyInput;
export type NewEvent = Pick<MigrationEvent, "migrationId"> & MigrationEventInput;

/**
 * Writes one progress event and NOTIFYs its id in the same statement (so the notification is sent exactly
 * when the row commits). Events of one migration are written one at a time (see `eventWriter`), so ids commit
 * in order and a client replaying "after id N" can never miss a lower id that committed late. Given a transaction,
 * the event commits with whatever else it writes (a migration's end and its finished event are one fact).
 */
export async function recordEvent(db: Executor, event: NewEvent, fence?: JobFence): Promise<number> {
  // Checked here, where every event is written, so readers can rely on what each kind carries.
  const body = ZEventBody.safeParse({ kind: event.kind, payload: event.payload });
  if (!body.success) throw new Error(`a ${event.kind} event cannot carry this payload: ${z.prettifyError(body.error)}`);
  const { payload } = body.data;
  // The payload is stringified here: Drizzle's postgres.js setup turns the client's own json serializer off.
  // INSERT … SELECT rather than VALUES so the fence can be a WHERE; the casts give the parameters their types.
  const [row] = await db.execute<{ id: string }>(sql`
    with inserted as (
      insert into migration_events (migration_id, agent, object, kind, message, progress, payload)
      select ${event.migrationId}::uuid, ${event.agent}::text, ${event.object ?? null}::text, ${body.data.kind}::text, ${event.message}::text,
             ${event.progress ?? null}::real, ${payload === null ? null : JSON.stringify(payload)}::jsonb
      ${fence ? sql`where exists (select 1 from jobs where id = ${fence.jobId} and locked_by = ${fence.lockedBy} and status = 'running')` : sql``}
      returning id, migration_id
    )
    select id, pg_notify(${EVENTS_CHANNEL}, id || ',' || migration_id) from inserted`);
  if (!row) throw new LeaseLostError();
  return Number(row.id);
}

/**
 * The job whose owner writes the events: a worker writes only while it still holds the job's lease, so a
 * worker that stalled past its lease (and whose job another worker took over) cannot add to the log.
 */
export type JobFence = { jobId: number; lockedBy: string | null };

export class LeaseLostError extends Error {
  constructor() {
    super("this worker no longer holds the job's lease: another worker has taken the migration over");
  }
}

/** Serialises one migration's event writes (see recordEvent for why order matters). */
export function eventWriter(db: Executor, migrationId: string, fence?: JobFence) {
  let tail: Promise<unknown> = Promise.resolve();
  return (event: MigrationEventInput): Promise<number> => {
    const write = tail.then(() => recordEvent(db, { ...event, migrationId }, fence));
    tail = write.catch(() => {});
    return write;
  };
}
