import { expect } from "vitest";
import { collationSetupSql } from "~/agents/dialect/collation";
import { ingest } from "~/agents/ingest";
import { translateAll } from "../translate";
import { shopDatabaseForThisFile } from "./database";
import { shopDdl } from "./harness";
import { renderJinja } from "./northwind";

/**
 * A test file's T-SQL script, ingested and translated, with a database of its own holding the script's tables:
 * look a translation up by object name, find a marker's line, and run a model there (its config() left out).
 */
export function translatedScriptForThisFile(script: string, file: string) {
  const catalog = ingest({ kind: "script", file, bytes: new TextEncoder().encode(script) });
  const { results } = translateAll(catalog);
  const db = shopDatabaseForThisFile(() => shopDdl(catalog));
  const byName = (name: string) => results.find((r) => r.key === `dbo.${name.toLowerCase()}`)!;
  return {
    catalog,
    db,
    byName,
    /** The script line holding `marker`. */
    lineOf: (marker: string) => script.split("\n").findIndex((l) => l.includes(marker)) + 1,
    /** The object's model run with `vars`; it must have translated without issues. */
    async run(name: string, vars: Record<string, string> = {}) {
      const t = byName(name);
      expect(t.issues, t.sql).toEqual([]);
      // The collations the model names, created as the sandbox creates them before building models.
      for (const create of collationSetupSql([t.sql])) await db.sql.unsafe(create);
      return [...(await db.sql.unsafe(renderJinja(t.sql.replace(/\{\{ config\([^}]*\) \}\}/, ""), vars)))];
    },
  };
}

/** Rows as arrays of their values, in a stable order (for results whose order SQL leaves open). */
export const sortedValues = (rows: Record<string, unknown>[]) =>
  rows.map((r) => Object.values(r)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
