import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { z } from "zod";
import { assess, constructHandling } from "~/agents/assess";
import { objectKey, type Catalog } from "~/agents/catalog/schema";
import type { Assessment, Handling, Plan } from "~/agents/core/contracts";
import { ingestStep } from "~/agents/engine/steps";
import { readExpectedResults, type ExpectedResult } from "~/agents/evaluate/expected";
import { InputError, type IngestInput } from "~/agents/ingest";
import { plan } from "~/agents/plan";
import { sampleExpectedDir, sampleScript, sampleScriptName } from "~/agents/sample";
import { sourceDatabaseName, writeExpectedDir } from "~/agents/worker/source";
import { checkExpectedUpload, checkPastedSql, checkUpload, UploadError } from "./uploads";
import type { ZPreviewSource } from "./migrations";

/**
 * The Assessment preview: what the New-migration page shows before anything is created. Reads the source as the
 * worker will (same ingest, same assessment), checks the optional expected results, and summarises: objects by
 * kind, the T-SQL constructs used and who can translate them, what needs the LLM or a person, the estimated LLM
 * cost, and every problem met with its file and line. Nothing is stored.
 */

export type DiagnosticDto = { severity: string; file: string; line: number; message: string };

export type AssessmentSummary = {
  database: string;
  counts: { total: number; table: number; view: number; procedure: number; function: number; trigger: number };
  handling: Record<Handling, number>;
  /** Every construct used, most objects first, with the route it forces (rules unless the table says otherwise). */
  constructs: { name: string; objects: number; handling: Handling; why: string | null }[];
  objects: {
    key: string;
    kind: string;
    name: string;
    handling: Handling;
    complexity: number;
    constructs: string[];
    reasons: string[];
    dependsOn: string[];
    file: string | null;
    line: number | null;
  }[];
  estimatedLlmCostUsd: number;
  /** Total rows of data found in the tables (what the sandbox is loaded with). */
  tableRows: number;
  warnings: string[];
  diagnostics: DiagnosticDto[];
  /**
   * The names the migration gives in its dbt project (the Planner's): the project, its sources and each object's
   * model (or macro, or review note); null where no plan is known yet.
   */
  dbt: {
    project: string;
    sources: string[];
    models: { key: string; name: string; layer: string }[];
  } | null;
};

/** The catalog facts a summary needs (the `catalog` artifact has them too). */
type CatalogFacts = {
  database: string;
  tables: {
    schema: string;
    name: string;
    rows?: number;
    data?: { rows: unknown[] } | undefined;
    location?: { file: string; line: number } | undefined;
  }[];
  views: { schema: string; name: string; location?: { file: string; line: number } | undefined }[];
  procedures: { schema: string; name: string; location?: { file: string; line: number } | undefined }[];
  functions: { schema: string; name: string; location?: { file: string; line: number } | undefined }[];
  triggers: { schema: string; name: string; location?: { file: string; line: number } | undefined }[];
  diagnostics: DiagnosticDto[];
};

export function summarizeAssessment(
  assessment: Assessment,
  catalog: CatalogFacts,
  planned: Pick<Plan, "project" | "sources" | "models"> | null = null,
): AssessmentSummary {
  const locations = new Map<string, { file: string; line: number }>();
  for (const list of [catalog.tables, catalog.views, catalog.procedures, catalog.functions, catalog.triggers]) {
    for (const o of list) if (o.location) locations.set(objectKey(o.schema, o.name), o.location);
  }
  const constructUse = new Map<string, number>();
  for (const o of assessment.objects) for (const c of o.constructs) constructUse.set(c, (constructUse.get(c) ?? 0) + 1);
  const count = (k: string) => assessment.counts[k] ?? 0;
  return {
    database: catalog.database,
    counts: {
      total: count("total"),
      table: count("table"),
      view: count("view"),
      procedure: count("procedure"),
      function: count("function"),
      trigger: count("trigger"),
    },
    handling: { rules: count("rules"), llm: count("llm"), manual: count("manual") },
    constructs: [...constructUse]
      .map(([name, objects]) => ({ name, objects, ...constructHandling(name, assessment) }))
      .sort((a, b) => b.objects - a.objects || a.name.localeCompare(b.name)),
    objects: assessment.objects.map((o) => {
      const location = locations.get(o.key);
      return {
        key: o.key,
        kind: o.kind,
        name: `${o.schema}.${o.name}`,
        handling: o.handling,
        complexity: o.complexity,
        constructs: o.constructs,
        reasons: o.reasons,
        dependsOn: o.dependsOn,
        file: location?.file ?? null,
        line: location?.line ?? o.line ?? null,
      };
    }),
    estimatedLlmCostUsd: assessment.estimatedLlmCostUsd,
    tableRows: catalog.tables.reduce((n, t) => n + (t.rows ?? t.data?.rows.length ?? 0), 0),
    warnings: assessment.warnings,
    dbt: planned && {
      project: planned.project.name,
      sources: planned.sources.map((s) => s.name),
      models: planned.models.map((m) => ({ key: m.key, name: m.name, layer: m.layer })),
    },
    diagnostics: [
      ...catalog.diagnostics.map((d) => ({ severity: d.severity, file: d.file, line: d.line, message: d.message })),
      // A body the parser cannot read still migrates the rest; the object itself will need review.
      ...assessment.objects.flatMap((o) =>
        o.parseError
          ? [
              {
                severity: "warning" as const,
                file: locations.get(o.key)?.file ?? "",
                line: o.parseError.line,
                message: `${o.kind} ${o.schema}.${o.name} does not parse: ${o.parseError.message}; it will need review`,
              },
            ]
          : [],
      ),
    ],
  };
}

export type ExpectedSummary = {
  /** `sample` for the built-in expected results, else the uploaded zip's name. */
  source: string;
  entries: {
    object: string;
    kind: string;
    file: string;
    rows: number;
    params: Record<string, string>;
    matched: boolean;
    problems: string[];
  }[];
  /** Objects the results name that the source does not hold: they will not be compared. */
  unmatched: number;
};

export type Preview =
  // `expectedError`: the source is fine but the expected results are not (said on their own field, not as the source's).
  | { ok: true; summary: AssessmentSummary; expected: ExpectedSummary | null; expectedError: string | null }
  | { ok: false; error: { message: string; file: string | null } };

export async function previewSource(input: z.output<typeof ZPreviewSource>): Promise<Preview> {
  try {
    let ingestInput: IngestInput;
    const source = input.source;
    if (source.kind === "sample") ingestInput = { kind: "script", file: sampleScriptName, bytes: await sampleScript() };
    else {
      const file = source.kind === "upload" ? checkUpload(source.file) : checkPastedSql(source.sql);
      ingestInput = {
        kind: file.format === "json" ? "catalog-json" : file.format === "zip" ? "zip" : "script",
        file: file.filename,
        bytes: file.bytes,
      };
    }
    // Read as the migration will be: named by what the user typed when the script names no database.
    const database = sourceDatabaseName(source.kind, input.name);
    const catalog: Catalog = ingestStep(ingestInput, database ? { database } : {});
    const assessment = assess(catalog);
    const summary = summarizeAssessment(assessment, catalog, plan(catalog, assessment));

    let results: ExpectedResult[] | null = null;
    let expectedSource = "sample";
    if (source.kind === "sample") results = await readExpectedResults(sampleExpectedDir);
    else if (input.expected) {
      try {
        const upload = checkExpectedUpload(input.expected);
        expectedSource = upload.filename;
        results = await readUploadedExpected(upload.bytes, upload.filename);
      } catch (error) {
        if (error instanceof InputError || error instanceof UploadError)
          return { ok: true, summary, expected: null, expectedError: error.message };
        throw error;
      }
    }
    const keys = new Set(summary.objects.map((o) => o.key));
    const expected: ExpectedSummary | null = results && {
      source: expectedSource,
      entries: results.map((r) => ({
        object: r.entry.object,
        kind: r.entry.kind,
        file: r.entry.file,
        rows: r.result.rows.length,
        params: r.vars,
        matched: keys.has(r.key),
        problems: r.problems,
      })),
      unmatched: results.filter((r) => !keys.has(r.key)).length,
    };
    return { ok: true, summary, expected, expectedError: null };
  } catch (error) {
    if (error instanceof InputError) return { ok: false, error: { message: error.message, file: error.file ?? null } };
    if (error instanceof UploadError) return { ok: false, error: { message: error.message, file: null } };
    throw error;
  }
}

/** Reads an uploaded expected-results zip the way the worker will: unpacked into a temporary folder, then removed. */
async function readUploadedExpected(bytes: Uint8Array, filename: string): Promise<ExpectedResult[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "datamigrate-preview-"));
  try {
    await writeExpectedDir(bytes, filename, dir);
    try {
      return await readExpectedResults(dir);
    } catch (error) {
      throw new InputError(`the expected results in ${filename} cannot be read: ${(error as Error).message}`, filename);
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
