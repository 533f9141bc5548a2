import { and, eq, sql as drizzleSql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrations, users } from "~/db/schema";
import { createDatabase } from "~/db/client";
import { createTestDatabase } from "~/db/testing";
import { pageOf } from "./migrations";

type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Plan Rows": number;
  Plans?: PlanNode[];
};

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let userId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  const owners = await database.db
    .insert(users)
    .values([
      { email: "many@example.com", passwordHash: "x" },
      { email: "other@example.com", passwordHash: "x" },
    ])
    .returning({ id: users.id });
  userId = owners[0]!.id;
  // Enough rows that reading them all and sorting costs more than an index scan, for the planner as for us.
  for (const owner of owners) {
    await database.db.insert(migrations).values(
      Array.from({ length: 2000 }, (_, i) => ({
        userId: owner.id,
        name: `Migration ${i}`,
        sourceKind: "sample" as const,
        status: (["queued", "running", "succeeded", "failed"] as const)[i % 4],
        createdAt: new Date(Date.now() - i * 60_000),
      })),
    );
  }
  await database.sql`analyze migrations`;
});
afterAll(() => database.drop());

async function planOf(query: { toSQL(): { sql: string; params: unknown[] } }): Promise<PlanNode[]> {
  const { sql, params } = query.toSQL();
  const [row] = await database.sql.unsafe(`explain (format json) ${sql}`, params as never[]);
  const nodes: PlanNode[] = [];
  const walk = (node: PlanNode) => {
    nodes.push(node);
    node.Plans?.forEach(walk);
  };
  walk((row!["QUERY PLAN"] as { Plan: PlanNode }[])[0]!.Plan);
  return nodes;
}

describe("a page of migrations", () => {
  const cases = [
    { name: "the first page", where: () => eq(migrations.userId, userId), index: "migrations_user_created_idx" },
    {
      name: "a later page",
      where: () =>
        and(
          eq(migrations.userId, userId),
          drizzleSql`(${migrations.createdAt}, ${migrations.id}) < (now() - interval '1 day', gen_random_uuid())`,
        ),
      index: "migrations_user_created_idx",
    },
    {
      name: "a page of one status",
      where: () => and(eq(migrations.userId, userId), eq(migrations.status, "failed")),
      index: "migrations_user_status_created_idx",
    },
  ];
  for (const { name, where, index } of cases) {
    it(`reads ${name} in index order, without reading and sorting all the user's rows`, async () => {
      const nodes = await planOf(pageOf(database.db, where(), 21));
      const scans = nodes.filter((n) => n["Relation Name"] === "migrations");
      expect(scans.map((n) => [n["Node Type"], n["Index Name"]])).toEqual([["Index Scan", index]]);
      // Putting the page back in order after the joins is fine; sorting more than the page is what must not happen.
      const sorted = nodes.filter((n) => n["Node Type"] === "Sort").map((n) => n["Plan Rows"]);
      expect(
        sorted.every((rows) => rows <= 21),
        `sorts of ${sorted.join(", ")} rows`,
      ).toBe(true);
    });
  }

  it("returns the newest first, cut to the limit, with the details of each row", async () => {
    const rows = await pageOf(database.db, eq(migrations.userId, userId), 5);
    expect(rows.map((r) => r.name)).toEqual([
      "Migration 0",
      "Migration 1",
      "Migration 2",
      "Migration 3",
      "Migration 4",
    ]);
    expect(rows[0]).toMatchObject({ sourceFilename: null, llmCostUsd: 0, summary: null });
    expect(rows[0]!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/);
  });

  it("gives timestamps in UTC, to the microsecond, whatever the database's TimeZone", async () => {
    const name = (await database.sql<{ name: string }[]>`select current_database() as name`)[0]!.name;
    await database.sql.unsafe(`alter database ${name} set timezone to 'Asia/Kolkata'`);
    const handle = createDatabase(database.url, { max: 1 });
    try {
      const [row] = await handle.db
        .insert(migrations)
        .values({ userId, name: "exact", sourceKind: "sample", createdAt: drizzleSql`'2026-01-02 03:04:05.678912+00'` })
        .returning({ id: migrations.id });
      const [page] = await pageOf(handle.db, eq(migrations.id, row!.id), 1);
      expect(page!.createdAt).toBe("2026-01-02T03:04:05.678912Z");
    } finally {
      await handle.close();
      await database.sql.unsafe(`alter database ${name} reset timezone`);
    }
  });
});
