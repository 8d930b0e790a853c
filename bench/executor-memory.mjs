// What the executor's objects cost per layer and per parameter tensor, beyond the tensors' bytes:
// the figures the memory guard adds to the budget's prediction (src/exec/guard.ts,
// OBJECT_BYTES_PER_LAYER and OBJECT_BYTES_PER_TENSOR). Linux, for /usr/bin/time's peak RSS:
//
//   node bench/executor-memory.mjs [--sizes 100000,300000]
//
// For chains of RELU (no tensors but the activations, in place), CONV(f=1, k=1) (two parameter
// tensors a layer) and BN (four), at two lengths, it measures the peak resident memory of
// compiling the network alone (the library bundled from src/ with esbuild) and of `cnncalc verify`,
// `verify --train` and `run` (the CLI bundled the same way), and prints the growth per layer of each
// command less that of compiling: the executor's (and its report's) bytes per layer. The tensors of
// these chains are a few bytes a layer, so what grows is objects. Figures, not a test: they depend on
// the machine and on Node's garbage collector, and the guard rounds them up.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const i = process.argv.indexOf('--sizes');
const SIZES = (i >= 0 ? process.argv[i + 1] : '100000,300000').split(',').map(Number);
const dir = mkdtempSync(join(tmpdir(), 'cnncalc-exec-memory-'));

const compileEntry = join(dir, 'compile.ts');
writeFileSync(compileEntry, `import { readFileSync } from 'node:fs';
import { compile } from ${JSON.stringify(join(root, 'src/api.ts'))};
const r = compile(readFileSync(process.argv[2], 'utf8'), { maxLayers: 10_000_000 });
if (!r.analysis) process.exit(2);
`);
const compileOnly = join(dir, 'compile.cjs');
const cli = join(dir, 'cli.cjs');
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' };
buildSync({ ...common, entryPoints: [compileEntry], outfile: compileOnly });
buildSync({ ...common, entryPoints: [join(root, 'src/cli/bin.ts')], outfile: cli });

// one image [1, 1, 1, 1] of 0.5
const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1, 1), }".padEnd(117, ' ') + '\n';
const npy = Buffer.alloc(10 + header.length + 4);
npy.write('\x93NUMPY', 0, 'latin1');
npy[6] = 1;
npy.writeUInt16LE(header.length, 8);
npy.write(header, 10, 'latin1');
npy.writeFloatLE(0.5, 10 + header.length);
const x = join(dir, 'x.npy');
writeFileSync(x, npy);

/** Peak resident bytes of `node script args`; throws unless it exits 0 or 1. */
function peak(script, args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, script, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr.slice(-300)}`);
  return Number(r.stderr.trim().split('\n').at(-1)) * 1024;
}

const KINDS = { RELU: 'RELU', 'CONV(f=1, k=1)': 'CONV(f=1, k=1)', BN: 'BN' };
const COMMANDS = {
  verify: (net) => ['verify', net, '--max-layers', '10000000', '--max-memory', '1TiB'],
  'verify --train': (net) => ['verify', net, '--train', '--max-layers', '10000000', '--max-memory', '1TiB'],
  run: (net) => ['run', net, '-i', x, '-o', join(dir, 'y.npy'), '--max-layers', '10000000', '--max-memory', '1TiB'],
};

console.log(`bytes per layer beyond compiling, from ${SIZES.join(' to ')} layers (peak RSS growth)`);
for (const [name, layer] of Object.entries(KINDS)) {
  const nets = SIZES.map((n) => {
    const net = join(dir, `net-${n}.cnn`);
    writeFileSync(net, `INPUT [1x1x1] => ${layer}*${n}\n`);
    return net;
  });
  const growth = (measure) => {
    const [a, b] = nets.map(measure);
    return (b - a) / (SIZES[1] - SIZES[0]);
  };
  const base = growth((net) => peak(compileOnly, [net]));
  const cells = Object.entries(COMMANDS).map(([cmd, args]) => `${cmd} ${Math.round(growth((net) => peak(cli, args(net))) - base)}`);
  console.log(`${name.padEnd(16)} compile ${Math.round(base)}; ${cells.join('; ')}`);
}
rmSync(dir, { recursive: true, force: true });
