import { describe, expect, it } from "vitest";
import { llmCallLog } from "~/agents/worker/llm-calls";
import { backoffMs, createLlm, llmFromEnv, retryAfter } from "./client";
import { replies } from "./fake-anthropic";
import { costUsd, DEFAULT_PRICE, priceFor } from "./pricing";
import { createMigration, setup, startOwnFake, TEST_KEY, TEST_MODEL } from "./testing";

const ask = {
  agent: "executor",
  object: "dbo.Invoices",
  system: "You translate T-SQL.",
  user: "Translate this.",
} as const;

describe("createLlm: calls through the real SDK to the fake Messages API", () => {
  it("returns a scripted reply and records it with tokens, cost and latency", async () => {
    const { fake, llm, migrationId, calls } = await setup();
    fake.reply({ type: "text", text: "hello from the fake", usage: { input_tokens: 1200, output_tokens: 300 } });

    const result = await llm.complete({ ...ask, migrationId });

    expect(result).toMatchObject({
      outcome: "ok",
      text: "hello from the fake",
      attempts: 1,
      inputTokens: 1200,
      outputTokens: 300,
    });
    // claude-sonnet-4-6: $3 in, $15 out per million tokens.
    expect(result.costUsd).toBeCloseTo((1200 * 3 + 300 * 15) / 1e6, 9);
    const rows = await calls();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      object: "dbo.Invoices",
      agent: "executor",
      model: TEST_MODEL,
      inputTokens: 1200,
      outputTokens: 300,
      outcome: "ok",
      error: null,
    });
    expect(rows[0]!.costUsd).toBeCloseTo(0.0081, 6);
    expect(rows[0]!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.callId).toBe(rows[0]!.id);

    // What was sent: the model, the system prompt, the user message, the key (the SDK sends it as a Bearer token).
    expect(fake.requests).toHaveLength(1);
    const sent = fake.requests[0]!;
    expect(sent.body).toMatchObject({
      model: TEST_MODEL,
      system: ask.system,
      messages: [{ role: "user", content: ask.user }],
    });
    expect(sent.apiKey).toBe(TEST_KEY);
    expect(sent.headers.authorization ?? sent.headers["x-api-key"]).toContain(TEST_KEY);
    expect(sent.headers["anthropic-version"]).toBeTruthy();
  });

  it("retries a 429 after the retry-after delay, then succeeds", async () => {
    const { fake, llm, migrationId, calls } = await setup();
    fake.reply(replies.rateLimited(1), replies.text("after the wait"));

    const result = await llm.complete({ ...ask, migrationId });

    expect(result).toMatchObject({ outcome: "ok", text: "after the wait", attempts: 2 });
    expect(fake.requests).toHaveLength(2);
    // The server said 1 s; the client waits that (plus ≤ 100 ms jitter), not its 20 ms backoff.
    const gap = fake.requests[1]!.receivedAt - fake.requests[0]!.receivedAt;
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(gap).toBeLessThan(5_000);
    const rows = await calls();
    expect(rows.map((r) => r.outcome)).toEqual(["error", "ok"]);
    expect(rows[0]!.error).toMatch(/429 rate_limit_error/);
    expect(rows[0]!.error).toMatch(/retrying in 1\d{3} ms/);
    expect(rows[0]).toMatchObject({ inputTokens: 0, outputTokens: 0, costUsd: 0 });
  });

  it("retries 500s with growing backoff up to the limit, then records a clear error", async () => {
    const { fake, llm, migrationId, calls } = await setup({
      llm: { maxRetries: 2, retry: { baseDelayMs: 100, maxDelayMs: 1_000 } },
    });
    fake.reply(replies.serverError(), replies.overloaded(), replies.serverError(), replies.text("never reached"));

    const result = await llm.complete({ ...ask, migrationId });

    expect(result.outcome).toBe("error");
    expect(result.attempts).toBe(3);
    expect(result.error).toMatch(/attempt 3\/3: HTTP 500 api_error.*gave up after 3 attempts/);
    expect(fake.requests).toHaveLength(3);
    expect(fake.pending()).toBe(1);
    // Backoff with equal jitter: first wait in [50, 100] ms, second in [100, 200] ms.
    const [a, b, c] = fake.requests.map((r) => r.receivedAt) as [number, number, number];
    expect(b - a).toBeGreaterThanOrEqual(45);
    expect(c - b).toBeGreaterThanOrEqual(95);
    const rows = await calls();
    expect(rows.map((r) => r.outcome)).toEqual(["error", "error", "error"]);
    expect(rows[1]!.error).toMatch(/529 overloaded_error.*retrying in/);
    expect(rows[2]!.error).toMatch(/gave up/);
  });

  it("retries an attempt that times out and records the timeout", async () => {
    const { fake, llm, migrationId, calls } = await setup({ llm: { timeoutMs: 300 } });
    fake.reply(replies.delayed(2_000, "too late"), replies.text("in time"));

    const result = await llm.complete({ ...ask, migrationId });

    expect(result).toMatchObject({ outcome: "ok", text: "in time", attempts: 2 });
    expect(fake.requests).toHaveLength(2);
    const rows = await calls();
    expect(rows.map((r) => r.outcome)).toEqual(["error", "ok"]);
    expect(rows[0]!.error).toMatch(/timed out after 300 ms; retrying/);
    expect(rows[0]!.latencyMs).toBeGreaterThanOrEqual(250);
  });

  it("does not retry a client error or a malformed response", async () => {
    const { fake, llm, migrationId, calls } = await setup();
    fake.reply(
      { type: "error", status: 400, message: "max_tokens: too large" },
      replies.malformed(),
      replies.malformed('{"type":"message"}'),
    );

    const bad = await llm.complete({ ...ask, migrationId });
    const garbled = await llm.complete({ ...ask, migrationId });
    const shapeless = await llm.complete({ ...ask, migrationId });

    expect(bad).toMatchObject({ outcome: "error", attempts: 1 });
    expect(bad.error).toMatch(/HTTP 400 invalid_request_error: max_tokens: too large; not retryable/);
    expect(garbled).toMatchObject({ outcome: "error", attempts: 1 });
    expect(garbled.error).toMatch(/malformed response/);
    expect(shapeless.error).toMatch(/malformed response: no content array/);
    expect(fake.requests).toHaveLength(3);
    expect((await calls()).map((r) => r.outcome)).toEqual(["error", "error", "error"]);
  });

  it("gives up instead of waiting when retry-after exceeds the cap", async () => {
    const { fake, llm, migrationId } = await setup({ llm: { retry: { maxRetryAfterMs: 5_000 } } });
    fake.reply(replies.rateLimited(120), replies.text("not reached"));

    const started = Date.now();
    const result = await llm.complete({ ...ask, migrationId });

    expect(Date.now() - started).toBeLessThan(3_000);
    expect(result.outcome).toBe("error");
    expect(result.error).toMatch(/asked to wait 120 s, more than the 5 s cap/);
    expect(fake.requests).toHaveLength(1);
  });

  it("refuses calls once the migration's recorded cost reaches the budget, without any request", async () => {
    // Each reply costs (100_000·3 + 10_000·15) / 1e6 = $0.45 on claude-sonnet-4-6; the budget is $1.
    const { fake, llm, migrationId, calls } = await setup({ llm: { budgetUsd: 1 } });
    fake.setHandler(() => ({ type: "text", text: "ok", usage: { input_tokens: 100_000, output_tokens: 10_000 } }));

    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push((await llm.complete({ ...ask, migrationId })).outcome);

    expect(outcomes).toEqual(["ok", "ok", "ok", "budget_exceeded"]); // $0.90 < $1 lets the third through
    expect(fake.requests).toHaveLength(3);
    const rows = await calls();
    expect(rows.map((r) => r.outcome)).toEqual(["ok", "ok", "ok", "budget_exceeded"]);
    expect(rows[3]).toMatchObject({ inputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: 0 });
    expect(rows[3]!.error).toMatch(/budget of \$1\.00/);
    expect(await llm.spent(migrationId)).toBeCloseTo(1.35, 6);
  });

  it("budgets each migration separately, reading what other clients recorded", async () => {
    const { fake, llm, db, migrationId } = await setup({ llm: { budgetUsd: 0.5 } });
    const other = await createMigration(db, "other");
    fake.setHandler(() => ({ type: "text", text: "ok", usage: { input_tokens: 100_000, output_tokens: 10_000 } }));

    // Another worker (another client, same database) already spent $0.45 on `migrationId`.
    const elsewhere = createLlm({ apiKey: TEST_KEY, baseURL: fake.url, model: TEST_MODEL, calls: llmCallLog(db) });
    await elsewhere.complete({ ...ask, migrationId });
    await llm.complete({ ...ask, migrationId });

    expect((await llm.complete({ ...ask, migrationId })).outcome).toBe("budget_exceeded");
    expect((await llm.complete({ ...ask, migrationId: other })).outcome).toBe("ok");
    expect(fake.requests).toHaveLength(3);
  });

  it("budgets in memory when no call log is attached", async () => {
    const fake = await startOwnFake({
      handler: () => ({ type: "text", text: "ok", usage: { input_tokens: 100_000, output_tokens: 10_000 } }),
    });
    const llm = createLlm({ apiKey: TEST_KEY, baseURL: fake.url, model: TEST_MODEL, budgetUsd: 0.5 });

    expect((await llm.complete({ ...ask, migrationId: "m1" })).outcome).toBe("ok");
    expect((await llm.complete({ ...ask, migrationId: "m1" })).outcome).toBe("ok");
    expect((await llm.complete({ ...ask, migrationId: "m1" })).outcome).toBe("budget_exceeded");
    expect(fake.requests).toHaveLength(2);
  });

  it("markOutcome updates a recorded call (the Tester rejected the model)", async () => {
    const { fake, llm, migrationId, calls } = await setup();
    fake.reply("select 1");
    const result = await llm.complete({ ...ask, migrationId });
    await llm.markOutcome(result.callId, "rejected_by_tester", 'relation "x" does not exist');
    expect((await calls())[0]).toMatchObject({ outcome: "rejected_by_tester", error: 'relation "x" does not exist' });
  });
});

describe("configuration", () => {
  it("builds the client from runtime/env values, or none without a key", async () => {
    expect(
      llmFromEnv({ ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: undefined, ANTHROPIC_MODEL: TEST_MODEL }),
    ).toBeNull();
    const fake = await startOwnFake({ handler: () => "from env" });
    const llm = llmFromEnv(
      { ANTHROPIC_API_KEY: TEST_KEY, ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_MODEL: "claude-haiku-4-5" },
      { maxRetries: 0 },
    );
    expect(llm?.model).toBe("claude-haiku-4-5");
    expect(await llm!.complete(ask)).toMatchObject({ outcome: "ok", text: "from env" });
    expect(fake.requests[0]!.body?.model).toBe("claude-haiku-4-5");
  });

  it("stops without retrying when the caller aborts, and records it", async () => {
    const { fake, llm, migrationId, calls } = await setup();
    fake.reply(replies.delayed(10_000, "too late"), replies.text("not reached"));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);

    const result = await llm.complete({ ...ask, migrationId, signal: controller.signal });

    expect(result).toMatchObject({ outcome: "error", attempts: 1 });
    expect(result.error).toMatch(/aborted by the caller; not retryable/);
    expect(fake.requests).toHaveLength(1);
    expect((await calls()).map((r) => r.outcome)).toEqual(["error"]);
  });
});

describe("prices and backoff", () => {
  it("prices known models, dated ids as their alias, and unknown ids at the conservative default", () => {
    expect(priceFor("claude-sonnet-4-5-20250929")).toMatchObject({
      inputUsdPerMTok: 3,
      outputUsdPerMTok: 15,
      known: true,
    });
    expect(priceFor("claude-haiku-4-5")).toMatchObject({ inputUsdPerMTok: 1, outputUsdPerMTok: 5, known: true });
    expect(priceFor("claude-someday-9")).toMatchObject({ ...DEFAULT_PRICE, known: false });
    expect(costUsd("claude-opus-4-6", { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBe(30);
    // Rounded up to the micro-dollar, never down to zero.
    expect(costUsd("claude-3-haiku", { inputTokens: 1, outputTokens: 0 })).toBe(0.000001);
  });

  it("backs off exponentially with jitter, capped, and parses retry-after forms", () => {
    const retry = { baseDelayMs: 1000, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };
    expect([0, 1, 2, 3, 4].map((i) => backoffMs(i, retry, () => 1))).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(backoffMs(2, retry, () => 0)).toBe(2000);
    expect(retryAfter(new Headers({ "retry-after": "3" }))).toBe(3000);
    expect(retryAfter(new Headers({ "retry-after-ms": "250", "retry-after": "3" }))).toBe(250);
    expect(retryAfter(new Headers({ "retry-after": new Date(10_000).toUTCString() }), 4_000)).toBe(6000);
    expect(retryAfter(new Headers())).toBeUndefined();
  });
});
