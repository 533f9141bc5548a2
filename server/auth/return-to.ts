/**
 * Where to go after signing in: a page of this app the user asked for before being sent to sign in. Only a path
 * on this origin is accepted (one leading "/", no "//" or "/\" that a browser would read as another host, no
 * control characters), so the sign-in page cannot be used to redirect anyone elsewhere.
 */
export function safeReturnPath(value: string | null | undefined, fallback = "/migrations"): string {
  if (!value || value.length > 2000) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  if (value === "/sign-in" || value.startsWith("/sign-in?") || value.startsWith("/api/")) return fallback;
  return value;
}

/** The sign-in page's address that comes back to `path` (a page request's own path and query) afterwards. */
export function signInPathFor(path: string | null): string {
  if (!path || !safeReturnPath(path, "")) return "/sign-in";
  const url = new URL(path, "http://app.invalid");
  url.searchParams.delete("_rsc"); // Next's own flight-request marker, not part of the page's address
  const back = safeReturnPath(`${url.pathname}${url.search}`, "");
  return back && back !== "/migrations" ? `/sign-in?next=${encodeURIComponent(back)}` : "/sign-in";
}
