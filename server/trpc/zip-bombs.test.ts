import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildZip } from "~/agents/ingest/testing/zip-bomb";
import { previewPool } from "~/server/services/preview-pool";
import { startTestApi, type TestApi } from "~/server/testing";
import { errorOf } from "./test-errors";

/**
 * Zip bombs within the upload limit (issue 12): a 600 KB zip holding a 600 MB .sql file, and an expected-results
 * zip holding a 240 MB CSV, through preview and create. Each is refused with a message naming the file and the
 * limit, and the process (the API server runs in this one, its preview threads too) stays within 200 MB of
 * growth. getrusage's maxRSS is a high-water mark, so no spike between samples can hide.
 */
const MB = 1024 * 1024;
let api: TestApi;
let user: Awaited<ReturnType<TestApi["user"]>>;
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const sqlBomb = base64(
  buildZip([
    { name: "db/tables.sql", text: "CREATE TABLE dbo.T (a int)\nGO\n" },
    { name: "db/data.sql", pattern: " ", bytes: 600 * MB },
  ]),
);
const expectedBomb = base64(
  buildZip([
    { name: "manifest.json", text: JSON.stringify({ objects: [{ object: "dbo.V", file: "v.csv" }] }) },
    { name: "v.csv", pattern: "1,2,3\n", bytes: 240 * MB },
  ]),
);
const script = "CREATE TABLE dbo.T (a int)\nGO\nCREATE VIEW dbo.V AS SELECT a FROM dbo.T\nGO\n";
const SQL_REFUSAL = /^bomb\.zip unpacks to more than .*at most 64 MB of \.sql files are accepted/;
const EXPECTED_REFUSAL = /^expected\.zip unpacks to more than .*at most 32 MB of expected results are accepted/;

beforeAll(async () => {
  api = await startTestApi();
  user = await api.user("bombs");
  // A preview thread's own start (its modules) is not the bomb's doing: start one before measuring.
  await user.client.migrations.preview.mutate({ source: { kind: "paste", sql: script } });
}, 120_000);
afterAll(async () => {
  await previewPool().close();
  await api?.stop();
});

async function peakGrowth<T>(run: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const before = process.memoryUsage.rss();
  const result = await run();
  return { result, growth: process.resourceUsage().maxRSS * 1024 - before };
}

describe("zip bombs through the API", () => {
  it("a preview of a .sql zip bomb answers the refusal, in bounded memory", async () => {
    const { result, growth } = await peakGrowth(() =>
      user.client.migrations.preview.mutate({
        source: { kind: "upload", file: { filename: "bomb.zip", contentBase64: sqlBomb } },
      }),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(SQL_REFUSAL);
    expect(growth).toBeLessThan(200 * MB);
  }, 60_000);

  it("creating a migration from a .sql zip bomb is a 400 with the refusal, in bounded memory", async () => {
    const { result, growth } = await peakGrowth(() =>
      errorOf(
        user.client.migrations.create.mutate({
          name: "bomb",
          source: { kind: "upload", file: { filename: "bomb.zip", contentBase64: sqlBomb } },
        }),
      ),
    );
    expect(result.code).toBe("BAD_REQUEST");
    expect(result.message).toMatch(SQL_REFUSAL);
    expect(growth).toBeLessThan(200 * MB);
  }, 60_000);

  it("a preview with an expected-results bomb answers the refusal, in bounded memory", async () => {
    const { result, growth } = await peakGrowth(() =>
      user.client.migrations.preview.mutate({
        source: { kind: "paste", sql: script },
        expected: { filename: "expected.zip", contentBase64: expectedBomb },
      }),
    );
    // The source itself is fine: the refusal may be the preview's error or said on the expected results alone.
    const message = result.ok ? (result as { expectedError?: string | null }).expectedError : result.error.message;
    expect(message).toMatch(EXPECTED_REFUSAL);
    expect(growth).toBeLessThan(200 * MB);
  }, 60_000);

  it("creating a migration with an expected-results bomb is a 400 with the refusal, in bounded memory", async () => {
    const { result, growth } = await peakGrowth(() =>
      errorOf(
        user.client.migrations.create.mutate({
          name: "bomb",
          source: { kind: "paste", sql: script },
          expected: { filename: "expected.zip", contentBase64: expectedBomb },
        }),
      ),
    );
    expect(result.code).toBe("BAD_REQUEST");
    expect(result.message).toMatch(EXPECTED_REFUSAL);
    expect(growth).toBeLessThan(200 * MB);
  }, 60_000);
});
