"use client";

import { useState } from "react";
import { Button } from "./ui";

/** Copies `text` to the clipboard and says so; where the clipboard is refused, says that instead. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "refused">("idle");
  return (
    <Button
      variant="secondary"
      onClick={() =>
        navigator.clipboard.writeText(text).then(
          () => setState("copied"),
          () => setState("refused"),
        )
      }
    >
      <span aria-live="polite">
        {state === "copied" ? "Copied" : state === "refused" ? "Copy refused: select the text" : label}
      </span>
    </Button>
  );
}
