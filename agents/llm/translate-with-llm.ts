import type { Llm } from "./client";
import { buildStrategyPrompt, buildTranslatePrompt, type TranslateContext, type TranslateObject } from "./prompts";
import { parseSqlAnswer, type SqlAnswer } from "./validate";

/**
 * Claude's two jobs in the pipeline:
 * - `llmTranslate`: translate (Executor) or repair (Rebuilder) one object the rules marked `needs_review` or
 *   the Tester failed. The answer is validated (validate.ts) before it is returned; a refused answer is
 *   recorded as `invalid_output` and never returned as SQL. A returned model is still NOT trusted: the
 *   pipeline runs it through the sandbox Tester first, and when the Tester fails it, the caller records that
 *   with `llm.markOutcome(result.callId, "rejected_by_tester", error)`.
 * - `llmStrategy`: a short written migration strategy (Markdown) for the Assessment agent.
 */

export type LlmTranslateInput = {
  llm: Llm;
  /** Attributes cost to the migration and applies its budget. */
  migrationId?: string | null;
  object: TranslateObject;
  context: TranslateContext;
  agent: "executor" | "rebuilder";
  maxTokens?: number;
  signal?: AbortSignal;
};

type CallFacts = { callId?: number; costUsd: number; attempts: number };

export type LlmTranslateResult =
  | ({ sql: string; notes: string } & CallFacts)
  | ({ error: string; outcome: "invalid_output" | "error" | "budget_exceeded" } & CallFacts);

export async function llmTranslate(input: LlmTranslateInput): Promise<LlmTranslateResult> {
  const prompt = buildTranslatePrompt(input);
  let answer: SqlAnswer | undefined;
  const result = await input.llm.complete({
    migrationId: input.migrationId ?? null,
    object: input.object.key,
    agent: input.agent,
    system: prompt.system,
    user: prompt.user,
    ...(input.maxTokens !== undefined ? { maxTokens: input.maxTokens } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
    validate: (text, reply) => {
      answer = parseSqlAnswer(text, {
        refs: input.context.refs,
        macros: input.context.macros ?? [],
        stopReason: reply.stopReason,
      });
      return answer.ok ? null : answer.error;
    },
  });
  const facts: CallFacts = {
    ...(result.callId !== undefined ? { callId: result.callId } : {}),
    costUsd: result.costUsd,
    attempts: result.attempts,
  };
  if (result.outcome === "ok" && answer?.ok) return { sql: answer.sql, notes: answer.notes, ...facts };
  if (result.outcome === "ok") return { error: "the reply was not validated", outcome: "invalid_output", ...facts };
  return { error: result.error ?? result.outcome, outcome: result.outcome, ...facts };
}

export type LlmStrategyInput = {
  llm: Llm;
  migrationId?: string | null;
  /** The Assessment's findings, as text or as data (rendered as JSON). Untrusted: it holds object names. */
  assessmentSummary: string | object;
  maxTokens?: number;
  signal?: AbortSignal;
};

export type LlmStrategyResult =
  | ({ markdown: string } & CallFacts)
  | ({ error: string; outcome: "invalid_output" | "error" | "budget_exceeded" } & CallFacts);

const MAX_STRATEGY_CHARS = 12_000;

export async function llmStrategy(input: LlmStrategyInput): Promise<LlmStrategyResult> {
  const summary =
    typeof input.assessmentSummary === "string"
      ? input.assessmentSummary
      : JSON.stringify(input.assessmentSummary, null, 2);
  const prompt = buildStrategyPrompt(summary);
  let markdown: string | undefined;
  const result = await input.llm.complete({
    migrationId: input.migrationId ?? null,
    object: null,
    agent: "assessment",
    system: prompt.system,
    user: prompt.user,
    maxTokens: input.maxTokens ?? 2048,
    ...(input.signal ? { signal: input.signal } : {}),
    validate: (text, reply) => {
      if (reply.stopReason === "max_tokens") return "the reply was cut off at max_tokens";
      const checked = cleanStrategy(text);
      if (!checked.ok) return checked.error;
      markdown = checked.markdown;
      return null;
    },
  });
  const facts: CallFacts = {
    ...(result.callId !== undefined ? { callId: result.callId } : {}),
    costUsd: result.costUsd,
    attempts: result.attempts,
  };
  if (result.outcome === "ok" && markdown !== undefined) return { markdown, ...facts };
  if (result.outcome === "ok") return { error: "the reply was not validated", outcome: "invalid_output", ...facts };
  return { error: result.error ?? result.outcome, outcome: result.outcome, ...facts };
}

/**
 * A strategy is shown to people: unwrap a ```markdown fence around the whole reply, drop raw HTML tags
 * (the dashboard must render Markdown without HTML anyway), and refuse an empty or oversized reply.
 */
export function cleanStrategy(text: string): { ok: true; markdown: string } | { ok: false; error: string } {
  let markdown = text.trim();
  const fenced = markdown.match(/^```(?:markdown|md)?[^\n]*\n([\s\S]*?)\n```$/i);
  if (fenced) markdown = fenced[1]!.trim();
  markdown = markdown.replace(/<\/?[A-Za-z][^>]*>/g, "").trim();
  if (!markdown) return { ok: false, error: "the strategy is empty" };
  if (markdown.length > MAX_STRATEGY_CHARS)
    return { ok: false, error: `the strategy is ${markdown.length} characters, more than ${MAX_STRATEGY_CHARS}` };
  return { ok: true, markdown };
}
