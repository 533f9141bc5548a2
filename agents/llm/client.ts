import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from "@anthropic-ai/sdk";
import type { LlmOutcome } from "./outcome";
import { costUsd, type ModelPrice } from "./pricing";

/**
 * The one way the product calls Claude: the real @anthropic-ai/sdk, plus retries, a per-migration budget,
 * cost from a price table, and a record for EVERY attempt (migration, object, agent, model, tokens, cost, latency,
 * outcome, error) through the caller's `calls` log (the worker's writes `llm_calls`: agents/worker/llm-calls.ts).
 *
 * Retry design. The SDK can retry by itself (it honours `retry-after`/`retry-after-ms`), but we set its
 * `maxRetries` to 0 and retry here instead, because:
 * - each HTTP attempt must be recorded with its own outcome and latency; the SDK's internal retries are
 *   invisible to the caller (only the last error or the final message comes back);
 * - the budget is checked before EVERY attempt, including retries;
 * - the SDK waits as long as `retry-after` says (up to ~24 days); we cap it and give up instead of parking
 *   a worker slot for minutes (the job queue retries the migration later);
 * - tests and benchmarks tune the backoff without touching SDK internals.
 * Retried: connection errors and timeouts, 408, 409, 429, 5xx (including 529 overloaded), and whatever the
 * server marks `x-should-retry: true` (`false` stops a retry). Not retried: other 4xx (bad key, bad request)
 * and a malformed response body. Backoff: exponential from `baseDelayMs`, capped at `maxDelayMs`, with
 * "equal jitter" (a uniform wait in [d/2, d]); a `retry-after-ms`/`retry-after` (seconds or HTTP date) from the
 * server replaces the computed wait (plus ≤ 10% jitter, at most 250 ms, so clients told the same instant do
 * not return together), and one longer than `maxRetryAfterMs` ends the retries.
 *
 * Outcomes recorded (agents/llm/outcome.ts): `ok`; `error` (an attempt that failed — its `error` says whether it
 * was retried); `invalid_output` (the reply arrived and was paid for, but the caller's `validate` refused it);
 * `budget_exceeded` (refused before any HTTP request: 0 tokens, 0 cost); `rejected_by_tester` (set later with
 * `markOutcome` when the sandbox Tester fails what the LLM wrote).
 */

/** One attempt, as it is recorded. */
export type LlmCall = {
  migrationId: string | null;
  object: string | null;
  agent: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  outcome: LlmOutcome;
  error: string | null;
};

/**
 * Where calls are kept, given by whoever builds the client (so the client knows no database): every attempt is
 * recorded, the budget reads what a migration has spent, and a call's outcome can be changed afterwards.
 */
export type LlmCallLog = {
  /** Keeps one attempt and returns its id. A failure propagates: an unrecorded paid call would break cost reporting and the budget. */
  recordCall(call: LlmCall): Promise<number>;
  /** Money recorded for a migration. */
  spent(migrationId: string): Promise<number>;
  markOutcome(callId: number, outcome: LlmOutcome, error?: string): Promise<void>;
};

export type RetryOptions = {
  /** First backoff, doubled per retry. Default 1000 ms. */
  baseDelayMs?: number;
  /** Cap of the computed backoff. Default 30 s. */
  maxDelayMs?: number;
  /** A server asking to wait longer than this ends the retries. Default 60 s. */
  maxRetryAfterMs?: number;
};

export type LlmOptions = {
  apiKey: string;
  /** Messages API base URL (a fake in tests); default: the SDK's (ANTHROPIC_BASE_URL or api.anthropic.com). */
  baseURL?: string;
  model: string;
  /** Where every call is recorded and where the budget reads the money already spent; without it, this client's own spend. */
  calls?: LlmCallLog;
  /** Per-migration budget in USD: once the recorded cost reaches it, calls are refused. Default: no limit. */
  budgetUsd?: number;
  /** Per-attempt timeout. Default 120 s. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3 (so at most 4 requests per call). */
  maxRetries?: number;
  retry?: RetryOptions;
  /** Default max_tokens of a reply. Default 8192. */
  maxTokens?: number;
  /** Sent only when set (some models reject sampling parameters). */
  temperature?: number;
  /** Override or extend the price table (USD per million tokens). */
  prices?: Readonly<Record<string, ModelPrice>>;
  /** Jitter source, injectable for tests. Default Math.random. */
  random?: () => number;
};

export type LlmRequest = {
  /** The migration the call is for: attributes the cost and applies that migration's budget. */
  migrationId?: string | null;
  /** The catalog object key (e.g. `dbo.Invoices`), when the call is about one object. */
  object?: string | null;
  /** The agent asking: `executor`, `rebuilder`, `assessment`… */
  agent: string;
  system: string;
  user: string;
  maxTokens?: number;
  /**
   * Judges a reply that arrived: return an error message to record the call as `invalid_output` (it is still
   * paid for and counted against the budget), or null/undefined to accept it. Not retried: a model that
   * answered badly once is the caller's business (re-prompt or hand to a person).
   */
  validate?: (text: string, reply: { stopReason: string | null }) => string | null | undefined;
  signal?: AbortSignal;
};

export type LlmCompletion = {
  outcome: Exclude<LlmOutcome, "rejected_by_tester">;
  /** The reply's text (all text blocks joined); "" when no reply arrived. */
  text: string;
  error?: string;
  /** The recorded id of the final attempt (when a call log is attached), for `markOutcome`. */
  callId?: number;
  /** HTTP requests made (0 when the budget refused the call). */
  attempts: number;
  /** Totals over all attempts. */
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  stopReason?: string | null;
};

export type Llm = {
  readonly model: string;
  readonly budgetUsd: number | undefined;
  complete(request: LlmRequest): Promise<LlmCompletion>;
  /** Money recorded for a migration (from the call log when attached, else what this client spent). */
  spent(migrationId?: string | null): Promise<number>;
  /** Change the outcome of a recorded call afterwards (e.g. `rejected_by_tester`). */
  markOutcome(callId: number | undefined, outcome: LlmOutcome, error?: string): Promise<void>;
};

const DEFAULTS = {
  timeoutMs: 120_000,
  maxRetries: 3,
  maxTokens: 8192,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
} as const;

const MAX_ERROR_CHARS = 2000;

export function createLlm(options: LlmOptions): Llm {
  if (!options.apiKey) throw new Error("createLlm: an API key is required");
  const model = options.model;
  const timeoutMs = Math.max(1, Math.round(options.timeoutMs ?? DEFAULTS.timeoutMs));
  const maxRetries = Math.max(0, Math.floor(options.maxRetries ?? DEFAULTS.maxRetries));
  const retry = {
    baseDelayMs: options.retry?.baseDelayMs ?? DEFAULTS.baseDelayMs,
    maxDelayMs: options.retry?.maxDelayMs ?? DEFAULTS.maxDelayMs,
    maxRetryAfterMs: options.retry?.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs,
  };
  const random = options.random ?? Math.random;
  const prices = options.prices;
  const calls = options.calls;
  // The SDK's own retries are off: see the header comment.
  const client = new Anthropic({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0, timeout: timeoutMs });
  /** Spend by migration ("" = calls without one), for budgets without a database and for `spent()`. */
  const spentHere = new Map<string, number>();

  async function spent(migrationId?: string | null): Promise<number> {
    if (calls && migrationId) return calls.spent(migrationId);
    return spentHere.get(migrationId ?? "") ?? 0;
  }

  async function record(
    request: LlmRequest,
    row: {
      inputTokens: number;
      outputTokens: number;
      costUsd: number;
      latencyMs: number;
      outcome: LlmOutcome;
      error?: string;
    },
  ) {
    const bucket = request.migrationId ?? "";
    spentHere.set(bucket, (spentHere.get(bucket) ?? 0) + row.costUsd);
    if (!calls) return undefined;
    return calls.recordCall({
      migrationId: request.migrationId ?? null,
      object: request.object ?? null,
      agent: request.agent,
      model,
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      costUsd: row.costUsd,
      latencyMs: Math.round(row.latencyMs),
      outcome: row.outcome,
      error: row.error === undefined ? null : truncate(row.error),
    });
  }

  async function complete(request: LlmRequest): Promise<LlmCompletion> {
    const totals = { attempts: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: 0 };
    for (let attempt = 1; ; attempt++) {
      // Budget: checked before every attempt, against what is recorded. Concurrent calls of one migration
      // can each pass the check, so a budget can be overshot by the calls already in flight, never more.
      if (options.budgetUsd !== undefined) {
        const already = await spent(request.migrationId);
        if (already >= options.budgetUsd) {
          const error = `budget of $${options.budgetUsd.toFixed(2)} for this migration is spent ($${already.toFixed(6)} recorded); no request made`;
          const callId = await record(request, {
            inputTokens: 0,
            outputTokens: 0,
            costUsd: 0,
            latencyMs: 0,
            outcome: "budget_exceeded",
            error,
          });
          return { outcome: "budget_exceeded", text: "", error, callId, ...totals };
        }
      }

      totals.attempts++;
      const started = performance.now();
      let message: unknown;
      let failure: { error: string; retryable: boolean; retryAfterMs?: number } | undefined;
      try {
        message = await client.messages.create(
          {
            model,
            max_tokens: request.maxTokens ?? options.maxTokens ?? DEFAULTS.maxTokens,
            system: request.system,
            messages: [{ role: "user", content: request.user }],
            ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
          },
          { timeout: timeoutMs, maxRetries: 0, ...(request.signal ? { signal: request.signal } : {}) },
        );
      } catch (error) {
        failure = classify(error, timeoutMs);
      }
      const latencyMs = Math.round(performance.now() - started);
      totals.latencyMs += latencyMs;

      if (!failure) {
        const parsed = parseMessage(message);
        if (!parsed.ok) {
          // The body arrived but is not a Messages API message: no usage to bill, nothing to use.
          failure = { error: `malformed response: ${parsed.error}`, retryable: false };
        } else {
          const cost = costUsd(model, parsed.usage, prices);
          totals.inputTokens +=
            parsed.usage.inputTokens +
            (parsed.usage.cacheCreationInputTokens ?? 0) +
            (parsed.usage.cacheReadInputTokens ?? 0);
          totals.outputTokens += parsed.usage.outputTokens;
          totals.costUsd += cost;
          let invalid: string | null | undefined;
          try {
            invalid = request.validate?.(parsed.text, { stopReason: parsed.stopReason });
          } catch (error) {
            invalid = `validation failed: ${(error as Error).message}`;
          }
          const outcome = invalid ? "invalid_output" : "ok";
          const callId = await record(request, {
            inputTokens:
              parsed.usage.inputTokens +
              (parsed.usage.cacheCreationInputTokens ?? 0) +
              (parsed.usage.cacheReadInputTokens ?? 0),
            outputTokens: parsed.usage.outputTokens,
            costUsd: cost,
            latencyMs,
            outcome,
            ...(invalid ? { error: invalid } : {}),
          });
          return {
            outcome,
            text: parsed.text,
            ...(invalid ? { error: invalid } : {}),
            callId,
            stopReason: parsed.stopReason,
            ...totals,
          };
        }
      }

      // A failed attempt: decide whether to retry, record it, wait.
      let willRetry = failure.retryable && attempt <= maxRetries && !request.signal?.aborted;
      let waitMs = 0;
      let why = "";
      if (willRetry) {
        if (failure.retryAfterMs !== undefined) {
          if (failure.retryAfterMs > retry.maxRetryAfterMs) {
            willRetry = false;
            why = `; not retried: the server asked to wait ${Math.round(failure.retryAfterMs / 1000)} s, more than the ${Math.round(retry.maxRetryAfterMs / 1000)} s cap`;
          } else {
            waitMs = Math.round(failure.retryAfterMs + random() * Math.min(250, failure.retryAfterMs * 0.1));
          }
        } else {
          waitMs = backoffMs(attempt - 1, retry, random);
        }
      }
      if (!willRetry && !why)
        why = failure.retryable ? `; gave up after ${attempt} attempt${attempt === 1 ? "" : "s"}` : "; not retryable";
      const error = `attempt ${attempt}/${maxRetries + 1}: ${failure.error}${willRetry ? `; retrying in ${waitMs} ms` : why}`;
      const callId = await record(request, {
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        latencyMs,
        outcome: "error",
        error,
      });
      if (!willRetry) return { outcome: "error", text: "", error, callId, ...totals };
      await sleep(waitMs, request.signal);
    }
  }

  async function markOutcome(callId: number | undefined, outcome: LlmOutcome, error?: string) {
    if (!calls || callId === undefined) return;
    await calls.markOutcome(callId, outcome, error === undefined ? undefined : truncate(error));
  }

  return { model, budgetUsd: options.budgetUsd, complete, spent, markOutcome };
}

/** The settings an Llm is built from (the worker passes its validated configuration, runtime/env.ts). */
export type LlmSettings = {
  ANTHROPIC_API_KEY?: string | undefined;
  ANTHROPIC_BASE_URL?: string | undefined;
  ANTHROPIC_MODEL: string;
};

/**
 * An Llm from the configuration, or null when no ANTHROPIC_API_KEY is set (the pipeline then stays rule-based).
 * Everything can be overridden, e.g. `calls` and `budgetUsd`.
 */
export function llmFromEnv(env: LlmSettings, overrides: Partial<LlmOptions> = {}): Llm | null {
  const apiKey = overrides.apiKey ?? env.ANTHROPIC_API_KEY;
  if (!apiKey) return null;
  return createLlm({
    ...overrides,
    apiKey,
    model: overrides.model ?? env.ANTHROPIC_MODEL,
    ...((overrides.baseURL ?? env.ANTHROPIC_BASE_URL) ? { baseURL: overrides.baseURL ?? env.ANTHROPIC_BASE_URL } : {}),
  });
}

/** Exponential backoff with equal jitter: a uniform wait in [d/2, d], d = min(max, base·2^retry). */
export function backoffMs(
  retryIndex: number,
  retry: Required<RetryOptions>,
  random: () => number = Math.random,
): number {
  const d = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** retryIndex);
  return Math.round(d / 2 + (random() * d) / 2);
}

function classify(error: unknown, timeoutMs: number): { error: string; retryable: boolean; retryAfterMs?: number } {
  if (error instanceof APIUserAbortError) return { error: "aborted by the caller", retryable: false };
  if (error instanceof APIConnectionTimeoutError) return { error: `timed out after ${timeoutMs} ms`, retryable: true };
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return { error: `connection error${cause}`, retryable: true };
  }
  if (error instanceof APIError && typeof error.status === "number") {
    const status = error.status;
    const headers = error.headers;
    const type = error.type ?? "error";
    const text = `HTTP ${status} ${type}: ${error.apiMessage ?? error.message}`;
    const should = headers?.get("x-should-retry");
    const retryable =
      should === "true"
        ? true
        : should === "false"
          ? false
          : status === 408 || status === 409 || status === 429 || status >= 500;
    const retryAfterMs = retryAfter(headers);
    return { error: text, retryable, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  // JSON that does not parse, or anything else thrown while reading the response.
  return { error: `malformed response: ${(error as Error)?.message ?? String(error)}`, retryable: false };
}

/** `retry-after-ms` (milliseconds) or `retry-after` (seconds, or an HTTP date), as milliseconds. */
export function retryAfter(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = headers?.get("retry-after-ms");
  if (ms && Number.isFinite(Number.parseFloat(ms)) && Number.parseFloat(ms) >= 0) return Number.parseFloat(ms);
  const value = headers?.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number.parseFloat(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

type ParsedMessage =
  | {
      ok: true;
      text: string;
      stopReason: string | null;
      usage: {
        inputTokens: number;
        outputTokens: number;
        cacheCreationInputTokens?: number;
        cacheReadInputTokens?: number;
      };
    }
  | { ok: false; error: string };

/** Checks the Messages API shape ourselves: a proxy or a broken server can answer 200 with anything. */
function parseMessage(value: unknown): ParsedMessage {
  if (!value || typeof value !== "object") return { ok: false, error: "not a JSON object" };
  const m = value as { type?: unknown; content?: unknown; usage?: unknown; stop_reason?: unknown };
  if (m.type !== "message") return { ok: false, error: `type is ${JSON.stringify(m.type)}, not "message"` };
  if (!Array.isArray(m.content)) return { ok: false, error: "no content array" };
  const usage = m.usage as Record<string, unknown> | undefined;
  const count = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? Math.round(v) : undefined);
  const inputTokens = count(usage?.input_tokens);
  const outputTokens = count(usage?.output_tokens);
  if (inputTokens === undefined || outputTokens === undefined) return { ok: false, error: "no usage token counts" };
  const text = m.content
    .filter(
      (b): b is { type: "text"; text: string } =>
        !!b &&
        typeof b === "object" &&
        (b as { type?: unknown }).type === "text" &&
        typeof (b as { text?: unknown }).text === "string",
    )
    .map((b) => b.text)
    .join("");
  const cacheCreation = count(usage?.cache_creation_input_tokens);
  const cacheRead = count(usage?.cache_read_input_tokens);
  return {
    ok: true,
    text,
    stopReason: typeof m.stop_reason === "string" ? m.stop_reason : null,
    usage: {
      inputTokens,
      outputTokens,
      ...(cacheCreation ? { cacheCreationInputTokens: cacheCreation } : {}),
      ...(cacheRead ? { cacheReadInputTokens: cacheRead } : {}),
    },
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS - 1)}…` : text;
}
