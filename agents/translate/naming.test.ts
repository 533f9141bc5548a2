import { describe, expect, it } from "vitest";
import { ZCatalog } from "~/agents/catalog/schema";
import { aliasName, columnNames } from "~/agents/plan/naming";
import { createResolver } from "./context";
import { renderJinja, shopDdl, translate } from "./testing/harness";
import { shopDatabaseForThisFile } from "./testing/database";

/**
 * Names past staging: every column, alias and CTE is snake_case (plan/naming `columnNames`), resolved from T-SQL
 * names that are case-insensitive (SQL Server's default CI collation, docs: database-identifiers.md), proven on
 * PostgreSQL with columns whose names collide once snake_cased.
 */

// SQL Server keeps these four apart; snake_cased they are all `order_id`, and `Group` is reserved in PostgreSQL.
const catalog = ZCatalog.parse({
  database: "shop",
  tables: [
    {
      name: "Order Lines",
      columns: [
        { name: "OrderID", type: { name: "int" } },
        { name: "Order_ID", type: { name: "int" } },
        { name: "Order ID", type: { name: "int" } },
        { name: "Group", type: { name: "nvarchar", length: 10 } },
      ],
      data: { columns: ["OrderID", "Order_ID", "Order ID", "Group"], rows: [["1", "20", "300", "g"]] },
    },
    // Alike in their first 30 characters, the most an alias keeps.
    ...["North", "South"].map((region, i) => ({
      name: `Quarterly revenue figures reconciled, ${region}`,
      columns: [{ name: "id", type: { name: "int" } }],
      data: { columns: ["id"], rows: [[String(i + 1)]] },
    })),
  ],
});
const context = { catalog, resolver: createResolver(catalog) };
const db = shopDatabaseForThisFile(() => shopDdl(catalog));

async function run(tsql: string) {
  const t = translate(tsql, context);
  expect(t.issues, t.sql).toEqual([]);
  return { rows: await db.sql.unsafe(renderJinja(t.sql, {})), t };
}

describe("columnNames", () => {
  it("snake_cases, suffixes reserved words, prefixes a leading digit and numbers collisions in column order", () => {
    expect(columnNames(["OrderID", "Order_ID", "Order ID", "Group", "group_", "1st", "!!!"])).toEqual([
      "order_id",
      "order_id_2",
      "order_id_3",
      "group_",
      "group__2",
      "_1st",
      "column_",
    ]);
  });
  it("cuts an alias after its last whole word within 30 characters, suffixing a reserved word the cut leaves", () => {
    expect(aliasName("Quarterly revenue figures reconciled against the general ledger")).toBe(
      "quarterly_revenue_figures",
    );
    expect(aliasName("Order reconciliationsandadjustments")).toBe("order_");
    expect(aliasName("Order Details")).toBe("order_details");
  });
  it("keeps letters of caseless scripts, numbers names alike once snake_cased, and cuts past 63 bytes on a character boundary", () => {
    const wide = "季度收入数据已与总账核对完毕并由区域仓库团队归档保存";
    const names = columnNames(["名称", "[名称]", "名 称", `${wide}一`, `${wide}二`]);
    expect(names.slice(0, 3)).toEqual(["名称", "名称_2", "名_称"]);
    expect(names[3]).toBe(wide.slice(0, 21));
    expect(names[4]).toBe(`${wide.slice(0, 20)}_2`);
    for (const n of names) expect(Buffer.byteLength(n)).toBeLessThanOrEqual(63);
  });
  it("skips a numbered name the list already uses", () => {
    expect(columnNames(["a", "A ", "a_2"])).toEqual(["a", "a_3", "a_2"]);
  });
  it("cuts a name to the 63 bytes PostgreSQL keeps, and numbers two that are alike in their first 63 within 63", () => {
    const long = "A column name that runs well past the sixty-three bytes PostgreSQL keeps";
    const names = columnNames([`${long}: one`, `${long}: two`, "short"]);
    expect(names).toEqual([
      "a_column_name_that_runs_well_past_the_sixty_three_bytes_postgre",
      "a_column_name_that_runs_well_past_the_sixty_three_bytes_postg_2",
      "short",
    ]);
    for (const n of names) expect(Buffer.byteLength(n)).toBeLessThanOrEqual(63);
  });
});

describe("column references through the catalog to snake_case staging names", () => {
  it('maps [Order ID], "Order_ID", orderid (any case) and [Group] each to its own staging column', async () => {
    const { rows, t } = await run(
      `select [Order ID] as a, "Order_ID" as b, orderid as c, [ORDER ID] as d, [group] as e from [Order Lines]`,
    );
    expect(t.sql).not.toMatch(/"[^"]*[A-Z ][^"]*"/);
    expect(rows).toEqual([{ a: 300, b: 20, c: 1, d: 300, e: "g" }]);
  });
  it("names a view's output columns with the same function, so its colliding names stay apart", async () => {
    const { rows, t } = await run(`select [Order ID], Order_ID, OrderID, [Group] from [Order Lines]`);
    expect(t.columns.map((c) => c.name)).toEqual(["Order ID", "Order_ID", "OrderID", "Group"]);
    expect(rows).toEqual([{ order_id: 300, order_id_2: 20, order_id_3: 1, group_: "g" }]);
  });
  it("names a table read without an alias by its first whole words, within 30 characters, two alike kept apart", async () => {
    const north = "[Quarterly revenue figures reconciled, North]";
    const south = "[Quarterly revenue figures reconciled, South]";
    const { rows, t } = await run(`select ${north}.id as a, ${south}.id as b from ${north} cross join ${south}`);
    expect(t.sql).toMatch(/\bas quarterly_revenue_figures\b/);
    expect(t.sql).toMatch(/\bas quarterly_revenue_figures_2\b/);
    expect(rows).toEqual([{ a: 1, b: 2 }]);
  });
  it("keeps two aliases apart that snake_case alike: the table's exposed name and a derived table's alias", async () => {
    const { rows } = await run(
      `select [Order Lines].OrderID, Order_Lines.k from [Order Lines] cross join (select 7 as k) as Order_Lines`,
    );
    expect(rows).toEqual([{ order_id: 1, k: 7 }]);
  });
});
