import { TRPCError } from "@trpc/server";
import { getErrorShape } from "@trpc/server/unstable-core-do-not-import";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { describeError } from "~/server/http/log-safe";
import { startTestApi, type TestApi } from "~/server/testing";
import { appRouter } from "./root";
import { errorOf } from "./test-errors";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const logged: string[] = [];
beforeAll(() => {
  for (const method of ["error", "warn", "log"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(
        args
          .map((a) =>
            a instanceof Error
              ? `${a.message} ${JSON.stringify(a)} ${String(a.stack)}`
              : typeof a === "string"
                ? a
                : JSON.stringify(a),
          )
          .join(" "),
      );
    });
  }
});
afterEach(() => {
  logged.length = 0;
});
afterAll(() => vi.restoreAllMocks());

const SQL_WORDS = /\b(insert into|select|params:|Failed query)\b/i;
const sqlBase64 = Buffer.from("CREATE VIEW v AS SELECT 1 AS secret_marker_in_upload;").toString("base64");

describe("text PostgreSQL cannot hold (NUL, unpaired surrogates)", () => {
  it("an API key name with a NUL is a 400 naming the field, with no SQL, no parameters and nothing logged", async () => {
    const owner = await api.user();
    const error = await errorOf(owner.client.apiKeys.create.mutate({ name: "ci\u0000key" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.issues).toEqual([{ path: "name", message: expect.stringContaining("NUL") }]);
    expect(error.message).not.toMatch(SQL_WORDS);
    expect(error.message).not.toContain(owner.id);
    expect(logged.join("\n")).toBe("");
  });

  it("an upload's file name with a NUL is a 400 naming source.file.filename, and the file's content is echoed nowhere", async () => {
    const owner = await api.user();
    const response = await fetch(`${api.apiUrl}/api/trpc/migrations.create`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${owner.apiKey}` },
      body: JSON.stringify({
        name: "nul",
        source: { kind: "upload", file: { filename: "a\u0000.sql", contentBase64: sqlBase64 } },
      }),
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(JSON.parse(text).error.data.issues).toEqual([
      { path: "source.file.filename", message: expect.stringContaining("NUL") },
    ]);
    expect(text).not.toContain(sqlBase64);
    expect(text).not.toMatch(SQL_WORDS);
    expect(logged.join("\n")).toBe("");
  });

  it("any text input: a migration's name, pasted T-SQL, a search, an object key and a lone surrogate are refused", async () => {
    const owner = await api.user();
    expect(
      (await errorOf(owner.client.migrations.create.mutate({ name: "n\u0000", source: { kind: "sample" } }))).issues,
    ).toEqual([{ path: "name", message: expect.stringContaining("NUL") }]);
    expect(
      (
        await errorOf(
          owner.client.migrations.create.mutate({ name: "n", source: { kind: "paste", sql: "SELECT 1\u0000" } }),
        )
      ).issues?.[0]?.path,
    ).toBe("source.sql");
    expect((await errorOf(owner.client.migrations.list.query({ search: "\u0000" }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(owner.client.migrations.list.query({ search: "a\uD800b" }))).issues).toEqual([
      { path: "search", message: expect.stringContaining("surrogate") },
    ]);
    expect(
      (
        await errorOf(
          owner.client.migrations.create.mutate({
            name: "n",
            source: { kind: "sample" },
            options: { vars: { "a\u0000": 1 } },
          } as never),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    expect(
      (
        await errorOf(
          api.client().auth.register.mutate({ email: "x@example.com", password: "long enough password\u0000" }),
        )
      ).issues?.[0]?.path,
    ).toBe("password");
  });

  it("an unexpected error answers 'Internal server error': the formatter never sends a failed query's SQL or parameters", async () => {
    let cause: unknown;
    try {
      await api.db.execute(sql`select ${"secret-param-value\u0000"}::text as leak`);
    } catch (error) {
      cause = error;
    }
    expect(String((cause as Error).message)).toContain("secret-param-value"); // what would have leaked
    const shape = getErrorShape({
      config: appRouter._def._config,
      error: new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause }),
      type: "mutation",
      path: "apiKeys.create",
      input: { name: "secret-param-value" },
      ctx: undefined,
    });
    expect(JSON.stringify(shape)).not.toContain("secret-param-value");
    expect(JSON.stringify(shape)).not.toMatch(SQL_WORDS);
    expect(shape.message).toBe("Internal server error");
  });

  it("log lines describe a failed query by its class and SQLSTATE, never its SQL or bound parameters", async () => {
    let cause: unknown;
    try {
      await api.db.execute(sql`select ${"secret-param-value"}::uuid as leak`);
    } catch (error) {
      cause = error;
    }
    const line = describeError(cause);
    expect(line).toMatch(/22P02/);
    expect(line).not.toContain("secret-param-value");
    expect(line).not.toMatch(SQL_WORDS);
  });
});
