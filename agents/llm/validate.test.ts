import { describe, expect, it } from "vitest";
import { checkModelSql, parseSqlAnswer, relationKey, type RefEntry } from "./validate";

const refs: RefEntry[] = [
  { name: "dbo.Orders", jinja: "{{ ref('stg_northwind__orders') }}" },
  { name: "dbo.Customers", jinja: "{{ source('northwind', 'customers') }}" },
];
const check = (sql: string, macros: string[] = []) => checkModelSql(sql, { refs, macros });
const errorOf = (sql: string, macros: string[] = []) => {
  const result = check(sql, macros);
  return result.ok ? undefined : result.error;
};

describe("parseSqlAnswer: exactly one ```sql block", () => {
  it("accepts one block, returns its SQL without a trailing semicolon and the notes", () => {
    const answer = parseSqlAnswer(
      "```sql\nselect * from {{ ref('stg_northwind__orders') }};\n```\n\nNotes:\n- used ILIKE",
      { refs },
    );
    expect(answer).toEqual({
      ok: true,
      sql: "select * from {{ ref('stg_northwind__orders') }}",
      notes: "- used ILIKE",
    });
  });

  it.each([
    ["no block", "select 1", /no ```sql block/],
    ["two blocks", "```sql\nselect 1\n```\nand\n```sql\nselect 2\n```", /more than one fenced block/],
    ["an unterminated block", "```sql\nselect 1", /unterminated/],
    ["an empty block", "```sql\n\n```", /empty/],
    ["a block in another language", "```python\nprint(1)\n```", /not sql/],
  ])("refuses %s", (_, text, error) => {
    const answer = parseSqlAnswer(text, { refs });
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error).toMatch(error);
  });

  it("refuses a reply cut off at max_tokens", () => {
    expect(parseSqlAnswer("```sql\nselect 1\n```", { refs, stopReason: "max_tokens" })).toMatchObject({
      ok: false,
      error: /max_tokens/,
    });
  });
});

describe("checkModelSql: one read-only SELECT over the given refs", () => {
  it("accepts SELECT/WITH over refs, sources, CTEs, subqueries, this and set-returning functions", () => {
    const ok = [
      "select o.\"OrderID\" from {{ ref('stg_northwind__orders') }} as o join {{ source('northwind', 'customers') }} c on c.id = o.customer_id",
      'with recent as (select * from {{ ref("stg_northwind__orders") }}), "Big" as materialized (select 1 as x) select * from recent, "Big"',
      "select extract(year from o.d), substring(o.s from 2 for 3), trim(leading '0' from o.s) from {{ ref('stg_northwind__orders') }} o where o.a is distinct from o.b",
      "select * from (select 1) s cross join lateral generate_series(1, 3) g, unnest(array[1,2]) u",
      "{{ config(materialized='incremental', unique_key='id') }}\nselect * from {{ ref('stg_northwind__orders') }}\n{% if is_incremental() %} where id > (select max(id) from {{ this }}) {% endif %}",
      "select cast('{{ var('CategoryName', 'Beverages') }}' as varchar(15)) as c, 'drop table x; -- not code' as s, \"delete\" from {{ ref('stg_northwind__orders') }}",
      "select {{ fn_discount('o.\"Price\"', '0.1') }} from {{ ref('stg_northwind__orders') }} o -- comment: insert into x",
      "(select 1) union all (select 2)",
    ];
    for (const sql of ok) expect(check(sql, ["fn_discount"]), sql).toMatchObject({ ok: true });
  });

  it.each([
    ["DROP TABLE", "select 1; drop table users", /more than one statement/],
    ["a DROP statement", "drop table users", /single SELECT or WITH/],
    [
      "a data-modifying CTE",
      "with d as (delete from {{ ref('stg_northwind__orders') }} returning *) select * from d",
      /DELETE/,
    ],
    ["SELECT INTO", "select * into backup from {{ ref('stg_northwind__orders') }}", /INTO/],
    ["INSERT", "insert into t select 1", /single SELECT/],
    ["UPDATE via FOR UPDATE", "select * from {{ ref('stg_northwind__orders') }} for update", /UPDATE/],
    ["GRANT", "select 1; grant all on t to public", /more than one statement/],
    ["COPY", "copy (select 1) to '/tmp/x'", /single SELECT/],
    ["a bare table", "select * from users", /relation `users`/],
    ["a quoted table", 'select * from "Orders"', /relation `Orders`/],
    ["a schema-qualified table", "select * from dbo.orders", /schema-qualified/],
    [
      "a table in a subquery",
      "select (select count(*) from pg_user) from {{ ref('stg_northwind__orders') }}",
      /relation `pg_user`/,
    ],
    ["a comma-joined table", "select * from {{ ref('stg_northwind__orders') }} o, secrets s", /relation `secrets`/],
    [
      "a joined table",
      "select * from {{ ref('stg_northwind__orders') }} o left join app.users u on true",
      /schema-qualified/,
    ],
    ["a ref not given", "select * from {{ ref('users') }}", /not one of the refs/],
    ["a source not given", "select * from {{ source('app', 'users') }}", /not one of the refs/],
    ["run_query", "select {{ run_query('drop table x') }}", /not allowed/],
    ["env_var", "select '{{ env_var('DATABASE_URL') }}'", /not allowed/],
    ["a Jinja set", "{% set x = 1 %} select 1", /not allowed/],
    ["pg_read_file", "select pg_read_file('/etc/passwd')", /pg_read_file/],
    ["dblink", "select * from {{ ref('stg_northwind__orders') }} where dblink_exec('x', 'y') is null", /dblink_exec/],
    ["an unknown FROM function", "select * from pg_ls_dir('.')", /pg_ls_dir|not an allowed function/],
    ["an unterminated string", "select 'abc", /unterminated/],
    ["a macro not given", "select {{ fn_x('1') }}", /not allowed/],
    ["SQL smuggled in a macro argument", "select {{ fn_discount('(select secret from keys)') }}", /relation `keys`/],
  ])("refuses %s", (_, sql, error) => {
    expect(errorOf(sql, ["fn_discount"])).toMatch(error);
  });

  it("reads ref/source keys from their Jinja", () => {
    expect(relationKey("{{ ref('a') }}")).toBe("ref:a");
    expect(relationKey('{{- ref("pkg", "a") -}}')).toBe("ref:pkg.a");
    expect(relationKey("{{ source('s', 't') }}")).toBe("source:s.t");
    expect(relationKey("{{ var('x') }}")).toBeUndefined();
  });
});
