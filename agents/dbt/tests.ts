import type { Table } from "~/agents/catalog/schema";
import { objectKey } from "~/agents/catalog/schema";
import { columnNames, snakeCase } from "~/agents/plan/naming";
import { translateCheck } from "./checks";
import { commentSafe, sqlIdent } from "./text";

/**
 * Constraints of a source table → dbt data tests on its staging model (docs/tsql-to-postgres.md,
 * "Constraints → dbt data tests"):
 * PRIMARY KEY → unique + not_null; NOT NULL → not_null; UNIQUE (constraint or unique index) → unique;
 * FOREIGN KEY → relationships to the referenced table's staging model; CHECK col IN (…) → accepted_values.
 *
 * Multi-column keys have no generic test without dbt_utils, which we avoid so the project needs no
 * packages: they become singular tests (tests/…/assert_*.sql), as do CHECKs that translate safely.
 * Columns are named as the staging model renames them (`columnNames`: snake_case, never quoted).
 */

export type DataTest = string | Record<string, Record<string, unknown>>;
/** Staging column name (snake_case) → its tests. */
export type ColumnTests = Map<string, DataTest[]>;
export type SingularTest = { name: string; sql: string };

export type TableTests = {
  columns: ColumnTests;
  singular: SingularTest[];
  /** Constraints that could not become tests, with the reason. */
  skipped: string[];
};

const refCall = (model: string) => `{{ ref('${model}') }}`;
const columnList = (cols: readonly string[]) => cols.join(", ");

/** A table's column (any case) → its name in the table's staging model. */
export function stagingColumns(table: Table): (column: string) => string | undefined {
  const names = columnNames(table.columns.map((c) => c.name));
  const byName = new Map(table.columns.map((c, i) => [c.name.toLowerCase(), names[i]!]));
  return (column) => byName.get(column.toLowerCase());
}

/**
 * `tableOf`: the catalog's table for a key, so a foreign key names the referenced staging model's column exactly
 * (without it, the referenced column is snake_cased on its own, right unless that table has a name collision).
 */
export function tableTests(
  table: Table,
  model: string,
  stagingModelOf: (key: string) => string | undefined,
  tableOf?: (key: string) => Table | undefined,
): TableTests {
  const staged = stagingColumns(table);
  const columns: ColumnTests = new Map(table.columns.map((c) => [staged(c.name)!, [] as DataTest[]]));
  const singular: SingularTest[] = [];
  const skipped: string[] = [];
  const canonical = (name: string) => staged(name);
  const add = (column: string, test: DataTest) => {
    const name = canonical(column);
    if (!name) return false;
    const list = columns.get(name)!;
    const id = JSON.stringify(test);
    if (!list.some((t) => JSON.stringify(t) === id)) list.push(test);
    return true;
  };
  const uniqueTest = (cols: string[], what: string, suffix: string) => {
    const names = cols.map((c) => canonical(c) ?? sqlIdent(c));
    singular.push({
      name: `assert_${model}__${suffix}`,
      sql: [
        commentSafe(`-- ${what} (${cols.join(", ")}) of ${display(table)} is unique: rows returned are duplicates.`),
        `select ${columnList(names)}, count(*) as duplicates`,
        `from ${refCall(model)}`,
        `group by ${columnList(names)}`,
        `having count(*) > 1`,
        "",
      ].join("\n"),
    });
  };

  // NOT NULL first, so each column's tests read not_null, unique, accepted_values, relationships.
  for (const c of table.columns) if (!c.nullable) add(c.name, "not_null");

  const keys: { cols: string[]; what: string; suffix: string }[] = [];
  if (table.primaryKey)
    keys.push({ cols: table.primaryKey.columns, what: "Primary key", suffix: "primary_key_unique" });
  table.uniqueConstraints.forEach((u, i) =>
    keys.push({
      cols: u.columns,
      what: `Unique constraint ${u.name ?? i + 1}`,
      suffix: `unique_${snakeCase(u.name ?? u.columns.join("_"))}`,
    }),
  );
  for (const ix of table.indexes)
    if (ix.unique && ix.columns.length)
      keys.push({ cols: ix.columns, what: `Unique index ${ix.name}`, suffix: `unique_${snakeCase(ix.name)}` });
  const seenKeys = new Set<string>();
  for (const k of keys) {
    const id = k.cols.map((c) => c.toLowerCase()).join("\u0000");
    if (seenKeys.has(id)) continue;
    seenKeys.add(id);
    if (k.what === "Primary key") for (const c of k.cols) add(c, "not_null");
    if (k.cols.length === 1) add(k.cols[0]!, "unique");
    else uniqueTest(k.cols, k.what, k.suffix);
  }

  table.foreignKeys.forEach((fk, i) => {
    const parentKey = objectKey(fk.references.schema, fk.references.table);
    const parent = stagingModelOf(parentKey);
    const label = `foreign key ${fk.name ?? i + 1} (${fk.columns.join(", ")}) → ${fk.references.schema}.${fk.references.table}`;
    if (!parent) {
      skipped.push(`${label}: the referenced table is not in the catalog`);
      return;
    }
    const parentTable = tableOf?.(parentKey);
    const parentColumn = (c: string) =>
      (parentTable ? stagingColumns(parentTable)(c) : undefined) ?? columnNames([c])[0]!;
    if (fk.columns.length === 1 && fk.references.columns.length === 1) {
      add(fk.columns[0]!, {
        relationships: { to: `ref('${parent}')`, field: parentColumn(fk.references.columns[0]!) },
      });
      return;
    }
    const child = fk.columns.map((c) => canonical(c) ?? sqlIdent(c));
    const join = child
      .map((c, k) => `child.${c} = parent.${parentColumn(fk.references.columns[k] ?? fk.columns[k]!)}`)
      .join(" and ");
    singular.push({
      name: `assert_${model}__${snakeCase(fk.name ?? `fk_${fk.columns.join("_")}`)}`,
      sql: [
        commentSafe(`-- ${label}: rows returned have no parent row.`),
        `select child.*`,
        `from ${refCall(model)} as child`,
        `left join ${refCall(parent)} as parent`,
        `  on ${join}`,
        `where ${child.map((c) => `child.${c} is not null`).join(" and ")}`,
        `  and parent.${parentColumn(fk.references.columns[0]!)} is null`,
        "",
      ].join("\n"),
    });
  });

  table.checks.forEach((check, i) => {
    const label = `CHECK ${check.name ?? i + 1} ${check.expression}`;
    const test = translateCheck(check.expression, table.columns, (c) => staged(c.name)!);
    if (test.kind === "accepted_values") {
      add(test.column, {
        accepted_values: test.quote ? { values: test.values } : { values: test.values, quote: false },
      });
    } else if (test.kind === "expression") {
      singular.push({
        name: `assert_${model}__${snakeCase(check.name ?? `check_${i + 1}`)}`,
        sql: [
          commentSafe(`-- ${label} on ${display(table)}: rows returned break it.`),
          `-- Like SQL Server, a check that evaluates to NULL passes.`,
          `select *`,
          `from ${refCall(model)}`,
          `where not (${test.sql})`,
          "",
        ].join("\n"),
      });
    } else skipped.push(`${label}: ${test.reason}`);
  });

  return { columns, singular, skipped };
}

/** `[dbo].[Order Details]`, as SQL Server writes names. */
export function display(o: { schema: string; name: string }): string {
  return `${bracketName(o.schema)}.${bracketName(o.name)}`;
}

/** `[Order ID]`: one name as SQL Server writes it. */
export function bracketName(name: string): string {
  return `[${name.replaceAll("]", "]]")}]`;
}
