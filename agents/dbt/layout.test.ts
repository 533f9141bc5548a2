import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "~/db/testing";
import { findSqlfluff } from "./cli";
import { compileModel } from "./jinja";
import { layoutSql, layoutSqlFile, LINE_WIDTH } from "./layout";
import { lintProject, SQLFLUFF_CONFIG, sqlfluffConfig } from "./sqlfluff";

/** The text without whitespace: what the layout may not change. */
const tokensOnly = (sql: string) => sql.replace(/\s+/g, "");

describe("layoutSql: dbt-labs' SQL style", () => {
  it("puts each select target on its own line with a trailing comma, 4 spaces in, and one clause per line", () => {
    const sql = `select "a"."x", "a"."y" as "z", count(*) as n\nfrom {{ ref('a') }} as "a"\ninner join {{ ref('b') }} as "b" on "a"."x" = "b"."x"\nwhere "a"."y" > 1\ngroup by "a"."x", "a"."y"`;
    expect(layoutSql(sql)).toBe(
      [
        "select",
        "    a.x,",
        "    a.y as z,",
        "    count(*) as n",
        `from {{ ref('a') }} as a`,
        `inner join {{ ref('b') }} as b on a.x = b.x`,
        "where a.y > 1",
        "group by a.x, a.y",
      ].join("\n"),
    );
  });

  it("indents CTE bodies and subqueries inside their brackets, with a blank line after each CTE", () => {
    const sql = `with "c" as (\nselect "x" from {{ ref('a') }}\n), "d" as (select "x" from "c")\nselect "x" from (select "x" from "d") as "s"`;
    expect(layoutSql(sql)).toBe(
      [
        `with c as (`,
        `    select x from {{ ref('a') }}`,
        "),",
        "",
        `d as (`,
        `    select x from c`,
        ")",
        "",
        "select x",
        "from (select x from d) as s",
      ].join("\n"),
    );
  });

  it("breaks what does not fit in 80 columns at brackets, commas and CASE branches, and changes nothing but whitespace", () => {
    const long = `round((("Order Details"."UnitPrice" * "Order Details"."Quantity")::real * (1::real - "Order Details"."Discount"))::numeric, 4)`;
    const sql = `select ${long} as "ExtendedPrice", case when "Order Details"."Quantity" > 100 then 'a very large order line' when "Order Details"."Quantity" > 10 then 'large' else 'small' end as "Size"\nfrom {{ ref('order_details') }} as "Order Details"\nwhere "Order Details"."Quantity" > 1 and "Order Details"."Discount" < 0.5 and "Order Details"."UnitPrice" between 1 and 100`;
    const out = layoutSql(sql);
    for (const line of out.split("\n")) expect(line.length, line).toBeLessThanOrEqual(LINE_WIDTH);
    expect(out).toContain("    case\n        when ");
    expect(out).toContain("\n        else 'small'\n    end as \"Size\"");
    expect(out).toContain("where\n    ");
    expect(tokensOnly(out)).toBe(tokensOnly(sql));
  });

  it("drops quotes only where PostgreSQL reads the bare name the same (lowercase, not a keyword)", () => {
    expect(
      layoutSql(
        `select "__v"."x_1" collate "tsql_und_ci_as" as "current_date", "v"."Name", "v"."value" as "year", "v"."key" as "order" from "t" as "__v"`,
      ),
    ).toBe(
      `select\n    __v.x_1 collate tsql_und_ci_as as "current_date",\n    v."Name",\n    v.value as "year",\n    v.key as "order"\nfrom t as __v`,
    );
  });

  it("keeps string literals, Jinja expressions and quoted names byte for byte, even with newlines and brackets inside", () => {
    const sql = `select 'line one\n  (line two), ''quoted''' as "a b", E'tab\\\\t\\'' as c, {{ var('x') }} as d, $q$ ) $q$ as e from {{ ref('t') }}`;
    const out = layoutSql(sql);
    // A Jinja expression printing text that holds `}}` (agents/escape) is one token too.
    const jinja = String.raw`{{ '\'{% endraw %}{{ 7*7 }}\'' }}`;
    expect(layoutSql(`select t.id as a, ${jinja} as lit, 'x' as q from {{ ref('t') }} as t`)).toBe(
      `select\n    t.id as a,\n    ${jinja} as lit,\n    'x' as q\nfrom {{ ref('t') }} as t`,
    );
    for (const piece of [
      `'line one\n  (line two), ''quoted'''`,
      `E'tab\\\\t\\''`,
      "{{ var('x') }}",
      "$q$ ) $q$",
      '"a b"',
    ])
      expect(out).toContain(piece);
  });

  it("breaks a ref() or source() call too long for its line over lines, which Jinja renders as the same relation", () => {
    const model = "stg_long_names_dbo__quarterly_revenue_figures_reconcil_2f7489df";
    const sql = `select q.id from {{ ref('${model}') }} as q inner join {{ source('long_names_dbo', '${model.slice(20)}') }} as s on q.id = s.id`;
    const out = layoutSql(sql);
    expect(out).toBe(
      [
        "select q.id",
        "from {{ ref(",
        `    '${model}'`,
        ") }} as q",
        "inner join",
        "    {{ source(",
        "        'long_names_dbo',",
        `        '${model.slice(20)}'`,
        "    ) }} as s",
        "    on q.id = s.id",
      ].join("\n"),
    );
    for (const line of out.split("\n")) expect(line.length).toBeLessThanOrEqual(LINE_WIDTH);
    const relations = {
      ref: (name: string) => `"analytics"."${name}"`,
      source: (s: string, t: string) => `"${s}"."${t}"`,
    };
    expect(compileModel(out, relations).sql.replace(/\s+/g, " ")).toBe(
      compileModel(sql, relations).sql.replace(/\s+/g, " "),
    );
    // A call that fits stays on its line.
    expect(layoutSql(`select q.id, q.name from {{ ref('stg_shop__orders') }} as q`)).toContain(
      `\nfrom {{ ref('stg_shop__orders') }} as q`,
    );
  });

  it("puts a long select target's alias, and a collation that does not fit, on lines of their own", () => {
    const column = `"Amount reconciled against the general ledger at the en_8610f3a1"`;
    const name = "amount_reconciled_against_the_general_ledger_at_the_end_of_the";
    expect(layoutSql(`select id, ${column} as ${name}, ${column} collate tsql_und_ci_as as ${name}_2 from t`)).toBe(
      [
        "select",
        "    id,",
        `    ${column}`,
        `        as ${name},`,
        `    ${column}`,
        "    collate tsql_und_ci_as",
        `        as ${name}_2`,
        "from t",
      ].join("\n"),
    );
  });

  it("leaves text it cannot read safely as it is: comments, Jinja statements, several statements, unbalanced brackets", () => {
    for (const sql of [
      `select 1 -- note\nfrom t`,
      `select 1 /* note */`,
      `{% if x %}select 1{% endif %}`,
      `select 1; select 2`,
      `select (1`,
      `select 1)`,
    ])
      expect(layoutSql(sql)).toBe(sql);
  });

  it("keeps a file's leading comment lines and lays out the statement after them", () => {
    expect(
      layoutSqlFile(
        `-- Primary key of [dbo].[T] is unique.\nselect "a", "b", count(*) as n from {{ ref('t') }} group by "a", "b" having count(*) > 1\n`,
      ),
    ).toBe(
      `-- Primary key of [dbo].[T] is unique.\nselect\n    a,\n    b,\n    count(*) as n\nfrom {{ ref('t') }}\ngroup by a, b\nhaving count(*) > 1\n`,
    );
  });
});

/**
 * Literals too long for their lines in the places a translation puts them: a select target, after THEN and in a
 * WHEN, typed (`::json`, `timestamp '…'`), collated, a regular expression, a function's argument, an IN list, with
 * doubled quotes, backslashes and characters outside the BMP. A literal typed by its context (`::json`,
 * `timestamp`) proves the pieces are one literal: `||` would make text of them, and `timestamp 'a' || 'b'` fails.
 */
const JSON_TEXT = '{"info":{"address":[{"town":"Paris"},{"town":"London"},{"town":"Zürich"}]}}';
const LONG_LITERALS = [
  `select '${JSON_TEXT}'::json #>> '{info,address,2,town}' as town,`,
  String.raw`case when t.k = 1 then 'the first row, whose label is long enough to need a line or two of its own here' when t.v ~ '^[ \t\n\v\f\r]*(\([ \t\n\v\f\r]*)?[-+]?[ \t\n\v\f\r]*(\d[\d\.]*(,\d*)?|,\d+)[ \t\n\v\f\r]*$' then 'digits' else 'It''s ''quoted'' with a backslash \ and emoji 😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀 at the end' end as label,`,
  `timestamp '2015-03-29 01:01:00.000000' at time zone 'Europe/Warsaw' as at_warsaw,`,
  `'PARSENAME of a delimited name is not translated: ' || 'AdventureWorksPDW2012.dbo.DimCustomer' collate "C" as message,`,
  `replace(t.v, 'Austin,Texas,Seattle,Washington,Denver,Colorado,Portland,Oregon,Boise,Idaho', 'x') as replaced,`,
  `t.v in ('Austin,Texas,Seattle,Washington,Denver,Colorado,Portland,Oregon,Boise,Idaho', 'b') as listed`,
  `from (values (1, 'a'), (2, '12,5')) as t (k, v)`,
].join(" ");

// sqlfluff comes with dbt (npm run setup:dbt); CI has it.
const sqlfluff = findSqlfluff();
if (!sqlfluff && process.env.CI)
  throw new Error("sqlfluff is not installed: run `npm run setup:dbt`, or set SQLFLUFF_BIN");

describe.skipIf(!sqlfluff)("layoutSql under the project's own sqlfluff rules", () => {
  it("lays out CASE branches that span lines, select lists, long joins, LATERAL and the names it unquotes so that sqlfluff finds nothing", async () => {
    // A WHEN whose condition does not fit on its line, one whose result does not, a nested CASE after THEN, quoted
    // names that need no quotes (sqlfluff's references.special_chars, RF06) and a short subquery selecting two
    // targets (one per line, layout.select_targets, LT09).
    const longCondition = `floor(log(abs(round(t."value"::numeric, 5 - floor(log(abs(t."value"::numeric)))::integer))))::integer between -4 and 5`;
    const sql = [
      `select t."key", case when ${longCondition} then case when t."n" > 0 then 'a positive number, spelled out at length' else 'not positive' end`,
      `when t."n" < 0 then coalesce(nullif(t."key", 'some key that is long enough'), 'the fallback when the key is empty') else 'zero' end as "label"`,
      `, pair.one from {{ ref('numbers') }} as t cross join (select 1 as one, 2 as two) as pair`,
    ].join(" ");
    const model = layoutSqlFile(sql);
    expect(tokensOnly(model)).toBe(tokensOnly(sql).replace(/"(value|key|n|label)"/g, "$1"));
    // A join whose relation does not fit on the join's line; a LATERAL subquery and a table function call in a FROM.
    const joins = [
      `select c.category_id, s.value from {{ ref('stg_shop__categories') }} as c inner join {{ ref('int_order_details_extended_by_category') }}`,
      `as details_extended on c.category_id = details_extended.category_id cross join lateral (select c.category_id as value) as s`,
    ].join(" ");
    const lateral = [
      `select s.value from lateral (select __v as value, __o as position_in_list from unnest(array['a', 'b']) with ordinality as __s (__v, __o)) as s where s.value <> 'a'`,
      `union all select e.key from json_each(case when json_typeof('{"a": 1, "b": 2}'::json) = 'object' then '{"a": 1, "b": 2}'::json end) with ordinality as e (key, value, n)`,
    ].join(" ");
    // A lone target that fits on a line of its own but not after `select`; a target that fits but for its comma; a
    // difference too long for its line.
    const lone = `select date_trunc('milliseconds', timestamp '1998-03-04 00:00:00.000000') as result`;
    const targets = [
      `select extract(year from (timestamp '1900-01-01 12:10:30.123000'))::integer as year_,`,
      `extract(epoch from (timestamp '2020-04-15 21:22:11.000000' - timestamp '1900-01-01 00:00:00.000000' - interval '1 day')) as seconds`,
    ].join(" ");
    // A LATERAL join spanning lines followed by another join (how a float's rounding is bound, agents/translate).
    const laterals = [
      `select __e.e as v from (select 1.5 as v) as __x cross join lateral (select round(__x.v::text::numeric,`,
      `5 - floor(log(abs(nullif(__x.v::text::numeric, 0))))::integer) as r) as __r`,
      `cross join lateral (select floor(log(abs(__r.r)))::integer as e) as __e`,
    ].join(" ");
    // LEFT JOIN LATERAL … ON TRUE spanning lines (a JSON path walked step by step), and a derived table that fits
    // on its line only without the `from ` before it.
    const leftLaterals = [
      `select (select __j2.v #>> '{}' as v from (select cast('{"info": {"town": "Paris"}}' as text)::json as v) as __j0`,
      `left join lateral (select __e.value as v from json_each(case when json_typeof(__j0.v) = 'object' then __j0.v end)`,
      `with ordinality as __e (key, value, n) where __e.key collate "C" = 'info' order by __e.n limit 1) as __j1 on true`,
      `left join lateral (select __e.value as v from json_each(case when json_typeof(__j1.v) = 'object' then __j1.v end)`,
      `with ordinality as __e (key, value, n) where __e.key collate "C" = 'town' order by __e.n limit 1) as __j2 on true) as town`,
    ].join(" ");
    const derived = `select (select case when length(__x.v) <= 30 then left(__x.v, 30) end as v from (select round(cast(3148.29 as numeric(10, 4)), 2)::text as v) as __x) as sm`;
    // A ref() too long for its line, broken over lines.
    const refs = [
      `select q.id from {{ ref('stg_long_names_dbo__quarterly_revenue_figures_reconcil_2f7489df') }} as q`,
      `inner join {{ ref('stg_long_names_dbo__quarterly_revenue_figures_reconcil_6e52776b') }} as s on q.id = s.id`,
    ].join(" ");
    // Columns past 63 bytes, renamed (a staging model's `renamed` CTE).
    const column = `"Amount reconciled against the general ledger at the en_8610f3a1"`;
    const renamed = `select ${column} as amount_reconciled_against_the_general_ledger_at_the_end_of_the, ${column} collate tsql_und_ci_as as amount_reconciled_against_the_general_ledger_at_the_end_of_th_2 from {{ ref('t') }}`;
    const files = {
      "models/renamed.sql": layoutSqlFile(renamed),
      "models/long_ref.sql": layoutSqlFile(refs),
      "models/laterals.sql": layoutSqlFile(laterals),
      "models/left_laterals.sql": layoutSqlFile(leftLaterals),
      "models/derived.sql": layoutSqlFile(derived),
      "models/long_literals.sql": layoutSqlFile(LONG_LITERALS),
      "models/numbers_labelled.sql": model,
      "models/joined.sql": layoutSqlFile(joins),
      "models/lateral_values.sql": layoutSqlFile(lateral),
      "models/lone_target.sql": layoutSqlFile(lone),
      "models/targets.sql": layoutSqlFile(targets),
    };
    const lint = await lintProject(
      { [SQLFLUFF_CONFIG]: sqlfluffConfig({ macros: false }), ...files },
      { timeoutMs: 120_000 },
    );
    if (!lint || "error" in lint) throw new Error(lint?.error ?? "sqlfluff vanished");
    expect(lint.findings, Object.values(files).join("\n")).toEqual([]);
  }, 180_000);
});

describe("layoutSql's bounds", () => {
  it("ends on deeply nested long calls (a step budget, then as written) and leaves a statement over 256 KB as written", () => {
    // Each level is too long for a line, so every level may try its brackets broken and not: unbounded, it explodes.
    let nested = "col_a";
    for (let i = 0; i < 40; i++)
      nested = `coalesce(nullif(${nested}, 'a long enough literal ${i}'), another_column_${i})`;
    const deep = `select ${nested} as x from t`;
    // Literals left too long by the indentation are continued on the next line ('…'\n'…' is one literal).
    expect(
      layoutSql(deep)
        .replace(/'\n *'/g, "")
        .replace(/\s+/g, ""),
    ).toBe(deep.replace(/\s+/g, ""));
    const huge = `select ${Array.from({ length: 40_000 }, (_, i) => `c${i}`).join(", ")} from t`;
    expect(huge.length).toBeGreaterThan(256 * 1024);
    expect(layoutSql(huge)).toBe(huge);
  });
});

describe("layoutSql on PostgreSQL", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("splits a literal too long for its line into adjacent literals that PostgreSQL reads as the same value, in every place a model puts one", async () => {
    const out = layoutSql(LONG_LITERALS);
    for (const line of out.split("\n")) expect(line.length, out).toBeLessThanOrEqual(LINE_WIDTH);
    // Adjacent pieces, one per line, at the indent of the line the literal is on (sqlfluff's layout.indent).
    expect(out).toContain(`    '{"info":{"address":[{"town":"Paris"},`);
    expect(out).toMatch(/\n {12}then\n {16}'the first row, [^\n]*'\n {16}'[^\n]*'\n/);
    expect(out).toContain("'It''s ''quoted'' ");
    const rows = await database.sql.unsafe(LONG_LITERALS);
    expect(rows.length).toBe(2);
    expect(rows[0]!.town).toBe("Zürich");
    expect(await database.sql.unsafe(out)).toEqual(rows);
    // dbt renders the model through Jinja (our compiler is checked against dbt's in the conformance test): the
    // pieces and the newlines between them come out as they went in.
    expect(compileModel(out).sql).toBe(out);
  });

  it("never cuts a literal inside the Jinja expression it holds (a procedure parameter's var)", async () => {
    // Nested deep enough that the literal starts near the end of its line.
    const sql = `select (select (select (select (select (select 1 where "n" like (('%' || cast('{{ var('Name') }}' as varchar(100))) || '%')) as "a") as "b") as "c") as "d") as "e" from (select 'Blue mug' as "n") as "t"`;
    const out = layoutSql(sql);
    expect(out).toContain(`'{{ var('Name') }}'`);
    const render = (text: string) => compileModel(text, { vars: { Name: "mug", Tag: "x" } }).sql;
    expect(render(out)).not.toMatch(/\{\{|\}\}/);
    expect(await database.sql.unsafe(render(out))).toEqual(await database.sql.unsafe(render(sql)));
  });

  it("returns the same rows as the SQL it laid out, multi-line literals included", async () => {
    const sql = `with "c" ("k", "v") as (select * from (values (1, 'a\n  b'), (2, 'x, (y)'), (3, null)) as "t" ("k", "v")) select "c"."k", case when "c"."v" is null then 'none, really nothing at all here' when length("c"."v") > 4 then upper("c"."v") else "c"."v" || ' ' || 'short and sweet' end as "Label", (select count(*) from "c" as "c2" where "c2"."k" <= "c"."k") as "running_count" from "c" where "c"."k" between 1 and 3 and ("c"."v" is null or "c"."v" <> 'zzz') order by "c"."k" desc`;
    const out = layoutSql(sql);
    expect(out).not.toBe(sql);
    expect(await database.sql.unsafe(out)).toEqual(await database.sql.unsafe(sql));
  });
});
