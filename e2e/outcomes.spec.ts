import { expect, test } from "@playwright/test";
import { expectNoHorizontalScroll, newUser, screenshot, waitForIdleWorker } from "./helpers";

/** A table, a view, and a procedure that walks a cursor: the translator sends the procedure to review. */
const CURSOR_SCRIPT = [
  "CREATE TABLE dbo.Customers (Id int NOT NULL PRIMARY KEY, Name nvarchar(50) NOT NULL, Country nvarchar(20) NULL)",
  "GO",
  "INSERT INTO dbo.Customers (Id, Name, Country) VALUES (1, N'Ana', N'PT'), (2, N'Bob', N'US')",
  "GO",
  "CREATE VIEW dbo.PortugueseCustomers AS SELECT Id, Name FROM dbo.Customers WHERE Country = N'PT'",
  "GO",
  "CREATE PROCEDURE dbo.WalkCustomers AS",
  "BEGIN",
  "  DECLARE @Name nvarchar(50);",
  "  DECLARE c CURSOR FOR SELECT Name FROM dbo.Customers;",
  "  OPEN c;",
  "  FETCH NEXT FROM c INTO @Name;",
  "  WHILE @@FETCH_STATUS = 0",
  "  BEGIN",
  "    PRINT @Name;",
  "    FETCH NEXT FROM c INTO @Name;",
  "  END",
  "  CLOSE c;",
  "  DEALLOCATE c;",
  "END",
  "GO",
].join("\n");

test("a migration with a procedure that needs review ends amber, 'completed with issues', with the counts", async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await newUser(page, "issues");
  await page.goto("/migrations/new");
  await page.getByLabel("Paste T-SQL").check();
  await page.getByLabel("Name", { exact: true }).fill("Cursor shop");
  await page.getByLabel("T-SQL", { exact: true }).fill(CURSOR_SCRIPT);
  await expect(page.getByTestId("assessment")).toBeVisible();
  await page.getByRole("button", { name: "Start migration" }).click();
  await expect(page).toHaveURL(/\/migrations\/[0-9a-f-]{36}$/);

  // The detail header, live: never green over a procedure that needs review.
  const status = page.getByTestId("migration-status");
  await expect(status).toContainText("completed with issues", { timeout: 180_000 });
  await expect(status).not.toContainText("succeeded");
  const badge = status.locator('[data-status="completed_with_issues"]');
  await expect(badge).toHaveClass(/bg-amber-100/);
  await expect(page.getByTestId("migration-issues")).toHaveText("1 needs review");
  await expect(page.getByTestId("validated-count")).toHaveText("0 of 2 views, procedures, functions");
  await expect(page.getByTestId("loaded-count")).toHaveText("1 of 1 tables");
  await expect(page.getByRole("button", { name: "Re-run failed objects" })).toBeVisible();
  await screenshot(page, testInfo, "30-completed-with-issues-1440");
  await page.getByRole("tab", { name: "Objects" }).click();
  await expect(page.getByTestId("object-row").filter({ hasText: "[dbo].[WalkCustomers]" })).toContainText(
    "needs review",
  );

  // The list: the amber badge with the counts, and the status filter finds it.
  await page.goto("/migrations");
  const row = page.getByTestId("migration-row").filter({ hasText: "Cursor shop" });
  await expect(row.locator('[data-status="completed_with_issues"]')).toHaveText("completed with issues");
  await expect(row.getByTestId("migration-issues")).toHaveText("1 needs review");
  await page.getByLabel("Status").selectOption("completed_with_issues");
  await expect(page.getByTestId("migration-row")).toHaveCount(1);
  await page.getByLabel("Status").selectOption("succeeded");
  await expect(page.getByTestId("migration-row").filter({ hasText: "Cursor shop" })).toHaveCount(0);
  await page.getByLabel("Status").selectOption("completed_with_issues");
  await screenshot(page, testInfo, "31-list-completed-with-issues-1440");

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId("migration-row").locator('[data-status="completed_with_issues"]')).toBeVisible();
  await expectNoHorizontalScroll(page);
  await screenshot(page, testInfo, "32-list-completed-with-issues-390");
  await waitForIdleWorker(page);
});
