import type { IncomingMessage, ServerResponse } from "node:http";
import type { Database } from "~/db/client";
import { migrations } from "~/db/schema";
import { ownMigration } from "~/server/services/ownership";

/** A JSON answer with its length: what the HTTP server's own routes send (tRPC answers are the tRPC handler's). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
}

/** A refusal in the shape a tRPC error has on the wire (`{ error: { code, message } }`), so one client reads both. */
export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

/** A path whose `%` escapes do not decode (`%E0%A4%A`): refused before any route reads it. */
export function sendMalformedPath(res: ServerResponse): void {
  sendError(res, 400, "BAD_REQUEST", "The URL path has a malformed % escape");
}

export type Authenticate = (req: IncomingMessage) => Promise<{ userId: string | null; authError: string | null }>;

/**
 * The migration a route under /api/migrations/<id>/ is about, when the caller is signed in and owns it. Otherwise
 * the refusal is sent and the answer is null: 401 without a user, 404 for an id that is not the caller's or not a
 * uuid at all (exactly like a missing one, so another user's id reveals nothing).
 */
export async function ownedMigration(
  db: Database,
  authenticate: Authenticate,
  req: IncomingMessage,
  res: ServerResponse,
  migrationId: string,
): Promise<Pick<typeof migrations.$inferSelect, "name" | "status"> | null> {
  const { userId, authError } = await authenticate(req);
  if (!userId) {
    sendError(res, 401, "UNAUTHORIZED", authError ?? "Sign in or send an API key");
    return null;
  }
  const [migration] = /^[0-9a-f-]{36}$/i.test(migrationId)
    ? await db
        .select({ name: migrations.name, status: migrations.status })
        .from(migrations)
        .where(ownMigration(migrationId, userId))
    : [];
  if (!migration) sendError(res, 404, "NOT_FOUND", "Migration not found");
  return migration ?? null;
}
