// cnncalc lint: not built yet (see the open issue).

import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const lint: Command = {
  name: 'lint',
  summary: 'Not available yet.',
  usage: 'cnncalc lint FILE',
  options: [],
  run({ io }) {
    io.stderr('cnncalc lint: not available yet\n');
    return EXIT.badInput;
  },
};
