import { describe, expect, it } from "vitest";
import { ingestScript, table } from "./test-helpers";

describe("CREATE TABLE", () => {
  it("reads column types, nullability, identity, defaults, collation and inline constraints", () => {
    const catalog = ingestScript(`
CREATE TABLE [dbo].[Orders] (
  [OrderID] int IDENTITY (100, 5) NOT NULL CONSTRAINT PK_Orders PRIMARY KEY CLUSTERED,
  "CustomerID" nchar(5) COLLATE SQL_Latin1_General_CP1_CI_AS NULL REFERENCES Customers (CustomerID),
  Freight money NULL CONSTRAINT DF_Freight DEFAULT (0) CHECK (Freight >= 0),
  Code varchar(10) NOT NULL UNIQUE NONCLUSTERED,
  Notes nvarchar(max),
  Amount decimal(10, 2) NOT NULL DEFAULT 1.5,
  Rate numeric,
  Id uniqueidentifier ROWGUIDCOL NOT NULL DEFAULT (newid()),
  Stamp datetime2(3) NULL,
  Payload varbinary
) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY]
GO
CREATE TABLE Customers (CustomerID nchar(5) PRIMARY KEY)`);
    const orders = table(catalog, "Orders");
    expect(catalog.diagnostics).toEqual([]);
    expect(orders.schema).toBe("dbo");
    expect(orders.location).toEqual({ file: "test.sql", line: 2 });
    expect(orders.columns).toEqual([
      { name: "OrderID", type: { name: "int" }, nullable: false, identity: { seed: 100, increment: 5 } },
      {
        name: "CustomerID",
        type: { name: "nchar", length: 5 },
        nullable: true,
        collation: "SQL_Latin1_General_CP1_CI_AS",
      },
      { name: "Freight", type: { name: "money" }, nullable: true, default: "(0)" },
      { name: "Code", type: { name: "varchar", length: 10 }, nullable: false },
      { name: "Notes", type: { name: "nvarchar", length: "max" }, nullable: true },
      { name: "Amount", type: { name: "decimal", precision: 10, scale: 2 }, nullable: false, default: "1.5" },
      { name: "Rate", type: { name: "numeric", precision: 18, scale: 0 }, nullable: true },
      { name: "Id", type: { name: "uniqueidentifier" }, nullable: false, default: "(newid())" },
      { name: "Stamp", type: { name: "datetime2", scale: 3 }, nullable: true },
      { name: "Payload", type: { name: "varbinary", length: 1 }, nullable: true },
    ]);
    expect(orders.primaryKey).toEqual({ name: "PK_Orders", columns: ["OrderID"] });
    expect(orders.uniqueConstraints).toEqual([{ columns: ["Code"] }]);
    expect(orders.checks).toEqual([{ expression: "(Freight >= 0)" }]);
    expect(orders.foreignKeys).toEqual([
      { columns: ["CustomerID"], references: { schema: "dbo", table: "Customers", columns: ["CustomerID"] } },
    ]);
  });

  it("reads table-level keys, multi-column foreign keys with actions, and a foreign key to the primary key", () => {
    const catalog = ingestScript(`
CREATE TABLE Parent (A int NOT NULL, B int NOT NULL, CONSTRAINT PK_Parent PRIMARY KEY NONCLUSTERED (A ASC, B DESC) WITH (FILLFACTOR = 90) ON [PRIMARY])
CREATE TABLE Child (
  Id int NOT NULL,
  A int, B int,
  CONSTRAINT FK_Child_Parent FOREIGN KEY (A, B) REFERENCES dbo.Parent (A, B) ON DELETE CASCADE ON UPDATE NO ACTION NOT FOR REPLICATION,
  CONSTRAINT FK_Child_Parent2 FOREIGN KEY (A, B) REFERENCES Parent,
  CONSTRAINT UQ_Child UNIQUE (A, B),
  CONSTRAINT CK_Child CHECK NOT FOR REPLICATION (A > 0 AND (B < 10)),
  INDEX IX_Child_B NONCLUSTERED (B),
)`);
    expect(catalog.diagnostics).toEqual([]);
    const child = table(catalog, "Child");
    expect(table(catalog, "Parent").primaryKey).toEqual({ name: "PK_Parent", columns: ["A", "B"] });
    expect(child.foreignKeys.map((fk) => [fk.name, fk.columns, fk.references])).toEqual([
      ["FK_Child_Parent", ["A", "B"], { schema: "dbo", table: "Parent", columns: ["A", "B"] }],
      ["FK_Child_Parent2", ["A", "B"], { schema: "dbo", table: "Parent", columns: ["A", "B"] }],
    ]);
    expect(child.uniqueConstraints).toEqual([{ name: "UQ_Child", columns: ["A", "B"] }]);
    expect(child.checks).toEqual([{ name: "CK_Child", expression: "(A > 0 AND (B < 10))" }]);
    expect(child.indexes).toEqual([{ name: "IX_Child_B", columns: ["B"], unique: false }]);
  });

  it("records computed columns with their expression and an inferred type", () => {
    const catalog = ingestScript(`
CREATE TABLE Lines (
  Qty smallint NOT NULL,
  Price money NOT NULL,
  Total AS ([Qty] * [Price]) PERSISTED,
  Label AS CAST(Qty AS varchar(10)),
  Mystery AS (getdate())
)`);
    const lines = table(catalog, "Lines");
    expect(lines.columns.slice(2)).toEqual([
      { name: "Total", type: { name: "money" }, nullable: true, computed: "([Qty] * [Price])" },
      { name: "Label", type: { name: "varchar", length: 10 }, nullable: true, computed: "CAST(Qty AS varchar(10))" },
      { name: "Mystery", type: { name: "sql_variant" }, nullable: true, computed: "(getdate())" },
    ]);
    expect(catalog.diagnostics).toEqual([
      expect.objectContaining({
        severity: "info",
        line: 2,
        message: expect.stringMatching(/computed column Lines\.Mystery cannot be inferred/),
      }),
    ]);
  });

  it("infers a computed column by the translator's precedence list, where sql_variant outranks datetime", () => {
    // COALESCE takes the highest-precedence argument's type (docs: coalesce-transact-sql.md,
    // data-type-precedence-transact-sql.md); the ingester's own shorter list used to leave sql_variant out.
    const catalog = ingestScript("CREATE TABLE V (Tag sql_variant, At datetime, Latest AS (COALESCE(Tag, At)))");
    expect(table(catalog, "V").columns[2]!.type).toEqual({ name: "sql_variant" });
  });

  it("types a computed column by a conversion inside it as the conversion's target, not its operand", () => {
    // CAST(Qty AS decimal(10,2)) * 2 is decimal: the operands are decimal and int, and decimal ranks higher (docs:
    // data-type-precedence-transact-sql.md); Qty's smallint is the CAST's input, not an operand. An unsized
    // varchar in CONVERT is varchar(30) (docs: char-and-varchar-transact-sql.md).
    const catalog = ingestScript(`
CREATE TABLE Lines (
  Qty smallint NOT NULL,
  Ratio AS (CAST(Qty AS decimal(10,2)) * 2),
  Code AS ((CONVERT(varchar, Qty))),
  Tagged AS (N'#' + CONVERT(varchar(5), Qty))
)`);
    expect(
      table(catalog, "Lines")
        .columns.slice(1)
        .map((c) => c.type),
    ).toEqual([{ name: "decimal" }, { name: "varchar", length: 30 }, { name: "nvarchar" }]);
  });

  it("reads every column_definition option of the docs (create-table-transact-sql.md) through the parser's rule", () => {
    const catalog = ingestScript(`
CREATE TABLE Items (
  Id int CONSTRAINT NN_Id NOT NULL,
  Tag nvarchar(20) SPARSE NULL,
  Props xml COLUMN_SET FOR ALL_SPARSE_COLUMNS,
  Secret varchar(20) MASKED WITH (FUNCTION = 'default()') NULL,
  ValidFrom datetime2 GENERATED ALWAYS AS ROW START HIDDEN NOT NULL,
  ValidTo datetime2 GENERATED ALWAYS AS ROW END HIDDEN NOT NULL,
  Ref uniqueidentifier ROWGUIDCOL NOT NULL INDEX IX_Ref UNIQUE,
  PERIOD FOR SYSTEM_TIME (ValidFrom, ValidTo),
  INDEX IX_Tag (Tag) WHERE Tag IS NOT NULL
)`);
    expect(catalog.diagnostics).toEqual([]);
    const items = table(catalog, "Items");
    expect(items.columns.map((c) => [c.name, c.nullable])).toEqual([
      ["Id", false],
      ["Tag", true],
      ["Props", true],
      ["Secret", true],
      ["ValidFrom", false],
      ["ValidTo", false],
      ["Ref", false],
    ]);
    expect(items.indexes).toEqual([
      { name: "IX_Ref", columns: ["Ref"], unique: true },
      { name: "IX_Tag", columns: ["Tag"], unique: false },
    ]);
  });

  it("stores names unquoted, from brackets, double quotes, three-part and bare names", () => {
    const catalog = ingestScript(`
CREATE TABLE [Order Details] ([a]]b] int)
CREATE TABLE "Sales"."Big ""Q""" (x int)
CREATE TABLE Northwind.Sales.Regions (y int)
CREATE TABLE Northwind..Plain (z int)
CREATE TABLE #temp (t int)`);
    expect(catalog.tables.map((t) => [t.schema, t.name, t.columns[0]!.name])).toEqual([
      ["dbo", "Order Details", "a]b"],
      ["Sales", 'Big "Q"', "x"],
      ["Sales", "Regions", "y"],
      ["dbo", "Plain", "z"],
    ]);
  });

  it("reads ANSI type spellings and sysname", () => {
    const catalog = ingestScript(
      "CREATE TABLE t (a double precision, b national character varying(20), c character(3), d integer, e dec(5,1), f sysname, g float(24))",
    );
    expect(table(catalog, "t").columns.map((c) => [c.type, c.nullable])).toEqual([
      [{ name: "float" }, true],
      [{ name: "nvarchar", length: 20 }, true],
      [{ name: "char", length: 3 }, true],
      [{ name: "int" }, true],
      [{ name: "decimal", precision: 5, scale: 1 }, true],
      [{ name: "nvarchar", length: 128 }, false],
      [{ name: "real" }, true],
    ]);
  });
});
