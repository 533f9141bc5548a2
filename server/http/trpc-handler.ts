import type { IncomingMessage, ServerResponse } from "node:http";
import { TRPCError, type AnyTRPCRouter } from "@trpc/server";
import {
  callProcedure,
  getErrorShape,
  getHTTPStatusCode,
  getTRPCErrorFromUnknown,
} from "@trpc/server/unstable-core-do-not-import";
import { MAX_BATCH_CALLS } from "./batch-limit";
import { sendMalformedPath } from "./respond";

/**
 * A lean tRPC-over-HTTP handler for plain Node requests, speaking tRPC v11's wire format (`httpLink` and
 * `httpBatchLink` clients, JSON, no transformer) so the typed client is unchanged.
 *
 * Why not @trpc/server's own node adapter: it converts every Node request into a WHATWG Request and the
 * response back again, and resolves batching, streaming and content types generically; under load that costs
 * more than our queries (see README "API performance"). Here a request is parsed once, each procedure is called
 * with tRPC's own `callProcedure` (so middleware, input and output validation are tRPC's), and errors are shaped
 * by tRPC's `getErrorShape` with the router's error formatter. Subscriptions are served elsewhere (SSE).
 */
export type TrpcHandlerOptions<TContext> = {
  router: AnyTRPCRouter;
  createContext: (req: IncomingMessage) => Promise<TContext>;
  /** Larger request bodies are refused with 413 before they are read whole. */
  maxBodyBytes: number;
  /**
   * A caller the context does not authenticate may send at most this much (the public mutations, sign-up,
   * need a few hundred bytes); a larger body is refused with 401 before it is read. Authentication runs first.
   */
  anonymousMaxBodyBytes?: number;
  /** Whether the context is an authenticated caller, and if not, what to tell them. */
  authenticated?: (ctx: TContext) => { ok: true } | { ok: false; message: string };
  /** Why a mutation must be refused before anything else (CSRF), or null. */
  refuseMutation?: (req: IncomingMessage) => string | null;
  onError?: (error: TRPCError, path: string) => void;
  /** Most calls one batch may carry (default MAX_BATCH_CALLS); a larger batch is a 400 before anything is read. */
  maxBatchCalls?: number;
};

type ResponseItem = { result: { data: unknown } } | { error: unknown };

export function createTrpcHandler<TContext>(options: TrpcHandlerOptions<TContext>) {
  const config = options.router._def._config;

  return async function handleTrpc(req: IncomingMessage, res: ServerResponse, pathAndQuery: string): Promise<void> {
    const queryStart = pathAndQuery.indexOf("?");
    let rawPath: string;
    try {
      rawPath = decodeURIComponent(queryStart === -1 ? pathAndQuery : pathAndQuery.slice(0, queryStart));
    } catch {
      return sendMalformedPath(res);
    }
    const query = new URLSearchParams(queryStart === -1 ? "" : pathAndQuery.slice(queryStart + 1));
    const isBatch = query.get("batch") === "1";
    const paths = isBatch ? rawPath.split(",") : [rawPath];
    const type = req.method === "GET" ? "query" : req.method === "POST" ? "mutation" : null;

    let ctx: TContext | undefined;
    const shapeError = (cause: unknown, path: string, input?: unknown): ResponseItem => {
      const error = getTRPCErrorFromUnknown(cause);
      if (error.code === "INTERNAL_SERVER_ERROR") options.onError?.(error, path);
      return { error: getErrorShape({ config, error, type: type ?? "unknown", path, input, ctx }) };
    };
    const send = (items: ResponseItem[]) => {
      const body = JSON.stringify(isBatch ? items : items[0]);
      const retryAfter = retryAfterSeconds(items);
      if (retryAfter !== null) res.setHeader("retry-after", String(retryAfter));
      res.writeHead(getHTTPStatusCode(items as never), {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
      });
      res.end(body);
    };

    const maxBatchCalls = options.maxBatchCalls ?? MAX_BATCH_CALLS;
    if (paths.length > maxBatchCalls) {
      req.resume(); // the body is never read; the connection closes after our answer
      res.setHeader("connection", "close");
      const message = `A batch may carry at most ${maxBatchCalls} calls; this one carries ${paths.length}`;
      send(paths.map((p) => shapeError(new TRPCError({ code: "BAD_REQUEST", message }), p)));
      return;
    }

    if (!type) {
      send(
        paths.map((p) =>
          shapeError(
            new TRPCError({
              code: "METHOD_NOT_SUPPORTED",
              message: `${req.method} is not supported; use GET for queries and POST for mutations`,
            }),
            p,
          ),
        ),
      );
      return;
    }

    const refusal = type === "mutation" ? options.refuseMutation?.(req) : null;
    if (refusal) {
      req.resume(); // the body is never read; the connection closes after our answer
      res.setHeader("connection", "close");
      send(paths.map((p) => shapeError(new TRPCError({ code: "FORBIDDEN", message: refusal }), p)));
      return;
    }

    // Authenticate before reading the body: an anonymous caller must not make us buffer megabytes.
    try {
      ctx = await options.createContext(req);
    } catch (error) {
      req.resume();
      send(paths.map((p) => shapeError(error, p)));
      return;
    }
    const who = options.authenticated?.(ctx) ?? { ok: true as const };
    const bodyLimit = who.ok
      ? options.maxBodyBytes
      : Math.min(options.maxBodyBytes, options.anonymousMaxBodyBytes ?? options.maxBodyBytes);

    let inputs: unknown[];
    try {
      const raw =
        type === "query"
          ? query.get("input")
          : await readBody(
              req,
              bodyLimit,
              who.ok ? undefined : () => new TRPCError({ code: "UNAUTHORIZED", message: who.message }),
            );
      const parsed: unknown = raw === null || raw === "" ? undefined : JSON.parse(raw);
      inputs = isBatch ? paths.map((_, i) => (parsed as Record<string, unknown> | undefined)?.[i]) : [parsed];
    } catch (error) {
      const cause =
        error instanceof TRPCError
          ? error
          : new TRPCError({
              code: "PARSE_ERROR",
              message: `Request input is not valid JSON: ${(error as Error).message}`,
            });
      if (cause.code === "PAYLOAD_TOO_LARGE" || cause.code === "UNAUTHORIZED") res.setHeader("connection", "close");
      send(paths.map((p) => shapeError(cause, p)));
      return;
    }

    const items = await Promise.all(
      paths.map(async (path, index): Promise<ResponseItem> => {
        try {
          const data = await callProcedure({
            router: options.router,
            path,
            getRawInput: async () => inputs[index],
            ctx,
            type,
            signal: undefined,
            batchIndex: index,
          });
          return { result: { data } };
        } catch (error) {
          return shapeError(error, path, inputs[index]);
        }
      }),
    );
    send(items);
  };
}

/** The longest wait any rate-limited call of the response asks for (the error formatter's `data.retryAfterSeconds`). */
function retryAfterSeconds(items: ResponseItem[]): number | null {
  const waits = items.flatMap((item) => {
    const wait =
      "error" in item ? (item.error as { data?: { retryAfterSeconds?: unknown } }).data?.retryAfterSeconds : undefined;
    return typeof wait === "number" ? [wait] : [];
  });
  return waits.length ? Math.max(...waits) : null;
}

function readBody(req: IncomingMessage, maxBytes: number, overLimit?: () => TRPCError): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? 0);
  const tooLarge =
    overLimit ??
    (() =>
      new TRPCError({
        code: "PAYLOAD_TOO_LARGE",
        message: `Request body is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`,
      }));
  if (declared > maxBytes) {
    req.resume(); // discard what the client sends; the connection closes after our answer
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners("data");
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
