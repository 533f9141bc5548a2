import { qualifiedName, quoteIdent, quoteLiteral } from "~/agents/dialect/postgres";

/**
 * The generic dbt data tests, as plain specs (the dbt YAML writer emits the same ones under `data_tests:`).
 * Each compiles to a query whose rows are the failures, as dbt's own test macros do; the Tester counts them.
 */
export type DataTest =
  | { type: "unique"; column: string }
  | { type: "not_null"; column: string }
  | { type: "accepted_values"; column: string; values: string[] }
  /** `to` is another model's name, or a source table given by schema and table. */
  | { type: "relationships"; column: string; to: string | { schema: string; table: string }; field: string };

/** dbt-style test name: `unique_orders_order_id`, `relationships_orders_customer_id__customer_id__customers`. */
export function dataTestName(model: string, test: DataTest): string {
  switch (test.type) {
    case "unique":
    case "not_null":
      return `${test.type}_${model}_${test.column}`;
    case "accepted_values":
      return `accepted_values_${model}_${test.column}__${test.values.join("__")}`;
    case "relationships":
      return `relationships_${model}_${test.column}__${test.field}__${typeof test.to === "string" ? test.to : `${test.to.schema}_${test.to.table}`}`;
  }
}

/** SQL returning one row per failure (NULLs pass every test but not_null, as in dbt). */
export function dataTestSql(relation: string, test: DataTest, targetSchema: string): string {
  const column = quoteIdent(test.column);
  switch (test.type) {
    case "not_null":
      return `select ${column} from ${relation} where ${column} is null`;
    case "unique":
      return `select ${column} from ${relation} where ${column} is not null group by ${column} having count(*) > 1`;
    case "accepted_values":
      // Compared as text, so the values can be given as strings whatever the column's type (booleans too).
      return `select ${column} from ${relation} where ${column} is not null and ${
        test.values.length ? `${column}::text not in (${test.values.map(quoteLiteral).join(", ")})` : "true"
      } group by ${column}`;
    case "relationships": {
      const parent =
        typeof test.to === "string"
          ? qualifiedName(targetSchema, test.to)
          : qualifiedName(test.to.schema, test.to.table);
      const field = quoteIdent(test.field);
      return `select child.${column} from ${relation} as child left join ${parent} as parent on child.${column} = parent.${field} where child.${column} is not null and parent.${field} is null`;
    }
  }
}
