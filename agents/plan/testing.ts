import { ZCatalog, type Catalog } from "~/agents/catalog/schema";

/**
 * A hand-built catalog with the names and constraints that break naive generators: spaces, brackets and
 * quotes in names, mixed case, a reserved word as a column, two schemas, a view and a procedure that
 * snake_case to the same name, the same view name in two schemas, composite primary and foreign keys,
 * CHECK … IN lists and OR-chains. For tests only.
 */
export function oddCatalog(): Catalog {
  const int = { name: "int" };
  return ZCatalog.parse({
    database: "Acme Sales",
    tables: [
      {
        name: "Order Details",
        columns: [
          { name: "OrderID", type: int, nullable: false },
          { name: "ProductID", type: int, nullable: false },
          { name: "Unit Price", type: { name: "money" }, nullable: false, default: "(0)" },
          { name: "Quantity", type: { name: "smallint" }, nullable: false },
          { name: "Discount", type: { name: "real" } },
        ],
        primaryKey: { name: "PK_Order_Details", columns: ["OrderID", "ProductID"] },
        foreignKeys: [
          { columns: ["OrderID"], references: { schema: "dbo", table: "Orders", columns: ["OrderID"] } },
          { columns: ["ProductID"], references: { schema: "dbo", table: "Products", columns: ["ProductID"] } },
        ],
        checks: [{ name: "CK_Quantity", expression: "([Quantity]>(0))" }],
        data: {
          columns: ["OrderID", "ProductID", "Unit Price", "Quantity", "Discount"],
          rows: [["1", "1", "9.5000", "2", "0"]],
        },
      },
      {
        name: "Orders",
        columns: [
          { name: "OrderID", type: int, nullable: false, identity: { seed: 1, increment: 1 } },
          { name: "CustomerID", type: { name: "nchar", length: 5 } },
          { name: "Status", type: { name: "char", length: 1 }, nullable: false },
          { name: "ShipVia", type: int },
          { name: "order", type: int },
          { name: "OrderDate", type: { name: "datetime" } },
        ],
        primaryKey: { columns: ["OrderID"] },
        foreignKeys: [
          { columns: ["CustomerID"], references: { schema: "Sales", table: "Customers", columns: ["CustomerID"] } },
        ],
        checks: [
          { expression: "([Status] IN ('N', 'S', 'X'))" },
          { expression: "([ShipVia]=(1) OR [ShipVia]=(2) OR [ShipVia]=(3))" },
          { expression: "([OrderDate]>='19960101')" },
        ],
      },
      {
        name: "Products",
        columns: [
          { name: "ProductID", type: int, nullable: false },
          { name: "ProductName", type: { name: "nvarchar", length: 40 }, nullable: false },
          { name: "Price [USD]", type: { name: "money" } },
          { name: 'Say "Hi"', type: { name: "nvarchar", length: "max" } },
          { name: "Discontinued", type: { name: "bit" }, nullable: false },
        ],
        primaryKey: { columns: ["ProductID"] },
        uniqueConstraints: [{ columns: ["ProductName"] }],
        checks: [{ expression: "([Price [USD]]]>=(0))" }],
      },
      {
        name: "audit_log",
        columns: [
          { name: "id", type: int, nullable: false },
          { name: "message", type: { name: "nvarchar", length: 200 } },
        ],
      },
      {
        name: "Order Notes",
        columns: [
          { name: "OrderID", type: int, nullable: false },
          { name: "ProductID", type: int, nullable: false },
          { name: "Note", type: { name: "ntext" } },
        ],
        foreignKeys: [
          {
            columns: ["OrderID", "ProductID"],
            references: { schema: "dbo", table: "Order Details", columns: ["OrderID", "ProductID"] },
          },
        ],
      },
      {
        schema: "Sales",
        name: "Customers",
        columns: [
          { name: "CustomerID", type: { name: "nchar", length: 5 }, nullable: false },
          { name: "CompanyName", type: { name: "nvarchar", length: 40 }, nullable: false },
          { name: "region", type: { name: "nvarchar", length: 15 } },
        ],
        primaryKey: { columns: ["CustomerID"] },
        uniqueConstraints: [{ columns: ["CompanyName", "region"] }],
      },
    ],
    views: [
      {
        name: "Order Subtotals",
        definition:
          "CREATE VIEW [Order Subtotals] AS SELECT OrderID, SUM([Unit Price] * Quantity) AS Subtotal FROM [Order Details] GROUP BY OrderID",
      },
      {
        name: "Big Orders",
        definition: 'CREATE VIEW "Big Orders" AS SELECT * FROM "Order Subtotals" WHERE Subtotal > 2500',
      },
      {
        name: "Sales by Category",
        definition:
          "CREATE VIEW [Sales by Category] AS SELECT p.ProductName, SUM(od.Quantity) AS Qty FROM Products p JOIN [Order Details] od ON od.ProductID = p.ProductID GROUP BY p.ProductName",
      },
      {
        schema: "Sales",
        name: "Sales by Category",
        definition: "CREATE VIEW Sales.[Sales by Category] AS SELECT CompanyName FROM Sales.Customers",
      },
    ],
    procedures: [
      {
        name: "SalesByCategory",
        parameters: [
          { name: "CategoryName", type: { name: "nvarchar", length: 15 } },
          { name: "OrdYear", type: { name: "nvarchar", length: 4 }, default: "'1998'" },
        ],
        definition:
          "CREATE PROCEDURE SalesByCategory @CategoryName nvarchar(15), @OrdYear nvarchar(4) = '1998' AS SELECT ProductName FROM [Sales by Category]",
      },
      {
        name: "Ten Most Expensive Products",
        definition:
          'CREATE PROCEDURE "Ten Most Expensive Products" AS SET ROWCOUNT 10 SELECT ProductName FROM Products ORDER BY [Price [USD]]] DESC',
      },
    ],
    functions: [
      {
        name: "ufnFormat",
        kind: "scalar",
        parameters: [{ name: "x", type: int }],
        returns: { name: "nvarchar", length: 20 },
        definition:
          "CREATE FUNCTION dbo.ufnFormat(@x int) RETURNS nvarchar(20) AS BEGIN RETURN CONVERT(nvarchar(20), @x) END",
      },
      {
        name: "ref",
        kind: "scalar",
        parameters: [],
        returns: int,
        definition: "CREATE FUNCTION dbo.[ref]() RETURNS int AS BEGIN RETURN 1 END",
      },
      {
        name: "OrdersForCustomer",
        kind: "inline_table",
        parameters: [{ name: "CustomerID", type: { name: "nchar", length: 5 }, default: "N'ALFKI'" }],
        definition:
          "CREATE FUNCTION dbo.OrdersForCustomer(@CustomerID nchar(5) = N'ALFKI') RETURNS TABLE AS RETURN SELECT * FROM Orders WHERE CustomerID = @CustomerID",
      },
    ],
    triggers: [
      {
        name: "trgOrdersAudit",
        table: { schema: "dbo", name: "Orders" },
        definition:
          "CREATE TRIGGER trgOrdersAudit ON Orders AFTER UPDATE AS INSERT INTO audit_log (message) SELECT 'changed' FROM inserted",
      },
    ],
  });
}
