// cnncalc layers FILE: the expanded layers with source positions and repetition paths.

import type { Network } from '../../notation/network.js';
import { layersJsonLines, layersLines } from '../../report/layers-list.js';
import type { Lines } from '../../report/lines.js';
import type { Paint } from '../../report/plain.js';
import { defineCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { chosenFormat, type Formats } from '../formats.js';
import { chalkFor } from '../io.js';
import { loadNetwork, onePath } from '../load.js';
import { writeLines } from '../output.js';
import { NETWORK_OPTIONS } from '../options.js';

const FORMATS: Formats<'text' | 'json', (network: Network, file: string, paint: Paint) => Lines> = {
  text: layersLines,
  json: (network, file) => layersJsonLines(network, file),
};

export const layers = defineCommand({
  name: 'layers',
  summary: 'List the expanded layers: index, the layer as written, file:line:column, and where repeats and bindings put it.',
  usage: 'cnncalc layers FILE [options]',
  options: [{ name: 'json', type: 'boolean', description: 'print JSON' }, ...NETWORK_OPTIONS],
  run({ values, positionals, io }) {
    const render = FORMATS[chosenFormat(values, FORMATS)];
    const path = onePath(positionals, 'layers', values);
    const loaded = loadNetwork(path, values, io);
    if (typeof loaded === 'number') return loaded;
    writeLines(io.stdout, render(loaded.result.network!, loaded.file, chalkFor(values, io, 'stdout')));
    return EXIT.ok;
  },
});
