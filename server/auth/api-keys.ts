import { createHash, randomBytes } from "node:crypto";

/**
 * API keys are 192-bit random secrets, so a fast hash (SHA-256) is enough to store them: unlike passwords they
 * cannot be guessed, and a fast hash keeps the per-request check cheap. The first characters are stored in the
 * clear as a prefix so users can tell their keys apart.
 */
const KEY_PREFIX = "dmk_";
export const VISIBLE_PREFIX_LENGTH = KEY_PREFIX.length + 8;

export function generateApiKey(): { secret: string; prefix: string; hash: string } {
  const secret = KEY_PREFIX + randomBytes(24).toString("base64url");
  return { secret, prefix: secret.slice(0, VISIBLE_PREFIX_LENGTH), hash: hashApiKey(secret) };
}

export function hashApiKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(KEY_PREFIX) && value.length === KEY_PREFIX.length + 32;
}
