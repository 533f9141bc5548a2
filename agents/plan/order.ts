/**
 * Dependency ordering shared by the Assessment (catalog keys) and the Planner (model names).
 *
 * Kahn's algorithm with a deterministic tie-break, so the same catalog always yields the same order.
 * A cycle does not stop the migration: the smallest node of the cycle (by `compare`) is emitted as if its
 * unresolved dependencies were met, the cycle is returned for a warning, and ordering continues.
 */

export type OrderResult = {
  order: string[];
  /** Each cycle found, as a closed path: [a, b, a]. */
  cycles: string[][];
};

export function topologicalOrder(
  nodes: readonly string[],
  dependenciesOf: (node: string) => readonly string[],
  compare: (a: string, b: string) => number = (a, b) => (a < b ? -1 : a > b ? 1 : 0),
): OrderResult {
  const known = new Set(nodes);
  const deps = new Map<string, Set<string>>();
  const dependents = new Map<string, string[]>();
  for (const node of known) {
    const own = new Set(dependenciesOf(node).filter((d) => d !== node && known.has(d)));
    deps.set(node, own);
    for (const d of own) {
      const list = dependents.get(d) ?? [];
      list.push(node);
      dependents.set(d, list);
    }
  }

  const remaining = new Map<string, number>();
  for (const [node, own] of deps) remaining.set(node, own.size);

  // Ready nodes kept sorted by `compare`; insertion is O(n), fine for catalogs of a few thousand objects.
  const ready: string[] = [];
  const insertReady = (node: string) => {
    let lo = 0;
    let hi = ready.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(ready[mid]!, node) <= 0) lo = mid + 1;
      else hi = mid;
    }
    ready.splice(lo, 0, node);
  };
  for (const [node, count] of remaining) if (count === 0) insertReady(node);

  const order: string[] = [];
  const cycles: string[][] = [];
  const done = new Set<string>();

  const emit = (node: string) => {
    done.add(node);
    remaining.delete(node);
    order.push(node);
    for (const dependent of dependents.get(node) ?? []) {
      const count = remaining.get(dependent);
      if (count === undefined) continue;
      remaining.set(dependent, count - 1);
      if (count - 1 === 0) insertReady(dependent);
    }
  };

  while (order.length < known.size) {
    const next = ready.shift();
    if (next !== undefined) {
      emit(next);
      continue;
    }
    // Everything left waits on something left: there is at least one cycle. Find one from the smallest node.
    const start = [...remaining.keys()].sort(compare)[0]!;
    const loop = findCycle(start, (n) => [...(deps.get(n) ?? [])].filter((d) => !done.has(d)).sort(compare)).slice(
      0,
      -1,
    );
    // Report the loop from its smallest node, which is also where it is broken.
    const breakAt = [...loop].sort(compare)[0]!;
    const at = loop.indexOf(breakAt);
    cycles.push([...loop.slice(at), ...loop.slice(0, at), breakAt]);
    emit(breakAt);
  }
  return { order, cycles };
}

/** Follows dependencies from `start` until a node repeats; returns the closed loop ([a, b, a]). */
function findCycle(start: string, next: (node: string) => string[]): string[] {
  const path: string[] = [];
  const position = new Map<string, number>();
  let node: string | undefined = start;
  // Every remaining node has at least one remaining dependency, so this walk always closes a loop.
  while (node !== undefined && !position.has(node)) {
    position.set(node, path.length);
    path.push(node);
    node = next(node)[0];
  }
  if (node === undefined) return [start, start];
  return [...path.slice(position.get(node)!), node];
}
