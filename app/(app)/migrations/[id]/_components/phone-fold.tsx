import type { ReactNode } from "react";

/**
 * On a phone a block of the page is folded away behind this button (a one-line summary stays in view) so that the
 * tab's content starts near the top; from the `sm` width up the block is always shown and the button is not.
 */
export function FoldButton({
  open,
  onToggle,
  controls,
  children,
}: {
  open: boolean;
  onToggle: () => void;
  controls: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      aria-expanded={open}
      aria-controls={controls}
      onClick={onToggle}
      className="inline-flex shrink-0 items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-indigo-700 ring-1 ring-slate-200 hover:bg-indigo-50 sm:hidden"
    >
      {children}
      <span aria-hidden>{open ? "▴" : "▾"}</span>
    </button>
  );
}

/** The classes of the folded block: hidden on a phone until opened, always shown from `sm` up. */
export const foldClass = (open: boolean) => (open ? "" : "hidden sm:block");
