import { describe, expect, it } from "vitest";
import type { Column } from "~/agents/catalog/schema";
import { translateCheck } from "./checks";

const columns: Column[] = [
  { name: "Status", type: { name: "char", length: 1 }, nullable: false },
  { name: "Qty", type: { name: "int" }, nullable: true },
  { name: "Discontinued", type: { name: "bit" }, nullable: false },
  { name: "Discount", type: { name: "real" }, nullable: false },
  { name: "Code", type: { name: "varchar", length: 10 }, nullable: true },
];

describe("translateCheck", () => {
  it("reads IN lists, with nested parentheses and N'' strings, as accepted_values", () => {
    expect(translateCheck("([Status] IN (N'A', 'B', ('C')))", columns)).toEqual({
      kind: "accepted_values",
      column: "Status",
      values: ["A", "B", "C"],
      quote: true,
    });
    expect(translateCheck("([qty] in ((1), -2, 3))", columns)).toEqual({
      kind: "accepted_values",
      column: "Qty",
      values: ["1", "-2", "3"],
      quote: false,
    });
  });

  it("reads OR-chains of equalities on one column as accepted_values", () => {
    expect(translateCheck("([Status]='A' OR ([Status]='B') OR [Status]='A')", columns)).toEqual({
      kind: "accepted_values",
      column: "Status",
      values: ["A", "B"],
      quote: true,
    });
  });

  it("maps bit 0/1 to PostgreSQL booleans", () => {
    expect(translateCheck("([Discontinued] IN (0, 1))", columns)).toEqual({
      kind: "accepted_values",
      column: "Discontinued",
      values: ["false", "true"],
      quote: false,
    });
    expect(translateCheck("([Discontinued]=(0) OR [Qty]>(0))", columns)).toEqual({
      kind: "expression",
      sql: `("Discontinued" = (false) or "Qty" > (0))`,
    });
  });

  it("translates simple comparisons to a PostgreSQL expression on the original column names", () => {
    expect(translateCheck("(Discount >= 0 and (Discount <= 1))", columns)).toEqual({
      kind: "expression",
      sql: `("Discount" >= 0 and ("Discount" <= 1))`,
    });
    expect(translateCheck("([Code] LIKE 'A%' OR [Code] IS NULL)", columns)).toEqual({
      kind: "expression",
      sql: `("Code" like 'A%' or "Code" is null)`,
    });
    expect(translateCheck("([Qty] BETWEEN 1 AND 10)", columns)).toEqual({
      kind: "expression",
      sql: `("Qty" between 1 and 10)`,
    });
  });

  it("mixes of column values (IN with different columns or types) are not accepted_values", () => {
    expect(translateCheck("([Status]='A' OR [Code]='B')", columns).kind).toBe("expression");
    expect(translateCheck("([Qty] IN (1, 'x'))", columns).kind).toBe("expression");
  });

  it("refuses what it cannot translate faithfully, with a reason", () => {
    expect(translateCheck("(len([Code])>(2))", columns)).toEqual({
      kind: "unsupported",
      reason: "'len' is not a column of the table or a supported keyword",
    });
    expect(translateCheck("([Code] LIKE '[0-9]%')", columns)).toEqual({
      kind: "unsupported",
      reason: "LIKE with a bracket pattern",
    });
    expect(translateCheck("([Qty] !< 0)", columns)).toEqual({ kind: "unsupported", reason: "operator !<" });
    expect(translateCheck("([Other]>(0))", columns).kind).toBe("unsupported");
    expect(translateCheck("('unterminated", columns).kind).toBe("unsupported");
  });
});
