import { describe, expect, it } from "vitest";
import { locateInTranslation } from "./locate";
import { tokenize } from "./tokens";

const at = (sql: string, snippet: string, nth = 0) => {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = sql.indexOf(snippet, offset + 1);
  return offset;
};

describe("locating an error of the compiled SQL in the model's Jinja SQL", () => {
  const model = `{{ config(materialized='table') }}\nselect a + b from {{ ref('x') }}\n{% if var('full', false) %}where c = 1{% else %}where c + d > 2{% endif %}`;
  const compiled = `\nselect a + b from "analytics"."x"\nwhere c + d > 2`;

  it("finds the same token across replaced and dropped Jinja", () => {
    const first = locateInTranslation(model, compiled, at(compiled, "+"));
    expect(first.tokens[first.index!]!.start).toBe(at(model, "+"));
    const second = locateInTranslation(model, compiled, at(compiled, "+", 1));
    expect(second.tokens[second.index!]!.start).toBe(at(model, "+", 1));
  });

  it("gives no position for a token that came out of Jinja", () => {
    expect(locateInTranslation(model, compiled, at(compiled, `"x"`)).index).toBeUndefined();
  });

  it("uses the offset as it is when the SQL has no Jinja", () => {
    const sql = "select x + y";
    const located = locateInTranslation(sql, sql, 9);
    expect(located.tokens[located.index!]!.raw).toBe("+");
  });
});

describe("tokenizing dbt SQL", () => {
  it("keeps Jinja, strings, quoted names and comments whole", () => {
    const tokens = tokenize(`select 'it''s', "a""b", x::int -- note\nfrom {{ ref('m') }} /* c */`).filter(
      (t) => t.type !== "space",
    );
    expect(tokens.map((t) => [t.type, t.value])).toEqual([
      ["word", "select"],
      ["string", "it's"],
      ["punct", ","],
      ["quoted", 'a"b'],
      ["punct", ","],
      ["word", "x"],
      ["operator", "::"],
      ["word", "int"],
      ["comment", "-- note"],
      ["word", "from"],
      ["jinja", "{{ ref('m') }}"],
      ["comment", "/* c */"],
    ]);
  });
});
