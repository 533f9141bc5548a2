import type { QualifiedName, TokenReader } from "./reader";

export type IndexDefinition = { table: QualifiedName; name: string; columns: string[]; unique: boolean };

/**
 * CREATE [UNIQUE] [CLUSTERED|NONCLUSTERED] [COLUMNSTORE] INDEX name ON table (col [ASC|DESC], …)
 * [INCLUDE (…)] [WHERE …] [WITH (…)] [ON fg]. The reader is just past CREATE.
 * XML, spatial and full-text indexes return undefined: they have no relational equivalent to migrate.
 */
export function readCreateIndex(r: TokenReader): IndexDefinition | undefined {
  const unique = r.acceptWord("UNIQUE");
  r.acceptAnyWord("CLUSTERED", "NONCLUSTERED");
  r.acceptWord("COLUMNSTORE");
  if (r.acceptWord("PRIMARY", "XML") || r.acceptWord("XML") || r.acceptWord("SPATIAL") || r.acceptWord("FULLTEXT")) {
    r.pos = r.end;
    return undefined;
  }
  r.expectWord("INDEX");
  const name = r.identifier("an index name");
  r.expectWord("ON");
  const table = r.objectName("a table name");
  const columns = r.isPunct("(") ? r.columnList() : [];
  // INCLUDE, WHERE, WITH and ON only tune the physical index.
  r.pos = r.end;
  return { table, name, columns, unique };
}
