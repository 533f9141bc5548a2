import type { Token } from "~/agents/tsql/lexer";
import { readSourceExpression } from "~/agents/tsql/parser";
import { readDataType } from "./data-types";
import type { TokenReader } from "./reader";
import type { StatementRange } from "./statements";

type Known = { value: string; reads: Set<string> };

/**
 * A batch's variables whose value an INSERT … VALUES can take from their DECLARE: `DECLARE @t int = (SELECT id
 * FROM T WHERE code = 'X')` then `VALUES (@t, …)`. SQL Server evaluates the initializer once, at the DECLARE
 * (docs: declare-local-variable-transact-sql.md), so it stands for the variable as `CAST(initializer AS type)`
 * only while nothing could have changed it: the variable is never assigned again in the batch (SET, SELECT @v =,
 * FETCH … INTO, an OUTPUT argument), and no statement since the DECLARE changed a table the initializer names.
 * Anything else leaves the variable unknown, and the INSERT is kept on its table as one the loader cannot run.
 */
export class BatchVariables {
  private known = new Map<string, Known>();
  private assigned = new Set<string>();
  private declared = new Set<string>();

  constructor(tokens: Token[], statements: StatementRange[]) {
    for (const { from, to } of statements) {
      const head = tokens[from]?.type === "word" ? tokens[from]!.text.toUpperCase() : "";
      const fetch = head === "FETCH";
      for (let i = from; i < to; i++) {
        const t = tokens[i]!;
        if (t.type !== "variable") continue;
        const before = tokens[i - 1]!;
        if (head === "DECLARE" && (i === from + 1 || (before.type === "punct" && before.text === ",")))
          this.declared.add(t.text.toLowerCase());
        const next = tokens[i + 1];
        const assigns =
          fetch ||
          (next?.type === "operator" && next.text.endsWith("=") && !["<=", ">=", "!=", "<>"].includes(next.text)) ||
          (next?.type === "word" && ["OUTPUT", "OUT"].includes(next.text.toUpperCase()));
        if (assigns) this.assigned.add(t.text.toLowerCase());
      }
    }
  }

  /** Reads `DECLARE @a type [= expr], …` (the reader on DECLARE); a variable it cannot read stays unknown. */
  declare(r: TokenReader): void {
    r.expectWord("DECLARE");
    do {
      const variable = r.peek();
      if (variable?.type !== "variable") return;
      r.pos++;
      const name = variable.text.toLowerCase();
      this.known.delete(name);
      r.acceptWord("AS");
      if (r.isWord("TABLE") || r.isWord("CURSOR")) return;
      const typeStart = r.peek();
      readDataType(r);
      const type = r.text(typeStart!, r.previous());
      if (!(r.peek()?.type === "operator" && r.peek()!.text === "=")) continue;
      r.pos++;
      const first = r.pos;
      const { value: initializer, next } = readSourceExpression(r.tokens, first, r.end, r.source);
      r.pos = next;
      const value = initializer.text;
      const reads = new Set(r.tokens.slice(first, r.pos).flatMap((t) => (isName(t) ? [t.text.toLowerCase()] : [])));
      if (!this.assigned.has(name)) this.known.set(name, { value: `CAST(${value} AS ${type})`, reads });
    } while (r.acceptPunct(","));
  }

  /** A statement changed the table (`*`: any table): variables whose initializer names it may hold another value. */
  changed(table: string): void {
    const lower = table.toLowerCase();
    for (const [name, known] of this.known) if (lower === "*" || known.reads.has(lower)) this.known.delete(name);
  }

  /**
   * Whether the variable (without its @) is declared in the batch, or is a system function (`@@ROWCOUNT`): a
   * variable's scope is the batch that declares it (docs: declare-local-variable-transact-sql.md).
   */
  isDeclared(name: string): boolean {
    return name.startsWith("@") || this.declared.has(name.toLowerCase());
  }

  /** The expression standing for the variable (without its @), if it has one. */
  value(name: string): string | undefined {
    return this.known.get(name.toLowerCase())?.value;
  }
}

const isName = (t: Token) => t.type === "word" || t.type === "quoted";
