import type { MigrationSummary } from "./migration-summary";

/**
 * What was proven, in a short line: "14/14 validated · 10/10 tables" (views, procedures and functions validated;
 * source tables loaded, apart), or "3/5 validated" for a summary written before they were counted apart. The
 * dashboard's list and header and the CLI's list say it alike. Its own module without zod (types only), so the
 * browser code does not bundle the summary's schema.
 */
export function provenText(summary: Pick<MigrationSummary, "validated" | "total" | "programmable" | "tables">): string {
  const { programmable: p, tables: t } = summary;
  if (p && t) return `${p.validated}/${p.total} validated · ${t.loaded}/${t.total} tables`;
  return `${summary.validated}/${summary.total} validated`;
}
