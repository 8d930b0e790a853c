// `cnncalc layers`: the expanded layers with their index, source position and repetition path.

import { describePath, type Network } from '../notation/network.js';
import { textTableLines } from './text-table.js';
import { PLAIN, type Paint } from './plain.js';
import { pathJson, SCHEMA_VERSION } from './json.js';
import { jsonLines, lazyArray } from './json-lines.js';
import { joinLines, type Lines } from './lines.js';
import { pathText } from '../util/path-text.js';

/** The list line by line, its rows made on demand: a million layers' rows held at once (and the
 *  text as one string) were twice the table's memory and ran V8's heap out where table did not. */
export function layersLines(network: Network, file: string, chalk: Paint = PLAIN): Lines {
  const name = pathText(file);
  return textTableLines(
    {
      header: ['#', 'layer', 'position', 'repetition path'],
      align: ['right', 'left', 'left', 'left'],
      rows: {
        count: network.nodes.length,
        cells: (i) => {
          const n = network.nodes[i]!;
          const shares = n.shares === undefined ? '' : `${n.path.length > 0 ? ', ' : ''}weights of layer ${n.shares}`;
          return [String(n.id), n.text, `${name}:${n.span.start.line}:${n.span.start.column}`, describePath(n.path) + shares];
        },
      },
    },
    chalk,
  );
}

export function renderLayers(network: Network, file: string, chalk: Paint = PLAIN): string {
  return joinLines(layersLines(network, file, chalk));
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
