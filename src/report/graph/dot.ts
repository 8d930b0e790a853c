// The graph in Graphviz's DOT language, for people (renderDot: labelled, coloured boxes that `dot
// -Tsvg` or any DOT viewer lays out) and for layout.ts (fixed-size boxes whose positions it reads
// back). Both nest clusters the same way, as `subgraph cluster_<id>`; they differ in the attributes.

import { nodeLines, type Direction } from './geometry.js';
import { membersOf, type GraphCluster, type GraphModel, type GraphNode } from './model.js';
import { legendText, ROLE_STYLES } from './roles.js';

export interface DotStyle {
  /** Attribute statements after `digraph network {`. */
  readonly header: readonly string[];
  nodeAttributes(node: GraphNode): string;
  clusterAttributes(cluster: GraphCluster): string;
  edgeAttributes(index: number): string;
}

/** A DOT string literal: quotes and backslashes escaped, lines joined by DOT's centred `\n`. */
export function quoted(lines: readonly string[]): string {
  return `"${lines.map((l) => l.replace(/\\/g, '\\\\').replace(/"/g, '\\"')).join('\\n')}"`;
}

/** The DOT text of `model` drawn in `style`. */
export function dotText(model: GraphModel, direction: Direction, style: DotStyle): string {
  const members = membersOf(model);
  const out = ['digraph network {', `  rankdir=${direction};`, ...style.header.map((h) => `  ${h}`)];
  const emit = (key: string, indent: string): void => {
    for (const m of members.get(key)!) {
      if (m.kind === 'node') out.push(`${indent}${m.node.id} [${style.nodeAttributes(m.node)}];`);
      else {
        out.push(`${indent}subgraph cluster_${m.cluster.id} {`, `${indent}  ${style.clusterAttributes(m.cluster)}`);
        emit(m.cluster.id, indent + '  ');
        out.push(`${indent}}`);
      }
    }
  };
  emit('', '  ');
  model.edges.forEach((e, i) => out.push(`  ${e.from} -> ${e.to}${style.edgeAttributes(i)};`));
  out.push('}', '');
  return out.join('\n');
}

const READABLE: DotStyle = {
  header: [
    'graph [fontname="monospace", fontsize=10, nodesep=0.25, ranksep=0.35];',
    'node [shape=box, style="rounded,filled", fontname="monospace", fontsize=10];',
    'edge [color="#555555", arrowsize=0.7];',
  ],
  nodeAttributes(node) {
    const style = ROLE_STYLES[node.role];
    return `label=${quoted(nodeLines(node))}, fillcolor="${style.fill}", color="${style.stroke}"${node.ends ? ', penwidth=3' : ''}`;
  },
  clusterAttributes: (c) => `label=${quoted([c.label])}; labeljust=l; style="rounded,dashed"; color="#999999";`,
  edgeAttributes: () => '',
};

/** DOT for people: a comment names the colours, since DOT has no legend of its own. */
export function renderDot(model: GraphModel, direction: Direction = 'TB'): string {
  const legend = legendText(model).map((l) => `// ${l}`);
  return ['// cnncalc graph: one node per layer (or folded block), an edge for every input.', ...legend, dotText(model, direction, READABLE)].join('\n');
}
