import { spawn } from "node:child_process";
import type { TestApi } from "~/server/testing";

/**
 * Runs the CLI (scripts/cli.ts) as a user would, against a test API server with a user's API key; resolves with its
 * exit code and output once it exits.
 */
export function runCli(
  api: Pick<TestApi, "apiUrl">,
  apiKey: string,
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], {
      env: { ...process.env, DATAMIGRATE_URL: api.apiUrl, DATAMIGRATE_API_KEY: apiKey },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
