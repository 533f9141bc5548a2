import { type DeclaredType, readDataType } from "./data-types";
import type { QualifiedName, TokenReader } from "./reader";

export type SequenceDraft = {
  name: QualifiedName;
  type?: DeclaredType;
  start?: string;
  increment?: string;
  minValue?: string;
  maxValue?: string;
  cycle: boolean;
};

/**
 * CREATE SEQUENCE name [AS type] [START WITH n] [INCREMENT BY n] [MINVALUE n | NO MINVALUE]
 * [MAXVALUE n | NO MAXVALUE] [CYCLE | NO CYCLE] [CACHE [n] | NO CACHE], the reader just past `CREATE SEQUENCE`
 * (docs/t-sql/statements/create-sequence-transact-sql.md). Numbers are kept as text: a bigint bound does not fit a
 * JavaScript number. Defaults that depend on the type (START = MINVALUE…) are left to whoever creates it.
 */
export function readCreateSequence(r: TokenReader): SequenceDraft {
  const sequence: SequenceDraft = { name: r.objectName("a sequence name"), cycle: false };
  if (r.acceptWord("AS")) sequence.type = readDataType(r);
  while (!r.atEnd() && !r.isPunct(";")) {
    if (r.acceptWord("START", "WITH")) sequence.start = signedNumber(r);
    else if (r.acceptWord("INCREMENT", "BY")) sequence.increment = signedNumber(r);
    else if (r.acceptWord("MINVALUE")) sequence.minValue = signedNumber(r);
    else if (r.acceptWord("MAXVALUE")) sequence.maxValue = signedNumber(r);
    else if (r.acceptWord("NO", "MINVALUE") || r.acceptWord("NO", "MAXVALUE") || r.acceptWord("NO", "CACHE")) continue;
    else if (r.acceptWord("NO", "CYCLE")) sequence.cycle = false;
    else if (r.acceptWord("CYCLE")) sequence.cycle = true;
    else if (r.acceptWord("CACHE")) {
      if (r.peek()?.type === "number") r.pos++;
    } else throw r.error(`unexpected ${r.describe()} in CREATE SEQUENCE`);
  }
  return sequence;
}

function signedNumber(r: TokenReader): string {
  const negative = r.acceptPunct("-");
  if (!negative) r.acceptPunct("+");
  const t = r.next("a number");
  if (t.type !== "number" || !/^\d+$/.test(t.text))
    throw r.error(`expected an integer, found ${JSON.stringify(t.raw)}`);
  return `${negative ? "-" : ""}${t.text.replace(/^0+(?=\d)/, "")}`;
}
