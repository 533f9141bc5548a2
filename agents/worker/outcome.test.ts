import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FINISHED_KIND } from "~/agents/core/event-kinds";
import { migrations, type MigrationSummary, type SummaryCounts } from "~/db/schema";
import { createTestDatabase } from "~/db/testing";
import { createMigration } from "~/server/services/migrations";
import { finishedStatus } from "./outcome";
import { startTestWorker } from "./testing/in-process";
import { createOwner, eventsOf, waitForMigration } from "./testing/migrations";
import { createTestRunner } from "./testing/runner";

const none: SummaryCounts = { total: 0, validated: 0, loaded: 0, mismatch: 0, executed: 0, needs_review: 0, failed: 0 };
const counts = (c: Partial<SummaryCounts>): SummaryCounts => {
  const merged = { ...none, ...c };
  return {
    ...merged,
    total: merged.validated + merged.loaded + merged.mismatch + merged.executed + merged.needs_review + merged.failed,
  };
};
const summaryOf = (programmable: Partial<SummaryCounts>, tables: Partial<SummaryCounts>): MigrationSummary => {
  const p = counts(programmable);
  const t = counts(tables);
  const sum = (k: keyof SummaryCounts) => p[k] + t[k];
  return {
    total: sum("total"),
    validated: sum("validated"),
    loaded: sum("loaded"),
    mismatch: sum("mismatch"),
    executed: sum("executed"),
    needs_review: sum("needs_review"),
    failed: sum("failed"),
    programmable: p,
    tables: t,
    llmCostUsd: 0,
  };
};

describe("the status of a migration whose pipeline ran to the end", () => {
  it("is succeeded when every view, procedure and function was validated or executed and every table loaded", () => {
    expect(finishedStatus(summaryOf({ validated: 14 }, { loaded: 10 }))).toBe("succeeded");
    expect(finishedStatus(summaryOf({ validated: 3, executed: 2 }, { loaded: 4 }))).toBe("succeeded");
    expect(finishedStatus(summaryOf({ executed: 5 }, { executed: 4 }))).toBe("succeeded"); // no expected data, no rows
    expect(finishedStatus(summaryOf({}, { loaded: 2 }))).toBe("succeeded"); // tables only
  });

  it("is completed_with_issues when a view needs review, a procedure mismatched or a function failed", () => {
    expect(finishedStatus(summaryOf({ validated: 13, needs_review: 1 }, { loaded: 10 }))).toBe("completed_with_issues");
    expect(finishedStatus(summaryOf({ validated: 13, mismatch: 1 }, { loaded: 10 }))).toBe("completed_with_issues");
    expect(finishedStatus(summaryOf({ executed: 4, failed: 1 }, { loaded: 10 }))).toBe("completed_with_issues");
  });

  it("is completed_with_issues when a source table failed to load, even if every programmable object is green", () => {
    expect(finishedStatus(summaryOf({ validated: 3 }, { loaded: 2, failed: 1 }))).toBe("completed_with_issues");
  });

  it("judges a summary written before programmable objects and tables were counted apart on its totals", () => {
    const old: MigrationSummary = {
      total: 5,
      validated: 4,
      mismatch: 0,
      executed: 0,
      needs_review: 1,
      failed: 0,
      llmCostUsd: 0,
    };
    expect(finishedStatus(old)).toBe("completed_with_issues");
    const clean: MigrationSummary = { ...old, validated: 5, needs_review: 0 };
    expect(finishedStatus(clean)).toBe("succeeded");
  });
});

/** A pasted script whose procedure walks a cursor: the translator sends it to review with the construct's line. */
const CURSOR_SCRIPT = `CREATE TABLE dbo.Customers (Id int NOT NULL PRIMARY KEY, Name nvarchar(50) NOT NULL, Country nvarchar(20) NULL);
GO
INSERT INTO dbo.Customers (Id, Name, Country) VALUES (1, N'Ana', N'PT'), (2, N'Bob', N'US');
GO
CREATE VIEW dbo.PortugueseCustomers AS SELECT Id, Name FROM dbo.Customers WHERE Country = N'PT';
GO
CREATE PROCEDURE dbo.WalkCustomers AS
BEGIN
  DECLARE @Name nvarchar(50);
  DECLARE c CURSOR FOR SELECT Name FROM dbo.Customers;
  OPEN c;
  FETCH NEXT FROM c INTO @Name;
  WHILE @@FETCH_STATUS = 0
  BEGIN
    PRINT @Name;
    FETCH NEXT FROM c INTO @Name;
  END
  CLOSE c;
  DEALLOCATE c;
END
GO
`;

describe("the worker", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    t = await createTestDatabase();
    const runner = await createTestRunner({ db: t.db, sql: t.sql, url: t.url, adminUrl: t.adminUrl });
    const worker = startTestWorker(t.sql, {
      workerId: "outcome",
      handle: runner.handle,
      pollIntervalMs: 100,
      leaseMs: 5_000,
    });
    stop = async () => {
      await worker.drain();
      await runner.end();
    };
  }, 120_000);
  afterAll(async () => {
    await stop?.();
    await t?.drop();
  });

  it("ends a migration with a procedure that needs review as completed_with_issues, with the counts, not succeeded", async () => {
    const owner = await createOwner(t.db);
    const created = await createMigration(t.db, owner, {
      name: "cursor",
      source: { kind: "paste", sql: CURSOR_SCRIPT },
      target: "postgres",
      options: {},
    });
    const done = await waitForMigration(t.db, created.id, 120_000);
    expect(done.status, done.error ?? "").toBe("completed_with_issues");
    expect(done.progress).toBe(1);
    expect(done.summary?.programmable).toMatchObject({
      total: 2,
      executed: 1,
      needs_review: 1,
      validated: 0,
      mismatch: 0,
      failed: 0,
    });
    expect(done.summary?.tables).toMatchObject({ total: 1, loaded: 1, needs_review: 0, failed: 0 });
    // The live view and the SSE stream see the same end.
    const finished = (await eventsOf(t.sql, created.id)).filter((e) => e.kind === FINISHED_KIND);
    expect(finished.map((e) => e.message)).toEqual(["completed_with_issues"]);
    const [row] = await t.db
      .select({ status: migrations.status })
      .from(migrations)
      .where(eq(migrations.id, created.id));
    expect(row?.status).toBe("completed_with_issues");
  }, 150_000);
});
