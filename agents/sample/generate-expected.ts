/**
 * Produces agents/sample/expected (manifest.json + one CSV per view and per procedure run) without using any of
 * the product's own code: the data is read from ecommerce.sql by the small reader below (not agents/tsql), loaded
 * into PostgreSQL tables made by oracle.sql, and every object is computed by oracle.sql's hand translation.
 *
 *   npx tsx scripts/sample-expected.ts [--out <dir>]
 *
 * starts a throwaway embedded PostgreSQL (db/embedded.ts) in a temp folder on a free port and writes to
 * agents/sample/expected unless --out says otherwise. The format is the Northwind one
 * (shared/fixtures/northwind/README.md, summarised in agents/sample/README.md).
 *
 * Guards that make the files trustworthy rather than merely reproducible:
 * - a money or decimal(p,s) value with more decimals than its scale is an error, not rounded away: it would mean
 *   the result depends on how an engine rounds, which the sample is designed to avoid;
 * - a text value longer than its declared SQL Server length is an error (the manifest's types are hand-derived);
 * - for every `ordered` run, the ORDER BY key must be unique, so the order is the ORDER BY's and not an accident;
 * - every run must return rows.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";

const here = import.meta.dirname;
export const scriptFile = path.join(here, "ecommerce.sql");
export const oracleFile = path.join(here, "oracle.sql");
export const defaultOutDir = path.join(here, "expected");

// ---------------------------------------------------------------------------------------------------------------
// The runs: what the manifest promises. Column types are the types SQL Server returns (derivations in notes).

export type ParamValue = string | number;
export type ExpectedColumn = { name: string; type: string };
export type Run = {
  object: string;
  kind: "view" | "procedure";
  file: string;
  params: Record<string, ParamValue>;
  ordered: boolean;
  columns: ExpectedColumn[];
  notes: string;
  /** The oracle relation: a view name, or a function call with `:Param` placeholders. */
  oracle: string;
  /** For ordered runs: the ORDER BY's columns, whose combined values must be unique in the result. */
  orderKey?: string[];
};

const c = (name: string, type: string): ExpectedColumn => ({ name, type });

const ORDER_TOTALS_COLUMNS = [
  c("OrderID", "int"),
  c("CustomerID", "int"),
  c("OrderDate", "datetime"),
  c("Status", "varchar(20)"),
  c("ItemCount", "int"),
  c("Units", "int"),
  c("Subtotal", "money"),
  c("ShippingFee", "money"),
  c("OrderTotal", "money"),
];

const CUSTOMER_ORDERS_COLUMNS = [
  c("OrderID", "int"),
  c("OrderDate", "datetime"),
  c("Status", "varchar(20)"),
  c("ItemCount", "int"),
  c("OrderTotal", "money"),
  c("ShippedDate", "datetime"),
  c("Tracking", "nvarchar(61)"),
];

const TOP_PRODUCTS_COLUMNS = [
  c("ProductID", "int"),
  c("ProductName", "nvarchar(100)"),
  c("CategoryName", "nvarchar(50)"),
  c("UnitsSold", "int"),
  c("Revenue", "money"),
  c("Buyers", "int"),
];

export const RUNS: Run[] = [
  {
    object: "dbo.[Order Totals]",
    kind: "view",
    file: "order_totals.csv",
    params: {},
    ordered: false,
    columns: ORDER_TOTALS_COLUMNS,
    oracle: `dbo."Order Totals"`,
    notes:
      "One row per order (111), LEFT JOIN to [Order Items]: the two pending orders without lines (1031, 1111) have ItemCount 0, Units 0, Subtotal 0.0000 through ISNULL. Line amount UnitPrice*Quantity*(100-DiscountPct)/100 is money and exact at 4 decimals (e.g. order 1001).",
  },
  {
    object: "dbo.[Customer Lifetime Value]",
    kind: "view",
    file: "customer_lifetime_value.csv",
    params: {},
    ordered: false,
    columns: [
      c("CustomerID", "int"),
      c("CustomerName", "nvarchar(101)"),
      c("Email", "nvarchar(120)"),
      c("Orders", "int"),
      c("Total Spent", "money"),
      c("AvgOrderValue", "decimal(10,2)"),
      c("FirstOrderDate", "datetime"),
      c("LastOrderDate", "datetime"),
      c("ActiveDays", "int"),
      c("Tier", "varchar(8)"),
    ],
    oracle: `dbo."Customer Lifetime Value"`,
    notes:
      "All 40 customers (LEFT JOIN to [Order Totals] with the status filter in the ON clause). Customers 38 (only a cancelled order), 39 and 40 have Orders 0, Total Spent 0.0000, NULL AvgOrderValue/dates/ActiveDays and Tier 'Prospect'. CustomerName = FirstName + N' ' + LastName (nvarchar(50)+nvarchar(1)+nvarchar(50)). AvgOrderValue = CAST(AVG(decimal(19,4)) AS decimal(10,2)), rounded half away from zero. ActiveDays = DATEDIFF(day) between first and last order dates (calendar days).",
  },
  {
    object: "dbo.[Monthly Sales]",
    kind: "view",
    file: "monthly_sales.csv",
    params: {},
    ordered: false,
    columns: [
      c("Year", "int"),
      c("Month", "int"),
      c("Quarter", "int"),
      c("Orders", "int"),
      c("Customers", "int"),
      c("Units", "int"),
      c("Revenue", "money"),
      c("UnitsPerOrder", "int"),
    ],
    oracle: `dbo."Monthly Sales"`,
    notes:
      "Orders not cancelled, grouped by YEAR, MONTH and DATEPART(quarter) of OrderDate. UnitsPerOrder = SUM(Units) / COUNT(*) is int / int: truncated (e.g. 7 units over 3 orders is 2, not 2.33).",
  },
  {
    object: "dbo.[Product Performance]",
    kind: "view",
    file: "product_performance.csv",
    params: {},
    ordered: false,
    columns: [
      c("ProductID", "int"),
      c("SKU", "varchar(20)"),
      c("ProductName", "nvarchar(100)"),
      c("CategoryName", "nvarchar(50)"),
      c("Department", "nvarchar(50)"),
      c("UnitPrice", "money"),
      c("IsActive", "bit"),
      c("UnitsSold", "int"),
      c("Revenue", "money"),
      c("GrossProfit", "money"),
      c("ReviewCount", "int"),
      c("AvgRating", "decimal(3,2)"),
    ],
    oracle: `dbo."Product Performance"`,
    notes:
      "All 30 products. Two derived tables, both LEFT JOINed: sales of paid/shipped/delivered orders and review stats. Department = parent category, or the category itself when it has no parent (ISNULL over a self LEFT JOIN). AvgRating = CAST(AVG(CAST(Rating AS decimal(5,2))) AS decimal(3,2)), NULL for products without reviews (e.g. 4.33 for ratings 4, 5, 4). GrossProfit = Revenue - UnitsSold * UnitCost, money. IsActive is a bit: 0 for the discontinued Fitness Band Lite and Water Filter Bottle, which still have 2023 sales.",
  },
  {
    object: "dbo.[Shipping Performance]",
    kind: "view",
    file: "shipping_performance.csv",
    params: {},
    ordered: false,
    columns: [
      c("ShipmentID", "int"),
      c("OrderID", "int"),
      c("Carrier", "nvarchar(30)"),
      c("TrackingLabel", "nvarchar(39)"),
      c("OrderDate", "datetime"),
      c("ShippedDate", "datetime"),
      c("DeliveredDate", "datetime"),
      c("DaysToShip", "int"),
      c("HoursToShip", "int"),
      c("DaysInTransit", "int"),
      c("PromisedBy", "datetime"),
      c("DeliveryStatus", "varchar(10)"),
      c("IsLate", "int"),
    ],
    oracle: `dbo."Shipping Performance"`,
    notes:
      "ShipmentID is the IDENTITY value the server assigned (the script inserts Shipments without ids, one row per statement). DATEDIFF(day/hour) counts calendar/hour boundaries, not elapsed time. TrackingLabel = N'Tracking ' + TrackingNumber is NULL where TrackingNumber is NULL (string + NULL). PromisedBy = DATEADD(day, 5, ShippedDate). DaysInTransit is NULL for shipments not yet delivered.",
  },
  {
    object: "dbo.[Carrier Scorecard]",
    kind: "view",
    file: "carrier_scorecard.csv",
    params: {},
    ordered: false,
    columns: [
      c("Carrier", "nvarchar(30)"),
      c("Shipments", "int"),
      c("Delivered", "int"),
      c("LateDeliveries", "int"),
      c("AvgDaysToShip", "int"),
      c("MaxDaysInTransit", "int"),
      c("LatePct", "int"),
    ],
    oracle: `dbo."Carrier Scorecard"`,
    notes:
      "Over [Shipping Performance]. HAVING COUNT(*) >= 10 drops Correos (4), Royal Mail (8) and FedEx (9). AvgDaysToShip = SUM/COUNT and LatePct = SUM(IsLate)*100/COUNT(*) are int / int, truncated.",
  },
  {
    object: "dbo.[Customer Segments]",
    kind: "view",
    file: "customer_segments.csv",
    params: {},
    ordered: false,
    columns: [
      c("Tier", "varchar(8)"),
      c("Country", "nvarchar(60)"),
      c("Customers", "int"),
      c("Orders", "int"),
      c("Revenue", "money"),
    ],
    oracle: `dbo."Customer Segments"`,
    notes:
      "Three levels deep: CTE over Addresses (default shipping address, IsDefault = 1 on a bit) joined to [Customer Lifetime Value], itself over [Order Totals]. Customer 37 has no address: Country 'Unknown' through ISNULL, which keeps the nvarchar(60) type of Country.",
  },
  {
    object: "dbo.[Top Rated Products]",
    kind: "view",
    file: "top_rated_products.csv",
    params: {},
    ordered: false,
    columns: [
      c("ProductID", "int"),
      c("ProductName", "nvarchar(100)"),
      c("Department", "nvarchar(50)"),
      c("ReviewCount", "int"),
      c("AvgRating", "decimal(3,2)"),
    ],
    oracle: `dbo."Top Rated Products"`,
    notes:
      "TOP (5) … ORDER BY AvgRating DESC, ReviewCount DESC, ProductID in a view: compare as a set of exactly 5 rows. The tie-breakers decide membership: the full ORDER BY is unique, so the 5 rows are determined.",
  },
  {
    object: "dbo.[usp_CustomerOrders]",
    kind: "procedure",
    file: "usp_customer_orders_3_all.csv",
    params: { CustomerID: 3, Status: "all" },
    ordered: true,
    orderKey: ["ShippedDate", "OrderID"],
    columns: CUSTOMER_ORDERS_COLUMNS,
    oracle: `dbo."usp_CustomerOrders"(:CustomerID, :Status)`,
    notes:
      "IF @Status = 'all' branch. ORDER BY s.ShippedDate, t.OrderID: the orders without a shipment (1110 paid, 1111 pending) come first because SQL Server sorts NULL first ascending. Tracking = Carrier + N' ' + TrackingNumber, NULL without a shipment. Order 1111 has no lines: ItemCount 0, OrderTotal 0.0000.",
  },
  {
    object: "dbo.[usp_CustomerOrders]",
    kind: "procedure",
    file: "usp_customer_orders_3_delivered.csv",
    params: { CustomerID: 3, Status: "delivered" },
    ordered: true,
    orderKey: ["ShippedDate", "OrderID"],
    columns: CUSTOMER_ORDERS_COLUMNS,
    oracle: `dbo."usp_CustomerOrders"(:CustomerID, :Status)`,
    notes: "ELSE branch: only customer 3's delivered orders, ORDER BY s.ShippedDate, t.OrderID.",
  },
  {
    object: "dbo.[usp_TopProducts]",
    kind: "procedure",
    file: "usp_top_products_2023_top3_all.csv",
    params: { StartDate: "2023-01-01", EndDate: "2023-12-31", TopN: 3, CategoryID: 0 },
    ordered: true,
    orderKey: ["Revenue", "ProductID"],
    columns: TOP_PRODUCTS_COLUMNS,
    oracle: `dbo."usp_TopProducts"(:StartDate, :EndDate, :TopN, :CategoryID)`,
    notes:
      "TOP (@TopN) with ORDER BY Revenue DESC, p.ProductID; all categories (@CategoryID = 0). The date range is inclusive of the whole @EndDate day: OrderDate < DATEADD(day, 1, @EndDate).",
  },
  {
    object: "dbo.[usp_TopProducts]",
    kind: "procedure",
    file: "usp_top_products_2024h1_top0_outdoor.csv",
    params: { StartDate: "2024-01-01", EndDate: "2024-06-30", TopN: 0, CategoryID: 1 },
    ordered: true,
    orderKey: ["Revenue", "ProductID"],
    columns: TOP_PRODUCTS_COLUMNS,
    oracle: `dbo."usp_TopProducts"(:StartDate, :EndDate, :TopN, :CategoryID)`,
    notes:
      "@TopN 0 is reset to 5 by the procedure's IF, so 5 rows. @CategoryID 1 (Outdoor) matches products in Outdoor itself and in its subcategories Camping and Hiking (c.ParentCategoryID = @CategoryID). Order 1085, placed 2024-06-30 21:47 (four Ultralight Hammocks, 256.0000), is inside the range only because the upper bound is DATEADD(day, 1, @EndDate): without it the 5th row would be Trekking Poles (238.0000). Ultralight Hammock is in Outdoor itself, the other four rows in Camping.",
  },
  {
    object: "dbo.[usp_CustomerRfm]",
    kind: "procedure",
    file: "usp_customer_rfm.csv",
    params: { AsOfDate: "2025-01-01", MinOrders: 2 },
    ordered: true,
    orderKey: ["RfmScore", "Revenue", "CustomerID"],
    columns: [
      c("CustomerID", "int"),
      c("CustomerName", "nvarchar(101)"),
      c("LastOrderDate", "datetime"),
      c("RecencyDays", "int"),
      c("OrderCount", "int"),
      c("Revenue", "money"),
      c("RfmCode", "varchar(3)"),
      c("RfmScore", "int"),
      c("Segment", "varchar(8)"),
    ],
    oracle: `dbo."usp_CustomerRfm"(:AsOfDate, :MinOrders)`,
    notes:
      "SELECT … INTO #orders, CREATE TABLE #scores + INSERT … SELECT, then the final SELECT joining both. Customers with at least @MinOrders orders (not cancelled/returned) before @AsOfDate. RecencyDays = DATEDIFF(day, LastOrderDate, @AsOfDate). RfmCode = CAST(R AS varchar(1)) + CAST(F …) + CAST(M …), e.g. '333'. ORDER BY RfmScore DESC, o.Revenue DESC, c.CustomerID.",
  },
  {
    object: "dbo.[Sales by Region]",
    kind: "procedure",
    file: "sales_by_region.csv",
    params: { Year: 2024, MinRevenue: 50 },
    ordered: true,
    orderKey: ["Revenue", "Orders"],
    columns: [
      c("Country", "nvarchar(60)"),
      c("Region", "nvarchar(60)"),
      c("Customers", "int"),
      c("Orders", "int"),
      c("Revenue", "money"),
      c("ShippingFees", "money"),
    ],
    oracle: `dbo."Sales by Region"(:Year, :MinRevenue)`,
    notes:
      "YEAR(OrderDate) = @Year; LEFT JOIN Addresses on the order's ShippingAddressID, so customer 37's in-store pickups form a group with Country NULL and Region '(none)'. Region = ISNULL(a.Region, N'(none)') is also a GROUP BY expression. HAVING SUM(Subtotal) >= @MinRevenue (money) drops United States / OR (49.9500). ORDER BY Revenue DESC, Orders DESC (no ties).",
  },
  {
    object: "dbo.[usp_PaymentSummary]",
    kind: "procedure",
    file: "usp_payment_summary.csv",
    params: { Year: 2024, Month: 7 },
    ordered: true,
    orderKey: ["NetAmount"],
    columns: [
      c("Method", "varchar(20)"),
      c("Payments", "int"),
      c("Refunds", "int"),
      c("NetAmount", "money"),
      c("LargestAmount", "money"),
    ],
    oracle: `dbo."usp_PaymentSummary"(:Year, :Month)`,
    notes:
      "@Start = DATEFROMPARTS(@Year, @Month, 1), @End = DATEADD(month, 1, @Start); PaymentDate >= @Start AND < @End. Two INSERT … SELECT into #ledger (payments, then refunds as -Amount), then GROUP BY Method ORDER BY NetAmount DESC (no ties).",
  },
  {
    object: "dbo.[usp_OrderDetail]",
    kind: "procedure",
    file: "usp_order_detail.csv",
    params: { OrderID: 1057 },
    ordered: true,
    orderKey: ["LineNumber"],
    columns: [
      c("LineNumber", "smallint"),
      c("Item", "nvarchar(123)"),
      c("Quantity", "int"),
      c("UnitPrice", "money"),
      c("DiscountPct", "tinyint"),
      c("GrossAmount", "money"),
      c("LineTotal", "money"),
      c("PriceNote", "nvarchar(10)"),
      c("ShippingWeightKg", "decimal(8,2)"),
    ],
    oracle: `dbo."usp_OrderDetail"(:OrderID)`,
    notes:
      "Item = SKU + ' - ' + ProductName (varchar(20)+varchar(3)+nvarchar(100) = nvarchar(123)). PriceNote is N'full price' or N'-' + CAST(DiscountPct AS nvarchar(3)) + N'%'. ShippingWeightKg = ISNULL(CAST(WeightKg * Quantity AS decimal(8,2)), 0): 0.00 for a product without a weight. ORDER BY oi.LineNumber.",
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Reading the INSERT data of a T-SQL script. Deliberately small and strict: it accepts exactly the statement
// forms ecommerce.sql uses in its data batches and throws on anything else there.

type Tok = { kind: "word" | "ident" | "string" | "number" | "punct"; text: string };

function tokenizeBatch(source: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (source.startsWith("--", i)) {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (source.startsWith("/*", i)) {
      const end = source.indexOf("*/", i + 2);
      if (end < 0) throw new Error("unterminated comment");
      i = end + 2;
    } else if (ch === "[") {
      let text = "";
      i++;
      for (;;) {
        if (i >= source.length) throw new Error("unterminated [identifier]");
        if (source[i] === "]") {
          if (source[i + 1] === "]") {
            text += "]";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += source[i++];
      }
      out.push({ kind: "ident", text });
    } else if (ch === "'" || ((ch === "N" || ch === "n") && source[i + 1] === "'")) {
      i += ch === "'" ? 1 : 2;
      let text = "";
      for (;;) {
        if (i >= source.length) throw new Error("unterminated string");
        if (source[i] === "'") {
          if (source[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += source[i++];
      }
      out.push({ kind: "string", text });
    } else if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(source[i + 1] ?? ""))) {
      const m = /^[0-9]*\.?[0-9]*/.exec(source.slice(i))!;
      out.push({ kind: "number", text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_@#]/.test(ch)) {
      const m = /^[A-Za-z_@#][A-Za-z0-9_@#$]*/.exec(source.slice(i))!;
      out.push({ kind: "word", text: m[0] });
      i += m[0].length;
    } else {
      out.push({ kind: "punct", text: ch });
      i++;
    }
  }
  return out;
}

/** A literal as written: strings keep their text (dates are interpreted later, knowing the column's type). */
export type Literal = { kind: "string" | "number"; text: string } | null;
export type InsertStatement = { table: string; columns: string[]; rows: Literal[][]; dateFormat: string };

/**
 * Splits on `GO` lines (the script has no GO inside strings or comments). Not agents/tsql/batches.ts on purpose: the
 * oracle shares no code with the product, so a bug in the product cannot hide in the expected results.
 */
export function splitBatches(script: string): string[] {
  return script.split(/\r?\n[ \t]*GO[ \t]*(?=\r?\n|$)/i);
}

export function readInserts(script: string): InsertStatement[] {
  const statements: InsertStatement[] = [];
  let dateFormat = "mdy";
  for (const batch of splitBatches(script)) {
    const toks = tokenizeBatch(batch);
    const first = toks[0];
    if (!first || first.kind !== "word" || !/^(SET|INSERT)$/i.test(first.text)) continue; // DDL, views, procedures
    let i = 0;
    const word = (w?: string) => {
      const t = toks[i];
      if (!t || t.kind !== "word" || (w && t.text.toUpperCase() !== w)) {
        throw new Error(`expected ${w ?? "a word"} in a data batch, found ${t ? t.text : "the end"}`);
      }
      i++;
      return t.text.toUpperCase();
    };
    const punct = (p: string) => {
      if (toks[i]?.kind !== "punct" || toks[i]!.text !== p)
        throw new Error(`expected '${p}', found ${toks[i]?.text ?? "the end"}`);
      i++;
    };
    const isPunct = (p: string) => toks[i]?.kind === "punct" && toks[i]!.text === p;
    const name = () => {
      const parts: string[] = [];
      for (;;) {
        const t = toks[i++];
        if (!t || (t.kind !== "ident" && t.kind !== "word")) throw new Error("expected a name");
        parts.push(t.text);
        if (!isPunct(".")) break;
        i++;
      }
      return parts;
    };
    const literal = (): Literal => {
      const negative = isPunct("-");
      if (negative) i++;
      const t = toks[i++];
      if (!t) throw new Error("expected a value");
      if (t.kind === "word" && t.text.toUpperCase() === "NULL" && !negative) return null;
      if (t.kind === "number") return { kind: "number", text: negative ? `-${t.text}` : t.text };
      if (t.kind === "string" && !negative) return { kind: "string", text: t.text };
      throw new Error(`unsupported value ${t.text}`);
    };

    while (i < toks.length) {
      if (isPunct(";")) {
        i++;
        continue;
      }
      const verb = word();
      if (verb === "SET") {
        const option = word();
        if (option === "DATEFORMAT") {
          dateFormat = word().toLowerCase();
          if (dateFormat !== "mdy") throw new Error(`SET DATEFORMAT ${dateFormat} is not supported by this reader`);
        } else if (option === "IDENTITY_INSERT") {
          name();
          word();
        } else {
          word(); // SET NOCOUNT ON and the like
        }
      } else if (verb === "INSERT") {
        if (toks[i]?.kind === "word" && toks[i]!.text.toUpperCase() === "INTO") i++;
        const parts = name();
        const table = parts[parts.length - 1]!;
        punct("(");
        const columns: string[] = [];
        for (;;) {
          columns.push(name().join("."));
          if (isPunct(")")) break;
          punct(",");
        }
        punct(")");
        word("VALUES");
        const rows: Literal[][] = [];
        for (;;) {
          punct("(");
          const values: Literal[] = [];
          for (;;) {
            values.push(literal());
            if (isPunct(")")) break;
            punct(",");
          }
          punct(")");
          if (values.length !== columns.length)
            throw new Error(`INSERT into ${table}: ${values.length} values for ${columns.length} columns`);
          rows.push(values);
          if (!isPunct(",")) break;
          i++;
        }
        statements.push({ table, columns, rows, dateFormat });
      } else {
        throw new Error(`unexpected ${verb} in a data batch`);
      }
    }
  }
  return statements;
}

/**
 * A datetime literal as SQL Server reads it under SET DATEFORMAT mdy, as `YYYY-MM-DD HH:MM:SS.mmm`.
 * Accepted: m/d/yyyy, yyyymmdd and yyyy-mm-dd (which mdy reads as ymd), with an optional time after a space,
 * and ISO 8601 yyyy-mm-ddThh:mm:ss.
 */
export function readDatetime(text: string): string {
  const time = String.raw`(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?`;
  let y: number, m: number, d: number;
  let rest: RegExpExecArray;
  let match: RegExpExecArray | null;
  if ((match = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})` + time + "$").exec(text))) {
    [m, d, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
    rest = match;
  } else if ((match = new RegExp(String.raw`^(\d{4})(\d{2})(\d{2})` + time + "$").exec(text))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    rest = match;
  } else if ((match = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})` + time + "$").exec(text))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    rest = match;
  } else {
    throw new Error(`unsupported datetime literal '${text}'`);
  }
  if (text.includes("T") && rest[4] === undefined) throw new Error(`ISO 8601 literal without a time: '${text}'`);
  const [hh, mi, ss] = [Number(rest[4] ?? 0), Number(rest[5] ?? 0), Number(rest[6] ?? 0)];
  const ms = rest[7] ?? "0";
  // SQL Server datetime keeps 1/300 s; the data uses whole seconds, anything else would need its rounding rules.
  if (Number(ms) !== 0) throw new Error(`fractional seconds in '${text}' are not supported by this reader`);
  const check = new Date(Date.UTC(y, m - 1, d, hh, mi, ss));
  if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d || hh > 23 || mi > 59 || ss > 59) {
    throw new Error(`invalid date '${text}'`);
  }
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(y, 4)}-${p(m)}-${p(d)} ${p(hh)}:${p(mi)}:${p(ss)}.000`;
}

const pgString = (s: string) => `'${s.replaceAll("'", "''")}'`;
const pgIdent = (s: string) => `"${s.replaceAll('"', '""')}"`;

async function loadData(sql: postgres.Sql, statements: InsertStatement[]) {
  const columns = await sql<{ table_name: string; column_name: string; data_type: string }[]>`
    select table_name, column_name, data_type from information_schema.columns where table_schema = 'dbo'`;
  const typeOf = new Map(columns.map((col) => [`${col.table_name}.${col.column_name}`, col.data_type]));
  for (const st of statements) {
    const types = st.columns.map((col) => {
      const type = typeOf.get(`${st.table}.${col}`);
      if (!type) throw new Error(`INSERT into unknown column ${st.table}.${col}`);
      return type;
    });
    // Every value goes in as an untyped literal, so PostgreSQL converts it to the column's type
    // ('1' to boolean, '249.00' to numeric); datetimes are first read the way SQL Server reads them.
    const rows = st.rows.map(
      (values) =>
        `(${values
          .map((v, k) => {
            if (v === null) return "NULL";
            if (types[k]!.startsWith("timestamp")) {
              if (v.kind !== "string")
                throw new Error(`${st.table}.${st.columns[k]}: a datetime must be a string literal`);
              return pgString(readDatetime(v.text));
            }
            return pgString(v.text);
          })
          .join(", ")})`,
    );
    await sql.unsafe(
      `insert into dbo.${pgIdent(st.table)} (${st.columns.map(pgIdent).join(", ")}) values ${rows.join(", ")}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting values the way the Northwind README specifies.

const TEXT_TYPE = /^n?(var)?char\((\d+|max)\)$/;

function fixedScale(text: string, scale: number, context: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`${context}: '${text}' is not a plain decimal`);
  const fraction = m[3] ?? "";
  if (/[1-9]/.test(fraction.slice(scale))) {
    throw new Error(`${context}: ${text} has more than ${scale} decimals, so the result would depend on rounding`);
  }
  const kept = fraction.slice(0, scale).padEnd(scale, "0");
  return scale > 0 ? `${m[1]}${m[2]}.${kept}` : `${m[1]}${m[2]}`;
}

export function formatValue(text: string | null, type: string, context: string): string | null {
  if (text === null) return null;
  if (/^(int|smallint|tinyint|bigint)$/.test(type)) {
    if (!/^-?\d+$/.test(text)) throw new Error(`${context}: '${text}' is not an integer`);
    return text;
  }
  if (type === "money") return fixedScale(text, 4, context);
  const decimal = /^decimal\((\d+),(\d+)\)$/.exec(type);
  if (decimal) {
    const [precision, scale] = [Number(decimal[1]), Number(decimal[2])];
    const value = fixedScale(text, scale, context);
    if (
      value
        .replace(/^-/, "")
        .split(".")[0]!
        .replace(/^0+(?=\d)/, "").length >
      precision - scale
    ) {
      throw new Error(`${context}: ${text} does not fit ${type}`);
    }
    return value;
  }
  if (type === "bit") {
    if (text === "true" || text === "1") return "1";
    if (text === "false" || text === "0") return "0";
    throw new Error(`${context}: '${text}' is not a bit`);
  }
  if (type === "datetime") {
    const m = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(?:\.(\d+))?$/.exec(text);
    if (!m) throw new Error(`${context}: '${text}' is not a timestamp`);
    const fraction = m[2] ?? "";
    if (/[1-9]/.test(fraction.slice(3))) throw new Error(`${context}: ${text} has sub-millisecond precision`);
    return `${m[1]}.${fraction.slice(0, 3).padEnd(3, "0")}`;
  }
  const textType = TEXT_TYPE.exec(type);
  if (textType) {
    if (textType[2] !== "max" && [...text].length > Number(textType[2])) {
      throw new Error(`${context}: '${text}' is longer than ${type}`);
    }
    return text;
  }
  throw new Error(`${context}: no format for type ${type}`);
}

/** RFC 4180 field: quoted only for a comma, a quote, CR or LF, or the empty string; NULL is an empty field. */
export function csvField(value: string | null): string {
  if (value === null) return "";
  if (value === "" || /[",\r\n]/.test(value)) return `"${value.replaceAll('"', '""')}"`;
  return value;
}

export function toCsv(header: string[], rows: (string | null)[][]): string {
  return [header.map(csvField), ...rows.map((r) => r.map(csvField))]
    .map((fields) => `${fields.join(",")}\r\n`)
    .join("");
}

// ---------------------------------------------------------------------------------------------------------------
// Running the oracle

function bindParams(call: string, params: Record<string, ParamValue>): string {
  return call.replace(/:([A-Za-z]\w*)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${call}: no value for parameter ${name}`);
    return typeof value === "number" ? String(value) : pgString(value);
  });
}

async function runOracle(sql: postgres.Sql, run: Run): Promise<(string | null)[][]> {
  const select = run.columns.map((col) => `q.${pgIdent(col.name)}::text`).join(", ");
  let query: string;
  if (run.kind === "procedure") {
    query = `select ${select} from ${bindParams(run.oracle, run.params)} with ordinality as q order by q.ordinality`;
  } else {
    // Unordered results are written sorted on all columns, left to right, text by code point, NULLs last.
    const order = run.columns
      .map((col) => `q.${pgIdent(col.name)}${TEXT_TYPE.test(col.type) ? ` collate "C"` : ""} nulls last`)
      .join(", ");
    query = `select ${select} from ${run.oracle} as q order by ${order}`;
  }
  if (!run.ordered && run.kind === "procedure") {
    throw new Error(`${run.file}: an unordered procedure result must be sorted like a view's`);
  }
  const rows = (await sql.unsafe(query).values()) as (string | null)[][];
  return rows.map((values, r) =>
    values.map((v, k) => formatValue(v, run.columns[k]!.type, `${run.file} row ${r + 1} ${run.columns[k]!.name}`)),
  );
}

function checkOrderKey(run: Run, rows: (string | null)[][]) {
  if (!run.ordered) return;
  if (!run.orderKey) throw new Error(`${run.file}: an ordered run needs its orderKey`);
  const indexes = run.orderKey.map((name) => {
    const k = run.columns.findIndex((col) => col.name === name);
    if (k < 0) throw new Error(`${run.file}: orderKey column ${name} is not an output column`);
    return k;
  });
  const seen = new Set<string>();
  for (const r of rows) {
    const key = JSON.stringify(indexes.map((k) => r[k]));
    if (seen.has(key))
      throw new Error(
        `${run.file}: two rows tie on ${run.orderKey.join(", ")} (${key}): the order would not be determined`,
      );
    seen.add(key);
  }
}

export type ManifestEntry = Omit<Run, "oracle" | "orderKey"> & { rows: number };
export type Manifest = {
  source: { file: string; sha256: string; origin: string };
  format: string;
  objects: ManifestEntry[];
};

/** Loads the sample into the (empty) database at `url`, runs the oracle and writes manifest.json and the CSVs. */
export async function generateExpected(options: { url: string; outDir: string }): Promise<Manifest> {
  const script = fs.readFileSync(scriptFile);
  const sql = postgres(options.url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(fs.readFileSync(oracleFile, "utf8"));
    await loadData(sql, readInserts(script.toString("utf8")));

    fs.mkdirSync(options.outDir, { recursive: true });
    const objects: ManifestEntry[] = [];
    for (const run of RUNS) {
      const rows = await runOracle(sql, run);
      if (rows.length === 0) throw new Error(`${run.file}: no rows, which would make a useless test`);
      checkOrderKey(run, rows);
      fs.writeFileSync(
        path.join(options.outDir, run.file),
        toCsv(
          run.columns.map((col) => col.name),
          rows,
        ),
      );
      const { object, kind, file, params, ordered, columns, notes } = run;
      objects.push({ object, kind, file, params, ordered, rows: rows.length, columns, notes });
    }
    const manifest: Manifest = {
      source: {
        file: "../ecommerce.sql",
        sha256: crypto.createHash("sha256").update(script).digest("hex"),
        origin: "DataMigrate AI built-in sample (agents/sample/ecommerce.sql)",
      },
      format: "../README.md",
      objects,
    };
    fs.writeFileSync(path.join(options.outDir, "manifest.json"), formatManifest(manifest));
    return manifest;
  } finally {
    await sql.end();
  }
}

/** JSON with one line per column and per params object, like the Northwind manifest. */
function formatManifest(manifest: Manifest): string {
  const json = JSON.stringify(manifest, null, 2)
    .replace(/\{\n\s+"name": (".*?"),\n\s+"type": (".*?")\n\s+\}/g, `{"name": $1, "type": $2}`)
    .replace(
      /"params": \{\n([\s\S]*?)\n\s+\}/g,
      (_, body: string) =>
        `"params": {${body
          .split("\n")
          .map((l) => l.trim())
          .join(" ")}}`,
    );
  return `${json}\n`;
}
