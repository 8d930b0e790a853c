// Command-line options as data: one declaration drives node:util parseArgs, --help, the README's
// option tables (npm run docs regenerates those) and the types of the parsed values, so that a
// misspelt option name or a value read as the wrong type does not compile.

import { parseArgs } from 'node:util';
import { DTYPES } from '../analysis/dtype.js';
import { UsageError } from './exit-codes.js';
import { SizeError, wholeNumber } from '../util/size.js';

export interface OptionSpec {
  readonly name: string;
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** What the value looks like in help: N=VALUE, fp32|fp16, ... */
  readonly value?: string;
  readonly description: string;
}

/** What parseArgs gives for an option: a flag's boolean, a repeatable option's list, else its text. */
type ValueOf<O extends OptionSpec> = O['type'] extends 'boolean' ? boolean : O extends { readonly multiple: true } ? string[] : string;

/** The parsed values of `Options`, each typed by its declaration; absent when not given. */
type Values<Options extends readonly OptionSpec[]> = { readonly [O in Options[number] as O['name']]?: ValueOf<O> };

export interface CommandSpec<Options extends readonly OptionSpec[] = readonly OptionSpec[]> {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Its own options; every command also takes COMMON_OPTIONS and --help. */
  readonly options: Options;
  /** Extra paragraphs for --help. */
  readonly details?: string;
}

const HELP = { name: 'help', short: 'h', type: 'boolean', description: 'show this help' } as const satisfies OptionSpec;

/** Options every command takes, listed after its own. */
const COMMON_OPTIONS = [
  { name: 'color', type: 'boolean', description: 'force colour on (default: as chalk detects it: on for a terminal unless NO_COLOR is set or TERM=dumb; FORCE_COLOR=0 turns it off, 1-3 on)' },
  { name: 'no-color', type: 'boolean', description: 'turn colour off' },
] as const satisfies readonly OptionSpec[];

export type CommonValues = Values<typeof COMMON_OPTIONS>;

/** What a command's run is given: its own options and the common ones. */
export type CommandValues<Options extends readonly OptionSpec[]> = Values<[...Options, ...typeof COMMON_OPTIONS]>;

/** Options that shape the network itself; every command that reads a network takes them. */
export const NETWORK_OPTIONS = [
  { name: 'eval', short: 'e', type: 'string', value: 'TEXT', description: "the network itself instead of FILE, named <eval> in messages: -e 'INPUT [28x28x1] => FC-10'" },
  { name: 'stdin-filename', type: 'string', value: 'NAME', description: "what messages call the network read from stdin (FILE '-'; default <stdin>)" },
  { name: 'set', type: 'string', multiple: true, value: 'NAME=INT', description: 'bind an integer (overrides a let; repeatable): --set N=3' },
  { name: 'without-optional', type: 'boolean', description: 'leave out every optional element (E?); by default they are included' },
  { name: 'max-layers', type: 'string', value: 'N', description: 'refuse networks that expand to more layers (default 1,000,000; at most one per 2 KiB of heap: 2,121,000 in Node\'s default 4 GiB heap; README, Limits)' },
] as const satisfies readonly OptionSpec[];

export type NetworkValues = Values<typeof NETWORK_OPTIONS>;

export const DTYPE_OPTION = { name: 'dtype', type: 'string', value: DTYPES.join('|'), description: 'element type for memory figures (default fp32)' } as const satisfies OptionSpec;

/** Every option a command's command line may hold, in the order --help lists them. */
function allOptions(spec: CommandSpec): readonly OptionSpec[] {
  return [...spec.options, ...COMMON_OPTIONS, HELP];
}

export function parseCommandArgs<Options extends readonly OptionSpec[]>(
  spec: CommandSpec<Options>,
  argv: readonly string[],
): { values: Values<[...Options, ...typeof COMMON_OPTIONS, typeof HELP]>; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const o of allOptions(spec)) {
    options[o.name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  try {
    const { values, positionals, tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true, tokens: true });
    refuseRepeats(spec, tokens);
    // parseArgs types its values by a literal configuration; this one is built from the declarations,
    // whose types Values reads instead
    return { values: values as Values<[...Options, ...typeof COMMON_OPTIONS, typeof HELP]>, positionals };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${argsProblem(e as Error & { code?: string })}; see 'cnncalc ${spec.name} --help'`);
  }
}

/** An option that takes one value, given twice with different values: parseArgs keeps the last
 *  without a word (`-e A -e B` would lint B alone), so it is refused, naming both. */
function refuseRepeats(spec: CommandSpec, tokens: readonly { kind: string; name?: string; value?: string | undefined }[]): void {
  const seen = new Map<string, string | undefined>();
  for (const t of tokens) {
    if (t.kind !== 'option' || t.name === undefined) continue;
    const o = allOptions(spec).find((x) => x.name === t.name);
    if (!o || o.multiple) continue;
    if (seen.has(t.name) && seen.get(t.name) !== t.value) {
      const both = o.type === 'string' ? ` ('${seen.get(t.name)}' and '${t.value}')` : '';
      throw new UsageError(`--${t.name} is given twice${both}; give it once; see 'cnncalc ${spec.name} --help'`);
    }
    seen.set(t.name, t.value);
  }
}

/** parseArgs' errors in our words: the option at fault and what to write. */
function argsProblem(e: Error & { code?: string }): string {
  const option = /'(-[^' ]+)/.exec(e.message)?.[1] ?? '';
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option '${option}'`;
  // `--depth -1`: parseArgs will not take a value that starts with '-' after a space
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /ambiguous/.test(e.message)) {
    return `${option} needs a value; one that starts with '-' is written ${option}=-1`;
  }
  return e.message.split('\n')[0]!;
}

export function helpText(spec: CommandSpec): string {
  const options = allOptions(spec);
  const left = options.map((o) => `  ${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` ${o.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  const lines = options.map((o, i) => left[i]!.padEnd(width) + o.description);
  return [`Usage: ${spec.usage}`, '', spec.summary, '', 'Options:', ...lines, ...(spec.details ? ['', spec.details] : [])].join('\n') + '\n';
}

/** Parses a whole number option from min to max; `what` names it in the error. */
export function integerOption(value: string | undefined, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  // digits only, grouped in thousands if at all (util/size.ts): not 1e3, 0x10, +3 or 1.0, which
  // Number() would take, nor 1,5, which is not fifteen
  const digits = wholeNumber(value);
  const n = digits !== undefined ? Number(digits) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${what} takes a whole number of at least ${min}, got '${value}'`);
  if (n > max) throw new UsageError(`${what} takes a whole number from ${min} to ${max}, got '${value}'`);
  return n;
}

/** A size or count option's value read by `parse` (util/size.ts), its error naming the option. */
export function sizeOption(text: string | undefined, option: string, parse: (text: string) => number): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parse(text);
  } catch (e) {
    if (e instanceof SizeError) throw new UsageError(`--${option}: ${e.message}`);
    throw e;
  }
}

/** `given` when it is one of `choices`; else a usage error that names the option and lists them. */
export function oneOf<T extends string>(option: string, given: string, choices: readonly T[], separator = ', '): T {
  const found = choices.find((c) => c === given);
  if (found === undefined) throw new UsageError(`--${option} takes ${choices.join(separator)}; got '${given}'`);
  return found;
}

/** The options of a command as a Markdown table, for the README (scripts/docs.mjs writes it there). */
export function optionsMarkdown(spec: CommandSpec): string {
  const escape = (t: string): string => t.replace(/\|/g, '\\|');
  // outside code, '<stdin>' or '<index>.weight' would be read as an HTML tag and vanish
  const prose = (t: string): string => escape(t).replace(/</g, '&lt;');
  const options: readonly OptionSpec[] = [...spec.options, ...COMMON_OPTIONS];
  const rows = options.map((o) => {
    const name = `${o.short ? `-${o.short}, ` : ''}--${o.name}${o.value ? ` ${o.value}` : ''}`;
    return `| \`${escape(name)}\` | ${prose(o.description)} |`;
  });
  return ['| option | meaning |', '|---|---|', ...rows].join('\n');
}
