import { objectKey } from "~/agents/catalog/schema";
import type { Database } from "~/db/client";
import { loadArtifacts, owned } from "./artifacts";
import { indexArtifacts, rowFor } from "./objects";

/** Lineage: sources → staging → intermediate → marts, as nodes and edges for a DAG. */

export async function getLineage(db: Database, userId: string, id: string) {
  if (!(await owned(db, userId, id))) return null;
  const a = await loadArtifacts(db, id, ["plan", "translations", "runs", "evaluation", "report", "repairs"]);
  if (!a.plan) return { ready: false as const, nodes: [], edges: [] };
  const index = indexArtifacts(a);
  type Node = {
    id: string;
    label: string;
    type: "source" | "model";
    layer: string;
    kind: string | null;
    key: string | null;
    status: string | null;
    stage: string | null;
  };
  const nodes: Node[] = [];
  const edges: { id: string; source: string; target: string }[] = [];
  const sourceIds = new Map<string, string>();
  for (const source of a.plan.sources) {
    for (const table of source.tables) {
      const nodeId = `source:${source.name}.${table}`;
      sourceIds.set(objectKey(source.schema, table), nodeId);
      nodes.push({
        id: nodeId,
        label: `${source.name}.${table}`,
        type: "source",
        layer: "source",
        kind: "table",
        key: objectKey(source.schema, table),
        status: null,
        stage: null,
      });
    }
  }
  const modelNames = new Set(a.plan.models.map((m) => m.name));
  for (const model of a.plan.models) {
    const row = rowFor(
      model.key,
      { kind: model.kind, schema: "", name: model.name, handling: null, constructs: [] },
      index,
    );
    nodes.push({
      id: model.name,
      label: model.name,
      type: "model",
      layer: model.layer,
      kind: model.kind,
      key: model.key,
      status: row.status,
      stage: row.stage,
    });
    const source = model.kind === "table" ? sourceIds.get(model.key) : undefined;
    if (source) edges.push({ id: `${source}->${model.name}`, source, target: model.name });
    for (const upstream of model.dependsOn) {
      if (modelNames.has(upstream))
        edges.push({ id: `${upstream}->${model.name}`, source: upstream, target: model.name });
    }
  }
  return { ready: true as const, nodes, edges };
}
