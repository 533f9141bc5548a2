import { describe, expect, it, vi } from "vitest";
import { ingest } from "~/agents/ingest";
import type * as Translate from "~/agents/translate/translate";
import { assessmentStep, executorStep, type LlmHook, plannerStep } from "./steps";

// The rule translator, except that it crashes on one view (as an unforeseen bug in it would). Mocked where it is
// defined, so that every module calling it (the package's index, the plan's resolver) gets the crashing one.
vi.mock("~/agents/translate/translate", async (importOriginal) => {
  const actual = await importOriginal<typeof Translate>();
  return {
    ...actual,
    translateObject: (object: { name: string }, context: Parameters<typeof actual.translateObject>[1]) => {
      if (object.name === "Crashes") throw new TypeError("Cannot read properties of undefined (reading 'kind')");
      return actual.translateObject(object as Parameters<typeof actual.translateObject>[0], context);
    },
  };
});

const SCRIPT = `CREATE TABLE T (Id int NOT NULL PRIMARY KEY, Name nvarchar(20) NULL)
GO
CREATE VIEW Crashes AS SELECT Id FROM T
GO
CREATE VIEW Fine AS SELECT Id, Name FROM T
GO
CREATE VIEW Flagged AS SELECT Id, CHECKSUM(Name) AS S FROM T
GO
`;

function stepsUpToPlan() {
  const catalog = ingest({ kind: "script", file: "x.sql", bytes: new TextEncoder().encode(SCRIPT) });
  const { assessment } = assessmentStep({ catalog });
  const { plan } = plannerStep({ catalog, assessment });
  return { catalog, plan };
}

describe("executorStep", () => {
  it("turns a translator crash on one object into that object's needs_review and translates the others", async () => {
    const { translations } = await executorStep(stepsUpToPlan());
    const byModel = Object.fromEntries(translations.map((t) => [t.model, t]));
    expect(byModel.crashes).toMatchObject({
      status: "needs_review",
      sql: "",
      issues: [
        {
          construct: "translator error",
          line: 3,
          message: "the translator failed: Cannot read properties of undefined (reading 'kind')",
        },
      ],
    });
    expect(byModel.fine).toMatchObject({ status: "translated", by: "rules" });
    expect(byModel.flagged).toMatchObject({ status: "needs_review", issues: [{ construct: "CHECKSUM" }] });
  });

  it("offers only the objects the rules flagged to the LLM hook, and keeps what it answers", async () => {
    const asked: string[] = [];
    const llm: LlmHook = async (object, context) => {
      asked.push(`${object.model}: ${context.issues.map((i) => i.construct).join(", ")}`);
      expect(context.refs).toEqual([{ model: "stg_x__t", key: "dbo.t" }]);
      return object.model === "flagged"
        ? {
            key: "ignored",
            model: "ignored",
            sql: "select 1 as x",
            status: "translated",
            issues: [],
            constructs: [],
            by: "rules",
          }
        : null;
    };
    const { translations } = await executorStep(stepsUpToPlan(), { llm });
    expect(asked.sort()).toEqual(["crashes: translator error", "flagged: CHECKSUM"]);
    expect(translations.find((t) => t.model === "flagged")).toMatchObject({
      key: "dbo.flagged",
      model: "flagged",
      sql: "select 1 as x",
      by: "llm",
      status: "translated",
    });
    expect(translations.find((t) => t.model === "crashes")).toMatchObject({ status: "needs_review", by: "rules" });
  });
});
