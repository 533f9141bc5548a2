import type { IncomingMessage } from "node:http";
import { isHttps } from "./security-headers";

/**
 * Cross-site request forgery: a browser attaches the session cookie to a request any other site makes. A tRPC
 * mutation authenticated by that cookie is therefore accepted only when the browser says it comes from this
 * app (`Origin` equal to our own origin, or, when a browser sends no Origin, `Sec-Fetch-Site: same-origin`) and
 * only as `application/json` (which a cross-site form or a "simple" fetch cannot send without a preflight).
 * Requests with `Authorization: Bearer` (scripts, the CLI) carry no ambient credential and are not checked.
 *
 * Returns why the request is refused, or null.
 */
export function csrfRefusal(req: IncomingMessage): string | null {
  const headers = req.headers;
  if (typeof headers.authorization === "string" && headers.authorization.length > 0) return null;
  if (!String(headers.cookie ?? "").includes("authjs.session-token")) return null;

  const contentType = String(headers["content-type"] ?? "")
    .split(";")[0]!
    .trim()
    .toLowerCase();
  if (contentType !== "application/json") return "A signed-in browser's request must be sent as application/json";

  const origin = headers.origin;
  if (typeof origin === "string") {
    return origin === ownOrigin(req) ? null : "Cross-site request refused: the Origin is not this app's";
  }
  return headers["sec-fetch-site"] === "same-origin" ? null : "Cross-site request refused: the request has no Origin";
}

/** This app's origin as the browser addressed it (the Host header of a browser's request is the site it sent it to). */
function ownOrigin(req: IncomingMessage): string {
  return `${isHttps(req) ? "https" : "http"}://${req.headers.host ?? ""}`;
}
