import type { MigrationReport, ObjectStatus, ReportEntry } from "~/agents/engine/types";

/**
 * The migration report as Markdown: a summary, the objects that need attention with their reasons, and one
 * row per object. Used in the generated project's README and as a download.
 */

const STATUS_ORDER: ObjectStatus[] = ["validated", "executed", "mismatch", "needs_review", "failed"];
const STATUS_LABEL: Record<ObjectStatus, string> = {
  validated: "validated (same data as SQL Server)",
  executed: "executed (ran, not compared)",
  mismatch: "mismatch (ran, data differs)",
  needs_review: "needs review",
  failed: "failed",
};

/** Escapes text for a Markdown table cell. */
function cell(text: string | number | null | undefined): string {
  if (text === null || text === undefined || text === "") return "";
  return String(text).replaceAll("\\", "\\\\").replaceAll("|", "\\|").replace(/\r?\n/g, " ");
}

function comparisonText(entry: ReportEntry): string {
  const c = entry.comparison;
  if (!c) return "";
  if (c.status === "not_compared") return `not compared${c.reason ? `: ${c.reason}` : ""}`;
  const rows = c.expectedRows !== undefined || c.actualRows !== undefined ? ` (${c.actualRows ?? "?"} of ${c.expectedRows ?? "?"} rows)` : "";
  return `${c.status}${rows}`;
}

export function markdownReport(report: MigrationReport): string {
  const lines: string[] = [];
  lines.push(`# Migration report: ${report.database}`, "", `Generated ${report.generatedAt}.`, "");

  const summary = report.summary as Record<string, number>;
  lines.push("| status | objects |", "|---|---:|");
  for (const s of STATUS_ORDER) if (summary[s]) lines.push(`| ${STATUS_LABEL[s]} | ${summary[s]} |`);
  lines.push(`| **total** | **${summary.total ?? report.objects.length}** |`, "");

  const attention = report.objects.filter((o) => o.status !== "validated" && o.status !== "executed");
  if (attention.length) {
    lines.push("## Needs attention", "");
    for (const o of attention) {
      const where = o.path ? ` → \`${o.path}\`` : "";
      lines.push(`- **${o.object}** (${o.kind}, ${o.status.replace("_", " ")})${where}: ${o.reason ?? "no reason recorded"}`);
      for (const d of o.comparison?.diff ?? []) lines.push(`  - ${d}`);
    }
    lines.push("");
  }

  lines.push("## Objects", "", "| object | kind | model | status | attempts | rows | comparison | reason |", "|---|---|---|---|---:|---:|---|---|");
  for (const o of report.objects) {
    lines.push(
      `| ${cell(o.object)} | ${cell(o.kind)} | ${o.model ? `\`${cell(o.model)}\`` : ""} | ${cell(o.status)} | ${o.attempts} | ${cell(o.rows)} | ${cell(comparisonText(o))} | ${cell(o.reason)} |`,
    );
  }

  if (report.diagnostics.length) {
    lines.push("", "## Input diagnostics", "");
    for (const d of report.diagnostics) lines.push(`- ${d.severity}: ${d.file}:${d.line}: ${d.message}`);
  }
  return `${lines.join("\n")}\n`;
}
