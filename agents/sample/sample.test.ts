import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { RUNS, readInserts, splitBatches } from "./generate-expected";
import { DATA_BEGIN, DATA_END, renderData, withData } from "./generate-data";
import { sampleExpectedDir, sampleManifest, sampleScript, sampleScriptPath } from "./index";

const bytes = fs.readFileSync(sampleScriptPath);
const script = bytes.toString("utf8");

/** The script without comments or string contents, so that keywords are only found where they are code. */
const code = script
  .replace(/\/\*[\s\S]*?\*\//g, " ")
  .replace(/--[^\n]*/g, " ")
  .replace(/N?'(?:[^']|'')*'/g, "''");

const NAME = String.raw`(?:\[[^\]]+\]|\w+)`;
const unbracket = (name: string) => name.replace(/^\[|\]$/g, "");
/** `[dbo].[Order Items]` → `Order Items`. */
const lastPart = (qualified: string) => unbracket(qualified.match(new RegExp(NAME, "g"))!.pop()!);

function created(kind: "TABLE" | "VIEW" | "PROCEDURE"): string[] {
  const re = new RegExp(String.raw`\bCREATE\s+${kind}\s+(${NAME}(?:\s*\.\s*${NAME})*)`, "gi");
  return [...code.matchAll(re)].map((m) => lastPart(m[1]!)).filter((name) => !name.startsWith("#"));
}

describe("the sample script", () => {
  it("is UTF-8 without a BOM and with LF line ends, and sampleScript() returns exactly its bytes", async () => {
    expect(bytes[0]).not.toBe(0xef);
    expect(script).not.toContain("\r");
    expect(Buffer.from(script, "utf8").equals(bytes)).toBe(true);
    expect((await sampleScript()).equals(bytes)).toBe(true);
  });

  it("creates at least 8 tables, 5 views and 5 procedures", () => {
    expect(created("TABLE").length).toBeGreaterThanOrEqual(8);
    expect(created("VIEW").length).toBeGreaterThanOrEqual(5);
    expect(created("PROCEDURE").length).toBeGreaterThanOrEqual(5);
    expect(created("TABLE")).toEqual([
      "Categories",
      "Products",
      "Customers",
      "Addresses",
      "Coupons",
      "Orders",
      "Order Items",
      "Payments",
      "Shipments",
      "Reviews",
    ]);
  });

  it("starts every view and procedure batch with its CREATE, as SQL Server requires", () => {
    for (const batch of splitBatches(code)) {
      const match = /\bCREATE\s+(VIEW|PROCEDURE)\b/i.exec(batch);
      if (match) expect(batch.slice(0, match.index).trim()).toBe("");
    }
  });

  it("targets only tables it creates with its INSERTs, and only columns those tables have", () => {
    const tables = new Map<string, Set<string>>();
    const re = new RegExp(String.raw`\bCREATE\s+TABLE\s+(${NAME}(?:\s*\.\s*${NAME})*)\s*\(([\s\S]*?)\n\)`, "gi");
    for (const m of code.matchAll(re)) {
      const columns = [...m[2]!.matchAll(/^\s*(\[[^\]]+\]|\w+)\s/gm)]
        .map((c) => unbracket(c[1]!))
        .filter((c) => !/^CONSTRAINT$/i.test(c));
      tables.set(lastPart(m[1]!), new Set(columns));
    }
    expect(tables.get("Addresses")).toContain("Postal Code");

    // Every INSERT in the script: into a created table, or into a #temp created in the same procedure.
    for (const batch of splitBatches(code)) {
      for (const m of batch.matchAll(
        new RegExp(String.raw`\bINSERT\s+(?:INTO\s+)?(#?${NAME}(?:\s*\.\s*${NAME})*)`, "gi"),
      )) {
        const target = m[1]!;
        if (target.startsWith("#"))
          expect(batch).toMatch(new RegExp(String.raw`(CREATE\s+TABLE|INTO)\s+${target}\b`, "i"));
        else expect(tables.has(lastPart(target)), `INSERT into ${target}`).toBe(true);
      }
    }
    const inserts = readInserts(script);
    expect(inserts.length).toBeGreaterThan(0);
    for (const statement of inserts) {
      for (const column of statement.columns)
        expect(tables.get(statement.table), `${statement.table}.${column}`).toContain(column);
    }
  });

  it("sets DATEFORMAT mdy before its first INSERT and writes some dates month first", () => {
    expect(code.search(/\bSET\s+DATEFORMAT\s+mdy\b/i)).toBeGreaterThan(-1);
    expect(code.search(/\bSET\s+DATEFORMAT\s+mdy\b/i)).toBeLessThan(code.search(/\bINSERT\b/i));
    expect(script).toMatch(/'1?\d\/[1-3]?\d\/20\d\d \d\d:\d\d:\d\d'/);
  });

  it("uses nothing that would make its results non-deterministic", () => {
    expect(code).not.toMatch(
      /\b(GETDATE|GETUTCDATE|SYSDATETIME|SYSUTCDATETIME|CURRENT_TIMESTAMP|NEWID|RAND|CHECKSUM)\b/i,
    );
  });

  it("holds exactly the data that generate-data.ts produces", () => {
    expect(script.indexOf(DATA_BEGIN)).toBeGreaterThan(0);
    expect(script.indexOf(DATA_END)).toBeGreaterThan(script.indexOf(DATA_BEGIN));
    expect(withData(script, renderData())).toBe(script);
  });

  it("has expected results for every view and procedure, with the procedures' own parameter names", async () => {
    const manifest = await sampleManifest();
    const objects = new Set(manifest.objects.map((o) => o.object));
    for (const view of created("VIEW")) expect(objects).toContain(`dbo.[${view}]`);
    for (const procedure of created("PROCEDURE")) expect(objects).toContain(`dbo.[${procedure}]`);
    expect(fs.existsSync(sampleExpectedDir)).toBe(true);

    for (const run of RUNS.filter((r) => r.kind === "procedure")) {
      const name = run.object.replace(/^dbo\.\[|\]$/g, "");
      const batch = splitBatches(code).find((b) => b.includes(`CREATE PROCEDURE [dbo].[${name}]`))!;
      const header = batch.slice(0, batch.search(/\bAS\b/));
      const declared = [...header.matchAll(/@(\w+)/g)].map((m) => m[1]);
      expect(Object.keys(run.params), run.file).toEqual(declared);
    }
  });
});
