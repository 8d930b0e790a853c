// cnncalc bench's report: a row per layer (its time, share of the step and GFLOP/s), then a summary
// line; or the same as JSON. Formatting only: every figure comes from the BenchResult
// (exec/bench/bench.ts).

import type { BenchResult, LayerBench } from '../exec/bench/bench.js';
import { pathText } from '../util/path-text.js';
import { shapeText, shareText } from './format.js';
import { SCHEMA_VERSION } from './json.js';
import { jsonLines } from './json-lines.js';
import type { Lines } from './lines.js';
import type { Paint } from './plain.js';
import { textTableLines } from './text-table.js';

const fixed = (x: number, digits: number): string => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const microseconds = (ms: number): string => fixed(ms * 1000, 1);
const milliseconds = (ms: number): string => `${fixed(ms, 2)} ms`;
const gflops = (x: number | null): string => (x === null ? '-' : fixed(x, 2));

function layerCells(l: LayerBench, train: boolean): string[] {
  const times = train ? [microseconds(l.forwardMs), microseconds(l.backwardMs!)] : [microseconds(l.forwardMs)];
  return [String(l.id), l.label, shapeText(l.output), ...times, shareText(l.share, 1), gflops(l.gflops)];
}

function summary(r: BenchResult): string {
  const runs = `median ${milliseconds(r.medianMs)}, min ${milliseconds(r.minMs)} of ${r.runs} run${r.runs === 1 ? '' : 's'}`;
  const rate = `${gflops(r.gflops)} GFLOP/s`;
  if (!r.train) return `forward pass: ${runs}; ${rate}`;
  const parts = `forward ${milliseconds(r.forwardMs)}, backward ${milliseconds(r.backwardMs!)}, optimizer ${milliseconds(r.optimizerMs!)}`;
  return `training step (${r.optimizer}): ${runs} (medians: ${parts}); ${rate}`;
}

export function* benchTextLines(r: BenchResult, file: string, chalk: Paint): Generator<string> {
  const what = r.train ? `training steps (${r.optimizer}, learning rate ${r.learningRate})` : 'forward passes';
  const threads = `${r.threads} thread${r.threads === 1 ? '' : 's'}`;
  yield `${pathText(file)}: ${what}, batch ${r.batch}, ${threads}, seed ${r.seed}; medians of ${r.runs} timed after ${r.warmup} warm-up`;
  yield '';
  const times = r.train ? ['forward us', 'backward us'] : ['median us'];
  yield* textTableLines({
    header: ['#', 'layer', 'output', ...times, 'share', 'GFLOP/s'],
    align: ['right', 'left', 'left', ...times.map(() => 'right' as const), 'right', 'right'],
    rows: { count: r.layers.length, cells: (i) => layerCells(r.layers[i]!, r.train) },
  }, chalk);
  yield '';
  yield* textTableLines({
    header: ['kind', 'layers', ...times, 'share'],
    align: ['left', 'right', ...times.map(() => 'right' as const), 'right'],
    rows: r.kinds.map((k) => [k.kind, String(k.layers), microseconds(k.forwardMs), ...(r.train ? [microseconds(k.backwardMs!)] : []), shareText(k.share, 1)]),
  }, chalk);
  yield '';
  yield summary(r);
  yield `GFLOP/s: 2 x the MACs of CONV, LOCAL, CONVT and FC${r.train ? ' (backward: the backward kernels\')' : ''} over the time; element-wise work is not counted.`;
}

/** As JSON lines; the layers are already one object each. */
export function benchJsonLines(r: BenchResult, file: string): Lines {
  return jsonLines({ schemaVersion: SCHEMA_VERSION, file, ...r });
}
