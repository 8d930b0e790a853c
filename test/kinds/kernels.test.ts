// Every kind's kernels through the executor, on every network of its case (cases.ts): the output
// of each layer of that kind, at inference and in training, against its naive reference given that
// layer's input and parameters; and a training step's gradients against central differences.

import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../src/layers/index.js';
import type { LayerKind } from '../../src/layers/types.js';
import { analysisOf } from '../helpers.js';
import { expectClose } from '../exec/naive.js';
import type { KindCase } from './case.js';
import { CASES } from './cases.js';
import { build, checkStepGradients, recordForward } from './harness.js';

const kinds = Object.keys(LAYERS) as LayerKind[];
const caseOf = (kind: LayerKind): KindCase<LayerKind> | undefined => (CASES as Partial<Record<LayerKind, KindCase<LayerKind>>>)[kind];

describe.each(kinds.filter((k) => caseOf(k)))('%s', (kind) => {
  const { networks, naive } = caseOf(kind)!;
  describe.each(networks)('%s', (source) => {
    it.each([false, true])('forward (training: %s) matches the naive reference', (train) => {
      const runs = recordForward(build(analysisOf(source)), kind, train);
      expect(runs.length, `${source} has no ${kind} layer`).toBeGreaterThan(0);
      for (const { layer, call, output } of runs) {
        const want = naive(call);
        expect({ c: want.c, h: want.h, w: want.w }, `layer ${layer.id}'s output dims`).toEqual(layer.out);
        expectClose(output, want.data);
      }
    });
    it('gradients of a training step match central differences', () => checkStepGradients(source, build(analysisOf(source))));
  });
});
