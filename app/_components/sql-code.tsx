"use client";

import hljs from "highlight.js/lib/core";
import sql from "highlight.js/lib/languages/sql";
import "highlight.js/styles/github.css";
import { useMemo, useState } from "react";

hljs.registerLanguage("sql", sql);

/**
 * highlight.js output split into lines: a span that crosses a line break is closed at the end of the line and
 * reopened on the next, so every line is well-formed HTML of its own (numbered, and markable).
 */
export function highlightLines(code: string): string[] {
  const html = hljs.highlight(code, { language: "sql", ignoreIllegals: true }).value;
  const lines: string[] = [];
  const open: string[] = [];
  let current = "";
  const tag = /<span[^>]*>|<\/span>|\n/g;
  let last = 0;
  for (let match = tag.exec(html); match; match = tag.exec(html)) {
    current += html.slice(last, match.index);
    last = match.index + match[0].length;
    if (match[0] === "\n") {
      lines.push(current + "</span>".repeat(open.length));
      current = open.join("");
    } else if (match[0] === "</span>") {
      open.pop();
      current += match[0];
    } else {
      open.push(match[0]);
      current += match[0];
    }
  }
  lines.push(current + html.slice(last));
  return lines;
}

export function SqlCode({
  code,
  title,
  startLine = 1,
  markedLines = [],
  note,
  testId,
}: {
  code: string;
  title: string;
  /** Number of the first line (a definition starts at its line in the source file). */
  startLine?: number;
  markedLines?: number[];
  note?: string;
  testId?: string;
}) {
  const lines = useMemo(() => highlightLines(code.replace(/\s+$/, "")), [code]);
  const marked = new Set(markedLines);
  const [copied, setCopied] = useState(false);
  // Long lines and long definitions: wrap them in place, or let the pane grow to the whole definition.
  const [wrap, setWrap] = useState(false);
  const [expanded, setExpanded] = useState(false);
  const width = String(startLine + lines.length).length;
  return (
    <figure
      className="flex min-w-0 flex-col overflow-hidden rounded-lg bg-white ring-1 ring-slate-200"
      data-testid={testId}
    >
      <figcaption className="flex items-center justify-between gap-2 border-b border-slate-100 px-3 py-2">
        <span className="min-w-0">
          <span className="text-sm font-semibold text-slate-900">{title}</span>
          {note && <span className="block truncate text-xs text-slate-500">{note}</span>}
        </span>
        <span className="flex shrink-0 gap-1">
          {(
            [
              ["Wrap", wrap, setWrap],
              ["Expand", expanded, setExpanded],
            ] as const
          ).map(([label, on, set]) => (
            <button
              key={label}
              type="button"
              aria-pressed={on}
              className={`rounded px-2 py-1 text-xs font-medium ring-1 ring-slate-200 hover:bg-slate-50 ${on ? "bg-slate-100 text-slate-900" : "text-slate-600"}`}
              onClick={() => set(!on)}
            >
              {label}
            </button>
          ))}
          <button
            type="button"
            className="rounded px-2 py-1 text-xs font-medium text-slate-600 ring-1 ring-slate-200 hover:bg-slate-50"
            onClick={() => {
              void navigator.clipboard?.writeText(code).then(() => {
                setCopied(true);
                setTimeout(() => setCopied(false), 1500);
              });
            }}
          >
            {copied ? "Copied" : "Copy"}
          </button>
        </span>
      </figcaption>
      <div
        tabIndex={0}
        role="region"
        aria-label={title}
        data-expanded={expanded}
        className={`${expanded ? "" : "max-h-[32rem]"} overflow-auto focus-visible:outline-2`}
      >
        <pre className={`hljs py-2 font-mono text-xs leading-5 ${wrap ? "" : "min-w-max"}`}>
          <code>
            {lines.map((html, i) => {
              const number = startLine + i;
              return (
                <div key={i} className={`flex ${marked.has(number) ? "bg-amber-100" : ""}`} data-line={number}>
                  <span
                    aria-hidden
                    className={`sticky left-0 select-none pl-2 pr-3 text-right text-slate-400 ${marked.has(number) ? "bg-amber-100" : "bg-white"}`}
                    style={{ minWidth: `${width + 2}ch` }}
                  >
                    {number}
                  </span>
                  <span
                    className={`pr-4 ${wrap ? "min-w-0 whitespace-pre-wrap break-all" : ""}`}
                    dangerouslySetInnerHTML={{ __html: html || " " }}
                  />
                </div>
              );
            })}
          </code>
        </pre>
      </div>
    </figure>
  );
}
