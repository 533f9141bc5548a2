import { z } from "zod";

/**
 * Every setting the product reads, validated once. Defaults are documented in .env.example.
 * DATABASE_URL and AUTH_SECRET may be absent here: `npm start` fills them in (embedded PostgreSQL,
 * a secret persisted under DATA_DIR) before it starts the web server and the worker.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "DATABASE_URL must be a postgres:// URL" }).optional(),
  /** Superuser connection where validation sandboxes are created (a database + role per run). Default: DATABASE_URL. */
  SANDBOX_DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "SANDBOX_DATABASE_URL must be a postgres:// URL" })
    .optional(),
  DATA_DIR: z.string().default(".data"),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(5433),
  HOST: z.string().default("localhost"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /**
   * How many proxies in front of the web server append to X-Forwarded-For. 0: the header is ignored and the TCP
   * peer is the client (server/rate-limit/client-address.ts).
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  WORKER_POLL_INTERVAL_MS: z.coerce.number().int().min(100).default(2000),
  WORKER_LEASE_MS: z.coerce.number().int().min(1000).default(30000),
  /** Most migrations one user may have running while other users' wait (all workers together). */
  WORKER_PER_USER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** Set by `npm start` for the worker it supervises: kept across restarts, so a restart frees its dead jobs. */
  WORKER_ID: z.string().min(1).optional(),
  /** Most migrations one user may have queued or running; more are refused at creation. */
  QUOTA_MAX_ACTIVE_MIGRATIONS: z.coerce.number().int().min(1).default(100),
  /** Most bytes one user may store, uploads and outputs together (in MB); a creation past it is refused. */
  QUOTA_MAX_STORED_MB: z.coerce.number().min(1).default(500),
  /** LLM calls one migration step makes at once (LLM latency dominates a migration that needs Claude). */
  WORKER_LLM_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** How often a running migration looks for a cancel (it stops the step it is in, running statement included). */
  WORKER_CANCEL_POLL_MS: z.coerce.number().int().min(100).default(1000),
  /**
   * How the worker's Tester and Evaluator build the models: `off` with the built-in dbt compiler; `auto` with real
   * `dbt build` when dbt is installed (DBT_BIN, or the project's .venv-dbt from `npm run setup:dbt`), else built-in;
   * `on` with real dbt, and the worker refuses to start without it.
   */
  TESTER_DBT: z.enum(["off", "auto", "on"]).default("off"),
  /** Longest one sandbox statement (a model's build, a test, a comparison) may run; past it, that object fails. */
  SANDBOX_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /** Longest one step of a migration may run; past it, the migration fails naming the step and its object. */
  MIGRATION_STEP_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(15 * 60_000),
  /** Longest one attempt of a migration may run, all steps together; past it, the migration fails. */
  MIGRATION_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(60 * 60_000),
  /**
   * `1`: webhooks may call loopback and private-network addresses (a receiver on this machine or the LAN). Off by
   * default, so a user's webhook cannot be pointed at the server's own network (agents/worker/webhooks.ts).
   */
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: z
    .enum(["0", "1"])
    .default("0")
    .transform((v) => v === "1"),
  ANTHROPIC_API_KEY: z.string().optional(),
  ANTHROPIC_BASE_URL: z.url().optional(),
  ANTHROPIC_MODEL: z.string().default("claude-sonnet-4-6"),
  /** Most a single migration may spend on Claude; further calls are refused and recorded as budget_exceeded. */
  LLM_BUDGET_USD: z.coerce.number().min(0).default(5),
});

export type Env = z.infer<typeof schema>;

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // `KEY=` in a .env file or a shell means "not set", not "set to nothing".
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = schema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return result.data;
}

export const env = parseEnv();

export function requireDatabaseUrl(): string {
  if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set (run the app with `npm start`, which provides one)");
  return env.DATABASE_URL;
}
