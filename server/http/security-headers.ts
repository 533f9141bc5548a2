import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";

export type ResponseKind = "api" | "events" | "download" | "page";

/**
 * The Content-Security-Policy of each kind of response.
 * - API, SSE and downloads are never rendered as documents by the app: nothing may load, nothing may frame them.
 * - Pages: a script runs only if it carries this response's nonce (Next puts it on its bootstrap, its inline
 *   RSC payload and its chunks' script tags) or was loaded by one that does ('strict-dynamic'); no
 *   'unsafe-inline' for scripts, and 'unsafe-eval' only under `next dev` (its refresh runtime evaluates code).
 *   Every page is rendered per request for that (app/layout.tsx): a prerendered page's HTML cannot carry the
 *   request's nonce. Styles keep 'unsafe-inline': React's style attributes cannot carry a nonce, and a style
 *   cannot run code.
 */
export function contentSecurityPolicy(kind: ResponseKind, options: { dev?: boolean; nonce?: string } = {}): string {
  if (kind !== "page") {
    return "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  }
  const scripts = options.nonce ? `'self' 'nonce-${options.nonce}' 'strict-dynamic'` : "'self'";
  return [
    "default-src 'self'",
    `script-src ${scripts}${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${options.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A fresh nonce for one page response (128 random bits). */
export function scriptNonce(): string {
  return randomBytes(16).toString("base64");
}

/** Served over HTTPS: a TLS socket, or a proxy in front that says so. */
export function isHttps(req: IncomingMessage): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  const forwarded = req.headers["x-forwarded-proto"];
  return typeof forwarded === "string" && forwarded.split(",")[0]!.trim().toLowerCase() === "https";
}

/**
 * Set on every response before any handler runs (tRPC, SSE, downloads, health, and Next's pages, which keep
 * headers set on the Node response). Returns the CSP it set.
 */
export function applySecurityHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  options: { kind: ResponseKind; dev?: boolean; nonce?: string },
): string {
  const csp = contentSecurityPolicy(options.kind, options);
  res.setHeader("content-security-policy", csp);
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("x-frame-options", "DENY");
  res.setHeader("referrer-policy", "strict-origin-when-cross-origin");
  res.setHeader("cross-origin-opener-policy", "same-origin");
  res.setHeader("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()");
  if (isHttps(req)) res.setHeader("strict-transport-security", "max-age=31536000; includeSubDomains");
  return csp;
}
