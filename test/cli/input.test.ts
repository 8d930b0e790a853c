// What the CLI does with awkward input: files that are not text, byte-order marks, control
// characters, floods of errors, and option values written in ways parseArgs or Number() would take.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cnncalc-input-'));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('files', () => {
  it('a file with NUL bytes is not a text file: one line, exit 2', async () => {
    const path = file('binary.cnn', Buffer.from([0x49, 0x00, 0xff, 0x10]));
    const r = await cli(['table', path]);
    expect(r.code).toBe(2);
    // the first NUL is the second character of line 1
    expect(r.stderr).toBe(`cnncalc table: ${path}:1:2: a NUL byte, so this is not a text file; give a network written in the notation\n`);
  });

  it('lint puts the NUL at its position in JSON, SARIF and GitHub annotations too, not at 1:1', async () => {
    // line 1 'INPUT [4x4x1]', a CRLF, line 2 'RELU' + NUL: the NUL is line 2, column 5
    const path = file('nul2.cnn', Buffer.concat([Buffer.from('INPUT [4x4x1]\r\nRELU'), Buffer.from([0]), Buffer.from(' => FC-1\n')]));
    const json = JSON.parse((await cli(['lint', path, '--format', 'json'])).stdout) as { files: { messages?: unknown[]; diagnostics?: unknown[] }[] };
    expect(JSON.stringify(json)).toMatch(/"line":\s*2,\s*"column":\s*5/);
    const sarif = (await cli(['lint', path, '--format', 'sarif'])).stdout;
    expect(sarif).toMatch(/"startLine":\s*2,\s*"startColumn":\s*5/);
    const github = (await cli(['lint', path, '--format', 'github'])).stdout;
    expect(github).toContain('line=2,col=5,');
  });

  it("a UTF-8 byte-order mark is not part of line 1's columns", async () => {
    const path = file('bom.cnn', '\ufeffINPUT [8x8x1] => RELU => FOO\n');
    const r = await cli(['table', path]);
    expect(r.stderr).toContain(`${path}:1:26  error  unknown-name`); // F of FOO is the 26th character after the mark
  });

  it('a control character is named by its code and not echoed to the terminal', async () => {
    const path = file('escape.cnn', 'INPUT [8x8x1] => \u001b[31m RELU\n');
    const r = await cli(['table', path]);
    expect(r.stderr).toContain('1:18  error  syntax  unexpected character U+001B');
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr).toContain('    1 | INPUT [8x8x1] => ?[31m RELU\n      |                  ^\n');
  });

  it('at most 20 errors per file, then how many more', async () => {
    const path = file('flood.cnn', 'INPUT [8x8x1] ' + '% '.repeat(25));
    const r = await cli(['table', path]);
    expect(r.stderr.match(/error {2}syntax/g)).toHaveLength(20);
    expect(r.stderr).toContain(`${path}: 5 more errors not shown; fix these first\n`);
  });
});

describe('option values', () => {
  it('whole numbers are digits: 1e3, 0x10, +3 and 1.0 are refused', async () => {
    for (const batch of ['1e3', '0x10', '+3', '1.0']) {
      const r = await cli(['budget', 'examples/lenet5.cnn', '--batch', batch]);
      expect([r.code, r.stderr]).toEqual([2, `cnncalc budget: --batch takes a whole number of at least 1, got '${batch}'\n`]);
    }
  });

  it('an unknown option and a value after a space that starts with -', async () => {
    expect((await cli(['table', 'examples/lenet5.cnn', '--bogus'])).stderr).toBe("cnncalc table: unknown option '--bogus'; see 'cnncalc table --help'\n");
    expect((await cli(['table', 'examples/lenet5.cnn', '--depth', '-1'])).stderr).toBe(
      "cnncalc table: --depth needs a value; one that starts with '-' is written --depth=-1; see 'cnncalc table --help'\n",
    );
    expect((await cli(['table', 'examples/lenet5.cnn', '--depth=-1'])).stderr).toBe("cnncalc table: --depth takes a whole number of at least 0, got '-1'\n");
  });
});

it('--max-layers has a ceiling, so that raising it cannot exhaust the machine', async () => {
  const r = await cli(['table', 'examples/lenet5.cnn', '--max-layers', '9007199254740991']);
  // the ceiling follows the heap (test/cli/layer-limit.test.ts works it out)
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^cnncalc table: --max-layers can be at most [\d,]+ in Node's [\d.]+ GiB heap \(2\.0 KiB per layer\); got 9,007,199,254,740,991: give Node a larger heap \(NODE_OPTIONS=--max-old-space-size=\d+\) or write fewer layers\n$/);
});

it('--set of a name the file neither binds nor uses is a warning (a typo), and the run goes on', async () => {
  const r = await cli(['table', 'examples/pattern.cnn', '--set', 'Q=1', '--set', 'N=1']);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe("cnncalc: warning: --set Q: examples/pattern.cnn neither binds nor uses 'Q', so it changes nothing; check the name\n");
});

it('--json and a different --format disagree; --limit 0 is refused', async () => {
  expect((await cli(['table', 'examples/lenet5.cnn', '--json', '--format', 'csv'])).stderr).toBe('cnncalc table: --json and --format csv disagree; give one of them\n');
  expect((await cli(['budget', 'examples/lenet5.cnn', '--batch', '1', '--limit', '0'])).stderr).toBe('cnncalc budget: --limit must be more than 0 bytes, e.g. 16GiB\n');
});

it('no command at all: the help on stderr, exit 2 (a usage error)', async () => {
  const r = await cli([]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain('Usage: cnncalc <command> FILE [options]');
});
