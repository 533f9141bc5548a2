import { z } from "zod";

/**
 * What is rate limited, per what, and how much by default (production). Each limit is `<count>/<seconds>`:
 * up to `count` at once, then one more every `seconds / count` (a sliding window, see ./rate-limit.ts).
 * Anonymous actions are limited per client address (./client-address.ts), signed-in ones per user.
 * Each is overridable with its environment variable, e.g. RATE_LIMIT_SIGN_UP=5/3600.
 */
export const RATE_LIMITED_ACTIONS = {
  signIn: { env: "RATE_LIMIT_SIGN_IN", per: "address", byDefault: "20/600", what: "sign-in attempts" },
  signUp: { env: "RATE_LIMIT_SIGN_UP", per: "address", byDefault: "5/3600", what: "sign-ups" },
  apiKeyCreate: { env: "RATE_LIMIT_API_KEYS", per: "user", byDefault: "20/3600", what: "new API keys" },
  migrationCreate: { env: "RATE_LIMIT_MIGRATIONS", per: "user", byDefault: "30/600", what: "new migrations" },
  preview: { env: "RATE_LIMIT_PREVIEWS", per: "user", byDefault: "20/300", what: "previews" },
  upload: { env: "RATE_LIMIT_UPLOADS", per: "user", byDefault: "30/600", what: "uploads" },
} as const;

export type RateLimitedAction = keyof typeof RATE_LIMITED_ACTIONS;
export type RateLimit = { count: number; periodSeconds: number };
export type RateLimits = Record<RateLimitedAction, RateLimit>;

export const ZRateLimit = z
  .string()
  .regex(/^\d+\/\d+$/, "must be <count>/<seconds>, e.g. 20/600")
  .transform((text) => {
    const [count, periodSeconds] = text.split("/").map(Number) as [number, number];
    return { count, periodSeconds };
  })
  .refine((limit) => limit.count >= 1 && limit.periodSeconds >= 1, "count and seconds must be at least 1");

/** The limits set by the environment (RATE_LIMIT_*), the production defaults for the others. */
export function rateLimitsFromEnv(source: Record<string, string | undefined> = process.env): RateLimits {
  const entries = Object.entries(RATE_LIMITED_ACTIONS).map(([action, { env, byDefault }]) => {
    const value = source[env] || byDefault;
    const parsed = ZRateLimit.safeParse(value);
    if (!parsed.success) throw new Error(`Invalid configuration: ${env}=${value} ${parsed.error.issues[0]!.message}`);
    return [action, parsed.data];
  });
  return Object.fromEntries(entries) as RateLimits;
}

/** One allowance for every action: for test and benchmark setups that must not run into limits they do not test. */
export function uniformRateLimits(limit: RateLimit): RateLimits {
  return Object.fromEntries(Object.keys(RATE_LIMITED_ACTIONS).map((action) => [action, limit])) as RateLimits;
}
