import { afterAll, beforeAll } from "vitest";
import { createTestDatabase } from "~/db/testing";
import { shopDdl } from "./harness";

/** A database of the test file's own holding the shop's staging tables (./harness.ts), dropped after the file. */
export function shopDatabaseForThisFile(ddl: () => string = () => shopDdl()) {
  let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    await db.sql.unsafe(ddl());
  });
  afterAll(async () => {
    await db?.drop();
  });
  return {
    get sql() {
      if (!db) throw new Error("the shop database is used before beforeAll created it");
      return db.sql;
    },
  };
}
