import { describe, expect, it } from "vitest";
import { ingestScript } from "./test-helpers";

/** A 2,000-object script in the shape of real install scripts: tables with keys and data, views, procedures. */
function bigScript(objects: number): string {
  const parts: string[] = ["SET NOCOUNT ON\nGO\nSET DATEFORMAT mdy\nGO\n"];
  const tables = objects / 2;
  for (let i = 0; i < tables; i++) {
    parts.push(`CREATE TABLE [dbo].[T${i}] (
  [Id] int IDENTITY(1,1) NOT NULL CONSTRAINT [PK_T${i}] PRIMARY KEY,
  [ParentId] int NULL${i > 0 ? ` CONSTRAINT [FK_T${i}] REFERENCES [dbo].[T${i - 1}] ([Id])` : ""},
  [Name] nvarchar(50) NOT NULL DEFAULT (N''),
  [Amount] money NULL,
  [At] datetime NULL
)
GO
CREATE INDEX [IX_T${i}_Name] ON [dbo].[T${i}] ([Name])
GO
`);
    for (let r = 0; r < 5; r++)
      parts.push(
        `INSERT INTO [dbo].[T${i}] ([ParentId], [Name], [Amount], [At]) VALUES (${r}, N'name ${r}', $${r}.25, '${1 + r}/15/1997')\n`,
      );
    parts.push("GO\n");
  }
  for (let i = 0; i < objects / 4; i++)
    parts.push(`CREATE VIEW [dbo].[V${i}] AS\nSELECT t.Id, t.Name FROM dbo.T${i} t WHERE t.Amount > 0\nGO\n`);
  for (let i = 0; i < objects / 4; i++) {
    parts.push(
      `CREATE PROCEDURE [dbo].[P${i}] @Id int, @Name nvarchar(50) = N'x' OUTPUT AS\nBEGIN\n  SET NOCOUNT ON;\n  SELECT * FROM dbo.T${i} WHERE Id = @Id;\nEND\nGO\n`,
    );
  }
  return parts.join("");
}

// Speed is measured by `npm run bench:engine` (never asserted in tests); this proves a large script reads right.
describe("a large script", () => {
  it("reads every object and row of a 2,000-object script", () => {
    const script = bigScript(2000);
    const catalog = ingestScript(script, "big.sql");
    expect(catalog.diagnostics).toEqual([]);
    expect(catalog.tables).toHaveLength(1000);
    expect(catalog.views).toHaveLength(500);
    expect(catalog.procedures).toHaveLength(500);
    expect(catalog.tables[999]!.foreignKeys).toHaveLength(1);
    expect(catalog.tables[999]!.data!.rows[4]).toEqual(["5", "4", "name 4", "4.25", "1997-05-15 00:00:00"]);
  });
});
