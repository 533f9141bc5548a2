/**
 * LLM cost estimate for the objects the Assessment hands to the LLM.
 *
 * Assumptions (stated in the report so nobody mistakes the figure for a quote):
 * - price: Claude Sonnet list price, USD 3 per million input tokens and USD 15 per million output tokens;
 * - a token is about 3.5 characters of T-SQL (code tokenizes denser than prose's ~4);
 * - each request carries ~2,000 tokens of instructions plus the referenced tables' columns;
 * - the answer is about 1.5× the input code (dbt SQL with Jinja, CTEs and comments) plus 300 tokens of notes;
 * - 1.5 requests per object on average: the first translation, and a repair for about half of them.
 */
export const LLM_PRICING = {
  inputUsdPerMillionTokens: 3,
  outputUsdPerMillionTokens: 15,
  charsPerToken: 3.5,
  promptOverheadTokens: 2_000,
  outputFactor: 1.5,
  outputOverheadTokens: 300,
  requestsPerObject: 1.5,
} as const;

export type LlmEstimate = { inputTokens: number; outputTokens: number; usd: number };

export function estimateLlmCost(definition: string, pricing: typeof LLM_PRICING = LLM_PRICING): LlmEstimate {
  const codeTokens = Math.ceil(definition.length / pricing.charsPerToken);
  const inputTokens = Math.round((pricing.promptOverheadTokens + codeTokens) * pricing.requestsPerObject);
  const outputTokens = Math.round(
    (codeTokens * pricing.outputFactor + pricing.outputOverheadTokens) * pricing.requestsPerObject,
  );
  const usd =
    (inputTokens * pricing.inputUsdPerMillionTokens + outputTokens * pricing.outputUsdPerMillionTokens) / 1_000_000;
  return { inputTokens, outputTokens, usd };
}
