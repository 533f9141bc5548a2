import { describe, expect, it } from "vitest";
import { compileModel, JinjaError, parseMacros, type CompileContext } from "./jinja";

const ctx: CompileContext = {
  ref: (name) => `"analytics"."${name}"`,
  source: (s, t) => `"${s}"."${t}"`,
  this: `"analytics"."orders_merged"`,
};

const compile = (sql: string, extra: Partial<CompileContext> = {}) => compileModel(sql, { ...ctx, ...extra });
const errorOf = (fn: () => unknown): JinjaError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof JinjaError) return e;
    throw e;
  }
  throw new Error("expected a JinjaError");
};

describe("compileModel: dbt context", () => {
  it("resolves ref and source through the context and lists them", () => {
    const r = compile(
      `select * from {{ ref('stg_orders') }} o join {{ source("shop", "order_details") }} d using (id)\njoin {{ ref('stg_orders') }} x using (id)`,
    );
    expect(r.sql).toBe(
      `select * from "analytics"."stg_orders" o join "shop"."order_details" d using (id)\njoin "analytics"."stg_orders" x using (id)`,
    );
    expect(r.refs).toEqual(["stg_orders"]);
    expect(r.sources).toEqual([["shop", "order_details"]]);
  });

  it("quotes names by default when the context gives no resolver", () => {
    expect(compileModel("{{ ref('a') }} {{ source('s', 'Order Details') }} {{ ref('pkg', 'b') }}").sql).toBe(
      '"a" "s"."Order Details" "b"',
    );
  });

  it("captures config and removes it from the SQL", () => {
    const r = compile(
      "{{ config(materialized='incremental', unique_key=['OrderID', 'ProductID'], enabled=true) }}\nselect 1",
    );
    expect(r.sql).toBe("\nselect 1");
    expect(r.config).toEqual({ materialized: "incremental", unique_key: ["OrderID", "ProductID"], enabled: true });
  });

  it("reads vars, falls back to defaults, and refuses a missing var without default", () => {
    const sql =
      "where d between '{{ var('Beginning_Date') }}' and '{{ var(\"Ending_Date\", '1998-12-31') }}' and n = {{ var('n', 10) }}";
    const r = compile(sql, { vars: { Beginning_Date: "1996-07-01" } });
    expect(r.sql).toBe("where d between '1996-07-01' and '1998-12-31' and n = 10");
    expect(r.vars).toEqual(["Beginning_Date", "Ending_Date", "n"]);
    const e = errorOf(() => compile("select 1\nwhere x = {{ var('OrderID') }}"));
    expect(e.message).toBe("required var 'OrderID' is not set and var() gives no default (line 2)");
    expect(e.line).toBe(2);
  });

  it("renders a var set to null as None and an explicit false as False, like Jinja2", () => {
    expect(compile("{{ var('a') }} {{ var('b') }}", { vars: { a: null, b: false } }).sql).toBe("None False");
  });

  it("renders {{ this }} and branches on is_incremental()", () => {
    const sql =
      "select * from {{ ref('src') }}\n{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}";
    expect(compile(sql).sql).toBe(`select * from "analytics"."src"\n`);
    expect(compile(sql, { isIncremental: true }).sql).toBe(
      `select * from "analytics"."src"\nwhere id > (select max(id) from "analytics"."orders_merged")`,
    );
  });
});

describe("compileModel: control flow and expressions", () => {
  const branches = `{% if var('OrdYear') == '1996' %}a{% elif var('OrdYear') in ['1997', '1998'] and not var('strict', false) %}b{% else %}c{% endif %}`;

  it.each([
    ["1996", "a"],
    ["1997", "b"],
    ["2001", "c"],
  ])("if/elif/else with comparisons, in and not: OrdYear=%s → %s", (year, expected) => {
    expect(compile(branches, { vars: { OrdYear: year } }).sql).toBe(expected);
  });

  it("sets and prints variables, with string concatenation and arithmetic", () => {
    const r = compile(
      "{% set year = var('y', 1997) %}{% set label = 'Y' ~ year %}{{ label }} {{ year + 1 }} {{ year // 10 }} {{ -year % 7 }} {{ 'a' if year > 1996 else 'b' }}",
    );
    expect(r.sql).toBe("Y1997 1998 199 5 a");
  });

  it("loops with loop.last, block set, filters and lists", () => {
    const sql = `{% set cols = ['Q1', 'Q2'] %}{% for c in cols %}sum("{{ c | lower }}"){% if not loop.last %}, {% endif %}{% endfor %}{% set x %} Hi {% endset %}|{{ x | trim | upper }}|{{ cols | join('+') }}|{{ cols | length }}`;
    expect(compile(sql).sql).toBe(`sum("q1"), sum("q2")|HI|Q1+Q2|2`);
  });

  it("compares numbers and strings like Python and prints lists and None like Python", () => {
    expect(
      compile("{{ 1 == '1' }} {{ 1 == 1.0 }} {{ true == 1 }} {{ none }} {{ ['a', 1, none] }} {{ {'k': 'v'} }}").sql,
    ).toBe("False True True None ['a', 1, None] {'k': 'v'}");
  });

  it("supports is none / is defined tests", () => {
    expect(
      compile("{{ var('x') is none }} {{ y is defined }} {{ var('x') is not none }}", { vars: { x: null } }).sql,
    ).toBe("True False False");
  });

  it("drops comments and strips whitespace around -%} and {%-", () => {
    const sql =
      "select\n  {#- a comment with {{ braces }} -#}\n  1 as x\n  {%- if true %}\n  , 2 as y\n  {%- endif %}\nfrom t";
    expect(compile(sql).sql).toBe("select1 as x\n  , 2 as y\nfrom t");
  });

  it("leaves SQL braces and strings with }} alone", () => {
    expect(compile("select '{a}' as j, {{ \"'}}'\" }} as k, '{' || x from t").sql).toBe(
      "select '{a}' as j, '}}' as k, '{' || x from t",
    );
  });

  it("keeps {% raw %} blocks verbatim", () => {
    expect(compile("{% raw %}{{ not jinja }}{% endraw %} {{ 1 }}").sql).toBe("{{ not jinja }} 1");
  });

  it("calls project macros with positional, keyword and default arguments, and macros may ref", () => {
    const macros = parseMacros(`
      {% macro cents(col, scale=100) -%} round({{ col }} * {{ scale }}) {%- endmacro %}
      {% macro orders() %}{{ ref('stg_orders') }}{% endmacro %}
      {% macro pick(a) %}{{ return(a ~ '!') }}{% endmacro %}`);
    const r = compile(
      "select {{ cents('\"UnitPrice\"') }}, {{ cents('x', scale=1000) }}, '{{ pick('p') }}' from {{ orders() }}",
      { macros },
    );
    expect(r.sql).toBe(`select round("UnitPrice" * 100), round(x * 1000), 'p!' from "analytics"."stg_orders"`);
    expect(r.refs).toEqual(["stg_orders"]);
  });

  it("lets macros defined in the model call each other", () => {
    expect(compile("{% macro a() %}A{{ b() }}{% endmacro %}{% macro b() %}B{% endmacro %}{{ a() }}").sql).toBe("AB");
  });

  it("reads a generic test block as the macro test_<name>, as dbt defines it (so a project's macros/ parse)", () => {
    const macros = parseMacros(
      "{% test not_empty(model, column='x') %}select {{ column }} from {{ model }} where false{% endtest %}",
    );
    expect(Object.keys(macros)).toEqual(["test_not_empty"]);
    expect(compile("{{ test_not_empty(model='m') }}", { macros }).sql).toBe("select x from m where false");
    expect(() => parseMacros("{% test t(model) %}select 1")).toThrow(/never closed \(missing \{% endtest %\}\)/);
  });
});

describe("compileModel: errors name the problem and the line", () => {
  it.each([
    ["select 1\n{% for x in [1] %}", /{% for %} is never closed \(missing {% endfor %}\) \(line 2\)/],
    ["a\nb\n{% if true %}x", /{% if %} is never closed \(missing {% endif %}\) \(line 3\)/],
    ["x {% endif %}", /unexpected {% endif %} \(line 1\)/],
    ["{% if 1 %}{% else %}{% elif 2 %}{% endif %}", /unexpected {% elif %} after {% else %} \(line 1\)/],
    ["\n\n{% call foo() %}", /unknown tag {% call %} \(line 3\)/],
    ["select {{ 1 + }}", /unexpected end of expression \(line 1\)/],
    ["select {{ x\n from t", /unclosed {{: no matching }} \(line 1\)/],
    ["select {{ undefined_thing }}", /'undefined_thing' is undefined \(line 1\)/],
    ["{{ dbt_utils.star(ref('x')) }}", /'dbt_utils' is undefined/],
    ["{{ ref('a', 'b', 'c') }}", /ref\(\) takes a model name/],
    ["{{ config('table') }}", /config\(\) takes keyword arguments only/],
    ["{{ 1 | shout }}", /unknown filter 'shout'/],
    ["{% if x = 1 %}{% endif %}", /unexpected '='/],
  ])("%j", (sql, message) => {
    expect(() => compile(sql)).toThrow(message);
  });

  it("counts lines inside multi-line tags", () => {
    const e = errorOf(() => compile("select\n{{\n  var(\n 'missing')\n}}"));
    expect(e.line).toBe(3);
  });
});

describe("compileModel: speed", () => {
  it("compiles a 200-line model of vars and refs the same way each time, with each call's own vars", () => {
    // Speed is bench:engine's to measure; this proves repeated compiles share no state.
    const body = Array.from(
      { length: 200 },
      (_, i) => `  , {{ var('v${i % 5}', ${i}) }} as c${i} -- {{ ref('m${i % 7}') }}`,
    ).join("\n");
    const sql = `{{ config(materialized='table') }}\nselect 1\n${body}\n{% if is_incremental() %}where x > 1{% endif %}`;
    for (let i = 0; i < 1000; i++) {
      const compiled = compile(sql, { vars: { v0: i } }).sql;
      expect(compiled).toContain(`  , ${i} as c0 --`);
      expect(compiled).toContain(`  , 1 as c1 --`);
      expect(compiled).not.toContain("where x > 1");
    }
  });
});

describe("the render budget", () => {
  it("stops a template that loops too long or prints too much with a reason, instead of exhausting the process", () => {
    expect(() => compileModel("{% for i in range(300000000) %}x{% endfor %}")).toThrow(/range\(\) of more than/);
    expect(() =>
      compileModel("{% for i in range(2000000) %}{% for j in range(2000000) %}{% endfor %}{% endfor %}"),
    ).toThrow(/more than 2000000 steps/);
    expect(() => compileModel(`{% for i in range(1000000) %}${"x".repeat(100)}{% endfor %}`)).toThrow(
      /prints more than/,
    );
  });
});
