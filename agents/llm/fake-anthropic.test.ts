import { describe, expect, it } from "vitest";
import { replies } from "./fake-anthropic";
import { startOwnFake, TEST_KEY } from "./testing";

const body = {
  model: "claude-sonnet-4-6",
  max_tokens: 100,
  system: "sys",
  messages: [{ role: "user", content: "hi" }],
};

function post(
  url: string,
  headers: Record<string, string> = { authorization: `Bearer ${TEST_KEY}` },
  payload: unknown = body,
) {
  return fetch(`${url}/v1/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(payload),
  });
}

describe("fake Messages API", () => {
  it("answers in the Messages API shape and records the request", async () => {
    const fake = await startOwnFake();
    fake.reply({ type: "text", text: ["a", "b"], usage: { input_tokens: 7, output_tokens: 3 } });

    const response = await post(fake.url);
    const message = await response.json();

    expect(response.status).toBe(200);
    expect(message).toMatchObject({
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-6",
      content: [
        { type: "text", text: "a" },
        { type: "text", text: "b" },
      ],
      stop_reason: "end_turn",
      usage: { input_tokens: 7, output_tokens: 3 },
    });
    expect(message.id).toMatch(/^msg_/);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ method: "POST", path: "/v1/messages", body, apiKey: TEST_KEY });
  });

  it("accepts the key as x-api-key or as a Bearer token, and refuses a wrong one", async () => {
    const fake = await startOwnFake({ handler: () => "ok" });
    expect((await post(fake.url, { "x-api-key": TEST_KEY })).status).toBe(200);
    expect((await post(fake.url, { authorization: `Bearer ${TEST_KEY}` })).status).toBe(200);
    const refused = await post(fake.url, { "x-api-key": "wrong" });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
  });

  it("serves the queue in order, then the handler, then a loud 500", async () => {
    const fake = await startOwnFake();
    fake.reply("first", replies.rateLimited(3));
    const texts = [];
    const first = await post(fake.url);
    texts.push((await first.json()).content[0].text);
    const limited = await post(fake.url);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(await limited.json()).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
    const unscripted = await post(fake.url);
    expect(unscripted.status).toBe(500);
    expect((await unscripted.json()).error.message).toMatch(/no scripted reply/);
    fake.setHandler((request) => `echo ${request.body?.messages?.[0]?.content}`);
    texts.push((await (await post(fake.url)).json()).content[0].text);
    expect(texts).toEqual(["first", "echo hi"]);
  });

  it("delays a reply, sends malformed bodies and 529 overloaded on request", async () => {
    const fake = await startOwnFake();
    fake.reply(replies.delayed(300, "slow"), replies.malformed("not json at all"), replies.overloaded());
    const started = Date.now();
    expect((await (await post(fake.url)).json()).content[0].text).toBe("slow");
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(await (await post(fake.url)).text()).toBe("not json at all");
    const overloaded = await post(fake.url);
    expect(overloaded.status).toBe(529);
    expect(await overloaded.json()).toMatchObject({ error: { type: "overloaded_error" } });
  });

  it("adds a fixed latency to every reply (a model that answers in N ms, for benchmarks)", async () => {
    const fake = await startOwnFake({ latencyMs: 200, handler: () => "ok" });
    const started = Date.now();
    await Promise.all([post(fake.url), post(fake.url), post(fake.url)]);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1_500); // concurrent requests wait concurrently
  });

  it("closes promptly with a delayed reply still pending", async () => {
    const fake = await startOwnFake();
    fake.reply(replies.delayed(60_000, "never"));
    const pending = post(fake.url).catch((error: Error) => error);
    while (fake.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    const started = Date.now();
    await fake.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it("rejects requests that are not Messages API calls", async () => {
    const fake = await startOwnFake({ handler: () => "ok" });
    expect(
      (await fetch(`${fake.url}/v1/complete`, { method: "POST", headers: { authorization: `Bearer ${TEST_KEY}` } }))
        .status,
    ).toBe(404);
    expect((await post(fake.url, undefined, { model: "x" })).status).toBe(400);
    expect((await post(fake.url, undefined, { ...body, stream: true })).status).toBe(400);
  });
});
