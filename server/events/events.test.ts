import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { FINISHED_KIND, RERUN_KIND } from "~/agents/core/event-kinds";
import { eventWriter } from "~/agents/events/record";
import { migrations } from "~/db/schema";
import { startTestApi, type TestApi } from "~/server/testing";
import { readProgress } from "./sse-client";
import { parseStreamedEvent, type StreamedEvent } from "./streamed-event";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

async function newMigration() {
  const owner = await api.user();
  const migration = await owner.client.migrations.create.mutate({ name: "events", source: { kind: "sample" } });
  return { owner, migration, write: eventWriter(api.db, migration.id) };
}

/** A progress message's event, parsed as a reader does: what the server sends must parse. */
function read(data: string): StreamedEvent {
  const parsed = parseStreamedEvent(data);
  if ("error" in parsed) throw new Error(`unreadable progress event: ${parsed.error}`);
  return parsed.event;
}

async function collect(stream: AsyncGenerator<{ event?: string; data: string; id?: string }>, count: number) {
  const events: StreamedEvent[] = [];
  for await (const message of stream) {
    if (message.event === "progress") events.push(read(message.data));
    if (events.length >= count) break;
  }
  return events;
}

describe("migration progress over server-sent events", () => {
  it("streams events written after the client connected, in order, each with its id", async () => {
    const { owner, migration, write } = await newMigration();
    const stream = readProgress(api.apiUrl, migration.id, { headers: { authorization: `Bearer ${owner.apiKey}` } });
    const received = collect(stream, 3);
    await new Promise((r) => setTimeout(r, 200));
    for (const step of ["assessment", "planner", "executor"])
      await write({ agent: step, kind: "step_started", message: `${step} started` });
    const events = await received;
    expect(events.map((e) => e.agent)).toEqual(["assessment", "planner", "executor"]);
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => a - b));
  });

  it("replays from Last-Event-ID after a reconnect, losing and repeating nothing", async () => {
    const { owner, migration, write } = await newMigration();
    const headers = { authorization: `Bearer ${owner.apiKey}` };
    for (let i = 0; i < 5; i++) await write({ agent: "executor", kind: "object", message: `object ${i}` });
    const firstTwo = await collect(readProgress(api.apiUrl, migration.id, { headers }), 2);
    for (let i = 5; i < 8; i++) await write({ agent: "executor", kind: "object", message: `object ${i}` });
    const rest = await collect(readProgress(api.apiUrl, migration.id, { headers, lastEventId: firstTwo[1]!.id }), 6);
    expect([...firstTwo, ...rest].map((e) => e.message)).toEqual(Array.from({ length: 8 }, (_, i) => `object ${i}`));
  });

  it("ends the stream after the migration's last event", async () => {
    const { owner, migration, write } = await newMigration();
    await write({ agent: "evaluator", kind: "step_finished", message: "done" });
    await write({ agent: "graph", kind: FINISHED_KIND, message: "succeeded" });
    const kinds: string[] = [];
    for await (const message of readProgress(api.apiUrl, migration.id, {
      headers: { authorization: `Bearer ${owner.apiKey}` },
    })) {
      kinds.push(message.event === "end" ? "end" : read(message.data).kind);
    }
    expect(kinds).toEqual(["step_finished", FINISHED_KIND, "end"]);
  });

  it("ends at once for a migration that finished without a last event (cancelled while queued)", async () => {
    const { owner, migration } = await newMigration();
    await api.db.update(migrations).set({ status: "cancelled" }).where(eq(migrations.id, migration.id));
    const messages = [];
    for await (const message of readProgress(api.apiUrl, migration.id, {
      headers: { authorization: `Bearer ${owner.apiKey}` },
    }))
      messages.push(message.event);
    expect(messages).toEqual(["end"]);
  });

  it("does not let another user subscribe to a migration's events", async () => {
    const { migration } = await newMigration();
    const stranger = await api.user("stranger");
    await expect(
      collect(readProgress(api.apiUrl, migration.id, { headers: { authorization: `Bearer ${stranger.apiKey}` } }), 1),
    ).rejects.toThrow("progress stream answered 404: Migration not found");
    await expect(collect(readProgress(api.apiUrl, migration.id), 1)).rejects.toThrow(
      "progress stream answered 401: Sign in or send an API key",
    );
  });

  it("fans one LISTEN out to many clients of the same migration", async () => {
    const { owner, migration, write } = await newMigration();
    const headers = { authorization: `Bearer ${owner.apiKey}` };
    const clients = Array.from({ length: 20 }, () => collect(readProgress(api.apiUrl, migration.id, { headers }), 2));
    await new Promise((r) => setTimeout(r, 300));
    await write({ agent: "tester", kind: "object", message: "one" });
    await write({ agent: "tester", kind: "object", message: "two" });
    for (const events of await Promise.all(clients)) expect(events.map((e) => e.message)).toEqual(["one", "two"]);
  });

  it("refuses to write an event whose payload is not what its kind carries, and streams a finished event's counts typed", async () => {
    const { owner, migration, write } = await newMigration();
    await expect(
      write({ agent: "tester", kind: "object", message: "one", payload: { rows: 3 } } as never),
    ).rejects.toThrow("a object event cannot carry this payload");
    await expect(
      write({ agent: "worker", kind: FINISHED_KIND, message: "succeeded", payload: { validated: "all" } } as never),
    ).rejects.toThrow("a migration_finished event cannot carry this payload");
    const summary = { total: 1, validated: 1, mismatch: 0, executed: 0, needs_review: 0, failed: 0, llmCostUsd: 0 };
    await write({ agent: "worker", kind: FINISHED_KIND, message: "succeeded", payload: summary });
    const events = await collect(
      readProgress(api.apiUrl, migration.id, { headers: { authorization: `Bearer ${owner.apiKey}` } }),
      1,
    );
    expect(events).toMatchObject([{ kind: FINISHED_KIND, payload: summary }]);
  });

  it("streams rows another version stored: an unknown kind as unknown with why, a finished event whose payload does not read still ends the stream", async () => {
    const { owner, migration } = await newMigration();
    // Rows as an older or newer version could have left them: written around recordEvent, which would refuse them.
    await api.sql`
      insert into migration_events (migration_id, agent, kind, message, payload) values
        (${migration.id}, 'worker', ${RERUN_KIND}, 're-run requested', '{"models": "all of them"}'::jsonb),
        (${migration.id}, 'worker', 'attempt_paused', 'paused', null),
        (${migration.id}, 'worker', ${FINISHED_KIND}, 'succeeded', '{"objects": 3}'::jsonb)`;
    const received: (StreamedEvent | "end")[] = [];
    for await (const message of readProgress(api.apiUrl, migration.id, {
      headers: { authorization: `Bearer ${owner.apiKey}` },
    }))
      received.push(message.event === "end" ? "end" : read(message.data));
    expect(received).toMatchObject([
      {
        kind: RERUN_KIND,
        payload: null,
        unreadable: expect.stringContaining("does not read as a rerun_requested event's"),
      },
      {
        kind: "unknown",
        message: "paused",
        payload: null,
        unreadable: 'its kind "attempt_paused" is not one this version knows',
      },
      {
        kind: FINISHED_KIND,
        payload: null,
        unreadable: expect.stringContaining("does not read as a migration_finished"),
      },
      "end",
    ]);

    // The Overview reads the same rows: the latest events, and the re-run (whose models it cannot read) as a full one.
    const overview = await owner.client.migrationDetails.overview.query({ id: migration.id });
    expect(overview.recentEvents.map((e) => e.kind)).toEqual([FINISHED_KIND, "unknown"]);
    expect(overview.timeline.find((a) => a.agent === "assessment")?.state).not.toBe("skipped");
  });
});
