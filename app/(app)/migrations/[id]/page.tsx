"use client";

import { RunsHistory } from "./_components/runs-history";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useParams, useRouter, useSearchParams } from "next/navigation";
import { Suspense, useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";
import { AssessmentView } from "~/app/_components/assessment-view";
import { useTRPC } from "~/app/_components/trpc";
import {
  Alert,
  Button,
  Card,
  EmptyState,
  formatBytes,
  formatCost,
  formatDate,
  formatDuration,
  ProgressBar,
  Skeleton,
  SOURCE_LABELS,
  Spinner,
  StatusBadge,
  issuesText,
} from "~/app/_components/ui";
import { provenText } from "~/agents/core/summary-text";
import { useLiveMigration, type LiveState } from "./_components/live";
import { useStatusTabTitle } from "./_components/tab-title";
import { LlmCalls } from "./_components/llm-calls";
import { ObjectsTable } from "./_components/objects-table";
import { ObjectView } from "./_components/object-view";
import { FoldButton, foldClass } from "./_components/phone-fold";
import { AGENT_INFO, Timeline } from "./_components/timeline";
import type { RouterOutputs } from "./_components/types";

const LineageGraph = dynamic(() => import("./_components/lineage-graph"), {
  ssr: false,
  loading: () => <Skeleton rows={6} label="Drawing the lineage…" />,
});

const TABS = [
  { id: "overview", label: "Overview" },
  { id: "objects", label: "Objects" },
  { id: "lineage", label: "Lineage" },
  { id: "assessment", label: "Assessment" },
  { id: "llm", label: "LLM calls", short: "LLM" },
] as const;
type Tab = (typeof TABS)[number]["id"];
type Overview = RouterOutputs["migrationDetails"]["overview"];

export default function MigrationPage() {
  return (
    <Suspense fallback={<Skeleton rows={5} label="Loading migration…" />}>
      <MigrationDetail />
    </Suspense>
  );
}

function MigrationDetail() {
  const { id } = useParams<{ id: string }>();
  const searchParams = useSearchParams();
  const router = useRouter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const requested = searchParams.get("tab");
  const objectKey = searchParams.get("object");
  const tab: Tab = objectKey ? "objects" : TABS.some((t) => t.id === requested) ? (requested as Tab) : "overview";

  const overview = useQuery(
    trpc.migrationDetails.overview.queryOptions(
      { id },
      {
        retry: false,
        // The event stream refreshes it as the agents work; polling is the safety net if the stream drops.
        refetchInterval: (query) =>
          ["queued", "running"].includes(query.state.data?.migration.status ?? "") ? 5_000 : false,
      },
    ),
  );
  const m = overview.data?.migration;
  const live = m?.status === "queued" || m?.status === "running";
  const stream = useLiveMigration(id, live, overview.data?.lastEventId);
  useStatusTabTitle(m);

  // New artifacts (a step finished): refresh what is built from them.
  const version = overview.data?.artifactsVersion;
  const seenVersion = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (version === undefined) return;
    if (seenVersion.current !== undefined && seenVersion.current !== version) {
      for (const key of [
        trpc.migrationDetails.objects,
        trpc.migrationDetails.object,
        trpc.migrationDetails.lineage,
        trpc.migrationDetails.assessment,
      ]) {
        void queryClient.invalidateQueries({ queryKey: key.pathKey() });
      }
    }
    seenVersion.current = version;
  }, [version, queryClient, trpc]);

  const [agentsOpen, setAgentsOpen] = useState(false);
  const hrefFor = useCallback((key: string) => `/migrations/${id}?tab=objects&object=${encodeURIComponent(key)}`, [id]);
  const selectTab = (next: Tab) =>
    router.replace(`/migrations/${id}${next === "overview" ? "" : `?tab=${next}`}`, { scroll: false });

  if (overview.isPending) return <Skeleton rows={5} label="Loading migration…" />;
  if (overview.isError) {
    return (
      <div className="space-y-4">
        <Alert
          title={overview.error.data?.code === "NOT_FOUND" ? "Migration not found" : "Could not load the migration"}
        >
          {overview.error.data?.code === "NOT_FOUND"
            ? "This migration does not exist or is not yours."
            : overview.error.message}
        </Alert>
        <Link href="/migrations" className="text-sm font-medium text-indigo-700 hover:underline">
          Back to migrations
        </Link>
      </div>
    );
  }
  const data = overview.data;
  const migration = data.migration;

  return (
    <section className="space-y-3 sm:space-y-5" aria-labelledby="migration-title">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/migrations" className="text-indigo-700 hover:underline">
          Migrations
        </Link>
        <span aria-hidden className="px-1.5 text-slate-400">
          /
        </span>
        <span className="text-slate-600">{migration.name}</span>
      </nav>
      <Header overview={data} live={stream.state} lastEvent={stream.lastEvent} />
      <Actions overview={data} />
      <Card
        title="Agents"
        id="agents"
        actions={
          <span className="flex items-center gap-2">
            {data.currentAgent && (
              <span className="text-xs text-blue-800">Now: {AGENT_INFO[data.currentAgent]?.title}</span>
            )}
            <FoldButton open={agentsOpen} onToggle={() => setAgentsOpen(!agentsOpen)} controls="agents-steps">
              <span className="sr-only">Agents: </span>
              {stepsDone(data.timeline)}
            </FoldButton>
          </span>
        }
      >
        <div id="agents-steps" className={`p-3 ${foldClass(agentsOpen)}`}>
          <Timeline steps={data.timeline} status={migration.status} compact={tab !== "overview"} />
        </div>
        <p className="sr-only" role="status">
          {migration.status === "running" && data.currentAgent
            ? `${AGENT_INFO[data.currentAgent]?.title} at work`
            : `Migration ${migration.status}`}
        </p>
      </Card>

      <Tabs tab={tab} onSelect={selectTab} />
      <div
        role="tabpanel"
        id={`panel-${tab}`}
        aria-labelledby={`tab-${tab}`}
        tabIndex={0}
        className="focus-visible:outline-none"
      >
        {tab === "overview" && <OverviewTab overview={data} />}
        {tab === "objects" &&
          (objectKey ? (
            <ObjectView id={id} objectKey={objectKey} backHref={`/migrations/${id}?tab=objects`} hrefFor={hrefFor} />
          ) : (
            <ObjectsTab id={id} hrefFor={hrefFor} />
          ))}
        {tab === "lineage" && <LineageTab id={id} hrefFor={hrefFor} />}
        {tab === "assessment" && <AssessmentTab id={id} live={live} />}
        {tab === "llm" && <LlmCalls id={id} live={live} />}
      </div>
    </section>
  );
}

/** "4 of 6 agents done": the agents block folded into a line on a phone. */
function stepsDone(steps: Overview["timeline"]) {
  const done = steps.filter((s) => s.state === "done" || s.state === "skipped").length;
  return `${done} of ${steps.length} done`;
}

function LiveIndicator({ state }: { state: LiveState }) {
  if (state === "idle" || state === "ended") return null;
  const text = state === "live" ? "Live" : state === "connecting" ? "Connecting…" : "Reconnecting…";
  return (
    <span className="inline-flex items-center gap-1.5 text-xs font-medium text-slate-600" data-testid="live-indicator">
      <span
        aria-hidden
        className={`size-2 rounded-full ${state === "live" ? "animate-pulse bg-green-500" : "bg-amber-400"}`}
      />
      {text}
    </span>
  );
}

function Header({
  overview,
  live,
  lastEvent,
}: {
  overview: Overview;
  live: LiveState;
  lastEvent: { agent: string; message: string } | null;
}) {
  const m = overview.migration;
  const s = m.summary;
  const [open, setOpen] = useState(false);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h1 id="migration-title" className="min-w-0 break-words text-xl font-semibold sm:text-2xl">
          {m.name}
        </h1>
        <span data-testid="migration-status">
          <StatusBadge status={m.status} />
        </span>
        <LiveIndicator state={live} />
      </div>
      <div className="rounded-lg bg-white p-3 ring-1 ring-slate-200 sm:p-4">
        <ProgressBar value={m.progress} label="Migration progress" />
        {live !== "idle" && live !== "ended" && lastEvent && (
          <p className="mt-1 truncate text-xs text-slate-500" aria-hidden>
            {lastEvent.agent}: {lastEvent.message}
          </p>
        )}
        <div className="mt-2 flex items-center justify-between gap-2 sm:hidden">
          <p className="min-w-0 text-xs text-slate-600">{s ? provenText(s) : "Not compared yet"}</p>
          <FoldButton open={open} onToggle={() => setOpen(!open)} controls="migration-facts">
            Details<span className="sr-only"> of the migration</span>
          </FoldButton>
        </div>
        <div id="migration-facts" className={foldClass(open)}>
          <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4 lg:grid-cols-7">
            <div>
              <dt className="text-xs text-slate-500">Source</dt>
              <dd className="truncate" title={m.sourceFilename ?? undefined}>
                {m.sourceKind === "upload" ? (m.sourceFilename ?? "Upload") : SOURCE_LABELS[m.sourceKind]}
              </dd>
            </div>
            {/* Views and procedures proven against SQL Server's data, apart from tables that were only loaded. */}
            <div>
              <dt className="text-xs text-slate-500">Validated</dt>
              <dd
                className="tabular-nums"
                data-testid="validated-count"
                title="Views, procedures and functions that returned the same data as SQL Server's expected results"
              >
                {!s
                  ? "—"
                  : s.programmable
                    ? `${s.programmable.validated} of ${s.programmable.total} views, procedures, functions`
                    : `${s.validated} of ${s.total} objects`}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Tables loaded</dt>
              <dd
                className="tabular-nums"
                data-testid="loaded-count"
                title="Source tables whose staging model returns the input's rows"
              >
                {s?.tables ? `${s.tables.loaded} of ${s.tables.total} tables` : "—"}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">LLM cost</dt>
              <dd className="tabular-nums">{formatCost(m.llmCostUsd)}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Started</dt>
              <dd>{formatDate(m.startedAt)}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Finished</dt>
              <dd>{formatDate(m.finishedAt)}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Duration</dt>
              <dd>{m.startedAt ? formatDuration(m.startedAt, m.finishedAt) : "—"}</dd>
            </div>
          </dl>
        </div>
      </div>
      {m.error && <Alert title={m.status === "failed" ? "The migration failed" : "Error"}>{m.error}</Alert>}
      {m.status === "completed_with_issues" && s && (
        <Alert tone="warning" title="Completed with issues">
          Not proven: <span data-testid="migration-issues">{issuesText(s)}</span>. The project and the report were
          built; the Objects tab gives each object&apos;s reason.
        </Alert>
      )}
    </div>
  );
}

const REPORT_FORMATS = [
  ["report.html", "HTML"],
  ["report.md", "Markdown"],
  ["report.json", "JSON"],
] as const;

/** An action on the migration (its effect is explained under the buttons); while its request runs it says so. */
function ActionButton({
  mutation,
  id,
  busy,
  children,
}: {
  mutation: { mutate: (input: { id: string }) => void; isPending: boolean };
  id: string;
  busy: string;
  children: string;
}) {
  return (
    <Button
      variant="secondary"
      onClick={() => mutation.mutate({ id })}
      disabled={mutation.isPending}
      aria-describedby="action-help"
    >
      {mutation.isPending ? busy : children}
    </Button>
  );
}

function Actions({ overview }: { overview: Overview }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const m = overview.migration;
  const id = m.id;
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.migrationDetails.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.migrations.pathKey() });
  };
  const cancel = useMutation(trpc.migrations.cancel.mutationOptions({ onSuccess: refresh }));
  const retry = useMutation(trpc.migrations.retry.mutationOptions({ onSuccess: refresh }));
  const rerun = useMutation(trpc.migrations.rerun.mutationOptions({ onSuccess: refresh }));
  const rerunFailed = useMutation(trpc.migrations.rerunObjects.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.migrations.delete.mutationOptions({ onSuccess: () => router.push("/migrations") }));
  const actionError = cancel.error ?? retry.error ?? rerun.error ?? rerunFailed.error ?? remove.error;
  const s = m.summary;
  const notGreen = s ? s.total - s.validated - (s.loaded ?? 0) : 0;
  const ranToEnd = m.status === "succeeded" || m.status === "completed_with_issues";
  const finished = ranToEnd || m.status === "failed" || m.status === "cancelled";
  // Needs the finished report to start from: the objects that did not pass are read from it.
  const canRerunFailed = m.status === "completed_with_issues" && !!overview.outputs;
  const canRerun =
    m.status === "failed" ||
    m.status === "cancelled" ||
    m.status === "completed_with_issues" ||
    (m.status === "succeeded" && notGreen > 0);
  const base = `/api/migrations/${id}`;

  return (
    <div className="space-y-2">
      {actionError && <Alert>{actionError.message}</Alert>}
      <div className="flex flex-wrap items-center gap-2">
        {(m.status === "queued" || m.status === "running") && (
          <ActionButton mutation={cancel} id={id} busy="Cancelling…">
            Cancel
          </ActionButton>
        )}
        {(m.status === "failed" || m.status === "cancelled") && (
          <ActionButton mutation={retry} id={id} busy="Retrying…">
            Retry
          </ActionButton>
        )}
        {canRerunFailed && (
          <ActionButton mutation={rerunFailed} id={id} busy="Starting…">
            Re-run failed objects
          </ActionButton>
        )}
        {canRerun && (
          <ActionButton mutation={rerun} id={id} busy="Starting…">
            Re-run everything
          </ActionButton>
        )}
        {overview.outputs && (
          <>
            <a
              href={`${base}/project.zip`}
              download
              className="inline-flex items-center gap-1.5 rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-700"
            >
              <span aria-hidden>↓</span> Download dbt project (.zip, {formatBytes(overview.outputs.zipBytes)})
            </a>
            <a
              href={`${base}/source-tables.sql`}
              download
              aria-describedby="action-help"
              className="rounded-md px-2 py-2 text-sm font-medium text-indigo-700 hover:bg-indigo-50"
            >
              Source tables (.sql)
            </a>
            <span className="inline-flex flex-wrap items-center gap-1 text-sm text-slate-700">
              Report:
              {REPORT_FORMATS.map(([file, label]) => (
                <a
                  key={file}
                  href={`${base}/${file}`}
                  download
                  className="rounded px-1.5 py-1 font-medium text-indigo-700 hover:bg-indigo-50"
                >
                  {label}
                </a>
              ))}
            </span>
          </>
        )}
        {m.status !== "running" && (
          <Button
            variant="danger"
            className="sm:ml-auto"
            onClick={() =>
              window.confirm(`Delete migration “${m.name}” with its project and report?`) && remove.mutate({ id })
            }
            disabled={remove.isPending}
          >
            Delete
          </Button>
        )}
      </div>
      <p id="action-help" className="text-xs text-slate-500">
        {m.status === "queued" || m.status === "running"
          ? "Cancel stops the agents at the next step boundary; everything done so far is kept."
          : finished
            ? [
                !ranToEnd && "Retry continues from the last step that completed.",
                canRerunFailed &&
                  "Re-run failed objects sends only the objects that failed, mismatched or need review (and the models that read them) through the Tester, the Rebuilder and the Evaluator; the others keep their results.",
                canRerun && "Re-run everything runs all six agents again from the start, for every object.",
                !overview.outputs && !ranToEnd && "Downloads appear once the migration succeeds.",
                overview.outputs &&
                  "Source tables (.sql) creates the source tables in your PostgreSQL and fills them with the rows the migration validated on: psql <url> -v ON_ERROR_STOP=1 -f <file>; then the project's dbt build runs there.",
              ]
                .filter(Boolean)
                .join(" ")
            : null}
      </p>
    </div>
  );
}

function Tabs({ tab, onSelect }: { tab: Tab; onSelect: (tab: Tab) => void }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: TABS.length - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = (next + TABS.length) % TABS.length;
    refs.current[target]?.focus();
    onSelect(TABS[target]!.id);
  };
  return (
    // On a phone the five tabs share the width (smaller padding); a screen too narrow for one row wraps them, never clips them.
    <div
      role="tablist"
      aria-label="Migration details"
      className="relative flex flex-wrap border-b border-slate-200 sm:gap-1"
    >
      {TABS.map((t, i) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          id={`tab-${t.id}`}
          role="tab"
          type="button"
          aria-selected={tab === t.id}
          aria-controls={`panel-${t.id}`}
          tabIndex={tab === t.id ? 0 : -1}
          onClick={() => onSelect(t.id)}
          onKeyDown={(e) => onKeyDown(e, i)}
          // A phone shows the short label (the name stays whole for screen readers and for the wider label).
          aria-label={"short" in t ? t.label : undefined}
          className={`whitespace-nowrap border-b-2 px-1.5 py-2 text-[13px] font-medium sm:px-3 sm:text-sm ${
            tab === t.id
              ? "border-indigo-600 text-indigo-700"
              : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
          }`}
        >
          {"short" in t ? (
            <>
              <span className="sm:hidden">{t.short}</span>
              <span className="hidden sm:inline">{t.label}</span>
            </>
          ) : (
            t.label
          )}
        </button>
      ))}
    </div>
  );
}

const SUMMARY_ROWS = [
  ["validated", "Validated: views, procedures, functions with the same data as SQL Server", "bg-green-500"],
  ["loaded", "Loaded: source tables that return the input's rows", "bg-teal-500"],
  ["mismatch", "Mismatch: built, but the data differs", "bg-orange-500"],
  ["executed", "Executed: built and ran, nothing compared", "bg-sky-500"],
  ["needs_review", "Needs review", "bg-amber-500"],
  ["failed", "Failed", "bg-red-500"],
] as const;

function OverviewTab({ overview }: { overview: Overview }) {
  const m = overview.migration;
  const s = m.summary;
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
      <Card title="Result" id="result">
        {s ? (
          <ul className="space-y-2 p-4 text-sm">
            {SUMMARY_ROWS.map(([key, label, colour]) => (
              <li key={key} className="space-y-1">
                <div className="flex justify-between gap-2">
                  <span>{label}</span>
                  <span className="tabular-nums font-medium">{s[key] ?? 0}</span>
                </div>
                <div className="h-1.5 overflow-hidden rounded-full bg-slate-100" aria-hidden>
                  <div
                    className={`h-full ${colour}`}
                    style={{ width: `${s.total ? ((s[key] ?? 0) / s.total) * 100 : 0}%` }}
                  />
                </div>
              </li>
            ))}
            {s.decided && s.decided.accepted + s.decided.out_of_scope > 0 && (
              <li className="text-slate-700" data-testid="decided">
                Decided by you, not counted as issues: {s.decided.accepted} accepted · {s.decided.out_of_scope} out of
                scope
              </li>
            )}
            <li className="border-t border-slate-100 pt-2 text-slate-600">
              {s.programmable && s.tables
                ? `${s.programmable.total} views, procedures, functions · ${s.tables.total} tables`
                : `${s.total} objects`}{" "}
              · LLM {formatCost(m.llmCostUsd)}
            </li>
          </ul>
        ) : (
          <p className="p-4 text-sm text-slate-600">
            {m.status === "queued" || m.status === "running"
              ? "The result appears when the Evaluator has compared the data."
              : "No result: the migration did not finish."}
          </p>
        )}
      </Card>
      {/* A phone reads the runs before the activity log; a wide screen puts result and activity side by side above them. */}
      <div className="lg:order-last lg:col-span-2">
        <RunsHistory id={m.id} busy={m.status === "queued" || m.status === "running"} />
      </div>
      <Card title="Latest activity" id="activity">
        {overview.recentEvents.length === 0 ? (
          <p className="p-4 text-sm text-slate-600">
            {m.status === "queued" ? "Waiting for a worker to pick the migration up…" : "No events yet."}
          </p>
        ) : (
          <ol
            role="log"
            aria-live="off"
            className="max-h-96 divide-y divide-slate-100 overflow-y-auto text-sm"
            data-testid="activity"
          >
            {overview.recentEvents.map((e) => (
              <li key={e.id} className="flex gap-3 px-4 py-1.5">
                {/* On a phone the agent goes under the time, leaving the message the width. */}
                <div className="flex w-20 shrink-0 flex-col sm:w-auto sm:flex-row sm:gap-3">
                  <time dateTime={e.createdAt} className="w-20 text-xs tabular-nums text-slate-500">
                    {new Date(e.createdAt).toLocaleTimeString()}
                  </time>
                  <span className="w-20 text-xs font-medium text-slate-700">{e.agent}</span>
                </div>
                <span className="min-w-0 break-words text-slate-800">
                  {e.object && <code className="mr-1 text-xs">{e.object}</code>}
                  {e.message}
                </span>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}

function ObjectsTab({ id, hrefFor }: { id: string; hrefFor: (key: string) => string }) {
  const trpc = useTRPC();
  const objects = useQuery(trpc.migrationDetails.objects.queryOptions({ id }));
  if (objects.isPending) return <Skeleton rows={6} label="Loading objects…" />;
  if (objects.isError) return <Alert title="Could not load the objects">{objects.error.message}</Alert>;
  return <ObjectsTable rows={objects.data.objects} final={objects.data.final} hrefFor={hrefFor} />;
}

function LineageTab({ id, hrefFor }: { id: string; hrefFor: (key: string) => string }) {
  const trpc = useTRPC();
  const lineage = useQuery(trpc.migrationDetails.lineage.queryOptions({ id }));
  if (lineage.isPending) return <Skeleton rows={6} label="Loading the lineage…" />;
  if (lineage.isError) return <Alert title="Could not load the lineage">{lineage.error.message}</Alert>;
  if (!lineage.data.ready)
    return (
      <EmptyState title="No lineage yet.">
        The Planner draws it once it has mapped the objects to dbt models.
      </EmptyState>
    );
  return <LineageGraph lineage={lineage.data} hrefFor={hrefFor} />;
}

function AssessmentTab({ id, live }: { id: string; live: boolean }) {
  const trpc = useTRPC();
  const assessment = useQuery(trpc.migrationDetails.assessment.queryOptions({ id }));
  if (assessment.isPending) return <Skeleton rows={6} label="Loading the assessment…" />;
  if (assessment.isError) return <Alert title="Could not load the assessment">{assessment.error.message}</Alert>;
  if (!assessment.data.ready) {
    return (
      <EmptyState title="No assessment yet.">
        {live ? (
          <Spinner label="The Assessment agent reads the source first." />
        ) : (
          "The migration stopped before the Assessment finished."
        )}
      </EmptyState>
    );
  }
  return <AssessmentView summary={assessment.data.summary} />;
}
