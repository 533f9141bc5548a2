import { describe, expect, it } from "vitest";
import { ArtifactError, parseArtifact } from "./artifacts";

describe("reading stored artifacts", () => {
  it("reads runs stored before they had an outcome: ok from `ok`, a skip or a build never reached from its error's prefix", () => {
    const stored = [
      { model: "a", ok: true, rows: 3, tests: [] },
      { model: "b", ok: false, error: "division by zero (SQLSTATE 22012)", tests: [] },
      { model: "c", ok: false, error: "skipped: upstream model b failed", tests: [] },
      { model: "d", ok: false, error: "not built: the model is disabled (not translated)", tests: [] },
    ];
    expect(parseArtifact("m1", "runs", stored).map((r) => [r.model, r.outcome, r.error])).toEqual([
      ["a", "ok", undefined],
      ["b", "failed", "division by zero (SQLSTATE 22012)"],
      ["c", "skipped", "upstream model b failed"],
      ["d", "not_built", "the model is disabled (not translated)"],
    ]);
  });

  it("reads runs with an outcome as they are", () => {
    const runs = [{ model: "a", outcome: "skipped", error: "upstream model b failed", tests: [] }];
    expect(parseArtifact("m1", "runs", runs)).toEqual(runs);
  });

  it("refuses an artifact that does not read as its kind, naming the migration, the kind and the field", () => {
    const read = () =>
      parseArtifact("2f1c", "runs", [
        { model: "a", outcome: "ok", tests: [] },
        { model: "b", outcome: "exploded", tests: [] },
      ]);
    expect(read).toThrow(ArtifactError);
    expect(read).toThrow(/^migration 2f1c: its runs artifact cannot be read: .*at \[1\]\.outcome/s);
    // A run that is neither old nor new (no `ok`, no `outcome`) is not guessed at.
    expect(() => parseArtifact("2f1c", "runs", [{ model: "a", tests: [] }])).toThrow(/at \[0\]\.outcome/);
    expect(() => parseArtifact("2f1c", "report", { database: "shop" })).toThrow(
      /its report artifact cannot be read: .*generatedAt/s,
    );
  });
});
