// `cnncalc layers`: the expanded layers with their index, source position and repetition path.

import type { ChalkInstance } from 'chalk';
import { describePath, type Network } from '../notation/network.js';
import { renderTextTable } from './text-table.js';
import { PLAIN } from './plain.js';
import { SCHEMA_VERSION } from './json.js';

export function renderLayers(network: Network, file: string, chalk: ChalkInstance = PLAIN): string {
  return renderTextTable(
    {
      header: ['#', 'layer', 'position', 'repetition path'],
      align: ['right', 'left', 'left', 'left'],
      rows: network.nodes.map((n) => [
        String(n.id),
        n.text,
        `${file}:${n.span.start.line}:${n.span.start.column}`,
        describePath(n.path),
      ]),
    },
    chalk,
  );
}

export function layersJson(network: Network, file: string) {
  return {
    schemaVersion: SCHEMA_VERSION,
    file,
    layers: network.nodes.map((n) => ({
      index: n.id,
      name: n.text,
      kind: n.kind,
      line: n.span.start.line,
      column: n.span.start.column,
      path: n.path.map((f) => {
        if (f.kind === 'binding') return { binding: f.name, ...(f.args ? { args: f.args } : {}) };
        if (f.kind === 'branch') return { branch: f.index, of: f.count, merge: f.merge };
        return { iteration: f.iteration, count: f.count, position: f.position, length: f.length };
      }),
      pathText: describePath(n.path),
      inputs: n.inputs,
    })),
  };
}
