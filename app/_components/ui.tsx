import Link from "next/link";
import type {
  AnchorHTMLAttributes,
  ButtonHTMLAttributes,
  InputHTMLAttributes,
  ReactNode,
  TextareaHTMLAttributes,
} from "react";
import type { migrationSourceKind } from "~/db/enums";

type Variant = "primary" | "secondary" | "danger" | "ghost";
const buttonStyles: Record<Variant, string> = {
  primary: "bg-indigo-600 text-white hover:bg-indigo-700 disabled:bg-indigo-300",
  secondary: "bg-white text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 disabled:text-slate-400",
  danger: "bg-white text-red-700 ring-1 ring-red-300 hover:bg-red-50 disabled:text-red-300",
  ghost: "text-slate-700 hover:bg-slate-100 disabled:text-slate-400 shadow-none",
};
const buttonBase =
  "inline-flex items-center justify-center gap-1.5 rounded-md px-3 py-2 text-sm font-medium shadow-sm disabled:cursor-not-allowed";

export function Button({
  variant = "primary",
  className = "",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return <button className={`${buttonBase} ${buttonStyles[variant]} ${className}`} {...props} />;
}

/** A link that looks like a button (navigation and downloads are links, not buttons). */
export function LinkButton({
  variant = "secondary",
  className = "",
  href,
  ...props
}: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; variant?: Variant }) {
  const classes = `${buttonBase} ${buttonStyles[variant]} ${className}`;
  if (href.startsWith("/api/") || props.download !== undefined) return <a href={href} className={classes} {...props} />;
  return <Link href={href} className={classes} {...props} />;
}

const inputClasses =
  "block w-full rounded-md border-0 px-3 py-2 text-slate-900 shadow-sm ring-1 ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:ring-red-400";

function FieldFrame({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string | undefined;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && !error && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

const describedBy = (id: string | undefined, error?: string, hint?: string) =>
  error ? `${id}-error` : hint ? `${id}-hint` : undefined;

export function Field({
  label,
  error,
  hint,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string | undefined; hint?: string | undefined }) {
  const id = props.id ?? props.name;
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint}>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        className={inputClasses}
        {...props}
      />
    </FieldFrame>
  );
}

export function TextArea({
  label,
  error,
  hint,
  className = "",
  ...props
}: TextareaHTMLAttributes<HTMLTextAreaElement> & {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
}) {
  const id = props.id ?? props.name;
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint}>
      <textarea
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        className={`${inputClasses} ${className}`}
        {...props}
      />
    </FieldFrame>
  );
}

/** A filter control's frame (search box, select): a small label above it. */
function FilterFrame({
  id,
  label,
  className,
  children,
}: {
  id: string | undefined;
  label: string;
  className: string;
  children: ReactNode;
}) {
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        {label}
      </label>
      {children}
    </div>
  );
}

/** A filter box over a list (the migrations, the objects): label above, the same height as a Select beside it. */
export function SearchField({
  label,
  className = "",
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { label: string }) {
  const id = props.id ?? props.name;
  return (
    <FilterFrame id={id} label={label} className={className}>
      <input
        id={id}
        type="search"
        className="rounded-md border-0 px-2.5 py-1.5 text-sm shadow-sm ring-1 ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600"
        {...props}
      />
    </FilterFrame>
  );
}

/** "1 result set", "2 result sets": a count with its noun in the right number. */
export function plural(count: number, one: string, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * A filter over a list: "All" (the empty value) first, then one option per value. Its value is always one of the
 * options or "", so the change is typed as that.
 */
export function Select<T extends string>({
  label,
  id,
  value,
  onChange,
  all = "All",
  options,
}: {
  label: string;
  id: string;
  value: T | "";
  onChange: (value: T | "") => void;
  all?: string;
  options: readonly { value: T; label: string }[];
}) {
  return (
    <FilterFrame id={id} label={label} className="min-w-0 flex-1 sm:flex-none">
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value as T | "")}
        className="rounded-md border-0 bg-white py-1.5 pl-2 pr-8 text-sm shadow-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-indigo-600"
      >
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FilterFrame>
  );
}

/** The filters over a list (search box, selects), in a row; they filter as they change, nothing is submitted. */
export function FilterBar({ label, children }: { label: string; children: ReactNode }) {
  return (
    <form
      role="search"
      aria-label={label}
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => e.preventDefault()}
    >
      {children}
    </form>
  );
}

export function Alert({
  children,
  tone = "error",
  title,
}: {
  children: ReactNode;
  tone?: "error" | "success" | "info" | "warning";
  title?: string;
}) {
  const styles = {
    error: "bg-red-50 text-red-800 ring-red-200",
    success: "bg-green-50 text-green-800 ring-green-200",
    info: "bg-slate-50 text-slate-700 ring-slate-200",
    warning: "bg-amber-50 text-amber-900 ring-amber-200",
  }[tone];
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-md p-3 text-sm ring-1 ${styles}`}>
      {title && <p className="font-medium">{title}</p>}
      {children}
    </div>
  );
}

export function Card({
  children,
  className = "",
  title,
  actions,
  id,
}: {
  children: ReactNode;
  className?: string;
  title?: ReactNode;
  actions?: ReactNode;
  id?: string;
}) {
  return (
    <section
      aria-labelledby={title && id ? `${id}-title` : undefined}
      className={`rounded-lg bg-white ring-1 ring-slate-200 ${className}`}
    >
      {(title || actions) && (
        <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
          {title && (
            <h2 id={id ? `${id}-title` : undefined} className="text-sm font-semibold text-slate-900">
              {title}
            </h2>
          )}
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white/60 p-8 text-center">
      <p className="font-medium text-slate-800">{title}</p>
      {children && <div className="mt-1 text-sm text-slate-600">{children}</div>}
    </div>
  );
}

export function Spinner({ label = "Loading", className = "" }: { label?: string; className?: string }) {
  return (
    <span role="status" className={`inline-flex items-center gap-2 text-sm text-slate-500 ${className}`}>
      <span aria-hidden className="size-4 animate-spin rounded-full border-2 border-slate-300 border-t-indigo-600" />
      {label}
    </span>
  );
}

/** Placeholder blocks while data loads (announced once through the label). */
export function Skeleton({ rows = 3, label = "Loading…" }: { rows?: number; label?: string }) {
  return (
    <div role="status" aria-label={label} className="space-y-2">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="h-8 animate-pulse rounded bg-slate-200/70" />
      ))}
    </div>
  );
}

export function ProgressBar({ value, label, className = "" }: { value: number; label: string; className?: string }) {
  const percent = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div className={`flex items-center gap-2 ${className}`}>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="h-2 w-full min-w-16 overflow-hidden rounded-full bg-slate-200"
      >
        <div
          className="h-full rounded-full bg-indigo-600 transition-[width] duration-500"
          style={{ width: `${percent}%` }}
        />
      </div>
      <span className="w-9 shrink-0 text-right text-xs tabular-nums text-slate-600">{percent}%</span>
    </div>
  );
}

const statusStyles: Record<string, string> = {
  queued: "bg-slate-100 text-slate-700",
  running: "bg-blue-100 text-blue-800",
  succeeded: "bg-green-100 text-green-800",
  // amber: the pipeline ran to the end, but some object failed, mismatched or needs review
  completed_with_issues: "bg-amber-100 text-amber-900 ring-1 ring-inset ring-amber-300",
  failed: "bg-red-100 text-red-800",
  cancelled: "bg-slate-200 text-slate-700",
  // object statuses
  validated: "bg-green-100 text-green-800",
  loaded: "bg-teal-100 text-teal-800",
  executed: "bg-sky-100 text-sky-800",
  mismatch: "bg-orange-100 text-orange-800",
  needs_review: "bg-amber-100 text-amber-900",
  // provisional object stages
  assessed: "bg-slate-100 text-slate-700",
  planned: "bg-slate-100 text-slate-700",
  translated: "bg-indigo-50 text-indigo-800",
  built: "bg-blue-50 text-blue-800",
  "build failed": "bg-red-50 text-red-800",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span
      data-status={status}
      className={`inline-flex shrink-0 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${statusStyles[status] ?? "bg-slate-100 text-slate-700"}`}
    >
      {statusLabel(status)}
    </span>
  );
}

/** "completed_with_issues" → "completed with issues". */
export function statusLabel(status: string) {
  return status.replaceAll("_", " ");
}

type IssueCounts = { mismatch: number; needs_review: number; failed: number };

/**
 * What keeps a finished migration from green, counted over views, procedures and functions and, apart, source
 * tables: e.g. "2 need review, 1 failed · tables: 1 failed". Empty when nothing does.
 */
export function issuesText(summary: IssueCounts & { programmable?: IssueCounts; tables?: IssueCounts }) {
  const part = (c: IssueCounts) =>
    [
      c.failed && `${c.failed} failed`,
      c.mismatch && `${c.mismatch} mismatch`,
      c.needs_review && `${c.needs_review} ${c.needs_review === 1 ? "needs" : "need"} review`,
    ]
      .filter(Boolean)
      .join(", ");
  if (summary.programmable && summary.tables) {
    const tables = part(summary.tables);
    return [part(summary.programmable), tables && `tables: ${tables}`].filter(Boolean).join(" · ");
  }
  return part(summary);
}

export function formatDate(iso: string | null) {
  return iso ? new Date(iso).toLocaleString() : "—";
}

export function formatCost(usd: number | null | undefined) {
  if (usd === null || usd === undefined) return "—";
  if (usd === 0) return "$0.00";
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export function formatDuration(fromIso: string | null, toIso: string | null) {
  if (!fromIso) return "—";
  const ms = (toIso ? new Date(toIso).getTime() : Date.now()) - new Date(fromIso).getTime();
  if (ms < 0) return "—";
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 100) / 10;
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

export function formatBytes(bytes: number) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const SOURCE_LABELS: Record<(typeof migrationSourceKind)[number], string> = {
  sample: "Sample database",
  upload: "Upload",
  paste: "Pasted T-SQL",
};
