import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { strToU8, zipSync } from "fflate";
import { createMigrationViaApi, expectNoHorizontalScroll, newUser, screenshot } from "./helpers";

const base64 = (text: string) => Buffer.from(text).toString("base64");
const zipBase64 = (files: Record<string, string>) =>
  Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([n, t]) => [n, strToU8(t)])))).toString("base64");

const SCRIPT = [
  "CREATE TABLE dbo.Items (ItemID int PRIMARY KEY, Name nvarchar(40) NOT NULL, Price decimal(9,2) NOT NULL)",
  "GO",
  "INSERT INTO dbo.Items VALUES (1, N'one', 1.50), (2, N'two', 2.00), (3, N'three', 3.00)",
  "GO",
  `CREATE VIEW dbo.ItemList AS SELECT ItemID, Name, Price FROM dbo.Items /* ${"a long line to wrap ".repeat(30)}*/`,
  "GO",
].join("\n");
// What "SQL Server returned", made to differ: item 2's name, items 4 and 5 only here, item 3 only in PostgreSQL.
const EXPECTED = "ItemID,Name,Price\n1,one,1.50\n2,TWO,2.00\n4,four,4.00\n5,five,5.00\n";

test("a mismatching view shows a data diff: row counts, column match rates, differing cells side by side, a CSV", async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await newUser(page, "datadiff");
  const { id } = await createMigrationViaApi(page, {
    name: "Diff shop",
    source: { kind: "upload", file: { filename: "shop.sql", contentBase64: base64(SCRIPT) } },
    expected: {
      filename: "expected.zip",
      contentBase64: zipBase64({
        "expected/manifest.json": JSON.stringify({
          objects: [{ object: "dbo.ItemList", kind: "view", file: "item_list.csv", rows: 4 }],
        }),
        "expected/item_list.csv": EXPECTED,
      }),
    },
  });
  await page.goto(`/migrations/${id}`);
  await expect(page.getByTestId("migration-status")).toContainText("completed with issues", { timeout: 150_000 });
  await page.getByRole("tab", { name: "Objects" }).click();
  await page.getByRole("link", { name: "[dbo].[ItemList]" }).click();

  const diff = page.getByTestId("data-diff");
  await expect(diff.getByTestId("diff-identical")).toHaveText("1");
  await expect(diff.getByTestId("diff-differ")).toHaveText("1");
  await expect(diff.getByTestId("diff-only-expected")).toHaveText("2");
  await expect(diff.getByTestId("diff-only-actual")).toHaveText("1");
  // Only the column that differs is listed, with its rate over the rows both sides have.
  const rates = diff.getByTestId("column-match-rates");
  await expect(rates.locator("tbody tr")).toHaveCount(1);
  await expect(rates).toContainText(/Name\s*50 % \(1\/2\)/i);
  // The differing cell is marked, and only that one.
  const marked = diff.getByTestId("diff-rows").locator('[data-differs="true"]');
  await expect(marked).toHaveCount(2);
  await expect(marked.nth(0)).toHaveText("TWO");
  await expect(marked.nth(1)).toHaveText("two");
  await screenshot(page, testInfo, "60-data-diff-1440");

  const download = page.waitForEvent("download");
  await diff.getByRole("button", { name: "Download diff CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/-diff\.csv$/);
  const csv = fs.readFileSync(await file.path(), "utf8");
  expect(csv.split("\n")[0]).toMatch(/^difference,.*\(expected\),.*\(actual\)/);
  expect(csv.trim().split("\n")).toHaveLength(5);

  // A long line scrolls sideways inside its pane until "Wrap" is pressed; "Expand" lifts the pane's height limit.
  const pane = page
    .getByRole("figure")
    .filter({ has: page.getByRole("button", { name: "Wrap" }) })
    .first();
  const region = pane.getByRole("region");
  const overflows = () => region.evaluate((el) => el.scrollWidth > el.clientWidth);
  expect(await overflows()).toBe(true);
  await pane.getByRole("button", { name: "Wrap" }).click();
  await expect(pane.getByRole("button", { name: "Wrap" })).toHaveAttribute("aria-pressed", "true");
  expect(await overflows()).toBe(false);
  await pane.getByRole("button", { name: "Expand" }).click();
  await expect(region).toHaveAttribute("data-expanded", "true");

  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalScroll(page);
  await screenshot(page, testInfo, "61-data-diff-390");
});
