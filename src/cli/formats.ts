// A command's output formats as data: a record from each format's name to its renderer, the first
// the default. The --format option's help (its value and default) and the check of what was given
// are made from the record, so a format cannot be listed without a renderer or rendered unlisted.

import { UsageError } from './exit-codes.js';
import type { OptionSpec } from './options.js';

export type Formats<F extends string, Render> = Readonly<Record<F, Render>>;

export const JSON_OPTION = { name: 'json', type: 'boolean', description: 'short for --format json' } as const satisfies OptionSpec;

/** The --format option of `formats`: `describe` is given the default format. */
export function formatOption(formats: Formats<string, unknown>, describe = (first: string): string => `output format (default ${first})`) {
  const names = Object.keys(formats);
  return { name: 'format', short: 'f', type: 'string', value: names.join('|'), description: describe(names[0]!) } as const;
}

/** The format chosen: --json is short for --format json, and the two must not disagree. */
export function chosenFormat<F extends string>(values: { readonly format?: string; readonly json?: boolean }, formats: Formats<F, unknown>): F {
  const { format, json } = values;
  if (json && format !== undefined && format !== 'json') throw new UsageError(`--json and --format ${format} disagree; give one of them`);
  const names = Object.keys(formats);
  const chosen = json ? 'json' : (format ?? names[0]!);
  if (!isFormat(chosen, formats)) throw new UsageError(`--format takes ${names.join(', ')}; got '${chosen}'`);
  return chosen;
}

export function isFormat<F extends string>(name: string, formats: Formats<F, unknown>): name is F {
  return Object.hasOwn(formats, name);
}
