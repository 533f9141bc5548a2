import { floatKind, type DataType } from "~/agents/catalog/schema";

/**
 * SQL Server → PostgreSQL type mapping (docs/tsql-to-postgres.md, "Data types").
 * Policy choices, applied everywhere: bit → boolean; money → numeric(19,4); datetime → timestamp(3).
 */
export function pgType(type: DataType): string {
  const length = type.length === "max" || type.length === undefined ? undefined : type.length;
  switch (type.name.toLowerCase()) {
    case "bigint":
      return "bigint";
    case "int":
    case "integer":
      return "integer";
    case "smallint":
    case "tinyint":
      return "smallint";
    case "bit":
      return "boolean";
    case "decimal":
    case "numeric":
    case "dec":
      return `numeric(${type.precision ?? 18},${type.scale ?? 0})`;
    case "money":
      return "numeric(19,4)";
    case "smallmoney":
      return "numeric(10,4)";
    case "float":
    case "real":
      return floatKind(type) === "real" ? "real" : "double precision";
    case "date":
      return "date";
    case "time":
      return `time(${Math.min(type.scale ?? type.precision ?? 6, 6)})`;
    case "datetime":
      return "timestamp(3)";
    case "datetime2":
      return `timestamp(${Math.min(type.scale ?? type.precision ?? 6, 6)})`;
    case "smalldatetime":
      return "timestamp(0)";
    case "datetimeoffset":
      return "timestamptz";
    case "char":
    case "nchar":
      return `char(${length ?? 1})`;
    case "varchar":
    case "nvarchar":
    case "sysname":
      return length === undefined ? "text" : `varchar(${length})`;
    case "text":
    case "ntext":
      return "text";
    case "binary":
    case "varbinary":
    case "image":
    case "timestamp":
    case "rowversion":
      return "bytea";
    case "uniqueidentifier":
      return "uuid";
    case "xml":
      return "xml";
    case "hierarchyid":
      return "text";
    case "sql_variant":
      return "text";
    default:
      throw new UnsupportedTypeError(type.name);
  }
}

export class UnsupportedTypeError extends Error {
  constructor(readonly typeName: string) {
    super(`SQL Server type ${typeName} has no PostgreSQL mapping`);
  }
}

/** Types whose values compare as numbers (used by the translator's type inference and the evaluator). */
export const NUMERIC_TYPES = new Set([
  "bigint",
  "int",
  "integer",
  "smallint",
  "tinyint",
  "bit",
  "decimal",
  "numeric",
  "dec",
  "money",
  "smallmoney",
  "float",
  "real",
]);
