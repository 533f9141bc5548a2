import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { findFreePort, startEmbeddedPostgres } from "~/db/embedded";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the test server's maintenance database, for CREATE DATABASE per test file. */
    pgAdminUrl: string;
  }
}

/** Starts a throwaway PostgreSQL for the whole test run, unless TEST_PG_ADMIN_URL names an existing server. */
export default async function setup(project: TestProject) {
  if (process.env.TEST_PG_ADMIN_URL) {
    project.provide("pgAdminUrl", process.env.TEST_PG_ADMIN_URL);
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "datamigrate-test-pg-"));
  fs.chmodSync(dataDir, 0o755); // the cluster runs as the `postgres` OS user
  const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "cluster"), port: await findFreePort() });
  project.provide("pgAdminUrl", server.adminUrl);
  return async () => {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
