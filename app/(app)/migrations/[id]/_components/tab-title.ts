import { useEffect } from "react";
import { statusLabel } from "~/app/_components/ui";

// A mark the eye finds in a row of browser tabs: the user who switched away sees the migration end.
const MARKS: Record<string, string> = {
  queued: "…",
  running: "▶",
  succeeded: "✓",
  completed_with_issues: "⚠",
  failed: "✗",
  cancelled: "■",
};

/** The browser tab's title carries the migration's status, e.g. "✓ succeeded · Sales DB — DataMigrate AI". */
export function useStatusTabTitle(migration: { name: string; status: string } | undefined) {
  const name = migration?.name;
  const status = migration?.status;
  useEffect(() => {
    if (name === undefined || status === undefined) return;
    const previous = document.title;
    document.title = `${MARKS[status] ?? "•"} ${statusLabel(status)} · ${name} — DataMigrate AI`;
    return () => {
      document.title = previous;
    };
  }, [name, status]);
}
