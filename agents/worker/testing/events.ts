import { EVENTS_CHANNEL, FINISHED_KIND } from "~/agents/core/event-kinds";
import type { Sql } from "~/db/client";
import type { StoredEvent } from "./migrations";

/**
 * An event's identity for comparing two runs. Ids and timestamps differ between runs, and so do two things
 * inside messages: durations ("loaded in 195 ms") and the sandbox name, which is derived from the migration id.
 */
export function eventKey(e: Pick<StoredEvent, "agent" | "object" | "kind" | "message">): string {
  const message = e.message.replace(/\b\d+ ms\b/g, "<n> ms").replace(/[0-9a-f]{12,32}_(t\d+|e)\b/g, "<sandbox>_$1");
  return `${e.agent}|${e.object ?? ""}|${e.kind}|${message}`;
}

/** The worker's own notes about restarts: one per attempt by design, so not part of the comparison. */
const ATTEMPT_KINDS = new Set(["attempt_started", "attempt_failed", "attempt_released"]);

type StepRun = { attempt: number; agent: string; events: StoredEvent[]; finished: boolean };

/**
 * What "no duplicated events" means when a worker can die at any instant.
 *
 * A step is one agent's turn (`step_started` … `step_finished`). Its events are committed before LangGraph
 * records the step as done (see `recordEventsFirst`), so a worker killed during a step, or after the step's last
 * event but before LangGraph recorded it, has the next attempt redo that one step from its start: its events
 * are written again, and the cut-off copy stays in the log as the record of what happened. Nothing else repeats:
 *  - the step an attempt redoes is the step the previous attempt was killed in, and it is the attempt's first;
 *  - every other step (and the ingestion, which each attempt redoes silently) is announced exactly once;
 *  - dropping the redone copies leaves exactly the uninterrupted run's sequence of (agent, object, kind,
 *    message) — no event lost, none repeated — with `migration_finished` once, at the end;
 *  - the worker's `attempt_started` notes (one per attempt) are the record of the restarts, not compared.
 * `effectiveLog` applies that reading, throws if the log breaks its shape, and returns what the tests compare.
 */
export function effectiveLog(events: StoredEvent[]) {
  const entries: (StepRun | StoredEvent)[] = [];
  let attempt = 0;
  let current: StepRun | null = null;
  for (const event of events) {
    if (event.agent === "worker") {
      if (event.kind === "attempt_started") attempt += 1;
      current = null;
      if (!ATTEMPT_KINDS.has(event.kind)) entries.push(event);
      continue;
    }
    if (event.kind === "step_started" || !current || current.agent !== event.agent || current.finished) {
      if (event.kind !== "step_started") throw new Error(`event outside a step: ${eventKey(event)} (#${event.id})`);
      current = { attempt, agent: event.agent, events: [], finished: false };
      entries.push(current);
    }
    current.events.push(event);
    if (event.kind === "step_finished") current.finished = true;
  }

  const runs = entries.filter((e): e is StepRun => "events" in e);
  const redone = new Set<StepRun>();
  for (let n = 1; n <= attempt; n++) {
    const last = runs.filter((r) => r.attempt === n).at(-1);
    const next = runs.find((r) => r.attempt > n);
    if (last && next && next.attempt === n + 1 && next.agent === last.agent) redone.add(last);
    else if (last && !last.finished)
      throw new Error(`attempt ${n} left its ${last.agent} step unfinished and no later attempt redid it`);
  }
  const log = entries.flatMap((e) => ("events" in e ? (redone.has(e) ? [] : e.events) : [e])).map(eventKey);
  return {
    log,
    attempts: attempt,
    redoneSteps: [...redone].map((r) => `${r.agent} (attempt ${r.attempt})`),
    finishedEvents: events.filter((e) => e.kind === FINISHED_KIND).length,
  };
}

/** Calls `onEvent` with each event of one migration as soon as its row commits (the product's own NOTIFY). */
export async function watchEvents(sql: Sql, migrationId: string, onEvent: (event: StoredEvent) => void) {
  const listener = await sql.listen(EVENTS_CHANNEL, (payload) => {
    const [id, migration] = payload.split(",");
    if (migration !== migrationId) return;
    sql<StoredEvent[]>`select id::int as id, agent, object, kind, message from migration_events where id = ${id!}`
      .then(([row]) => row && onEvent(row))
      // A test that restarts PostgreSQL closes this connection mid-read; the watcher then just misses that event.
      .catch(() => {});
  });
  return { stop: () => listener.unlisten() };
}
