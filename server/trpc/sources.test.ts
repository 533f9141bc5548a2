import { promises as fs } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSource } from "~/agents/worker/source";
import { migrations, sourceFiles } from "~/db/schema";
import { startTestApi, type TestApi } from "~/server/testing";
import { errorOf } from "./test-errors";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const base64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64");
const zip = (files: Record<string, string>) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));

const SCRIPT = `CREATE TABLE dbo.Items (ItemID int PRIMARY KEY, Name nvarchar(40) NOT NULL)
GO
INSERT INTO dbo.Items VALUES (1, N'one'), (2, N'two')
GO
CREATE VIEW dbo.ItemNames AS SELECT Name FROM dbo.Items
GO
`;
const EXPECTED = {
  "expected/manifest.json": JSON.stringify({
    objects: [
      { object: "dbo.[ItemNames]", kind: "view", file: "item_names.csv", rows: 2 },
      { object: "dbo.Gone", file: "gone.csv" },
    ],
  }),
  "expected/item_names.csv": "Name\none\ntwo\n",
  "expected/gone.csv": "x\n1\n",
};

async function filesOf(migrationId: string) {
  const [row] = await api.db.select().from(migrations).where(eq(migrations.id, migrationId));
  const files = await api.db.select().from(sourceFiles).where(eq(sourceFiles.userId, row!.userId));
  return {
    row: row!,
    source: files.find((f) => f.id === row!.sourceFileId),
    expected: files.find((f) => f.id === row!.expectedFileId),
  };
}

describe("new sources: pasted T-SQL, a zip of .sql files, expected results", () => {
  it("stores pasted T-SQL as a script and migrates it as one", async () => {
    const owner = await api.user();
    const created = await owner.client.migrations.create.mutate({
      name: "Pasted",
      source: { kind: "paste", sql: SCRIPT },
    });
    expect(created).toMatchObject({ sourceKind: "paste", status: "queued" });
    const { source, expected } = await filesOf(created.id);
    expect(source).toMatchObject({ filename: "pasted.sql", format: "sql", sizeBytes: Buffer.byteLength(SCRIPT) });
    expect(source!.content.toString()).toBe(SCRIPT);
    expect(expected).toBeUndefined();

    const loaded = await loadSource(api.db, created.id);
    expect(loaded?.input).toMatchObject({ kind: "script", file: "pasted.sql" });
    // The migration's name names the database when the script names none (IngestOptions.database).
    expect(loaded?.database).toBe("Pasted");
    expect(loaded?.expectedDir).toBeNull();
  });

  it("stores a zip of .sql files and hands it to the ingest as a zip", async () => {
    const owner = await api.user();
    const archive = zip({ "Shop/Tables/Items.sql": SCRIPT, "Shop/readme.txt": "hello" });
    const created = await owner.client.migrations.create.mutate({
      name: "Zip",
      source: { kind: "upload", file: { filename: "shop.zip", contentBase64: base64(archive) } },
    });
    const { source } = await filesOf(created.id);
    expect(source).toMatchObject({ filename: "shop.zip", format: "zip", sizeBytes: archive.length });
    expect((await loadSource(api.db, created.id))?.input).toMatchObject({ kind: "zip", file: "shop.zip" });
  });

  it("stores expected results and unpacks them for the worker into a folder it removes afterwards", async () => {
    const owner = await api.user();
    const created = await owner.client.migrations.create.mutate({
      name: "With expected",
      source: { kind: "paste", sql: SCRIPT },
      expected: { filename: "expected.zip", contentBase64: base64(zip(EXPECTED)) },
    });
    const { expected } = await filesOf(created.id);
    expect(expected).toMatchObject({ filename: "expected.zip", format: "expected" });

    const loaded = (await loadSource(api.db, created.id))!;
    expect(loaded.expectedDir).toBeTruthy();
    expect(JSON.parse(await fs.readFile(path.join(loaded.expectedDir!, "manifest.json"), "utf8")).objects).toHaveLength(
      2,
    );
    expect(await fs.readFile(path.join(loaded.expectedDir!, "item_names.csv"), "utf8")).toBe("Name\none\ntwo\n");
    await loaded.cleanup();
    await expect(fs.access(loaded.expectedDir!)).rejects.toThrow();
    await loaded.cleanup(); // twice is fine

    await owner.client.migrations.delete.mutate({ id: created.id });
    expect(await api.db.select().from(sourceFiles).where(eq(sourceFiles.userId, owner.id))).toEqual([]);
  });

  const refusals: [string, Record<string, unknown>, RegExp][] = [
    ["empty pasted T-SQL", { source: { kind: "paste", sql: "  \n " } }, /Paste some T-SQL/],
    [
      "a zip without .sql files",
      { source: { kind: "upload", file: { filename: "x.zip", contentBase64: base64(zip({ "a.txt": "hi" })) } } },
      /x\.zip holds no \.sql files/,
    ],
    [
      "a .zip that is not a zip",
      { source: { kind: "upload", file: { filename: "x.zip", contentBase64: base64("not a zip") } } },
      /x\.zip is not a readable zip archive/,
    ],
    [
      "expected results with the sample",
      { source: { kind: "sample" }, expected: { filename: "e.zip", contentBase64: base64(zip(EXPECTED)) } },
      /The sample database brings its own expected results/,
    ],
    [
      "expected results that are not a .zip",
      { source: { kind: "paste", sql: SCRIPT }, expected: { filename: "e.csv", contentBase64: base64("a\n1") } },
      /must be a \.zip/,
    ],
    [
      "expected results without a manifest",
      {
        source: { kind: "paste", sql: SCRIPT },
        expected: { filename: "e.zip", contentBase64: base64(zip({ "a.csv": "a\n1" })) },
      },
      /e\.zip holds no manifest\.json/,
    ],
    [
      "a manifest naming a missing CSV",
      {
        source: { kind: "paste", sql: SCRIPT },
        expected: {
          filename: "e.zip",
          contentBase64: base64(
            zip({ "manifest.json": JSON.stringify({ objects: [{ object: "dbo.v", file: "v.csv" }] }) }),
          ),
        },
      },
      /e\.zip: manifest\.json names v\.csv \(for dbo\.v\), which is not in the zip/,
    ],
    [
      "a manifest that escapes its folder",
      {
        source: { kind: "paste", sql: SCRIPT },
        expected: {
          filename: "e.zip",
          contentBase64: base64(
            zip({
              "manifest.json": JSON.stringify({ objects: [{ object: "dbo.v", file: "../v.csv" }] }),
              "v.csv": "a",
            }),
          ),
        },
      },
      /names \.\.\/v\.csv/,
    ],
  ];
  for (const [what, input, message] of refusals) {
    it(`refuses ${what}, writing nothing`, async () => {
      const owner = await api.user();
      const error = await errorOf(owner.client.migrations.create.mutate({ name: "x", ...input } as never));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toMatch(message);
      expect(await api.db.select().from(sourceFiles).where(eq(sourceFiles.userId, owner.id))).toEqual([]);
      expect(await api.db.select().from(migrations).where(eq(migrations.userId, owner.id))).toEqual([]);
    });
  }
});

describe("the Assessment preview", () => {
  it("summarises the sample with its own expected results", async () => {
    const owner = await api.user();
    const preview = await owner.client.migrations.preview.mutate({ source: { kind: "sample" } });
    if (!preview.ok) throw new Error(preview.error.message);
    expect(preview.summary).toMatchObject({
      database: "ecommerce",
      counts: { total: 24, table: 10, view: 8, procedure: 6 },
      handling: { rules: 24, llm: 0, manual: 0 },
      estimatedLlmCostUsd: 0,
      tableRows: 778,
      diagnostics: [],
    });
    expect(preview.expected?.source).toBe("sample");
    expect(preview.expected?.entries.length).toBeGreaterThan(10);
    expect(preview.expected?.unmatched).toBe(0);
  });

  // Source naming precedence (agents/ingest, IngestOptions.database): the script's CREATE DATABASE / USE, then the
  // migration's name, then the file's; the built-in sample names its own database.
  it("names the dbt source and models after the name typed for the migration, as the migration will", async () => {
    const owner = await api.user();
    const file = { filename: "orders_2024.sql", contentBase64: base64(SCRIPT) };
    const previewed = async (name?: string) => {
      const preview = await owner.client.migrations.preview.mutate({
        source: { kind: "upload", file },
        ...(name !== undefined ? { name } : {}),
      });
      if (!preview.ok) throw new Error(preview.error.message);
      return preview.summary;
    };
    const named = await previewed("Shop Floor");
    expect(named.database).toBe("Shop Floor");
    expect(named.dbt).toMatchObject({ project: "shop_floor", sources: ["shop_floor"] });
    expect(named.dbt?.models).toContainEqual({ key: "dbo.items", name: "stg_shop_floor__items", layer: "staging" });
    // The migration created with that name is read with that name.
    const created = await owner.client.migrations.create.mutate({
      name: "Shop Floor",
      source: { kind: "upload", file },
    });
    expect((await loadSource(api.db, created.id))?.database).toBe(named.database);

    expect((await previewed())?.dbt?.sources).toEqual(["orders_2024"]);
    expect((await previewed("  "))?.dbt?.sources).toEqual(["orders_2024"]);
    expect((await previewed("Shop Floor"))?.dbt?.sources).toEqual(["shop_floor"]);
    const own = `CREATE DATABASE Warehouse\nGO\nUSE Warehouse\nGO\n${SCRIPT}`;
    const script = await owner.client.migrations.preview.mutate({
      source: { kind: "upload", file: { filename: "orders_2024.sql", contentBase64: base64(own) } },
      name: "Shop Floor",
    });
    expect(script.ok && script.summary.dbt?.sources).toEqual(["warehouse"]);
    const sample = await owner.client.migrations.preview.mutate({ source: { kind: "sample" }, name: "Shop Floor" });
    expect(sample.ok && sample.summary.dbt?.sources).toEqual(["ecommerce"]);
  });

  it("shows what rules can do, what needs a person, and parse problems with file and line", async () => {
    const owner = await api.user();
    const sql = `${SCRIPT}CREATE TABLE broken (id int,, )\nGO\nCREATE PROCEDURE dbo.Dyn AS EXEC('select 1')\nGO\n`;
    const preview = await owner.client.migrations.preview.mutate({ source: { kind: "paste", sql } });
    if (!preview.ok) throw new Error(preview.error.message);
    expect(preview.summary.handling).toEqual({ rules: 2, llm: 0, manual: 1 });
    expect(preview.summary.constructs).toContainEqual(
      expect.objectContaining({ name: "dynamic SQL", objects: 1, handling: "manual" }),
    );
    expect(preview.summary.diagnostics).toEqual([
      expect.objectContaining({
        severity: "error",
        file: "pasted.sql",
        line: 7,
        message: expect.stringMatching(/CREATE TABLE broken/),
      }),
    ]);
    expect(preview.summary.objects.find((o) => o.key === "dbo.dyn")).toMatchObject({
      kind: "procedure",
      handling: "manual",
      file: "pasted.sql",
      line: 9,
    });
  });

  it("shows a view whose body does not parse as a problem with its file and line, not as translated by rules", async () => {
    const owner = await api.user();
    const sql = `${SCRIPT}CREATE VIEW dbo.PtCustomers AS\nSELEC Name FROM dbo.Items WHERE (Country = 'PT'\nGO\n`;
    const preview = await owner.client.migrations.preview.mutate({ source: { kind: "paste", sql } });
    if (!preview.ok) throw new Error(preview.error.message);
    const view = preview.summary.objects.find((o) => o.key === "dbo.ptcustomers")!;
    expect(view.handling).not.toBe("rules");
    expect(view.reasons[0]).toMatch(/^does not parse at line \d+: /);
    expect(preview.summary.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: "warning",
        file: "pasted.sql",
        message: expect.stringMatching(/^view dbo\.PtCustomers does not parse: .*; it will need review$/),
      }),
    );
  });

  it("says a bad expected-results zip is the expected results' problem, and still previews the source", async () => {
    const owner = await api.user();
    for (const [contentBase64, message] of [
      [base64("not a zip"), /expected\.zip/],
      [base64(zip({ "a.csv": "a" })), /expected\.zip holds no manifest\.json/],
    ] as const) {
      const preview = await owner.client.migrations.preview.mutate({
        source: { kind: "paste", sql: SCRIPT },
        expected: { filename: "expected.zip", contentBase64 },
      });
      if (!preview.ok) throw new Error(preview.error.message);
      expect(preview.expected).toBeNull();
      expect(preview.expectedError).toMatch(message);
      expect(preview.summary.counts.total).toBeGreaterThan(0);
    }
  });

  it("names the files of a zip in its problems, and checks expected results against the objects", async () => {
    const owner = await api.user();
    const archive = zip({ "db/Items.sql": SCRIPT, "db/Broken.sql": "CREATE TABLE broken (id int,, )" });
    const preview = await owner.client.migrations.preview.mutate({
      source: { kind: "upload", file: { filename: "db.zip", contentBase64: base64(archive) } },
      expected: { filename: "expected.zip", contentBase64: base64(zip(EXPECTED)) },
    });
    if (!preview.ok) throw new Error(preview.error.message);
    expect(preview.summary.diagnostics).toEqual([expect.objectContaining({ file: "db/Broken.sql", line: 1 })]);
    expect(preview.expected).toMatchObject({
      source: "expected.zip",
      unmatched: 1,
      entries: [
        { object: "dbo.[ItemNames]", file: "item_names.csv", rows: 2, matched: true, problems: [] },
        { object: "dbo.Gone", matched: false },
      ],
    });
  });

  it("explains input that cannot be migrated at all", async () => {
    const owner = await api.user();
    const cases: [unknown, RegExp][] = [
      [
        { source: { kind: "paste", sql: "hello world" } },
        /pasted\.sql holds no tables, views, procedures or functions/,
      ],
      [{ source: { kind: "upload", file: { filename: "c.json", contentBase64: base64('{"tables": 3}') } } }, /c\.json/],
      [
        { source: { kind: "upload", file: { filename: "c.json", contentBase64: base64("{ nope") } } },
        /c\.json is not valid JSON/,
      ],
      [
        { source: { kind: "upload", file: { filename: "x.zip", contentBase64: base64(zip({ "a.txt": "hi" })) } } },
        /x\.zip holds no \.sql files/,
      ],
    ];
    for (const [input, message] of cases) {
      const preview = await owner.client.migrations.preview.mutate(input as never);
      expect(preview.ok, String(message)).toBe(false);
      if (!preview.ok) expect(preview.error.message).toMatch(message);
    }
  });

  it("validates its input and needs a signed-in user", async () => {
    const owner = await api.user();
    expect(await errorOf(owner.client.migrations.preview.mutate({ source: { kind: "ftp" } } as never))).toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(
      await errorOf(owner.client.migrations.preview.mutate({ source: { kind: "sample" }, options: {} } as never)),
    ).toMatchObject({ code: "BAD_REQUEST" });
    expect(await errorOf(api.client().migrations.preview.mutate({ source: { kind: "sample" } }))).toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});
