// The executable's entry for every command (bundled to dist/cli.cjs; bin/cnncalc.cjs loads it).
import { COMMANDS } from './commands/index.js';
import { start } from './start.js';

start(COMMANDS);
