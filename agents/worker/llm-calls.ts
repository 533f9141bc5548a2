import { eq, sql } from "drizzle-orm";
import type { LlmCallLog } from "~/agents/llm";
import type { Database } from "~/db/client";
import { llmCalls } from "~/db/schema";

/** The LLM client's call log kept in `llm_calls`: one row per attempt, the per-migration budget reads its sum. */
export function llmCallLog(db: Database): LlmCallLog {
  return {
    async recordCall(call) {
      const [row] = await db.insert(llmCalls).values(call).returning({ id: llmCalls.id });
      return row!.id;
    },
    spent: (migrationId) => totalCost(db, migrationId),
    async markOutcome(callId, outcome, error) {
      await db
        .update(llmCalls)
        .set({ outcome, ...(error !== undefined ? { error } : {}) })
        .where(eq(llmCalls.id, callId));
    },
  };
}

/** Money recorded in `llm_calls` for one migration. */
export async function totalCost(db: Database, migrationId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${llmCalls.costUsd}), 0)` })
    .from(llmCalls)
    .where(eq(llmCalls.migrationId, migrationId));
  return Number(row?.total ?? 0);
}
