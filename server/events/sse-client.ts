import { createParser, type EventSourceMessage } from "eventsource-parser";

/**
 * Reads a migration's progress stream (GET /api/migrations/:id/events) from any fetch: used by the CLI's
 * `--wait` and by tests. Yields each event until the server ends the stream or `signal` aborts.
 */
export async function* readProgress(
  baseUrl: string,
  migrationId: string,
  options: { headers?: Record<string, string>; lastEventId?: number; signal?: AbortSignal } = {},
): AsyncGenerator<EventSourceMessage> {
  const response = await fetch(`${baseUrl.replace(/\/$/, "")}/api/migrations/${migrationId}/events`, {
    headers: {
      accept: "text/event-stream",
      ...options.headers,
      ...(options.lastEventId ? { "last-event-id": String(options.lastEventId) } : {}),
    },
    signal: options.signal,
  });
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(`progress stream answered ${response.status}: ${body?.error?.message ?? response.statusText}`);
  }
  const queue: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => queue.push(event) });
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    while (queue.length) {
      const event = queue.shift()!;
      yield event;
      if (event.event === "end") return;
    }
  }
}
