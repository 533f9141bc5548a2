import { describe, expect, it } from "vitest";
import { assess } from "~/agents/assess";
import { objectKey, ZCatalog } from "~/agents/catalog/schema";
import { MAX_IDENTIFIER_BYTES } from "~/agents/dialect/postgres";
import { ingest } from "~/agents/ingest";
import { plan } from "./index";
import { snakeCase, uniqueEntities, type NameRequest } from "./naming";
import { LONG_NAMES, LONG_NAMES_SCRIPT } from "./testing/long-names";
import { oddCatalog } from "./testing";

describe("snakeCase", () => {
  it.each([
    ["Order Details", "order_details"],
    ["Sales by Category", "sales_by_category"],
    ["SalesByCategory", "sales_by_category"],
    ["Ten Most Expensive Products", "ten_most_expensive_products"],
    ["CustOrdersDetail", "cust_orders_detail"],
    ["EmployeeID", "employee_id"],
    ["HTTPRequests", "http_requests"],
    ["Product Sales for 1997", "product_sales_for_1997"],
    ["Price [USD]", "price_usd"],
    ["Crème Brûlée", "creme_brulee"],
    ["  __weird--name__ ", "weird_name"],
    ["!!!", "object"],
    // Letters of caseless scripts are kept (half-width kana as the full-width letter, its voicing mark recomposed);
    // a combining vowel sign is not (sqlfluff cannot lex one unquoted), nor a letter of a cased script but ASCII.
    ["名称", "名称"],
    ["Order 名称ID", "order_名称id"],
    ["이름", "이름"],
    ["اسم", "اسم"],
    ["ｶﾞｽ料金", "ガス料金"],
    ["ชื่อ", "ช_อ"],
    ["Имя", "object"],
  ])("%s → %s", (input, expected) => {
    expect(snakeCase(input)).toBe(expected);
  });

  it("keeps to ASCII for names our Jinja subset reads as identifiers (macros, the project)", () => {
    expect(snakeCase("Order 名称", "object", { ascii: true })).toBe("order");
  });
});

describe("uniqueEntities", () => {
  const req = (key: string, kind: NameRequest["kind"], entity: string, schema = "dbo"): NameRequest => ({
    key,
    kind,
    schema,
    entity,
    namespace: "models",
  });

  it("keeps the plain name for the view and suffixes the procedure, whatever the input order", () => {
    const requests = [
      req("dbo.salesbycategory", "procedure", "sales_by_category"),
      req("dbo.sales by category", "view", "sales_by_category"),
    ];
    for (const input of [requests, [...requests].reverse()]) {
      const names = uniqueEntities(input);
      expect(names.get("dbo.sales by category")).toBe("sales_by_category");
      expect(names.get("dbo.salesbycategory")).toBe("sales_by_category_proc");
    }
  });

  it("prefixes the schema outside dbo, then numbers what still collides", () => {
    const names = uniqueEntities([
      req("sales.orders", "view", "orders", "Sales"),
      req("dbo.orders", "view", "orders"),
      req("dbo.order details", "view", "order_details"),
      req("dbo.orderdetails", "view", "order_details"),
      req("dbo.order_details", "view", "order_details"),
    ]);
    expect(names.get("dbo.orders")).toBe("orders");
    expect(names.get("sales.orders")).toBe("sales_orders");
    expect([names.get("dbo.order details"), names.get("dbo.order_details"), names.get("dbo.orderdetails")]).toEqual([
      "order_details",
      "order_details_2",
      "order_details_3",
    ]);
  });

  it("does not number a name into one that is already taken", () => {
    const names = uniqueEntities([req("dbo.a", "view", "x"), req("dbo.b", "view", "x"), req("dbo.c", "view", "x_2")]);
    expect(new Set(names.values()).size).toBe(3);
    expect(names.get("dbo.b")).toBe("x_3");
  });
});

describe("plan", () => {
  const catalog = oddCatalog();
  const result = plan(catalog, assess(catalog));
  const model = (key: string) => result.models.find((m) => m.key === key)!;

  it("makes one source per schema, named after the database and the schema when there are several", () => {
    expect(result.project).toEqual({ name: "acme_sales", profile: "acme_sales" });
    expect(result.sources).toEqual([
      {
        name: "acme_sales_dbo",
        schema: "dbo",
        tables: ["Order Details", "Orders", "Products", "audit_log", "Order Notes"],
      },
      { name: "acme_sales_sales", schema: "Sales", tables: ["Customers"] },
    ]);
    const single = ZCatalog.parse({
      database: "Northwind",
      tables: [{ name: "Orders", columns: [{ name: "id", type: { name: "int" } }] }],
    });
    expect(plan(single, assess(single)).sources).toEqual([{ name: "northwind", schema: "dbo", tables: ["Orders"] }]);
  });

  it("puts each table in staging as stg_<source>__<entity>, a view that reads only its source", () => {
    expect(model("dbo.order details")).toMatchObject({
      name: "stg_acme_sales_dbo__order_details",
      path: "models/staging/acme_sales_dbo/stg_acme_sales_dbo__order_details.sql",
      layer: "staging",
      materialized: "view",
      dependsOn: [],
    });
    expect(model("sales.customers").path).toBe("models/staging/acme_sales_sales/stg_acme_sales_sales__customers.sql");
  });

  it("puts views that others read in intermediate and the rest in marts, by schema area", () => {
    expect(model("dbo.order subtotals")).toMatchObject({
      name: "int_order_subtotals",
      path: "models/intermediate/core/int_order_subtotals.sql",
      materialized: "view",
    });
    expect(model("dbo.big orders")).toMatchObject({
      name: "big_orders",
      path: "models/marts/core/big_orders.sql",
      materialized: "table",
      dependsOn: ["int_order_subtotals"],
    });
    expect(model("sales.sales by category")).toMatchObject({
      name: "sales_sales_by_category",
      path: "models/marts/sales/sales_sales_by_category.sql",
    });
  });

  it("makes procedures mart models with their parameters as vars, suffixed when a view has the name", () => {
    expect(model("dbo.salesbycategory")).toMatchObject({
      name: "sales_by_category_proc",
      path: "models/marts/core/sales_by_category_proc.sql",
      layer: "marts",
      materialized: "table",
      dependsOn: ["int_sales_by_category"],
      vars: [{ name: "CategoryName" }, { name: "OrdYear", default: "'1998'" }],
    });
    expect(model("dbo.ten most expensive products").name).toBe("ten_most_expensive_products");
  });

  it("makes scalar functions macros, table-valued functions ephemeral models and triggers review notes", () => {
    expect(model("dbo.ufnformat")).toMatchObject({ name: "ufn_format", path: "macros/ufn_format.sql", layer: "macro" });
    expect(model("dbo.ref")).toMatchObject({ name: "ref_fn", layer: "macro" });
    expect(model("dbo.ordersforcustomer")).toMatchObject({
      name: "int_orders_for_customer",
      materialized: "ephemeral",
      vars: [{ name: "CustomerID", default: "N'ALFKI'" }],
    });
    expect(model("dbo.trgordersaudit")).toMatchObject({
      name: "trg_orders_audit",
      path: "review/trg_orders_audit.md",
      layer: "review",
    });
  });

  it("orders built models with dependencies first and leaves macros and review notes out", () => {
    const pos = (n: string) => result.order.indexOf(n);
    expect(result.order).not.toContain("ufn_format");
    expect(result.order).not.toContain("trg_orders_audit");
    expect(result.order).toHaveLength(
      result.models.filter((m) => ["staging", "intermediate", "marts"].includes(m.layer)).length,
    );
    for (const m of result.models)
      for (const d of m.dependsOn) if (result.order.includes(m.name)) expect(pos(d)).toBeLessThan(pos(m.name));
    expect(new Set(result.models.map((m) => m.name)).size).toBe(result.models.length);
  });

  it("is deterministic", () => {
    expect(plan(catalog, assess(catalog))).toEqual(result);
  });

  // A MERGE into a temp table leaves a result set, which an incremental model without a unique_key would append on
  // every run; an upsert's translation configures its incremental model itself (merge-incremental.test.ts).
  it("plans a procedure that MERGEs as a table, leaving incremental to the translation that knows the key", () => {
    const c = ZCatalog.parse({
      database: "x",
      tables: [{ name: "t", columns: [{ name: "id", type: { name: "int" } }] }],
      procedures: [
        {
          name: "upsert",
          definition: "CREATE PROCEDURE upsert AS MERGE t USING t AS s ON 1=1 WHEN MATCHED THEN UPDATE SET id = 1;",
        },
      ],
    });
    expect(plan(c, assess(c)).models.find((m) => m.key === "dbo.upsert")!.materialized).toBe("table");
  });
});

describe("plan: relation names past PostgreSQL's 63 bytes", () => {
  const catalog = ingest(
    { kind: "script", file: "long_names.sql", bytes: new TextEncoder().encode(LONG_NAMES_SCRIPT) },
    { database: "long_names" },
  );
  const result = plan(catalog, assess(catalog));
  const built = result.models.filter((m) => ["staging", "intermediate", "marts"].includes(m.layer));

  it("names every model within 63 bytes, prefix included, and distinct though the names share 70 characters", () => {
    expect(built).toHaveLength(11);
    for (const m of built) {
      expect(Buffer.byteLength(m.name, "utf8")).toBeLessThanOrEqual(MAX_IDENTIFIER_BYTES);
      expect(m.path.endsWith(`/${m.name}.sql`)).toBe(true);
    }
    expect(new Set(built.map((m) => m.name)).size).toBe(built.length);
    // A name in Chinese letters (kept by snakeCase) leaves dbt-postgres room for `__dbt_backup` in bytes.
    const wide = built.filter((m) => /[^\x00-\x7f]/.test(m.name));
    expect(wide.map((m) => m.key).sort()).toEqual(
      [objectKey("dbo", LONG_NAMES.TABLE_WIDE), objectKey("dbo", LONG_NAMES.VIEW_WIDE)].sort(),
    );
    for (const m of wide)
      expect(Buffer.byteLength(m.name, "utf8") + "__dbt_backup".length).toBeLessThanOrEqual(MAX_IDENTIFIER_BYTES);
    const north = result.models.find((m) => m.key === objectKey("dbo", LONG_NAMES.TABLE_NORTH))!;
    // The layer prefix stays; the cut name ends with a hash of the whole.
    expect(north.name).toMatch(/^stg_long_names_dbo__quarterly_revenue_figures_reconcil_[0-9a-f]{8}$/);
    // dependsOn names the fitted models, so refs resolve.
    const procedure = result.models.find((m) => m.key === objectKey("dbo", LONG_NAMES.PROCEDURE))!;
    const combined = result.models.find((m) => m.key === objectKey("dbo", LONG_NAMES.VIEW_COMBINED))!;
    expect(procedure.dependsOn).toEqual([combined.name]);
    expect(combined.name).toMatch(/^int_/);
  });
});

describe("plan: source names", () => {
  it("cuts a long schema's source name after a whole word, numbering schemas alike once cut or snake_cased", () => {
    const schemas = [
      "Finance quarterly reporting area, North",
      "Finance quarterly reporting area, South",
      "Order Details",
      "Order_Details",
    ];
    const catalog = ZCatalog.parse({
      database: "shop",
      tables: schemas.map((schema) => ({ schema, name: "t", columns: [{ name: "id", type: { name: "int" } }] })),
    });
    const sources = plan(catalog, assess(catalog)).sources;
    expect(sources.map((s) => [s.schema, s.name])).toEqual([
      [schemas[0], "shop_finance_quarterly_reporting_area"],
      [schemas[1], "shop_finance_quarterly_reporting_area_2"],
      [schemas[2], "shop_order_details"],
      [schemas[3], "shop_order_details_2"],
    ]);
  });
});

describe("plan: a long database name", () => {
  it("cuts the source name so staging models keep their entity, the project keeping the whole name", () => {
    const catalog = ZCatalog.parse({
      database: "Northwind Traders production database copy for the 2024 migration",
      tables: ["Orders", "Order Details"].map((name) => ({ name, columns: [{ name: "id", type: { name: "int" } }] })),
    });
    const result = plan(catalog, assess(catalog));
    expect(result.project.name).toBe("northwind_traders_production_database_copy_for_the_2024_migration");
    expect(result.sources.map((s) => s.name)).toEqual(["northwind_traders_produc"]);
    expect(result.models.map((m) => m.name).sort()).toEqual([
      "stg_northwind_traders_produc__order_details",
      "stg_northwind_traders_produc__orders",
    ]);
  });
});
