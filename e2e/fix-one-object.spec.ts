import { expect, test } from "@playwright/test";
import { createMigrationViaApi, expectNoHorizontalScroll, newUser, screenshot } from "./helpers";

/**
 * Fixing one object, as a migration owner does it in the dashboard: a view that divides by zero fails (SQL Server
 * raises "Divide by zero error encountered" on it too), and so does the view reading it. The owner re-runs only
 * the failed ones (and the history shows only those were), puts the dependant out of scope with a note, edits the dividing model's SQL in the code editor,
 * and the migration turns green with the edit and the decision in the report.
 */
const SCRIPT = [
  "CREATE TABLE dbo.Readings (ReadingId int NOT NULL PRIMARY KEY, Amount int NOT NULL)",
  "GO",
  "INSERT INTO dbo.Readings (ReadingId, Amount) VALUES (1, 10), (2, 0), (3, 5)",
  "GO",
  "CREATE VIEW dbo.Ratios AS SELECT ReadingId, 100 / Amount AS Ratio FROM dbo.Readings",
  "GO",
  "CREATE VIEW dbo.RatioIds AS SELECT ReadingId FROM dbo.Ratios",
  "GO",
].join("\n");

test("re-run the failed ones, decide on one, edit another's SQL in the editor: history, outcome and report follow", async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const cspViolations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.setViewportSize({ width: 1440, height: 900 });
  const email = await newUser(page, "fixone");
  const { id } = await createMigrationViaApi(page, {
    name: "Ratios",
    source: { kind: "upload", file: { filename: "ratios.sql", contentBase64: Buffer.from(SCRIPT).toString("base64") } },
  });
  await page.goto(`/migrations/${id}`);
  const status = page.getByTestId("migration-status");
  await expect(status).toContainText("completed with issues", { timeout: 150_000 });
  const runs = page.getByTestId("runs-history");
  await expect(runs.getByTestId("run")).toHaveCount(1);

  // Two honest actions: everything again, or only the failed ones (one button each, no second label for either).
  await expect(page.getByRole("button", { name: "Re-run everything" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Re-run/ })).toHaveCount(2);

  // Only the failed ones, through Tester → Rebuilder → Evaluator: a second run in the history, naming the two
  // failed views' models and not the table's staging model, whose result stays that of run #1.
  await page.getByRole("button", { name: "Re-run failed objects" }).click();
  await expect(runs.getByTestId("run")).toHaveCount(2);
  await expect(status).toContainText("completed with issues", { timeout: 150_000 });
  const second = runs.getByTestId("run").first();
  await expect(second).toContainText("#2 Re-run of the failed objects");
  await expect(second).toContainText("re-run of the 2 objects that did not pass: ");
  await expect(second).toContainText("int_ratios");
  await expect(second).toContainText("ratio_ids");
  await expect(second).not.toContainText("stg_");
  await expect(second).toContainText(`by ${email}`);
  await expect(second).toContainText("2 failed");
  await screenshot(page, testInfo, "fix-one-object-runs-1440");
  await page.getByRole("tab", { name: "Objects" }).click();
  await page.getByRole("link", { name: "[dbo].[Readings]" }).click();
  await expect(page.getByTestId("object-runs").getByRole("listitem")).toHaveCount(1);
  await expect(page.getByTestId("object-runs")).toContainText("#1 ");
  await page.getByRole("link", { name: "All objects" }).click();
  await page.getByRole("link", { name: "[dbo].[Ratios]" }).click();
  await expect(page.getByTestId("object-runs").getByRole("listitem")).toHaveCount(2);
  await expect(page.getByTestId("object-runs").getByRole("listitem").first()).toContainText("#2 ");

  // The dependant: out of scope, with a note.
  await page.getByRole("link", { name: "All objects" }).click();
  await page.getByRole("link", { name: "[dbo].[RatioIds]" }).click();
  const fix = page.getByTestId("fix-object");
  await fix.getByLabel("Out of scope").check();
  await fix.getByLabel(/Note/).fill("Nobody reads this view since 2019");
  await fix.getByRole("button", { name: "Save decision" }).click();
  await expect(fix.getByTestId("decision")).toContainText(`Out of scope by ${email}`);
  await expect(fix.getByTestId("decision")).toContainText("Nobody reads this view since 2019");

  // Counted apart on the Overview at once (still amber: the dividing view fails).
  await page.getByRole("tab", { name: "Overview" }).click();
  await expect(page.getByTestId("decided")).toContainText("0 accepted · 1 out of scope");
  await expect(status).toContainText("completed with issues");

  // The dividing view: edit its SQL in CodeMirror (NULL where SQL Server would raise: the owner's call).
  await page.getByRole("tab", { name: "Objects" }).click();
  await page.getByRole("link", { name: "[dbo].[Ratios]" }).click();
  await fix.getByRole("button", { name: "Edit SQL" }).click();
  const editor = fix.getByTestId("model-editor");
  await expect(editor.locator(".cm-content")).toBeVisible();
  const original = await page.evaluate(() => {
    const view = document.querySelector("[data-testid=model-editor] .cm-content");
    return Array.from(view?.querySelectorAll(".cm-line") ?? [], (line) => line.textContent ?? "").join("\n");
  });
  const edited = original.replace(/\/\s*([\w."]+)/, "/ nullif($1, 0)");
  expect(edited).not.toBe(original);
  await editor.locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(edited);
  // Highlighted as SQL (CodeMirror's highlighter wraps keywords in their own spans).
  await expect(editor.locator(".cm-line span").first()).toBeVisible();
  await screenshot(page, testInfo, "fix-one-object-editor-1440");
  await fix.getByRole("button", { name: "Save and rebuild" }).click();
  await expect(status).toContainText("succeeded", { timeout: 150_000 });
  await expect(fix.getByTestId("edited-by")).toContainText(`Model SQL edited by ${email}`);
  await expect(page.getByTestId("dbt-pane")).toContainText("nullif(");

  // The project and the report keep the edit and the decision, with who and when.
  const md = await (await page.request.get(`/api/migrations/${id}/report.md`)).text();
  expect(md).toContain(`edited by ${email}`);
  expect(md).toMatch(/\| dbo\.ratioids \| out of scope \| Nobody reads this view since 2019 \|/);
  const html = await (await page.request.get(`/api/migrations/${id}/report.html`)).text();
  expect(html).toContain('data-testid="decisions"');

  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalScroll(page);
  await screenshot(page, testInfo, "fix-one-object-390");
  await page.getByRole("tab", { name: "Overview" }).click();
  await expect(runs.getByTestId("run")).toHaveCount(3);
  await expectNoHorizontalScroll(page);
  await screenshot(page, testInfo, "fix-one-object-runs-390");
  expect(cspViolations).toEqual([]);
});
