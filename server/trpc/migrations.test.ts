import { createHash } from "node:crypto";
import { count, eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, migrations, sourceFiles } from "~/db/schema";
import { JOBS_CHANNEL } from "~/agents/core/event-kinds";
import { startTestApi, type TestApi } from "~/server/testing";
import { errorOf } from "./test-errors";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const base64 = (text: string | Buffer) => Buffer.from(text).toString("base64");

async function rowCounts() {
  const [m] = await api.db.select({ n: count() }).from(migrations);
  const [j] = await api.db.select({ n: count() }).from(jobs);
  const [f] = await api.db.select({ n: count() }).from(sourceFiles);
  return { migrations: m!.n, jobs: j!.n, files: f!.n };
}

describe("creating a migration", () => {
  it("writes the migration and its queued job in one go and NOTIFYs the workers with the job id", async () => {
    const owner = await api.user();
    const listener = postgres(api.url, { max: 1 });
    const notified = new Promise<string>((resolve) => void listener.listen(JOBS_CHANNEL, resolve));
    await new Promise((r) => setTimeout(r, 100));
    try {
      const created = await owner.client.migrations.create.mutate({ name: "Sample", source: { kind: "sample" } });
      expect(created).toMatchObject({
        name: "Sample",
        sourceKind: "sample",
        target: "postgres",
        status: "queued",
        progress: 0,
      });
      const [job] = await api.db.select().from(jobs).where(eq(jobs.migrationId, created.id));
      expect(job).toMatchObject({ status: "queued", attempts: 0 });
      expect(await notified).toBe(String(job!.id));
    } finally {
      await listener.end();
    }
  });

  it("stores an uploaded script with its size and checksum", async () => {
    const owner = await api.user();
    const script = "CREATE TABLE t (id int PRIMARY KEY)\nGO\n";
    const created = await owner.client.migrations.create.mutate({
      name: "Upload",
      source: { kind: "upload", file: { filename: "schema.sql", contentBase64: base64(script) } },
    });
    const [row] = await api.db.select().from(migrations).where(eq(migrations.id, created.id));
    const [file] = await api.db.select().from(sourceFiles).where(eq(sourceFiles.id, row!.sourceFileId!));
    expect(file).toMatchObject({ filename: "schema.sql", format: "sql", sizeBytes: script.length, userId: owner.id });
    expect(file!.sha256).toBe(createHash("sha256").update(script).digest("hex"));
    expect(file!.content.toString()).toBe(script);
  });

  it("accepts a UTF-16 script as SSMS writes it", async () => {
    const owner = await api.user();
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("SELECT 1\r\nGO\r\n", "utf16le")]);
    await expect(
      owner.client.migrations.create.mutate({
        name: "UTF-16",
        source: { kind: "upload", file: { filename: "x.sql", contentBase64: base64(utf16) } },
      }),
    ).resolves.toMatchObject({ status: "queued" });
  });
});

describe("bad input is refused with a clear error and writes nothing", () => {
  const cases: [string, unknown, RegExp][] = [
    ["a missing name", { source: { kind: "sample" } }, /name/],
    ["an empty name", { name: "   ", source: { kind: "sample" } }, /Name is required/],
    ["an oversized name", { name: "x".repeat(201), source: { kind: "sample" } }, /at most 200 characters/],
    ["a wrong type", { name: 42, source: { kind: "sample" } }, /name/],
    ["an unknown source kind", { name: "x", source: { kind: "ftp" } }, /source.kind must be 'sample' or 'upload'/],
    ["an unknown target", { name: "x", source: { kind: "sample" }, target: "oracle" }, /target must be 'postgres'/],
    ["an unknown option", { name: "x", source: { kind: "sample" }, options: { turbo: true } }, /turbo/],
    [
      "a file that is neither .sql nor .json",
      { name: "x", source: { kind: "upload", file: { filename: "a.exe", contentBase64: "AA==" } } },
      /Only \.sql scripts and \.json catalogs/,
    ],
    [
      "an empty file",
      { name: "x", source: { kind: "upload", file: { filename: "a.sql", contentBase64: "" } } },
      /The file is empty/,
    ],
    [
      "content that is not base64",
      { name: "x", source: { kind: "upload", file: { filename: "a.sql", contentBase64: "***" } } },
      /not valid base64/,
    ],
  ];

  for (const [what, input, message] of cases) {
    it(`refuses ${what}`, async () => {
      const owner = await api.user();
      const before = await rowCounts();
      const error = await errorOf(owner.client.migrations.create.mutate(input as never));
      expect(error.code).toBe("BAD_REQUEST");
      expect(JSON.stringify(error.issues) + error.message).toMatch(message);
      expect(await rowCounts()).toEqual(before);
    });
  }

  it("refuses a binary upload posing as a script, naming the file and the offset", async () => {
    const owner = await api.user();
    const before = await rowCounts();
    const binary = Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0xff, 0xff]);
    const error = await errorOf(
      owner.client.migrations.create.mutate({
        name: "x",
        source: { kind: "upload", file: { filename: "tool.sql", contentBase64: base64(binary) } },
      }),
    );
    expect(error).toMatchObject({
      code: "BAD_REQUEST",
      message: "tool.sql is not a text file (it contains NUL bytes)",
    });
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a .json upload that is not JSON", async () => {
    const owner = await api.user();
    const error = await errorOf(
      owner.client.migrations.create.mutate({
        name: "x",
        source: { kind: "upload", file: { filename: "c.json", contentBase64: base64("{ nope") } },
      }),
    );
    expect(error.message).toMatch(/^c\.json is not valid JSON/);
  });

  it("refuses a 20 MB upload before reading it whole", async () => {
    const owner = await api.user();
    const before = await rowCounts();
    const body = JSON.stringify({
      name: "big",
      source: {
        kind: "upload",
        file: { filename: "big.sql", contentBase64: base64(Buffer.alloc(20 * 1024 * 1024, "a")) },
      },
    });
    const response = await fetch(`${api.apiUrl}/api/trpc/migrations.create`, {
      method: "POST",
      headers: { authorization: `Bearer ${owner.apiKey}`, "content-type": "application/json" },
      body,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      error: { message: "Request body is larger than 16 MB", data: { code: "PAYLOAD_TOO_LARGE" } },
    });
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a body that is not JSON", async () => {
    const owner = await api.user();
    const response = await fetch(`${api.apiUrl}/api/trpc/migrations.create`, {
      method: "POST",
      headers: { authorization: `Bearer ${owner.apiKey}` },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/^Request input is not valid JSON/);
  });

  it("refuses an id that is not a UUID", async () => {
    const owner = await api.user();
    expect(await errorOf(owner.client.migrations.get.query({ id: "1; drop table users" }))).toMatchObject({
      code: "BAD_REQUEST",
      issues: [{ path: "id", message: "Migration id must be a UUID" }],
    });
  });
});

describe("listing, reading and changing migrations", () => {
  it("pages through a user's migrations newest first, with a status filter", async () => {
    const owner = await api.user();
    const ids: string[] = [];
    for (let i = 0; i < 25; i++)
      ids.push((await owner.client.migrations.create.mutate({ name: `m${i}`, source: { kind: "sample" } })).id);
    await owner.client.migrations.cancel.mutate({ id: ids[3]! });
    await owner.client.migrations.cancel.mutate({ id: ids[7]! });

    const first = await owner.client.migrations.list.query({ limit: 10 });
    expect(first.items.map((m) => m.name)).toEqual(Array.from({ length: 10 }, (_, i) => `m${24 - i}`));
    const second = await owner.client.migrations.list.query({ limit: 10, cursor: first.nextCursor! });
    const third = await owner.client.migrations.list.query({ limit: 10, cursor: second.nextCursor! });
    expect([...first.items, ...second.items, ...third.items].map((m) => m.id)).toEqual([...ids].reverse());
    expect(third.nextCursor).toBeNull();

    const cancelled = await owner.client.migrations.list.query({ status: "cancelled" });
    expect(cancelled.items.map((m) => m.name)).toEqual(["m7", "m3"]);
    expect(await errorOf(owner.client.migrations.list.query({ limit: 101 }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await errorOf(owner.client.migrations.list.query({ cursor: "garbage" }))).toMatchObject({
      code: "CONFLICT",
      message: "Invalid cursor",
    });
  });

  it("pages through migrations created in the same statement without skipping any", async () => {
    const owner = await api.user();
    // One insert: every row gets the same now(), microseconds and all, so only the id orders them.
    await api.db
      .insert(migrations)
      .values(
        Array.from({ length: 7 }, (_, i) => ({ userId: owner.id, name: `batch ${i}`, sourceKind: "sample" as const })),
      );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await owner.client.migrations.list.query({ limit: 2, cursor });
      seen.push(...page.items.map((m) => m.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `batch ${i}`));
  });

  it("cancels a queued migration and its job, then retries it with a new job", async () => {
    const owner = await api.user();
    const { id } = await owner.client.migrations.create.mutate({ name: "c", source: { kind: "sample" } });
    expect(await owner.client.migrations.cancel.mutate({ id })).toMatchObject({ status: "cancelled" });
    expect((await api.db.select().from(jobs).where(eq(jobs.migrationId, id))).map((j) => j.status)).toEqual([
      "cancelled",
    ]);
    expect(await errorOf(owner.client.migrations.cancel.mutate({ id }))).toMatchObject({
      code: "CONFLICT",
      message: "Only a queued or running migration can be cancelled; this one is cancelled",
    });

    expect(await owner.client.migrations.retry.mutate({ id })).toMatchObject({ status: "queued", finishedAt: null });
    expect((await api.db.select().from(jobs).where(eq(jobs.migrationId, id))).map((j) => j.status).sort()).toEqual([
      "cancelled",
      "queued",
    ]);
    expect(await errorOf(owner.client.migrations.retry.mutate({ id }))).toMatchObject({ code: "CONFLICT" });
  });

  it("deletes a migration with its jobs and uploaded file, but not a running one", async () => {
    const owner = await api.user();
    const { id } = await owner.client.migrations.create.mutate({
      name: "d",
      source: { kind: "upload", file: { filename: "d.sql", contentBase64: base64("SELECT 1") } },
    });
    const [row] = await api.db.select().from(migrations).where(eq(migrations.id, id));
    await owner.client.migrations.delete.mutate({ id });
    expect(await errorOf(owner.client.migrations.get.query({ id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await api.db.select().from(jobs).where(eq(jobs.migrationId, id))).toEqual([]);
    expect(await api.db.select().from(sourceFiles).where(eq(sourceFiles.id, row!.sourceFileId!))).toEqual([]);

    const running = await owner.client.migrations.create.mutate({ name: "r", source: { kind: "sample" } });
    await api.db.update(migrations).set({ status: "running" }).where(eq(migrations.id, running.id));
    expect(await errorOf(owner.client.migrations.delete.mutate({ id: running.id }))).toMatchObject({
      code: "CONFLICT",
      message: "A running migration cannot be deleted; cancel it first",
    });
  });
});
