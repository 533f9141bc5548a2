import { describe, expect, it } from "vitest";
import { constructRule } from "~/agents/assess";
import { rewriteBuiltinCall } from "../call-text";
import { translate } from "../testing/harness";
import { FUNCTIONS, lookupFunction } from ".";

/** The function registry is the one place a built-in function lives: the executor, assessment and rebuilder read it. */

describe("the T-SQL function registry", () => {
  it("turns a wrong argument count into a review item naming the function, its arity and the line", () => {
    const r = translate("select 1 as a,\n  LEN('x', 'y') as b, DATEADD(day, 1) as c");
    expect(r.status).toBe("needs_review");
    expect(r.issues).toEqual(
      expect.arrayContaining([
        { construct: "LEN", line: 2, message: "LEN takes 1 argument, not 2" },
        { construct: "DATEADD", line: 2, message: "DATEADD takes 3 arguments, not 2" },
      ]),
    );
  });

  it("flags a function it does not know instead of guessing", () => {
    const r = translate("select NOSUCHFN(1) as a");
    expect(r.status).toBe("needs_review");
    expect(r.issues[0]).toMatchObject({
      construct: "NOSUCHFN",
      message: "Function NOSUCHFN is not translated",
    });
  });

  it("gives the assessment a score for every construct an entry names", () => {
    for (const def of new Set(FUNCTIONS.values())) {
      if (def.construct) expect(constructRule(def.construct), def.name).toBeDefined();
    }
  });

  it("finds names and aliases case-insensitively, each registered once", () => {
    expect(lookupFunction("DATEDIFF_BIG")?.name).toBe("datediff");
    expect(lookupFunction("CountBig")).toBeUndefined();
    expect(lookupFunction("count_big")?.name).toBe("count");
  });

  it("rewrites a call left in PostgreSQL text with the executor's own translation, and declines what needs types", () => {
    expect(rewriteBuiltinCall("isnull", ['"Region"', "'n/a'"])).toBe(`coalesce("Region", 'n/a')`);
    expect(rewriteBuiltinCall("len", ['"Name"'])).toBe(`length(rtrim(("Name")::text))`);
    expect(rewriteBuiltinCall("datepart", ["dw", '"OrderDate"'])).toBe(`(extract(dow from "OrderDate")::integer + 1)`);
    expect(rewriteBuiltinCall("datepart", ['"notapart"', '"OrderDate"'])).toBeUndefined();
    expect(rewriteBuiltinCall("len", ["a", "b"])).toBeUndefined();
    expect(rewriteBuiltinCall("nosuchfn", ["1"])).toBeUndefined();
  });
});
