import type { Column, Diagnostic, Table } from "~/agents/catalog/schema";
import { tsqlString } from "~/agents/escape";
import { significant, tokenize } from "~/agents/tsql/lexer";
import type { Draft, Literal } from "./drafts";
import type { DateFormat } from "~/agents/tsql/date-formats";
import { readValue } from "./insert-data";
import { TokenReader } from "./reader";
import { normaliseValue, type ValueResult } from "./values";
import { typeToString } from "~/agents/tsql/type-rules";

type InsertDraft = Extract<Draft, { kind: "insert" }>;
type Row = (string | null)[];

/** A table being assembled: the catalog table plus its rows, aligned with `table.columns`. */
export type TableState = {
  table: Table;
  rows: Row[];
  /** Whether any INSERT targeted the table (an empty `data` then still says "read, no rows"). */
  inserted: boolean;
  /** Last identity value handed out or inserted explicitly. */
  identityCurrent?: number;
  /** The line of the last INSERT (in `linesFile`) whose rows took identity values numbered here. */
  lastNumbered?: number;
  /** Default constraint name (lower-case) → column, for DROP CONSTRAINT. */
  defaultNames: Map<string, string>;
  /** Lower-case column name → index; dropped whenever columns are added or removed. */
  columnIndex?: Map<string, number>;
  /** Per row (aligned with `rows`), the line of the INSERT statement that gave it. */
  lines: number[];
  /** The file of those INSERTs; null once they come from more than one (an SSDT project's seed scripts). */
  linesFile?: string | null;
  /**
   * Row index → lower-case names of the columns whose value the column's DEFAULT gives and only the server can
   * compute (`getdate()`, `newid()`): the row holds NULL there and the sandbox fills it. Names, not indexes, so
   * ALTER TABLE … DROP COLUMN cannot shift them.
   */
  serverDefaults: Map<number, string[]>;
  /** INSERT statements into the table whose rows the script does not spell out (INSERT … SELECT, … EXEC). */
  unloaded: NonNullable<Table["data"]>["unloaded"] & {};
};

const UNINSERTABLE = new Set(["timestamp", "rowversion"]);
const VARIABLE = /(^|[^\w@])@\w/;

export const findColumn = (table: Table, name: string) =>
  table.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());

/** findColumn through a cached map: INSERT-heavy scripts look columns up once per value. */
export function columnIndexOf(state: TableState, name: string): number {
  if (!state.columnIndex) {
    state.columnIndex = new Map();
    state.table.columns.forEach((c, i) => state.columnIndex!.set(c.name.toLowerCase(), i));
  }
  return state.columnIndex.get(name.toLowerCase()) ?? -1;
}

/**
 * Appends an INSERT's rows to the table, as SQL Server would store them: omitted columns get their
 * identity value or literal default (a default only the server can compute, `getdate()`, is left to the
 * sandbox: see `serverDefaults`), and a statement with a value SQL Server rejects (a bad date, text
 * too long, NULL into NOT NULL) adds no rows at all, because a failed INSERT is atomic.
 */
export function applyInsert(state: TableState, draft: InsertDraft, diagnostics: Diagnostic[]) {
  const { table } = state;
  const where = `INSERT INTO ${table.schema}.${table.name} (line ${draft.location.line})`;
  const { file, line } = draft.location;

  let targets: number[];
  if (draft.columns) {
    targets = [];
    for (const name of draft.columns) {
      const index = columnIndexOf(state, name);
      if (index === -1)
        return report(diagnostics, file, line, "error", `${where} was not loaded: ${table.name} has no column ${name}`);
      if (table.columns[index]!.computed)
        return report(diagnostics, file, line, "error", `${where} was not loaded: ${name} is a computed column`);
      if (targets.includes(index))
        return report(diagnostics, file, line, "error", `${where} was not loaded: column ${name} is listed twice`);
      targets.push(index);
    }
  } else {
    targets = table.columns.flatMap((c, i) => (c.computed || c.identity || UNINSERTABLE.has(c.type.name) ? [] : [i]));
  }
  state.inserted = true;

  // Values read from variables (`VALUES (@i, @i * @i)` in a WHILE loop or procedural code) make rows the script
  // does not spell out: how many, and with what values, depends on running it. Storing one row of NULLs would be
  // silently wrong, so the statement is recorded on the table instead and whatever reads it is flagged.
  // The texts have the variables whose value their DECLARE gives replaced by it (see BatchVariables).
  const texts = draft.texts?.flat();
  const variable = draft.rows.flat().find((l, k) => l.kind === "unsupported" && VARIABLE.test(texts?.[k] ?? l.value));
  if (variable) {
    state.unloaded.push({
      line,
      ...ownFile(state, file),
      reason: "INSERT … VALUES computed from variables (a loop or procedural code)",
      ...guardOf(draft),
    });
    return report(
      diagnostics,
      file,
      line,
      "warning",
      `${where}: its values are computed from variables (${variable.value}); no rows were taken from this statement`,
    );
  }

  // Under IF / ELSE the rows are stored only when the conditions hold, which the sandbox tells at the statement's place.
  if (draft.texts || draft.guard) return computeInSandbox(state, draft, targets, diagnostics);

  const rows: Row[] = [];
  const serverDefaults = new Map<number, string[]>();
  const byServer = (row: number, column: Column) => {
    const names = serverDefaults.get(row) ?? [];
    names.push(column.name.toLowerCase());
    serverDefaults.set(row, names);
  };
  let identity = state.identityCurrent;
  let numbered = false;
  const identityIndex = table.columns.findIndex((c) => c.identity);
  const unevaluated = new Set<string>();
  for (let repeat = 0; repeat < draft.repeat; repeat++) {
    for (const literals of draft.rows) {
      if (literals.length !== targets.length) {
        return report(
          diagnostics,
          file,
          line,
          "error",
          `${where} was not loaded: ${literals.length} values for ${targets.length} columns`,
        );
      }
      const row: (string | null | undefined)[] = new Array(table.columns.length).fill(undefined);
      for (let k = 0; k < targets.length; k++) {
        const column = table.columns[targets[k]!]!;
        const literal = literals[k]!;
        let result: ValueResult;
        if (literal.kind === "unsupported") {
          unevaluated.add(`${column.name} = ${literal.value}`);
          result = { value: null };
        } else if (literal.kind === "default" && computedByServer(column)) {
          byServer(rows.length, column);
          result = { value: null };
        } else if (literal.kind === "default") result = defaultValue(column, draft.dateFormat, unevaluated);
        else if (literal.kind === "null" && !column.nullable) result = { error: "NULL into a NOT NULL column" };
        else result = normaliseValue(literal, column.type, draft.dateFormat);
        if ("error" in result)
          return report(diagnostics, file, line, "warning", rejected(where, `column ${column.name}: ${result.error}`));
        row[targets[k]!] = result.value;
      }
      if (identityIndex !== -1) {
        const column = table.columns[identityIndex]!;
        const explicit = row[identityIndex];
        if (explicit === undefined) {
          identity = identity === undefined ? column.identity!.seed : identity + column.identity!.increment;
          row[identityIndex] = String(identity);
          numbered = true;
        } else if (explicit !== null) {
          const value = Number(explicit);
          const increasing = column.identity!.increment >= 0;
          if (identity === undefined || (increasing ? value > identity : value < identity)) identity = value;
        }
      }
      for (let c = 0; c < row.length; c++) {
        if (row[c] !== undefined) continue;
        const column = table.columns[c]!;
        if (column.computed || UNINSERTABLE.has(column.type.name)) {
          row[c] = null;
          continue;
        }
        if (computedByServer(column)) {
          byServer(rows.length, column);
          row[c] = null;
          continue;
        }
        const fallback =
          column.default === undefined ? { value: null } : defaultValue(column, draft.dateFormat, unevaluated);
        if ("error" in fallback)
          return report(
            diagnostics,
            file,
            line,
            "warning",
            `${where} was not loaded: default of ${column.name}: ${fallback.error}`,
          );
        if (fallback.value === null && !column.nullable && column.default === undefined) {
          return report(
            diagnostics,
            file,
            line,
            "warning",
            rejected(where, `${column.name} is NOT NULL and has no value or default`),
          );
        }
        row[c] = fallback.value;
      }
      rows.push(row as Row);
    }
  }
  for (const what of unevaluated)
    report(
      diagnostics,
      file,
      line,
      "warning",
      `${where}: ${what} cannot be evaluated from the script; NULL was stored`,
    );
  state.identityCurrent = identity;
  if (numbered) state.lastNumbered = line;
  const first = state.rows.length;
  if (rows.length) state.linesFile = state.linesFile === undefined || state.linesFile === file ? file : null;
  for (const row of rows) {
    state.rows.push(row);
    state.lines.push(line);
  }
  for (const [index, names] of serverDefaults) state.serverDefaults.set(first + index, names);
}

/**
 * An INSERT … VALUES with values SQL Server computes (a subquery, arithmetic, a function call), or one under IF /
 * ELSE: storing NULL for them, or rows the condition may not let in, would be silently wrong, so the statement goes
 * on the table as the INSERT … SELECT of its rows, each value cast to its column's type as INSERT converts it (docs:
 * insert-transact-sql.md, VALUES), which the sandbox runs set-based in script order once the tables it reads are
 * loaded. Identity values are handed out here, as for literal rows, so rows inserted after it keep SQL Server's
 * numbers; under IF / ELSE only the sandbox knows whether it takes any, so PostgreSQL hands them out there.
 */
function computeInSandbox(state: TableState, draft: InsertDraft, targets: number[], diagnostics: Diagnostic[]) {
  const { table } = state;
  const { file, line } = draft.location;
  const where = `INSERT INTO ${table.schema}.${table.name} (line ${line})`;
  const reason = `INSERT … VALUES${draft.texts ? " computed by expressions" : ""}${draft.guard ? " under IF / ELSE" : ""}`;
  const guard = guardOf(draft);
  // DEFAULT is not an expression a SELECT can hold, nor is a row of no columns.
  if (
    targets.length === 0 ||
    draft.rows.some((row) => row.length !== targets.length || row.some((l) => l.kind === "default"))
  ) {
    state.unloaded.push({ line, ...ownFile(state, file), reason, ...guard });
    return report(diagnostics, file, line, "warning", `${where}: its rows cannot be computed; no rows were taken`);
  }
  const identityIndex = table.columns.findIndex((c) => c.identity);
  const numbered = identityIndex !== -1 && !targets.includes(identityIndex) && !draft.guard;
  const columns = [...(numbered ? [identityIndex] : []), ...targets];
  // The plain literals are read here, as for literal rows: under the INSERT's DATEFORMAT, into canonical text.
  const rows: string[][] = [];
  for (let r = 0; r < draft.rows.length; r++) {
    const row: string[] = [];
    for (let k = 0; k < targets.length; k++) {
      const literal = draft.rows[r]![k]!;
      const column = table.columns[targets[k]!]!;
      if (literal.kind === "unsupported" || literal.kind === "binary") {
        row.push(draft.texts?.[r]?.[k] ?? `0x${literal.value}`);
        continue;
      }
      const result = literal.kind === "null" ? { value: null } : normaliseValue(literal, column.type, draft.dateFormat);
      if ("error" in result)
        return report(diagnostics, file, line, "warning", rejected(where, `column ${column.name}: ${result.error}`));
      row.push(result.value === null ? "NULL" : tsqlString(result.value));
    }
    rows.push(row);
  }
  let identity = state.identityCurrent;
  const selects: string[] = [];
  for (let repeat = 0; repeat < draft.repeat; repeat++) {
    for (const row of rows) {
      const values = [...row];
      if (numbered) {
        const step = table.columns[identityIndex]!.identity!;
        identity = identity === undefined ? step.seed : identity + step.increment;
        values.unshift(String(identity));
      }
      selects.push(
        `SELECT ${values.map((v, k) => `CAST(${v} AS ${typeToString(table.columns[columns[k]!]!.type)})`).join(", ")}`,
      );
    }
  }
  // An explicit identity value (SET IDENTITY_INSERT ON) moves the counter as for literal rows, when it is a number.
  const explicit = targets.indexOf(identityIndex);
  for (const row of identityIndex === -1 || explicit === -1 || draft.guard ? [] : draft.rows) {
    const value = row[explicit]!.kind === "number" ? Number(row[explicit]!.value) : undefined;
    const increasing = table.columns[identityIndex]!.identity!.increment >= 0;
    if (value !== undefined && (identity === undefined || (increasing ? value > identity : value < identity)))
      identity = value;
  }
  state.identityCurrent = identity;
  state.unloaded.push({
    line,
    ...ownFile(state, file),
    reason,
    ...(numbered ? { numbered } : {}),
    columns: columns.map((c) => table.columns[c]!.name),
    select: selects.join("\nUNION ALL\n"),
    selectLine: line,
    ...guard,
  });
  const computed = draft.rows.flat().find((l) => l.kind === "unsupported")?.value;
  const how = draft.guard
    ? "when its IF / ELSE conditions hold, the sandbox inserts its rows"
    : "the sandbox computes its rows";
  report(
    diagnostics,
    file,
    line,
    "info",
    `${where}: ${computed ? `its values are computed (${computed}); ` : ""}${how}`,
  );
}

const guardOf = (draft: InsertDraft) => (draft.guard ? { guard: draft.guard } : {});

/** The statement's file, for an unloaded statement, when it is not the table's (see TableData.unloaded). */
const ownFile = (state: TableState, file: string) => (file !== state.table.location?.file ? { file } : {});

/**
 * Whether the column's DEFAULT is an expression only the server can evaluate per row (`getdate()`, `newid()`,
 * `NEXT VALUE FOR s`), as opposed to a literal the script's reader evaluates itself.
 */
export function computedByServer(column: Column): boolean {
  if (column.default === undefined) return false;
  const literal = defaultLiteral(column.default);
  return literal.kind === "unsupported";
}

/** A row SQL Server would refuse, so no row of its statement is stored (the statement fails as a whole). */
function rejected(where: string, why: string): string {
  return `${where} was not loaded, as SQL Server would reject it: ${why}`;
}

function report(
  diagnostics: Diagnostic[],
  file: string,
  line: number,
  severity: Diagnostic["severity"],
  message: string,
) {
  diagnostics.push({ severity, file, line, message });
}

/** A column's default as a value, when it is a literal (`(0)`, `('N/A')`); NULL otherwise. */
export function defaultValue(column: Column, dateFormat: DateFormat, unevaluated: Set<string>): ValueResult {
  if (column.default === undefined) return { value: null };
  const literal = defaultLiteral(column.default);
  if (literal.kind === "unsupported" || literal.kind === "default") {
    unevaluated.add(`default ${column.default} of ${column.name}`);
    return { value: null };
  }
  return normaliseValue(literal, column.type, dateFormat);
}

// Default texts repeat across columns and rows (`(0)`, `(getdate())`): parse each distinct one once.
const defaultLiterals = new Map<string, Literal>();

function defaultLiteral(text: string): Literal {
  let literal = defaultLiterals.get(text);
  if (literal) return literal;
  try {
    const tokens = significant(tokenize(text));
    const r = new TokenReader(tokens, 0, tokens.length, text);
    literal = readValue(r);
    if (!r.atEnd()) literal = { kind: "unsupported", value: text };
  } catch {
    literal = { kind: "unsupported", value: text };
  }
  if (defaultLiterals.size > 10_000) defaultLiterals.clear();
  defaultLiterals.set(text, literal);
  return literal;
}
