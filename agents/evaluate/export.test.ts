import { describe, expect, it } from "vitest";
import { compareCodePoints, resultToCsv, sortRows } from "./export";

describe("sorting exported rows", () => {
  it("sorts on every column left to right: numbers by value, text by code point, NULLs last", () => {
    const sorted = sortRows({
      columns: [
        { name: "n", pgType: 23 },
        { name: "t", pgType: 25 },
      ],
      rows: [
        ["10", "b"],
        [null, "a"],
        ["2", "b"],
        ["2", "B"],
        ["2", null],
        ["2", "é"],
      ],
    });
    expect(sorted.rows).toEqual([
      ["2", "B"],
      ["2", "b"],
      ["2", "é"],
      ["2", null],
      ["10", "b"],
      [null, "a"],
    ]);
  });

  it("compares by code point, not by UTF-16 unit", () => {
    expect("😀" < "\uFFFD").toBe(true);
    expect(compareCodePoints("\uFFFD", "😀")).toBe(-1);
    expect(compareCodePoints("ab", "a")).toBe(1);
    expect(compareCodePoints("a", "a")).toBe(0);
  });

  it("writes booleans as 1/0 and keeps timestamps' milliseconds", () => {
    const csv = resultToCsv({
      columns: [
        { name: "b", pgType: 16 },
        { name: "ts", pgType: 1114 },
      ],
      rows: [["f", "1996-07-04 10:00:00.123456"]],
    });
    expect(csv).toBe("b,ts\r\n0,1996-07-04 10:00:00.123456\r\n");
  });
});
