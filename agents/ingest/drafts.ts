import type * as A from "~/agents/tsql/ast";
import type { DateFormat } from "~/agents/tsql/date-formats";
import type { SourceLocation, TableData } from "~/agents/catalog/schema";
import type { DeclaredType } from "./data-types";
import type { SequenceDraft } from "./sequence";
import type { QualifiedName } from "./reader";

/**
 * What the statement readers hand to the catalog builder. Drafts keep types as declared (alias types not
 * yet resolved) and data as literals (not yet interpreted for the column type), because in an SSDT folder
 * the type, the table and its data can come in any order.
 */

export type ColumnDraft = {
  name: string;
  /** Absent for computed columns: their type follows from the expression. */
  type?: DeclaredType;
  /** Only when written: NULL/NOT NULL. Otherwise the alias type or the key decides. */
  nullable?: boolean;
  identity?: { seed: number; increment: number };
  default?: string;
  /** Name of the default constraint, so `ALTER TABLE … DROP CONSTRAINT DF_x` can find it. */
  defaultName?: string;
  /** A computed column's expression, as written and as parsed (its type is inferred from the parsed form). */
  computed?: A.SourceExpr;
  collation?: string;
  line: number;
};

export type ConstraintDraft =
  | { kind: "primary-key"; name?: string; columns: string[] }
  | { kind: "unique"; name?: string; columns: string[] }
  | { kind: "foreign-key"; name?: string; columns: string[]; references: QualifiedName; referencedColumns: string[] }
  | { kind: "check"; name?: string; expression: string }
  | { kind: "default"; name?: string; expression: string; column: string }
  | { kind: "index"; name: string; columns: string[]; unique: boolean };

export type TableDraft = {
  name: QualifiedName;
  columns: ColumnDraft[];
  constraints: ConstraintDraft[];
  /** `WITH (SYSTEM_VERSIONING = ON (HISTORY_TABLE = h))`: SQL Server adds a row to h for each change. */
  historyTable?: QualifiedName;
};

export type AlterAction =
  | { kind: "add-column"; column: ColumnDraft; constraints: ConstraintDraft[] }
  | { kind: "add-constraint"; constraint: ConstraintDraft }
  | { kind: "drop-constraint"; name: string }
  | { kind: "drop-column"; name: string }
  | { kind: "alter-column"; name: string; type: DeclaredType; nullable?: boolean; collation?: string };

/** A value written in an INSERT, before the column type says what it means. */
export type Literal = {
  kind: "null" | "default" | "string" | "number" | "money" | "binary" | "unsupported";
  /** string: the content; number/money: the digits with sign; binary: upper-case hex; unsupported: the source text. */
  value: string;
  /** CAST/CONVERT target, when the literal was wrapped in one. */
  cast?: DeclaredType;
  /** CONVERT style (101, 103, 120…): decides how a date string reads. */
  style?: number;
};

/** The IF conditions a data statement runs under (see TableData.unloaded's `guard`). */
export type IfGuard = NonNullable<NonNullable<TableData["unloaded"]>[number]["guard"]>;

export type ParameterDraft = { name: string; type: DeclaredType; default?: string; output: boolean };

export type Draft = { location: SourceLocation } & (
  | { kind: "table"; table: TableDraft }
  | { kind: "alter-table"; table: QualifiedName; actions: AlterAction[] }
  | { kind: "index"; table: QualifiedName; index: { name: string; columns: string[]; unique: boolean } }
  | {
      kind: "insert";
      table: QualifiedName;
      columns?: string[];
      rows: Literal[][];
      /** Each value's source text, when one of them is an expression (see InsertStatement). */
      texts?: string[][];
      dateFormat: DateFormat;
      /** `GO n` repeats the batch, and with it the rows. */
      repeat: number;
      /** Under IF / ELSE: the rows are the sandbox's to insert, when the conditions hold. */
      guard?: IfGuard;
    }
  /** An INSERT whose rows the script does not spell out (INSERT … SELECT, … EXEC): the table is incomplete. */
  | {
      kind: "unloaded-insert";
      table: QualifiedName;
      reason: string;
      columns?: string[];
      select?: string;
      selectLine?: number;
      change?: NonNullable<NonNullable<TableData["unloaded"]>[number]["change"]>;
      merge?: NonNullable<NonNullable<TableData["unloaded"]>[number]["merge"]>;
      guard?: IfGuard;
    }
  /**
   * `EXEC proc` in the script: the tables the procedure writes do not hold the rows it would add (under IF
   * conditions, when they hold).
   */
  | { kind: "exec"; procedure: QualifiedName; guard?: IfGuard }
  | ({ kind: "sequence" } & SequenceDraft)
  | { kind: "type"; name: QualifiedName; base: DeclaredType; nullable?: boolean }
  | { kind: "synonym"; name: QualifiedName; target: string[] }
  | { kind: "view"; name: QualifiedName; definition: string; alter: boolean }
  | { kind: "procedure"; name: QualifiedName; parameters: ParameterDraft[]; definition: string; alter: boolean }
  | {
      kind: "function";
      name: QualifiedName;
      functionKind: "scalar" | "inline_table" | "multi_statement_table";
      parameters: ParameterDraft[];
      returns?: DeclaredType;
      definition: string;
      alter: boolean;
    }
  | { kind: "trigger"; name: QualifiedName; table: QualifiedName; definition: string; alter: boolean }
);
