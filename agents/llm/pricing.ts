/**
 * What a Claude call costs, from the tokens the API reports in `usage`.
 *
 * List prices in USD per million tokens (Anthropic's public pricing for standard, non-batch requests).
 * Dated snapshot ids (`claude-sonnet-4-5-20250929`) are priced as their alias (`claude-sonnet-4-5`).
 *
 * Unknown model ids (including newer ids the SDK knows but whose price this table has not been checked
 * against) are priced at DEFAULT_PRICE, the most expensive rate in the table (Opus 4/4.1: $15 in, $75 out).
 * Over-estimating is the safe error: the per-migration budget then stops early instead of overspending.
 * Add a row here when a model's price is confirmed.
 */
export type ModelPrice = { inputUsdPerMTok: number; outputUsdPerMTok: number };

const price = (inputUsdPerMTok: number, outputUsdPerMTok: number): ModelPrice => ({
  inputUsdPerMTok,
  outputUsdPerMTok,
});
const OPUS_4_5 = price(5, 25);
const OPUS_4 = price(15, 75);
const SONNET = price(3, 15);

export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  "claude-opus-4-6": OPUS_4_5,
  "claude-opus-4-5": OPUS_4_5,
  "claude-opus-4-1": OPUS_4,
  "claude-opus-4-0": OPUS_4,
  "claude-opus-4": OPUS_4,
  "claude-sonnet-4-6": SONNET,
  "claude-sonnet-4-5": SONNET,
  "claude-sonnet-4-0": SONNET,
  "claude-sonnet-4": SONNET,
  "claude-3-7-sonnet": SONNET,
  "claude-haiku-4-5": price(1, 5),
  "claude-3-5-haiku": price(0.8, 4),
  "claude-3-haiku": price(0.25, 1.25),
};

/** For model ids not in MODEL_PRICES: the table's highest rate, so unknown models never look cheap. */
export const DEFAULT_PRICE: ModelPrice = OPUS_4;

/** Prompt-cache pricing relative to the input price (cache writes 1.25×, reads 0.1×). */
const CACHE_WRITE_FACTOR = 1.25;
const CACHE_READ_FACTOR = 0.1;

export function priceFor(
  model: string,
  prices: Readonly<Record<string, ModelPrice>> = MODEL_PRICES,
): ModelPrice & { known: boolean } {
  const id = model.trim().toLowerCase();
  const exact = prices[id] ?? prices[id.replace(/-\d{8}$/, "")] ?? prices[id.replace(/-latest$/, "")];
  return exact ? { ...exact, known: true } : { ...DEFAULT_PRICE, known: false };
}

export type TokenUsage = {
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens?: number;
  cacheReadInputTokens?: number;
};

/** USD cost of one call. */
export function costUsd(model: string, usage: TokenUsage, prices?: Readonly<Record<string, ModelPrice>>): number {
  const price = priceFor(model, prices);
  const input =
    usage.inputTokens * price.inputUsdPerMTok +
    (usage.cacheCreationInputTokens ?? 0) * price.inputUsdPerMTok * CACHE_WRITE_FACTOR +
    (usage.cacheReadInputTokens ?? 0) * price.inputUsdPerMTok * CACHE_READ_FACTOR;
  const output = usage.outputTokens * price.outputUsdPerMTok;
  // Rounded UP to the micro-dollar (the column keeps 6 decimals): a budget must never under-count.
  return Math.ceil(input + output - 1e-9) / 1_000_000;
}
