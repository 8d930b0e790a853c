// Property (fast-check, seeded): on random small valid networks (random-network.ts), every figure
// the analysis predicts (shapes, parameters, MACs, activation bytes, im2col workspace) equals what the
// executor measured, and so do the memory terms of a training step.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPTIMIZER_NAMES } from '../../src/exec/optim/optimizers.js';
import { verifyAnalysis } from '../../src/exec/verify.js';
import { compileGenerated, randomNetwork } from './random-network.js';

describe('predicted = measured on random networks', () => {
  it('1,000 networks: shapes, parameters, MACs, activation bytes, workspace, and the training step\'s memory', () => {
    let trained = 0;
    fc.assert(
      fc.property(randomNetwork, fc.integer({ min: 1, max: 3 }), fc.nat(100),
        (text, batch, seed) => {
          const analysis = compileGenerated(text);
          const train = seed % 3 === 0;
          if (train) trained++;
          const report = verifyAnalysis(analysis, { batch, seed, train, optimizer: OPTIMIZER_NAMES[seed % OPTIMIZER_NAMES.length]! });
          const bad = [
            ...report.layers.flatMap((l) => Object.entries(l).filter(([, v]) => typeof v === 'object' && !v.ok).map(([k, v]) => `${l.id} ${l.text} ${k}: ${JSON.stringify(v)}`)),
            ...report.memory.filter((m) => !m.ok).map((m) => `${m.term}: ${JSON.stringify(m)}`),
          ];
          if (bad.length) throw new Error(`${text} (batch ${batch}, ${train ? 'train' : 'inference'}):\n${bad.join('\n')}`);
        }),
      { numRuns: 1000, seed: 20261129 },
    );
    expect(trained).toBeGreaterThan(200);
  });
});
