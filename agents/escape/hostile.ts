import fs from "node:fs";
import path from "node:path";

// Longer than the 63 bytes PostgreSQL keeps of a name: two columns that differ only after it.
const LONG_NAME = "A column name that runs well past the sixty-three bytes PostgreSQL keeps";

/**
 * A SQL Server script whose names, literals and comments hold everything that could break out of the contexts
 * generated code puts them in: Jinja delimiters (`{{`, `{%`, `{#`, `%}`, `endraw`), quotes, backslashes, line
 * breaks, comment markers and non-ASCII text; the view's column names also hold spaces, capitals, names that fold
 * to one snake_case name, names past 63 bytes and names with no ASCII letter. Used by the escaping tests (our
 * compiler, real dbt): every value must come back as the text it was.
 */
export const HOSTILE_SCRIPT = `
CREATE TABLE dbo.[T{{x}}] (id int PRIMARY KEY, [n{% raw %}] nvarchar(80), [q"'\\] nvarchar(80))
GO
INSERT INTO dbo.[T{{x}}] VALUES (1, N'a{{ 7*7 }}b', N'it''s \\ "q"'), (2, N'{% endraw %}{# c #}', N'*/ -- x
y ÿ€😀')
GO
CREATE VIEW dbo.[v{% if true %}] AS
SELECT id AS [{{ 7*7 }}], '{% endraw %}{{ 7*7 }}' AS lit, N'{# c #}%}' AS c2, 'x''y\\z' AS q,
       [n{% raw %}] AS n, [q"'\\] AS [quote"'\\], N'line1
line2 ÿ' AS nl /* {{ run_query('select 1') }} */,
       id * 10 AS [Order ID], id + 100 AS [OrderID], UPPER([n{% raw %}]) AS [Prix € ÿ😀],
       id AS [${LONG_NAME}: one], -id AS [${LONG_NAME}: two], N'名' AS [名前]
FROM dbo.[T{{x}}] -- {{ env_var('HOME') }}
GO
`;

/** What the view returns on SQL Server, row by row, column by column. */
export const HOSTILE_VIEW_ROWS = [
  {
    "{{ 7*7 }}": 1,
    lit: "{% endraw %}{{ 7*7 }}",
    c2: "{# c #}%}",
    q: "x'y\\z",
    n: "a{{ 7*7 }}b",
    "quote\"'\\": 'it\'s \\ "q"',
    nl: "line1\nline2 ÿ",
    "Order ID": 10,
    OrderID: 101,
    "Prix € ÿ😀": "A{{ 7*7 }}B",
    [`${LONG_NAME}: one`]: 1,
    [`${LONG_NAME}: two`]: -1,
    名前: "名",
  },
  {
    "{{ 7*7 }}": 2,
    lit: "{% endraw %}{{ 7*7 }}",
    c2: "{# c #}%}",
    q: "x'y\\z",
    n: "{% endraw %}{# c #}",
    "quote\"'\\": "*/ -- x\ny ÿ€😀",
    nl: "line1\nline2 ÿ",
    "Order ID": 20,
    OrderID: 102,
    "Prix € ÿ😀": "{% ENDRAW %}{# C #}",
    [`${LONG_NAME}: one`]: 2,
    [`${LONG_NAME}: two`]: -2,
    名前: "名",
  },
];

/** The SQL Server type of each of the view's columns, as an expected-results manifest gives them. */
const HOSTILE_VIEW_TYPES: Record<keyof (typeof HOSTILE_VIEW_ROWS)[number], string> = {
  "{{ 7*7 }}": "int",
  lit: "varchar(21)",
  c2: "nvarchar(9)",
  q: "varchar(5)",
  n: "nvarchar(80)",
  "quote\"'\\": "nvarchar(80)",
  nl: "nvarchar(12)",
  "Order ID": "int",
  OrderID: "int",
  "Prix € ÿ😀": "nvarchar(80)",
  [`${LONG_NAME}: one`]: "int",
  [`${LONG_NAME}: two`]: "int",
  名前: "nvarchar(1)",
};

/** Writes the view's expected result (manifest.json + CSV, the Northwind format) into `dir`, for the Evaluator. */
export function writeHostileExpected(dir: string): void {
  const columns = Object.keys(HOSTILE_VIEW_ROWS[0]!);
  const field = (v: unknown) => `"${String(v).replaceAll('"', '""')}"`;
  const csv = [
    columns.map(field).join(","),
    ...HOSTILE_VIEW_ROWS.map((r) => columns.map((c) => field(r[c as keyof typeof r])).join(",")),
  ]
    .map((l) => `${l}\r\n`)
    .join("");
  fs.writeFileSync(path.join(dir, "hostile_view.csv"), csv);
  const types = columns.map((name) => ({ name, type: HOSTILE_VIEW_TYPES[name as keyof typeof HOSTILE_VIEW_TYPES] }));
  fs.writeFileSync(
    path.join(dir, "manifest.json"),
    JSON.stringify({
      objects: [{ object: "dbo.[v{% if true %}]", kind: "view", file: "hostile_view.csv", columns: types }],
    }),
  );
}
