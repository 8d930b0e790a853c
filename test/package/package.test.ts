// The package as users get it: dist/ as `npm ci` (prepare) builds it. chalk and chevrotain are inside
// the bundles, so the package has no runtime dependencies; `require('cnncalc')` and `import` both work.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
const dist = (file: string): string => {
  const path = join(ROOT, 'dist', file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run 'npm run build' (npm ci does it)`);
  return path;
};

/** Runs a script with Node in the repository, where the package can import itself by name. */
function node(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
}

/** Type-checks consumer.ts (strict, no ambient types, libraries' declarations checked too) in a
 *  fresh folder that `setUp` fills with the package as the consumer would have it. */
function typeChecks(prefix: string, setUp: (dir: string) => { consumer: string; options: object }): void {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    const { consumer, options } = setUp(dir);
    writeFileSync(join(dir, 'consumer.ts'), consumer);
    const compilerOptions = { strict: true, noEmit: true, types: [], skipLibCheck: false, ...options };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// VGG16 with biases: 138,357,544 parameters (torchvision's vgg16, the notes' table).
const VGG16 = "const fs = require('node:fs'); const net = fs.readFileSync('examples/vgg16.cnn', 'utf8');";

describe('the package', () => {
  it('has no runtime dependencies: the bundles hold chalk and chevrotain', () => {
    expect(pkg['dependencies'] ?? {}).toEqual({});
    for (const file of ['index.js', 'index.cjs', 'cli.cjs', 'table.cjs']) {
      const text = readFileSync(dist(file), 'utf8');
      expect(text, file).not.toMatch(/(?:require\(|from |import\()\s*["'](?:chalk|chevrotain)["']/);
    }
  });

  it('runs `table` from its own bundle, which holds that command alone, as the whole CLI would', () => {
    const table = readFileSync(dist('table.cjs'), 'latin1');
    const whole = readFileSync(dist('cli.cjs'), 'latin1');
    expect(table.length).toBeLessThan(0.6 * whole.length);
    expect(table).not.toContain('onnx'); // the export command's, and so the executor's, code is not in it
    expect(whole).toContain('onnx');
    // bin/cnncalc.cjs runs table.cjs for `table` and cli.cjs for `help table`: the same help
    const direct = node(['bin/cnncalc.cjs', 'table', '--help']);
    const viaHelp = node(['bin/cnncalc.cjs', 'help', 'table']);
    expect(direct.status).toBe(0);
    expect(direct.stdout).toBe(viaHelp.stdout);
    // VGG16's total, 138,357,544 parameters (torchvision's vgg16), from the table bundle
    const run = node(['bin/cnncalc.cjs', 'table', 'examples/vgg16.cnn']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('138,357,544');
    // its errors are the CLI's: a usage error names the command, exit 2
    const bad = node(['bin/cnncalc.cjs', 'table', 'examples/vgg16.cnn', '--depth', 'x']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^cnncalc table: --depth /);
  });

  it('starts without loading a module it does not use, and ends with the exit code of the command', () => {
    // the bin hands the bundle a module with require, which chevrotain's lodash asks for util.types;
    // without it lodash calls process.binding, which loads a module of its own
    const code = "process.on('exit', () => require('fs').writeSync(2, JSON.stringify(process.moduleLoadList))); process.argv.splice(1, 0, 'bin'); require('./bin/cnncalc.cjs');";
    const run = node(['-e', code, 'table', 'examples/vgg16.cnn']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('138,357,544');
    expect(JSON.parse(run.stderr) as string[]).not.toContain('NativeModule internal/legacy/processbinding');
    // the process ends at once (cli/start.ts) with the command's code: a lint error is 1, bad input 2
    expect(node(['bin/cnncalc.cjs', 'table', '-e', 'INPUT [8x8x1] => FC-']).status).toBe(2);
    expect(node(['bin/cnncalc.cjs', 'lint', '-e', 'INPUT [8x8x1] => CONV3-4 => RELU => RELU => FC-10', '--max-warnings', '0']).status).toBe(1);
  });

  it("require('cnncalc') gives the CommonJS build", () => {
    const run = node(['-e', `${VGG16} const { compile } = require('cnncalc'); console.log(compile(net).analysis.totals.params);`]);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('138357544');
  });

  it('exports the .npy and safetensors readers and writers', () => {
    const script = [
      "const c = require('cnncalc');",
      'const npy = c.writeNpy([2, 3], new Float32Array([1, 2, 3, 4, 5, 6]));',
      // the format's magic: 0x93 then NUMPY (numpy's format.py)
      "console.log(npy[0] === 0x93 && Buffer.from(npy.subarray(1, 6)).toString() === 'NUMPY');",
      'const back = c.readNpy(npy); console.log(JSON.stringify([back.shape, [...back.data]]));',
      "const st = c.writeSafetensors(new Map([['1.weight', { shape: [2], data: new Float32Array([0.5, -2]) }]]));",
      "const t = c.readSafetensors(st).get('1.weight'); console.log(JSON.stringify([t.shape, [...t.data]]));",
    ].join(' ');
    const run = node(['-e', script]);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toEqual(['true', '[[2,3],[1,2,3,4,5,6]]', '[[2],[0.5,-2]]']);
  });

  it("import 'cnncalc' gives the ES module", () => {
    const script = "import { readFileSync } from 'node:fs'; import { compile } from 'cnncalc'; console.log(compile(readFileSync('examples/vgg16.cnn', 'utf8')).analysis.totals.params);";
    const run = node(['--input-type=module', '-e', script]);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('138357544');
  });

  it('its types check in a browser project with neither Node types nor chalk nor chevrotain', () => {
    // dist/ copied where no node_modules lies above it, so that nothing the types import can resolve
    typeChecks('cnncalc-consumer-', (dir) => {
      cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true, filter: (f) => !/\.(c?js|cache)$/.test(f) });
      return {
        consumer: [
          "import { compile, renderTable, PLAIN, type Analysis, type Paint } from './dist/index.js';",
          "const analysis: Analysis | null = compile('INPUT [8x8x1] => FC-10').analysis;",
          'const paint: Paint = PLAIN;',
          "document.body.textContent = analysis ? renderTable(analysis, paint) : '';",
        ].join('\n'),
        options: { lib: ['ES2022', 'DOM'], module: 'ESNext', moduleResolution: 'Bundler' },
      };
    });
  });

  it.each([
    ['commonjs', 'a TypeScript project compiled to CommonJS (module node16) imports its .d.cts'],
    ['module', 'an ES module project (module node16) imports its .d.ts'],
  ])('%s: %s', (type) => {
    // the package installed as a dependency would be: node_modules/cnncalc with package.json and dist/
    typeChecks('cnncalc-node16-', (dir) => {
      const installed = join(dir, 'node_modules', 'cnncalc');
      cpSync(join(ROOT, 'dist'), join(installed, 'dist'), { recursive: true, filter: (f) => !/\.cache$/.test(f) });
      writeFileSync(join(installed, 'package.json'), JSON.stringify(pkg));
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', type }));
      return {
        consumer: "import { compile, type Analysis } from 'cnncalc';\nexport const a: Analysis | null = compile('INPUT [8x8x1] => FC-10').analysis;\n",
        options: { module: 'node16', moduleResolution: 'node16' },
      };
    });
  });
});
