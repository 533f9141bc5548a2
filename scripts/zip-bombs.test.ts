import { spawn } from "node:child_process";
import { promises as fs, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildZip } from "~/agents/ingest/testing/zip-bomb";
import { startTestApi, type TestApi } from "~/server/testing";

/**
 * A 600 KB zip holding a 600 MB .sql file given to the command-line tools: the offline engine
 * (`npm run migrate`) refuses it as unusable input (exit 2), the API client (`npm run cli -- create`) shows the
 * server's refusal (exit 1); both name the file and the limit. The child's peak RSS (VmHWM, a high-water mark
 * read until it exits) stays far below the bomb's size.
 */
const MB = 1024 * 1024;
let dir: string;
let bomb: string;
let api: TestApi;
let user: Awaited<ReturnType<TestApi["user"]>>;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "zip-bombs-"));
  bomb = path.join(dir, "bomb.zip");
  await fs.writeFile(bomb, buildZip([{ name: "db/data.sql", pattern: " ", bytes: 600 * MB }]));
  api = await startTestApi();
  user = await api.user("cli-bomb");
}, 120_000);
afterAll(async () => {
  await api?.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

function run(script: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; output: string; peakRss: number }>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { env: { ...process.env, ...env } });
    let output = "";
    let peakRss = 0;
    const sample = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        if (hwm) peakRss = Math.max(peakRss, Number(hwm[1]) * 1024);
      } catch {
        // gone: the last reading stands
      }
    }, 20);
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(sample);
      resolve({ code, output, peakRss });
    });
  });
}

describe("zip bombs through the command line", () => {
  it("npm run migrate refuses a .sql zip bomb as unusable input (exit 2), naming the file and the limit", async () => {
    const result = await run("scripts/migrate.ts", [bomb, "--out", path.join(dir, "out")]);
    expect(result.output).toMatch(/bomb\.zip unpacks to more than .*at most 64 MB of \.sql files are accepted/);
    expect(result.code).toBe(2);
    expect(result.peakRss).toBeGreaterThan(0);
    expect(result.peakRss).toBeLessThan(600 * MB);
  }, 120_000);

  it("npm run cli -- create shows the server's refusal of a .sql zip bomb (exit 1)", async () => {
    const result = await run("scripts/cli.ts", ["create", "--name", "bomb", "--file", bomb], {
      DATAMIGRATE_URL: api.apiUrl,
      DATAMIGRATE_API_KEY: user.apiKey,
    });
    expect(result.output).toMatch(/bomb\.zip unpacks to more than .*at most 64 MB of \.sql files are accepted/);
    expect(result.code).toBe(1);
  }, 120_000);
});
