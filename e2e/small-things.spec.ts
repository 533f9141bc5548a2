import { expect, test } from "@playwright/test";
import { createMigrationViaApi, newUser, PASSWORD, register, screenshot, uniqueEmail } from "./helpers";

test("an API key's secret has a copy button that puts it on the clipboard", async ({ page, context }, testInfo) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await newUser(page, "copykey");
  await page.getByRole("link", { name: "API keys" }).click();
  await page.getByLabel("Key name").fill("copy me");
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("new-api-key").textContent())!;
  await page.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(page.getByRole("button", { name: "Copied", exact: true })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await screenshot(page, testInfo, "50-api-key-copied");
});

test("revoking an API key asks for confirmation, and keeping it leaves it active", async ({ page }, testInfo) => {
  await newUser(page, "revokekey");
  await page.getByRole("link", { name: "API keys" }).click();
  await page.getByLabel("Key name").fill("deploy bot");
  await page.getByRole("button", { name: "Create key" }).click();
  await page.getByRole("button", { name: "I have copied it" }).click();
  const row = page.getByTestId("api-key-row");

  await row.getByRole("button", { name: "Revoke deploy bot" }).click();
  const confirm = row.getByRole("group", { name: "Confirm revoking deploy bot" });
  await expect(confirm).toContainText("Scripts using it stop working.");
  await screenshot(page, testInfo, "51-api-key-revoke-confirm");
  await confirm.getByRole("button", { name: "Keep" }).click();
  await expect(row.getByRole("button", { name: "Revoke deploy bot" })).toBeVisible();
  await page.reload();
  await expect(row).not.toContainText("Revoked");

  await row.getByRole("button", { name: "Revoke deploy bot" }).click();
  await row.getByRole("button", { name: "Revoke now" }).click();
  await expect(row).toContainText("Revoked");
  await page.reload();
  await expect(row).toContainText("Revoked");
});

test("an unknown address shows the branded not-found page with a way back", async ({ page }, testInfo) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await screenshot(page, testInfo, "52-not-found");
  await page.getByRole("link", { name: "Back to your migrations" }).click();
  await expect(page).toHaveURL(/\/sign-in/); // signed out: the app asks to sign in first
});

test("the favicon is served from public/ and linked from every page", async ({ page, request }) => {
  const icon = await request.get("/favicon.svg");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
  await page.goto("/sign-in");
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute("href", /\/favicon\.svg/);
});

test("the migration name follows the chosen source until the user types one", async ({ page }) => {
  await newUser(page, "namefield");
  await page.goto("/migrations/new");
  const name = page.getByLabel("Name", { exact: true });
  await expect(name).toHaveValue("Sample e-commerce database");
  await page.getByLabel("Paste T-SQL").check();
  await expect(name).toHaveValue("");
  await page.getByLabel("Upload a file").check();
  await page.getByLabel("Source file (.sql, .zip or .json)").setInputFiles({
    name: "inventory.sql",
    mimeType: "application/sql",
    buffer: Buffer.from("CREATE TABLE t (id int)\nGO\n"),
  });
  await expect(name).toHaveValue("inventory");
  await name.fill("My own name");
  await page.getByLabel("Built-in sample database").check();
  await expect(name).toHaveValue("My own name");
});

test("the browser tab's title tells a migration's outcome when it ends", async ({ page }) => {
  await newUser(page, "tabtitle");
  const created = await createMigrationViaApi(page, { name: "Tab title shop", source: { kind: "sample" } });
  await page.goto(`/migrations/${created.id}`);
  await expect(page).toHaveTitle(/· Tab title shop — DataMigrate AI$/);
  await expect(page).toHaveTitle("✓ succeeded · Tab title shop — DataMigrate AI", { timeout: 180_000 });
});

test("a bad expected-results zip is reported on its own field, and the source's preview still shows", async ({
  page,
}) => {
  await newUser(page, "badexpected");
  await page.goto("/migrations/new");
  await page.getByLabel("Paste T-SQL").check();
  await page
    .getByLabel("T-SQL", { exact: true })
    .fill(
      "CREATE TABLE dbo.Items (ItemID int PRIMARY KEY)\nGO\nCREATE VIEW dbo.ItemIds AS SELECT ItemID FROM dbo.Items\nGO\n",
    );
  await expect(page.getByTestId("assessment")).toBeVisible();
  await page
    .getByLabel("Expected results (optional .zip)")
    .setInputFiles({ name: "expected.zip", mimeType: "application/zip", buffer: Buffer.from("this is not a zip") });
  await expect(page.locator("#expected-error")).toContainText("expected.zip");
  await expect(page.getByText("This source cannot be migrated")).toHaveCount(0);
  await expect(page.getByTestId("assessment")).toBeVisible();
  await expect(page.getByRole("button", { name: "Start migration" })).toBeDisabled();
});

test("on a phone the Assessment preview comes before the Start button", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await newUser(page, "phonepreview");
  await page.goto("/migrations/new");
  const preview = page.getByTestId("assessment");
  await expect(preview).toBeVisible();
  const start = page.getByRole("button", { name: "Start migration" });
  const [previewBox, startBox] = [await preview.boundingBox(), await start.boundingBox()];
  expect(previewBox!.y + previewBox!.height).toBeLessThanOrEqual(startBox!.y);
  await screenshot(page, testInfo, "53-new-migration-390");
  await page.setViewportSize({ width: 1440, height: 900 });
  // Side by side again: the preview's column starts level with the form.
  const nameBox = await page.getByLabel("Name", { exact: true }).boundingBox();
  expect((await preview.boundingBox())!.x).toBeGreaterThan(nameBox!.x + nameBox!.width);
  await screenshot(page, testInfo, "54-new-migration-1440");
});

test("after registering the sign-in page says so with the email filled in", async ({ page }) => {
  const email = uniqueEmail("prefill");
  await register(page, email);
  await expect(page.getByText("Your account was created: sign in to start.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/migrations$/);
});

test("a signed-out deep link comes back to its page after sign-in, and a foreign return address is ignored", async ({
  page,
}) => {
  const email = uniqueEmail("deeplink");
  await register(page, email);
  await page.goto("/api-keys?from=bookmark");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fapi-keys%3Ffrom%3Dbookmark$/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/api-keys\?from=bookmark$/);
  await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();

  await page.context().clearCookies();
  await page.goto(`/sign-in?next=${encodeURIComponent("//evil.example/steal")}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/localhost:\d+\/migrations$/);
});
