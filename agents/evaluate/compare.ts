import type { Comparison, DataDiff, DiffRow } from "~/agents/core/contracts";
import { columnNames } from "~/agents/plan/naming";
import {
  canonical,
  compareDecimals,
  differsOnlyBelowMicroseconds,
  isJsonContainer,
  isXmlFragment,
  kindOfPgType,
  kindOfSqlServerType,
  parseDecimal,
  type ValueKind,
  valuesEqual,
} from "./values";

/** A result as text: the expected CSV, or a query's rows in PostgreSQL's text output. */
export type ResultSet = {
  /** `type` is the SQL Server type (expected side) or `pgType` the PostgreSQL type oid (actual side). */
  columns: { name: string; type?: string; pgType?: number }[];
  rows: (string | null)[][];
};

export type CompareOptions = {
  /** Compare the row sequence (the object's own ORDER BY); otherwise rows are a multiset. */
  ordered?: boolean;
  /** Make a different column order a mismatch; by default it is reported but not failed. */
  strictColumnOrder?: boolean;
  /** Most diff lines to produce (default 8). */
  maxDiffLines?: number;
  /**
   * Expected column names that identify a row (a table's primary key): rows are paired by them. Without a key, or
   * when it is not unique on both sides, rows are paired by their values.
   */
  key?: string[];
};

// A data diff keeps its first DIFF_ROWS differences, at most DIFF_CELLS values each cut to DIFF_VALUE_CHARS, so
// a wholly different million-row result (or five hundred of them) cannot bloat the stored artifacts: the first
// differences are what a person reads and downloads; the counts cover every row.
const DIFF_ROWS = 100;
const DIFF_CELLS = 2_000;
const DIFF_VALUE_CHARS = 200;

/**
 * Compares an actual result with the expected one by the fixtures READMEs' rules: columns matched by name
 * ignoring case, or by the snake_case name a model gives the expected (SQL Server) column — `columnNames` over the
 * expected header, the one function the translator names output columns with (exactly the expected set; order
 * reported), values by their expected column's kind (numbers
 * exact to 0.0001, bit = boolean, datetime to the millisecond, datetime2/time/datetimeoffset at full scale with
 * the offset, XML as XML, JSON text without layout whitespace, text exact, NULL only equal to NULL), rows as a
 * multiset unless `ordered`.
 */
export function compareResults(expected: ResultSet, actual: ResultSet, options: CompareOptions = {}): Comparison {
  const maxLines = options.maxDiffLines ?? 8;
  const counts = { expectedRows: expected.rows.length, actualRows: actual.rows.length };

  // Columns.
  const actualIndex = new Map<string, number>();
  const duplicates: string[] = [];
  actual.columns.forEach((c, i) => {
    const key = c.name.toLowerCase();
    if (actualIndex.has(key)) duplicates.push(c.name);
    else actualIndex.set(key, i);
  });
  const modelNames = columnNames(expected.columns.map((c) => c.name));
  const positionOf = (c: ResultSet["columns"][number], i: number) =>
    actualIndex.get(c.name.toLowerCase()) ?? actualIndex.get(modelNames[i]!);
  const matched = new Set(expected.columns.map(positionOf).filter((p) => p !== undefined));
  const missing = expected.columns.filter((c, i) => positionOf(c, i) === undefined).map((c) => c.name);
  const extra = actual.columns
    .filter((c, i) => !matched.has(actualIndex.get(c.name.toLowerCase()) ?? i))
    .map((c) => c.name);
  if (missing.length || extra.length || duplicates.length) {
    const diff: string[] = [];
    if (missing.length) diff.push(`missing column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`);
    if (extra.length) diff.push(`unexpected column${extra.length > 1 ? "s" : ""}: ${extra.join(", ")}`);
    if (duplicates.length) diff.push(`duplicate column${duplicates.length > 1 ? "s" : ""}: ${duplicates.join(", ")}`);
    diff.push(`expected columns: ${expected.columns.map((c) => c.name).join(", ")}`);
    diff.push(`actual columns: ${actual.columns.map((c) => c.name).join(", ")}`);
    return { status: "mismatch", ...counts, diff, reason: "the columns differ" };
  }

  const positions = expected.columns.map((c, i) => positionOf(c, i)!);
  const notes: string[] = [];
  const orderDiffers = positions.some((p, i) => p !== i);
  if (orderDiffers)
    notes.push(
      `column order differs: expected ${expected.columns.map((c) => c.name).join(", ")}; got ${actual.columns.map((c) => c.name).join(", ")}`,
    );

  const kinds: ValueKind[] = expected.columns.map((c, i) =>
    refineTextKind(
      c.type !== undefined ? kindOfSqlServerType(c.type) : kindOfPgType(actual.columns[positions[i]!]!.pgType),
      expected.rows.map((row) => row[i] ?? null),
    ),
  );
  const names = expected.columns.map((c) => c.name);
  const actualRows = actual.rows.map((row) => positions.map((p) => row[p] ?? null));

  const keyColumns = (options.key ?? []).map((k) => names.findIndex((n) => n.toLowerCase() === k.toLowerCase()));
  const byKey =
    !options.ordered && keyColumns.length > 0 && keyColumns.every((i) => i >= 0)
      ? compareByKey(expected.rows, actualRows, kinds, names, keyColumns, maxLines)
      : null;
  const rowDiff =
    byKey ??
    (options.ordered
      ? compareSequences(expected.rows, actualRows, kinds, names, maxLines)
      : compareMultisets(expected.rows, actualRows, kinds, names, maxLines));
  const details = dataDiff(
    expected.rows,
    actualRows,
    kinds,
    names,
    rowDiff,
    byKey ? keyColumns.map((i) => names[i]!) : [],
  );

  const diff = [...notes, ...rowDiff.lines].slice(0, Math.max(maxLines, notes.length + 1));
  if (rowDiff.reason) return { status: "mismatch", ...counts, diff, reason: rowDiff.reason, details };
  if (orderDiffers && options.strictColumnOrder)
    return { status: "mismatch", ...counts, diff, reason: "the columns come in a different order", details };
  return {
    status: "match",
    ...counts,
    diff,
    ...(orderDiffers ? { reason: "same data; the columns come in a different order" } : {}),
    details,
  };
}

/** The row pairing a comparison found, summed up per column, with its first differences side by side. */
function dataDiff(
  expected: Row[],
  actual: Row[],
  kinds: ValueKind[],
  names: string[],
  rowDiff: RowDiff,
  keyedBy: string[],
): DataDiff {
  const { pairs, missing, unexpected } = rowDiff;
  const columnMatches = kinds.map(
    (kind, c) =>
      expected.length -
      missing.length -
      pairs.filter(([e, a]) => !valuesEqual(expected[e]![c] ?? null, actual[a]![c] ?? null, kind)).length,
  );
  const cut = (row: Row) =>
    row.map((v) => (v !== null && v.length > DIFF_VALUE_CHARS ? `${v.slice(0, DIFF_VALUE_CHARS - 1)}…` : v));
  const every = names.map((_, i) => i);
  const all: (() => DiffRow)[] = [
    ...pairs.map(([e, a]) => () => ({
      kind: "differing" as const,
      expected: cut(expected[e]!),
      actual: cut(actual[a]!),
      differs: every.filter((c) => !valuesEqual(expected[e]![c] ?? null, actual[a]![c] ?? null, kinds[c]!)),
    })),
    ...[...missing]
      .sort((x, y) => x - y)
      .map((e) => () => ({
        kind: "only_expected" as const,
        expected: cut(expected[e]!),
        actual: null,
        differs: every,
      })),
    ...[...unexpected]
      .sort((x, y) => x - y)
      .map((a) => () => ({ kind: "only_actual" as const, expected: null, actual: cut(actual[a]!), differs: every })),
  ];
  const limit = Math.min(DIFF_ROWS, Math.max(10, Math.floor(DIFF_CELLS / Math.max(1, names.length))));
  return {
    columns: names,
    keyedBy,
    identical: expected.length - missing.length - pairs.length,
    differing: pairs.length,
    onlyExpected: missing.length,
    onlyActual: unexpected.length,
    columnMatches,
    rows: all.slice(0, limit).map((make) => make()),
    truncated: all.length > limit,
  };
}

/**
 * Rows paired by their key: a key on both sides is one row, identical or differing; a key on one side is a row only
 * that side has. Null when the key is not unique on both sides (then no row can be named by it).
 */
function compareByKey(
  expected: Row[],
  actual: Row[],
  kinds: ValueKind[],
  names: string[],
  keyColumns: number[],
  maxLines: number,
): RowDiff | null {
  const keyOf = (row: Row) =>
    keyColumns.map((i) => (row[i] === null ? "\u0001" : canonical(row[i]!, kinds[i]!))).join("\u0000");
  const index = (rows: Row[]) => {
    const map = new Map<string, number>();
    for (let i = 0; i < rows.length; i++) {
      const k = keyOf(rows[i]!);
      if (map.has(k)) return null;
      map.set(k, i);
    }
    return map;
  };
  const expectedIndex = index(expected);
  const actualIndex = index(actual);
  if (!expectedIndex || !actualIndex) return null;
  const pairs: [number, number][] = [];
  const missing: number[] = [];
  for (const [k, e] of expectedIndex) {
    const a = actualIndex.get(k);
    if (a === undefined) missing.push(e);
    else if (!rowsEqual(expected[e]!, actual[a]!, kinds)) pairs.push([e, a]);
  }
  const unexpected = [...actualIndex].filter(([k]) => !expectedIndex.has(k)).map(([, a]) => a);
  return rowDiffOf(pairs, missing, unexpected, expected, actual, kinds, names, maxLines);
}

/**
 * FOR JSON, JSON_OBJECT, JSON_ARRAY and FOR XML PATH return nvarchar, so the manifest types their columns as
 * text; the rules still compare them as JSON text and as XML. A text column is taken as JSON (or XML) when every
 * expected value in it is a JSON object or array (or well-formed XML with an element): plain text in the same
 * column, or no values at all, keeps it text, compared exactly.
 */
export function refineTextKind(kind: ValueKind, expectedValues: (string | null)[]): ValueKind {
  if (kind !== "text") return kind;
  const values = expectedValues.filter((v): v is string => v !== null);
  if (!values.length) return kind;
  if (values.every(isJsonContainer)) return "json";
  if (values.every(isXmlFragment)) return "xml";
  return kind;
}

/** How two results' rows pair up (indexes into the expected and actual rows) and its first lines for a person. */
type RowDiff = { lines: string[]; reason?: string; pairs: [number, number][]; missing: number[]; unexpected: number[] };
const NO_DIFFERENCE: RowDiff = { lines: [], pairs: [], missing: [], unexpected: [] };
type Row = (string | null)[];

function rowsEqual(a: Row, b: Row, kinds: ValueKind[]): boolean {
  return kinds.every((kind, i) => valuesEqual(a[i] ?? null, b[i] ?? null, kind));
}

function compareSequences(
  expected: Row[],
  actual: Row[],
  kinds: ValueKind[],
  names: string[],
  maxLines: number,
): RowDiff {
  const lines: string[] = [];
  const pairs: [number, number][] = [];
  const common = Math.min(expected.length, actual.length);
  for (let i = 0; i < common; i++) {
    if (rowsEqual(expected[i]!, actual[i]!, kinds)) continue;
    pairs.push([i, i]);
    if (lines.length < maxLines)
      lines.push(`row ${i + 1}: ${describeDifference(expected[i]!, actual[i]!, kinds, names)}`);
  }
  const differing = pairs.length;
  if (differing === 0 && expected.length === actual.length) return NO_DIFFERENCE;
  const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
  if (expected.length !== actual.length) {
    lines.unshift(`expected ${expected.length} rows, got ${actual.length}`);
    for (let i = common; i < expected.length && lines.length < maxLines; i++)
      lines.push(`row ${i + 1} missing: ${formatRow(expected[i]!, names)}`);
    for (let i = common; i < actual.length && lines.length < maxLines; i++)
      lines.push(`row ${i + 1} unexpected: ${formatRow(actual[i]!, names)}`);
  }
  // Same rows in another order is a different failure from different rows: say which.
  const asSet = compareMultisets(expected, actual, kinds, names, 0);
  const reason = asSet.reason
    ? expected.length !== actual.length
      ? `row count differs: expected ${expected.length}, got ${actual.length}`
      : `${differing} of ${expected.length} rows differ`
    : "same rows in a different order";
  return {
    lines: lines.slice(0, maxLines),
    reason,
    pairs,
    missing: range(common, expected.length),
    unexpected: range(common, actual.length),
  };
}

/**
 * Multiset comparison with a numeric tolerance. Exact matches on canonical text are taken first (a hash join);
 * what is left is grouped by its non-numeric columns and matched greedily within the tolerance; rows still
 * unmatched in the same group are shown side by side, the rest as missing or unexpected.
 */
function compareMultisets(
  expected: Row[],
  actual: Row[],
  kinds: ValueKind[],
  names: string[],
  maxLines: number,
): RowDiff {
  const key = (row: Row, columns: number[]) =>
    columns.map((i) => (row[i] === null ? "\u0001" : canonical(row[i]!, kinds[i]!))).join("\u0000");
  const all = kinds.map((_, i) => i);
  const pool = new Map<string, number[]>();
  actual.forEach((row, index) => {
    const k = key(row, all);
    const list = pool.get(k);
    if (list) list.push(index);
    else pool.set(k, [index]);
  });
  const unmatchedExpected: number[] = [];
  expected.forEach((row, index) => {
    const list = pool.get(key(row, all));
    if (list?.length) list.pop();
    else unmatchedExpected.push(index);
  });
  const unmatchedActual = [...pool.values()].flat().sort((a, b) => a - b);
  if (unmatchedExpected.length === 0 && unmatchedActual.length === 0) return NO_DIFFERENCE;

  // Tolerance pass, within groups that agree on every non-numeric column. In a group that has leftovers, all
  // its rows (exact matches included) are first paired in sorted order: for one numeric column that is an
  // optimal matching, where taking exact matches first can strand a row (1.0 ~ 1.00009 ~ 1.00018). Failing
  // that, leftovers are matched greedily.
  const exactColumns = all.filter((i) => kinds[i] !== "number");
  const numberColumns = all.filter((i) => kinds[i] === "number");
  const groups = new Map<
    string,
    { expected: number[]; actual: number[]; all: { expected: number[]; actual: number[] } }
  >();
  const group = (k: string) => {
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { expected: [], actual: [], all: { expected: [], actual: [] } }));
    return g;
  };
  for (const i of unmatchedExpected) group(key(expected[i]!, exactColumns)).expected.push(i);
  for (const i of unmatchedActual) group(key(actual[i]!, exactColumns)).actual.push(i);
  expected.forEach((row, i) => groups.get(key(row, exactColumns))?.all.expected.push(i));
  actual.forEach((row, i) => groups.get(key(row, exactColumns))?.all.actual.push(i));
  const byNumbers = (rows: Row[]) => (a: number, b: number) => {
    for (const c of numberColumns) {
      const x = rows[a]![c] ?? null;
      const y = rows[b]![c] ?? null;
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      const dx = parseDecimal(x);
      const dy = parseDecimal(y);
      const order = dx && dy ? compareDecimals(dx, dy) : x < y ? -1 : 1;
      if (order !== 0) return order;
    }
    return 0;
  };

  const missing: number[] = [];
  const unexpected: number[] = [];
  const pairs: [number, number][] = [];
  for (const g of groups.values()) {
    if (g.all.expected.length === g.all.actual.length) {
      const e = g.all.expected.sort(byNumbers(expected));
      const a = g.all.actual.sort(byNumbers(actual));
      if (e.every((row, i) => rowsEqual(expected[row]!, actual[a[i]!]!, kinds))) continue;
    }
    g.expected.sort(byNumbers(expected));
    g.actual.sort(byNumbers(actual));
    const used = new Set<number>();
    const left: number[] = [];
    for (const e of g.expected) {
      const match = g.actual.find((a) => !used.has(a) && rowsEqual(expected[e]!, actual[a]!, kinds));
      if (match === undefined) left.push(e);
      else used.add(match);
    }
    const right = g.actual.filter((a) => !used.has(a));
    const paired = Math.min(left.length, right.length);
    for (let i = 0; i < paired; i++) pairs.push([left[i]!, right[i]!]);
    missing.push(...left.slice(paired));
    unexpected.push(...right.slice(paired));
  }
  if (pairs.length === 0 && missing.length === 0 && unexpected.length === 0) return NO_DIFFERENCE;
  pairLeftovers(missing, unexpected, expected, actual, kinds, pairs);
  return rowDiffOf(pairs, missing, unexpected, expected, actual, kinds, names, maxLines);
}

function rowDiffOf(
  pairs: [number, number][],
  missing: number[],
  unexpected: number[],
  expected: Row[],
  actual: Row[],
  kinds: ValueKind[],
  names: string[],
  maxLines: number,
): RowDiff {
  if (pairs.length === 0 && missing.length === 0 && unexpected.length === 0) return NO_DIFFERENCE;
  const lines: string[] = [];
  for (const [e, a] of pairs)
    if (lines.length < maxLines) lines.push(describeDifference(expected[e]!, actual[a]!, kinds, names));
  for (const e of missing.sort((x, y) => x - y))
    if (lines.length < maxLines) lines.push(`missing row: ${formatRow(expected[e]!, names)}`);
  for (const a of unexpected.sort((x, y) => x - y))
    if (lines.length < maxLines) lines.push(`unexpected row: ${formatRow(actual[a]!, names)}`);
  const wrong = pairs.length + Math.max(missing.length, unexpected.length);
  const reason =
    expected.length !== actual.length
      ? `row count differs: expected ${expected.length}, got ${actual.length}`
      : `${wrong} of ${expected.length} rows differ`;
  return { lines, reason, pairs, missing, unexpected };
}

/**
 * Rows left over on both sides that differ in a non-numeric column (a date-time, a text) would only show as a
 * missing and an unexpected row. Pairing each with the leftover that agrees with it on the most columns (at least
 * one; or the only row on each side) shows the differing value side by side instead. Bounded, as it is quadratic.
 */
function pairLeftovers(
  missing: number[],
  unexpected: number[],
  expected: Row[],
  actual: Row[],
  kinds: ValueKind[],
  pairs: [number, number][],
): void {
  if (!missing.length || !unexpected.length || missing.length * unexpected.length > 40_000) return;
  const only = missing.length === 1 && unexpected.length === 1;
  const taken = new Set<number>();
  const unpaired: number[] = [];
  for (const e of missing.sort((x, y) => x - y)) {
    let best = -1;
    let bestScore = only ? -1 : 0;
    for (const a of unexpected) {
      if (taken.has(a)) continue;
      const score = kinds.filter((kind, i) => valuesEqual(expected[e]![i] ?? null, actual[a]![i] ?? null, kind)).length;
      if (score > bestScore) [best, bestScore] = [a, score];
    }
    if (best < 0) unpaired.push(e);
    else {
      taken.add(best);
      pairs.push([e, best]);
    }
  }
  missing.splice(0, missing.length, ...unpaired);
  const left = unexpected.filter((a) => !taken.has(a));
  unexpected.splice(0, unexpected.length, ...left);
}

/** `OrderID=10351, ProductID=44: ExtendedPrice expected 1133.82, got 1133.83` (context: up to 3 equal columns). */
function describeDifference(expected: Row, actual: Row, kinds: ValueKind[], names: string[]): string {
  const differing: string[] = [];
  const equal: number[] = [];
  kinds.forEach((kind, i) => {
    const e = expected[i] ?? null;
    const a = actual[i] ?? null;
    if (valuesEqual(e, a, kind)) equal.push(i);
    else {
      // When the 100 ns digit is the whole difference, say that PostgreSQL cannot hold it, so the reader does
      // not hunt for a translation bug.
      const why =
        e !== null && a !== null && differsOnlyBelowMicroseconds(e, a, kind)
          ? " (PostgreSQL keeps microseconds; the 7th fractional digit cannot be represented)"
          : "";
      differing.push(`${names[i]} expected ${show(e)}, got ${show(a)}${why}`);
    }
  });
  // Identify the row by its key-like columns (…ID) first, then by the leftmost ones.
  const isKey = (i: number) => /id$/i.test(names[i]!);
  const context = [...equal.filter(isKey), ...equal.filter((i) => !isKey(i))]
    .slice(0, 3)
    .sort((a, b) => a - b)
    .map((i) => `${names[i]}=${show(expected[i] ?? null)}`);
  return truncate(`${context.length ? `${context.join(", ")}: ` : ""}${differing.join("; ")}`);
}

function formatRow(row: Row, names: string[]): string {
  return truncate(`(${names.map((n, i) => `${n}=${show(row[i] ?? null)}`).join(", ")})`);
}

function show(value: string | null): string {
  if (value === null) return "NULL";
  return /^-?\d+(\.\d+)?$/.test(value) ? value : JSON.stringify(value);
}

function truncate(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
