import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "~/db/testing";
import {
  columnIdent,
  MAX_IDENTIFIER_BYTES,
  needsQuoting,
  qualifiedName,
  quoteIdent,
  quoteLiteral,
  readsSameUnquoted,
  relationName,
} from "./postgres";

describe("needsQuoting", () => {
  it("quotes mixed case, spaces and reserved words, not plain lower-case names", () => {
    expect(["OrderID", "Order Details", "order", "user", "1st"].map(needsQuoting)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(["orders", "order_id", "_x", "region"].map(needsQuoting)).toEqual([false, false, false, false]);
  });
});

const bytes = (s: string) => Buffer.byteLength(s, "utf8");
// SQL Server allows 128 characters (docs/relational-databases/databases/database-identifiers.md); PostgreSQL keeps
// 63 bytes (docs: "SQL Syntax", 4.1.1 Identifiers and Key Words).
const shared = "Quarterly revenue figures reconciled against the general ledger, by re";
const long = [
  `${shared}gion North`,
  `${shared}gion South`,
  `Q3${"季度收入数据".repeat(5)}`,
  "界".repeat(21),
  "界".repeat(22),
];

describe("relationName", () => {
  it("leaves a name that fits in 63 bytes as it is, whatever its characters", () => {
    for (const name of ["orders", "Order Details", "界".repeat(21), "x".repeat(MAX_IDENTIFIER_BYTES)])
      expect(relationName(name)).toBe(name);
  });

  it("cuts a longer name on a character boundary to 63 bytes at most and ends it with a hash of the whole", () => {
    for (const name of long.filter((n) => bytes(n) > MAX_IDENTIFIER_BYTES)) {
      const fitted = relationName(name);
      expect(bytes(fitted)).toBeLessThanOrEqual(MAX_IDENTIFIER_BYTES);
      const [, start, hash] = /^(.*)_([0-9a-f]{8})$/su.exec(fitted)!;
      expect(name.startsWith(start!)).toBe(true);
      expect(start!.length).toBeGreaterThan(0);
      expect(relationName(name)).toBe(fitted);
      expect(hash).toHaveLength(8);
    }
    // Two bytes of ASCII then three-byte characters: 54 bytes would split the 18th character, so 17 are kept.
    expect(relationName(long[2]!)).toMatch(/^Q3季度收入数据季度收入数据季度收入数_[0-9a-f]{8}$/u);
  });

  it("keeps names alike in their first 70 characters apart", () => {
    expect(new Set(long.map(relationName)).size).toBe(long.length);
  });
});

describe("quoted names and literals on PostgreSQL", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("unquotes only names PostgreSQL itself reads the same bare: its keywords but the unreserved bare labels stay quoted", async () => {
    const keywords = await db!.sql<
      { word: string; bare: boolean }[]
    >`select word, catcode = 'U' and barelabel as bare from pg_get_keywords()`;
    expect(keywords.length).toBeGreaterThan(400);
    expect(keywords.filter((k) => readsSameUnquoted(k.word) !== k.bare).map((k) => k.word)).toEqual([]);
    expect(["value", "key", "n", "__v", "order_id", "名称"].map(readsSameUnquoted)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(["Value", "year", "select", "two words", "1st", "Ünïcode", "名 称"].map(readsSameUnquoted)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    // A caseless name reads the same bare: a column made as "名称" is found as 名称.
    const [row] = await db!.sql.unsafe(`select 名称 from (select 1 as "名称") as t`);
    expect(row).toEqual({ 名称: 1 });
  });

  const awkward = ["Order Details", 'say "hi"', "it's", "Ünïcode", "select", "a\\b", "{{ 7*7 }}"];

  it("a literal reads back as exactly its text", async () => {
    for (const text of awkward) {
      const [row] = await db!.sql.unsafe(`select ${quoteLiteral(text)} as v`);
      expect(row!.v).toBe(text);
    }
  });

  it("relations named past 63 bytes are distinct relations that PostgreSQL names exactly as relationName does", async () => {
    const schema = `schema ${"模式".repeat(20)}`;
    await db!.sql.unsafe(`create schema ${quoteIdent(relationName(schema))}`);
    for (const name of long) await db!.sql.unsafe(`create table ${qualifiedName(schema, name)} (id int)`);
    const rows = await db!.sql<{ table_name: string }[]>`
      select table_name from information_schema.tables where table_schema = ${relationName(schema)}`;
    expect(rows.map((r) => r.table_name).sort()).toEqual(long.map(relationName).sort());
  });

  it("columns named past 63 bytes are distinct columns that PostgreSQL names exactly as columnIdent writes them", async () => {
    await db!.sql.unsafe(`create table wide (${long.map((name) => `${columnIdent(name)} int`).join(", ")})`);
    await db!.sql.unsafe(`insert into wide (${long.map(columnIdent).join(", ")}) values (1, 2, 3, 4, 5)`);
    const [row] = await db!.sql.unsafe(`select ${long.map(columnIdent).join(", ")} from wide`);
    expect(row).toEqual(Object.fromEntries(long.map((name, i) => [relationName(name), i + 1])));
  });

  it("a schema and table keep their names exactly as written", async () => {
    for (const [i, name] of awkward.entries()) {
      const schema = `s${i} ${name}`;
      await db!.sql.unsafe(
        `create schema ${quoteIdent(schema)}; create table ${qualifiedName(schema, name)} (${quoteIdent(name)} int)`,
      );
      const rows = await db!
        .sql`select table_schema, table_name, column_name from information_schema.columns where table_schema = ${schema}`;
      expect(rows.map((r) => [r.table_schema, r.table_name, r.column_name])).toEqual([[schema, name, name]]);
    }
  });
});
