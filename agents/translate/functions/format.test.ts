import { describe, expect, it } from "vitest";
import { renderJinja, translate } from "../testing/harness";
import { shopDatabaseForThisFile } from "../testing/database";

/**
 * FORMAT and STR proven on real PostgreSQL against the values SQL Server documents (docs:
 * format-transact-sql.md, str-transact-sql.md) and .NET's format-string rules.
 */

const db = shopDatabaseForThisFile();

async function value(expr: string): Promise<unknown> {
  const t = translate(`select ${expr} as v`);
  expect(t.issues, t.sql).toEqual([]);
  const rows = await db.sql.unsafe(renderJinja(t.sql, {}));
  return rows[0]!.v;
}

const d = "CAST('2024-08-09 14:05:07.1234' AS datetime2)";
describe("FORMAT of dates and times", () => {
  const cases: [string, unknown][] = [
    [`FORMAT(${d}, 'd', 'en-US')`, "8/9/2024"],
    [`FORMAT(${d}, 'd', 'en-gb')`, "09/08/2024"],
    [`FORMAT(${d}, 'd', 'de-de')`, "09.08.2024"],
    [`FORMAT(${d}, 'd', 'zh-cn')`, "2024/8/9"],
    [`FORMAT(${d}, 'D', 'en-US')`, "Friday, August 9, 2024"],
    [`FORMAT(${d}, 'D', 'en-gb')`, "09 August 2024"],
    [`FORMAT(${d}, 'D', 'de-de')`, "Freitag, 9. August 2024"],
    [`FORMAT(${d}, 'D', 'zh-cn')`, "2024年8月9日"],
    [`FORMAT(${d}, 'dd/MM/yyyy', 'en-US')`, "09/08/2024"],
    [`FORMAT(${d}, 'dd/MM/yyyy', 'de-DE')`, "09.08.2024"],
    [`FORMAT(${d}, 'hh:mm tt')`, "02:05 PM"],
    [`FORMAT(${d}, 'hh:mm t')`, "02:05 P"],
    [`FORMAT(CAST('2018-01-01 01:00' AS DATETIME2), N'hh:mm tt')`, "01:00 AM"],
    [`FORMAT(${d}, 'HH:mm:ss.fff')`, "14:05:07.123"],
    [`FORMAT(${d}, 'ddd, MMM d yyyy')`, "Fri, Aug 9 2024"],
    [`FORMAT(${d}, 'MMMM yyyy "q"')`, "August 2024 q"],
    [`FORMAT(CAST('07:35' AS TIME), N'hh:mm')`, null],
    [`FORMAT(CAST('07:35' AS TIME), N'hh.mm')`, null],
    [`FORMAT(CAST('07:35' AS TIME), N'hh\\:mm')`, "07:35"],
    [`FORMAT(CAST('07:35' AS TIME), N'hh\\.mm')`, "07.35"],
  ];
  it.each(cases)("%s → %s", async (expr, expected) => {
    expect(await value(expr)).toBe(expected);
  });
});

describe("FORMAT of numbers", () => {
  const cases: [string, unknown][] = [
    ["FORMAT(123456789, '###-##-####')", "123-45-6789"],
    ["FORMAT(5, '###-##-####')", "--5"],
    ["FORMAT(CAST(1.55 AS money), 'N', 'en-us')", "1.55"],
    ["FORMAT(CAST(1.55 AS money), 'G', 'en-us')", "1.5500"],
    ["FORMAT(CAST(1.9419 AS money), 'C', 'en-us')", "$1.94"],
    ["FORMAT(CAST(1.9419 AS money), 'N', 'de-de')", "1,94"],
    ["FORMAT(CAST(1.55 AS money), 'G', 'de-de')", "1,5500"],
    ["FORMAT(CAST(8.2784 AS money), 'C', 'de-de')", "8,28 €"],
    ["FORMAT(1234567.891, 'N2')", "1,234,567.89"],
    ["FORMAT(-1234.5, 'N0')", "-1,235"],
    ["FORMAT(1234.5, 'F3')", "1234.500"],
    ["FORMAT(42, 'D5')", "00042"],
    ["FORMAT(-42, 'D5')", "-00042"],
    ["FORMAT(255, 'X')", "FF"],
    ["FORMAT(255, 'x4')", "00ff"],
    ["FORMAT(-1, 'X')", "FFFFFFFF"],
    ["FORMAT(1.5, 'D')", null],
    ["FORMAT(1052.0329112756, 'E')", "1.052033E+003"],
    ["FORMAT(0.1234, 'P')", "12.34 %"],
    ["FORMAT(0.1234, 'P1', 'en-gb')", "12.3%"],
    ["FORMAT(1234.5678, '#,##0.00')", "1,234.57"],
    ["FORMAT(0.5, '#.##')", ".5"],
    ["FORMAT(0, '#')", ""],
    ["FORMAT(12.3, '0000.0')", "0012.3"],
    ["FORMAT(0.256, '0.0%')", "25.6%"],
    ["FORMAT(1234567, '#,,')", "1"],
    ["FORMAT(-12.345, '0.00')", "-12.35"],
    ["FORMAT(CAST(1234.5 AS float), 'G')", "1234.5"],
    ["FORMAT(CAST(0.1 AS float), 'G')", "0.1"],
  ];
  it.each(cases)("%s → %s", async (expr, expected) => {
    expect(await value(expr)).toBe(expected);
  });
  it("a culture whose formats are unknown is a review item naming it", () => {
    const t = translate("select FORMAT(1.5, 'N', 'hi-IN') as v");
    expect(t.issues.map((i) => i.message).join()).toMatch(/hi-IN/);
  });
});

describe("STR (docs: str-transact-sql.md)", () => {
  const cases: [string, unknown][] = [
    ["STR(123.45, 6, 1)", " 123.5"],
    ["STR(123.45, 2, 2)", "**"],
    ["STR(FLOOR(123.45), 8, 3)", " 123.000"],
    ["STR(123.456, 5, 2)", "123.5"],
    ["STR(-12.5)", "       -13"],
    ["STR(3.14159, 8, 4)", "  3.1416"],
    ["STR(CAST(NULL AS float))", null],
  ];
  it.each(cases)("%s → %s", async (expr, expected) => {
    expect(await value(expr)).toBe(expected);
  });
});
