import { objectKey, type DataType } from "~/agents/catalog/schema";
import { SYSTEM_ALIASES, type DeclaredType } from "./data-types";

export type ResolvedType = {
  type: DataType;
  /** The alias type's NULL/NOT NULL, used when a column does not say. */ nullable?: boolean;
};

type AliasType = { schema: string; name: string; base: DataType; nullable?: boolean };

/**
 * Alias types from sp_addtype / CREATE TYPE … FROM, and their resolution to base types for columns,
 * parameters and return types (the catalog stores base types only).
 */
export class TypeRegistry {
  private readonly byKey = new Map<string, AliasType>();
  private readonly byName = new Map<string, AliasType[]>();

  define(schema: string, name: string, base: DataType, nullable?: boolean) {
    const alias: AliasType = { schema, name, base, ...(nullable === undefined ? {} : { nullable }) };
    this.byKey.set(objectKey(schema, name), alias);
    const sameName = this.byName.get(name.toLowerCase()) ?? [];
    this.byName.set(name.toLowerCase(), [
      ...sameName.filter((t) => t.schema.toLowerCase() !== schema.toLowerCase()),
      alias,
    ]);
  }

  /** Resolves a declared type; `undefined` when it names an alias type nobody defined. */
  resolve(declared: DeclaredType): ResolvedType | undefined {
    if (!declared.alias) {
      const system = SYSTEM_ALIASES[declared.name];
      if (system) return { type: { ...system.base }, nullable: system.nullable };
      return { type: plain(declared) };
    }
    const alias = declared.schema
      ? this.byKey.get(objectKey(declared.schema, declared.name))
      : (this.byName.get(declared.name.toLowerCase())?.find((t) => t.schema.toLowerCase() === "dbo") ??
        this.byName.get(declared.name.toLowerCase())?.[0]);
    if (!alias) return undefined;
    return alias.nullable === undefined
      ? { type: { ...alias.base } }
      : { type: { ...alias.base }, nullable: alias.nullable };
  }

  /** As `resolve`, but an unknown alias keeps its own (lower-cased) name, reported through `onUnknown`. */
  resolveOrKeep(declared: DeclaredType, onUnknown: (message: string) => void): ResolvedType {
    const resolved = this.resolve(declared);
    if (resolved) return resolved;
    onUnknown(
      `type ${declared.schema ? `${declared.schema}.` : ""}${declared.name} is not a SQL Server type and no sp_addtype/CREATE TYPE defines it; kept as written`,
    );
    return { type: { name: declared.name.toLowerCase() } };
  }
}

/** A DataType with only the catalog's fields. */
export function plain(declared: DeclaredType): DataType {
  const type: DataType = { name: declared.name };
  if (declared.length !== undefined) type.length = declared.length;
  if (declared.precision !== undefined) type.precision = declared.precision;
  if (declared.scale !== undefined) type.scale = declared.scale;
  return type;
}
