import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { createDatabase } from "~/db/client";
import { findFreePort, isPortFree } from "~/db/embedded";
import { APP_ROLE, withCredentials } from "~/db/roles";
import { jobs } from "~/db/schema";
import { createOwner, createSampleMigration, waitFor, waitForMigration } from "~/agents/worker/testing/migrations";
import { restartDelayMs } from "./supervise";

/**
 * `npm start` as a user runs it (scripts/start.ts: embedded PostgreSQL, the production web server, the worker), in a
 * DATA_DIR of its own: a child killed with SIGKILL is restarted and works again, and Ctrl-C still stops everything.
 */
const REPO = path.resolve(import.meta.dirname, "..");
let dataDir: string;
let start: ChildProcess;
let output = "";
let pgPort: number;
let webPort: number;

const secret = (name: string) => fs.readFileSync(path.join(dataDir, name), "utf8").trim();
const appUrl = () =>
  withCredentials(`postgres://localhost:${pgPort}/datamigrate`, APP_ROLE, secret("postgres-app-password"));
const adminUrl = () =>
  withCredentials(`postgres://localhost:${pgPort}/datamigrate`, "postgres", secret("postgres-password"));

function pidsOf(name: string): number[] {
  return [...output.matchAll(new RegExp(`\\[start\\] ${name} started \\(pid (\\d+)\\)`, "g"))].map((m) => Number(m[1]));
}
const waitForOutput = (what: string, pattern: RegExp, timeoutMs = 120_000) =>
  waitFor(what, async () => (pattern.test(output) ? true : undefined), timeoutMs, 100);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "datamigrate-start-test-"));
  fs.chmodSync(dataDir, 0o755); // the cluster in it runs as the `postgres` OS user
  pgPort = await findFreePort();
  webPort = await findFreePort();
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    HOST: "localhost",
    PORT: String(webPort),
    WORKER_POLL_INTERVAL_MS: "500",
    ANTHROPIC_API_KEY: "",
  };
  delete env.DATABASE_URL;
  delete env.SANDBOX_DATABASE_URL;
  delete env.AUTH_SECRET;
  delete env.NODE_ENV;
  start = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: REPO,
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  start.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  start.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitForOutput("npm start to be up", /DataMigrate AI is running at/, 240_000);
}, 300_000);

afterAll(async () => {
  if (start.exitCode === null && start.signalCode === null) {
    start.kill("SIGTERM");
    await new Promise((resolve) => start.once("exit", resolve));
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe("npm start runs with least privilege", () => {
  it("keeps generated PostgreSQL passwords and the auth secret in DATA_DIR, readable by their owner only", () => {
    for (const name of ["postgres-password", "postgres-app-password", "auth-secret"]) {
      expect((fs.statSync(path.join(dataDir, name)).mode & 0o777).toString(8)).toBe("600");
      expect(secret(name).length).toBeGreaterThanOrEqual(32);
    }
  });

  it("refuses a connection without the generated password", async () => {
    for (const password of ["", "postgres"]) {
      const sql = postgres(withCredentials(`postgres://localhost:${pgPort}/postgres`, "postgres", password), {
        max: 1,
        onnotice: () => {},
      });
      await expect(sql`select 1`).rejects.toThrow(/password/);
      await sql.end();
    }
  });

  it("connects the web server and the worker as the app role, not as the superuser", async () => {
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
    try {
      const users = await admin<{ usename: string }[]>`
        select distinct usename from pg_stat_activity where datname = 'datamigrate' and pid <> pg_backend_pid() and backend_type = 'client backend'`;
      expect(users.map((u) => u.usename)).toEqual([APP_ROLE]);
    } finally {
      await admin.end();
    }
  });
});

describe("npm start supervises its children", () => {
  it("restarts a SIGKILLed worker, which then claims and runs jobs", async () => {
    const [first] = pidsOf("worker");
    process.kill(first!, "SIGKILL");
    await waitForOutput(
      "the worker's death to be logged",
      new RegExp(`worker \\(pid ${first}\\) killed by SIGKILL after .*\\n.*restarting worker in`),
    );
    await waitFor("a new worker process", async () => (pidsOf("worker").length === 2 ? true : undefined), 60_000, 100);
    expect(pidsOf("worker")[1]).not.toBe(first);

    const { db, close } = createDatabase(appUrl(), { max: 2 });
    try {
      const owner = await createOwner(db);
      const migration = await createSampleMigration(db, owner, "after the restart");
      const job = await waitFor(
        "the restarted worker to claim the job",
        async () => {
          const [row] = await db.select().from(jobs).where(eq(jobs.migrationId, migration.id));
          return row && row.status !== "queued" ? row : undefined;
        },
        60_000,
        100,
      );
      expect(job.lockedBy ?? "").toMatch(/:start-\d+:worker$/);
      expect(job.attempts).toBe(1);
      // And runs it to the end: as the app role, with its sandboxes made over the admin connection it alone has.
      expect((await waitForMigration(db, migration.id, 150_000)).status).toBe("succeeded");
    } finally {
      await close();
    }
  }, 300_000);

  it("restarts a SIGKILLed web server, and /api/health answers again", async () => {
    const [first] = pidsOf("web");
    process.kill(first!, "SIGKILL");
    await waitForOutput("the web server's death to be logged", new RegExp(`web \\(pid ${first}\\) killed by SIGKILL`));
    const health = await waitFor(
      "/api/health to answer again",
      async () => {
        try {
          const response = await fetch(`http://localhost:${webPort}/api/health`);
          return response.ok ? await response.json() : undefined;
        } catch {
          return undefined; // not listening yet
        }
      },
      120_000,
      200,
    );
    expect(health).toEqual({ ok: true });
    expect(pidsOf("web")).toHaveLength(2);
  }, 180_000);

  it("stops everything on Ctrl-C, children first and PostgreSQL last, without restarting anyone", async () => {
    const exited = new Promise<number | null>((resolve) => start.once("exit", (code) => resolve(code)));
    start.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(output).toMatch(/\[start\] stopping…[\s\S]*\[start\] stopped/);
    expect(output.slice(output.indexOf("[start] stopping…"))).not.toMatch(/restarting/);
    expect(await isPortFree(pgPort)).toBe(true);
    expect(await isPortFree(webPort)).toBe(true);
  }, 120_000);
});

describe("restart backoff", () => {
  it("doubles per crash in a row up to the cap", () => {
    const backoff = { baseMs: 1000, capMs: 30_000, healthyMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => restartDelayMs(n, backoff))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
  });
});
