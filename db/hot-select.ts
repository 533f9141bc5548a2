import { Column, is, noopDecoder, Placeholder, SQL } from "drizzle-orm";
import type { Database, Sql } from "./client";

type Decoder = { mapFromDriverValue(value: unknown): unknown };

/** The part of a Drizzle select this needs: its SQL, its flat selection, and the row type it resolves to. */
type FlatSelect<TRow> = PromiseLike<TRow[]> & {
  toSQL(): { sql: string; params: unknown[] };
  _: { selectedFields: Record<string, unknown> };
};

/**
 * A Drizzle select made into a prepared statement for the API's hottest reads (the migrations list and get, run on
 * every dashboard refresh and by scripts in loops). Drizzle builds the SQL and the row type as everywhere else; only
 * the row decoding is ours. Why: Drizzle's `execute()` re-resolves every field's decoder on every row with `is()`
 * prototype walks (through proxies, for a subquery's fields), which the CPU profile of `migrations.list` under
 * load put at 18 % of the request. Here decoders are resolved once, when the statement is prepared, fields that
 * need none are copied as they are, and each row is built by a function written for the selection (`compileRow`).
 * Only flat selections (no nested objects) are supported, which is all these reads use.
 */
export function prepareHotSelect<TRow>(client: Sql, query: FlatSelect<TRow>) {
  const { sql: text, params } = query.toSQL();
  const fields = Object.entries(query._.selectedFields);
  const keys = fields.map(([key]) => key);
  const decoders = fields.map(([key, field]) => {
    const decoder = decoderOf(key, field);
    // Most fields (text, uuid, enum, plain SQL) take the driver's value as it is: no call at all for those.
    return decoder === noopDecoder || decoder.mapFromDriverValue === Column.prototype.mapFromDriverValue
      ? null
      : decoder;
  });
  const toRow = compileRow(keys, decoders);
  // Each parameter is either a named placeholder, filled per call, or a value fixed when the query was built.
  const placeholders = params.map((param) => (is(param, Placeholder) ? param.name : null));

  return {
    async execute(values: Record<string, unknown>): Promise<TRow[]> {
      const args = params.map((param, i) => {
        const name = placeholders[i];
        if (name === null || name === undefined) return param;
        if (!(name in values)) throw new Error(`No value for placeholder "${name}"`);
        return values[name];
      });
      const rows = await client.unsafe(text, args as never[], { prepare: true }).values();
      return rows.map((row) => toRow(row) as TRow);
    },
  };
}

/** `prepare(db)`, run once per database handle: prepared statements belong to that handle's connections. */
export function oncePerDatabase<T>(prepare: (db: Database) => T): (db: Database) => T {
  const prepared = new WeakMap<Database, T>();
  return (db) => {
    let value = prepared.get(db);
    if (value === undefined) prepared.set(db, (value = prepare(db)));
    return value;
  };
}

function decoderOf(key: string, field: unknown): Decoder {
  if (is(field, Column)) return field;
  // `decoder` is what `sql<T>`…`.mapWith()` sets; Drizzle marks it internal but reads it the same way.
  if (is(field, SQL)) return (field as unknown as { decoder: Decoder }).decoder;
  if (is(field, SQL.Aliased)) return (field.sql as unknown as { decoder: Decoder }).decoder;
  throw new Error(`prepareHotSelect: field "${key}" is not a column or an SQL expression`);
}

/**
 * The function that turns one row of values into the row object, written out for these fields:
 * `v => ({ "id": v[0], "createdAt": v[1] === null ? null : d[1].mapFromDriverValue(v[1]), … })`.
 * Why generated: filling an object key by key in a loop is a keyed store V8 cannot specialise, and rows are built
 * on every request; an object literal gets one fixed shape (a list request's Node CPU fell by about 15 % in an
 * interleaved A/B). The keys are our own selection's, quoted as JSON.
 */
function compileRow(keys: string[], decoders: (Decoder | null)[]): (values: unknown[]) => Record<string, unknown> {
  const fields = keys.map((key, i) => {
    if (key === "__proto__") throw new Error('prepareHotSelect: a field cannot be named "__proto__"');
    return `${JSON.stringify(key)}: ${decoders[i] ? `v[${i}] === null ? null : d[${i}].mapFromDriverValue(v[${i}])` : `v[${i}]`}`;
  });
  const build = new Function("d", `return (v) => ({ ${fields.join(", ")} });`) as (
    d: (Decoder | null)[],
  ) => (values: unknown[]) => Record<string, unknown>;
  return build(decoders);
}
