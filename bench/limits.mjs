// The largest network each command handles within a 4 GiB heap, with its time and peak memory
// (run `npm run build` first; Linux, for /usr/bin/time's peak RSS):
//
//   node bench/limits.mjs [--commands table,layers,...] [--heap MiB] [--start N|ceiling] [--precision 0.1]
//                         [--form repeat|explicit] [--timeout SECONDS]
//
// Each command runs as its own process, `node --max-old-space-size=4096 bin/cnncalc.cjs COMMAND
// net.cnn --max-layers N`, on `INPUT [1x1x1] => RELU*(N-1)` (N layers, INPUT included; the repeat
// form, so that the file stays small and the figures are the cost of layers, not of text; --form
// explicit writes one `=> RELU` per line instead). The count doubles from --start (by default the
// CLI's own --max-layers ceiling in this heap, read from its refusal of 10,000,000) until a run fails
// (a V8 heap crash, exit 134, or any exit but 0 and 1) or takes longer than --timeout, then is
// bisected to --precision. Output goes to /dev/null, so the figures include making the report.
// A count above the --max-layers ceiling (cli/layer-limit.ts: one layer per 2 KiB of heap, 2,121,000
// with --max-old-space-size=4096) is refused (exit 2), which the search reports as where the command stops; the figures
// behind the ceiling were measured with a build whose ceiling was 10,000,000. CNNCALC_CLI=path runs
// another build of the CLI. These are figures, not a test: they depend on the machine (README's
// Limits paragraph quotes them).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = process.env.CNNCALC_CLI ?? join(root, 'bin', 'cnncalc.cjs');
const CEILING = 10_000_000; // the search stops there, whatever the CLI accepts

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const COMMANDS = option('--commands', 'table,layers,lint,budget,verify,run').split(',');
const HEAP_MIB = Number(option('--heap', '4096'));
const START_OPTION = option('--start', 'ceiling');
const PRECISION = Number(option('--precision', '0.1'));
const FORM = option('--form', 'repeat');
const TIMEOUT_S = Number(option('--timeout', '600'));

const dir = mkdtempSync(join(tmpdir(), 'cnncalc-limits-'));
const netPath = join(dir, 'net.cnn');
const inputPath = join(dir, 'x.npy');
const outputPath = join(dir, 'y.npy');

/** A float32 .npy of shape [1, 1, 1, 1] holding 1: the input `run` reads. */
function writeInput() {
  let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1, 1), }";
  header += ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
  const prefix = Buffer.alloc(10);
  Buffer.from([0x93, ...Buffer.from('NUMPY'), 1, 0]).copy(prefix);
  prefix.writeUInt16LE(header.length, 8);
  const data = Buffer.alloc(4);
  data.writeFloatLE(1, 0);
  writeFileSync(inputPath, Buffer.concat([prefix, Buffer.from(header, 'latin1'), data]));
}

function writeNetwork(layers) {
  const text = FORM === 'explicit' ? 'INPUT [1x1x1]\n' + '=> RELU\n'.repeat(layers - 1) : `INPUT [1x1x1] => RELU*${layers - 1}\n`;
  writeFileSync(netPath, text);
}

const EXTRA = { table: [], layers: [], lint: [], budget: ['--batch', '1'], verify: [], run: ['--input', inputPath, '--output', outputPath] };

/** One run of `command` on a network of `layers` layers: ok, seconds, peak RSS in MiB, and why not. */
function attempt(command, layers) {
  writeNetwork(layers);
  const args = [process.execPath, `--max-old-space-size=${HEAP_MIB}`, cli, command, netPath, '--max-layers', String(layers), ...EXTRA[command]];
  const timed = existsSync('/usr/bin/time');
  const argv = timed ? ['/usr/bin/time', '-f', 'cnncalc-limits-rss %M', ...args] : args;
  const started = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], timeout: TIMEOUT_S * 1000, maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stderr = String(r.stderr);
  const rss = /cnncalc-limits-rss (\d+)/.exec(stderr);
  const status = r.status ?? (r.signal ? `signal ${r.signal}` : 'none');
  const timedOut = r.error?.code === 'ETIMEDOUT';
  const ok = !timedOut && (r.status === 0 || r.status === 1);
  const why = timedOut ? `over ${TIMEOUT_S} s` : `exit ${status}: ${stderr.replace(/cnncalc-limits-rss \d+\s*/, '').split('\n').find((l) => l.trim()) ?? ''}`.slice(0, 160);
  return { layers, ok, seconds, rssMiB: rss ? Number(rss[1]) / 1024 : null, why };
}

const show = (r) => `${r.layers.toLocaleString('en-US')} layers: ${r.seconds.toFixed(1)} s, peak RSS ${r.rssMiB === null ? '-' : `${Math.round(r.rssMiB).toLocaleString('en-US')} MiB`}`;

/** Doubles until a failure (or the ceiling), then bisects; returns the largest run that worked. */
function largest(command) {
  let good = null;
  let bad = null;
  for (let n = START; n <= CEILING; n = Math.min(CEILING, n * 2)) {
    const r = attempt(command, n);
    console.log(`  ${command} ${r.ok ? 'ok  ' : 'FAIL'} ${show(r)}${r.ok ? '' : ` (${r.why})`}`);
    if (!r.ok) { bad = r; break; }
    good = r;
    if (n === CEILING) break;
  }
  while (bad && good && (bad.layers - good.layers) / good.layers > PRECISION) {
    const r = attempt(command, Math.round((good.layers + bad.layers) / 2));
    console.log(`  ${command} ${r.ok ? 'ok  ' : 'FAIL'} ${show(r)}${r.ok ? '' : ` (${r.why})`}`);
    if (r.ok) good = r;
    else bad = r;
  }
  return { good, bad };
}

/** The CLI's --max-layers ceiling in this heap, from its refusal of 10,000,000 (125,000 if it takes it). */
function cliCeiling() {
  writeNetwork(2);
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MIB}`, cli, 'table', netPath, '--max-layers', String(CEILING)], { encoding: 'utf8' });
  const m = /--max-layers can be at most ([\d,]+)/.exec(r.stderr);
  return m ? Number(m[1].replace(/,/g, '')) : 125_000;
}

console.log(`cnncalc limits: --max-old-space-size=${HEAP_MIB}, ${FORM} form, ${availableParallelism()} cores, node ${process.version}`);
const START = START_OPTION === 'ceiling' ? cliCeiling() : Number(START_OPTION);
console.log(`starting at ${START.toLocaleString('en-US')} layers${START_OPTION === 'ceiling' ? " (the CLI's --max-layers ceiling)" : ''}`);
writeInput();
const summary = [];
for (const command of COMMANDS) summary.push([command, largest(command)]);
console.log('\nlargest network handled (layers, INPUT included):');
for (const [command, { good, bad }] of summary) {
  const limit = good ? show(good) : `none from ${START.toLocaleString('en-US')}`;
  console.log(`  ${command.padEnd(7)} ${limit}${bad ? `; fails at ${bad.layers.toLocaleString('en-US')} (${bad.why})` : `; the search stopped at ${CEILING.toLocaleString('en-US')}`}`);
}
rmSync(dir, { recursive: true, force: true });
