// Numbers given on the command line: thousands groups are taken, any other comma is refused
// (1,5 is not fifteen), and the largest limit there is still gives an exact answer.

import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { integerOption } from '../../src/cli/options.js';
import { threadsValue } from '../../src/cli/threads-option.js';
import { cli } from './run-cli.js';

describe('whole-number options', () => {
  it.each([
    ['1000', 1000],
    ['1,000', 1000],
    ['1_000_000', 1_000_000],
  ])('%s is %d', (text, n) => {
    expect(integerOption(text, '--batch', 1)).toBe(n);
  });

  it.each(['1,0', '10,00', '1_0', '1e3', '0x10', '+3', '1.0'])('refuses %j', (text) => {
    expect(() => integerOption(text, '--depth', 0)).toThrow(`--depth takes a whole number of at least 0, got '${text}'`);
  });
});

describe('--threads', () => {
  it('takes 1 to 16, the most the kernels\' pool runs, and by default the cores up to that', () => {
    expect(threadsValue('1')).toBe(1);
    expect(threadsValue('16')).toBe(16);
    expect(() => threadsValue('17')).toThrow("--threads takes a whole number from 1 to 16, got '17'");
    expect(threadsValue(undefined)).toBe(Math.min(availableParallelism(), 16));
  });

  it('is refused above 16 by verify too (run reads it the same way), with exit 2', async () => {
    const r = await cli(['verify', 'examples/lenet5.cnn', '--threads', '99999']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^cnncalc verify: --threads takes a whole number from 1 to 16, got '99999'$/);
  });
});

describe('budget --limit', () => {
  it('refuses 1,5GiB instead of reading it as 15 GiB', async () => {
    const run = await cli(['budget', 'examples/lenet5.cnn', '--batch', '8', '--limit', '1,5GiB']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('a comma or _ may only group thousands');
    expect(run.stdout).toBe('');
  });

  it('answers at a limit of 2^53 - 1 bytes: batch 8 fits, and the largest batch is solved', async () => {
    const run = await cli(['budget', 'examples/vgg16.cnn', '--batch', '8', '--limit', String(Number.MAX_SAFE_INTEGER)]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/largest batch: [\d,]+/);
  });
});

describe('an option that takes one value', () => {
  it('given twice with different values is refused, naming both (parseArgs would keep the last)', async () => {
    const run = await cli(['table', '-e', 'INPUT [2x2x3] => FC-5', '-e', 'INPUT [2x2x3] => FC-7']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe("cnncalc table: --eval is given twice ('INPUT [2x2x3] => FC-5' and 'INPUT [2x2x3] => FC-7'); give it once; see 'cnncalc table --help'\n");
  });
  it('given twice alike is taken, as is a flag given twice', async () => {
    expect((await cli(['table', 'examples/lenet5.cnn', '--depth', '1', '--depth', '1'])).code).toBe(0);
    expect((await cli(['table', 'examples/lenet5.cnn', '--no-color', '--no-color'])).code).toBe(0);
  });
});

describe('budget --explain', () => {
  it('prints its text, and refuses --json and --format markdown rather than print text for them', async () => {
    expect((await cli(['budget', '--explain'])).code).toBe(0);
    for (const args of [['--json'], ['--format', 'markdown']]) {
      const run = await cli(['budget', '--explain', ...args]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('--explain prints text');
    }
  });
});
