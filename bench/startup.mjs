// Start-up and scaling of the CLI, timed as whole processes (run `npm run build` first):
//
//   node bench/startup.mjs [--runs N] [--big-runs N]
//
// Times `node -e 0` (bare Node start-up), `cnncalc table` on examples/vgg16.cnn and on
// examples/efficientnet_v2_s.cnn (511 rows in blocks, the largest of the torchvision examples), and generated
// networks of 100,000 and 200,000 layers written out explicitly, plus the repeat form
// `[CONV3-4 => RELU]*50000` (100,001 layers from one line). Prints the median of each and the
// targets: VGG16 and EfficientNetV2-S / bare start-up <= 1.5x, the 100k-layer file < 2 s, and
// (200k - start-up) / (100k - start-up) <= 2.2 (linear in the number of layers).
// Output goes to /dev/null (as data), so the figures include formatting the table but not a terminal.
// A command that fails is reported as FAILED with its message, and the other figures still print.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeExplicit, writeRepeated } from './gen-network.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin', 'cnncalc.cjs');

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const RUNS = option('--runs', 15);
const BIG_RUNS = option('--big-runs', 5);

/** Wall time of one process in milliseconds; throws if it fails. */
function timeOnce(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${String(result.stderr).slice(0, 500)}`);
  return ms;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One warm-up run of each case (file cache, code cache), then `runs` rounds that time every case
 *  once, in turn: the machine's drift (other work, frequency) then affects all cases alike, which
 *  matters for the ratios. A failing case is reported, not fatal, so that one crash does not hide
 *  the other figures. */
function measureInterleaved(cases, runs) {
  const results = cases.map(({ label }) => ({ label, times: [], failure: undefined }));
  const attempt = (i) => {
    if (results[i].failure) return;
    try {
      return timeOnce(cases[i].args);
    } catch (e) {
      results[i].failure = e.message.split('\n')[0];
    }
  };
  cases.forEach((_, i) => attempt(i));
  for (let r = 0; r < runs; r++) {
    cases.forEach((_, i) => {
      const t = attempt(i);
      if (t !== undefined) results[i].times.push(t);
    });
  }
  return results.map(({ label, times, failure }) =>
    failure
      ? { label, runs: 0, median: NaN, min: NaN, max: NaN, failure }
      : { label, runs: times.length, median: median(times), min: Math.min(...times), max: Math.max(...times) },
  );
}

const dir = mkdtempSync(join(tmpdir(), 'cnncalc-bench-'));
try {
  const files = {
    k100: writeExplicit(join(dir, 'explicit-100k.cnn'), 100_000),
    k200: writeExplicit(join(dir, 'explicit-200k.cnn'), 200_000),
    rep: writeRepeated(join(dir, 'repeat-50000.cnn'), 50_000),
  };
  const rows = [
    ...measureInterleaved(
      [
        { label: 'node -e 0 (bare start-up)', args: ['-e', '0'] },
        { label: 'table examples/vgg16.cnn', args: [cli, 'table', 'examples/vgg16.cnn'] },
        { label: 'table examples/efficientnet_v2_s.cnn', args: [cli, 'table', 'examples/efficientnet_v2_s.cnn'] },
      ],
      RUNS,
    ),
    ...measureInterleaved(
      [
        { label: `table: 100,000 layers written out (${files.k100.kib} KiB)`, args: [cli, 'table', files.k100.path] },
        { label: `table: 200,000 layers written out (${files.k200.kib} KiB)`, args: [cli, 'table', files.k200.path] },
        { label: 'table: [CONV3-4 => RELU]*50000 (100,001 layers)', args: [cli, 'table', files.rep.path] },
        // The same two files as CSV: the same parse and analysis with a simpler formatter, so that
        // the scaling figure exists even when the text table fails.
        { label: 'table --format csv: 100,000 layers', args: [cli, 'table', files.k100.path, '--format', 'csv'] },
        { label: 'table --format csv: 200,000 layers', args: [cli, 'table', files.k200.path, '--format', 'csv'] },
      ],
      BIG_RUNS,
    ),
  ];
  const [bare, vgg, effnet, k100, k200, , csv100, csv200] = rows.map((r) => r.median);

  const width = Math.max(...rows.map((r) => r.label.length));
  const ms = (v) => v.toFixed(1).padStart(9);
  console.log(`${'process'.padEnd(width)}  runs     median        min        max   (ms, Node ${process.version})`);
  for (const r of rows) {
    if (r.failure) console.log(`${r.label.padEnd(width)}  FAILED: ${r.failure}`);
    else console.log(`${r.label.padEnd(width)}  ${String(r.runs).padStart(4)}  ${ms(r.median)}  ${ms(r.min)}  ${ms(r.max)}`);
  }

  const verdict = (ok) => (ok ? 'ok' : 'MISSED');
  const vggRatio = vgg / bare;
  const effnetRatio = effnet / bare;
  const linear = (k200 - bare) / (k100 - bare);
  const linearCsv = (csv200 - bare) / (csv100 - bare);
  console.log('');
  console.log(`VGG16 / bare start-up:                    ${vggRatio.toFixed(2)}x   (target <= 1.5x)  ${verdict(vggRatio <= 1.5)}`);
  console.log(`EfficientNetV2-S / bare start-up:         ${effnetRatio.toFixed(2)}x   (target <= 1.5x)  ${verdict(effnetRatio <= 1.5)}`);
  console.log(`100k layers:                              ${(k100 / 1000).toFixed(2)} s  (target < 2 s)    ${verdict(k100 < 2000)}`);
  console.log(`(200k - start-up) / (100k - start-up):    ${linear.toFixed(2)}    (target <= 2.2)   ${verdict(linear <= 2.2)}`);
  console.log(`  the same with --format csv:             ${linearCsv.toFixed(2)}    (target <= 2.2)   ${verdict(linearCsv <= 2.2)}`);
  console.log(`load average while measuring: ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} CPUs (other work on the machine skews the figures)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
