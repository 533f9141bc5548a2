import { describe, expect, it } from "vitest";
import { findSqlfluff } from "./cli";
import { lintProject, SQLFLUFF_CONFIG, sqlfluffConfig } from "./sqlfluff";

// sqlfluff comes with dbt (npm run setup:dbt); CI has it.
const sqlfluff = findSqlfluff();
if (!sqlfluff && process.env.CI)
  throw new Error("sqlfluff is not installed: run `npm run setup:dbt`, or set SQLFLUFF_BIN");

describe.skipIf(!sqlfluff)("lintProject with real sqlfluff", () => {
  // Every line in style: only its size (over sqlfluff's 20,000-byte default limit) could keep it from being linted.
  const columns = Array.from({ length: 1200 }, (_, i) => `    ${i} as column_${i}`);
  const big = `select\n${columns.join(",\n")}\n`;
  const lintBig = async (config: string) => {
    expect(big.length).toBeGreaterThan(20_000);
    const lint = await lintProject(
      { [SQLFLUFF_CONFIG]: config, "models/big.sql": big, "models/small.sql": "select 1 as one\n" },
      { timeoutMs: 120_000 },
    );
    if (!lint || "error" in lint) throw new Error(lint?.error ?? "sqlfluff vanished");
    return lint;
  };

  it("lints a model past sqlfluff's 20 KB default under the project's .sqlfluff", async () => {
    const lint = await lintBig(sqlfluffConfig({ macros: false }));
    expect(lint).toEqual({ findings: [], files: 2 });
  }, 180_000);

  it("reports a model sqlfluff skips for its size as a finding, not as a clean file", async () => {
    const withLimit = sqlfluffConfig({ macros: false }).replace(
      /^large_file_skip_byte_limit = 0$/m,
      "large_file_skip_byte_limit = 20000",
    );
    expect(withLimit).toContain("large_file_skip_byte_limit = 20000");
    const lint = await lintBig(withLimit);
    expect(lint.findings).toEqual([
      {
        file: "models/big.sql",
        line: 0,
        code: "SKIP",
        message: `Not linted: ${big.length} bytes, over sqlfluff's large_file_skip_byte_limit of 20000 bytes`,
      },
    ]);
  }, 180_000);
});
