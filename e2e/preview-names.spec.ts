import { expect, test } from "@playwright/test";
import { newUser, screenshot } from "./helpers";

// A script that names no database: the migration's name names it (agents/ingest, IngestOptions.database), else the
// file's name; the Assessment preview must show the names the migration will produce.
const SCRIPT = [
  "CREATE TABLE dbo.Items (ItemID int PRIMARY KEY, Name nvarchar(40) NOT NULL)",
  "GO",
  "INSERT INTO dbo.Items VALUES (1, N'one'), (2, N'two')",
  "GO",
  "CREATE VIEW dbo.ItemNames AS SELECT Name FROM dbo.Items",
  "GO",
].join("\n");

test("the Assessment preview names the dbt source and models after the name typed, as the migration then does", async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await newUser(page, "previewnames");
  await page.goto("/migrations/new");
  await page.getByLabel("Upload a file").check();
  await page.getByLabel("Source file (.sql, .zip or .json)").setInputFiles({
    name: "instnwnd.sql",
    mimeType: "application/sql",
    buffer: Buffer.from(SCRIPT),
  });

  // Before a name is typed, the migration is named after the file, and so are its source and models.
  const preview = page.getByTestId("assessment");
  await expect(preview.getByTestId("dbt-sources")).toHaveText("instnwnd");
  await expect(preview.getByRole("heading", { name: "Objects found in instnwnd" })).toBeVisible();

  // Typing a name updates the preview once typing pauses.
  await page.getByLabel("Name", { exact: true }).fill("Northwind Traders");
  await expect(preview.getByTestId("dbt-sources")).toHaveText("northwind_traders");
  await expect(preview.getByTestId("dbt-project")).toHaveText("northwind_traders");
  await expect(preview.getByRole("heading", { name: "Objects found in Northwind Traders" })).toBeVisible();
  await preview.getByText(/What each object becomes/).click();
  const models = preview.getByTestId("dbt-models");
  await expect(models.getByRole("row", { name: /dbo\.Items/ })).toContainText("stg_northwind_traders__items");
  await expect(models.getByRole("row", { name: /dbo\.ItemNames/ })).toContainText("item_names");
  await screenshot(page, testInfo, "70-preview-names-1440");

  // The migration started from this form produces exactly those names.
  await page.getByRole("button", { name: "Start migration" }).click();
  await expect(page).toHaveURL(/\/migrations\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("migration-status")).toContainText(/succeeded|completed with issues/, {
    timeout: 150_000,
  });
  await page.getByRole("tab", { name: "Objects" }).click();
  await expect(page.getByRole("row").filter({ has: page.getByRole("link", { name: "[dbo].[Items]" }) })).toContainText(
    "stg_northwind_traders__items",
  );
});
