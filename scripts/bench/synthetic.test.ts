import { describe, expect, it } from "vitest";
import { SYNTHETIC_SIZES, generateSyntheticScript, syntheticMix } from "./synthetic";

const NAME = String.raw`\[dbo\]\.\[((?:[^\]]|\]\])+)\]`;

/** The script's GO batches with what each creates and which dbo objects it reads. */
function batches(script: string) {
  return script.split(/\nGO\n/).map((text) => {
    const created = new RegExp(String.raw`^CREATE (TABLE|VIEW|PROCEDURE) ${NAME}`, "m").exec(text);
    const names = [...text.matchAll(new RegExp(NAME, "g"))].map((m) => m[1]!);
    return {
      text,
      kind: created?.[1] as "TABLE" | "VIEW" | "PROCEDURE" | undefined,
      name: created?.[2],
      reads: created ? names.filter((n) => n !== created[2]) : names,
    };
  });
}

describe("generateSyntheticScript", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const a = generateSyntheticScript({ objects: 250, seed: 7 });
    expect(generateSyntheticScript({ objects: 250, seed: 7 })).toBe(a);
    expect(generateSyntheticScript({ objects: 250, seed: 8 })).not.toBe(a);
  });

  it.each(SYNTHETIC_SIZES)("produces the 60/30/10 mix of tables, views and procedures for %i objects", (objects) => {
    const parsed = batches(generateSyntheticScript({ objects, seed: 1 }));
    const count = (kind: string) => parsed.filter((b) => b.kind === kind).length;
    expect(syntheticMix(objects)).toEqual({ tables: objects * 0.6, views: objects * 0.3, procedures: objects * 0.1 });
    expect([count("TABLE"), count("VIEW"), count("PROCEDURE")]).toEqual([objects * 0.6, objects * 0.3, objects * 0.1]);
    expect(new Set(parsed.filter((b) => b.name).map((b) => b.name!.toLowerCase())).size).toBe(objects);
  });

  it("fills every table with 20 to 100 rows of mixed types, through INSERTs into created tables only", () => {
    const script = generateSyntheticScript({ objects: 500, seed: 3 });
    const parsed = batches(script);
    const tables = new Set(parsed.filter((b) => b.kind === "TABLE").map((b) => b.name));
    const rows = new Map<string, number>();
    for (const b of parsed) {
      const insert = new RegExp(String.raw`^INSERT INTO ${NAME}`, "m").exec(b.text);
      if (!insert) continue;
      expect(tables.has(insert[1])).toBe(true);
      rows.set(
        insert[1]!,
        (rows.get(insert[1]!) ?? 0) + b.text.split("\n").filter((l) => l.startsWith("    (")).length,
      );
    }
    expect(rows.size).toBe(tables.size);
    for (const n of rows.values()) {
      expect(n).toBeGreaterThanOrEqual(20);
      expect(n).toBeLessThanOrEqual(100);
    }
    for (const type of ["money", "datetime", "nvarchar(50)", "bit"]) expect(script).toContain(`] ${type} NOT NULL`);
  });

  it("nests views 3 to 5 levels deep and reads only objects created earlier", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const depth = new Map<string, number>();
      let deepest = 0;
      for (const b of batches(generateSyntheticScript({ objects: 250, seed }))) {
        if (!b.kind) continue;
        for (const read of b.reads) expect(depth.has(read), `${b.name} reads ${read}`).toBe(true);
        const level =
          b.kind === "TABLE" ? 0 : Math.max(...b.reads.map((r) => depth.get(r)!)) + (b.kind === "VIEW" ? 1 : 0);
        depth.set(b.name!, level);
        if (b.kind === "VIEW") deepest = Math.max(deepest, level);
      }
      expect(deepest).toBeGreaterThanOrEqual(3);
      expect(deepest).toBeLessThanOrEqual(5);
    }
  });

  it("gives procedures parameters used in WHERE, and uses IF and TOP among them", () => {
    const procedures = batches(generateSyntheticScript({ objects: 1000, seed: 1 })).filter(
      (b) => b.kind === "PROCEDURE",
    );
    for (const p of procedures) expect(p.text).toMatch(/WHERE[^;]*@\w+/);
    expect(procedures.some((p) => /\bIF\b/.test(p.text))).toBe(true);
    expect(procedures.some((p) => /\bTOP \(@TopN\)/.test(p.text))).toBe(true);
    expect(procedures.some((p) => /\bELSE\b/.test(p.text))).toBe(true);
  });

  it("uses nothing non-deterministic and no date literal that depends on DATEFORMAT", () => {
    const script = generateSyntheticScript({ objects: 500, seed: 9 });
    expect(script).not.toMatch(/GETDATE|NEWID|SYSDATETIME|RAND\(/i);
    expect(script).not.toMatch(/'\d{1,2}\/\d{1,2}\/\d{4}/);
    expect(script).not.toMatch(/'\d{4}-\d{2}-\d{2}'/);
  });
});
