import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { ZCatalog } from "~/agents/catalog/schema";
import { literalDefault, planTable } from "./ddl";
import { copyField, loadCatalog } from "./load";
import { createSandbox, type Sandbox } from "./sandbox";
import { northwindLikeCatalog } from "./testing";

describe("loading a catalog into the sandbox", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ adminUrl: inject("pgAdminUrl") });
  });
  afterAll(() => sandbox?.dispose());

  it("creates the test catalog's tables with their original names and loads all 3,308 of its rows", async () => {
    const result = await loadCatalog(sandbox.sql, northwindLikeCatalog());
    expect(result).toMatchObject({ tables: 12, rows: 3308 });
    console.info(`loaded ${result.rows} rows into ${result.tables} tables in ${result.ms.toFixed(0)} ms`);

    const counts = await sandbox.sql`
      select c.relname as name, c.reltuples from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'dbo' and c.relkind = 'r' order by 1`;
    expect(counts.map((c) => c.name)).toContain("Order Details");
    const [count] = await sandbox.sql<{ n: number }[]>`select count(*)::int as n from "dbo"."Order Details"`;
    expect(count?.n).toBe(2155);
  });

  it("converts each SQL Server type to the PostgreSQL type and value it maps to", async () => {
    const types = await sandbox.sql`
      select table_name, column_name, data_type, character_maximum_length as len, numeric_precision as p, numeric_scale as s,
             is_identity, is_nullable, datetime_precision as dp
      from information_schema.columns where table_schema = 'dbo' and table_name in ('Products', 'Order Details', 'Orders', 'Categories', 'Customers')`;
    const type = (table: string, column: string) =>
      types.find((t) => t.table_name === table && t.column_name === column);
    expect(type("Products", "UnitPrice")).toMatchObject({ data_type: "numeric", p: 19, s: 4 });
    expect(type("Products", "Discontinued")).toMatchObject({ data_type: "boolean", is_nullable: "NO" });
    expect(type("Products", "ProductID")).toMatchObject({ data_type: "integer", is_identity: "YES" });
    expect(type("Order Details", "Discount")).toMatchObject({ data_type: "real" });
    expect(type("Order Details", "Quantity")).toMatchObject({ data_type: "smallint" });
    expect(type("Orders", "OrderDate")).toMatchObject({ data_type: "timestamp without time zone", dp: 3 });
    expect(type("Categories", "Picture")).toMatchObject({ data_type: "bytea" });
    expect(type("Customers", "CustomerID")).toMatchObject({ data_type: "character", len: 5 });

    const [product] =
      await sandbox.sql`select "UnitPrice"::text as price, "Discontinued" as d from "dbo"."Products" where "ProductID" = 1`;
    expect(product).toEqual({ price: "2.5000", d: true });
    const [line] =
      await sandbox.sql`select "Discount"::text as discount, "Discount" = 0.15::real as exact from "dbo"."Order Details" where "Discount" > 0.1 and "Discount" < 0.2 limit 1`;
    expect(line).toEqual({ discount: "0.15", exact: true });
    const [category] =
      await sandbox.sql`select "Description" as d, encode("Picture", 'hex') as p from "dbo"."Categories" where "CategoryID" = 3`;
    expect(category).toEqual({ d: `Line one\r\nline two, "quoted"\ttab \\ back`, p: "0001ff2a" });
    const [order] =
      await sandbox.sql`select "OrderDate"::text as d, "ShippedDate" as s from "dbo"."Orders" where "OrderID" = 10248`;
    expect(order).toEqual({ d: "1996-07-04 00:00:00", s: null });
    const [customer] = await sandbox.sql`select "City", "Region" from "dbo"."Customers" where "CustomerID" = 'C0001'`;
    expect(customer).toEqual({ City: "México D.F.", Region: "ÆØÅ 東京" });
  });

  it("keeps literal defaults, translates the server functions it can and skips the rest with a warning", async () => {
    const plan = planTable(
      ZCatalog.parse({
        tables: [
          {
            name: "T",
            columns: [
              { name: "a", type: { name: "int" }, default: "((0))" },
              { name: "b", type: { name: "nvarchar", length: 10 }, default: "(N'it''s')" },
              { name: "c", type: { name: "datetime" }, default: "(getdate())" },
              { name: "g", type: { name: "int" }, default: "([dbo].[NextCode]())" },
              { name: "d", type: { name: "bit" }, default: "((1))" },
              { name: "e", type: { name: "hierarchyid_x" } },
              { name: "f", type: { name: "int" }, computed: "([a]*(2))" },
            ],
          },
        ],
      }).tables[0]!,
    );
    expect(plan.ddl).toContain(`"a" integer default 0`);
    expect(plan.ddl).toContain(`"b" varchar(10) collate "tsql_und_ci_as" default 'it''s'`);
    expect(plan.ddl).toContain(`"c" timestamp(3) default localtimestamp,`);
    expect(plan.ddl).toContain(`"g" integer,`);
    expect(plan.ddl).toContain(`"d" boolean default true`);
    expect(plan.ddl).toContain(`"e" text`);
    expect(plan.warnings.join("\n")).toMatch(/default \(\[dbo\]\.\[NextCode\]\(\)\) skipped/);
    expect(plan.warnings.join("\n")).toMatch(/hierarchyid_x has no PostgreSQL mapping/);
    // A computed column the rules translate is generated from its expression, with no warning (computed.test.ts).
    // (by an immutable function of the columns it reads: PostgreSQL refuses a stable expression there).
    expect(plan.ddl).toContain(`"f" integer generated always as ("dbo"."T.f.computed"("a")) stored`);
    expect(plan.functions).toEqual([
      `create function "dbo"."T.f.computed"("a" integer) returns integer language sql immutable as 'select cast(("a" * (2)) as integer)'`,
    ]);
    expect(literalDefault("((-1.5))", "numeric(19,4)")).toBe("-1.5");
    expect(literalDefault("('x')", "integer")).toBeUndefined();
    expect(literalDefault("(NULL)", "integer")).toBeNull();
  });

  it("escapes COPY text format and converts bit and 0x binary", () => {
    expect(copyField(null, { kind: "other" })).toBe("\\N");
    expect(copyField("a\tb\nc\\d\re", { kind: "other" })).toBe("a\\tb\\nc\\\\d\\re");
    expect(copyField("1", { kind: "boolean" })).toBe("t");
    expect(copyField("0", { kind: "boolean" })).toBe("f");
    expect(copyField("0xFF00", { kind: "bytea" })).toBe("\\\\xFF00");
    expect(copyField("\\xff00", { kind: "bytea" })).toBe("\\\\xff00");
  });

  it("matches data columns to table columns ignoring case and reports unknown ones", async () => {
    const catalog = ZCatalog.parse({
      tables: [
        {
          schema: "sales",
          name: "Mixed Case",
          columns: [
            { name: "Id", type: { name: "int" } },
            { name: "Name", type: { name: "nvarchar", length: 5 } },
          ],
          data: { columns: ["NAME", "id", "extra"], rows: [["x", "1", "?"]] },
        },
      ],
    });
    const result = await loadCatalog(sandbox.sql, catalog);
    expect(result.warnings).toEqual([
      "sales.Mixed Case: data column extra is not in the table; its values were not loaded",
    ]);
    expect(await sandbox.sql`select * from "sales"."Mixed Case"`).toEqual([{ Id: 1, Name: "x" }]);
  });
});
