import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { compileModel } from "~/agents/dbt";
import { runPipeline } from "~/agents/graph/pipeline";
import { HOSTILE_SCRIPT, writeHostileExpected } from "./hostile";
import { significant, tokenize } from "~/agents/tsql/lexer";
import { inJinja, jinjaString, sqlIdentifier, sqlString, tsqlString } from ".";

/** User text is data in every layer: generated SQL is a Jinja template, and nothing in the input may act in it. */

describe("escaping for the contexts generated text lands in", () => {
  const hostile = [
    "{{ 7*7 }}",
    "{% endraw %}",
    "{# c #}",
    "%}",
    "a'b",
    "back\\slash",
    'q"',
    "line\nbreak",
    "ÿ€😀",
    "*/ --",
  ];

  it("prints any text back exactly from a Jinja string literal, in our compiler", () => {
    for (const text of hostile) expect(compileModel(`{{ ${jinjaString(text)} }}`).sql).toBe(text);
  });

  it("reads any text back exactly from a T-SQL Unicode string literal, as one string token of our T-SQL lexer", () => {
    // A quote inside a string is written twice; there is no other escape (docs/t-sql/data-types/
    // constants-transact-sql.md, "Character string constants").
    for (const text of [...hostile, "it''s", "]", "'"]) {
      const tokens = significant(tokenize(`select ${tsqlString(text)}`));
      expect(
        tokens.slice(1).map((t) => [t.type, t.text, t.unicode]),
        text,
      ).toEqual([["string", text, true]]);
    }
  });

  it("leaves SQL without Jinja openers as it is, and makes SQL with them render to itself", () => {
    expect(inJinja(sqlString("plain 'text'"))).toBe("'plain ''text'''");
    for (const text of hostile) {
      expect(compileModel(inJinja(sqlString(text))).sql, text).toBe(sqlString(text));
      expect(compileModel(inJinja(sqlIdentifier(text))).sql, text).toBe(sqlIdentifier(text));
    }
  });

  it("migrates a script full of Jinja delimiters, quotes and comment markers, returning every value as inert text", async () => {
    const expected = fs.mkdtempSync(path.join(os.tmpdir(), "dm-hostile-"));
    writeHostileExpected(expected);
    const result = await runPipeline(
      { kind: "script", file: "hostile.sql", bytes: new TextEncoder().encode(HOSTILE_SCRIPT) },
      { adminUrl: inject("pgAdminUrl"), expectedDir: expected },
    );
    fs.rmSync(expected, { recursive: true, force: true });
    // The view returns SQL Server's values, compared cell by cell: the text came through every layer unchanged.
    const view = result.report.objects.find((o) => o.kind === "view")!;
    expect([view.status, view.reason]).toEqual(["validated", null]);
    // Nothing the input holds was evaluated: no 49 anywhere, no rendered comment or env var.
    for (const [file, text] of Object.entries(result.files)) {
      // dbt renders models and tests as Jinja (source_schema/*.sql is plain SQL for psql, macros are called).
      if (!file.endsWith(".sql") || !/^(models|tests)\//.test(file)) continue;
      if (text.includes("enabled=false")) continue;
      expect(compileModel(text, { vars: {} }).sql, file).not.toMatch(/\b49\b|\/root|\/home/);
    }
    expect(result.state.runs.filter((r) => r.outcome !== "ok")).toEqual([]);
  }, 120_000);
});
