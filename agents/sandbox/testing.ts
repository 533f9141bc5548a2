import { type Catalog, type CatalogInput, ZCatalog } from "~/agents/catalog/schema";

/**
 * A catalog shaped like Northwind for tests: the same tables, types and row counts (3,308 rows in all), with
 * generated values that exercise every type the loader must convert (money, real, bit, image, nchar, datetime,
 * ntext with line breaks, unicode text). Deterministic: no randomness.
 */
export function northwindLikeCatalog(): Catalog {
  const t = (name: string, length?: number | "max") => ({ name, ...(length === undefined ? {} : { length }) });
  const cities = ["Berlin", "México D.F.", "London", "Luleå", "Montréal", "São Paulo", "Århus", "Köln"];
  const names = [
    "Chai",
    "Chang",
    "Aniseed Syrup",
    "Chef Anton's Cajun Seasoning",
    "Rhönbräu Klosterbier",
    "Côte de Blaye",
    "Tarte au sucre",
    "Gumbär Gummibärchen",
  ];
  const day = (n: number) => {
    const date = new Date(Date.UTC(1996, 6, 4) + n * 86_400_000);
    return date.toISOString().slice(0, 10) + " 00:00:00.000";
  };
  const customerId = (i: number) => `C${String(i).padStart(4, "0")}`;

  const input: CatalogInput = {
    database: "northwind_like",
    tables: [
      {
        name: "Categories",
        columns: [
          { name: "CategoryID", type: t("int"), nullable: false, identity: { seed: 1, increment: 1 } },
          { name: "CategoryName", type: t("nvarchar", 15), nullable: false },
          { name: "Description", type: t("ntext") },
          { name: "Picture", type: t("image") },
        ],
        primaryKey: { columns: ["CategoryID"] },
        data: {
          columns: ["CategoryID", "CategoryName", "Description", "Picture"],
          rows: Array.from({ length: 8 }, (_, i) => [
            String(i + 1),
            `Category ${i + 1}`,
            `Line one\r\nline two, "quoted"\ttab \\ back`,
            `\\x0001ff${i}a`,
          ]),
        },
      },
      {
        name: "Customers",
        columns: [
          { name: "CustomerID", type: t("nchar", 5), nullable: false },
          { name: "CompanyName", type: t("nvarchar", 40), nullable: false },
          { name: "City", type: t("nvarchar", 15) },
          { name: "Region", type: t("nvarchar", 15) },
        ],
        primaryKey: { columns: ["CustomerID"] },
        data: {
          columns: ["CustomerID", "CompanyName", "City", "Region"],
          rows: Array.from({ length: 91 }, (_, i) => [
            customerId(i),
            `Company ${i} ${cities[i % cities.length]}`,
            cities[i % cities.length]!,
            i % 3 === 0 ? null : "ÆØÅ 東京",
          ]),
        },
      },
      {
        name: "Employees",
        columns: [
          { name: "EmployeeID", type: t("int"), nullable: false, identity: { seed: 1, increment: 1 } },
          { name: "LastName", type: t("nvarchar", 20), nullable: false },
          { name: "BirthDate", type: t("datetime") },
          { name: "Photo", type: t("image") },
          { name: "Notes", type: t("ntext") },
          { name: "ReportsTo", type: t("int") },
        ],
        primaryKey: { columns: ["EmployeeID"] },
        data: {
          columns: ["EmployeeID", "LastName", "BirthDate", "Photo", "Notes", "ReportsTo"],
          rows: Array.from({ length: 9 }, (_, i) => [
            String(i + 1),
            `Employee ${i + 1}`,
            `1948-12-0${i + 1} 00:00:00.000`,
            "\\x151c2f00020000000d000e0014002100ffffffff",
            "Has a BA.\nLine two.",
            i === 1 ? null : "2",
          ]),
        },
      },
      {
        name: "Products",
        columns: [
          { name: "ProductID", type: t("int"), nullable: false, identity: { seed: 1, increment: 1 } },
          { name: "ProductName", type: t("nvarchar", 40), nullable: false },
          { name: "CategoryID", type: t("int") },
          { name: "UnitPrice", type: t("money"), default: "(0)" },
          { name: "UnitsInStock", type: t("smallint"), default: "((0))" },
          { name: "Discontinued", type: t("bit"), nullable: false, default: "((0))" },
        ],
        primaryKey: { columns: ["ProductID"] },
        data: {
          columns: ["ProductID", "ProductName", "CategoryID", "UnitPrice", "UnitsInStock", "Discontinued"],
          rows: Array.from({ length: 77 }, (_, i) => [
            String(i + 1),
            `${names[i % names.length]} ${i}`,
            String((i % 8) + 1),
            `${(i * 3.17 + 2.5).toFixed(4)}`,
            String(i * 3),
            i % 9 === 0 ? "1" : "0",
          ]),
        },
      },
      {
        name: "Orders",
        columns: [
          { name: "OrderID", type: t("int"), nullable: false, identity: { seed: 10248, increment: 1 } },
          { name: "CustomerID", type: t("nchar", 5) },
          { name: "EmployeeID", type: t("int") },
          { name: "OrderDate", type: t("datetime") },
          { name: "ShippedDate", type: t("datetime") },
          { name: "Freight", type: t("money"), default: "(0)" },
          { name: "ShipCity", type: t("nvarchar", 15) },
        ],
        primaryKey: { columns: ["OrderID"] },
        data: {
          columns: ["OrderID", "CustomerID", "EmployeeID", "OrderDate", "ShippedDate", "Freight", "ShipCity"],
          rows: Array.from({ length: 830 }, (_, i) => [
            String(10248 + i),
            customerId(i % 91),
            String((i % 9) + 1),
            day(i),
            i % 40 === 0 ? null : day(i + 5),
            (i * 1.37).toFixed(4),
            cities[i % cities.length]!,
          ]),
        },
      },
      {
        name: "Order Details",
        columns: [
          { name: "OrderID", type: t("int"), nullable: false },
          { name: "ProductID", type: t("int"), nullable: false },
          { name: "UnitPrice", type: t("money"), nullable: false, default: "(0)" },
          { name: "Quantity", type: t("smallint"), nullable: false, default: "(1)" },
          { name: "Discount", type: t("real"), nullable: false, default: "(0)" },
        ],
        primaryKey: { columns: ["OrderID", "ProductID"] },
        data: {
          columns: ["OrderID", "ProductID", "UnitPrice", "Quantity", "Discount"],
          rows: Array.from({ length: 2155 }, (_, i) => [
            String(10248 + Math.floor(i / 3)),
            String((i % 3) * 20 + (Math.floor(i / 3) % 17) + 1),
            "14.4000",
            String((i % 40) + 1),
            ["0", "0.05", "0.15", "0.25"][i % 4]!,
          ]),
        },
      },
      {
        name: "Shippers",
        columns: [
          { name: "ShipperID", type: t("int"), nullable: false, identity: { seed: 1, increment: 1 } },
          { name: "CompanyName", type: t("nvarchar", 40), nullable: false },
        ],
        data: {
          columns: ["ShipperID", "CompanyName"],
          rows: [
            ["1", "Speedy Express"],
            ["2", "United Package"],
            ["3", "Federal Shipping"],
          ],
        },
      },
      {
        name: "Region",
        columns: [
          { name: "RegionID", type: t("int"), nullable: false },
          { name: "RegionDescription", type: t("nchar", 50), nullable: false },
        ],
        data: {
          columns: ["RegionID", "RegionDescription"],
          rows: [
            ["1", "Eastern"],
            ["2", "Western"],
            ["3", "Northern"],
            ["4", "Southern"],
          ],
        },
      },
      {
        name: "Territories",
        columns: [
          { name: "TerritoryID", type: t("nvarchar", 20), nullable: false },
          { name: "RegionID", type: t("int"), nullable: false },
        ],
        data: {
          columns: ["TerritoryID", "RegionID"],
          rows: Array.from({ length: 53 }, (_, i) => [String(1000 + i), String((i % 4) + 1)]),
        },
      },
      {
        name: "EmployeeTerritories",
        columns: [
          { name: "EmployeeID", type: t("int"), nullable: false },
          { name: "TerritoryID", type: t("nvarchar", 20), nullable: false },
        ],
        data: {
          columns: ["EmployeeID", "TerritoryID"],
          rows: Array.from({ length: 49 }, (_, i) => [String((i % 9) + 1), String(1000 + i)]),
        },
      },
      {
        name: "Suppliers",
        columns: [
          { name: "SupplierID", type: t("int"), nullable: false, identity: { seed: 1, increment: 1 } },
          { name: "CompanyName", type: t("nvarchar", 40), nullable: false },
          { name: "HomePage", type: t("ntext") },
        ],
        data: {
          columns: ["SupplierID", "CompanyName", "HomePage"],
          rows: Array.from({ length: 29 }, (_, i) => [
            String(i + 1),
            `Supplier ${i}`,
            i % 2 ? null : "#http://example.com/#",
          ]),
        },
      },
      {
        name: "CustomerDemographics",
        columns: [
          { name: "CustomerTypeID", type: t("nchar", 10), nullable: false },
          { name: "CustomerDesc", type: t("ntext") },
        ],
      },
    ],
  };
  return ZCatalog.parse(input);
}
