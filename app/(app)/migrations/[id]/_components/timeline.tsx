import type { RouterOutputs } from "./types";
import { formatDuration } from "~/app/_components/ui";

type Step = RouterOutputs["migrationDetails"]["overview"]["timeline"][number];

export const AGENT_INFO: Record<string, { title: string; does: string }> = {
  assessment: {
    title: "Assessment",
    does: "Reads the source, scores every object, routes it to rules, the LLM or a person.",
  },
  planner: { title: "Planner", does: "Maps objects to dbt: sources, staging, intermediate and mart models." },
  executor: { title: "Executor", does: "Translates each object's T-SQL into dbt SQL for PostgreSQL." },
  tester: { title: "Tester", does: "Compiles and builds every model in a PostgreSQL sandbox, runs the data tests." },
  rebuilder: { title: "Rebuilder", does: "Repairs models that failed, from the database error, then tests again." },
  evaluator: { title: "Evaluator", does: "Compares each model's output with the original's and writes the report." },
};

const STATE_TEXT: Record<Step["state"], string> = {
  pending: "Waiting",
  running: "Working",
  done: "Done",
  skipped: "Not needed",
  stopped: "Stopped",
};

function StateIcon({ state, small = false }: { state: Step["state"]; small?: boolean }) {
  const base = `flex ${small ? "size-5 text-xs" : "size-7 text-sm"} shrink-0 items-center justify-center rounded-full font-bold`;
  if (state === "done")
    return (
      <span aria-hidden className={`${base} bg-green-600 text-white`}>
        ✓
      </span>
    );
  if (state === "running")
    return (
      <span aria-hidden className={`${base} bg-blue-100`}>
        <span className="size-4 animate-spin rounded-full border-2 border-blue-300 border-t-blue-700" />
      </span>
    );
  if (state === "stopped")
    return (
      <span aria-hidden className={`${base} bg-amber-500 text-white`}>
        !
      </span>
    );
  if (state === "skipped")
    return (
      <span aria-hidden className={`${base} bg-slate-200 text-slate-500`}>
        –
      </span>
    );
  return <span aria-hidden className={`${base} border-2 border-slate-300 bg-white`} />;
}

/** The six agents in order, the current one marked: updated live as events arrive. `compact`: one line of steps. */
export function Timeline({ steps, status, compact = false }: { steps: Step[]; status: string; compact?: boolean }) {
  if (compact) {
    return (
      <ol aria-label="Agents" className="flex flex-wrap gap-1.5" data-testid="timeline">
        {steps.map((step) => (
          <li
            key={step.agent}
            data-testid="timeline-step"
            data-agent={step.agent}
            data-state={step.state}
            aria-current={step.state === "running" ? "step" : undefined}
            title={step.message ?? AGENT_INFO[step.agent]!.does}
            className={`flex items-center gap-1.5 rounded-full py-1 pl-1 pr-3 text-xs ring-1 ${step.state === "running" ? "bg-blue-50 ring-blue-300" : "bg-white ring-slate-200"}`}
          >
            <StateIcon state={step.state} small />
            <span className="font-medium text-slate-800">{AGENT_INFO[step.agent]!.title}</span>
            <span className="sr-only">: {STATE_TEXT[step.state]}</span>
          </li>
        ))}
      </ol>
    );
  }
  return (
    <ol aria-label="Agents" className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-6" data-testid="timeline">
      {steps.map((step, i) => {
        const info = AGENT_INFO[step.agent]!;
        const current = step.state === "running";
        return (
          <li
            key={step.agent}
            data-testid="timeline-step"
            data-agent={step.agent}
            data-state={step.state}
            aria-current={current ? "step" : undefined}
            className={`relative flex gap-3 rounded-lg p-3 ring-1 lg:flex-col lg:gap-2 ${
              current
                ? "bg-blue-50 ring-blue-300"
                : step.state === "done"
                  ? "bg-white ring-green-200"
                  : step.state === "stopped"
                    ? "bg-amber-50 ring-amber-300"
                    : "bg-white ring-slate-200"
            }`}
          >
            <div className="flex items-center gap-2">
              <StateIcon state={step.state} />
              <span className="text-xs font-medium text-slate-500 lg:hidden">{i + 1}.</span>
            </div>
            <div className="min-w-0 space-y-0.5">
              <p className="text-sm font-semibold text-slate-900">
                <span className="hidden text-slate-500 lg:inline">{i + 1}. </span>
                {info.title}
              </p>
              <p
                className={`text-xs font-medium ${current ? "text-blue-800" : step.state === "stopped" ? "text-amber-800" : "text-slate-600"}`}
              >
                {step.state === "pending" && status === "queued" ? "Waiting for a worker" : STATE_TEXT[step.state]}
                {step.rounds > 1 && ` · ${step.rounds} rounds`}
                {step.state === "done" &&
                  step.startedAt &&
                  step.finishedAt &&
                  ` · ${formatDuration(step.startedAt, step.finishedAt)}`}
              </p>
              <p
                className={`line-clamp-2 text-xs text-slate-500 ${current ? "" : "hidden sm:block"}`}
                title={step.message ?? info.does}
              >
                {step.message ?? info.does}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
