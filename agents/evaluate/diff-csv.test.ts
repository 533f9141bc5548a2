import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { compareResults } from "./compare";
import { diffCsv } from "./diff-csv";

describe("diffCsv", () => {
  it("writes each differing row with every column's expected and actual value, NULL apart from the empty string", () => {
    const { details } = compareResults(
      {
        columns: [
          { name: "ID", type: "int" },
          { name: "Region", type: "nvarchar(15)" },
        ],
        rows: [
          ["1", null],
          ["2", "WA"],
          ["3", 'x,"y"\nz'],
        ],
      },
      {
        columns: [{ name: "ID" }, { name: "Region" }],
        rows: [
          ["1", ""],
          ["2", "WA"],
          ["4", "OR"],
        ],
      },
      { key: ["ID"] },
    );
    const csv = diffCsv(details!);
    expect(csv.split("\n")[0]).toBe("difference,ID (expected),ID (actual),Region (expected),Region (actual)");
    expect(csv).toContain('differs,1,1,,""\n');
    expect(parse(csv, { relax_column_count: false })).toEqual([
      ["difference", "ID (expected)", "ID (actual)", "Region (expected)", "Region (actual)"],
      ["differs", "1", "1", "", ""],
      ["only expected", "3", "", 'x,"y"\nz', ""],
      ["only actual", "", "4", "", "OR"],
    ]);
  });
});
