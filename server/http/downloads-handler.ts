import type { IncomingMessage, ServerResponse } from "node:http";
import { eq } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import { LOAD_DATA_FILE, SOURCE_SCHEMA_FILE } from "~/agents/dbt";
import { htmlText } from "~/agents/escape";
import type { MigrationReport } from "~/agents/core/contracts";
import { builtByText, diffSummary, PROGRAMMABLE, STATUS_LABEL, STATUSES, summaryGroups, TABLES } from "~/agents/report";
import { parseArtifact } from "~/agents/worker/artifacts";
import type { Database } from "~/db/client";
import { migrationOutputs } from "~/db/schema";
import { historyOf } from "~/server/services/fix-objects";
import { ownedMigration, sendError, type Authenticate } from "./respond";
import { ownerChangesHtml, ownerChangesMarkdown, reportWithOwnerChanges } from "~/server/services/report-overlay";

/**
 * GET /api/migrations/:id/project.zip | source-tables.sql | report.json | report.md | report.html — what a
 * finished migration produced, as downloads. source-tables.sql is the project's two source_schema scripts as one
 * file for psql: the source tables' DDL, then the rows the migration validated on. Authenticated like the API and the SSE stream (session cookie or `Bearer` API key);
 * another user's migration, a missing one and one without outputs yet all answer 404.
 */
export const DOWNLOADS_PATH =
  /^\/api\/migrations\/([^/?]+)\/(project\.zip|source-tables\.sql|report\.json|report\.md|report\.html)(?:\?.*)?$/;
export type DownloadName = "project.zip" | "source-tables.sql" | "report.json" | "report.md" | "report.html";

export function createDownloadsHandler(options: { db: Database; authenticate: Authenticate }) {
  return async function handleDownload(
    req: IncomingMessage,
    res: ServerResponse,
    migrationId: string,
    name: DownloadName,
  ) {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      return sendError(res, 405, "METHOD_NOT_SUPPORTED", "Use GET");
    }
    const migration = await ownedMigration(options.db, options.authenticate, req, res, migrationId);
    if (!migration) return;

    const [output] =
      name === "project.zip" || name === "source-tables.sql"
        ? await options.db
            .select({ zip: migrationOutputs.projectZip })
            .from(migrationOutputs)
            .where(eq(migrationOutputs.migrationId, migrationId))
        : await options.db
            .select({ report: migrationOutputs.report, markdown: migrationOutputs.reportMarkdown })
            .from(migrationOutputs)
            .where(eq(migrationOutputs.migrationId, migrationId));
    if (!output)
      return sendError(res, 404, "NOT_FOUND", "Nothing to download yet: the migration has not finished successfully");

    const base = fileBase(migration.name);
    // The owner's decisions and edits since the report was written (read now, so they show without a rebuild).
    const history = "zip" in output ? null : await historyOf(options.db, migrationId);
    let body: Buffer;
    let type: string;
    let filename: string;
    if ("zip" in output && name === "source-tables.sql") {
      body = Buffer.from(sourceTablesSql(output.zip, `${base}-source-tables.sql`));
      type = "application/sql; charset=utf-8";
      filename = `${base}-source-tables.sql`;
    } else if ("zip" in output) {
      body = output.zip;
      type = "application/zip";
      filename = `${base}-dbt.zip`;
    } else if (name === "report.json") {
      body = Buffer.from(
        JSON.stringify(reportWithOwnerChanges(parseArtifact(migrationId, "report", output.report), history!), null, 2),
      );
      type = "application/json; charset=utf-8";
      filename = `${base}-report.json`;
    } else if (name === "report.md") {
      body = Buffer.from(output.markdown + ownerChangesMarkdown(history!));
      type = "text/markdown; charset=utf-8";
      filename = `${base}-report.md`;
    } else {
      body = Buffer.from(
        reportHtml(migration.name, parseArtifact(migrationId, "report", output.report)).replace(
          "</body>",
          `${ownerChangesHtml(history!)}</body>`,
        ),
      );
      type = "text/html; charset=utf-8";
      filename = `${base}-report.html`;
    }
    res.writeHead(200, {
      "content-type": type,
      "content-length": body.length,
      "content-disposition": `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  };
}

/**
 * The project's source_schema scripts (agents/dbt/project.ts) read from its zip as one psql script. A project
 * from before the rows were shipped has the DDL only; the file says so instead of looking complete.
 */
function sourceTablesSql(zip: Buffer, filename: string): string {
  const wanted = new Set<string>([SOURCE_SCHEMA_FILE, LOAD_DATA_FILE]);
  const files = unzipSync(new Uint8Array(zip), { filter: (f) => wanted.has(f.name) });
  const text = (name: string) => (files[name] ? strFromU8(files[name]) : undefined);
  const rows = text(LOAD_DATA_FILE);
  return [
    `-- The source tables of the dbt project (${SOURCE_SCHEMA_FILE}, then ${LOAD_DATA_FILE}), for psql:`,
    `--   psql "postgres://user:pass@host/db" -v ON_ERROR_STOP=1 -f ${filename}`,
    "",
    text(SOURCE_SCHEMA_FILE) ?? "",
    rows ??
      "-- This migration's project ships no rows (it was made before they were shipped): run it again, or fill the\n-- tables with `npm run migrate -- load <script.sql> --database-url <url>`.\n",
  ].join("\n");
}

/** A file name from the migration's name: letters, digits, `-` and `_` only. */
export function fileBase(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
  return base || "migration";
}

const escapeHtml = (value: unknown) => htmlText(String(value ?? ""));

const STATUS_COLOURS: Record<string, string> = {
  validated: "#166534",
  loaded: "#115e59",
  executed: "#1e40af",
  mismatch: "#9a3412",
  needs_review: "#854d0e",
  failed: "#991b1b",
};

/** The report as one self-contained, readable HTML page (no scripts, no external resources). */
export function reportHtml(name: string, report: MigrationReport): string {
  const summary = report.summary;
  const statuses = STATUSES.filter((s) => summary[s]);
  // Programmable objects and source tables counted apart (a report stored before the split is counted again).
  const groups = summaryGroups(summary, report.objects)!;
  const executed = report.objects.filter((o) => o.status === "executed");
  const builtBy = builtByText(report.objects);
  const comparison = (c: MigrationReport["objects"][number]["comparison"]) => {
    if (!c) return "";
    const rows = c.expectedRows !== undefined ? ` (${c.actualRows ?? "?"} of ${c.expectedRows} rows)` : "";
    const diff = c.diff.length
      ? `<ul>${c.diff.map((d) => `<li><code>${escapeHtml(d)}</code></li>`).join("")}</ul>`
      : "";
    const details =
      c.status === "mismatch" && c.details
        ? `<div class="muted">rows: ${escapeHtml(diffSummary(c.details))}</div>`
        : "";
    return `${escapeHtml(c.status.replace("_", " "))}${rows}${c.reason ? `<div class="muted">${escapeHtml(c.reason)}</div>` : ""}${details}${diff}`;
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Migration report: ${escapeHtml(name)}</title>
<style>
body { font: 14px/1.5 system-ui, sans-serif; color: #0f172a; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid #e2e8f0; }
th { background: #f8fafc; font-weight: 600; } td.num { text-align: right; } code { font-size: 12px; }
.status { font-weight: 600; } .muted { color: #64748b; font-size: 12px; } ul { margin: .25rem 0; padding-left: 1.2rem; }
.scroll { overflow-x: auto; }
</style>
</head>
<body>
<h1>Migration report: ${escapeHtml(name)}</h1>
<p>Database <strong>${escapeHtml(report.database)}</strong>, generated ${escapeHtml(report.generatedAt)} by DataMigrate AI.</p>
<h2>Summary</h2>
<p data-testid="headline"><strong>${groups.programmable.validated} of ${groups.programmable.total}</strong> ${PROGRAMMABLE} validated: the same data as SQL Server's expected results.
<strong>${groups.tables.loaded} of ${groups.tables.total}</strong> ${TABLES} loaded: their rows arrived, which proves no SQL Server logic.${
    executed.length
      ? ` <strong>${executed.length}</strong> executed with nothing compared: no expected results were given for them, so their data is not proven.`
      : ""
  }</p>
<table>
<thead><tr><th>status</th><th class="num">${PROGRAMMABLE}</th><th class="num">${TABLES}</th><th class="num">total</th></tr></thead>
<tbody>
${statuses.map((s) => `<tr><td class="status" style="color:${STATUS_COLOURS[s]}">${escapeHtml(STATUS_LABEL[s])}</td><td class="num">${groups.programmable[s]}</td><td class="num">${groups.tables[s]}</td><td class="num">${summary[s]}</td></tr>`).join("\n")}
<tr><td><strong>total</strong></td><td class="num"><strong>${groups.programmable.total}</strong></td><td class="num"><strong>${groups.tables.total}</strong></td><td class="num"><strong>${summary.total ?? report.objects.length}</strong></td></tr>
</tbody>
</table>
${builtBy ? `<p data-testid="built-by">${escapeHtml(builtBy)}</p>\n` : ""}<h2>Objects</h2>
<div class="scroll"><table>
<thead><tr><th>object</th><th>kind</th><th>model</th><th>status</th><th class="num">attempts</th><th class="num">rows</th><th>built by</th><th>comparison</th><th>reason</th></tr></thead>
<tbody>
${report.objects
  .map(
    (o) =>
      `<tr><td>${escapeHtml(o.object)}</td><td>${escapeHtml(o.kind)}</td><td>${o.model ? `<code>${escapeHtml(o.model)}</code>` : ""}${o.path ? `<div class="muted">${escapeHtml(o.path)}</div>` : ""}</td>` +
      `<td class="status" style="color:${STATUS_COLOURS[o.status] ?? "inherit"}">${escapeHtml(o.status.replace("_", " "))}</td><td class="num">${o.attempts}</td><td class="num">${o.rows ?? ""}</td><td>${escapeHtml(o.builtBy ?? "")}</td>` +
      `<td>${comparison(o.comparison)}</td><td>${escapeHtml(o.reason ?? "")}</td></tr>`,
  )
  .join("\n")}
</tbody>
</table></div>
${
  report.diagnostics.length
    ? `<h2>Diagnostics</h2>
<table><thead><tr><th>severity</th><th>where</th><th>message</th></tr></thead><tbody>
${report.diagnostics.map((d) => `<tr><td>${escapeHtml(d.severity)}</td><td><code>${escapeHtml(d.file)}:${d.line}</code></td><td>${escapeHtml(d.message)}</td></tr>`).join("\n")}
</tbody></table>`
    : ""
}
</body>
</html>
`;
}
