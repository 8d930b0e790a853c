// cnncalc run: not built yet (see the open issue).

import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const run: Command = {
  name: 'run',
  summary: 'Not available yet.',
  usage: 'cnncalc run FILE',
  options: [],
  run({ io }) {
    io.stderr('cnncalc run: not available yet\n');
    return EXIT.badInput;
  },
};
