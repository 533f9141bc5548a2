import { describe, expect, it } from "vitest";
import { compileModel } from "~/agents/dbt";
import { inJinja, MAX_MODEL_EDIT_BYTES, modelEditProblem, sqlString } from ".";

/** Model SQL an owner types in the object view: theirs to write, but only the Jinja a translated model uses. */
describe("model SQL edited by its owner", () => {
  it("accepts what translated models use: ref, source, var, config of how it is built, conditions, comments", () => {
    const ok = [
      "select a.id from {{ ref('stg_orders') }} as a where a.total > {{ var('min_total', 0) }}",
      "{{ config(materialized='table', tags=['finance']) }}\nselect * from {{ source('app', 'orders') }}",
      "select 1 as x\n{% if is_incremental() %} where id > (select max(id) from {{ this }}) {% endif %}",
      "{# the owner's note #} select 1 as x",
      // Text that only looks like a call inside a Jinja string literal is printed, not called.
      `select ${inJinja(sqlString("{{ count(*) }}"))} as label`,
    ];
    for (const text of ok) expect(modelEditProblem(text), text).toBeNull();
  });

  it("refuses Jinja that reaches past the model: the environment, queries, macros, hooks, context objects", () => {
    const refused: [string, RegExp][] = [
      ["select '{{ env_var(\"DATABASE_URL\") }}' as x", /env_var\(\) is not allowed/],
      ["{% do run_query('drop table x') %} select 1", /\{% do %\} is not allowed/],
      ["{{ run_query('select 1') }}", /run_query\(\) is not allowed/],
      ["{% macro m() %}{% endmacro %} select 1", /\{% macro %\} is not allowed/],
      ["{{ config(pre_hook='drop table x') }} select 1", /config\(pre_hook=…\) is not allowed/],
      ["{{ config(sql_header='set role postgres') }} select 1", /sql_header/],
      ["select {{ adapter.quote('x') }}", /adapter\.quote\(\) is not allowed/],
      ["select {{ modules.os }}", /beyond the model/],
      ["select 1\n{% call statement('x') %}drop table t{% endcall %}", /Line 2: the Jinja statement \{% call %\}/],
    ];
    for (const [text, why] of refused) expect(modelEditProblem(text), text).toMatch(why);
  });

  it("refuses empty text, a NUL character and more than the size limit", () => {
    expect(modelEditProblem("   \n")).toMatch(/empty/);
    expect(modelEditProblem("select 1\0")).toMatch(/NUL/);
    expect(modelEditProblem(`select 1 -- ${"x".repeat(MAX_MODEL_EDIT_BYTES)}`)).toMatch(/larger than 256 KB/);
  });

  it("what it accepts compiles with the project's Jinja", () => {
    const text = "{{ config(materialized='view') }} select id from {{ ref('stg_orders') }}";
    expect(modelEditProblem(text)).toBeNull();
    expect(
      compileModel(text, { ref: (name: string) => `"dbt"."${name}"`, source: () => "", vars: {}, macros: {} } as never)
        .sql,
    ).toContain('"dbt"."stg_orders"');
  });
});
