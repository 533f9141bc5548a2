import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ZCatalog } from "~/agents/catalog/schema";
import { loadCatalog } from "~/agents/sandbox/load";
import { withSandbox } from "~/agents/sandbox/sandbox";
import { createTestDatabase } from "~/db/testing";
import { collationSetupSql } from "~/agents/dialect/collation";
import { renderJinja, shopCatalog, shopContext, shopDdl, translate } from "../testing/harness";

/**
 * String functions, LIKE/PATINDEX patterns and SQL Server's case-insensitive collation, translated and run on
 * real PostgreSQL. Each expected value is SQL Server's, from the page cited next to it (MicrosoftDocs/sql-docs,
 * docs/t-sql/...), under the default CI_AS collation.
 */

const ALBUMS = {
  name: "Album",
  columns: [
    { name: "ID", type: { name: "int" } },
    { name: "Genre", type: { name: "varchar", length: 20 } },
    { name: "Code", type: { name: "varchar", length: 10 }, collation: "Latin1_General_CS_AS" },
  ],
  data: {
    columns: ["ID", "Genre", "Code"],
    rows: [
      ["1", "Rock", "ab"],
      ["2", "rock ", "AB"],
      ["3", "ROCK", "Ab"],
      ["4", "Jazz", "ab "],
    ],
  },
};
const extra = { tables: [ALBUMS] };

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
  await db.sql.unsafe(shopDdl(shopCatalog(extra)));
});
afterAll(async () => {
  await db?.drop();
});

async function run(tsql: string) {
  const t = translate(tsql, shopContext(extra));
  expect(t.issues, t.sql).toEqual([]);
  const sql = renderJinja(t.sql, {});
  for (const statement of collationSetupSql([sql])) await db.sql.unsafe(statement);
  return { rows: await db.sql.unsafe(sql), sql };
}

async function value(expr: string): Promise<unknown> {
  const { rows } = await run(`select ${expr} as v`);
  expect(rows).toHaveLength(1);
  return rows[0]!.v;
}

describe("string functions return SQL Server's values", () => {
  const cases: [what: string, expr: string, expected: unknown][] = [
    // docs/t-sql/functions/charindex-transact-sql.md
    ["CHARINDEX searches case-insensitively under the default collation", "CHARINDEX('TEST', 'This is a Test')", 11],
    ["CHARINDEX honours COLLATE …_CS_AS", "CHARINDEX('TEST', 'This is a Test' COLLATE Latin1_General_CS_AS)", 0],
    ["CHARINDEX from a start position", "CHARINDEX('is', 'This is a string', 4)", 6],
    ["CHARINDEX start below 1 searches from the beginning", "CHARINDEX('is', 'This is a string', 0)", 3],
    ["CHARINDEX not found is 0", "CHARINDEX('z', 'abc')", 0],
    ["CHARINDEX of an empty string is 0", "CHARINDEX('', 'abc')", 0],
    ["CHARINDEX with NULL is NULL", "CHARINDEX(NULL, 'abc')", null],
    // docs/t-sql/functions/patindex-transact-sql.md
    ["PATINDEX %ter%", "PATINDEX('%ter%', 'interesting data')", 3],
    ["PATINDEX with _", "PATINDEX('%en_ure%', 'Please ensure the door is locked!')", 8],
    ["PATINDEX with [^ ]", "PATINDEX('%[^ 0-9A-Za-z]%', 'Please ensure the door is locked!')", 33],
    ["PATINDEX is case-insensitive under the default collation", "PATINDEX('%TER%', 'interesting')", 3],
    [
      "PATINDEX is case-sensitive under COLLATE …_CS_AS",
      "PATINDEX('%TER%', 'interesting' COLLATE Latin1_General_CS_AS)",
      0,
    ],
    // a pattern computed by the query: the same wildcards, a NULL pattern gives NULL (Remarks)
    ["PATINDEX of a concatenated pattern", "PATINDEX('%' + 'en_ure' + '%', 'Please ensure the door is locked!')", 8],
    ["PATINDEX of a computed pattern anchored at the start", "PATINDEX(LOWER('A%'), 'abc')", 1],
    ["PATINDEX of a computed pattern anchored at the end", "PATINDEX(LOWER('%A'), 'cba')", 3],
    ["PATINDEX of a computed pattern not found", "PATINDEX(LOWER('%X%'), 'abc')", 0],
    ["PATINDEX reads regex characters of a computed pattern literally", "PATINDEX(LOWER('%.*%'), 'a+b.*c')", 4],
    ["PATINDEX of a computed pattern is case-insensitive", "PATINDEX(LOWER('%TER%'), 'INTERESTING')", 3],
    ["PATINDEX of a NULL pattern is NULL", "PATINDEX(NULL, 'abc')", null],
    ["PATINDEX of a NULL expression is NULL", "PATINDEX('%b%', NULL)", null],
    // docs/t-sql/functions/substring-transact-sql.md
    ["SUBSTRING from 0 counts the missing character", "SUBSTRING('abcdef', 0, 3)", "ab"],
    ["SUBSTRING from -1", "SUBSTRING('abcdef', -1, 3)", "a"],
    ["SUBSTRING past the end", "SUBSTRING('abc', 2, 10)", "bc"],
    // docs/t-sql/functions/left-transact-sql.md, right-transact-sql.md
    ["LEFT longer than the string", "LEFT('abc', 10)", "abc"],
    ["RIGHT keeps char(n) padding", "RIGHT(CAST('ab' AS char(4)), 3)", "b  "],
    ["LEFT of a computed count", "LEFT('abcdefg', CHARINDEX('d', 'abcdefg') - 1)", "abc"],
    ["LEFT of a computed zero count", "LEFT('abcdefg', CHARINDEX('a', 'abcdefg') - 1)", ""],
    ["LEFT of a computed NULL count", "LEFT('abcdefg', CHARINDEX(NULL, 'abcdefg'))", null],
    // docs/t-sql/functions/trim-transact-sql.md, ltrim-transact-sql.md, rtrim-transact-sql.md
    ["TRIM blanks", "TRIM('     test    ')", "test"],
    ["TRIM characters FROM", "TRIM('.,! ' FROM '     #     test    .')", "#     test"],
    ["TRIM LEADING characters FROM", "TRIM(LEADING '.,! ' FROM '     .#     test    .')", "#     test    ."],
    ["TRIM TRAILING characters FROM", "TRIM(TRAILING '.,! ' FROM '     .#     test    .')", "     .#     test"],
    ["TRIM BOTH characters FROM", "TRIM(BOTH '123' FROM '123abc123')", "abc"],
    ["LTRIM keeps trailing blanks", "LTRIM('  a ')", "a "],
    ["LTRIM with characters", "LTRIM('xxa', 'x')", "a"],
    ["RTRIM", "RTRIM('a  ')", "a"],
    // docs/t-sql/functions/replace-transact-sql.md
    ["REPLACE", "REPLACE('abcdefghicde', 'cde', 'xxx')", "abxxxfghixxx"],
    [
      "REPLACE matches case-insensitively under the default collation",
      "REPLACE('This is a Test', 'TEST', 'x')",
      "This is a x",
    ],
    [
      "REPLACE under COLLATE …_CS_AS",
      "REPLACE('This is a Test' COLLATE Latin1_General_CS_AS, 'TEST', 'x')",
      "This is a Test",
    ],
    ["REPLACE with NULL", "REPLACE(NULL, 'a', 'b')", null],
    // docs/t-sql/functions/replicate-transact-sql.md
    ["REPLICATE", "REPLICATE('ab', 3)", "ababab"],
    ["REPLICATE a negative count is NULL", "REPLICATE('a', -1)", null],
    ["REPLICATE stops at 8,000 bytes", "LEN(REPLICATE('x', 9000))", 8000],
    ["REPLICATE of varchar(max) does not", "LEN(REPLICATE(CAST('x' AS varchar(max)), 9000))", 9000],
    // docs/t-sql/functions/stuff-transact-sql.md
    ["STUFF", "STUFF('abcdef', 2, 3, 'ijklmn')", "aijklmnef"],
    ["STUFF start beyond the string is NULL", "STUFF('abc', 5, 1, 'x')", null],
    ["STUFF start 0 is NULL", "STUFF('abc', 0, 1, 'x')", null],
    ["STUFF negative length is NULL", "STUFF('abc', 2, -1, 'x')", null],
    ["STUFF length beyond the end deletes to the end", "STUFF('abc', 2, 10, 'x')", "ax"],
    // docs/t-sql/functions/concat-transact-sql.md, concat-ws-transact-sql.md, string-concatenation-transact-sql.md
    ["CONCAT reads NULL as empty", "CONCAT('a', NULL, 'b')", "ab"],
    ["CONCAT writes bit as 1 or 0", "CONCAT('a', CAST(1 AS bit), CAST(0 AS bit))", "a10"],
    [
      "CONCAT writes datetime as CAST does (style 0)",
      "CONCAT('a', CAST('2020-01-01' AS datetime))",
      "aJan  1 2020 12:00AM",
    ],
    ["CONCAT writes money with two decimals", "CONCAT('a', CAST(1.5 AS money))", "a1.50"],
    ["CONCAT writes float with six digits", "CONCAT('a', 1e20, ' ', CAST(1.5 AS float))", "a1e+020 1.5"],
    [
      "CONCAT writes datetime2 with its seven digits",
      "CONCAT(CAST('2020-01-01 10:00' AS datetime2), '')",
      "2020-01-01 10:00:00.0000000",
    ],
    [
      "CONCAT writes a uniqueidentifier in capitals",
      "CONCAT(CAST('6f9619ff-8b86-d011-b42d-00c04fc964ff' AS uniqueidentifier), '')",
      "6F9619FF-8B86-D011-B42D-00C04FC964FF",
    ],
    [
      "CONCAT writes date and decimal as they are",
      "CONCAT(CAST('2020-01-01' AS date), ' ', 1.50, ' ', -3)",
      "2020-01-01 1.50 -3",
    ],
    ["CONCAT_WS skips NULL", "CONCAT_WS(',', 'a', NULL, 'b')", "a,b"],
    ["+ with NULL is NULL", "'a' + NULL", null],
    ["+ keeps char(n) padding", "CAST('a' AS char(3)) + 'b'", "a  b"],
    ["+ of two non-max strings stops at 8,000 bytes", "LEN(REPLICATE('x', 8000) + REPLICATE('z', 8000))", 8000],
    // docs/t-sql/functions/quotename-transact-sql.md
    ["QUOTENAME doubles the closing bracket", "QUOTENAME('abc[]def')", "[abc[]]def]"],
    ["QUOTENAME with a double quote", "QUOTENAME('abc', '\"')", '"abc"'],
    ["QUOTENAME with a parenthesis", "QUOTENAME('a)b', '(')", "(a))b)"],
    ["QUOTENAME with a single quote", "QUOTENAME('a''b', '''')", "'a''b'"],
    ["QUOTENAME with another character is NULL", "QUOTENAME('abc', 'x')", null],
    ["QUOTENAME of more than 128 characters is NULL", "QUOTENAME(REPLICATE('a', 129))", null],
    // docs/t-sql/functions/translate-transact-sql.md
    ["TRANSLATE", "TRANSLATE('2*[3+4]/{7-2}', '[]{}', '()()')", "2*(3+4)/(7-2)"],
    ["TRANSLATE maps each character once", "TRANSLATE('abcdef', 'abc', 'bcd')", "bcddef"],
    ["TRANSLATE with a NULL argument is NULL", "TRANSLATE('abcdef', 'abc', NULL)", null],
    ["TRANSLATE of a NULL string is NULL", "TRANSLATE(NULL, 'abc', 'xyz')", null],
    ["TRANSLATE of computed characters", "TRANSLATE('2*[3+4]', LEFT('[]{}', 2), LEFT('()()', 2))", "2*(3+4)"],
    ["TRANSLATE of computed letters, both cases", "TRANSLATE('AbC-abc', LOWER('ABC'), 'xyz')", "xyz-xyz"],
    [
      "TRANSLATE of computed letters under COLLATE …_CS_AS",
      "TRANSLATE('AbC-abc' COLLATE Latin1_General_CS_AS, LOWER('ABC'), 'xyz')",
      "AyC-xyz",
    ],
    ["TRANSLATE of computed NULL characters", "TRANSLATE('abc', LEFT(NULL, 1), 'x')", null],
    ["TRANSLATE matches both cases under the default collation", "TRANSLATE('AbC-abc', 'abc', 'xyz')", "xyz-xyz"],
    [
      "TRANSLATE matches the case listed under COLLATE …_CS_AS",
      "TRANSLATE('AbC-abc' COLLATE Latin1_General_CS_AS, 'abc', 'xyz')",
      "AyC-xyz",
    ],
    // docs/t-sql/functions/soundex-transact-sql.md, difference-transact-sql.md (and the National Archives' rules it cites)
    ["SOUNDEX Smith", "SOUNDEX('Smith')", "S530"],
    ["SOUNDEX Smythe", "SOUNDEX('Smythe')", "S530"],
    ["SOUNDEX Blotchet-Halls", "SOUNDEX('Blotchet-Halls')", "B432"],
    ["SOUNDEX: vowels separate equal codes (Tymczak)", "SOUNDEX('Tymczak')", "T522"],
    ["SOUNDEX: H does not separate them (Ashcraft)", "SOUNDEX('Ashcraft')", "A261"],
    ["SOUNDEX: the first letter absorbs its code (Pfister)", "SOUNDEX('Pfister')", "P236"],
    ["SOUNDEX: zeros pad (Lee)", "SOUNDEX('Lee')", "L000"],
    ["SOUNDEX of NULL", "SOUNDEX(NULL)", null],
    ["DIFFERENCE Smithers/Smythers", "DIFFERENCE('Smithers', 'Smythers')", 4],
    ["DIFFERENCE Anothers/Brothers", "DIFFERENCE('Anothers', 'Brothers')", 2],
    ["DIFFERENCE Blotchet-Halls/Greene", "DIFFERENCE('Blotchet-Halls', 'Greene')", 0],
    // docs/t-sql/functions/ascii-transact-sql.md, unicode-transact-sql.md, char-transact-sql.md, nchar-transact-sql.md
    ["ASCII", "ASCII('A')", 65],
    ["ASCII is the Windows-1252 code", "ASCII('€')", 128],
    ["ASCII of '' is NULL", "ASCII('')", null],
    ["UNICODE", "UNICODE(N'Åkergatan 24')", 197],
    ["NCHAR", "NCHAR(197)", "Å"],
    ["CHAR is Windows-1252", "CHAR(128)", "€"],
    ["CHAR out of range is NULL", "CHAR(256)", null],
    // docs/t-sql/functions/parsename-transact-sql.md
    ["PARSENAME object", "PARSENAME('AdventureWorksPDW2012.dbo.DimCustomer', 1)", "DimCustomer"],
    ["PARSENAME absent part is NULL", "PARSENAME('AdventureWorksPDW2012.dbo.DimCustomer', 4)", null],
    ["PARSENAME of a delimited part", "PARSENAME('[a.b].c', 2)", "a.b"],
    ["PARSENAME of five parts is NULL", "PARSENAME('a.b.c.d.e', 1)", null],
    ["PARSENAME of an address", "PARSENAME('192.168.1.10', 4)", "192"],
    ["PARSENAME of a NULL part number is NULL", "PARSENAME('a.b', NULL)", null],
    ["PARSENAME of a NULL name is NULL", "PARSENAME(NULL, 1)", null],
    // docs/t-sql/functions/formatmessage-transact-sql.md (placeholders: docs/t-sql/language-elements/raiserror-transact-sql.md)
    [
      "FORMATMESSAGE %s",
      "FORMATMESSAGE('This is the %s and this is the %s.', 'first variable', 'second variable')",
      "This is the first variable and this is the second variable.",
    ],
    [
      "FORMATMESSAGE signed",
      "FORMATMESSAGE('Signed int %i, %d %i, %d, %+i, %+d, %+i, %+d', 5, -5, 50, -50, -11, -11, 11, 11)",
      "Signed int 5, -5 50, -50, -11, -11, +11, +11",
    ],
    [
      "FORMATMESSAGE zero padding",
      "FORMATMESSAGE('Signed int with leading zero 0 %020i', -55)",
      "Signed int with leading zero 0 -0000000000000000055",
    ],
    ["FORMATMESSAGE unsigned", "FORMATMESSAGE('Unsigned int %u, %u', 50, -50)", "Unsigned int 50, 4294967246"],
    [
      "FORMATMESSAGE octal and hex with prefix",
      "FORMATMESSAGE('%#o %#x %#X %x', 50, 11, 11, -50)",
      "062 0xb 0XB ffffffce",
    ],
    ["FORMATMESSAGE width", "FORMATMESSAGE('Hello %20s!|%-6s|', 'TEST', 'ab')", "Hello                 TEST!|ab    |"],
    ["FORMATMESSAGE NULL argument", "FORMATMESSAGE('a %s b', NULL)", "a (null) b"],
    // docs/t-sql/functions/string-escape-transact-sql.md: the special characters and the control characters
    [
      "STRING_ESCAPE of the special characters",
      "STRING_ESCAPE('\\ /' + CHAR(10) + '\\' + CHAR(9) + '\"' + CHAR(8) + CHAR(12) + CHAR(13), 'json')",
      '\\\\ \\/\\n\\\\\\t\\"\\b\\f\\r',
    ],
    ["STRING_ESCAPE of other control characters", "STRING_ESCAPE('a' + CHAR(1) + CHAR(31), 'json')", "a\\u0001\\u001f"],
    ["STRING_ESCAPE of NULL", "STRING_ESCAPE(NULL, 'json')", null],
    // docs/t-sql/functions/len-transact-sql.md, datalength-transact-sql.md
    ["LEN ignores trailing blanks", "LEN('ab  ')", 2],
    ["DATALENGTH counts them", "DATALENGTH('ab  ')", 4],
    ["DATALENGTH of char(n) is n", "DATALENGTH(CAST('a' AS char(5)))", 5],
    ["DATALENGTH of nvarchar is 2 bytes a character", "DATALENGTH(N'ab ')", 6],
  ];
  for (const [what, expr, expected] of cases) {
    it(`${what}: ${expr} → ${JSON.stringify(expected)}`, async () => {
      expect(await value(expr)).toEqual(expected);
    });
  }

  it("LEFT and RIGHT of a computed negative count fail as in SQL Server (left-transact-sql.md: 'an error is returned')", async () => {
    await expect(value("LEFT('abcdefg', CHARINDEX('z', 'abcdefg') - 1)")).rejects.toThrow(
      /LEFT with a negative length raises an error in SQL Server: -1/,
    );
    await expect(value("RIGHT('abcdefg', CHARINDEX('z', 'abcdefg') - 2)")).rejects.toThrow(
      /RIGHT with a negative length/,
    );
  });
  it("TRANSLATE of computed characters fails when SQL Server would, or the case-insensitive mapping is not one to one", async () => {
    await expect(value("TRANSLATE('abc', LOWER('AB'), 'x')")).rejects.toThrow(
      /TRANSLATE characters and translations differ in length: ab/,
    );
    await expect(value("TRANSLATE('abc', LEFT('aA', 2), 'xy')")).rejects.toThrow(
      /TRANSLATE characters the case-insensitive collation cannot map/,
    );
  });
  it("TRANSLATE listing both cases of a letter under the case-insensitive collation is a review item", () => {
    const t = translate("select TRANSLATE('abc', 'aA', 'xy') as v");
    expect(t.status).toBe("needs_review");
    expect(t.issues[0]!.message).toMatch(/two characters the case-insensitive collation holds equal/);
  });
  it("TRANSLATE with characters and translations of different lengths is a review item (SQL Server raises an error)", () => {
    const t = translate("select TRANSLATE('abc', 'ab', 'x') as v");
    expect(t.status).toBe("needs_review");
    expect(t.issues[0]!.construct).toBe("TRANSLATE");
  });
});

describe("STRING_SPLIT (docs/t-sql/functions/string-split-transact-sql.md)", () => {
  it("returns value and, with enable_ordinal = 1, ordinal", async () => {
    const { rows } = await run("select * from STRING_SPLIT('Austin,Texas,Seattle', ',', 1) where ordinal % 2 = 1");
    expect(rows.map((r) => [r.value, Number(r.ordinal)])).toEqual([
      ["Austin", 1],
      ["Seattle", 3],
    ]);
  });
  it("returns empty strings between adjacent separators and one empty row for an empty input", async () => {
    expect((await run("select value from STRING_SPLIT('a,,b', ',')")).rows.map((r) => r.value)).toEqual(["a", "", "b"]);
    expect((await run("select value from STRING_SPLIT('', ',')")).rows.map((r) => r.value)).toEqual([""]);
  });
  it("matches the separator under the case-insensitive collation", async () => {
    expect((await run("select value from STRING_SPLIT('aXbxc', 'x')")).rows.map((r) => r.value)).toEqual([
      "a",
      "b",
      "c",
    ]);
  });
});

describe("LIKE (docs/t-sql/language-elements/like-transact-sql.md)", () => {
  it("is case-insensitive under the default collation, with and without [] classes", async () => {
    expect((await run("select ID from Album where Genre like 'ro%' order by ID")).rows.map((r) => r.id)).toEqual([
      1, 2, 3,
    ]);
    expect((await run("select ID from Album where Genre like '[r]o%' order by ID")).rows.map((r) => r.id)).toEqual([
      1, 2, 3,
    ]);
  });
  it("follows a column declared case-sensitive", async () => {
    expect((await run("select ID from Album where Code like 'a%' order by ID")).rows.map((r) => r.id)).toEqual([1, 4]);
  });
  it("ASCII LIKE ignores the value's trailing blanks (char(30) 'Robert King' matches '% King')", async () => {
    expect(await value("case when CAST('Robert King' AS char(30)) like '% King' then 1 else 0 end")).toBe(1);
    expect(await value("case when CAST('Robert King ' AS varchar(30)) like '% King' then 1 else 0 end")).toBe(1);
  });
  it("matches a pattern computed by the query, case-insensitively, with % and _ as wildcards", async () => {
    expect(
      (await run("select ID from Album where Genre like LOWER('R') + '_c%' order by ID")).rows.map((r) => r.id),
    ).toEqual([1, 2, 3]);
    expect(
      (await run("select ID from Album where 'jazz and rock' like '%' + Genre + '%' order by ID")).rows.map(
        (r) => r.id,
      ),
    ).toEqual([1, 3, 4]);
  });
  it("PATINDEX reads a pattern built from a column, whose trailing blank counts (docs: patindex-transact-sql.md, F)", async () => {
    const { rows } = await run("select ID, PATINDEX('%' + Genre + '%', 'jazz and rock') as p from Album order by ID");
    expect(rows.map((r) => [r.id, r.p])).toEqual([
      [1, 10],
      [2, 0],
      [3, 10],
      [4, 1],
    ]);
  });
  it("keeps the blank padding of a char(n) pattern, which must then match (the FindEmployee example finds no row)", async () => {
    expect(await value("case when 'Barbariol' like CAST('Barb%' AS char(20)) then 1 else 0 end")).toBe(0);
    expect(await value("case when 'Barbariol' like CAST('Barb%' AS varchar(20)) then 1 else 0 end")).toBe(1);
  });
  it("fails, naming the pattern, when a pattern computed by the query holds a [ ] class PostgreSQL's LIKE lacks", async () => {
    await expect(value("case when 'r' like LOWER('[R]') then 1 else 0 end")).rejects.toThrow(
      /LIKE with a \[ \] class in a pattern computed at run time is not translated: \[r\]/,
    );
    await expect(value("PATINDEX(LOWER('%[R]%'), 'r')")).rejects.toThrow(/PATINDEX with a \[ \] class/);
  });
  it("spans a [x-y] range in the collation's order, not by code point (like-transact-sql.md: 'may vary depending on the sorting rules of the collation')", async () => {
    const like = async (v: string, pattern: string, collate = "") =>
      value(`case when N'${v}'${collate} like '${pattern}' then 1 else 0 end`);
    // Dictionary order: a < A < á < b … < z < Z, accents after their letter, punctuation before letters and digits.
    expect(await like("é", "[a-z]")).toBe(1);
    expect(await like("B", "[a-c]")).toBe(1);
    expect(await like("_", "[A-z]")).toBe(0);
    expect(await like("x", "[A-z]")).toBe(1);
    expect(await like("5", "[0-9]")).toBe(1);
    expect(await like("a", "[0-9]")).toBe(0);
    expect(await like("é", "[^a-z]")).toBe(0);
    const cs = " COLLATE Latin1_General_CS_AS";
    expect(await like("B", "[a-c]", cs)).toBe(1);
    expect(await like("Y", "[a-z]", cs)).toBe(1);
    expect(await like("Z", "[a-z]", cs)).toBe(0);
    expect(await like("B", "[a-c]", " COLLATE Latin1_General_BIN")).toBe(0);
    expect(await value("PATINDEX('%[^ 0-9A-z]%', 'ab_c')")).toBe(3);
  });
  it("reads the ESCAPE character inside [ ] too, so an escaped ^, - or ] is a member of the class", async () => {
    const like = async (v: string, pattern: string) =>
      value(`case when '${v}' like '${pattern}' escape '!' then 1 else 0 end`);
    expect(await like("^", "[!^a]")).toBe(1);
    expect(await like("!", "[!^a]")).toBe(0);
    expect(await like("b", "[a!-c]")).toBe(0);
    expect(await like("-", "[a!-c]")).toBe(1);
    expect(await like("]", "[!]x]")).toBe(1);
    expect(await like("x", "[!]x]")).toBe(1);
    expect(await like("30%", "[0-9][0-9]!%")).toBe(1);
    expect(await like("305", "[0-9][0-9]!%")).toBe(0);
  });
  it("is false when the pattern ends in its escape character, NOT LIKE true, NULL for NULL", async () => {
    expect(await value("case when 'abc!' like 'abc!' escape '!' then 1 else 0 end")).toBe(0);
    expect(await value("case when '[abc!' like '[abc!' escape '!' then 1 else 0 end")).toBe(0);
    expect(await value("case when 'abc!' not like 'abc!' escape '!' then 1 else 0 end")).toBe(1);
    expect(await value("case when NULL like 'abc!' escape '!' then 1 else 0 end")).toBe(0);
    expect(await value("case when NULL not like 'abc!' escape '!' then 1 else 0 end")).toBe(0);
  });
  it("Unicode LIKE counts the blank padding of nchar(n) (the nchar example: '% King' does not match)", async () => {
    expect(await value("case when CAST('Robert King' AS nchar(30)) like '% King' then 1 else 0 end")).toBe(0);
    expect(await value("case when RTRIM(CAST('Robert King' AS nchar(30))) like '% King' then 1 else 0 end")).toBe(1);
  });
});

describe("the database default collation is case-insensitive and blank-padded (docs/t-sql/statements/collations.md)", () => {
  it("WHERE Genre = 'rock' finds Rock, ROCK and 'rock ' on a source table", async () => {
    expect((await run("select ID from Album where Genre = 'rock' order by ID")).rows.map((r) => r.id)).toEqual([
      1, 2, 3,
    ]);
    expect((await run("select ID from Album where Genre in ('ROCK ', 'x') order by ID")).rows.map((r) => r.id)).toEqual(
      [1, 2, 3],
    );
    expect((await run("select ID from Album where Genre <> 'rock' order by ID")).rows.map((r) => r.id)).toEqual([4]);
  });
  it("GROUP BY, DISTINCT and UNION merge 'Rock', 'rock ' and 'ROCK'", async () => {
    const grouped = (await run("select Genre, count(*) as n from Album group by Genre")).rows;
    expect(grouped.map((r) => Number(r.n)).sort()).toEqual([1, 3]);
    expect((await run("select distinct Genre from Album")).rows).toHaveLength(2);
    expect((await run("select Genre from Album where ID in (1, 2) group by Genre order by Genre")).rows).toHaveLength(
      1,
    );
    expect(
      (await run("select Genre from Album where ID = 1 union select Genre from Album where ID = 2")).rows,
    ).toHaveLength(1);
    expect(
      (await run("select Genre from Album where ID = 1 union all select Genre from Album where ID = 2")).rows,
    ).toHaveLength(2);
  });
  it("compares literals and variables with each other case-insensitively", async () => {
    expect(await value("case when 'abc' = 'ABC  ' then 1 else 0 end")).toBe(1);
    expect(
      (
        await run(
          "create procedure P as declare @g varchar(10) = 'JAZZ' select ID from Album where @g = 'jazz' and ID = 4",
        )
      ).rows,
    ).toHaveLength(1);
  });
  it("ORDER BY sorts case-insensitively; an explicit COLLATE picks the language (Traditional_Spanish: ch after c)", async () => {
    expect((await run("select ID from Album where ID <> 4 order by Genre, ID")).rows.map((r) => r.id)).toEqual([
      1, 2, 3,
    ]);
    const places = "select v.p from (values ('Chiapas'), ('Colima'), ('Cinco Rios'), ('California')) as v (p)";
    expect((await run(`${places} order by v.p collate Traditional_Spanish_ci_ai`)).rows.map((r) => r.p)).toEqual([
      "California",
      "Cinco Rios",
      "Colima",
      "Chiapas",
    ]);
    expect((await run(`${places} order by v.p collate Latin1_General_CS_AS_KS_WS`)).rows.map((r) => r.p)).toEqual([
      "California",
      "Chiapas",
      "Cinco Rios",
      "Colima",
    ]);
  });
  it("keeps a column declared case-sensitive (COLLATE in CREATE TABLE) and a binary COLLATE case-sensitive", async () => {
    expect((await run("select ID from Album where Code = 'ab' order by ID")).rows.map((r) => r.id)).toEqual([1, 4]);
    expect(
      (await run("select ID from Album where Genre = 'rock' collate Latin1_General_BIN2")).rows.map((r) => r.id),
    ).toEqual([2]);
  });
});

describe("the sandbox's source tables (agents/sandbox/ddl.ts) compare like SQL Server's", () => {
  it("declares text columns with the case-insensitive collation: WHERE Genre = 'rock' finds Rock", async () => {
    const catalog = ZCatalog.parse({ database: "music", tables: [ALBUMS] });
    await withSandbox({ adminUrl: inject("pgAdminUrl") }, async (sandbox) => {
      await loadCatalog(sandbox.sql, catalog);
      const found = await sandbox.sql.unsafe(`select "ID" from "dbo"."Album" where "Genre" = 'rock' order by "ID"`);
      expect(found.map((r) => r.ID)).toEqual([1, 3]);
      const sensitive = await sandbox.sql.unsafe(`select "ID" from "dbo"."Album" where "Code" = 'ab' order by "ID"`);
      expect(sensitive.map((r) => r.ID)).toEqual([1]);
    });
  });
});
