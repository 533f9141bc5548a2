import { describe, expect, it } from "vitest";
import { readExpectedArchive } from "~/agents/worker/source";
import { ingest, InputError, InputTooLargeError } from "./index";
import { buildZip } from "./testing/zip-bomb";
import { MAX_ZIP_ENTRIES, MAX_ZIP_RATIO, readZip } from "./zip";

const MB = 1024 * 1024;
const everything = { maxBytes: 64 * MB, contents: "files", include: () => true };

/**
 * Peak RSS growth while `run` runs. getrusage's maxRSS is the process's high-water mark, so a spike between two
 * samples cannot hide; an earlier, higher peak of this process could only make the growth look larger.
 */
function peakGrowth(run: () => void): number {
  const before = process.memoryUsage.rss();
  run();
  return process.resourceUsage().maxRSS * 1024 - before;
}

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("readZip: the one zip reader, bounded while it inflates", () => {
  it("reads the included entries and skips the rest, folders and macOS metadata unread", () => {
    const zip = buildZip([
      { name: "db/a.sql", text: "select 1" },
      { name: "readme.txt", text: "hello" },
      { name: "__MACOSX/db/._a.sql", text: "junk" },
    ]);
    const entries = readZip(zip, "p.zip", { ...everything, include: (name) => name.endsWith(".sql") });
    expect([...entries.keys()]).toEqual(["db/a.sql"]);
    expect(new TextDecoder().decode(entries.get("db/a.sql"))).toBe("select 1");
  });

  it("refuses once the unpacked bytes pass the limit, naming the file, the entry and the limit", () => {
    // 3 MB unpacked, limit 1 MB: under the ratio floor, so the size limit is what stops it.
    const zip = buildZip([{ name: "big.sql", pattern: "SELECT 1;\n", bytes: 3 * MB }]);
    const error = thrown(() => readZip(zip, "p.zip", { ...everything, maxBytes: MB, contents: ".sql files" }));
    expect(error).toBeInstanceOf(InputTooLargeError);
    expect(error.message).toBe("p.zip unpacks to more than 1 MB (at big.sql): at most 1 MB of .sql files are accepted");
  });

  it("counts the bytes that come out, not the sizes the headers claim", () => {
    const zip = buildZip([{ name: "big.sql", pattern: "x", bytes: 3 * MB }]);
    // Rewrite the stated unpacked size, in the local header and the central directory, to 10 bytes.
    const lying = Buffer.from(zip);
    lying.writeUInt32LE(10, 22);
    const central = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    lying.writeUInt32LE(10, central + 24);
    expect(thrown(() => readZip(lying, "lie.zip", { ...everything, maxBytes: MB })).message).toMatch(
      /^lie\.zip unpacks to more than 1 MB/,
    );
  });

  it(`refuses a zip bomb by its ratio (more than ${MAX_ZIP_RATIO} to 1) before the size limit, in bounded memory`, () => {
    // The bomb: about 600 KB holding a 600 MB .sql file.
    const zip = buildZip([{ name: "dump.sql", pattern: " ", bytes: 600 * MB }]);
    expect(zip.length).toBeLessThan(MB);
    let error: Error | undefined;
    const growth = peakGrowth(() => {
      error = thrown(() => ingest({ kind: "zip", file: "bomb.zip", bytes: zip }));
    });
    expect(error).toBeInstanceOf(InputTooLargeError);
    expect(error!.message).toMatch(
      /^bomb\.zip unpacks to more than 200 times its compressed size \(at dump\.sql\), refused as a zip bomb: at most 64 MB of \.sql files/,
    );
    expect(growth).toBeLessThan(200 * MB);
  });

  it("refuses an expected-results bomb (a 240 MB CSV) naming the file and the limit, in bounded memory", () => {
    const zip = buildZip([
      { name: "manifest.json", text: JSON.stringify({ objects: [{ object: "dbo.V", file: "v.csv" }] }) },
      { name: "v.csv", pattern: "1,2,3\n", bytes: 240 * MB },
    ]);
    let error: Error | undefined;
    const growth = peakGrowth(() => {
      error = thrown(() => readExpectedArchive(zip, "expected.zip"));
    });
    expect(error).toBeInstanceOf(InputError);
    expect(error!.message).toMatch(
      /^expected\.zip unpacks to more than .*at most 32 MB of expected results are accepted/,
    );
    expect(growth).toBeLessThan(200 * MB);
  });

  it(`refuses an archive of more than ${MAX_ZIP_ENTRIES.toLocaleString("en-US")} entries, by its directory and by what it holds`, () => {
    const zip = buildZip(Array.from({ length: MAX_ZIP_ENTRIES + 1 }, (_, i) => ({ name: `f${i}.sql`, text: "" })));
    const message = `many.zip holds more than ${MAX_ZIP_ENTRIES.toLocaleString("en-US")} entries, the most accepted`;
    expect(thrown(() => readZip(zip, "many.zip", everything))).toEqual(new InputTooLargeError(message, "many.zip"));
    // A directory that understates the count (here: 1) does not get it past: the entries are counted as they come.
    const lying = Buffer.from(zip);
    const end = lying.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    lying.writeUInt16LE(1, end + 8);
    lying.writeUInt16LE(1, end + 10);
    expect(thrown(() => readZip(lying, "many.zip", everything))).toEqual(new InputTooLargeError(message, "many.zip"));
  });

  it("says a file that is not a zip, or a truncated one, is not readable", () => {
    expect(
      thrown(() => readZip(new TextEncoder().encode("PK but not really"), "fake.zip", everything)).message,
    ).toMatch(/^fake\.zip is not a readable zip archive/);
    const zip = buildZip([{ name: "a.sql", pattern: "select 1\n", bytes: MB }]);
    expect(thrown(() => readZip(zip.subarray(0, 200), "cut.zip", everything)).message).toMatch(
      /^cut\.zip is not a readable zip archive/,
    );
  });
});
