import type { IncomingMessage, ServerResponse } from "node:http";
import { eq } from "drizzle-orm";
import { FINISHED_KIND } from "~/agents/core/event-kinds";
import type { Database } from "~/db/client";
import { finishedMigrationStatus } from "~/db/enums";
import { migrations } from "~/db/schema";
import type { EventHub } from "~/server/events/hub";
import type { StreamedEvent } from "~/server/events/streamed-event";
import { ownedMigration, type Authenticate } from "./respond";

/**
 * GET /api/migrations/:id/events — a migration's progress as server-sent events.
 *
 * A plain SSE endpoint rather than a tRPC subscription: every web process keeps ONE LISTEN connection and
 * fans events out from memory (server/events/hub.ts), replay uses the standard `Last-Event-ID` header that
 * browsers' EventSource sends on reconnect, and the stream is readable by any HTTP client (curl, the CLI).
 * Authentication and ownership are the API's: the same context, and NOT_FOUND for someone else's migration.
 */
const HEARTBEAT_MS = 15_000;
const FINAL = new Set<string>(finishedMigrationStatus);

export function createEventsHandler(options: { db: Database; hub: EventHub; authenticate: Authenticate }) {
  return async function handleEvents(
    req: IncomingMessage,
    res: ServerResponse,
    migrationId: string,
    query: URLSearchParams,
  ) {
    const migration = await ownedMigration(options.db, options.authenticate, req, res, migrationId);
    if (!migration) return;

    const lastEventId = Number(req.headers["last-event-id"] ?? query.get("lastEventId") ?? 0);
    const after = Number.isSafeInteger(lastEventId) && lastEventId > 0 ? lastEventId : 0;

    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.write("retry: 2000\n\n");

    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      res.end();
    };
    const heartbeat = setInterval(() => res.write(": ping\n\n"), HEARTBEAT_MS);
    const unsubscribe = options.hub.subscribe(migrationId, after, (events: StreamedEvent[]) => {
      if (closed) return;
      let chunk = "";
      for (const event of events) chunk += `id: ${event.id}\nevent: progress\ndata: ${JSON.stringify(event)}\n\n`;
      res.write(chunk);
      if (events.some((e) => e.kind === FINISHED_KIND)) {
        res.write("event: end\ndata: {}\n\n");
        close();
      }
    });
    req.on("close", close);

    // A migration that ended before its finishing event existed (e.g. cancelled while queued) ends the stream too.
    if (FINAL.has(migration.status)) {
      setTimeout(async () => {
        if (closed) return;
        const [current] = await options.db
          .select({ status: migrations.status })
          .from(migrations)
          .where(eq(migrations.id, migrationId));
        if (!current || FINAL.has(current.status)) {
          res.write("event: end\ndata: {}\n\n");
          close();
        }
      }, 250);
    }
  };
}
