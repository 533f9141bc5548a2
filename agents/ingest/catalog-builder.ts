import {
  objectKey,
  type Catalog,
  type Column,
  type Diagnostic,
  type Parameter,
  type Procedure,
  type Sequence,
  type SqlFunction,
  type SourceLocation,
  type Table,
  type Synonym,
  type Trigger,
  type View,
} from "~/agents/catalog/schema";
import type * as A from "~/agents/tsql/ast";
import { isString } from "~/agents/tsql/type-rules";
import { inferComputedType } from "./computed-types";
import type { AlterAction, ColumnDraft, ConstraintDraft, Draft, ParameterDraft } from "./drafts";
import { tablesWritten } from "./procedure-writes";
import { firedBy, type TriggerEvent, triggerEvents } from "./trigger-firings";
import { formatName, type QualifiedName } from "./reader";
import type { ScriptRead } from "./script";
import { applyInsert, defaultValue, findColumn, type TableState } from "./table-data";
import { TypeRegistry } from "./type-registry";

type PendingForeignKey = {
  state: TableState;
  constraint: Extract<ConstraintDraft, { kind: "foreign-key" }>;
  location: SourceLocation;
};

/**
 * Assembles drafts from one or more files into a Catalog. Alias types and tables are settled first, then
 * everything else is applied in reading order (ALTER TABLE, indexes, INSERT data, routines), so an SSDT
 * folder whose files come in any order gives the same catalog as the equivalent single script.
 */
/**
 * A text column without COLLATE has the database's default collation (docs: create-table-transact-sql.md,
 * "COLLATE collation_name": "If not specified, the column is assigned the default collation of the database"):
 * written on the column, so staging, the sandbox and the translator all compare under it.
 */
export function applyDatabaseCollation(tables: Table[], collation: string | undefined): void {
  if (collation === undefined) return;
  for (const table of tables)
    for (const column of table.columns)
      if (isString(column.type) && column.collation === undefined) column.collation = collation;
}

export class CatalogBuilder {
  private readonly drafts: Draft[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  /** Each computed column's parsed expression: the catalog keeps its text, its type is inferred from this. */
  private readonly computedExpressions = new WeakMap<Column, A.Expr>();
  private database: string | undefined;
  private collation: string | undefined;

  add(read: ScriptRead) {
    for (const draft of read.drafts) this.drafts.push(draft);
    for (const diagnostic of read.diagnostics) this.diagnostics.push(diagnostic);
    this.database ??= read.database;
    this.collation = read.collation ?? this.collation;
  }

  diagnose(diagnostic: Diagnostic) {
    this.diagnostics.push(diagnostic);
  }

  build(fallbackDatabase: string): Catalog {
    const types = new TypeRegistry();
    const catalogTypes: Catalog["types"] = [];
    const tables = new Map<string, TableState>();
    const views = new Map<string, View>();
    const procedures = new Map<string, Procedure>();
    const functions = new Map<string, SqlFunction>();
    const triggers = new Map<string, Trigger>();
    const synonyms: Synonym[] = [];
    const sequences = new Map<string, Sequence>();
    const pendingForeignKeys: PendingForeignKey[] = [];
    const unknownInserts = new Map<
      string,
      { name: QualifiedName; location: SourceLocation; statements: number; rows: number }
    >();

    for (const draft of this.drafts) {
      if (draft.kind !== "type") continue;
      const base = types.resolveOrKeep(draft.base, (m) => this.note(draft.location, "warning", m));
      types.define(draft.name.schema, draft.name.name, base.type, draft.nullable);
      const existing = catalogTypes.findIndex(
        (t) => objectKey(t.schema, t.name) === objectKey(draft.name.schema, draft.name.name),
      );
      const entry = {
        schema: draft.name.schema,
        name: draft.name.name,
        base: base.type,
        nullable: draft.nullable ?? true,
      };
      if (existing === -1) catalogTypes.push(entry);
      else catalogTypes[existing] = entry;
    }

    for (const draft of this.drafts) {
      if (draft.kind !== "table") continue;
      const key = objectKey(draft.table.name.schema, draft.table.name.name);
      if (tables.has(key))
        this.note(
          draft.location,
          "warning",
          `table ${formatName(draft.table.name)} is created more than once; the last definition is kept`,
        );
      const table: Table = {
        schema: draft.table.name.schema,
        name: draft.table.name.name,
        location: draft.location,
        columns: [],
        uniqueConstraints: [],
        foreignKeys: [],
        checks: [],
        indexes: [],
      };
      const state: TableState = {
        table,
        rows: [],
        inserted: false,
        defaultNames: new Map(),
        lines: [],
        serverDefaults: new Map(),
        unloaded: [],
      };
      for (const column of draft.table.columns) this.addColumn(state, column, types, draft.location);
      tables.set(key, state);
      for (const constraint of draft.table.constraints)
        this.applyConstraint(state, constraint, draft.location, pendingForeignKeys);
    }

    for (const draft of this.drafts) {
      switch (draft.kind) {
        case "alter-table": {
          const state = tables.get(objectKey(draft.table.schema, draft.table.name));
          if (!state) {
            this.note(
              draft.location,
              "warning",
              `ALTER TABLE ${formatName(draft.table)}: no such table was created; the change was skipped`,
            );
            break;
          }
          for (const action of draft.actions) this.applyAlter(state, action, types, draft.location, pendingForeignKeys);
          break;
        }
        case "index": {
          const key = objectKey(draft.table.schema, draft.table.name);
          const state = tables.get(key);
          if (!state) {
            if (!views.has(key))
              this.note(
                draft.location,
                "warning",
                `index ${draft.index.name} is on ${formatName(draft.table)}, which is not a table in the script`,
              );
            break;
          }
          const missing = draft.index.columns.filter((c) => findColumn(state.table, c) === -1);
          if (missing.length > 0)
            this.note(
              draft.location,
              "warning",
              `index ${draft.index.name} names unknown columns of ${state.table.name}: ${missing.join(", ")}`,
            );
          else
            state.table.indexes.push({
              ...draft.index,
              columns: draft.index.columns.map((c) => canonicalColumn(state, c)),
            });
          break;
        }
        case "insert": {
          const key = objectKey(draft.table.schema, draft.table.name);
          const state = tables.get(key);
          if (!state) {
            // One warning per missing table: a table that failed to parse would otherwise drown the
            // diagnostics in one line per INSERT.
            const missing = unknownInserts.get(key) ?? {
              name: draft.table,
              location: draft.location,
              statements: 0,
              rows: 0,
            };
            missing.statements++;
            missing.rows += draft.rows.length * draft.repeat;
            unknownInserts.set(key, missing);
            break;
          }
          applyInsert(state, draft, this.diagnostics);
          break;
        }
        case "unloaded-insert": {
          const state = tables.get(objectKey(draft.table.schema, draft.table.name));
          if (!state) break;
          state.inserted = true;
          const { columns, select, selectLine, change, merge, guard } = draft;
          state.unloaded.push({
            line: draft.location.line,
            ...(draft.location.file !== state.table.location?.file ? { file: draft.location.file } : {}),
            reason: draft.reason,
            ...(columns ? { columns } : {}),
            ...(select !== undefined ? { select, selectLine: selectLine ?? draft.location.line } : {}),
            ...(change ? { change } : {}),
            ...(merge ? { merge } : {}),
            ...(guard ? { guard } : {}),
          });
          break;
        }
        case "view":
          this.put(
            views,
            draft.name,
            {
              schema: draft.name.schema,
              name: draft.name.name,
              location: draft.location,
              definition: draft.definition,
            },
            draft.alter,
            "view",
            draft.location,
          );
          break;
        case "procedure":
          this.put(
            procedures,
            draft.name,
            {
              schema: draft.name.schema,
              name: draft.name.name,
              location: draft.location,
              parameters: this.parameters(draft.parameters, types, draft.location),
              definition: draft.definition,
            },
            draft.alter,
            "procedure",
            draft.location,
          );
          break;
        case "function": {
          const fn: SqlFunction = {
            schema: draft.name.schema,
            name: draft.name.name,
            location: draft.location,
            kind: draft.functionKind,
            parameters: this.parameters(draft.parameters, types, draft.location),
            definition: draft.definition,
          };
          if (draft.returns)
            fn.returns = types.resolveOrKeep(draft.returns, (m) =>
              this.note(draft.location, "warning", `function ${draft.name.name}: ${m}`),
            ).type;
          this.put(functions, draft.name, fn, draft.alter, "function", draft.location);
          break;
        }
        case "sequence": {
          const type = draft.type
            ? types.resolveOrKeep(draft.type, (m) =>
                this.note(draft.location, "warning", `sequence ${formatName(draft.name)}: ${m}`),
              ).type
            : undefined;
          const { kind: _kind, name, location, type: _type, ...options } = draft;
          this.put(
            sequences,
            name,
            { schema: name.schema, name: name.name, location, ...(type ? { type } : {}), ...options },
            false,
            "sequence",
            location,
          );
          break;
        }
        case "synonym":
          synonyms.push({
            schema: draft.name.schema,
            name: draft.name.name,
            location: draft.location,
            target: draft.target,
          });
          break;
        case "trigger":
          this.put(
            triggers,
            draft.name,
            {
              schema: draft.name.schema,
              name: draft.name.name,
              location: draft.location,
              table: { schema: draft.table.schema, name: draft.table.name },
              definition: draft.definition,
            },
            draft.alter,
            "trigger",
            draft.location,
          );
          break;
      }
    }

    this.procedureCalls(tables, procedures);
    this.historyTables(tables);
    this.triggerFirings(tables, procedures);
    for (const { name, location, statements, rows } of unknownInserts.values()) {
      const skipped = `${rows} row${rows === 1 ? "" : "s"}${statements === 1 ? "" : ` in ${statements} INSERT statements from this one on`}`;
      this.note(location, "warning", `INSERT INTO ${formatName(name)}: no such table was created; ${skipped} skipped`);
    }
    this.resolveForeignKeys(pendingForeignKeys, tables);
    for (const state of tables.values()) this.finishTable(state);
    applyDatabaseCollation(
      [...tables.values()].map((s) => s.table),
      this.collation,
    );

    return {
      database: this.database ?? fallbackDatabase,
      ...(this.collation !== undefined ? { collation: this.collation } : {}),
      tables: [...tables.values()].map((s) => s.table),
      views: [...views.values()],
      procedures: [...procedures.values()],
      functions: [...functions.values()],
      triggers: [...triggers.values()],
      types: catalogTypes,
      synonyms,
      ...(sequences.size ? { sequences: [...sequences.values()] } : {}),
      diagnostics: this.sortedDiagnostics(),
    };
  }

  /**
   * A script's `EXEC proc` runs the procedure, which may fill or change tables (a seed script's data generator):
   * the loader does not run procedures, so each table the procedure writes, itself or through the procedures it
   * EXECs, gets a statement the loader could not run, and what reads the table is flagged instead of being built
   * on rows SQL Server's table would not hold.
   */
  private procedureCalls(tables: Map<string, TableState>, procedures: Map<string, Procedure>) {
    const writes = new Map<string, string[]>();
    const tablesOf = (key: string): string[] => {
      let written = writes.get(key);
      if (!written) {
        written = tablesWritten(procedures.get(key)!, tables, procedures, writes, new Set([key]));
        writes.set(key, written);
      }
      return written;
    };
    for (const draft of this.drafts) {
      if (draft.kind !== "exec") continue;
      const key = objectKey(draft.procedure.schema, draft.procedure.name);
      if (!procedures.has(key)) continue;
      const written = tablesOf(key);
      if (!written.length) continue;
      const procedure = procedures.get(key)!;
      const name = formatName(procedure);
      this.note(
        draft.location,
        "warning",
        `EXEC ${name}: the procedure writes ${written.map((k) => formatName(tables.get(k)!.table)).join(", ")}, and procedures are not run while the data is loaded`,
      );
      for (const k of written) {
        const state = tables.get(k)!;
        state.inserted = true;
        state.unloaded.push({
          line: draft.location.line,
          ...(draft.location.file !== state.table.location?.file ? { file: draft.location.file } : {}),
          reason: `EXEC ${name}, a procedure that writes it`,
          ...(draft.guard ? { guard: draft.guard } : {}),
        });
      }
    }
  }

  /**
   * A DML trigger runs on the statements into its table that come after it (docs: create-trigger-transact-sql.md):
   * the loader runs no trigger, so each table the trigger writes (itself or through procedures it EXECs), and its
   * own table when it runs INSTEAD OF the statement, gets a statement the loader could not run (once per trigger),
   * and what reads those tables is flagged instead of being built on rows SQL Server's tables would not hold.
   */
  private triggerFirings(tables: Map<string, TableState>, procedures: Map<string, Procedure>) {
    type Active = { name: string; events: Set<TriggerEvent>; instead: boolean; writes: string[] };
    const active = new Map<string, Active[]>();
    const memo = new Map<string, string[]>();
    const flagged = new Set<string>();
    for (const draft of this.drafts) {
      if (draft.kind === "trigger") {
        const table = objectKey(draft.table.schema, draft.table.name);
        const name = formatName(draft.name);
        const header = triggerEvents(draft.definition);
        const others = (active.get(table) ?? []).filter((t) => t.name !== name);
        if (header && tables.has(table))
          others.push({
            name,
            ...header,
            writes: tablesWritten(
              { schema: draft.name.schema, definition: draft.definition },
              tables,
              procedures,
              memo,
            ),
          });
        active.set(table, others);
        continue;
      }
      const fired = firedBy(draft);
      for (const trigger of (fired && active.get(fired.table)) || []) {
        const event = fired!.events.find((e) => trigger.events.has(e));
        if (!event) continue;
        const guard = "guard" in draft ? draft.guard : undefined;
        for (const key of new Set([...(trigger.instead ? [fired!.table] : []), ...trigger.writes])) {
          // Once per trigger and table, unless under IF conditions: each such firing keeps its own, until one without.
          const pair = `${trigger.name}\u0000${key}`;
          if (flagged.has(pair) || (guard && flagged.has(`${pair}\u0000${guard.map((c) => c.id).join(",")}`))) continue;
          flagged.add(guard ? `${pair}\u0000${guard.map((c) => c.id).join(",")}` : pair);
          const state = tables.get(key)!;
          const on = formatName(tables.get(fired!.table)!.table);
          const reason = `trigger ${trigger.name} on ${on}${trigger.instead ? ` (INSTEAD OF the ${event})` : ""}, fired by the ${event} at this line: the loader runs no trigger`;
          state.inserted = true;
          state.unloaded.push({
            line: draft.location.line,
            ...(draft.location.file !== state.table.location?.file ? { file: draft.location.file } : {}),
            reason,
            // Fired only if the statement runs: under the same IF conditions.
            ...(guard ? { guard } : {}),
          });
          this.note(draft.location, "warning", `${formatName(state.table)} is changed by ${reason}`);
        }
      }
    }
  }

  /**
   * A system-versioned table's history table (docs: temporal-tables.md) gets a row from SQL Server for each row an
   * UPDATE, DELETE or MERGE changes in it; the loader adds none, so each change to the table the loader did not
   * spell out (a statement, an EXEC) is one to its history table too, and a change it ran set-based as well.
   */
  private historyTables(tables: Map<string, TableState>) {
    for (const draft of this.drafts) {
      if (draft.kind !== "table" || !draft.table.historyTable) continue;
      const main = tables.get(objectKey(draft.table.name.schema, draft.table.name.name));
      const history = tables.get(objectKey(draft.table.historyTable.schema, draft.table.historyTable.name));
      if (!main || !history || main === history) continue;
      for (const change of main.unloaded) {
        if (/^(BULK )?INSERT\b/.test(change.reason)) continue;
        const file = change.file ?? main.table.location?.file;
        history.inserted = true;
        history.unloaded.push({
          line: change.line,
          ...(file && file !== history.table.location?.file ? { file } : {}),
          reason: `${change.reason} on ${formatName(main.table)}, whose history SQL Server keeps here`,
        });
      }
    }
  }

  /** In reading order: by file (as added), then line. Sorting is stable, so same-line notes keep their order. */
  private sortedDiagnostics(): Diagnostic[] {
    const fileOrder = new Map<string, number>();
    for (const d of this.diagnostics) if (!fileOrder.has(d.file)) fileOrder.set(d.file, fileOrder.size);
    for (const draft of this.drafts)
      if (!fileOrder.has(draft.location.file)) fileOrder.set(draft.location.file, fileOrder.size);
    return [...this.diagnostics].sort((a, b) => fileOrder.get(a.file)! - fileOrder.get(b.file)! || a.line - b.line);
  }

  private note(location: SourceLocation, severity: Diagnostic["severity"], message: string, line = location.line) {
    this.diagnostics.push({ severity, file: location.file, line, message });
  }

  private put<T>(
    map: Map<string, T>,
    name: QualifiedName,
    object: T,
    alter: boolean,
    kind: string,
    location: SourceLocation,
  ) {
    const key = objectKey(name.schema, name.name);
    if (map.has(key) && !alter)
      this.note(
        location,
        "warning",
        `${kind} ${formatName(name)} is created more than once; the last definition is kept`,
      );
    map.set(key, object);
  }

  private parameters(drafts: ParameterDraft[], types: TypeRegistry, location: SourceLocation): Parameter[] {
    return drafts.map((p) => {
      const parameter: Parameter = {
        name: p.name,
        type: types.resolveOrKeep(p.type, (m) => this.note(location, "warning", `parameter @${p.name}: ${m}`)).type,
        output: p.output,
      };
      if (p.default !== undefined) parameter.default = p.default;
      return parameter;
    });
  }

  private addColumn(state: TableState, draft: ColumnDraft, types: TypeRegistry, location: SourceLocation): number {
    if (findColumn(state.table, draft.name) !== -1) {
      this.note(
        location,
        "error",
        `table ${state.table.name} has two columns named ${draft.name}; the second was skipped`,
        draft.line,
      );
      return -1;
    }
    const resolved = draft.type
      ? types.resolveOrKeep(draft.type, (m) =>
          this.note(location, "warning", `column ${state.table.name}.${draft.name}: ${m}`, draft.line),
        )
      : undefined;
    const column: Column = {
      name: draft.name,
      // Computed columns get their type once all columns are known (finishTable).
      type: resolved?.type ?? { name: "sql_variant" },
      // Unless NULL/NOT NULL is written: identity columns are NOT NULL, alias types bring their own,
      // and the session default (ANSI_NULL_DFLT_ON, the SSMS/sqlcmd setting) is NULL.
      nullable: draft.nullable ?? (draft.identity ? false : (resolved?.nullable ?? true)),
    };
    if (draft.identity) column.identity = draft.identity;
    if (draft.default !== undefined) column.default = draft.default;
    if (draft.computed !== undefined) {
      column.computed = draft.computed.text;
      this.computedExpressions.set(column, draft.computed.expr);
    }
    if (draft.collation !== undefined) column.collation = draft.collation;
    if (draft.defaultName) state.defaultNames.set(draft.defaultName.toLowerCase(), draft.name);
    state.table.columns.push(column);
    state.columnIndex = undefined;
    return state.table.columns.length - 1;
  }

  private applyConstraint(
    state: TableState,
    constraint: ConstraintDraft,
    location: SourceLocation,
    pendingForeignKeys: PendingForeignKey[],
  ) {
    const { table } = state;
    const columns =
      "columns" in constraint ? constraint.columns : constraint.kind === "default" ? [constraint.column] : [];
    const missing = columns.filter((c) => findColumn(table, c) === -1);
    const label = `${constraint.kind.replace("-", " ")}${constraint.name ? ` ${constraint.name}` : ""} on ${table.name}`;
    if (missing.length > 0)
      return this.note(location, "warning", `${label} names unknown columns (${missing.join(", ")}); it was skipped`);
    const named = constraint.name === undefined ? {} : { name: constraint.name };
    const canonical = columns.map((c) => canonicalColumn(state, c));
    switch (constraint.kind) {
      case "primary-key":
        if (table.primaryKey)
          return this.note(
            location,
            "warning",
            `${label}: the table already has primary key ${table.primaryKey.name ?? ""}; it was skipped`,
          );
        table.primaryKey = { ...named, columns: canonical };
        return;
      case "unique":
        table.uniqueConstraints.push({ ...named, columns: canonical });
        return;
      case "check":
        table.checks.push({ ...named, expression: constraint.expression });
        return;
      case "index":
        table.indexes.push({ name: constraint.name, columns: canonical, unique: constraint.unique });
        return;
      case "default": {
        const column = table.columns[findColumn(table, constraint.column)]!;
        column.default = constraint.expression;
        if (constraint.name) state.defaultNames.set(constraint.name.toLowerCase(), column.name);
        // Rows inserted before the default existed keep their values, as on a server.
        return;
      }
      case "foreign-key":
        pendingForeignKeys.push({ state, constraint: { ...constraint, columns: canonical }, location });
        return;
    }
  }

  private applyAlter(
    state: TableState,
    action: AlterAction,
    types: TypeRegistry,
    location: SourceLocation,
    pendingForeignKeys: PendingForeignKey[],
  ) {
    const { table } = state;
    switch (action.kind) {
      case "add-column": {
        const index = this.addColumn(state, action.column, types, location);
        if (index === -1) return;
        const column = table.columns[index]!;
        // Existing rows get NULL in a nullable new column (short of WITH VALUES), its default in a NOT NULL one.
        const fill =
          column.default !== undefined && !column.nullable ? defaultValue(column, "ymd", new Set()) : { value: null };
        const value = "error" in fill ? null : fill.value;
        for (const row of state.rows) row.push(column.computed ? null : value);
        for (const constraint of action.constraints)
          this.applyConstraint(state, constraint, location, pendingForeignKeys);
        return;
      }
      case "add-constraint":
        return this.applyConstraint(state, action.constraint, location, pendingForeignKeys);
      case "drop-column": {
        const index = findColumn(table, action.name);
        if (index === -1)
          return this.note(location, "warning", `ALTER TABLE ${table.name} DROP COLUMN ${action.name}: no such column`);
        table.columns.splice(index, 1);
        state.columnIndex = undefined;
        for (const row of state.rows) row.splice(index, 1);
        return;
      }
      case "drop-constraint": {
        const name = action.name.toLowerCase();
        const same = (c: { name?: string }) => c.name?.toLowerCase() === name;
        if (table.primaryKey && same(table.primaryKey)) delete table.primaryKey;
        table.uniqueConstraints = table.uniqueConstraints.filter((c) => !same(c));
        table.checks = table.checks.filter((c) => !same(c));
        table.foreignKeys = table.foreignKeys.filter((c) => !same(c));
        for (let k = pendingForeignKeys.length - 1; k >= 0; k--) {
          const pending = pendingForeignKeys[k]!;
          if (pending.state === state && same(pending.constraint)) pendingForeignKeys.splice(k, 1);
        }
        const defaultColumn = state.defaultNames.get(name);
        if (defaultColumn !== undefined) {
          const column = table.columns[findColumn(table, defaultColumn)];
          if (column) delete column.default;
          state.defaultNames.delete(name);
        }
        return;
      }
      case "alter-column": {
        const column = table.columns[findColumn(table, action.name)];
        if (!column)
          return this.note(
            location,
            "warning",
            `ALTER TABLE ${table.name} ALTER COLUMN ${action.name}: no such column`,
          );
        const resolved = types.resolveOrKeep(action.type, (m) =>
          this.note(location, "warning", `column ${table.name}.${action.name}: ${m}`),
        );
        column.type = resolved.type;
        // ALTER COLUMN without NULL/NOT NULL makes the column nullable (unless it is in the primary key).
        column.nullable = action.nullable ?? resolved.nullable ?? true;
        if (action.collation !== undefined) column.collation = action.collation;
        return;
      }
    }
  }

  private resolveForeignKeys(pending: PendingForeignKey[], tables: Map<string, TableState>) {
    for (const { state, constraint, location } of pending) {
      const target = tables.get(objectKey(constraint.references.schema, constraint.references.name));
      let referenced = constraint.referencedColumns;
      if (target) {
        if (referenced.length === 0) referenced = target.table.primaryKey?.columns ?? [];
        const missing = referenced.filter((c) => findColumn(target.table, c) === -1);
        if (missing.length > 0) {
          this.note(
            location,
            "warning",
            `foreign key ${constraint.name ?? ""} on ${state.table.name} references unknown columns of ${target.table.name}: ${missing.join(", ")}; it was skipped`,
          );
          continue;
        }
        referenced = referenced.map((c) => canonicalColumn(target, c));
      } else {
        this.note(
          location,
          "warning",
          `foreign key ${constraint.name ?? ""} on ${state.table.name} references ${formatName(constraint.references)}, which is not a table in the input`,
        );
      }
      if (referenced.length === 0) {
        this.note(
          location,
          "warning",
          `foreign key ${constraint.name ?? ""} on ${state.table.name} names no referenced columns and ${formatName(constraint.references)} has no primary key; it was skipped`,
        );
        continue;
      }
      if (referenced.length !== constraint.columns.length) {
        this.note(
          location,
          "warning",
          `foreign key ${constraint.name ?? ""} on ${state.table.name} has ${constraint.columns.length} columns but references ${referenced.length}; it was skipped`,
        );
        continue;
      }
      const references = target
        ? { schema: target.table.schema, table: target.table.name, columns: referenced }
        : { schema: constraint.references.schema, table: constraint.references.name, columns: referenced };
      state.table.foreignKeys.push({
        ...(constraint.name === undefined ? {} : { name: constraint.name }),
        columns: constraint.columns,
        references,
      });
    }
  }

  private finishTable(state: TableState) {
    const { table } = state;
    for (const name of table.primaryKey?.columns ?? []) table.columns[findColumn(table, name)]!.nullable = false;
    for (const column of table.columns) {
      if (column.computed === undefined) continue;
      const expression = this.computedExpressions.get(column);
      const inferred = expression && inferComputedType(expression, table.columns);
      if (inferred) column.type = inferred;
      else
        this.diagnostics.push({
          severity: "info",
          file: table.location?.file ?? "",
          line: table.location?.line ?? 1,
          message: `the type of computed column ${table.name}.${column.name} cannot be inferred; it is recorded as sql_variant`,
        });
    }
    if (!state.inserted) return;
    // Computed and rowversion columns are derived by the server, so the data leaves them out.
    const kept = table.columns.flatMap((c, i) =>
      c.computed !== undefined || c.type.name === "timestamp" || c.type.name === "rowversion" ? [] : [i],
    );
    const all = kept.length === table.columns.length;
    const columns = kept.map((i) => table.columns[i]!.name);
    table.data = {
      columns,
      rows: all ? state.rows : state.rows.map((row) => kept.map((i) => row[i] ?? null)),
    };
    if (state.rows.length && state.linesFile)
      table.data.source = {
        file: state.linesFile,
        lines: state.lines,
        ...(state.lastNumbered !== undefined ? { lastNumbered: state.lastNumbered } : {}),
      };
    if (state.serverDefaults.size) {
      const position = new Map(columns.map((name, i) => [name.toLowerCase(), i]));
      table.data.defaults = state.rows.map((_, r) =>
        (state.serverDefaults.get(r) ?? []).flatMap((name) => position.get(name) ?? []),
      );
    }
    if (state.unloaded.length) table.data.unloaded = state.unloaded;
  }
}

/** The column name as the table spells it (references are case-insensitive). */
function canonicalColumn(state: TableState, name: string): string {
  return state.table.columns[findColumn(state.table, name)]?.name ?? name;
}
