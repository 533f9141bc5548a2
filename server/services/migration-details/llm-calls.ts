import { desc, eq, sql } from "drizzle-orm";
import type { Database } from "~/db/client";
import { llmCalls } from "~/db/schema";
import { owned } from "./artifacts";

/** Every Claude call made for a migration, with totals. */

export function toCallDto(call: typeof llmCalls.$inferSelect) {
  return {
    id: call.id,
    agent: call.agent,
    object: call.object,
    model: call.model,
    inputTokens: call.inputTokens,
    outputTokens: call.outputTokens,
    costUsd: call.costUsd,
    latencyMs: call.latencyMs,
    outcome: call.outcome,
    error: call.error,
    createdAt: call.createdAt.toISOString(),
  };
}

export async function listLlmCalls(db: Database, userId: string, id: string) {
  if (!(await owned(db, userId, id))) return null;
  const [totals] = await db
    .select({
      calls: sql<number>`count(*)`.mapWith(Number),
      inputTokens: sql<number>`coalesce(sum(${llmCalls.inputTokens}), 0)`.mapWith(Number),
      outputTokens: sql<number>`coalesce(sum(${llmCalls.outputTokens}), 0)`.mapWith(Number),
      costUsd: sql<number>`coalesce(sum(${llmCalls.costUsd}), 0)::float8`.mapWith(Number),
      ok: sql<number>`count(*) filter (where ${llmCalls.outcome} = 'ok')`.mapWith(Number),
    })
    .from(llmCalls)
    .where(eq(llmCalls.migrationId, id));
  const calls = await db
    .select()
    .from(llmCalls)
    .where(eq(llmCalls.migrationId, id))
    .orderBy(desc(llmCalls.id))
    .limit(500);
  return { totals: totals!, calls: calls.map(toCallDto) };
}
