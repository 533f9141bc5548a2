import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import type { LintFinding } from "~/agents/core/contracts";
import { findSqlfluff, runTool } from "./cli";
import { LINE_WIDTH } from "./layout";

/**
 * sqlfluff for the generated project: the `.sqlfluff` and `.sqlfluffignore` it ships (dbt-labs' own style, as in
 * their jaffle-shop project and "How we style our SQL"), and a lint run over a project's files.
 *
 * The jinja templater with dbt's builtins (ref, source, var, config, is_incremental) rather than the dbt
 * templater: sqlfluff-templater-dbt has no release for sqlfluff 4.5, and it compiles through dbt, so linting would
 * need the user's database profile. The jinja templater lints a freshly unzipped project.
 */

export const SQLFLUFF_CONFIG = ".sqlfluff";
export const SQLFLUFF_IGNORE = ".sqlfluffignore";

/** The rules' settings: dbt-labs' lowercase everywhere and explicit aliases, then what this project needs, and why. */
const RULE_SETTINGS: { rule: string; setting: string; why?: string[] }[] = [
  ...["keywords", "identifiers", "functions", "literals", "types"].map((kind) => ({
    rule: `capitalisation.${kind}`,
    // Keywords and literals have only the plain policies, the others the extended ones too.
    setting: `${kind === "keywords" || kind === "literals" ? "" : "extended_"}capitalisation_policy = lower`,
  })),
  { rule: "aliasing.table", setting: "aliasing = explicit" },
  { rule: "aliasing.column", setting: "aliasing = explicit" },
  { rule: "aliasing.expression", setting: "allow_scalar = False" },
  {
    rule: "layout.long_lines",
    setting: "ignore_comment_lines = True",
    why: ["Header comments name the SQL Server object and the reason for a review as they are."],
  },
  {
    rule: "references.special_chars",
    setting: "quoted_identifiers_policy = none",
    why: [
      "Source tables and columns keep their SQL Server names (spaces, capitals, punctuation), which only a quoted",
      "identifier reaches; unquoted names are still checked.",
    ],
  },
  {
    rule: "ambiguous.column_references",
    setting: "group_by_and_order_by_style = consistent",
    why: [
      "dbt-labs prefer `group by 1, 2`, but a translated GROUP BY or ORDER BY may name expressions that are not in",
      "the select list, which positions cannot express: each clause is consistent instead.",
    ],
  },
];

/** `.sqlfluff`; `macros`: the project has macros that models call, which the templater must load to render them. */
export function sqlfluffConfig(options: { macros: boolean }): string {
  return `# SQL style of this project, checked by \`sqlfluff lint\` (pip install sqlfluff): dbt-labs' style guide
# (https://docs.getdbt.com/best-practices/how-we-style/2-how-we-style-our-sql) on PostgreSQL.
[sqlfluff]
dialect = postgres
# The jinja templater renders ref(), source(), var() and config() without a database connection.
templater = jinja
runaway_limit = 10
# A translated model can pass sqlfluff's default 20 KB limit, over which it skips a file with only a warning.
large_file_skip_byte_limit = 0
max_line_length = ${LINE_WIDTH}
indent_unit = space
# Rules off because following them would change what the translation keeps from SQL Server, or because sqlfluff
# cannot see what they need:
# - structure.column_order (ST06): the output columns stay in the SQL Server object's order;
# - ambiguous.column_count (AM04): select * reads ref()'d relations whose columns the templater cannot see (it is
#   how a singular test returns its failing rows and a staging model passes its CTE on);
# - references.keywords (RF04): output columns keep the SQL Server object's names (snake_cased), and some of
#   them are words sqlfluff lists as keywords (year, month, status) that PostgreSQL accepts as names;
# - references.qualification (RF02), references.consistent (RF03): ORDER BY names output columns, which cannot
#   be qualified, and sqlfluff counts them (and a COLLATE clause's collation name) as unqualified references;
# - aliasing.unique.table (AL04): a correlated subquery keeps the outer query's alias as the T-SQL wrote it;
# - convention.left_join (CV08), structure.join_condition_order (ST09), structure.subquery (ST05): joins,
#   ON conditions and subqueries keep the T-SQL's order and shape, so a model reads like its original;
# - convention.casting_style (CV11): CAST() carries a T-SQL CAST/CONVERT over, :: marks the coercions PostgreSQL
#   needs on top of it, and the difference is worth seeing;
# - aliasing.self_alias.column (AL09): the translation names every output column with \`as\`, also where the
#   column already has that name (\`t.value as value\`), so each line of a select list shows the name the model
#   promises (its columns are documented and tested by those names).
exclude_rules = ST06, AM04, RF04, RF02, RF03, AL04, CV08, ST09, ST05, CV11, AL09

[sqlfluff:indentation]
tab_space_size = 4

[sqlfluff:templater:jinja]
apply_dbt_builtins = True
${options.macros ? "load_macros_from_path = macros\n" : ""}
[sqlfluff:layout:type:comma]
spacing_before = touch
line_position = trailing

${RULE_SETTINGS.map(({ rule, setting, why = [] }) => `[sqlfluff:rules:${rule}]\n${why.map((l) => `# ${l}\n`).join("")}${setting}\n`).join("\n")}`;
}

/**
 * `.sqlfluffignore`: what is not a dbt model or test. The source tables' DDL is plain PostgreSQL run once with
 * psql; macro files render to nothing under the jinja templater (their SQL is linted where models call them).
 */
export const sqlfluffIgnore = "target/\ndbt_packages/\nlogs/\nsource_schema/\nmacros/\n";

/** sqlfluff's warning for a file it does not lint because of its size. */
const SKIPPED = /Length of file '([^']+)' is (\d+) bytes which is over the limit of (\d+) bytes/g;

export type LintResult = { findings: LintFinding[]; files: number } | { error: string };

const lintJson = z.array(
  z.object({
    filepath: z.string(),
    violations: z.array(
      z.object({
        start_line_no: z.number().optional(),
        line_no: z.number().optional(),
        code: z.string(),
        description: z.string(),
      }),
    ),
  }),
);

/**
 * `sqlfluff lint` over a project (path → content), in one invocation on two processes; undefined when sqlfluff
 * is not installed. Exit code 1 means findings, anything else without JSON is an error with sqlfluff's output.
 */
export async function lintProject(
  files: ReadonlyMap<string, string> | Record<string, string>,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<LintResult | undefined> {
  const bin = findSqlfluff();
  if (!bin) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dm-lint-"));
  try {
    const entries = files instanceof Map ? [...files.entries()] : Object.entries(files);
    for (const [file, text] of entries) {
      const target = path.join(dir, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
    }
    const run = await runTool(
      bin,
      ["lint", "--format", "json", "--processes", "2", "--disable-progress-bar", "--nofail", "."],
      {
        cwd: dir,
        timeoutMs: options.timeoutMs ?? 300_000,
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    // The JSON report is one line of stdout; warnings (stderr) follow it in the captured output.
    const report = run.output.split("\n").find((l) => l.startsWith("["));
    let parsed: z.infer<typeof lintJson>;
    try {
      parsed = lintJson.parse(JSON.parse(report ?? ""));
    } catch {
      return { error: `sqlfluff lint failed${run.timedOut ? " (timed out)" : ""}: ${run.output.slice(-2000)}` };
    }
    const relative = (file: string) => path.relative(dir, path.resolve(dir, file));
    const findings = parsed.flatMap((f) =>
      f.violations.map((v) => ({
        file: relative(f.filepath),
        line: v.start_line_no ?? v.line_no ?? 0,
        code: v.code,
        message: v.description,
      })),
    );
    // The project's .sqlfluff lifts the limit, but should sqlfluff skip a file all the same (a warning only, the
    // file listed clean), a file nobody linted is a finding, not a pass.
    for (const m of run.output.matchAll(SKIPPED)) {
      findings.push({
        file: relative(m[1]!),
        line: 0,
        code: "SKIP",
        message: `Not linted: ${m[2]} bytes, over sqlfluff's large_file_skip_byte_limit of ${m[3]} bytes`,
      });
    }
    return { findings, files: parsed.length };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
