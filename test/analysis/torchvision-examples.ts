// What the tests of the torchvision examples share: torchvision's own figures for a network (made by
// PyTorch's forward hooks, never by cnncalc: test/reference/torchvision/README.md), and an example's
// `let` blocks on an input the test chooses, so one block can be counted by hand on its own.
import { readFileSync } from 'node:fs';
import type { Analysis } from '../../src/analysis/analyze.js';
import type { VerifyReport } from '../../src/exec/verify.js';
import { example, REFERENCE } from '../helpers.js';

export interface ModuleFigures {
  readonly params: number;
  readonly bn_buffers: number;
  readonly macs: number;
}

export interface TorchvisionFigures extends ModuleFigures {
  /** Batch first, PyTorch's NCHW order: [1, 1000] for a classifier. */
  readonly output: readonly number[];
  /** Per module path prefix of depth 1 (stem, stages, head). */
  readonly where_top: Readonly<Record<string, ModuleFigures>>;
  /** Per module path prefix of depth 2 (one block). */
  readonly where: Readonly<Record<string, ModuleFigures>>;
}

export function torchvisionFigures(name: string): TorchvisionFigures {
  return JSON.parse(readFileSync(`${REFERENCE}torchvision/${name}.json`, 'utf8')) as TorchvisionFigures;
}

/** The three figures of an analysis and of torchvision's network or module, to compare in one step. */
export function figures(of: Analysis | ModuleFigures): ModuleFigures {
  if ('totals' in of) return { params: of.totals.params, bn_buffers: of.totals.buffers, macs: of.totals.macs };
  return { params: of.params, bn_buffers: of.bn_buffers, macs: of.macs };
}

/** The example with its INPUT line and everything after it replaced by `network`. */
export function withNetwork(file: string, network: string): string {
  const text = example(file);
  return text.slice(0, text.search(/^INPUT /m)) + network;
}

/** The example at another input side (the same network, a smaller map). */
export function atSide(file: string, side: number): string {
  return example(file).replace(/^INPUT \[\d+x\d+x3\]/m, `INPUT [${side}x${side}x3]`);
}

/** Every failed check of a verify run, so that a failure names its layer. */
export function verifyFailures(r: VerifyReport): string[] {
  const layers = r.layers.flatMap((l) => Object.entries(l).filter(([, v]) => typeof v === 'object' && !v.ok).map(([k]) => `${l.id} ${l.text} ${k}`));
  return [...layers, ...r.memory.filter((m) => !m.ok).map((m) => `${m.term}: ${m.predicted} predicted, ${m.measured} measured`)];
}
