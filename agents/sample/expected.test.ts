import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "~/db/testing";
import { generateData, lineAmount } from "./generate-data";
import { type Manifest, csvField, generateExpected, readDatetime, toCsv } from "./generate-expected";
import { sampleExpectedDir, sampleManifestPath } from "./index";

const manifest = JSON.parse(fs.readFileSync(sampleManifestPath, "utf8")) as Manifest;
const csvText = (file: string) => fs.readFileSync(path.join(sampleExpectedDir, file), "utf8");
const records = (file: string) => parse(csvText(file), { bom: false, relax_quotes: false }) as string[][];

/** What a value of each SQL Server type must look like in the CSV (empty = NULL). */
function valuePattern(type: string): RegExp {
  if (/^(int|smallint|tinyint)$/.test(type)) return /^-?\d+$/;
  if (type === "money") return /^-?\d+\.\d{4}$/;
  const decimal = /^decimal\(\d+,(\d+)\)$/.exec(type);
  if (decimal) return new RegExp(String.raw`^-?\d+\.\d{${decimal[1]}}$`);
  if (type === "bit") return /^[01]$/;
  if (type === "datetime") return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;
  if (/^n?(var)?char\(\d+\)$/.test(type)) return /^[\s\S]*$/;
  throw new Error(`no pattern for ${type}`);
}

describe("the sample's expected results", () => {
  it("list one CSV per entry whose header is the manifest's columns and whose row count is the manifest's", () => {
    expect(manifest.objects.length).toBe(16);
    const files = fs
      .readdirSync(sampleExpectedDir)
      .filter((f) => f.endsWith(".csv"))
      .sort();
    expect(files).toEqual(manifest.objects.map((o) => o.file).sort());
    for (const entry of manifest.objects) {
      const [header, ...rows] = records(entry.file);
      expect(header, entry.file).toEqual(entry.columns.map((c) => c.name));
      expect(rows.length, entry.file).toBe(entry.rows);
      for (const row of rows) expect(row.length, entry.file).toBe(entry.columns.length);
    }
  });

  it("are RFC 4180 with CRLF after every record, no BOM, and values written as their types require", () => {
    for (const entry of manifest.objects) {
      const text = csvText(entry.file);
      expect(text.charCodeAt(0), entry.file).not.toBe(0xfeff);
      expect(text.endsWith("\r\n"), entry.file).toBe(true);
      expect(text.replaceAll("\r\n", ""), entry.file).not.toMatch(/\n/); // no bare LF (no value holds a line break)
      const [, ...rows] = records(entry.file);
      for (const row of rows) {
        row.forEach((value, k) => {
          const column = entry.columns[k]!;
          if (value !== "") expect(value, `${entry.file} ${column.name}`).toMatch(valuePattern(column.type));
        });
      }
    }
    // Quoting: only where a comma or quote forces it, doubled quotes inside.
    expect(csvText("usp_order_detail.csv")).toContain(`"EL-EAR-03 - Studio Earbuds ""Pro""",`);
    expect(csvText("product_performance.csv")).toContain(`,"Trekking Poles, Carbon (pair)",`);
    expect(csvText("product_performance.csv")).toContain(`,Sólo Camp Stove,`);
  });

  it("give procedures and views the parameters and ordering the format defines", () => {
    for (const entry of manifest.objects) {
      if (entry.kind === "view") {
        expect(entry.params).toEqual({});
        expect(entry.ordered).toBe(false);
      } else {
        expect(entry.ordered).toBe(true);
        for (const value of Object.values(entry.params)) {
          if (typeof value === "string" && /^\d{4}-/.test(value)) expect(value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        }
      }
    }
    const runs = manifest.objects.map((o) => o.object);
    expect(runs.filter((o) => o === "dbo.[usp_TopProducts]").length).toBe(2);
    expect(runs.filter((o) => o === "dbo.[usp_CustomerOrders]").length).toBe(2);
  });

  it("sort unordered results on all columns and keep a procedure's NULLs first where its ORDER BY puts them", () => {
    const [, ...orders] = records("order_totals.csv");
    const ids = orders.map((r) => Number(r[0]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const [, ...customerOrders] = records("usp_customer_orders_3_all.csv");
    expect(customerOrders.slice(0, 2).map((r) => r[5])).toEqual(["", ""]);
    expect(customerOrders.slice(2).every((r) => r[5] !== "")).toBe(true);
  });

  it("agree with a plain TypeScript recomputation from the generator's own rows", () => {
    const data = generateData();
    const money4 = (units: number) =>
      `${units < 0 ? "-" : ""}${Math.floor(Math.abs(units) / 10000)}.${String(Math.abs(units) % 10000).padStart(4, "0")}`;
    const datetime = (minutes: number, seconds: number) =>
      `${new Date(minutes * 60_000).toISOString().slice(0, 16).replace("T", " ")}:${String(seconds).padStart(2, "0")}.000`;

    // [Order Totals], every row.
    const orderTotals = data.orders
      .map((o) => {
        const subtotal = o.lines.reduce((sum, l) => sum + lineAmount(l), 0);
        return [
          String(o.id),
          String(o.customer),
          datetime(o.date, o.seconds),
          o.status,
          String(o.lines.length),
          String(o.lines.reduce((sum, l) => sum + l.quantity, 0)),
          money4(subtotal),
          money4(o.fee * 100),
          money4(subtotal + o.fee * 100),
        ];
      })
      .sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(records("order_totals.csv").slice(1)).toEqual(orderTotals);

    // [Monthly Sales], every row: int division truncates.
    const months = new Map<
      string,
      { y: number; m: number; orders: number; customers: Set<number>; units: number; revenue: number }
    >();
    for (const o of data.orders.filter((x) => x.status !== "cancelled")) {
      const d = new Date(o.date * 60_000);
      const key = `${d.getUTCFullYear()}-${d.getUTCMonth() + 1}`;
      const g = months.get(key) ?? {
        y: d.getUTCFullYear(),
        m: d.getUTCMonth() + 1,
        orders: 0,
        customers: new Set(),
        units: 0,
        revenue: 0,
      };
      g.orders++;
      g.customers.add(o.customer);
      g.units += o.lines.reduce((sum, l) => sum + l.quantity, 0);
      g.revenue += o.lines.reduce((sum, l) => sum + lineAmount(l), 0);
      months.set(key, g);
    }
    const monthly = [...months.values()]
      .sort((a, b) => a.y - b.y || a.m - b.m)
      .map((g) =>
        [
          g.y,
          g.m,
          Math.ceil(g.m / 3),
          g.orders,
          g.customers.size,
          g.units,
          money4(g.revenue),
          Math.trunc(g.units / g.orders),
        ].map(String),
      );
    expect(records("monthly_sales.csv").slice(1)).toEqual(monthly);

    // usp_OrderDetail for order 1057: the line amounts.
    const order = data.orders.find((o) => o.id === 1057)!;
    expect(
      records("usp_order_detail.csv")
        .slice(1)
        .map((r) => [r[0], r[2], r[6]]),
    ).toEqual(order.lines.map((l) => [String(l.line), String(l.quantity), money4(lineAmount(l))]));
  });
});

describe("the CSV writer", () => {
  it("quotes only commas, quotes, line breaks and the empty string, and writes NULL as nothing", () => {
    expect([null, "", "a", "a,b", 'say "hi"', "x\ny"].map(csvField)).toEqual([
      "",
      '""',
      "a",
      '"a,b"',
      '"say ""hi"""',
      '"x\ny"',
    ]);
    expect(toCsv(["A", "B"], [["1", null]])).toBe("A,B\r\n1,\r\n");
  });

  it("reads datetime literals the way SQL Server does under SET DATEFORMAT mdy", () => {
    expect(readDatetime("3/7/2022")).toBe("2022-03-07 00:00:00.000");
    expect(readDatetime("06/01/2021")).toBe("2021-06-01 00:00:00.000");
    expect(readDatetime("3/14/2024 10:15:32")).toBe("2024-03-14 10:15:32.000");
    expect(readDatetime("20240314 10:20:00")).toBe("2024-03-14 10:20:00.000");
    expect(readDatetime("2024-03-15T08:00:00")).toBe("2024-03-15 08:00:00.000");
    expect(readDatetime("2024-03-20 18:45")).toBe("2024-03-20 18:45:00.000");
    expect(() => readDatetime("13/1/2024")).toThrow(/invalid date/);
  });
});

describe("generate-expected", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "sample-expected-"));
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await db.drop();
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it("regenerates byte-identical CSVs and manifest from the script and the oracle", { timeout: 30_000 }, async () => {
    await generateExpected({ url: db.url, outDir });
    const committed = fs.readdirSync(sampleExpectedDir).sort();
    expect(fs.readdirSync(outDir).sort()).toEqual(committed);
    for (const file of committed) {
      expect(
        fs.readFileSync(path.join(outDir, file)).equals(fs.readFileSync(path.join(sampleExpectedDir, file))),
        file,
      ).toBe(true);
    }
  });
});
