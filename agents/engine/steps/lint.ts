import { lintProject } from "~/agents/dbt/sqlfluff";
import { markdownReport } from "~/agents/report";
import { REPORT_JSON, REPORT_MARKDOWN, type ReportOutput } from "./report";

/**
 * After the report: `sqlfluff lint` of the finished project under its own `.sqlfluff`, when sqlfluff is installed
 * (`npm run setup:dbt`). The findings, or why the lint could not run, go into the report (JSON and Markdown);
 * they never fail the migration, whose SQL is what was tested either way.
 */
export async function lintStep(
  output: ReportOutput,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<ReportOutput> {
  const lint = await lintProject(output.files, options);
  if (!lint) return output;
  const report = {
    ...output.report,
    lint: "error" in lint ? { findings: [], error: lint.error } : { findings: lint.findings },
  };
  const markdown = markdownReport(report);
  return {
    report,
    markdown,
    files: { ...output.files, [REPORT_JSON]: `${JSON.stringify(report, null, 2)}\n`, [REPORT_MARKDOWN]: markdown },
  };
}
