"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { HandlingBadge } from "~/app/_components/assessment-view";
import { SqlCode } from "~/app/_components/sql-code";
import { useTRPC } from "~/app/_components/trpc";
import { Alert, Card, formatCost, formatDate, plural, Skeleton, StatusBadge } from "~/app/_components/ui";
import { DataDiffView } from "./data-diff";
import { FixObject } from "./fix-object";
import { comparisonText, objectLabel } from "./objects-table";

const REASON_TITLE: Record<string, string> = {
  failed: "Why it failed",
  "build failed": "Why the build failed",
  needs_review: "Why it needs review",
  mismatch: "Why the data differs",
  executed: "Nothing was compared",
};

/** "against expected.zip with @CategoryID=1": which expected result a comparison was made with. */
function setLabel(e: { source: string; params: Record<string, unknown> }) {
  const params = Object.entries(e.params).map(([k, v]) => `${k}=${String(v)}`);
  return [e.source && `against ${e.source}`, params.length > 0 && `with ${params.join(", ")}`]
    .filter(Boolean)
    .join(" ");
}

/** What each builder means, for the hover title of "built by …". */
const BUILT_BY_TITLE = {
  "dbt build": "Real dbt (dbt build) built and ran this model in the validation database",
  "built-in compiler":
    "DataMigrate AI's own dbt Jinja compiler compiled this model and ran its SQL in the validation database",
} as const;

/** How the Tester's build of the model ended (agents/core/contracts.ts ZRunOutcome). */
const RUN_OUTCOME_LABEL = {
  ok: "Built",
  failed: "Failed to build",
  skipped: "Not run: a model it reads did not build",
  not_built: "Not built",
} as const;
const BY_LABEL = {
  rules: "the rule-based translator",
  repair: "a rule-based repair",
  llm: "Claude (then tested like any translation)",
} as const;

export function ObjectView({
  id,
  objectKey,
  backHref,
  hrefFor,
}: {
  id: string;
  objectKey: string;
  backHref: string;
  hrefFor: (key: string) => string;
}) {
  const trpc = useTRPC();
  const object = useQuery(trpc.migrationDetails.object.queryOptions({ id, key: objectKey }));

  const back = (
    <Link
      href={backHref}
      className="inline-flex items-center gap-1 text-sm font-medium text-indigo-700 hover:underline"
    >
      <span aria-hidden>←</span> All objects
    </Link>
  );
  if (object.isPending)
    return (
      <div className="space-y-3">
        {back}
        <Skeleton rows={6} label="Loading the object…" />
      </div>
    );
  if (object.isError)
    return (
      <div className="space-y-3">
        {back}
        <Alert title="Could not load the object">{object.error.message}</Alert>
      </div>
    );
  const o = object.data;
  if (!o.found) {
    return (
      <div className="space-y-3">
        {back}
        <Alert tone="info">
          No object {objectKey} in this migration (yet): the Assessment lists objects once it has read the source.
        </Alert>
      </div>
    );
  }
  // One entry per expected result it was compared with (a procedure: one per parameter set).
  const comparedSets = o.evaluations.length
    ? o.evaluations
    : o.comparison
      ? [{ source: "", params: {}, comparison: o.comparison }]
      : [];
  const label = objectLabel(o);
  // A loaded table is green too: its rows are the input's, as its reason says (shown in its comparison).
  const green = o.status === "validated" || o.status === "loaded";
  const issueLines = (o.translation?.issues ?? []).map((i) => i.line).filter((l): l is number => typeof l === "number");

  return (
    <article className="space-y-4" aria-labelledby="object-title" data-testid="object-view">
      {back}
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h2 id="object-title" className="text-xl font-semibold break-all">
          {o.object}
        </h2>
        <StatusBadge status={label} />
        <span className="text-sm text-slate-600">
          {o.kind}
          {o.model && (
            <>
              {" → "}
              <code className="text-xs">{o.model}</code>
              {o.plan && ` (${o.plan.layer}, materialized as ${o.plan.materialized})`}
            </>
          )}
        </span>
        {o.handling && <HandlingBadge handling={o.handling} />}
      </header>

      {o.status === "loaded" && (
        <Alert tone="info" title="Loaded, not validated">
          <p data-testid="object-reason">
            {o.reason ?? "the staging model returns the input's rows"}: the data arrived; a table runs no SQL Server
            logic to prove.
          </p>
        </Alert>
      )}
      {!green && o.reason && (
        <Alert
          tone={o.status === "failed" || o.stage === "build failed" ? "error" : "warning"}
          title={REASON_TITLE[label] ?? "Why it is not validated yet"}
        >
          <p data-testid="object-reason">{o.reason}</p>
        </Alert>
      )}

      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        {o.source ? (
          <SqlCode
            title="Original T-SQL"
            code={o.source.tsql}
            startLine={o.source.reconstructed ? 1 : (o.source.line ?? 1)}
            markedLines={o.source.reconstructed ? [] : issueLines}
            note={
              o.source.reconstructed
                ? `Reconstructed from the catalog (defined in ${o.source.file ?? "the source"}${o.source.line ? `:${o.source.line}` : ""})`
                : `${o.source.file ?? ""}${o.source.line ? `:${o.source.line}` : ""}`
            }
            testId="tsql-pane"
          />
        ) : (
          <Card title="Original T-SQL">
            <p className="p-4 text-sm text-slate-600">The source definition is not available yet.</p>
          </Card>
        )}
        {o.translation ? (
          <SqlCode
            title="dbt model SQL"
            code={o.translation.sql}
            note={`${o.path ?? ""} · by ${BY_LABEL[o.translation.by]}`}
            testId="dbt-pane"
          />
        ) : (
          <Card title="dbt model SQL">
            <p className="p-4 text-sm text-slate-600">
              {o.plan ? "Not translated yet: the Executor writes it." : "This object has no dbt model."}
            </p>
          </Card>
        )}
      </div>

      <FixObject
        key={`${o.key}:${o.translation?.sql.length ?? 0}`}
        id={id}
        object={{
          key: o.key,
          model: o.model,
          layer: o.plan?.layer ?? null,
          status: o.status,
          sql: o.translation?.sql ?? null,
        }}
      />

      {o.run && o.run.outcome !== "ok" && o.run.error && (
        <Card title="Database error" id="object-error">
          <pre
            className="overflow-x-auto whitespace-pre-wrap break-words p-4 font-mono text-xs text-red-800"
            data-testid="object-error"
          >
            {o.run.error}
          </pre>
        </Card>
      )}

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Card title="Data comparison" id="object-comparison">
          <div className="space-y-3 p-4 text-sm">
            {o.evaluations.length === 0 && !o.comparison && <p className="text-slate-600">Not compared yet.</p>}
            {comparedSets.map((e, i) => (
              <div key={i} className="space-y-1">
                <p>
                  {/* A table matched against the input's own rows is loaded; only computed output is validated. */}
                  <StatusBadge
                    status={
                      e.comparison.status === "match"
                        ? o.kind === "table"
                          ? "loaded"
                          : "validated"
                        : e.comparison.status === "mismatch"
                          ? "mismatch"
                          : "executed"
                    }
                  />{" "}
                  <span className="font-medium">{comparisonText(e.comparison)}</span>
                  {setLabel(e) && <span className="text-slate-500"> {setLabel(e)}</span>}
                </p>
                {e.comparison.reason && <p className="text-xs text-slate-600">{e.comparison.reason}</p>}
                {e.comparison.diff.length > 0 && (
                  <pre
                    className="overflow-x-auto rounded bg-orange-50 p-2 font-mono text-xs text-orange-900"
                    data-testid="object-diff"
                  >
                    {e.comparison.diff.join("\n")}
                  </pre>
                )}
              </div>
            ))}
          </div>
        </Card>

        <Card title="Build and tests" id="object-build">
          <div className="space-y-2 p-4 text-sm">
            {!o.run ? (
              <p className="text-slate-600">Not built yet.</p>
            ) : (
              <>
                <p>
                  {RUN_OUTCOME_LABEL[o.run.outcome]}
                  {o.run.rows !== null && `, ${plural(o.run.rows, "row")}`} · {plural(o.attempts, "attempt")}
                  {o.run.builtBy && (
                    <span data-testid="object-built-by" title={BUILT_BY_TITLE[o.run.builtBy]}>
                      {" "}
                      · built by {o.run.builtBy}
                    </span>
                  )}
                </p>
                {o.run.tests.length > 0 && (
                  <details>
                    <summary className="cursor-pointer text-slate-700">
                      Data tests: {o.run.tests.filter((t) => t.ok).length} of {o.run.tests.length} passed
                    </summary>
                    <ul className="mt-1 space-y-0.5 text-xs">
                      {o.run.tests.map((t) => (
                        <li key={t.name} className={t.ok ? "text-slate-600" : "text-red-700"}>
                          {t.ok ? "✓" : "✕"} <code>{t.name}</code>
                          {!t.ok && ` — ${plural(t.failures, "failing row")}${t.error ? `: ${t.error}` : ""}`}
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
                {o.run.compiledSql && (
                  <details>
                    <summary className="cursor-pointer text-slate-700">Compiled SQL (as run on PostgreSQL)</summary>
                    <div className="mt-2">
                      <SqlCode title="Compiled SQL" code={o.run.compiledSql} />
                    </div>
                  </details>
                )}
              </>
            )}
          </div>
        </Card>
      </div>

      {comparedSets.map((e, i) =>
        e.comparison.status === "mismatch" && e.comparison.details ? (
          <Card key={i} title={`Data diff${comparedSets.length > 1 ? ` ${setLabel(e)}` : ""}`} id={`object-diff-${i}`}>
            <div className="p-4">
              <DataDiffView
                diff={e.comparison.details}
                fileName={`${o.model ?? "object"}${comparedSets.length > 1 ? `-${i + 1}` : ""}-diff.csv`}
              />
            </div>
          </Card>
        ) : null,
      )}

      {(o.repairs.length > 0 || (o.translation?.issues.length ?? 0) > 0) && (
        <Card title="Translation issues and repairs" id="object-repairs">
          <ul className="divide-y divide-slate-100 text-sm">
            {o.translation?.issues.map((issue, i) => (
              <li key={`i${i}`} className="px-4 py-2">
                <span className="font-mono text-xs">{issue.construct}</span>
                {issue.line && <span className="text-xs text-slate-500"> (line {issue.line})</span>}: {issue.message}
              </li>
            ))}
            {o.repairs.map((r, i) => (
              <li key={`r${i}`} className="px-4 py-2">
                Repair {r.attempt} by {r.by === "llm" ? "Claude" : "rules"} (
                <span className="font-mono text-xs">{r.rule}</span>) after:{" "}
                <span className="text-red-800">{r.error}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}

      {o.assessment && (
        <Card title="Assessment" id="object-assessment">
          <div className="space-y-2 p-4 text-sm">
            <p>
              Complexity {o.assessment.complexity}/10
              {o.constructs.length > 0 && (
                <>
                  {" "}
                  · constructs:{" "}
                  {o.constructs.map((c) => (
                    <code key={c} className="mr-1 rounded bg-slate-100 px-1 text-xs">
                      {c}
                    </code>
                  ))}
                </>
              )}
            </p>
            <ul className="list-disc pl-5 text-slate-600">
              {o.assessment.reasons.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
            {(o.upstream.length > 0 || o.dependents.length > 0) && (
              <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
                <NavList title="Reads from" items={o.upstream} hrefFor={hrefFor} />
                <NavList title="Read by" items={o.dependents} hrefFor={hrefFor} />
              </div>
            )}
          </div>
        </Card>
      )}

      {o.llmCalls.length > 0 && (
        <Card
          title={`LLM calls for this object (${formatCost(o.llmCalls.reduce((n, c) => n + c.costUsd, 0))})`}
          id="object-llm"
        >
          <ul className="divide-y divide-slate-100 text-sm">
            {o.llmCalls.map((c) => (
              <li key={c.id} className="flex flex-wrap gap-x-3 px-4 py-2">
                <span>{c.agent}</span>
                <span className="text-slate-600">{c.outcome}</span>
                <span className="tabular-nums">{c.inputTokens + c.outputTokens} tokens</span>
                <span className="tabular-nums">{formatCost(c.costUsd)}</span>
                <span className="text-slate-500">{formatDate(c.createdAt)}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </article>
  );
}

function NavList({
  title,
  items,
  hrefFor,
}: {
  title: string;
  items: { model: string; key: string | null }[];
  hrefFor: (key: string) => string;
}) {
  if (!items.length) return null;
  return (
    <div>
      <p className="text-xs font-medium text-slate-500">{title}</p>
      <ul className="text-sm">
        {items.map((item) => (
          <li key={item.model}>
            {item.key ? (
              <Link href={hrefFor(item.key)} className="font-mono text-xs text-indigo-700 hover:underline">
                {item.model}
              </Link>
            ) : (
              <code className="text-xs">{item.model}</code>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
