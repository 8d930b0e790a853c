// The graph as a mermaid flowchart (GitHub draws ```mermaid blocks in Markdown): clusters as nested
// subgraphs, a class per role for the colours, outputs with a thick border.

import type { Direction } from './geometry.js';
import { nodeLines } from './geometry.js';
import { membersOf, type GraphModel } from './model.js';
import { legendText, ROLE_STYLES, rolesUsed } from './roles.js';

/** Mermaid's quoted label: quotes become #quot; (its entity syntax), lines join with <br/>. */
function label(lines: readonly string[]): string {
  return `"${lines.map((l) => l.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;')).join('<br/>')}"`;
}

export function renderMermaid(model: GraphModel, direction: Direction = 'TB'): string {
  const members = membersOf(model);
  const roles = rolesUsed(model.nodes.map((n) => n.role));
  const out: string[] = [`flowchart ${direction}`, ...legendText(model).map((l) => `  %% ${l}`)];
  const emit = (key: string, indent: string): void => {
    for (const m of members.get(key)!) {
      if (m.kind === 'node') out.push(`${indent}${m.node.id}[${label(nodeLines(m.node))}]:::${m.node.role}`);
      else {
        out.push(`${indent}subgraph ${m.cluster.id}[${label([m.cluster.label])}]`);
        emit(m.cluster.id, indent + '  ');
        out.push(`${indent}end`);
      }
    }
  };
  emit('', '  ');
  for (const e of model.edges) out.push(`  ${e.from} --> ${e.to}`);
  for (const r of roles) out.push(`  classDef ${r} fill:${ROLE_STYLES[r].fill},stroke:${ROLE_STYLES[r].stroke}`);
  const ends = model.nodes.filter((n) => n.ends).map((n) => n.id);
  if (ends.length > 0) out.push('  classDef ends stroke-width:3px', `  class ${ends.join(',')} ends`);
  out.push('');
  return out.join('\n');
}
