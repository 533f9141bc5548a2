import { eq } from "drizzle-orm";
import { onTestFinished } from "vitest";
import type { Database } from "~/db/client";
import { llmCalls, migrations, users } from "~/db/schema";
import { createTestDatabase } from "~/db/testing";
import { llmCallLog } from "~/agents/worker/llm-calls";
import { createLlm, type LlmOptions } from "./client";
import { startFakeAnthropic, type FakeAnthropicOptions } from "./fake-anthropic";

/** Test helpers: each test gets its own fake Messages API and its own migrated database, both torn down after it. */

export const TEST_KEY = "sk-ant-test-key";
export const TEST_MODEL = "claude-sonnet-4-6";

export async function startOwnFake(options: FakeAnthropicOptions = {}) {
  const fake = await startFakeAnthropic({ apiKey: TEST_KEY, ...options });
  onTestFinished(() => fake.close());
  return fake;
}

export async function ownDatabase() {
  const database = await createTestDatabase();
  onTestFinished(() => database.drop());
  return database;
}

/** A user and a migration to attribute calls to (llm_calls.migration_id references migrations). */
export async function createMigration(db: Database, name = "test migration"): Promise<string> {
  const [user] = await db
    .insert(users)
    .values({ email: `llm-${Math.random().toString(36).slice(2)}@example.test`, passwordHash: "x" })
    .returning({ id: users.id });
  const [migration] = await db
    .insert(migrations)
    .values({ userId: user!.id, name, sourceKind: "sample" })
    .returning({ id: migrations.id });
  return migration!.id;
}

export async function callsOf(db: Database, migrationId: string) {
  return db.select().from(llmCalls).where(eq(llmCalls.migrationId, migrationId)).orderBy(llmCalls.id);
}

/** A fake, a database, a migration and an Llm wired to them, with fast retries unless overridden. */
export async function setup(options: { fake?: FakeAnthropicOptions; llm?: Partial<LlmOptions> } = {}) {
  const [fake, database] = await Promise.all([startOwnFake(options.fake), ownDatabase()]);
  const migrationId = await createMigration(database.db);
  const llm = createLlm({
    apiKey: TEST_KEY,
    baseURL: fake.url,
    model: TEST_MODEL,
    calls: llmCallLog(database.db),
    timeoutMs: 5_000,
    maxRetries: 3,
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
    ...options.llm,
  });
  return { fake, db: database.db, migrationId, llm, calls: () => callsOf(database.db, migrationId) };
}
