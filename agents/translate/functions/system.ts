import { T } from "~/agents/tsql/type-rules";
import { unsupported, type FunctionDef } from "./registry";

/** System, error and metadata functions: their values come from the running server or session, not the data. */

const newid: FunctionDef = {
  name: "newid",
  aliases: ["newsequentialid"],
  family: "system",
  arity: [0, 0],
  construct: "NEWID",
  scoring: { weight: 0.5 },
  emit: () => ({ sql: "gen_random_uuid()", type: T.uuid }),
};

const outsideDbt = (name: string, arity: readonly [number, number] = [0, 0]) =>
  unsupported(name, "system", arity, `${name.toUpperCase()}() has no equivalent in a dbt model`);

export const SYSTEM: FunctionDef[] = [
  newid,
  // NEXT VALUE FOR (the parser's `next_value_for`): each call changes the sequence; a model that is rebuilt would
  // draw new numbers every time (docs: next-value-for-transact-sql.md).
  unsupported(
    "next_value_for",
    "system",
    [1, 1],
    "NEXT VALUE FOR draws from a sequence at run time: a rebuilt model would return new numbers each time",
  ),
  unsupported(
    "scope_identity",
    "system",
    [0, 0],
    "SCOPE_IDENTITY depends on rows inserted by the procedure: outside dbt",
  ),
  outsideDbt("ident_current", [1, 1]),
  outsideDbt("error_message"),
  outsideDbt("error_number"),
  outsideDbt("error_severity"),
  outsideDbt("error_state"),
  outsideDbt("error_line"),
  outsideDbt("error_procedure"),
  outsideDbt("object_id", [1, 2]),
  outsideDbt("db_name", [0, 1]),
  outsideDbt("suser_sname", [0, 1]),
  outsideDbt("host_name"),
  outsideDbt("app_name"),
];
