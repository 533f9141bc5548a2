import { tokenize, significant } from "~/agents/tsql/lexer";
import { readDataType, type DeclaredType } from "./data-types";
import { ParseError } from "~/agents/tsql/parser";
import { TokenReader, formatName, type QualifiedName } from "./reader";

export type UserTypeDefinition = { name: QualifiedName; base: DeclaredType; nullable?: boolean };

/**
 * CREATE TYPE name FROM base [NULL | NOT NULL] (the reader on TYPE, just past CREATE).
 * Table types (AS TABLE) and CLR types (EXTERNAL NAME) return a reason: columns and parameters cannot
 * resolve to them as to a base type.
 */
export function readCreateType(r: TokenReader): UserTypeDefinition | { ignored: string } {
  r.expectWord("TYPE");
  const name = r.objectName("a type name");
  const ignored = r.acceptWord("AS", "TABLE") ? "table" : r.acceptWord("EXTERNAL", "NAME") ? "CLR" : undefined;
  if (ignored) {
    r.pos = r.end;
    return { ignored: `${ignored} type ${formatName(name)} is not migrated` };
  }
  r.expectWord("FROM");
  const base = readDataType(r);
  const nullable = r.acceptWord("NOT", "NULL") ? false : r.acceptWord("NULL") ? true : undefined;
  return nullable === undefined ? { name, base } : { name, base, nullable };
}

/**
 * `[EXEC[UTE]] [sys.]sp_addtype [@typename =] name, [@phystype =] 'type', [@nulltype =] 'NOT NULL' [, owner]`
 * with the reader on the procedure name. The physical type is a string ('char(9)') or a bare word (datetime).
 */
export function readAddType(r: TokenReader): UserTypeDefinition {
  r.objectName("sp_addtype");
  const args = new Map<string, string>();
  const positional = ["typename", "phystype", "nulltype", "owner"];
  let index = 0;
  while (!r.atEnd() && !r.isPunct(";")) {
    let key = positional[index];
    if (r.peek()?.type === "variable" && r.isPunct("=", 1)) {
      key = r.next().text.toLowerCase();
      r.pos++;
    }
    const t = r.next("an argument");
    let value = t.text;
    // An unquoted NOT NULL is two words.
    if (t.type === "word" && t.text.toUpperCase() === "NOT" && r.acceptWord("NULL")) value = "NOT NULL";
    if (key) args.set(key, value);
    index++;
    if (!r.acceptPunct(",")) break;
  }
  const typeName = args.get("typename");
  const physical = args.get("phystype");
  if (!typeName || !physical) throw r.error("sp_addtype needs a type name and a physical type");
  const nulltype = args.get("nulltype")?.trim().toUpperCase();
  const owner = args.get("owner");
  const base = parseTypeText(physical, r.previous().line);
  const name: QualifiedName = { schema: owner || "dbo", name: typeName };
  if (nulltype === undefined) return { name, base };
  return { name, base, nullable: !(nulltype === "NOT NULL" || nulltype === "NONULL") };
}

function parseTypeText(text: string, line: number): DeclaredType {
  const tokens = significant(tokenize(text, line));
  const r = new TokenReader(tokens, 0, tokens.length, text);
  const type = readDataType(r);
  if (!r.atEnd()) throw new ParseError(`cannot read the type ${JSON.stringify(text)}`, line);
  return type;
}
