import fs from "node:fs";
import path from "node:path";
import { writeCsv } from "~/agents/evaluate/csv";

/**
 * A SQL Server script whose object names do not fit PostgreSQL's 63-byte identifiers once dbt's layer prefixes are
 * added: tables, views and a procedure whose names share their first 70 characters (PostgreSQL, cutting at 63 bytes,
 * would make them one relation), and a table and a view named in 30 Chinese characters (90 bytes of UTF-8; the
 * table's behind two ASCII characters, so a cut at a byte count would split a character). SQL Server allows 128
 * characters (docs/relational-databases/databases/database-identifiers.md). Used by the naming tests (the plan)
 * and the conformance test (real dbt on real PostgreSQL).
 */
const SHARED = "Quarterly revenue figures reconciled against the general ledger, by re";
const TABLE_NORTH = `${SHARED}gion North`;
const TABLE_SOUTH = `${SHARED}gion South`;
const VIEW_COMBINED = `${SHARED}gion, combined`;
const VIEW_TOTALS = `${SHARED}gion, totals`;
const PROCEDURE = `${SHARED}gion, one region`;
const TABLE_WIDE = "Q3季度收入数据已与总账核对完毕并由区域仓库团队归档保存以供审计";
const VIEW_WIDE = "按地区汇总的季度收入数据视图已与总账核对完毕并由区域团队归档";
// A schema past 63 bytes, whose source name is cut (`long_names_<schema>`, agents/plan sourceNames) and whose tables'
// names fold to one snake_case name: their staging models and dbt source tables must still be told apart.
const SCHEMA_LONG = "Finance quarterly reporting area maintained for the audit committee";
// Columns alike in their first 70 characters (PostgreSQL, cutting at 63 bytes, would make them one): a table's
// DDL, its load, a computed column, a unique key and its staging model must keep them apart.
const COLUMN_SHARED = "Amount reconciled against the general ledger at the end of the quarter, ";
const COLUMN_DEBIT = `${COLUMN_SHARED}debit side`;
const COLUMN_CREDIT = `${COLUMN_SHARED}credit side`;
const COLUMN_REFERENCE = `${COLUMN_SHARED}reference`;

export const LONG_NAMES = {
  TABLE_NORTH,
  TABLE_SOUTH,
  VIEW_COMBINED,
  VIEW_TOTALS,
  PROCEDURE,
  TABLE_WIDE,
  VIEW_WIDE,
  SCHEMA_LONG,
  COLUMN_DEBIT,
  COLUMN_CREDIT,
  COLUMN_REFERENCE,
};

export const LONG_NAMES_SCRIPT = `
CREATE TABLE dbo.[${TABLE_NORTH}] (id int PRIMARY KEY, amount decimal(10,2) NOT NULL)
GO
CREATE TABLE dbo.[${TABLE_SOUTH}] (id int PRIMARY KEY, amount decimal(10,2) NOT NULL)
GO
CREATE TABLE dbo.[${TABLE_WIDE}] (id int PRIMARY KEY, [名称] nvarchar(20) NOT NULL)
GO
INSERT INTO dbo.[${TABLE_NORTH}] (id, amount) VALUES (1, 10.50), (2, 20.00)
INSERT INTO dbo.[${TABLE_SOUTH}] (id, amount) VALUES (1, 5.25), (3, 7.00)
INSERT INTO dbo.[${TABLE_WIDE}] (id, [名称]) VALUES (1, N'北'), (2, N'南')
GO
CREATE TABLE dbo.[Ledger lines] (
  id int PRIMARY KEY,
  [${COLUMN_DEBIT}] decimal(10,2) NOT NULL,
  [${COLUMN_CREDIT}] decimal(10,2) NOT NULL,
  [${COLUMN_REFERENCE}] varchar(10) NOT NULL,
  net AS ([${COLUMN_DEBIT}] - [${COLUMN_CREDIT}]),
  CONSTRAINT uq_ledger_reference UNIQUE ([${COLUMN_REFERENCE}])
)
GO
INSERT INTO dbo.[Ledger lines] (id, [${COLUMN_DEBIT}], [${COLUMN_CREDIT}], [${COLUMN_REFERENCE}])
VALUES (1, 3.00, 1.00, 'A'), (2, 4.50, 0.50, 'B')
GO
CREATE VIEW dbo.[Ledger balance] AS
SELECT id, [${COLUMN_DEBIT}] AS debit, [${COLUMN_CREDIT}] AS credit, net, [${COLUMN_REFERENCE}] AS reference
FROM dbo.[Ledger lines]
GO
CREATE SCHEMA [${SCHEMA_LONG}]
GO
CREATE TABLE [${SCHEMA_LONG}].[Order Details] (id int PRIMARY KEY, qty int NOT NULL)
GO
CREATE TABLE [${SCHEMA_LONG}].[OrderDetails] (id int PRIMARY KEY, qty int NOT NULL)
GO
INSERT INTO [${SCHEMA_LONG}].[Order Details] (id, qty) VALUES (1, 3)
INSERT INTO [${SCHEMA_LONG}].[OrderDetails] (id, qty) VALUES (1, 4), (2, 5)
GO
CREATE VIEW dbo.[${VIEW_COMBINED}] AS
SELECT 'North' AS region, id, amount FROM dbo.[${TABLE_NORTH}]
UNION ALL
SELECT 'South' AS region, id, amount FROM dbo.[${TABLE_SOUTH}]
GO
CREATE VIEW dbo.[${VIEW_TOTALS}] AS
SELECT region, SUM(amount) AS total FROM dbo.[${VIEW_COMBINED}] GROUP BY region
GO
CREATE VIEW dbo.[${VIEW_WIDE}] AS
SELECT id, [名称] AS name FROM dbo.[${TABLE_WIDE}]
GO
CREATE PROCEDURE dbo.[${PROCEDURE}] @region varchar(10) AS
SELECT id, amount FROM dbo.[${VIEW_COMBINED}] WHERE region = @region
GO
`;

type Expected = {
  object: string;
  kind: "view" | "procedure";
  params?: Record<string, string>;
  columns: { name: string; type: string }[];
  rows: (string | null)[][];
};

/** What SQL Server returns for each view and the procedure. */
const EXPECTED: Expected[] = [
  {
    object: VIEW_COMBINED,
    kind: "view",
    columns: [
      { name: "region", type: "varchar(5)" },
      { name: "id", type: "int" },
      { name: "amount", type: "decimal(10,2)" },
    ],
    rows: [
      ["North", "1", "10.50"],
      ["North", "2", "20.00"],
      ["South", "1", "5.25"],
      ["South", "3", "7.00"],
    ],
  },
  {
    object: VIEW_TOTALS,
    kind: "view",
    columns: [
      { name: "region", type: "varchar(5)" },
      { name: "total", type: "decimal(38,2)" },
    ],
    rows: [
      ["North", "30.50"],
      ["South", "12.25"],
    ],
  },
  {
    object: VIEW_WIDE,
    kind: "view",
    columns: [
      { name: "id", type: "int" },
      { name: "name", type: "nvarchar(20)" },
    ],
    rows: [
      ["1", "北"],
      ["2", "南"],
    ],
  },
  {
    object: "Ledger balance",
    kind: "view",
    columns: [
      { name: "id", type: "int" },
      { name: "debit", type: "decimal(10,2)" },
      { name: "credit", type: "decimal(10,2)" },
      { name: "net", type: "decimal(11,2)" },
      { name: "reference", type: "varchar(10)" },
    ],
    rows: [
      ["1", "3.00", "1.00", "2.00", "A"],
      ["2", "4.50", "0.50", "4.00", "B"],
    ],
  },
  {
    object: PROCEDURE,
    kind: "procedure",
    params: { region: "South" },
    columns: [
      { name: "id", type: "int" },
      { name: "amount", type: "decimal(10,2)" },
    ],
    rows: [
      ["1", "5.25"],
      ["3", "7.00"],
    ],
  },
];

/** Writes the expected results (manifest.json + one CSV per object, the Northwind format) into `dir`. */
export function writeLongNamesExpected(dir: string): void {
  const objects = EXPECTED.map((e, i) => {
    const file = `long_names_${i + 1}.csv`;
    fs.writeFileSync(path.join(dir, file), writeCsv({ header: e.columns.map((c) => c.name), rows: e.rows }));
    return { object: `dbo.[${e.object}]`, kind: e.kind, file, params: e.params ?? {}, columns: e.columns };
  });
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ objects }));
}
