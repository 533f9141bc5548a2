export {
  createLlm,
  llmFromEnv,
  backoffMs,
  retryAfter,
  type Llm,
  type LlmCall,
  type LlmCallLog,
  type LlmCompletion,
  type LlmOptions,
  type LlmRequest,
  type LlmSettings,
  type RetryOptions,
} from "./client";
export { ZLlmOutcome, type LlmOutcome } from "./outcome";
export { DEFAULT_PRICE, MODEL_PRICES, costUsd, priceFor, type ModelPrice, type TokenUsage } from "./pricing";
export {
  buildStrategyPrompt,
  buildTranslatePrompt,
  type CatalogRelationSummary,
  type Prompt,
  type TranslateContext,
  type TranslateObject,
} from "./prompts";
export {
  llmStrategy,
  llmTranslate,
  cleanStrategy,
  type LlmStrategyInput,
  type LlmStrategyResult,
  type LlmTranslateInput,
  type LlmTranslateResult,
} from "./translate-with-llm";
export {
  checkModelSql,
  parseSqlAnswer,
  relationKey,
  type CheckOptions,
  type RefEntry,
  type SqlAnswer,
} from "./validate";
