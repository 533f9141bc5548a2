import { expect, test } from "@playwright/test";
import { cli, register, signIn, uniqueEmail } from "./helpers";

test("a new user registers, creates an API key seen once, starts a sample migration, signs out, and the CLI lists it", async ({
  page,
  baseURL,
}) => {
  const email = uniqueEmail("e2e");
  await register(page, email);
  await signIn(page, email);
  await expect(page.getByText("No migrations yet.")).toBeVisible();

  await page.getByRole("link", { name: "API keys" }).click();
  await page.getByLabel("Key name").fill("e2e script");
  await page.getByRole("button", { name: "Create key" }).click();
  const secretBox = page.getByTestId("new-api-key");
  await expect(secretBox).toHaveText(/^dmk_[A-Za-z0-9_-]{32}$/);
  const apiKey = (await secretBox.textContent())!;
  await expect(page.getByTestId("api-key-row")).toContainText(apiKey.slice(0, 12));
  await page.getByRole("button", { name: "I have copied it" }).click();
  await page.reload();
  await expect(page.getByTestId("api-key-row")).toContainText("e2e script");
  expect(await page.content()).not.toContain(apiKey);

  await page.getByRole("link", { name: "New migration" }).first().click();
  await expect(page.getByRole("heading", { name: "New migration" })).toBeVisible(); // not the API keys page's "Key name"
  await page.getByLabel("Name", { exact: true }).fill("E2E sample migration");
  await page.getByLabel(/Built-in sample database/).check();
  await page.getByRole("button", { name: "Start migration" }).click();
  // The new migration opens on its own page (to watch the agents); the list has it too.
  await expect(page).toHaveURL(/\/migrations\/[0-9a-f-]{36}$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Migrations", exact: true }).click();
  await expect(page).toHaveURL(/\/migrations$/);
  const row = page.getByTestId("migration-row").filter({ hasText: "E2E sample migration" });
  await expect(row).toBeVisible();
  // Queued on creation; the worker may already have picked it up by the time the list renders.
  await expect(row).toContainText(/queued|running|succeeded/);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/migrations");
  await expect(page).toHaveURL(/\/sign-in/);

  const listed = JSON.parse(await cli(baseURL!, apiKey, "list", "--json")) as {
    items: { name: string; sourceKind: string }[];
  };
  expect(listed.items).toEqual([expect.objectContaining({ name: "E2E sample migration", sourceKind: "sample" })]);
});

test("sign-in failures are explained, and repeated ones slow the account down", async ({ page }) => {
  const email = uniqueEmail("lockout");
  await register(page, email);
  for (let attempt = 1; attempt <= 3; attempt++) {
    await page.goto("/sign-in"); // a fresh form each time, so each alert is this attempt's answer
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("wrong password!");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /\w/ })).toBeVisible();
  }
  await expect(page.getByRole("alert").filter({ hasText: /\w/ })).toContainText(/Too many failed sign-ins/);
});

test("registration explains a password that is too short", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(uniqueEmail("short"));
  await page.getByLabel("Password").evaluate((input: HTMLInputElement) => input.removeAttribute("minlength"));
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Password must be at least 10 characters")).toBeVisible();
});

test("registering an email that already has an account answers exactly as a new one (no account enumeration)", async ({
  page,
}) => {
  const email = uniqueEmail("twice");
  await register(page, email);
  await register(page, email); // the same answer: on to sign-in, no "already exists"
  await expect(page.getByText(/already exists/i)).toHaveCount(0);
  await signIn(page, email);
});
