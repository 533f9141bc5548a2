import YAML from "yaml";
import {
  objectKey,
  type Catalog,
  type Procedure,
  type SqlFunction,
  type Table,
  type Trigger,
  typeText,
  type View,
} from "~/agents/catalog/schema";
import type { MigrationReport, Plan, PlannedModel, Translation } from "~/agents/core/contracts";
import { needsQuoting, quoteLiteral, relationName } from "~/agents/dialect/postgres";
import { columnNames, snakeCase } from "~/agents/plan/naming";
import { markdownReport } from "~/agents/report";
import { collateClause, collationSetupSql, columnPgCollation } from "~/agents/dialect/collation";
import { isString } from "~/agents/tsql/type-rules";
import { pgType } from "~/agents/dialect/types";
import { significant, tokenize } from "~/agents/tsql/lexer";
import { layoutSql, layoutSqlFile } from "./layout";
import { sourceTableName } from "./relations";
import { SQLFLUFF_CONFIG, SQLFLUFF_IGNORE, sqlfluffConfig, sqlfluffIgnore } from "./sqlfluff";
import { bracketName, display, tableTests, type DataTest } from "./tests";
import { modelColumns } from "./model-columns";
import { EQUALS_EXPECTED_FILE } from "./equals-expected";
import {
  EXPECTED_SEEDS_DIR,
  EXPECTED_SEEDS_SCHEMA,
  EXPECTED_SEEDS_YAML,
  expectedProof,
  type ExpectedProof,
  type VarValue,
} from "./seeds";
import type { ExpectedResult } from "~/agents/evaluate/expected";
import { jinjaText, lineCommentText } from "~/agents/escape";
import { sourceSchemaStatements } from "~/agents/sandbox/load";
import type { SourceData } from "~/agents/sandbox/dump";
import { commentSafe, jinjaString, jinjaCommentSafe, sqlIdent } from "./text";

/**
 * Writes the dbt project for a plan: path → file content, paths relative to the project root.
 *
 * Layout (dbt-labs' "how we structure our dbt projects"):
 *   dbt_project.yml                     materializations cascaded per folder, vars from procedure parameters
 *   models/staging/<source>/            _<source>__sources.yml, _<source>__models.yml (tests), stg_<source>__<entity>.sql
 *   models/intermediate/<area>/         _int_<area>__models.yml, int_<entity>.sql
 *   models/marts/<area>/                _<area>__models.yml, <entity>.sql
 *   macros/                             _macros.yml, one macro per scalar function
 *   tests/<source>/                     singular tests for composite keys and CHECK constraints
 *   seeds/expected/                     the expected results validated models are tested against (seeds.ts)
 *   review/                             notes for what dbt cannot express (triggers)
 *   source_schema/                      the source tables' DDL and, from the migration, their rows (psql scripts)
 *   README.md, .gitignore
 * No packages.yml: the generated project uses no package (composite keys get singular tests instead of
 * dbt_utils), so `dbt deps` is not needed.
 *
 * The source tables live in PostgreSQL under their ORIGINAL SQL Server names, in a schema named like the
 * SQL Server schema: sources.yml maps snake_case names to them with `identifier:` and quoting, and staging
 * models select every column by its original (quoted) name so translated models can use the names unchanged.
 * Staging models add no casts: the tables are created from the translated DDL and already hold PostgreSQL types.
 *
 * YAML is written as YAML 1.1 because dbt reads it with PyYAML: strings such as `yes`, `on`, `Y` are quoted
 * so they do not turn into booleans.
 */
export type ProjectOutputs = {
  /** The migration's report: its statuses decide what ships as validated. */
  report?: MigrationReport;
  /**
   * The parameter values the objects were validated with (the expected results' params), so a var without a
   * T-SQL default still has one and `dbt build` runs out of the box with what was proven.
   */
  validationVars?: Record<string, string>;
  /** The expected results; each model the report says is validated ships them as a seed with an equality test (seeds.ts). */
  expected?: readonly ExpectedResult[];
  /** The source tables' rows read back from the migration's sandbox (LOAD_DATA_FILE), or why they could not be. */
  sourceData?: SourceData | { error: string };
};

export function writeProject(
  catalog: Catalog,
  plan: Plan,
  translations: readonly Translation[],
  { report, validationVars = {}, expected = [], sourceData }: ProjectOutputs = {},
): Map<string, string> {
  const files = new Map<string, string>();
  const objects = catalogObjects(catalog);
  const byKey = new Map(plan.models.map((m) => [m.key, m]));
  const byTranslationKey = new Map<string, Translation>();
  const byTranslationModel = new Map<string, Translation>();
  for (const t of translations) {
    if (!byTranslationKey.has(t.key)) byTranslationKey.set(t.key, t);
    if (!byTranslationModel.has(t.model)) byTranslationModel.set(t.model, t);
  }
  const translationOf = (m: PlannedModel) => byTranslationKey.get(m.key) ?? byTranslationModel.get(m.name);
  const tables = new Map(catalog.tables.map((t) => [objectKey(t.schema, t.name), t]));
  const tableOf = (key: string) => tables.get(key);
  const stagingModelOf = (key: string) => {
    const m = byKey.get(key);
    return m?.layer === "staging" ? m.name : undefined;
  };
  const review: ReviewItem[] = [];
  const skippedTests: string[] = [];
  const vars = projectVars(plan, validationVars);
  const validated = new Set(
    (report?.objects ?? [])
      .filter((o) => o.status === "validated" && o.kind !== "table" && o.model)
      .map((o) => o.model!),
  );
  const proof = expectedProof({
    expected,
    models: plan.models,
    validated,
    vars: vars.values,
    defaultValue: varDefault,
  });

  // ---- staging: sources, tests, models
  for (const source of plan.sources) {
    const dir = `models/staging/${source.name}`;
    const tables = catalog.tables.filter(
      (t) =>
        t.schema.toLowerCase() === source.schema.toLowerCase() &&
        byKey.get(objectKey(t.schema, t.name))?.layer === "staging",
    );
    if (!tables.length) continue;
    const sourceTables: Record<string, unknown>[] = [];
    const modelEntries: Record<string, unknown>[] = [];

    for (const table of tables) {
      const model = byKey.get(objectKey(table.schema, table.name))!;
      const tableName = sourceTableName(model.name, source.name);
      const relation = relationName(table.name);
      sourceTables.push({
        name: tableName,
        description: describeTable(table),
        ...(tableName !== relation ? { identifier: jinjaText(relation) } : {}),
        ...(needsQuoting(relation) ? { quoting: { identifier: true } } : {}),
      });

      const tests = tableTests(table, model.name, stagingModelOf, tableOf);
      for (const s of tests.skipped) skippedTests.push(`${display(table)} ${s}`);
      for (const t of tests.singular) files.set(`tests/${source.name}/${t.name}.sql`, layoutSqlFile(t.sql));
      modelEntries.push({
        name: model.name,
        description: commentSafe(
          `${display(table)} as loaded from SQL Server, one row per source row, columns renamed to snake_case (each column's description names the SQL Server column).`,
        ),
        columns: stagedColumns(table).map(({ column, name }) =>
          columnEntry(column, name, tests.columns.get(name) ?? []),
        ),
      });
      files.set(model.path, layoutSqlFile(stagingSql(table, source.name, tableName)));
    }

    files.set(
      `${dir}/_${source.name}__sources.yml`,
      yaml({
        version: 2,
        sources: [
          {
            name: source.name,
            description: commentSafe(
              `Tables of SQL Server schema [${source.schema}] in database ${catalog.database}, loaded into PostgreSQL schema "${relationName(source.schema)}" under their original names (a name longer than PostgreSQL's 63 bytes is cut and ends with a hash of the whole).`,
            ),
            schema: relationName(source.schema),
            ...(needsQuoting(relationName(source.schema)) ? { quoting: { schema: true } } : {}),
            tables: sourceTables,
          },
        ],
      }),
    );
    files.set(`${dir}/_${source.name}__models.yml`, yaml({ version: 2, models: modelEntries }));
  }

  // ---- intermediate and marts models, grouped by folder
  const folders = new Map<string, PlannedModel[]>();
  for (const m of plan.models) {
    if (m.layer !== "intermediate" && m.layer !== "marts") continue;
    const dir = m.path.slice(0, m.path.lastIndexOf("/"));
    folders.set(dir, [...(folders.get(dir) ?? []), m]);
  }
  const disabled = disabledModels(plan, translationOf);
  const columnDocs = modelColumns(catalog, plan, translationOf, (m) => !disabled.has(m.name));
  for (const [dir, models] of folders) {
    const area = dir.slice(dir.lastIndexOf("/") + 1);
    const layer = models[0]!.layer;
    const entries = models.map((m) => {
      const object = objects.get(m.key);
      const translation = translationOf(m);
      files.set(m.path, modelSql(m, object, translation, disabled.get(m.name)));
      if (!translation)
        review.push({
          model: m,
          object,
          reason: "no translation was produced: the model is disabled and keeps the original T-SQL in a comment",
        });
      else if (translation.status === "needs_review")
        review.push({
          model: m,
          object,
          reason: translation.issues.map((i) => i.message).join("; ") || "the translator flagged it",
        });
      const equality = proof.tests.get(m.name);
      return {
        name: m.name,
        description: commentSafe(describeModel(m, object, translation)),
        ...(m.materialized !== FOLDER_MATERIALIZATION[layer] ? { config: { materialized: m.materialized } } : {}),
        ...(columnDocs.has(m.name) ? { columns: columnDocs.get(m.name) } : {}),
        ...(equality ? { data_tests: [equality] } : {}),
      };
    });
    files.set(
      `${dir}/_${layer === "intermediate" ? "int_" : ""}${area}__models.yml`,
      yaml({ version: 2, models: entries }),
    );
  }

  // ---- macros (scalar functions)
  const macros = plan.models.filter((m) => m.layer === "macro");
  if (macros.length) {
    const entries = macros.map((m) => {
      const object = objects.get(m.key);
      const fn = object?.kind === "function" ? object.value : undefined;
      const translation = translationOf(m);
      files.set(m.path, macroSql(m, fn, translation));
      if (!translation)
        review.push({
          model: m,
          object,
          reason: "no translation was produced: the macro raises a compiler error when called",
        });
      else if (translation.status === "needs_review")
        review.push({
          model: m,
          object,
          reason: translation.issues.map((i) => i.message).join("; ") || "the translator flagged it",
        });
      return {
        name: m.name,
        description: commentSafe(
          `Migrated from scalar function ${fn ? display(fn) : m.key}${fn?.returns ? ` returning ${safePgType(fn.returns) ?? fn.returns.name}` : ""}: renders a SQL expression.`,
        ),
        arguments: (fn?.parameters ?? []).map((p) => ({
          name: macroArgName(p.name),
          type: safePgType(p.type) ?? p.type.name,
          description: commentSafe(`T-SQL parameter @${p.name}`),
        })),
      };
    });
    files.set("macros/_macros.yml", yaml({ version: 2, macros: entries }));
  }

  // ---- review notes (triggers)
  for (const m of plan.models.filter((x) => x.layer === "review")) {
    const object = objects.get(m.key);
    files.set(m.path, reviewNote(m, object));
    review.push({
      model: m,
      object,
      reason: "triggers are outside dbt's scope: see the review note (dbt snapshots can keep history)",
    });
  }

  // ---- the expected results as seeds, each validated model's equality test against its seed
  for (const [p, content] of proof.files) files.set(p, content);
  if (proof.seeds.length) files.set(EXPECTED_SEEDS_YAML, yaml({ version: 2, seeds: proof.seeds }));

  files.set("dbt_project.yml", projectYaml(plan, collationSetupSql(files.values()), vars, proof.seeds.length > 0));
  files.set(".gitignore", "target/\ndbt_packages/\nlogs/\n");
  files.set(SQLFLUFF_CONFIG, sqlfluffConfig({ macros: macros.length > 0 }));
  files.set(SQLFLUFF_IGNORE, sqlfluffIgnore);
  files.set(SOURCE_SCHEMA_FILE, sourceSchemaSql(catalog));
  if (sourceData) files.set(LOAD_DATA_FILE, loadDataSql(catalog, sourceData));
  files.set("README.md", readme(catalog, plan, files, review, skippedTests, proof, validatedVars(vars), report));

  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// ---------------------------------------------------------------------------------------------------------

type CatalogObject =
  | { kind: "table"; value: Table }
  | { kind: "view"; value: View }
  | { kind: "procedure"; value: Procedure }
  | { kind: "function"; value: SqlFunction }
  | { kind: "trigger"; value: Trigger };

type ReviewItem = { model: PlannedModel; object: CatalogObject | undefined; reason: string };

function catalogObjects(catalog: Catalog): Map<string, CatalogObject> {
  const map = new Map<string, CatalogObject>();
  const add = (o: CatalogObject) => {
    const key = objectKey(o.value.schema, o.value.name);
    if (!map.has(key)) map.set(key, o);
  };
  for (const value of catalog.tables) add({ kind: "table", value });
  for (const value of catalog.views) add({ kind: "view", value });
  for (const value of catalog.procedures) add({ kind: "procedure", value });
  for (const value of catalog.functions) add({ kind: "function", value });
  for (const value of catalog.triggers) add({ kind: "trigger", value });
  return map;
}

const FOLDER_MATERIALIZATION: Record<string, PlannedModel["materialized"]> = {
  staging: "view",
  intermediate: "view",
  marts: "table",
};

function yaml(value: unknown, comment?: (doc: YAML.Document) => void): string {
  const doc = new YAML.Document(value, { version: "1.1" });
  comment?.(doc);
  return doc.toString({ lineWidth: 0 });
}

function safePgType(type: Table["columns"][number]["type"]): string | undefined {
  try {
    return pgType(type);
  } catch {
    return undefined;
  }
}

function describeTable(table: Table): string {
  const n = table.data?.rows.length;
  const rows = n === undefined ? "" : `, ${n} row${n === 1 ? "" : "s"} in the input`;
  return commentSafe(`SQL Server table ${display(table)}${rows}.`);
}

/** A table's columns with their staging names (`columnNames`: snake_case, collisions numbered in column order). */
function stagedColumns(table: Table): { column: Table["columns"][number]; name: string }[] {
  const names = columnNames(table.columns.map((c) => c.name));
  return table.columns.map((column, i) => ({ column, name: names[i]! }));
}

function columnEntry(column: Table["columns"][number], name: string, tests: DataTest[]): Record<string, unknown> {
  const notes = [
    `SQL Server column ${bracketName(column.name)}, ${typeText(column.type)}${column.nullable ? "" : " NOT NULL"}`,
  ];
  if (column.identity) notes.push(`IDENTITY(${column.identity.seed},${column.identity.increment})`);
  if (column.default) notes.push(`default ${column.default}`);
  if (column.computed) notes.push(`computed as ${column.computed}`);
  const dataType = safePgType(column.type);
  return {
    name,
    description: commentSafe(`${notes.join(", ")}.`),
    ...(dataType ? { data_type: dataType } : {}),
    ...(tests.length ? { data_tests: tests } : {}),
  };
}

function stagingSql(table: Table, source: string, tableName: string): string {
  // Text columns compare under their SQL Server collation (the database default is case-insensitive): the
  // staging model declares it, so every model built on it compares, groups and sorts the way SQL Server does.
  // Every column is renamed to snake_case here, the only place the SQL Server names appear (jaffle-shop style).
  const columns = stagedColumns(table)
    .map(
      ({ column: c, name }) =>
        `        ${sqlIdent(relationName(c.name))}${isString(c.type) ? ` ${collateClause(columnPgCollation(c.collation))}` : ""} as ${name}`,
    )
    .join(",\n");
  return [
    commentSafe(`-- Staging model for ${display(table)}: one row per source row, every column renamed to snake_case.`),
    "",
    "with source as (",
    "",
    `    select * from {{ source('${source}', '${tableName}') }}`,
    "",
    "),",
    "",
    "renamed as (",
    "",
    "    select",
    columns,
    "    from source",
    "",
    ")",
    "",
    "select * from renamed",
    "",
  ].join("\n");
}

function objectLabel(object: CatalogObject | undefined, fallback: string): string {
  if (!object) return fallback;
  const kind = object.kind === "function" ? `${object.value.kind.replaceAll("_", " ")} function` : object.kind;
  return `${kind} ${display(object.value)}`;
}

/** Each var with where its value comes from; `validated` holds those dbt_project.yml sets to a validation value. */
function varsText(vars: PlannedModel["vars"], validated: Record<string, VarValue> = {}): string {
  const source = (v: PlannedModel["vars"][number]) =>
    v.default !== undefined
      ? ` (default ${v.default})`
      : v.name in validated
        ? ` (validated with ${String(validated[v.name])}, set in dbt_project.yml)`
        : " (required)";
  return vars.map((v) => `${v.name}${source(v)}`).join(", ");
}

function describeModel(
  m: PlannedModel,
  object: CatalogObject | undefined,
  translation: Translation | undefined,
): string {
  const parts = [`Migrated from ${objectLabel(object, m.key)}.`];
  if (m.vars.length) parts.push(`Parameters are dbt vars: ${varsText(m.vars)}.`);
  if (!translation) parts.push("NOT TRANSLATED: disabled until someone writes it.");
  else if (translation.status === "needs_review")
    parts.push(`NEEDS REVIEW: ${translation.issues.map((i) => i.message).join("; ")}`);
  return parts.join(" ");
}

function header(m: PlannedModel, object: CatalogObject | undefined, translation: Translation | undefined): string {
  const lines = [
    `-- Migrated from ${objectLabel(object, m.key)}${translation ? ` (translated by ${translation.by})` : ""}.`,
  ];
  if (m.vars.length) lines.push(`-- Vars: ${varsText(m.vars)}.`);
  if (translation?.status === "needs_review") {
    lines.push("-- NEEDS REVIEW:");
    for (const issue of translation.issues)
      lines.push(`--   ${issue.construct}${issue.line ? ` (T-SQL line ${issue.line})` : ""}: ${issue.message}`);
  }
  return lines.map(commentSafe).join("\n");
}

/**
 * Models that must not build as they are, with the reason: those the translator flagged for review (their SQL may
 * hold placeholders that would return wrong data) and, since dbt cannot parse a ref to a disabled model, every
 * model built on one of them.
 */
function disabledModels(plan: Plan, translationOf: (m: PlannedModel) => Translation | undefined): Map<string, string> {
  const disabled = new Map<string, string>();
  const byName = new Map(plan.models.map((m) => [m.name, m]));
  const visit = (m: PlannedModel): string | undefined => {
    if (disabled.has(m.name)) return disabled.get(m.name);
    if (m.layer !== "intermediate" && m.layer !== "marts") return undefined;
    const t = translationOf(m);
    let reason = t?.status === "needs_review" ? "needs review" : undefined;
    for (const name of m.dependsOn) {
      const upstream = byName.get(name);
      if (!reason && upstream && upstream !== m && visit(upstream))
        reason = `it reads ${upstream.name}, which is disabled`;
    }
    if (reason) disabled.set(m.name, reason);
    return reason;
  };
  for (const m of plan.models) visit(m);
  return disabled;
}

function modelSql(
  m: PlannedModel,
  object: CatalogObject | undefined,
  translation: Translation | undefined,
  disabledBecause?: string,
): string {
  if (translation && disabledBecause) {
    // Disabled, and loud if someone enables it without fixing it: the translated SQL is kept for the reviewer in a
    // comment, never as a model that would silently return placeholder values.
    const why =
      disabledBecause === "needs review"
        ? `needs review: ${translation.issues.map((i) => i.message).join("; ")}`
        : `disabled: ${disabledBecause}`;
    return [
      header(m, object, translation),
      "{{ config(enabled=false) }}",
      `{% if execute %}{{ exceptions.raise_compiler_error(${jinjaString(`${m.name} ${why}`)}) }}{% endif %}`,
      "",
      `{#- The rules' translation, to finish by hand:\n${jinjaCommentSafe(layoutSql(translation.sql.trim()))}\n-#}`,
      "",
    ].join("\n");
  }
  if (translation) return `${header(m, object, translation)}\n\n${layoutSql(translation.sql.trim())}\n`;
  const definition = object && "definition" in object.value ? object.value.definition : "";
  return [
    header(m, object, undefined),
    "-- NOT TRANSLATED: disabled so the rest of the project builds. The original T-SQL is kept below.",
    "{{ config(enabled=false) }}",
    "",
    `{#\n${jinjaCommentSafe(definition)}\n#}`,
    "",
    "select 1 as not_translated",
    "",
  ].join("\n");
}

function macroArgName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : snakeCase(name, "object", { ascii: true });
}

function macroSql(m: PlannedModel, fn: SqlFunction | undefined, translation: Translation | undefined): string {
  const args = (fn?.parameters ?? []).map((p) => macroArgName(p.name)).join(", ");
  const head = commentSafe(
    `-- Migrated from scalar function ${fn ? display(fn) : m.key}${translation ? ` (translated by ${translation.by})` : ""}.`,
  );
  if (translation && /\{%-?\s*macro\s/.test(translation.sql)) return `${head}\n\n${translation.sql.trim()}\n`;
  const body = translation
    ? translation.sql.trim()
    : `{{ exceptions.raise_compiler_error("${m.name}: scalar function ${fn ? display(fn).replaceAll('"', "'") : m.key} was not translated") }}\n{#\n${jinjaCommentSafe(fn?.definition ?? "")}\n#}`;
  return `${head}\n\n{% macro ${m.name}(${args}) -%}\n${body}\n{%- endmacro %}\n`;
}

function reviewNote(m: PlannedModel, object: CatalogObject | undefined): string {
  const trigger = object?.kind === "trigger" ? object.value : undefined;
  const lines = [
    `# Review: ${objectLabel(object, m.key)}`,
    "",
    "Triggers run inside SQL Server's write transactions; dbt builds models from data and has no equivalent.",
    "Decide what the trigger is for:",
    "",
    "- keeping history or an audit trail → a dbt snapshot of the table;",
    "- keeping derived columns or tables in sync → a model that derives them;",
    "- enforcing a rule → a dbt data test (or a constraint in the loading system);",
    "- anything else → the loading system (outside dbt).",
    "",
  ];
  if (trigger) lines.push(`Table: ${display(trigger.table)}`, "", "```sql", trigger.definition.trim(), "```", "");
  return lines.join("\n");
}

/** The YAML value of a T-SQL default literal: `'1998'` → "1998", `N'x'` → "x", `10` → 10, `NULL` → null. */
export function varDefault(text: string): string | number | null {
  try {
    const sig = significant(tokenize(text)).filter((t) => !(t.type === "punct" && (t.text === "(" || t.text === ")")));
    const [a, b] = sig;
    if (sig.length === 1 && a!.type === "string") return a!.text;
    if (sig.length === 1 && a!.type === "word" && a!.text.toUpperCase() === "NULL") return null;
    if (sig.length === 1 && (a!.type === "number" || a!.type === "money") && Number.isFinite(Number(a!.text)))
      return Number(a!.text);
    if (sig.length === 2 && a!.type === "operator" && a!.text === "-" && b!.type === "number") return -Number(b!.text);
  } catch {
    // fall through: keep the text
  }
  return text.trim();
}

/** The file with the source tables' PostgreSQL DDL, in the project. */
export const SOURCE_SCHEMA_FILE = "source_schema/create_tables.sql";

function sourceSchemaSql(catalog: Catalog): string {
  const header = [
    `-- The source tables of ${lineCommentText(catalog.database)} in PostgreSQL, as the migration validated them: run this once`,
    "-- in the database the dbt profile points at, then load the rows (README: How to run).",
  ];
  return `${header.join("\n")}\n\n${sourceSchemaStatements(catalog)
    .map((s) => `${s};`)
    .join("\n\n")}\n`;
}

/** The file with the source tables' rows, for psql, after SOURCE_SCHEMA_FILE. */
export const LOAD_DATA_FILE = "source_schema/load_data.sql";

/** The psql command that creates and fills the source tables from the project's own files. */
const PSQL_LOAD = `psql "postgres://user:pass@host/db" -v ON_ERROR_STOP=1 -f ${SOURCE_SCHEMA_FILE} -f ${LOAD_DATA_FILE}`;

function loadDataSql(catalog: Catalog, data: SourceData | { error: string }): string {
  const database = lineCommentText(catalog.database);
  if ("error" in data) {
    // Loud when run, never an empty load that looks complete: the DO block raises the reason.
    const reason = `the rows of ${catalog.database} could not be read from the migration's sandbox: ${data.error}`;
    return [
      `-- ${lineCommentText(reason)}`,
      "-- Fill the tables with `npm run migrate -- load <script.sql> --database-url <url>` instead.",
      `do ${quoteLiteral(`begin raise exception using message = ${quoteLiteral(reason)}; end`)};`,
      "",
    ].join("\n");
  }
  const header = [
    `-- The rows of ${database}'s source tables as the migration loaded and validated them: ${data.rows} row${data.rows === 1 ? "" : "s"} in ${data.tables} table${data.tables === 1 ? "" : "s"}.`,
    "-- Run it once, after create_tables.sql, in the database the dbt profile points at (README: How to run):",
    `--   ${PSQL_LOAD}`,
    "-- Rows of the script that PostgreSQL refused, or that the migration could not load as SQL Server would, are not",
    "-- here: the migration report lists them.",
  ];
  // One transaction: a failure leaves the tables as they were. The literals below are standard-conforming.
  return [
    ...header,
    "",
    "set client_encoding = 'UTF8';",
    "set standard_conforming_strings = on;",
    "begin;",
    "",
    data.script,
    "commit;",
    "",
  ].join("\n");
}

type ProjectVars = {
  values: Record<string, VarValue>;
  required: Map<string, string[]>;
  fromValidation: string[];
  conflicts: string[];
};

/**
 * The vars dbt_project.yml sets: one per parameter name; the first model (in build order) that declares a T-SQL
 * default sets it, else the value the migration was validated with; what has neither is required.
 */
function projectVars(plan: Plan, validationVars: Record<string, string>): ProjectVars {
  const values: Record<string, VarValue> = {};
  const required = new Map<string, string[]>();
  const conflicts: string[] = [];
  const position = new Map(plan.order.map((name, i) => [name, i]));
  const rank = (m: PlannedModel) => position.get(m.name) ?? plan.order.length;
  const ordered = [...plan.models].sort((a, b) => rank(a) - rank(b));
  for (const m of ordered) {
    for (const v of m.vars) {
      if (v.default === undefined) {
        required.set(v.name, [...(required.get(v.name) ?? []), m.name]);
        continue;
      }
      const value = varDefault(v.default);
      if (!(v.name in values)) values[v.name] = value;
      else if (values[v.name] !== value) conflicts.push(`${v.name}: ${m.name} declares default ${v.default}`);
    }
  }
  for (const name of Object.keys(values)) required.delete(name);
  const fromValidation: string[] = [];
  for (const [name] of required) {
    const value = Object.entries(validationVars).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
    if (value === undefined) continue;
    values[name] = value;
    fromValidation.push(name);
    required.delete(name);
  }
  return { values, required, fromValidation, conflicts };
}

function validatedVars({ values, fromValidation }: ProjectVars): Record<string, VarValue> {
  return Object.fromEntries(fromValidation.map((name) => [name, values[name]!]));
}

function projectYaml(
  plan: Plan,
  collations: string[],
  { values: vars, required, fromValidation, conflicts }: ProjectVars,
  hasSeeds: boolean,
): string {
  const layers = new Set(plan.models.map((m) => m.layer));
  const folders: Record<string, unknown> = {};
  for (const layer of ["staging", "intermediate", "marts"] as const) {
    if (layers.has(layer)) folders[layer] = { "+materialized": FOLDER_MATERIALIZATION[layer] };
  }

  const project: Record<string, unknown> = {
    name: plan.project.name,
    version: "1.0.0",
    "config-version": 2,
    profile: plan.project.profile,
    "require-dbt-version": ">=1.8.0",
    "model-paths": ["models"],
    "analysis-paths": ["analyses"],
    "test-paths": ["tests"],
    "seed-paths": ["seeds"],
    "macro-paths": ["macros"],
    "snapshot-paths": ["snapshots"],
    "clean-targets": ["target", "dbt_packages"],
    models: { [plan.project.name]: folders },
  };
  // The expected results load into their own schema (<target schema>_expected), under their SQL Server column names.
  if (hasSeeds)
    project.seeds = {
      [plan.project.name]: {
        [EXPECTED_SEEDS_DIR.slice("seeds/".length)]: { "+schema": EXPECTED_SEEDS_SCHEMA, "+quote_columns": true },
      },
    };
  if (Object.keys(vars).length || required.size) project.vars = vars;
  // The ICU collations that give SQL Server's case-insensitive comparisons (staging columns, COLLATE clauses).
  if (collations.length) project["on-run-start"] = collations;

  return yaml(project, (doc) => {
    doc.commentBefore =
      " Generated by DataMigrate AI from SQL Server. Materializations cascade per folder (dbt-labs conventions).";
    const varsNode =
      doc.contents && YAML.isMap(doc.contents)
        ? doc.contents.items.find((p) => YAML.isScalar(p.key) && p.key.value === "vars")
        : undefined;
    if (varsNode && YAML.isScalar(varsNode.key)) {
      const notes = [" Procedure parameters as dbt vars (T-SQL defaults). Override with --vars '{Name: value}'."];
      if (fromValidation.length)
        notes.push(
          ` No T-SQL default, set to the value the migration was validated with: ${fromValidation.join(", ")}`,
        );
      for (const [name, models] of required)
        notes.push(` Required, no default (dbt stops if missing): ${name} (used by ${models.join(", ")})`);
      for (const c of conflicts) notes.push(` Conflicting default ignored: ${c}`);
      varsNode.key.commentBefore = notes.join("\n");
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// README

function proofSection(proof: ExpectedProof): string[] {
  if (!proof.proven.length && !proof.notProven.length) return [];
  const lines = ["## The proof", ""];
  if (proof.proven.length) {
    lines.push(
      "Each model below was validated against what SQL Server returned, and carries that result as a seed with an equality",
      `data test (\`${EQUALS_EXPECTED_FILE}\`), so \`dbt build\` proves it again on your database. Values`,
      "compare as the migration compared them: numbers within 0.0001, date-times at their SQL Server precision, text exactly.",
      "A procedure validated with several parameter sets is tested with the set its vars default to (`dbt_project.yml`).",
      "",
      "| model | seed | expected result | params |",
      "|---|---|---|---|",
    );
    for (const p of proof.proven) {
      const params = Object.entries(p.params)
        .map(([k, v]) => `${k} = ${v}`)
        .join(", ");
      lines.push(
        commentSafe(
          `| \`${p.model}\` | \`${EXPECTED_SEEDS_DIR}/${p.seed}.csv\` | ${p.source.replaceAll("|", "\\|")} | ${params.replaceAll("|", "\\|") || "none"} |`,
        ),
      );
    }
    lines.push("");
  }
  if (proof.notProven.length) {
    lines.push(
      "Validated, but without an equality test in the project (the migration report has their comparison):",
      "",
    );
    for (const n of proof.notProven) lines.push(commentSafe(`- \`${n.model}\`: ${n.reason}`));
    lines.push("");
  }
  return lines;
}

function tree(paths: readonly string[]): string {
  type Dir = Map<string, Dir | null>;
  const root: Dir = new Map();
  for (const p of paths) {
    const parts = p.split("/");
    let dir = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) dir.set(part, null);
      else {
        if (!dir.get(part)) dir.set(part, new Map());
        dir = dir.get(part)!;
      }
    });
  }
  const lines: string[] = [];
  const walk = (dir: Dir, indent: string) => {
    const entries = [...dir.entries()].sort(
      ([a, x], [b, y]) => (x === null ? 1 : 0) - (y === null ? 1 : 0) || (a < b ? -1 : 1),
    );
    entries.forEach(([name, child], i) => {
      const last = i === entries.length - 1;
      lines.push(`${indent}${last ? "└── " : "├── "}${name}${child ? "/" : ""}`);
      if (child) walk(child, indent + (last ? "    " : "│   "));
    });
  };
  walk(root, "");
  return lines.join("\n");
}

function readme(
  catalog: Catalog,
  plan: Plan,
  files: Map<string, string>,
  review: ReviewItem[],
  skippedTests: string[],
  proof: ExpectedProof,
  validatedVars: Record<string, VarValue>,
  report?: MigrationReport,
): string {
  const count = (layer: PlannedModel["layer"], kind?: string) =>
    plan.models.filter((m) => m.layer === layer && (!kind || m.kind === kind)).length;
  const tvfs = catalog.functions.filter((f) => f.kind !== "scalar").length;
  const lines: string[] = [
    `# ${plan.project.name}`,
    "",
    commentSafe(
      `dbt project for PostgreSQL migrated from the SQL Server database **${catalog.database}** by DataMigrate AI.`,
    ),
    "",
    "## What was migrated",
    "",
    "| SQL Server | count | dbt |",
    "|---|---:|---|",
    `| tables | ${catalog.tables.length} | sources + staging models (\`models/staging/\`), tests from keys and constraints |`,
    `| views | ${catalog.views.length} | ${count("intermediate", "view")} intermediate models (read by other objects), ${count("marts", "view")} mart models |`,
    `| procedures | ${catalog.procedures.length} | mart models; parameters are vars |`,
    `| functions | ${catalog.functions.length} | ${count("macro")} macro(s) (scalar), ${tvfs} ephemeral model(s) (table-valued) |`,
    `| triggers | ${catalog.triggers.length} | review notes in \`review/\` |`,
    "",
  ];

  lines.push("## Needs review", "");
  if (!review.length) lines.push("No model was flagged.");
  for (const r of review)
    lines.push(
      commentSafe(`- **${r.object ? display(r.object.value) : r.model.key}** → \`${r.model.path}\`: ${r.reason}`),
    );
  if (review.some((r) => r.reason.startsWith("no translation"))) {
    lines.push(
      "",
      "Untranslated models are disabled (`enabled=false`): models that ref them fail to compile until they are written.",
    );
  }
  if (skippedTests.length) {
    lines.push("", "Constraints not turned into tests:", "");
    for (const s of skippedTests) lines.push(commentSafe(`- ${s}`));
  }
  lines.push("");

  const withVars = plan.models.filter((m) => m.vars.length);
  if (withVars.length) {
    lines.push(
      "## Vars",
      "",
      "Procedure (and table-valued function) parameters became dbt vars named after the parameter:",
      "",
      "| model | vars |",
      "|---|---|",
    );
    for (const m of withVars) lines.push(`| \`${m.name}\` | ${commentSafe(varsText(m.vars, validatedVars))} |`);
    lines.push("");
  }

  const schemas = plan.sources.map((s) => `"${s.schema}"`).join(", ");
  const exampleModel = withVars.find((m) => m.kind === "procedure") ?? withVars[0];
  const example = exampleModel?.vars.map((v) => `${v.name}: ...`).join(", ");
  lines.push(
    "## How to run",
    "",
    `1. Create the source tables in your PostgreSQL (16 or later) under their original SQL Server names, in schema(s) ${schemas || "(none)"}`,
    `   (for example \`"dbo"."Order Details"\`): the sources point at those names. \`${SOURCE_SCHEMA_FILE}\` creates them (collations,`,
    "   schemas, sequences, tables with keys, defaults and computed columns)" +
      (files.has(LOAD_DATA_FILE)
        ? `, and \`${LOAD_DATA_FILE}\` fills them with the rows the migration was validated on:`
        : ":"),
    "",
    "   ```sh",
    `   ${files.has(LOAD_DATA_FILE) ? PSQL_LOAD : `psql "postgres://user:pass@host/db" -v ON_ERROR_STOP=1 -f ${SOURCE_SCHEMA_FILE}`}`,
    "   ```",
    "",
    "   DataMigrate AI also creates and fills them from the script in one step:",
    "   `npm run migrate -- load <script.sql> --database-url postgres://user:pass@host/db`.",
    `2. Add a \`${plan.project.profile}\` profile to \`~/.dbt/profiles.yml\`:`,
    "",
    "   ```yaml",
    `   ${plan.project.profile}:`,
    "     target: dev",
    "     outputs:",
    "       dev:",
    "         type: postgres",
    "         host: localhost",
    "         port: 5432",
    "         user: postgres",
    "         password: \"{{ env_var('DBT_PASSWORD') }}\"",
    "         dbname: analytics",
    "         schema: analytics",
    "         threads: 4",
    "   ```",
    "",
    "3. Build and test everything (no packages to install):",
    "",
    "   ```sh",
    "   dbt build",
    ...(exampleModel && example ? [`   dbt build --select ${exampleModel.name} --vars '{${example}}'`] : []),
    "   ```",
    "",
    ...(proof.proven.length
      ? [
          "   `dbt build` also loads the expected results (`seeds/expected/`, into schema `<your schema>_expected`) and runs",
          "   each `equals_expected__<model>` test: the model must return exactly the rows SQL Server returned. A failing",
          "   one counts the differences; `dbt build --store-failures` keeps them in a table (each row `missing` from the",
          "   model or `unexpected` in it, or a missing or unexpected column). Built with other `--vars`, a procedure's",
          "   model returns other rows: exclude its test then (`--exclude equals_expected__<model>`).",
          "",
        ]
      : []),
    ...proofSection(proof),
    "## Layout",
    "",
    "```",
    tree([...files.keys(), "README.md"].sort()),
    "```",
    "",
  );

  if (report) lines.push(markdownReport(report).replace(/^# /, "## ").replace(/\n## /g, "\n### "));
  return `${lines.join("\n").trimEnd()}\n`;
}
