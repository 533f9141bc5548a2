import { htmlText, markdownCell } from "~/agents/escape";
import type { MigrationReport } from "~/agents/core/contracts";
import { reportKey } from "~/agents/worker/decisions";
import type { MigrationHistory } from "./fix-objects";

/**
 * What the owner did after the pipeline ran, added to the stored report when it is downloaded: decisions on
 * objects (accepted with a note, out of scope) and edited models, each with who and when, and the run history.
 * Read at download time, so a decision shows without rebuilding anything.
 */
export function reportWithOwnerChanges(report: MigrationReport, history: MigrationHistory) {
  const decisionOf = new Map(history.decisions.map((d) => [d.key, d]));
  const editOf = new Map(history.edits.map((e) => [e.model, e]));
  return {
    ...report,
    objects: report.objects.map((o) => {
      const decision = decisionOf.get(reportKey(o.object));
      const edit = o.model ? editOf.get(o.model) : undefined;
      return {
        ...o,
        ...(decision
          ? {
              decision: {
                decision: decision.decision,
                note: decision.note,
                by: decision.decidedBy,
                at: decision.decidedAt,
              },
            }
          : {}),
        ...(edit ? { edited: { by: edit.editedBy, at: edit.editedAt } } : {}),
      };
    }),
    decisions: history.decisions.map((d) => ({
      object: d.key,
      decision: d.decision,
      note: d.note,
      by: d.decidedBy,
      at: d.decidedAt,
    })),
    edits: history.edits.map((e) => ({ model: e.model, by: e.editedBy, at: e.editedAt })),
    runs: history.runs.map((r) => ({
      number: r.number,
      kind: r.kind,
      reason: r.reason,
      models: r.models,
      requestedBy: r.requestedBy,
      requestedAt: r.requestedAt,
      finishedAt: r.finishedAt,
      status: r.status,
      summary: r.summary,
    })),
  };
}

const DECISION_LABEL = { accepted: "accepted", out_of_scope: "out of scope" } as const;

/** The same as Markdown sections, appended to migration_report.md. */
export function ownerChangesMarkdown(history: MigrationHistory): string {
  const lines: string[] = [];
  if (history.decisions.length) {
    lines.push("", "## Decisions", "", "| object | decision | note | by | when |", "|---|---|---|---|---|");
    for (const d of history.decisions)
      lines.push(
        `| ${markdownCell(d.key)} | ${DECISION_LABEL[d.decision]} | ${markdownCell(d.note)} | ${markdownCell(d.decidedBy)} | ${d.decidedAt} |`,
      );
  }
  if (history.edits.length) {
    lines.push("", "## Edited models", "");
    for (const e of history.edits)
      lines.push(`- \`${markdownCell(e.model)}\`: edited by ${markdownCell(e.editedBy)} at ${e.editedAt}`);
  }
  if (history.runs.length > 1) {
    lines.push("", "## Runs", "", "| # | what | requested | by | outcome |", "|---|---|---|---|---|");
    for (const r of history.runs)
      lines.push(
        `| ${r.number} | ${markdownCell(r.reason)} | ${r.requestedAt} | ${markdownCell(r.requestedBy ?? "")} | ${r.status ?? "not finished"} |`,
      );
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}

/** The same as HTML sections, inserted before report.html's end. */
export function ownerChangesHtml(history: MigrationHistory): string {
  let html = "";
  if (history.decisions.length) {
    html += `<h2>Decisions</h2>\n<table data-testid="decisions"><thead><tr><th>object</th><th>decision</th><th>note</th><th>by</th><th>when</th></tr></thead><tbody>\n${history.decisions
      .map(
        (d) =>
          `<tr><td>${htmlText(d.key)}</td><td>${DECISION_LABEL[d.decision]}</td><td>${htmlText(d.note)}</td><td>${htmlText(d.decidedBy)}</td><td>${htmlText(d.decidedAt)}</td></tr>`,
      )
      .join("\n")}\n</tbody></table>\n`;
  }
  if (history.edits.length) {
    html += `<h2>Edited models</h2>\n<ul data-testid="edits">${history.edits.map((e) => `<li><code>${htmlText(e.model)}</code>: edited by ${htmlText(e.editedBy)} at ${htmlText(e.editedAt)}</li>`).join("")}</ul>\n`;
  }
  return html;
}
