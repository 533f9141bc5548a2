import { HANDLINGS, type Handling } from "~/agents/core/handling";
import type { AssessmentSummary, ExpectedSummary } from "~/server/services/preview";
import { Table } from "./table";
import { Card, formatCost, plural } from "./ui";

const HANDLING_LABEL = { rules: "Rules", llm: "LLM", manual: "Person" } as const;
const HANDLING_STYLE = { rules: "bg-green-500", llm: "bg-violet-500", manual: "bg-amber-500" } as const;
const HANDLING_BADGE = {
  rules: "bg-green-100 text-green-800",
  llm: "bg-violet-100 text-violet-800",
  manual: "bg-amber-100 text-amber-900",
} as const;

export function HandlingBadge({ handling }: { handling: Handling }) {
  return (
    <span
      className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${HANDLING_BADGE[handling]}`}
    >
      {HANDLING_LABEL[handling]}
    </span>
  );
}

function Stat({ label, value }: { label: string; value: string | number }) {
  return (
    <div className="rounded-md bg-slate-50 px-3 py-2 ring-1 ring-slate-100">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums text-slate-900">{value}</dd>
    </div>
  );
}

/** The Assessment report: shown as a preview before starting and on the migration's Assessment tab. */
export function AssessmentView({
  summary,
  expected,
}: {
  summary: AssessmentSummary;
  expected?: ExpectedSummary | null;
}) {
  const { counts, handling } = summary;
  const total = Math.max(1, handling.rules + handling.llm + handling.manual);
  const offRules = summary.objects.filter((o) => o.handling !== "rules");
  const errors = summary.diagnostics.filter((d) => d.severity === "error").length;
  return (
    <div className="space-y-4" data-testid="assessment">
      <Card title={`Objects found in ${summary.database}`} id="assessment-objects">
        <div className="space-y-4 p-4">
          <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-7">
            <Stat label="Objects" value={counts.total} />
            <Stat label="Tables" value={counts.table} />
            <Stat label="Views" value={counts.view} />
            <Stat label="Procedures" value={counts.procedure} />
            <Stat label="Functions" value={counts.function} />
            <Stat label="Triggers" value={counts.trigger} />
            <Stat label="Rows of data" value={summary.tableRows.toLocaleString()} />
          </dl>
          {summary.dbt && <DbtNames dbt={summary.dbt} objects={summary.objects} />}
          <div className="space-y-2">
            <p className="text-sm text-slate-700">
              <strong>{handling.rules}</strong> translated by rules, <strong>{handling.llm}</strong> need the LLM,{" "}
              <strong>{handling.manual}</strong> need a person. Estimated LLM cost:{" "}
              <strong data-testid="estimated-cost">{formatCost(summary.estimatedLlmCostUsd)}</strong>
              {handling.llm === 0 && " (nothing for the LLM)"}.
            </p>
            <div
              className="flex h-3 w-full overflow-hidden rounded-full bg-slate-100"
              role="img"
              aria-label={`${handling.rules} by rules, ${handling.llm} by the LLM, ${handling.manual} by a person`}
            >
              {HANDLINGS.map((h) =>
                handling[h] ? (
                  <div key={h} className={HANDLING_STYLE[h]} style={{ width: `${(handling[h] / total) * 100}%` }} />
                ) : null,
              )}
            </div>
            <ul className="flex flex-wrap gap-4 text-xs text-slate-600">
              {HANDLINGS.map((h) => (
                <li key={h} className="flex items-center gap-1.5">
                  <span aria-hidden className={`size-2.5 rounded-full ${HANDLING_STYLE[h]}`} />
                  {HANDLING_LABEL[h]}: {handling[h]}
                </li>
              ))}
            </ul>
          </div>
        </div>
      </Card>

      {summary.diagnostics.length > 0 && (
        <Card
          title={`Problems reading the source: ${summary.diagnostics.length}${errors ? ` (${errors} statement${errors === 1 ? "" : "s"} skipped, the rest still migrates)` : ""}`}
          id="assessment-diagnostics"
        >
          <ul className="divide-y divide-slate-100 text-sm" data-testid="diagnostics">
            {summary.diagnostics.map((d, i) => (
              <li key={i} className="flex flex-col gap-1 px-4 py-2 sm:flex-row sm:gap-3">
                <span
                  className={`w-16 shrink-0 text-xs font-semibold uppercase ${d.severity === "error" ? "text-red-700" : d.severity === "warning" ? "text-amber-700" : "text-slate-500"}`}
                >
                  {d.severity}
                </span>
                <code className="shrink-0 text-xs text-slate-700">
                  {d.file}:{d.line}
                </code>
                <span className="text-slate-800">{d.message}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}

      {offRules.length > 0 && (
        <Card title={`Needs the LLM or a person (${offRules.length})`} id="assessment-off-rules">
          <ul className="divide-y divide-slate-100 text-sm">
            {offRules.map((o) => (
              <li key={o.key} className="space-y-1 px-4 py-2">
                <div className="flex flex-wrap items-center gap-2">
                  <HandlingBadge handling={o.handling} />
                  <span className="font-medium">{o.name}</span>
                  <span className="text-xs text-slate-500">
                    {o.kind}
                    {o.file && ` · ${o.file}:${o.line}`} · complexity {o.complexity}/10
                  </span>
                </div>
                <ul className="list-disc pl-5 text-slate-600">
                  {o.reasons.map((r, i) => (
                    <li key={i}>{r}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </Card>
      )}

      <Card title="T-SQL constructs used" id="assessment-constructs">
        <Table
          caption="T-SQL constructs used, with how each is translated"
          framed={false}
          size="compact"
          columns={[
            {
              key: "name",
              header: "Construct",
              cell: (c) => (
                <>
                  <span className="font-mono text-xs">{c.name}</span>
                  <span className="block text-xs text-slate-600 sm:hidden">{c.why ?? "a rule translation exists"}</span>
                </>
              ),
            },
            { key: "objects", header: "Objects", align: "right", className: "tabular-nums", cell: (c) => c.objects },
            { key: "handling", header: "Translated by", cell: (c) => <HandlingBadge handling={c.handling} /> },
            {
              key: "why",
              header: "Why",
              hideBelow: "sm",
              className: "text-slate-600",
              cell: (c) => c.why ?? "a rule translation exists",
            },
          ]}
          rows={summary.constructs}
          rowKey={(c) => c.name}
          empty={<p className="px-4 py-3 text-sm text-slate-600">Plain tables and queries: no special constructs.</p>}
        />
      </Card>

      {expected !== undefined && (
        <Card title="Expected results for data validation" id="assessment-expected">
          {expected === null ? (
            <p className="px-4 py-3 text-sm text-slate-600">
              None given: every model will be built and tested, and tables compared with their input data; views and
              procedures will be reported as executed, not validated.
            </p>
          ) : (
            <div className="space-y-2 px-4 py-3 text-sm">
              <p className="text-slate-700">
                {plural(expected.entries.length, "result set")} from{" "}
                <strong>{expected.source === "sample" ? "the sample's snapshots" : expected.source}</strong>
                {expected.unmatched > 0 && (
                  <span className="text-amber-800">
                    {" "}
                    — {expected.unmatched} name objects the source does not hold and will not be compared
                  </span>
                )}
                .
              </p>
              <ul className="grid grid-cols-1 gap-1 sm:grid-cols-2">
                {expected.entries.map((e, i) => (
                  <li key={i} className="flex items-baseline gap-2">
                    <span aria-hidden className={e.matched ? "text-green-600" : "text-amber-600"}>
                      {e.matched ? "✓" : "!"}
                    </span>
                    <span>
                      <span className="font-medium">{e.object}</span>{" "}
                      <span className="text-xs text-slate-500">
                        {e.file}, {e.rows} rows
                        {Object.keys(e.params).length
                          ? `, ${Object.entries(e.params)
                              .map(([k, v]) => `${k}=${v}`)
                              .join(", ")}`
                          : ""}
                        {!e.matched && " — not in the source"}
                        {e.problems.length > 0 && ` — ${e.problems.join("; ")}`}
                      </span>
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </Card>
      )}

      {summary.warnings.length > 0 && (
        <Card title="Warnings" id="assessment-warnings">
          <ul className="list-disc space-y-1 py-3 pl-9 pr-4 text-sm text-slate-700">
            {summary.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}

/** The names the migration gives in its dbt project: what a user will find in the project and in PostgreSQL. */
function DbtNames({
  dbt,
  objects,
}: {
  dbt: NonNullable<AssessmentSummary["dbt"]>;
  objects: AssessmentSummary["objects"];
}) {
  const nameOf = new Map(objects.map((o) => [o.key, o.name]));
  return (
    <div className="space-y-1 text-sm text-slate-700" data-testid="dbt-names">
      <p>
        dbt project{" "}
        <code className="break-all" data-testid="dbt-project">
          {dbt.project}
        </code>
        {dbt.sources.length > 0 && (
          <>
            , source{dbt.sources.length === 1 ? "" : "s"}{" "}
            <code className="break-all" data-testid="dbt-sources">
              {dbt.sources.join(", ")}
            </code>
          </>
        )}
        .
      </p>
      <details>
        <summary className="cursor-pointer text-slate-600">What each object becomes ({dbt.models.length})</summary>
        <Table
          caption="Each object and the dbt model, macro or review note it becomes"
          testId="dbt-models"
          size="compact"
          framed={false}
          rows={dbt.models}
          rowKey={(m) => m.key}
          empty={null}
          columns={[
            { key: "object", header: "Object", cell: (m) => nameOf.get(m.key) ?? m.key },
            { key: "model", header: "dbt name", className: "font-mono text-xs", cell: (m) => m.name },
            { key: "layer", header: "Layer", hideBelow: "sm", className: "text-slate-600", cell: (m) => m.layer },
          ]}
        />
      </details>
    </div>
  );
}
