import fs from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { assess } from "~/agents/assess";
import { compileModel, parseMacros, relationResolvers, writeProject, type MacroLibrary } from "~/agents/dbt";
import { ingest } from "~/agents/ingest";
import { plan } from "./index";
import { translatePlan } from "~/agents/translate/plan-resolver";
import { sharedCorpus } from "~/runtime/testing/corpora";

const NORTHWIND = sharedCorpus("northwind");
const SCHEMAS = path.resolve(import.meta.dirname, "../../../shared/schemas/dbt");

/**
 * The whole static half of a migration on the real Northwind script: ingest → assess → plan → translate →
 * write the project. Every YAML validates against dbt's schemas and every model compiles with the project's
 * vars, refs only planned models and reads only declared sources. (Running the SQL is the Tester's job.)
 */
describe.skipIf(!NORTHWIND || !fs.existsSync(SCHEMAS))("Northwind end to end (static)", () => {
  const catalog = ingest(
    { kind: "script", file: path.basename(NORTHWIND!.script), bytes: fs.readFileSync(NORTHWIND!.script) },
    { database: "Northwind" },
  );
  const assessment = assess(catalog);
  const thePlan = plan(catalog, assessment);
  const translations = translatePlan(catalog, thePlan);
  const files = writeProject(catalog, thePlan, translations);

  it("plans Northwind with the names the expected results use", () => {
    expect(assessment.counts).toMatchObject({ table: 13, view: 16, procedure: 7 });
    expect(thePlan.sources).toEqual([expect.objectContaining({ name: "northwind", schema: "dbo" })]);
    const names = thePlan.models.map((m) => m.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "stg_northwind__order_details",
        "int_order_subtotals",
        "invoices",
        "sales_by_category",
        "sales_by_category_proc",
        "ten_most_expensive_products",
      ]),
    );
    expect(translations).toHaveLength(23);
  });

  it("writes YAML that validates against dbt's schemas", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const schema = (f: string) => ajv.compile(JSON.parse(fs.readFileSync(path.join(SCHEMAS, f), "utf8")));
    const project = schema("dbt_project-latest.json");
    const yml = schema("dbt_yml_files-latest.json");
    for (const [p, content] of files) {
      if (!p.endsWith(".yml")) continue;
      const validate = p === "dbt_project.yml" ? project : yml;
      expect({ p, ok: validate(YAML.parse(content, { version: "1.1" })), errors: validate.errors ?? null }).toEqual({
        p,
        ok: true,
        errors: null,
      });
    }
  });

  it("compiles every model with the manifest's parameters, refs only planned models and reads only declared sources", () => {
    const macros: MacroLibrary = {};
    for (const [p, content] of files) if (p.startsWith("macros/") && p.endsWith(".sql")) parseMacros(content, macros);
    const vars = {
      Beginning_Date: "1996-07-01",
      Ending_Date: "1997-06-30",
      OrderID: 10248,
      CustomerID: "ALFKI",
      CategoryName: "Beverages",
      OrdYear: "1997",
    };
    const built = new Set(thePlan.order);
    const resolvers = relationResolvers(catalog, thePlan, "analytics");
    for (const m of thePlan.models.filter((x) => built.has(x.name))) {
      const compiled = compileModel(files.get(m.path)!, { ...resolvers, vars, macros });
      for (const r of compiled.refs) expect(built, `${m.name} refs ${r}`).toContain(r);
      for (const r of compiled.refs)
        expect(thePlan.order.indexOf(r), `${r} before ${m.name}`).toBeLessThan(thePlan.order.indexOf(m.name));
    }
  });
});
