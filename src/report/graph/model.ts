// The network as a graph to draw: one node per layer, or per block folded at `maxDepth` (as the
// table's --depth folds its rows), an edge for every input a layer reads, and the blocks above the
// fold as clusters. Pure data for the renderers (dot.ts, mermaid.ts, svg.ts): no layout, and no
// figure that the analysis does not already give (a folded block carries its block's subtotals).

import { blockTree, layersOf, type BlockEntry, type LayerEntry } from '../../analysis/blocks.js';
import type { Analysis, LayerAnalysis } from '../../analysis/analyze.js';
import { resolvedLabel } from '../../analysis/layer-label.js';
import type { Shape } from '../../layers/types.js';
import { roleOf, type Role } from './roles.js';

export interface GraphNode {
  /** `n<layer id>` for a layer, `b<n>` for a folded block: safe as a DOT, mermaid or XML id. */
  readonly id: string;
  /** The layer as the table prints it (with its arguments' values), or the folded block's name. */
  readonly label: string;
  readonly output: Shape;
  /** The layer's parameters, or the folded block's subtotal. */
  readonly params: number;
  readonly role: Role;
  /** The innermost cluster holding the node; null at the top level. */
  readonly cluster: string | null;
  /** Whether its output is the network's output or a side output's. */
  readonly ends: 'output' | 'side output' | null;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
}

export interface GraphCluster {
  /** `c<n>`. */
  readonly id: string;
  /** `basic(64)`, `branch 2 of 4`, `side output 1 of 2`: as the table names blocks. */
  readonly label: string;
  readonly parent: string | null;
}

export interface GraphModel {
  /** In the network's order (INPUT first), which is a topological order. */
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** Parents before their children. */
  readonly clusters: readonly GraphCluster[];
}

export interface GraphOptions {
  /** Each block nested this deep (0: the outermost) is one node, as the table's --depth folds it
   *  into one row; default: none. */
  readonly maxDepth?: number;
}

function endOf(analysis: Analysis, id: number): GraphNode['ends'] {
  if (id === analysis.network.output) return 'output';
  return analysis.network.sideOutputs.includes(id) ? 'side output' : null;
}

export function graphModel(analysis: Analysis, options: GraphOptions = {}): GraphModel {
  const maxDepth = options.maxDepth ?? Infinity;
  const nodes: GraphNode[] = [];
  const clusters: GraphCluster[] = [];
  // the node that stands for each layer: its own, or its folded block's
  const nodeOfLayer = new Map<number, string>();

  const layerNode = (l: LayerAnalysis, cluster: string | null): void => {
    const id = `n${l.node.id}`;
    nodeOfLayer.set(l.node.id, id);
    nodes.push({ id, label: resolvedLabel(l.node), output: l.output, params: l.params, role: roleOf(l.layer.kind), cluster, ends: endOf(analysis, l.node.id) });
  };
  const foldedNode = (b: BlockEntry, cluster: string | null): void => {
    const id = `b${nodes.length}`;
    for (const l of layersOf(b)) nodeOfLayer.set(l.node.id, id);
    nodes.push({ id, label: b.label, output: b.last.output, params: b.subtotals.params, role: 'block', cluster, ends: endOf(analysis, b.last.node.id) });
  };
  const visit = (entries: readonly (LayerEntry | BlockEntry)[], cluster: string | null): void => {
    for (const e of entries) {
      if (e.kind === 'layer') layerNode(e.layer, cluster);
      else if (e.depth >= maxDepth) foldedNode(e, cluster);
      else {
        const id = `c${clusters.length}`;
        clusters.push({ id, label: e.label, parent: cluster });
        visit(e.children, id);
      }
    }
  };
  visit(blockTree(analysis), null);
  return { nodes, edges: edgesBetween(analysis, nodeOfLayer), clusters };
}

const isLayerNode = (id: string): boolean => id.startsWith('n');

/** An edge for every input of every layer, between the nodes that stand for them. A layer that
 *  reads one tensor twice (`{ ID | ID }`) gets both; a folded block, none inside it and one for
 *  each neighbour (its branches all read the same input). */
function edgesBetween(analysis: Analysis, nodeOfLayer: ReadonlyMap<number, string>): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  for (const l of analysis.layers) {
    const to = nodeOfLayer.get(l.node.id)!;
    for (const input of l.node.inputs) {
      const from = nodeOfLayer.get(input)!;
      const key = `${from} ${to}`;
      if (from === to) continue;
      if (!isLayerNode(from) || !isLayerNode(to)) {
        if (seen.has(key)) continue;
        seen.add(key);
      }
      edges.push({ from, to });
    }
  }
  return edges;
}

export type Member = { readonly kind: 'node'; readonly node: GraphNode } | { readonly kind: 'cluster'; readonly cluster: GraphCluster };

/** What each cluster holds directly (the top level under ''), in the network's order: a cluster
 *  stands where its first node does. Layout engines start from the order given, so a network drawn
 *  in its own order needs fewer changes. */
export function membersOf(model: GraphModel): ReadonlyMap<string, readonly Member[]> {
  const members = new Map<string, Member[]>([['', []]]);
  const byId = new Map(model.clusters.map((c) => [c.id, c]));
  const place = (id: string | null): string => {
    const key = id ?? '';
    if (!members.has(key)) {
      const cluster = byId.get(key)!;
      members.get(place(cluster.parent))!.push({ kind: 'cluster', cluster });
      members.set(key, []);
    }
    return key;
  };
  for (const node of model.nodes) members.get(place(node.cluster))!.push({ kind: 'node', node });
  return members;
}
