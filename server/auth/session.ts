import { getToken } from "next-auth/jwt";
import type { Executor } from "~/db/client";
import { liveSessionUser } from "./sessions";

/**
 * Reads the next-auth session cookie from a plain Node request (the tRPC handler runs outside Next for speed).
 * next-auth v5 names the cookie `authjs.session-token` (`__Secure-` prefixed over https) and salts the JWE with it.
 * A cookie is only as good as its server-side session (./sessions.ts): a signed-out one is refused.
 */
export async function sessionUserId(
  db: Executor,
  headers: Record<string, string | string[] | undefined>,
  secret: string,
): Promise<string | null> {
  const cookie = headers.cookie;
  if (!cookie || !String(cookie).includes("authjs.session-token")) return null;
  const secureCookie = String(cookie).includes("__Secure-authjs.session-token");
  const token = await getToken({
    req: { headers: { cookie: String(cookie) } },
    secret,
    secureCookie,
    salt: secureCookie ? "__Secure-authjs.session-token" : "authjs.session-token",
  });
  return token ? liveSessionUser(db, token) : null;
}
