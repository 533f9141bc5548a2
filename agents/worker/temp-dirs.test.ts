import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { expectedRoot } from "./source";

describe("the worker's temporary folder", () => {
  it("is this process's own, made by mkdtemp under the temp dir, readable by its owner only (0700)", async () => {
    const root = await expectedRoot();
    expect(path.dirname(root)).toBe(os.tmpdir());
    expect(path.basename(root)).toMatch(/^datamigrate-expected-\w{6}$/);
    expect(fs.statSync(root).mode & 0o777).toBe(0o700);
    expect(fs.statSync(root).uid).toBe(process.getuid!());
    expect(await expectedRoot()).toBe(root); // one per process
  });
});
