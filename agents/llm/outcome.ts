import { z } from "zod";

/**
 * How one Claude call ended (`llm_calls.outcome`; agents/llm/client.ts says when each is written). Depends on
 * nothing but zod: db/schema.ts types the column with it.
 */
export const ZLlmOutcome = z.enum(["ok", "invalid_output", "rejected_by_tester", "error", "budget_exceeded"]);
export type LlmOutcome = z.infer<typeof ZLlmOutcome>;
