import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";

export type ResponseKind = "api" | "events" | "download" | "page";

/**
 * The Content-Security-Policy of each kind of response.
 * - API, SSE and downloads are never rendered as documents by the app: nothing may load, nothing may frame them.
 * - Pages: Next's App Router inlines its bootstrap and RSC payload as inline scripts. A nonce-based policy needs
 *   every page rendered per request (a static page's HTML cannot carry the request's nonce), so pages get
 *   `'unsafe-inline'` for scripts and styles but never `'unsafe-eval'` (only `next dev` needs eval, for its
 *   refresh runtime). Everything else is same-origin only.
 */
export function contentSecurityPolicy(kind: ResponseKind, dev = false): string {
  if (kind !== "page") {
    return "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  }
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Served over HTTPS: a TLS socket, or a proxy in front that says so. */
export function isHttps(req: IncomingMessage): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  const forwarded = req.headers["x-forwarded-proto"];
  return typeof forwarded === "string" && forwarded.split(",")[0]!.trim().toLowerCase() === "https";
}

/**
 * Set on every response before any handler runs (tRPC, SSE, downloads, health, and Next's pages, which keep
 * headers set on the Node response).
 */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, options: { kind: ResponseKind; dev?: boolean }) {
  res.setHeader("content-security-policy", contentSecurityPolicy(options.kind, options.dev));
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("x-frame-options", "DENY");
  res.setHeader("referrer-policy", "strict-origin-when-cross-origin");
  res.setHeader("cross-origin-opener-policy", "same-origin");
  res.setHeader("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()");
  if (isHttps(req)) res.setHeader("strict-transport-security", "max-age=31536000; includeSubDomains");
}
