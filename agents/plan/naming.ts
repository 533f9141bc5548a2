import { isReservedWord, MAX_IDENTIFIER_BYTES, utf8Prefix } from "~/agents/dialect/postgres";

/**
 * Names: SQL Server object names → dbt names (PostgreSQL's reserved words and quoting: agents/dialect/postgres.ts).
 *
 * dbt names are snake_case (`Order Details` → `order_details`, `SalesByCategory` → `sales_by_category`,
 * `HTTPRequests` → `http_requests`, `名称` → `名称`); the database keeps the ORIGINAL names, so generated SQL and YAML
 * quote them.
 */

/**
 * snake_case: camelCase and acronyms split, accents dropped, letters of caseless scripts (Chinese, Japanese, Korean,
 * Arabic, Hebrew…: Unicode's "other letters") kept, every other run of characters → `_`. PostgreSQL reads such
 * letters in an unquoted name as they are (readsSameUnquoted), so `名称` keeps its meaning instead of becoming the
 * fallback. A combining mark (a Thai or Devanagari vowel sign) is not kept: sqlfluff cannot read one in an unquoted
 * name. The one implementation for every dbt name (models, sources, macros, columns); `fallback` names what has no
 * letter or digit kept. `ascii`: ASCII letters and digits only, for names our Jinja subset must read as identifiers
 * (macros).
 */
export function snakeCase(name: string, fallback = "object", options: { ascii?: boolean } = {}): string {
  const s = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    // Recomposed: a Hangul syllable or a kana with its voicing mark is one letter again.
    .normalize("NFC")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .replace(options.ascii ? /[^a-z0-9]+/g : /[^a-z0-9\p{Lo}]+/gu, "_")
    .replace(/^_+|_+$/g, "");
  return s || fallback;
}

/**
 * The PostgreSQL names of a relation's columns, given their SQL Server names in column order: snake_case, never
 * needing quotes. Deterministic, so every model that reads the relation and the evaluator (expected CSV headers)
 * derive the same names from the same list:
 * - a PostgreSQL reserved word gets a trailing `_` (`Order` → `order_`), a leading digit a leading `_`;
 * - a name longer than PostgreSQL keeps (MAX_IDENTIFIER_BYTES) is cut to fit, as PostgreSQL would otherwise cut it
 *   silently and two long names alike in their first 63 bytes would become one;
 * - names that collide after that (`OrderID` and `Order_ID`, or two `ID`s of a join, or two cut names) keep the
 *   first as is and number the later ones `_2`, `_3`… in column order (cut to make room for the number), skipping
 *   any name the list already uses.
 */
export function columnNames(names: readonly string[]): string[] {
  const base = names.map((n) => {
    const s = identifierSafe(snakeCase(n, "column"));
    return fitIdentifier(isReservedWord(s) ? `${s}_` : s);
  });
  const items = base.map((_, i) => ({ key: String(i) }));
  const assigned = new Map(base.map((b, i) => [String(i), b]));
  numberDuplicates(items, () => "", assigned, MAX_IDENTIFIER_BYTES);
  return items.map((i) => assigned.get(i.key)!);
}

/**
 * The most bytes of a table alias or CTE name: a table read without an alias is named by its own name, and a
 * 63-byte name in front of every column it qualifies leaves no line of a model within 80 columns.
 */
const MAX_ALIAS_LENGTH = 30;

/**
 * A table alias or CTE name as a model writes it: a column name (columnNames) cut to MAX_ALIAS_LENGTH after its
 * last whole word that fits (`quarterly_revenue_figures` for the 63-character name of a table read as is).
 * The caller keeps aliases unique within a model.
 */
export function aliasName(name: string): string {
  const alias = fitWords(columnNames([name])[0]!, MAX_ALIAS_LENGTH);
  return isReservedWord(alias) ? `${alias}_` : alias;
}

/** A snake_case name within `max` bytes of UTF-8, cut after its last whole word that fits (else within the word). */
export function fitWords(name: string, max: number): string {
  if (Buffer.byteLength(name, "utf8") <= max) return name;
  const cut = utf8Prefix(name, max + 1).lastIndexOf("_");
  return cut > 0 ? name.slice(0, cut) : fitIdentifier(name, max);
}

/** A snake_case name within `max` bytes of UTF-8: cut on a character boundary, without a trailing `_` the cut would leave. */
export function fitIdentifier(name: string, max = MAX_IDENTIFIER_BYTES): string {
  return Buffer.byteLength(name, "utf8") <= max ? name : utf8Prefix(name, max).replace(/_+$/, "");
}

/** A name usable as a Jinja/Python identifier and an unquoted SQL name: never starts with a digit. */
export function identifierSafe(name: string): string {
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/**
 * Macro names that would shadow dbt's context or Jinja syntax: a scalar function called `ref` or `if`
 * becomes `ref_fn`.
 */
export const RESERVED_MACRO_NAMES = new Set(
  (
    "ref source config var this is_incremental run_query statement load_result log print return env_var adapter " +
    "target exceptions modules builtins dbt model execute graph invocation_id schema database api context " +
    "set if for in is and or not true false none loop range dict list zip"
  ).split(" "),
);

export type NameRequest = {
  /** Catalog key of the object that wants the name. */
  key: string;
  kind: "table" | "view" | "procedure" | "function" | "trigger";
  schema: string;
  /** The snake_case entity, before any disambiguation. */
  entity: string;
  /** Requests compete only within a namespace. */
  namespace: string;
};

/** Which kind keeps the plain name when kinds collide: a view beats a procedure that beats a function. */
const KIND_PRECEDENCE = ["table", "view", "procedure", "function", "trigger"] as const;
export const KIND_SUFFIX: Record<NameRequest["kind"], string> = {
  table: "table",
  view: "view",
  procedure: "proc",
  function: "fn",
  trigger: "trigger",
};

/**
 * Unique entity names per namespace, deterministically (independent of input order):
 * 1. objects of different kinds: the kind first in KIND_PRECEDENCE keeps the name, others get a suffix
 *    (`Sales by Category` view → `sales_by_category`, `SalesByCategory` procedure → `sales_by_category_proc`);
 * 2. same kind, different schemas: objects outside dbo get their schema as a prefix (`sales_orders`);
 * 3. anything still colliding: `_2`, `_3`… in key order, the first key keeping the name.
 * Returns key → entity.
 */
export function uniqueEntities(requests: readonly NameRequest[]): Map<string, string> {
  const entity = new Map(requests.map((r) => [r.key, r.entity]));
  const sorted = [...requests].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const collisions = () => {
    const groups = new Map<string, NameRequest[]>();
    for (const r of sorted) {
      const id = `${r.namespace}\u0000${entity.get(r.key)}`;
      const list = groups.get(id) ?? [];
      list.push(r);
      groups.set(id, list);
    }
    return [...groups.values()].filter((g) => g.length > 1);
  };

  for (const group of collisions()) {
    const best = Math.min(...group.map((r) => KIND_PRECEDENCE.indexOf(r.kind)));
    for (const r of group)
      if (KIND_PRECEDENCE.indexOf(r.kind) !== best) entity.set(r.key, `${entity.get(r.key)}_${KIND_SUFFIX[r.kind]}`);
  }
  for (const group of collisions()) {
    const schemas = [...new Set(group.map((r) => r.schema.toLowerCase()))].sort();
    if (schemas.length < 2) continue;
    const keeper = schemas.includes("dbo") ? "dbo" : schemas[0];
    for (const r of group)
      if (r.schema.toLowerCase() !== keeper) entity.set(r.key, `${snakeCase(r.schema)}_${entity.get(r.key)}`);
  }
  numberDuplicates(sorted, (r) => r.namespace, entity);
  return entity;
}

/**
 * Gives `_2`, `_3`… to every item whose `names` value is already taken in its namespace, in the given order.
 * A suffixed name is itself checked against every name in use.
 */
export function numberDuplicates<T extends { key: string }>(
  items: readonly T[],
  namespaceOf: (item: T) => string,
  names: Map<string, string>,
  maxLength: number | ((name: string) => number) = Infinity,
): void {
  const used = new Set(items.map((i) => `${namespaceOf(i)}\u0000${names.get(i.key)}`));
  const kept = new Set<string>();
  const numbered = (name: string, n: number) =>
    `${fitIdentifier(name, (typeof maxLength === "number" ? maxLength : maxLength(name)) - `_${n}`.length)}_${n}`;
  for (const item of items) {
    const ns = namespaceOf(item);
    const name = names.get(item.key)!;
    const id = `${ns}\u0000${name}`;
    if (!kept.has(id)) {
      kept.add(id);
      continue;
    }
    let n = 2;
    while (used.has(`${ns}\u0000${numbered(name, n)}`)) n++;
    names.set(item.key, numbered(name, n));
    used.add(`${ns}\u0000${numbered(name, n)}`);
    kept.add(`${ns}\u0000${numbered(name, n)}`);
  }
}
