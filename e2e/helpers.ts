import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, type Page, type TestInfo } from "@playwright/test";
import { baseURL } from "../playwright.config";

export const PASSWORD = "e2e password 1234";

export function uniqueEmail(label: string) {
  return `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

export async function register(page: Page, email: string, password = PASSWORD) {
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/migrations$/);
}

/** Runs the CLI (scripts/cli.ts) as a user would, with the given API key. */
export async function cli(baseURL: string, apiKey: string, ...args: string[]) {
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], {
    env: { ...process.env, DATAMIGRATE_URL: baseURL, DATAMIGRATE_API_KEY: apiKey },
  });
  return stdout;
}

/** Registers a fresh user and signs them in; returns their email. */
export async function newUser(page: Page, label: string) {
  const email = uniqueEmail(label);
  await register(page, email);
  await signIn(page, email);
  return email;
}

/**
 * Creates a migration through the API with the page's session cookie (no UI): for setting the scene, e.g. keeping
 * the workers busy so the migration under test waits in the queue.
 */
export async function createMigrationViaApi(
  page: Page,
  input: { name: string; source: unknown; expected?: unknown },
): Promise<{ id: string; status: string }> {
  // A browser sends its Origin with a mutation; the CSRF check refuses a cookie-authenticated one without it.
  const response = await page.request.post("/api/trpc/migrations.create", {
    data: input,
    headers: { origin: new URL(baseURL).origin },
  });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { result: { data: { id: string; status: string } } }).result.data;
}

/** Waits until none of the user's migrations is queued or running (the worker is idle for the next test). */
export async function waitForIdleWorker(page: Page, timeout = 120_000) {
  await expect
    .poll(
      async () => {
        const response = await page.request.get(
          `/api/trpc/migrations.list?input=${encodeURIComponent(JSON.stringify({ limit: 100 }))}`,
        );
        const items = ((await response.json()) as { result: { data: { items: { status: string }[] } } }).result.data
          .items;
        return items.filter((m) => m.status === "queued" || m.status === "running").length;
      },
      { timeout, intervals: [1000] },
    )
    .toBe(0);
}

/**
 * A full-page screenshot saved with the test's artifacts (test-results/…/<name>.png, attached to the report) and
 * copied to e2e/artifacts/<name>.png, which keeps the latest run's pictures of every main page in one place.
 */
export async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
  const artifacts = join(import.meta.dirname, "artifacts");
  mkdirSync(artifacts, { recursive: true });
  copyFileSync(path, join(artifacts, `${name}.png`));
}

/** The page does not scroll sideways (what a phone-width layout must not do). */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, "horizontal overflow in px").toBeLessThanOrEqual(1);
}
