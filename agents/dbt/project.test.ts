import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsPlugin from "ajv-formats";
import { unzipSync, strFromU8 } from "fflate";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { assess } from "~/agents/assess";
import type { MigrationReport, Plan, Translation } from "~/agents/core/contracts";
import { plan } from "~/agents/plan";
import { parseObjectName, type ExpectedResult } from "~/agents/evaluate/expected";
import { oddCatalog } from "~/agents/plan/testing";
import { compileModel, parseMacros, type MacroLibrary } from "./jinja";
import { LOAD_DATA_FILE, SOURCE_SCHEMA_FILE, varDefault, writeProject } from "./project";
import { createSandbox, type Sandbox } from "~/agents/sandbox/sandbox";
import { relationResolvers } from "./relations";
import { zipProject } from "./zip";

const SCHEMAS = "/work/shared/schemas/dbt";
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

function validator(file: string): ValidateFunction {
  // dbt's schemas are draft-07 with `$defs`; strict mode would reject their extra keywords (e.g. `examples` in odd places).
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), "utf8")));
}

/** Parses YAML the way dbt does (PyYAML, YAML 1.1), failing on any parse error. */
function parseYaml(text: string): unknown {
  const doc = YAML.parseDocument(text, { version: "1.1" });
  if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message).join("\n"));
  return doc.toJS();
}

const translation = (key: string, model: string, sql: string, extra: Partial<Translation> = {}): Translation => ({
  key,
  model,
  sql,
  status: "translated",
  issues: [],
  constructs: [],
  by: "rules",
  ...extra,
});

const catalog = oddCatalog();
const thePlan: Plan = plan(catalog, assess(catalog));
const translations: Translation[] = [
  translation(
    "dbo.order subtotals",
    "int_order_subtotals",
    `select "OrderID", sum("Unit Price" * "Quantity") as "Subtotal"\nfrom {{ ref('stg_acme_sales_dbo__order_details') }}\ngroup by "OrderID"`,
  ),
  translation("dbo.big orders", "big_orders", `select * from {{ ref('int_order_subtotals') }} where "Subtotal" > 2500`),
  translation(
    "dbo.sales by category",
    "int_sales_by_category",
    `select p."ProductName", sum(od."Quantity") as "Qty"\nfrom {{ ref('stg_acme_sales_dbo__products') }} p\njoin {{ ref('stg_acme_sales_dbo__order_details') }} od on od."ProductID" = p."ProductID"\ngroup by p."ProductName"`,
  ),
  translation(
    "dbo.salesbycategory",
    "sales_by_category_proc",
    `{% set ord_year = var('OrdYear') if var('OrdYear') in ['1996', '1997', '1998'] else '1998' %}\nselect "ProductName" from {{ ref('int_sales_by_category') }}\nwhere '{{ var('CategoryName') }}' <> '' and '{{ ord_year }}' <> ''`,
    {
      status: "needs_review",
      issues: [{ construct: "IF", line: 3, message: "parameter reassignment rewritten as Jinja set" }],
      by: "llm",
    },
  ),
  translation(
    "sales.sales by category",
    "sales_sales_by_category",
    `select "CompanyName" from {{ ref('stg_acme_sales_sales__customers') }}`,
  ),
  translation(
    "dbo.ten most expensive products",
    "ten_most_expensive_products",
    `select "ProductName" from {{ ref('stg_acme_sales_dbo__products') }} order by "Price [USD]" desc nulls last limit 10`,
  ),
  translation(
    "dbo.ordersforcustomer",
    "int_orders_for_customer",
    `select * from {{ ref('stg_acme_sales_dbo__orders') }} where "CustomerID" = '{{ var("CustomerID") }}'`,
  ),
  translation("dbo.ufnformat", "ufn_format", "cast({{ x }} as varchar(20))"),
];
const report: MigrationReport = {
  database: "Acme Sales",
  generatedAt: "2026-11-23T23:00:00Z",
  summary: { total: 1, validated: 1, loaded: 0, mismatch: 0, executed: 0, needs_review: 0, failed: 0 },
  objects: [
    {
      object: "dbo.Big Orders",
      kind: "view",
      model: "big_orders",
      path: "models/marts/core/big_orders.sql",
      status: "validated",
      reason: null,
      constructs: [],
      attempts: 1,
      rows: 3,
      comparison: null,
    },
  ],
  diagnostics: [],
};
const files = writeProject(catalog, thePlan, translations, { report });
const execFileAsync = promisify(execFile);
const yamlOf = (p: string) => parseYaml(files.get(p)!) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.skipIf(!fs.existsSync(SCHEMAS))("generated YAML validates against dbt's JSON schemas", () => {
  let projectSchema: ValidateFunction;
  let ymlSchema: ValidateFunction;
  let packagesSchema: ValidateFunction;
  beforeAll(() => {
    projectSchema = validator("dbt_project-latest.json");
    ymlSchema = validator("dbt_yml_files-latest.json");
    packagesSchema = validator("packages-latest.json");
  });

  it("checks every .yml file (and finds the ones we expect)", () => {
    const ymls = [...files.keys()].filter((p) => p.endsWith(".yml"));
    expect(ymls).toEqual(
      expect.arrayContaining([
        "dbt_project.yml",
        "macros/_macros.yml",
        "models/staging/acme_sales_dbo/_acme_sales_dbo__sources.yml",
        "models/staging/acme_sales_dbo/_acme_sales_dbo__models.yml",
        "models/staging/acme_sales_sales/_acme_sales_sales__sources.yml",
        "models/intermediate/core/_int_core__models.yml",
        "models/marts/core/_core__models.yml",
        "models/marts/sales/_sales__models.yml",
      ]),
    );
    for (const p of ymls) {
      const validate = p === "dbt_project.yml" ? projectSchema : p === "packages.yml" ? packagesSchema : ymlSchema;
      const ok = validate(parseYaml(files.get(p)!));
      expect({ file: p, errors: ok ? null : validate.errors }).toEqual({ file: p, errors: null });
    }
  });

  it("catches invalid YAML (the validators are not vacuous)", () => {
    expect(ymlSchema({ version: 2, models: [{ name: "x", columns: [{ name: "a", qoute: true }] }] })).toBe(false);
    expect(ymlSchema({ version: 2, sources: [{ name: "s", tables: [{ name: "t", identifer: "T" }] }] })).toBe(false);
    expect(projectSchema({ version: "1", "config-version": 2 })).toBe(false);
    expect(packagesSchema({ packages: [{ package: "not a package", version: "1" }] })).toBe(false);
  });
});

describe("writeProject: sources and staging", () => {
  const sources = yamlOf("models/staging/acme_sales_dbo/_acme_sales_dbo__sources.yml").sources[0];

  it("maps snake_case source tables to the original names with identifier and quoting", () => {
    expect(sources).toMatchObject({ name: "acme_sales_dbo", schema: "dbo" });
    const table = (name: string) => sources.tables.find((t: { name: string }) => t.name === name);
    expect(table("order_details")).toMatchObject({ identifier: "Order Details", quoting: { identifier: true } });
    expect(table("orders")).toMatchObject({ identifier: "Orders", quoting: { identifier: true } });
    expect(table("audit_log")).not.toHaveProperty("identifier");
    expect(table("audit_log")).not.toHaveProperty("quoting");
    expect(yamlOf("models/staging/acme_sales_sales/_acme_sales_sales__sources.yml").sources[0]).toMatchObject({
      schema: "Sales",
      quoting: { schema: true },
    });
  });

  it("writes staging models with source → renamed CTEs renaming every original column to snake_case", () => {
    const sql = files.get("models/staging/acme_sales_dbo/stg_acme_sales_dbo__products.sql")!;
    expect(sql).toContain("with source as (");
    expect(sql).toContain("select * from {{ source('acme_sales_dbo', 'products') }}");
    // Text columns carry SQL Server's default collation, case-insensitive (agents/dialect/collation.ts), named
    // without quotes, which it does not need (agents/dbt/layout.ts).
    expect(sql).toContain(
      '        "ProductID" as product_id,\n        "ProductName" collate tsql_und_ci_as as product_name,\n        "Price [USD]" as price_usd,\n        "Say ""Hi""" collate tsql_und_ci_as as say_hi,\n        "Discontinued" as discontinued\n    from source',
    );
    expect(compileModel(sql, { source: (s, t) => `"${s}"."${t}"` }).sql).toContain('from "acme_sales_dbo"."products"');
  });
});

describe("writeProject: data tests from constraints", () => {
  const models = (p: string) =>
    yamlOf(p).models as { name: string; columns: { name: string; quote?: boolean; data_tests?: unknown[] }[] }[];
  const column = (model: string, name: string) =>
    models("models/staging/acme_sales_dbo/_acme_sales_dbo__models.yml")
      .find((m) => m.name === model)!
      .columns.find((c) => c.name === name)!;

  it("tests a single-column primary key with not_null and unique", () => {
    expect(column("stg_acme_sales_dbo__orders", "order_id").data_tests).toEqual(["not_null", "unique"]);
  });

  it("tests a composite primary key with not_null per column and one singular uniqueness test", () => {
    expect(column("stg_acme_sales_dbo__order_details", "order_id").data_tests).not.toContain("unique");
    expect(column("stg_acme_sales_dbo__order_details", "product_id").data_tests).toContain("not_null");
    const test = files.get("tests/acme_sales_dbo/assert_stg_acme_sales_dbo__order_details__primary_key_unique.sql")!;
    expect(test).toContain(`group by order_id, product_id\nhaving count(*) > 1`);
    expect(compileModel(test).refs).toEqual(["stg_acme_sales_dbo__order_details"]);
  });

  it("turns foreign keys into relationships to the parent staging model's snake_case column", () => {
    expect(column("stg_acme_sales_dbo__order_details", "product_id").data_tests).toContainEqual({
      relationships: { to: "ref('stg_acme_sales_dbo__products')", field: "product_id" },
    });
    expect(column("stg_acme_sales_dbo__orders", "customer_id").data_tests).toContainEqual({
      relationships: { to: "ref('stg_acme_sales_sales__customers')", field: "customer_id" },
    });
    expect(
      files.get("tests/acme_sales_dbo/assert_stg_acme_sales_dbo__order_notes__fk_order_id_product_id.sql"),
    ).toContain(`on child.order_id = parent.order_id and child.product_id = parent.product_id`);
  });

  it("turns CHECK IN lists and OR-chains into accepted_values, other simple checks into singular tests", () => {
    expect(column("stg_acme_sales_dbo__orders", "status").data_tests).toContainEqual({
      accepted_values: { values: ["N", "S", "X"] },
    });
    expect(column("stg_acme_sales_dbo__orders", "ship_via").data_tests).toContainEqual({
      accepted_values: { values: ["1", "2", "3"], quote: false },
    });
    expect(files.get("tests/acme_sales_dbo/assert_stg_acme_sales_dbo__order_details__ck_quantity.sql")).toContain(
      `where not ((quantity > (0)))`,
    );
    expect(files.get("tests/acme_sales_dbo/assert_stg_acme_sales_dbo__products__check_1.sql")).toContain(
      `where not ((price_usd >= (0)))`,
    );
  });

  it("names staging columns in snake_case that never needs quoting, the SQL Server name in the description", () => {
    // `order` is a PostgreSQL reserved word: it gets a trailing underscore instead of quotes.
    expect(column("stg_acme_sales_dbo__orders", "order_")).toMatchObject({
      description: expect.stringContaining("SQL Server column [order]"),
    });
    expect(column("stg_acme_sales_dbo__order_details", "unit_price")).toMatchObject({
      description: expect.stringContaining("SQL Server column [Unit Price]"),
    });
    const all = models("models/staging/acme_sales_dbo/_acme_sales_dbo__models.yml").flatMap((m) => m.columns);
    for (const c of all) {
      expect(c.name).toMatch(/^[a-z_][a-z0-9_]*$/);
      expect(c.quote).toBeUndefined();
    }
  });

  it("keeps YAML 1.1 booleans as strings", () => {
    expect(files.get("models/staging/acme_sales_dbo/_acme_sales_dbo__models.yml")).toContain('- "N"');
  });
});

describe("writeProject: project, models, macros", () => {
  const project = yamlOf("dbt_project.yml");

  it("cascades materializations per folder and sets vars from parameter defaults", () => {
    expect(project).toMatchObject({
      name: "acme_sales",
      profile: "acme_sales",
      "config-version": 2,
      "model-paths": ["models"],
    });
    expect(project.models).toEqual({
      acme_sales: {
        staging: { "+materialized": "view" },
        intermediate: { "+materialized": "view" },
        marts: { "+materialized": "table" },
      },
    });
    expect(project.vars).toEqual({ CustomerID: "ALFKI", OrdYear: "1998" });
    expect(files.get("dbt_project.yml")).toContain(
      "# Required, no default (dbt stops if missing): CategoryName (used by sales_by_category_proc)",
    );
    expect(files.has("packages.yml")).toBe(false);
  });

  it("creates the collations the models compare under before the run", () => {
    expect(project["on-run-start"]).toEqual([
      `create collation if not exists "tsql_und_ci_as" (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`,
    ]);
  });

  it("overrides the folder materialization in the folder's YAML only where the plan differs", () => {
    const entries = yamlOf("models/intermediate/core/_int_core__models.yml").models as {
      name: string;
      config?: unknown;
    }[];
    expect(entries.find((e) => e.name === "int_orders_for_customer")!.config).toEqual({ materialized: "ephemeral" });
    expect(entries.find((e) => e.name === "int_order_subtotals")).not.toHaveProperty("config");
  });

  it("writes translated models with a header and flags the ones needing review", () => {
    const sql = files.get("models/marts/core/sales_by_category_proc.sql")!;
    expect(sql).toMatch(
      /^-- Migrated from procedure \[dbo\]\.\[SalesByCategory\] \(translated by llm\)\.\n-- Vars: CategoryName \(required\), OrdYear \(default '1998'\)\.\n-- NEEDS REVIEW:/,
    );
    expect(files.get("README.md")).toContain(
      "- **[dbo].[SalesByCategory]** → `models/marts/core/sales_by_category_proc.sql`: parameter reassignment rewritten as Jinja set",
    );
  });

  it("ships a model needing review disabled, with no runnable placeholder, and loud if enabled unfixed", () => {
    const sql = files.get("models/marts/core/sales_by_category_proc.sql")!;
    expect(sql).toContain("{{ config(enabled=false) }}");
    // The translation is kept for the reviewer inside a Jinja comment only.
    expect(
      compileModel(sql.replace("{% if execute %}", "{% if false %}"), { vars: { CategoryName: "x" } }).sql,
    ).not.toMatch(/select/i);
    expect(() => compileModel(sql, { vars: { CategoryName: "x" } })).toThrow(
      /sales_by_category_proc needs review: parameter reassignment rewritten as Jinja set/,
    );
  });

  it("wraps scalar function translations in a macro with the parameters as arguments", () => {
    expect(files.get("macros/ufn_format.sql")).toContain(
      "{% macro ufn_format(x) -%}\ncast({{ x }} as varchar(20))\n{%- endmacro %}",
    );
    expect(yamlOf("macros/_macros.yml").macros).toContainEqual(
      expect.objectContaining({
        name: "ufn_format",
        arguments: [{ name: "x", type: "integer", description: "T-SQL parameter @x" }],
      }),
    );
    // No translation for `ref`: the macro fails loudly when used instead of rendering nothing.
    expect(files.get("macros/ref_fn.sql")).toContain("raise_compiler_error");
  });

  it("writes review notes for triggers and a README with the layout and the report", () => {
    expect(files.get("review/trg_orders_audit.md")).toContain("CREATE TRIGGER trgOrdersAudit");
    const readme = files.get("README.md")!;
    expect(readme).toContain("| views | 4 | 2 intermediate models (read by other objects), 2 mart models |");
    expect(readme).toContain("│       │   ├── stg_acme_sales_dbo__order_details.sql");
    expect(readme).toContain("## Migration report: Acme Sales");
    expect(readme).toContain("dbt build --select sales_by_category_proc --vars '{CategoryName: ..., OrdYear: ...}'");
  });

  it("compiles every model with the project's vars, and every ref and source exists", () => {
    const macros: MacroLibrary = {};
    for (const [p, content] of files) if (p.startsWith("macros/") && p.endsWith(".sql")) parseMacros(content, macros);
    const modelNames = new Set(
      thePlan.models.filter((m) => ["staging", "intermediate", "marts"].includes(m.layer)).map((m) => m.name),
    );
    const sourceTables = new Set<string>();
    for (const [p] of files) {
      if (!p.endsWith("__sources.yml")) continue;
      for (const s of yamlOf(p).sources) for (const t of s.tables) sourceTables.add(`${s.name}.${t.name}`);
    }
    const vars = { ...project.vars, CategoryName: "Beverages" };
    for (const [p, content] of files) {
      if (!p.endsWith(".sql") || p.startsWith("macros/")) continue;
      // A disabled model is not compiled by dbt; enabled by hand before it is fixed, it fails loudly.
      if (content.includes("{{ config(enabled=false) }}")) {
        if (content.includes("raise_compiler_error"))
          expect(() => compileModel(content, { vars, macros }), p).toThrow(/needs review|disabled/);
        continue;
      }
      const compiled = compileModel(content, { vars, macros });
      for (const r of compiled.refs) expect(modelNames, `${p} refs ${r}`).toContain(r);
      for (const [s, t] of compiled.sources) expect(sourceTables, `${p} reads ${s}.${t}`).toContain(`${s}.${t}`);
    }
  });
});

describe("relationResolvers", () => {
  it("resolves every staging source() to the original quoted table and ref() to the target schema", () => {
    const resolvers = relationResolvers(catalog, thePlan, "analytics");
    const sql = files.get("models/staging/acme_sales_dbo/stg_acme_sales_dbo__order_details.sql")!;
    expect(compileModel(sql, resolvers).sql).toContain('select * from "dbo"."Order Details"');
    expect(
      compileModel(files.get("models/staging/acme_sales_sales/stg_acme_sales_sales__customers.sql")!, resolvers).sql,
    ).toContain('from "Sales"."Customers"');
    expect(resolvers.ref("big_orders")).toBe('"analytics"."big_orders"');
    expect(() => resolvers.source("acme_sales_dbo", "nope")).toThrow(/not in the project's sources/);
  });
});

describe("varDefault", () => {
  it.each([
    ["'1998'", "1998"],
    ["N'ALFKI'", "ALFKI"],
    ["(10)", 10],
    ["-1", -1],
    ["NULL", null],
    ["getdate()", "getdate()"],
  ])("%s → %j", (input, expected) => {
    expect(varDefault(input)).toEqual(expected);
  });
});

describe("zipProject", () => {
  it("archives every file under an optional root folder, byte-for-byte reproducibly", () => {
    const zip = zipProject(files, { root: "acme_sales" });
    const entries = unzipSync(zip);
    expect(Object.keys(entries).sort()).toEqual([...files.keys()].map((p) => `acme_sales/${p}`).sort());
    expect(strFromU8(entries["acme_sales/dbt_project.yml"]!)).toBe(files.get("dbt_project.yml"));
    expect(zipProject(new Map([...files].reverse()), { root: "acme_sales" })).toEqual(zip);
  });

  it("refuses paths that would escape the archive root", () => {
    expect(() => zipProject({ "../evil.sql": "x" })).toThrow(/unsafe path/);
  });
});

describe("writeProject: the expected results as seeds, with an equality test per validated model", () => {
  const result = (
    object: string,
    file: string,
    params: Record<string, string>,
    columns: [string, string][],
    rows: (string | null)[][],
    ordered = false,
  ): ExpectedResult => {
    const { schema, name } = parseObjectName(object);
    return {
      entry: {
        object,
        kind: Object.keys(params).length ? "function" : "view",
        file,
        params,
        ordered,
        columns: columns.map(([n, type]) => ({ name: n, type })),
      },
      key: `${schema}.${name}`.toLowerCase(),
      schema,
      name,
      vars: params,
      result: { columns: columns.map(([n, type]) => ({ name: n, type })), rows },
      problems: [],
    };
  };
  const expected = [
    result(
      "dbo.[Big Orders]",
      "expected/big_orders.csv",
      {},
      [
        ["OrderID", "int"],
        ["Subtotal", "money"],
        ["Note", "nvarchar(20)"],
        ["Shipped", "datetime2(7)"],
        ["Code", "varchar(5)"],
      ],
      [
        ["10248", "2640.0000", "", "2024-01-02T03:04:05.1234567", "007"],
        ["10249", "1.5e+03", null, "2024-01-02 03:04:05", "null"],
      ],
      true,
    ),
    result(
      "dbo.OrdersForCustomer",
      "expected/orders_anatr.csv",
      { CustomerID: "ANATR" },
      [["OrderID", "int"]],
      [["10308"]],
    ),
    result(
      "dbo.OrdersForCustomer",
      "expected/orders_alfki.csv",
      { CustomerID: "ALFKI" },
      [["OrderID", "int"]],
      [["10643"], ["10692"]],
    ),
    result("dbo.[Sales by Category]", "expected/sales_by_category.csv", {}, [["Doc", "xml"]], [["<a/>"]]),
  ];
  const validated = (model: string): MigrationReport["objects"][number] => ({
    ...report.objects[0]!,
    model,
    status: "validated",
  });
  const validatedReport: MigrationReport = {
    ...report,
    objects: [validated("big_orders"), validated("int_orders_for_customer"), validated("int_sales_by_category")],
  };
  const proven = writeProject(catalog, thePlan, translations, { report: validatedReport, expected });
  const seedsYaml = parseYaml(proven.get("seeds/expected/_expected__seeds.yml")!) as {
    seeds: {
      name: string;
      config: { column_types: Record<string, string> };
      columns: { name: string; description: string }[];
    }[];
  };
  const modelTests = (file: string, model: string) =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a dbt test's YAML arguments have any shape
    (parseYaml(proven.get(file)!) as { models: { name: string; data_tests?: Record<string, any>[] }[] }).models.find(
      (m) => m.name === model,
    )?.data_tests;

  it("writes each value in the Evaluator's canonical form, keeping '' apart from NULL despite dbt's seed loader", () => {
    // Note and Code hold values dbt would read as NULL (empty, 'null'): their non-NULL values carry a leading quote.
    expect(proven.get("seeds/expected/big_orders__expected.csv")).toBe(
      "order_id,subtotal,note,shipped,code\r\n10248,2640,',2024-01-02 03:04:05.1234567,'007\r\n10249,1500,,2024-01-02 03:04:05.0000000,'null\r\n",
    );
  });

  it("types every seed column so dbt loads it exactly (no float, no guessed types, 100 ns as text)", () => {
    expect(seedsYaml.seeds.find((s) => s.name === "big_orders__expected")!.config.column_types).toEqual({
      order_id: "numeric",
      subtotal: "numeric",
      note: "text",
      shipped: "text",
      code: "text",
    });
  });

  it("gives the validated model the equality test against its seed, with each column's kind, its order and the prefixed columns", () => {
    expect(modelTests("models/marts/core/_core__models.yml", "big_orders")).toEqual([
      {
        datamigrate__equals_expected: {
          name: "equals_expected__big_orders",
          arguments: {
            expected: "ref('big_orders__expected')",
            columns: [
              { name: "OrderID", kind: "number", model_name: "order_id" },
              { name: "Subtotal", kind: "number", model_name: "subtotal" },
              { name: "Note", kind: "text", model_name: "note" },
              { name: "Shipped", kind: "datetime2", model_name: "shipped" },
              { name: "Code", kind: "text", model_name: "code" },
            ],
            ordered: true,
            prefixed: ["note", "code"],
          },
        },
      },
    ]);
    expect(proven.get("macros/datamigrate__equals_expected.sql")).toContain(
      "{% test datamigrate__equals_expected(model, expected, columns, ordered=false, prefixed=[]) %}",
    );
  });

  it("tests a procedure with the parameter set its vars default to, and names the seed after it", () => {
    expect((parseYaml(proven.get("dbt_project.yml")!) as { vars: Record<string, unknown> }).vars.CustomerID).toBe(
      "ALFKI",
    );
    expect(proven.has("seeds/expected/int_orders_for_customer__expected__alfki.csv")).toBe(true);
    expect(proven.has("seeds/expected/int_orders_for_customer__expected__anatr.csv")).toBe(false);
    expect(
      modelTests("models/intermediate/core/_int_core__models.yml", "int_orders_for_customer")![0]!
        .datamigrate__equals_expected.arguments.expected,
    ).toBe("ref('int_orders_for_customer__expected__alfki')");
  });

  it("says in the README's vars table where a var without a T-SQL default gets its value, or that it is required", () => {
    const withoutDefault = {
      ...thePlan,
      models: thePlan.models.map((m) => ({ ...m, vars: m.vars.map(({ default: _, ...v }) => v) })),
    };
    const readmeOf = (validationVars: Record<string, string>) =>
      writeProject(catalog, withoutDefault, translations, { report: validatedReport, validationVars, expected }).get(
        "README.md",
      )!;
    expect(readmeOf({ CustomerID: "ALFKI" })).toContain("CustomerID (validated with ALFKI, set in dbt_project.yml)");
    expect(readmeOf({})).toContain("CustomerID (required)");
  });

  it("says in the README which models carry their proof, and why a validated one does not", () => {
    const readme = proven.get("README.md")!;
    expect(readme).toContain(
      "| `big_orders` | `seeds/expected/big_orders__expected.csv` | expected/big_orders.csv | none |",
    );
    expect(readme).toMatch(/- `int_sales_by_category`: column Doc holds XML/);
  });

  it("loads the seeds into their own schema under the model's column names, each described with its SQL Server name, and validates against dbt's schemas", () => {
    expect(parseYaml(proven.get("dbt_project.yml")!)).toMatchObject({
      seeds: { acme_sales: { expected: { "+schema": "expected", "+quote_columns": true } } },
    });
    expect(seedsYaml.seeds.find((s) => s.name === "big_orders__expected")!.columns[0]).toEqual({
      name: "order_id",
      description: "SQL Server column [OrderID], int.",
    });
    if (!fs.existsSync(SCHEMAS)) return;
    const yml = validator("dbt_yml_files-latest.json");
    for (const p of [
      "seeds/expected/_expected__seeds.yml",
      "models/marts/core/_core__models.yml",
      "models/intermediate/core/_int_core__models.yml",
    ]) {
      expect({ file: p, ok: yml(parseYaml(proven.get(p)!)), errors: yml.errors ?? null }).toEqual({
        file: p,
        ok: true,
        errors: null,
      });
    }
    expect(validator("dbt_project-latest.json")(parseYaml(proven.get("dbt_project.yml")!))).toBe(true);
  });

  it("ships no seed for a model that was not validated", () => {
    const unvalidated = writeProject(catalog, thePlan, translations, {
      report: { ...report, objects: [{ ...report.objects[0]!, status: "executed" }] },
      expected,
    });
    expect([...unvalidated.keys()].filter((p) => p.startsWith("seeds/"))).toEqual([]);
  });
});

describe("the source tables' rows in the project", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ adminUrl: inject("pgAdminUrl") });
  });
  afterAll(() => sandbox?.dispose());

  const psqlRun = (file: string) =>
    execFileAsync("psql", [sandbox.url, "--no-psqlrc", "--quiet", "-v", "ON_ERROR_STOP=1", "-f", file]);

  it("ships them after the DDL, one transaction, and its README gives the psql command that runs both", async () => {
    const project = writeProject(catalog, thePlan, translations, {
      report,
      sourceData: { script: "select 1 as loaded;\n", tables: 1, rows: 1 },
    });
    const data = project.get(LOAD_DATA_FILE)!;
    expect(data).toMatch(/\nbegin;\n\nselect 1 as loaded;\n\ncommit;\n$/);
    expect(data).toContain("1 row in 1 table.");
    expect(project.get("README.md")).toContain(`-v ON_ERROR_STOP=1 -f ${SOURCE_SCHEMA_FILE} -f ${LOAD_DATA_FILE}`);
    expect(writeProject(catalog, thePlan, translations, { report }).has(LOAD_DATA_FILE)).toBe(false);
  });

  it("fails loudly with the reason when run, if the rows could not be read, whatever the reason holds", async () => {
    const reason = "it's 100% stuck; $$ */ -- {{ x }} \n end; drop table y";
    const project = writeProject(catalog, thePlan, translations, { report, sourceData: { error: reason } });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dm-load-data-")), "load_data.sql");
    fs.writeFileSync(file, project.get(LOAD_DATA_FILE)!);
    try {
      const ran = await psqlRun(file).then(
        () => null,
        (error: { stderr: string }) => error.stderr,
      );
      expect(ran).toContain(`could not be read from the migration's sandbox: ${reason}`);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
