// cnncalc budget: not built yet (see the open issue).

import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const budget: Command = {
  name: 'budget',
  summary: 'Not available yet.',
  usage: 'cnncalc budget FILE',
  options: [],
  run({ io }) {
    io.stderr('cnncalc budget: not available yet\n');
    return EXIT.badInput;
  },
};
