import { describe, expect, it } from "vitest";
import { compareResults, type ResultSet } from "./compare";

const expected = (columns: [string, string][], rows: (string | null)[][]): ResultSet => ({
  columns: columns.map(([name, type]) => ({ name, type })),
  rows,
});
const actual = (names: string[], rows: (string | null)[][]): ResultSet => ({
  columns: names.map((name) => ({ name })),
  rows,
});

describe("compareResults", () => {
  it("matches columns by name ignoring case", () => {
    const result = compareResults(
      expected([["ProductName", "nvarchar(40)"]], [["Chai"]]),
      actual(["productname"], [["Chai"]]),
    );
    expect(result).toMatchObject({ status: "match", expectedRows: 1, actualRows: 1, diff: [] });
  });

  it("fails a result with a missing or an extra column, naming them", () => {
    const result = compareResults(
      expected(
        [
          ["OrderID", "int"],
          ["Subtotal", "money"],
        ],
        [["1", "2.0000"]],
      ),
      actual(["orderid", "subtotal_amount", "extra"], [["1", "2", "x"]]),
    );
    expect(result.status).toBe("mismatch");
    expect(result.reason).toBe("the columns differ");
    expect(result.diff.slice(0, 2)).toEqual(["missing column: Subtotal", "unexpected columns: subtotal_amount, extra"]);
  });

  it("reports a different column order without failing, unless asked to", () => {
    const e = expected(
      [
        ["a", "int"],
        ["b", "int"],
      ],
      [["1", "2"]],
    );
    const a = actual(["b", "a"], [["2", "1"]]);
    const lenient = compareResults(e, a);
    expect(lenient.status).toBe("match");
    expect(lenient.diff).toEqual(["column order differs: expected a, b; got b, a"]);
    expect(compareResults(e, a, { strictColumnOrder: true }).status).toBe("mismatch");
  });

  it("compares numbers within 0.0001 whatever their scale, and real against its binary32 digits", () => {
    const e = expected(
      [
        ["UnitPrice", "money"],
        ["Discount", "real"],
        ["Quantity", "smallint"],
      ],
      [["440.0000", "0.15", "12"]],
    );
    expect(
      compareResults(e, actual(["UnitPrice", "Discount", "Quantity"], [["440", "0.150000006", "12.0"]])).status,
    ).toBe("match");
    const off = compareResults(e, actual(["UnitPrice", "Discount", "Quantity"], [["440.0002", "0.15", "12"]]));
    expect(off.status).toBe("mismatch");
    expect(off.diff).toEqual(["Discount=0.15, Quantity=12: UnitPrice expected 440.0000, got 440.0002"]);
  });

  it("compares bit with booleans and datetimes in either form", () => {
    const e = expected(
      [
        ["Discontinued", "bit"],
        ["OrderDate", "datetime"],
      ],
      [["1", "1996-07-04 00:00:00.000"]],
    );
    expect(compareResults(e, actual(["Discontinued", "OrderDate"], [["t", "1996-07-04T00:00:00"]])).status).toBe(
      "match",
    );
    expect(compareResults(e, actual(["Discontinued", "OrderDate"], [["f", "1996-07-04T00:00:00"]])).status).toBe(
      "mismatch",
    );
  });

  it("compares text exactly and NULL only with NULL", () => {
    const e = expected([["Region", "nvarchar(15)"]], [[null], ["WA"]]);
    expect(compareResults(e, actual(["Region"], [["WA"], [null]])).status).toBe("match");
    const result = compareResults(e, actual(["Region"], [[""], ["wa"]]));
    expect(result.status).toBe("mismatch");
    expect(result.diff).toEqual([
      `missing row: (Region=NULL)`,
      `missing row: (Region="WA")`,
      `unexpected row: (Region="")`,
      `unexpected row: (Region="wa")`,
    ]);
  });

  it("compares rows as a multiset: order ignored, duplicates counted", () => {
    const e = expected([["x", "int"]], [["1"], ["1"], ["2"]]);
    expect(compareResults(e, actual(["x"], [["2"], ["1"], ["1"]])).status).toBe("match");
    const result = compareResults(e, actual(["x"], [["2"], ["2"], ["1"]]));
    expect(result).toMatchObject({ status: "mismatch", reason: "1 of 3 rows differ" });
  });

  it("matches rows within the tolerance even when exact matching pairs them differently", () => {
    const e = expected(
      [
        ["k", "nvarchar(5)"],
        ["v", "money"],
      ],
      [
        ["a", "1.00000"],
        ["a", "1.00009"],
        ["b", "5"],
      ],
    );
    const a = actual(
      ["k", "v"],
      [
        ["b", "5.00001"],
        ["a", "1.00018"],
        ["a", "1.00009"],
      ],
    );
    expect(compareResults(e, a).status).toBe("match");
  });

  it("shows the differing columns of rows that otherwise agree, with the row count", () => {
    const e = expected(
      [
        ["OrderID", "int"],
        ["ProductID", "int"],
        ["ExtendedPrice", "money"],
      ],
      [
        ["10351", "44", "1133.8200"],
        ["10352", "1", "5.0000"],
      ],
    );
    const result = compareResults(
      e,
      actual(
        ["OrderID", "ProductID", "ExtendedPrice"],
        [
          ["10351", "44", "1133.83"],
          ["10352", "1", "5"],
        ],
      ),
    );
    expect(result).toMatchObject({ status: "mismatch", expectedRows: 2, actualRows: 2, reason: "1 of 2 rows differ" });
    expect(result.diff).toEqual(["OrderID=10351, ProductID=44: ExtendedPrice expected 1133.8200, got 1133.83"]);
  });

  it("reports a different row count with the missing rows", () => {
    const e = expected([["x", "int"]], [["1"], ["2"], ["3"]]);
    const result = compareResults(e, actual(["x"], [["1"], ["3"]]));
    expect(result).toMatchObject({
      status: "mismatch",
      reason: "row count differs: expected 3, got 2",
      diff: ["missing row: (x=2)"],
    });
  });

  it("checks the sequence when the object is ordered, and says when only the order is wrong", () => {
    const e = expected(
      [
        ["ProductName", "nvarchar(40)"],
        ["TotalPurchase", "decimal(38,2)"],
      ],
      [
        ["Chai", "4887.00"],
        ["Chang", "7038.00"],
      ],
    );
    expect(
      compareResults(
        e,
        actual(
          ["ProductName", "TotalPurchase"],
          [
            ["Chai", "4887"],
            ["Chang", "7038"],
          ],
        ),
        { ordered: true },
      ).status,
    ).toBe("match");
    const swapped = compareResults(
      e,
      actual(
        ["ProductName", "TotalPurchase"],
        [
          ["Chang", "7038"],
          ["Chai", "4887"],
        ],
      ),
      { ordered: true },
    );
    expect(swapped).toMatchObject({ status: "mismatch", reason: "same rows in a different order" });
    expect(swapped.diff[0]).toBe(
      `row 1: ProductName expected "Chai", got "Chang"; TotalPurchase expected 4887.00, got 7038`,
    );
    const wrong = compareResults(
      e,
      actual(
        ["ProductName", "TotalPurchase"],
        [
          ["Chai", "4887"],
          ["Chang", "7000"],
        ],
      ),
      { ordered: true },
    );
    expect(wrong).toMatchObject({
      status: "mismatch",
      reason: "1 of 2 rows differ",
      diff: [`row 2: ProductName="Chang": TotalPurchase expected 7038.00, got 7000`],
    });
  });

  it("compares Ten Most Expensive Products as a set of 10 rows, whatever their order", () => {
    const rows = Array.from({ length: 10 }, (_, i) => [`P${i}`, `${100 - i}.0000`]);
    const e = expected(
      [
        ["TenMostExpensiveProducts", "nvarchar(40)"],
        ["UnitPrice", "money"],
      ],
      rows,
    );
    expect(
      compareResults(e, actual(["TenMostExpensiveProducts", "UnitPrice"], [...rows].reverse()), { ordered: false })
        .status,
    ).toBe("match");
    expect(compareResults(e, actual(["TenMostExpensiveProducts", "UnitPrice"], rows.slice(0, 9))).status).toBe(
      "mismatch",
    );
  });

  it("falls back to the PostgreSQL type when the expected column has none", () => {
    const result = compareResults(
      { columns: [{ name: "flag" }, { name: "amount" }], rows: [["1", "2.50"]] },
      {
        columns: [
          { name: "flag", pgType: 16 },
          { name: "amount", pgType: 1700 },
        ],
        rows: [["t", "2.5"]],
      },
    );
    expect(result.status).toBe("match");
  });

  it("limits the diff to a few lines", () => {
    const rows = Array.from({ length: 50 }, (_, i) => [String(i)]);
    const result = compareResults(
      expected([["x", "int"]], rows),
      actual(
        ["x"],
        rows.map(([v]) => [`${v}1`]),
      ),
      { maxDiffLines: 4 },
    );
    expect(result.diff).toHaveLength(4);
  });

  it("compares a text column of JSON objects or arrays as JSON text: layout ignored, key order kept", () => {
    // for_json_02: FOR JSON returns nvarchar(max); the layout of PostgreSQL's json output must not decide.
    const e = expected([["Result", "nvarchar(max)"]], [[`[{"year":2015,"month":12,"day":15}]`]]);
    expect(compareResults(e, actual(["Result"], [[`[{"year": 2015, "month": 12, "day": 15}]`]])).status).toBe("match");
    expect(compareResults(e, actual(["Result"], [[`[{"month": 12, "year": 2015, "day": 15}]`]])).status).toBe(
      "mismatch",
    );
  });

  it("compares a text column of XML as XML", () => {
    // for_xml_path_01 is typed nvarchar(max).
    const e = expected([["Result", "nvarchar(max)"]], [[`<row id="3"/>`]]);
    expect(compareResults(e, actual(["Result"], [[`<row id="3" />`]])).status).toBe("match");
  });

  it("keeps a text column exact when not every expected value is JSON or XML", () => {
    // json_value_04 style: plain strings next to "[1,2]" are not JSON text; blanks in them count.
    const e = expected([["v", "nvarchar(4000)"]], [["[1,2]"], ["hi"]]);
    expect(compareResults(e, actual(["v"], [["[1, 2]"], ["hi"]])).status).toBe("mismatch");
    expect(compareResults(e, actual(["v"], [["[1,2]"], ["hi"]])).status).toBe("match");
  });

  it("fails a datetime2 that differs only in the 7th fractional digit, and says PostgreSQL cannot hold it", () => {
    // dateadd_02: under the old millisecond comparison these rows matched.
    const e = expected(
      [
        ["Increment", "varchar(15)"],
        ["Result", "datetime2(7)"],
      ],
      [
        ["50 nanoseconds", "2007-01-01 13:10:10.1111112"],
        ["1 millisecond", "2007-01-01 13:10:10.1121111"],
      ],
    );
    const result = compareResults(
      e,
      actual(
        ["Increment", "Result"],
        [
          ["50 nanoseconds", "2007-01-01 13:10:10.111111"],
          ["1 millisecond", "2007-01-01 13:10:10.112111"],
        ],
      ),
    );
    expect(result.status).toBe("mismatch");
    expect(result.reason).toBe("2 of 2 rows differ");
    expect(result.diff[0]).toContain("PostgreSQL keeps microseconds");
  });

  it("fails a datetimeoffset given as the same instant in another offset", () => {
    const e = expected([["Result", "datetimeoffset(7)"]], [["1998-09-20 04:45:50.7134500 -08:00"]]);
    expect(compareResults(e, actual(["Result"], [["1998-09-20 12:45:50.71345+00"]])).status).toBe("mismatch");
    expect(compareResults(e, actual(["Result"], [["1998-09-20 04:45:50.71345-08"]])).status).toBe("match");
  });

  describe("data diff", () => {
    const e = expected(
      [
        ["ID", "int"],
        ["Name", "nvarchar(20)"],
        ["Price", "money"],
      ],
      [
        ["1", "Chai", "18.0000"],
        ["2", "Chang", "19.0000"],
        ["3", "Tofu", "23.2500"],
        ["4", "Ikura", "31.0000"],
      ],
    );

    it("counts identical, differing and one-sided rows and each column's match rate, keyed by the given key", () => {
      const result = compareResults(
        e,
        actual(
          ["ID", "Name", "Price"],
          [
            ["1", "Chai", "18"],
            ["2", "chang", "19"],
            ["3", "Tofu", "23.26"],
            ["5", "Konbu", "6"],
          ],
        ),
        { key: ["id"] },
      );
      expect(result.status).toBe("mismatch");
      expect(result.details).toMatchObject({
        keyedBy: ["ID"],
        identical: 1,
        differing: 2,
        onlyExpected: 1,
        onlyActual: 1,
        columnMatches: [3, 2, 2],
        truncated: false,
      });
      expect(result.details!.rows).toEqual([
        { kind: "differing", expected: ["2", "Chang", "19.0000"], actual: ["2", "chang", "19"], differs: [1] },
        { kind: "differing", expected: ["3", "Tofu", "23.2500"], actual: ["3", "Tofu", "23.26"], differs: [2] },
        { kind: "only_expected", expected: ["4", "Ikura", "31.0000"], actual: null, differs: [0, 1, 2] },
        { kind: "only_actual", expected: null, actual: ["5", "Konbu", "6"], differs: [0, 1, 2] },
      ]);
    });

    it("pairs rows by their values when there is no key, or the key repeats", () => {
      const a = actual(
        ["ID", "Name", "Price"],
        [
          ["1", "Chai", "18"],
          ["2", "Chang", "19"],
          ["3", "Tofu", "23.25"],
          ["4", "Ikura", "32"],
        ],
      );
      for (const options of [{}, { key: ["no such column"] }]) {
        const details = compareResults(e, a, options).details!;
        expect(details).toMatchObject({
          keyedBy: [],
          identical: 3,
          differing: 1,
          onlyExpected: 0,
          onlyActual: 0,
          columnMatches: [4, 4, 3],
        });
        expect(details.rows).toEqual([
          { kind: "differing", expected: ["4", "Ikura", "31.0000"], actual: ["4", "Ikura", "32"], differs: [2] },
        ]);
      }
      const repeated = compareResults(
        e,
        actual(
          ["ID", "Name", "Price"],
          [
            ["1", "Chai", "18"],
            ["1", "Chang", "19"],
          ],
        ),
        { key: ["ID"] },
      );
      expect(repeated.details!.keyedBy).toEqual([]);
    });

    it("reports a match as every row identical, and an ordered result's misplaced rows as differing", () => {
      expect(compareResults(e, actual(["id", "name", "price"], e.rows)).details).toMatchObject({
        identical: 4,
        differing: 0,
        onlyExpected: 0,
        onlyActual: 0,
        columnMatches: [4, 4, 4],
        rows: [],
      });
      const swapped = compareResults(
        e,
        actual(["ID", "Name", "Price"], [e.rows[1]!, e.rows[0]!, e.rows[2]!, e.rows[3]!]),
        { ordered: true },
      );
      expect(swapped.reason).toBe("same rows in a different order");
      expect(swapped.details).toMatchObject({
        identical: 2,
        differing: 2,
        onlyExpected: 0,
        onlyActual: 0,
        columnMatches: [2, 2, 2],
      });
    });

    it("keeps the first 100 differences of a wholly different result (fewer when rows are wide), values cut to 200 characters", () => {
      const long = "x".repeat(500);
      const many = expected(
        [["v", "nvarchar(max)"]],
        Array.from({ length: 30_000 }, (_, i) => [`${long}${i}`]),
      );
      const details = compareResults(many, actual(["v"], [])).details!;
      expect(details.onlyExpected).toBe(30_000);
      expect(details.rows).toHaveLength(100);
      expect(details.truncated).toBe(true);
      expect(details.rows[0]!.expected![0]).toHaveLength(200);
      const wide = expected(
        Array.from({ length: 100 }, (_, i) => [`c${i}`, "int"] as [string, string]),
        Array.from({ length: 50 }, () => Array.from({ length: 100 }, () => "1")),
      );
      expect(
        compareResults(wide, { columns: wide.columns.map(({ name }) => ({ name })), rows: [] }).details!.rows,
      ).toHaveLength(20);
    });
  });
});
