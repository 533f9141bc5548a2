import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ingest, InputError } from "./index";
import { ingestScript } from "./test-helpers";

const readJson = (text: string, file = "catalog.json") =>
  ingest({ kind: "catalog-json", file, bytes: new TextEncoder().encode(text) });
const errorOf = (fn: () => unknown): InputError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
};

describe("catalog JSON", () => {
  // create-table-transact-sql.md, COLLATE: a column without one has the database's default collation.
  it("gives the database's collation to every text column without its own", () => {
    const catalog = readJson(
      JSON.stringify({
        collation: "Latin1_General_CS_AS",
        tables: [
          {
            name: "t",
            columns: [
              { name: "a", type: { name: "int" } },
              { name: "b", type: { name: "nvarchar", length: 5 } },
              { name: "c", type: { name: "varchar", length: 5 }, collation: "French_CI_AS" },
            ],
          },
        ],
      }),
    );
    expect(catalog.tables[0]!.columns.map((c) => c.collation)).toEqual([
      undefined,
      "Latin1_General_CS_AS",
      "French_CI_AS",
    ]);
  });

  it("reads a minimal catalog and fills in the schema defaults", () => {
    const catalog = readJson(
      JSON.stringify({ database: "shop", tables: [{ name: "t", columns: [{ name: "a", type: { name: "int" } }] }] }),
    );
    expect(catalog).toEqual({
      database: "shop",
      tables: [
        {
          schema: "dbo",
          name: "t",
          columns: [{ name: "a", type: { name: "int" }, nullable: true }],
          uniqueConstraints: [],
          foreignKeys: [],
          checks: [],
          indexes: [],
        },
      ],
      views: [],
      procedures: [],
      functions: [],
      triggers: [],
      types: [],
      synonyms: [],
      diagnostics: [],
    });
  });

  it("round-trips a catalog ingested from a script", () => {
    const fromScript = ingestScript(`
CREATE TABLE c (id int PRIMARY KEY, name nvarchar(10) DEFAULT N'x')
CREATE TABLE o (id int IDENTITY, cid int REFERENCES c(id), at datetime)
INSERT c VALUES (1, N'a')
INSERT o (cid, at) VALUES (1, '7/4/1996')
GO
CREATE PROCEDURE p @x int = 3 OUTPUT AS SELECT 1`);
    expect(readJson(JSON.stringify(fromScript))).toEqual(fromScript);
  });

  it("names the JSON path of every schema violation", () => {
    const error = errorOf(() =>
      readJson(
        JSON.stringify({
          tables: [
            { name: "ok", columns: [{ name: "a", type: { name: "int" } }] },
            { name: "t", columns: [{ name: "a", type: {} }] },
            { name: "", columns: [] },
          ],
          views: [{ name: "v" }],
        }),
      ),
    );
    expect(error.file).toBe("catalog.json");
    expect(error.message.split("\n")).toEqual([
      "catalog.json does not match the catalog format (agents/catalog/README.md):",
      "  tables[1].columns[0].type.name: Required (string)",
      "  tables[2].name: Too small: expected string to have >=1 characters",
      "  tables[2].columns: Too small: expected array to have >=1 items",
      "  views[0].definition: Required (string)",
    ]);
  });

  it("reports JSON syntax errors with line and column", () => {
    const error = errorOf(() => readJson('{\n  "tables": [\n    { "name": "t", }\n  ]\n}'));
    expect(error.message).toMatch(/^catalog\.json is not valid JSON: line 3, column 20: /);
  });

  it("rejects JSON that is not an object, and empty files", () => {
    expect(() => readJson("[1, 2]")).toThrow(/a catalog is a JSON object .* found an array/);
    expect(() => readJson("")).toThrow(/catalog\.json is empty/);
  });

  it("warns about unknown keys and dangling references the schema cannot see", () => {
    const catalog = readJson(
      JSON.stringify({
        table: [],
        tables: [
          {
            name: "t",
            columns: [{ name: "a", type: { name: "int" } }],
            primaryKey: { columns: ["b"] },
            foreignKeys: [{ columns: ["a"], references: { schema: "dbo", table: "nope", columns: ["x"] } }],
          },
        ],
      }),
    );
    expect(catalog.diagnostics.map((d) => d.message)).toEqual([
      'unknown key "table" was ignored (known: database, collation, tables, views, procedures, functions, triggers, types, synonyms, sequences, diagnostics)',
      "tables[0].primaryKey names unknown columns of t: b",
      "tables[0].foreignKeys[0] references dbo.nope, which is not in the catalog",
    ]);
  });

  it("accepts the example in agents/catalog/README.md without a diagnostic", () => {
    const readme = readFileSync(path.join(import.meta.dirname, "../catalog/README.md"), "utf8");
    const example = /## Example\s+```json\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const catalog = readJson(example!, "README.md");
    expect(catalog.diagnostics).toEqual([]);
    expect(catalog.tables.map((t) => [t.name, t.data?.rows.length])).toEqual([
      ["Customers", 1],
      ["Order Details", 1],
    ]);
  });
});
