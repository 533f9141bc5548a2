import type { PlannedModel } from "~/agents/core/contracts";
import { refineTextKind } from "~/agents/evaluate/compare";
import { writeCsv } from "~/agents/evaluate/csv";
import type { ExpectedResult } from "~/agents/evaluate/expected";
import {
  canonical,
  kindOfSqlServerType,
  normalizeBit,
  normalizeDate,
  normalizeDatetime,
  parseDecimal,
  type ValueKind,
} from "~/agents/evaluate/values";
import { relationName } from "~/agents/dialect/postgres";
import { jinjaText } from "~/agents/escape";
import { columnNames, snakeCase } from "~/agents/plan/naming";
import {
  EQUALS_EXPECTED_FILE,
  EQUALS_EXPECTED_MACRO,
  EQUALS_EXPECTED_TEST,
  SQL_COMPARABLE_KINDS,
} from "./equals-expected";
import { commentSafe } from "./text";
import { bracketName, type DataTest } from "./tests";

/**
 * The proof travels with the project: the expected results a model was validated with become a seed
 * (`seeds/expected/<model>__expected[__<params>].csv`), and the model gets the equality data test
 * (agents/dbt/equals-expected.ts) against it, so `dbt build` re-proves parity wherever the project runs.
 *
 * - Only models the migration validated get one; a procedure validated with several parameter sets is tested with
 *   the set its vars default to in dbt_project.yml (dbt builds it once, with those), the others stay in the report.
 * - The seed holds each value in the Evaluator's canonical form (agents/evaluate/values.ts), in a column typed so
 *   dbt loads it exactly: numbers `numeric` (no float rounding), bits `boolean`, datetime `timestamp(3)`, date
 *   `date`; datetime2, time and datetimeoffset as text (100 ns and the offset, which PostgreSQL's types cannot
 *   hold), and all text as `text` (leading zeros kept). Every column is listed in `column_types`, which also
 *   stops dbt from guessing types from the values.
 * - dbt's seed loader reads an empty or `null` text as NULL; a text column holding such a value has one `'` put
 *   before every non-NULL value, and the test strips it (`prefixed`), so '' and NULL stay apart.
 */

export const EXPECTED_SEEDS_DIR = "seeds/expected";
export const EXPECTED_SEEDS_YAML = `${EXPECTED_SEEDS_DIR}/_expected__seeds.yml`;
/** The schema suffix seeds load into (`<target schema>_expected`), apart from the models. */
export const EXPECTED_SEEDS_SCHEMA = "expected";

export type VarValue = string | number | null;

export type ProvenModel = { model: string; seed: string; source: string; params: Record<string, string>; test: string };

export type ExpectedProof = {
  /** Seed CSVs and the test macro (empty when nothing is proven). */
  files: Map<string, string>;
  /** The seeds' YAML entries (`seeds:` of EXPECTED_SEEDS_YAML), for the project writer to serialize. */
  seeds: Record<string, unknown>[];
  /** Model name → its equality data test, for the model's `data_tests:`. */
  tests: Map<string, DataTest>;
  proven: ProvenModel[];
  /** Validated models without an equality test, with the reason. */
  notProven: { model: string; reason: string }[];
};

const SEED_TYPE: Partial<Record<ValueKind, string>> = {
  number: "numeric",
  bit: "boolean",
  datetime: "timestamp(3)",
  date: "date",
};
/** Whether a value of a typed kind parses as that kind (else the seed could not load it). */
const PARSES: Partial<Record<ValueKind, (v: string) => unknown>> = {
  number: parseDecimal,
  bit: normalizeBit,
  datetime: normalizeDatetime,
  date: normalizeDate,
};
/** What dbt's seed loader (agate, `null_values`) reads as NULL in a text column. */
const READ_AS_NULL = /^\s*(null)?\s*$/i;
const PREFIX = "'";

export function expectedProof(input: {
  expected: readonly ExpectedResult[];
  models: readonly PlannedModel[];
  /** Names of the models the migration validated. */
  validated: ReadonlySet<string>;
  /** The vars dbt_project.yml sets (what dbt builds every model with). */
  vars: Record<string, VarValue>;
  /** The value of a T-SQL parameter default (project.ts's varDefault). */
  defaultValue: (text: string) => VarValue;
}): ExpectedProof {
  const files = new Map<string, string>();
  const tests = new Map<string, DataTest>();
  const proven: ProvenModel[] = [];
  const notProven: ExpectedProof["notProven"] = [];
  const taken = new Set(input.models.map((m) => m.name));
  const seeds: Record<string, unknown>[] = [];

  for (const m of input.models) {
    if (!input.validated.has(m.name) || (m.layer !== "intermediate" && m.layer !== "marts")) continue;
    const entries = input.expected.filter((e) => e.key === m.key);
    if (!entries.length) continue;
    const entry = entries.find((e) => builtWith(m, e, input.vars, input.defaultValue));
    if (!entry) {
      const built = m.vars
        .map((v) => `${v.name} = ${input.vars[v.name] === undefined ? "(required)" : String(input.vars[v.name] ?? "")}`)
        .join(", ");
      const used = entries
        .map(
          (e) =>
            Object.entries(e.vars)
              .map(([k, v]) => `${k} = ${v}`)
              .join(", ") || "no params",
        )
        .join("; ");
      notProven.push({
        model: m.name,
        reason: `dbt builds it with ${built} (dbt_project.yml), and no expected result was computed with those (${used})`,
      });
      continue;
    }
    const columns = seedColumns(entry);
    if ("reason" in columns) {
      notProven.push({ model: m.name, reason: columns.reason });
      continue;
    }

    const seed = uniqueName(seedName(m.name, entry), taken);
    taken.add(seed);
    // The seed's columns have the names the model gives them (snake_case, unique, within 63 bytes): dbt's seed
    // loader writes a CSV header into SQL as `"<name>"` without doubling a `"`, and PostgreSQL cuts a longer name,
    // so SQL Server's names (any text) could not all load; each column's description keeps its SQL Server name.
    const names = columnNames(entry.result.columns.map((c) => c.name));
    const rows = entry.result.rows.map((row) =>
      row.map((v, i) => (v === null ? null : `${columns.prefixed[i] ? PREFIX : ""}${canonical(v, columns.kinds[i]!)}`)),
    );
    files.set(`${EXPECTED_SEEDS_DIR}/${seed}.csv`, writeCsv({ header: names, rows }));
    const params = Object.entries(entry.vars);
    const paramsText = params.length ? `, run with ${params.map(([k, v]) => `@${k} = ${v}`).join(", ")}` : "";
    seeds.push({
      name: seed,
      description: commentSafe(
        `Rows SQL Server returned for ${entry.entry.object} (${entry.entry.file}${paramsText}), in the migration's canonical form${entry.entry.ordered ? ", in order" : ""}. ${m.name} must return exactly these.`,
      ),
      config: {
        column_types: Object.fromEntries(names.map((name, i) => [name, SEED_TYPE[columns.kinds[i]!] ?? "text"])),
      },
      columns: entry.result.columns.map((c, i) => ({
        name: names[i]!,
        description: commentSafe(`SQL Server column ${bracketName(c.name)}${c.type ? `, ${c.type}` : ""}.`),
      })),
    });

    const test = `equals_expected__${m.name}`;
    const prefixed = names.filter((_, i) => columns.prefixed[i]);
    tests.set(m.name, {
      [EQUALS_EXPECTED_TEST]: {
        name: test,
        arguments: {
          expected: `ref('${seed}')`,
          // name: SQL Server's, which the model's column may have (matched ignoring case, as the Evaluator does);
          // model_name: the one the translator gives it, also the seed's column.
          columns: entry.result.columns.map((c, i) => ({
            name: jinjaText(c.name),
            kind: columns.kinds[i]!,
            model_name: names[i]!,
          })),
          ...(entry.entry.ordered ? { ordered: true } : {}),
          ...(prefixed.length ? { prefixed } : {}),
        },
      },
    });
    proven.push({ model: m.name, seed, source: entry.entry.file, params: entry.vars, test });
  }

  if (seeds.length) files.set(EQUALS_EXPECTED_FILE, EQUALS_EXPECTED_MACRO);
  return { files, seeds, tests, proven, notProven };
}

/**
 * Whether dbt builds the model with the entry's params: for each of the model's vars, the value the Evaluator
 * used (the entry's param, else the var's T-SQL default) is the value dbt_project.yml gives it.
 */
function builtWith(
  m: PlannedModel,
  e: ExpectedResult,
  vars: Record<string, VarValue>,
  defaultValue: (text: string) => VarValue,
): boolean {
  const lookup = <T>(record: Record<string, T>, name: string) =>
    Object.entries(record).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  const text = (v: VarValue | undefined) => (v === undefined ? undefined : String(v ?? ""));
  return m.vars.every((v) => {
    const used = lookup(e.vars, v.name) ?? (v.default !== undefined ? text(defaultValue(v.default)) : undefined);
    const built = text(lookup(vars, v.name));
    return used !== undefined && built === used;
  });
}

function seedColumns(entry: ExpectedResult): { kinds: ValueKind[]; prefixed: boolean[] } | { reason: string } {
  const kinds: ValueKind[] = [];
  const prefixed: boolean[] = [];
  for (const [i, column] of entry.result.columns.entries()) {
    const values = entry.result.rows.map((r) => r[i] ?? null);
    if (column.type === undefined)
      return {
        reason: `the manifest gives no type for column ${column.name}, so the test could not compare it as the Evaluator did`,
      };
    const kind = refineTextKind(kindOfSqlServerType(column.type), values);
    if (!SQL_COMPARABLE_KINDS.has(kind))
      return {
        reason: `column ${column.name} holds ${kind.toUpperCase()}, which SQL cannot compare as the Evaluator does (as a document)`,
      };
    const parses = PARSES[kind];
    const bad = parses && values.find((v) => v !== null && parses(v) === undefined);
    if (bad !== undefined && bad !== null)
      return {
        reason: `column ${column.name} holds ${JSON.stringify(bad)}, which is not a ${kind} value a seed could load`,
      };
    kinds.push(kind);
    prefixed.push(SEED_TYPE[kind] === undefined && values.some((v) => v !== null && READ_AS_NULL.test(v)));
  }
  return { kinds, prefixed };
}

function seedName(model: string, entry: ExpectedResult): string {
  const params = Object.values(entry.vars);
  return `${model}__expected${params.length ? `__${snakeCase(params.join(" "), "params")}` : ""}`;
}

/** A relation name (relationName: within PostgreSQL's 63 bytes) apart from every other dbt name. */
function uniqueName(name: string, taken: ReadonlySet<string>): string {
  let candidate = relationName(name);
  for (let n = 2; taken.has(candidate); n++) candidate = relationName(`${name}_${n}`);
  return candidate;
}
