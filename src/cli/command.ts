// What a command is: its declared options (for parsing and --help) and a function that returns the exit code.

import type { Io } from './io.js';
import type { CommandSpec, Values } from './options.js';

export interface CommandContext {
  readonly values: Values;
  readonly positionals: readonly string[];
  readonly io: Io;
}

export interface Command extends CommandSpec {
  run(ctx: CommandContext): number | Promise<number>;
}
