import { describe, expect, it } from "vitest";
import type { DataType } from "~/agents/catalog/schema";
import { pgType } from "~/agents/dialect/types";
import { parseDataType } from "./parser";
import { approxKind, arithmeticType, needsCast, sameType } from "./type-rules";

/**
 * float(n) is one of two types: 1-24 is real, 25-53 is float(53), which plain float and double precision are
 * (docs: float-and-real-transact-sql.md). The grammar reads each as one spelling; a type built elsewhere (a
 * catalog's JSON: `{ name: "float", precision: 24 }`) may keep the bits, and every check reads them alike.
 */
describe("one floating-point type whatever its spelling (float-and-real-transact-sql.md)", () => {
  const fromJson: Record<string, DataType> = {
    "float(24) in a catalog": { name: "float", precision: 24 },
    "float(53) in a catalog": { name: "float", precision: 53 },
  };
  const type = (spelling: string) => fromJson[spelling] ?? parseDataType(spelling);

  it.each([
    ["float", "float(53)", true],
    ["float", "double precision", true],
    ["float(25)", "float", true],
    ["real", "float(24)", true],
    ["real", "float(1)", true],
    ["real", "float(24) in a catalog", true],
    ["float", "float(53) in a catalog", true],
    ["real", "float", false],
    ["float(24)", "float(25)", false],
    ["float(24) in a catalog", "float(53) in a catalog", false],
    ["float", "decimal(10,2)", false],
  ])("%s and %s are the same type: %s", (a, b, same) => {
    expect(sameType(type(a), type(b))).toBe(same);
    expect(needsCast(type(a), type(b))).toBe(!same);
  });

  it("gives real or float for arithmetic by the bits, not the spelling", () => {
    expect(approxKind(type("float(24) in a catalog"))).toBe("real");
    expect(arithmeticType("*", type("float(24) in a catalog"), type("int"))).toEqual({ name: "real" });
    expect(arithmeticType("*", type("float(53) in a catalog"), type("real"))).toEqual({ name: "float" });
    expect(approxKind(type("int"))).toBeUndefined();
  });

  it.each([
    ["real", "real"],
    ["float(24)", "real"],
    ["float(24) in a catalog", "real"],
    ["float", "double precision"],
    ["float(25)", "double precision"],
    ["float(53) in a catalog", "double precision"],
  ])("%s is stored in PostgreSQL as %s (4 bytes up to 24 bits, else 8)", (spelling, pg) => {
    expect(pgType(type(spelling))).toBe(pg);
  });
});
