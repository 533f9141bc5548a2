import { describe, expect, it } from "vitest";
import { ingest } from "~/agents/ingest";
import { setup } from "~/agents/llm/testing";
import { assessmentStep, executorStep, plannerStep } from "~/agents/engine/steps";
import { createLlmHook } from "./llm-hook";
import { waitFor } from "./testing/migrations";

/**
 * A cancel or a deadline reaches the Claude call in flight: the step's stop signal goes through the LLM hook to
 * the HTTP request, which is aborted (the fake Messages API sees its client hang up) instead of being waited for.
 */
const SCRIPT = `CREATE TABLE T (Id int NOT NULL PRIMARY KEY, Name nvarchar(20) NULL)
GO
CREATE VIEW Flagged AS SELECT Id, CHECKSUM(Name) AS S FROM T
GO
`;

describe("the LLM call of a step told to stop", () => {
  it("is aborted in flight and recorded as aborted by the caller", async () => {
    // The model would answer in ten minutes.
    const { fake, llm, migrationId, calls } = await setup({
      fake: { handler: () => ({ type: "text", text: "select 1 as id", delayMs: 600_000 }) },
      llm: { timeoutMs: 900_000 },
    });
    const catalog = ingest({ kind: "script", file: "x.sql", bytes: new TextEncoder().encode(SCRIPT) });
    const { assessment } = assessmentStep({ catalog });
    const { plan } = plannerStep({ catalog, assessment });
    const stop = new AbortController();
    const step = executorStep(
      { catalog, plan },
      { llm: createLlmHook(llm, migrationId, catalog), signal: stop.signal },
    );

    await waitFor("the Claude request to arrive", async () => (fake.requests.length === 1 ? true : undefined), 30_000);
    stop.abort(new Error("the migration was cancelled"));
    const { translations } = await step;

    expect(await waitFor("the request to be abandoned", async () => fake.requests[0]!.abandoned, 30_000)).toBe(true);
    expect(fake.requests).toHaveLength(1); // not retried
    const [call] = await calls();
    expect(call).toMatchObject({ outcome: "error", agent: "executor" });
    expect(call!.error).toMatch(/aborted by the caller; not retryable/);
    // Nothing came back, so the object keeps the rules' verdict.
    expect(translations.find((t) => t.model.toLowerCase().includes("flagged"))?.status).toBe("needs_review");
  });
});
