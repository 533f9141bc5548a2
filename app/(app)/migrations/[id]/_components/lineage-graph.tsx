"use client";

import { Graph, layout } from "@dagrejs/dagre";
import {
  Background,
  Controls,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
  type Node,
  type NodeProps,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useRouter } from "next/navigation";
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { findNode, lineageOf, parseSelector, statusKey } from "./lineage-select";
import type { RouterOutputs } from "./types";

type Lineage = Extract<RouterOutputs["migrationDetails"]["lineage"], { ready: true }>;
type LineageNode = Lineage["nodes"][number];
type NodeData = { item: LineageNode; href: string | null; highlighted?: boolean };

const NODE_WIDTH = 210;
const NODE_HEIGHT = 54;

/** Colour by status (final) or stage (while running); sources are the raw tables. */
export const LINEAGE_COLOURS: Record<string, { fill: string; ring: string; label: string }> = {
  source: { fill: "#f1f5f9", ring: "#94a3b8", label: "source table" },
  validated: { fill: "#dcfce7", ring: "#16a34a", label: "validated" },
  loaded: { fill: "#ccfbf1", ring: "#0d9488", label: "loaded" },
  executed: { fill: "#e0f2fe", ring: "#0284c7", label: "executed" },
  mismatch: { fill: "#ffedd5", ring: "#ea580c", label: "mismatch" },
  needs_review: { fill: "#fef3c7", ring: "#d97706", label: "needs review" },
  failed: { fill: "#fee2e2", ring: "#dc2626", label: "failed" },
  pending: { fill: "#ffffff", ring: "#cbd5e1", label: "in progress" },
};

function colourOf(item: LineageNode) {
  return LINEAGE_COLOURS[statusKey(item)] ?? LINEAGE_COLOURS.pending!;
}

const LineageNodeView = memo(function LineageNodeView({ data }: NodeProps<Node<NodeData>>) {
  const router = useRouter();
  const { item, href, highlighted } = data;
  const colour = colourOf(item);
  const status = (item.status ?? item.stage ?? "pending").replace("_", " ");
  const subtitle = item.type === "source" ? "source table" : `${item.layer} · ${status}`;
  return (
    <>
      <Handle type="target" position={Position.Left} className="!size-1.5 !border-0 !bg-slate-400" />
      <button
        type="button"
        className="nodrag nopan flex h-full w-full flex-col justify-center rounded-md px-2.5 text-left shadow-sm focus-visible:outline-2 focus-visible:outline-indigo-600"
        style={{
          background: colour.fill,
          border: `1.5px solid ${colour.ring}`,
          boxShadow: highlighted ? "0 0 0 4px #6366f1" : undefined,
        }}
        onClick={() => href && router.push(href)}
        aria-label={`${item.label}: ${item.type === "source" ? "source table" : `${item.layer}, ${status}`}${href ? ". Open the object" : ""}`}
        data-testid="lineage-node"
        data-status={item.status ?? item.stage ?? "source"}
        data-highlighted={highlighted ? "true" : undefined}
      >
        <span className="truncate font-mono text-[11px] font-semibold text-slate-900">{item.label}</span>
        <span className="text-[10px] text-slate-600">{subtitle}</span>
      </button>
      <Handle type="source" position={Position.Right} className="!size-1.5 !border-0 !bg-slate-400" />
    </>
  );
});

const nodeTypes = { lineage: LineageNodeView };

/**
 * Left to right: sources, staging, intermediate, marts. Columns are each node's depth (a source table is 0, a
 * model one more than its deepest input), so every source table lines up in the first column; dagre orders the
 * nodes inside a column to keep edges short, and nodes that would overlap are pushed apart.
 */
export function layoutLineage(lineage: Lineage, hrefFor: (key: string) => string) {
  const g = new Graph();
  g.setGraph({ rankdir: "LR", nodesep: 14, ranksep: 70, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of lineage.nodes) g.setNode(n.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const e of lineage.edges) g.setEdge(e.source, e.target);
  layout(g);

  const inputs = new Map<string, string[]>();
  for (const e of lineage.edges) inputs.set(e.target, [...(inputs.get(e.target) ?? []), e.source]);
  const depth = new Map<string, number>();
  const depthOf = (id: string, seen: Set<string>): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0; // a cycle (not expected in a plan): break it here
    seen.add(id);
    const d = Math.max(-1, ...(inputs.get(id) ?? []).map((i) => depthOf(i, seen))) + 1;
    depth.set(id, d);
    return d;
  };
  const columns = new Map<number, { id: string; y: number }[]>();
  for (const n of lineage.nodes) {
    const d = depthOf(n.id, new Set());
    columns.set(d, [...(columns.get(d) ?? []), { id: n.id, y: (g.node(n.id) as { y: number }).y }]);
  }
  const position = new Map<string, { x: number; y: number }>();
  for (const [d, column] of columns) {
    column.sort((a, b) => a.y - b.y);
    let next = -Infinity;
    for (const item of column) {
      const y = Math.max(item.y - NODE_HEIGHT / 2, next);
      position.set(item.id, { x: d * (NODE_WIDTH + 70), y });
      next = y + NODE_HEIGHT + 14;
    }
  }
  const nodes: Node<NodeData>[] = lineage.nodes.map((item) => ({
    id: item.id,
    type: "lineage",
    position: position.get(item.id)!,
    data: { item, href: item.key ? hrefFor(item.key) : null },
    // Known sizes let xyflow frame and cull nodes it has not measured yet (onlyRenderVisibleElements).
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
    style: { width: NODE_WIDTH, height: NODE_HEIGHT },
    draggable: false,
    connectable: false,
  }));
  const edges: Edge[] = lineage.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14, color: "#94a3b8" },
    style: { stroke: "#94a3b8" },
  }));
  return { nodes, edges };
}

const LAYERS = [
  { key: "source", label: "sources" },
  { key: "staging", label: "staging" },
  { key: "intermediate", label: "intermediate" },
  { key: "marts", label: "marts" },
];

/** Hidden keys of a checkbox filter: everything is shown until the user unticks something. */
function useToggles() {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback(
    (key: string) =>
      setHidden((h) => {
        const next = new Set(h);
        if (!next.delete(key)) next.add(key);
        return next;
      }),
    [],
  );
  return [hidden, toggle] as const;
}

export default function LineageGraph(props: { lineage: Lineage; hrefFor: (key: string) => string }) {
  return (
    <ReactFlowProvider>
      <LineageView {...props} />
    </ReactFlowProvider>
  );
}

function LineageView({ lineage, hrefFor }: { lineage: Lineage; hrefFor: (key: string) => string }) {
  // Laid out once per lineage: search, focus and filters only choose which of these nodes are shown.
  const laidOut = useMemo(() => layoutLineage(lineage, hrefFor), [lineage, hrefFor]);
  const flow = useReactFlow();
  const graphRef = useRef<HTMLDivElement>(null);
  const [query, setQuery] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const [focus, setFocus] = useState<{ label: string; ids: Set<string> } | null>(null);
  const [hiddenStatuses, toggleStatus] = useToggles();
  const [hiddenLayers, toggleLayer] = useToggles();

  const shown = useMemo(() => {
    const visible = new Set<string>();
    for (const n of lineage.nodes) {
      if (focus && !focus.ids.has(n.id)) continue;
      if (hiddenStatuses.has(statusKey(n)) || hiddenLayers.has(n.layer)) continue;
      visible.add(n.id);
    }
    // A focused lineage is laid out on its own, compactly; filters keep the whole graph's positions.
    const base = focus
      ? layoutLineage(
          {
            ...lineage,
            nodes: lineage.nodes.filter((n) => focus.ids.has(n.id)),
            edges: lineage.edges.filter((e) => focus.ids.has(e.source) && focus.ids.has(e.target)),
          },
          hrefFor,
        )
      : laidOut;
    const nodes = base.nodes
      .filter((n) => visible.has(n.id))
      .map((n) => (n.id === highlighted ? { ...n, data: { ...n.data, highlighted: true } } : n));
    const edges = base.edges.filter((e) => visible.has(e.source) && visible.has(e.target));
    return { nodes, edges };
  }, [lineage, laidOut, hrefFor, focus, hiddenStatuses, hiddenLayers, highlighted]);

  // Frame what is shown whenever the selection changes (after xyflow has measured the new set).
  const shownKey = `${shown.nodes.length}:${focus?.label ?? ""}:${[...hiddenStatuses].join()}:${[...hiddenLayers].join()}`;
  useEffect(() => {
    if (highlighted && !focus) return;
    const frame = requestAnimationFrame(() => void flow.fitView({ padding: 0.05, minZoom: 0.1 }));
    return () => cancelAnimationFrame(frame);
  }, [shownKey, flow, highlighted, focus]);

  const find = (text: string) => {
    const selector = parseSelector(text);
    const node = findNode(lineage.nodes, selector?.name ?? text);
    if (!node) {
      setMessage(text.trim() ? `No model or table named like "${text.trim()}".` : null);
      return;
    }
    setMessage(null);
    setHighlighted(node.id);
    // The graph is centred on the node: bring the graph itself on screen too (below the fold on a phone).
    graphRef.current?.scrollIntoView({ block: "nearest" });
    if (selector) {
      const ids = lineageOf(lineage.edges, node.id, selector.upstream, selector.downstream);
      setFocus({ label: `${selector.upstream ? "+" : ""}${node.label}${selector.downstream ? "+" : ""}`, ids });
      return;
    }
    setFocus(null);
    const at = laidOut.nodes.find((n) => n.id === node.id)!.position;
    void flow.setCenter(at.x + NODE_WIDTH / 2, at.y + NODE_HEIGHT / 2, { zoom: 1.2 });
  };
  const focusOn = (id: string) => {
    const node = lineage.nodes.find((n) => n.id === id)!;
    setQuery(`+${node.label}+`);
    find(`+${node.label}+`);
  };
  const clear = () => {
    setQuery("");
    setMessage(null);
    setHighlighted(null);
    setFocus(null);
  };

  const sources = lineage.nodes.filter((n) => n.type === "source").length;
  const models = lineage.nodes.length - sources;
  const used = new Set(lineage.nodes.map(statusKey));
  const present = new Set(lineage.nodes.map((n) => n.layer));
  const layers = [
    ...LAYERS.filter((l) => present.has(l.key)),
    ...[...present].filter((k) => !LAYERS.some((l) => l.key === k)).map((k) => ({ key: k, label: k })),
  ];
  const highlightedLabel = highlighted ? lineage.nodes.find((n) => n.id === highlighted)?.label : undefined;
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-700" data-testid="lineage-count">
        {lineage.nodes.length} nodes: {sources} source tables, {models} models; {lineage.edges.length} dependencies
      </p>
      <form
        role="search"
        className="flex flex-wrap items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          find(query);
        }}
      >
        <label htmlFor="lineage-search" className="sr-only">
          Find a model, or focus on its lineage with +model+
        </label>
        <input
          id="lineage-search"
          type="search"
          list="lineage-names"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Find a model, or +model+ for its lineage"
          className="min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-1.5 font-mono text-sm sm:max-w-md"
        />
        <datalist id="lineage-names">
          {lineage.nodes.map((n) => (
            <option key={n.id} value={n.label} />
          ))}
        </datalist>
        <button
          type="submit"
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
        >
          Find
        </button>
        {highlighted && !focus && (
          <button
            type="button"
            onClick={() => focusOn(highlighted)}
            className="rounded-md px-3 py-1.5 text-sm font-medium text-indigo-700 ring-1 ring-indigo-200 hover:bg-indigo-50"
          >
            Show its lineage
          </button>
        )}
        {(highlighted || focus || message) && (
          <button
            type="button"
            onClick={clear}
            className="rounded-md px-3 py-1.5 text-sm text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"
          >
            Clear
          </button>
        )}
      </form>
      <div className="flex flex-wrap gap-x-6 gap-y-2 text-xs text-slate-700">
        <fieldset className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <legend className="float-left mr-2 font-medium text-slate-900">Status</legend>
          {Object.entries(LINEAGE_COLOURS)
            .filter(([k]) => used.has(k))
            .map(([k, c]) => (
              <label key={k} className="flex items-center gap-1.5">
                <input
                  type="checkbox"
                  checked={!hiddenStatuses.has(k)}
                  onChange={() => toggleStatus(k)}
                  className="size-3.5"
                />
                <span
                  aria-hidden
                  className="size-3 rounded-sm"
                  style={{ background: c.fill, border: `1.5px solid ${c.ring}` }}
                />
                {c.label}
              </label>
            ))}
        </fieldset>
        <fieldset className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <legend className="float-left mr-2 font-medium text-slate-900">Layer</legend>
          {layers.map((l) => (
            <label key={l.key} className="flex items-center gap-1.5">
              <input
                type="checkbox"
                checked={!hiddenLayers.has(l.key)}
                onChange={() => toggleLayer(l.key)}
                className="size-3.5"
              />
              {l.label}
            </label>
          ))}
        </fieldset>
      </div>
      <p className="text-sm text-slate-700" role="status" data-testid="lineage-shown">
        {message ??
          `Showing ${shown.nodes.length} of ${lineage.nodes.length} nodes${focus ? ` (the lineage of ${focus.label})` : highlightedLabel ? ` · found ${highlightedLabel}` : ""}`}
      </p>
      <div
        ref={graphRef}
        className="h-[28rem] w-full overflow-hidden rounded-lg bg-white ring-1 ring-slate-200 sm:h-[36rem]"
        data-testid="lineage-graph"
      >
        <ReactFlow
          nodes={shown.nodes}
          edges={shown.edges}
          nodeTypes={nodeTypes}
          fitView
          fitViewOptions={{ padding: 0.05 }}
          minZoom={0.1}
          onlyRenderVisibleElements
          nodesDraggable={false}
          nodesConnectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          elementsSelectable={false}
          aria-label="Lineage graph"
        >
          <Background gap={16} color="#e2e8f0" />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
      <p className="text-xs text-slate-500">
        Each node opens its object: click it, or Tab to it and press Enter. Scroll or pinch to zoom, drag to pan. Type{" "}
        <code>+name</code> for a model and everything upstream, <code>name+</code> for everything downstream,{" "}
        <code>+name+</code> for both (dbt&apos;s selector syntax).
      </p>
    </div>
  );
}
