// What a command is: its declared options (for parsing, --help and the types of their values) and a
// function that returns the exit code.

import type { Io } from './io.js';
import type { CommandSpec, CommandValues, OptionSpec } from './options.js';

interface CommandContext<Options extends readonly OptionSpec[] = readonly OptionSpec[]> {
  readonly values: CommandValues<Options>;
  readonly positionals: readonly string[];
  readonly io: Io;
}

export interface Command<Options extends readonly OptionSpec[] = readonly OptionSpec[]> extends CommandSpec<Options> {
  run(ctx: CommandContext<Options>): number | Promise<number>;
}

/** A command whose run sees its options' values typed by their declarations. */
export function defineCommand<const Options extends readonly OptionSpec[]>(command: Command<Options>): Command<Options> {
  return command;
}
