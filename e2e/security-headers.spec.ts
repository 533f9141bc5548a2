import { expect, request, test, type Page } from "@playwright/test";
import { newUser } from "./helpers";

/** CSP violations the browser reports on the console while a test runs. */
function collectCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

const scriptSrc = (csp: string) =>
  csp
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.startsWith("script-src")) ?? "";

/** Next's pages (and its static assets) carry the security headers, and a nonce CSP that still lets them run. */
test("pages carry the security headers and a per-response script nonce (no unsafe-inline, no unsafe-eval), and hydrate under it", async ({
  page,
}) => {
  const violations = collectCspViolations(page);
  const response = await page.goto("/sign-in");
  const headers = response!.headers();
  expect(headers).toMatchObject({
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
  });
  const csp = headers["content-security-policy"]!;
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe-eval");
  expect(scriptSrc(csp)).not.toContain("unsafe-inline");
  expect(headers["strict-transport-security"]).toBeUndefined(); // plain HTTP
  const nonce = /'nonce-([^']+)'/.exec(scriptSrc(csp))![1]!;

  // Next's inline bootstrap and RSC payload carry this response's nonce (the browser hides the attribute's value
  // from the DOM once applied, so read the property).
  const scriptNonces = await page
    .locator("script")
    .evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(new Set(scriptNonces)).toEqual(new Set([nonce]));

  // Another response, another nonce.
  const again = await page.request.get("/sign-in");
  expect(/'nonce-([^']+)'/.exec(again.headers()["content-security-policy"]!)![1]).not.toBe(nonce);

  // Hydrated under the CSP: the sign-in form's client-side navigation works.
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page).toHaveURL(/\/sign-up$/);
  expect(violations).toEqual([]);
});

test("signed-in pages hydrate under the nonce CSP with no violation", async ({ page }) => {
  const violations = collectCspViolations(page);
  await newUser(page, "csp");
  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page).toHaveURL(/\/api-keys$/);
  await page.getByRole("link", { name: "Migrations" }).first().click();
  await expect(page).toHaveURL(/\/migrations$/);
  expect(violations).toEqual([]);
});

test("after sign-out the old session cookie no longer works: the API answers 401 and pages send it to sign-in", async ({
  page,
  baseURL,
}) => {
  await newUser(page, "sign-out");
  const session = (await page.context().cookies()).find((c) => c.name.endsWith("authjs.session-token"))!;
  const oldCookie = `${session.name}=${session.value}`;
  const withOldCookie = await request.newContext({ baseURL, extraHTTPHeaders: { cookie: oldCookie } });
  try {
    expect((await withOldCookie.get("/api/trpc/auth.me")).status()).toBe(200);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);

    expect((await withOldCookie.get("/api/trpc/auth.me")).status()).toBe(401);
    const pageAnswer = await withOldCookie.get("/migrations", { maxRedirects: 0 });
    expect(pageAnswer.status()).toBeGreaterThanOrEqual(300);
    expect(pageAnswer.status()).toBeLessThan(400);
    expect(pageAnswer.headers()["location"]).toMatch(/\/sign-in/);
  } finally {
    await withOldCookie.dispose();
  }
});
