import { expect, test } from "@playwright/test";

/** Next's pages (and its static assets) carry the same security headers as the API, and the CSP lets them run. */
test("Next pages are served with the security headers, a CSP without unsafe-eval, and still work under it", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto("/sign-in");
  const headers = response!.headers();
  expect(headers).toMatchObject({
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
  });
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
  expect(headers["strict-transport-security"]).toBeUndefined(); // plain HTTP

  // Hydrated under the CSP: the sign-in form's client-side navigation works.
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page).toHaveURL(/\/sign-up$/);
  expect(violations).toEqual([]);
});
