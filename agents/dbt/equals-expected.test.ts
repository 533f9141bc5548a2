import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonical, type ValueKind } from "~/agents/evaluate/values";
import { sqlString } from "~/agents/escape";
import { createTestDatabase } from "~/db/testing";
import { EQUALS_EXPECTED_MACRO, EQUALS_EXPECTED_TEST } from "./equals-expected";
import { compileModel, parseMacros } from "./jinja";

/**
 * The equality test's SQL reduces each value to the canonical text the Evaluator compares
 * (agents/evaluate/values.ts): checked here value by value on real PostgreSQL, against `canonical` itself.
 */

const macros = parseMacros(EQUALS_EXPECTED_MACRO);
const comparable = (expression: string, kind: ValueKind) =>
  compileModel(`{{ datamigrate__comparable(${JSON.stringify(expression)}, '${kind}') }}`, { macros }).sql;

const SAMPLES: Record<Exclude<ValueKind, "number" | "xml">, (string | null)[]> = {
  bit: ["1", "0", "true", "False", " t ", "F", "2", "yes", null],
  datetime: [
    "1996-07-04 00:00:00.000",
    "1996-07-04T13:10:10.1239",
    "1996-07-04 13:10",
    "1996-07-04",
    "2007-05-08 12:35:29+00",
    "2007-05-08 12:35:29 -08:00",
    "not a date",
    null,
  ],
  datetime2: [
    "2007-05-08 12:35:29.1234567",
    "2007-05-08 12:35:29.5",
    "2007-05-08T12:35:29",
    "2007-05-08 12:35:29.12345670",
    "2007-05-08 12:35:29.123456789",
    "2007-05-08 12:35:29+05:30",
    "2007-05-08",
    null,
  ],
  date: [
    "2007-05-08",
    "2007-05-08 00:00:00.000",
    "2007-05-08 00:00:00.0000001",
    "2007-05-08 10:00:00",
    "2007-05-08 00:00:00+02",
    null,
  ],
  time: ["12:35:29.1234567", "12:35", "12:35:29", " 12:35:29.5 ", "12:35:29.12345678", "25 hours", null],
  datetimeoffset: [
    "2007-05-08 12:35:29.1234567 +12:15",
    "2007-05-08 12:35:29.12345+12:15",
    "2007-05-08 12:35:29+00",
    "2007-05-08 12:35:29 -0800",
    "2007-05-08 12:35:29Z",
    "2007-05-08 12:35:29 -00:00",
    "1900-01-01 00:00:00+00:53:28",
    "2007-05-08 12:35:29",
    null,
  ],
  binary: ["0x0A1B", "\\x0a1b", "0X0A", "0x", "abc", null],
  uuid: ["6F9619FF-8B86-D011-B42D-00C04FC964FF", "6f9619ff-8b86-d011-b42d-00c04fc964ff", null],
  json: ['{"a": 1, "b" : [1, 2]}', '[ {"s": "x  y"} ,\n {"t":"a\\"  b"} ]', '{"a":1}', null],
  text: ["Rock", "rock", " padded ", "", "00123", "NULL", null],
};

describe("the equality test's canonical values", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await db.drop();
  });

  const canonicalInSql = async (values: (string | null)[], kind: ValueKind, type = "text") => {
    const rows = values.map((v, i) => `(${i}, cast(${v === null ? "null" : sqlString(v)} as ${type}))`).join(", ");
    const result = await db.sql.unsafe(
      `select ${comparable("v", kind)} as c from (values ${rows}) as t(i, v) order by i`,
    );
    return result.map((r) => r.c as string | null);
  };

  for (const [kind, values] of Object.entries(SAMPLES) as [ValueKind, (string | null)[]][]) {
    it(`gives the Evaluator's canonical text for ${kind} values, as text`, async () => {
      expect(await canonicalInSql(values, kind)).toEqual(values.map((v) => (v === null ? null : canonical(v, kind))));
    });
  }

  it("reads PostgreSQL's own types as the Evaluator reads their text output", async () => {
    expect(await canonicalInSql(["2007-05-08 12:35:29.123456"], "datetime2", "timestamp")).toEqual([
      "2007-05-08 12:35:29.1234560",
    ]);
    expect(await canonicalInSql(["2007-05-08 12:35:29.1236"], "datetime", "timestamp(4)")).toEqual([
      "2007-05-08 12:35:29.123",
    ]);
    expect(await canonicalInSql(["2007-05-08"], "datetime2", "date")).toEqual(["2007-05-08 00:00:00.0000000"]);
    expect(await canonicalInSql(["true", "false"], "bit", "boolean")).toEqual(["1", "0"]);
    expect(await canonicalInSql(["\\x0A1B"], "binary", "bytea")).toEqual(["0a1b"]);
    // A char(n) keeps its padding, as in the Evaluator's text comparison (a cast to text would drop it).
    expect(await canonicalInSql(["ab"], "text", "char(4)")).toEqual(["ab  "]);
  });

  it("compares numbers within 0.0001 and never wider: both sides rounded to 4 decimals", async () => {
    expect(await canonicalInSql(["1133.82", "1133.8200000001", "1.5e-05", "440"], "number")).toEqual([
      "1133.8200",
      "1133.8200",
      "0.0000",
      "440.0000",
    ]);
    expect(await canonicalInSql(["0.30000000000000004"], "number", "double precision")).toEqual(["0.3000"]);
    expect(await canonicalInSql(["1133.8300"], "number", "money")).toEqual(["1133.8300"]);
  });

  it("compares text byte for byte under a case-insensitive column collation", async () => {
    await db.sql.unsafe(
      `create collation if not exists ci_test (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`,
    );
    const [row] = await db.sql.unsafe(
      `select (${comparable("a", "text")}) = (${comparable("b", "text")}) as same from (select 'Rock' collate ci_test as a, 'rock' collate ci_test as b) as t`,
    );
    expect(row!.same).toBe(false);
  });

  describe("the test itself", () => {
    beforeAll(async () => {
      await db.sql.unsafe(
        `create table model_rows ("RowId" int, "Name" text); insert into model_rows values (1, 'a'), (2, 'b'), (2, 'b')`,
      );
      await db.sql.unsafe(
        `create table seed_rows (row_id numeric, name text); insert into seed_rows values (1, 'a'), (2, 'b'), (3, 'c')`,
      );
      await db.sql.unsafe(
        `create table seed_order (row_id numeric, name text); insert into seed_order values (2, 'b'), (1, 'a'), (2, 'b')`,
      );
      await db.sql.unsafe(
        `create table model_snake (row_id int, name text); insert into model_snake select * from model_rows`,
      );
      await db.sql.unsafe(
        `create table model_extra ("ROWID" int, "Name" text, "Other" int); insert into model_extra select *, 0 from model_rows`,
      );
      await db.sql.unsafe(
        `create table model_missing ("RowId" int); insert into model_missing select "RowId" from model_rows`,
      );
    });
    // A seed's columns have the translator's names (seeds.ts), the model's may have SQL Server's.
    const differences = async (model: string, seed: string, ordered = false) => {
      const columns = `[{'name': 'RowId', 'kind': 'number', 'model_name': 'row_id'}, {'name': 'Name', 'kind': 'text', 'model_name': 'name'}]`;
      const sql = compileModel(
        `{{ test_${EQUALS_EXPECTED_TEST}(model='${model}', expected='${seed}', columns=${columns}, ordered=${ordered ? "true" : "false"}) }}`,
        { macros },
      ).sql;
      return (await db.sql.unsafe(`${sql} order by 1, 2`)).map((r) => [r.datamigrate__difference, r.row_id, r.name]);
    };

    it("returns the rows missing from the model and those it should not have, as a multiset", async () => {
      expect(await differences("model_rows", "seed_rows")).toEqual([
        ["missing", "3.0000", "c"],
        ["unexpected", "2.0000", "b"],
      ]);
      expect(await differences("model_rows", "seed_order")).toEqual([]);
    });

    it("compares the order when the original defines one", async () => {
      expect((await differences("model_rows", "seed_order", true)).length).toBeGreaterThan(0);
    });

    it("finds the model's columns as the Evaluator does (name ignoring case, else the translator's snake_case name)", async () => {
      expect(await differences("model_snake", "seed_order")).toEqual([]);
      expect(await differences("model_extra", "seed_order")).toEqual([["unexpected column Other", null, null]]);
      expect(await differences("model_missing", "seed_order")).toContainEqual(["missing column Name", null, null]);
    });
  });
});
