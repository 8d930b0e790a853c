// `cnncalc layers`: the expanded layers with their index, source position and repetition path.

import { describePath, type Network } from '../notation/network.js';
import { renderTextTable } from './text-table.js';
import { PLAIN, type Paint } from './plain.js';
import { pathJson, SCHEMA_VERSION } from './json.js';
import { jsonLines, lazyArray } from './json-lines.js';
import type { Lines } from './lines.js';
import { pathText } from '../util/path-text.js';

export function renderLayers(network: Network, file: string, chalk: Paint = PLAIN): string {
  return renderTextTable(
    {
      header: ['#', 'layer', 'position', 'repetition path'],
      align: ['right', 'left', 'left', 'left'],
      rows: network.nodes.map((n) => [
        String(n.id),
        n.text,
        `${pathText(file)}:${n.span.start.line}:${n.span.start.column}`,
        describePath(n.path),
      ]),
    },
    chalk,
  );
}

/** The layers as data, with the names of the table's JSON (json.ts); `layers` is made as it is read. */
export function layersJson(network: Network, file: string) {
  return {
    schemaVersion: SCHEMA_VERSION,
    file,
    layers: lazyArray(network.nodes, (n) => ({
      id: n.id,
      text: n.text,
      kind: n.kind,
      line: n.span.start.line,
      column: n.span.start.column,
      path: pathJson(n.path),
      pathText: describePath(n.path),
      inputs: n.inputs,
    })),
  };
}

export function layersJsonLines(network: Network, file: string): Lines {
  return jsonLines(layersJson(network, file));
}
