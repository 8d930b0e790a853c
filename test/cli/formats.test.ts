// Output formats are data per command: the --format help and the refusal of an unknown format are
// made from the command's record of renderers, and an option's value has its declared type.
import { describe, expect, it } from 'vitest';
import { defineCommand } from '../../src/cli/command.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { chosenFormat, formatOption } from '../../src/cli/formats.js';
import { helpText } from '../../src/cli/options.js';
import { cli } from './run-cli.js';

const FORMATS = { text: 1, json: 2, csv: 3 };

describe('a record of formats', () => {
  it('gives the option its value and default', () => {
    expect(formatOption(FORMATS)).toMatchObject({ name: 'format', short: 'f', value: 'text|json|csv', description: 'output format (default text)' });
  });

  it('chooses the first without --format, json with --json, and refuses what it does not hold', () => {
    expect(chosenFormat({}, FORMATS)).toBe('text');
    expect(chosenFormat({ json: true }, FORMATS)).toBe('json');
    expect(chosenFormat({ format: 'csv' }, FORMATS)).toBe('csv');
    expect(() => chosenFormat({ format: 'toString' }, FORMATS)).toThrow("--format takes text, json, csv; got 'toString'");
    expect(() => chosenFormat({ format: 'csv', json: true }, FORMATS)).toThrow('--json and --format csv disagree');
  });
});

describe('each command with --format', () => {
  const withFormat = COMMANDS.filter((c) => c.options.some((o) => o.name === 'format'));
  it('is table, lint, budget, export and graph', () => {
    expect(withFormat.map((c) => c.name)).toEqual(['table', 'lint', 'budget', 'export', 'graph']);
  });

  it.each(withFormat.map((c) => [c.name, c.options.find((o) => o.name === 'format')!.value!.split('|')] as const))(
    '%s refuses an unknown format, listing the ones its help lists',
    async (name, formats) => {
      const run = await cli([name, '-e', 'INPUT [8x8x1] => FC-2', '--format', 'xml']);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`cnncalc ${name}: --format takes ${formats.join(', ')}; got 'xml'\n`);
      expect(helpText(COMMANDS.find((c) => c.name === name)!)).toContain(`--format ${formats.join('|')}`);
    },
  );
});

describe('option values are typed by their declarations', () => {
  it('compiles only the names and types declared (tsc checks the expect-error lines)', () => {
    const command = defineCommand({
      name: 'x',
      summary: '',
      usage: '',
      options: [
        { name: 'style', type: 'string', description: '' },
        { name: 'set', type: 'string', multiple: true, description: '' },
        { name: 'quiet', type: 'boolean', description: '' },
      ],
      run({ values }) {
        const style: string | undefined = values.style;
        const set: string[] | undefined = values.set;
        const quiet: boolean | undefined = values.quiet;
        const colour: boolean | undefined = values['no-color']; // every command's
        // @ts-expect-error a misspelt option name does not compile
        void values.styel;
        // @ts-expect-error a string option's value is not a boolean
        const wrong: boolean | undefined = values.style;
        // @ts-expect-error a repeatable option's value is a list
        const one: string | undefined = values.set;
        return [style, set, quiet, colour, wrong, one].length;
      },
    });
    expect(command.options.map((o) => o.name)).toEqual(['style', 'set', 'quiet']);
  });
});
