import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SHARED_FIXTURES, sharedCorpus } from "~/runtime/testing/corpora";
import { ingest } from "./index";
import { rows, table } from "./test-helpers";

const NORTHWIND = sharedCorpus("northwind");
const present = NORTHWIND !== undefined;
const suite = present ? describe : describe.skip;
if (!present) console.warn(`${SHARED_FIXTURES}/northwind is missing; the Northwind ingestion tests are skipped.`);
/** The script's file name: the catalog's locations name it, and the database is named after it. */
const file = present ? path.basename(NORTHWIND.script) : "";

suite(`Northwind install script (${present ? file : "fixture missing: tests skipped"})`, () => {
  const bytes = present ? readFileSync(NORTHWIND.script) : new Uint8Array();
  const catalog = present ? ingest({ kind: "script", file, bytes }) : undefined!;

  it("reads the whole script without a single diagnostic, naming the database after the script", () => {
    expect(catalog.diagnostics).toEqual([]);
    expect(catalog.database).toBe(path.basename(file, ".sql"));
  });

  it("finds the 13 tables with the README's row counts, two of them empty", () => {
    const counts = Object.fromEntries(catalog.tables.map((t) => [t.name, t.data?.rows.length ?? 0]));
    expect(counts).toEqual({
      Employees: 9,
      Categories: 8,
      Customers: 91,
      Shippers: 3,
      Suppliers: 29,
      Orders: 830,
      Products: 77,
      "Order Details": 2155,
      CustomerCustomerDemo: 0,
      CustomerDemographics: 0,
      Region: 4,
      Territories: 53,
      EmployeeTerritories: 49,
    });
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(3308);
  });

  it("has primary keys on every table, from CREATE TABLE and from ALTER TABLE", () => {
    expect(Object.fromEntries(catalog.tables.map((t) => [t.name, t.primaryKey?.columns]))).toEqual({
      Employees: ["EmployeeID"],
      Categories: ["CategoryID"],
      Customers: ["CustomerID"],
      Shippers: ["ShipperID"],
      Suppliers: ["SupplierID"],
      Orders: ["OrderID"],
      Products: ["ProductID"],
      "Order Details": ["OrderID", "ProductID"],
      CustomerCustomerDemo: ["CustomerID", "CustomerTypeID"],
      CustomerDemographics: ["CustomerTypeID"],
      Region: ["RegionID"],
      Territories: ["TerritoryID"],
      EmployeeTerritories: ["EmployeeID", "TerritoryID"],
    });
  });

  it("has the 13 foreign keys, the self-reference of Employees included", () => {
    const fks = catalog.tables.flatMap((t) =>
      t.foreignKeys.map((fk) => `${t.name}(${fk.columns}) -> ${fk.references.table}(${fk.references.columns})`),
    );
    expect(fks).toEqual([
      "Employees(ReportsTo) -> Employees(EmployeeID)",
      "Orders(CustomerID) -> Customers(CustomerID)",
      "Orders(EmployeeID) -> Employees(EmployeeID)",
      "Orders(ShipVia) -> Shippers(ShipperID)",
      "Products(CategoryID) -> Categories(CategoryID)",
      "Products(SupplierID) -> Suppliers(SupplierID)",
      "Order Details(OrderID) -> Orders(OrderID)",
      "Order Details(ProductID) -> Products(ProductID)",
      "CustomerCustomerDemo(CustomerTypeID) -> CustomerDemographics(CustomerTypeID)",
      "CustomerCustomerDemo(CustomerID) -> Customers(CustomerID)",
      "Territories(RegionID) -> Region(RegionID)",
      "EmployeeTerritories(EmployeeID) -> Employees(EmployeeID)",
      "EmployeeTerritories(TerritoryID) -> Territories(TerritoryID)",
    ]);
  });

  it("reads column types, identities, defaults and checks", () => {
    const details = table(catalog, "Order Details");
    expect(details.columns).toEqual([
      { name: "OrderID", type: { name: "int" }, nullable: false },
      { name: "ProductID", type: { name: "int" }, nullable: false },
      { name: "UnitPrice", type: { name: "money" }, nullable: false, default: "(0)" },
      { name: "Quantity", type: { name: "smallint" }, nullable: false, default: "(1)" },
      { name: "Discount", type: { name: "real" }, nullable: false, default: "(0)" },
    ]);
    expect(details.checks.map((c) => c.expression)).toEqual([
      "(Discount >= 0 and (Discount <= 1))",
      "(Quantity > 0)",
      "(UnitPrice >= 0)",
    ]);
    expect(table(catalog, "Orders").columns[0]).toEqual({
      name: "OrderID",
      type: { name: "int" },
      nullable: false,
      identity: { seed: 1, increment: 1 },
    });
    expect(table(catalog, "Employees").columns.find((c) => c.name === "Photo")!.type).toEqual({ name: "image" });
    expect(table(catalog, "Orders").indexes.map((i) => i.name)).toContain("ShipPostalCode");
  });

  it("reads the Orders dates under SET DATEFORMAT mdy", () => {
    expect(rows(catalog, "Orders")[0]).toEqual({
      OrderID: "10248",
      CustomerID: "VINET",
      EmployeeID: "5",
      OrderDate: "1996-07-04 00:00:00",
      RequiredDate: "1996-08-01 00:00:00",
      ShippedDate: "1996-07-16 00:00:00",
      ShipVia: "3",
      Freight: "32.38",
      ShipName: "Vins et alcools Chevalier",
      ShipAddress: "59 rue de l'Abbaye",
      ShipCity: "Reims",
      ShipRegion: null,
      ShipPostalCode: "51100",
      ShipCountry: "France",
    });
    const last = rows(catalog, "Orders").at(-1)!;
    expect([last.OrderID, last.OrderDate, last.ShippedDate]).toEqual(["11077", "1998-05-06 00:00:00", null]);
  });

  it("keeps the line breaks inside Employees addresses and the accents of the data", () => {
    const addresses = rows(catalog, "Employees").map((r) => r.Address);
    expect(addresses.filter((a) => a?.includes("\n"))).toEqual([
      "Coventry House\nMiner Rd.",
      "Edgeham Hollow\nWinchester Way",
    ]);
    expect(rows(catalog, "Customers").find((c) => c.CustomerID === "ANATR")!.City).toBe("México D.F.");
  });

  it("stores 0x image data as \\x hex", () => {
    const picture = rows(catalog, "Categories")[0]!.Picture!;
    expect(picture.startsWith("\\x151c2f00020000000d000e0014002100ffffffff4269746d617020496d616765")).toBe(true);
    expect(picture).toMatch(/^\\x[0-9a-f]+$/);
    expect(rows(catalog, "Employees").every((e) => e.Photo?.startsWith("\\x"))).toBe(true);
  });

  it("finds the 16 views with their whole definitions and CREATE lines", () => {
    expect(catalog.views).toHaveLength(16);
    const invoices = catalog.views.find((v) => v.name === "Invoices")!;
    expect(invoices.location).toEqual({ file, line: 431 });
    expect(invoices.definition.startsWith("create view Invoices AS\nSELECT Orders.ShipName")).toBe(true);
    expect(invoices.definition.endsWith("ON Shippers.ShipperID = Orders.ShipVia")).toBe(true);
  });

  it("finds the 7 procedures with their parameters", () => {
    expect(Object.fromEntries(catalog.procedures.map((p) => [p.name, p.parameters]))).toEqual({
      "Ten Most Expensive Products": [],
      "Employee Sales by Country": [
        { name: "Beginning_Date", type: { name: "datetime" }, output: false },
        { name: "Ending_Date", type: { name: "datetime" }, output: false },
      ],
      "Sales by Year": [
        { name: "Beginning_Date", type: { name: "datetime" }, output: false },
        { name: "Ending_Date", type: { name: "datetime" }, output: false },
      ],
      CustOrdersDetail: [{ name: "OrderID", type: { name: "int" }, output: false }],
      CustOrdersOrders: [{ name: "CustomerID", type: { name: "nchar", length: 5 }, output: false }],
      CustOrderHist: [{ name: "CustomerID", type: { name: "nchar", length: 5 }, output: false }],
      SalesByCategory: [
        { name: "CategoryName", type: { name: "nvarchar", length: 15 }, output: false },
        { name: "OrdYear", type: { name: "nvarchar", length: 4 }, default: "'1998'", output: false },
      ],
    });
    const salesByCategory = catalog.procedures.find((p) => p.name === "SalesByCategory")!;
    expect(salesByCategory.location).toEqual({ file, line: 9097 });
    expect(salesByCategory.definition.endsWith("GROUP BY ProductName\nORDER BY ProductName")).toBe(true);
  });

  it("survives random damage to the script: diagnostics, never a crash or an internal error", () => {
    const lines = new TextDecoder().decode(bytes).split("\n").slice(0, 3000);
    const junk = [
      "(",
      ")",
      "'",
      "[",
      "]",
      '"',
      ",",
      "GO",
      "CREATE",
      "AS",
      "--",
      "/*",
      "*/",
      "N'",
      "0x",
      "$",
      ";",
      "END",
      "CASE",
      ":",
      "{",
      "`",
    ];
    let seed = 20240601;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let run = 0; run < 20; run++) {
      const damaged = [...lines];
      for (let edit = 0; edit < 15; edit++) {
        const i = random(damaged.length);
        const line = damaged[i]!;
        const at = random(line.length + 1);
        damaged[i] = random(2)
          ? line.slice(0, at) + junk[random(junk.length)] + line.slice(at)
          : line.slice(0, at) + line.slice(at + 1 + random(10));
      }
      const result = ingest({
        kind: "script",
        file: "damaged.sql",
        bytes: new TextEncoder().encode(damaged.join("\n")),
      });
      expect(result.diagnostics.filter((d) => d.message.includes("internal error"))).toEqual([]);
      expect(result.tables.length).toBeGreaterThan(0);
    }
  });
});
