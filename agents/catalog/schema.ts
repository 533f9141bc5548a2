import { z } from "zod";

/**
 * The catalog: everything the engine knows about a SQL Server database, whatever it was read from
 * (a script, a folder or zip of .sql files, catalog JSON, a live server). This zod schema is the single
 * definition: the catalog-JSON input format is exactly `Catalog` (see docs in agents/catalog/README.md).
 *
 * Names are stored unquoted, as SQL Server spells them (`Order Details`, not `[Order Details]`).
 * T-SQL text (view bodies, defaults, checks) is kept verbatim so the translator works from the original.
 */

export const ZSourceLocation = z.object({
  file: z.string(),
  /** 1-based line of the object's first token in `file`. */
  line: z.number().int().min(1),
});
export type SourceLocation = z.infer<typeof ZSourceLocation>;

export const ZDataType = z.object({
  /** Lower-case base type name after resolving user-defined alias types: `nvarchar`, `money`, `int`… */
  name: z.string(),
  /** Character/binary length; "max" for (max). */
  length: z.union([z.number().int(), z.literal("max")]).optional(),
  precision: z.number().int().optional(),
  scale: z.number().int().optional(),
});
export type DataType = z.infer<typeof ZDataType>;

/** A type as the catalog holds it, written as T-SQL: `nvarchar(40)`, `decimal(10,2)`, `varchar(max)`, `int`. */
export function typeText(type: DataType): string {
  const args =
    type.length !== undefined
      ? [type.length]
      : type.precision !== undefined
        ? [type.precision, ...(type.scale !== undefined ? [type.scale] : [])]
        : [];
  return `${type.name}${args.length ? `(${args.join(",")})` : ""}`;
}

/**
 * Which of SQL Server's two floating-point types a type is: `real` for real and float(1) to float(24), `float` for
 * float(25) to float(53) and plain float; undefined for any other type (docs: float-and-real-transact-sql.md,
 * "SQL Server treats n as one of two possible values"). The grammar already folds float(1-24) to real, but a
 * catalog's JSON may keep the bits (`{ name: "float", precision: 24 }`), so every reader asks here.
 */
export function floatKind(type: DataType): "real" | "float" | undefined {
  const name = type.name.toLowerCase();
  if (name === "real") return "real";
  if (name !== "float") return undefined;
  return type.precision !== undefined && type.precision <= 24 ? "real" : "float";
}

export const ZColumn = z.object({
  name: z.string(),
  type: ZDataType,
  nullable: z.boolean().default(true),
  identity: z.object({ seed: z.number(), increment: z.number() }).optional(),
  /** T-SQL default expression text, e.g. `(0)` or `getdate()`. */
  default: z.string().optional(),
  /** T-SQL expression of a computed column. */
  computed: z.string().optional(),
  collation: z.string().optional(),
});
export type Column = z.infer<typeof ZColumn>;

export const ZForeignKey = z.object({
  name: z.string().optional(),
  columns: z.array(z.string()).min(1),
  references: z.object({ schema: z.string(), table: z.string(), columns: z.array(z.string()).min(1) }),
});
export type ForeignKey = z.infer<typeof ZForeignKey>;

export const ZCheckConstraint = z.object({
  name: z.string().optional(),
  /** T-SQL boolean expression, e.g. `([UnitPrice] >= (0))`. */
  expression: z.string(),
});

/**
 * Row data as it appears in the source (script INSERTs or sampled rows). Values are canonical text:
 * numbers in plain decimal, dates/datetimes as ISO `YYYY-MM-DD[ HH:MM:SS[.fff]]` (already interpreted with
 * the script's `SET DATEFORMAT`), binary as `\x` + hex, bit as `0`/`1`; null is SQL NULL.
 */
export const ZTableData = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.array(z.string().nullable())),
  /**
   * Where the rows come from, for diagnostics: the script file and, per row, the 1-based line of the INSERT that
   * gave it. Absent when the rows come from several files or were not read from a script.
   */
  source: z
    .object({
      file: z.string(),
      lines: z.array(z.number().int()),
      /** The line of the last INSERT whose rows took identity values the ingest numbered (not written in them). */
      lastNumbered: z.number().int().optional(),
    })
    .optional(),
  /**
   * Per row, the positions in `columns` whose value is the column's DEFAULT and only the server can compute it
   * (`getdate()`, `newid()`): the row holds NULL there, and the sandbox leaves the column out so its default fires.
   */
  defaults: z.array(z.array(z.number().int().min(0))).optional(),
  /** Statements that put rows in the table which the input does not spell out (INSERT … SELECT): rows are missing. */
  unloaded: z
    .array(
      z.object({
        line: z.number().int(),
        /** The script file holding the statement, when it is not the table's (a folder of scripts). */
        file: z.string().optional(),
        reason: z.string(),
        /** Computed INSERT … VALUES rows whose identity values the ingest numbered (as for literal rows). */
        numbered: z.boolean().optional(),
        /** INSERT … SELECT: the column list, if the statement has one, and the query's T-SQL text and first line. */
        columns: z.array(z.string()).optional(),
        select: z.string().optional(),
        selectLine: z.number().int().optional(),
        /**
         * UPDATE … SET / DELETE / TRUNCATE TABLE, for the sandbox to run through the table's primary key: the name
         * or alias the statement writes through, the SET assignments (none for a delete) and its FROM … WHERE text.
         */
        change: z
          .object({
            target: z.string(),
            set: z.array(z.object({ column: z.string(), value: z.string() })),
            from: z.string(),
          })
          .optional(),
        /**
         * MERGE (docs: merge-transact-sql.md), for the sandbox to run set-based: the target as written and the name
         * its clauses use for it (alias), the source table as written (a table, a derived table, VALUES … AS s (…)),
         * the ON condition, the common table expressions written before it, and the WHEN clauses in order, each
         * with its AND condition and its action: UPDATE's SET assignments, INSERT's columns and values (none:
         * DEFAULT VALUES), DELETE. Texts are T-SQL, variables replaced by their DECLARE'd values.
         */
        merge: z
          .object({
            target: z.string(),
            alias: z.string(),
            source: z.string(),
            on: z.string(),
            ctes: z.string().optional(),
            clauses: z.array(
              z.object({
                when: z.enum(["matched", "not matched by target", "not matched by source"]),
                condition: z.string().optional(),
                action: z.enum(["update", "delete", "insert"]),
                set: z.array(z.object({ column: z.string(), value: z.string() })).optional(),
                columns: z.array(z.string()).optional(),
                values: z.array(z.string()).optional(),
                line: z.number().int(),
              }),
            ),
          })
          .optional(),
        /**
         * The IF conditions the statement runs under, outermost first (docs: if-else-transact-sql.md): it runs only
         * when each condition's truth is `holds` (false for the ELSE branch, which also runs when the condition is
         * NULL). `id` tells the IF statements of a file apart, so each is evaluated once, at its place in the script.
         */
        guard: z
          .array(z.object({ id: z.string(), condition: z.string(), line: z.number().int(), holds: z.boolean() }))
          .optional(),
      }),
    )
    .optional(),
});
export type TableData = z.infer<typeof ZTableData>;

const objectBase = {
  schema: z.string().default("dbo"),
  name: z.string().min(1),
  location: ZSourceLocation.optional(),
};

export const ZTable = z.object({
  ...objectBase,
  columns: z.array(ZColumn).min(1),
  primaryKey: z.object({ name: z.string().optional(), columns: z.array(z.string()).min(1) }).optional(),
  uniqueConstraints: z
    .array(z.object({ name: z.string().optional(), columns: z.array(z.string()).min(1) }))
    .default([]),
  foreignKeys: z.array(ZForeignKey).default([]),
  checks: z.array(ZCheckConstraint).default([]),
  indexes: z
    .array(z.object({ name: z.string(), columns: z.array(z.string()), unique: z.boolean().default(false) }))
    .default([]),
  data: ZTableData.optional(),
});
export type Table = z.infer<typeof ZTable>;

export const ZParameter = z.object({
  /** Without the leading `@`. */
  name: z.string(),
  type: ZDataType,
  /** T-SQL default literal text, when the parameter has one. */
  default: z.string().optional(),
  output: z.boolean().default(false),
});
export type Parameter = z.infer<typeof ZParameter>;

export const ZView = z.object({
  ...objectBase,
  /** The whole `CREATE VIEW … AS …` batch text. */
  definition: z.string(),
});
export type View = z.infer<typeof ZView>;

export const ZProcedure = z.object({
  ...objectBase,
  parameters: z.array(ZParameter).default([]),
  /** The whole `CREATE PROCEDURE …` batch text. */
  definition: z.string(),
});
export type Procedure = z.infer<typeof ZProcedure>;

export const ZFunction = z.object({
  ...objectBase,
  kind: z.enum(["scalar", "inline_table", "multi_statement_table"]),
  parameters: z.array(ZParameter).default([]),
  returns: ZDataType.optional(),
  definition: z.string(),
});
export type SqlFunction = z.infer<typeof ZFunction>;

export const ZTrigger = z.object({
  ...objectBase,
  table: z.object({ schema: z.string(), name: z.string() }),
  definition: z.string(),
});
export type Trigger = z.infer<typeof ZTrigger>;

/** `CREATE SYNONYM schema.name FOR target`: another name for an object; `target` is its name parts as written. */
export const ZSynonym = z.object({ ...objectBase, target: z.array(z.string()).min(1) });
export type Synonym = z.infer<typeof ZSynonym>;

/**
 * `CREATE SEQUENCE` (docs/t-sql/statements/create-sequence-transact-sql.md): what a column DEFAULT of `NEXT VALUE
 * FOR` draws from. Numbers as text (bigint bounds do not fit a JavaScript number); an option the script leaves out
 * is absent and takes SQL Server's default: bigint, increment 1, bounds of the type, START at the bound it counts
 * away from (MINVALUE ascending, MAXVALUE descending), no cycle.
 */
export const ZSequence = z.object({
  ...objectBase,
  type: ZDataType.optional(),
  start: z.string().optional(),
  increment: z.string().optional(),
  minValue: z.string().optional(),
  maxValue: z.string().optional(),
  cycle: z.boolean().default(false),
});
export type Sequence = z.infer<typeof ZSequence>;

export const ZUserType = z.object({
  schema: z.string().default("dbo"),
  name: z.string(),
  base: ZDataType,
  nullable: z.boolean().default(true),
});

export const ZDiagnostic = z.object({
  severity: z.enum(["error", "warning", "info"]),
  file: z.string(),
  line: z.number().int().min(1),
  message: z.string(),
});
export type Diagnostic = z.infer<typeof ZDiagnostic>;

export const ZCatalog = z.object({
  /** The database name (from `CREATE DATABASE`/`USE`, the file name, or the JSON). */
  database: z.string().default("database"),
  /**
   * The database's default collation (CREATE/ALTER DATABASE … COLLATE), when the input declares one: what
   * literals and variables compare under, and every text column without its own COLLATE has. Absent: SQL
   * Server's usual default (agents/dialect/collation.ts, DEFAULT_TSQL_COLLATION).
   */
  collation: z.string().optional(),
  tables: z.array(ZTable).default([]),
  views: z.array(ZView).default([]),
  procedures: z.array(ZProcedure).default([]),
  functions: z.array(ZFunction).default([]),
  triggers: z.array(ZTrigger).default([]),
  types: z.array(ZUserType).default([]),
  synonyms: z.array(ZSynonym).default([]),
  /** Absent when the input creates none. */
  sequences: z.array(ZSequence).optional(),
  /** Problems met while reading the input; the objects that could be read are still in the catalog. */
  diagnostics: z.array(ZDiagnostic).default([]),
});
export type Catalog = z.infer<typeof ZCatalog>;
export type CatalogInput = z.input<typeof ZCatalog>;

export type ObjectKind = "table" | "view" | "procedure" | "function" | "trigger";

/** `schema.name`, the key used for an object everywhere in the engine (lower-cased: SQL Server is case-insensitive). */
export function objectKey(schema: string, name: string): string {
  return `${schema}.${name}`.toLowerCase();
}
