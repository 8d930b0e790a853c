// Does the exported module compute what cnncalc computes? For each network: `cnncalc export` it,
// let PyTorch fill it with random weights and run it (roundtrip.py), then `cnncalc run` the same
// network with PyTorch's state dict (--weights) on the same input, and compare the outputs.
//
//   node bench/torch-memory/roundtrip.mjs [--python /usr/bin/python3]
//
// Exit 1 when an output differs by more than 1e-4 of its largest magnitude (float32 summation order
// differs between the two). The networks: every layer kind, with branches, ceil-mode and padded pooling.

import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const python = args.includes('--python') ? args[args.indexOf('--python') + 1] : existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

const NETWORKS = {
  every_kind:
    'INPUT [32x32x4] => CONV(f=3, k=8, g=2, d=2, bias=no) => BN => RELU => POOL(f=3, s=2, p=1, round=ceil) => LRN(size=3)' +
    ' => { CONV(f=1, k=8) | POOL(f=3, s=1, p=1, mode=avg) } => POOL(f=2, mode=l2) => LOCAL(f=3, k=4) => TANH => FC-10 => SOFTMAX',
  residual: 'INPUT [12x12x3] => CONV3-8 => { CONV(f=3, k=8, bias=no) => BN => RELU => CONV3-8 + ID } => RELU => POOL(f=3, s=2, p=1, mode=l2, round=ceil) => SIGMOID => GAP => FC-4 => DROPOUT => FC-3',
  fc_then_bn: 'INPUT [5x7x2] => FC-6 => BN => RELU => FC-4 => { TANH + SIGMOID }',
  local_nobias: 'INPUT [9x9x2] => LOCAL(f=3, k=3, s=2, p=1, bias=no) => POOL(mode=max, global) => FC-2',
  lenet5: readFileSync(join(root, 'examples/lenet5.cnn'), 'utf8'),
  googlenet_head: 'INPUT [32x32x3] => CONV(f=7, k=8, s=2, p=3, bias=no) => BN => RELU => POOL(f=3, s=2, round=ceil) => { CONV(f=1, k=4) | POOL(f=3, s=1, p=1, round=ceil) => CONV(f=1, k=4) } => GAP => FC-5',
  convnext_shuffle: 'INPUT [16x16x3] => CONV(f=4, k=8, s=4, p=0) => LN => { CONV(f=3, k=8, g=8) => LN => CONV(f=1, k=32) => RELU => CONV(f=1, k=8) => SCALE(init=0.5) + ID } => SHUFFLE(g=4) => LAYERNORM(eps=0.01) => FC-3',
  // SegNet-style unpooling, odd sides (ceil and floor pools), a global max pool unpooled
  unpool: 'INPUT [11x9x3] => CONV(f=3, k=4, bias=no) => BN => RELU => a: POOL(f=2, round=ceil) => CONV(f=3, k=4, p=1) => b: POOL(f=3, p=1) => CONV(f=1, k=4) => UNPOOL(@b) => BN => UNPOOL(@a) => g: POOL(global, mode=max) => UNPOOL(@g) => FC-3',
};

const tmp = mkdtempSync(join(tmpdir(), 'cnncalc-roundtrip-'));
const entry = `export { compile, exportPytorch } from './src/index.ts'; export { readNpy } from './src/tensor-io/npy.ts'; export { main } from './src/cli/main.ts';`;
await build({ stdin: { contents: entry, resolveDir: root, loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', outfile: join(tmp, 'lib.mjs'), logLevel: 'warning' });
const lib = await import(pathToFileURL(join(tmp, 'lib.mjs')).href);

let failed = 0;
try {
  for (const [name, source] of Object.entries(NETWORKS)) {
    const dir = join(tmp, name);
    execFileSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'net.cnn'), source);
    writeFileSync(join(dir, 'net.py'), lib.exportPytorch(lib.compile(source).analysis));
    execFileSync(python, [join(here, 'roundtrip.py'), join(dir, 'net.py'), dir], { env: { ...process.env, OMP_NUM_THREADS: '1' } });
    let stderr = '';
    const io = { stdout: () => {}, stderr: (t) => void (stderr += t), stdoutIsTTY: false, stderrIsTTY: false, env: {} };
    const code = await lib.main(['run', join(dir, 'net.cnn'), '--input', join(dir, 'x.npy'), '--output', join(dir, 'y.npy'), '--weights', join(dir, 'w.safetensors')], io);
    if (code !== 0) {
      console.log(`${name}: cnncalc run failed (${code}): ${stderr.trim()}`);
      failed++;
      continue;
    }
    const ours = lib.readNpy(readFileSync(join(dir, 'y.npy'))).data;
    const theirs = lib.readNpy(readFileSync(join(dir, 'y_torch.npy'))).data;
    let scale = 0;
    let worst = 0;
    for (let i = 0; i < theirs.length; i++) {
      scale = Math.max(scale, Math.abs(theirs[i]));
      worst = Math.max(worst, Math.abs(theirs[i] - ours[i]));
    }
    const ok = ours.length === theirs.length && worst <= 1e-4 * Math.max(scale, 1e-30);
    if (!ok) failed++;
    console.log(`${name.padEnd(16)} ${ok ? 'same' : 'DIFFERENT'}: ${theirs.length} outputs, largest |y| ${scale.toExponential(3)}, largest difference ${worst.toExponential(3)}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exitCode = failed > 0 ? 1 : 0;
