import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, TEST_RATE_LIMITS, type TestApi } from "~/server/testing";
import { appRouter, createCaller } from "./root";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

type AnyProcedure = {
  _def: {
    type: "query" | "mutation" | "subscription";
    inputs: { "~standard"?: { validate: (v: unknown) => unknown } }[];
  };
};

/** Every procedure whose input is `{ id }`: found from the router itself, so a new one cannot be forgotten here. */
function proceduresTakingAnId(): string[] {
  const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure>;
  return Object.entries(procedures)
    .filter(([, procedure]) =>
      procedure._def.inputs.some((schema) => {
        const result = schema["~standard"]?.validate({ id: "00000000-0000-4000-8000-000000000000" }) as
          { issues?: unknown } | undefined;
        return result !== undefined && !result.issues;
      }),
    )
    .map(([path]) => path)
    .sort();
}

describe("one user's objects are invisible to another", () => {
  it("covers every procedure that takes an id", () => {
    expect(proceduresTakingAnId()).toEqual([
      "apiKeys.revoke",
      "migrationDetails.assessment",
      "migrationDetails.history",
      "migrationDetails.lineage",
      "migrationDetails.llmCalls",
      "migrationDetails.objects",
      "migrationDetails.overview",
      "migrations.cancel",
      "migrations.delete",
      "migrations.get",
      "migrations.rerun",
      "migrations.rerunObjects",
      "migrations.retry",
    ]);
  });

  it("answers NOT_FOUND to user B for each of user A's objects, and leaves them untouched", async () => {
    const a = await api.user("a");
    const b = await api.user("b");
    const migration = await a.client.migrations.create.mutate({ name: "A's", source: { kind: "sample" } });
    const key = await a.client.apiKeys.create.mutate({ name: "A's key" });
    const idOf = (path: string) => (path.startsWith("apiKeys.") ? key.id : migration.id);
    const asB = createCaller({
      db: api.db,
      userId: b.id,
      authError: null,
      clientAddress: "192.0.2.2",
      rateLimits: TEST_RATE_LIMITS,
    });

    for (const path of proceduresTakingAnId()) {
      const [router, procedure] = path.split(".") as [keyof typeof asB, string];
      const call = (asB[router] as unknown as Record<string, (input: unknown) => Promise<unknown>>)[procedure]!;
      await expect(call({ id: idOf(path) }), path).rejects.toMatchObject({ code: "NOT_FOUND" });
    }

    expect(await a.client.migrations.get.query({ id: migration.id })).toMatchObject({ status: "queued", name: "A's" });
    expect((await a.client.apiKeys.list.query()).find((k) => k.id === key.id)?.revokedAt).toBeNull();
    expect((await b.client.migrations.list.query({})).items).toEqual([]);
  });

  it("answers NOT_FOUND to user B for procedures that take an id and more (one object of a migration)", async () => {
    const a = await api.user("a");
    const b = await api.user("b");
    const migration = await a.client.migrations.create.mutate({ name: "A's", source: { kind: "sample" } });
    await expect(b.client.migrationDetails.object.query({ id: migration.id, key: "dbo.orders" })).rejects.toMatchObject(
      { data: { code: "NOT_FOUND" } },
    );
    expect(await a.client.migrationDetails.object.query({ id: migration.id, key: "dbo.orders" })).toEqual({
      found: false,
      key: "dbo.orders",
    });
  });

  it("gives the same answer for another user's id as for an id that does not exist", async () => {
    const a = await api.user("a");
    const b = await api.user("b");
    const migration = await a.client.migrations.create.mutate({ name: "A's", source: { kind: "sample" } });
    const foreign = await b.client.migrations.get.query({ id: migration.id }).catch((e: Error) => e.message);
    const missing = await b.client.migrations.get
      .query({ id: "00000000-0000-4000-8000-000000000000" })
      .catch((e: Error) => e.message);
    expect(foreign).toBe(missing);
  });
});
