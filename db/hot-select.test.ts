import { desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareHotSelect } from "./hot-select";
import { migrations, users } from "./schema";
import { createTestDatabase } from "./testing";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let userId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  const [user] = await database.db
    .insert(users)
    .values({ email: "hot@example.com", passwordHash: "x" })
    .returning({ id: users.id });
  userId = user!.id;
  await database.db.insert(migrations).values([
    {
      userId,
      name: "with summary",
      sourceKind: "sample",
      progress: 40,
      summary: { total: 3, validated: 2, mismatch: 0, executed: 1, needs_review: 0, failed: 0, llmCostUsd: 0 },
      startedAt: new Date("2026-01-02T03:04:05.678Z"),
    },
    { userId, name: "bare", sourceKind: "upload", progress: 0 },
  ]);
});
afterAll(() => database.drop());

describe("prepareHotSelect", () => {
  it("decodes rows exactly as Drizzle does: columns, nulls, jsonb, timestamps, mapWith and aliased subqueries", async () => {
    const page = database.db
      .select()
      .from(migrations)
      .where(eq(migrations.userId, sql.placeholder("userId")))
      .as("page");
    const query = database.db
      .select({
        id: page.id,
        name: page.name,
        sourceKind: page.sourceKind,
        progress: page.progress,
        summary: page.summary,
        startedAt: page.startedAt,
        nameLength: sql<number>`length(${page.name})`.mapWith(Number),
        upper: sql<string>`upper(${page.name})`,
      })
      .from(page)
      .orderBy(desc(page.name));
    const hot = prepareHotSelect(database.db.$hotReads, query);
    const expected = await query.prepare("drizzle_decoding").execute({ userId });
    expect(await hot.execute({ userId })).toEqual(expected);
    expect(expected[0]).toMatchObject({
      name: "with summary",
      summary: { total: 3, validated: 2 },
      startedAt: new Date("2026-01-02T03:04:05.678Z"),
      nameLength: 12,
    });
    expect(expected[1]).toMatchObject({ summary: null, startedAt: null });
  });

  it("refuses to run without a value for each placeholder", async () => {
    const hot = prepareHotSelect(
      database.db.$hotReads,
      database.db
        .select({ id: migrations.id })
        .from(migrations)
        .where(eq(migrations.userId, sql.placeholder("userId"))),
    );
    await expect(hot.execute({})).rejects.toThrow('No value for placeholder "userId"');
  });
});
