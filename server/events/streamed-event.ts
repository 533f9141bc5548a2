import { z } from "zod";
import { readEventBody, type StoredEventBody } from "~/agents/core/event-kinds";

/**
 * One event of a migration's progress stream as it travels (`data:` of an SSE `progress` message): the row's
 * fields, then its kind and payload as `readEventBody` reads them. The web process writes it (./hub.ts); a reader
 * (the CLI, tests) parses it here, so a server of another version cannot make a reader crash.
 */
const ZEnvelope = z.object({
  id: z.number().int().positive(),
  migrationId: z.string(),
  agent: z.string(),
  object: z.string().nullable(),
  message: z.string(),
  progress: z.number().nullable(),
  createdAt: z.string(),
  kind: z.string(),
  payload: z.unknown(),
  /** Set by the writer when it could not read the stored row's kind or payload. */
  unreadable: z.string().optional(),
});

export type StreamedEvent = Omit<z.infer<typeof ZEnvelope>, "kind" | "payload" | "unreadable"> & StoredEventBody;

/**
 * A progress message's data as an event, or why it cannot be one (not JSON, or not an event's fields). A kind or a
 * payload this version does not know is still an event: `unreadable` says what could not be read, as the writer's
 * own reading does.
 */
export function parseStreamedEvent(data: string): { event: StreamedEvent } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch (error) {
    return { error: `it is not JSON (${(error as Error).message})` };
  }
  const parsed = ZEnvelope.safeParse(json);
  if (!parsed.success) return { error: `it is not a progress event: ${z.prettifyError(parsed.error)}` };
  const { kind, payload, unreadable, ...fields } = parsed.data;
  const body = readEventBody(kind, payload);
  // The writer's reason, when it had one, says more than reading its stand-in (kind "unknown") again.
  return { event: { ...fields, ...body, ...(unreadable !== undefined ? { unreadable } : {}) } };
}
