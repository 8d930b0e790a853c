// cnncalc verify: not built yet (see the open issue).

import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const verify: Command = {
  name: 'verify',
  summary: 'Not available yet.',
  usage: 'cnncalc verify FILE',
  options: [],
  run({ io }) {
    io.stderr('cnncalc verify: not available yet\n');
    return EXIT.badInput;
  },
};
