import { describe, expect, it } from "vitest";
import { findSqlfluff } from "./cli";
import { lintProject, SQLFLUFF_CONFIG, sqlfluffConfig } from "./sqlfluff";

// sqlfluff comes with dbt (npm run setup:dbt); CI has it.
const sqlfluff = findSqlfluff();
if (!sqlfluff && process.env.CI)
  throw new Error("sqlfluff is not installed: run `npm run setup:dbt`, or set SQLFLUFF_BIN");

describe.skipIf(!sqlfluff)("lintProject with real sqlfluff", () => {
  it("reports a model sqlfluff skips for its size as a finding, not as a clean file", async () => {
    // Every line in style: only the size (over sqlfluff's 20,000-byte default) keeps it from being linted.
    const columns = Array.from({ length: 1200 }, (_, i) => `    ${i} as column_${i}`);
    const big = `select\n${columns.join(",\n")}\n`;
    expect(big.length).toBeGreaterThan(20_000);
    const lint = await lintProject(
      {
        [SQLFLUFF_CONFIG]: sqlfluffConfig({ macros: false }),
        "models/big.sql": big,
        "models/small.sql": "select 1 as one\n",
      },
      { timeoutMs: 120_000 },
    );
    if (!lint || "error" in lint) throw new Error(lint?.error ?? "sqlfluff vanished");
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
