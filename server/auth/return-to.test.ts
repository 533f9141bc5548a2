import { describe, expect, it } from "vitest";
import { safeReturnPath, signInPathFor } from "./return-to";

describe("returning to the page asked for after sign-in", () => {
  it("keeps a path of this app, with its query", () => {
    expect(safeReturnPath("/migrations/0b5c?tab=objects&object=dbo.x")).toBe(
      "/migrations/0b5c?tab=objects&object=dbo.x",
    );
    expect(safeReturnPath("/api-keys")).toBe("/api-keys");
  });

  it("refuses anything a browser could take to another host, and falls back to the migrations list", () => {
    for (const hostile of [
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "evil",
      "/a\nb",
      "/a\u0000",
      "",
      null,
      undefined,
      `/${"a".repeat(3000)}`,
    ]) {
      expect(safeReturnPath(hostile)).toBe("/migrations");
    }
  });

  it("never returns to the sign-in page itself or to the API", () => {
    expect(safeReturnPath("/sign-in?next=/x")).toBe("/migrations");
    expect(safeReturnPath("/api/migrations/1/report.json")).toBe("/migrations");
  });

  it("builds the sign-in address that comes back, leaving out Next's flight marker", () => {
    expect(signInPathFor("/migrations/42?tab=lineage&_rsc=abc")).toBe(
      `/sign-in?next=${encodeURIComponent("/migrations/42?tab=lineage")}`,
    );
    expect(signInPathFor("/migrations")).toBe("/sign-in");
    expect(signInPathFor(null)).toBe("/sign-in");
    expect(signInPathFor("//evil.example/x")).toBe("/sign-in");
  });
});
