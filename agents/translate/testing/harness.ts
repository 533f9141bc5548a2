import { ZCatalog, type Catalog, type CatalogInput } from "~/agents/catalog/schema";
import { columnSql, createResolver, tableColumns, type TranslateContext } from "../context";
import { translateObject, type TranslationResult } from "../translate";
import { pgType } from "~/agents/dialect/types";
import { quoteIdent, quoteString } from "../literals";
import { renderJinja } from "./northwind";
import { collationSetupSql, defaultCollationClause, stagingCollation } from "~/agents/dialect/collation";

/**
 * A tiny hand-built catalog for unit and semantic tests: table `T` (and `U`) with one column of each common
 * type, translated through the real resolver, plus the DDL/data to create its staging relation in PostgreSQL.
 */
export const shopInput: CatalogInput = {
  database: "shop",
  tables: [
    {
      name: "T",
      columns: [
        { name: "ID", type: { name: "int" } },
        { name: "Name", type: { name: "nvarchar", length: 20 } },
        { name: "Code", type: { name: "nchar", length: 5 } },
        { name: "Price", type: { name: "money" } },
        { name: "Qty", type: { name: "smallint" } },
        { name: "Disc", type: { name: "real" } },
        { name: "Amount", type: { name: "decimal", precision: 10, scale: 3 } },
        { name: "Flag", type: { name: "bit" } },
        { name: "D", type: { name: "datetime" } },
        { name: "Grp", type: { name: "varchar", length: 10 } },
        { name: "J", type: { name: "nvarchar", length: "max" } },
      ],
      data: {
        columns: ["ID", "Name", "Code", "Price", "Qty", "Disc", "Amount", "Flag", "D", "Grp", "J"],
        rows: [
          [
            "1",
            "ab  ",
            "A0001",
            "12.5000",
            "25",
            "0.15",
            "2.345",
            "1",
            "1996-07-04 00:00:00.000",
            "x",
            '{"a":{"b":5},"l":[1,2]}',
          ],
          ["2", "9lives", "B0002", "10.0000", "3", "0", "1.000", "0", "1997-12-31 23:59:00.000", "x", null],
          ["3", null, "C0003", "20.0000", "7", "0.05", null, "0", null, "y", null],
          ["4", "Zed", "D0004", "20.0000", "1", "0", "5.500", "1", "1998-02-10 00:00:00.000", "y", null],
        ],
      },
    },
    {
      name: "U",
      columns: [
        { name: "TID", type: { name: "int" } },
        { name: "Tag", type: { name: "nvarchar", length: 10 } },
      ],
      data: {
        columns: ["TID", "Tag"],
        rows: [
          ["1", "red"],
          ["1", "blue"],
          ["2", "green"],
        ],
      },
    },
  ],
};

export function shopCatalog(extra: Partial<CatalogInput> = {}): Catalog {
  return ZCatalog.parse({ ...shopInput, ...extra, tables: [...(shopInput.tables ?? []), ...(extra.tables ?? [])] });
}

export function shopContext(extra: Partial<CatalogInput> = {}): TranslateContext {
  const catalog = shopCatalog(extra);
  return { catalog, resolver: createResolver(catalog) };
}

/** Translate `create view v as <select>` (or any full definition when it starts with CREATE). */
export function translate(tsql: string, context = shopContext()): TranslationResult {
  const definition = /^\s*create\s/i.test(tsql) ? tsql : `create view v as ${tsql}`;
  const m = definition.match(/^\s*create\s+(view|proc|procedure|function)\s+(?:dbo\.)?("[^"]+"|\[[^\]]+\]|\w+)/i);
  const name = m ? m[2]!.replace(/^[["]|[\]"]$/g, "") : "v";
  return translateObject({ schema: "dbo", name, definition }, context);
}

/** DDL + data for the staging relations of a catalog (named `stg_<db>__<table>`). */
export function shopDdl(catalog: Catalog = shopCatalog()): string {
  const resolver = createResolver(catalog);
  const setup = collationSetupSql([
    defaultCollationClause(),
    ...catalog.tables.map((t) => t.columns.map(stagingCollation).join(" ")),
  ]);
  return (
    setup.map((s) => `${s};\n`).join("") +
    catalog.tables
      .map((t) => {
        const name = resolver.modelName(`dbo.${t.name}`)!;
        const pg = tableColumns(t, true);
        const ddl = `create table ${quoteIdent(name)} (${t.columns.map((c, i) => `${columnSql(pg[i]!)} ${pgType(c.type)}${stagingCollation(c)}`).join(", ")});`;
        const rows = t.data?.rows ?? [];
        if (!rows.length) return ddl;
        const values = rows.map(
          (r) =>
            `(${r.map((v, i) => (v === null ? "null" : t.columns[i]!.type.name === "bit" ? (v === "1" ? "true" : "false") : quoteString(v))).join(", ")})`,
        );
        return `${ddl}\ninsert into ${quoteIdent(name)} values ${values.join(", ")};`;
      })
      .join("\n")
  );
}

export { renderJinja };
