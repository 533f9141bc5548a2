import { describe, expect, it } from "vitest";
import { ParseError, parseDataType } from "~/agents/tsql/parser";
import { ingestScript, table } from "./test-helpers";

/**
 * The ingester reads types through the parser's data-type rule, so a table column and a CAST in a view read a
 * spelling alike. Each spelling below was read differently by the two before they shared the rule.
 * Docs: data-type-synonyms-transact-sql.md, binary-and-varbinary-transact-sql.md, float-and-real-transact-sql.md.
 */
describe("one data-type grammar for the ingester and the parser", () => {
  const columnType = (spelling: string) => table(ingestScript(`CREATE TABLE t (c ${spelling})`), "t").columns[0]!.type;

  it.each([
    // the ISO synonym of varbinary: the ingester read it, the parser stopped at VARYING
    ["binary varying(8)", { name: "varbinary", length: 8 }],
    // the ISO synonym of ntext: neither read it
    ["national text", { name: "ntext" }],
    // float(53), which double precision and plain float are; float(1) to float(24) are real: "SQL Server treats n
    // as one of two possible values" (float-and-real-transact-sql.md), so each type has one spelling
    ["double precision", { name: "float" }],
    ["float(53)", { name: "float" }],
    ["float(25)", { name: "float" }],
    ["float(24)", { name: "real" }],
    ["float(1)", { name: "real" }],
    ["national char varying(20)", { name: "nvarchar", length: 20 }],
    ["[sys].[decimal](10, 2)", { name: "decimal", precision: 10, scale: 2 }],
  ])("%s reads as the same type in a table column and in a CAST", (spelling, expected) => {
    expect(columnType(spelling)).toEqual(expected);
    expect(parseDataType(spelling)).toEqual(expected);
  });

  it("refuses a length that is not a whole number in both (the parser used to take decimal(10.5, 2))", () => {
    const catalog = ingestScript("CREATE TABLE t (c decimal(10.5, 2))");
    expect(catalog.tables).toEqual([]);
    expect(catalog.diagnostics.map((d) => d.message)).toEqual([
      'CREATE TABLE t (line 1) was skipped: expected a type length or precision, found "10.5"',
    ]);
    expect(() => parseDataType("decimal(10.5, 2)")).toThrow(ParseError);
  });

  it("refuses float(n) outside 1 to 53 in both (float-and-real-transact-sql.md)", () => {
    const catalog = ingestScript("CREATE TABLE t (c float(54))");
    expect(catalog.tables).toEqual([]);
    expect(catalog.diagnostics.map((d) => d.message)).toEqual([
      "CREATE TABLE t (line 1) was skipped: float(54): n runs from 1 to 53",
    ]);
    expect(() => parseDataType("float(0)")).toThrow("float(0): n runs from 1 to 53");
  });

  it("keeps a column typed by an xml schema collection as xml, and refuses that type in a CAST with the reason", () => {
    // PostgreSQL's xml has no schema collections, so a CAST cannot check what SQL Server checks.
    expect(columnType("xml(CONTENT dbo.OrderSchemas)")).toEqual({ name: "xml" });
    expect(() => parseDataType("xml(DOCUMENT dbo.OrderSchemas)")).toThrow(
      "xml typed by the schema collection dbo.OrderSchemas is not supported",
    );
  });
});
