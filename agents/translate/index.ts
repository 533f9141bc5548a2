/** Public API of the rule-based translator (see README.md in this folder). */
export { translateObject, translateAll, type TranslationResult, type TranslatableObject } from "./translate";
export {
  columnSql,
  createResolver,
  renamedColumns,
  tableColumns,
  type OutputColumn,
  type Relation,
  type Resolver,
  type ResolverOptions,
  type ScalarFunctionRef,
  type TranslateContext,
} from "./context";
