import { expect, test, type Page } from "@playwright/test";
import { createMigrationViaApi, expectNoHorizontalScroll, newUser, screenshot } from "./helpers";

/**
 * The lineage view at 500 objects: 100 tables and 399 views that read each other in chains (each view of the
 * second and later generations reads the view 100 before it, and every even one also the next), plus a
 * procedure that walks a cursor (it goes to review, so the status filter has more than one status to hide).
 */
const TABLES = 100;
const VIEWS = 399;
const pad = (i: number) => String(i).padStart(4, "0");
const viewReads = (i: number): string[] =>
  i < TABLES ? [`t_${pad(i)}`] : [`v_${pad(i - TABLES)}`, ...(i % 2 === 0 ? [`v_${pad(i - TABLES + 1)}`] : [])];

function generatedScript(): string {
  const batches: string[] = [];
  for (let i = 0; i < TABLES; i++) {
    batches.push(`CREATE TABLE dbo.t_${pad(i)} (id int NOT NULL PRIMARY KEY, amount int NULL)`);
    batches.push(`INSERT INTO dbo.t_${pad(i)} (id, amount) VALUES (1, ${i}), (2, ${i * 2})`);
  }
  for (let i = 0; i < VIEWS; i++) {
    const [first, second] = viewReads(i);
    batches.push(
      second
        ? `CREATE VIEW dbo.v_${pad(i)} AS SELECT a.id, a.amount + b.amount AS amount FROM dbo.${first} a JOIN dbo.${second} b ON b.id = a.id`
        : `CREATE VIEW dbo.v_${pad(i)} AS SELECT id, amount FROM dbo.${first}`,
    );
  }
  batches.push(
    [
      "CREATE PROCEDURE dbo.walk_t AS",
      "BEGIN",
      "  DECLARE @id int;",
      "  DECLARE c CURSOR FOR SELECT id FROM dbo.t_0000;",
      "  OPEN c;",
      "  FETCH NEXT FROM c INTO @id;",
      "  WHILE @@FETCH_STATUS = 0 FETCH NEXT FROM c INTO @id;",
      "  CLOSE c;",
      "  DEALLOCATE c;",
      "END",
    ].join("\n"),
  );
  return batches.join("\nGO\n") + "\nGO\n";
}

/** The objects a view's `+view+` lineage holds, from the script itself: views up and down, the tables at the top. */
function expectedLineage(view: number): { views: Set<number>; tables: Set<number> } {
  const views = new Set([view]);
  const tables = new Set<number>();
  const up = [view];
  while (up.length) {
    for (const name of viewReads(up.pop()!)) {
      const n = Number(name.slice(2));
      if (name.startsWith("t_")) tables.add(n);
      else if (!views.has(n)) {
        views.add(n);
        up.push(n);
      }
    }
  }
  const down = [view];
  while (down.length) {
    const v = down.pop()!;
    for (let i = 0; i < VIEWS; i++) {
      if (!views.has(i) && viewReads(i).includes(`v_${pad(v)}`)) {
        views.add(i);
        down.push(i);
      }
    }
  }
  return { views, tables };
}

type LineageNode = {
  id: string;
  label: string;
  type: string;
  layer: string;
  status: string | null;
  stage: string | null;
};

async function lineageFromApi(page: Page, id: string): Promise<LineageNode[]> {
  const response = await page.request.get(
    `/api/trpc/migrationDetails.lineage?input=${encodeURIComponent(JSON.stringify({ id }))}`,
  );
  return ((await response.json()) as { result: { data: { nodes: LineageNode[] } } }).result.data.nodes;
}

const shown = (page: Page) => page.getByTestId("lineage-shown");

test("the lineage of a 500-object migration: search finds and centres a model, +model+ shows exactly its lineage, filters hide the rest", async ({
  page,
}, testInfo) => {
  test.setTimeout(420_000);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await newUser(page, "lineage");
  const { id } = await createMigrationViaApi(page, {
    name: "Five hundred objects",
    source: { kind: "paste", sql: generatedScript() },
  });
  await page.goto(`/migrations/${id}`);
  await expect(page.getByTestId("migration-status")).toContainText(/succeeded|completed with issues|failed/, {
    timeout: 300_000,
  });
  await page.getByRole("tab", { name: "Lineage" }).click();

  const nodes = await lineageFromApi(page, id);
  const total = nodes.length;
  // 100 source tables, a staging model each, 399 views and the procedure.
  expect(total).toBe(TABLES + TABLES + VIEWS + 1);
  await expect(page.getByTestId("lineage-count")).toContainText(
    `${total} nodes: ${TABLES} source tables, ${total - TABLES} models`,
  );
  await expect(shown(page)).toHaveText(`Showing ${total} of ${total} nodes`);
  // Only what is on screen is drawn.
  expect(await page.getByTestId("lineage-node").count()).toBeLessThan(total);
  await screenshot(page, testInfo, "40-lineage-500-1440");

  // Search: the model is found, highlighted and drawn on screen.
  // A search input with a list of names is a combobox to assistive technology.
  const search = page.getByRole("combobox", { name: /Find a model/ });
  await search.fill("v_0150");
  await search.press("Enter");
  const found = page.locator('[data-testid="lineage-node"][data-highlighted="true"]');
  await expect(found).toHaveCount(1);
  await expect(found).toContainText("v_0150");
  await expect(found).toBeInViewport();
  await expect(shown(page)).toContainText("found");

  // +model+: exactly its ancestors and descendants (views, their tables' staging models, the source tables).
  await search.fill("+v_0150+");
  await search.press("Enter");
  const lineage = expectedLineage(150);
  const expectedCount = lineage.views.size + 2 * lineage.tables.size;
  await expect(shown(page)).toContainText(`Showing ${expectedCount} of ${total} nodes (the lineage of +`);
  const drawn = page.getByTestId("lineage-node");
  await expect(drawn).toHaveCount(expectedCount);
  for (const v of lineage.views) await expect(drawn.filter({ hasText: `v_${pad(v)}` })).toHaveCount(1);
  for (const t of lineage.tables) await expect(drawn.filter({ hasText: `t_${pad(t)}` })).toHaveCount(2); // source + staging
  await screenshot(page, testInfo, "41-lineage-focus-1440");

  // Upstream only: the view 150 reads 50 (and 51), which read their tables.
  await search.fill("+v_0150");
  await search.press("Enter");
  await expect(drawn).toHaveCount(3 + 2 * 2);
  await expect(drawn.filter({ hasText: "v_0250" })).toHaveCount(0);

  await page.getByRole("button", { name: "Clear" }).click();
  await expect(shown(page)).toHaveText(`Showing ${total} of ${total} nodes`);

  // Status filter: unticking a status hides exactly the nodes with it.
  const byStatus = new Map<string, number>();
  for (const n of nodes) {
    const key = n.type === "source" ? "source" : (n.status ?? (n.stage === "build failed" ? "failed" : "pending"));
    byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
  }
  expect(byStatus.get("needs_review")).toBe(1);
  const statusBox = page.getByRole("group", { name: "Status" });
  await statusBox.getByRole("checkbox", { name: "source table" }).uncheck();
  const mostCommon = [...byStatus].filter(([k]) => k !== "source").sort((a, b) => b[1] - a[1])[0]!;
  await statusBox.getByRole("checkbox", { name: mostCommon[0].replace("_", " "), exact: true }).uncheck();
  const left = total - byStatus.get("source")! - mostCommon[1];
  await expect(shown(page)).toHaveText(`Showing ${left} of ${total} nodes`);
  await statusBox.getByRole("checkbox", { name: "source table" }).check();
  await statusBox.getByRole("checkbox", { name: mostCommon[0].replace("_", " "), exact: true }).check();

  // Layer filter: only the marts.
  const layerBox = page.getByRole("group", { name: "Layer" });
  // Every layer but the marts (the plan may have more layers than the three, e.g. macros).
  for (const box of await layerBox.getByRole("checkbox").all()) {
    if ((await box.evaluate((el) => el.parentElement?.textContent?.trim())) !== "marts") await box.uncheck();
  }
  const marts = nodes.filter((n) => n.layer === "marts").length;
  expect(marts).toBeGreaterThan(0);
  await expect(shown(page)).toHaveText(`Showing ${marts} of ${total} nodes`);
  for (const box of await layerBox.getByRole("checkbox").all()) await box.check();

  // Phone width: the controls wrap, nothing scrolls sideways; a focus still works.
  await page.setViewportSize({ width: 390, height: 844 });
  await search.fill(`v_${pad(VIEWS - 1)}+`); // the last view: nothing reads it
  await search.press("Enter");
  await expect(drawn).toHaveCount(1);
  await expectNoHorizontalScroll(page);
  await screenshot(page, testInfo, "42-lineage-focus-390");
  await page.getByRole("button", { name: "Clear" }).click();
  await screenshot(page, testInfo, "43-lineage-500-390");
});
