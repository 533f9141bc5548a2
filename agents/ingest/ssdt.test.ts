import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest, ingestPath, InputError, readInputFromPath } from "./index";

const encode = (text: string) => new TextEncoder().encode(text);

// One object per file, as an SSDT project lays them out; dependencies point at later files.
const project: Record<string, string> = {
  "Shop/Tables/dbo.Orders.sql": `CREATE TABLE [dbo].[Orders] (
    [OrderID] INT IDENTITY(1,1) NOT NULL,
    [CustomerID] NCHAR(5) NOT NULL,
    [Phone] [dbo].[Phone] NULL,
    CONSTRAINT [PK_Orders] PRIMARY KEY CLUSTERED ([OrderID] ASC)
);`,
  "Shop/Tables/dbo.Customers.sql":
    "CREATE TABLE [dbo].[Customers] ([CustomerID] NCHAR(5) NOT NULL PRIMARY KEY, [Name] NVARCHAR(40) NULL)",
  "Shop/Keys/FK_Orders_Customers.sql":
    "ALTER TABLE [dbo].[Orders] WITH CHECK ADD CONSTRAINT [FK_Orders_Customers] FOREIGN KEY ([CustomerID]) REFERENCES [dbo].[Customers] ([CustomerID])",
  "Shop/Types/dbo.Phone.sql": "CREATE TYPE [dbo].[Phone] FROM NVARCHAR(24) NULL",
  "Shop/Views/dbo.OrderList.sql":
    "CREATE VIEW dbo.OrderList AS\nSELECT o.OrderID, c.Name FROM dbo.Orders o JOIN dbo.Customers c ON c.CustomerID = o.CustomerID\n",
  "Shop/Scripts/Seed.sql": "SET DATEFORMAT dmy\nINSERT dbo.Customers VALUES (N'ALFKI', N'Alfreds')\n",
  "Shop/Broken/dbo.Bad.sql": "\n\nCREATE TABLE dbo.Bad (a int,, b int)",
  "Shop/Empty.sql": "",
  "Shop/README.md": "# not SQL",
};
const files = Object.entries(project).map(([p, text]) => ({ path: p, bytes: encode(text) }));

describe("SSDT folders and zips", () => {
  it("resolves types, keys and data across files that come in any order", () => {
    const catalog = ingest({ kind: "files", files, name: "Shop" });
    expect(catalog.database).toBe("Shop");
    expect(catalog.tables.map((t) => t.name)).toEqual(["Customers", "Orders"]);
    const orders = catalog.tables[1]!;
    expect(orders.location).toEqual({ file: "Shop/Tables/dbo.Orders.sql", line: 1 });
    expect(orders.columns[2]).toEqual({ name: "Phone", type: { name: "nvarchar", length: 24 }, nullable: true });
    expect(orders.foreignKeys).toEqual([
      {
        name: "FK_Orders_Customers",
        columns: ["CustomerID"],
        references: { schema: "dbo", table: "Customers", columns: ["CustomerID"] },
      },
    ]);
    expect(catalog.tables[0]!.data).toEqual({
      columns: ["CustomerID", "Name"],
      rows: [["ALFKI", "Alfreds"]],
      source: { file: "Shop/Scripts/Seed.sql", lines: [2] },
    });
    expect(catalog.views.map((v) => [v.name, v.location])).toEqual([
      ["OrderList", { file: "Shop/Views/dbo.OrderList.sql", line: 1 }],
    ]);

    const reversed = ingest({ kind: "files", files: [...files].reverse(), name: "Shop" });
    expect(reversed).toEqual(catalog);
  });

  it("passes over a post-deployment script's SQLCMD commands (:setvar, :r, :on error) line by line, keeping the statements around them (docs: tools/sqlcmd/sqlcmd-utility.md)", () => {
    const deploy = `:setvar Region "North"
:on error exit
:r .\\Seed.sql
INSERT dbo.T VALUES (1)
  :r "..\\Data\\More Rows.sql"
INSERT dbo.T VALUES (2)
GO
`;
    const catalog = ingest({
      kind: "files",
      files: [
        { path: "P/Tables/T.sql", bytes: encode("CREATE TABLE dbo.T (id int PRIMARY KEY)") },
        { path: "P/Scripts/Script.PostDeployment.sql", bytes: encode(deploy) },
      ],
      name: "P",
    });
    expect(catalog.tables[0]!.data?.rows).toEqual([["1"], ["2"]]);
    expect(catalog.diagnostics.map((d) => [d.severity, d.line, d.message])).toEqual(
      [
        [1, ':setvar Region "North"'],
        [2, ":on error exit"],
        [3, ":r .\\Seed.sql"],
        [5, ':r "..\\Data\\More Rows.sql"'],
      ].map(([line, command]) => [
        "warning",
        line,
        `SQLCMD command ${JSON.stringify(command)} is not run (a file :r includes is read only when it is part of the input)`,
      ]),
    );
  });

  it("names the file and line of a broken object and of an unreadable file, and keeps the rest", () => {
    const catalog = ingest({ kind: "files", files, name: "Shop" });
    expect(catalog.diagnostics).toEqual([
      {
        severity: "error",
        file: "Shop/Broken/dbo.Bad.sql",
        line: 3,
        message: 'CREATE TABLE dbo.Bad (line 3) was skipped: expected a column name, found ","',
      },
      {
        severity: "warning",
        file: "Shop/Empty.sql",
        line: 1,
        message: "Shop/Empty.sql is empty; the file was skipped",
      },
    ]);
  });

  it("reads the same project from a zip, named by its .sqlproj or the zip file", () => {
    const zip = zipSync(Object.fromEntries(files.map((f) => [f.path, f.bytes])));
    const catalog = ingest({ kind: "zip", file: "shop-export.zip", bytes: zip });
    expect(catalog.database).toBe("shop-export");
    expect(catalog.tables.map((t) => t.name)).toEqual(["Customers", "Orders"]);
    const withProject = zipSync({
      ...Object.fromEntries(files.map((f) => [f.path, f.bytes])),
      "Shop/Northwind.sqlproj": encode("<Project/>"),
    });
    expect(ingest({ kind: "zip", file: "x.zip", bytes: withProject }).database).toBe("Northwind");
  });

  it("rejects a zip without .sql files and bytes that are not a zip", () => {
    const zip = zipSync({ "notes.txt": encode("hello") });
    expect(() => ingest({ kind: "zip", file: "notes.zip", bytes: zip })).toThrow(
      new InputError("notes.zip holds no .sql files"),
    );
    expect(() => ingest({ kind: "zip", file: "fake.zip", bytes: encode("PK but not really") })).toThrow(
      /fake\.zip is not a readable zip archive/,
    );
    expect(() => ingest({ kind: "files", files: [{ path: "a.sql", bytes: new Uint8Array() }] })).toThrow(
      /no readable \.sql files/,
    );
  });
});

describe("readInputFromPath", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "ingest-"));
    for (const [relative, text] of Object.entries(project)) {
      await mkdir(path.join(dir, path.dirname(relative)), { recursive: true });
      await writeFile(path.join(dir, relative), text);
    }
    await mkdir(path.join(dir, "Shop/bin/Debug"), { recursive: true });
    await writeFile(path.join(dir, "Shop/bin/Debug/build-output.sql"), "CREATE TABLE Stale (a int)");
    await writeFile(path.join(dir, "project.zip"), zipSync(Object.fromEntries(files.map((f) => [f.path, f.bytes]))));
    await writeFile(path.join(dir, "catalog.json"), JSON.stringify({ database: "j", tables: [] }));
    await writeFile(path.join(dir, "notes.txt"), "x");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("picks the input kind from the filesystem", async () => {
    const folder = await readInputFromPath(path.join(dir, "Shop"));
    expect(folder.kind).toBe("files");
    expect(ingest(folder).tables.map((t) => t.name)).toEqual(["Customers", "Orders"]);
    expect((await readInputFromPath(path.join(dir, "project.zip"))).kind).toBe("zip");
    expect((await readInputFromPath(path.join(dir, "catalog.json"))).kind).toBe("catalog-json");
    const script = await readInputFromPath(path.join(dir, "Shop/Tables/dbo.Customers.sql"));
    expect(script).toMatchObject({ kind: "script", file: "dbo.Customers.sql" });
    expect((await ingestPath(path.join(dir, "catalog.json"))).database).toBe("j");
    expect((await ingestPath(path.join(dir, "project.zip"), { database: "Renamed" })).database).toBe("Renamed");
  });

  it("rejects missing paths, unknown file types and folders without .sql files", async () => {
    await expect(readInputFromPath(path.join(dir, "nope.sql"))).rejects.toThrow(/nope\.sql does not exist/);
    await expect(readInputFromPath(path.join(dir, "notes.txt"))).rejects.toThrow(
      /expected a \.sql script, a \.zip of \.sql files, a \.json catalog or a folder/,
    );
    await mkdir(path.join(dir, "empty"), { recursive: true });
    await expect(readInputFromPath(path.join(dir, "empty"))).rejects.toThrow(InputError);
  });
});
