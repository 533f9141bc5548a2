/**
 * Synthetic SQL Server schemas for benchmarking the whole pipeline at scale: one T-SQL script, the same for a
 * given size and seed.
 *
 *   generateSyntheticScript({ objects: 1000, seed: 1 })
 *   npx tsx scripts/bench/synthetic.ts --objects 1000 --seed 1 > synthetic-1000.sql
 *
 * The mix: 60 % tables with 20–100 rows each (id, a nullable reference to an earlier table, text, money,
 * datetime, bit, plus some of int / decimal / varchar / smallint / nullable nvarchar), 30 % views (joins and
 * aggregates over tables and over other views, nested 3 to 5 levels deep), 10 % procedures (parameters in WHERE,
 * IF, TOP). Objects come in dependency order, as SSMS scripts them.
 *
 * Only constructs a faithful rule-based translator handles are used, so that a benchmark run measures the
 * pipeline rather than its refusals: no money division or AVG (rounding), no text ORDER BY without a unique
 * tie-breaker, no date literal that depends on DATEFORMAT (all are `yyyymmdd` or ISO 8601), no GETDATE/NEWID.
 */
import path from "node:path";
import { mulberry32 } from "~/agents/sample/random";

export const SYNTHETIC_SIZES = [250, 500, 1000, 2000] as const;

export type SyntheticOptions = {
  /** Total number of tables + views + procedures; the benchmark uses SYNTHETIC_SIZES. */
  objects: number;
  seed: number;
};

// ---------------------------------------------------------------------------------------------------------------
// Deterministic randomness (mulberry32)

function random(seed: number) {
  const next = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof random>;

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary

const ENTITIES = [
  "Customer",
  "Order",
  "Invoice",
  "Product",
  "Supplier",
  "Shipment",
  "Account",
  "Ledger",
  "Employee",
  "Contract",
  "Ticket",
  "Asset",
  "Campaign",
  "Lead",
  "Payment",
  "Warehouse",
  "Store",
  "Budget",
  "Claim",
  "Policy",
];
const REGIONS = ["North", "South", "East", "West", "Central", "Île-de-France"];
const NAME_WORDS = [
  "Blue",
  "Falcon",
  "Café",
  "Rouge",
  "Northwind",
  "Summit",
  "Ångström",
  "O'Neil",
  "Harbor",
  "Zoë",
  "Delta",
  "Pine",
];

type ExtraColumn = { name: string; sql: string; value: (r: Random, row: number) => string };
const EXTRA_COLUMNS: ExtraColumn[] = [
  { name: "Quantity", sql: "int NOT NULL", value: (r) => String(r.int(1, 500)) },
  {
    name: "Rate",
    sql: "decimal(9, 2) NOT NULL",
    value: (r) => `${r.int(0, 999)}.${String(r.int(0, 99)).padStart(2, "0")}`,
  },
  { name: "Code", sql: "varchar(12) NOT NULL", value: (_r, row) => `'C-${String(row).padStart(5, "0")}'` },
  {
    name: "Notes",
    sql: "nvarchar(200) NULL",
    value: (r) =>
      r.chance(0.4) ? "NULL" : `N'${r.pick(["Rush", "Hold", "VIP", "Résumé", "Re-check"])} ${r.int(1, 99)}'`,
  },
  { name: "Score", sql: "smallint NULL", value: (r) => (r.chance(0.15) ? "NULL" : String(r.int(-50, 300))) },
];

// ---------------------------------------------------------------------------------------------------------------
// Objects

type Table = {
  name: string;
  rows: number;
  /** The earlier table that RefId points to, if any. */
  ref: Table | null;
  extras: ExtraColumn[];
  identity: boolean;
};

/** A relation a view or procedure can read: a table, or a view whose output shape is known. */
type Source =
  | { kind: "table"; name: string; table: Table; level: 0 }
  /** Row views: Id, RefId, Region, Name, Amount, CreatedAt (+ more). */
  | { kind: "rows"; name: string; level: number }
  /** Group views: Region, Cnt, Total, LastAt (+ more). */
  | { kind: "groups"; name: string; level: number };

const q = (name: string) => `[${name.replaceAll("]", "]]")}]`;
const dbo = (name: string) => `[dbo].${q(name)}`;
const nstr = (s: string) => `N'${s.replaceAll("'", "''")}'`;

function datetime(r: Random): string {
  const day = new Date(Date.UTC(2022, 0, 1) + r.int(0, 3 * 365) * 86_400_000);
  const p = (n: number) => String(n).padStart(2, "0");
  const date = `${day.getUTCFullYear()}-${p(day.getUTCMonth() + 1)}-${p(day.getUTCDate())}`;
  return r.chance(0.5)
    ? `'${date}T${p(r.int(0, 23))}:${p(r.int(0, 59))}:${p(r.int(0, 59))}'`
    : `'${date.replaceAll("-", "")}${r.chance(0.5) ? ` ${p(r.int(0, 23))}:${p(r.int(0, 59))}` : ""}'`;
}

function createTable(t: Table, r: Random): string[] {
  const lines = [
    `CREATE TABLE ${dbo(t.name)} (`,
    `    [Id] int ${t.identity ? "IDENTITY(1,1) " : ""}NOT NULL,`,
    `    [RefId] int NULL,`,
    `    [Name] nvarchar(50) NOT NULL,`,
    `    [Region] nvarchar(20) NOT NULL,`,
    `    [Amount] money NOT NULL${r.chance(0.5) ? " CHECK ([Amount] >= 0)" : ""},`,
    `    [CreatedAt] datetime NOT NULL,`,
    `    [IsActive] bit NOT NULL CONSTRAINT ${q(`DF_${t.name.replaceAll(" ", "_")}_IsActive`)} DEFAULT ((1)),`,
    ...t.extras.map((e) => `    ${q(e.name)} ${e.sql},`),
    `    CONSTRAINT ${q(`PK_${t.name.replaceAll(" ", "_")}`)} PRIMARY KEY CLUSTERED ([Id] ASC)${t.extras.some((e) => e.name === "Code") ? "," : ""}`,
  ];
  if (t.extras.some((e) => e.name === "Code"))
    lines.push(`    CONSTRAINT ${q(`UQ_${t.name.replaceAll(" ", "_")}_Code`)} UNIQUE ([Code])`);
  lines.push(")", "GO");
  if (t.ref) {
    lines.push(
      `ALTER TABLE ${dbo(t.name)} WITH CHECK ADD CONSTRAINT ${q(`FK_${t.name.replaceAll(" ", "_")}_Ref`)} FOREIGN KEY ([RefId]) REFERENCES ${dbo(t.ref.name)} ([Id])`,
      "GO",
    );
  }
  return lines;
}

function insertRows(t: Table, r: Random): string[] {
  const columns = ["Id", "RefId", "Name", "Region", "Amount", "CreatedAt", "IsActive", ...t.extras.map((e) => e.name)];
  const rows: string[] = [];
  for (let id = 1; id <= t.rows; id++) {
    const refId = t.ref && r.chance(0.9) ? String(r.int(1, t.ref.rows)) : "NULL";
    const name = `${r.pick(NAME_WORDS)} ${r.pick(NAME_WORDS)} ${id}`;
    const amount = `${r.int(0, 4999)}.${String(r.int(0, 99)).padStart(2, "0")}`;
    const values = [
      String(id),
      refId,
      nstr(name),
      nstr(r.pick(REGIONS)),
      amount,
      datetime(r),
      r.chance(0.8) ? "1" : "0",
    ];
    rows.push(`(${[...values, ...t.extras.map((e) => e.value(r, id))].join(", ")})`);
  }
  const insert = `INSERT INTO ${dbo(t.name)} (${columns.map(q).join(", ")}) VALUES`;
  const body = rows.map((row, i) => `    ${row}${i < rows.length - 1 ? "," : ""}`);
  return t.identity
    ? [`SET IDENTITY_INSERT ${dbo(t.name)} ON`, insert, ...body, `SET IDENTITY_INSERT ${dbo(t.name)} OFF`, "GO"]
    : [insert, ...body, "GO"];
}

/** Output columns a view body must produce for its kind (downstream views and procedures rely on them). */
const ROW_COLUMNS = ["Id", "RefId", "Region", "Name", "Amount", "CreatedAt"];

function viewBody(kind: "rows" | "groups", input: Source, other: Source | null, r: Random): string[] {
  const from = `FROM ${dbo(input.name)} AS a`;
  if (input.kind === "table") {
    const t = input.table;
    if (kind === "rows") {
      if (t.ref && r.chance(0.7)) {
        return [
          `SELECT ${ROW_COLUMNS.map((c) => `a.${q(c)}`).join(", ")},`,
          `       ISNULL(b.[Name], N'(none)') AS [RefName],`,
          `       a.[Name] + N' / ' + a.[Region] AS [Label]`,
          from,
          `LEFT JOIN ${dbo(t.ref.name)} AS b ON b.[Id] = a.[RefId]`,
          `WHERE a.[IsActive] = 1`,
        ];
      }
      return [
        `SELECT ${ROW_COLUMNS.map((c) => `a.${q(c)}`).join(", ")},`,
        `       DATEADD(day, 30, a.[CreatedAt]) AS [DueAt],`,
        `       CASE WHEN a.[Amount] >= 1000 THEN N'large' WHEN a.[Amount] >= 100 THEN N'medium' ELSE N'small' END AS [SizeBand]`,
        from,
        `WHERE a.[Amount] > ${r.int(0, 200)}`,
      ];
    }
    return [
      `SELECT a.[Region], COUNT(*) AS [Cnt], SUM(a.[Amount]) AS [Total], MAX(a.[CreatedAt]) AS [LastAt],`,
      `       SUM(CASE WHEN a.[IsActive] = 1 THEN 1 ELSE 0 END) AS [ActiveCnt]`,
      from,
      `GROUP BY a.[Region]`,
      ...(r.chance(0.4) ? [`HAVING COUNT(*) >= 2`] : []),
    ];
  }

  if (input.kind === "rows") {
    if (kind === "rows") {
      if (r.chance(0.5)) {
        return [
          `WITH recent AS (`,
          `    SELECT ${ROW_COLUMNS.map(q).join(", ")}`,
          `    FROM ${dbo(input.name)}`,
          `    WHERE [CreatedAt] >= '${r.pick(["20220601", "20230101", "20230701"])}'`,
          `)`,
          `SELECT ${ROW_COLUMNS.map((c) => `a.${q(c)}`).join(", ")},`,
          `       DATEDIFF(day, a.[CreatedAt], '20250101') AS [AgeDays],`,
          `       YEAR(a.[CreatedAt]) AS [Yr]`,
          `FROM recent AS a`,
        ];
      }
      return [
        `SELECT ${ROW_COLUMNS.map((c) => `a.${q(c)}`).join(", ")},`,
        `       a.[Amount] * 2 AS [DoubleAmount],`,
        `       DATEPART(quarter, a.[CreatedAt]) AS [Qtr]`,
        from,
        `WHERE a.[Region] <> N'${r.pick(REGIONS).replaceAll("'", "''")}'`,
      ];
    }
    return [
      `SELECT a.[Region], COUNT(*) AS [Cnt], SUM(a.[Amount]) AS [Total], MAX(a.[CreatedAt]) AS [LastAt],`,
      `       MIN(a.[Amount]) AS [MinAmount]`,
      from,
      `GROUP BY a.[Region]`,
    ];
  }

  // A group view read by a group view: join another group source on Region, or filter and label.
  if (other && other.kind === "groups") {
    return [
      `SELECT a.[Region], a.[Cnt], a.[Total], a.[LastAt],`,
      `       ISNULL(b.[Total], 0) AS [OtherTotal],`,
      `       a.[Cnt] + ISNULL(b.[Cnt], 0) AS [CombinedCnt]`,
      from,
      `LEFT JOIN ${dbo(other.name)} AS b ON b.[Region] = a.[Region]`,
    ];
  }
  return [
    `SELECT a.[Region], a.[Cnt], a.[Total], a.[LastAt],`,
    `       a.[Region] + N': ' + CAST(a.[Cnt] AS nvarchar(10)) AS [Label],`,
    `       a.[Cnt] * 100 / ${r.int(2, 9)} AS [Scaled],`,
    `       CASE WHEN a.[Total] > ${r.int(500, 5000)} THEN 1 ELSE 0 END AS [IsBig]`,
    from,
    `WHERE a.[Cnt] > 0`,
  ];
}

function procedureBody(name: string, source: Source, r: Random): string[] {
  const header = [`CREATE PROCEDURE ${dbo(name)}`];
  if (source.kind === "groups") {
    return [
      ...header,
      `    @TopN int = 10,`,
      `    @MinTotal money = 0`,
      `AS`,
      `BEGIN`,
      `    SET NOCOUNT ON;`,
      `    IF @TopN IS NULL OR @TopN < 1`,
      `        SET @TopN = 10;`,
      `    SELECT TOP (@TopN) g.[Region], g.[Cnt], g.[Total], g.[LastAt]`,
      `    FROM ${dbo(source.name)} AS g`,
      `    WHERE g.[Total] >= @MinTotal`,
      `    ORDER BY g.[Total] DESC, g.[Region];`, // Region is unique in every group view
      `END`,
    ];
  }
  if (source.kind === "table" && r.chance(0.5)) {
    return [
      ...header,
      `    @Region nvarchar(20),`,
      `    @ActiveOnly bit = 1`,
      `AS`,
      `BEGIN`,
      `    SET NOCOUNT ON;`,
      `    IF @ActiveOnly = 1`,
      `    BEGIN`,
      `        SELECT t.[Id], t.[Name], t.[Amount], t.[CreatedAt]`,
      `        FROM ${dbo(source.name)} AS t`,
      `        WHERE t.[Region] = @Region AND t.[IsActive] = 1`,
      `        ORDER BY t.[Amount] DESC, t.[Id];`,
      `    END`,
      `    ELSE`,
      `    BEGIN`,
      `        SELECT t.[Id], t.[Name], t.[Amount], t.[CreatedAt]`,
      `        FROM ${dbo(source.name)} AS t`,
      `        WHERE t.[Region] = @Region`,
      `        ORDER BY t.[Amount] DESC, t.[Id];`,
      `    END`,
      `END`,
    ];
  }
  return [
    ...header,
    `    @Region nvarchar(20),`,
    `    @MinAmount money = 0,`,
    `    @Since datetime = '20220101',`,
    `    @TopN int = 25`,
    `AS`,
    `BEGIN`,
    `    SET NOCOUNT ON;`,
    `    SELECT TOP (@TopN) s.[Id], s.[Name], s.[Amount], s.[CreatedAt], DATEDIFF(day, @Since, s.[CreatedAt]) AS [DaysSince]`,
    `    FROM ${dbo(source.name)} AS s`,
    `    WHERE s.[Region] = @Region`,
    `      AND s.[Amount] >= @MinAmount`,
    `      AND s.[CreatedAt] >= @Since`,
    `    ORDER BY s.[Amount] DESC, s.[Id];`,
    `END`,
  ];
}

/** How many of each kind a script of `objects` objects holds: 60 % tables, 30 % views, the rest procedures. */
export function syntheticMix(objects: number) {
  const tables = Math.round(objects * 0.6);
  const views = Math.round(objects * 0.3);
  return { tables, views, procedures: objects - tables - views };
}

export function generateSyntheticScript(options: SyntheticOptions): string {
  const { objects, seed } = options;
  if (!Number.isInteger(objects) || objects < 20) throw new Error("objects must be an integer of at least 20");
  const r = random(seed);
  const mix = syntheticMix(objects);
  const pad = String(objects).length;
  const serial = (n: number) => String(n).padStart(pad, "0");
  let counter = 0;
  const next = () => serial(++counter);

  const out: string[] = [
    `-- Synthetic SQL Server schema for benchmarks: ${objects} objects (${mix.tables} tables, ${mix.views} views, ${mix.procedures} procedures), seed ${seed}.`,
    `-- Generated by scripts/bench/synthetic.ts.`,
    "SET NOCOUNT ON",
    "GO",
    "SET QUOTED_IDENTIFIER ON",
    "GO",
  ];

  // Tables, each referencing (RefId) an earlier one most of the time.
  const tables: Table[] = [];
  for (let i = 0; i < mix.tables; i++) {
    const entity = r.pick(ENTITIES);
    const name = r.chance(0.1) ? `${entity} Detail ${next()}` : `${entity}_${next()}`;
    const extras = EXTRA_COLUMNS.filter(() => r.chance(0.45));
    const table: Table = {
      name,
      rows: r.int(20, 100),
      ref: tables.length > 0 && r.chance(0.75) ? tables[Math.max(0, tables.length - 1 - r.int(0, 30))]! : null,
      extras,
      identity: r.chance(0.5),
    };
    tables.push(table);
    out.push(...createTable(table, r));
  }
  for (const t of tables) out.push(...insertRows(t, r));

  // Views in levels: a level-k view reads a level k-1 view (level 0 = tables), so the deepest chain is
  // exactly `depth` views long.
  const depth = r.int(3, 5);
  const weights = [0.4, 0.25, 0.17, 0.1, 0.08].slice(0, depth);
  const perLevel = weights.map((w) => Math.max(1, Math.floor((mix.views * w) / weights.reduce((a, b) => a + b, 0))));
  perLevel[0]! += mix.views - perLevel.reduce((a, b) => a + b, 0);
  const sources: Source[][] = [tables.map((table) => ({ kind: "table", name: table.name, table, level: 0 }))];
  for (let level = 1; level <= depth; level++) {
    const made: Source[] = [];
    for (let i = 0; i < perLevel[level - 1]!; i++) {
      const input = r.pick(sources[level - 1]!);
      const kind: "rows" | "groups" = input.kind === "groups" ? "groups" : r.chance(0.6) ? "rows" : "groups";
      const groupSources = sources
        .slice(1)
        .flat()
        .filter((s) => s.kind === "groups");
      const other =
        input.kind === "groups" && groupSources.length > 1 && r.chance(0.5)
          ? r.pick(groupSources.filter((s) => s !== input))
          : null;
      const entity = r.pick(ENTITIES);
      const name = r.chance(0.15)
        ? `${entity} ${kind === "rows" ? "Overview" : "Summary"} ${next()}`
        : `vw_${entity}${kind === "rows" ? "List" : "Totals"}_${next()}`;
      out.push(`CREATE VIEW ${dbo(name)}`, "AS", ...viewBody(kind, input, other, r), "GO");
      made.push({ kind, name, level });
    }
    sources.push(made);
  }

  // Procedures over tables and views of every level.
  const readable = sources.flat();
  for (let i = 0; i < mix.procedures; i++) {
    const source = r.pick(readable);
    const name = r.chance(0.1) ? `${r.pick(ENTITIES)} Report ${next()}` : `usp_${r.pick(ENTITIES)}Report_${next()}`;
    out.push(...procedureBody(name, source, r), "GO");
  }
  return `${out.join("\n")}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const arg = (flag: string, fallback: number) => {
    const i = process.argv.indexOf(flag);
    return i > 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : fallback;
  };
  process.stdout.write(generateSyntheticScript({ objects: arg("--objects", 250), seed: arg("--seed", 1) }));
}
