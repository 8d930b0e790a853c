// Which examples the ONNX tests run, and at which input size: each at its own size when its work
// is small, else at the smallest of a few reduced sizes its layers accept (an FC after a fixed
// spatial size accepts none: such an example runs at its own size if small enough, or not at all).

import { readdirSync } from 'node:fs';
import type { Analysis } from '../../../src/analysis/analyze.js';
import { compile } from '../../../src/api.js';
import { example, ROOT } from '../../helpers.js';

/** About 0.1 s of the reference executor's forward pass, and weights a test builds and encodes in a
 *  fraction of a second. */
const MAX_MACS = 150e6;
const MAX_PARAMS = 12e6;
const SIDES = [32, 48, 64, 96, 128];

export interface ExampleCase {
  readonly file: string;
  readonly side: number | null;
  readonly analysis: Analysis;
}

const fits = (a: Analysis | null): a is Analysis => a !== null && a.totals.macs <= MAX_MACS && a.totals.params <= MAX_PARAMS;

/** The source at a square input of `side` (INPUT [WxHxD] rewritten, or a `side` binding set). */
function atSide(text: string, side: number): Analysis | null {
  const rewritten = text.replace(/INPUT \[(\d+)x(\d+)x(\d+)\]/, (_m, _w, _h, d) => `INPUT [${side}x${side}x${d}]`);
  return compile(rewritten, { set: /\bside\b/.test(text) ? { side } : {} }).analysis;
}

export function exampleCases(): { run: ExampleCase[]; left: string[] } {
  const run: ExampleCase[] = [];
  const left: string[] = [];
  for (const file of readdirSync(`${ROOT}examples`).filter((f) => f.endsWith('.cnn')).sort()) {
    const text = example(file);
    const own = compile(text).analysis;
    if (fits(own)) {
      run.push({ file, side: null, analysis: own });
      continue;
    }
    const side = SIDES.find((s) => fits(atSide(text, s)));
    if (side === undefined) left.push(file);
    else run.push({ file, side, analysis: atSide(text, side)! });
  }
  return { run, left };
}
