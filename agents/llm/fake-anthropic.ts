import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local fake of Anthropic's Messages API (POST /v1/messages) for tests and benchmarks: a real HTTP server
 * on 127.0.0.1, so the real @anthropic-ai/sdk talks to it over the wire (point `baseURL` at `url`).
 *
 * Replies come from a queue (`reply(...)`, consumed in order) and, once the queue is empty, from a handler
 * (`setHandler(fn)` or `options.handler`); with neither, the fake answers 500 so a test that forgot to script
 * a reply fails loudly. Every request is recorded (headers, parsed body, time received) in `requests`,
 * including requests whose client gave up (timed out) before the reply.
 *
 * Auth: @anthropic-ai/sdk 1.12 sends the key as `Authorization: Bearer <key>` (older SDKs and curl examples
 * use `x-api-key`); the fake accepts either. With `options.apiKey` set, anything else gets a 401.
 */

export type FakeUsage = { input_tokens: number; output_tokens: number };

export type FakeReply =
  /** Shorthand for `{ type: "text", text }`. */
  | string
  | {
      type: "text";
      /** One text content block, or several. */
      text: string | string[];
      /** Defaults: input ≈ request characters / 4, output ≈ reply characters / 4 (at least 1 each). */
      usage?: Partial<FakeUsage>;
      stopReason?: "end_turn" | "max_tokens" | "stop_sequence" | "refusal";
      /** Wait this long before answering (a slow model; a timeout test; "answers in 2 s" for a benchmark). */
      delayMs?: number;
      headers?: Record<string, string>;
    }
  | {
      /** An HTTP error in the API's error shape, unless `body` is given (an object is sent as JSON, a string raw). */
      type: "error";
      status: number;
      errorType?: string;
      message?: string;
      body?: unknown;
      headers?: Record<string, string>;
      delayMs?: number;
    }
  | {
      /** Anything at all: a 200 with a body that is not the API's JSON (malformed output). */
      type: "raw";
      status?: number;
      body: string;
      contentType?: string;
      headers?: Record<string, string>;
      delayMs?: number;
    }
  | {
      /** Close the connection without an answer (a dropped connection). */
      type: "hangup";
      delayMs?: number;
    };

export type RecordedRequest = {
  method: string;
  path: string;
  /** Lower-case header names, as node:http gives them. */
  headers: Record<string, string>;
  /** The JSON body (undefined if it did not parse). */
  body: MessagesRequestBody | undefined;
  rawBody: string;
  /** The key the client sent, from `x-api-key` or `Authorization: Bearer`. */
  apiKey: string | undefined;
  /** Date.now() when the request arrived. */
  receivedAt: number;
  /** Set when the client closed the connection before the reply was sent (it aborted or timed out). */
  abandoned?: boolean;
};

/** The parts of a Messages API request body the fake looks at. */
export type MessagesRequestBody = {
  model?: string;
  max_tokens?: number;
  system?: string | { type: string; text?: string }[];
  messages?: { role: string; content: string | { type: string; text?: string }[] }[];
  stream?: boolean;
  [key: string]: unknown;
};

export type FakeHandler = (request: RecordedRequest) => FakeReply | Promise<FakeReply>;

export type FakeAnthropicOptions = {
  /** Replies to serve first, in order. */
  replies?: FakeReply[];
  /** Serves requests once the queue is empty. */
  handler?: FakeHandler;
  /** When set, requests must carry this key (x-api-key or Bearer), or get a 401. */
  apiKey?: string;
  /** Added to every reply's own delay (e.g. 2000 for a benchmark of a model that answers in 2 s). */
  latencyMs?: number;
  /** 0 (default) picks a free port. */
  port?: number;
};

export type FakeAnthropic = {
  /** Base URL for the SDK's `baseURL`, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Every request received, in arrival order. */
  requests: RecordedRequest[];
  /** Queue replies (served before the handler, in order). */
  reply(...replies: FakeReply[]): void;
  /** Serve requests with this function once the queue is empty. */
  setHandler(handler: FakeHandler | undefined): void;
  /** Replies still queued. */
  pending(): number;
  close(): Promise<void>;
};

/** Helpers to script replies. */
export const replies = {
  text: (text: string, extra: Omit<Extract<FakeReply, { type: "text" }>, "type" | "text"> = {}): FakeReply => ({
    type: "text",
    text,
    ...extra,
  }),
  /** A fenced ```sql block, optionally followed by notes. */
  sql: (sql: string, notes?: string): FakeReply => ({
    type: "text",
    text: "```sql\n" + sql + "\n```" + (notes ? `\n\nNotes:\n${notes}` : ""),
  }),
  rateLimited: (retryAfterSeconds: number): FakeReply => ({
    type: "error",
    status: 429,
    errorType: "rate_limit_error",
    message: "Number of request tokens has exceeded your per-minute rate limit",
    headers: { "retry-after": String(retryAfterSeconds) },
  }),
  overloaded: (): FakeReply => ({ type: "error", status: 529, errorType: "overloaded_error", message: "Overloaded" }),
  serverError: (status = 500): FakeReply => ({
    type: "error",
    status,
    errorType: "api_error",
    message: "Internal server error",
  }),
  delayed: (delayMs: number, reply: FakeReply): FakeReply =>
    typeof reply === "string" ? { type: "text", text: reply, delayMs } : { ...reply, delayMs },
  malformed: (body = "{ this is not json"): FakeReply => ({
    type: "raw",
    status: 200,
    body,
    contentType: "application/json",
  }),
  hangup: (): FakeReply => ({ type: "hangup" }),
};

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const queue: FakeReply[] = [...(options.replies ?? [])];
  let handler = options.handler;
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const wait = (ms: number, res: http.ServerResponse) =>
    new Promise<boolean>((resolve) => {
      if (ms <= 0) return resolve(!res.destroyed);
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.off("close", onClose);
        resolve(!res.destroyed);
      }, ms);
      timers.add(timer);
      // The client gave up (timeout) or the server is closing: stop waiting, answer nobody.
      const onClose = () => {
        clearTimeout(timer);
        timers.delete(timer);
        resolve(false);
      };
      res.once("close", onClose);
    });

  const sendJson = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      "request-id": `req_fake_${randomBytes(8).toString("hex")}`,
      ...headers,
    });
    res.end(text);
  };

  const sendError = (
    res: http.ServerResponse,
    status: number,
    type: string,
    message: string,
    headers: Record<string, string> = {},
  ) => sendJson(res, status, { type: "error", error: { type, message } }, headers);

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    let body: MessagesRequestBody | undefined;
    try {
      body = JSON.parse(rawBody) as MessagesRequestBody;
    } catch {
      body = undefined;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    const bearer = headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      path: (req.url ?? "/").split("?")[0]!,
      headers,
      body,
      rawBody,
      apiKey: headers["x-api-key"] ?? bearer,
      receivedAt: Date.now(),
    };
    requests.push(recorded);
    res.once("close", () => {
      if (!res.writableFinished) recorded.abandoned = true;
    });

    try {
      if (recorded.method !== "POST" || recorded.path !== "/v1/messages") {
        return sendError(
          res,
          404,
          "not_found_error",
          `fake-anthropic serves POST /v1/messages only, not ${recorded.method} ${recorded.path}`,
        );
      }
      if (options.apiKey !== undefined && recorded.apiKey !== options.apiKey) {
        return sendError(res, 401, "authentication_error", "invalid x-api-key");
      }
      if (
        !body ||
        !Array.isArray(body.messages) ||
        typeof body.model !== "string" ||
        typeof body.max_tokens !== "number"
      ) {
        return sendError(res, 400, "invalid_request_error", "body must be JSON with model, max_tokens and messages");
      }
      if (body.stream)
        return sendError(res, 400, "invalid_request_error", "fake-anthropic does not implement streaming");

      const next: FakeReply | undefined =
        queue.length > 0 ? queue.shift() : handler ? await handler(recorded) : undefined;
      if (next === undefined)
        return sendError(res, 500, "api_error", "fake-anthropic: no scripted reply for this request");
      const reply: Exclude<FakeReply, string> = typeof next === "string" ? { type: "text", text: next } : next;

      if (!(await wait((options.latencyMs ?? 0) + (reply.delayMs ?? 0), res))) return;

      switch (reply.type) {
        case "hangup":
          req.socket.destroy();
          return;
        case "raw":
          res.writeHead(reply.status ?? 200, {
            "content-type": reply.contentType ?? "application/json",
            ...reply.headers,
          });
          res.end(reply.body);
          return;
        case "error": {
          if (reply.body !== undefined) {
            if (typeof reply.body === "string") {
              res.writeHead(reply.status, { "content-type": "text/plain", ...reply.headers });
              res.end(reply.body);
            } else sendJson(res, reply.status, reply.body, reply.headers);
            return;
          }
          const type =
            reply.errorType ??
            ERROR_TYPES[reply.status] ??
            (reply.status >= 500 ? "api_error" : "invalid_request_error");
          return sendError(res, reply.status, type, reply.message ?? type, reply.headers);
        }
        case "text": {
          const texts = Array.isArray(reply.text) ? reply.text : [reply.text];
          const inputChars = JSON.stringify(body.system ?? "").length + JSON.stringify(body.messages).length;
          const outputChars = texts.reduce((n, t) => n + t.length, 0);
          return sendJson(
            res,
            200,
            {
              id: `msg_fake_${randomBytes(12).toString("hex")}`,
              type: "message",
              role: "assistant",
              model: body.model,
              content: texts.map((text) => ({ type: "text", text })),
              stop_reason: reply.stopReason ?? "end_turn",
              stop_sequence: null,
              usage: {
                input_tokens: reply.usage?.input_tokens ?? Math.max(1, Math.ceil(inputChars / 4)),
                output_tokens: reply.usage?.output_tokens ?? Math.max(1, Math.ceil(outputChars / 4)),
              },
            },
            reply.headers,
          );
        }
      }
    } catch (error) {
      if (!res.headersSent)
        sendError(res, 500, "api_error", `fake-anthropic handler failed: ${(error as Error).message}`);
      else res.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (...more) => void queue.push(...more),
    setHandler: (fn) => void (handler = fn),
    pending: () => queue.length,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets (the SDK's fetch pools them) and delayed replies would hold close() open.
        server.closeAllConnections();
      });
    },
  };
}
