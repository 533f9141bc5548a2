import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest, InputError, InputTooLargeError, MAX_INPUT_BYTES, readInputFromPath } from "./index";
import { ingestScript } from "./test-helpers";

const script = "CREATE TABLE t (x int)\nGO\nINSERT INTO t VALUES (1)\nGO\n";
const bytes = new TextEncoder().encode(script);
const repetitive = new TextEncoder().encode(`-- ${"x".repeat(1997)}`);

describe("input size limit", () => {
  it("defaults to 64 MB", () => {
    expect(MAX_INPUT_BYTES).toBe(64 * 1024 * 1024);
  });

  it.each([
    [
      "a script",
      { kind: "script" as const, file: "x.sql", bytes },
      `x.sql is ${bytes.length} bytes, more than the 40 bytes an input may be`,
    ],
    [
      "a catalog",
      { kind: "catalog-json" as const, file: "c.json", bytes },
      `c.json is ${bytes.length} bytes, more than the 40 bytes an input may be`,
    ],
    [
      "a folder's .sql files together",
      {
        kind: "files" as const,
        files: [
          { path: "a.sql", bytes: bytes.subarray(0, 30) },
          { path: "b.sql", bytes: bytes.subarray(0, 30) },
        ],
      },
      "the .sql text in the input is 60 bytes, more than the 40 bytes an input may be",
    ],
    // Compressed under the limit, unpacked over it: the limit applies to the text read, counted while unpacking.
    [
      "a zip's .sql files together",
      {
        kind: "zip" as const,
        file: "p.zip",
        bytes: zipSync({ "a.sql": repetitive, "b.sql": repetitive }, { level: 9 }),
      },
      "p.zip unpacks to more than 1,000 bytes (at a.sql): at most 1,000 bytes of .sql files are accepted",
    ],
  ])("refuses %s over maxInputBytes with InputTooLargeError", (_, input, message) => {
    let error: unknown;
    try {
      ingest(input, { maxInputBytes: input.kind === "zip" ? 1000 : 40 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputTooLargeError);
    expect((error as Error).message).toBe(message);
  });

  it("reads input at or under the limit", () => {
    expect(ingest({ kind: "script", file: "x.sql", bytes }, { maxInputBytes: bytes.length }).tables).toHaveLength(1);
  });

  describe("from a path", () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-limits-"));
      // Sparse files: the size is on disk, not in memory, and must be refused before a byte is read.
      for (const name of ["big.sql", "project/a.sql", "project/b.sql"]) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        const fd = fs.openSync(path.join(dir, name), "w");
        fs.ftruncateSync(fd, 3 * 1024 * 1024);
        fs.closeSync(fd);
      }
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("refuses a file over the limit by its size on disk", async () => {
      const error = await readInputFromPath(path.join(dir, "big.sql"), { maxInputBytes: 2 * 1024 * 1024 }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InputTooLargeError);
      expect((error as Error).message).toBe("big.sql is 3 MB, more than the 2 MB an input may be");
    });

    it("refuses a file of another kind by its name, without reading it", async () => {
      const backup = path.join(dir, "northwind.bak");
      const fd = fs.openSync(backup, "w");
      fs.ftruncateSync(fd, 3 * 1024 ** 3); // sparse 3 GB: reading it would fail (or exhaust memory)
      fs.closeSync(fd);
      const error = await readInputFromPath(backup).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toBe(
        "northwind.bak: expected a .sql script, a .zip of .sql files, a .json catalog or a folder",
      );
    });

    it("refuses a folder whose .sql files together are over the limit", async () => {
      const error = await readInputFromPath(path.join(dir, "project"), { maxInputBytes: 5 * 1024 * 1024 }).catch(
        (e: unknown) => e,
      );
      expect((error as Error).message).toBe(
        `the .sql text in ${path.join(dir, "project")} is 6 MB, more than the 5 MB an input may be`,
      );
    });
  });
});

describe("statements too deep for a reader", () => {
  it("become a diagnostic that says so, and the rest of the script still reads", () => {
    const deep = "(".repeat(100_000) + "1" + ")".repeat(100_000);
    const catalog = ingestScript(
      `CREATE TABLE t (x int)\nGO\nINSERT INTO t VALUES (${deep})\nGO\nCREATE TABLE u (y int DEFAULT ${"- ".repeat(100_000)}1, z AS ${deep})\nGO\nCREATE TABLE w (v int)\n`,
    );
    // A column's default and computed expression are read by the parser's rule, within its nesting limit (SQL Server
    // refuses far less deep an expression): the table is skipped with the reason, the tables after it still read.
    expect(catalog.tables.map((t) => t.name)).toEqual(["t", "w"]);
    expect(catalog.diagnostics.find((d) => d.line === 5)?.message).toMatch(/CREATE TABLE u .*nested deeper than/);
    for (const d of catalog.diagnostics) expect(d.message).not.toMatch(/internal error/);
  });

  it("an input too large or deep for the engine as a whole is an InputError, not a crash", () => {
    expect(new InputTooLargeError("x")).toBeInstanceOf(InputError);
  });
});
