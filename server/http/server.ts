import http from "node:http";
import next from "next";
import type { Database, Sql } from "~/db/client";
import { createEventHub } from "~/server/events/hub";
import { clientAddress } from "~/server/rate-limit/client-address";
import type { RateLimits } from "~/server/rate-limit/policies";
import { appRouter } from "~/server/trpc/root";
import { createContext, type RequestFacts } from "~/server/trpc/trpc";
import { createDownloadsHandler, DOWNLOADS_PATH, type DownloadName } from "./downloads-handler";
import { createEventsHandler } from "./events-handler";
import { csrfRefusal } from "./csrf";
import { describeError } from "./log-safe";
import { prepareForNext } from "./next-request";
import { applySecurityHeaders, scriptNonce } from "./security-headers";
import { sendMalformedPath } from "./respond";
import { createTrpcHandler } from "./trpc-handler";

/** Uploads are ≤ 10 MB of bytes, so ≤ 13.4 MB of base64 inside the JSON body. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** What a caller who is not authenticated may send: sign-up's email, password and name, with room to spare. */
export const ANONYMOUS_MAX_BODY_BYTES = 64 * 1024;

type Options = {
  db: Database;
  /** The same pool as `db`; the event hub takes one connection of it for LISTEN. */
  sql: Sql;
  authSecret: string;
  host: string;
  port: number;
  dev?: boolean;
  /** The rate limits (server/rate-limit/policies.ts): the web process passes the environment's. */
  rateLimits: RateLimits;
  /** How many proxies in front append to X-Forwarded-For (TRUST_PROXY); 0 believes only the TCP peer. */
  trustProxy?: number;
  /** Serve only the API (benchmarks and API tests do not need Next). */
  apiOnly?: boolean;
  dir?: string;
};

/**
 * One Node HTTP server: `/api/trpc` is answered directly by our tRPC handler, everything else (pages,
 * next-auth, static files, SSE route handlers) by Next. Keeping the API out of Next's route-handler layer is
 * what lets it run several times faster (README "API performance").
 */
export async function startHttpServer(options: Options) {
  const facts = (req: http.IncomingMessage): RequestFacts => ({
    clientAddress: clientAddress(req, options.trustProxy ?? 0),
    rateLimits: options.rateLimits,
  });
  const trpc = createTrpcHandler({
    router: appRouter,
    createContext: (req) => createContext(options.db, req.headers, options.authSecret, facts(req)),
    maxBodyBytes: MAX_BODY_BYTES,
    anonymousMaxBodyBytes: ANONYMOUS_MAX_BODY_BYTES,
    authenticated: (ctx) =>
      ctx.userId ? { ok: true } : { ok: false, message: ctx.authError ?? "Sign in or send an API key" },
    refuseMutation: csrfRefusal,
    onError: (error, path) => console.error(`[api] ${path}: ${describeError(error.cause ?? error)}`),
  });

  const hub = createEventHub(options.sql);
  const events = createEventsHandler({
    db: options.db,
    hub,
    authenticate: (req) => createContext(options.db, req.headers, options.authSecret, facts(req)),
  });
  const EVENTS_PATH = /^\/api\/migrations\/([^/?]+)\/events(?:\?(.*))?$/;
  const downloads = createDownloadsHandler({
    db: options.db,
    authenticate: (req) => createContext(options.db, req.headers, options.authSecret, facts(req)),
  });

  let nextHandler: ((req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) | undefined;
  if (!options.apiOnly) {
    const app = next({
      dev: options.dev ?? false,
      dir: options.dir ?? process.cwd(),
      hostname: options.host,
      port: options.port,
    });
    await app.prepare();
    nextHandler = app.getRequestHandler();
  }

  const server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    const kind = url.startsWith("/api/trpc/")
      ? "api"
      : EVENTS_PATH.test(url)
        ? "events"
        : DOWNLOADS_PATH.test(url)
          ? "download"
          : url === "/api/health"
            ? "api"
            : "page";
    // A page's scripts run only with this response's nonce; Next reads it from the request's CSP header and puts
    // it on every script it renders.
    const nonce = kind === "page" ? scriptNonce() : undefined;
    const csp = applySecurityHeaders(req, res, { kind, dev: options.dev ?? false, nonce });
    const failed = (label: string) => (error: unknown) => {
      console.error(`[${label}] unhandled: ${describeError(error)}`);
      if (!res.headersSent) res.writeHead(500).end();
      else res.end();
    };
    if (url.startsWith("/api/trpc/")) {
      trpc(req, res, url.slice("/api/trpc/".length)).catch(failed("api"));
    } else if (EVENTS_PATH.test(url)) {
      const [, id, query] = EVENTS_PATH.exec(url)!;
      const migrationId = decodePathSegment(id!);
      if (migrationId === null) return sendMalformedPath(res);
      events(req, res, migrationId, new URLSearchParams(query ?? "")).catch(failed("events"));
    } else if (DOWNLOADS_PATH.test(url)) {
      const [, id, name] = DOWNLOADS_PATH.exec(url)!;
      const migrationId = decodePathSegment(id!);
      if (migrationId === null) return sendMalformedPath(res);
      downloads(req, res, migrationId, name as DownloadName).catch(failed("downloads"));
    } else if (url === "/api/health") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    } else if (nextHandler) {
      prepareForNext(req, { clientAddress: clientAddress(req, options.trustProxy ?? 0), csp });
      void nextHandler(req, res);
    } else {
      res.writeHead(404).end();
    }
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // HOST only: `localhost` binds the loopback address it resolves to, never every interface.
    server.listen(options.port, options.host, resolve);
  });
  return {
    server,
    url: `http://${options.host}:${options.port}`,
    hub,
    close: async () => {
      await hub.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A path segment with its `%` escapes decoded, or null when an escape is malformed (`%E0%A4%A`). */
export function decodePathSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
