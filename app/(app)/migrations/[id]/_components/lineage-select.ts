/**
 * What the lineage view shows: dbt's graph-operator selectors (`+model`, `model+`, `+model+`) and the status and
 * layer filters, as pure functions over the node and edge lists so they can be tested without a browser.
 * https://docs.getdbt.com/reference/node-selection/graph-operators
 */

export type Selector = { name: string; upstream: boolean; downstream: boolean };

/** `+name+` → its ancestors and descendants; `+name` ancestors; `name+` descendants; null when no `+` is typed. */
export function parseSelector(text: string): Selector | null {
  const trimmed = text.trim();
  const match = /^(\+?)([^+\s]+)(\+?)$/.exec(trimmed);
  if (!match || (!match[1] && !match[3])) return null;
  return { name: match[2]!, upstream: match[1] === "+", downstream: match[3] === "+" };
}

type Edge = { source: string; target: string };

/** The node itself plus every node reachable upstream and/or downstream of it (cycles are visited once). */
export function lineageOf(edges: readonly Edge[], id: string, upstream: boolean, downstream: boolean): Set<string> {
  const inputs = new Map<string, string[]>();
  const outputs = new Map<string, string[]>();
  for (const e of edges) {
    inputs.set(e.target, [...(inputs.get(e.target) ?? []), e.source]);
    outputs.set(e.source, [...(outputs.get(e.source) ?? []), e.target]);
  }
  const found = new Set([id]);
  const walk = (next: Map<string, string[]>) => {
    const stack = [id];
    while (stack.length) {
      for (const n of next.get(stack.pop()!) ?? []) {
        if (!found.has(n)) {
          found.add(n);
          stack.push(n);
        }
      }
    }
  };
  if (upstream) walk(inputs);
  if (downstream) walk(outputs);
  return found;
}

type Named = { id: string; label: string };

/** The node a search names: its exact name (any case) first, else the first whose name contains the text. */
export function findNode<T extends Named>(nodes: readonly T[], text: string): T | undefined {
  const wanted = text.trim().toLowerCase();
  if (!wanted) return undefined;
  return (
    nodes.find((n) => n.label.toLowerCase() === wanted || n.id.toLowerCase() === wanted) ??
    nodes.find((n) => n.label.toLowerCase().includes(wanted))
  );
}

/** The filter key of a node's status: sources and unfinished models have their own. */
export function statusKey(item: { type: string; status: string | null; stage: string | null }): string {
  if (item.type === "source") return "source";
  if (item.status) return item.status;
  return item.stage === "build failed" ? "failed" : "pending";
}
