import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "~/db/testing";
import { needsQuoting, qualifiedName, quoteIdent, quoteLiteral, readsSameUnquoted } from "./postgres";

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
    expect(["value", "key", "n", "__v", "order_id"].map(readsSameUnquoted)).toEqual([true, true, true, true, true]);
    expect(["Value", "year", "select", "two words", "1st"].map(readsSameUnquoted)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  const awkward = ["Order Details", 'say "hi"', "it's", "Ünïcode", "select", "a\\b", "{{ 7*7 }}"];

  it("a literal reads back as exactly its text", async () => {
    for (const text of awkward) {
      const [row] = await db!.sql.unsafe(`select ${quoteLiteral(text)} as v`);
      expect(row!.v).toBe(text);
    }
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
