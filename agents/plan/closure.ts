import type { Plan } from "~/agents/core/contracts";

/**
 * Walks the plan's model graph from `models`: `dependants` adds every model that reads them (directly or not),
 * `upstream` every model they read. A re-run of some models re-runs their dependants too (their rows come from
 * them) and builds their upstream first (they cannot be built without it). Unknown names are dropped.
 */
export function modelClosure(
  plan: Pick<Plan, "models">,
  models: Iterable<string>,
  direction: "dependants" | "upstream",
): Set<string> {
  const next = new Map<string, string[]>();
  for (const m of plan.models) {
    if (direction === "upstream") next.set(m.name, m.dependsOn);
    else for (const d of m.dependsOn) next.set(d, [...(next.get(d) ?? []), m.name]);
  }
  const known = new Set(plan.models.map((m) => m.name));
  const seen = new Set<string>();
  const stack = [...models].filter((m) => known.has(m));
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const n of next.get(name) ?? []) if (known.has(n)) stack.push(n);
  }
  return seen;
}
