// The command line: picks the command, parses its options, runs it, and turns every failure into a
// one-line message and an exit code. Nothing below cli/ touches the process. The commands are given
// (createMain), not imported, so that a bundle with fewer of them (bin-table.ts) holds none of the rest.

import type { Command } from './command.js';
import { EXIT, UsageError } from './exit-codes.js';
import { loadColour, processIo, type Io } from './io.js';
import { helpText, parseCommandArgs } from './options.js';
import { VERSION } from '../version.js';

function mainHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'Usage: cnncalc <command> FILE [options]',
    '',
    'Shapes, parameters, MACs, memory and receptive fields of ConvNets written in the cs231n notation.',
    '',
    'Notation: INPUT [224x224x3] => [CONV3-64 => RELU]*2 => POOL2 => FC-1000; v2 braces { A | B } (concatenate),',
    '{ A + B } (add); v3 { A & B } (multiply, SE gates), { A / B } (split the channels), name: E and @name (skips),',
    'side outputs (@name => ...), let shared. The reference is grammar/README.md.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    "Run 'cnncalc help <command>' or 'cnncalc <command> --help' for a command's options.",
    'Exit codes: 0 ok, 1 a check failed (lint error, over budget, verification mismatch), 2 bad input or usage.',
  ].join('\n') + '\n';
}

/** `cnncalc help` prints the general help, `cnncalc help CMD` CMD's (as `cnncalc CMD --help`). */
function helpCommand(commands: readonly Command[], args: readonly string[], io: Io): number {
  const [name, ...extra] = args;
  if (name === undefined || ((name === '--help' || name === '-h') && extra.length === 0)) {
    io.stdout(mainHelp(commands));
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  const problem = !command
    ? unknownCommand(commands, name)
    : extra.length > 0
      ? `help takes one command name, got '${args.join(' ')}'`
      : null;
  if (problem) {
    io.stderr(`cnncalc help: ${problem}\n`);
    return EXIT.badInput;
  }
  io.stdout(helpText(command!));
  return EXIT.ok;
}

const unknownCommand = (commands: readonly Command[], name: string): string =>
  `unknown command '${name}'; the commands are ${commands.map((c) => c.name).join(', ')}`;

async function runCommand(command: Command, argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(command, argv);
  if (values.help) {
    io.stdout(helpText(command));
    return EXIT.ok;
  }
  await loadColour(values, io);
  return command.run({ values, positionals, io });
}

export type Main = (argv: readonly string[], io?: Io) => Promise<number>;

/** The command line over `commands` (the whole CLI's are commands/index.ts). */
export function createMain(commands: readonly Command[]): Main {
  return (argv, io = processIo()) => main(commands, argv, io);
}

async function main(commands: readonly Command[], argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(mainHelp(commands)); // a usage error: no command
    return EXIT.badInput;
  }
  if (name === '--help' || name === '-h') {
    io.stdout(mainHelp(commands));
    return EXIT.ok;
  }
  if (name === 'help') return helpCommand(commands, rest, io);
  if (name === '--version' || name === '-v') {
    io.stdout(`cnncalc ${VERSION}\n`);
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(unknownCommand(commands, name));
    return await runCommand(command, rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`cnncalc${command ? ' ' + command.name : ''}: ${e.message}\n`);
      return EXIT.badInput;
    }
    const why = e instanceof Error ? e.message : String(e);
    io.stderr(`cnncalc: internal error: ${why}; please report it with the input that caused it\n`);
    return EXIT.badInput;
  }
}
