import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Catalog } from "~/agents/catalog/schema";
import { ingestScript } from "~/agents/ingest/test-helpers";
import { dumpSourceData, type SourceData } from "./dump";
import { loadCatalog, sourceSchemaStatements } from "./load";
import { createSandbox, type Sandbox } from "./sandbox";

/**
 * The source tables' rows as a psql script (the project's source_schema/load_data.sql): run by real psql after
 * the tables' DDL in another database, it gives the tables the sandbox held, row for row, and identity columns
 * and sequences go on where SQL Server's would.
 *
 * SQL Server semantics from the Microsoft T-SQL reference (MicrosoftDocs/sql-docs):
 * - docs/t-sql/statements/set-identity-insert-transact-sql.md: "If the value inserted is larger than the current
 *   identity value for the table, SQL Server automatically uses the new inserted value as the current identity
 *   value."
 * - docs/t-sql/statements/create-sequence-transact-sql.md: NEXT VALUE FOR goes on from the last value drawn.
 * - docs/t-sql/statements/create-table-transact-sql.md: a computed column is computed from the row.
 */

const execFileAsync = promisify(execFile);

// Larger than a stream's buffer, and read before the other tables: postgres.js paused the connection when a COPY's
// rows filled the buffer and never resumed it if the COPY ended in that same read, so the next table's COPY on it
// waited forever (patches/postgres+3.4.9+002+copy-out-resumes.patch).
const BIG_ROWS = 2000;
const BIG = Array.from(
  { length: BIG_ROWS },
  (_, i) => `INSERT INTO dbo.Big (id, filler) VALUES (${i}, '${String(i).padStart(120, "x")}')`,
).join("\n");

const SCRIPT = `
CREATE TABLE dbo.Big (id int PRIMARY KEY, filler varchar(200) NOT NULL)
GO
${BIG}
GO
CREATE SEQUENCE dbo.Tickets AS int START WITH 100 INCREMENT BY 5
GO
CREATE TABLE dbo.People (
  id int IDENTITY(1, 1) PRIMARY KEY,
  name nvarchar(40) NOT NULL,
  note nvarchar(max) NULL,
  code varchar(10) NULL,
  active bit NOT NULL DEFAULT 1,
  photo varbinary(16) NULL,
  ticket int NOT NULL DEFAULT (NEXT VALUE FOR dbo.Tickets),
  born date NULL,
  name_length AS LEN(name)
)
GO
CREATE TABLE dbo.Countdown (n int IDENTITY(-1, -1) PRIMARY KEY, label varchar(5) NOT NULL)
GO
CREATE TABLE dbo.Empty (id int PRIMARY KEY)
GO
SET IDENTITY_INSERT dbo.People ON
INSERT INTO dbo.People (id, name, note, code, photo, born) VALUES (7, N'Zoë', N'tab\there
line two \\ back', 'abc  ', 0x00FF, '1996-07-04')
INSERT INTO dbo.People (id, name, note, code, active, photo, born) VALUES (3, N'東京', NULL, '', 0, NULL, NULL)
SET IDENTITY_INSERT dbo.People OFF
INSERT INTO dbo.People (name) VALUES (N'O''Brien')
INSERT INTO dbo.People (name, note) VALUES (N'Null text', N'NULL')
INSERT INTO dbo.People (name, code) VALUES (N'Backslash-N', '\\N')
GO
INSERT INTO dbo.Countdown (label) VALUES ('a')
INSERT INTO dbo.Countdown (label) VALUES ('b')
GO
`;

describe("the source tables' rows as a psql script", () => {
  let source: Sandbox;
  let target: Sandbox;
  let catalog: Catalog;
  let dump: SourceData;
  let dir: string;

  beforeAll(async () => {
    const adminUrl = inject("pgAdminUrl");
    [source, target] = await Promise.all([createSandbox({ adminUrl }), createSandbox({ adminUrl })]);
    catalog = ingestScript(SCRIPT);
    const loaded = await loadCatalog(source.sql, catalog);
    expect(loaded.issues).toEqual([]);
    // Over one connection, so each query after a COPY runs on the connection that COPY used.
    const single = postgres(source.url, { max: 1, onnotice: () => {} });
    dump = await dumpSourceData(single, catalog).finally(() => single.end());

    // As the project's README says: psql runs the DDL, then the rows, in the user's database.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "dm-dump-"));
    fs.writeFileSync(
      path.join(dir, "create_tables.sql"),
      sourceSchemaStatements(catalog)
        .map((s) => `${s};\n`)
        .join(""),
    );
    fs.writeFileSync(path.join(dir, "load_data.sql"), dump.script);
    await execFileAsync("psql", [
      target.url,
      "--no-psqlrc",
      "--quiet",
      "-v",
      "ON_ERROR_STOP=1",
      "-f",
      path.join(dir, "create_tables.sql"),
      "-f",
      path.join(dir, "load_data.sql"),
    ]);
  }, 60_000);

  afterAll(async () => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    await Promise.all([source?.dispose(), target?.dispose()]);
  });

  const rows = (sandbox: Sandbox, table: string) =>
    sandbox.sql.unsafe(`select to_jsonb(t)::text as row from ${table} as t order by 1`);

  it("counts the tables with rows and their rows, and leaves an empty table out", () => {
    expect(dump).toMatchObject({ tables: 3, rows: BIG_ROWS + 7 });
    expect(dump.script).not.toContain('"Empty"');
  });

  it("fills every table with exactly the sandbox's rows: NULL apart from 'NULL' and '\\N', blanks, tabs, line breaks, backslashes, bytes, bits, unicode", async () => {
    for (const table of ['"dbo"."Big"', '"dbo"."People"', '"dbo"."Countdown"', '"dbo"."Empty"'])
      expect(await rows(target, table), table).toEqual(await rows(source, table));
    const [zoe] = await target.sql`select note, code, encode(photo, 'hex') as photo from "dbo"."People" where id = 7`;
    expect(zoe).toEqual({ note: "tab\there\nline two \\ back", code: "abc  ", photo: "00ff" });
    const texts = await target.sql`select name, note, code from "dbo"."People" where id > 7 order by id`;
    expect(texts).toEqual([
      { name: "O'Brien", note: null, code: null },
      { name: "Null text", note: "NULL", code: null },
      { name: "Backslash-N", note: null, code: "\\N" },
    ]);
  });

  it("leaves computed columns to PostgreSQL, which computes them from the loaded row", async () => {
    expect(dump.script).not.toContain('"name_length"');
    const [row] = await target.sql`select name_length from "dbo"."People" where id = 3`;
    expect(row).toEqual({ name_length: 2 });
  });

  it("moves identity columns past the highest value loaded, and the lowest for a negative increment", async () => {
    // People: explicit ids 7 and 3, then three drawn (8, 9, 10); the next row gets 11, as on SQL Server. (Its
    // ticket is given, so the sequence the next test reads is not drawn from.)
    const [next] = await target.sql`insert into "dbo"."People" (name, ticket) values ('next', 0) returning id`;
    expect(next).toEqual({ id: 11 });
    const [down] = await target.sql`insert into "dbo"."Countdown" (label) values ('c') returning n`;
    expect(down).toEqual({ n: -3 });
  });

  it("goes on with a sequence from the last value the script drew", async () => {
    const drawn = await source.sql`select ticket from "dbo"."People" order by ticket`;
    expect(drawn.map((r) => r.ticket)).toEqual([100, 105, 110, 115, 120]);
    // Read without drawing: the next value is 120 + 5.
    const [state] = await target.sql`select last_value::int as last, is_called from "dbo"."Tickets"`;
    expect(state).toEqual({ last: 120, is_called: true });
  });
});
