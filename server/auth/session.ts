import { getToken } from "next-auth/jwt";

/**
 * Reads the next-auth session cookie from a plain Node request (the tRPC handler runs outside Next for speed).
 * next-auth v5 names the cookie `authjs.session-token` (`__Secure-` prefixed over https) and salts the JWE with it.
 */
export async function sessionUserId(headers: Record<string, string | string[] | undefined>, secret: string): Promise<string | null> {
  const cookie = headers.cookie;
  if (!cookie || !String(cookie).includes("authjs.session-token")) return null;
  const secureCookie = String(cookie).includes("__Secure-authjs.session-token");
  const token = await getToken({
    req: { headers: { cookie: String(cookie) } },
    secret,
    secureCookie,
    salt: secureCookie ? "__Secure-authjs.session-token" : "authjs.session-token",
  });
  return typeof token?.sub === "string" ? token.sub : null;
}
