import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "~/db/testing";
import { claimJob, completeJob, expireLeasesOf, type ClaimedJob } from "./queue";
import { createOwner, createSampleMigration, jobsOf } from "./testing/migrations";

/**
 * The claim statement's fairness across users (agents/worker/queue.ts claimJob), proven by which job each claim
 * returns: the order, not how long anything took.
 */
let t: Awaited<ReturnType<typeof createTestDatabase>>;
let alice: string;
let bob: string;
const LEASE_MS = 60_000;

beforeAll(async () => {
  t = await createTestDatabase();
  alice = await createOwner(t.db);
  bob = await createOwner(t.db);
});
afterEach(async () => {
  await t.sql`delete from migrations`;
});
afterAll(async () => {
  await t.drop();
});

async function queue(userId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await createSampleMigration(t.db, userId, `m${i}`)).id);
  return ids;
}
async function ownerOf(job: ClaimedJob | null): Promise<string | undefined> {
  if (!job) return undefined;
  const [row] = await t.sql<{ user_id: string }[]>`select user_id from migrations where id = ${job.migrationId}`;
  return row?.user_id;
}

describe("fair claiming across users", () => {
  it("claims another user's job next when one user queued 60 before it", async () => {
    const aliceIds = await queue(alice, 60);
    const [bobsJob] = await queue(bob, 1);
    // One worker, one slot: it runs Alice's first job, then the next claim must be Bob's, not Alice's second.
    const first = await claimJob(t.sql, "w1", LEASE_MS, { perUserConcurrency: 1 });
    expect(first!.migrationId).toBe(aliceIds[0]);
    await completeJob(t.sql, first!, "w1");
    const second = await claimJob(t.sql, "w1", LEASE_MS, { perUserConcurrency: 1 });
    expect(second!.migrationId).toBe(bobsJob);
  });

  it("alternates between users (least recently served first) while both have jobs queued", async () => {
    await queue(alice, 4);
    await queue(bob, 4);
    const owners: (string | undefined)[] = [];
    for (let i = 0; i < 8; i++) {
      const job = await claimJob(t.sql, "w1", LEASE_MS, { perUserConcurrency: 1 });
      owners.push(await ownerOf(job));
      await completeJob(t.sql, job!, "w1");
    }
    expect(owners).toEqual([alice, bob, alice, bob, alice, bob, alice, bob]);
  });

  it("holds a user to the per-user limit while another user's jobs wait, and gives a user alone every slot", async () => {
    await queue(alice, 3);
    const a1 = await claimJob(t.sql, "w1", LEASE_MS, { perUserConcurrency: 1 });
    // Alone in the queue, Alice may use a second slot.
    const a2 = await claimJob(t.sql, "w2", LEASE_MS, { perUserConcurrency: 1 });
    expect(await ownerOf(a1)).toBe(alice);
    expect(await ownerOf(a2)).toBe(alice);
    const [bobsJob] = await queue(bob, 1);
    // Bob waits now: Alice (2 running, limit 1) gets nothing more; Bob (0 running) is claimed.
    const b = await claimJob(t.sql, "w3", LEASE_MS, { perUserConcurrency: 1 });
    expect(b!.migrationId).toBe(bobsJob);
    // Bob has nothing left to wait, so Alice alone again may take the free slot.
    const a3 = await claimJob(t.sql, "w4", LEASE_MS, { perUserConcurrency: 1 });
    expect(await ownerOf(a3)).toBe(alice);
  });

  it("with nobody else waiting, a user's jobs are claimed oldest first", async () => {
    const ids = await queue(alice, 3);
    const claimed: string[] = [];
    for (let i = 0; i < 3; i++)
      claimed.push((await claimJob(t.sql, `w${i}`, LEASE_MS, { perUserConcurrency: 1 }))!.migrationId);
    expect(claimed).toEqual(ids);
  });
});

describe("crashes and restarts", () => {
  it("counts a crash when a job whose worker died is claimed again, and a restarted worker frees its predecessor's jobs at once", async () => {
    const [id] = await queue(alice, 1);
    const first = await claimJob(t.sql, "supervised-worker", LEASE_MS);
    expect(first).toMatchObject({ migrationId: id, attempts: 1, crashes: 0 });
    // The process died holding a 60 s lease; its successor under the same id ends that lease.
    expect(await claimJob(t.sql, "other", LEASE_MS)).toBeNull();
    expect(await expireLeasesOf(t.sql, "supervised-worker")).toBe(1);
    const again = await claimJob(t.sql, "supervised-worker", LEASE_MS);
    expect(again).toMatchObject({ migrationId: id, attempts: 2, crashes: 1 });
    const [job] = await jobsOf(t.db, id!);
    expect(job).toMatchObject({ attempts: 2, crashes: 1, status: "running" });
  });
});
