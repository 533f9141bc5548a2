import { objectKey, type Catalog } from "~/agents/catalog/schema";
import type { Plan } from "~/agents/core/contracts";
import { qualifiedName, quoteIdent } from "~/agents/dialect/postgres";

/**
 * The dbt source table name of a staging model: `stg_<source>__<entity>` → `<entity>`. The writer names
 * sources.yml tables with it, so `source('<source>', '<entity>')` in a staging model always resolves. A model name
 * cut inside its prefix (relationName: a long schema in the source name) is the table's name whole, as model names
 * are unique and entities made unique may share a snake_case name.
 */
export function sourceTableName(modelName: string, sourceName: string): string {
  const prefix = `stg_${sourceName}__`;
  return modelName.startsWith(prefix) ? modelName.slice(prefix.length) : modelName;
}

/**
 * `ref` and `source` resolvers for compileModel that match the generated project: sources point at the
 * ORIGINAL SQL Server names (`"dbo"."Order Details"`, within 63 bytes: qualifiedName), models live in `targetSchema`. With `database`, every
 * relation is prefixed with it, quoted, as dbt-postgres renders relations (`"db"."analytics"."orders"`).
 */
export function relationResolvers(catalog: Catalog, plan: Plan, targetSchema: string, database?: string) {
  const inDatabase = (relation: string) => (database === undefined ? relation : `${quoteIdent(database)}.${relation}`);
  const sources = new Map<string, string>();
  const modelsByKey = new Map(plan.models.map((m) => [m.key, m]));
  for (const source of plan.sources) {
    for (const table of catalog.tables) {
      if (table.schema.toLowerCase() !== source.schema.toLowerCase()) continue;
      const model = modelsByKey.get(objectKey(table.schema, table.name));
      if (model?.layer !== "staging") continue;
      sources.set(
        `${source.name}\u0000${sourceTableName(model.name, source.name)}`,
        inDatabase(qualifiedName(table.schema, table.name)),
      );
    }
  }
  return {
    ref: (name: string) => inDatabase(`${quoteIdent(targetSchema)}.${quoteIdent(name)}`),
    source: (sourceName: string, tableName: string) => {
      const relation = sources.get(`${sourceName}\u0000${tableName}`);
      if (!relation) throw new Error(`source('${sourceName}', '${tableName}') is not in the project's sources`);
      return relation;
    },
  };
}
