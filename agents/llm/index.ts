export { createLlm, llmFromEnv, totalCost, backoffMs, retryAfter, type Llm, type LlmCompletion, type LlmOptions, type LlmOutcome, type LlmRequest, type RetryOptions } from "./client";
export { DEFAULT_PRICE, MODEL_PRICES, costUsd, priceFor, type ModelPrice, type TokenUsage } from "./pricing";
export { buildStrategyPrompt, buildTranslatePrompt, type CatalogRelationSummary, type Prompt, type TranslateContext, type TranslateObject } from "./prompts";
export { llmStrategy, llmTranslate, cleanStrategy, type LlmStrategyInput, type LlmStrategyResult, type LlmTranslateInput, type LlmTranslateResult } from "./translate-with-llm";
export { checkModelSql, parseSqlAnswer, relationKey, type CheckOptions, type RefEntry, type SqlAnswer } from "./validate";
