"use client";

import { Graph, layout } from "@dagrejs/dagre";
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useRouter } from "next/navigation";
import { memo, useMemo } from "react";
import type { RouterOutputs } from "./types";

type Lineage = Extract<RouterOutputs["migrationDetails"]["lineage"], { ready: true }>;
type LineageNode = Lineage["nodes"][number];
type NodeData = { item: LineageNode; href: string | null };

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
  if (item.type === "source") return LINEAGE_COLOURS.source!;
  if (item.status) return LINEAGE_COLOURS[item.status] ?? LINEAGE_COLOURS.pending!;
  if (item.stage === "build failed") return LINEAGE_COLOURS.failed!;
  return LINEAGE_COLOURS.pending!;
}

const LineageNodeView = memo(function LineageNodeView({ data }: NodeProps<Node<NodeData>>) {
  const router = useRouter();
  const { item, href } = data;
  const colour = colourOf(item);
  const status = (item.status ?? item.stage ?? "pending").replace("_", " ");
  const subtitle = item.type === "source" ? "source table" : `${item.layer} · ${status}`;
  return (
    <>
      <Handle type="target" position={Position.Left} className="!size-1.5 !border-0 !bg-slate-400" />
      <button
        type="button"
        className="nodrag nopan flex h-full w-full flex-col justify-center rounded-md px-2.5 text-left shadow-sm focus-visible:outline-2 focus-visible:outline-indigo-600"
        style={{ background: colour.fill, border: `1.5px solid ${colour.ring}` }}
        onClick={() => href && router.push(href)}
        aria-label={`${item.label}: ${item.type === "source" ? "source table" : `${item.layer}, ${status}`}${href ? ". Open the object" : ""}`}
        data-testid="lineage-node"
        data-status={item.status ?? item.stage ?? "source"}
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

export default function LineageGraph({ lineage, hrefFor }: { lineage: Lineage; hrefFor: (key: string) => string }) {
  const { nodes, edges } = useMemo(() => layoutLineage(lineage, hrefFor), [lineage, hrefFor]);
  const sources = lineage.nodes.filter((n) => n.type === "source").length;
  const models = lineage.nodes.length - sources;
  const used = new Set(lineage.nodes.map((n) => (n.type === "source" ? "source" : (n.status ?? (n.stage === "build failed" ? "failed" : "pending")))));
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-700" data-testid="lineage-count">
          {lineage.nodes.length} nodes: {sources} source tables, {models} models; {lineage.edges.length} dependencies
        </p>
        <ul className="flex flex-wrap gap-3 text-xs text-slate-600" aria-label="Legend">
          {Object.entries(LINEAGE_COLOURS)
            .filter(([k]) => used.has(k))
            .map(([k, c]) => (
              <li key={k} className="flex items-center gap-1.5">
                <span aria-hidden className="size-3 rounded-sm" style={{ background: c.fill, border: `1.5px solid ${c.ring}` }} />
                {c.label}
              </li>
            ))}
        </ul>
      </div>
      <div className="h-[28rem] w-full overflow-hidden rounded-lg bg-white ring-1 ring-slate-200 sm:h-[36rem]" data-testid="lineage-graph">
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          fitView
          fitViewOptions={{ padding: 0.05 }}
          minZoom={0.1}
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
      <p className="text-xs text-slate-500">Each node opens its object: click it, or Tab to it and press Enter. Scroll or pinch to zoom, drag to pan.</p>
    </div>
  );
}
