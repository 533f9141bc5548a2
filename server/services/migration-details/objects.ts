import type { Handling } from "~/agents/core/contracts";
import { objectKey } from "~/agents/catalog/schema";
import {
  type Comparison,
  type Evaluation,
  type PlannedModel,
  type ReportEntry,
  runFailureText,
} from "~/agents/core/contracts";
import type { RepairRecord } from "~/agents/engine/steps";
import { parseObjectName } from "~/agents/evaluate/expected";
import type { Database } from "~/db/client";
import type { ArtifactKind } from "~/db/schema";
import { loadArtifacts, owned, type Artifacts } from "./artifacts";

/** Objects: one row per source object, final once the report exists, provisional before. */

/** Where an object is before the report gives its final status. */
export type ObjectStage = "assessed" | "planned" | "translated" | "built" | "build failed" | "reported";

type ObjectIndex = ReturnType<typeof indexArtifacts>;

export function indexArtifacts(a: Artifacts) {
  const models = new Map<string, PlannedModel>((a.plan?.models ?? []).map((m) => [m.key, m]));
  const modelsByName = new Map<string, PlannedModel>((a.plan?.models ?? []).map((m) => [m.name, m]));
  const translations = new Map((a.translations ?? []).map((t) => [t.key, t]));
  // The Evaluator's build is the last word; before it, the Tester's latest.
  const runs = new Map((a.evaluation?.runs ?? a.runs ?? []).map((r) => [r.model, r]));
  const report = new Map<string, ReportEntry>();
  for (const entry of a.report?.objects ?? []) {
    const key = (entry.model && modelsByName.get(entry.model)?.key) ?? keyOf(entry.object);
    report.set(key, entry);
  }
  const evaluations = new Map<string, Evaluation[]>();
  for (const e of a.evaluation?.evaluations ?? []) evaluations.set(e.model, [...(evaluations.get(e.model) ?? []), e]);
  const repairs = new Map<string, RepairRecord[]>();
  for (const r of a.repairs ?? []) repairs.set(r.model, [...(repairs.get(r.model) ?? []), r]);
  return { models, modelsByName, translations, runs, report, evaluations, repairs };
}

export function keyOf(object: string) {
  const { schema, name } = parseObjectName(object);
  return objectKey(schema, name);
}

export function rowFor(
  key: string,
  base: { kind: string; schema: string; name: string; handling: Handling | null; constructs: string[] },
  index: ObjectIndex,
) {
  const model = index.models.get(key) ?? null;
  const translation = index.translations.get(key) ?? null;
  const run = model ? (index.runs.get(model.name) ?? null) : null;
  const entry = index.report.get(key) ?? null;
  const evaluations = model ? (index.evaluations.get(model.name) ?? []) : [];
  let stage: ObjectStage = "assessed";
  if (model) stage = "planned";
  if (translation) stage = "translated";
  if (run) stage = run.outcome === "ok" ? "built" : "build failed";
  if (entry) stage = "reported";
  const comparison: Comparison | null =
    entry?.comparison ?? (evaluations.length === 1 ? evaluations[0]!.comparison : null);
  return {
    key,
    object: entry?.object ?? `[${base.schema}].[${base.name}]`,
    kind: base.kind,
    handling: base.handling,
    model: model?.name ?? entry?.model ?? null,
    layer: model?.layer ?? null,
    path: model?.path ?? entry?.path ?? null,
    status: entry?.status ?? null,
    stage,
    reason:
      entry?.reason ??
      (run && run.outcome !== "ok"
        ? runFailureText(run)
        : translation?.status === "needs_review"
          ? (translation.issues[0]?.message ?? null)
          : null),
    translatedBy: translation?.by ?? null,
    attempts: entry?.attempts ?? (model ? (run ? 1 : 0) + (index.repairs.get(model.name)?.length ?? 0) : 0),
    rows: entry?.rows ?? run?.rows ?? null,
    comparison,
    constructs: entry?.constructs ?? base.constructs,
  };
}
export type ObjectRow = ReturnType<typeof rowFor>;

/** The artifacts the object rows are made of. */
const ROW_ARTIFACTS: ArtifactKind[] = ["assessment", "plan", "translations", "runs", "repairs", "evaluation", "report"];

/** The caller's migration's artifacts for its object rows (and `more` kinds), indexed; null if it is not theirs. */
export async function loadObjectArtifacts(db: Database, userId: string, id: string, more: ArtifactKind[] = []) {
  if (!(await owned(db, userId, id))) return null;
  const a = await loadArtifacts(db, id, [...ROW_ARTIFACTS, ...more]);
  return { a, index: indexArtifacts(a) };
}

export async function listObjects(db: Database, userId: string, id: string) {
  const loaded = await loadObjectArtifacts(db, userId, id);
  if (!loaded) return null;
  const { a, index } = loaded;
  let rows: ObjectRow[];
  if (a.assessment) {
    const byKey = new Map(a.assessment.objects.map((o) => [o.key, o]));
    const ordered = [
      ...a.assessment.order.filter((k) => byKey.has(k)),
      ...a.assessment.objects.map((o) => o.key).filter((k) => !a.assessment!.order.includes(k)),
    ];
    rows = ordered.map((key) => {
      const o = byKey.get(key)!;
      return rowFor(
        key,
        { kind: o.kind, schema: o.schema, name: o.name, handling: o.handling, constructs: o.constructs },
        index,
      );
    });
  } else {
    rows = (a.report?.objects ?? []).map((entry) => {
      const { schema, name } = parseObjectName(entry.object);
      return rowFor(
        keyOf(entry.object),
        { kind: entry.kind, schema, name, handling: null, constructs: entry.constructs },
        index,
      );
    });
  }
  // The list shows each diff's counts; its rows side by side are the object view's (they can be many).
  return {
    final: !!a.report,
    objects: rows.map((row) => ({ ...row, comparison: row.comparison && withoutDiffRows(row.comparison) })),
  };
}

function withoutDiffRows(comparison: Comparison): Comparison {
  return comparison.details
    ? { ...comparison, details: { ...comparison.details, rows: [], truncated: comparison.details.rows.length > 0 } }
    : comparison;
}
