import { objectKey, type Catalog, type ObjectKind } from "~/agents/catalog/schema";
import type { Token } from "~/agents/tsql/lexer";

/**
 * Which catalog objects a piece of T-SQL refers to, from tokens alone (no parser).
 *
 * A name counts as an object reference only where T-SQL expects a table-like object: after FROM, JOIN,
 * APPLY, UPDATE, DELETE, MERGE, USING, INSERT/INTO, TRUNCATE TABLE, after a comma of a FROM list (at the
 * FROM's parenthesis depth), or after `(` that opens a nested join (`FROM (A JOIN (B …`). Elsewhere a name is
 * a column, an alias or a keyword, except a schema-qualified call `dbo.fn(…)` (scalar UDFs must be
 * qualified) and the target of EXEC. Two-part names elsewhere (`Orders.OrderID`) are column references and
 * are ignored: the table they qualify is named in a FROM clause anyway. CTE names, cursor names, temp
 * tables (`#t`), table variables (`@t`) and a trigger's `inserted`/`deleted` are never catalog objects.
 */

export type NameIndex = {
  byFull: Map<string, string>;
  byName: Map<string, string[]>;
  kindOf: Map<string, ObjectKind>;
};

export function buildNameIndex(catalog: Catalog): NameIndex {
  const byFull = new Map<string, string>();
  const byName = new Map<string, string[]>();
  const kindOf = new Map<string, ObjectKind>();
  const add = (kind: ObjectKind, schema: string, name: string) => {
    const key = objectKey(schema, name);
    if (byFull.has(key)) return;
    byFull.set(key, key);
    kindOf.set(key, kind);
    const list = byName.get(name.toLowerCase()) ?? [];
    list.push(key);
    byName.set(name.toLowerCase(), list);
  };
  for (const t of catalog.tables) add("table", t.schema, t.name);
  for (const v of catalog.views) add("view", v.schema, v.name);
  for (const p of catalog.procedures) add("procedure", p.schema, p.name);
  for (const f of catalog.functions) add("function", f.schema, f.name);
  for (const t of catalog.triggers) add("trigger", t.schema, t.name);
  // A synonym is another name for its target: a reference through it is a reference to the target.
  const index = { byFull, byName, kindOf };
  for (const synonym of catalog.synonyms) {
    const key = objectKey(synonym.schema, synonym.name);
    const target = resolveName(index, synonym.target, synonym.schema);
    if (!target || byFull.has(key)) continue;
    byFull.set(key, target);
    byName.set(synonym.name.toLowerCase(), [...(byName.get(synonym.name.toLowerCase()) ?? []), target]);
  }
  return index;
}

/**
 * Resolves a multi-part name (`[db].[dbo].[Order Details]`, `dbo.Orders`, `Orders`, `db..Orders`) the way
 * SQL Server does for an object in `fromSchema`: a qualified name must match exactly; a bare name is looked up
 * in the referencing object's schema, then dbo, then any schema (first by key).
 */
export function resolveName(index: NameIndex, parts: readonly string[], fromSchema: string): string | undefined {
  const name = parts[parts.length - 1];
  if (!name) return undefined;
  const schema = parts.length >= 2 ? parts[parts.length - 2] : "";
  if (schema) return index.byFull.get(objectKey(schema, name));
  const candidates = index.byName.get(name.toLowerCase());
  if (!candidates?.length) return undefined;
  if (candidates.length === 1) return candidates[0];
  return (
    candidates.find((k) => k === objectKey(fromSchema, name)) ??
    candidates.find((k) => k === objectKey("dbo", name)) ??
    [...candidates].sort()[0]
  );
}

export type References = {
  /** Objects read (FROM/JOIN/…, UPDATE/DELETE/MERGE targets, UDF calls), in first-seen order. */
  reads: string[];
  /** Objects only written (INSERT INTO t, SELECT … INTO t): not dependencies of a dbt model. */
  writes: string[];
  /** Objects changed in place (UPDATE, DELETE, MERGE, TRUNCATE targets): read, and also written. */
  modifies: string[];
  /** Procedures run with EXEC. */
  executes: string[];
  /** Names in object positions that match nothing in the catalog, as written (`dbo.Missing`). */
  unresolved: string[];
  /** EXEC targets that are not catalog procedures (system procedures excluded). */
  unresolvedExec: string[];
};

/** Reserved words that can sit where an object name is expected (`DELETE FROM`, `INSERT INTO`, `FROM (SELECT`). */
const RESERVED = new Set(
  (
    "SELECT FROM WHERE INTO VALUES SET TOP DISTINCT ALL AS ON JOIN INNER LEFT RIGHT FULL OUTER CROSS APPLY UNION " +
    "EXCEPT INTERSECT GROUP ORDER BY HAVING WITH TABLE INSERT UPDATE DELETE MERGE USING WHEN THEN ELSE END CASE " +
    "BEGIN IF WHILE RETURN DECLARE EXEC EXECUTE OUTPUT OPTION FOR DEFAULT NULL NOT AND OR EXISTS IN LIKE IS " +
    "PERCENT TIES OPENQUERY OPENROWSET OPENDATASOURCE"
  ).split(" "),
);

/** Keywords after which a name is a table-like object. */
const OBJECT_POSITION = new Set([
  "FROM",
  "JOIN",
  "APPLY",
  "UPDATE",
  "DELETE",
  "MERGE",
  "USING",
  "INTO",
  "INSERT",
  "TABLE",
]);

/** Keywords that end a FROM clause at its own parenthesis depth. */
const ENDS_FROM = new Set(
  (
    "WHERE GROUP ORDER HAVING UNION EXCEPT INTERSECT SELECT INSERT UPDATE DELETE SET IF ELSE WHILE BEGIN END " +
    "RETURN DECLARE EXEC EXECUTE OPTION FOR WINDOW MERGE OUTPUT OPEN FETCH CLOSE DEALLOCATE PRINT " +
    "RAISERROR THROW COMMIT ROLLBACK TRUNCATE"
  ).split(" "),
);

/** Row sources that look like tables but are built in (`FROM OPENJSON(@j)`) or system catalogs. */
const BUILTIN_SOURCES = new Set([
  "openjson",
  "openxml",
  "string_split",
  "generate_series",
  "openquery",
  "openrowset",
  "opendatasource",
  "containstable",
  "freetexttable",
]);
const SYSTEM_SCHEMAS = new Set(["sys", "information_schema", "tempdb", "master", "msdb"]);

const isName = (t: Token | undefined): t is Token => t?.type === "word" || t?.type === "quoted";
const isPunct = (t: Token | undefined, p: string) => t?.type === "punct" && t.text === p;
const upper = (t: Token | undefined) => (t?.type === "word" ? t.text.toUpperCase() : "");

/** Names introduced by the code itself that could shadow catalog objects: CTEs and cursors. */
export function localNames(sig: readonly Token[]): Set<string> {
  const names = new Set<string>();
  for (let i = 0; i < sig.length; i++) {
    const t = sig[i]!;
    if (!isName(t)) continue;
    const prev = sig[i - 1];
    // `WITH name [(cols)] AS (` or `), name [(cols)] AS (` starts a common table expression.
    if (upper(prev) === "WITH" || (isPunct(prev, ",") && isPunct(sig[i - 2], ")"))) {
      let j = i + 1;
      if (isPunct(sig[j], "(")) j = closingParen(sig, j) + 1;
      if (upper(sig[j]) === "AS" && isPunct(sig[j + 1], "(")) names.add(t.text.toLowerCase());
    }
    // `DECLARE name CURSOR`
    if (upper(prev) === "DECLARE" && upper(sig[i + 1]) === "CURSOR") names.add(t.text.toLowerCase());
  }
  return names;
}

/** Index of the `)` matching the `(` at `open` (or the last index when unbalanced). */
export function closingParen(sig: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < sig.length; i++) {
    if (isPunct(sig[i], "(")) depth++;
    else if (isPunct(sig[i], ")")) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return sig.length - 1;
}

export type ReferenceOptions = {
  /** Schema of the object whose code this is (for bare-name resolution). */
  schema: string;
  /** The object's own key, never its own dependency. */
  self?: string;
  /** Trigger bodies read the `inserted`/`deleted` pseudo-tables. */
  isTrigger?: boolean;
};

/** Finds the catalog objects that the significant tokens `sig` read, write and execute. */
export function findReferences(sig: readonly Token[], index: NameIndex, options: ReferenceOptions): References {
  const locals = localNames(sig);
  if (options.isTrigger) {
    locals.add("inserted");
    locals.add("deleted");
  }
  const reads = new Set<string>();
  const writes = new Set<string>();
  const modifies = new Set<string>();
  const executes = new Set<string>();
  const unresolved = new Set<string>();
  const unresolvedExec = new Set<string>();

  let depth = 0;
  /** Parenthesis depths at which a FROM clause is open (innermost last). */
  const fromDepths: number[] = [];

  for (let i = 0; i < sig.length; i++) {
    const t = sig[i]!;
    if (isPunct(t, "(")) {
      depth++;
      continue;
    }
    if (isPunct(t, ")")) {
      depth--;
      while (fromDepths.length && fromDepths[fromDepths.length - 1]! > depth) fromDepths.pop();
      continue;
    }
    if (isPunct(t, ";")) {
      fromDepths.length = 0;
      continue;
    }
    const word = upper(t);
    if (ENDS_FROM.has(word) || word === "FROM") {
      while (fromDepths.length && fromDepths[fromDepths.length - 1]! >= depth) fromDepths.pop();
      if (word === "FROM") fromDepths.push(depth);
    }
    if (!isName(t) || isPunct(sig[i - 1], ".")) continue;

    // Read the whole dotted chain: a.b.c, a..c
    const parts = [t.text];
    let j = i;
    while (isPunct(sig[j + 1], ".")) {
      const after = sig[j + 2];
      if (isName(after)) {
        parts.push(after.text);
        j += 2;
      } else if (isPunct(after, ".")) {
        parts.push("");
        j += 1;
      } else break;
    }
    const isCall = isPunct(sig[j + 1], "(");
    const chainEnd = j;
    const written = parts.join(".");

    // A single reserved word (`DELETE FROM`, `INSERT INTO`) is syntax, not a name.
    if (parts.length === 1 && t.type === "word" && RESERVED.has(word)) continue;

    const position = objectPosition(sig, i, depth, fromDepths);
    const resolved = resolveName(index, parts, options.schema);
    const isSelf = resolved !== undefined && resolved === options.self;

    if (position === "exec") {
      if (resolved && !isSelf) executes.add(resolved);
      else if (!resolved && !/^(sp|xp)_/i.test(parts[parts.length - 1]!)) unresolvedExec.add(written);
    } else if (position === "read" || position === "write" || position === "modify") {
      const local = parts.length === 1 && locals.has(t.text.toLowerCase());
      if (local) {
        // a CTE or cursor: not a catalog object
      } else if (resolved) {
        if (!isSelf) (position === "write" ? writes : reads).add(resolved);
        if (!isSelf && position === "modify") modifies.add(resolved);
      } else if (position !== "modify" && !isIgnorableSource(parts)) {
        // (an unresolved UPDATE/DELETE target is usually an alias: `UPDATE o SET … FROM Orders o`)
        unresolved.add(written);
      }
    } else if (isCall && parts.filter(Boolean).length >= 2 && resolved && index.kindOf.get(resolved) === "function") {
      if (!isSelf) reads.add(resolved);
    }
    i = chainEnd;
  }

  for (const w of reads) writes.delete(w);
  return {
    reads: [...reads],
    writes: [...writes],
    modifies: [...modifies],
    executes: [...executes],
    unresolved: [...unresolved],
    unresolvedExec: [...unresolvedExec],
  };
}

function isIgnorableSource(parts: readonly string[]): boolean {
  const name = parts[parts.length - 1]!.toLowerCase();
  const schema = (parts[parts.length - 2] ?? "").toLowerCase();
  return (
    BUILTIN_SOURCES.has(name) || SYSTEM_SCHEMAS.has(schema) || parts.some((p) => SYSTEM_SCHEMAS.has(p.toLowerCase()))
  );
}

/** What the name starting at `i` is, judging from the tokens before it. */
function objectPosition(
  sig: readonly Token[],
  i: number,
  depth: number,
  fromDepths: readonly number[],
): "read" | "write" | "modify" | "exec" | "other" {
  const prev = sig[i - 1];
  const p = upper(prev);
  if (p === "EXEC" || p === "EXECUTE") return "exec";
  // EXEC @rc = proc
  if (
    prev?.type === "operator" &&
    prev.text === "=" &&
    sig[i - 2]?.type === "variable" &&
    /^EXEC(UTE)?$/.test(upper(sig[i - 3]))
  )
    return "exec";
  if (p === "INSERT") return "write";
  if (p === "INTO") {
    // MERGE INTO t changes t; INSERT INTO t and SELECT … INTO t only write it.
    return upper(sig[i - 2]) === "MERGE" ? "modify" : "write";
  }
  if (p === "TABLE") return upper(sig[i - 2]) === "TRUNCATE" ? "modify" : "other";
  if (p === "UPDATE" || p === "DELETE" || p === "MERGE") return "modify";
  if (p === "FROM" && upper(sig[i - 2]) === "DELETE") return "modify";
  if (OBJECT_POSITION.has(p)) return "read";
  if (isPunct(prev, ",") && fromDepths.length && fromDepths[fromDepths.length - 1] === depth) return "read";
  if (isPunct(prev, "(")) {
    // FROM (A JOIN (B …: walk back over the opening parentheses to the keyword.
    let k = i - 1;
    while (isPunct(sig[k], "(")) k--;
    const before = upper(sig[k]);
    if (before === "FROM" || before === "JOIN") return "read";
    if (isPunct(sig[k], ",") && fromDepths.length && fromDepths[fromDepths.length - 1] === depth - (i - 1 - k))
      return "read";
  }
  return "other";
}
