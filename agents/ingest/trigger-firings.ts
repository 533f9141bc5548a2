import { objectKey } from "~/agents/catalog/schema";
import { LexError, significant, tokenize } from "~/agents/tsql/lexer";
import type { Draft } from "./drafts";

export type TriggerEvent = "INSERT" | "UPDATE" | "DELETE";

/**
 * The statements a DML trigger fires on and whether it runs INSTEAD OF them, from its header `CREATE TRIGGER t ON
 * table [WITH …] { FOR | AFTER | INSTEAD OF } { [INSERT] [,] [UPDATE] [,] [DELETE] }` (docs:
 * create-trigger-transact-sql.md); undefined when the header does not read that way.
 */
export function triggerEvents(definition: string): { events: Set<TriggerEvent>; instead: boolean } | undefined {
  let tokens;
  try {
    tokens = significant(tokenize(definition));
  } catch (error) {
    if (error instanceof LexError) return undefined;
    throw error;
  }
  const word = (k: number) => (tokens[k]?.type === "word" ? tokens[k].text.toUpperCase() : "");
  for (let k = 0; k < tokens.length && word(k) !== "AS"; k++) {
    const instead = word(k) === "INSTEAD" && word(k + 1) === "OF";
    if (!instead && word(k) !== "FOR" && word(k) !== "AFTER") continue;
    const events = new Set<TriggerEvent>();
    for (let e = k + (instead ? 2 : 1); ; e++) {
      const event = word(e);
      if (event === "INSERT" || event === "UPDATE" || event === "DELETE") events.add(event);
      else if (!(tokens[e]?.type === "punct" && tokens[e]!.text === ",")) break;
    }
    return events.size ? { events, instead } : undefined;
  }
  return undefined;
}

/**
 * The statement a data draft stands for, as a trigger sees it: INSERT for rows (literal or computed), UPDATE, DELETE;
 * MERGE may be any. TRUNCATE TABLE and BULK INSERT (without FIRE_TRIGGERS) fire no trigger (docs:
 * truncate-table-transact-sql.md, bulk-insert-transact-sql.md), nor do drafts that are not data statements.
 */
export function firedBy(draft: Draft): { table: string; events: TriggerEvent[] } | undefined {
  if (draft.kind === "insert") return { table: objectKey(draft.table.schema, draft.table.name), events: ["INSERT"] };
  if (draft.kind !== "unloaded-insert") return undefined;
  const table = objectKey(draft.table.schema, draft.table.name);
  const head = /^(INSERT|UPDATE|DELETE|MERGE|TRUNCATE)\b/.exec(draft.reason)?.[1];
  if (head === "TRUNCATE") return undefined;
  if (draft.change) return { table, events: [draft.change.set.length ? "UPDATE" : "DELETE"] };
  if (head === "MERGE") return { table, events: ["INSERT", "UPDATE", "DELETE"] };
  return head ? { table, events: [head as TriggerEvent] } : undefined;
}
