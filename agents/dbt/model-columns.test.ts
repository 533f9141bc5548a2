import { describe, expect, it } from "vitest";
import { assess } from "~/agents/assess";
import { ZCatalog } from "~/agents/catalog/schema";
import type { Translation } from "~/agents/core/contracts";
import { plan } from "~/agents/plan";
import { translatePlan } from "~/agents/translate/plan-resolver";
import { modelColumns } from "./model-columns";

/** Column docs and the data tests a mart's SELECT proves (only tests that hold of every SQL Server result). */

const catalog = ZCatalog.parse({
  database: "shop",
  tables: [
    {
      name: "Orders",
      columns: [
        { name: "OrderID", type: { name: "int" }, nullable: false },
        { name: "CustomerID", type: { name: "nchar", length: 5 }, nullable: false },
        { name: "Freight", type: { name: "money" } },
      ],
      primaryKey: { columns: ["OrderID"] },
    },
    {
      name: "Customers",
      columns: [
        { name: "CustomerID", type: { name: "nchar", length: 5 }, nullable: false },
        { name: "Region", type: { name: "nvarchar", length: 15 }, nullable: false },
      ],
      primaryKey: { columns: ["CustomerID"] },
    },
  ],
  views: [
    {
      name: "Big Orders",
      definition:
        "create view [Big Orders] as select OrderID, CustomerID, Freight * 2 as Double from Orders where Freight > 10",
    },
    {
      name: "Freight By Customer",
      definition:
        "create view [Freight By Customer] as select CustomerID, sum(Freight) as Total from Orders group by CustomerID",
    },
    {
      name: "Orders With Region",
      definition:
        "create view [Orders With Region] as select o.OrderID, c.Region from Orders o left join Customers c on c.CustomerID = o.CustomerID",
    },
    { name: "Ids", definition: "create view Ids as select OrderID from Orders union all select OrderID from Orders" },
    {
      name: "By Region",
      definition: "create view [By Region] as select Region, count(*) as n from Customers group by rollup (Region)",
    },
  ],
});
const planned = plan(catalog, assess(catalog));
const rules = translatePlan(catalog, planned);
const translations: Translation[] = rules.map((r) => ({
  key: r.key,
  model: r.model,
  sql: r.sql,
  status: r.status,
  issues: r.issues,
  constructs: r.constructs,
  by: "rules",
}));
const translationOf = (m: { key: string }) => translations.find((t) => t.key === m.key);
const columns = modelColumns(catalog, planned, translationOf, () => true);
const model = (key: string) => columns.get(planned.models.find((m) => m.key === key)!.name)!;

describe("modelColumns", () => {
  it("documents each output column: snake_case name, SQL Server name and type, origin", () => {
    expect(model("dbo.big orders")).toEqual([
      {
        name: "order_id",
        description: "SQL Server column [OrderID], int; from stg_shop__orders.order_id.",
        data_type: "integer",
        data_tests: ["not_null", "unique"],
      },
      {
        name: "customer_id",
        description: "SQL Server column [CustomerID], nchar(5); from stg_shop__orders.customer_id.",
        data_type: "char(5)",
        data_tests: ["not_null"],
      },
      expect.objectContaining({
        name: "double",
        description: expect.stringMatching(/^SQL Server column \[Double\], money; computed as .*freight/),
      }),
    ]);
    expect(model("dbo.big orders")[2]).not.toHaveProperty("data_tests");
  });
  it("tests the one GROUP BY key unique", () => {
    expect(model("dbo.freight by customer")[0]).toMatchObject({
      name: "customer_id",
      data_tests: ["not_null", "unique"],
    });
    expect(model("dbo.freight by customer")[1]).not.toHaveProperty("data_tests");
  });
  it("claims nothing an outer join, a UNION ALL or ROLLUP can break", () => {
    // The left join keeps every order (its key stays unique) but pads Region with NULL; the join is not the
    // only table read, so no uniqueness is claimed either.
    expect(model("dbo.orders with region").map((c) => c.data_tests)).toEqual([undefined, undefined]);
    expect(model("dbo.ids").map((c) => c.data_tests)).toEqual([undefined]);
    expect(model("dbo.by region").map((c) => c.data_tests)).toEqual([undefined, undefined]);
  });
  it("gives no facts to a model whose SQL is not the rules' own (a repair or Claude's)", () => {
    const repaired = translations.map((t) =>
      t.key === "dbo.big orders" ? { ...t, sql: `${t.sql}\n-- repaired`, by: "repair" as const } : t,
    );
    const docs = modelColumns(
      catalog,
      planned,
      (m) => repaired.find((t) => t.key === m.key),
      () => true,
    );
    expect(docs.has(planned.models.find((m) => m.key === "dbo.big orders")!.name)).toBe(false);
  });
});
