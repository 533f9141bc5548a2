import { objectKey, type Catalog } from "~/agents/catalog/schema";
import type { Plan } from "~/agents/core/contracts";
import { createResolver, type Resolver } from "./context";
import { translateObject, type TranslatableObject, type TranslationResult } from "./translate";

/**
 * A translator Resolver whose `ref()`s use the Plan's model names, so translated SQL refs exactly the files
 * the dbt writer creates: `int_order_subtotals` for a view other objects read, `stg_<db>_<schema>__<entity>`
 * for tables of a non-dbo schema, `sales_by_category_proc`, macro names such as `ref_fn`. The translator's
 * own resolver does the name lookup and column bookkeeping; only the names are taken from the plan.
 */
export function planResolver(catalog: Catalog, plan: Plan): Resolver {
  const names = new Map(plan.models.map((m) => [m.key, m.name]));
  const base = createResolver(catalog, { source: plan.sources[0]?.name, modelName: (key) => names.get(key) });
  return {
    resolve(parts) {
      const relation = base.resolve(parts);
      const name = relation?.key ? names.get(relation.key) : undefined;
      return relation && name ? { ...relation, sql: `{{ ref('${name}') }}` } : relation;
    },
    resolveFunction(parts) {
      const fn = base.resolveFunction(parts);
      const name = fn ? names.get(fn.key) : undefined;
      return fn && name ? { ...fn, macro: name } : fn;
    },
    register: (key, columns) => base.register(key, columns),
    modelName: (key) => names.get(key.toLowerCase()) ?? base.modelName(key),
  };
}

/**
 * Translates every view, procedure and function in the plan's build order (dependencies first, output
 * columns registered for dependants), with the plan's names. Macros (scalar functions) go first: models
 * call them.
 */
export function translatePlan(catalog: Catalog, plan: Plan): TranslationResult[] {
  const resolver = planResolver(catalog, plan);
  const context = { catalog, resolver };
  const objects = new Map<string, TranslatableObject>(
    [...catalog.functions, ...catalog.views, ...catalog.procedures].map((o) => [objectKey(o.schema, o.name), o]),
  );
  const order = [...plan.models.filter((m) => m.layer === "macro").map((m) => m.name), ...plan.order];
  const keyOf = new Map(plan.models.map((m) => [m.name, m.key]));
  const results: TranslationResult[] = [];
  for (const name of order) {
    const object = objects.get(keyOf.get(name) ?? "");
    if (!object) continue;
    const result = translateObject(object, context);
    if (result.columns.length) resolver.register(result.key, result.columns);
    results.push(result);
  }
  return results;
}
