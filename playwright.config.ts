import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests against the production build, started exactly as a user starts it (`npm start`), on a
 * throwaway embedded PostgreSQL and ports of their own so a developer's running instance is untouched.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
const PG_PORT = Number(process.env.E2E_PG_PORT ?? 5480);
export const baseURL = `http://localhost:${PORT}`;

function e2eDataDir() {
  const dir = path.join(os.tmpdir(), `datamigrate-e2e-${process.env.E2E_RUN_ID ?? process.pid}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  fs.chmodSync(dir, 0o755); // the embedded cluster runs as the `postgres` OS user
  return dir;
}

// Workers re-read this file: only the main process (which starts the server) creates the data folder.
process.env.E2E_RUN_ID ??= String(process.pid);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    // Build every time: testing a stale build would prove nothing about the code under test.
    command: "npm run build && node --import tsx scripts/start.ts",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGINT", timeout: 20_000 },
    env: {
      PORT: String(PORT),
      EMBEDDED_PG_PORT: String(PG_PORT),
      DATA_DIR: e2eDataDir(),
      AUTH_URL: baseURL,
      DATABASE_URL: "",
      // Every spec signs up, signs in and creates migrations from one address, faster than any person would:
      // roomy limits, set explicitly (server/rate-limit/policies.ts); the limits' own tests run in vitest.
      RATE_LIMIT_SIGN_IN: "1000/60",
      RATE_LIMIT_SIGN_UP: "1000/60",
      RATE_LIMIT_API_KEYS: "1000/60",
      RATE_LIMIT_MIGRATIONS: "1000/60",
      RATE_LIMIT_PREVIEWS: "1000/60",
      RATE_LIMIT_UPLOADS: "1000/60",
      // The webhook spec's receiver listens on this machine (loopback), which production refuses by default.
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: "1",
    },
  },
});
