import type {
  DataDiff,
  LintFinding,
  MigrationReport,
  ModelRun,
  ObjectStatus,
  ReportEntry,
  StatusCounts,
} from "~/agents/core/contracts";

/**
 * The migration report as Markdown: what was proven (programmable objects and source tables counted apart), the
 * objects that need attention with their reasons, and one row per object. Used in the generated project's README
 * and as a download. Also the counts and the headline every surface (CLI, report, dashboard) shows, so they say
 * the same thing.
 */

/**
 * What the load issues of the tables a model reads add to its report reason. The table's own entry (`own`: its
 * objectKey) lists every issue of its own; an object reading a table names the table's first issue (the statement
 * or row and its line, in load order) and how many more there are, so a table with a hundred issues does not
 * repeat them all in each reader's reason (the diagnostics list each once as well). Issues recorded without
 * their table stand alone.
 */
export function loadIssuesReason(issues: ModelRun["loadIssues"] & {}, own?: string): string | null {
  const byTable = new Map<string, typeof issues>();
  for (const [i, issue] of issues.entries()) {
    const group = issue.key ?? `\u0000${i}`;
    byTable.set(group, [...(byTable.get(group) ?? []), issue]);
  }
  const parts = [...byTable].map(([key, [first, ...more]]) => {
    if (key === own || !more.length) return [first!, ...more].map((i) => i.message).join("; ");
    return `${first!.message} (and ${more.length} more load issue${more.length === 1 ? "" : "s"} of ${first!.table ?? "the table"}, listed on its own entry)`;
  });
  return parts.length ? parts.join("; ") : null;
}

export const STATUSES: ObjectStatus[] = ["validated", "loaded", "mismatch", "executed", "needs_review", "failed"];
const STATUS_ORDER: ObjectStatus[] = ["validated", "loaded", "executed", "mismatch", "needs_review", "failed"];
export const STATUS_LABEL: Record<ObjectStatus, string> = {
  validated: "validated (same data as SQL Server's expected results)",
  loaded: "loaded (a source table returns the input's rows)",
  executed: "executed (built and ran; nothing compared)",
  mismatch: "mismatch (compared; the data differs)",
  needs_review: "needs review",
  failed: "failed",
};

/** What the two groups are called wherever counts are shown. */
export const PROGRAMMABLE = "views, procedures and functions";
export const TABLES = "source tables";

/**
 * Views, procedures, functions and triggers compute something, so their output can be proven against SQL
 * Server's; a source table only holds the rows the input gave it. Counting the two together made "36 of 36
 * validated" out of 23 proven objects and 13 tables that had merely been loaded.
 */
export const isSourceTable = (kind: string) => kind === "table";

const zeroCounts = (): StatusCounts => ({
  total: 0,
  validated: 0,
  loaded: 0,
  mismatch: 0,
  executed: 0,
  needs_review: 0,
  failed: 0,
});

/** The report's summary: every status over all objects, and the same for each group. */
export function summarize(objects: Pick<ReportEntry, "kind" | "status">[]): MigrationReport["summary"] {
  const all = zeroCounts();
  const programmable = zeroCounts();
  const tables = zeroCounts();
  for (const o of objects) {
    for (const counts of [all, isSourceTable(o.kind) ? tables : programmable]) {
      counts.total++;
      counts[o.status]++;
    }
  }
  return { ...all, programmable, tables };
}

/**
 * The two groups of a summary; a report written before the split has none, and its objects are counted again
 * when they are at hand (else undefined: the caller shows the old totals as they are).
 */
export function summaryGroups(
  summary: MigrationReport["summary"],
  objects?: Pick<ReportEntry, "kind" | "status">[],
): { programmable: StatusCounts; tables: StatusCounts } | undefined {
  if (summary.programmable && summary.tables) return { programmable: summary.programmable, tables: summary.tables };
  if (!objects) return undefined;
  const again = summarize(objects);
  return { programmable: again.programmable!, tables: again.tables! };
}

/** `23 of 23 validated, 0 mismatch, 2 executed (nothing compared), 0 need review, 0 failed`. */
export function countsText(counts: StatusCounts, proven: "validated" | "loaded"): string {
  const other = proven === "validated" ? "loaded" : "validated";
  return [
    `${counts[proven]} of ${counts.total} ${proven}`,
    // A status that cannot occur in the group is left out unless it did.
    ...(counts[other] ? [`${counts[other]} ${other}`] : []),
    `${counts.mismatch} mismatch`,
    `${counts.executed} executed${counts.executed ? " (nothing compared)" : ""}`,
    `${counts.needs_review} need review`,
    `${counts.failed} failed`,
  ].join(", ");
}

/**
 * The one-sentence result: `23 of 23 views, procedures and functions validated (same data as SQL Server); 13 of
 * 13 source tables loaded`, then what was only executed, with nothing compared.
 */
export function headline(
  summary: MigrationReport["summary"],
  objects?: Pick<ReportEntry, "kind" | "status">[],
): string {
  const groups = summaryGroups(summary, objects);
  if (!groups) return `${summary.validated} of ${summary.total} objects validated`;
  const { programmable: p, tables: t } = groups;
  const parts = [
    `${p.validated} of ${p.total} ${PROGRAMMABLE} validated (same data as SQL Server)`,
    `${t.loaded} of ${t.total} ${TABLES} loaded`,
  ];
  const executed = p.executed + t.executed;
  if (executed) parts.push(`${executed} executed with nothing compared`);
  return parts.join("; ");
}

/** Escapes text for a Markdown table cell. */
function cell(text: string | number | null | undefined): string {
  if (text === null || text === undefined || text === "") return "";
  return String(text).replaceAll("\\", "\\\\").replaceAll("|", "\\|").replace(/\r?\n/g, " ");
}

/**
 * A data diff in one line: "1 identical, 1 differ, 2 only expected, 1 only actual (paired by value); below 100 %:
 * Name 50 % (1/2)".
 */
export function diffSummary(details: DataDiff): string {
  const paired = details.identical + details.differing;
  const rows = `${details.identical} identical, ${details.differing} differ, ${details.onlyExpected} only expected, ${details.onlyActual} only actual (paired ${details.keyedBy.length ? `by ${details.keyedBy.join(", ")}` : "by value"})`;
  const columns = details.columns.flatMap((name, i) => {
    const matched = details.columnMatches[i] ?? 0;
    return matched < paired ? [`${name} ${Math.floor((matched / paired) * 1000) / 10} % (${matched}/${paired})`] : [];
  });
  return columns.length ? `${rows}; below 100 %: ${columns.join(", ")}` : rows;
}

function comparisonText(entry: ReportEntry): string {
  const c = entry.comparison;
  if (!c) return "";
  if (c.status === "not_compared") return `not compared${c.reason ? `: ${c.reason}` : ""}`;
  const rows =
    c.expectedRows !== undefined || c.actualRows !== undefined
      ? ` (${c.actualRows ?? "?"} of ${c.expectedRows ?? "?"} rows)`
      : "";
  return `${c.status}${rows}`;
}

export function markdownReport(report: MigrationReport): string {
  const lines: string[] = [];
  lines.push(`# Migration report: ${report.database}`, "", `Generated ${report.generatedAt}.`, "");

  const summary = report.summary;
  const groups = summaryGroups(summary, report.objects);
  if (groups) {
    const { programmable: p, tables: t } = groups;
    lines.push(`| status | ${PROGRAMMABLE} | ${TABLES} | total |`, "|---|---:|---:|---:|");
    for (const s of STATUS_ORDER)
      if (summary[s]) lines.push(`| ${STATUS_LABEL[s]} | ${p[s]} | ${t[s]} | ${summary[s]} |`);
    lines.push(`| **total** | **${p.total}** | **${t.total}** | **${summary.total}** |`, "");
    lines.push(`**What was proven.** ${provenText(p, t)}`, "");
  } else {
    lines.push("| status | objects |", "|---|---:|");
    for (const s of STATUS_ORDER) if (summary[s]) lines.push(`| ${STATUS_LABEL[s]} | ${summary[s]} |`);
    lines.push(`| **total** | **${summary.total ?? report.objects.length}** |`, "");
  }

  const builtBy = builtByText(report.objects);
  if (builtBy)
    lines.push(
      `**How the models were built.** ${builtBy} "dbt build": real dbt built and ran the model in the validation database; "built-in compiler": DataMigrate AI's own dbt Jinja compiler compiled it and ran its SQL there.`,
      "",
    );

  const attention = report.objects.filter(
    (o) => o.status !== "validated" && o.status !== "loaded" && o.status !== "executed",
  );
  if (attention.length) {
    lines.push("## Needs attention", "");
    for (const o of attention) {
      const where = o.path ? ` → \`${o.path}\`` : "";
      lines.push(
        `- **${o.object}** (${o.kind}, ${o.status.replace("_", " ")})${where}: ${o.reason ?? "no reason recorded"}`,
      );
      if (o.comparison?.status === "mismatch" && o.comparison.details)
        lines.push(`  - rows: ${diffSummary(o.comparison.details)}`);
      for (const d of o.comparison?.diff ?? []) lines.push(`  - ${d}`);
    }
    lines.push("");
  }

  const executed = report.objects.filter((o) => o.status === "executed");
  if (executed.length) {
    lines.push(
      "## Executed, nothing compared",
      "",
      "These built and ran, but there was nothing to compare their rows with, so the migration does not show that they return SQL Server's data:",
      "",
    );
    for (const o of executed) lines.push(`- **${o.object}** (${o.kind})${o.reason ? `: ${o.reason}` : ""}`);
    lines.push("");
  }

  lines.push(
    "## Objects",
    "",
    "| object | kind | model | status | attempts | rows | built by | comparison | reason |",
    "|---|---|---|---|---:|---:|---|---|---|",
  );
  for (const o of report.objects) {
    lines.push(
      `| ${cell(o.object)} | ${cell(o.kind)} | ${o.model ? `\`${cell(o.model)}\`` : ""} | ${cell(o.status)} | ${o.attempts} | ${cell(o.rows)} | ${cell(o.builtBy ?? null)} | ${cell(comparisonText(o))} | ${cell(o.reason)} |`,
    );
  }

  if (report.lint) {
    lines.push("", "## SQL style (sqlfluff)", "");
    if (report.lint.error) lines.push(`sqlfluff could not lint the project: ${report.lint.error}`);
    else if (!report.lint.findings.length)
      lines.push(
        "`sqlfluff lint` finds nothing in the project's models and tests under its own `.sqlfluff` (dbt-labs' style).",
      );
    else {
      lines.push(
        `\`sqlfluff lint\` under the project's own \`.sqlfluff\` (dbt-labs' style) has ${report.lint.findings.length} finding${report.lint.findings.length === 1 ? "" : "s"}; they do not change what was tested:`,
        "",
      );
      const byFile = new Map<string, LintFinding[]>();
      for (const f of report.lint.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
      for (const [file, findings] of byFile)
        lines.push(`- \`${file}\`: ${findings.map((f) => `line ${f.line} ${f.code} ${f.message}`).join("; ")}`);
    }
  }

  if (report.diagnostics.length) {
    lines.push("", "## Input diagnostics", "");
    for (const d of report.diagnostics) lines.push(`- ${d.severity}: ${d.file}:${d.line}: ${d.message}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Which builder built the models the report speaks of: "Built by dbt build: 23 models; built-in compiler: 1." —
 * null for a report written before runs said so.
 */
export function builtByText(objects: Pick<ReportEntry, "builtBy">[]): string | null {
  const counts = new Map<string, number>();
  for (const o of objects) if (o.builtBy) counts.set(o.builtBy, (counts.get(o.builtBy) ?? 0) + 1);
  if (!counts.size) return null;
  return `Built by ${[...counts].map(([by, n]) => `${by}: ${n} model${n === 1 ? "" : "s"}`).join("; ")}.`;
}

/** The sentence under the summary table: what each green count means, and what nothing was compared for. */
function provenText(p: StatusCounts, t: StatusCounts): string {
  const parts: string[] = [];
  parts.push(
    p.total
      ? `${p.validated} of ${p.total} ${PROGRAMMABLE} returned the same data as SQL Server's expected results.`
      : `There are no ${PROGRAMMABLE}: nothing computed was compared.`,
  );
  if (t.total)
    parts.push(
      `${t.loaded} of ${t.total} ${TABLES} were loaded: their staging models return the rows the input inserts, which shows the data arrived, not that any SQL Server logic was reproduced.`,
    );
  const executed = p.executed + t.executed;
  if (executed)
    parts.push(
      `${executed} object${executed === 1 ? " was" : "s were"} executed with nothing compared: no expected results were given for ${executed === 1 ? "it" : "them"}.`,
    );
  return parts.join(" ");
}
