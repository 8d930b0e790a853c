// cnncalc layers FILE: the expanded layers with source positions and repetition paths.

import { layersJsonLines, layersLines } from '../../report/layers-list.js';
import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { chalkFor } from '../io.js';
import { loadNetwork, onePath } from '../load.js';
import { writeLines } from '../output.js';
import { COLOR, NETWORK_OPTIONS, NO_COLOR } from '../options.js';

export const layers: Command = {
  name: 'layers',
  summary: 'List the expanded layers: index, the layer as written, file:line:column, and where repeats and bindings put it.',
  usage: 'cnncalc layers FILE [options]',
  options: [{ name: 'json', type: 'boolean', description: 'print JSON' }, ...NETWORK_OPTIONS, COLOR, NO_COLOR],
  run({ values, positionals, io }) {
    const path = onePath(positionals, 'layers', values);
    const loaded = loadNetwork(path, values, io);
    if (typeof loaded === 'number') return loaded;
    const network = loaded.result.network!;
    if (values['json']) writeLines(io.stdout, layersJsonLines(network, loaded.file));
    else writeLines(io.stdout, layersLines(network, loaded.file, chalkFor(values, io, 'stdout')));
    return EXIT.ok;
  },
};
