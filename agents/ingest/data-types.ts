import type { DataType } from "~/agents/catalog/schema";
import { LENGTH_TYPES, type DeclaredType } from "~/agents/tsql/data-types";
import { readDeclaredType } from "~/agents/tsql/parser";
import type { TokenReader } from "./reader";

export { isSystemType, type DeclaredType } from "~/agents/tsql/data-types";

/** System alias types that behave like user-defined ones: `sysname` is nvarchar(128) NOT NULL. */
export const SYSTEM_ALIASES: Record<string, { base: DataType; nullable: boolean }> = {
  sysname: { base: { name: "nvarchar", length: 128 }, nullable: false },
};

/**
 * Reads a data type with the parser's rule (`int`, `national character varying(20)`, `dbo.Phone`, …) and fills in
 * what SQL Server assumes when it is not written: `defaultLength` for an unsized char/binary type (1 in DDL and
 * declarations, 30 in CAST/CONVERT), decimal(18, 0), scale 0 (docs: char-and-varchar-transact-sql.md,
 * decimal-and-numeric-transact-sql.md). An xml schema collection is dropped: the catalog keeps the base type.
 */
export function readDataType(r: TokenReader, defaultLength: 1 | 30 = 1): DeclaredType {
  const { value, next } = readDeclaredType(r.tokens, r.pos, r.end, r.source);
  r.pos = next;
  return completeType(value, defaultLength);
}

/** A type as the parser read it, with what SQL Server assumes when it is not written filled in (see readDataType). */
export function completeType(type: DeclaredType, defaultLength: 1 | 30 = 1): DeclaredType {
  const { xmlSchemaCollection: _collection, ...declared } = type;
  if (declared.alias) return declared;
  if (LENGTH_TYPES.has(declared.name)) declared.length ??= defaultLength;
  else if (declared.name === "decimal" || declared.name === "numeric") {
    declared.precision ??= 18;
    declared.scale ??= 0;
  }
  return declared;
}
