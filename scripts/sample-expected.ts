/**
 * Rewrites the built-in sample's expected results (agents/sample/expected) with the oracle in
 * agents/sample/generate-expected.ts, on a throwaway embedded PostgreSQL in a temp folder on a free port.
 *
 *   npx tsx scripts/sample-expected.ts [--out <dir>]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defaultOutDir, generateExpected } from "~/agents/sample/generate-expected";
import { findFreePort, startEmbeddedPostgres } from "~/db/embedded";

async function main() {
  const outFlag = process.argv.indexOf("--out");
  const outDir = outFlag > 0 && process.argv[outFlag + 1] ? path.resolve(process.argv[outFlag + 1]!) : defaultOutDir;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "datamigrate-sample-oracle-"));
  fs.chmodSync(tmp, 0o755); // as root, the cluster runs as the `postgres` OS user
  const server = await startEmbeddedPostgres({
    dataDir: path.join(tmp, "cluster"),
    port: await findFreePort(),
    database: "sample_oracle",
  });
  try {
    const manifest = await generateExpected({ url: server.url, outDir });
    console.log(
      `wrote ${manifest.objects.length} results and manifest.json to ${path.relative(process.cwd(), outDir) || "."}`,
    );
  } finally {
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
