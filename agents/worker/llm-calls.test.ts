import { describe, expect, it } from "vitest";
import { replies } from "~/agents/llm/fake-anthropic";
import { createMigration, setup } from "~/agents/llm/testing";
import { totalCost } from "./llm-calls";

const ask = {
  agent: "executor",
  object: "dbo.Invoices",
  system: "You translate T-SQL.",
  user: "Translate this.",
} as const;

describe("the LLM call log in llm_calls", () => {
  it("totalCost sums the recorded cost per migration, an errored attempt costing nothing", async () => {
    const { fake, llm, db, migrationId } = await setup();
    const other = await createMigration(db, "other");
    fake.setHandler(() => ({ type: "text", text: "ok", usage: { input_tokens: 1_000, output_tokens: 1_000 } })); // $0.018
    fake.reply(replies.serverError()); // an errored attempt costs nothing

    await llm.complete({ ...ask, migrationId });
    await llm.complete({ ...ask, migrationId });
    await llm.complete({ ...ask, migrationId: other });

    expect(await totalCost(db, migrationId)).toBeCloseTo(0.036, 6);
    expect(await totalCost(db, other)).toBeCloseTo(0.018, 6);
    expect(await totalCost(db, "00000000-0000-0000-0000-000000000000")).toBe(0);
  });
});
