// How far the memory budget is today from PyTorch's measured training step, for every fixture in
// test/reference/torch-memory/ (measured by run.mjs):
//
//   node bench/torch-memory/compare.mjs [--markdown]
//
// The prediction is `cnncalc budget FILE --batch B --optimizer O --dtype fp32 --runtime pytorch-cpu
// --format json` (reserve 0): bytes.total set against the process peak (RSS growth), and
// bytes.total - bytes.platform against PyTorch's allocator peak; ratio = predicted / measured, so
// below 1 is an under-estimate. Held-out designs are marked *. The library is bundled from src/ with esbuild, so no build step is needed.

import { build } from 'esbuild';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = join(root, 'test/reference/torch-memory');
const markdown = process.argv.includes('--markdown');

async function loadLibrary() {
  const tmp = mkdtempSync(join(tmpdir(), 'cnncalc-compare-'));
  const outfile = join(tmp, 'cnncalc.mjs');
  try {
    await build({ entryPoints: [join(root, 'src/index.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning' });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const lib = await loadLibrary();
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
const mib = (b) => (b / 2 ** 20).toFixed(1);
const rows = fixtures.map((f) => {
  const analysis = lib.compile(f.network).analysis;
  const model = lib.buildModel(analysis, { dtype: f.dtype, optimizer: f.optimizer, inference: false, reserve: 0, ...lib.runtimeOptions(lib.RUNTIMES['pytorch-cpu']) });
  const { total, platform } = lib.evaluate(model, f.batch).bytes;
  return { f, total, tensors: total - platform, rss: total / f.measured.peakRssGrowth, alloc: (total - platform) / f.measured.allocatorPeak };
});

const header = ['case', 'batch', 'optimizer', 'total MiB', 'RSS peak MiB', 'ratio', 'total - platform MiB', 'allocator MiB', 'ratio'];
const cells = rows.map(({ f, total, tensors, rss, alloc }) => [
  f.name + (f.heldOut ? ' *' : ''), String(f.batch), f.optimizer, mib(total), mib(f.measured.peakRssGrowth), rss.toFixed(3), mib(tensors), mib(f.measured.allocatorPeak), alloc.toFixed(3),
]);
if (markdown) {
  console.log(`| ${header.join(' | ')} |\n|${header.map((_, i) => (i < 3 ? '---' : '---:')).join('|')}|`);
  for (const c of cells) console.log(`| ${c.join(' | ')} |`);
} else {
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((x, i) => (i < 3 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  console.log(line(header));
  for (const c of cells) console.log(line(c));
}

function summary(label, list) {
  if (list.length === 0) return;
  const stats = (key) => {
    const r = list.map((x) => x[key]).sort((a, b) => a - b);
    return `${{ rss: 'RSS', alloc: 'allocator' }[key]} ratio min ${r[0].toFixed(3)}, median ${r[Math.floor(r.length / 2)].toFixed(3)}, max ${r.at(-1).toFixed(3)}, ${r.filter((x) => x < 0.9).length} more than 10% short`;
  };
  console.log(`${label} (${list.length}):\n  ${stats('rss')}\n  ${stats('alloc')}`);
}
console.log('');
summary('all', rows);
summary('examples', rows.filter((r) => r.f.origin.startsWith('examples/')));
summary('generated, fit half', rows.filter((r) => !r.f.origin.startsWith('examples/') && !r.f.heldOut));
summary('generated, held out *', rows.filter((r) => r.f.heldOut));
