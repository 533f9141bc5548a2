import { expect, test, type Page } from "@playwright/test";
import { createMigrationViaApi, expectNoHorizontalScroll, newUser, screenshot } from "./helpers";

/**
 * Every page at a laptop's and a phone's width (390 × 844, and 360 wide): nothing scrolls sideways, the migration's
 * five tabs and its objects table fit the screen, and on a phone the header and the agents fold into a line each
 * so that the selected tab's content starts on the first screen.
 */
const PHONES = [
  { width: 390, height: 844 },
  { width: 360, height: 740 },
];

/** Every tab is whole on screen: the strip neither scrolls nor clips, each tab inside the viewport. */
async function expectTabsFit(page: Page) {
  const tablist = page.getByRole("tablist", { name: "Migration details" });
  const { scroll, client } = await tablist.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(scroll, "the tab strip scrolls sideways").toBeLessThanOrEqual(client);
  const width = page.viewportSize()!.width;
  for (const tab of await tablist.getByRole("tab").all()) {
    const box = (await tab.boundingBox())!;
    expect(box.x, `${await tab.textContent()} starts on screen`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${await tab.textContent()} ends on screen`).toBeLessThanOrEqual(width);
  }
}

/** The selected tab's content begins within the first screen (above the fold, not under the header). */
async function expectTabContentOnFirstScreen(page: Page) {
  await page.evaluate(() => window.scrollTo(0, 0));
  const top = (await page.getByRole("tabpanel").boundingBox())!.y;
  expect(top, "the tab's content starts on the first screen").toBeLessThan(page.viewportSize()!.height * 0.75);
}

test("signed out: sign-in, sign-up and the 404 page fit a phone", async ({ page }, testInfo) => {
  for (const size of PHONES) {
    await page.setViewportSize(size);
    await page.goto("/sign-up");
    await expect(page.getByRole("button", { name: "Create account" })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await screenshot(page, testInfo, `80-sign-up-${size.width}`);
    await page.goto("/sign-in");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await screenshot(page, testInfo, `81-sign-in-${size.width}`);
    await page.goto("/no-such-page");
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await screenshot(page, testInfo, `82-not-found-${size.width}`);
  }
});

test("a migration at laptop and phone widths: tabs and objects fit, header and agents fold, content starts on the first screen", async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await newUser(page, "phone");
  await expect(page.getByText("No migrations yet.")).toBeVisible();
  const { id } = await createMigrationViaApi(page, { name: "Phone sample", source: { kind: "sample" } });
  await page.goto(`/migrations/${id}`);
  const status = page.getByTestId("migration-status");
  await expect(status).toContainText("succeeded", { timeout: 150_000 });

  // Laptop: everything in view, no fold buttons.
  await expect(page.getByTestId("validated-count")).toBeVisible();
  await expect(page.getByTestId("timeline-step").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Details of the migration" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
  await expectTabsFit(page);
  await expectNoHorizontalScroll(page);
  await screenshot(page, testInfo, "83-detail-1440");
  await page.getByRole("tab", { name: "Objects" }).click();
  await expect(page.getByTestId("object-row")).toHaveCount(24);
  await screenshot(page, testInfo, "84-objects-1440");

  for (const size of PHONES) {
    await page.setViewportSize(size);
    await page.goto(`/migrations/${id}`);
    await expect(status).toContainText("succeeded");
    await expectNoHorizontalScroll(page);
    await expectTabsFit(page);

    // The header's facts fold into a line of counts, the agents into "6 of 6 done": both open on demand.
    await expect(page.getByTestId("validated-count")).toBeHidden();
    await expect(page.getByText("14/14 validated · 10/10 tables")).toBeVisible();
    await expect(page.getByTestId("timeline-step").first()).toBeHidden();
    await expectTabContentOnFirstScreen(page);
    await screenshot(page, testInfo, `85-detail-${size.width}`);
    const details = page.getByRole("button", { name: "Details of the migration" });
    await details.click();
    await expect(details).toHaveAttribute("aria-expanded", "true");
    await expect(page.getByTestId("validated-count")).toHaveText("14 of 14 views, procedures, functions");
    const agents = page.getByRole("button", { name: /^Agents: \d of 6 done$/ });
    await agents.click();
    await expect(page.getByTestId("timeline-step")).toHaveCount(6);
    for (const step of await page.getByTestId("timeline-step").all()) await expect(step).toBeVisible();
    await expectNoHorizontalScroll(page);
    await screenshot(page, testInfo, `86-detail-unfolded-${size.width}`);
    await agents.click();
    await expect(page.getByTestId("timeline-step").first()).toBeHidden();
    await details.click();
    await expect(page.getByTestId("validated-count")).toBeHidden();

    // Objects: the table fits (no sideways scroll, not even inside its frame), with name, kind and status.
    await page.getByRole("tab", { name: "Objects" }).click();
    const table = page.getByTestId("objects-table");
    await expect(page.getByTestId("object-row")).toHaveCount(24);
    const overflow = await table.evaluate((el) => el.parentElement!.scrollWidth - el.parentElement!.clientWidth);
    expect(overflow, "the objects table scrolls sideways").toBeLessThanOrEqual(1);
    const row = page.getByTestId("object-row").first();
    await expect(row.getByRole("link")).toBeVisible();
    await expect(row.locator("[data-status]")).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectTabContentOnFirstScreen(page);
    await screenshot(page, testInfo, `87-objects-${size.width}`);

    const loaded = {
      Lineage: page.getByTestId("lineage-graph"),
      Assessment: page.getByRole("heading", { name: "T-SQL constructs used" }),
      "LLM calls": page.getByText("No LLM calls."),
    };
    for (const [tab, content] of Object.entries(loaded)) {
      await page.getByRole("tab", { name: tab }).click();
      await expect(content).toBeVisible();
      await expectNoHorizontalScroll(page);
      await expectTabContentOnFirstScreen(page);
      await screenshot(page, testInfo, `88-${tab.toLowerCase().replace(" ", "-")}-${size.width}`);
    }
  }
});

test("the other pages at phone width: the menu, the list, a new migration's preview above Start, API keys, scripts, account", async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await newUser(page, "phonepages");

  for (const size of PHONES) {
    await page.setViewportSize(size);
    await page.goto("/migrations");
    // The five links fold behind a Menu button; opening it shows them, following one closes it.
    const menu = page.getByRole("button", { name: "Menu" });
    const main = page.getByRole("navigation", { name: "Main" });
    await expect(main.getByRole("link", { name: "API keys" })).toBeHidden();
    await expectNoHorizontalScroll(page);
    await menu.click();
    await expect(main.getByRole("link", { name: "API keys" })).toBeVisible();
    await screenshot(page, testInfo, `90-menu-${size.width}`);
    await main.getByRole("link", { name: "New migration" }).click();
    await expect(page.getByRole("heading", { name: "New migration" })).toBeVisible();
    await expect(main.getByRole("link", { name: "API keys" })).toBeHidden();

    // New migration: the preview comes before the Start button, which ends the page.
    const preview = page.getByTestId("assessment");
    await expect(preview).toContainText("24 translated by rules");
    const start = page.getByRole("button", { name: "Start migration" });
    expect((await preview.boundingBox())!.y).toBeLessThan((await start.boundingBox())!.y);
    await expectNoHorizontalScroll(page);
    await screenshot(page, testInfo, `91-new-migration-${size.width}`);

    await menu.click();
    await main.getByRole("link", { name: "API keys" }).click();
    await page.getByLabel("Key name").fill(`phone key ${size.width}`);
    await page.getByRole("button", { name: "Create key" }).click();
    await expect(page.getByTestId("new-api-key")).toBeVisible();
    await page.getByRole("button", { name: "I have copied it" }).click();
    const key = page.getByTestId("api-key-row").filter({ hasText: `phone key ${size.width}` });
    await key.getByRole("button", { name: `Revoke phone key ${size.width}` }).click();
    await expect(key.getByRole("button", { name: "Revoke now" })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await screenshot(page, testInfo, `92-api-keys-${size.width}`);
    await key.getByRole("button", { name: "Keep" }).click();

    await menu.click();
    await main.getByRole("link", { name: "Scripts & CLI" }).click();
    await expect(page.getByTestId("code-block").first()).toBeVisible();
    await expectNoHorizontalScroll(page);
    await screenshot(page, testInfo, `95-scripts-${size.width}`);

    await menu.click();
    await main.getByRole("link", { name: "Account" }).click();
    await expect(page.getByRole("heading", { name: "Account" })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await screenshot(page, testInfo, `93-account-${size.width}`);
  }

  // The list with a migration in it, at phone width: name, status and counts in view.
  await createMigrationViaApi(page, {
    name: "A migration with a rather long name to see it truncate on a phone",
    source: { kind: "sample" },
  });
  await page.goto("/migrations");
  const row = page.getByTestId("migration-row").first();
  await expect(row.locator("[data-status]")).toHaveText("succeeded", { timeout: 150_000 });
  await expect(row).toContainText("100% · 14/14 validated · 10/10 tables");
  const overflow = await page
    .getByRole("table")
    .evaluate((el) => el.parentElement!.scrollWidth - el.parentElement!.clientWidth);
  expect(overflow, "the migrations table scrolls sideways").toBeLessThanOrEqual(1);
  await expectNoHorizontalScroll(page);
  await screenshot(page, testInfo, `94-list-${page.viewportSize()!.width}`);
});
