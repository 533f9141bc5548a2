import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsPlugin from "ajv-formats";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { parse as parseYaml } from "yaml";
import { createMigrationViaApi, expectNoHorizontalScroll, newUser, screenshot, waitForIdleWorker } from "./helpers";

const DBT_SCHEMAS = path.resolve(import.meta.dirname, "../../shared/schemas/dbt");
const SAMPLE_OBJECTS = 24;
const SAMPLE_SOURCE_TABLES = 10;
/** The sample's 8 views and 6 procedures: validated against its expected results; its tables are only loaded. */
const SAMPLE_PROGRAMMABLE = 14;

/** Records every value the migration's status badge and timeline steps take, to prove they change in place. */
async function recordLiveStates(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __seen: string[]; __loaded: boolean };
    w.__seen = [];
    w.__loaded = true; // a reload would lose this flag
    const record = () => {
      const status = document
        .querySelector('[data-testid="migration-status"] [data-status]')
        ?.getAttribute("data-status");
      const steps = [...document.querySelectorAll('[data-testid="timeline-step"]')].map(
        (s) => `${s.getAttribute("data-agent")}:${s.getAttribute("data-state")}`,
      );
      const entry = `${status}|${steps.join(",")}`;
      if (w.__seen.at(-1) !== entry) w.__seen.push(entry);
    };
    record();
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      attributes: true,
      childList: true,
      attributeFilter: ["data-state", "data-status"],
    });
  });
}

function validators() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  (addFormatsPlugin as unknown as (a: Ajv) => Ajv)(ajv);
  const load = (file: string): ValidateFunction =>
    ajv.compile(JSON.parse(fs.readFileSync(path.join(DBT_SCHEMAS, file), "utf8")));
  return { project: load("dbt_project-latest.json"), yml: load("dbt_yml_files-latest.json") };
}

test("the dashboard follows a sample migration live, shows its objects, lineage and assessment, and downloads the project", async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  await newUser(page, "dashboard");
  await expect(page.getByText("No migrations yet.")).toBeVisible();
  await screenshot(page, testInfo, "01-migrations-empty");

  // New migration: the sample is chosen and its Assessment preview shown before anything starts.
  await page.getByRole("link", { name: "New migration" }).first().click();
  await expect(page.getByRole("heading", { name: "New migration" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Live sample");
  await expect(page.getByLabel(/Built-in sample database/)).toBeChecked();
  const preview = page.getByTestId("assessment");
  await expect(preview).toContainText(`Objects found in ecommerce`);
  await expect(preview).toContainText("24 translated by rules, 0 need the LLM, 0 need a person");
  await expect(page.getByTestId("estimated-cost")).toHaveText("$0.00");
  await screenshot(page, testInfo, "02-new-migration-sample-preview");

  await page.getByRole("button", { name: "Start migration" }).click();
  await expect(page).toHaveURL(/\/migrations\/[0-9a-f-]{36}$/);
  const migrationUrl = page.url();
  await expect(page.getByTestId("timeline-step")).toHaveCount(6);
  await recordLiveStates(page);
  await screenshot(page, testInfo, "03a-migration-detail-live");

  // The timeline advances with no reload, and ends with every agent done (the Rebuilder had nothing to repair).
  const status = page.getByTestId("migration-status");
  await expect(status).toContainText("succeeded", { timeout: 90_000 });
  for (const agent of ["assessment", "planner", "executor", "tester", "evaluator"]) {
    await expect(page.locator(`[data-testid="timeline-step"][data-agent="${agent}"]`)).toHaveAttribute(
      "data-state",
      "done",
    );
  }
  await expect(page.locator('[data-testid="timeline-step"][data-agent="rebuilder"]')).toHaveAttribute(
    "data-state",
    /done|skipped/,
  );
  const seen = await page.evaluate(() => (window as unknown as { __seen: string[]; __loaded?: boolean }).__seen);
  expect(await page.evaluate(() => (window as unknown as { __loaded?: boolean }).__loaded)).toBe(true);
  expect(seen.length, seen.join("\n")).toBeGreaterThan(2);
  expect(seen[0], "the page opened before the migration ended").toMatch(/^(queued|running)\|/);
  expect(
    seen.some((s) => s.includes(":running")),
    "some agent was seen at work",
  ).toBe(true);
  await expect(page.getByTestId("validated-count")).toHaveText(
    `${SAMPLE_PROGRAMMABLE} of ${SAMPLE_PROGRAMMABLE} views, procedures, functions`,
  );
  await expect(page.getByTestId("loaded-count")).toHaveText(
    `${SAMPLE_SOURCE_TABLES} of ${SAMPLE_SOURCE_TABLES} tables`,
  );
  await expect(page.getByTestId("activity")).toContainText("validated");
  await screenshot(page, testInfo, "03-migration-detail-succeeded");

  // Objects: every view and procedure validated, every table loaded; one opened shows the T-SQL and the dbt SQL side by side.
  await page.getByRole("tab", { name: "Objects" }).click();
  await expect(page.getByTestId("object-row")).toHaveCount(SAMPLE_OBJECTS);
  await page.getByLabel("Kind").selectOption("view");
  await expect(page.getByTestId("object-row")).toHaveCount(8);
  await page.getByLabel("Kind").selectOption("");
  await screenshot(page, testInfo, "04-objects");
  await page.getByRole("link", { name: "[dbo].[Order Totals]" }).click();
  const view = page.getByTestId("object-view");
  await expect(view.getByRole("heading", { name: "[dbo].[Order Totals]" })).toBeVisible();
  await expect(page.getByTestId("tsql-pane")).toContainText(/CREATE\s+VIEW/i);
  await expect(page.getByTestId("dbt-pane")).toContainText("ref('stg_ecommerce__orders')");
  await expect(page.getByTestId("tsql-pane").locator(".hljs-keyword").first()).toBeVisible();
  await expect(view).toContainText("match (111/111 rows)");
  // What built the model (the worker's default TESTER_DBT=off: the built-in compiler).
  await expect(page.getByTestId("object-built-by")).toContainText("built by built-in compiler");
  await screenshot(page, testInfo, "05-object-view");

  // Lineage: one node per source table and per model, coloured by status; a node opens its object.
  await page.getByRole("tab", { name: "Lineage" }).click();
  const nodes = page.getByTestId("lineage-node");
  await expect(nodes).toHaveCount(SAMPLE_SOURCE_TABLES + SAMPLE_OBJECTS);
  await expect(page.getByTestId("lineage-count")).toContainText(
    `${SAMPLE_SOURCE_TABLES + SAMPLE_OBJECTS} nodes: ${SAMPLE_SOURCE_TABLES} source tables, ${SAMPLE_OBJECTS} models`,
  );
  await expect(page.locator('[data-testid="lineage-node"][data-status="validated"]')).toHaveCount(SAMPLE_PROGRAMMABLE);
  await expect(page.locator('[data-testid="lineage-node"][data-status="loaded"]')).toHaveCount(SAMPLE_SOURCE_TABLES);
  await screenshot(page, testInfo, "06-lineage");
  await page.getByRole("button", { name: /^monthly_sales: marts/ }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("object-view").getByRole("heading", { name: "[dbo].[Monthly Sales]" })).toBeVisible();

  // The assessment report and the LLM calls (none: the rules did everything).
  await page.getByRole("tab", { name: "Assessment" }).click();
  await expect(page.getByTestId("assessment")).toContainText("24 translated by rules");
  await screenshot(page, testInfo, "07-assessment");
  await page.getByRole("tab", { name: "LLM calls" }).focus();
  await page.keyboard.press("ArrowRight"); // keyboard: arrows move between tabs (wraps to Overview)
  await expect(page.getByRole("tab", { name: "Overview" })).toHaveAttribute("aria-selected", "true");
  await page.getByRole("tab", { name: "LLM calls" }).click();
  await expect(page.getByText("No LLM calls.")).toBeVisible();

  // The dbt project as a zip: dbt_project.yml, the models, and YAML that dbt's own schemas accept.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: /Download dbt project/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("Live-sample-dbt.zip");
  const files = unzipSync(new Uint8Array(fs.readFileSync(await download.path())));
  const names = Object.keys(files);
  expect(names).toContain("dbt_project.yml");
  expect(names.filter((n) => /^models\/.+\.sql$/.test(n))).toHaveLength(SAMPLE_OBJECTS);
  const yamlFiles = names.filter((n) => n.endsWith(".yml"));
  expect(yamlFiles.length).toBeGreaterThan(3);
  if (fs.existsSync(DBT_SCHEMAS)) {
    const validate = validators();
    for (const name of yamlFiles) {
      const check = name === "dbt_project.yml" ? validate.project : validate.yml;
      const ok = check(parseYaml(strFromU8(files[name]!)));
      expect({ name, errors: ok ? null : check.errors }).toEqual({ name, errors: null });
    }
  }
  // The source tables for the user's PostgreSQL: their DDL, then the rows the migration validated on, for psql (the
  // project's README; agents/sandbox/dump.test.ts and the dbt conformance test run the same scripts with psql).
  const loadData = strFromU8(files["source_schema/load_data.sql"]!);
  const copies = loadData.match(/^copy .+ from stdin;$/gm) ?? [];
  expect(copies.length).toBeGreaterThan(0);
  expect(loadData.match(/^\\\.$/gm) ?? []).toHaveLength(copies.length);
  const downloadingTables = page.waitForEvent("download");
  await page.getByRole("link", { name: "Source tables (.sql)" }).click();
  const tablesDownload = await downloadingTables;
  expect(tablesDownload.suggestedFilename()).toBe("Live-sample-source-tables.sql");
  const tablesSql = fs.readFileSync(await tablesDownload.path(), "utf8");
  expect(tablesSql.match(/^create table /gm) ?? []).toHaveLength(SAMPLE_SOURCE_TABLES);
  expect(tablesSql.indexOf("create table ")).toBeLessThan(tablesSql.indexOf(copies[0]!));
  expect(tablesSql).toContain(loadData);
  const html = await page.request.get(`${migrationUrl.replace(/\/migrations\//, "/api/migrations/")}/report.html`);
  expect(html.status()).toBe(200);
  expect(await html.text()).toContain("[dbo].[Order Totals]");

  // The list: status, progress, objects validated, cost, times; filters.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Migrations", exact: true }).click();
  const row = page.getByTestId("migration-row").filter({ hasText: "Live sample" });
  await expect(row).toContainText("succeeded");
  await expect(row).toContainText(`${SAMPLE_PROGRAMMABLE}/${SAMPLE_PROGRAMMABLE}`);
  await expect(row).toContainText(`${SAMPLE_SOURCE_TABLES}/${SAMPLE_SOURCE_TABLES} tables`);
  await expect(row).toContainText("$0.00");
  await page.getByLabel("Status").selectOption("failed");
  await expect(page.getByText("No migrations match these filters.")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(row).toBeVisible();
  await screenshot(page, testInfo, "08-migrations-list");

  // Phone width: no sideways scrolling on the main pages.
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalScroll(page);
  await screenshot(page, testInfo, "09-phone-list");
  await page.goto(migrationUrl);
  await expect(page.getByTestId("migration-status")).toContainText("succeeded");
  await expectNoHorizontalScroll(page);
  await screenshot(page, testInfo, "10-phone-detail");
  await page.goto(`${migrationUrl}?tab=objects&object=${encodeURIComponent("dbo.order totals")}`);
  await expect(page.getByTestId("dbt-pane")).toBeVisible();
  await expectNoHorizontalScroll(page);
  await screenshot(page, testInfo, "11-phone-object");
  await page.setViewportSize({ width: 1280, height: 800 });

  // Another user cannot open this migration: not on the page, not in the API, not as a download.
  const other = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const stranger = await other.newPage();
  await newUser(stranger, "stranger");
  await stranger.goto(migrationUrl);
  await expect(stranger.getByRole("alert").filter({ hasText: /\w/ })).toContainText(
    "This migration does not exist or is not yours.",
  );
  await screenshot(stranger, testInfo, "12-other-user-not-found");
  const id = migrationUrl.split("/").pop()!;
  expect((await stranger.request.get(`/api/migrations/${id}/project.zip`)).status()).toBe(404);
  expect((await stranger.request.get(`/api/migrations/${id}/source-tables.sql`)).status()).toBe(404);
  expect(
    (
      await stranger.request.get(
        `/api/trpc/migrationDetails.overview?input=${encodeURIComponent(JSON.stringify({ id }))}`,
      )
    ).status(),
  ).toBe(404);
  await other.close();
});

test("a pasted script is previewed with its problems, cancelled in the queue, retried, and re-run", async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  await newUser(page, "cancel");
  await page.goto("/migrations/new");
  await page.getByLabel("Name", { exact: true }).fill("Pasted shop");
  await page.getByLabel("Paste T-SQL").check();
  await page
    .getByLabel("T-SQL", { exact: true })
    .fill(
      [
        "CREATE TABLE dbo.Items (ItemID int PRIMARY KEY, Name nvarchar(40) NOT NULL)",
        "GO",
        "INSERT INTO dbo.Items VALUES (1, N'one'), (2, N'two')",
        "GO",
        "CREATE TABLE dbo.Broken (id int,, )",
        "GO",
        "CREATE VIEW dbo.ItemNames AS SELECT Name FROM dbo.Items",
        "GO",
      ].join("\n"),
    );
  // Parse problems are shown with the file and the line.
  await expect(page.getByTestId("diagnostics")).toContainText("pasted.sql:5");
  await expect(page.getByTestId("assessment")).toContainText("2 translated by rules");
  await screenshot(page, testInfo, "20-new-migration-paste-preview");
  // Two sample migrations keep the worker's slots busy, so the migration under test waits in the queue.
  await createMigrationViaApi(page, { name: "Blocker 1", source: { kind: "sample" } });
  await createMigrationViaApi(page, { name: "Blocker 2", source: { kind: "sample" } });
  await page.getByRole("button", { name: "Start migration" }).click();
  await expect(page).toHaveURL(/\/migrations\/[0-9a-f-]{36}$/);
  const status = page.getByTestId("migration-status");
  await expect(status).toContainText("queued");
  await expect(page.locator('[data-testid="timeline-step"][data-agent="assessment"]')).toContainText(
    "Waiting for a worker",
  );

  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(status).toContainText("cancelled");
  await expect(page.getByRole("button", { name: "Retry" })).toBeVisible();
  await screenshot(page, testInfo, "21-cancelled");

  await page.getByRole("button", { name: "Retry" }).click();
  await expect(status).toContainText(/queued|running/);
  await expect(status).toContainText("succeeded", { timeout: 150_000 });
  // No expected results were given: the view is built and tested, but not validated against data; the table
  // returns the pasted rows, which counts as loaded, never as validated.
  await expect(page.getByTestId("validated-count")).toHaveText("0 of 1 views, procedures, functions");
  await expect(page.getByTestId("loaded-count")).toHaveText("1 of 1 tables");
  await page.getByRole("tab", { name: "Objects" }).click();
  await expect(page.getByTestId("object-row").filter({ hasText: "[dbo].[ItemNames]" })).toContainText("executed");
  await page.getByRole("link", { name: "[dbo].[ItemNames]" }).click();
  await expect(page.getByTestId("object-reason")).toHaveText(
    "nothing was compared: no expected result was given for this view, so it built and ran but its data is not proven",
  );
  await screenshot(page, testInfo, "22-object-executed");

  // Nothing failed, so nothing to re-run "only the failed ones" of; re-run everything: the whole graph again from the first agent, live.
  await expect(page.getByRole("button", { name: "Re-run failed objects" })).toHaveCount(0);
  await page.getByRole("button", { name: "Re-run everything" }).click();
  await expect(status).toContainText(/queued|running/);
  await expect(status).toContainText("succeeded", { timeout: 90_000 });
  await expect(page.locator('[data-testid="timeline-step"][data-agent="evaluator"]')).toHaveAttribute(
    "data-state",
    "done",
  );
  await screenshot(page, testInfo, "23-rerun-succeeded");
  await waitForIdleWorker(page);
});

test("an uploaded zip of .sql files is validated against uploaded expected results", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await newUser(page, "upload");
  await page.goto("/migrations/new");
  await page.getByLabel("Name", { exact: true }).fill("Uploaded shop");
  await page.getByLabel("Upload a file").check();
  const zip = (files: Record<string, string>) =>
    Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([n, t]) => [n, strToU8(t)]))));
  await page.getByLabel("Source file (.sql, .zip or .json)").setInputFiles({
    name: "shop.zip",
    mimeType: "application/zip",
    buffer: zip({
      "Shop/Tables/Items.sql":
        "CREATE TABLE dbo.Items (ItemID int PRIMARY KEY, Name nvarchar(40) NOT NULL)\nGO\nINSERT INTO dbo.Items VALUES (1, N'one'), (2, N'two')\nGO\n",
      "Shop/Views/ItemNames.sql": "CREATE VIEW dbo.ItemNames AS SELECT Name FROM dbo.Items\nGO\n",
    }),
  });
  await page.getByLabel("Expected results (optional .zip)").setInputFiles({
    name: "expected.zip",
    mimeType: "application/zip",
    buffer: zip({
      "expected/manifest.json": JSON.stringify({
        objects: [{ object: "dbo.ItemNames", kind: "view", file: "item_names.csv", rows: 2 }],
      }),
      "expected/item_names.csv": "Name\none\ntwo\n",
    }),
  });
  await expect(page.getByTestId("assessment")).toContainText("1 result set from expected.zip");
  await expect(page.getByTestId("assessment")).toContainText("2 translated by rules");
  await screenshot(page, testInfo, "40-new-migration-upload-preview");
  await page.getByRole("button", { name: "Start migration" }).click();
  await expect(page).toHaveURL(/\/migrations\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("migration-status")).toContainText("succeeded", { timeout: 120_000 });
  // The view's output was compared with the uploaded CSV, so it is validated, not merely executed.
  await expect(page.getByTestId("validated-count")).toHaveText("1 of 1 views, procedures, functions");
  await expect(page.getByTestId("loaded-count")).toHaveText("1 of 1 tables");
  await page.getByRole("tab", { name: "Objects" }).click();
  await expect(page.getByTestId("object-row").filter({ hasText: "[dbo].[ItemNames]" })).toContainText(
    "match (2/2 rows)",
  );
  await screenshot(page, testInfo, "41-upload-validated");
});

test("API keys, account and the scripts page show the user's own key prefix", async ({ page }, testInfo) => {
  const email = await newUser(page, "scripts");
  await page.getByRole("link", { name: "Scripts & CLI" }).click();
  await expect(page.getByText("You have no active API key yet")).toBeVisible();
  await page.getByRole("link", { name: "API keys" }).click();
  await page.getByLabel("Key name").fill("CI");
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("new-api-key").textContent())!;
  await screenshot(page, testInfo, "30-api-keys");
  await page.getByRole("link", { name: "Scripts & CLI" }).click();
  await expect(page.getByTestId("key-prefix")).toHaveText(`${secret.slice(0, 12)}…`);
  await expect(page.getByTestId("code-block").first()).toContainText(`DATAMIGRATE_API_KEY=${secret.slice(0, 12)}…`);
  expect(await page.content()).not.toContain(secret);
  await screenshot(page, testInfo, "31-scripts");
  await page.getByRole("link", { name: "Account" }).click();
  await expect(page.getByTestId("account-email")).toHaveText(email);
  await screenshot(page, testInfo, "32-account");
});
